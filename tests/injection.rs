//! Text from the content never becomes markup: a `<script>` element or an attribute
//! breaker in any YAML text field, or in the Markdown body, is shown as text on every
//! page and never turns into an element or an event-handler attribute.

mod common;

use common::{Output, Site};

/// What an attacker (or a careless copy-paste) would put in a field: a script element and
/// a quote that would close an attribute and open an event handler.
const PAYLOAD: &str = "<script>alert(1)</script>\" onmouseover=\"alert(2)";

/// The payload tagged with the field it is in, so the test can tell which field leaked.
fn evil(field: &str) -> String {
    format!("{PAYLOAD} {field}")
}

/// `evil(field)` as a single-quoted YAML scalar.
fn y(field: &str) -> String {
    format!("'{}'", evil(field).replace('\'', "''"))
}

/// Every text field of site.yaml, a persona and a journey, carrying the payload.
fn evil_site() -> Site {
    let site = Site::empty();
    site.site_yaml(&format!(
        "title: {}\ndescription: {}\nbase_url: https://cx.example.com/acme/\nmetrics:\n  visitors: {{ label: {}, unit: count, funnel: true }}\n  csat: {{ label: {}, unit: score }}\n",
        y("site-title"),
        y("site-description"),
        y("funnel-metric-label"),
        y("kpi-metric-label"),
    ));
    site.persona(
        "anna",
        &format!(
            "---\nname: {}\nrole: {}\nsegment: {}\ngoals: [{}]\nfrustrations: [{}]\nmotivations: [{}]\nchannels: [{}]\nquote: {}\n---\n{PAYLOAD} persona-body\n",
            y("persona-name"),
            y("persona-role"),
            y("persona-segment"),
            y("persona-goal"),
            y("persona-frustration"),
            y("persona-motivation"),
            y("persona-channel"),
            y("persona-quote"),
        ),
    );
    site.journey(
        "buy",
        &format!(
            "\
---
title: {title}
persona: anna
kind: service-blueprint
scenario: {scenario}
owner: {owner}
compare_to: care
stages:
  - id: search
    name: {stage_name}
    goal: {stage_goal}
    actions: [{action}]
    thoughts: [{thought}]
    emotion: -1
    touchpoints:
      - {{ name: {tp_name}, channel: {tp_channel}, kind: direct, mode: online }}
    pain_points:
      - {{ id: slow, text: {pain}, severity: critical }}
    opportunities:
      - {{ text: {opp}, impact: high, effort: low, owner: {opp_owner}, addresses: [slow] }}
    blueprint:
      frontstage: [{front}]
      backstage: [{back}]
      support: [{support}]
      evidence: [{evidence}]
  - id: purchase
    name: Purchase
---
{PAYLOAD} journey-body

## {PAYLOAD} journey-heading
",
            title = y("journey-title"),
            scenario = y("journey-scenario"),
            owner = y("journey-owner"),
            stage_name = y("stage-name"),
            stage_goal = y("stage-goal"),
            action = y("stage-action"),
            thought = y("stage-thought"),
            tp_name = y("touchpoint-name"),
            tp_channel = y("touchpoint-channel"),
            pain = y("pain-point-text"),
            opp = y("opportunity-text"),
            opp_owner = y("opportunity-owner"),
            front = y("blueprint-frontstage"),
            back = y("blueprint-backstage"),
            support = y("blueprint-support"),
            evidence = y("blueprint-evidence"),
        ),
    );
    site.journey(
        "care",
        &format!(
            "---\ntitle: {}\npersona: anna\nkind: future-state\nstages:\n  - id: use\n    name: {}\n---\n",
            y("compared-journey-title"),
            y("compared-stage-name"),
        ),
    );
    site.metrics(
        "buy",
        "period,stage,metric,value,target\n2026-Q1,search,visitors,1000,\n2026-Q1,purchase,visitors,100,\n2026-Q1,purchase,csat,4.1,4.0\n",
    );
    site
}

/// The site (which owns the temporary folder) and its output.
fn built() -> (Site, Output) {
    let site = evil_site();
    let out = site.built(&[]);
    (site, out)
}

#[test]
fn no_page_has_a_script_element_or_an_event_handler() {
    let (_site, out) = built();
    let pages = out.html_files();
    assert!(pages.len() >= 6, "{pages:?}");
    for file in &pages {
        let page = out.page(file);
        // The theme's own search script is the one script a page may load.
        for script in page.select("script") {
            let src = script.value().attr("src").unwrap_or("");
            assert!(
                src.ends_with("assets/search.js") && script.text().next().is_none(),
                "{file} has a <script> that is not the search script: {}",
                script.html()
            );
        }
        for element in page.select("*") {
            for (name, value) in element.value().attrs() {
                assert!(
                    !name.to_ascii_lowercase().starts_with("on"),
                    "{file}: <{} {name}=\"{value}\">",
                    element.value().name()
                );
            }
        }
        let raw = out.read(file);
        assert_eq!(
            raw.matches("<script").count(),
            page.select("script").len(),
            "{file} holds a raw <script"
        );
    }
}

#[test]
fn every_field_is_still_shown_as_text() {
    let (_site, out) = built();
    let pages: Vec<String> = out
        .html_files()
        .iter()
        .map(|f| out.page(f).text())
        .collect();
    let all = pages.join("\n");
    for field in [
        "site-title",
        "site-description",
        "funnel-metric-label",
        "kpi-metric-label",
        "persona-name",
        "persona-role",
        "persona-segment",
        "persona-goal",
        "persona-frustration",
        "persona-motivation",
        "persona-channel",
        "persona-quote",
        "journey-title",
        "journey-scenario",
        "journey-owner",
        "stage-name",
        "stage-goal",
        "stage-action",
        "stage-thought",
        "touchpoint-name",
        "touchpoint-channel",
        "pain-point-text",
        "opportunity-text",
        "opportunity-owner",
        "blueprint-frontstage",
        "blueprint-backstage",
        "blueprint-support",
        "blueprint-evidence",
        "compared-journey-title",
        "compared-stage-name",
    ] {
        assert!(
            all.contains(&evil(field)),
            "the text of {field} is not shown as it was written"
        );
    }
}

#[test]
fn attribute_values_keep_the_payload_inside_the_attribute() {
    let (_site, out) = built();
    let page = out.page("personas/anna.html");
    assert_eq!(
        page.attrs("meta[name=description]", "content"),
        [evil("site-description")]
    );
    // Over 70 characters a page title drops the site's name.
    assert_eq!(page.texts("head > title"), [evil("persona-name")]);
}

#[test]
fn markdown_body_loses_the_script_but_keeps_the_text() {
    let (_site, out) = built();
    let journey = out.page("journeys/buy.html");
    let prose = journey.texts(".prose").join(" ");
    assert!(
        prose.contains("\" onmouseover=\"alert(2) journey-body"),
        "{prose}"
    );
    assert!(
        !prose.contains("alert(1)"),
        "the script's content is dropped: {prose}"
    );
    let persona = out.page("personas/anna.html");
    assert!(persona.texts(".prose").join(" ").contains("persona-body"));
}

#[test]
fn site_json_holds_the_text_as_data() {
    let (_site, out) = built();
    let doc = out.json();
    assert_eq!(doc["site"]["title"], evil("site-title"));
    assert_eq!(doc["journeys"][0]["title"], evil("journey-title"));
    assert_eq!(doc["personas"][0]["name"], evil("persona-name"));
}
