//! A reader that bounds the length of one CSV record while the bytes stream in.
//!
//! The `csv` crate holds a whole record in memory before handing it over, so a record with no
//! line end (or an opening quote that never closes) would otherwise be buffered in full — the
//! whole file, which a zip entry can inflate to gigabytes. [`RecordGuard`] follows RFC 4180
//! quoting the way the `csv` crate does (a quote opens a quoted field only at the start of a
//! field; `""` inside one is an escaped quote; CR, LF or CRLF end a record outside quotes) and
//! fails the read once the current record grows past its limit, so memory stays bounded by the
//! limit, not by the input.

use std::io::{self, Read};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    StartField,
    InField,
    InQuoted,
    QuoteInQuoted,
}

/// Wraps the bytes of one CSV file; see the module documentation.
pub(crate) struct RecordGuard<R> {
    inner: R,
    state: State,
    /// Bytes of the current record seen so far.
    record: u64,
    /// The most bytes one record may take.
    pub(crate) max_record_bytes: u64,
    /// Set once a record went over the limit: every later read fails.
    pub(crate) tripped: bool,
}

impl<R: Read> RecordGuard<R> {
    pub(crate) fn new(inner: R, max_record_bytes: u64) -> Self {
        Self {
            inner,
            state: State::StartField,
            record: 0,
            max_record_bytes,
            tripped: false,
        }
    }

    fn error(&self) -> io::Error {
        io::Error::other(format!(
            "a record longer than {} bytes (an unterminated quote or a missing line end?)",
            self.max_record_bytes
        ))
    }
}

impl<R: Read> Read for RecordGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.tripped {
            return Err(self.error());
        }
        let n = self.inner.read(buf)?;
        // Where the current record started in this chunk (0 when it started before).
        let mut record_start = 0;
        for (i, &b) in buf.iter().take(n).enumerate() {
            let end_of_record = match (self.state, b) {
                (State::InQuoted, b'"') => {
                    self.state = State::QuoteInQuoted;
                    false
                }
                (State::InQuoted, _) => false,
                (State::StartField, b'"') => {
                    self.state = State::InQuoted;
                    false
                }
                (State::QuoteInQuoted, b'"') => {
                    self.state = State::InQuoted;
                    false
                }
                (_, b',') => {
                    self.state = State::StartField;
                    false
                }
                (_, b'\r' | b'\n') => {
                    self.state = State::StartField;
                    true
                }
                _ => {
                    self.state = State::InField;
                    false
                }
            };
            if end_of_record {
                self.record = 0;
                record_start = i + 1;
            } else {
                self.record += 1;
                if self.record > self.max_record_bytes {
                    self.tripped = true;
                    // Hand over the records that ended in this chunk; fail on the next read.
                    return if record_start > 0 {
                        Ok(record_start)
                    } else {
                        Err(self.error())
                    };
                }
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(input: &[u8], max: u64) -> (Vec<Vec<String>>, bool) {
        let mut rdr = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(RecordGuard::new(input, max));
        let mut out = Vec::new();
        let mut rec = ::csv::StringRecord::new();
        while let Ok(true) = rdr.read_record(&mut rec) {
            out.push(rec.iter().map(str::to_owned).collect());
        }
        (out, rdr.get_ref().tripped)
    }

    #[test]
    fn quoting_follows_the_csv_reader() {
        let input = b"a,\"b,\r\n\"\"c\"\"\",d\"e\nx,\"y\"z,\"\"\r\n\"q\"";
        let (got, tripped) = records(input, 1_000);
        assert!(!tripped);
        let mut rdr = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&input[..]);
        let want: Vec<Vec<String>> = rdr
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(got, want);
        // Each record is exactly as long as the limit allows.
        let (got, tripped) = records(b"abcd\nefgh\n", 4);
        assert!(!tripped);
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn a_long_record_stops_the_read_after_the_records_before_it() {
        let mut input = b"ok,1\nok,2\n\"never closed,".to_vec();
        input.extend(std::iter::repeat_n(b'x', 100_000));
        let (got, tripped) = records(&input, 1_000);
        assert!(tripped);
        assert_eq!(got, [["ok", "1"], ["ok", "2"]]);
        // Also when the long record starts in the middle of a chunk smaller than the limit.
        let (got, tripped) = records(b"a\nbbbbbbbbbbbbbbbbbbbbbbbb", 5);
        assert!(tripped);
        assert_eq!(got, [["a"]]);
    }
}
