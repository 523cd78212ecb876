//! Erlang C and Erlang A: the staffing formulas a simulation of one queue
//! must agree with.
//!
//! - **Erlang C** (M/M/c): Poisson arrivals at rate `λ`, exponential
//!   service at rate `μ` per server, `c` servers, nobody leaves. With the
//!   offered load `a = λ/μ < c`, the probability of waiting is
//!   `C = c·B / (c − a·(1 − B))` where `B` is Erlang B, computed by the
//!   recursion `B₀ = 1`, `B_k = a·B_{k−1} / (k + a·B_{k−1})` (every term
//!   in [0, 1]: no factorial or power overflows at any size). The mean
//!   wait is `C / (cμ − λ)` and `P(W ≤ t) = 1 − C·e^{−(cμ−λ)t}`.
//! - **Erlang A** (M/M/c+M, Palm's queue): the same with exponential
//!   patience at rate `θ`. A waiting customer leaves when their patience
//!   runs out. With `x = cμ/θ` and `y = λ/θ`, the states `c + k` of the
//!   birth–death chain weigh `π_c · y^k / ((x+1)…(x+k))`, whose sum is
//!   `π_c · A(x, y)` with `A(x, y) = Σ_k y^k / ((x+1)…(x+k))` (Mandelbaum
//!   and Zeltyn's `A`, equal to `x·e^y·y^{−x}·γ(x, y)` with the lower
//!   incomplete gamma function γ). From it:
//!   `P(W > 0) = E·A / (1 + (A − 1)·E)` (`E` Erlang B of `c` and `a`),
//!   `P(abandon | W > 0) = 1 + x/(y·A) − x/y` (from
//!   `Σ_k (x+k)·t_k = y·A`), the mean wait of every arrival
//!   `E[W] = P(abandon)/θ` (the abandonment rate `θ·E[Q]` and Little's
//!   law `E[Q] = λ·E[W]`), and the share served within `t`:
//!   `P(served, W ≤ t) = P(W = 0) + P(W > 0)·(x/(x+1))·(A(x+1, y) −
//!   A(x+1, z)·e^{y−z}·(z/y)^{x+1}) / A(x, y)` with `z = y·e^{−θt}`: the
//!   offered wait `V` of a customer who finds every server busy has the
//!   tail `γ(x, y·e^{−θv}) / γ(x, y)`, and they are served within `t`
//!   when `V ≤ t` and their patience outlasts `V` (`e^{−θV}`). The sums
//!   run until their terms stop counting (they fall geometrically once
//!   `x + k > y`), in logarithms where a power could overflow.
//!
//! [`Queue::of_model`] recognises a scenario that is exactly such a queue,
//! so the optimiser can print the formulas' answer beside its own.
//!
//! The formulas are written from these derivations; the tests check them
//! against the birth–death chain solved state by state and against a
//! tagged customer's journey integrated numerically.

use crate::sim::Model;
use crate::sim::dist::Dist;
use crate::sim::model::Task;

/// A single queue with Poisson arrivals and exponential service (and
/// patience): the inputs of the formulas, rates per minute.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Queue {
    /// Arrivals per minute (`λ`, > 0).
    pub arrival_rate: f64,
    /// Services per minute per server (`μ = 1 / mean service time`, > 0).
    pub service_rate: f64,
    /// Abandonments per minute per waiting customer (`θ = 1 / mean
    /// patience`); 0 = nobody leaves (Erlang C).
    pub patience_rate: f64,
}

