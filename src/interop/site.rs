//! The site side of importing and exporting: which personas and journeys it has, checking
//! an imported journey against them, and writing it as `journeys/<id>.md`.

use super::{front_matter, slug, Context, Draft, InteropError, Reading};
use crate::content::{self, Body, IdFile};
use crate::diagnostics::{display_path, Diagnostic};
use crate::model::{id_problem, Date, Id, Journey, JourneyKind, Persona};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What an import is asked for, beyond its file.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// The id of the persona who walks the journey.
    pub persona: String,
    /// The journey's id; made from the file's name (else its title) when not given.
    pub id: Option<String>,
    /// The journey's kind; else the kind the file names, else `current-state`.
    pub kind: Option<JourneyKind>,
    /// Replace `journeys/<id>.md` when it exists.
    pub force: bool,
    /// The review date of a journey whose file gives none.
    pub today: Date,
}

/// A journey written by an import.
#[derive(Debug)]
pub struct Written {
    pub path: PathBuf,
    pub id: Id,
    /// Whether it is a draft (left off the site until reviewed).
    pub draft: bool,
    /// Warnings about the input.
    pub diagnostics: Vec<Diagnostic>,
    /// What was assumed.
    pub notes: Vec<String>,
}

/// The personas and journeys of a site.
#[derive(Clone, Debug)]
pub struct SiteInfo {
    pub root: PathBuf,
    pub personas: Vec<IdFile>,
    pub journeys: Vec<IdFile>,
}

impl SiteInfo {
    /// Lists the personas and journeys of the site at `root`, which must have a
    /// `site.yaml`.
    pub fn read(root: &Path) -> Result<SiteInfo, InteropError> {
        let config = root.join(crate::workspace::SITE_FILE);
        if !config.is_file() {
            return Err(InteropError::Content(vec![Diagnostic::in_file(
                config,
                "no site.yaml: this folder is not a waymark site",
            )
            .with_hint("name the site folder with `--site`, or start a site with `waymark init my-journeys`")]));
        }
        let (files, _) = content::discover(root);
        Ok(SiteInfo {
            root: root.to_path_buf(),
            personas: files.personas,
            journeys: files.journeys,
        })
    }

    /// Every persona's id and name (its id when its file does not read).
    fn persona_names(&self) -> Vec<(Id, String)> {
        self.personas
            .iter()
            .filter_map(|file| {
                let id = Id::try_from(file.id.clone()).ok()?;
                let name = content::parse_persona(file, Body::Checked)
                    .map(|p| p.front.name)
                    .unwrap_or_else(|_| file.id.clone());
                Some((id, name))
            })
            .collect()
    }

    fn known(&self, files: &[IdFile]) -> String {
        let ids: Vec<&str> = files.iter().map(|f| f.id.as_str()).collect();
        ids.join(", ")
    }
}

/// The journey `id` of the site and its persona (when its file reads), for an export.
pub fn find_journey(site: &Path, id: &str) -> Result<(Journey, Option<Persona>), InteropError> {
    let info = SiteInfo::read(site)?;
    let Some(file) = info.journeys.iter().find(|f| f.id == id) else {
        let hint = match info.journeys.is_empty() {
            true => "the site has no journey yet".to_string(),
            false => format!("known journeys: {}", info.known(&info.journeys)),
        };
        return Err(InteropError::usage(
            format!("no journey `{id}` (journeys/{id}.md does not exist)"),
            hint,
        ));
    };
    let journey =
        content::parse_journey(file, Body::Checked).map_err(|d| InteropError::Content(vec![d]))?;
    let persona = info
        .personas
        .iter()
        .find(|f| f.id == journey.front.persona.as_str())
        .and_then(|f| content::parse_persona(f, Body::Checked).ok());
    Ok((journey, persona))
}

