//! What serve shows while the last build has failed: the same diagnostics the terminal
//! shows, escaped, as a panel over the last good page, or as a page of their own where
//! there is no page to show.

/// The diagnostics as a list (each rendered as the terminal shows it), with a heading.
fn report(diagnostics: &[String]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| first_line_is(d, "error"))
        .count();
    let mut items = String::new();
    for diagnostic in diagnostics {
        items.push_str("<li><pre>");
        items.push_str(&crate::escape::escape(diagnostic));
        items.push_str("</pre></li>\n");
    }
    let errors = crate::diagnostics::counted(errors, "error");
    format!(
        "<div class=\"waymark-report\">\n<h1>The build failed</h1>\n\
         <p>{errors}, as the terminal shows them. This is the last good version \
         of the page; it reloads by itself once the content is fixed.</p>\n\
         <ol>\n{items}</ol>\n</div>\n"
    )
}

/// A panel over the top of a page, for the last good page of the output.
pub fn error_panel(diagnostics: &[String]) -> String {
    format!(
        "<aside id=\"waymark-build-error\" role=\"alert\" aria-label=\"Build failed\">\
         <style>{STYLE}#waymark-build-error{{position:fixed;inset:0 0 auto 0;z-index:2147483647;\
         max-height:60vh;overflow:auto;background:#fff;box-shadow:0 4px 16px #0005}}</style>\n\
         {}</aside>\n",
        report(diagnostics)
    )
}

/// A page of its own, where the output has no page for the address.
pub fn error_page(diagnostics: &[String]) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Build failed · waymark</title>\n<style>body{{margin:0}}{STYLE}</style>\n</head>\n\
         <body>\n<main>\n{}</main>\n</body>\n</html>\n",
        report(diagnostics)
    )
}

/// The style of the report, every rule inside `.waymark-report` so that, over a page,
/// it restyles nothing of the page.
const STYLE: &str = ".waymark-report{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;\
background:#fff;max-width:60rem;margin:0 auto;padding:1.5rem}\
.waymark-report h1{color:#a4161a;border-bottom:3px solid #a4161a;padding-bottom:.25rem;\
margin:0 0 .5rem;font-size:1.75rem}\
.waymark-report ol{padding:0;list-style:none}\
.waymark-report pre{background:#f6f6f6;border-left:4px solid #a4161a;padding:.75rem;\
overflow-x:auto;white-space:pre;font:14px/1.4 ui-monospace,monospace}";

/// Whether a rendered diagnostic (`path:line:col: kind: message`) is of `kind`.
fn first_line_is(rendered: &str, kind: &str) -> bool {
    let first = rendered.lines().next().unwrap_or("");
    first.contains(&format!(": {kind}: "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_are_listed_escaped() {
        let page = error_page(&[
            "site/journeys/buy.md:3:8: error: no persona `<script>alert(1)</script>`".into(),
            "site/journeys/old.md:0:0: warning: stale & old".into(),
        ]);
        assert!(page.contains("1 error,"));
        assert!(page.contains("no persona `&lt;script&gt;alert(1)&lt;/script&gt;`"));
        assert!(page.contains("stale &amp; old"));
        assert!(!page.contains("<script>alert"));
        let panel = error_panel(&["a.md:1:1: error: <b>bold</b>".into()]);
        assert!(panel.starts_with("<aside id=\"waymark-build-error\" role=\"alert\""));
        assert!(panel.contains("&lt;b&gt;bold&lt;/b&gt;"));
        assert!(panel.contains("1 error,"));
    }
}
