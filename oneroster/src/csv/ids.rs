//! Sets of identifier fingerprints for the duplicate and reference checks of the reader.
//!
//! Memory is proportional to the number of identifiers (16 bytes each plus a small overhead),
//! never to rows or bytes. Three structures, each used where it is cheapest:
//!
//! - [`IdSet`]: a hash set, for a file that is being read and that other rows refer to (orgs,
//!   users, classes…): a repeated sourcedId is seen at once and self references (org parents,
//!   user agents) resolve as the file is read.
//! - [`IdIndex`]: the same fingerprints frozen once their file is read, in a sorted table with
//!   gaps, so that a lookup from a later file (5 million enrollments into 1 million users)
//!   touches one place instead of a large hash table's control bytes and bucket.
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

/// A frozen set of fingerprints: a sorted table with gaps, where each fingerprint sits at or
/// just after the slot its top bits point to.
///
/// The fingerprints are placed in ascending order, each at `max(home, previous + 1)`, where
/// `home` scales the top 64 bits to the table's length (load ≤ 0.8). A lookup starts at the
/// home slot and walks forward past smaller fingerprints: no empty slot can stand between a
/// fingerprint's home and its place, and every fingerprint placed at or after a home is either
/// smaller (displaced from an earlier home) or sorts after. The walk is short (a few slots,
/// usually within one cache line), so a lookup costs one memory access where a hash set costs
/// two (control bytes, then the bucket).
#[derive(Debug, Default)]
pub(crate) struct IdIndex {
    /// The table; 0 marks an empty slot.
    slots: Vec<u128>,
    /// Number of home slots (the table may run a little past them).
    homes: u64,
    /// Whether the (improbable) fingerprint 0 is in the set.
    has_zero: bool,
}

impl IdIndex {
    /// Freezes a set.
    pub(crate) fn from_set(set: &IdSet) -> Self {
        let mut keys: Vec<u128> = set.iter().copied().filter(|k| *k != 0).collect();
        keys.sort_unstable();
        let n = keys.len();
        let homes = (n + n / 4).max(1) as u64;
        let mut slots: Vec<u128> = Vec::with_capacity(n + n / 4 + 12);
        for k in keys {
            let home = usize::try_from(Self::home(k, homes)).unwrap_or(usize::MAX);
            if slots.len() < home {
                slots.resize(home, 0);
            }
            slots.push(k);
        }
        if (slots.len() as u64) < homes {
            slots.resize(usize::try_from(homes).unwrap_or(0), 0);
        }
        slots.extend([0; 4]);
        Self {
            slots,
            homes,
            has_zero: set.contains(&0),
        }
    }

    /// The home slot of `fp` among `homes` slots (monotone in `fp`).
    #[inline]
    fn home(fp: u128, homes: u64) -> u64 {
        (((fp >> 64) * u128::from(homes)) >> 64) as u64
    }

    /// Whether the set holds `fp`.
    #[inline]
    pub(crate) fn contains(&self, fp: u128) -> bool {
        if fp == 0 {
            return self.has_zero;
        }
        let mut i = usize::try_from(Self::home(fp, self.homes)).unwrap_or(usize::MAX);
        // Four slots at a time without branching on each: `fp` is in the window, or further
        // only when the window's last slot holds a smaller fingerprint (no empty slot can
        // stand between a fingerprint's home and its place). The table ends with four empty
        // slots, so a window never runs off it.
        while let Some(w) = self.slots.get(i..).and_then(<[u128]>::first_chunk::<4>) {
            let found = (w[0] == fp) | (w[1] == fp) | (w[2] == fp) | (w[3] == fp);
            if found {
                return true;
            }
            if w[3] == 0 || w[3] > fp {
                return false;
            }
            i += 4;
        }
        false
    }

    /// Number of fingerprints.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.slots.iter().filter(|s| **s != 0).count() + usize::from(self.has_zero)
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
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
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
    fn index_partitions_extreme_fingerprints() {
        let set: IdSet = [0u128, 1, u128::MAX, u128::MAX - 1, 1 << 127]
            .into_iter()
            .collect();
        let idx = IdIndex::from_set(&set);
        for fp in &set {
            assert!(idx.contains(*fp));
        }
        assert!(!idx.contains(2));
        assert!(!IdIndex::default().contains(0));
    }

    #[test]
    fn index_walks_long_runs() {
        // Fingerprints sharing their top bits share a home: runs longer than the four-slot
        // window, with gaps and neighbours on both sides.
        let c: u128 = 0x1234_5678_9ABC_DEF0;
        let mut set: IdSet = (1..40u128).step_by(2).map(|i| (c << 64) | i).collect();
        set.extend((1..10u128).map(|i| ((c + 1) << 64) | i));
        set.extend((1..10u128).map(|i| ((c - 1) << 64) | (u128::from(u64::MAX) - i)));
        let idx = IdIndex::from_set(&set);
        for k in 0..45u128 {
            let fp = (c << 64) | k;
            assert_eq!(idx.contains(fp), set.contains(&fp), "{k}");
        }
        for fp in &set {
            assert!(idx.contains(*fp));
        }
        assert!(!idx.contains(((c + 1) << 64) | 11));
        assert!(!idx.contains((c + 2) << 64));
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
