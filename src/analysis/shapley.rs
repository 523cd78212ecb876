//! Shapley values of a cooperative game on `g` players (here: groups of
//! inputs), exact or from sampled permutations. Pure arithmetic over a
//! value function `v(coalition)`; nothing here runs a simulation.
//!
//! A coalition is a bit mask: bit `i` set means player `i` takes part.
//!
//! Exact: `φᵢ = Σ_{S ⊆ N∖{i}} |S|! (g − |S| − 1)! / g! · (v(S ∪ {i}) − v(S))`,
//! over all `2^g` coalitions.
//!
//! Sampled: `φᵢ = (1/M) Σ_π (v(Pᵢ^π ∪ {i}) − v(Pᵢ^π))` over `M`
//! permutations `π`, where `Pᵢ^π` are the players before `i` in `π`; the
//! permutations come in antithetic pairs (a random order and its reverse),
//! which cancels much of the sampling error of orders that favour the
//! first players. Each permutation's marginal contributions add up to
//! `v(N) − v(∅)`, so the sampled values do too, exactly like the exact ones.

use crate::sim::rng::splitmix64;

/// How the values are computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Method {
    /// Over every coalition.
    Exact,
    /// Over these permutations of the players.
    Sampled { permutations: Vec<Vec<usize>> },
}

/// The players and the method: which coalitions are needed, and the
/// values from them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Design {
    pub players: usize,
    pub method: Method,
}

/// The most players [`Design::exact`] accepts (2^16 coalitions).
pub const MAX_EXACT_PLAYERS: usize = 16;

/// The most players a coalition mask can hold.
pub const MAX_PLAYERS: usize = 32;

impl Design {
    /// Exact values over every coalition (at most [`MAX_EXACT_PLAYERS`]).
    pub fn exact(players: usize) -> Design {
        Design {
            players: players.min(MAX_EXACT_PLAYERS),
            method: Method::Exact,
        }
    }

    /// Values from `samples` permutations (at least 1), drawn from `seed`
    /// in antithetic pairs: permutation `2k + 1` is permutation `2k`
    /// reversed. The same seed gives the same permutations.
    pub fn sampled(players: usize, samples: usize, seed: u64) -> Design {
        let players = players.min(MAX_PLAYERS);
        let mut state = seed ^ 0x5348_4150_4c45_5953; // "SHAPLEYS": apart from the simulation's keys
        let mut permutations: Vec<Vec<usize>> = Vec::with_capacity(samples.max(1));
        while permutations.len() < samples.max(1) {
            if permutations.len() % 2 == 1
                && let Some(last) = permutations.last()
            {
                permutations.push(last.iter().rev().copied().collect());
                continue;
            }
            // Fisher–Yates with an unbiased bounded draw (Lemire's
            // multiply-shift; the bias of a 64-bit draw over ≤ 32 is below
            // 2⁻⁵⁸, far under anything a handful of samples can show).
            let mut order: Vec<usize> = (0..players).collect();
            for i in (1..players).rev() {
                let j = ((u128::from(splitmix64(&mut state)) * (i as u128 + 1)) >> 64) as usize;
                order.swap(i, j);
            }
            permutations.push(order);
        }
        Design {
            players,
            method: Method::Sampled { permutations },
        }
    }

    /// The mask of every player.
    pub fn grand(&self) -> u32 {
        if self.players >= 32 {
            u32::MAX
        } else {
            (1u32 << self.players) - 1
        }
    }

    /// Every coalition whose value the method needs, ascending, the empty
    /// and the grand coalition included.
    pub fn coalitions(&self) -> Vec<u32> {
        match &self.method {
            Method::Exact => (0..=self.grand()).collect(),
            Method::Sampled { permutations } => {
                let mut masks = vec![0, self.grand()];
                for order in permutations {
                    let mut mask = 0u32;
                    for &player in order {
                        mask |= 1 << player;
                        masks.push(mask);
                    }
                }
                masks.sort_unstable();
                masks.dedup();
                masks
            }
        }
    }

