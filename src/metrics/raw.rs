//! The raw bytes under the CSV parser: delimiter sniffing, and where a field starts in its
//! line (the `csv` crate gives a record's start but not its fields' columns).

use crate::diagnostics::Diagnostic;
use csv::ByteRecord;
use std::io::{self, Read};
use std::path::Path;

/// How many problems a CSV file reports; the rest are dropped, with a line that says so.
pub const MAX_DIAGNOSTICS: usize = 100;

/// How much of the file is read ahead to find the header line.
const SNIFF_LIMIT: usize = 64 * 1024;
/// Consumed bytes are kept until this many have piled up, so trimming stays rare.
const KEEP_SLACK: usize = 256 * 1024;

/// The start of the file, read ahead to choose the delimiter; BOM already removed.
pub struct Sniffed {
    pub prefix: Vec<u8>,
    pub delimiter: u8,
    /// The file is UTF-16, which spreadsheets write as "Unicode text": every other byte
    /// of its header is 0, and the columns would be reported missing.
    pub utf16: bool,
}

/// Whether `start`, the first bytes of a file, is UTF-16: a byte-order mark of it, or a
/// 0 in every other byte where a header of ASCII names has them.
fn is_utf16(start: &[u8]) -> bool {
    if start.starts_with(b"\xFF\xFE") || start.starts_with(b"\xFE\xFF") {
        return true;
    }
    let start = &start[..start.len().min(64) & !1];
    if start.len() < 8 {
        return false;
    }
    let zeros = |parity: usize| {
        start
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let half = start.len() / 2;
    let (even, odd) = (zeros(0), zeros(1));
    (even == half && odd == 0) || (odd == half && even == 0)
}

/// Reads the header line (up to a limit) and picks the delimiter that occurs most often
/// outside quotes among `,`, `;` and tab; ties and none go to `,`.
pub fn sniff<R: Read>(input: &mut R) -> io::Result<Sniffed> {
    let mut prefix = Vec::new();
    let mut chunk = [0u8; 8192];
    let mut scanned = 0;
    let mut in_quotes = false;
    let mut counts = [0usize; 3];
    let mut line_done = false;
    while !line_done && prefix.len() < SNIFF_LIMIT {
        let n = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        prefix.extend_from_slice(&chunk[..n]);
        for &b in &prefix[scanned..] {
            match b {
                b'"' => in_quotes = !in_quotes,
                b'\n' | b'\r' if !in_quotes => {
                    line_done = true;
                    break;
                }
                b',' if !in_quotes => counts[0] += 1,
                b';' if !in_quotes => counts[1] += 1,
                b'\t' if !in_quotes => counts[2] += 1,
                _ => {}
            }
        }
        scanned = prefix.len();
    }
    if prefix.starts_with(b"\xEF\xBB\xBF") {
        prefix.drain(..3);
    }
    let utf16 = is_utf16(&prefix);
    let mut delimiter = b',';
    let mut best = counts[0];
    for (d, n) in [(b';', counts[1]), (b'\t', counts[2])] {
        if n > best {
            delimiter = d;
            best = n;
        }
    }
    Ok(Sniffed {
        prefix,
        delimiter,
        utf16,
    })
}

/// A reader that remembers what it has passed on since the record being processed began,
/// so a diagnostic can find a field's column in the raw line.
pub struct Tap<R> {
    inner: R,
    kept: Vec<u8>,
    /// Stream offset of `kept[0]`.
    base: u64,
}

impl<R: Read> Tap<R> {
    pub fn new(inner: R) -> Self {
        Tap {
            inner,
            kept: Vec::new(),
            base: 0,
        }
    }

    /// The raw bytes from stream offset `at` to whatever has been read so far.
    pub fn from(&self, at: u64) -> &[u8] {
        let i = at.saturating_sub(self.base).min(self.kept.len() as u64) as usize;
        &self.kept[i..]
    }

    /// Drops bytes before `at`: the parser has consumed them.
    pub fn forget_before(&mut self, at: u64) {
        let n = at.saturating_sub(self.base).min(self.kept.len() as u64) as usize;
        if n >= KEEP_SLACK {
            self.kept.drain(..n);
            self.base += n as u64;
        }
    }
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.kept.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

/// The csv crate positions a record before the line breaks (and blank lines) that precede
/// it; this skips them. Returns (bytes skipped, line breaks skipped).
pub fn leading_breaks(raw: &[u8]) -> (usize, usize) {
    let skipped = raw
        .iter()
        .take_while(|b| matches!(b, b'\n' | b'\r'))
        .count();
    let lines = raw[..skipped].iter().filter(|b| **b == b'\n').count();
    (skipped, lines)
}

/// Where field `index` of the record at the start of `raw` begins: (lines after the
/// record's first line, 1-based column in characters). A missing field gives the end of
/// the record.
pub fn locate(raw: &[u8], delimiter: u8, index: usize) -> (usize, usize) {
    let mut field = 0;
    let mut line = 0;
    let mut line_start = 0;
    let mut in_quotes = false;
    let mut at_field_start = true;
    let mut quoted_field = false;
    let mut i = 0;
    while i < raw.len() && field < index {
        let b = raw[i];
        if in_quotes {
            if b == b'"' {
                in_quotes = false;
            } else if b == b'\n' {
                line += 1;
                line_start = i + 1;
            }
        } else if b == delimiter {
            field += 1;
            at_field_start = true;
            quoted_field = false;
            i += 1;
            continue;
        } else if b == b'\n' || b == b'\r' {
            break;
        } else if b == b'"' && at_field_start {
            in_quotes = true;
            quoted_field = true;
        } else if b == b'"' && quoted_field {
            // A doubled quote inside a quoted field reopens it.
            in_quotes = raw[i - 1] == b'"';
        }
        at_field_start = false;
        i += 1;
    }
    // Count characters, not bytes: continuation bytes of UTF-8 do not start one.
    let column = raw[line_start..i]
        .iter()
        .filter(|b| (**b & 0xC0) != 0x80)
        .count()
        + 1;
    (line, column)
}

/// The offset in `raw` (records from the start of one) of the quote that opens a field
/// and is never closed, so that the CSV parser read the rest of `raw` into that field.
/// Quotes open only at the start of a field; `""` inside one is a quote.
pub fn unclosed_quote(raw: &[u8], delimiter: u8) -> Option<usize> {
    let mut open = None;
    let mut at_field_start = true;
    let mut doubled = false;
    for (i, &b) in raw.iter().enumerate() {
        if open.is_some() {
            if doubled {
                doubled = false;
            } else if b == b'"' {
                if raw.get(i + 1) == Some(&b'"') {
                    doubled = true;
                } else {
                    open = None;
                }
            }
            continue;
        }
        if b == b'"' && at_field_start {
            open = Some(i);
        }
        at_field_start = b == delimiter || b == b'\n' || b == b'\r';
    }
    open
}

/// Lines after the first and 1-based column (in characters) of byte `offset` of `raw`.
pub fn position(raw: &[u8], offset: usize) -> (usize, usize) {
    let before = &raw[..offset.min(raw.len())];
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let lines = before.iter().filter(|b| **b == b'\n').count();
    let column = before[line_start..]
        .iter()
        .filter(|b| (**b & 0xC0) != 0x80)
        .count()
        + 1;
    (lines, column)
}

/// A record being checked: its bytes from the record's start, for locating its fields,
/// and the line it starts on.
pub struct Row<'r> {
    pub raw: &'r [u8],
    pub line: usize,
}

/// The problems of one CSV file, each located at a line and column: at most
/// [`MAX_DIAGNOSTICS`], then one that says the reading stopped.
pub struct Report<'p> {
    pub path: &'p Path,
    pub delimiter: u8,
    pub diagnostics: Vec<Diagnostic>,
    full: bool,
}

