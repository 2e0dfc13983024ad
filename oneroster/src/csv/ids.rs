//! Sets of identifier fingerprints for the duplicate and reference checks of the reader.
//!
//! Memory is proportional to the number of identifiers (16 bytes each plus a small overhead),
//! never to rows or bytes. Three structures, each used where it is cheapest:
//!
//! - [`IdSet`]: a hash set, for a file that is being read and that other rows refer to (orgs,
//!   users, classes…): a repeated sourcedId is seen at once and self references (org parents,
//!   user agents) resolve as the file is read.
//! - [`IdIndex`]: the same fingerprints frozen once their file is read, as 64-bit tags in
//!   buckets of one cache line, so that a lookup from a later file (5 million enrollments into
//!   1 million users) reads one cache line of a table half the size of a hash set's.
//! - [`DupLog`]: for a file that nothing refers to (enrollments, results…), the fingerprints are
//!   only needed to find repeats: they are appended with their row number to one of 256
//!   partitions (sequential writes, no hash-table growth), and the repeats are found at the end
//!   of the file partition by partition, each in a small hash table that stays in cache.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// Hasher for fingerprints: they are already uniformly distributed.
#[derive(Default)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u128(&mut self, i: u128) {
        self.0 = i as u64;
    }
}

/// A growing set of fingerprints.
pub(crate) type IdSet = HashSet<u128, BuildHasherDefault<PassThrough>>;

/// One cache line of an [`IdIndex`]: eight tags, filled from the front (0 marks a free slot).
#[derive(Debug, Clone, Copy, Default)]
#[repr(align(64))]
struct Bucket([u64; 8]);

/// A frozen set of fingerprints: buckets of one cache line each, holding 64-bit tags.
///
/// A fingerprint's home bucket comes from its top 64 bits (scaled to the number of buckets);
/// its tag is its bits 32–95 (with the lowest bit set, so that no tag is 0). The buckets are
/// filled in home order, each fingerprint going to its home bucket or, when that is full, to
/// the next one with room: so a fingerprint lies in its home bucket or in a run of full
/// buckets after it, and a lookup reads one cache line (rarely a few), where a hash set of
/// 128-bit values reads two (control bytes, then the bucket) of a table twice the size. With
/// about 6.4 tags per bucket a lookup compares about eight tags: the chance that a missing
/// fingerprint matches one is about 2⁻⁶⁰.
#[derive(Debug, Default)]
pub(crate) struct IdIndex {
    buckets: Vec<Bucket>,
    /// Number of home buckets (the table may run a few buckets past them).
    homes: u64,
}

impl IdIndex {
    /// Freezes a set.
    pub(crate) fn from_set(set: &IdSet) -> Self {
        Self::build(set.len(), || set.iter().copied())
    }

    /// Freezes the ids of a log (its entries keep the fingerprints' bits that homes and tags
    /// use).
    pub(crate) fn from_log(log: &DupLog) -> Self {
        Self::build(log.len(), || log.entries().map(|key| key & !0xFFFF_FFFF))
    }

    /// Builds the index of `n` fingerprints, which `fps` lists (twice).
    fn build<I: Iterator<Item = u128>>(n: usize, fps: impl Fn() -> I) -> Self {
        let homes = (n * 10 / 64).max(1);
        let home = |fp: u128| usize::try_from(Self::home(fp, homes as u64)).unwrap_or(0);
        // A counting sort of the tags by home bucket.
        let mut start = vec![0usize; homes + 1];
        for fp in fps() {
            if let Some(c) = start.get_mut(home(fp) + 1) {
                *c += 1;
            }
        }
        for h in 1..start.len() {
            start[h] += start[h - 1];
        }
        let mut next = start.clone();
        let mut tags = vec![0u64; n];
        for fp in fps() {
            if let Some(at) = next.get_mut(home(fp)) {
                if let Some(t) = tags.get_mut(*at) {
                    *t = Self::tag(fp);
                }
                *at += 1;
            }
        }
        let mut buckets = vec![Bucket::default(); homes];
        let (mut cur, mut fill) = (0usize, 0usize);
        for (h, w) in start.windows(2).enumerate() {
            for &t in tags.get(w[0]..w[1]).unwrap_or_default() {
                if cur < h {
                    (cur, fill) = (h, 0);
                }
                if fill == 8 {
                    (cur, fill) = (cur + 1, 0);
                }
                if cur >= buckets.len() {
                    buckets.push(Bucket::default());
                }
                if let Some(slot) = buckets.get_mut(cur).and_then(|b| b.0.get_mut(fill)) {
                    *slot = t;
                }
                fill += 1;
            }
        }
        Self {
            buckets,
            homes: homes as u64,
        }
    }