    /// Each player's Shapley value under `value(coalition)`.
    pub fn values(&self, value: impl Fn(u32) -> f64) -> Vec<f64> {
        let g = self.players;
        let mut phi = vec![0.0; g];
        match &self.method {
            Method::Exact => {
                // weight(s) = s! (g − s − 1)! / g! = 1 / (g · C(g − 1, s))
                let weights: Vec<f64> = (0..g)
                    .map(|s| 1.0 / (g as f64 * binomial(g - 1, s)))
                    .collect();
                for (i, phi_i) in phi.iter_mut().enumerate() {
                    let bit = 1u32 << i;
                    for mask in 0..=self.grand() {
                        if mask & bit == 0 {
                            let size = mask.count_ones() as usize;
                            *phi_i += weights[size] * (value(mask | bit) - value(mask));
                        }
                    }
                }
            }
            Method::Sampled { permutations } => {
                for order in permutations {
                    let mut mask = 0u32;
                    let mut before = value(0);
                    for &player in order {
                        mask |= 1 << player;
                        let after = value(mask);
                        phi[player] += after - before;
                        before = after;
                    }
                }
                let m = permutations.len().max(1) as f64;
                for p in &mut phi {
                    *p /= m;
                }
            }
        }
        phi
    }
}

/// `C(n, k)` as a float (exact for the sizes used here).
fn binomial(n: usize, k: usize) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The glove game: player 0 has a left glove, players 1 and 2 a right
    /// one; a pair is worth 1. By hand, over the 6 orders: player 0 completes
    /// the pair whenever a right glove came first (4 orders), so φ₀ = 2/3;
    /// player 1 completes it only in the order 0, 1, 2, so φ₁ = 1/6 = φ₂.
    fn glove(mask: u32) -> f64 {
        let left = mask & 1 != 0;
        let right = mask & 0b110 != 0;
        if left && right { 1.0 } else { 0.0 }
    }

    #[test]
    fn exact_values_match_hand_computed_ones() {
        let phi = Design::exact(3).values(glove);
        let expected = [2.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0];
        for (got, want) in phi.iter().zip(expected) {
            assert!((got - want).abs() < 1e-12, "{phi:?}");
        }
        // Additive parts go to their player; an interaction x₀·x₁ is split
        // evenly: v = 3·[0] + 5·[1] + 4·[0 and 1] + 0·[2] gives 5, 7, 0.
        let v = |m: u32| {
            let has = |i: u32| if m & (1 << i) != 0 { 1.0 } else { 0.0 };
            3.0 * has(0) + 5.0 * has(1) + 4.0 * has(0) * has(1)
        };
        let phi = Design::exact(3).values(v);
        assert_eq!(phi, vec![5.0, 7.0, 0.0]);
        assert_eq!(Design::exact(3).coalitions().len(), 8);
    }

    #[test]
    fn sampled_values_add_up_and_are_exact_for_an_additive_game() {
        let weights = [1.5, -2.0, 0.25, 7.0, 0.0, 3.0, -1.0, 2.0, 4.0, -0.5];
        let additive = |m: u32| {
            (0..weights.len())
                .filter(|i| m & (1 << i) != 0)
                .map(|i| weights[i])
                .sum::<f64>()
        };
        let design = Design::sampled(weights.len(), 6, 7);
        let phi = design.values(additive);
        for (got, want) in phi.iter().zip(weights) {
            assert!((got - want).abs() < 1e-12, "{phi:?}");
        }
        // With interactions, still efficient: the values sum to v(N) − v(∅).
        let design = Design::sampled(3, 5, 11);
        let total: f64 = design.values(glove).iter().sum();
        assert!((total - (glove(0b111) - glove(0))).abs() < 1e-12);
        // Antithetic pairs, and the same seed, the same permutations.
        let Method::Sampled { permutations } = &design.method else {
            panic!("sampled");
        };
        let reversed: Vec<usize> = permutations[0].iter().rev().copied().collect();
        assert_eq!(permutations[1], reversed);
        assert_eq!(design, Design::sampled(3, 5, 11));
        assert!(design.coalitions().contains(&0) && design.coalitions().contains(&0b111));
    }
}
