//! The pages of what customers say: the journey page's voice lane, sentiment and
//! map-against-customers charts, themes and evidence per pain point; the feedback pages
//! with their filters and paging; the portfolio's voice-of-the-customer page and the
//! home page's mismatch count; and the same on a release frozen from schema 2.
//!
//! `tests/fixtures/feedback` (read by tests/feedback.rs too) has two journeys:
//! `switching`, whose porting and activation stages contradict the map, and `moving`,
//! with one rating.

mod common;

use common::{Output, Page, Site};
use serde_json::Value;

fn built() -> (Site, Output) {
    let site = Site::fixture("feedback");
    let out = site.built(&[]);
    (site, out)
}

/// The cells of the row of class `lane` in the journey map, one per stage.
fn lane<'a>(page: &'a Page, lane: &str) -> Vec<scraper::ElementRef<'a>> {
    let row = page.one(&format!("table.journey-map tr.{lane}"));
    let cells = scraper::Selector::parse("td").unwrap();
    row.select(&cells).collect()
}

fn select<'a>(element: scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = scraper::Selector::parse(css).unwrap();
    element.select(&selector).collect()
}

#[test]
fn the_voice_lane_follows_the_emotions_with_counts_mismatches_and_three_quotes_lowest_first() {
    let (_site, out) = built();
    let page = out.page("journeys/switching.html");
    let lanes = page.attrs("table.journey-map tbody tr", "class");
    let emotion = lanes.iter().position(|c| c == "lane-emotion").unwrap();
    assert_eq!(lanes[emotion + 1], "lane-voice");
    let cells = lane(&page, "lane-voice");
    assert_eq!(cells.len(), 4, "one cell per stage");

    // Order online: o-2 (2 of 5) before o-1 (4 of 5).
    let counts: Vec<String> = select(cells[0], ".sentiment")
        .into_iter()
        .map(common::text)
        .collect();
    assert_eq!(counts, ["▼ 1 negative", "● 0 neutral", "▲ 1 positive"]);
    let quotes: Vec<String> = select(cells[0], "blockquote.verbatim p")
        .into_iter()
        .map(common::text)
        .collect();
    assert_eq!(
        quotes,
        [
            "“Checkout failed twice.”",
            "“Ordering was quick, but the price page confused me.”"
        ]
    );
    let footers: Vec<String> = select(cells[0], "blockquote.verbatim footer")
        .into_iter()
        .map(common::text)
        .collect();
    assert_eq!(footers[0], "2 on 1–5 · survey · 2026-03-02");

    // Number porting: 3 of 0–10 (0.3) before 3 of 1–5 (0.5) before 10 of 10; masked, and
    // the unrated question is not among the three.
    let porting = select(cells[1], "blockquote.verbatim p");
    assert_eq!(porting.len(), 3);
    assert_eq!(
        common::text(porting[0]),
        "“Took 4 days, write to me at [email]”"
    );
    assert!(common::text(porting[1]).contains("Call me on [phone]."));
    assert!(common::text(porting[2]).starts_with("“Brilliant; done before lunch"));
    let mismatch = common::text(select(cells[1], ".mismatch-note")[0]);
    assert_eq!(mismatch, "≠ Mismatch customers say +1.2 (6 ratings)");

    // Activation: five equal ratings; the newest first, then by id (a-1 before a-2).
    let activation: Vec<String> = select(cells[2], "blockquote.verbatim p")
        .into_iter()
        .map(common::text)
        .collect();
    assert_eq!(
        activation,
        [
            "“Activation was fine.”",
            "“The app activated the eSIM.”",
            "“Fine overall.”"
        ]
    );
    // Support has no feedback: an empty cell.
    assert_eq!(common::text(cells[3]), "");
    assert!(!page.text().contains("liga.ozola@example.lv"));
}

#[test]
fn a_journey_without_feedback_has_no_voice_lane_or_section() {
    let site = Site::minimal();
    let out = site.built(&[]);
    let page = out.page("journeys/buy.html");
    assert!(page.select("tr.lane-voice").is_empty());
    assert!(page.select("#voice").is_empty());
    assert!(!out.path("journeys/buy-feedback.html").exists());
}

