//! What is checked on the text before the YAML parser sees it, in one pass over its bytes:
//! how deeply its collections nest. The parser's time grows with the square of the depth
//! (a megabyte of `[` takes it most of an hour); this scan's time grows with the text.

/// How deeply collections may nest, block and flow together. A journey's front matter
/// uses six levels (stages, a stage, its pain points, one of them, its tags); the limit
/// leaves ten times that, as the Markdown limit does for bodies.
pub const MAX_NESTING: usize = 64;

/// A collection that opens deeper than [`MAX_NESTING`] levels, at byte `offset` of the
/// text (its `[`, `{`, `- ` or key).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct TooDeep {
    pub offset: usize,
}

/// Refuses `text` if a collection in it opens deeper than [`MAX_NESTING`] levels; the
/// first such place is reported.
pub(super) fn check(text: &str) -> Result<(), TooDeep> {
    Scan::new(text.as_bytes()).run()
}

/// Bytes that may end a line: line feed, carriage return, and the first bytes of U+0085,
/// U+2028 and U+2029.
const STOPS_LINE: [bool; 256] = stops(b"\n\r\xc2\xe2");
/// What may end a plain scalar, or start a comment or a flow collection after it. Its
/// spaces are passed over too: only whether a `#` follows one matters.
const STOPS_PLAIN: [bool; 256] = stops(b"\n\r\xc2\xe2\t#:,[]{}");

/// Anything but a space: what ends indentation, or the blanks before a node.
const STOPS_NOT_SPACE: [bool; 256] = {
    let mut table = [true; 256];
    table[b' ' as usize] = false;
    table
};

/// The table that stops at the bytes of `these`.
const fn stops(these: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < these.len() {
        table[these[i] as usize] = true;
        i += 1;
    }
    table
}

/// What an open block collection is: a list of `- ` items or a mapping of `key:` lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Sequence,
    Mapping,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    None,
    Single,
    Double,
    /// Just after a `\` in double-quoted text: the next byte is escaped.
    DoubleEscape,
}

/// The scanner's state. Every byte is looked at once by [`Scan::run`]; the next one or
/// two bytes may be peeked at, never scanned again.
struct Scan<'t> {
    bytes: &'t [u8],
    /// The block collections open at this point: the column each starts at and its kind.
    /// Never longer than [`MAX_NESTING`], since the scan stops past it.
    blocks: Vec<(usize, Kind)>,
    /// How many flow collections (`[`, `{`) are open.
    flow: usize,
    quote: Quote,
    /// Byte offset of the current line's first byte.
    line_start: usize,
    /// Still within the current line's indentation (spaces).
    in_indent: bool,
    /// The rest of the line is a comment, a block scalar's header or its content.
    skip_line: bool,
    /// Inside a block scalar (`|`, `>`): its lines are those indented deeper than this
    /// column (-1 at the top level, where every following line is content).
    block_scalar: Option<isize>,
    /// The next non-blank byte starts a node: a quote there opens quoted text, a `[` a
    /// flow collection, a `|` a block scalar.
    node_start: bool,
    /// `- ` and `? ` here open a block collection: only before a line's first token.
    indicators: bool,
    /// The column where the current block node began: a `: ` after it makes it a key.
    key_column: Option<usize>,
    /// Inside an anchor (`&a`) or tag (`!t`): skipped up to the next blank.
    in_property: bool,
    /// The previous byte was blank or a line break (a `#` after it starts a comment).
    after_blank: bool,
    /// Bytes still to skip: the rest of a multi-byte line break or of a doubled quote.
    skip: usize,
    /// How many bytes were looked at, to show in tests that each was looked at once.
    steps: usize,
}

impl<'t> Scan<'t> {
    fn new(bytes: &'t [u8]) -> Self {
        Scan {
            bytes,
            blocks: Vec::new(),
            flow: 0,
            quote: Quote::None,
            line_start: 0,
            in_indent: true,
            skip_line: false,
            block_scalar: None,
            node_start: true,
            indicators: true,
            key_column: None,
            in_property: false,
            after_blank: true,
            skip: 0,
            steps: 0,
        }
    }

