//! The theme: built-in templates and assets embedded in the binary, optionally overridden
//! by a theme folder named in site.yaml, and single templates overridden or added by the
//! site's own `templates/` folder. A template is looked up in the site's `templates/`,
//! then the theme folder, then the built-in theme.

use super::i18n::Locale;
use crate::diagnostics::Diagnostic;
use crate::model::Site;
use minijinja::Environment;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

macro_rules! builtin {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),+]
    };
}

/// The default theme's templates, by name.
const TEMPLATES: &[(&str, &str)] = builtin!(
    "base.html",
    "macros.html",
    "pager.html",
    "index.html",
    "journeys.html",
    "personas.html",
    "persona.html",
    "journey.html",
    "journey-poster.html",
    "pain-points.html",
    "opportunities.html",
    "404.html",
    "releases.html",
    "changes.html",
    "search.html",
    "voice.html",
    "experiments.html",
    "feedback.html",
);

/// The name under which a built-in template stays reachable: `default/persona.html`.
pub const BUILTIN_PREFIX: &str = "default/";

/// The default theme's assets, written under `assets/`.
const ASSETS: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "search.css",
        include_bytes!("../../themes/default/static/search.css"),
    ),
];

/// Whether the asset `name` serves only the search, and so is left out with `search: false`.
pub fn is_search_asset(name: &str) -> bool {
    matches!(name, "search.js" | "search.css")
}

/// A loaded theme: the template environment (built once, shared by all render threads)
/// and the assets to write.
pub struct Theme {
    pub env: Environment<'static>,
    pub assets: Vec<(String, Vec<u8>)>,
    /// Where each template came from, to locate rendering errors.
    pub paths: BTreeMap<String, PathBuf>,
}

/// The built-in theme's files by their path in a theme folder (`templates/base.html`,
/// `static/style.css`), to eject it as a starting point.
pub fn builtin_files() -> Vec<(String, &'static [u8])> {
    let templates = TEMPLATES
        .iter()
        .map(|(name, source)| (format!("templates/{name}"), source.as_bytes()));
    let assets = ASSETS
        .iter()
        .map(|(name, bytes)| (format!("static/{name}"), *bytes));
    templates.chain(assets).collect()
}

/// Loads the theme named by `site.config.theme`: `default`, or a folder (relative to the
/// site) with `templates/` and `static/`; each template it lacks comes from the default.
/// Templates in the site's `templates/` folder take precedence over both. The templates
/// write in `locale`'s language.
pub fn load(site: &Site, locale: &Arc<Locale>) -> Result<Theme, Vec<Diagnostic>> {
    let mut templates: Vec<(String, String, PathBuf)> = TEMPLATES
        .iter()
        .map(|(name, source)| {
            (
                name.to_string(),
                source.to_string(),
                Path::new("themes/default/templates").join(name),
            )
        })
        .collect();
    let mut assets: Vec<(String, Vec<u8>)> = ASSETS
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    let mut diagnostics = Vec::new();
    if site.config.theme != "default" {
        let dir = theme_dir(site).map_err(|d| vec![d])?;
        overlay_templates(&dir.join("templates"), &mut templates, &mut diagnostics);
        for (name, path) in files_in(&dir.join("static"), &mut diagnostics) {
            match std::fs::read(&path) {
                Ok(bytes) => match assets.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = bytes,
                    None => assets.push((name, bytes)),
                },
                Err(err) => {
                    diagnostics.push(Diagnostic::in_file(&path, format!("cannot read: {err}")))
                }
            }
        }
    }
    overlay_templates(
        &site.root.join("templates"),
        &mut templates,
        &mut diagnostics,
    );
    let mut env = Environment::new();
    super::filters::register(&mut env, locale);
    let mut paths = BTreeMap::new();
    // The built-in templates stay reachable as `default/<name>` whatever replaces them,
    // so an override can extend its built-in namesake and change one block of it.
    for (name, source) in TEMPLATES {
        let name = format!("{BUILTIN_PREFIX}{name}");
        if let Err(err) = env.add_template_owned(name.clone(), source.to_string()) {
            diagnostics.push(template_diagnostic(Path::new(&name), &err));
        }
    }
    for (name, source, path) in templates {
        if let Err(err) = env.add_template_owned(name.clone(), source) {
            diagnostics.push(template_diagnostic(&path, &err));
        }
        paths.insert(name, path);
    }
    if diagnostics.is_empty() {
        Ok(Theme { env, assets, paths })
    } else {
        Err(diagnostics)
    }
}

/// Replaces the templates that `dir` has a file for and adds those it has besides; each
/// keeps the path it was read from, so that its errors are located there.
fn overlay_templates(
    dir: &Path,
    templates: &mut Vec<(String, String, PathBuf)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (name, path) in files_in(dir, diagnostics) {
        match crate::content::read_text(&path) {
            Ok(source) => match templates.iter_mut().find(|(n, _, _)| *n == name) {
                Some(slot) => *slot = (name, source, path),
                None => templates.push((name, source, path)),
            },
            Err(err) => diagnostics.push(err),
        }
    }
}