#[test]
fn the_sentiment_and_perceived_charts_are_described_images_with_their_numbers_in_tables() {
    let (_site, out) = built();
    let page = out.page("journeys/switching.html");
    for id in ["chart-sentiment", "chart-perceived"] {
        let svg = page.one(&format!("svg#{id}"));
        assert_eq!(svg.value().attr("role"), Some("img"), "{id}");
        let labelled = svg.value().attr("aria-labelledby").unwrap_or_default();
        assert!(
            labelled.contains(&format!("{id}-title")),
            "{id}: {labelled}"
        );
        assert!(
            !page.texts(&format!("svg#{id} title")).is_empty(),
            "{id} title"
        );
        assert!(
            !page.texts(&format!("svg#{id} desc"))[0].is_empty(),
            "{id} desc"
        );
    }
    let desc = &page.texts("svg#chart-perceived desc")[0];
    assert!(
        desc.contains("Number porting") && desc.contains("Activation"),
        "{desc}"
    );

    let sentiment = page.table("table.voice-sentiment");
    assert_eq!(
        sentiment,
        [
            ["Order online", "2", "1", "0", "1", "50%"],
            ["Number porting", "6", "1", "1", "4", "80%"],
            ["Activation", "5", "0", "0", "5", "75%"],
        ]
    );
    // The mismatch is in words (and its own row class), not in colour alone.
    let perceived = page.table("table.voice-perceived");
    let porting = perceived.iter().find(|r| r[0] == "Number porting").unwrap();
    assert_eq!(porting[2..], ["+1.2", "6", "≠ Mismatch"]);
    let order = perceived.iter().find(|r| r[0] == "Order online").unwrap();
    assert_eq!(order[3..], ["2", "Too few ratings (2)"]);
    assert_eq!(page.select("table.voice-perceived tr.mismatch").len(), 2);
}

#[test]
fn the_themes_and_each_pain_points_evidence_match_site_json() {
    let (_site, out) = built();
    let json = out.json();
    let journey = json["journeys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["id"] == "switching")
        .unwrap();
    let page = out.page("journeys/switching.html");
    let themes: Vec<String> = journey["feedback"]["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            format!(
                "{} ({} row{})",
                t["tag"].as_str().unwrap(),
                t["count"],
                if t["count"] == 1 { "" } else { "s" }
            )
        })
        .collect();
    assert!(!themes.is_empty());
    assert_eq!(page.texts("ul.themes li"), themes);

    let rows = page.table("table.pain-points");
    for p in journey["pain_points"].as_array().unwrap() {
        let text = p["text"].as_str().unwrap();
        let row = rows.iter().find(|r| r[1] == text).unwrap();
        let n = p["evidence"].as_u64().unwrap();
        let want = format!("{n} row{}", if n == 1 { "" } else { "s" });
        assert_eq!(row.last().unwrap(), &want, "{text}");
    }
    // Porting takes days: porting-delay or communication, on s-003, o-2, r-103 and r-104.
    let slow = rows.iter().find(|r| r[1] == "Porting takes days").unwrap();
    assert_eq!(slow.last().unwrap(), "4 rows");
}

/// The href of each filter link and its text, of the page's filter navigation.
fn filter_links(page: &Page) -> Vec<(String, String)> {
    page.select("nav.filters a")
        .into_iter()
        .map(|a| (a.value().attr("href").unwrap().to_string(), common::text(a)))
        .collect()
}

