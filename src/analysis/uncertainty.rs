//! Uncertain inputs: how wide a KPI's range is when some inputs are not
//! known exactly, beside the range chance alone gives (`orgflow
//! uncertainty`).
//!
//! ```text
//! let plan = Plan::new(&scenario, seed)?;                 // ranges checked
//! let models = plan.drawn_models(n)?;                     // or plan.model_at(r) in a worker
//! let (base, drawn) = plan.kpi_values(&models, kpi);      // or on a pool, or in workers
//! let result = plan.uncertainty(kpi, &base, &drawn);      // three intervals
//! ```
//!
//! A scenario names its uncertain inputs in `uncertainty`: a field path
//! and a triangular range (min, most likely, max). Replication `r` draws
//! every such input once, from its own stream `(seed, r, Uncertainty, i)`,
//! and runs the scenario with those values on replication `r`; the
//! baseline runs the scenario with every uncertain input at its most
//! likely value on the same replication `r` (common random numbers).
//!
//! Three intervals (each a 2.5–97.5 percentile band over replications):
//! - **randomness**: the baseline's values, the spread from chance alone
//!   (which customers come, when, how long each takes);
//! - **input uncertainty**: the baseline mean plus the paired differences
//!   drawn − baseline, replication by replication: on common random
//!   numbers the shared chance cancels, so what is left is the spread the
//!   inputs' ranges cause;
//! - **combined**: the drawn runs' values, both at once.
//!
//! Each input's rank correlation (Spearman) with the paired difference
//! says which range drives the spread. Triangular draws because a
//! workshop states a range as "at least, probably, at most"; that is all
//! the distribution assumes.
//!
//! Nothing is left out silently: a path that names no number of the
//! scenario, or an end of a range at which the scenario is invalid, is an
//! error naming `uncertainty[i]` and the validator's reason.

use serde_json::{Value, json};

use super::coalition;
use super::crn::Estimate;
use super::sensitivity::scalar_inputs;
use crate::i18n::Lang;
use crate::report::{Kpi, mean_sd, quantile, text};
use crate::scenario::diff::with_defaults;
use crate::scenario::format::UncertainInput;
use crate::scenario::path::FieldPath;
use crate::scenario::{Scenario, ValidationError};
use crate::sim::rng::{self, Purpose};
use crate::sim::{self, Model};

/// One uncertain input as the plan draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub path: String,
    pub min: f64,
    pub most_likely: f64,
    pub max: f64,
    /// Written as a whole number in the file: draws are rounded.
    pub whole: bool,
    pub source: Option<String>,
}

/// Why a plan cannot be made.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanError {
    /// The scenario names no uncertain inputs.
    NoInputs,
    /// `uncertainty[index].input` names no number of the scenario.
    NotANumber { index: usize, path: String },
    /// The scenario is invalid with the input at `value` (an end of its
    /// range, or the value drawn for a replication).
    Invalid {
        index: usize,
        value: f64,
        error: ValidationError,
    },
}

impl PlanError {
    /// The problem in words, naming the range's field path.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            PlanError::NoInputs => match lang {
                Lang::En => "the scenario has no `uncertainty` ranges to draw from".to_string(),
                Lang::Zh => "场景没有可抽样的 `uncertainty` 区间".to_string(),
            },
            PlanError::NotANumber { index, path } => match lang {
                Lang::En => {
                    format!("uncertainty[{index}].input: {path} is not a number of this scenario")
                }
                Lang::Zh => format!("uncertainty[{index}].input：{path} 不是本场景中的数值"),
            },
            PlanError::Invalid {
                index,
                value,
                error,
            } => match lang {
                Lang::En => format!(
                    "uncertainty[{index}]: the scenario is invalid at {value}: {}",
                    error.message(lang)
                ),
                Lang::Zh => format!(
                    "uncertainty[{index}]：取值 {value} 时场景无效：{}",
                    error.message(lang)
                ),
            },
        }
    }
}

