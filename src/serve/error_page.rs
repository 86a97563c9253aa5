//! The page serve shows in place of every HTML page while the last build has failed: the
//! same diagnostics the terminal shows, escaped, on a self-contained page.

/// The error page for `diagnostics` (each rendered as the terminal shows it).
pub fn error_page(diagnostics: &[String]) -> String {
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
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Build failed · waymark</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <main>\n<h1>The build failed</h1>\n\
         <p>{errors} error(s), as the terminal shows them. The output folder keeps the \
         pages of the last good build; this tab reloads by itself once the content is \
         fixed.</p>\n\
         <ol>\n{items}</ol>\n</main>\n</body>\n</html>\n"
    )
}

const STYLE: &str =
    "body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#fff;color:#1a1a1a}\
main{max-width:60rem;margin:0 auto;padding:1.5rem}\
h1{color:#a4161a;border-bottom:3px solid #a4161a;padding-bottom:.25rem}\
ol{padding:0;list-style:none}\
pre{background:#f6f6f6;border-left:4px solid #a4161a;padding:.75rem;overflow-x:auto;\
white-space:pre;font:14px/1.4 ui-monospace,monospace}";

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
        assert!(page.contains("1 error(s)"));
        assert!(page.contains("no persona `&lt;script&gt;alert(1)&lt;/script&gt;`"));
        assert!(page.contains("stale &amp; old"));
        assert!(!page.contains("<script>alert"));
    }
}