#[test]
fn the_feedback_page_lists_every_comment_with_plain_link_filters() {
    let (_site, out) = built();
    let journey = out.page("journeys/switching.html");
    assert_eq!(
        journey.attrs("section[aria-labelledby=voice] p a", "href"),
        ["switching-feedback.html"]
    );
    let page = out.page("journeys/switching-feedback.html");
    // Eleven rows of the journey have text (r-102, a-5 and s-002 have none).
    let rows = page.table("table.verbatims");
    assert_eq!(rows.len(), 11);
    // In the order of the files: survey-2026.csv, then switching.csv.
    assert_eq!(rows[0][0], "“Brilliant; done before lunch thanks” (s-001)");
    assert!(rows
        .iter()
        .any(|r| r[0].starts_with("“Where is my PUK code?”") && r[2] == "not rated"));
    assert_eq!(
        filter_links(&page),
        [
            (
                "switching-feedback.html".to_string(),
                "Every comment (11)".to_string()
            ),
            (
                "switching-feedback-stage-order.html".into(),
                "Order online (2)".into()
            ),
            (
                "switching-feedback-stage-porting.html".into(),
                "Number porting (5)".into()
            ),
            (
                "switching-feedback-stage-activation.html".into(),
                "Activation (4)".into()
            ),
            (
                "switching-feedback-sentiment-negative.html".into(),
                "negative ratings (2)".into()
            ),
            (
                "switching-feedback-sentiment-neutral.html".into(),
                "neutral ratings (1)".into()
            ),
            (
                "switching-feedback-sentiment-positive.html".into(),
                "positive ratings (7)".into()
            ),
            (
                "switching-feedback-sentiment-unrated.html".into(),
                "not rated (1)".into()
            ),
            (
                "switching-feedback-source-review.html".into(),
                "review (4)".into()
            ),
            (
                "switching-feedback-source-support.html".into(),
                "support (1)".into()
            ),
            (
                "switching-feedback-source-survey.html".into(),
                "survey (6)".into()
            ),
        ]
    );
    assert_eq!(
        page.attrs("nav.filters a[aria-current=page]", "href"),
        ["switching-feedback.html"]
    );
    // Every filter page exists and lists exactly what its link counts.
    for (href, label) in filter_links(&page) {
        let filtered = out.page(&format!("journeys/{href}"));
        let count: usize = label
            .rsplit('(')
            .next()
            .unwrap()
            .trim_end_matches(')')
            .parse()
            .unwrap();
        assert_eq!(filtered.table("table.verbatims").len(), count, "{href}");
        assert_eq!(
            filtered.attrs("nav.filters a[aria-current=page]", "href"),
            std::slice::from_ref(&href)
        );
    }
    let negative = out.page("journeys/switching-feedback-sentiment-negative.html");
    assert!(negative
        .table("table.verbatims")
        .iter()
        .all(|r| r[2].ends_with("(negative)")));
}

#[test]
fn long_feedback_is_paged_a_hundred_comments_a_page_with_the_pager_of_the_lists() {
    let site = Site::minimal();
    let mut csv = String::from("id,date,stage,rating,text,source\n");
    for i in 0..230 {
        let stage = if i % 2 == 0 { "search" } else { "purchase" };
        csv.push_str(&format!(
            "c-{i:03},2026-03-01,{stage},{},Comment number {i},survey\n",
            1 + i % 5
        ));
    }
    site.write("feedback/buy.csv", &csv);
    let out = site.built(&[]);
    let first = out.page("journeys/buy-feedback.html");
    assert_eq!(first.table("table.verbatims").len(), 100);
    assert_eq!(
        out.page("journeys/buy-feedback-2.html")
            .table("table.verbatims")
            .len(),
        100
    );
    let last = out.page("journeys/buy-feedback-3.html");
    let rows = last.table("table.verbatims");
    assert_eq!(rows.len(), 30);
    assert_eq!(rows[0][0], "“Comment number 200” (c-200)");
    assert!(!out.path("journeys/buy-feedback-4.html").exists());
    let pager = first.attrs("nav.pager a", "href");
    assert!(
        pager.contains(&"buy-feedback-2.html".to_string()),
        "{pager:?}"
    );
    assert!(
        pager.contains(&"buy-feedback-3.html".to_string()),
        "{pager:?}"
    );
    // A filter pages alike: 115 comments at Search make two pages.
    assert_eq!(
        out.page("journeys/buy-feedback-stage-search.html")
            .table("table.verbatims")
            .len(),
        100
    );
    assert_eq!(
        out.page("journeys/buy-feedback-stage-search-2.html")
            .table("table.verbatims")
            .len(),
        15
    );
}

