//! The pages that list every verbatim of a journey, a hundred a page: all of them
//! (`journeys/<id>-feedback.html`), and those of one stage, one sentiment or one source
//! (`<id>-feedback-stage-<stage>.html`, `-sentiment-negative.html`, `-source-<slug>.html`),
//! each paged alike. Filters are plain links, one dimension at a time, so a journey has at
//! most four pages per hundred verbatims.
//!
//! The site keeps only counts and quotes of its feedback, so the rows are read again from
//! their files, once, with what loading counted (verbatims per stage, sentiment and
//! source) sizing each listing; a page is written as soon as its hundred rows are in, so
//! memory holds a page per listing, never the rows. Journeys whose rows share a file (one
//! survey export with a `journey` column) are read together, so no file is read twice
//! here. Each row is drawn once, in code, and copied into every listing that shows it.

mod markup;

use super::context::Shared;
use super::pages::{page_path, pager, PAGE_SIZE};
use super::{theme::Theme, RenderError, Sink};
use crate::feedback::reader::FeedbackRow;
use crate::model::{verbatim_sentiment, Id, Journey, JourneyFeedback, Site, VERBATIM_SENTIMENTS};
use markup::{Filters, RowDrawer};
use minijinja::{context, Value};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// Whether `feedback` has a verbatim to list.
pub fn has_verbatims(feedback: &JourneyFeedback) -> bool {
    feedback.stages.values().any(|s| s.verbatims > 0)
}

/// The first page listing every verbatim of the journey `journey`, beside its page.
pub fn first_page(journey: &str) -> String {
    format!("{journey}-feedback.html")
}

/// One list of verbatims: all of them, or those of one filter value.
struct Listing {
    /// The file stem of its first page, beside the journey's page.
    stem: String,
    /// `all`, `stage`, `sentiment` or `source`.
    kind: &'static str,
    /// The filter value as the page names it (a stage's name, a source, a sentiment
    /// keyword).
    label: String,
    total: usize,
    page: usize,
    /// The table rows of the page being filled, as markup, and how many they are.
    rows: String,
    row_count: usize,
}

fn sentiment(row: &FeedbackRow) -> &'static str {
    VERBATIM_SENTIMENTS[verbatim_sentiment(row.rating.map(|r| row.scale.sentiment(r)))]
}

/// What the listings of a journey count, from what loading its feedback counted:
/// verbatims in all, per stage (by index), per sentiment and per source.
struct Counts<'a> {
    all: usize,
    stages: BTreeMap<usize, usize>,
    sentiments: BTreeMap<&'static str, usize>,
    sources: &'a BTreeMap<String, usize>,
}

impl<'a> Counts<'a> {
    fn new(journey: &Journey, feedback: &'a JourneyFeedback) -> Self {
        let stages: BTreeMap<usize, usize> = journey
            .front
            .stages
            .iter()
            .enumerate()
            .filter_map(|(i, stage)| Some((i, feedback.stages.get(&stage.id)?.verbatims)))
            .filter(|&(_, n)| n > 0)
            .collect();
        let sentiments = VERBATIM_SENTIMENTS
            .into_iter()
            .zip(feedback.verbatim_sentiments)
            .filter(|&(_, n)| n > 0)
            .collect();
        Counts {
            all: stages.values().sum(),
            stages,
            sentiments,
            sources: &feedback.verbatim_sources,
        }
    }
}

/// The listings of `journey` with their counts, and each source's slug: the all-rows
/// listing first.
fn listings(journey: &Journey, counts: &Counts) -> (Vec<Listing>, BTreeMap<String, usize>) {
    let id = journey.id.as_str();
    let listing = |stem: String, kind, label: String, total| Listing {
        stem,
        kind,
        label,
        total,
        page: 0,
        rows: String::new(),
        row_count: 0,
    };
    let mut all = vec![listing(
        format!("{id}-feedback"),
        "all",
        String::new(),
        counts.all,
    )];
    for (&i, &n) in &counts.stages {
        let stage = &journey.front.stages[i];
        all.push(listing(
            format!("{id}-feedback-stage-{}", stage.id),
            "stage",
            stage.name.to_string(),
            n,
        ));
    }
    for name in VERBATIM_SENTIMENTS {
        if let Some(&n) = counts.sentiments.get(name) {
            all.push(listing(
                format!("{id}-feedback-sentiment-{name}"),
                "sentiment",
                name.to_string(),
                n,
            ));
        }
    }
    let mut taken = BTreeSet::new();
    let mut sources = BTreeMap::new();
    for (source, &n) in counts.sources {
        let slug =
            crate::interop::slug::unique(&crate::interop::slug::slug(source), "source", &mut taken);
        sources.insert(source.clone(), all.len());
        all.push(listing(
            format!("{id}-feedback-source-{slug}"),
            "source",
            source.clone(),
            n,
        ));
    }
    (all, sources)
}

