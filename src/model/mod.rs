//! The site model: everything the content says, typed, after parsing.
//!
//! Front-matter structs derive `Deserialize` with `deny_unknown_fields` so a typo such as
//! `rol:` is an error; value checks that serde can make (enums, the emotion range, dates,
//! ids) live in `TryFrom` impls so the YAML reader reports them at the offending value.

mod experiment;
mod feedback;
mod period;
mod url;
mod values;

pub use experiment::*;
pub use feedback::*;
pub use period::*;
pub use url::*;
pub use values::*;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How to read and judge one metric named in the CSVs (`site.yaml` → `metrics`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricDef {
    pub label: String,
    #[serde(default = "default_unit")]
    pub unit: Unit,
    #[serde(default = "default_better")]
    pub better: Better,
    /// The metric whose values per stage make the journey's funnel.
    #[serde(default)]
    pub funnel: bool,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    /// A customer rating (needs `min` and `max`): compared with each stage's emotion.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub satisfaction: bool,
}

fn default_unit() -> Unit {
    Unit::Number
}

fn default_better() -> Better {
    Better::Higher
}

/// `site.yaml`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub unsafe_html: bool,
    #[serde(default)]
    pub repo_url: Option<String>,
    #[serde(default = "default_branch")]
    pub repo_branch: String,
    #[serde(default = "default_stale_after_days")]
    pub stale_after_days: u32,
    #[serde(default)]
    pub metrics: BTreeMap<String, MetricDef>,
    #[serde(default)]
    pub feedback: FeedbackConfig,
    /// Whether the site gets a search index and page (`search: false` turns them off).
    #[serde(default = "default_search")]
    pub search: bool,
}

fn default_search() -> bool {
    true
}

fn default_base_url() -> String {
    "/".into()
}
fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_branch() -> String {
    "main".into()
}
fn default_stale_after_days() -> u32 {
    180
}

/// A persona's front-matter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonaFront {
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub segment: String,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub frustrations: Vec<String>,
    #[serde(default)]
    pub motivations: Vec<String>,
    #[serde(default)]
    pub channels: Vec<String>,
    #[serde(default)]
    pub quote: Option<String>,
}

/// A persona: who walks the journeys.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Persona {
    pub id: Id,
    #[serde(flatten)]
    pub front: PersonaFront,
    /// The Markdown body rendered to (sanitized) HTML.
    pub body_html: String,
    /// The source file, relative to the site directory.
    #[serde(skip)]
    pub source: PathBuf,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Touchpoint {
    pub name: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub kind: Option<TouchpointKind>,
    #[serde(default)]
    pub mode: Option<Mode>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PainPoint {
    /// Lets opportunities name the pain points they address.
    #[serde(default)]
    pub id: Option<Id>,
    pub text: Arc<str>,
    pub severity: Severity,
    /// The feedback tags that back it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opportunity {
    #[serde(default)]
    pub id: Option<Id>,
    pub text: Arc<str>,
    pub impact: Level,
    pub effort: Level,
    #[serde(default)]
    pub owner: Option<Arc<str>>,
    #[serde(default = "default_status")]
    pub status: Status,
    /// Ids of pain points of the same journey that this opportunity addresses.
    #[serde(default)]
    pub addresses: Vec<Id>,
    /// When the change shipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<Date>,
    /// The site.yaml metric the change is meant to move, at the opportunity's stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experiment: Option<Box<Experiment>>,
}

fn default_status() -> Status {
    Status::Idea
}

/// The service-blueprint lanes of a stage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blueprint {
    #[serde(default)]
    pub frontstage: Vec<String>,
    #[serde(default)]
    pub backstage: Vec<String>,
    #[serde(default)]
    pub support: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
}

impl Blueprint {
    pub fn is_empty(&self) -> bool {
        self.frontstage.is_empty()
            && self.backstage.is_empty()
            && self.support.is_empty()
            && self.evidence.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub id: Id,
    /// Shared with the analysis, which names the stage in each of its items.
    pub name: Arc<str>,
    #[serde(default)]
    pub goal: String,
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(default)]
    pub thoughts: Vec<String>,
    #[serde(default)]
    pub emotion: Option<Emotion>,
    #[serde(default)]
    pub touchpoints: Vec<Touchpoint>,
    #[serde(default)]
    pub pain_points: Vec<PainPoint>,
    #[serde(default)]
    pub opportunities: Vec<Opportunity>,
    #[serde(default)]
    pub blueprint: Option<Blueprint>,
}