impl Queue {
    /// The queue a model is, when it is exactly one the formulas describe:
    /// one always-open unit without shifts, routes, committee or links,
    /// exponential contact times, Poisson sources at a constant rate (no
    /// profiles, campaigns, traffic pools or call attempts), no funnel, and
    /// either no patience or the same exponential patience for every
    /// grade. `None` for anything else (the simulation is then the
    /// answer, see the README's "where the simulation parts").
    pub fn of_model(model: &Model) -> Option<Queue> {
        let [unit] = model.units.as_slice() else {
            return None;
        };
        let single = unit.hours.is_none()
            && unit.shifts.is_empty()
            && unit.committee.is_none()
            && unit.routes.is_empty()
            && model.links.is_empty()
            && model.funnel.is_none()
            && model.duplicate_contact_share == 0.0
            && model.sources.iter().all(|s| {
                s.constant && s.campaigns.is_empty() && s.traffic.is_none() && s.reach.is_none()
            });
        if !single {
            return None;
        }
        let Some(Dist::Exponential { mean: service }) = &unit.service[Task::Contact as usize]
        else {
            return None;
        };
        let patience: Vec<Option<f64>> = model
            .grades
            .iter()
            .map(|g| match &g.patience {
                None => Some(0.0),
                Some(Dist::Exponential { mean }) if *mean > 0.0 => Some(1.0 / mean),
                Some(_) => None,
            })
            .collect();
        let first = *patience.first()?;
        let patience_rate = first?;
        if patience.iter().any(|p| *p != Some(patience_rate)) {
            return None;
        }
        let arrival_rate: f64 = model.sources.iter().map(|s| s.base_rate_per_minute).sum();
        (arrival_rate > 0.0 && *service > 0.0).then_some(Queue {
            arrival_rate,
            service_rate: 1.0 / service,
            patience_rate,
        })
    }
}

/// Erlang B: the blocking probability of `servers` servers with offered
/// load `offered` (`a = λ/μ`), by the stable recursion.
pub fn erlang_b(servers: u32, offered: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=servers {
        b = offered * b / (f64::from(k) + offered * b);
    }
    b
}

/// The figures of one queue with a given number of servers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Staffing {
    pub servers: u32,
    /// Probability that an arrival waits at all.
    pub p_wait: f64,
    /// Probability that an arrival leaves before service (0 in Erlang C).
    pub p_abandon: f64,
    /// Mean wait of every arrival, minutes (until service or abandonment);
    /// infinite when an Erlang C queue is unstable.
    pub mean_wait: f64,
    queue: Queue,
    /// Erlang A's `ln A(x, y)` (Erlang C: unused).
    log_a: f64,
}

impl Queue {
    /// The figures with `servers` servers (≥ 1).
    pub fn with_servers(self, servers: u32) -> Staffing {
        let servers = servers.max(1);
        let c = f64::from(servers);
        let offered = self.arrival_rate / self.service_rate;
        let b = erlang_b(servers, offered);
        if self.patience_rate <= 0.0 {
            let stable = offered < c;
            let p_wait = if stable {
                c * b / (c - offered * (1.0 - b))
            } else {
                1.0
            };
            let mean_wait = if stable {
                p_wait / (c * self.service_rate - self.arrival_rate)
            } else {
                f64::INFINITY
            };
            return Staffing {
                servers,
                p_wait,
                p_abandon: 0.0,
                mean_wait,
                queue: self,
                log_a: 0.0,
            };
        }
        let (x, y) = self.xy(servers);
        let log_a = log_series_a(x, y);
        // `E·A / (1 + (A − 1)·E)` and `1 + x/(yA) − x/y`, written with
        // `1/A` (which may underflow to 0 harmlessly; `A` may not fit).
        let inv_a = libm::exp(-log_a);
        let p_wait = b / (b + (1.0 - b) * inv_a);
        let abandon_if_waiting = (1.0 + x / y * inv_a - x / y).clamp(0.0, 1.0);
        let p_abandon = p_wait * abandon_if_waiting;
        Staffing {
            servers,
            p_wait,
            p_abandon,
            mean_wait: p_abandon / self.patience_rate,
            queue: self,
            log_a,
        }
    }

    /// `x = cμ/θ`, `y = λ/θ`.
    fn xy(self, servers: u32) -> (f64, f64) {
        (
            f64::from(servers) * self.service_rate / self.patience_rate,
            self.arrival_rate / self.patience_rate,
        )
    }

    /// The least number of servers (1 ..= `max`) whose figures meet
    /// `target`; `None` when even `max` does not. Every figure improves
    /// with more servers, so the first that meets it is the least.
    pub fn least_servers(self, max: u32, target: impl Fn(&Staffing) -> bool) -> Option<u32> {
        (1..=max).find(|&c| target(&self.with_servers(c)))
    }
}