impl<'p> Report<'p> {
    pub fn new(path: &'p Path) -> Report<'p> {
        Report {
            path,
            delimiter: b',',
            diagnostics: Vec::new(),
            full: false,
        }
    }

    /// Whether the file has reported as much as it may: reading can stop.
    pub fn is_full(&self) -> bool {
        self.full
    }

    /// Records an error unless the file already has too many; then it says so once.
    pub fn error(&mut self, line: usize, column: usize, message: String, hint: Option<String>) {
        if self.full {
            return;
        }
        if self.diagnostics.len() >= MAX_DIAGNOSTICS {
            self.full = true;
            let message = format!("too many errors ({MAX_DIAGNOSTICS}); stopping");
            self.diagnostics.push(
                Diagnostic::error(self.path, line, 0, message)
                    .with_hint("fix the errors above, then build again to see the rest"),
            );
            return;
        }
        let mut d = Diagnostic::error(self.path, line, column, message);
        d.hint = hint;
        self.diagnostics.push(d);
    }

    /// [`Report::error`] at field `field` of `row`.
    pub fn field_error(&mut self, row: &Row, field: usize, message: String, hint: Option<String>) {
        // Locating scans the row from its start: once the report is full, a header of a
        // million repeated columns must not scan it a million times.
        if self.full {
            return;
        }
        let (lines, column) = locate(row.raw, self.delimiter, field);
        self.error(row.line + lines, column, message, hint);
    }

    /// The texts of data record `rec` as [`Report::texts`] gives them; None for a record
    /// with nothing in it (spreadsheets export trailing rows of bare delimiters), and,
    /// with an error, for one with fewer fields than the `needed` of the header.
    pub fn row_texts<'r, const N: usize>(
        &mut self,
        rec: &'r ByteRecord,
        at: &[Option<usize>; N],
        needed: usize,
        row: &Row,
    ) -> Option<[&'r str; N]> {
        if rec.iter().all(|f| f.trim_ascii().is_empty()) {
            return None;
        }
        if rec.len() < needed {
            let n = rec.len();
            let s = if n == 1 { "" } else { "s" };
            let msg = format!(
                "this row has {n} field{s} but the header needs {needed}: a value is missing"
            );
            let hint = "every row has one field per column of the header; leave a field empty \
                        between two delimiters for no value";
            self.field_error(row, usize::MAX, msg, Some(hint.into()));
            return None;
        }
        self.texts(rec, at, row)
    }