#[test]
fn the_portfolio_voice_page_counts_themes_negative_shares_and_mismatches() {
    let (_site, out) = built();
    let page = out.page("voice-of-the-customer.html");
    assert_eq!(
        page.attrs("nav a[aria-current=page]", "href"),
        ["voice-of-the-customer.html"]
    );
    let figures = page.texts("dl.figures dd");
    // 15 rows (the blank line is no row), 2 of 2 journeys, 2 mismatches.
    assert_eq!(figures[..3], ["15", "2 of 2", "2"]);
    let themes = page.table("table.themes");
    assert_eq!(themes[0][..2], ["porting-delay", "3"]);
    assert_eq!(themes[0][2], "Switching operator");

    let svg = page.one("svg#chart-voice-heatmap");
    assert_eq!(svg.value().attr("role"), Some("img"));
    assert!(!page.texts("svg#chart-voice-heatmap desc")[0].is_empty());
    let heatmap = page.table("section[aria-labelledby=voice-heatmap] table.chart-data");
    let switching = heatmap
        .iter()
        .find(|r| r[0] == "Switching operator")
        .unwrap();
    // Order 1 of 2, porting 1 of 6, activation 0 of 5, support no ratings.
    assert_eq!(switching[1..], ["50%", "16.7%", "0%", "–"]);

    let mismatches = page.table("table.mismatches");
    let stages: Vec<&str> = mismatches.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(stages, ["Number porting", "Activation"]);
    assert_eq!(
        page.attrs("table.mismatches a", "href"),
        ["journeys/switching.html#voice-perceived"; 2]
    );
}

#[test]
fn the_home_pages_journey_table_counts_each_journeys_mismatches() {
    let (_site, out) = built();
    let page = out.page("index.html");
    let headers = page.texts("table.journeys thead th");
    let at = headers
        .iter()
        .position(|h| h == "Map vs. customers")
        .unwrap();
    let rows = page.table("table.journeys");
    let of = |title: &str| rows.iter().find(|r| r[0].starts_with(title)).unwrap()[at].clone();
    assert_eq!(of("Switching operator"), "2");
    assert_eq!(of("Moving house"), "0");
    assert_eq!(
        page.attrs("table.journeys td a[href$='#voice-perceived']", "href"),
        ["journeys/switching.html#voice-perceived"]
    );
    // A site without feedback has no such column, page or link.
    let minimal_site = Site::minimal();
    let minimal_out = minimal_site.built(&[]);
    let minimal = minimal_out.page("index.html");
    let headers = minimal.texts("table.journeys thead th");
    assert!(
        !headers.iter().any(|h| h == "Map vs. customers"),
        "{headers:?}"
    );
    assert!(!minimal_out.path("voice-of-the-customer.html").exists());
    assert!(minimal
        .attrs("nav a", "href")
        .iter()
        .all(|h| !h.contains("voice")));
}

