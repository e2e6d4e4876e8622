//! The simulator's random numbers: SplitMix64, small and fully specified.
//!
//! A hand-written generator rather than `rand`'s `StdRng`, whose algorithm may change
//! between releases: a scenario and a seed must give byte-identical output for as long
//! as the simulator exists, so the generator is part of the contract.

/// SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit state advanced by a constant and
/// mixed; passes BigCrush, and any seed (zero included) is a good one.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// An independent stream for `stream` (a vessel's index, say), derived from this
    /// seed, so that one vessel's draws never shift another's.
    pub fn derive(seed: u64, stream: u64) -> Rng {
        let mut base = Rng::new(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        Rng::new(base.next_u64())
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`, with 53 random bits.
    pub fn unit_f64(&mut self) -> f64 {
        // 2^-53: the top 53 bits as a fraction.
        (self.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform in `[low, high)`.
    pub fn range_f64(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit_f64()
    }

    /// Uniform in `0..bound` (0 when `bound` is 0); the modulo bias is below 2^-32 for
    /// the small bounds the simulator uses.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64().checked_rem(bound).unwrap_or(0)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit_f64() < p
    }

    /// Approximately normal with mean 0 and standard deviation `sd` (Irwin–Hall: the sum
    /// of four uniforms, bounded at ±3.5 sd, which keeps noise from ever running away).
    pub fn noise(&mut self, sd: f64) -> f64 {
        let sum: f64 = (0..4).map(|_| self.unit_f64()).sum();
        // The sum has mean 2 and variance 4/12.
        (sum - 2.0) * sd * 3.0_f64.sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_reference_values() {
        // The first outputs for seed 0 of the reference implementation.
        let mut rng = Rng::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn ranges_hold() {
        let mut rng = Rng::new(7);
        for _ in 0..10_000 {
            let x = rng.range_f64(2.0, 3.0);
            assert!((2.0..3.0).contains(&x));
            assert!(rng.below(10) < 10);
            assert!(rng.noise(1.0).abs() <= 3.5);
        }
    }
}
