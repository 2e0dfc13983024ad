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
        let chunk = &buf[..n.min(buf.len())];
        match scan(
            chunk,
            &mut self.state,
            &mut self.record,
            self.max_record_bytes,
        ) {
            Scan::Fits => Ok(n),
            Scan::TooLong { records_end } => {
                self.tripped = true;
                // Hand over the records that ended in this chunk; fail on the next read.
                if records_end > 0 {
                    Ok(records_end)
                } else {
                    Err(self.error())
                }
            }
        }
    }
}

/// What a chunk held.
#[derive(Debug, PartialEq, Eq)]
enum Scan {
    /// Every record in it is within the limit.
    Fits,
    /// A record went over the limit; the records before it end at `records_end`.
    TooLong { records_end: usize },
}

/// Follows the quoting state through `chunk`, a run of bytes at a time: inside a quoted field
/// only a quote matters (found with `memchr`); outside, only line ends and a quote at the start
/// of a field (`memchr3`). `record` is the length of the record in progress (line end not
/// counted), carried from chunk to chunk.
fn scan(chunk: &[u8], state: &mut State, record: &mut u64, max: u64) -> Scan {
    let n = chunk.len();
    // The common case: no quote in a chunk no longer than the limit. Only the record it
    // continues and the one it starts can be too long (the others lie inside the chunk), so the
    // first and last line ends are all that matter.
    if n > 0
        && n as u64 <= max
        && *state != State::InQuoted
        && memchr::memchr(b'"', chunk).is_none()
    {
        let tail_state = |from: usize| {
            if from == n || chunk[n - 1] == b',' {
                State::StartField
            } else {
                State::InField
            }
        };
        return match memchr::memchr2(b'\r', b'\n', chunk) {
            None => {
                *record += n as u64;
                *state = tail_state(0);
                if *record > max {
                    Scan::TooLong { records_end: 0 }
                } else {
                    Scan::Fits
                }
            }
            Some(first) => {
                if *record + first as u64 > max {
                    *record += first as u64;
                    return Scan::TooLong { records_end: 0 };
                }
                let last = memchr::memrchr2(b'\r', b'\n', chunk).unwrap_or(first);
                *record = (n - last - 1) as u64;
                *state = tail_state(last + 1);
                Scan::Fits
            }
        };
    }
    // Where the record in progress started in this chunk (0 when it started before), and the
    // bytes it had before this chunk.
    let mut record_start = 0usize;
    let mut carried = *record;
    let mut p = 0usize;
    let too_long = |carried: u64, start: usize, end: usize| carried + (end - start) as u64 > max;
    while p < n {
        match *state {
            State::InQuoted => match memchr::memchr(b'"', &chunk[p..]) {
                Some(j) => {
                    p += j + 1;
                    *state = State::QuoteInQuoted;
                }
                None => p = n,
            },
            State::QuoteInQuoted if chunk[p] == b'"' => {
                // An escaped quote.
                p += 1;
                *state = State::InQuoted;
            }
            State::StartField if chunk[p] == b'"' => {
                p += 1;
                *state = State::InQuoted;
            }
            State::StartField | State::InField | State::QuoteInQuoted => {
                match memchr::memchr3(b'\r', b'\n', b'"', &chunk[p..]) {
                    None => {
                        *state = if chunk[n - 1] == b',' {
                            State::StartField
                        } else {
                            State::InField
                        };
                        p = n;
                    }
                    Some(j) => {
                        let at = p + j;
                        if chunk[at] == b'"' {
                            // A quote opens a field only right after a comma (the start of the
                            // run was handled above); otherwise it is a plain byte.
                            *state = if j > 0 && chunk[at - 1] == b',' {
                                State::InQuoted
                            } else {
                                State::InField
                            };
                        } else {
                            if too_long(carried, record_start, at) {
                                *record = carried + (at - record_start) as u64;
                                return Scan::TooLong {
                                    records_end: record_start,
                                };
                            }
                            carried = 0;
                            record_start = at + 1;
                            *state = State::StartField;
                        }
                        p = at + 1;
                    }
                }
            }
        }
    }
    if too_long(carried, record_start, n) {
        *record = carried + (n - record_start) as u64;
        return Scan::TooLong {
            records_end: record_start,
        };
    }
    *record = carried + (n - record_start) as u64;
    Scan::Fits
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The byte-at-a-time state machine the scan must agree with.
    fn scan_bytewise(chunk: &[u8], state: &mut State, record: &mut u64, max: u64) -> Scan {
        let mut record_start = 0;
        for (i, &b) in chunk.iter().enumerate() {
            let end_of_record = match (*state, b) {
                (State::InQuoted, b'"') => {
                    *state = State::QuoteInQuoted;
                    false
                }
                (State::InQuoted, _) => false,
                (State::StartField | State::QuoteInQuoted, b'"') => {
                    *state = State::InQuoted;
                    false
                }
                (_, b',') => {
                    *state = State::StartField;
                    false
                }
                (_, b'\r' | b'\n') => {
                    *state = State::StartField;
                    true
                }
                _ => {
                    *state = State::InField;
                    false
                }
            };
            if end_of_record {
                *record = 0;
                record_start = i + 1;
            } else {
                *record += 1;
                if *record > max {
                    return Scan::TooLong {
                        records_end: record_start,
                    };
                }
            }
        }
        Scan::Fits
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        #[test]
        fn the_scan_agrees_with_the_bytewise_state_machine(
            input in proptest::collection::vec(
                prop_oneof![
                    6 => Just(b'a'),
                    2 => Just(b','),
                    1 => Just(b'"'),
                    1 => Just(b'\r'),
                    2 => Just(b'\n'),
                ],
                0..200,
            ),
            chunk in 1usize..40,
            max in 0u64..30,
        ) {
            let (mut s1, mut r1, mut s2, mut r2) = (State::StartField, 0, State::StartField, 0);
            for c in input.chunks(chunk) {
                let a = scan(c, &mut s1, &mut r1, max);
                let b = scan_bytewise(c, &mut s2, &mut r2, max);
                prop_assert_eq!(&a, &b);
                if a != Scan::Fits {
                    break;
                }
                prop_assert_eq!(s1, s2);
                prop_assert_eq!(r1, r2);
            }
        }
    }

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