#[test]
fn a_release_frozen_with_schema_two_keeps_the_lane_and_charts_without_the_feedback_pages() {
    let site = Site::fixture("feedback");
    site.run(&["snapshot", "2026-Q1", "site", "--date", "2026-03-31"])
        .success();
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(site.dir().join("releases/2026-Q1.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["schema_version"], 2);
    // The feedback goes; the release keeps what it knew.
    std::fs::remove_dir_all(site.dir().join("feedback")).unwrap();
    let out = site.built(&[]);
    let live = out.page("journeys/switching.html");
    assert!(live.select("tr.lane-voice").is_empty());

    let frozen = out.page("releases/2026-Q1/journeys/switching.html");
    let cells = lane(&frozen, "lane-voice");
    let quotes = select(cells[1], "blockquote.verbatim p");
    assert_eq!(
        common::text(quotes[0]),
        "“Took 4 days, write to me at [email]”"
    );
    assert_eq!(frozen.select("svg#chart-sentiment").len(), 1);
    assert_eq!(frozen.select("table.voice-perceived tr.mismatch").len(), 2);
    // The rows are not in the snapshot, so there is no page of every comment to link.
    assert!(frozen
        .select("section[aria-labelledby=voice] p a")
        .is_empty());
    assert!(!out
        .path("releases/2026-Q1/journeys/switching-feedback.html")
        .exists());
    let voice = out.page("releases/2026-Q1/voice-of-the-customer.html");
    assert_eq!(voice.table("table.mismatches").len(), 2);

    let changes = out.page("releases/changes/2026-Q1...current.html");
    assert!(changes.select("#mismatches + ul li").is_empty());
}

#[test]
fn the_page_of_what_changed_lists_the_stages_that_newly_contradict_the_map() {
    let site = Site::fixture("feedback");
    // Before: activation has four ratings, too few to contradict the map.
    let full = std::fs::read_to_string(site.dir().join("feedback/switching.csv")).unwrap();
    let fewer: String = full
        .lines()
        .filter(|l| !l.starts_with("a-5"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("feedback/switching.csv", &fewer);
    site.run(&["snapshot", "2026-Q1", "site", "--date", "2026-03-31"])
        .success();
    site.write("feedback/switching.csv", &full);
    let out = site.built(&[]);
    let changes = out.page("releases/changes/2026-Q1...current.html");
    let items = changes.texts("#mismatches ~ ul li");
    assert_eq!(
        items,
        ["Switching operator, Activation: ≠ Mismatch the map says 0 neutral, customers +1 (5 ratings)"]
    );
    assert!(changes
        .texts("ul.change-summary li")
        .iter()
        .any(|l| l == "New mismatches with customers: 1"));
}

#[test]
fn journeys_sharing_one_feedback_file_each_list_their_own_comments_in_file_order() {
    let site = Site::minimal();
    site.journey(
        "sell",
        &common::MINIMAL_JOURNEY.replace("Buying online", "Selling online"),
    );
    site.write(
        "feedback/survey.csv",
        "journey,id,date,stage,rating,text\n\
         buy,b-1,2026-03-01,search,2,Slow search\n\
         sell,s-1,2026-03-01,purchase,5,Sold in a day\n\
         buy,b-2,2026-03-02,purchase,4,Paid fast\n\
         sell,s-2,2026-03-03,search,1,Nobody found my listing\n\
         buy,b-3,2026-03-04,search,,Where is the filter?\n",
    );
    let out = site.built(&[]);
    let ids = |page: &str| -> Vec<String> {
        out.page(page)
            .table("table.verbatims")
            .iter()
            .map(|r| {
                r[0].rsplit('(')
                    .next()
                    .unwrap()
                    .trim_end_matches(')')
                    .to_string()
            })
            .collect()
    };
    assert_eq!(ids("journeys/buy-feedback.html"), ["b-1", "b-2", "b-3"]);
    assert_eq!(ids("journeys/sell-feedback.html"), ["s-1", "s-2"]);
    assert_eq!(
        ids("journeys/buy-feedback-stage-search.html"),
        ["b-1", "b-3"]
    );
    assert_eq!(
        ids("journeys/sell-feedback-sentiment-negative.html"),
        ["s-2"]
    );
}

#[test]
fn markup_in_a_comment_or_source_is_text_on_every_page() {
    let site = Site::minimal();
    site.write(
        "feedback/buy.csv",
        "id,date,stage,rating,text,source\n\
         x-1,2026-03-01,search,1,<script>alert(1)</script> & <b>bold</b>,<img src=x onerror=alert(2)>\n",
    );
    let out = site.built(&[]);
    for page in [
        "journeys/buy.html",
        "journeys/buy-feedback.html",
        "voice-of-the-customer.html",
    ] {
        let html = out.read(page);
        assert!(!html.contains("<script>alert"), "{page}");
        assert!(!html.contains("<img src=x"), "{page}");
        assert!(!html.contains("<b>bold"), "{page}");
    }
    let listing = out.page("journeys/buy-feedback.html");
    assert_eq!(
        listing.table("table.verbatims")[0][0],
        "“<script>alert(1)</script> & <b>bold</b>” (x-1)"
    );
    let sources = listing.attrs("nav.filters a", "href");
    assert!(
        sources.iter().all(|h| !h.contains('<') && !h.contains(' ')),
        "{sources:?}"
    );
}
