//! Standard exponential draws by the ziggurat method (Marsaglia & Tsang,
//! "The Ziggurat Method for Generating Random Variables", J. Stat. Softw.
//! 5(8), 2000), with 256 layers.
//!
//! Why not `−ln U`: exponential draws are the most frequent in the core (every
//! arrival gap, and the service time of most validation and many preset
//! units), and `libm::log` is the largest single cost per lead. The ziggurat
//! returns in about 99 % of draws after one 64-bit word, a table lookup, a
//! multiplication and a comparison.
//!
//! The layers cover the density `f(x) = e^(−x)` with 256 regions of equal
//! area `v`: a base strip (the rectangle `[0, r] × [0, f(r)]` plus the tail
//! beyond `r`) and 255 rectangles stacked on it, layer `i` spanning
//! `[0, x_i] × [f(x_i), f(x_(i+1))]`. A draw picks a layer with the word's
//! low 8 bits and a point `x = u·x_i` with its top 53 bits; it is under the
//! curve for sure when `x < x_(i+1)`. Otherwise a base-strip point is in the
//! tail, which (the exponential being memoryless) is `r` plus another draw,
//! and a layer point is accepted when a uniform height in the layer falls
//! under `f(x)`, else the draw starts again.
//!
//! The tables are computed once, with `libm`, from Marsaglia & Tsang's `r`
//! and `v`, so they — and every draw — are bit-identical natively and in
//! WebAssembly.

use std::sync::OnceLock;

use super::rng::bits_to_open01;

/// Layers (a power of two, indexed by the word's low bits).
const LAYERS: usize = 256;
/// Start of the tail: the right edge of the base strip's rectangle.
const R: f64 = 7.697_117_470_131_05;
/// Area of every layer.
const V: f64 = 3.949_659_822_581_572e-3;

struct Tables {
    /// `x[0] = v / f(r)` (the base strip as one rectangle), `x[1] = r`,
    /// decreasing to `x[256] = 0`.
    x: [f64; LAYERS + 1],
    /// `f[i] = e^(−x[i])`, increasing to `f[256] = 1`.
    f: [f64; LAYERS + 1],
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut x = [0.0; LAYERS + 1];
        let mut f = [0.0; LAYERS + 1];
        x[0] = V / libm::exp(-R);
        x[1] = R;
        for i in 1..LAYERS {
            f[i] = libm::exp(-x[i]);
            // Layer i has area v: x_i · (f(x_(i+1)) − f(x_i)) = v.
            x[i + 1] = if i + 1 < LAYERS {
                -libm::log(V / x[i] + f[i])
            } else {
                0.0
            };
        }
        f[0] = libm::exp(-x[0]);
        f[LAYERS] = 1.0;
        Tables { x, f }
    })
}

/// One Exp(1) draw from the 64-bit words `next` yields (usually one).
#[inline]
pub fn standard_exponential(mut next: impl FnMut() -> u64) -> f64 {
    let tables = tables();
    let mut offset = 0.0;
    loop {
        let bits = next();
        let layer = (bits as usize) & (LAYERS - 1);
        let x = bits_to_open01(bits) * tables.x[layer];
        if x < tables.x[layer + 1] {
            return offset + x;
        }
        if layer == 0 {
            // In the tail: beyond r the density is f(r)·Exp(1) again.
            offset += R;
            continue;
        }
        let low = tables.f[layer];
        let height = low + bits_to_open01(next()) * (tables.f[layer + 1] - low);
        if height < libm::exp(-x) {
            return offset + x;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::{Purpose, stream};

    #[test]
    fn every_layer_has_the_same_area_and_the_tables_close() {
        let t = tables();
        assert_eq!(t.x[1], R);
        assert_eq!(t.x[LAYERS], 0.0);
        for i in 1..LAYERS - 1 {
            let area = t.x[i] * (t.f[i + 1] - t.f[i]);
            assert!((area - V).abs() < 1e-12, "layer {i}: area {area}");
            assert!(t.x[i + 1] < t.x[i]);
        }
        // The top layer ends at the peak: its computed upper edge is ~0.
        let top = -libm::log(V / t.x[LAYERS - 1] + t.f[LAYERS - 1]);
        assert!(top.abs() < 1e-9, "top edge {top}");
        // Base strip: rectangle [0, r] × [0, f(r)] plus the tail f(r).
        let base = R * libm::exp(-R) + libm::exp(-R);
        assert!((base - V).abs() < 1e-12, "base strip {base}");
    }

    #[test]
    fn draws_follow_the_exponential_distribution() {
        let mut rng = stream(5, Purpose::Service, 0);
        let n = 400_000;
        let mut draws: Vec<f64> = (0..n)
            .map(|_| standard_exponential(|| rng.next_u64()))
            .collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let second = draws.iter().map(|x| x * x).sum::<f64>() / n as f64;
        assert!((mean - 1.0).abs() < 0.01, "mean {mean}");
        assert!((second - 2.0).abs() < 0.04, "E[X²] {second}");
        // Kolmogorov–Smirnov distance to 1 − e^(−x); the 1 % critical value
        // for n = 400,000 is 1.63/√n ≈ 0.0026.
        draws.sort_by(f64::total_cmp);
        let ks = draws
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                let cdf = 1.0 - libm::exp(-x);
                (cdf - i as f64 / n as f64)
                    .abs()
                    .max((cdf - (i + 1) as f64 / n as f64).abs())
            })
            .fold(0.0, f64::max);
        assert!(ks < 0.0026, "KS distance {ks}");
        // The tail beyond r (probability e^(−r) ≈ 4.5e-4) is reached.
        let tail = draws.iter().filter(|&&x| x > R).count();
        assert!((100..=300).contains(&tail), "tail draws {tail}");
    }

    #[test]
    fn a_draw_is_pinned() {
        // Guards the tables and the layer/point split: a change here changes
        // every published number.
        let mut rng = stream(1, Purpose::Service, 1);
        let draws: Vec<u64> = (0..4)
            .map(|_| standard_exponential(|| rng.next_u64()).to_bits())
            .collect();
        assert_eq!(draws, PINNED);
    }

    const PINNED: [u64; 4] = [
        4_604_101_814_248_984_595,
        4_606_131_447_591_400_061,
        4_586_237_943_400_026_538,
        4_598_053_416_944_610_347,
    ];
}