/// What to run: the baseline, and the scenario with each replication's
/// draws (made on demand, so a Web Worker draws the replications it runs).
#[derive(Clone, Debug)]
pub struct Plan {
    pub scenario: String,
    pub seed: u64,
    pub inputs: Vec<Input>,
    /// The scenario at its most likely values.
    pub baseline: Model,
    /// The baseline's file (the app's workers load text).
    pub baseline_json: String,
    /// The file with defaults filled in, which draws are written into.
    value: Value,
    paths: Vec<FieldPath>,
}

/// The inverse distribution function of the triangular distribution on
/// `[min, max]` with its mode at `most_likely`, at `u` in (0, 1).
pub fn triangular(u: f64, min: f64, most_likely: f64, max: f64) -> f64 {
    let width = max - min;
    if width <= 0.0 {
        return most_likely;
    }
    let left = (most_likely - min) / width;
    if u < left {
        min + (u * width * (most_likely - min)).sqrt()
    } else {
        max - ((1.0 - u) * width * (max - most_likely)).sqrt()
    }
}

/// The numbers a range may be stated for — every scalar input of the
/// scenario, defaults included, as field paths — with the value the
/// scenario gives each (the form's choices and its "most likely").
pub fn candidate_inputs(scenario: &Scenario) -> Vec<(String, f64)> {
    let value = serde_json::to_value(with_defaults(scenario)).unwrap_or(Value::Null);
    scalar_inputs(&value)
        .into_iter()
        .map(|(path, x, _)| (path.to_string(), x))
        .collect()
}

impl Plan {
    /// Checks every range against the scenario: each path names a number,
    /// and the scenario is valid at each end of each range (the others at
    /// their most likely values).
    pub fn new(scenario: &Scenario, seed: u64) -> Result<Plan, PlanError> {
        if scenario.uncertainty.is_empty() {
            return Err(PlanError::NoInputs);
        }
        let value = serde_json::to_value(with_defaults(scenario)).unwrap_or(Value::Null);
        let found = scalar_inputs(&value);
        let mut inputs = Vec::new();
        let mut paths = Vec::new();
        for (index, range) in scenario.uncertainty.iter().enumerate() {
            let parsed = FieldPath::parse(&range.input);
            let Some((path, _, whole)) = parsed
                .as_ref()
                .and_then(|p| found.iter().find(|(f, _, _)| f == p))
            else {
                return Err(PlanError::NotANumber {
                    index,
                    path: range.input.clone(),
                });
            };
            paths.push(path.clone());
            inputs.push(input(range, *whole));
        }
        let most_likely: Vec<f64> = inputs.iter().map(|i| i.most_likely).collect();
        let (baseline, baseline_json) = load(&value, &paths, &inputs, &most_likely)?;
        // Each end on its own, the others at their most likely values: an
        // end the scenario cannot take is the author's to fix, whatever
        // the draws happen to be.
        for (i, input) in inputs.iter().enumerate() {
            for end in [input.min, input.max] {
                let mut values = most_likely.clone();
                values[i] = round(end, input.whole);
                load(&value, &paths, &inputs, &values)?;
            }
        }
        Ok(Plan {
            scenario: baseline.meta.name_en.clone(),
            seed,
            inputs,
            baseline,
            baseline_json,
            value,
            paths,
        })
    }

    /// Replication `r`'s value of each input: one draw from its own stream
    /// `(seed, r, Uncertainty, i)`, so it depends on nothing else.
    pub fn draw(&self, r: u32) -> Vec<f64> {
        let key = rng::replication_key(self.seed, r);
        self.inputs
            .iter()
            .enumerate()
            .map(|(i, input)| {
                let u = rng::first_open01(key, Purpose::Uncertainty, i as u64);
                round(
                    triangular(u, input.min, input.most_likely, input.max),
                    input.whole,
                )
            })
            .collect()
    }

