//! RFC 4180 records from a byte stream, with the length of one record bounded.
//!
//! [`RecordReader`] yields exactly the records the `csv` crate's reader yields with
//! `has_headers(false)` and `flexible(true)` (a byte order mark at the start is dropped, blank
//! lines are not records, CR, LF and CRLF end a record, a quote opens a quoted field only at the
//! start of a field and `""` inside one is an escaped quote) — the property test
//! `records_are_the_csv_crates_records` holds it to that, for every way the input may arrive in
//! pieces. Two differences:
//!
//! - **Bounded memory.** The `csv` crate holds a whole record before handing it over, so a
//!   record with no line end (or an opening quote that never closes) would be buffered in full
//!   — the whole file, which a zip entry can inflate to gigabytes. This reader fails once a
//!   record's bytes go past [`RecordReader::max_record_bytes`], after handing over every record
//!   before it.
//! - **One pass for plain lines.** A record whose line holds no quote is split at its commas
//!   where it lies in the read buffer (found with `memchr`, no copy, no state machine per byte);
//!   only a record with a quote goes through `csv_core`'s state machine (the `csv` crate's
//!   own), continuing from the same position. Real OneRoster exports quote rarely, so almost
//!   every row takes the plain way.
//!
//! The `csv_core` dependency (already in the tree under `csv`) is used directly for those quoted
//! records: it parses incrementally from a caller's buffer, which is what lets the two ways
//! share one buffer and one position.

use std::fmt;
use std::io::{self, Read};

use csv_core::ReadRecordResult;

/// The most fields a record of a OneRoster file may have (the widest file defines 26 columns;
/// the rest is room for extension columns): a line of commas must not make the reader hold a
/// field range per byte.
pub(crate) const MAX_FIELDS: usize = 4096;

/// A line up to this long gets room for a field per byte without counting its commas.
const SHORT_LINE: usize = 4096;

/// How much is read from the inner reader at a time.
const CHUNK: usize = 64 * 1024;

/// Why a record could not be read.
#[derive(Debug)]
pub(crate) enum RecordError {
    /// A record went past the limit (no line end, or an unclosed quote?). Every later call
    /// fails the same way.
    TooLong {
        /// The limit, in bytes.
        max: u64,
    },
    /// A record has more fields than [`RecordReader::max_fields`]. Every later call fails
    /// the same way.
    TooManyFields {
        /// The limit.
        max: usize,
    },
    /// The inner reader failed.
    Io(io::Error),
}

impl RecordError {
    /// The same error again, for a limit (which every later call reports); `None` for an I/O
    /// error.
    fn limit_again(&self) -> Option<Self> {
        match *self {
            Self::TooLong { max } => Some(Self::TooLong { max }),
            Self::TooManyFields { max } => Some(Self::TooManyFields { max }),
            Self::Io(_) => None,
        }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLong { max } => write!(
                f,
                "a record longer than {max} bytes (an unterminated quote or a missing line end?)"
            ),
            Self::TooManyFields { max } => write!(f, "a record with more than {max} fields"),
            Self::Io(e) => write!(f, "{e}"),
        }
    }
}

/// One record: its fields as ranges of one byte slice.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record<'a> {
    /// The bytes the fields lie in: the line itself (separators included) for a plain record,
    /// the unquoted fields one after another for a quoted one.
    data: &'a [u8],
    /// Start and end of each field in `data`.
    bounds: &'a [(usize, usize)],
}

impl<'a> Record<'a> {
    /// A record of fields at `bounds` (start and end of each) in `data`.
    pub(crate) fn new(data: &'a [u8], bounds: &'a [(usize, usize)]) -> Self {
        Self { data, bounds }
    }

    /// The number of fields.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.bounds.len()
    }

    /// The byte range of field `i` in [`Record::as_bytes`].
    #[inline]
    pub(crate) fn range(&self, i: usize) -> Option<std::ops::Range<usize>> {
        self.bounds.get(i).map(|&(s, e)| s..e)
    }

    /// Field `i`.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<&'a [u8]> {
        let &(s, e) = self.bounds.get(i)?;
        self.data.get(s..e)
    }

    /// The bytes every field lies in (with separators between them when the record was plain:
    /// only ASCII bytes that are neither controls nor quotes).
    #[inline]
    pub(crate) fn as_bytes(&self) -> &'a [u8] {
        self.data
    }

    /// The fields in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        let data = self.data;
        self.bounds
            .iter()
            .map(move |&(s, e)| data.get(s..e).unwrap_or_default())
    }

    /// The fields as an owned `csv` record.
    pub(crate) fn to_byte_record(self) -> ::csv::ByteRecord {
        self.iter().collect()
    }
}

