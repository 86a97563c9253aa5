//! Splitting a Markdown file into its YAML front-matter and its body.

/// A file split at its `---` fences.
#[derive(Debug, PartialEq, Eq)]
pub struct Document<'a> {
    /// The YAML between the fences.
    pub front: &'a str,
    /// 1-based line number of the first line of `front` in the file.
    pub front_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
}

/// Why a file has no usable front-matter; `line` is 1-based.
#[derive(Debug, PartialEq, Eq)]
pub struct SplitError {
    pub line: usize,
    pub message: String,
    pub hint: String,
}

/// Splits `text` (a file's whole content) into front-matter and body.
pub fn split(text: &str) -> Result<Document<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError {
            line: 1,
            message: "no front-matter: the file must start with a `---` line".into(),
            hint: "put the YAML fields between two `---` lines at the top of the file".into(),
        });
    }
    let mut offset = first_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let fence = text[offset..end].trim_end();
        if fence == "---" || fence == "..." {
            return Ok(Document {
                front: &text[first_end..offset],
                front_line: 2,
                body: &text[end..],
            });
        }
        offset = end;
        line += 1;
    }
    Err(SplitError {
        line: 1,
        message: "unterminated front-matter: no closing `---` line".into(),
        hint: format!(
            "end the YAML fields with a `---` line (the file has {} lines)",
            line - 1
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_from_body() {
        let doc = split("---\ntitle: A\n---\n# Body\n").unwrap();
        assert_eq!(doc.front, "title: A\n");
        assert_eq!(doc.front_line, 2);
        assert_eq!(doc.body, "# Body\n");
    }

    #[test]
    fn accepts_crlf_bom_and_an_empty_body() {
        let doc = split("\u{feff}---\r\ntitle: A\r\n---\r\n").unwrap();
        assert_eq!(doc.front, "title: A\r\n");
        assert_eq!(doc.body, "");
        assert_eq!(split("---\na: 1\n---").unwrap().body, "");
    }

    #[test]
    fn reports_missing_and_unterminated_front_matter() {
        assert!(split("# Just markdown\n")
            .unwrap_err()
            .message
            .contains("no front-matter"));
        assert!(split("").unwrap_err().message.contains("no front-matter"));
        let err = split("---\ntitle: A\nbody\n").unwrap_err();
        assert!(err.message.contains("unterminated"));
    }
}
