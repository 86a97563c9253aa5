//! A journey's poster, `journeys/<id>-poster.html`: the map on one sheet of A3 landscape
//! paper (two for a journey of more than [`STAGES_PER_SHEET`] stages), with the emotion
//! curve drawn across the stage columns, for a workshop wall.
//!
//! What fits on a sheet is measured here, before the template lays it out: each sheet
//! gets the largest text size at which its lanes are estimated to fit the sheet's height,
//! never below the 7 pt a poster may print at.

use super::context::Shared;
use crate::model::{Journey, Stage};
use minijinja::{context, Value};

/// The most stages one sheet shows; a longer journey is split over two sheets.
pub const STAGES_PER_SHEET: usize = 8;

/// The text sizes a sheet may print at, in CSS px, largest first; the last is 7.5 pt.
const TEXT_PX: [u32; 4] = [13, 12, 11, 10];

/// The printable part of an A3 landscape sheet with the poster's 8 mm margins, in CSS
/// px (96 to the inch): 404 × 281 mm.
const SHEET_WIDTH_PX: f64 = 1527.0;
const SHEET_HEIGHT_PX: f64 = 1062.0;

/// What the sheet holds above and beside the map, in CSS px: the title, persona and
/// scenario at the top, the emotion curve, and the column of lane names.
const HEADER_PX: f64 = 150.0;
const CURVE_PX: f64 = 90.0;
const LANE_NAMES_PX: f64 = 110.0;

/// A cell's padding and borders, in CSS px: across and down.
const CELL_PADDING_X: f64 = 10.0;
const CELL_PADDING_Y: f64 = 8.0;
/// How far a list item is indented in a cell, in CSS px.
const LIST_INDENT_PX: f64 = 14.0;

/// The file a journey's poster is written to, from the top of the (sub)site.
pub fn path(journey: &Journey) -> String {
    format!("journeys/{}-poster.html", journey.id)
}

/// The template context of `journey`'s poster: the journey page's, and `poster.sheets`,
/// each with the stages it shows (`start`..`end`, indices into `journey.stages`), its
/// text size (`size`, in CSS px, for the class `poster-text-<size>`) and its emotion
/// curve (`curve`, an SVG).
pub fn context(shared: &Shared, journey: &Journey) -> Value {
    let title = &journey.front.title;
    let sheets: Vec<Value> = sheets(journey.front.stages.len())
        .into_iter()
        .map(|(start, end)| {
            let stages = &journey.front.stages[start..end];
            context! {
                start => start,
                end => end,
                size => text_size(stages),
                curve => Value::from_safe_string(curve(stages)),
            }
        })
        .collect();
    context! {
        ..shared.base("poster", title, &path(journey), "../"),
        ..context! { poster => context! { sheets => sheets } },
        ..shared.journey_map(journey)
    }
}

/// The stages of each sheet of a journey of `count` stages, as index ranges: one sheet
/// up to [`STAGES_PER_SHEET`], else two, the first the longer.
fn sheets(count: usize) -> Vec<(usize, usize)> {
    if count <= STAGES_PER_SHEET {
        return vec![(0, count)];
    }
    let first = count.div_ceil(2);
    vec![(0, first), (first, count)]
}

/// The largest of [`TEXT_PX`] at which `stages`' lanes are estimated to fit one sheet.
fn text_size(stages: &[Stage]) -> u32 {
    let columns = stages.len().max(1) as f64;
    let column = (SHEET_WIDTH_PX - LANE_NAMES_PX) / columns - CELL_PADDING_X;
    let room = SHEET_HEIGHT_PX - HEADER_PX - CURVE_PX;
    TEXT_PX
        .into_iter()
        .find(|&px| map_height(stages, column, f64::from(px)) <= room)
        .unwrap_or(TEXT_PX[TEXT_PX.len() - 1])
}

