//! The engine's pseudo-random number generator: xoshiro256** seeded through SplitMix64.
//!
//! Written here rather than taken from a crate so that the sequence for a seed is part of this
//! crate's contract (sessions replay identically across versions of any dependency) and so that
//! the state is a plain serialisable value. It is NOT cryptographically secure; QTI only needs
//! reproducible variety (`randomInteger`, `randomFloat`, `random`, selection and shuffling).

use serde::{Deserialize, Serialize};

/// A seeded, serialisable pseudo-random generator (xoshiro256**).
///
/// Read back through serde, a state of four zeros is refused: xoshiro's one fixed point, which
/// [`Prng::from_seed`] never makes, and from which every output would be zero (a rejection
/// loop such as [`Prng::below`]'s would never end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PrngState")]
pub struct Prng {
    s: [u64; 4],
}

/// The serde shape of [`Prng`], read before it is checked.
#[derive(Deserialize)]
struct PrngState {
    s: [u64; 4],
}

impl TryFrom<PrngState> for Prng {
    type Error = &'static str;

    fn try_from(p: PrngState) -> Result<Self, Self::Error> {
        if p.s == [0; 4] {
            Err("a random generator state of four zeros (it would only ever give 0)")
        } else {
            Ok(Self { s: p.s })
        }
    }
}

impl Prng {
    /// A generator whose whole sequence is determined by `seed`.
    pub fn from_seed(seed: u64) -> Self {
        let mut x = seed;
        let mut next = || {
            // SplitMix64.
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Self {
            s: [next(), next(), next(), next()],
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// A uniform integer in `0..n` (`n > 0`), without modulo bias (Lemire's method).
    pub fn below(&mut self, n: u64) -> u64 {
        if n <= 1 {
            return 0;
        }
        let threshold = n.wrapping_neg() % n;
        loop {
            let m = u128::from(self.next_u64()) * u128::from(n);
            // The low half decides rejection; the high half is the result.
            #[allow(clippy::cast_possible_truncation, reason = "taking the low 64 bits")]
            let low = m as u64;
            if low >= threshold {
                return (m >> 64) as u64;
            }
        }
    }

    /// A uniform float in `[0, 1)` (53 random bits).
    pub fn unit_f64(&mut self) -> f64 {
        #[allow(clippy::cast_precision_loss, reason = "53 bits fit a double exactly")]
        let v = (self.next_u64() >> 11) as f64;
        v / (1u64 << 53) as f64
    }

    /// Shuffles a slice in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = usize::try_from(self.below(i as u64 + 1)).unwrap_or(0);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_of_four_zeros_is_refused_by_serde() {
        let g = Prng::from_seed(0);
        let json = serde_json::to_string(&g).unwrap();
        assert_eq!(serde_json::from_str::<Prng>(&json).unwrap(), g);
        let err = serde_json::from_str::<Prng>(r#"{"s":[0,0,0,0]}"#).unwrap_err();
        assert!(err.to_string().contains("four zeros"), "{err}");
        // One non-zero word is a valid (if unusual) state, and it does not stall.
        let mut one: Prng = serde_json::from_str(r#"{"s":[0,0,0,1]}"#).unwrap();
        assert!(one.below(3) < 3);
    }

    #[test]
    fn deterministic_and_in_range() {
        let mut a = Prng::from_seed(7);
        let mut b = Prng::from_seed(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut c = Prng::from_seed(8);
        assert_ne!(Prng::from_seed(7).next_u64(), c.next_u64());
        let mut seen = [false; 5];
        for _ in 0..200 {
            let v = a.below(5);
            assert!(v < 5);
            seen[usize::try_from(v).unwrap()] = true;
            let f = a.unit_f64();
            assert!((0.0..1.0).contains(&f));
        }
        assert!(seen.iter().all(|s| *s));
        let mut v = [1, 2, 3, 4, 5, 6];
        a.shuffle(&mut v);
        let mut sorted = v;
        sorted.sort_unstable();
        assert_eq!(sorted, [1, 2, 3, 4, 5, 6]);
        assert_eq!(a.below(0), 0);
    }
}
