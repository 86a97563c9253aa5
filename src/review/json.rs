//! The report as JSON for tools: `version` 1, what was compared, the counts, and every
//! change with the ids of what it is about (README, "Reviewing changes", lists the
//! fields). Fields are only ever added within a version.

use super::{Base, BaseState, Report};
use crate::snapshot::diff::outline::{
    CompletenessChange, PersonaRef, Renamed, StageChange, StageOrder, StageRename,
};
use crate::snapshot::diff::warnings::Warning;
use crate::snapshot::diff::{
    BottleneckMove, ConversionChange, EmotionChange, JourneyRef, KpiChange, OpportunityChange,
    PainPointChange,
};
use serde::Serialize;

/// The version of the JSON's layout.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct Json<'a> {
    version: u32,
    base: JsonBase,
    site: String,
    total: usize,
    worse: usize,
    better: usize,
    journeys_added: &'a [JourneyRef],
    journeys_removed: &'a [JourneyRef],
    journeys_renamed: &'a [Renamed<JourneyRef>],
    personas_added: &'a [PersonaRef],
    personas_removed: &'a [PersonaRef],
    personas_renamed: &'a [Renamed<PersonaRef>],
    stages_added: &'a [StageChange],
    stages_removed: &'a [StageChange],
    stages_renamed: &'a [StageRename],
    stages_reordered: &'a [StageOrder],
    emotion_changes: &'a [EmotionChange],
    pain_points_added: &'a [PainPointChange],
    pain_points_resolved: &'a [PainPointChange],
    opportunities_added: &'a [OpportunityChange],
    opportunity_status_changes: &'a [OpportunityChange],
    kpi_changes: &'a [KpiChange],
    bottleneck_moves: &'a [BottleneckMove],
    conversion_changes: &'a [ConversionChange],
    completeness_changes: &'a [CompletenessChange],
    warnings_appeared: &'a [Warning],
    warnings_gone: &'a [Warning],
}

#[derive(Serialize)]
struct JsonBase {
    /// The revision as named, or the folder.
    name: String,
    /// The full commit id; `null` for a folder.
    commit: Option<String>,
    /// Whether `commit` is the merge base of `HEAD` and the branch `name`.
    merge_base: bool,
    /// `loaded`, `missing` (no site there: everything is added) or `broken` (it has
    /// errors: nothing is compared).
    state: &'static str,
    /// The base's errors when it is broken, as `file:line:column: message`.
    errors: Vec<String>,
}

impl Report {
    /// The report as pretty-printed JSON, ending in a newline.
    pub fn json(&self) -> String {
        let (name, commit, merge_base) = match &self.base {
            Base::Folder(dir) => (dir.display().to_string(), None, false),
            Base::Revision(r) => (r.name.clone(), Some(r.commit.clone()), r.merge_base),
        };
        let (state, errors) = match &self.base_state {
            BaseState::Loaded => ("loaded", vec![]),
            BaseState::Missing => ("missing", vec![]),
            BaseState::Broken(diagnostics) => (
                "broken",
                diagnostics.iter().map(|d| d.to_string()).collect(),
            ),
        };
        let review = &self.review;
        let (c, o, w) = (&review.changes, &review.outline, &review.warnings);
        let json = Json {
            version: VERSION,
            base: JsonBase {
                name,
                commit,
                merge_base,
                state,
                errors,
            },
            site: self.site_dir.display().to_string(),
            total: review.total(),
            worse: review.worse(),
            better: review.better(),
            journeys_added: &c.journeys_added,
            journeys_removed: &c.journeys_removed,
            journeys_renamed: &o.journeys_renamed,
            personas_added: &o.personas_added,
            personas_removed: &o.personas_removed,
            personas_renamed: &o.personas_renamed,
            stages_added: &o.stages_added,
            stages_removed: &o.stages_removed,
            stages_renamed: &o.stages_renamed,
            stages_reordered: &o.stages_reordered,
            emotion_changes: &c.emotion_changes,
            pain_points_added: &c.pain_points_added,
            pain_points_resolved: &c.pain_points_resolved,
            opportunities_added: &c.opportunities_added,
            opportunity_status_changes: &c.opportunity_status_changes,
            kpi_changes: &c.kpi_changes,
            bottleneck_moves: &c.bottleneck_moves,
            conversion_changes: &c.conversion_changes,
            completeness_changes: &o.completeness_changes,
            warnings_appeared: &w.appeared,
            warnings_gone: &w.gone,
        };
        let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
        text.push('\n');
        text
    }
}
