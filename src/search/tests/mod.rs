//! The index as the search script reads it: what each kind of document is found by and
//! what its result shows, the files' format, and that the same site gives the same bytes.

mod fold;
mod format;

use super::docs::{self, Kind};
use super::fold::fold;
use super::*;
use crate::analysis::testutil::{self, journey, opp, pain, stage, touchpoint};
use crate::model::{Level, Severity, Status};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// A sink that keeps every file in memory.
#[derive(Default)]
struct Memory(Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for Memory {
    fn write(&self, path: &str, contents: &[u8]) -> io::Result<()> {
        let previous = self
            .0
            .lock()
            .unwrap()
            .insert(path.into(), contents.to_vec());
        assert!(previous.is_none(), "{path} written twice");
        Ok(())
    }
    fn write_streamed(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write(path, &bytes)
    }
}

impl Memory {
    fn files(self) -> BTreeMap<String, Vec<u8>> {
        self.0.into_inner().unwrap()
    }
}

/// The JSON that an index script hands to `waymarkSearch.<call>(`.
fn payload(bytes: &[u8], call: &str) -> serde_json::Value {
    let text = std::str::from_utf8(bytes).unwrap();
    let inner = text
        .strip_prefix(&format!("waymarkSearch.{call}("))
        .and_then(|t| t.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("not a {call} script: {text:.80}"));
    serde_json::from_str(&format!("[{inner}]")).unwrap()
}

fn sample_site() -> crate::model::Site {
    let mut buying = stage("awareness", Some(-1));
    buying.name = "Problem recognition".into();
    buying.goal = "Understand why the air feels dry".into();
    buying.actions = vec!["Searches \"dry air at home\"".into()];
    buying.thoughts = vec!["Почему воздух такой сухой?".into()];
    buying.touchpoints = vec![touchpoint("Humidity guide", "blog")];
    buying.pain_points = vec![
        pain(None, "Hidden fees appear late", Severity::High),
        pain(None, "Few trustworthy explanations", Severity::Critical),
    ];
    buying.opportunities = vec![opp(
        "Publish a humidity guide",
        Level::High,
        Level::Low,
        Status::Planned,
        &[],
    )];
    let mut later = stage("pirkums", None);
    later.name = "Pirkuma ceļš".into();
    later.goal = "Atrast labāko ceļu uz veikalu".into();
    let mut first = journey("buying", vec![buying]);
    first.front.title = "Buying a humidifier online".into();
    first.front.scenario = "Dry winter air at home".into();
    first.body_html =
        "<p>Research <em>n</em>otes &amp; quotes.</p><ul><li>Покупка</li></ul>".into();
    let mut second = journey("latvian", vec![later]);
    second.front.title = "Ceļojums uz veikalu".into();
    testutil::site(vec![first, second], vec![])
}

fn built(site: &crate::model::Site) -> BTreeMap<String, Vec<u8>> {
    let analysis = crate::analysis::analyse(site);
    let sink = Memory::default();
    let written = write_index(site, &analysis, &Labels::new(), &sink).unwrap();
    let files = sink.files();
    assert_eq!(written, files.len());
    files
}

/// The documents that hold the folded `word`, found as the search script finds them (the
/// shard of the longest prefix, then the chunks), each as `[title, url, journey, stage,
/// snippet]`.
fn lookup(files: &BTreeMap<String, Vec<u8>>, word: &str) -> Vec<serde_json::Value> {
    let manifest = &payload(&files["search/index.js"], "init")[0];
    let shard = manifest["shards"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(prefix, _)| word.starts_with(prefix.as_str()))
        .max_by_key(|(prefix, _)| prefix.len());
    let Some((_, name)) = shard else {
        return Vec::new();
    };
    let shard = payload(
        &files[&format!("search/{}.js", name[0].as_str().unwrap())],
        "add",
    );
    let Some(list) = shard[1][word].as_str() else {
        return Vec::new();
    };
    let chunks: Vec<u64> = manifest["chunks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap())
        .collect();
    let kinds = manifest["kinds"].as_array().unwrap();
    format::read_ids(list)
        .unwrap_or_else(|| panic!("{word}: {list:?} is not a list of ids"))
        .into_iter()
        .map(|id| {
            let id = u64::from(id);
            let chunk = chunks.partition_point(|&start| start <= id) - 1;
            let data = payload(&files[&format!("search/d-{chunk}.js")], "docs");
            let rows = data[2].as_array().unwrap();
            let row = &rows[(id - chunks[chunk]) as usize];
            let page = &data[1][row[1].as_u64().unwrap() as usize];
            let kind = kinds
                .iter()
                .rfind(|k| k[1].as_u64().unwrap() <= id)
                .unwrap();
            // A number in a text field is that field of an earlier row, which has the text.
            let field = |n: usize| match &row.get(n) {
                Some(serde_json::Value::Number(said)) => {
                    let said = &rows[said.as_u64().unwrap() as usize][n];
                    said.as_str().expect("a row said it").to_string()
                }
                Some(text) => text.as_str().unwrap_or("").to_string(),
                None => String::new(),
            };
            let anchor = match field(2) {
                own if !own.is_empty() => own,
                _ => kind[2].as_str().unwrap().to_string(),
            };
            let mut url = page[0].as_str().unwrap().to_string();
            if !anchor.is_empty() {
                url = format!("{url}#{anchor}");
            }
            let journey = page.get(1).and_then(|j| j.as_str()).unwrap_or("");
            serde_json::json!([field(0), url, journey, field(3), field(4)])
        })
        .collect()
}

#[test]
fn every_kind_is_found_with_its_page_section_and_journey() {
    let files = built(&sample_site());
    let row = |word: &str, kind_url: &str| {
        let rows = lookup(&files, &fold(word));
        rows.into_iter()
            .find(|r| r[1].as_str().unwrap().contains(kind_url))
            .unwrap_or_else(|| panic!("{word} does not find {kind_url}"))
    };
    assert_eq!(row("Anna", "personas/anna.html")[0], "Anna");
    assert_eq!(
        row("humidifier", "journeys/buying.html")[0],
        "Buying a humidifier online"
    );
    let stage = row("ВОЗДУХ", "#stage-awareness");
    assert_eq!(stage[0], "Problem recognition");
    assert_eq!(stage[2], "Buying a humidifier online");
    let pain = row("FEES", "#pain-points");
    assert_eq!(pain[0], "Hidden fees appear late");
    assert_eq!(pain[3], "Problem recognition");
    assert_eq!(
        row("publish", "#opportunities")[0],
        "Publish a humidity guide"
    );
    assert_eq!(
        row("notes", "#narrative")[4],
        "Research notes & quotes. Покупка"
    );
    assert_eq!(row("celu", "latvian.html#stage-pirkums")[0], "Pirkuma ceļš");
    assert_eq!(
        row("ceļš", "latvian.html#stage-pirkums")[2],
        "Ceļojums uz veikalu"
    );
    // Stop words are not indexed; the guide's touchpoint and channel are.
    assert!(lookup(&files, "the").is_empty());
    row("blog", "#stage-awareness");
}

#[test]
fn pain_points_come_most_severe_first() {
    let files = built(&sample_site());
    let manifest = &payload(&files["search/index.js"], "init")[0];
    let kinds = manifest["kinds"].as_array().unwrap();
    let start = |name: &str| {
        kinds.iter().find(|k| k[0] == name).unwrap()[1]
            .as_u64()
            .unwrap() as usize
    };
    let rows = payload(&files["search/d-0.js"], "docs");
    let pains = &rows[2].as_array().unwrap()[start("pain-point")..start("opportunity")];
    assert_eq!(pains[0][0], "Few trustworthy explanations");
    assert_eq!(pains[1][0], "Hidden fees appear late");
    assert_eq!(
        manifest["docs"].as_u64().unwrap() as usize,
        rows[2].as_array().unwrap().len()
    );
}

fn id(text: &str) -> crate::model::Id {
    crate::model::Id::try_from(text.to_string()).unwrap()
}

/// A verbatim kept to quote, as the feedback reader keeps it.
fn quote(text: &str) -> crate::model::Verbatim {
    crate::model::Verbatim {
        id: None,
        date: crate::metrics::parse_period("2026-05").unwrap(),
        rating: Some(2.0),
        scale: Default::default(),
        source: None,
        text: text.into(),
        score: Some(0.25),
        order: (0, 0),
    }
}

#[test]
fn verbatims_are_found_at_the_stage_of_their_journey() {
    let mut site = sample_site();
    let mut feedback = |journey: &str, stage: &str, text: &str| {
        let entry: &mut crate::model::JourneyFeedback =
            site.feedback.entry(id(journey)).or_default();
        entry
            .stages
            .entry(id(stage))
            .or_default()
            .offer(quote(text));
    };
    feedback("latvian", "pirkums", "Piegāde bija ātra");
    feedback("buying", "awareness", "Delivery was quick, call [phone]");
    feedback("nowhere", "awareness", "Lost verbatim");
    feedback("buying", "nowhere", "Lost verbatim");
    let files = built(&site);
    let quick = lookup(&files, "quick");
    assert_eq!(quick.len(), 1);
    assert_eq!(quick[0][0], "Delivery was quick, call [phone]");
    assert_eq!(quick[0][1], "journeys/buying.html#stage-awareness");
    assert_eq!(quick[0][3], "Problem recognition");
    assert_eq!(lookup(&files, "piegade")[0][2], "Ceļojums uz veikalu");
    assert!(lookup(&files, "lost").is_empty());
}

#[test]
fn the_manifest_carries_the_words_of_the_sites_language() {
    let site = sample_site();
    let analysis = crate::analysis::analyse(&site);
    let russian = crate::render::i18n::Locale::builtin("ru").unwrap();
    let sink = Memory::default();
    write_index(&site, &analysis, &labels(&russian), &sink).unwrap();
    let manifest = &payload(&sink.files()["search/index.js"], "init")[0];
    let words = manifest["labels"].as_object().unwrap();
    // Every plural form Russian uses, each with the count left for the script to fill.
    for category in ["one", "few", "many", "other"] {
        let text = words[&format!("count-{category}")].as_str().unwrap();
        assert!(text.contains("{count}"), "{category}: {text}");
    }
    assert_ne!(words["count-one"], words["count-many"]);
    assert!(words["none"].as_str().unwrap().contains("{query}"));
    for kind in Kind::ALL {
        let label = words[&format!("label-{}", kind.name())].as_str().unwrap();
        assert!(
            label
                .chars()
                .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap())),
            "{label}"
        );
    }
    let english = labels(&crate::render::i18n::Locale::builtin("en").unwrap());
    assert_eq!(english["label-pain-point"], "Pain points");
    assert!(!english.contains_key("count-few"));
}

