//! What a chart writes in the page's language: every word comes from a table entry by its
//! key, and every number in the language's digits, so that no chart holds a word of its
//! own. The pages pass their locale; tests pass a stand-in that shows the keys.

/// The words and number formats of one language.
pub trait Words: Sync {
    /// The text of `key`, in the plural form `count` takes, its placeholders filled from
    /// `values` (`{count}` from `count` unless `values` gives it).
    fn text(&self, key: &str, count: Option<f64>, values: &[(&str, &str)]) -> String;

    /// `value` with at most `decimals` decimals, no trailing zeros, grouped; the real
    /// minus sign when it is negative and not zero as shown.
    fn decimal(&self, value: f64, decimals: usize) -> String;

    /// `value` with exactly `decimals` decimals, grouped.
    fn fixed(&self, value: f64, decimals: usize) -> String;

    /// `number`, already written by [`decimal`](Words::decimal) or
    /// [`fixed`](Words::fixed), with the sign or symbol of `unit` (a `site.yaml` unit
    /// keyword): "3.1%", "4 d"; as it is for a unit without one.
    fn in_unit(&self, number: &str, unit: &str) -> String;
}

/// A score with its sign, as charts label the emotion scale: "+2", "−1", "0".
pub fn signed(words: &dyn Words, value: f64) -> String {
    let number = words.decimal(value, 2);
    if value > 0.0 && number != words.decimal(0.0, 0) {
        format!("+{number}")
    } else {
        number
    }
}

/// A fraction as a percentage in the language: whole numbers from 10 %, one decimal
/// below ("3.1%", "45%").
pub fn percent(words: &dyn Words, fraction: f64) -> String {
    let p = fraction * 100.0;
    if !p.is_finite() {
        return words.decimal(f64::NAN, 0);
    }
    let shown = if p.abs() >= 10.0 {
        p.round()
    } else {
        (p * 10.0).round() / 10.0
    };
    words.in_unit(&words.decimal(shown + 0.0, 1), "percent")
}

#[cfg(test)]
mod tests {
    use super::Words;
    use crate::charts::*;

    /// Words that show which entry a chart asked for: `⟦chart.funnel.key⟧`, followed by
    /// the values it gave; numbers in plain digits.
    struct Keys;

    impl Words for Keys {
        fn text(&self, key: &str, count: Option<f64>, values: &[(&str, &str)]) -> String {
            let mut out = format!("⟦{key}⟧");
            if let Some(count) = count {
                out.push_str(&format!(" {count}"));
            }
            for (_, value) in values {
                out.push(' ');
                out.push_str(value);
            }
            out
        }

        fn decimal(&self, value: f64, decimals: usize) -> String {
            if value.is_finite() {
                format!("{value:.decimals$}")
            } else {
                "–".into()
            }
        }

        fn fixed(&self, value: f64, decimals: usize) -> String {
            self.decimal(value, decimals)
        }

        fn in_unit(&self, number: &str, unit: &str) -> String {
            format!("{number}⟦unit.{unit}⟧")
        }
    }

