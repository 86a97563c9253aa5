//! Every kind of element, drawn through [`SvgWriter`], gives the document that plotters'
//! own SVG backend writes, shrunk by [`compact`].

use super::SvgWriter;
use crate::charts::compact::compact;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_svg::SVGBackend;

macro_rules! same_document {
    ($size:expr, |$root:ident| $body:block) => {{
        let mut ours = String::new();
        {
            let $root = SvgWriter::new(&mut ours, $size).into_drawing_area();
            $body
            $root.present().unwrap();
        }
        let mut theirs = String::new();
        {
            let $root = SVGBackend::with_string(&mut theirs, $size).into_drawing_area();
            $body
            $root.present().unwrap();
        }
        assert_eq!(ours, compact(&theirs));
        ours
    }};
}

#[test]
fn shapes_are_written_as_plotters_writes_them() {
    let svg = same_document!((300, 200), |root| {
        let red = RGBColor(0xa1, 0x1b, 0x0f);
        root.draw(&Rectangle::new([(10, 10), (50, -20)], red.filled()))
            .unwrap();
        root.draw(&Rectangle::new([(0, 0), (299, 199)], BLACK.stroke_width(2)))
            .unwrap();
        root.draw(&Circle::new((150, 100), 7, red.mix(0.998).filled()))
            .unwrap();
        root.draw(&Circle::new((-5, 0), 0, BLUE.stroke_width(3)))
            .unwrap();
        root.draw(&PathElement::new(
            vec![(0, 0), (100, -100), (i32::MAX, i32::MIN)],
            GREEN.mix(0.3).stroke_width(4),
        ))
        .unwrap();
        root.draw(&Polygon::new(
            vec![(1, 2), (30, 40), (5, 60)],
            CYAN.mix(1e-7),
        ))
        .unwrap();
        root.draw(&PathElement::new(vec![(3, 4), (5, 6)], WHITE.mix(0.0)))
            .unwrap();
        root.draw_pixel((7, 8), &MAGENTA.mix(0.125)).unwrap();
        // A line between two points goes through the backend's own `draw_line`.
        root.draw(&PathElement::new(vec![(9, 9), (19, 29)], YELLOW))
            .unwrap();
    });
    assert!(svg.contains("<circle"), "{svg}");
    assert!(svg.contains("<polygon"), "{svg}");
    assert!(svg.contains("<polyline"), "{svg}");
}

#[test]
fn texts_are_written_as_plotters_writes_them() {
    let svg = same_document!((400, 300), |root| {
        let anchors = [
            (HPos::Left, VPos::Top),
            (HPos::Center, VPos::Center),
            (HPos::Right, VPos::Bottom),
        ];
        for (k, (h, v)) in anchors.into_iter().enumerate() {
            let style = ("sans-serif", 13.0 + k as f64 * 0.7)
                .into_font()
                .color(&RGBColor(0x1d, 0x24, 0x30))
                .pos(Pos::new(h, v));
            root.draw(&Text::new(
                "Tom & 'Jerry' <b>\"ä\"",
                (10, 20 * k as i32),
                style,
            ))
            .unwrap();
        }
        let bold = ("serif", 11).into_font().style(FontStyle::Bold);
        root.draw(&Text::new("bold", (1, 2), bold)).unwrap();
        let italic = ("monospace", 9).into_font().style(FontStyle::Italic);
        root.draw(&Text::new("italic", (3, 4), italic)).unwrap();
        for transform in [
            FontTransform::Rotate90,
            FontTransform::Rotate180,
            FontTransform::Rotate270,
        ] {
            let turned = ("sans-serif", 12).into_font().transform(transform);
            root.draw(&Text::new("turned", (-30, 40), turned)).unwrap();
        }
        let faint = ("sans-serif", 12).into_font().color(&BLACK.mix(0.5));
        root.draw(&Text::new("faint", (5, 5), faint)).unwrap();
        let hidden = ("sans-serif", 12).into_font().color(&BLACK.mix(0.0));
        root.draw(&Text::new("hidden", (5, 5), hidden)).unwrap();
    });
    assert!(svg.contains("&apos;Jerry&apos;"), "{svg}");
    assert!(svg.contains("rotate(270, 0, 40)"), "{svg}");
    assert!(!svg.contains("hidden"), "{svg}");
}