impl Staffing {
    /// The share of all arrivals whose service starts within `t` minutes
    /// of arriving (an arrival who leaves first is not served within `t`):
    /// the simulation's `contacted_within_…` KPIs.
    pub fn served_within(&self, t: f64) -> f64 {
        let q = self.queue;
        let t = t.max(0.0);
        if q.patience_rate <= 0.0 {
            if self.p_wait >= 1.0 {
                return 0.0;
            }
            let rate = f64::from(self.servers) * q.service_rate - q.arrival_rate;
            return 1.0 - self.p_wait * libm::exp(-rate * t);
        }
        let (x, y) = q.xy(self.servers);
        let z = y * libm::exp(-q.patience_rate * t);
        // (A(x+1, y) − A(x+1, z)·e^{y−z}·(z/y)^{x+1}) / A(x, y), in
        // logarithms: e^{y−z} alone can overflow where the product is tiny.
        let log_tail = log_series_a(x + 1.0, z) + (y - z) - (x + 1.0) * q.patience_rate * t;
        let eventually = libm::exp(log_series_a(x + 1.0, y) - self.log_a);
        let within_t = libm::exp(log_tail - self.log_a);
        let served_if_waiting = (x / (x + 1.0)) * (eventually - within_t).max(0.0);
        ((1.0 - self.p_wait) + self.p_wait * served_if_waiting).clamp(0.0, 1.0)
    }
}

