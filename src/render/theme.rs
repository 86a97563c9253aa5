//! The theme: built-in templates and assets embedded in the binary, optionally overridden
//! by a theme folder named in site.yaml.

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use minijinja::Environment;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

macro_rules! builtin {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),+]
    };
}

/// The default theme's templates, by name.
const TEMPLATES: &[(&str, &str)] = builtin!(
    "base.html",
    "macros.html",
    "index.html",
    "persona.html",
    "journey.html",
    "pain-points.html",
    "opportunities.html",
    "404.html",
);

/// The default theme's assets, written under `assets/`.
const ASSETS: &[(&str, &[u8])] = &[(
    "style.css",
    include_bytes!("../../themes/default/static/style.css"),
)];

/// A loaded theme: the template environment (built once, shared by all render threads)
/// and the assets to write.
pub struct Theme {
    pub env: Environment<'static>,
    pub assets: Vec<(String, Vec<u8>)>,
    /// Where each template came from, to locate rendering errors.
    pub paths: BTreeMap<String, PathBuf>,
}

/// Loads the theme named by `site.config.theme`: `default`, or a folder (relative to the
/// site) with `templates/` and `static/`; each template it lacks comes from the default.
pub fn load(site: &Site) -> Result<Theme, Vec<Diagnostic>> {
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
        let dir = site.root.join(&site.config.theme);
        if !dir.is_dir() {
            return Err(vec![Diagnostic::error(
                site.root.join("site.yaml"),
                0,
                0,
                format!(
                    "theme `{}` is neither `default` nor a folder ({} not found)",
                    site.config.theme,
                    dir.display()
                ),
            )
            .with_hint(
                "set `theme: default`, or a path relative to the site folder",
            )]);
        }
        for (name, path) in files_in(&dir.join("templates"), &mut diagnostics) {
            match crate::content::read_text(&path) {
                Ok(source) => match templates.iter_mut().find(|(n, _, _)| *n == name) {
                    Some(slot) => *slot = (name, source, path),
                    None => templates.push((name, source, path)),
                },
                Err(err) => diagnostics.push(err),
            }
        }
        for (name, path) in files_in(&dir.join("static"), &mut diagnostics) {
            match std::fs::read(&path) {
                Ok(bytes) => match assets.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = bytes,
                    None => assets.push((name, bytes)),
                },
                Err(err) => diagnostics.push(Diagnostic::error(
                    &path,
                    0,
                    0,
                    format!("cannot read: {err}"),
                )),
            }
        }
    }
    let mut env = Environment::new();
    super::filters::register(&mut env);
    let mut paths = BTreeMap::new();
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

/// Files directly in `dir`, sorted; symbolic links are refused so a theme cannot pull
/// files from elsewhere into the site.
fn files_in(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
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
            diagnostics.push(Diagnostic::error(
                &path,
                0,
                0,
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
