//! A site's own translation tables, `i18n/<language>.yaml`: found and read with the rest
//! of the content, checked when the site is loaded (its `language:` must have a table,
//! built in or its own), and made into the locales a render writes with: the live site's,
//! and that of every release frozen in another language.

use super::{available, language_tag, Locale, LocaleError, SiteTable};
use crate::diagnostics::Diagnostic;
use crate::model::{Site, TranslationFile};
use crate::snapshot::Snapshot;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The folder of a site that holds its translation tables.
pub const FOLDER: &str = "i18n";

/// Reads every `i18n/<language>.yaml` of the site at `root`, sorted by language. A name
/// that is no language code, a link and a file that is not UTF-8 are errors; other files
/// are ignored with a warning.
pub fn read_tables(root: &Path) -> (Vec<TranslationFile>, Vec<Diagnostic>) {
    let dir = root.join(FOLDER);
    let mut tables = Vec::new();
    let mut diagnostics = Vec::new();
    if dir
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        diagnostics.push(
            Diagnostic::in_file(&dir, "symbolic links are not read in a site")
                .with_hint("copy the folder into the site instead of linking to it"),
        );
        return (tables, diagnostics);
    }
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (tables, diagnostics);
    };
    let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Ok(meta) = path.symlink_metadata() else {
            continue;
        };
        if name.starts_with('.') || meta.is_dir() {
            continue;
        }
        let Some(language) = name.strip_suffix(".yaml") else {
            diagnostics.push(
                Diagnostic::warning_in_file(&path, "ignored: not a .yaml file").with_hint(
                    "a translation table is named after its language: i18n/<language>.yaml",
                ),
            );
            continue;
        };
        if meta.file_type().is_symlink() {
            diagnostics.push(
                Diagnostic::in_file(&path, "symbolic links are not read in content folders")
                    .with_hint("copy the file into the site instead"),
            );
            continue;
        }
        if !meta.is_file() {
            diagnostics.push(Diagnostic::in_file(&path, "not a regular file"));
            continue;
        }
        if language_tag(language).is_err() {
            diagnostics.push(
                Diagnostic::in_file(
                    &path,
                    format!("bad file name: `{language}` is not a language code"),
                )
                .with_hint("name the table after its language, such as `ru.yaml` or `pt-BR.yaml`"),
            );
            continue;
        }
        match crate::content::read_text(&path) {
            Ok(text) => tables.push(TranslationFile {
                language: language.to_string(),
                text: text
                    .strip_prefix('\u{feff}')
                    .map(str::to_string)
                    .unwrap_or(text),
                path,
            }),
            Err(err) => diagnostics.push(err),
        }
    }
    tables.sort_by(|a, b| a.language.cmp(&b.language));
    (tables, diagnostics)
}

fn site_table(file: &TranslationFile) -> SiteTable<'_> {
    SiteTable {
        path: &file.path,
        text: &file.text,
    }
}

/// The table of `language` among `tables`.
fn table_for<'a>(tables: &'a [TranslationFile], language: &str) -> Option<&'a TranslationFile> {
    tables.iter().find(|t| t.language == language)
}

/// The locale of `language`: its built-in table with the site's own for it over it.
fn build(language: &str, tables: &[TranslationFile]) -> Result<Locale, LocaleError> {
    let own = table_for(tables, language).map(site_table);
    Locale::new(language, own).map(|(locale, _)| locale)
}

/// Checks the site's translation tables and its `language:` (set in `site_yaml`): every
/// table's problems, located in it (errors where a table cannot be read, warnings where it
/// falls short), and an error at `language:` when no table has that language.
pub fn check_site(site_yaml: &Path, language: &str, tables: &[TranslationFile]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for table in tables {
        match Locale::new(&table.language, Some(site_table(table))) {
            Ok((_, warnings)) => diagnostics.extend(warnings),
            Err(LocaleError::Table(errors)) => diagnostics.extend(errors),
            // Its name was checked when it was read.
            Err(LocaleError::UnknownLanguage(_)) => {}
        }
    }
    if table_for(tables, language).is_none() {
        if let Err(err) = Locale::new(language, None) {
            let at = crate::content::read_text(site_yaml).map_or((0, 0), |text| {
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                crate::yaml::locate(text, &[crate::yaml::Seg::Key("language")])
            });
            let own: Vec<&str> = tables.iter().map(|t| t.language.as_str()).collect();
            diagnostics.extend(err.diagnostics(site_yaml, at, &own));
        }
    }
    diagnostics
}

/// A warning for each of `releases` frozen in a language that has no table, neither
/// built in nor among `tables`: its pages are written in the site's `language`.
pub fn check_releases(
    site_dir: &Path,
    language: &str,
    releases: &[Snapshot],
    tables: &[TranslationFile],
) -> Vec<Diagnostic> {
    releases
        .iter()
        .filter(|r| {
            let frozen = r.site.config.language.as_str();
            frozen != language
                && !available().contains(&frozen)
                && table_for(tables, frozen).is_none()
        })
        .map(|r| {
            let path = site_dir
                .join(crate::snapshot::FOLDER)
                .join(format!("{}.json", r.name));
            let frozen = &r.site.config.language;
            Diagnostic::warning_in_file(
                path,
                format!(
                    "release `{}` was frozen in `{frozen}`, which has no translation table: \
                     its pages are written in `{language}`",
                    r.name
                ),
            )
            .with_hint(format!("add the table of `{frozen}` as i18n/{frozen}.yaml"))
        })
        .collect()
}

/// The locales a render of a site writes with, each built once and shared by every
/// render thread: the live site's, and one for each other language its releases were
/// frozen in.
pub struct Locales {
    pub live: Arc<Locale>,
    frozen: BTreeMap<String, Arc<Locale>>,
}

impl Locales {
    /// The locales of `site`. Fails only when the site's own language has no usable table,
    /// which loading the site reports first; a release in such a language is written in
    /// the site's.
    pub fn new(site: &Site) -> Result<Locales, Vec<Diagnostic>> {
        let tables = &site.translations;
        let language = &site.config.language;
        let site_yaml = site.root.join("site.yaml");
        let live = build(language, tables).map_err(|err| {
            let own: Vec<&str> = tables.iter().map(|t| t.language.as_str()).collect();
            err.diagnostics(&site_yaml, (0, 0), &own)
        })?;
        let live = Arc::new(live);
        let mut frozen = BTreeMap::new();
        for release in &site.releases {
            let other = &release.site.config.language;
            if other == language || frozen.contains_key(other) {
                continue;
            }
            let locale = build(other, tables).map_or_else(|_| live.clone(), Arc::new);
            frozen.insert(other.clone(), locale);
        }
        Ok(Locales { live, frozen })
    }

    /// The locale pages in `language` are written with.
    pub fn get(&self, language: &str) -> &Arc<Locale> {
        self.frozen.get(language).unwrap_or(&self.live)
    }

    /// Every distinct locale: the live one first.
    pub fn all(&self) -> impl Iterator<Item = (&str, &Arc<Locale>)> {
        std::iter::once((self.live.language(), &self.live))
            .chain(self.frozen.iter().map(|(l, locale)| (l.as_str(), locale)))
    }
}