    /// The home bucket of `fp` among `homes` (monotone in `fp`).
    #[inline]
    fn home(fp: u128, homes: u64) -> u64 {
        (((fp >> 64) * u128::from(homes)) >> 64) as u64
    }

    /// The tag of `fp` (never 0): bits 32–95, which a [`DupLog`] entry keeps.
    #[inline]
    fn tag(fp: u128) -> u64 {
        (fp >> 32) as u64 | 1
    }

    /// Whether the set holds `fp`.
    #[inline]
    pub(crate) fn contains(&self, fp: u128) -> bool {
        let tag = Self::tag(fp);
        let mut b = usize::try_from(Self::home(fp, self.homes)).unwrap_or(usize::MAX);
        while let Some(bucket) = self.buckets.get(b) {
            // All eight compared without a branch on each (the smallest difference is 0
            // exactly when a tag matches; `min` compiles to conditional moves), so that where
            // in the bucket the tag lies costs no mispredicted branch.
            if bucket.0.iter().fold(u64::MAX, |m, t| m.min(t ^ tag)) == 0 {
                return true;
            }
            // A bucket with room ends the run a fingerprint can lie in.
            if bucket.0[7] == 0 {
                return false;
            }
            b += 1;
        }
        false
    }

    /// Whether the index is too large to stay in a core's second-level cache while rows stream
    /// through it (over 1 MiB: 50,000 classes take 0.5 MiB, 1,000,000 users 10 MiB): lookups
    /// into it are then worth batching, so that their cache misses overlap. A smaller index is
    /// looked up at once: its second-level hits cost less than a batch's bookkeeping (with a
    /// 64 KiB threshold the classes of the bench's set were batched too, and the validation's
    /// on-CPU time was higher; see BENCHMARKS.md). In debug builds every index counts as
    /// large, so that the tests (which compare batched lookups with row-by-row checks on small
    /// sets) cover the batches.
    pub(crate) fn is_large(&self) -> bool {
        cfg!(debug_assertions) || self.buckets.len() > 1 << 14
    }

    /// Reads the first tag of `fp`'s home bucket, so that the bucket is on its way into the
    /// cache when [`IdIndex::contains`] looks: a batch of these loads, which depend on nothing,
    /// overlap their cache misses.
    #[inline(always)]
    pub(crate) fn touch(&self, fp: u128) -> u64 {
        let b = usize::try_from(Self::home(fp, self.homes)).unwrap_or(usize::MAX);
        self.buckets.get(b).map_or(0, |bucket| bucket.0[0])
    }

    /// Number of fingerprints.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.buckets
            .iter()
            .flat_map(|b| b.0)
            .filter(|t| *t != 0)
            .count()
    }
}

/// Partitions of a [`DupLog`] (the top 8 bits of a fingerprint).
const LOG_PARTS: usize = 256;
/// Largest chunk of a partition, in entries (16 KiB): chunks are never reallocated, so the log
/// costs 16 bytes per id plus at most one partly filled chunk per partition.
const LOG_CHUNK: usize = 1024;

/// The fingerprints of one file's sourcedIds with their row numbers, for finding repeats at the
/// end of the file.
///
/// An entry is the fingerprint's top 96 bits with the row number in the low 32 bits; two
/// sourcedIds are taken as equal when their fingerprints' top 96 bits are (for n ids the chance
/// of a false match is about n²/2⁹⁷: 2·10⁻¹⁶ for 5 million).
#[derive(Debug)]
pub(crate) struct DupLog {
    /// The chunk each partition appends to (the 256 headers stay in cache).
    open: Vec<Vec<u128>>,
    /// The filled chunks of each partition.
    full: Vec<Vec<Vec<u128>>>,
    len: usize,
}

