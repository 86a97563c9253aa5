//! The pages about the whole portfolio: the index (personas, journeys, key figures and
//! quick wins), pain-points.html and opportunities.html, each in its documented order.
//!
//! Expected numbers are worked out by hand from tests/fixtures/basic, not copied from
//! the output.

mod common;

use common::fixture;

const JOURNEYS: [&str; 3] = [
    "buying-online-current",
    "buying-online-future",
    "store-advice-blueprint",
];

#[test]
fn index_lists_every_persona_and_journey_with_links_that_resolve() {
    let (_site, out) = fixture();
    let index = out.page("index.html");
    assert_eq!(index.texts(".cards h3 a"), ["Anna Berger", "Marco Rossi"]);
    assert_eq!(
        index.attrs(".cards h3 a", "href"),
        ["personas/anna.html", "personas/marco.html"]
    );
    assert_eq!(
        index.texts("table.journeys tbody th[scope=row] a"),
        [
            "Buying a humidifier online — today",
            "Buying a humidifier online — target",
            "Advice in the store",
        ]
    );
    let hrefs = index.attrs("table.journeys tbody th[scope=row] a", "href");
    let expected: Vec<String> = JOURNEYS
        .iter()
        .map(|j| format!("journeys/{j}.html"))
        .collect();
    assert_eq!(hrefs, expected);
    for href in hrefs.iter().chain(&index.attrs(".cards h3 a", "href")) {
        assert!(out.path(href).is_file(), "{href} does not resolve");
    }
}

#[test]
fn index_shows_the_intro_and_the_portfolio_figures() {
    let (_site, out) = fixture();
    let index = out.page("index.html");
    assert_eq!(
        index.texts(".intro p"),
        ["Journey maps of the Acme Home customer experience team, reviewed every quarter."]
    );
    assert_eq!(
        index.texts("dl.figures dt"),
        [
            "Journeys",
            "Personas",
            "Mean emotion",
            "Critical and high pain points",
            "KPIs off track",
        ]
    );
    // Mean of the 11 stage emotions: (-1 -1 -2 +1) + (0 +1 +1 +2) + (0 +1 +1) = 3 / 11;
    // 1 critical + 2 high pain points; 1 of 5 KPIs (3 + 2 in the two CSVs) off track.
    assert_eq!(
        index.texts("dl.figures dd"),
        ["3", "2", "+0.27", "3", "1 of 5"]
    );
}

#[test]
fn index_quick_wins_are_the_open_high_or_medium_impact_low_effort_ones() {
    let (_site, out) = fixture();
    let index = out.page("index.html");
    let rows = index.table("section[aria-labelledby=quick-wins] table.opportunities");
    let texts: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    // "Publish a humidity guide" is a quick win too, but done.
    assert_eq!(
        texts,
        [
            "Show delivery costs on the product page",
            "Show noise in dB(A) on every product card",
        ]
    );
}

#[test]
fn portfolio_pain_points_are_by_severity_then_journey_then_stage() {
    let (_site, out) = fixture();
    let page = out.page("pain-points.html");
    let rows = page.table("table.pain-points");
    let got: Vec<[&str; 3]> = rows
        .iter()
        .map(|r| [r[0].as_str(), r[1].as_str(), r[2].as_str()])
        .collect();
    assert_eq!(
        got,
        [
            [
                "Critical",
                "Delivery costs appear only at the last step",
                "Buying a humidifier online — today"
            ],
            [
                "High",
                "Product pages never say which model suits which room",
                "Buying a humidifier online — today"
            ],
            [
                "High",
                "Nobody in the climate aisle before 10:00",
                "Advice in the store"
            ],
            [
                "Medium",
                "Few trustworthy explanations of healthy humidity",
                "Buying a humidifier online — today"
            ],
            [
                "Medium",
                "An account is required to buy",
                "Buying a humidifier online — today"
            ],
            [
                "Medium",
                "Delivery window of three to five working days",
                "Buying a humidifier online — today"
            ],
            [
                "Low",
                "Noise level only in the PDF data sheet",
                "Buying a humidifier online — today"
            ],
            [
                "Low",
                "Few payment options",
                "Buying a humidifier online — target"
            ],
        ]
    );
    assert_eq!(
        page.texts("ul.counts li"),
        ["Critical 1", "High 2", "Medium 3", "Low 2"]
    );
}