    /// The scenario with replication `r`'s draws. `Err` when that mix of
    /// values is invalid (each end was checked alone; a combination, such
    /// as two shares that must total 100 %, may still fail).
    pub fn model_at(&self, r: u32) -> Result<Model, PlanError> {
        self.load(&self.draw(r)).map(|(model, _)| model)
    }

    /// The drawn models of replications `0..replications`.
    pub fn drawn_models(&self, replications: u32) -> Result<Vec<Model>, PlanError> {
        (0..replications).map(|r| self.model_at(r)).collect()
    }

    fn load(&self, values: &[f64]) -> Result<(Model, String), PlanError> {
        load(&self.value, &self.paths, &self.inputs, values)
    }

    /// `(baseline[r], drawn[r])`: `kpi` of the baseline and of `drawn[r]`
    /// (from [`Plan::drawn_models`]), both on replication `r`, one at a
    /// time.
    pub fn kpi_values(&self, drawn: &[Model], kpi: Kpi) -> (Vec<f64>, Vec<f64>) {
        let base = (0..drawn.len() as u32)
            .map(|r| kpi.read(&sim::run_replication(&self.baseline, self.seed, r).kpis))
            .collect();
        let drawn = drawn
            .iter()
            .zip(0..)
            .map(|(model, r)| kpi.read(&sim::run_replication(model, self.seed, r).kpis))
            .collect();
        (base, drawn)
    }

    /// The same as [`Plan::kpi_values`] on a thread pool (native only):
    /// every run is one job, collected in index order, so the result is
    /// the same bits for any number of threads.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn kpi_values_on(
        &self,
        pool: &rayon::ThreadPool,
        drawn: &[Model],
        kpi: Kpi,
    ) -> (Vec<f64>, Vec<f64>) {
        use rayon::prelude::*;
        let n = drawn.len();
        let flat: Vec<f64> = pool.install(|| {
            (0..2 * n)
                .into_par_iter()
                .map(|job| {
                    let r = job % n;
                    let model = if job < n { &self.baseline } else { &drawn[r] };
                    kpi.read(&sim::run_replication(model, self.seed, r as u32).kpis)
                })
                .collect()
        });
        let (base, drawn) = flat.split_at(n);
        (base.to_vec(), drawn.to_vec())
    }

    /// The three intervals and each input's rank correlation, from the
    /// values [`Plan::kpi_values`] returns.
    pub fn uncertainty(&self, kpi: Kpi, base: &[f64], drawn: &[f64]) -> Uncertainty {
        let differences: Vec<f64> = base.iter().zip(drawn).map(|(b, d)| d - b).collect();
        let draws: Vec<Vec<f64>> = (0..differences.len() as u32)
            .map(|r| self.draw(r))
            .collect();
        let base_mean = mean_sd(base).0;
        let inputs = self
            .inputs
            .iter()
            .enumerate()
            .map(|(i, input)| {
                let values: Vec<f64> = draws.iter().map(|d| d[i]).collect();
                InputEffect {
                    input: input.clone(),
                    rank_correlation: spearman(&values, &differences),
                }
            })
            .collect();
        Uncertainty {
            kpi,
            scenario: self.scenario.clone(),
            replications: base.len().min(drawn.len()) as u32,
            inputs,
            randomness: Spread::of(base),
            inputs_only: Spread::shifted(base_mean, &differences),
            combined: Spread::of(drawn),
            shift: super::crn::paired(base, drawn),
        }
    }
}

