//! One pass over the bytes of a text that tells where the patterns of [`super::find`]
//! need to run: where an IBAN may start, and the clusters of digits that may hold a
//! phone number, a card number or a personal code. Most verbatims have none, or one date,
//! so most patterns never run.

use std::ops::Range;

/// The fewest digits of a phone number, a personal code and a card number.
pub(super) const PHONE_DIGITS: usize = 8;
const PERSONAL_CODE_DIGITS: usize = 11;
const CARD_DIGITS: usize = 13;

/// What the pass found.
pub(super) struct Scan {
    /// Two letters, not glued to a word, then two digits.
    pub iban_starts: Vec<usize>,
    /// The clusters with at least [`PHONE_DIGITS`] digits.
    pub clusters: Vec<Cluster>,
}

/// Runs of digits joined by one or two of ` -.()`: every phone, card and personal code
/// lies inside one.
pub(super) struct Cluster {
    /// From the first digit to the last.
    pub digits: Range<usize>,
    /// With a character either side, so that patterns see word boundaries and a leading
    /// `+` or `(`.
    pub window: Range<usize>,
    /// Whether it has 13 digits in a row, or split by single spaces or dashes.
    pub may_hold_card: bool,
    /// Whether it has 11 digits in a row, or 6, a dash and 5.
    pub may_hold_personal_code: bool,
}

/// A cluster being gathered.
struct Open {
    start: usize,
    end: usize,
    digits: usize,
    /// The digits of the runs joined by single spaces or dashes that end the cluster.
    card_chain: usize,
    card: bool,
    personal_code: bool,
    last_run: usize,
}

impl Scan {
    /// Scans `text`.
    pub(super) fn of(text: &str) -> Scan {
        let bytes = text.as_bytes();
        let mut scan = Scan {
            iban_starts: Vec::new(),
            clusters: Vec::new(),
        };
        let mut open: Option<Open> = None;
        let mut at = 0;
        while at < bytes.len() {
            if !bytes[at].is_ascii_digit() {
                match first_digit(&bytes[at..]) {
                    Some(skip) => at += skip,
                    None => break,
                }
            }
            let run_start = at;
            while bytes.get(at).is_some_and(u8::is_ascii_digit) {
                at += 1;
            }
            let run = at - run_start;
            if run >= 2
                && run_start >= 2
                && bytes[run_start - 2..run_start]
                    .iter()
                    .all(u8::is_ascii_alphabetic)
                && (run_start == 2 || !bytes[run_start - 3].is_ascii_alphanumeric())
            {
                scan.iban_starts.push(run_start - 2);
            }
            match &mut open {
                Some(cluster) if joins(&bytes[cluster.end..run_start]) => {
                    let gap = &bytes[cluster.end..run_start];
                    cluster.card_chain = match gap {
                        b" " | b"-" => cluster.card_chain + run,
                        _ => run,
                    };
                    cluster.personal_code |= gap == b"-" && cluster.last_run == 6 && run == 5;
                    cluster.end = at;
                    cluster.digits += run;
                    cluster.last_run = run;
                }
                _ => {
                    let next = Open {
                        start: run_start,
                        end: at,
                        digits: run,
                        card_chain: run,
                        card: false,
                        personal_code: false,
                        last_run: run,
                    };
                    if let Some(cluster) = open.replace(next) {
                        scan.close(text, cluster);
                    }
                }
            }
            if let Some(cluster) = &mut open {
                cluster.card |= cluster.card_chain >= CARD_DIGITS;
                cluster.personal_code |= run == PERSONAL_CODE_DIGITS;
            }
        }
        if let Some(cluster) = open {
            scan.close(text, cluster);
        }
        scan
    }

    /// Keeps `cluster` if it has enough digits for a phone.
    fn close(&mut self, text: &str, cluster: Open) {
        if cluster.digits < PHONE_DIGITS {
            return;
        }
        let (start, end) = (cluster.start, cluster.end);
        let before = text[..start].chars().next_back().map_or(0, char::len_utf8);
        let after = text[end..].chars().next().map_or(0, char::len_utf8);
        self.clusters.push(Cluster {
            digits: start..end,
            window: start - before..end + after,
            may_hold_card: cluster.card,
            may_hold_personal_code: cluster.personal_code,
        });
    }
}

/// Whether `bytes` has an ASCII digit. Most verbatims have none: each chunk is looked at
/// whole, without a branch a byte, which compiles to vector code.
pub(super) fn has_digit(bytes: &[u8]) -> bool {
    bytes
        .chunks(32)
        .any(|chunk| chunk.iter().fold(false, |any, b| any | b.is_ascii_digit()))
}

/// Where the first ASCII digit of `bytes` is.
pub(super) fn first_digit(bytes: &[u8]) -> Option<usize> {
    // Eight bytes at a time: text with numbers has long stretches of words between them.
    let mut words = bytes.chunks_exact(8);
    for (i, word) in words.by_ref().enumerate() {
        let digits = word
            .try_into()
            .map_or(0, |word| digit_bytes(u64::from_le_bytes(word)));
        if digits != 0 {
            return Some(i * 8 + digits.trailing_zeros() as usize / 8);
        }
    }
    let rest = words.remainder();
    let position = rest.iter().position(u8::is_ascii_digit)?;
    Some(bytes.len() - rest.len() + position)
}

/// The top bit of each byte of `word` that is an ASCII digit, and nothing else.
fn digit_bytes(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = ONES * 0x80;
    // With the top bits cleared, no byte carries into the next when 0x50 or 0x46 is added.
    let low = word & !TOPS;
    let from_zero = low + ONES * (0x80 - b'0' as u64);
    let past_nine = low + ONES * (0x80 - b':' as u64);
    from_zero & !past_nine & !word & TOPS
}

/// Whether `gap`, between two runs of digits, joins them into one cluster.
fn joins(gap: &[u8]) -> bool {
    gap.len() <= 2
        && gap
            .iter()
            .all(|b| matches!(b, b' ' | b'-' | b'.' | b'(' | b')'))
}