/// The folder `theme:` names. It must be inside the site folder once links are followed:
/// a theme's templates are rendered and its static files published, so a theme from
/// elsewhere (`../../etc`, `/home/me`) could publish any file on the machine.
fn theme_dir(site: &Site) -> Result<PathBuf, Diagnostic> {
    let theme = &site.config.theme;
    let config = site.root.join("site.yaml");
    let error = |message: String, hint: &str| {
        let (line, column) = crate::content::read_text(&config).map_or((0, 0), |text| {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            crate::yaml::locate(text, &[crate::yaml::Seg::Key("theme")])
        });
        Diagnostic::error(&config, line, column, message).with_hint(hint)
    };
    let outside = || {
        error(
            format!("theme `{theme}` is outside the site folder"),
            "a theme folder must be inside the site folder (no `..`, absolute paths or links \
             leading out), e.g. `theme: themes/my-theme`",
        )
    };
    let dir = site.root.join(theme);
    let root = std::fs::canonicalize(&site.root).unwrap_or_else(|_| site.root.clone());
    let Ok(resolved) = std::fs::canonicalize(&dir) else {
        if leaves(Path::new(theme), &root) {
            return Err(outside());
        }
        return Err(error(
            format!(
                "theme `{theme}` is neither `default` nor a folder ({} not found)",
                dir.display()
            ),
            "set `theme: default`, or a path relative to the site folder",
        ));
    };
    if !resolved.starts_with(&root) {
        return Err(outside());
    }
    if !resolved.is_dir() {
        return Err(error(
            format!("theme `{theme}` is not a folder"),
            "set `theme: default`, or a path to a folder with `templates/` and `static/`",
        ));
    }
    // As written, so diagnostics in the theme name its files as the user does.
    Ok(dir)
}

/// Whether `theme`, read as written, points out of the site folder `root` (resolved):
/// an absolute path elsewhere, or more `..` than folders before them. Used when the
/// theme does not exist, so that the message says what is wrong with it.
fn leaves(theme: &Path, root: &Path) -> bool {
    use std::path::Component;
    if theme.is_absolute() {
        return !theme.starts_with(root);
    }
    let mut depth = 0usize;
    for component in theme.components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::ParentDir if depth == 0 => return true,
            Component::ParentDir => depth -= 1,
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return true,
        }
    }
    false
}

/// Files directly in `dir`, sorted; symbolic links are refused so a theme cannot pull
/// files from elsewhere into the site.
fn files_in(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    if dir
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        diagnostics.push(Diagnostic::in_file(
            dir,
            "symbolic links are not read from themes",
        ));
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_symlink() {
            diagnostics.push(Diagnostic::in_file(
                &path,
                "symbolic links are not read from themes",
            ));
        } else if kind.is_file() && !name.starts_with('.') {
            files.push((name, path));
        }
    }
    files.sort();
    files
}

/// A template error located in its template file.
pub fn template_diagnostic(path: &Path, err: &minijinja::Error) -> Diagnostic {
    let mut message = err.kind().to_string();
    if let Some(detail) = err.detail() {
        message = format!("{message}: {detail}");
    }
    Diagnostic::error(
        path,
        err.line().unwrap_or(0),
        0,
        format!("template error: {message}"),
    )
}

/// A warning for each of `keys`, translation keys that templates asked for and no table
/// has: at the first template that names it, else at `language:` in site.yaml (a key the
/// template puts together, such as `"badge.kind." ~ kind`).
pub fn unknown_keys(site: &Site, theme: &Theme, keys: &[String]) -> Vec<Diagnostic> {
    let language = &site.config.language;
    keys.iter()
        .map(|key| {
            let message = format!("`{key}` is in no translation table: the pages show the key");
            let hint =
                format!("add it to i18n/{language}.yaml, or correct the key in the template");
            let found = theme.paths.iter().find_map(|(name, path)| {
                let source = theme.env.get_template(name).ok()?.source().to_string();
                let at = ["\"", "'"]
                    .iter()
                    .find_map(|q| source.find(&format!("{q}{key}{q}")))?;
                let before = &source[..at];
                let line = before.matches('\n').count() + 1;
                let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                    .chars()
                    .count()
                    + 1;
                Some(Diagnostic::warning(path, line, column, message.clone()))
            });
            found
                .unwrap_or_else(|| {
                    let config = site.root.join("site.yaml");
                    let (line, column) =
                        crate::content::read_text(&config).map_or((0, 0), |text| {
                            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                            crate::yaml::locate(text, &[crate::yaml::Seg::Key("language")])
                        });
                    Diagnostic::warning(config, line, column, message.clone())
                })
                .with_hint(hint)
        })
        .collect()
}