/// A journey's front-matter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JourneyFront {
    pub title: String,
    pub persona: Id,
    pub kind: JourneyKind,
    #[serde(default)]
    pub scenario: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub compare_to: Option<Id>,
    #[serde(default)]
    pub draft: bool,
    pub stages: Vec<Stage>,
}

/// A journey map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Journey {
    pub id: Id,
    #[serde(flatten)]
    pub front: JourneyFront,
    pub body_html: String,
    #[serde(skip)]
    pub source: PathBuf,
}

/// One observation of a series.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    pub period: Period,
    pub value: f64,
    pub target: Option<f64>,
}

/// The values of one metric at one stage (and segment) over time, sorted by period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    pub stage: Id,
    /// Shared by the series of one file, which name a few metrics many times.
    pub metric: Arc<str>,
    pub segment: Option<String>,
    pub points: Vec<Point>,
    /// The file and line of the series' first row, to locate warnings about it.
    #[serde(skip)]
    pub source: Arc<Path>,
    #[serde(skip)]
    pub line: usize,
}

/// Every metric series of one journey, sorted by (metric, stage, segment).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct JourneyMetrics {
    pub series: Vec<Series>,
}

/// A file under `static/`, copied as it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct StaticFile {
    /// Absolute (or site-relative) path to read from.
    pub source: PathBuf,
    /// Path relative to `static/`, with `/` separators; also the output path under `static/`.
    pub relative: String,
}

/// The whole site, parsed and validated.
#[derive(Clone, Debug, PartialEq)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// `index.md` rendered to HTML.
    pub intro_html: Option<String>,
    /// Sorted by id.
    pub personas: Vec<Persona>,
    /// Sorted by id; drafts only when asked for.
    pub journeys: Vec<Journey>,
    /// The personas of the draft journeys left out, sorted: they are not without a
    /// journey, only without a published one.
    pub draft_personas: Vec<Id>,
    /// Journey id → its metric series; journeys without metrics have no entry.
    pub metrics: BTreeMap<Id, JourneyMetrics>,
    /// Journey id → its customer feedback; journeys without feedback have no entry.
    pub feedback: BTreeMap<Id, JourneyFeedback>,
    /// Sorted by relative path.
    pub static_files: Vec<StaticFile>,
    /// The release snapshots in `releases/`, oldest first (by date, then name); none in
    /// the site of a snapshot itself.
    pub releases: Vec<crate::snapshot::Snapshot>,
    /// The site's own translation tables, `i18n/<language>.yaml`, sorted by language;
    /// none in the site of a snapshot itself.
    pub translations: Vec<TranslationFile>,
}

/// A translation table of the site's own, `i18n/<language>.yaml`, as read: the pages'
/// words in `language`, over the built-in ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranslationFile {
    /// The file stem: a language code such as `ru` or `pt-BR`.
    pub language: String,
    pub path: PathBuf,
    pub text: String,
}

/// The stage ids of each journey, in order: what CSV rows are checked against.
pub fn stage_ids(journeys: &[Journey]) -> BTreeMap<Id, Vec<Id>> {
    journeys
        .iter()
        .map(|j| {
            (
                j.id.clone(),
                j.front.stages.iter().map(|s| s.id.clone()).collect(),
            )
        })
        .collect()
}

impl Site {
    pub fn persona(&self, id: &str) -> Option<&Persona> {
        self.personas
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.personas[i])
    }

    pub fn journey(&self, id: &str) -> Option<&Journey> {
        self.journeys
            .binary_search_by(|j| j.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.journeys[i])
    }

    /// The metric definition that drives funnels, if the site has one.
    pub fn funnel_metric(&self) -> Option<(&str, &MetricDef)> {
        self.config
            .metrics
            .iter()
            .find(|(_, def)| def.funnel)
            .map(|(key, def)| (key.as_str(), def))
    }
}

/// `value` copied into allocations of exactly the size it uses, the original freed.
///
/// Lists read from YAML, and those collected item by item, grow by doubling and keep up
/// to half their room unused; for a parsed journey that is two fifths of its memory. A
/// `shrink_to_fit` does not help, since the allocator keeps a block that shrinks by
/// less than half; a clone allocates each list and text at its length.
pub fn compacted<T: Clone>(value: T) -> T {
    value.clone()
}
