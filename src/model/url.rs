//! The one check of addresses that come from input (site.yaml, the command line, Markdown,
//! snapshots) before they become an attribute a browser follows (`href`, `src`,
//! `xlink:href`, `action`): a web address or a path, never a scheme that runs script
//! (`javascript:`, `data:`, `vbscript:`).
//!
//! Schemes are read as browsers read them: leading and trailing spaces and control
//! characters are dropped, tabs and line breaks anywhere are ignored, and case does not
//! matter, so `" JaVa\tScript:…"` is seen as the `javascript:` it is.

/// What an address may be, by where it is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlKind {
    /// `http://` or `https://` only: `repo_url`.
    Web,
    /// A web address or a path from the root (`/`, `/cx/`): `base_url`.
    Base,
    /// A web address, a `mailto:` address, or a relative or absolute path, query or
    /// fragment: a link written in Markdown.
    Link,
}

/// Whether `url` may be used where `kind` says; the error says why not, in words.
pub fn check_url(url: &str, kind: UrlKind) -> Result<(), String> {
    let seen = as_browsers_see(url);
    if url.trim().is_empty() {
        return Err("the address is empty".into());
    }
    match scheme(&seen) {
        Some(scheme) => {
            let scheme = scheme.to_ascii_lowercase();
            let allowed = match kind {
                UrlKind::Web | UrlKind::Base => ["http", "https"].contains(&scheme.as_str()),
                UrlKind::Link => ["http", "https", "mailto"].contains(&scheme.as_str()),
            };
            if !allowed {
                return Err(format!(
                    "`{scheme}:` addresses are not allowed here: {}",
                    expected(kind)
                ));
            }
            if scheme.starts_with("http") && !seen[scheme.len() + 1..].starts_with("//") {
                return Err(format!("the address has no host: {}", expected(kind)));
            }
            Ok(())
        }
        None => {
            // `//host/…` and `/\host/…` lead to another host with the page's scheme.
            let other_host = seen.starts_with("//") || seen.starts_with("/\\");
            match kind {
                UrlKind::Web => Err(format!("not a web address: {}", expected(kind))),
                UrlKind::Base if other_host || !seen.starts_with('/') => {
                    Err(format!("not an address or a path: {}", expected(kind)))
                }
                UrlKind::Link if other_host => Err(format!(
                    "a link to another host needs its scheme: {}",
                    expected(kind)
                )),
                UrlKind::Base | UrlKind::Link => Ok(()),
            }
        }
    }
}

/// Whether `url` passes [`check_url`].
pub fn is_safe_url(url: &str, kind: UrlKind) -> bool {
    check_url(url, kind).is_ok()
}

fn expected(kind: UrlKind) -> &'static str {
    match kind {
        UrlKind::Web => "expected an address starting with `https://` or `http://`",
        UrlKind::Base => {
            "expected an address starting with `https://` or `http://`, or a path starting \
             with `/`"
        }
        UrlKind::Link => "expected a web or `mailto:` address, or a path",
    }
}

/// `url` as a browser's URL parser reads it before looking for a scheme.
fn as_browsers_see(url: &str) -> String {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The scheme of `url` (without `:`), if it has one: a letter, then letters, digits, `+`,
/// `-` or `.`, up to the first `:`.
fn scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let name = &url[..colon];
    let mut chars = name.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_pass_everywhere() {
        for kind in [UrlKind::Web, UrlKind::Base, UrlKind::Link] {
            for url in [
                "https://github.com/acme/cx",
                "http://example.com/",
                "HTTPS://X.org",
            ] {
                assert_eq!(check_url(url, kind), Ok(()), "{url} as {kind:?}");
            }
        }
    }

    #[test]
    fn script_schemes_are_refused_however_they_are_written() {
        let hostile = [
            "javascript:window.__x=1;0//x",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "\u{0}\u{1f}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "jav\rascript:alert(1)",
            "vbscript:msgbox(1)",
            "VBScript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "DATA:image/svg+xml;base64,PHN2Zz4=",
            "file:///etc/passwd",
            "blob:https://x.org/1",
            "ftp://x.org/",
        ];
        for kind in [UrlKind::Web, UrlKind::Base, UrlKind::Link] {
            for url in hostile {
                assert!(check_url(url, kind).is_err(), "{url:?} as {kind:?}");
            }
        }
    }

    #[test]
    fn paths_are_bases_and_links_but_not_web_addresses() {
        for path in ["/", "/cx/", "/acme-cx/reports/"] {
            assert_eq!(check_url(path, UrlKind::Base), Ok(()));
            assert_eq!(check_url(path, UrlKind::Link), Ok(()));
            assert!(check_url(path, UrlKind::Web).is_err());
        }
        for relative in ["journeys/a.html", "../static/logo.svg", "#notes", "?q=1"] {
            assert_eq!(check_url(relative, UrlKind::Link), Ok(()));
            assert!(check_url(relative, UrlKind::Base).is_err(), "{relative}");
        }
    }

    #[test]
    fn other_hosts_without_a_scheme_and_hostless_addresses_are_refused() {
        for url in ["//evil.example/", "/\\evil.example/", " //evil.example"] {
            assert!(check_url(url, UrlKind::Base).is_err(), "{url}");
            assert!(check_url(url, UrlKind::Link).is_err(), "{url}");
        }
        assert!(check_url("https:evil", UrlKind::Web).is_err());
        assert!(check_url("", UrlKind::Base).is_err());
        assert!(check_url("  ", UrlKind::Link).is_err());
    }

    #[test]
    fn mail_addresses_are_links_only() {
        assert_eq!(check_url("mailto:cx@acme.example", UrlKind::Link), Ok(()));
        assert!(check_url("mailto:cx@acme.example", UrlKind::Web).is_err());
    }

    #[test]
    fn the_message_names_the_scheme_and_what_is_expected() {
        let err = check_url(" JavaScript:alert(1)", UrlKind::Web).unwrap_err();
        assert_eq!(
            err,
            "`javascript:` addresses are not allowed here: expected an address starting with \
             `https://` or `http://`"
        );
    }
}