/// Renders the verbatim pages of every journey of `site` with verbatims (of `only`, when
/// given, by id) into `sink`; returns their paths. Journeys whose rows share a file are
/// rendered together, so every file is read once here, however many journeys it holds.
pub(super) fn render(
    theme: &Theme,
    shared: &Shared,
    site: &Site,
    only: Option<&[&str]>,
    sink: &dyn Sink,
) -> Result<Vec<String>, RenderError> {
    let stage_ids = crate::model::stage_ids(&site.journeys);
    let journeys: Vec<(&Journey, &JourneyFeedback)> = site
        .journeys
        .iter()
        .filter(|j| only.is_none_or(|only| only.contains(&j.id.as_str())))
        .filter_map(|j| Some((j, site.feedback.get(&j.id)?)))
        .filter(|(_, f)| has_verbatims(f))
        .collect();
    let reading = Reading {
        site,
        stage_ids: &stage_ids,
    };
    let results: Vec<Result<Vec<String>, RenderError>> = sharing_files(&journeys)
        .par_iter()
        .map(|group| {
            let members: Vec<(&Journey, &JourneyFeedback)> =
                group.iter().map(|&i| journeys[i]).collect();
            render_group(theme, shared, &reading, &members, sink)
        })
        .collect();
    let mut paths = Vec::new();
    for result in results {
        paths.extend(result?);
    }
    Ok(paths)
}

/// The journeys (as indices into `journeys`) grouped so that journeys whose rows share a
/// file are in one group, each group in the order of `journeys`.
fn sharing_files(journeys: &[(&Journey, &JourneyFeedback)]) -> Vec<Vec<usize>> {
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut parent: Vec<usize> = (0..journeys.len()).collect();
    let mut first_reader: HashMap<&Path, usize> = HashMap::new();
    for (i, (_, feedback)) in journeys.iter().enumerate() {
        for path in &feedback.sources {
            let other = *first_reader.entry(path).or_insert(i);
            let (a, b) = (root(&mut parent, i), root(&mut parent, other));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..journeys.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    groups.into_values().collect()
}

/// How the feedback files are read again.
struct Reading<'a> {
    site: &'a Site,
    stage_ids: &'a BTreeMap<Id, Vec<Id>>,
}

impl Reading<'_> {
    /// Visits every row of `files`, in order, whose journey is one of `members` (by its
    /// index there); the problems of a file that changed since the first read are errors.
    fn rows(
        &self,
        files: &[&Path],
        members: &HashMap<&str, usize>,
        visit: &mut dyn FnMut(usize, &FeedbackRow),
    ) -> Result<(), RenderError> {
        let mut errors = Vec::new();
        for path in files {
            errors.extend(crate::feedback::for_each_row_in(
                path,
                self.stage_ids,
                &self.site.config,
                &mut |row| {
                    if let Some(&at) = members.get(row.journey.as_str()) {
                        visit(at, row);
                    }
                },
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(RenderError::Templates(errors))
        }
    }
}

/// The listings of one journey while its rows are read: the pages fill as rows come.
struct JourneyListings<'a> {
    journey: &'a Journey,
    listings: Vec<Listing>,
    filters: Filters,
    /// The listing of each stage (by index), sentiment and source that a row joins.
    stage_listing: BTreeMap<usize, usize>,
    sentiment_listing: BTreeMap<&'static str, usize>,
    source_listing: BTreeMap<String, usize>,
}

impl<'a> JourneyListings<'a> {
    fn new(shared: &Shared, journey: &'a Journey, counts: &Counts) -> Self {
        let (listings, source_listing) = listings(journey, counts);
        let filters = Filters::new(shared, &listings);
        let stage_listing = listings
            .iter()
            .enumerate()
            .filter(|(_, l)| l.kind == "stage")
            .zip(counts.stages.keys())
            .map(|((at, _), &stage)| (stage, at))
            .collect();
        let sentiment_listing = VERBATIM_SENTIMENTS
            .iter()
            .filter_map(|&s| {
                let at = listings
                    .iter()
                    .position(|l| l.kind == "sentiment" && l.label == s)?;
                Some((s, at))
            })
            .collect();
        JourneyListings {
            journey,
            listings,
            filters,
            stage_listing,
            sentiment_listing,
            source_listing,
        }
    }

    /// Adds `row` to every listing it belongs to; returns the pages that became full.
    /// The row is drawn once, however many listings show it.
    fn add(&mut self, drawer: &mut RowDrawer, row: &FeedbackRow, text: &str) -> Vec<usize> {
        let sentiment = sentiment(row);
        let stage_name = &self.journey.front.stages[row.stage_index].name;
        let html = drawer.draw(row, text, stage_name, sentiment);
        let mut targets = vec![0];
        targets.extend(self.stage_listing.get(&row.stage_index));
        targets.extend(self.sentiment_listing.get(sentiment));
        targets.extend(row.source.and_then(|s| self.source_listing.get(s)));
        let mut full = Vec::new();
        for at in targets {
            let listing = &mut self.listings[at];
            if listing.rows.capacity() == 0 {
                // A page's rows are alike in size: room for them all at once.
                let rows = PAGE_SIZE.min(listing.total);
                listing
                    .rows
                    .reserve(html.len().saturating_mul(rows) * 5 / 4);
            }
            listing.rows.push_str(html);
            listing.row_count += 1;
            if listing.row_count == PAGE_SIZE {
                full.push(at);
            }
        }
        full
    }
}

/// Renders the verbatim pages of `members`, journeys whose rows share files.
fn render_group(
    theme: &Theme,
    shared: &Shared,
    reading: &Reading,
    members: &[(&Journey, &JourneyFeedback)],
    sink: &dyn Sink,
) -> Result<Vec<String>, RenderError> {
    let mut files: Vec<&Path> = Vec::new();
    for (_, feedback) in members {
        for path in &feedback.sources {
            if !files.contains(&&**path) {
                files.push(path);
            }
        }
    }
    let index: HashMap<&str, usize> = members
        .iter()
        .enumerate()
        .map(|(at, (j, _))| (j.id.as_str(), at))
        .collect();
    let mut states: Vec<JourneyListings> = members
        .iter()
        .map(|(journey, feedback)| {
            JourneyListings::new(shared, journey, &Counts::new(journey, feedback))
        })
        .collect();
    let mut drawer = RowDrawer::new(shared.locale());
    let mut page_buffer = Vec::new();
    let mut paths = Vec::new();
    let mut failure = None;
    reading.rows(&files, &index, &mut |at, row| {
        let Some(text) = row.text.as_deref() else {
            return;
        };
        if failure.is_some() {
            return;
        }
        let state = &mut states[at];
        for full in state.add(&mut drawer, row, text) {
            let page = Page {
                theme,
                shared,
                journey: state.journey,
                filters: &state.filters,
                sink,
            };
            match page.write(&mut state.listings[full], &mut page_buffer) {
                Ok(path) => paths.push(path),
                Err(err) => failure = Some(err),
            }
        }
    })?;
    if let Some(failure) = failure {
        return Err(failure);
    }
    for state in &mut states {
        let page = Page {
            theme,
            shared,
            journey: state.journey,
            filters: &state.filters,
            sink,
        };
        for listing in &mut state.listings {
            // The rest of each listing, and the one page of a listing with no rows.
            if listing.row_count > 0 || listing.page == 0 {
                paths.push(page.write(listing, &mut page_buffer)?);
            }
        }
    }
    Ok(paths)
}

/// What every page of a journey's listings shares.
struct Page<'a> {
    theme: &'a Theme,
    shared: &'a Shared<'a>,
    journey: &'a Journey,
    filters: &'a Filters,
    sink: &'a dyn Sink,
}