impl Default for DupLog {
    fn default() -> Self {
        Self {
            open: (0..LOG_PARTS).map(|_| Vec::new()).collect(),
            full: (0..LOG_PARTS).map(|_| Vec::new()).collect(),
            len: 0,
        }
    }
}

/// A repeated sourcedId found by [`DupLog::duplicates`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Repeat {
    /// The row that repeats an earlier sourcedId.
    pub(crate) row: u32,
    /// The row where that sourcedId first appears.
    pub(crate) first: u32,
}

impl DupLog {
    /// Records the sourcedId (fingerprint) of a row.
    #[inline]
    pub(crate) fn push(&mut self, fp: u128, row: u32) {
        let key = (fp & !0xFFFF_FFFF) | u128::from(row);
        let p = usize::try_from(fp >> 120).unwrap_or(0);
        self.len += 1;
        if let Some(chunk) = self.open.get_mut(p)
            && chunk.len() < chunk.capacity()
        {
            chunk.push(key);
            return;
        }
        self.new_chunk(p, key);
    }

    /// Starts a new chunk for partition `p` with `key`. Chunks grow 16, 32, … up to
    /// `LOG_CHUNK` entries: small files stay small.
    #[cold]
    fn new_chunk(&mut self, p: usize, key: u128) {
        let (Some(open), Some(full)) = (self.open.get_mut(p), self.full.get_mut(p)) else {
            return;
        };
        let cap = if open.capacity() == 0 {
            16
        } else {
            (open.capacity() * 2).min(LOG_CHUNK)
        };
        let mut chunk = Vec::with_capacity(cap);
        chunk.push(key);
        let filled = std::mem::replace(open, chunk);
        if !filled.is_empty() {
            full.push(filled);
        }
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Every entry (fingerprint bits 32–127 above the row number), partition by partition.
    pub(crate) fn entries(&self) -> impl Iterator<Item = u128> + '_ {
        self.open
            .iter()
            .zip(&self.full)
            .flat_map(|(open, full)| full.iter().flatten().chain(open).copied())
    }