#[test]
fn portfolio_opportunities_are_in_work_order_across_journeys() {
    let (_site, out) = fixture();
    let page = out.page("opportunities.html");
    let rows = page.table("table.opportunities");
    let got: Vec<[&str; 3]> = rows
        .iter()
        .map(|r| [r[0].as_str(), r[1].as_str(), r[2].as_str()])
        .collect();
    let today = "Buying a humidifier online — today";
    assert_eq!(
        got,
        [
            ["1", "Show delivery costs on the product page", today],
            ["2", "Show noise in dB(A) on every product card", today],
            // Big bets with high impact: medium effort before high effort.
            ["3", "Room-size and noise selector", today],
            [
                "4",
                "Staff the climate aisle from opening time",
                "Advice in the store"
            ],
            // Big bets with medium impact.
            ["5", "SMS tracking with a one-hour window", today],
            [
                "6",
                "Add instalment payments",
                "Buying a humidifier online — target"
            ],
            ["7", "Guest checkout", today],
            ["8", "Loyalty programme", today],
            ["9", "Publish a humidity guide", today],
        ]
    );
    assert_eq!(
        page.attrs("table.opportunities tbody a", "href")[3],
        "journeys/store-advice-blueprint.html"
    );
}

#[test]
fn long_lists_are_paged_a_hundred_rows_at_a_time() {
    let site = common::site_with_long_lists(250);
    let out = site.built(&["--base-url", "https://cx.example.com/"]);
    let mut seen = Vec::new();
    for (page, rows) in [
        ("pain-points.html", 100),
        ("pain-points-2.html", 100),
        ("pain-points-3.html", 50),
    ] {
        let html = out.page(page);
        let texts = html.texts("table.pain-points tbody tr td:nth-child(2)");
        assert_eq!(texts.len(), rows, "{page}");
        seen.extend(texts);
    }
    assert!(!out.path("pain-points-4.html").exists());
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 250, "every pain point on exactly one page");

    let second = out.page("pain-points-2.html");
    let links = pager_links(&second, "Pages of pain points");
    assert_eq!(
        links,
        [
            ("← Previous", "pain-points.html"),
            ("1", "pain-points.html"),
            ("2", "pain-points-2.html"),
            ("3", "pain-points-3.html"),
            ("Next →", "pain-points-3.html"),
        ]
        .map(|(t, h)| (t.to_string(), h.to_string()))
    );
    assert_eq!(
        second.texts("nav.pager a[aria-current=page]"),
        ["2", "2"],
        "the current page is marked in both pagers"
    );

    // Opportunities keep their priority numbers across pages, in the table and the matrix.
    let opportunities = out.page("opportunities-2.html");
    let numbers = opportunities.texts("table.opportunities tbody tr td:first-child");
    assert_eq!(numbers.first().map(String::as_str), Some("101"));
    assert_eq!(numbers.last().map(String::as_str), Some("200"));
    let matrix = opportunities.one("svg#chart-matrix");
    let marks: String = matrix.text().collect();
    assert!(marks.contains("101") && marks.contains("200"), "{marks}");
    assert!(out.path("opportunities-3.html").exists());

    let home = out.page("index.html");
    assert!(home.text().contains("All 250 pain points"));
    let sitemap = out.read("sitemap.xml");
    for page in ["pain-points-3.html", "opportunities-2.html"] {
        assert!(sitemap.contains(page), "{page} not in the sitemap");
    }
}

#[test]
fn a_short_list_has_one_page_and_no_pager() {
    let (_site, out) = fixture();
    assert!(out.page("pain-points.html").select("nav.pager").is_empty());
    assert!(!out.path("pain-points-2.html").exists());
    assert!(out.page("index.html").select("nav.pager").is_empty());
    assert!(!out.path("journeys-2.html").exists());
}