    /// Scans the text up to its end or the first place nested too deep.
    fn run(&mut self) -> Result<(), TooDeep> {
        let mut i = 0;
        while i < self.bytes.len() {
            if self.in_flow_run() {
                let end = self.flow_run(i)?;
                if end > i {
                    i = end;
                    continue;
                }
            }
            if let Some(end) = self.quoted_run_end(i) {
                // Quoted text matters only where it ends; its line breaks fold into it.
                self.steps += end - i;
                i = end;
                continue;
            }
            if let Some(stops) = self.run_stops() {
                // Most bytes are text that changes nothing but the position: they are
                // passed over in a tight loop, up to the next byte that may matter.
                let start = i;
                while i < self.bytes.len() && !stops[usize::from(self.bytes[i])] {
                    i += 1;
                }
                if i > start {
                    self.steps += i - start;
                    self.after_blank = self.bytes[i - 1] == b' ';
                    continue;
                }
            }
            let at = i;
            i += 1;
            self.steps += 1;
            if self.skip > 0 {
                self.skip -= 1;
                continue;
            }
            if STOPS_LINE[usize::from(self.bytes[at])] {
                if let Some(width) = self.line_break_at(at) {
                    self.skip = width - 1;
                    self.new_line(at + width);
                    continue;
                }
            }
            self.byte(at)?;
        }
        Ok(())
    }

    /// Whether the scan is inside a flow collection, between tokens or in plain text:
    /// where [`Scan::flow_run`] takes over.
    fn in_flow_run(&self) -> bool {
        self.flow > 0
            && self.quote == Quote::None
            && self.skip == 0
            && !self.skip_line
            && !self.in_indent
            && !self.in_property
    }

    /// The bytes of a flow collection from `i` on, up to the first one that needs more
    /// than the brackets, commas and colons this loop knows (a line break, a quote or an
    /// anchor starting a node, a comment) or that closes the last collection; returns its
    /// index. Flow collections are most of a journey's front matter.
    fn flow_run(&mut self, start: usize) -> Result<usize, TooDeep> {
        let end = self.flow_run_to(start);
        self.steps += end.as_ref().map_or_else(|e| e.offset + 1, |&end| end) - start;
        end
    }