/// Reads `file` with `read` (one of the importers) and writes the journey it makes into
/// the site at `site`: the whole import.
pub fn import_with(
    site: &Path,
    file: &Path,
    options: &ImportOptions,
    read: impl FnOnce(&[u8], &Context) -> Reading,
) -> Result<Written, InteropError> {
    let info = SiteInfo::read(site)?;
    if !info.personas.iter().any(|f| f.id == options.persona) {
        let hint = match info.personas.is_empty() {
            true => {
                "the site has no persona yet: add one with `waymark new persona <id>`".to_string()
            }
            false => format!(
                "known personas: {}; add another with `waymark new persona <id>`",
                info.known(&info.personas)
            ),
        };
        return Err(InteropError::usage(
            format!(
                "no persona `{0}` (personas/{0}.md does not exist)",
                options.persona
            ),
            hint,
        ));
    }
    if let Some(problem) = options.id.as_deref().and_then(id_problem) {
        return Err(InteropError::usage(
            problem,
            "an id is the file name: lowercase ASCII letters, digits and `-`, e.g. `buying-online`",
        ));
    }
    let bytes = std::fs::read(file).map_err(|error| {
        InteropError::Content(vec![Diagnostic::in_file(
            file,
            format!("cannot read the file: {error}"),
        )])
    })?;
    let persona = Id::try_from(options.persona.clone())
        .map_err(|problem| InteropError::usage(problem, "a persona id is its file name"))?;
    let context = Context {
        persona,
        personas: info.persona_names(),
        kind: options.kind,
        today: options.today,
        file_stem: file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        file_name: file
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let Reading {
        draft,
        mut diagnostics,
        notes,
    } = read(&bytes, &context);
    let Some(mut draft) = draft.filter(|_| !diagnostics.iter().any(Diagnostic::is_error)) else {
        return Err(InteropError::Content(diagnostics));
    };
    let id = journey_id(options.id.as_deref(), &draft);
    // `./journeys/…` reads better without its `./`.
    let folder = match info.root == Path::new(".") {
        true => PathBuf::from("journeys"),
        false => info.root.join("journeys"),
    };
    let path = folder.join(format!("{id}.md"));
    if path.exists() && !options.force {
        return Err(InteropError::usage(
            format!(
                "{} exists already; it is left as it is",
                display_path(&path).display()
            ),
            "pass `--force` to replace it, or `--id` to write the journey under another id",
        ));
    }
    check_references(&mut draft, &id, &info, file, &mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(InteropError::Content(diagnostics));
    }
    let text = front_matter::journey_file(&draft.front, &draft.body);
    // What is written must read back as exactly this journey.
    let id_file = IdFile {
        id: id.to_string(),
        path: path.clone(),
    };
    match content::parse_journey_text(&id_file, &text, Body::Checked) {
        Ok(journey) if journey.front == draft.front => {}
        Ok(_) => return Err(generated_invalid(&path, "it reads back as another journey")),
        Err(err) => return Err(generated_invalid(&path, &err.message)),
    }
    write_file(&path, text.as_bytes(), options.force)?;
    Ok(Written {
        path,
        id,
        draft: draft.front.draft,
        diagnostics,
        notes,
    })
}

fn generated_invalid(path: &Path, problem: &str) -> InteropError {
    InteropError::Io {
        path: path.to_path_buf(),
        error: std::io::Error::other(format!(
            "the journey made from the file is not valid ({problem}); nothing was written"
        )),
    }
}

/// `--id`, else the first of the draft's names that makes an id, else `journey`.
fn journey_id(given: Option<&str>, draft: &Draft) -> Id {
    let made = given.map(str::to_string).unwrap_or_else(|| {
        draft
            .id_sources
            .iter()
            .map(|name| slug::slug(name))
            .find(|id| !id.is_empty())
            .unwrap_or_else(|| "journey".into())
    });
    Id::try_from(made).unwrap_or_else(|_| Id::try_from("journey".to_string()).expect("valid id"))
}

/// The checks `waymark check` makes across files, on the draft before it is written,
/// each located in the imported file: stage and pain point ids unique, `addresses`
/// naming pain points of the journey, `compare_to` naming another journey of the site
/// (left out with a warning when it does not: the journey came from elsewhere).
fn check_references(
    draft: &mut Draft,
    id: &Id,
    info: &SiteInfo,
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let at = |stage: usize| draft.stage_spots.get(stage).copied().unwrap_or((0, 0));
    if let Some(other) = draft.front.compare_to.clone() {
        let known = info.journeys.iter().any(|f| f.id == other.as_str());
        if other == *id || !known {
            let (line, column) = draft.title_spot;
            let why = match other == *id {
                true => "it is this journey itself".to_string(),
                false => format!("the site has no journey `{other}`"),
            };
            diagnostics.push(
                Diagnostic::warning(file, line, column, format!("`compare_to: {other}` is left out: {why}"))
                    .with_hint("set `compare_to:` in the written journey once the journey to compare with is there"),
            );
            draft.front.compare_to = None;
        }
    }
    let mut stage_ids = BTreeSet::new();
    let mut pain_ids = BTreeSet::new();
    for (s, stage) in draft.front.stages.iter().enumerate() {
        let (line, column) = at(s);
        if !stage_ids.insert(stage.id.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    line,
                    column,
                    format!("duplicate stage id `{}`", stage.id),
                )
                .with_hint("stage ids must be unique in a journey"),
            );
        }
        for pain in &stage.pain_points {
            if let Some(pain_id) = &pain.id {
                if !pain_ids.insert(pain_id.as_str()) {
                    diagnostics.push(
                        Diagnostic::error(
                            file,
                            line,
                            column,
                            format!("duplicate pain point id `{pain_id}`"),
                        )
                        .with_hint("pain point ids must be unique in a journey"),
                    );
                }
            }
        }
    }
    for (s, stage) in draft.front.stages.iter().enumerate() {
        let (line, column) = at(s);
        for opportunity in &stage.opportunities {
            for target in &opportunity.addresses {
                if !pain_ids.contains(target.as_str()) {
                    let known: Vec<&str> = pain_ids.iter().copied().collect();
                    let hint = match known.is_empty() {
                        true => "the journey has no pain point with an `id`".to_string(),
                        false => format!("known pain point ids: {}", known.join(", ")),
                    };
                    diagnostics.push(
                        Diagnostic::error(
                            file,
                            line,
                            column,
                            format!("opportunity `{}`: `addresses` names no pain point `{target}` of this journey", opportunity.text),
                        )
                        .with_hint(hint),
                    );
                }
            }
        }
    }
}

/// Writes `bytes` to `path`, creating its folder. Without `replace` an existing file is
/// refused, in the same step as the creation; with it, the file is replaced whole (a
/// sibling written first, then renamed over it).
pub fn write_file(path: &Path, bytes: &[u8], replace: bool) -> Result<(), InteropError> {
    let io = |error| InteropError::Io {
        path: path.to_path_buf(),
        error,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    if !replace {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|error| match error.kind() {
                std::io::ErrorKind::AlreadyExists => InteropError::usage(
                    format!(
                        "{} exists already; it is left as it is",
                        display_path(path).display()
                    ),
                    "pass `--force` to replace it",
                ),
                _ => io(error),
            })?;
        return file.write_all(bytes).map_err(io);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let partial = path.with_file_name(format!(".{name}.waymark-partial"));
    let written = std::fs::write(&partial, bytes).and_then(|()| std::fs::rename(&partial, path));
    if let Err(error) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(io(error));
    }
    Ok(())
}

/// An id or file stem as words for a title: `buying-online` → `Buying online`.
pub fn words(stem: &str) -> String {
    let text = stem.replace(['-', '_'], " ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => "Imported journey".into(),
    }
}