/// The scenario with `values` at the inputs' paths, loaded as a file
/// would be; an error names the input it is about.
fn load(
    value: &Value,
    paths: &[FieldPath],
    inputs: &[Input],
    values: &[f64],
) -> Result<(Model, String), PlanError> {
    let mut changed = value.clone();
    for ((path, input), &x) in paths.iter().zip(inputs).zip(values) {
        let number = if input.whole {
            json!(x as i64)
        } else {
            json!(x)
        };
        changed = coalition::with_value(&changed, path, number);
    }
    match coalition::load(&changed) {
        Ok(model) => Ok((model, changed.to_string())),
        Err(errors) => {
            let error = errors.into_iter().next();
            // Name the input whose path the validator's error is at,
            // else the first that is not at its most likely value.
            let index = error
                .as_ref()
                .and_then(|e| {
                    let at = coalition::named_path(&changed, &e.path);
                    paths.iter().position(|p| p.covers(&at) || at.covers(p))
                })
                .or_else(|| {
                    inputs
                        .iter()
                        .zip(values)
                        .position(|(i, &x)| x != i.most_likely)
                })
                .unwrap_or(0);
            let error = error.unwrap_or_else(|| {
                ValidationError::new(
                    format!("uncertainty[{index}]"),
                    crate::scenario::ErrorKind::MissingField,
                )
            });
            Err(PlanError::Invalid {
                index,
                value: values.get(index).copied().unwrap_or_default(),
                error,
            })
        }
    }
}

fn input(range: &UncertainInput, whole: bool) -> Input {
    Input {
        path: range.input.clone(),
        min: range.min,
        most_likely: range.most_likely,
        max: range.max,
        whole,
        source: range.source.clone(),
    }
}

fn round(x: f64, whole: bool) -> f64 {
    if whole { x.round() } else { x }
}

/// Spearman's rank correlation (average ranks for ties); 0 where either
/// side does not vary.
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    if n < 2 {
        return 0.0;
    }
    let (rx, ry) = (ranks(&x[..n]), ranks(&y[..n]));
    let (mx, sx) = mean_sd(&rx);
    let (my, sy) = mean_sd(&ry);
    if sx == 0.0 || sy == 0.0 {
        return 0.0;
    }
    let covariance: f64 = rx
        .iter()
        .zip(&ry)
        .map(|(a, b)| (a - mx) * (b - my))
        .sum::<f64>()
        / (n - 1) as f64;
    covariance / (sx * sy)
}

/// Ranks from 1, ties sharing their average rank.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        let rank = (start + end + 1) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = rank;
        }
        start = end;
    }
    ranks
}

/// A KPI's values over replications: their mean with its 95 % interval,
/// standard deviation and 2.5–97.5 percentile band.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub mean: Estimate,
    pub sd: f64,
    pub p2_5: f64,
    pub p97_5: f64,
}

impl Spread {
    pub fn of(values: &[f64]) -> Spread {
        Spread {
            mean: Estimate::of(values),
            sd: mean_sd(values).1,
            p2_5: quantile(values, 0.025),
            p97_5: quantile(values, 0.975),
        }
    }

    /// `at` plus `differences`: the spread of the differences (exactly 0
    /// when they are all 0) placed at a level.
    pub fn shifted(at: f64, differences: &[f64]) -> Spread {
        let d = Spread::of(differences);
        Spread {
            mean: Estimate {
                mean: at + d.mean.mean,
                ci95: d.mean.ci95,
            },
            sd: d.sd,
            p2_5: at + d.p2_5,
            p97_5: at + d.p97_5,
        }
    }

    fn to_json_value(self) -> Value {
        json!({
            "mean": self.mean.mean,
            "ci95": self.mean.ci95,
            "sd": self.sd,
            "p2_5": self.p2_5,
            "p97_5": self.p97_5,
        })
    }
}

/// One input's range and how its draws move with the KPI.
#[derive(Clone, Debug, PartialEq)]
pub struct InputEffect {
    pub input: Input,
    /// Spearman's rank correlation of the drawn value with the paired
    /// difference drawn − baseline.
    pub rank_correlation: f64,
}