    fn flow_run_to(&mut self, mut i: usize) -> Result<usize, TooDeep> {
        while i < self.bytes.len() {
            let b = self.bytes[i];
            match b {
                b' ' | b'\t' => {
                    self.after_blank = true;
                    i += 1;
                    continue;
                }
                b'\n' | b'\r' | 0xc2 | 0xe2 => return Ok(i),
                b'#' if self.after_blank => return Ok(i),
                b'"' | b'\'' | b'&' | b'!' if self.node_start => return Ok(i),
                b'[' | b'{' => {
                    self.flow += 1;
                    self.node_start = true;
                    self.too_deep(i)?;
                }
                b']' | b'}' => {
                    self.flow -= 1;
                    self.node_start = false;
                    if self.flow == 0 {
                        self.after_blank = false;
                        return Ok(i + 1);
                    }
                }
                b',' => self.node_start = true,
                b':' => {
                    self.node_start = matches!(
                        self.peek(i + 1),
                        b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}'
                    ) || self.blank_or_break_at(i + 1);
                }
                _ => self.node_start = false,
            }
            self.after_blank = false;
            i += 1;
        }
        Ok(i)
    }

    /// Inside quoted text, where the next byte that may end it is (or the end of the
    /// text), if that is past `i`.
    fn quoted_run_end(&self, i: usize) -> Option<usize> {
        if self.skip > 0 {
            return None;
        }
        let rest = &self.bytes[i..];
        let found = match self.quote {
            Quote::Double => memchr::memchr2(b'"', b'\\', rest),
            Quote::Single => memchr::memchr(b'\'', rest),
            Quote::None | Quote::DoubleEscape => return None,
        };
        let end = found.map_or(self.bytes.len(), |n| i + n);
        (end > i).then_some(end)
    }

    /// The bytes that end a run of bytes without effect in the current state, if the
    /// state has such runs: indentation, the rest of a skipped line, a plain scalar.
    fn run_stops(&self) -> Option<&'static [bool; 256]> {
        if self.skip > 0 {
            return None;
        }
        if self.in_indent {
            return Some(&STOPS_NOT_SPACE);
        }
        if self.skip_line {
            return Some(&STOPS_LINE);
        }
        match self.quote {
            Quote::Double | Quote::Single | Quote::DoubleEscape => None,
            Quote::None if self.in_property => None,
            Quote::None if self.node_start => Some(&STOPS_NOT_SPACE),
            Quote::None => Some(&STOPS_PLAIN),
        }
    }

    fn peek(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(b'\n')
    }

    /// The width of the line break at `i`, if one is there. The YAML parser also breaks
    /// lines at a lone carriage return and at U+0085, U+2028 and U+2029; a line structure
    /// hidden behind them would otherwise escape the count.
    fn line_break_at(&self, i: usize) -> Option<usize> {
        match self.bytes[i] {
            b'\n' => Some(1),
            b'\r' if self.peek(i + 1) == b'\n' => None,
            b'\r' => Some(1),
            0xc2 if self.peek(i + 1) == 0x85 => Some(2),
            0xe2 if self.peek(i + 1) == 0x80 && matches!(self.peek(i + 2), 0xa8 | 0xa9) => Some(3),
            _ => None,
        }
    }

    /// Whether byte `i` is a blank, a line break or past the end: what ends a token.
    fn blank_or_break_at(&self, i: usize) -> bool {
        i >= self.bytes.len()
            || matches!(self.bytes[i], b' ' | b'\t' | b'\n' | b'\r')
            || self.line_break_at(i).is_some()
    }

    fn new_line(&mut self, start: usize) {
        self.line_start = start;
        self.in_indent = true;
        self.skip_line = false;
        self.in_property = false;
        self.after_blank = true;
        self.key_column = None;
        if self.flow == 0 && self.quote == Quote::None {
            self.node_start = true;
        }
    }

    fn column(&self, i: usize) -> usize {
        i - self.line_start
    }

    fn depth(&self) -> usize {
        self.blocks.len() + self.flow
    }

    fn too_deep(&self, i: usize) -> Result<(), TooDeep> {
        if self.depth() > MAX_NESTING {
            return Err(TooDeep { offset: i });
        }
        Ok(())
    }

    /// One byte that is neither a line break nor refused.
    fn byte(&mut self, i: usize) -> Result<(), TooDeep> {
        let b = self.bytes[i];
        if self.skip_line {
            return Ok(());
        }
        if self.in_indent {
            if b == b' ' {
                return Ok(());
            }
            self.in_indent = false;
            if self.flow == 0 && self.quote == Quote::None && !self.line_begins(i) {
                self.skip_line = true;
                return Ok(());
            }
        }
        match self.quote {
            Quote::Double => {
                match b {
                    b'\\' => self.quote = Quote::DoubleEscape,
                    b'"' => self.quote = Quote::None,
                    _ => {}
                }
                return Ok(());
            }
            Quote::DoubleEscape => {
                self.quote = Quote::Double;
                return Ok(());
            }
            Quote::Single => {
                if b == b'\'' {
                    if self.peek(i + 1) == b'\'' {
                        self.skip = 1;
                    } else {
                        self.quote = Quote::None;
                    }
                }
                return Ok(());
            }
            Quote::None => {}
        }
        let blank = matches!(b, b' ' | b'\t' | b'\r');
        let after_blank = std::mem::replace(&mut self.after_blank, blank);
        if blank {
            self.in_property = false;
            return Ok(());
        }
        if b == b'#' && after_blank {
            self.skip_line = true;
            return Ok(());
        }
        if self.in_property {
            if self.flow > 0 && matches!(b, b',' | b']' | b'}') {
                self.in_property = false;
            } else {
                return Ok(());
            }
        }
        // Only indicators care what follows them.
        let next_blank = matches!(b, b'-' | b'?' | b':') && self.blank_or_break_at(i + 1);
        if self.flow == 0 && self.node_start {
            if self.indicators && matches!(b, b'-' | b'?') && next_blank {
                let kind = if b == b'-' {
                    Kind::Sequence
                } else {
                    Kind::Mapping
                };
                return self.open_block(i, kind);
            }
            if self.key_column.is_none() && self.indicators {
                self.key_column = Some(self.column(i));
            }
        }
        self.indicators = false;
        match b {
            b'"' | b'\'' if self.node_start => {
                self.quote = if b == b'"' {
                    Quote::Double
                } else {
                    Quote::Single
                };
                self.node_start = false;
            }
            b'[' | b'{' if self.node_start || self.flow > 0 => {
                self.flow += 1;
                self.node_start = true;
                self.too_deep(i)?;
            }
            b']' | b'}' if self.flow > 0 => {
                self.flow -= 1;
                self.node_start = false;
            }
            b',' if self.flow > 0 => self.node_start = true,
            b':' if self.flow > 0
                && (next_blank || matches!(self.peek(i + 1), b',' | b']' | b'}')) =>
            {
                self.node_start = true;
            }
            b':' if self.flow == 0 && next_blank => {
                if let Some(column) = self.key_column.take() {
                    self.open(self.line_start + column, column, Kind::Mapping)?;
                }
                self.node_start = true;
            }
            b'|' | b'>' if self.node_start && self.flow == 0 => {
                let parent = self
                    .blocks
                    .last()
                    .map_or(-1, |&(column, _)| column as isize);
                self.block_scalar = Some(parent);
                self.skip_line = true;
            }
            b'&' | b'!' if self.node_start => self.in_property = true,
            _ => self.node_start = false,
        }
        Ok(())
    }

    /// The first byte of a line in block context, past its indentation. Returns false if
    /// the rest of the line is to be skipped (a comment, or content of a block scalar).
    fn line_begins(&mut self, i: usize) -> bool {
        let indent = self.column(i);
        if let Some(parent) = self.block_scalar {
            if indent as isize > parent {
                return false;
            }
            self.block_scalar = None;
        }
        if self.bytes[i] == b'#' {
            return false;
        }
        while self
            .blocks
            .last()
            .is_some_and(|&(column, _)| column > indent)
        {
            self.blocks.pop();
        }
        self.node_start = true;
        self.indicators = true;
        self.key_column = None;
        true
    }

    /// A `- ` or `? ` indicator at `i`: it opens a collection, and the next token starts a
    /// node of its own.
    fn open_block(&mut self, i: usize, kind: Kind) -> Result<(), TooDeep> {
        self.open(i, self.column(i), kind)?;
        self.key_column = None;
        Ok(())
    }

    /// A block collection of `kind` at `column` (for the token at byte `i`): a sibling of
    /// the one open at that column, or a new level.
    fn open(&mut self, i: usize, column: usize, kind: Kind) -> Result<(), TooDeep> {
        while self.blocks.last().is_some_and(|&(c, _)| c > column) {
            self.blocks.pop();
        }
        if let Some(&(c, open)) = self.blocks.last() {
            if c == column {
                match (open, kind) {
                    (a, b) if a == b => return Ok(()),
                    // A key's list may sit at the key's own indentation.
                    (Kind::Mapping, Kind::Sequence) => {}
                    // Such a list ends at the next key of the mapping.
                    (Kind::Sequence, Kind::Mapping) => {
                        self.blocks.pop();
                        if self
                            .blocks
                            .last()
                            .is_some_and(|&(c, open)| c == column && open == Kind::Mapping)
                        {
                            return Ok(());
                        }
                    }
                    _ => {}
                }
            }
        }
        self.blocks.push((column, kind));
        self.too_deep(i)
    }
}

#[cfg(test)]
mod tests;
