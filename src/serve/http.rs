//! From a request's URL to a file of the output folder, refusing everything that could
//! leave it, and the content type of a file. Pure functions apart from the file system
//! look-ups of [`locate`], so that the rules are tested one by one.

use std::path::{Path, PathBuf};

/// Where a request leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A regular file, canonical and inside the output folder.
    File(PathBuf),
    /// A folder asked for without its trailing slash: the URL to send the browser to, so
    /// that the relative links of its `index.html` resolve against the folder.
    Redirect(String),
    /// Nothing there (or something that is not ours to serve).
    NotFound,
}

/// Why a URL path is refused before the file system is asked.
#[derive(Debug, PartialEq, Eq)]
pub struct BadPath(pub &'static str);

/// A URL path split into decoded segments, each safe to join to a folder: no `.` or `..`,
/// no separators, no NUL or control characters, no `:` (a drive prefix on Windows).
#[derive(Debug, PartialEq, Eq)]
pub struct UrlPath {
    pub segments: Vec<String>,
    /// Whether the path ended with `/`: a folder's `index.html` is asked for.
    pub trailing_slash: bool,
}

/// Parses the path of a request target (`/personas/?x=1` → `personas`, trailing slash).
///
/// Each segment is percent-decoded exactly once and then checked, so `%2e%2e` is refused
/// as `..` is, `%2f` and `%5c` as separators are, and `%252e` (a `%` left after decoding)
/// as a double encoding: waymark never writes a file name with `%`, so such a path only
/// ever means someone hopes that a later layer decodes it again.
pub fn parse_url_path(target: &str) -> Result<UrlPath, BadPath> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(rest) = path.strip_prefix('/') else {
        return Err(BadPath("the path must start with /"));
    };
    if rest.contains('\\') {
        return Err(BadPath("backslash in path"));
    }
    let trailing_slash = rest.is_empty() || rest.ends_with('/');
    let mut segments = Vec::new();
    for raw in rest.split('/') {
        // Empty segments (`//`) add nothing; they cannot climb.
        if raw.is_empty() {
            continue;
        }
        let segment = percent_decode(raw)?;
        check_segment(&segment)?;
        segments.push(segment);
    }
    Ok(UrlPath {
        segments,
        trailing_slash,
    })
}

fn check_segment(segment: &str) -> Result<(), BadPath> {
    if segment == "." || segment == ".." {
        return Err(BadPath("`.` or `..` in path"));
    }
    if segment.contains(['/', '\\']) {
        return Err(BadPath("encoded separator in path"));
    }
    if segment.contains('%') {
        return Err(BadPath("double-encoded path"));
    }
    if segment.contains(':') {
        return Err(BadPath("`:` in path"));
    }
    if segment.chars().any(char::is_control) {
        return Err(BadPath("control character in path"));
    }
    Ok(())
}

/// Decodes `%XX` escapes once; the result must be UTF-8.
fn percent_decode(raw: &str) -> Result<String, BadPath> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or(BadPath("malformed percent escape"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| BadPath("path is not UTF-8"))
}

/// Encodes a segment for a URL: everything but unreserved characters is escaped, so a
/// URL built from decoded segments (a redirect) carries nothing the request did not.
pub fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The segments of the path under which the site is served: the path of `base_url`
/// (`https://example.com/cx/` and `/cx/` → `cx`), as on the host it is published to.
pub fn prefix_of(base_url: &str) -> Vec<String> {
    let path = match base_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |slash| &rest[slash..]),
        None => base_url,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.split('/')
        .filter(|s| !s.is_empty())
        .filter_map(|s| percent_decode(s).ok())
        .collect()
}

/// The URL of a folder (or the root) given as segments, with a trailing slash.
pub fn folder_url(segments: &[String]) -> String {
    let mut url = String::from("/");
    for segment in segments {
        url.push_str(&percent_encode(segment));
        url.push('/');
    }
    url
}