/// The result of an uncertain-inputs run.
#[derive(Clone, Debug, PartialEq)]
pub struct Uncertainty {
    pub kpi: Kpi,
    pub scenario: String,
    pub replications: u32,
    pub inputs: Vec<InputEffect>,
    /// The baseline's spread: chance alone.
    pub randomness: Spread,
    /// The baseline mean plus the paired differences: the inputs alone.
    pub inputs_only: Spread,
    /// The drawn runs: both.
    pub combined: Spread,
    /// Drawn − baseline, paired: how far the ranges move the mean.
    pub shift: Estimate,
}

impl Uncertainty {
    /// `{"kpi", "scenario", "replications", "randomness": {"mean", "ci95",
    /// "sd", "p2_5", "p97_5"}, "input_uncertainty": {…}, "combined": {…},
    /// "shift": {"mean", "ci95"}, "inputs": [{"path", "min", "most_likely",
    /// "max", "source", "rank_correlation"}]}`.
    pub fn to_json_value(&self) -> Value {
        let inputs: Vec<Value> = self
            .inputs
            .iter()
            .map(|e| {
                json!({
                    "path": e.input.path,
                    "min": e.input.min,
                    "most_likely": e.input.most_likely,
                    "max": e.input.max,
                    "source": e.input.source,
                    "rank_correlation": e.rank_correlation,
                })
            })
            .collect();
        json!({
            "kpi": self.kpi.key(),
            "scenario": self.scenario,
            "replications": self.replications,
            "randomness": self.randomness.to_json_value(),
            "input_uncertainty": self.inputs_only.to_json_value(),
            "combined": self.combined.to_json_value(),
            "shift": self.shift.to_json_value(),
            "inputs": inputs,
        })
    }