    /// The trimmed text of each known column (`at` gives their fields; "" when absent),
    /// or None, with an error, when the record is not valid UTF-8.
    pub fn texts<'r, const N: usize>(
        &mut self,
        rec: &'r ByteRecord,
        at: &[Option<usize>; N],
        row: &Row,
    ) -> Option<[&'r str; N]> {
        let mut text = [""; N];
        for (k, at) in at.iter().enumerate() {
            let Some(i) = *at else { continue };
            let Some(field) = rec.get(i) else { continue };
            match std::str::from_utf8(field) {
                Ok(s) => text[k] = s.trim(),
                Err(_) => {
                    let hint = "save the file with UTF-8 encoding (in Excel: \"CSV UTF-8\")";
                    let msg = "this line is not valid UTF-8".to_string();
                    self.field_error(row, i, msg, Some(hint.into()));
                    return None;
                }
            }
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(s: &[u8]) -> Sniffed {
        sniff(&mut &s[..]).unwrap()
    }

    #[test]
    fn delimiter_is_the_most_frequent_outside_quotes() {
        assert_eq!(sniffed(b"period,stage,metric,value\n1;2;3").delimiter, b',');
        assert_eq!(sniffed(b"period;stage;metric;value\r\n").delimiter, b';');
        assert_eq!(sniffed(b"period\tstage\tmetric\tvalue").delimiter, b'\t');
        assert_eq!(sniffed(b"\"a;b;c\",period,stage\n").delimiter, b',');
        assert_eq!(sniffed(b"").delimiter, b',');
    }

    #[test]
    fn bom_is_removed_and_nothing_is_lost() {
        let s = sniffed(b"\xEF\xBB\xBFperiod;stage\nx;y\n");
        assert_eq!(s.prefix, b"period;stage\nx;y\n");
        let long = vec![b'a'; SNIFF_LIMIT * 2];
        let s = sniffed(&long);
        assert!(s.prefix.len() >= SNIFF_LIMIT && s.prefix.len() <= long.len());
    }

    #[test]
    fn fields_are_located_by_character_column() {
        let raw = "2026-Q1,\"a,b\",é,x\nnext".as_bytes();
        assert_eq!(locate(raw, b',', 0), (0, 1));
        assert_eq!(locate(raw, b',', 1), (0, 9));
        assert_eq!(locate(raw, b',', 2), (0, 15));
        assert_eq!(locate(raw, b',', 3), (0, 17));
        assert_eq!(locate(raw, b',', 9), (0, 18));
        let multi = b"\"line\nbreak\";\"say \"\"hi\"\";\";v\n";
        assert_eq!(locate(multi, b';', 1), (1, 8));
        assert_eq!(locate(multi, b';', 2), (1, 22));
    }

    #[test]
    fn utf16_is_recognised_with_or_without_its_mark() {
        let utf16le: Vec<u8> = "period,stage,metric,value\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let utf16be: Vec<u8> = "period;stage"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert!(sniffed(&utf16le).utf16);
        assert!(sniffed(&utf16be).utf16);
        assert!(sniffed(b"\xFF\xFEp\x00").utf16);
        assert!(!sniffed(b"period,stage,metric,value\n").utf16);
        assert!(!sniffed(b"a\x00").utf16);
        assert!(!sniffed("période;étape;métrique".as_bytes()).utf16);
    }

    #[test]
    fn an_unclosed_quote_is_found_where_it_opens() {
        assert_eq!(unclosed_quote(b"a,\"b,c\nd,e\n", b','), Some(2));
        assert_eq!(unclosed_quote(b"a,\"b\nc\",\"d\n", b','), Some(8));
        assert_eq!(unclosed_quote(b"a;\"say \"\"hi\"\"\";b\n", b';'), None);
        assert_eq!(unclosed_quote(b"a,b\"c,d\n", b','), None);
        assert_eq!(unclosed_quote(b"\"", b','), Some(0));
        assert_eq!(position(b"ab\ncd\"e", 5), (1, 3));
        assert_eq!(position("é\"".as_bytes(), 2), (0, 2));
    }

    #[test]
    fn tap_keeps_unconsumed_bytes() {
        let data = vec![7u8; KEEP_SLACK * 3];
        let mut tap = Tap::new(&data[..]);
        let mut buf = vec![0u8; KEEP_SLACK * 2];
        tap.read_exact(&mut buf).unwrap();
        tap.forget_before(KEEP_SLACK as u64 + 5);
        assert_eq!(tap.from(KEEP_SLACK as u64 + 5).len(), KEEP_SLACK - 5);
        assert_eq!(tap.from(0).len(), KEEP_SLACK - 5);
        assert_eq!(leading_breaks(b"\r\n\n\nx"), (4, 3));
    }
}
