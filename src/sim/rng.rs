//! Seeded random streams.
//!
//! Every random number in a run comes from an explicitly named generator,
//! [`Xoshiro256PlusPlus`], seeded from SplitMix64 over a tuple of integers
//! that names its purpose: `(seed, replication, purpose, …)`. Nothing reads
//! OS entropy, so the same seed gives the same run on every platform.
//!
//! Common random numbers: a lead's own draws (grade, patience, service
//! requirements, decisions) come from streams keyed by the lead's key, which
//! depends only on the seed, the replication, the *name* of its source and
//! its arrival ordinal in that source. Two scenarios run on the same seed
//! therefore see the same customers as long as their sources have the same
//! names and arrival profiles.

use rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator type used everywhere in the core.
pub type Stream = Xoshiro256PlusPlus;

/// Named purposes, so two uses of randomness never share a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    Replication = 1,
    Arrivals = 2,
    LeadKey = 3,
    Grade = 4,
    Patience = 5,
    Service = 6,
    Route = 7,
    Qualify = 8,
    Channel = 9,
    Decision = 10,
    Close = 11,
    Nurture = 12,
    AfterSales = 13,
    Referral = 14,
    Duplicate = 15,
    Transfer = 16,
    Link = 17,
}

/// One step of SplitMix64 (Steele, Lea & Flood 2014): a bijective mixer
/// whose output is well distributed even for consecutive inputs.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Combines a key with one more integer into a new, well-mixed key.
pub fn mix(key: u64, part: u64) -> u64 {
    let mut state = key ^ part.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    splitmix64(&mut state)
}

/// A generator for `(key, purpose, step)`, seeded with four SplitMix64
/// outputs (the seeding recommended by the xoshiro authors).
pub fn stream(key: u64, purpose: Purpose, step: u64) -> Stream {
    let mut state = mix(mix(key, purpose as u64), step);
    let mut seed = [0u8; 32];
    for chunk in seed.chunks_exact_mut(8) {
        chunk.copy_from_slice(&splitmix64(&mut state).to_le_bytes());
    }
    Stream::from_seed(seed)
}

/// The base key of one replication of a run.
pub fn replication_key(seed: u64, replication: u32) -> u64 {
    mix(
        mix(seed, Purpose::Replication as u64),
        u64::from(replication),
    )
}

/// A stable 64-bit FNV-1a hash of a name, so streams are keyed by names
/// rather than by list positions (reordering sources keeps the customers).
pub fn name_hash(name: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for byte in name.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// A uniform draw in the open interval (0, 1): never exactly 0 or 1, so
/// `ln(u)` is always finite.
pub fn open01(rng: &mut Stream) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / 9_007_199_254_740_992.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let mut a = stream(42, Purpose::Service, 0);
        let mut b = stream(42, Purpose::Service, 0);
        let mut c = stream(42, Purpose::Service, 1);
        let first = a.next_u64();
        assert_eq!(first, b.next_u64());
        assert_ne!(first, c.next_u64());
    }

    #[test]
    fn open_uniform_stays_inside_the_interval() {
        let mut rng = stream(7, Purpose::Arrivals, 0);
        for _ in 0..10_000 {
            let u = open01(&mut rng);
            assert!(u > 0.0 && u < 1.0);
        }
    }

    #[test]
    fn golden_values_pin_the_generator() {
        // Pins SplitMix64 and the seeding so an accidental change of the
        // streams (which would change every published number) fails here.
        let mut state = 0u64;
        assert_eq!(splitmix64(&mut state), 0xE220_A839_7B1D_CDAF);
        assert_eq!(name_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
