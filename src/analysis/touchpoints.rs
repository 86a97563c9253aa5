//! The touchpoint matrix: how many touchpoints each channel has, per journey and per
//! stage position, across the portfolio.

use crate::model::{Id, Journey};
use serde::Serialize;
use std::collections::BTreeSet;

/// How many touchpoints each channel has, per journey and per stage position.
///
/// Rows follow `channels`; `by_journey[c][j]` counts channel `c` in `journeys[j]`, and
/// `by_position[c][p]` counts it at the `positions[p]`-th stage of any journey.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TouchpointMatrix {
    /// Sorted and distinct; a touchpoint without a channel counts as `other`.
    pub channels: Vec<String>,
    /// Every journey, sorted by id.
    pub journeys: Vec<Id>,
    pub by_journey: Vec<Vec<usize>>,
    /// 1 ..= the most stages any journey has.
    pub positions: Vec<usize>,
    pub by_position: Vec<Vec<usize>>,
}

/// The channel name a touchpoint is counted under.
pub const OTHER_CHANNEL: &str = "other";

/// The channel a touchpoint is counted under: trimmed, and `other` when empty.
pub fn channel_name(channel: &str) -> &str {
    match channel.trim() {
        "" => OTHER_CHANNEL,
        c => c,
    }
}

/// `before` with the counts of the `edited` journeys (index, as they were) replaced by
/// those of `journeys` now; `None` when a channel comes or goes, or the journeys are not
/// the matrix's columns, and the matrix must be counted anew.
pub(super) fn updated(
    before: &TouchpointMatrix,
    journeys: &[Journey],
    edited: &[(usize, &Journey)],
) -> Option<TouchpointMatrix> {
    let mut matrix = before.clone();
    let row = |channel: &str| {
        before
            .channels
            .binary_search_by(|c| c.as_str().cmp(channel_name(channel)))
            .ok()
    };
    for &(column, old) in edited {
        let new = journeys.get(column)?;
        if matrix.journeys.get(column) != Some(&new.id) {
            return None;
        }
        for (journey, add) in [(old, false), (new, true)] {
            for (position, stage) in journey.front.stages.iter().enumerate() {
                for t in &stage.touchpoints {
                    let r = row(&t.channel)?;
                    for cell in [
                        matrix.by_journey.get_mut(r)?.get_mut(column)?,
                        matrix.by_position.get_mut(r)?.get_mut(position)?,
                    ] {
                        *cell = if add { *cell + 1 } else { cell.checked_sub(1)? };
                    }
                }
            }
        }
    }
    let channel_gone = matrix.by_position.iter().any(|r| r.iter().all(|&n| n == 0));
    (!channel_gone).then_some(matrix)
}

/// Touchpoint counts by channel against journeys and against stage positions.
pub fn touchpoint_matrix(journeys: &[Journey]) -> TouchpointMatrix {
    let mut sorted: Vec<&Journey> = journeys.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));

    let channels: Vec<String> = sorted
        .iter()
        .flat_map(|j| &j.front.stages)
        .flat_map(|s| &s.touchpoints)
        .map(|t| channel_name(&t.channel))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(str::to_string)
        .collect();
    let row = |channel: &str| channels.binary_search_by(|c| c.as_str().cmp(channel));
    let max_stages = sorted
        .iter()
        .map(|j| j.front.stages.len())
        .max()
        .unwrap_or(0);

    let mut by_journey = vec![vec![0; sorted.len()]; channels.len()];
    let mut by_position = vec![vec![0; max_stages]; channels.len()];
    for (col, journey) in sorted.iter().enumerate() {
        for (position, stage) in journey.front.stages.iter().enumerate() {
            for t in &stage.touchpoints {
                if let Ok(r) = row(channel_name(&t.channel)) {
                    by_journey[r][col] += 1;
                    by_position[r][position] += 1;
                }
            }
        }
    }
    TouchpointMatrix {
        channels,
        journeys: sorted.iter().map(|j| j.id.clone()).collect(),
        by_journey,
        positions: (1..=max_stages).collect(),
        by_position,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse;
    use crate::analysis::testutil::*;

    #[test]
    fn touchpoint_matrices_by_journey_and_stage_position() {
        let m = analyse(&two_journeys()).portfolio.touchpoint_matrix;
        assert_eq!(m.channels, vec!["email", "other", "phone", "social", "web"]);
        let journeys: Vec<_> = m.journeys.iter().map(Id::as_str).collect();
        assert_eq!(journeys, vec!["buy", "support"]);
        assert_eq!(
            m.by_journey,
            vec![vec![0, 1], vec![1, 0], vec![0, 1], vec![1, 0], vec![2, 1]]
        );
        assert_eq!(m.positions, vec![1, 2, 3]);
        assert_eq!(
            m.by_position,
            vec![
                vec![0, 0, 1],
                vec![0, 1, 0],
                vec![1, 0, 0],
                vec![1, 0, 0],
                vec![2, 1, 0],
            ]
        );
    }

    #[test]
    fn an_edit_updates_the_touchpoint_matrix_as_a_recount_would() {
        let before = two_journeys();
        let analysis = analyse(&before);
        let mut after = before.clone();
        // `buy` (index 0) trades its social touchpoint for a web one; `support` (index 1)
        // drops its only email touchpoint, so the email channel goes.
        after.journeys[0].front.stages[0].touchpoints[1].channel = "web".into();
        after.journeys[1].front.stages[2].touchpoints.clear();
        let edited = [(0, &before.journeys[0]), (1, &before.journeys[1])];
        let portfolio = crate::analysis::portfolio::portfolio_after_edit(
            &after,
            &analysis.journeys,
            &analysis.portfolio,
            &edited,
        );
        assert_eq!(
            portfolio.touchpoint_matrix,
            touchpoint_matrix(&after.journeys)
        );
        assert_eq!(
            portfolio.touchpoint_matrix.channels,
            vec!["other", "phone", "web"]
        );
        // Counts move between channels that stay: updated in place.
        let mut moved = before.clone();
        moved.journeys[1].front.stages[0].touchpoints[1].channel = "phone".into();
        let edited = [(1, &before.journeys[1])];
        let m = super::updated(
            &analysis.portfolio.touchpoint_matrix,
            &moved.journeys,
            &edited,
        );
        assert_eq!(m, Some(touchpoint_matrix(&moved.journeys)));
    }
}
