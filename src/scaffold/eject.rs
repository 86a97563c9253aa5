//! `waymark theme eject`: the built-in theme copied into a folder, to start a theme of
//! one's own from. Used as it is, it builds the same pages as the built-in theme.

use super::{create_file, empty_folder, ScaffoldError};
use std::path::{Path, PathBuf};

/// Writes the built-in theme (`templates/*.html`, `static/style.css`) into `dir`, which
/// must be missing or empty, and returns the paths written.
pub fn eject_theme(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    empty_folder(dir, &[])?;
    let mut written = Vec::new();
    for (relative, bytes) in crate::render::builtin_theme_files() {
        let path = dir.join(relative);
        create_file(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// The `theme:` value of site.yaml that names `theme_dir` for the site folder `site`, or
/// `None` when the folder is not inside the site (themes are only read from inside it).
pub fn theme_setting(site: &Path, theme_dir: &Path) -> Option<String> {
    let site = site.canonicalize().ok()?;
    let theme_dir = theme_dir.canonicalize().ok()?;
    let relative = theme_dir.strip_prefix(&site).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_setting_is_relative_to_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        let theme = site.join("themes/mine");
        let elsewhere = tmp.path().join("elsewhere");
        for dir in [&theme, &elsewhere] {
            std::fs::create_dir_all(dir).unwrap();
        }
        assert_eq!(theme_setting(&site, &theme).as_deref(), Some("themes/mine"));
        assert_eq!(theme_setting(&site, &elsewhere), None);
        assert_eq!(theme_setting(&site, &site), None);
    }
}