    /// Every row whose sourcedId appeared on an earlier row, in row order.
    pub(crate) fn duplicates(&self) -> Vec<Repeat> {
        let mut out = Vec::new();
        let mut table: Vec<u128> = Vec::new();
        for (open, full) in self.open.iter().zip(&self.full) {
            let n: usize = open.len() + full.iter().map(Vec::len).sum::<usize>();
            if n < 2 {
                continue;
            }
            // Open addressing with linear probing at load ≤ 1/2; an entry is never 0 (rows
            // start at 2), so 0 marks an empty slot. The slot comes from fingerprint bits
            // below the partition bits.
            let size = (2 * n).next_power_of_two();
            let mask = size - 1;
            table.clear();
            table.resize(size, 0);
            // Entries were appended in row order, so the first occurrence is inserted first.
            for &key in full.iter().flatten().chain(open) {
                let mut i = usize::try_from((key >> 64) as u64 & mask as u64).unwrap_or(0);
                while let Some(slot) = table.get_mut(i) {
                    if *slot == 0 {
                        *slot = key;
                        break;
                    }
                    if (*slot ^ key) >> 32 == 0 {
                        out.push(Repeat {
                            row: key as u32,
                            first: *slot as u32,
                        });
                        break;
                    }
                    i = (i + 1) & mask;
                }
            }
        }
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv::reader::fingerprint;

    #[test]
    fn index_holds_exactly_the_set() {
        for n in [0usize, 1, 2, 3, 5, 100, 4096, 50_000] {
            let set: IdSet = (0..n)
                .map(|i| fingerprint(format!("id-{i}").as_bytes()))
                .collect();
            let idx = IdIndex::from_set(&set);
            assert_eq!(idx.len(), n);
            for i in 0..n {
                assert!(
                    idx.contains(fingerprint(format!("id-{i}").as_bytes())),
                    "{n} {i}"
                );
            }
            for i in n..n + 1000 {
                assert!(!idx.contains(fingerprint(format!("id-{i}").as_bytes())));
            }
            assert!(!idx.contains(0));
            assert!(!idx.contains(u128::MAX));
        }
    }

    #[test]
    fn index_holds_extreme_fingerprints() {
        let set: IdSet = [0u128, 1, u128::MAX, u128::MAX - 2, 1 << 127]
            .into_iter()
            .collect();
        let idx = IdIndex::from_set(&set);
        for fp in &set {
            assert!(idx.contains(*fp));
        }
        assert!(!idx.contains(fingerprint(b"absent")));
        assert!(!IdIndex::default().contains(0));
    }

    #[test]
    fn index_walks_runs_of_full_buckets() {
        // Fingerprints sharing their top bits share a home bucket: runs of full buckets, with
        // neighbours on both sides.
        let c: u128 = 0x1234_5678_9ABC_DEF0;
        let low = |i: u128| u128::from(fingerprint(&i.to_le_bytes()) as u64) << 32;
        let mut set: IdSet = (0..60u128).map(|i| (c << 64) | low(i)).collect();
        set.extend((100..110u128).map(|i| ((c + 1) << 64) | low(i)));
        set.extend((200..210u128).map(|i| ((c - 1) << 64) | low(i)));
        set.extend((1000..1100u128).map(|i| fingerprint(&i.to_le_bytes())));
        let idx = IdIndex::from_set(&set);
        assert_eq!(idx.len(), set.len());
        for fp in &set {
            assert!(idx.contains(*fp));
        }
        for i in 300..400u128 {
            assert!(!idx.contains((c << 64) | low(i)));
            assert!(!idx.contains(((c + 1) << 64) | low(i)));
        }
    }

    #[test]
    fn index_from_a_log_holds_its_ids() {
        let mut log = DupLog::default();
        for row in 2..30_000u32 {
            log.push(fingerprint(format!("u{}", row % 20_000).as_bytes()), row);
        }
        let idx = IdIndex::from_log(&log);
        assert_eq!(idx.len(), 29_998);
        for i in 0..20_000 {
            assert!(idx.contains(fingerprint(format!("u{i}").as_bytes())));
        }
        for i in 20_000..25_000 {
            assert!(!idx.contains(fingerprint(format!("u{i}").as_bytes())));
        }
        assert!(!IdIndex::from_log(&DupLog::default()).contains(1));
    }

    #[test]
    fn log_finds_every_repeat_in_row_order() {
        let mut log = DupLog::default();
        // 200,000 rows; every 1,000th row repeats the id of the row 777 rows before it, and
        // row 150,001 repeats row 2 (the first row) a second time.
        let mut expected = Vec::new();
        for row in 2..200_002u32 {
            let id = if row % 1000 == 0 {
                expected.push(Repeat {
                    row,
                    first: row - 777,
                });
                format!("e-{}", row - 777)
            } else if row == 150_001 || row == 150_002 {
                expected.push(Repeat { row, first: 2 });
                "e-2".to_owned()
            } else {
                format!("e-{row}")
            };
            log.push(fingerprint(id.as_bytes()), row);
        }
        expected.sort_unstable();
        assert_eq!(log.len(), 200_000);
        assert_eq!(log.duplicates(), expected);
    }

    #[test]
    fn log_of_distinct_ids_has_no_repeat() {
        let mut log = DupLog::default();
        assert!(log.duplicates().is_empty());
        for row in 2..100_000u32 {
            log.push(fingerprint(format!("x{row}").as_bytes()), row);
        }
        assert!(log.duplicates().is_empty());
        // The same id on every row of a small file.
        let mut log = DupLog::default();
        for row in 2..10u32 {
            log.push(fingerprint(b"same"), row);
        }
        let d = log.duplicates();
        assert_eq!(d.len(), 7);
        assert!(d.iter().all(|r| r.first == 2));
        assert_eq!(d.first().map(|r| r.row), Some(3));
    }
}
