//! CSV records as the csv crate's reader gives them (fields, the position where each
//! record starts, lines counted alike), from a parser built once per delimiter.
//!
//! The csv crate builds its parser's state machine anew for every reader, about a
//! quarter of a million instructions: more than reading a journey's metric file. A
//! site has a file or two per journey, so here a parser, once built, goes back to a
//! pool when its file is read, and the next file with the same delimiter takes it.
//! (A built parser cannot be copied: `csv_core`'s `Clone` copies only part of its
//! tables, for copying a parser before it is built.)

use csv::{ByteRecord, Position};
use csv_core::ReadRecordResult;
use std::io::{self, BufRead, BufReader, Read};
use std::sync::Mutex;

/// Reads the records of one file: what `csv::ReaderBuilder::new().has_headers(false)
/// .flexible(true).delimiter(d)` reads, with the same positions.
pub struct Records<R> {
    /// Taken from the pool; given back, reset, when the records are dropped.
    core: Option<csv_core::Reader>,
    delimiter: u8,
    input: BufReader<R>,
    /// Where the next record starts: its byte offset and line, as csv counts them.
    byte: u64,
    line: u64,
    ended: bool,
    /// The record being read: its fields' bytes end to end, and where each ends.
    fields: Vec<u8>,
    ends: Vec<usize>,
}

impl<R: Read> Records<R> {
    /// Records of `input`, fields separated by `delimiter`, read in blocks of `capacity`.
    pub fn new(input: R, delimiter: u8, capacity: usize) -> Self {
        Records {
            core: Some(take_parser(delimiter)),
            delimiter,
            input: BufReader::with_capacity(capacity, input),
            byte: 0,
            line: 1,
            ended: false,
            fields: vec![0; 1024],
            ends: vec![0; 32],
        }
    }

    /// Reads the next record into `record`, positioned where it starts; false at the end.
    pub fn read(&mut self, record: &mut ByteRecord) -> io::Result<bool> {
        let mut start = Position::new();
        start.set_byte(self.byte).set_line(self.line);
        record.clear();
        record.set_position(Some(start));
        if self.ended {
            return Ok(false);
        }
        let Some(core) = self.core.as_mut() else {
            return Ok(false);
        };
        let (mut out_len, mut ends_len) = (0, 0);
        loop {
            let input = match self.input.fill_buf() {
                Ok(input) => input,
                Err(err) => {
                    self.ended = true;
                    return Err(err);
                }
            };
            let (result, read, written, ended) = core.read_record(
                input,
                &mut self.fields[out_len..],
                &mut self.ends[ends_len..],
            );
            self.input.consume(read);
            self.byte += read as u64;
            self.line = core.line();
            out_len += written;
            ends_len += ended;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.fields.resize(self.fields.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    let mut from = 0;
                    for &to in &self.ends[..ends_len] {
                        record.push_field(&self.fields[from..to]);
                        from = to;
                    }
                    return Ok(true);
                }
                ReadRecordResult::End => {
                    self.ended = true;
                    return Ok(false);
                }
            }
        }
    }

    /// Where the next record starts.
    pub fn position(&self) -> u64 {
        self.byte
    }

    /// The input, under the buffer: it may have been read ahead of the records.
    pub fn get_ref(&self) -> &R {
        self.input.get_ref()
    }

    pub fn get_mut(&mut self) -> &mut R {
        self.input.get_mut()
    }
}

impl<R> Drop for Records<R> {
    fn drop(&mut self) {
        if let Some(mut core) = self.core.take() {
            core.reset();
            pool().push((self.delimiter, core));
        }
    }
}

/// Parsers built and not in use, with their delimiters: at most one per thread that
/// reads, since a reader gives its parser back when it is done.
fn pool() -> std::sync::MutexGuard<'static, Vec<(u8, csv_core::Reader)>> {
    static POOL: Mutex<Vec<(u8, csv_core::Reader)>> = Mutex::new(Vec::new());
    // The pool holds no invariant a panic could break: a parser is reset before it
    // goes in.
    POOL.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A parser for `delimiter`: one from the pool, else a new one.
fn take_parser(delimiter: u8) -> csv_core::Reader {
    let mut pool = pool();
    match pool.iter().rposition(|(d, _)| *d == delimiter) {
        Some(at) => pool.swap_remove(at).1,
        None => {
            drop(pool);
            csv_core::ReaderBuilder::new().delimiter(delimiter).build()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record's fields, the byte and line where it starts, and the byte after it.
    type Read = (Vec<Vec<u8>>, u64, u64, u64);

    /// Every record, as `Records` reads `input` and as the csv crate does.
    fn both(input: &[u8], delimiter: u8) -> [Vec<Read>; 2] {
        let mut ours = Vec::new();
        let mut records = Records::new(input, delimiter, 16);
        let mut record = ByteRecord::new();
        while records.read(&mut record).unwrap() {
            let at = record.position().unwrap();
            let fields = record.iter().map(<[u8]>::to_vec).collect();
            ours.push((fields, at.byte(), at.line(), records.position()));
        }
        let mut theirs = Vec::new();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .buffer_capacity(16)
            .from_reader(input);
        while reader.read_byte_record(&mut record).unwrap() {
            let at = record.position().unwrap();
            let fields = record.iter().map(<[u8]>::to_vec).collect();
            theirs.push((fields, at.byte(), at.line(), reader.position().byte()));
        }
        [ours, theirs]
    }

    #[test]
    fn records_and_positions_are_those_of_the_csv_crate() {
        let long = format!("{},b\n", "x".repeat(5000));
        let many = format!("{}\n", vec!["f"; 200].join(";"));
        let inputs: [(&[u8], u8); 9] = [
            (
                b"stage,metric,value\nbuy,visits,10\r\nsell,visits,\"1,5\"\n",
                b',',
            ),
            (b"\n\n\r\na;b\n\n;\nc;\"d\"\"e\"\n", b';'),
            (b"a\tb\n\"line\nbreak\"\tc\n", b'\t'),
            (b"a,\"never closed\nx,y\n", b','),
            (b"", b','),
            (b"no newline at end", b','),
            (long.as_bytes(), b','),
            (many.as_bytes(), b';'),
            ("ä,ö\r\r\nü,\"õ\"\r".as_bytes(), b','),
        ];
        for (input, delimiter) in inputs {
            let [ours, theirs] = both(input, delimiter);
            assert_eq!(ours, theirs, "{:?}", String::from_utf8_lossy(input));
        }
    }

    #[test]
    fn a_parser_given_back_mid_record_reads_the_next_file_from_its_start() {
        for _ in 0..3 {
            let mut first = Records::new(&b"\xef\xbb\xbfa,\"open\nstill open"[..], b',', 4);
            let mut record = ByteRecord::new();
            assert!(first.read(&mut record).unwrap());
            drop(first);
            let [ours, theirs] = both(b"\xef\xbb\xbfx,y\n\"z\"\n", b',');
            assert_eq!(ours, theirs);
            assert_eq!(ours[0].0, vec![b"x".to_vec(), b"y".to_vec()]);
            assert_eq!((ours[1].1, ours[1].2), (7, 2));
        }
    }
}
