//! Moving rendered HTML to a deeper folder: a relative link written for a page at one
//! depth points elsewhere from a page two folders down, as a frozen release page is.

/// `html`, written for a page in the folder `page_folder` of a site (`""` or
/// `"journeys/"`), moved to a copy of that page `prefix` deeper (e.g. `../../`): every
/// relative `href` and `src` whose target (resolved from `page_folder`) `moves_along`
/// does not accept keeps pointing at that target, through `prefix`. Absolute URLs,
/// fragments and queries of the same page, and URLs with a scheme are left alone.
/// Attribute values are double-quoted, as the Markdown renderer and its sanitizer write
/// them.
pub fn rebase_links(
    html: &str,
    page_folder: &str,
    prefix: &str,
    moves_along: impl Fn(&str) -> bool,
) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = next_url(rest) {
        let (before, value_and_after) = rest.split_at(at);
        out.push_str(before);
        let end = value_and_after.find('"').unwrap_or(value_and_after.len());
        let value = &value_and_after[..end];
        if is_relative(value) {
            if let Some(target) = resolve(page_folder, value) {
                if !moves_along(&target) {
                    out.push_str(prefix);
                }
            }
        }
        out.push_str(value);
        rest = &value_and_after[end..];
    }
    out.push_str(rest);
    out
}

/// Where the next `href="…"` or `src="…"` value starts in `html`.
fn next_url(html: &str) -> Option<usize> {
    [" href=\"", " src=\""]
        .iter()
        .filter_map(|attr| html.find(attr).map(|i| i + attr.len()))
        .min()
}

fn is_relative(url: &str) -> bool {
    let scheme = url.find(':').is_some_and(|colon| {
        let name = &url[..colon];
        name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    !(url.is_empty() || url.starts_with(['/', '#', '?']) || scheme)
}

/// The site path `url` leads to from `folder`, without query or fragment; `None` when it
/// climbs above the site.
fn resolve(folder: &str, url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::rebase_links;

    fn pages(path: &str) -> bool {
        path.starts_with("journeys/") || path.starts_with("personas/") || path == "index.html"
    }

    #[test]
    fn links_out_of_the_moved_pages_keep_their_target() {
        let html = r##"<p><a href="../personas/anna.html">Anna</a> <a href="other.html#x">o</a> <img src="../static/logo.svg" alt="x"> <a href="../data/site.json">d</a> <a href="https://example.com/a">ext</a> <a href="/abs">abs</a> <a href="#fn-1">1</a> <a href="mailto:a@b.c">mail</a> <a href="?q">q</a> <a href="../../../up.html">up</a></p>"##;
        assert_eq!(
            rebase_links(html, "journeys/", "../../", pages),
            r##"<p><a href="../personas/anna.html">Anna</a> <a href="other.html#x">o</a> <img src="../../../static/logo.svg" alt="x"> <a href="../../../data/site.json">d</a> <a href="https://example.com/a">ext</a> <a href="/abs">abs</a> <a href="#fn-1">1</a> <a href="mailto:a@b.c">mail</a> <a href="?q">q</a> <a href="../../../up.html">up</a></p>"##
        );
        assert_eq!(
            rebase_links(
                r#"<img src="static/a.png"><a href="journeys/b.html">b</a>"#,
                "",
                "../../",
                pages
            ),
            r#"<img src="../../static/a.png"><a href="journeys/b.html">b</a>"#
        );
        assert_eq!(
            rebase_links("no links here", "", "../", pages),
            "no links here"
        );
        assert_eq!(
            rebase_links("<a href=\"x", "", "../", pages),
            "<a href=\"../x"
        );
    }
}