    /// A plain-text table for terminals.
    pub fn table(&self, out: &mut String) {
        out.push_str(&format!(
            "{}: {} ({} replications; each draws every uncertain input once)\n\n",
            self.kpi.key(),
            text::terminal(&self.scenario),
            self.replications
        ));
        out.push_str(&format!(
            "  {:<18} {:>12} {:>12} {:>12} {:>12}\n",
            "interval from", "mean", "sd", "P2.5", "P97.5"
        ));
        for (name, s) in [
            ("randomness", self.randomness),
            ("input uncertainty", self.inputs_only),
            ("both", self.combined),
        ] {
            out.push_str(&format!(
                "  {:<18} {:>12.4} {:>12.4} {:>12.4} {:>12.4}\n",
                name, s.mean.mean, s.sd, s.p2_5, s.p97_5
            ));
        }
        out.push_str(&format!(
            "\n  mean shift from the ranges (drawn − most likely): {:+.4} ± {}\n\n",
            self.shift.mean,
            self.shift
                .ci95
                .map_or_else(|| "–".to_string(), |c| format!("{c:.4}"))
        ));
        let width = self
            .inputs
            .iter()
            .map(|e| e.input.path.chars().count())
            .chain([5])
            .max()
            .unwrap_or(5);
        out.push_str(&format!(
            "  {:<width$} {:>12} {:>12} {:>12} {:>10}\n",
            "input", "min", "most likely", "max", "rank corr"
        ));
        for e in &self.inputs {
            out.push_str(&format!(
                "  {:<width$} {:>12} {:>12} {:>12} {:>10.3}\n",
                text::terminal(&e.input.path),
                e.input.min,
                e.input.most_likely,
                e.input.max,
                e.rank_correlation
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every input the form offers is one a range may name: a plan with a
    /// range on it is accepted, at the scenario's own value.
    #[test]
    fn candidate_inputs_are_accepted_by_the_plan() {
        let json = include_str!("../../examples/validation/mm1.json");
        let mut scenario = crate::scenario::parse(json).expect("valid");
        let candidates = candidate_inputs(&scenario);
        assert!(candidates.len() > 3, "{candidates:?}");
        let (path, x) = candidates
            .iter()
            .find(|(p, _)| p.ends_with("leads_per_day"))
            .cloned()
            .expect("the source's rate is an input");
        scenario.uncertainty.push(UncertainInput {
            input: path,
            min: 0.9 * x,
            most_likely: x,
            max: 1.1 * x,
            source: None,
        });
        assert!(Plan::new(&scenario, 1).is_ok());
    }
    use crate::scenario;

    fn mm1(uncertainty: &str) -> Scenario {
        let text = include_str!("../../examples/validation/mm1.json").replacen(
            "\"units\":",
            &format!("\"uncertainty\": {uncertainty},\n  \"units\":"),
            1,
        );
        match scenario::parse(&text) {
            Ok(s) => s,
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn triangular_draws_have_the_theoretical_mean_and_stay_in_range() {
        // Mean of Tri(a, c, b) is (a + b + c) / 3; the inverse CDF on a
        // fine grid of u is a quadrature of it.
        let (a, c, b) = (2.0, 3.0, 10.0);
        let n = 100_000;
        let xs: Vec<f64> = (0..n)
            .map(|i| triangular((i as f64 + 0.5) / n as f64, a, c, b))
            .collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        assert!((mean - 5.0).abs() < 1e-3, "{mean}");
        assert!(xs.iter().all(|&x| (a..=b).contains(&x)));
        // The mode's CDF value is (c − a) / (b − a).
        assert!((triangular(1.0 / 8.0, a, c, b) - c).abs() < 1e-12);
    }

    #[test]
    fn spearman_reads_monotone_relations_and_ties() {
        assert!((spearman(&[1.0, 2.0, 3.0, 4.0], &[1.0, 4.0, 9.0, 16.0]) - 1.0).abs() < 1e-12);
        assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert_eq!(spearman(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), 0.0);
        assert_eq!(ranks(&[5.0, 1.0, 5.0]), vec![2.5, 1.0, 2.5]);
    }

    #[test]
    fn an_input_that_changes_nothing_adds_no_spread() {
        // The unit's hourly cost does not touch the queue: on common
        // random numbers every drawn run equals its baseline to the bit,
        // so the input interval has no width and "both" is randomness.
        let s = mm1(
            r#"[{"input": "units[server].hourly_cost", "min": 50, "most_likely": 80, "max": 200}]"#,
        );
        let plan = Plan::new(&s, 7).unwrap_or_else(|e| panic!("{e:?}"));
        let models = plan.drawn_models(8).unwrap_or_else(|e| panic!("{e:?}"));
        let (base, drawn) = plan.kpi_values(&models, Kpi::FirstResponseMinutes);
        assert_eq!(base, drawn);
        let u = plan.uncertainty(Kpi::FirstResponseMinutes, &base, &drawn);
        assert_eq!(u.inputs_only.sd, 0.0);
        assert_eq!(u.combined, u.randomness);
        assert_eq!(u.shift.mean, 0.0);
    }

    #[test]
    fn an_uncertain_arrival_rate_widens_the_interval_and_is_named_as_its_driver() {
        // M/M/1 with λ from 0.6 to 0.9 a minute: the mean wait ρ/(μ−λ)
        // runs from 1.5 to 9 minutes, far wider than ten days' chance.
        let s = mm1(
            r#"[{"input": "sources[poisson].leads_per_day", "min": 864, "most_likely": 1152, "max": 1296, "source": "judgement"}]"#,
        );
        let plan = Plan::new(&s, 3).unwrap_or_else(|e| panic!("{e:?}"));
        assert!((0..30).all(|r| (864.0..=1296.0).contains(&plan.draw(r)[0])));
        let models = plan.drawn_models(30).unwrap_or_else(|e| panic!("{e:?}"));
        let (base, drawn) = plan.kpi_values(&models, Kpi::FirstResponseMinutes);
        let u = plan.uncertainty(Kpi::FirstResponseMinutes, &base, &drawn);
        let width = |s: Spread| s.p97_5 - s.p2_5;
        assert!(width(u.inputs_only) > 2.0 * width(u.randomness), "{u:?}");
        assert!(width(u.combined) > width(u.randomness), "{u:?}");
        assert!(u.inputs[0].rank_correlation > 0.9, "{u:?}");
        // The mode sits near the top of the range: draws are mostly
        // lower rates, so the mean wait falls.
        assert!(u.shift.mean < 0.0, "{u:?}");
    }

    #[test]
    fn the_same_seed_gives_the_same_draws_on_any_pool() {
        let s =
            mm1(r#"[{"input": "units[server].headcount", "min": 1, "most_likely": 2, "max": 3}]"#);
        let a = Plan::new(&s, 11).unwrap_or_else(|e| panic!("{e:?}"));
        let b = Plan::new(&s, 11).unwrap_or_else(|e| panic!("{e:?}"));
        let draws = |p: &Plan| (0..6).map(|r| p.draw(r)).collect::<Vec<_>>();
        assert_eq!(draws(&a), draws(&b));
        // A whole-number field draws whole numbers.
        assert!(draws(&a).iter().all(|d| d[0].fract() == 0.0));
        // A replication's model is its draws, whoever makes it.
        let models = a.drawn_models(6).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            b.model_at(4).map(|m| m.units[0].servers),
            Ok(draws(&a)[4][0] as u32)
        );
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build();
        let two = rayon::ThreadPoolBuilder::new().num_threads(2).build();
        let (Ok(one), Ok(two)) = (one, two) else {
            panic!("thread pools")
        };
        let sequential = a.kpi_values(&models, Kpi::Leads);
        assert_eq!(a.kpi_values_on(&one, &models, Kpi::Leads), sequential);
        assert_eq!(a.kpi_values_on(&two, &models, Kpi::Leads), sequential);
    }

    #[test]
    fn bad_ranges_are_refused_with_their_field_path() {
        // Order of the three values: the validator.
        let text = include_str!("../../examples/validation/mm1.json").replacen(
            "\"units\":",
            r#""uncertainty": [{"input": "units[server].headcount", "min": 3, "most_likely": 2, "max": 4},
                             {"input": "units[server].hourz", "min": 1, "most_likely": 2, "max": 4}],
               "units":"#,
            1,
        );
        let errors = scenario::load(&text).err().unwrap_or_default();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert!(paths.contains(&"uncertainty[0].most_likely"), "{paths:?}");
        assert!(paths.contains(&"uncertainty[1].input"), "{paths:?}");
        // A path of the format that names nothing in this scenario.
        let s =
            mm1(r#"[{"input": "units[desk].headcount", "min": 1, "most_likely": 2, "max": 3}]"#);
        assert!(matches!(
            Plan::new(&s, 1),
            Err(PlanError::NotANumber { index: 0, .. })
        ));
        // An end the scenario cannot take (no unit of 0 people).
        let s =
            mm1(r#"[{"input": "units[server].headcount", "min": 0, "most_likely": 2, "max": 3}]"#);
        let Err(e) = Plan::new(&s, 1) else {
            panic!("a headcount of 0 must be refused")
        };
        assert!(
            matches!(e, PlanError::Invalid { index: 0, value, .. } if value == 0.0),
            "{e:?}"
        );
        assert!(e.message(Lang::En).starts_with("uncertainty[0]"));
        // No ranges at all.
        let plain = mm1("[]");
        assert!(matches!(Plan::new(&plain, 1), Err(PlanError::NoInputs)));
    }

    #[test]
    fn a_plain_run_and_the_diff_ignore_the_ranges() {
        let with =
            mm1(r#"[{"input": "units[server].headcount", "min": 1, "most_likely": 1, "max": 3}]"#);
        let without = mm1("[]");
        let (Ok(a), Ok(b)) = (scenario::validate(&with), scenario::validate(&without)) else {
            panic!("both valid")
        };
        assert_eq!(
            sim::run_replication(&a, 5, 0).kpis,
            sim::run_replication(&b, 5, 0).kpis
        );
        assert!(scenario::diff::diff(&with, &without).differences.is_empty());
    }
}