/// Reads RFC 4180 records; see the module documentation.
pub(crate) struct RecordReader<R> {
    inner: R,
    /// The read buffer (all of it initialised; `filled` bytes of it hold input).
    buf: Vec<u8>,
    /// The next unread byte in `buf`.
    pos: usize,
    /// The end of the input in `buf`.
    filled: usize,
    /// Where the search for the current plain line's end goes on (an index into `buf`).
    searched: usize,
    /// The inner reader is exhausted.
    eof: bool,
    /// The first record was read (through `csv_core`, which drops a leading byte order mark).
    started: bool,
    core: csv_core::Reader,
    /// A quoted record's fields, unquoted, and their end offsets.
    out: Vec<u8>,
    ends: Vec<usize>,
    bounds: Vec<(usize, usize)>,
    /// The most bytes one record may take (its line end not counted).
    pub(crate) max_record_bytes: u64,
    /// The most fields one record may have.
    pub(crate) max_fields: usize,
    /// The limit a record went over (reported again by every later call).
    tripped: Option<RecordError>,
}

thread_local! {
    /// A built `csv_core` reader given back by the last [`RecordReader`] this thread dropped.
    static SPARE_CORE: std::cell::Cell<Option<csv_core::Reader>> = const { std::cell::Cell::new(None) };
}

/// A `csv_core` reader in its initial state. `csv_core::Reader::new` builds its state machine's
/// tables each time, and a set is read through one reader per file and pass, so a dropped
/// reader's tables are kept (one per thread) and reset for the next. (`csv_core::Reader::clone`
/// cannot serve: it copies only part of the tables.)
fn fresh_core() -> csv_core::Reader {
    // `try_with`: during thread exit the slot may be gone; a new reader is built then.
    match SPARE_CORE.try_with(std::cell::Cell::take).ok().flatten() {
        Some(mut core) => {
            core.reset();
            core
        }
        None => csv_core::Reader::new(),
    }
}

impl<R> Drop for RecordReader<R> {
    fn drop(&mut self) {
        let core = std::mem::take(&mut self.core);
        // A reader dropped while the thread exits has no slot to give its tables to: they are
        // dropped (never a panic in `drop`).
        let _ = SPARE_CORE.try_with(|s| s.set(Some(core)));
    }
}

impl<R: Read> RecordReader<R> {
    /// A reader over `inner` whose records may be at most `max_record_bytes` long.
    pub(crate) fn new(inner: R, max_record_bytes: u64) -> Self {
        Self {
            inner,
            buf: Vec::new(),
            pos: 0,
            filled: 0,
            searched: 0,
            eof: false,
            started: false,
            core: fresh_core(),
            out: Vec::new(),
            ends: Vec::new(),
            bounds: Vec::new(),
            max_record_bytes,
            max_fields: usize::MAX,
            tripped: None,
        }
    }

    /// Records that a limit was crossed, and returns its error.
    fn trip(&mut self, e: RecordError) -> RecordError {
        self.tripped = e.limit_again();
        e
    }

    fn too_long(&mut self) -> RecordError {
        self.trip(RecordError::TooLong {
            max: self.max_record_bytes,
        })
    }

    fn too_many_fields(&mut self) -> RecordError {
        self.trip(RecordError::TooManyFields {
            max: self.max_fields,
        })
    }

