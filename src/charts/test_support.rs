//! What the chart tests check alike: where each text is drawn, that texts stay inside
//! the chart and apart, and the accessible title and description.

use super::svg;
use crate::render::i18n::Locale;
use std::sync::OnceLock;

/// The English locale, which the charts' tests of words use.
pub(crate) fn en() -> &'static Locale {
    static EN: OnceLock<Locale> = OnceLock::new();
    EN.get_or_init(|| Locale::builtin("en").expect("English is built in"))
}

/// Where a `<text>` is drawn: its box from its anchor, font size and measured width.
#[derive(Debug)]
pub(crate) struct TextBox {
    pub text: String,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

pub(crate) fn text_boxes(doc: &roxmltree::Document) -> Vec<TextBox> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let number = |a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
            let text = n.text().unwrap_or_default().trim().to_string();
            let size = number("font-size");
            let (x, y) = (number("x"), number("y"));
            let width = svg::text_width(&text, size);
            let left = match n.attribute("text-anchor") {
                Some("end") => x - width,
                Some("middle") => x - width / 2.0,
                _ => x,
            };
            let top = match n.attribute("dy") {
                Some("0.76em") => y,
                Some("0.5ex") => y - size / 2.0,
                _ => y - size,
            };
            TextBox {
                text,
                left,
                right: left + width,
                top,
                bottom: top + size,
            }
        })
        .collect()
}

/// Every text lies inside the chart and no two overlap.
pub(crate) fn assert_texts_fit(svg: &str) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let root = doc.root_element();
    let width: f64 = root.attribute("width").unwrap().parse().unwrap();
    let height: f64 = root.attribute("height").unwrap().parse().unwrap();
    let boxes = text_boxes(&doc);
    for b in &boxes {
        assert!(
            b.left >= -0.5 && b.right <= width + 0.5 && b.top >= -0.5 && b.bottom <= height + 0.5,
            "{b:?} outside {width}×{height}"
        );
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let apart = a.right <= b.left + 1.0
                || b.right <= a.left + 1.0
                || a.bottom <= b.top + 1.0
                || b.bottom <= a.top + 1.0;
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
}

pub(crate) fn title_and_desc(svg: &str) -> (String, String) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    let id = root.attribute("id").unwrap();
    assert_eq!(
        root.attribute("aria-labelledby"),
        Some(format!("{id}-title {id}-desc").as_str())
    );
    let text = |tag: &str| {
        let node = doc
            .descendants()
            .find(|n| n.has_tag_name(tag))
            .unwrap_or_else(|| panic!("no <{tag}>"));
        assert_eq!(node.attribute("id"), Some(format!("{id}-{tag}").as_str()));
        node.text().unwrap_or_default().to_string()
    };
    (text("title"), text("desc"))
}

/// The drawn texts, in order.
pub(crate) fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    text_boxes(&doc).into_iter().map(|b| b.text).collect()
}

pub(crate) fn ids(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter_map(|n| n.attribute("id").map(str::to_string))
        .collect()
}