#[test]
fn search_false_writes_nothing() {
    let mut site = sample_site();
    site.config.search = false;
    assert!(built(&site).is_empty());
}

/// A site of `count` journeys of eight stages, each with a pain point whose text seven
/// journeys share: enough documents for several runs of the parallel indexer and many
/// chunks.
fn large_site(count: usize) -> crate::model::Site {
    let mut journeys = Vec::new();
    for n in 0..count {
        let mut stages = Vec::new();
        for s in 0..8 {
            let mut st = stage(&format!("s{s}"), None);
            st.name = format!("Stage {s}").into();
            st.goal = format!("Goal {n} of stage {s}: ceļš {}", n * s);
            st.pain_points = vec![pain(
                None,
                &format!("Pain {} апельсин", n % 7),
                Severity::Low,
            )];
            stages.push(st);
        }
        journeys.push(journey(&format!("j{n:04}"), stages));
    }
    testutil::site(journeys, vec![])
}

#[test]
fn the_index_is_byte_identical_across_builds_and_thread_counts() {
    let site = large_site(600);
    let in_pool = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| built(&site))
    };
    let one = in_pool(1);
    assert!(one.len() > 3, "{} files", one.len());
    assert_eq!(one, in_pool(4));
    assert_eq!(one, built(&site));
}

