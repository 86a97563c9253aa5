//! The Markdown narrative of journeys and personas: GitHub-flavoured extensions, heading
//! anchors and footnotes with ids that are unique on the page, and raw HTML that is
//! sanitized unless the site opts out with `unsafe_html: true`.

mod common;

use common::{Output, Page, Site, MINIMAL_SITE_YAML};
use std::collections::BTreeMap;

const FRONT: &str = "\
---
title: Buying online
persona: anna
kind: current-state
stages:
  - id: search
    name: Search
  - id: purchase
    name: Purchase
---
";

/// Builds the minimal site with `body` as the narrative of the journey `buy`.
fn journey_page(body: &str) -> Page {
    journey_page_with(MINIMAL_SITE_YAML, body)
}

fn journey_page_with(site_yaml: &str, body: &str) -> Page {
    let site = Site::minimal();
    site.site_yaml(site_yaml)
        .journey("buy", &format!("{FRONT}{body}"));
    site.built(&[]).page("journeys/buy.html")
}

/// Headings inside the narrative, at whatever level the theme places them.
const PROSE_HEADINGS: &str = ".prose h1, .prose h2, .prose h3, .prose h4, .prose h5, .prose h6";

/// Ids that occur more than once on the page.
fn duplicate_ids(page: &Page) -> Vec<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for id in page.ids() {
        *counts.entry(id).or_default() += 1;
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id)
        .collect()
}

#[test]
fn tables_with_alignment() {
    let page = journey_page(
        "| Stage | Interviews |\n|:------|-----------:|\n| Search | 12 |\n| Purchase | 7 |\n",
    );
    assert_eq!(page.texts(".prose table th"), ["Stage", "Interviews"]);
    assert_eq!(
        page.texts(".prose table td"),
        ["Search", "12", "Purchase", "7"]
    );
    assert_eq!(
        page.attrs(".prose table td", "style"),
        [
            "text-align:left",
            "text-align:right",
            "text-align:left",
            "text-align:right"
        ]
    );
}

#[test]
fn strikethrough() {
    let page = journey_page("Delivery takes ~~five~~ three days.\n");
    assert_eq!(page.texts(".prose del"), ["five"]);
    assert_eq!(page.texts(".prose p"), ["Delivery takes five three days."]);
}

#[test]
fn task_lists() {
    let page = journey_page("- [x] Interviews done\n- [ ] Survey open\n");
    let boxes = page.select(".prose li input[type=checkbox]");
    assert_eq!(boxes.len(), 2);
    assert!(boxes[0].value().attr("checked").is_some());
    assert!(boxes[1].value().attr("checked").is_none());
    for b in &boxes {
        assert!(
            b.value().attr("disabled").is_some(),
            "a task box can be ticked"
        );
    }
    assert_eq!(page.texts(".prose li"), ["Interviews done", "Survey open"]);
}

#[test]
fn heading_anchors_from_heading_text() {
    let page = journey_page(
        "## Research notes: Q3!\n\nText.\n\n### Research notes: Q3!\n\n## Пошук товару\n\n## Custom {#my-anchor}\n",
    );
    assert_eq!(
        page.attrs(PROSE_HEADINGS, "id"),
        [
            "research-notes-q3",
            "research-notes-q3-1",
            "пошук-товару",
            "my-anchor"
        ]
    );
    assert_eq!(page.texts(PROSE_HEADINGS)[3], "Custom");
}

#[test]
fn footnotes_link_both_ways() {
    let page = journey_page("Said so.[^src]\n\n[^src]: Interview 4.\n");
    assert_eq!(
        page.attrs(".prose sup.footnote-reference", "id"),
        ["journey-buy-fnref-src"]
    );
    assert_eq!(
        page.attrs(".prose sup.footnote-reference a", "href"),
        ["#journey-buy-fn-src"]
    );
    assert_eq!(
        page.attrs(".prose .footnote-definition", "id"),
        ["journey-buy-fn-src"]
    );
    assert_eq!(
        page.attrs(".prose .footnote-definition a.footnote-backref", "href"),
        ["#journey-buy-fnref-src"]
    );
    assert_eq!(page.texts(".prose sup.footnote-reference"), ["1"]);
    assert_eq!(
        page.texts(".prose .footnote-definition"),
        ["1. Interview 4. ↩"]
    );
}

#[test]
fn footnote_ids_are_unique_on_the_page() {
    // The same source cited twice, as research notes do.
    let page = journey_page(
        "Parents distrust forums.[^int] Delivery dates are vague.[^survey] \
         Checkout fees surprise.[^int]\n\n[^int]: Interviews, October.\n\n[^survey]: Post-purchase survey.\n",
    );
    assert_eq!(page.texts(".prose sup.footnote-reference"), ["1", "2", "1"]);
    assert_eq!(duplicate_ids(&page), Vec::<String>::new());
}

