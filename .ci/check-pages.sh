#!/usr/bin/env bash
# Page-quality checks of the generated HTML.
#
# Builds the bundled site (content/) and every fixture site that builds
# (tests/fixtures/*/site.yaml; tests/fixtures/bad/ holds broken inputs on
# purpose), among them the Russian and Latvian sites (tests/fixtures/ru, lv),
# which must build, with the release binary into a temporary folder, then checks
# every .html page with:
#   - the Nu HTML Checker (vnu.jar from the npm package vnu-jar): no error;
#   - html-validate with .htmlvalidate.mjs (recommended + a11y presets): no error;
#   - axe-core in headless Chromium (.ci/axe-check.mjs), WCAG 2.0/2.1 A and AA
#     and WCAG 2.2 AA: no violation;
#   - the layout at 320, 390, 768 and 1280 px (.ci/layout-check.mjs): no page
#     scrolling sideways, no chart text under 10 px, the navigation in view;
#   - printing (.ci/print-check.mjs, needs poppler-utils): every poster one A3
#     landscape page (8 stages or fewer), no journey page printing a blank or
#     nearly blank A4 page.
#   - the search (.ci/search-check.mjs) of the bundled site and of the i18n
#     and ru fixtures, from file:// and from a loopback server under a sub-path.
# Every tool runs even when an earlier one failed; one summary line each, then
# the exit status is non-zero if any tool reported anything.
#
# Needs: cargo, java, node with `npm ci` done, /usr/bin/chromium (or CHROMIUM).
# KEEP_PAGES=1 keeps the built pages and prints where they are.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

VNU_JAR=node_modules/vnu-jar/build/dist/vnu.jar
HTML_VALIDATE=node_modules/.bin/html-validate
for need in "$VNU_JAR" "$HTML_VALIDATE" node_modules/axe-core/axe.min.js node_modules/playwright-core/package.json; do
  if [[ ! -e $need ]]; then
    echo "check-pages: $need is missing: run \`npm ci --ignore-scripts\` first" >&2
    exit 2
  fi
done
command -v java >/dev/null || { echo "check-pages: java is missing" >&2; exit 2; }
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[[ -x $CHROMIUM ]] || { echo "check-pages: $CHROMIUM is missing (apt-get install -y chromium)" >&2; exit 2; }
export CHROMIUM

start=$SECONDS
work=$(mktemp -d "${TMPDIR:-/tmp}/waymark-pages.XXXXXX")
if [[ ${KEEP_PAGES:-} == 1 ]]; then
  echo "check-pages: pages kept in $work"
else
  trap 'rm -rf "$work"' EXIT
fi

echo "== check-pages: building the sites"
cargo build --release --quiet
build_seconds=$((SECONDS - start))
waymark=$ROOT/target/release/waymark