/// The estimated height in CSS px of the map of `stages` in columns `column` px wide at
/// `px` text: each lane as tall as its fullest cell, each item starting a new line.
fn map_height(stages: &[Stage], column: f64, px: f64) -> f64 {
    // An average character is a little over half as wide as the text is tall; a list
    // item is indented, lines are 1.3 high and items a pixel apart.
    let per_line = ((column - LIST_INDENT_PX) / (px * 0.55)).max(1.0);
    let lines = |items: &[&str]| -> f64 {
        items
            .iter()
            .map(|text| (text.chars().count() as f64 / per_line).ceil().max(1.0) + 1.0 / px)
            .sum()
    };
    let lane = |cell: &dyn Fn(&Stage) -> Vec<String>| -> f64 {
        let tallest = stages
            .iter()
            .map(|s| {
                let items = cell(s);
                lines(&items.iter().map(String::as_str).collect::<Vec<_>>())
            })
            .fold(1.0, f64::max);
        tallest * px * 1.3 + CELL_PADDING_Y
    };
    let blueprint = |pick: fn(&crate::model::Blueprint) -> &Vec<String>| {
        move |s: &Stage| s.blueprint.as_ref().map(pick).cloned().unwrap_or_default()
    };
    let has_blueprint = stages
        .iter()
        .any(|s| s.blueprint.as_ref().is_some_and(|b| !b.is_empty()));
    let mut height = lane(&|s| vec![s.name.to_string()])
        + lane(&|_| vec![String::new()])
        + lane(&|s| vec![s.goal.clone()])
        + lane(&|s| s.actions.clone())
        + lane(&|s| {
            s.touchpoints
                .iter()
                .map(|t| format!("{} ({})", t.name, t.channel))
                .collect()
        })
        // A badge before each pain point takes about ten characters.
        + lane(&|s| {
            s.pain_points
                .iter()
                .map(|p| format!("{:10}{}", "", p.text))
                .collect()
        })
        + lane(&|s| {
            s.opportunities
                .iter()
                .map(|o| format!("{}{:10}", o.text, ""))
                .collect()
        })
        + lane(&|s| s.thoughts.iter().map(|t| format!("“{t}”")).collect());
    if has_blueprint {
        height += lane(&blueprint(|b| &b.frontstage))
            + lane(&blueprint(|b| &b.backstage))
            + lane(&blueprint(|b| &b.support))
            + lane(&blueprint(|b| &b.evidence));
    }
    height
}

/// The emotion curve of `stages` as an SVG to stretch across their columns: one point
/// at the middle of each stage's column (100 units wide), −2 at the bottom and +2 at the
/// top, a dashed line at neutral, the line broken where a stage has no emotion. It holds
/// no text (the emotions are written in the row below it), so it may be stretched
/// freely; its strokes keep their width as it is.
fn curve(stages: &[Stage]) -> String {
    let width = stages.len().max(1) * 100;
    let y = |emotion: i8| 50 - i32::from(emotion) * 20;
    let mut line = String::new();
    let mut dots = String::new();
    let mut pen_down = false;
    for (i, stage) in stages.iter().enumerate() {
        let x = i * 100 + 50;
        match stage.emotion {
            Some(e) => {
                let command = if pen_down { 'L' } else { 'M' };
                line.push_str(&format!("{command}{x} {}", y(e.value())));
                dots.push_str(&format!("M{x} {}h0", y(e.value())));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    format!(
        "<svg class=\"poster-curve\" viewBox=\"0 0 {width} 100\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">\
<path class=\"poster-neutral\" d=\"M0 50H{width}\" vector-effect=\"non-scaling-stroke\"/>\
<path class=\"poster-line\" d=\"{line}\" vector-effect=\"non-scaling-stroke\"/>\
<path class=\"poster-dots\" d=\"{dots}\" vector-effect=\"non-scaling-stroke\"/></svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(id: &str, emotion: Option<i64>, actions: usize) -> Stage {
        let yaml = format!(
            "id: {id}\nname: Stage {id}\n{}actions: [{}]\n",
            emotion.map_or(String::new(), |e| format!("emotion: {e}\n")),
            vec!["a fairly long action that a researcher wrote down"; actions].join(", ")
        );
        serde_yaml::from_str(&yaml).unwrap()
    }

    #[test]
    fn up_to_eight_stages_share_one_sheet_more_are_split_in_two() {
        assert_eq!(sheets(0), [(0, 0)]);
        assert_eq!(sheets(8), [(0, 8)]);
        assert_eq!(sheets(9), [(0, 5), (5, 9)]);
        assert_eq!(sheets(30), [(0, 15), (15, 30)]);
    }

    #[test]
    fn the_curve_has_a_point_per_stage_and_breaks_where_an_emotion_is_missing() {
        let stages = [
            stage("a", Some(2), 0),
            stage("b", Some(-2), 0),
            stage("c", None, 0),
            stage("d", Some(0), 0),
        ];
        let svg = curve(&stages);
        assert!(svg.contains("viewBox=\"0 0 400 100\""));
        assert!(svg.contains("d=\"M50 10L150 90M350 50\""), "{svg}");
        assert!(svg.contains("d=\"M50 10h0M150 90h0M350 50h0\""), "{svg}");
        assert!(!svg.contains("<text"));
    }

    #[test]
    fn a_fuller_map_prints_smaller_but_never_below_seven_and_a_half_points() {
        let sparse: Vec<Stage> = (0..4)
            .map(|i| stage(&format!("s{i}"), Some(0), 1))
            .collect();
        let full: Vec<Stage> = (0..8)
            .map(|i| stage(&format!("s{i}"), Some(0), 20))
            .collect();
        let overfull: Vec<Stage> = (0..8).map(|i| stage(&format!("s{i}"), None, 60)).collect();
        assert_eq!(text_size(&sparse), TEXT_PX[0]);
        assert!(text_size(&full) < TEXT_PX[0]);
        assert_eq!(text_size(&overfull), 10);
    }
}
