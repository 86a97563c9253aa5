//! A persona page: the persona's profile, quote and journeys.
//!
//! Expected values come from tests/fixtures/basic.

mod common;

use common::fixture;

#[test]
fn persona_page_lists_its_journeys() {
    let (_site, out) = fixture();
    let anna = out.page("personas/anna.html");
    assert_eq!(anna.texts("h1"), ["Anna Berger"]);
    assert_eq!(
        anna.texts("table.journeys tbody th[scope=row] a"),
        [
            "Buying a humidifier online — today",
            "Buying a humidifier online — target",
        ]
    );
    assert_eq!(
        anna.attrs("table.journeys tbody th[scope=row] a", "href"),
        [
            "../journeys/buying-online-current.html",
            "../journeys/buying-online-future.html",
        ]
    );
    assert_eq!(
        anna.texts(".profile-grid dt"),
        [
            "Segment",
            "Goals",
            "Frustrations",
            "Motivations",
            "Channels"
        ]
    );
    assert_eq!(
        anna.texts(".profile-grid dd li"),
        [
            "A quiet humidifier under 100 EUR",
            "Healthy air for the kids",
            "Jargon in product pages",
            "Slow delivery",
            "Family health",
            "web",
            "social",
            "store",
        ]
    );
    assert_eq!(
        anna.texts("blockquote.quote"),
        ["“I just want the air to stop hurting my skin.”"]
    );

    let marco = out.page("personas/marco.html");
    assert_eq!(
        marco.texts("table.journeys tbody th[scope=row] a"),
        ["Advice in the store"]
    );
}