#[test]
fn a_chart_with_series_and_a_mesh_is_written_as_plotters_writes_it() {
    same_document!((640, 360), |root| {
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .caption("Conversion", ("sans-serif", 18))
            .x_label_area_size(30)
            .y_label_area_size(40)
            .build_cartesian_2d(0f64..10f64, -1.5f64..1.5f64)
            .unwrap();
        chart.configure_mesh().draw().unwrap();
        let points: Vec<(f64, f64)> = (0..40)
            .map(|i| (i as f64 / 4.0, (i as f64 / 5.0).sin()))
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), RED.stroke_width(2)))
            .unwrap();
        chart
            .draw_series(
                points
                    .iter()
                    .map(|&p| TriangleMarker::new(p, 5, BLUE.filled())),
            )
            .unwrap();
        chart
            .draw_series(AreaSeries::new(points, 0.0, GREEN.mix(0.2)))
            .unwrap();
    });
}

#[test]
fn a_document_is_closed_once_when_dropped_unpresented() {
    let mut ours = String::new();
    drop(SvgWriter::new(&mut ours, (3, 4)));
    let mut theirs = String::new();
    drop(SVGBackend::with_string(&mut theirs, (3, 4)));
    assert_eq!(ours, compact(&theirs));
    assert_eq!(ours.matches("</svg>").count(), 1);
}

#[test]
fn runs_of_segments_and_dashed_lines_are_written_as_compact_writes_them() {
    use crate::charts::svg::{dashed, DASHES, SERIES};
    let svg = same_document!((200, 100), |root| {
        let grid = RGBColor(0xd5, 0xdb, 0xe3);
        for y in [10, 20, 30] {
            root.draw(&PathElement::new(vec![(0, y), (199, y)], grid))
                .unwrap();
        }
        // An invisible element draws nothing and does not end the run.
        root.draw(&PathElement::new(vec![(0, 1), (9, 1)], grid.mix(0.0)))
            .unwrap();
        root.draw(&PathElement::new(vec![(0, 40), (199, 40)], grid))
            .unwrap();
        // A lone segment of another style, then one of the first again.
        root.draw(&PathElement::new(vec![(5, 5), (6, 6)], RED.stroke_width(2)))
            .unwrap();
        root.draw(&PathElement::new(vec![(0, 50), (199, 50)], grid))
            .unwrap();
        root.draw(&Text::new("ends the run", (3, 3), ("sans-serif", 10)))
            .unwrap();
        root.draw(&Text::new("serif", (3, 3), ("serif", 10)))
            .unwrap();
        for (k, dash) in DASHES.iter().enumerate() {
            let style = dashed(SERIES[k % SERIES.len()], 2, *dash);
            root.draw(&PathElement::new(
                vec![(0, k as i32), (50, 9), (99, 2)],
                style,
            ))
            .unwrap();
            root.draw(&PathElement::new(vec![(0, k as i32), (99, 2)], style))
                .unwrap();
            root.draw(&PathElement::new(vec![(1, k as i32), (98, 2)], style))
                .unwrap();
        }
        root.draw(&PathElement::new(vec![(7, 7)], BLUE)).unwrap();
        root.draw(&PathElement::new(Vec::<(i32, i32)>::new(), BLUE))
            .unwrap();
        // A dash mark on a shape other than a line stays an opacity.
        root.draw(&Circle::new((9, 9), 3, dashed(SERIES[0], 1, DASHES[0])))
            .unwrap();
        root.draw(&PathElement::new(vec![(0, 60), (199, 60)], grid.mix(0.4)))
            .unwrap();
    });
    assert!(svg.contains("<path fill=\"none\" stroke=\"#D5DBE3\" stroke-width=\"1\" d=\"M0,10L199,10M0,20L199,20M0,30L199,30M0,40L199,40\"/>"), "{svg}");
    assert!(svg.contains("stroke-dasharray=\"16 4\""), "{svg}");
    assert!(svg.contains("font-family=\"serif\""), "{svg}");
    assert!(svg.contains("opacity=\"0.4\""), "{svg}");
}