    /// Every text of `svg` (drawn texts, title and description) with the entries' markers
    /// taken out: what is left is data and numbers.
    fn unmarked(svg: &str) -> String {
        let doc = roxmltree::Document::parse(svg).expect("valid SVG");
        let text: String = doc
            .descendants()
            .filter(|n| n.is_text())
            .map(|n| n.text().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ");
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(open) = rest.find('⟦') {
            out.push_str(&rest[..open]);
            let after = &rest[open..];
            rest = after
                .find('⟧')
                .map_or("", |close| &after[close + '⟧'.len_utf8()..]);
        }
        out.push_str(rest);
        out
    }

    #[track_caller]
    fn assert_no_words_of_its_own(svg: &str) {
        let left = unmarked(svg);
        assert!(
            !left.chars().any(|c| c.is_ascii_alphabetic()),
            "a chart wrote words of its own: {left}"
        );
    }

    fn names(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_chart_takes_its_words_from_the_table() {
        let stages = names(&["Поиск", "Выбор", "Оплата", "Доставка"]);
        let svg = emotion_curve(
            "e",
            "Кривая",
            &stages,
            &[
                EmotionSeries {
                    name: "Сейчас".into(),
                    values: vec![Some(-1), Some(0), Some(-2), Some(1)],
                },
                EmotionSeries {
                    name: "Цель".into(),
                    values: vec![Some(0), None, Some(1), Some(2)],
                },
            ],
            &Keys,
        );
        assert_no_words_of_its_own(&svg);
        assert_no_words_of_its_own(&emotion_curve("e", "Пусто", &[], &[], &Keys));

        let curves: Vec<PersonaCurve> = ["Покупка", "Продление"]
            .iter()
            .map(|name| PersonaCurve {
                journey: name.to_string(),
                values: vec![Some(-1), Some(1), None],
            })
            .collect();
        assert_no_words_of_its_own(&persona_curves("p", "Анна", &curves, &Keys).0);
        assert_no_words_of_its_own(&persona_curves("p", "Анна", &curves[..1], &Keys).0);
        assert_no_words_of_its_own(&persona_curves("p", "Анна", &[], &Keys).0);

        let bars: Vec<FunnelBar> = stages
            .iter()
            .zip([12000.0, 5400.0, 648.0, 600.0])
            .enumerate()
            .map(|(i, (stage, value))| FunnelBar {
                stage: stage.clone(),
                value,
                conversion: (i > 0).then_some(0.5),
            })
            .collect();
        for (period, bottleneck) in [("3 кв.", Some(2)), ("", Some(0)), ("", None)] {
            let svg = funnel_chart("f", "Воронка", "", period, &bars, bottleneck, &Keys);
            assert_no_words_of_its_own(&svg);
            let one = funnel_chart("f", "Воронка", "Визиты", period, &bars[..1], None, &Keys);
            assert_no_words_of_its_own(&one);
            let none = funnel_chart("f", "Воронка", "Визиты", period, &[], None, &Keys);
            assert_no_words_of_its_own(&none);
        }

        let rows = names(&["Покупка", ""]);
        let values = vec![vec![3.0, 3.0, 0.0, 1.0], vec![1.0, 3.0, 2.0, f64::NAN]];
        for keys in ["chart.pain_heatmap", "chart.touchpoint_heatmap"] {
            let svg = heatmap("h", "Карта", &rows, &stages, &values, keys, &Keys);
            assert_no_words_of_its_own(&svg);
            let flat = vec![vec![2.0; 4]; 2];
            assert_no_words_of_its_own(&heatmap("h", "Карта", &rows, &stages, &flat, keys, &Keys));
            let zero = vec![vec![0.0; 4]; 2];
            assert_no_words_of_its_own(&heatmap("h", "Карта", &rows, &stages, &zero, keys, &Keys));
            assert_no_words_of_its_own(&heatmap("h", "Карта", &[], &[], &[], keys, &Keys));
        }

        let periods = names(&["1 кв.", "2 кв.", "3 кв."]);
        let lines: Vec<KpiLine> = [
            (
                Some("on-track"),
                Some(4.0),
                [Some(3.0), Some(3.5), Some(4.5)],
            ),
            (
                Some("at-risk"),
                Some(4.0),
                [Some(4.0), Some(3.8), Some(3.8)],
            ),
            (
                Some("off-track"),
                Some(5.0),
                [Some(4.0), Some(3.0), Some(2.0)],
            ),
            (Some("странный"), None, [None, None, Some(1.0)]),
            (None, None, [Some(1.0), None, Some(1.5)]),
        ]
        .into_iter()
        .enumerate()
        .map(|(series, (status, target, values))| KpiLine {
            stage: format!("Этап {series}"),
            series,
            values: values.to_vec(),
            target,
            status: status.map(str::to_string),
        })
        .collect();
        for unit in [
            "percent", "days", "hours", "minutes", "seconds", "count", "score", "",
        ] {
            for better in [true, false] {
                let svg = kpi_trend_chart("k", "", unit, better, &periods, &lines, &Keys);
                assert_no_words_of_its_own(&svg);
            }
        }
        assert_no_words_of_its_own(&kpi_trend_chart("k", "Х", "count", true, &[], &[], &Keys));

        let mut points: Vec<MatrixPoint> = (1..=40)
            .map(|number| MatrixPoint {
                number,
                impact: 2,
                effort: 0,
                done: number % 3 == 0,
            })
            .collect();
        points.push(MatrixPoint {
            number: 41,
            impact: 0,
            effort: 2,
            done: false,
        });
        assert_no_words_of_its_own(&opportunity_matrix("m", "Матрица", &points, &Keys));
        assert_no_words_of_its_own(&opportunity_matrix("m", "Матрица", &[], &Keys));
    }
}