/// Finds the file `path` asks for under `root` (the output folder, canonical), served
/// under `prefix`, as GitHub Pages finds it. A folder gives its `index.html`; a folder
/// without its trailing slash a redirect; the site root (`/`) a redirect to the prefix; a
/// name that is neither file nor folder the page of that name (`/journeys/buy` is
/// `journeys/buy.html`). The file found is canonical and must lie inside `root`: a
/// symbolic link that leads out of it is not followed.
pub fn locate(root: &Path, prefix: &[String], path: &UrlPath) -> Target {
    let Some(inside) = path.segments.strip_prefix(prefix) else {
        if path.segments.is_empty() {
            return Target::Redirect(folder_url(prefix));
        }
        return Target::NotFound;
    };
    let mut candidate = root.to_path_buf();
    candidate.extend(inside);
    let Ok(meta) = std::fs::metadata(&candidate) else {
        return match inside.last() {
            Some(name) if !path.trailing_slash => {
                candidate.set_file_name(format!("{name}.html"));
                file_inside(root, &candidate)
            }
            _ => Target::NotFound,
        };
    };
    if meta.is_dir() {
        if !path.trailing_slash {
            return Target::Redirect(folder_url(&path.segments));
        }
        candidate.push("index.html");
    } else if path.trailing_slash {
        // `/journeys/buy.html/` is not a folder.
        return Target::NotFound;
    }
    file_inside(root, &candidate)
}

/// `candidate` if it is a regular file inside `root` once links are resolved.
fn file_inside(root: &Path, candidate: &Path) -> Target {
    match std::fs::canonicalize(candidate) {
        Ok(real) if real.starts_with(root) && real.is_file() => Target::File(real),
        _ => Target::NotFound,
    }
}