#[test]
fn footnotes_whose_labels_make_the_same_slug_keep_apart() {
    // Two different notes: CommonMark labels `a b` and `a-b` are not the same.
    let page = journey_page(
        "One.[^smith 2024] Two.[^smith-2024]\n\n[^smith 2024]: Smith, interview.\n\n[^smith-2024]: Smith, survey.\n",
    );
    assert_eq!(page.texts(".prose sup.footnote-reference"), ["1", "2"]);
    assert_eq!(duplicate_ids(&page), Vec::<String>::new());
    let targets = page.attrs(".prose sup.footnote-reference a", "href");
    assert_ne!(targets[0], targets[1], "both references lead to one note");
    // Each reference leads to its own note.
    let second = targets[1].trim_start_matches('#');
    assert_eq!(
        page.texts(&format!(".prose .footnote-definition[id=\"{second}\"]")),
        ["2. Smith, survey. ↩"]
    );
}

#[test]
fn footnote_labels_match_case_insensitively() {
    // CommonMark matches labels without regard to case: both cite the one note.
    let page = journey_page("One.[^Src] Two.[^src]\n\n[^src]: Interview 4.\n");
    assert_eq!(page.texts(".prose sup.footnote-reference"), ["1", "1"]);
    assert_eq!(
        page.texts(".prose .footnote-definition"),
        ["1. Interview 4. ↩"]
    );
}

#[test]
fn heading_anchors_do_not_collide_with_the_ids_of_the_page() {
    // A narrative may well have a "Summary" or "Pain points" section of its own; the
    // journey template has sections with those ids too.
    let page = journey_page("## Summary\n\nText.\n\n## Pain points\n\nMore text.\n");
    assert_eq!(duplicate_ids(&page), Vec::<String>::new());
    // The page's own section links still reach the page's sections.
    assert_eq!(page.texts("h2#summary"), ["Summary"]);
    assert_eq!(
        page.select("section[aria-labelledby=summary] > h2#summary")
            .len(),
        1
    );
}

#[test]
fn persona_narrative_is_rendered_too() {
    let site = Site::minimal();
    site.persona(
        "anna",
        "---\nname: Anna\n---\n## Background\n\n| Budget | Devices |\n|---|---|\n| 100 EUR | Phone |\n\nQuoted.[^a]\n\n[^a]: Interview 2.\n",
    );
    let page = site.built(&[]).page("personas/anna.html");
    assert_eq!(page.attrs(PROSE_HEADINGS, "id"), ["background"]);
    assert_eq!(page.texts(".prose td"), ["100 EUR", "Phone"]);
    assert_eq!(
        page.attrs(".prose .footnote-definition", "id"),
        ["persona-anna-fn-a"]
    );
}

const RAW_HTML: &str = "\
Ask about <kbd>noise</kbd> first.

<div class=\"callout\" data-kind=\"tip\">Bring the hygrometer.</div>

<script>alert(1)</script>

<img src=\"photo.png\" alt=\"Store shelf\" onerror=\"alert(2)\">

[Survey](javascript:alert(3)) and [the guide](https://example.com/guide).

<iframe src=\"https://example.com/embed\"></iframe>
";

#[test]
fn raw_html_is_sanitized_by_default() {
    let page = journey_page(RAW_HTML);
    assert!(page.select(".prose script").is_empty());
    assert!(page.select(".prose iframe").is_empty());
    assert!(page.select(".prose [data-kind]").is_empty());
    assert!(page.select(".prose [onerror]").is_empty());
    // Harmless markup stays.
    assert_eq!(page.texts(".prose kbd"), ["noise"]);
    assert_eq!(page.attrs(".prose img", "alt"), ["Store shelf"]);
    assert_eq!(page.attrs(".prose div.callout", "class"), ["callout"]);
    assert_eq!(page.texts(".prose div.callout"), ["Bring the hygrometer."]);
    // Links keep safe schemes only.
    let hrefs = page.attrs(".prose a", "href");
    assert_eq!(hrefs, ["https://example.com/guide"]);
    assert_eq!(page.attrs(".prose a[href]", "rel"), ["noopener noreferrer"]);
}

#[test]
fn raw_html_passes_through_with_unsafe_html() {
    let page = journey_page_with(&format!("{MINIMAL_SITE_YAML}unsafe_html: true\n"), RAW_HTML);
    assert_eq!(page.attrs(".prose div.callout", "data-kind"), ["tip"]);
    assert_eq!(
        page.attrs(".prose iframe", "src"),
        ["https://example.com/embed"]
    );
    assert_eq!(page.select(".prose script").len(), 1);
    assert_eq!(page.attrs(".prose img", "onerror"), ["alert(2)"]);
}

#[test]
fn index_intro_is_sanitized_too() {
    let site = Site::minimal();
    site.write(
        "index.md",
        "Welcome to **our** journeys.<script>alert(1)</script>\n",
    );
    let out: Output = site.built(&[]);
    let index = out.page("index.html");
    assert_eq!(index.texts(".intro strong"), ["our"]);
    assert!(index.select("script").is_empty());
}