impl Page<'_> {
    /// Writes the next page of `listing` with the rows it holds, and empties them;
    /// `buffer` is where the page is rendered, kept from page to page.
    fn write(&self, listing: &mut Listing, buffer: &mut Vec<u8>) -> Result<String, RenderError> {
        listing.page += 1;
        let (_, pager) = pager(listing.total, listing.page, &listing.stem);
        let file = page_path(&listing.stem, listing.page);
        let path = format!("journeys/{file}");
        let title = self
            .shared
            .text("feedback.title", &[("journey", &self.journey.front.title)]);
        // The next page's rows fill a buffer of this one's size rather than grow one.
        let next_rows = String::with_capacity(listing.rows.len());
        let rows = std::mem::replace(&mut listing.rows, next_rows);
        let ctx = context! {
            ..self.shared.base("feedback", &title, &path, "../"),
            ..context! {
                journey => context! { id => self.journey.id.as_str(), title => &self.journey.front.title, persona => self.journey.front.persona.as_str() },
                listing => context! { stem => &listing.stem, kind => listing.kind, label => &listing.label, total => listing.total },
                filters => self.filters.value.clone(),
                filter_links => Value::from_safe_string(self.filters.draw(&listing.stem)),
                rows => Value::from_safe_string(rows),
                pager => pager,
            }
        };
        buffer.clear();
        super::render_template_into(self.theme, "feedback.html", ctx, buffer)
            .map_err(|err| RenderError::Templates(vec![err]))?;
        listing.row_count = 0;
        self.sink
            .write(&path, buffer)
            .map_err(|err| RenderError::Write(path.clone(), err))?;
        Ok(path)
    }
}