#[test]
fn every_document_of_a_large_site_is_found_through_its_chunk() {
    let site = large_site(600);
    let files = built(&site);
    let chunks = files.keys().filter(|f| f.starts_with("search/d-")).count();
    assert!(chunks > 10, "{chunks} chunks");
    // Every pain point, in every chunk, with its own text, stage and journey.
    let pains = lookup(&files, "апельсин");
    assert_eq!(pains.len(), 600 * 8);
    for row in &pains {
        let title = row[0].as_str().unwrap();
        assert!(
            title.starts_with("Pain ") && title.ends_with(" апельсин"),
            "{row}"
        );
        assert!(
            row[1].as_str().unwrap().ends_with(".html#pain-points"),
            "{row}"
        );
        assert!(row[3].as_str().unwrap().starts_with("Stage "), "{row}");
        let id = row[1].as_str().unwrap()["journeys/".len()..]
            .split('.')
            .next();
        assert_eq!(
            row[2].as_str(),
            id.map(|id| format!("Journey {id}")).as_deref()
        );
    }
    // A word of one stage of one journey, in the middle of the site.
    let goal = lookup(&files, "1599");
    assert_eq!(goal.len(), 1, "{goal:?}");
    assert_eq!(goal[0][1], "journeys/j0533.html#stage-s3");
    assert_eq!(goal[0][4], "Goal 533 of stage 3: ceļš 1599");
    // The texts said again are said once per chunk: fewer times than there are rows.
    let said = files
        .iter()
        .filter(|(f, _)| f.starts_with("search/d-"))
        .map(|(_, bytes)| {
            String::from_utf8_lossy(bytes)
                .matches("\"Pain 3 апельсин\"")
                .count()
        })
        .sum::<usize>();
    assert!(said <= chunks, "said {said} times in {chunks} chunks");
}

#[test]
fn documents_are_in_kind_order() {
    let site = sample_site();
    let analysis = crate::analysis::analyse(&site);
    let docs = docs::Docs::new(&site, &analysis, vec![("buying", "awareness", "x")]);
    let kinds: Vec<Kind> = docs.iter().map(|d| d.kind).collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(kinds, sorted);
    for kind in Kind::ALL {
        assert!(kinds.contains(&kind), "{kind:?} missing");
    }
    let sink = Memory::default();
    let written = index::write(&docs, &Labels::new(), &sink).unwrap();
    assert_eq!(written, sink.files().len());
}

#[test]
fn the_results_page_lists_every_journey_and_persona() {
    let site = sample_site();
    let ctx = page_context(&site);
    let journeys = ctx.get_attr("journeys").unwrap();
    assert_eq!(journeys.len(), Some(2));
    let first = journeys.get_item(&Value::from(0)).unwrap();
    assert_eq!(first.get_attr("persona").unwrap().as_str(), Some("Anna"));
    assert_eq!(ctx.get_attr("personas").unwrap().len(), Some(1));
}