/// The `Content-Type` of a file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("txt" | "md" | "mmd") => "text/plain; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Whether a content type is an HTML page (which gets the live-reload script).
pub fn is_html(content_type: &str) -> bool {
    content_type.starts_with("text/html")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn segments(target: &str) -> Vec<String> {
        parse_url_path(target).expect("accepted").segments
    }

    #[test]
    fn plain_paths_are_split_and_decoded_once() {
        assert_eq!(segments("/"), Vec::<String>::new());
        assert_eq!(segments("/journeys/buy.html"), ["journeys", "buy.html"]);
        assert_eq!(segments("/a%20b.png?v=1#top"), ["a b.png"]);
        assert_eq!(segments("//journeys//buy.html"), ["journeys", "buy.html"]);
        assert_eq!(segments("/.nojekyll"), [".nojekyll"]);
        assert!(parse_url_path("/personas/").unwrap().trailing_slash);
        assert!(!parse_url_path("/personas").unwrap().trailing_slash);
        assert!(parse_url_path("/").unwrap().trailing_slash);
    }

    #[test]
    fn every_way_of_climbing_out_is_refused() {
        for target in [
            "/../secret.txt",
            "/..",
            "/journeys/../../secret.txt",
            "/./index.html",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..%2Fsecret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "/%252e%252e/secret.txt",
            "/%25%32%65%25%32%65/secret.txt",
            "/index.html%00.png",
            "/a%0a",
            "/C:/Windows/win.ini",
            "/%",
            "/%zz",
            "/%ff",
            "relative/path",
            "http://example.com/../x",
            "",
        ] {
            assert!(
                parse_url_path(target).is_err(),
                "{target:?} should be refused"
            );
        }
    }

    #[test]
    fn encoding_round_trips_for_redirects() {
        assert_eq!(percent_encode("a b/ü"), "a%20b%2F%C3%BC");
        assert_eq!(folder_url(&["x y".to_string()]), "/x%20y/");
        assert_eq!(folder_url(&[]), "/");
    }

    #[test]
    fn the_prefix_is_the_path_of_base_url() {
        assert_eq!(prefix_of("/"), Vec::<String>::new());
        assert_eq!(prefix_of(""), Vec::<String>::new());
        assert_eq!(prefix_of("/acme-cx/"), ["acme-cx"]);
        assert_eq!(prefix_of("https://cx.example.com/acme/"), ["acme"]);
        assert_eq!(prefix_of("https://cx.example.com"), Vec::<String>::new());
        assert_eq!(prefix_of("https://x.org/a/b/?q"), ["a", "b"]);
    }

    #[test]
    fn content_types_by_extension() {
        for (name, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("a.CSS", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("site.json", "application/json"),
            ("sitemap.xml", "application/xml"),
            ("a.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.jpeg", "image/jpeg"),
            ("a.gif", "image/gif"),
            ("a.webp", "image/webp"),
            ("favicon.ico", "image/x-icon"),
            ("a.woff2", "font/woff2"),
            ("robots.txt", "text/plain; charset=utf-8"),
            (".nojekyll", "application/octet-stream"),
            ("archive.bin", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), expected, "{name}");
        }
    }

    /// An output folder with a page, a folder with an index, and a secret beside it.
    fn output() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(out.join("personas")).unwrap();
        fs::create_dir_all(out.join("empty")).unwrap();
        fs::create_dir_all(out.join("journeys/guide")).unwrap();
        fs::create_dir_all(out.join("journeys/both")).unwrap();
        fs::write(out.join("index.html"), "home").unwrap();
        fs::write(out.join("personas/index.html"), "people").unwrap();
        fs::write(out.join("journeys/buy.html"), "buy").unwrap();
        fs::write(out.join("journeys/guide/index.html"), "guide").unwrap();
        fs::write(out.join("journeys/both.html"), "page").unwrap();
        fs::write(out.join("journeys/both/index.html"), "folder").unwrap();
        fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        let root = fs::canonicalize(&out).unwrap();
        (tmp, root)
    }

    fn find(root: &Path, prefix: &[&str], target: &str) -> Target {
        let prefix: Vec<String> = prefix.iter().map(|s| s.to_string()).collect();
        locate(root, &prefix, &parse_url_path(target).unwrap())
    }

    #[test]
    fn folders_give_their_index_or_a_redirect() {
        let (_tmp, root) = output();
        assert_eq!(find(&root, &[], "/"), Target::File(root.join("index.html")));
        assert_eq!(
            find(&root, &[], "/personas/"),
            Target::File(root.join("personas/index.html"))
        );
        assert_eq!(
            find(&root, &[], "/personas"),
            Target::Redirect("/personas/".into())
        );
        assert_eq!(find(&root, &[], "/empty/"), Target::NotFound);
        assert_eq!(find(&root, &[], "/missing.html"), Target::NotFound);
        assert_eq!(find(&root, &[], "/index.html/"), Target::NotFound);
    }

    #[test]
    fn a_name_without_html_gives_the_page_of_that_name() {
        let (_tmp, root) = output();
        assert_eq!(
            find(&root, &[], "/journeys/buy"),
            Target::File(root.join("journeys/buy.html"))
        );
        assert_eq!(
            find(&root, &[], "/journeys/buy?x=1"),
            Target::File(root.join("journeys/buy.html"))
        );
        assert_eq!(find(&root, &[], "/journeys/buy/"), Target::NotFound);
        assert_eq!(find(&root, &[], "/journeys/nope"), Target::NotFound);
        assert_eq!(
            find(&root, &[], "/journeys/guide/"),
            Target::File(root.join("journeys/guide/index.html"))
        );
        assert_eq!(
            find(&root, &[], "/journeys/guide"),
            Target::Redirect("/journeys/guide/".into())
        );
        // A folder comes before a page of its name.
        assert_eq!(
            find(&root, &[], "/journeys/both"),
            Target::Redirect("/journeys/both/".into())
        );
        assert_eq!(
            find(&root, &["cx"], "/cx/journeys/buy"),
            Target::File(root.join("journeys/buy.html"))
        );
        assert_eq!(find(&root, &["cx"], "/cx"), Target::Redirect("/cx/".into()));
    }

    #[test]
    fn the_site_is_served_under_its_prefix() {
        let (_tmp, root) = output();
        assert_eq!(find(&root, &["cx"], "/"), Target::Redirect("/cx/".into()));
        assert_eq!(
            find(&root, &["cx"], "/cx/"),
            Target::File(root.join("index.html"))
        );
        assert_eq!(find(&root, &["cx"], "/cx"), Target::Redirect("/cx/".into()));
        assert_eq!(find(&root, &["cx"], "/index.html"), Target::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn links_that_lead_out_of_the_output_are_not_followed() {
        let (tmp, root) = output();
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(tmp.path(), root.join("up")).unwrap();
        std::os::unix::fs::symlink(root.join("index.html"), root.join("home.html")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("away.html")).unwrap();
        assert_eq!(find(&root, &[], "/leak.txt"), Target::NotFound);
        assert_eq!(find(&root, &[], "/away"), Target::NotFound);
        assert_eq!(
            find(&root, &[], "/home"),
            Target::File(root.join("index.html"))
        );
        assert_eq!(find(&root, &[], "/up/secret.txt"), Target::NotFound);
        assert_eq!(
            find(&root, &[], "/home.html"),
            Target::File(root.join("index.html"))
        );
    }
}