    /// Reads more input after what the buffer holds: moves the unread bytes to the front, grows
    /// the buffer when it is full, and reads until at least one byte came or the input ended.
    fn fill(&mut self) -> Result<(), RecordError> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.filled, 0);
            self.filled -= self.pos;
            self.searched = self.searched.saturating_sub(self.pos);
            self.pos = 0;
        }
        if self.buf.len() - self.filled < CHUNK / 2 {
            let want = (self.filled + CHUNK).max(self.buf.len());
            self.buf.resize(want, 0);
        }
        loop {
            let Some(space) = self.buf.get_mut(self.filled..) else {
                return Ok(());
            };
            match self.inner.read(space) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.filled += n.min(space.len());
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(RecordError::Io(e)),
            }
        }
    }

    /// The next record, or `None` at the end of the input.
    pub(crate) fn next_record(&mut self) -> Result<Option<Record<'_>>, RecordError> {
        if let Some(e) = self.tripped.as_ref().and_then(RecordError::limit_again) {
            return Err(e);
        }
        if !self.started {
            self.started = true;
            // `csv_core` drops a byte order mark only when its first input holds all three
            // bytes of it, and takes an input that is empty once the mark is dropped for the
            // end of the input: the first input holds a byte more (or all there is).
            while self.filled - self.pos < 4 && !self.eof {
                self.fill()?;
            }
            return self.quoted_record();
        }
        let max = usize::try_from(self.max_record_bytes).unwrap_or(usize::MAX);
        loop {
            // Blank lines (line ends at the start of a record) are not records.
            while self
                .buf
                .get(self.pos..self.filled)
                .and_then(|b| b.first())
                .is_some_and(|b| matches!(b, b'\r' | b'\n'))
            {
                self.pos += 1;
            }
            if self.pos == self.filled {
                if self.eof {
                    return Ok(None);
                }
                self.fill()?;
                continue;
            }
            self.searched = self.searched.max(self.pos);
            let rest = self.buf.get(self.searched..self.filled).unwrap_or_default();
            match memchr::memchr3(b'\n', b'\r', b'"', rest) {
                Some(k) => {
                    let end = self.searched + k;
                    if self.buf.get(end) == Some(&b'"') {
                        return self.quoted_record();
                    }
                    if end - self.pos > max {
                        return Err(self.too_long());
                    }
                    let start = self.pos;
                    let room = self.room(start, end)?;
                    self.pos = end + 1;
                    self.searched = self.pos;
                    return Ok(Some(self.plain_record(start, end, room)));
                }
                None => {
                    if self.filled - self.pos > max {
                        return Err(self.too_long());
                    }
                    self.searched = self.filled;
                    if self.eof {
                        let (start, end) = (self.pos, self.filled);
                        let room = self.room(start, end)?;
                        self.pos = end;
                        return Ok(Some(self.plain_record(start, end, room)));
                    }
                    self.fill()?;
                }
            }
        }
    }

    /// Room for every field of the plain line `buf[start..end]`: a short line can have no
    /// more fields than bytes plus one; a long one has its commas counted first, so that the
    /// room stays proportional to its fields (16 bytes each), not to its length, and within
    /// [`RecordReader::max_fields`].
    #[inline(always)]
    fn room(&mut self, start: usize, end: usize) -> Result<usize, RecordError> {
        let len = end - start;
        if len < self.max_fields && len <= SHORT_LINE {
            Ok(len + 1)
        } else {
            self.count_fields(start, end)
        }
    }

    /// [`RecordReader::room`] for a long line.
    #[cold]
    #[inline(never)]
    fn count_fields(&mut self, start: usize, end: usize) -> Result<usize, RecordError> {
        let line = self.buf.get(start..end).unwrap_or_default();
        let fields = memchr::memchr_iter(b',', line).count() + 1;
        if fields > self.max_fields {
            return Err(self.too_many_fields());
        }
        Ok(fields)
    }

    /// The record on `buf[start..end]`, a line without quotes or line ends, with `room` for
    /// its fields (see [`RecordReader::room`]).
    #[inline]
    fn plain_record(&mut self, start: usize, end: usize, room: usize) -> Record<'_> {
        let line = self.buf.get(start..end).unwrap_or_default();
        // Written by index into room kept between records: no capacity check per field.
        if self.bounds.len() < room {
            self.bounds.resize(room, (0, 0));
        }
        let n = split_at_commas(line, &mut self.bounds);
        Record {
            data: line,
            bounds: self.bounds.get(..n).unwrap_or_default(),
        }
    }

    /// A record read by `csv_core` from the current position (which is a record's start).
    fn quoted_record(&mut self) -> Result<Option<Record<'_>>, RecordError> {
        let (mut outlen, mut endlen) = (0, 0);
        let mut taken: u64 = 0;
        if self.out.is_empty() {
            self.out.resize(1024, 0);
            self.ends.resize(64, 0);
        }
        loop {
            if self.pos == self.filled && !self.eof {
                self.fill()?;
            }
            // The limit, a line end of up to two bytes, and one byte more: a long record is
            // caught without reading on.
            let room = usize::try_from(self.max_record_bytes.saturating_sub(taken))
                .unwrap_or(usize::MAX)
                .saturating_add(3);
            let end = self.filled.min(self.pos.saturating_add(room));
            let input = self.buf.get(self.pos..end).unwrap_or_default();
            let (Some(out), Some(ends)) = (self.out.get_mut(outlen..), self.ends.get_mut(endlen..))
            else {
                return Ok(None);
            };
            let (res, nin, nout, nend) = self.core.read_record(input, out, ends);
            self.pos += nin;
            self.searched = self.pos;
            taken += nin as u64;
            outlen += nout;
            endlen += nend;
            if taken > self.max_record_bytes.saturating_add(2) {
                return Err(self.too_long());
            }
            match res {
                // Refilled at the top of the loop; an empty input tells `csv_core` the input
                // ended, which is only passed when it did.
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    let n = self.out.len() * 2;
                    self.out.resize(n, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    if endlen >= self.max_fields {
                        return Err(self.too_many_fields());
                    }
                    let n = (self.ends.len() * 2).min(self.max_fields.saturating_add(1));
                    self.ends.resize(n, 0);
                }
                ReadRecordResult::Record if endlen > self.max_fields => {
                    return Err(self.too_many_fields());
                }
                ReadRecordResult::Record => {
                    // The line end that closed the record (consumed by this last call) is not
                    // part of its length.
                    let consumed = self.buf.get(self.pos - nin..self.pos).unwrap_or_default();
                    let line_end = consumed
                        .iter()
                        .rev()
                        .take(2)
                        .take_while(|b| matches!(b, b'\r' | b'\n'))
                        .count();
                    if taken - line_end as u64 > self.max_record_bytes {
                        return Err(self.too_long());
                    }
                    self.bounds.clear();
                    let mut start = 0;
                    for &e in self.ends.get(..endlen).unwrap_or_default() {
                        self.bounds.push((start, e));
                        start = e;
                    }
                    return Ok(Some(Record {
                        data: self.out.get(..outlen).unwrap_or_default(),
                        bounds: &self.bounds,
                    }));
                }
                ReadRecordResult::End => return Ok(None),
            }
        }
    }
}