#[test]
fn the_home_page_lists_the_first_hundred_journeys_and_pages_the_rest() {
    let site = common::site_with_many_journeys(250);
    let out = site.built(&["--base-url", "https://cx.example.com/"]);
    let mut seen = Vec::new();
    for (page, rows) in [
        ("index.html", 100),
        ("journeys-2.html", 100),
        ("journeys-3.html", 50),
    ] {
        let html = out.page(page);
        let links = html.attrs("table.journeys tbody th[scope=row] a", "href");
        assert_eq!(links.len(), rows, "{page}");
        for link in &links {
            assert!(out.path(link).is_file(), "{page} links {link}");
        }
        seen.extend(links);
    }
    assert!(!out.path("journeys-4.html").exists());
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 250, "every journey on exactly one page");

    // The home page keeps the figures; the other pages are the table alone.
    let home = out.page("index.html");
    assert_eq!(home.texts("#at-a-glance").len(), 1);
    assert_eq!(
        home.texts("table.journeys caption"),
        ["Every journey with its health, 1 to 100 of 250"]
    );
    let second = out.page("journeys-2.html");
    assert!(second.select("#at-a-glance").is_empty());
    assert_eq!(
        second.texts("h1"),
        ["All journeys (page 2 of 3)"],
        "the heading names the page"
    );
    let links = pager_links(&second, "Pages of journeys");
    assert_eq!(
        links,
        [
            ("← Previous", "index.html"),
            ("1", "index.html"),
            ("2", "journeys-2.html"),
            ("3", "journeys-3.html"),
            ("Next →", "journeys-3.html"),
        ]
        .map(|(t, h)| (t.to_string(), h.to_string()))
    );
    let sitemap = out.read("sitemap.xml");
    assert!(sitemap.contains("https://cx.example.com/journeys-3.html"));

    // A release keeps its own pages of the table.
    site.run(&["snapshot", "2026-Q4", "site", "--date", "2026-12-01"])
        .success();
    let out = site.built(&[]);
    let frozen = out.page("releases/2026-Q4/journeys-3.html");
    assert_eq!(frozen.select("table.journeys tbody tr").len(), 50);
    for link in frozen.attrs("nav.pager a", "href") {
        assert!(out.path("releases/2026-Q4").join(&link).is_file(), "{link}");
    }
}

/// The text and target of each link of the pager named `label` on `page`.
fn pager_links(page: &common::Page, label: &str) -> Vec<(String, String)> {
    let links = format!("nav.pager[aria-label='{label}'] a");
    page.texts(&links)
        .into_iter()
        .zip(page.attrs(&links, "href"))
        .collect()
}

#[test]
fn the_home_page_shows_the_personas_with_most_journeys_and_pages_list_them_all() {
    // 130 personas: `p001` has three journeys, `p129` two, the rest none.
    let site = common::Site::minimal();
    for i in 1..130 {
        let persona = format!("---\nname: Persona {i:03}\nrole: Buyer\n---\n");
        site.persona(&format!("p{i:03}"), &persona);
    }
    for (i, persona) in [
        (1, "p001"),
        (2, "p001"),
        (3, "p001"),
        (4, "p129"),
        (5, "p129"),
    ] {
        let journey = common::numbered_journey(i, "")
            .replace("persona: anna", &format!("persona: {persona}"));
        site.journey(&format!("j{i:03}"), &journey);
    }
    let out = site.built(&[]);

    let home = out.page("index.html");
    let cards = home.texts("section:has(#personas) .cards h3 a");
    assert_eq!(cards.len(), 24, "the home page shows 24 of 130");
    assert_eq!(
        cards[..3],
        ["Persona 001", "Persona 129", "Anna"],
        "most journeys first, then the site's order"
    );
    assert_eq!(
        home.texts("section:has(#personas) p a"),
        ["All 130 personas"]
    );
    assert_eq!(
        home.attrs("section:has(#personas) p a", "href"),
        ["personas.html"]
    );

    let first = out.page("personas.html");
    assert_eq!(first.texts("h1"), ["All personas (page 1 of 2)"]);
    assert_eq!(
        first.texts("p.lead"),
        ["130 personas, those with the most journeys first."]
    );
    let second = out.page("personas-2.html");
    // The cards are the page's sections: their headings come right below its title.
    let mut all = first.attrs(".cards h2 a", "href");
    assert_eq!(all.len(), 100);
    all.extend(second.attrs(".cards h2 a", "href"));
    assert_eq!(all.len(), 130);
    for link in &all {
        assert!(out.path(link).is_file(), "{link}");
    }
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 130, "every persona on exactly one page");
    assert_eq!(
        pager_links(&second, "Pages of personas"),
        [
            ("← Previous", "personas.html"),
            ("1", "personas.html"),
            ("2", "personas-2.html"),
        ]
        .map(|(t, h)| (t.to_string(), h.to_string()))
    );
}

#[test]
fn a_site_whose_personas_all_fit_on_the_home_page_links_no_list_of_them() {
    let (_site, out) = fixture();
    let home = out.page("index.html");
    assert!(home.attrs("a", "href").iter().all(|h| h != "personas.html"));
    let list = out.page("personas.html");
    assert_eq!(
        list.texts(".cards h2 a"),
        home.texts(".cards h3 a"),
        "the list holds the home page's cards, in the same order"
    );
    assert!(list.select("nav.pager").is_empty());
}
