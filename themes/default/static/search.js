/* waymark search: queries the index under search/ that the build wrote. Classic script,
   no dependency: the index files are scripts too, loaded by <script> elements, so it works
   from file:// as well as from any host and sub-path.

   Each <form data-search> is a search box. With data-results="ID" it drives the results
   element of that id (search.html); without, it shows a short list of results under the box.
   Its words come from its data-* attributes (data-label-<kind>, data-count-<plural>,
   data-none, data-more, data-all, data-failed), else from the manifest's labels (the
   site's language), else English.
   Folding must stay as src/search/fold.rs does it. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) return;
  var base = new URL("../", me.src).href;
  var root = me.getAttribute("data-root");
  if (root === null) root = base;
  var S = window.waymarkSearch = { lists: {}, rows: {}, fold: fold, terms: terms, words: words, stem: stem };
  var M = null, stops = null, loaded = {}, keys = [], boxes = 0;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu, TEXT = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  /* A prefix whose word lists, not loaded yet, pass this many bytes is matched as a whole
     word until it is longer; the kinds that are pages of their own, not parts of a journey. */
  var PREFIX_BYTES = 120000, OWN_PAGE = { persona: 1, journey: 1, narrative: 1 };
  var ENGLISH = {
    "label-persona": "Personas", "label-journey": "Journeys", "label-stage": "Stages",
    "label-pain-point": "Pain points", "label-opportunity": "Opportunities",
    "label-feedback": "Feedback", "label-narrative": "Narratives",
    "count-one": "{count} result", "count-other": "{count} results",
    none: "No results for “{query}”", more: "Show all {count}", all: "All results for “{query}”",
    failed: "The search index could not be loaded."
  };

  S.init = function (m) { M = m; S.labels = m.labels || {}; stops = new Set(m.stop); keys = Object.keys(m.shards); };
  S.add = function (prefix, lists) { S.lists[prefix] = lists; };
  S.docs = function (n, pages, rows) { S.rows[n] = { pages: pages, rows: rows }; };

  function load(name) {
    if (!loaded[name]) loaded[name] = new Promise(function (ok, fail) {
      var s = document.createElement("script");
      s.src = base + "search/" + name + ".js";
      s.onload = ok;
      s.onerror = function () { delete loaded[name]; fail(new Error(name)); };
      document.head.appendChild(s);
    });
    return loaded[name];
  }

  function fold(text) { return text.toLowerCase().normalize("NFD").replace(/\p{M}/gu, ""); }
  function cut(word) {
    var chars = Array.from(word);
    return M && chars.length > M.maxWord ? chars.slice(0, M.maxWord).join("") : word;
  }
  function words(text) { return (fold(text).match(WORD) || []).map(cut); }
  function stem(word) {
    var n = Array.from(word).length;
    for (var i = 0; i < M.endings.length; i++) {
      var e = M.endings[i];
      if (n - Array.from(e).length >= M.minStem && word.endsWith(e)) return word.slice(0, -e.length);
    }
    return null;
  }

  /* The query's words: the last one, while it is being typed, also as a prefix. */
  function terms(query) {
    var list = words(query), open = /[\p{Alphabetic}\p{N}\p{M}]$/u.test(query);
    return list.map(function (w, i) {
      return { word: w, prefix: open && i === list.length - 1 && Array.from(w).length > 1 };
    }).filter(function (t) { return t.prefix || !stops.has(t.word); });
  }

  /* The shards that may hold `word` exactly, or every word starting with it. */
  function shardsFor(word, prefix) {
    var found = [], longest = null;
    keys.forEach(function (k) {
      if (word.startsWith(k) && (longest === null || k.length > longest.length)) longest = k;
      else if (prefix && k.startsWith(word) && k !== word) found.push(k);
    });
    if (longest !== null) found.push(longest);
    return found;
  }

  /* The ids of a word list as the build writes them (src/search/postings.rs): digits from
     "]" carry a number on in base 34, a digit from "#" to "[" ends it in base 57, and each
     number is the distance from the id before, less one. Decoded once per word. */
  var decoded = new Map();
  function ids(shard, word) {
    var key = shard + "\u0000" + word, found = decoded.get(key);
    if (found) return found;
    var list = S.lists[shard][word], out = new Int32Array(list.length), n = 0, high = 0, id = -1;
    for (var i = 0; i < list.length; i++) {
      var c = list.charCodeAt(i);
      if (c >= 93) high = high * 34 + c - 93;
      else { id += high * 57 + c - 34; out[n++] = id; high = 0; }
    }
    found = out.subarray(0, n);
    decoded.set(key, found);
    return found;
  }

  /* The first place in the ascending `list`, from `at` on, whose id is `id` or more. */
  function seek(list, id, at) {
    var step = 1, hi = at;
    while (hi < list.length && list[hi] < id) { at = hi + 1; hi += step; step *= 2; }
    if (hi > list.length) hi = list.length;
    while (at < hi) { var mid = (at + hi) >> 1; if (list[mid] < id) at = mid + 1; else hi = mid; }
    return at;
  }

  /* Documents as ascending ids and a score for each. */
  function hits(ids, scores) { return { ids: ids, scores: scores }; }

  /* The documents of several word lists, each with the best score any list gives it. */
  function union(parts) {
    if (parts.length === 1) return hits(parts[0][0], new Uint16Array(parts[0][0].length).fill(parts[0][1]));
    var total = parts.reduce(function (n, p) { return n + p[0].length; }, 0), keys = new Float64Array(total), k = 0;
    parts.forEach(function (p) { for (var i = 0; i < p[0].length; i++) keys[k++] = p[0][i] * 4 + 3 - p[1]; });
    keys.sort();
    var ids = new Int32Array(total), scores = new Uint16Array(total), n = 0;
    for (var i = 0; i < total; i++) {
      var id = Math.floor(keys[i] / 4);
      if (n && ids[n - 1] === id) continue;
      ids[n] = id; scores[n] = 3 - (keys[i] - id * 4); n++;
    }
    return hits(ids.subarray(0, n), scores.subarray(0, n));
  }

  /* The documents in both `a` and `b`, their scores added; `a` the shorter. */
  function intersect(a, b) {
    var ids = new Int32Array(a.ids.length), scores = new Uint16Array(a.ids.length), n = 0, j = 0;
    for (var i = 0; i < a.ids.length && j < b.ids.length; i++) {
      j = seek(b.ids, a.ids[i], j);
      if (b.ids[j] === a.ids[i]) { ids[n] = a.ids[i]; scores[n] = a.scores[i] + b.scores[j]; n++; }
    }
    return hits(ids.subarray(0, n), scores.subarray(0, n));
  }

  /* The documents of one term: the word itself scores 3, a longer word it starts 2; when
     neither finds anything, words starting with its stem score 1. */
  function match(term) {
    var parts = [];
    function scan(prefix, exact, partial) {
      var shards = shardsFor(prefix, partial > 0);
      var cost = shards.reduce(function (n, k) { return n + (loaded[M.shards[k][0]] ? 0 : M.shards[k][1]); }, 0);
      if (partial && cost > PREFIX_BYTES) { partial = 0; shards = shardsFor(prefix, false); }
      return Promise.all(shards.map(function (k) { return load(M.shards[k][0]); })).then(function () {
        shards.forEach(function (k) {
          var list = S.lists[k];
          if (Object.prototype.hasOwnProperty.call(list, prefix)) parts.push([ids(k, prefix), exact]);
          if (partial) for (var w in list) if (w !== prefix && w.startsWith(prefix)) parts.push([ids(k, w), partial]);
        });
      });
    }
    var first = term.prefix ? scan(term.word, 3, 2) : scan(term.word, 3, 0);
    return first.then(function () {
      var s = parts.length ? null : stem(term.word);
      return s ? scan(s, 1, 1) : null;
    }).then(function () { return parts.length ? union(parts) : hits(new Int32Array(0), new Uint16Array(0)); });
  }

  function kindOf(id) {
    var kind = M.kinds[0];
    M.kinds.forEach(function (k) { if (id >= k[1]) kind = k; });
    return kind;
  }
  function chunkOf(id) {
    var lo = 0, hi = M.chunks.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (M.chunks[mid] <= id) lo = mid; else hi = mid - 1; }
    return lo;
  }
  /* A document as [title, url, journey, stage, snippet]; a text field that is a number is
     that field of the row of that number in the same chunk. */
  function row(id) {
    var c = chunkOf(id), chunk = S.rows[c], r = chunk.rows[id - M.chunks[c]];
    function text(i) { var v = r[i]; return (typeof v === "number" ? chunk.rows[v][i] : v) || ""; }
    var page = chunk.pages[r[1]], kind = kindOf(id), anchor = text(2) || kind[2];
    return [text(0), page[0] + (anchor ? "#" + anchor : ""), OWN_PAGE[kind[0]] ? "" : page[1] || "", text(3), text(4)];
  }
  function rows(list) {
    var chunks = new Set(list.map(chunkOf));
    return Promise.all(Array.from(chunks, function (c) { return load("d-" + c); }));
  }

  /* The ids of `found` from `from` to `to`, best score first, then in id order. */
  function ranked(found, from, to) {
    var top = 0, i;
    for (i = from; i < to; i++) if (found.scores[i] > top) top = found.scores[i];
    var at = new Int32Array(top + 2), out = new Array(to - from);
    for (i = from; i < to; i++) at[top - found.scores[i] + 1]++;
    for (i = 1; i < at.length; i++) at[i] += at[i - 1];
    for (i = from; i < to; i++) out[at[top - found.scores[i]]++] = found.ids[i];
    return out;
  }

  /* Every hit of `query`, all its terms matched, grouped by kind, best first. */
  function search(query) {
    return load("index").then(function () {
      if (!M || M.version !== 2) throw new Error("index format");
      var ts = terms(query);
      if (!ts.length) return null;
      return Promise.all(ts.map(match)).then(function (found) {
        found.sort(function (a, b) { return a.ids.length - b.ids.length; });
        var all = found.reduce(function (a, b) { return intersect(a, b); });
        var out = { terms: ts, total: all.ids.length, groups: [] };
        M.kinds.forEach(function (k, n) {
          var from = seek(all.ids, k[1], 0);
          var to = n + 1 < M.kinds.length ? seek(all.ids, M.kinds[n + 1][1], from) : all.ids.length;
          if (to > from) out.groups.push({ kind: k[0], ids: ranked(all, from, to) });
        });
        return out;
      });
    });
  }
  S.search = search;

  function matches(word, ts) {
    return ts.some(function (t) {
      if (word === t.word || (t.prefix && word.startsWith(t.word))) return true;
      var s = stem(t.word);
      return s !== null && word.startsWith(s);
    });
  }

  /* `text` with the words that match `ts` in <mark>; a long text is cut around the first. */
  function marked(text, ts, limit) {
    var parts = [], last = 0, first = -1, m;
    TEXT.lastIndex = 0;
    while ((m = TEXT.exec(text))) {
      if (!words(m[0]).some(function (w) { return matches(w, ts); })) continue;
      if (first < 0) first = m.index;
      parts.push([text.slice(last, m.index), m[0]]);
      last = m.index + m[0].length;
    }
    parts.push([text.slice(last), ""]);
    var from = 0, to = text.length;
    if (limit && text.length > limit) {
      from = Math.max(0, first - limit / 3);
      if (from > 0) from = text.indexOf(" ", from) + 1;
      to = from + limit;
      var space = text.lastIndexOf(" ", to);
      if (space > from) to = space;
    }
    var out = document.createDocumentFragment(), at = 0;
    if (from > 0) out.append("…");
    parts.forEach(function (p) {
      var plain = p[0].slice(Math.max(0, from - at), Math.max(0, to - at));
      at += p[0].length;
      out.append(plain);
      if (p[1] && at >= from && at < to) {
        var mark = document.createElement("mark");
        mark.textContent = p[1];
        out.append(mark);
      }
      at += p[1].length;
    });
    if (to < text.length) out.append("…");
    return out;
  }

  /* A word of the results: the form's data-<key>, else the manifest's, else English. */
  function word(form, key) {
    return form.getAttribute("data-" + key) || (S.labels && S.labels[key]) || ENGLISH[key];
  }
  function say(form, key, values) {
    var text = word(form, key) || "";
    return text.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }
  function counted(form, n) {
    var rule = "other";
    try { rule = new Intl.PluralRules(document.documentElement.lang || "en").select(n); } catch (e) { /* keep "other" */ }
    var key = word(form, "count-" + rule) ? "count-" + rule : "count-other";
    return say(form, key, { count: n });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  /* One group of hits: a heading, the first `limit` hits, a button for the rest. */
  function group(form, g, ts, limit, level) {
    var box = el("section", "search-group");
    var id = form.id + "-" + g.kind;
    var h = el("h" + level, null, say(form, "label-" + g.kind, {}) + " (" + g.ids.length + ")");
    h.id = id;
    box.setAttribute("aria-labelledby", id);
    var list = el("ol", "search-hits");
    box.append(h, list);
    function show(upto) {
      var slice = g.ids.slice(list.children.length, upto);
      return rows(slice).then(function () {
        slice.forEach(function (docId) {
          var r = row(docId), li = el("li"), a = el("a");
          a.href = root + r[1];
          a.append(marked(r[0], ts, 200));
          li.append(a);
          var where = [r[2], r[3]].filter(Boolean).join(" › ");
          if (where) li.append(el("span", "search-where", where));
          if (r[4]) { var p = el("p", "search-snippet"); p.append(marked(r[4], ts, 160)); li.append(p); }
          list.append(li);
        });
      });
    }
    return show(limit).then(function () {
      if (g.ids.length > limit) {
        var more = el("button", "search-more", say(form, "more", { count: g.ids.length }));
        more.type = "button";
        more.addEventListener("click", function () {
          var next = list.children.length;
          show(g.ids.length).then(function () {
            more.remove();
            var a = list.children[next] && list.children[next].querySelector("a");
            if (a) a.focus();
          });
        });
        box.append(more);
      }
      return box;
    });
  }

  function links(out) { return Array.from(out.querySelectorAll(".search-hits a, .search-all-link")); }

  function widget(form) {
    var input = form.querySelector("input[type=search], input[name=q]");
    if (!input) return;
    var page = form.getAttribute("data-results");
    var out = page ? document.getElementById(page) : el("div", "search-panel");
    if (!out) return;
    if (!form.id) form.id = "search-box-" + ++boxes;
    var status = out.querySelector("[role=status]");
    if (!status) { status = el("p", "search-status"); status.setAttribute("role", "status"); out.append(status); }
    var results = el("div", "search-groups");
    out.append(results);
    if (!page) { out.hidden = true; form.append(out); }
    var limit = page ? 10 : 4, level = page ? 2 : 3, seq = 0;
    var fallback = page && document.getElementById(form.getAttribute("data-hide") || "");

    function close() { if (!page) out.hidden = true; }
    function run() {
      var query = input.value, mine = ++seq;
      if (!query.trim()) {
        results.replaceChildren(); status.textContent = "";
        if (fallback) fallback.hidden = false;
        close();
        return;
      }
      search(query).then(function (found) {
        if (mine !== seq) return;
        if (!found || !found.total) {
          results.replaceChildren();
          status.textContent = say(form, "none", { query: query.trim() });
          return;
        }
        return Promise.all(found.groups.map(function (g) { return group(form, g, found.terms, limit, level); }))
          .then(function (boxes) {
            if (mine !== seq) return;
            results.replaceChildren.apply(results, boxes);
            if (!page) {
              var all = el("a", "search-all-link", say(form, "all", { query: query.trim() }));
              all.href = form.getAttribute("action") + "?q=" + encodeURIComponent(query);
              results.append(all);
            }
            status.textContent = counted(form, found.total);
          });
      }).then(function () {
        if (mine !== seq) return;
        if (fallback) fallback.hidden = true;
        if (!page) out.hidden = false;
      }, function () {
        if (mine === seq) { status.textContent = say(form, "failed", {}); out.hidden = false; }
      });
    }

    /* Arrows move through the input and the result links, Escape closes the list (or,
       in the box, clears it), Enter follows a link as links do. */
    function keys(e) {
      var list = links(out), at = list.indexOf(document.activeElement);
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!list.length || out.hidden || (at < 0 && e.target !== input)) return;
        e.preventDefault();
        var next = at < 0 ? (e.key === "ArrowDown" ? 0 : list.length - 1) : at + (e.key === "ArrowDown" ? 1 : -1);
        if (next < 0 || next >= list.length) input.focus(); else list[next].focus();
      } else if (e.key === "Escape") {
        if (e.target === input && (page || out.hidden)) { input.value = ""; run(); }
        close();
        input.focus();
      }
    }
    /* Every keystroke searches at once: a search whose query has changed since does not
       show its results, so fast typing costs nothing but the work thrown away. */
    input.addEventListener("input", run);
    input.addEventListener("focus", function () { load("index").catch(function () {}); });
    form.addEventListener("keydown", keys);
    if (page) out.addEventListener("keydown", keys);
    form.addEventListener("focusout", function (e) {
      if (!page && !form.contains(e.relatedTarget)) close();
    });
    if (page) {
      form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
      var q = new URLSearchParams(location.search).get("q");
      if (q) { input.value = q; run(); }
    }
  }

  function start() { document.querySelectorAll("form[data-search]").forEach(widget); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