/// The fields of a line without quotes or line ends: `bounds` gets each field's start and end.
///
/// Eight bytes at a time: a word's commas are the bytes whose XOR with `,` is zero, found for
/// all eight at once without carries between bytes (adding 0x7F to the low seven bits of a byte
/// sets its high bit unless they are all zero), then taken lowest first. Real lines have a comma
/// every few bytes, which is where a `memchr` iterator's setup per call costs more than the
/// search.
#[inline]
fn split_at_commas(line: &[u8], bounds: &mut [(usize, usize)]) -> usize {
    const COMMAS: u64 = u64::from_ne_bytes([b','; 8]);
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut n = 0;
    let mut field = 0;
    let mut at = 0;
    let mut take = |w: u64, at: usize, n: &mut usize| {
        let w = w ^ COMMAS;
        let mut zero = !(((w & LOW7) + LOW7) | w) & HIGH;
        while zero != 0 {
            let comma = at + (zero.trailing_zeros() / 8) as usize;
            if let Some(b) = bounds.get_mut(*n) {
                *b = (field, comma);
            }
            *n += 1;
            field = comma + 1;
            zero &= zero - 1;
        }
    };
    let mut words = line.chunks_exact(8);
    for word in &mut words {
        take(
            u64::from_le_bytes(word.try_into().unwrap_or([0; 8])),
            at,
            &mut n,
        );
        at += 8;
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        // The last bytes zero-padded to a word (zeros are not commas).
        let mut last = [0u8; 8];
        if let Some(to) = last.get_mut(..rest.len()) {
            to.copy_from_slice(rest);
        }
        take(u64::from_le_bytes(last), at, &mut n);
    }
    if let Some(b) = bounds.get_mut(n) {
        *b = (field, line.len());
    }
    n + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A reader handing its bytes over in pieces of the given sizes (in turn).
    struct Pieces<'a> {
        data: &'a [u8],
        sizes: Vec<usize>,
        next: usize,
    }

    impl Read for Pieces<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let size = self
                .sizes
                .get(self.next % self.sizes.len().max(1))
                .copied()
                .unwrap_or(1)
                .max(1);
            self.next += 1;
            let n = size.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    fn ours(input: &[u8], sizes: Vec<usize>, max: u64) -> (Vec<Vec<Vec<u8>>>, bool) {
        let mut rdr = RecordReader::new(
            Pieces {
                data: input,
                sizes,
                next: 0,
            },
            max,
        );
        let mut out = Vec::new();
        loop {
            match rdr.next_record() {
                Ok(Some(r)) => {
                    let fields: Vec<Vec<u8>> = r.iter().map(<[u8]>::to_vec).collect();
                    // Ranges and fields agree.
                    for (i, f) in fields.iter().enumerate() {
                        let range = r.range(i).unwrap();
                        assert_eq!(&r.as_bytes()[range], &f[..]);
                        assert_eq!(r.get(i), Some(&f[..]));
                    }
                    out.push(fields);
                }
                Ok(None) => return (out, false),
                Err(RecordError::TooLong { .. }) => return (out, true),
                Err(RecordError::TooManyFields { .. }) => panic!("no field limit here"),
                Err(RecordError::Io(e)) => panic!("{e}"),
            }
        }
    }

    fn theirs(input: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let mut rdr = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let mut rec = ::csv::ByteRecord::new();
        let mut out = Vec::new();
        while rdr.read_byte_record(&mut rec).unwrap() {
            out.push(rec.iter().map(<[u8]>::to_vec).collect());
        }
        out
    }

    fn csv_bytes() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            8 => Just(&b"a"[..]),
            3 => Just(&b","[..]),
            2 => Just(&b"\""[..]),
            1 => Just(&b"\r"[..]),
            3 => Just(&b"\n"[..]),
            1 => Just(&b"\r\n"[..]),
            1 => Just(&b" "[..]),
            1 => Just(&b"\xEF\xBB\xBF"[..]),
            1 => Just(&b"\xC3\xA9"[..]),
            1 => Just(&b"\0"[..]),
        ];
        proptest::collection::vec(piece, 0..120).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn commas_are_found_as_a_split_finds_them(
            line in proptest::collection::vec(
                prop_oneof![4 => Just(b'a'), 2 => Just(b','), 1 => Just(0x2Du8), 1 => Just(0xACu8), 1 => Just(0u8), 1 => any::<u8>()],
                0..70,
            ),
        ) {
            let mut bounds = vec![(0, 0); line.len() + 1];
            let n = split_at_commas(&line, &mut bounds);
            let got: Vec<&[u8]> = bounds[..n].iter().map(|&(s, e)| &line[s..e]).collect();
            let want: Vec<&[u8]> = line.split(|b| *b == b',').collect();
            prop_assert_eq!(got, want);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3_000))]
        #[test]
        fn records_are_the_csv_crates_records(
            input in csv_bytes(),
            sizes in proptest::collection::vec(1usize..50, 1..4),
        ) {
            let (got, tripped) = ours(&input, sizes, u64::MAX);
            prop_assert!(!tripped);
            prop_assert_eq!(got, theirs(&input));
        }

        #[test]
        fn a_limit_stops_at_the_first_long_record(
            input in csv_bytes(),
            sizes in proptest::collection::vec(1usize..50, 1..4),
            max in 0u64..30,
        ) {
            let (got, tripped) = ours(&input, sizes, max);
            let want = theirs(&input);
            // Whatever came is what the csv crate reads, in order.
            prop_assert!(got.len() <= want.len());
            prop_assert_eq!(&got[..], &want[..got.len()]);
            // A limit no shorter than the whole input never trips; a read that did not trip
            // read everything.
            if max >= input.len() as u64 {
                prop_assert!(!tripped);
            }
            if !tripped {
                prop_assert_eq!(got.len(), want.len());
            }
        }
    }

    #[test]
    fn quoting_follows_the_csv_reader() {
        let input = b"a,\"b,\r\n\"\"c\"\"\",d\"e\nx,\"y\"z,\"\"\r\n\"q\"";
        let (got, tripped) = ours(input, vec![7], 1_000);
        assert!(!tripped);
        assert_eq!(got, theirs(input));
        // Each record is exactly as long as the limit allows.
        let (got, tripped) = ours(b"abcd\nefgh\n", vec![3], 4);
        assert!(!tripped);
        assert_eq!(got.len(), 2);
        let (got, tripped) = ours(b"abcd\nefghi\n", vec![3], 4);
        assert!(tripped);
        assert_eq!(got.len(), 1);
        // A byte order mark at the start is dropped, one in a later record is kept.
        let (got, _) = ours(b"\xEF\xBB\xBFa,b\n\xEF\xBB\xBFc\n", vec![1], 1_000);
        assert_eq!(
            got,
            [
                vec![b"a".to_vec(), b"b".to_vec()],
                vec![b"\xEF\xBB\xBFc".to_vec()]
            ]
        );
    }

    #[test]
    fn a_long_record_stops_the_read_after_the_records_before_it() {
        let mut input = b"ok,1\nok,2\n\"never closed,".to_vec();
        input.extend(std::iter::repeat_n(b'x', 100_000));
        let (got, tripped) = ours(&input, vec![4096], 1_000);
        assert!(tripped);
        assert_eq!(
            got,
            [
                [b"ok".to_vec(), b"1".to_vec()],
                [b"ok".to_vec(), b"2".to_vec()]
            ]
        );
        // Also a plain line without an end, starting in the middle of a piece.
        let (got, tripped) = ours(b"a\nbbbbbbbbbbbbbbbbbbbbbbbb", vec![3], 5);
        assert!(tripped);
        assert_eq!(got, [[b"a".to_vec()]]);
    }

    #[test]
    fn a_reader_dropped_inside_a_quoted_field_leaves_no_state_to_the_next() {
        // The first reader stops inside a quoted field (its csv_core state machine is then in
        // the quoted state, line 2) and is dropped; the next reader reuses those tables.
        let mut first = RecordReader::new(&b"\xEF\xBB\xBFa,b\n\"open,still"[..], u64::MAX);
        assert_eq!(first.next_record().unwrap().unwrap().len(), 2);
        drop(first);
        let input = b"\xEF\xBB\xBFx,\"y\"\"z\"\n1,2\n";
        let mut next = RecordReader::new(&input[..], u64::MAX);
        let r = next.next_record().unwrap().unwrap();
        // A new reader's leading byte order mark is dropped again, and quoting starts afresh.
        assert_eq!(r.get(0), Some(&b"x"[..]));
        assert_eq!(r.get(1), Some(&b"y\"z"[..]));
        assert_eq!(next.next_record().unwrap().unwrap().len(), 2);
        assert!(next.next_record().unwrap().is_none());
    }

    #[test]
    fn room_for_fields_follows_the_fields_not_the_bytes() {
        let mut line = vec![b'x'; 100_000];
        line[10] = b',';
        line.push(b'\n');
        let mut input = b"h\n".to_vec();
        input.extend_from_slice(&line);
        let mut rdr = RecordReader::new(&input[..], u64::MAX);
        assert!(matches!(rdr.next_record(), Ok(Some(_))));
        let r = rdr.next_record().unwrap().unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r.get(1).map(<[u8]>::len), Some(100_000 - 11));
        assert!(rdr.bounds.len() <= 4097, "{}", rdr.bounds.len());
    }

    #[test]
    fn a_record_with_too_many_fields_stops_the_read() {
        for quoted in [false, true] {
            let mut input = b"a,b\n".to_vec();
            if quoted {
                input.push(b'"');
                input.extend_from_slice(b"q\"");
            }
            input.extend(std::iter::repeat_n(b',', 10_000));
            input.extend_from_slice(b"\nc,d\n");
            for max in [3, 5_000, 10_000] {
                let mut rdr = RecordReader::new(&input[..], u64::MAX);
                rdr.max_fields = max;
                assert_eq!(rdr.next_record().unwrap().unwrap().len(), 2);
                assert!(
                    matches!(rdr.next_record(), Err(RecordError::TooManyFields { max: m }) if m == max),
                    "{quoted} {max}"
                );
                assert!(matches!(
                    rdr.next_record(),
                    Err(RecordError::TooManyFields { .. })
                ));
                assert!(
                    rdr.bounds.len() <= (max + 1).max(64) && rdr.ends.len() <= (max + 1).max(64)
                );
            }
            let mut rdr = RecordReader::new(&input[..], u64::MAX);
            rdr.max_fields = 10_001;
            assert_eq!(rdr.next_record().unwrap().unwrap().len(), 2);
            assert_eq!(rdr.next_record().unwrap().unwrap().len(), 10_001);
            assert_eq!(rdr.next_record().unwrap().unwrap().len(), 2);
        }
    }

    #[test]
    fn memory_stays_bounded_by_the_limit() {
        // A gigabyte-long line that never ends, read from a generator: the read stops once
        // the line passes the limit, with a buffer of about the limit.
        struct Endless;
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                buf.fill(b'x');
                Ok(buf.len())
            }
        }
        let mut rdr = RecordReader::new(Endless, 1 << 20);
        assert!(matches!(
            rdr.next_record(),
            Err(RecordError::TooLong { max: 1_048_576 })
        ));
        assert!(rdr.buf.len() < (1 << 20) + 2 * CHUNK);
        let mut rdr = RecordReader::new(Endless, 1 << 20);
        rdr.started = true;
        assert!(matches!(
            rdr.next_record(),
            Err(RecordError::TooLong { .. })
        ));
        assert!(rdr.buf.len() < (1 << 20) + 2 * CHUNK);
    }
}
