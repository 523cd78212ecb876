//! A fixed-size log-bucketed histogram for within-replication percentiles.
//!
//! Buckets come from the bits of `64·x + 1`: the binary exponent and the top
//! five mantissa bits, so each bucket spans 1/32 of an octave (about 3 %
//! relative width) and no transcendental function is needed. Values are
//! minutes; the resolution near zero is 1/64 minute.

/// Number of buckets: exponents 0 … 63, 32 sub-buckets each.
const BUCKETS: usize = 64 * 32;

#[derive(Clone, Debug)]
pub struct LogHistogram {
    counts: Vec<u64>,
    total: u64,
}

impl Default for LogHistogram {
    fn default() -> Self {
        LogHistogram {
            counts: vec![0; BUCKETS],
            total: 0,
        }
    }
}

fn bucket_of(minutes: f64) -> usize {
    let v = minutes.max(0.0) * 64.0 + 1.0;
    let bits = v.to_bits();
    let exponent = ((bits >> 52) & 0x7ff).saturating_sub(1023) as usize;
    let sub = ((bits >> 47) & 31) as usize;
    (exponent * 32 + sub).min(BUCKETS - 1)
}

fn bucket_mid(bucket: usize) -> f64 {
    if bucket == 0 {
        return 0.0; // the bucket of zero waits (below 1/64 minute)
    }
    let exponent = (bucket / 32) as u64;
    let sub = (bucket % 32) as f64;
    // 2^exponent built from its bits (exponent ≤ 63, always a normal number).
    let scale = f64::from_bits((exponent + 1023) << 52);
    let mid = scale * (1.0 + (sub + 0.5) / 32.0);
    ((mid - 1.0) / 64.0).max(0.0)
}

impl LogHistogram {
    pub fn record(&mut self, minutes: f64) {
        self.counts[bucket_of(minutes)] += 1;
        self.total += 1;
    }

    /// The `q`-quantile (0–1) as a bucket midpoint; 0 when empty.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        let rank = ((q * self.total as f64).ceil() as u64).clamp(1, self.total);
        let mut seen = 0;
        for (bucket, count) in self.counts.iter().enumerate() {
            seen += count;
            if seen >= rank {
                return bucket_mid(bucket);
            }
        }
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_within_bucket_resolution() {
        let mut h = LogHistogram::default();
        for i in 1..=1000 {
            h.record(f64::from(i));
        }
        for (q, exact) in [(0.5, 500.0), (0.9, 900.0), (0.99, 990.0)] {
            let estimate = h.quantile(q);
            assert!(
                (estimate - exact).abs() / exact < 0.03,
                "q{q}: {estimate} vs {exact}"
            );
        }
        assert_eq!(LogHistogram::default().quantile(0.5), 0.0);
    }
}