/// `ln A(x, y)`, `A(x, y) = Σ_{k≥0} y^k / ((x+1)…(x+k))`, summed until
/// a term no longer changes the sum (terms grow while `x + k < y`, then
/// fall at least geometrically). Terms can grow like `e^y`, so sum and
/// term are rescaled whenever they get large and the scale kept as a
/// logarithm: nothing overflows at any size the validator allows.
fn log_series_a(x: f64, y: f64) -> f64 {
    const BIG: f64 = 1e250;
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut log_scale = 0.0;
    let mut k = 1.0;
    loop {
        term *= y / (x + k);
        sum += term;
        if sum > BIG {
            sum /= BIG;
            term /= BIG;
            log_scale += libm::log(BIG);
        }
        // The iteration cap only guards against a NaN input.
        if (x + k > y && term < sum * 1e-17) || k > 1e9 {
            return libm::log(sum) + log_scale;
        }
        k += 1.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The birth–death chain of M/M/c(+M) solved state by state (up to a
    /// state whose weight no longer counts): the theory check, independent
    /// of the closed forms above.
    fn chain(q: Queue, servers: u32) -> Vec<f64> {
        let mut weights = vec![1.0];
        let mut n = 0u32;
        loop {
            let death = if n < servers {
                f64::from(n + 1) * q.service_rate
            } else {
                f64::from(servers) * q.service_rate + f64::from(n + 1 - servers) * q.patience_rate
            };
            let next = weights[n as usize] * q.arrival_rate / death;
            weights.push(next);
            n += 1;
            if n > servers && next < 1e-300 || n > 200_000 {
                break;
            }
        }
        let total: f64 = weights.iter().sum();
        weights.iter().map(|w| w / total).collect()
    }

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance * b.abs().max(1e-12)
    }

    #[test]
    fn erlang_c_matches_a_published_value_and_the_chain() {
        // A standard Erlang table entry: a = 10 erlangs on 12 servers
        // waits with probability 0.4494 (Erlang B 0.1197); the chain
        // below checks the same independently.
        assert!(close(erlang_b(12, 10.0), 0.119_67, 1e-3));
        let q = Queue {
            arrival_rate: 10.0,
            service_rate: 1.0,
            patience_rate: 0.0,
        };
        let s = q.with_servers(12);
        assert!(close(s.p_wait, 0.449_4, 1e-3), "{}", s.p_wait);
        for servers in [1, 5, 11, 12, 20] {
            let s = q.with_servers(servers);
            if servers <= 10 {
                assert_eq!(s.p_wait, 1.0);
                assert!(s.mean_wait.is_infinite());
                continue;
            }
            let pi = chain(q, servers);
            let waits: f64 = pi[servers as usize..].iter().sum();
            let queue: f64 = pi
                .iter()
                .enumerate()
                .skip(servers as usize)
                .map(|(n, p)| (n - servers as usize) as f64 * p)
                .sum();
            assert!(close(s.p_wait, waits, 1e-9), "{servers}");
            // Little: E[W] = E[Q] / λ.
            assert!(
                close(s.mean_wait, queue / q.arrival_rate, 1e-9),
                "{servers}"
            );
        }
    }

    #[test]
    fn erlang_c_service_level_is_the_exponential_tail() {
        // M/M/5 at ρ = 0.9 (examples/validation/mm5_rho09.json): with k
        // ahead, the wait is Gamma(k + 1, 5μ); summing the chain's
        // weights gives P(W ≤ t) directly.
        let q = Queue {
            arrival_rate: 4.5,
            service_rate: 1.0,
            patience_rate: 0.0,
        };
        let servers = 5;
        let pi = chain(q, servers);
        for t in [0.0, 0.5, 1.0, 3.0] {
            let rate = 5.0 * t;
            let mut direct: f64 = pi[..servers as usize].iter().sum();
            for (k, p) in pi[servers as usize..].iter().enumerate() {
                // P(Gamma(k+1, rate) ≤ t) = 1 − Σ_{j≤k} e^{−rt}(rt)^j/j!
                let mut term = libm::exp(-rate);
                let mut below = term;
                for j in 1..=k {
                    term *= rate / j as f64;
                    below += term;
                }
                direct += p * (1.0 - below);
            }
            let formula = q.with_servers(servers).served_within(t);
            assert!(close(formula, direct, 1e-9), "t {t}: {formula} vs {direct}");
        }
    }

    /// `P(served within t)` of a tagged arrival in Erlang A, by following
    /// its journey: having found `c + k` in the system it waits through
    /// phases `k, k−1, …, 0` customers ahead (left at rate `cμ + jθ`), and
    /// leaves at rate θ meanwhile. The phase probabilities are integrated
    /// with fourth-order Runge–Kutta in small steps.
    fn tagged_served_within(q: Queue, servers: u32, pi: &[f64], t: f64) -> f64 {
        let c = servers as usize;
        let mut total: f64 = pi[..c].iter().sum();
        let steps = 4000;
        let h = t / steps as f64;
        let mu = f64::from(servers) * q.service_rate;
        for (k, weight) in pi[c..].iter().enumerate() {
            if *weight < 1e-14 {
                continue;
            }
            // p[j] = P(j customers ahead, still waiting); served = absorbed.
            let mut p = vec![0.0; k + 1];
            p[k] = 1.0;
            let mut served = 0.0;
            let derivative = |p: &[f64]| -> (Vec<f64>, f64) {
                let mut d = vec![0.0; p.len()];
                let mut to_service = 0.0;
                for j in 0..p.len() {
                    let out = mu + j as f64 * q.patience_rate;
                    d[j] -= p[j] * (out + q.patience_rate);
                    if j == 0 {
                        to_service += p[0] * out;
                    } else {
                        d[j - 1] += p[j] * out;
                    }
                }
                (d, to_service)
            };
            for _ in 0..steps {
                let add = |p: &[f64], d: &[f64], f: f64| -> Vec<f64> {
                    p.iter().zip(d).map(|(a, b)| a + f * b).collect()
                };
                let (k1, s1) = derivative(&p);
                let (k2, s2) = derivative(&add(&p, &k1, h / 2.0));
                let (k3, s3) = derivative(&add(&p, &k2, h / 2.0));
                let (k4, s4) = derivative(&add(&p, &k3, h));
                for j in 0..p.len() {
                    p[j] += h / 6.0 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j]);
                }
                served += h / 6.0 * (s1 + 2.0 * s2 + 2.0 * s3 + s4);
            }
            total += weight * served;
        }
        total
    }

    #[test]
    fn erlang_a_matches_the_birth_death_chain() {
        // examples/validation/erlang_a.json: λ = 3, μ = 1, θ = 1/2, and
        // heavier cases (overloaded, many servers, impatient).
        let cases = [
            (3.0, 1.0, 0.5, 3),
            (3.0, 1.0, 0.5, 2),
            (12.0, 1.0, 0.1, 10),
            (40.0, 0.5, 2.0, 70),
            (4.5, 1.0, 1.0 / 30.0, 5),
        ];
        for (lambda, mu, theta, servers) in cases {
            let q = Queue {
                arrival_rate: lambda,
                service_rate: mu,
                patience_rate: theta,
            };
            let s = q.with_servers(servers);
            let pi = chain(q, servers);
            let c = servers as usize;
            let waits: f64 = pi[c..].iter().sum();
            let queue: f64 = pi
                .iter()
                .enumerate()
                .skip(c)
                .map(|(n, p)| (n - c) as f64 * p)
                .sum();
            let label = format!("λ {lambda} μ {mu} θ {theta} c {servers}");
            assert!(
                close(s.p_wait, waits, 1e-9),
                "{label}: {} vs {waits}",
                s.p_wait
            );
            // Abandonments per arrival: θ·E[Q] / λ.
            assert!(close(s.p_abandon, theta * queue / lambda, 1e-9), "{label}");
            assert!(close(s.mean_wait, queue / lambda, 1e-9), "{label}");
            for t in [0.25, 1.0, 4.0] {
                let direct = tagged_served_within(q, servers, &pi, t);
                let formula = s.served_within(t);
                assert!(
                    (formula - direct).abs() < 1e-6,
                    "{label} t {t}: {formula} vs {direct}"
                );
            }
            // Served eventually = not abandoned.
            assert!(
                (s.served_within(1e6) - (1.0 - s.p_abandon)).abs() < 1e-9,
                "{label}"
            );
        }
    }

    #[test]
    fn the_validation_queues_are_recognised_and_an_organisation_is_not() {
        let load = |text: &str| crate::scenario::load(text).expect("valid example");
        let mm5 = load(include_str!("../../examples/validation/mm5_rho09.json"));
        let q = Queue::of_model(&mm5).expect("M/M/5");
        assert!(close(q.arrival_rate, 4.5, 1e-12) && close(q.service_rate, 1.0, 1e-12));
        assert_eq!(q.patience_rate, 0.0);
        let a = load(include_str!("../../examples/validation/erlang_a.json"));
        let q = Queue::of_model(&a).expect("M/M/3+M");
        assert!(close(q.arrival_rate, 3.0, 1e-12) && close(q.patience_rate, 0.5, 1e-12));
        // Lognormal service, a network, an organisation: not one queue.
        for text in [
            include_str!("../../examples/validation/mg1_lognormal.json"),
            include_str!("../../examples/validation/jackson_tandem.json"),
            include_str!("../../examples/faw_vw_front_back_before.json"),
        ] {
            assert_eq!(Queue::of_model(&load(text)), None);
        }
    }

    #[test]
    fn least_servers_is_the_first_that_meets_the_target() {
        let q = Queue {
            arrival_rate: 10.0,
            service_rate: 1.0,
            patience_rate: 0.0,
        };
        // 80 % answered within 0.2 minutes (12 s) at 10 erlangs.
        let least = q.least_servers(100, |s| s.served_within(0.2) >= 0.8);
        let c = least.expect("reachable");
        assert!(q.with_servers(c).served_within(0.2) >= 0.8);
        assert!(q.with_servers(c - 1).served_within(0.2) < 0.8);
        assert_eq!(q.least_servers(100, |s| s.p_wait <= 0.0), None);
        let impatient = Queue {
            patience_rate: 0.5,
            ..q
        };
        let c = impatient
            .least_servers(100, |s| s.p_abandon <= 0.05)
            .expect("reachable");
        assert!(impatient.with_servers(c).p_abandon <= 0.05);
        assert!(impatient.with_servers(c - 1).p_abandon > 0.05);
    }
}