sites=()
build() { # build NAME SITE_DIR
  local out=$work/$1 log=$work/$1.log
  if "$waymark" build "$2" -o "$out" >"$log" 2>&1; then
    sites+=("$out")
    echo "built $2 -> $out"
  else
    echo "skipped $2: it does not build ($(grep -m1 -i 'error' "$log" || tail -n1 "$log"))"
  fi
}
build site-content content
[[ ${#sites[@]} -eq 1 ]] || { echo "check-pages: the bundled site does not build" >&2; cat "$work/site-content.log" >&2; exit 1; }
for yaml in tests/fixtures/*/site.yaml; do
  [[ -e $yaml ]] || continue
  dir=${yaml%/site.yaml}
  name=${dir#tests/fixtures/}
  [[ $name == bad ]] && continue
  build "fixture-$name" "$dir"
done
# The pages in other languages are checked as the English ones are.
for language in ru lv; do
  [[ -d $work/fixture-$language ]] || { echo "check-pages: tests/fixtures/$language does not build" >&2; cat "$work/fixture-$language.log" >&2; exit 1; }
done

pages=()
while IFS= read -r -d '' f; do pages+=("$f"); done < <(find "${sites[@]}" -type f -name '*.html' -print0 | sort -z)
echo "checking ${#pages[@]} pages of ${#sites[@]} sites"
[[ ${#pages[@]} -gt 0 ]] || { echo "check-pages: no page was built" >&2; exit 1; }

summary=()
failed=0

# How many different pages a tool's output names.
pages_named() { grep -oE "$work/[^\":]+\.html" "$1" | sort -u | wc -l; }

echo "== Nu HTML Checker"
t=$SECONDS
vnu_out=$work/vnu.txt
vnu_status=0
java -jar "$VNU_JAR" --errors-only --skip-non-html "${sites[@]}" >"$vnu_out" 2>&1 || vnu_status=$?
cat "$vnu_out"
vnu_errors=$(grep -c ': error:' "$vnu_out" || true)
if [[ $vnu_status -ne 0 || $vnu_errors -ne 0 ]]; then
  failed=1
  [[ $vnu_errors -ne 0 ]] || vnu_errors="? (exit status $vnu_status)"
  summary+=("Nu HTML Checker: FAIL, $vnu_errors error(s) on $(pages_named "$vnu_out") of ${#pages[@]} page(s) ($((SECONDS - t)) s)")
else
  summary+=("Nu HTML Checker: ok, 0 errors on ${#pages[@]} page(s) ($((SECONDS - t)) s)")
fi

echo "== html-validate"
t=$SECONDS
hv_out=$work/html-validate.txt
hv_status=0
"$HTML_VALIDATE" --config "$ROOT/.htmlvalidate.mjs" --formatter text "${pages[@]}" >"$hv_out" 2>&1 || hv_status=$?
cat "$hv_out"
hv_errors=$(grep -cE ':[0-9]+:[0-9]+: error ' "$hv_out" || true)
if [[ $hv_status -ne 0 || $hv_errors -ne 0 ]]; then
  failed=1
  [[ $hv_errors -ne 0 ]] || hv_errors="? (exit status $hv_status)"
  rules=$(grep -oE ' error \[[a-z0-9-]+\]' "$hv_out" | sort | uniq -c | awk '{printf "%s%s×%s", (NR>1?", ":""), substr($3,2,length($3)-2), $1}')
  summary+=("html-validate: FAIL, $hv_errors error(s) on $(pages_named "$hv_out") of ${#pages[@]} page(s)${rules:+ [$rules]} ($((SECONDS - t)) s)")
else
  summary+=("html-validate: ok, 0 errors on ${#pages[@]} page(s) ($((SECONDS - t)) s)")
fi

echo "== axe-core"
t=$SECONDS
axe_out=$work/axe.txt
axe_status=0
node .ci/axe-check.mjs "${sites[@]}" >"$axe_out" 2>&1 || axe_status=$?
cat "$axe_out"
axe_line=$(grep -E '^axe-core: ' "$axe_out" | tail -n1 || true)
if [[ $axe_status -ne 0 ]]; then
  failed=1
  if [[ -n $axe_line ]]; then
    summary+=("axe-core: FAIL, ${axe_line#axe-core: } ($((SECONDS - t)) s)")
  else
    summary+=("axe-core: FAIL, the check did not run (exit status $axe_status)")
  fi
else
  summary+=("axe-core: ok, ${axe_line#axe-core: } ($((SECONDS - t)) s)")
fi

# The browser checks that print one summary line each: layout, print.
for check in layout print; do
  echo "== $check check"
  t=$SECONDS
  out=$work/$check.txt
  status=0
  node ".ci/$check-check.mjs" "${sites[@]}" >"$out" 2>&1 || status=$?
  cat "$out"
  line=$(grep -E "^$check: " "$out" | tail -n1 || true)
  if [[ $status -ne 0 ]]; then
    failed=1
    summary+=("$check check: FAIL, ${line:-the check did not run (exit status $status)} ($((SECONDS - t)) s)")
  else
    summary+=("$check check: ok, ${line#"$check": } ($((SECONDS - t)) s)")
  fi
done
echo "== search"
t=$SECONDS
search_out=$work/search.txt
search_status=0
search_sites=("content=$work/site-content")
[[ -d $work/fixture-i18n ]] && search_sites+=("i18n=$work/fixture-i18n")
[[ -d $work/fixture-ru ]] && search_sites+=("ru=$work/fixture-ru")
node .ci/search-check.mjs "${search_sites[@]}" >"$search_out" 2>&1 || search_status=$?
cat "$search_out"
search_line=$(grep -E '^search-check: ' "$search_out" | tail -n1 || true)
if [[ $search_status -ne 0 ]]; then
  failed=1
  summary+=("search: FAIL, ${search_line#search-check: } ($((SECONDS - t)) s)")
else
  summary+=("search: ok, ${search_line#search-check: } ($((SECONDS - t)) s)")
fi

echo "== check-pages summary ($((SECONDS - start)) s in all, $build_seconds s of it cargo build)"
printf '%s\n' "${summary[@]}"
exit "$failed"
