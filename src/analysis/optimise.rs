//! The least-cost headcount that meets every target with 95 % confidence
//! (`orgflow optimise`).
//!
//! A *design* is one headcount per lever (see [`super::lever`]); its cost
//! is the staff cost of the varied units over the measured arrival window,
//! `Σ hourly_cost × staffed hours` (exactly what a run charges them), or,
//! when some varied unit has no hourly cost, the staffed hours themselves.
//! Every design is simulated on the same replications (common random
//! numbers: replication `r` of every design sees the same customers), so
//! two designs differ by their headcount, not by luck. A design is
//! *feasible* when every target is met with 95 % confidence (see
//! [`super::target`]).
//!
//! The search, greedy and deterministic:
//! 1. evaluate the scenario's own headcount;
//! 2. while infeasible (*ascent*): try one step more on each lever (a step
//!    is a tenth of the lever's headcount, at least 1); move to the
//!    cheapest feasible candidate if there is one, else to the one that
//!    removes most shortfall (the targets' relative distances, summed) per
//!    unit of cost added; when no candidate removes at least [`MIN_GAIN`]
//!    (an overloaded
//!    unit whose waits stay off the scale), double the steps, and stop,
//!    infeasible, once no lever can grow;
//! 3. once feasible (*trimming*): try a step less on each lever (a tenth
//!    of its headcount, at least 1) and move to the feasible candidate that
//!    saves most; when none is feasible, halve the steps, and stop when
//!    none is feasible with steps of one person. So the answer is a local
//!    minimum: one person less on any lever misses a target.
//!
//! A search evaluates at most [`MAX_EVALUATIONS`] designs; one stopped
//! there says so (`feasible` false if it had not met the targets yet).
//! Greedy, not exhaustive: with several levers a cheaper feasible mix may
//! exist that no single step reaches.
//!
//! Every evaluated design is kept in the search path, in evaluation order,
//! and evaluated once (a design met again reuses its figures).
//!
//! The search is a state machine the caller drives, so the same code runs
//! on the command line's thread pool and in the app's worker pool:
//! [`Search::next_batch`] gives the designs to evaluate next (with their
//! models), the caller runs each on replications `0..replications` with the
//! search's seed and hands the KPIs back to [`Search::accept`], in batch
//! order; when `next_batch` returns `None`, [`Search::outcome`] holds the
//! answer. Nothing depends on how the caller spreads the work, so the
//! answer is the same bits for any number of threads or workers.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::crn::Estimate;
use super::erlang::Queue;
use super::lever::{Lever, VaryError, levers};
use super::target::Target;
use crate::i18n::{Lang, Text};
use crate::report::Kpi;
use crate::scenario::format::Assumption;
use crate::scenario::{Scenario, ValidationError};
use crate::sim::Model;
use crate::sim::result::Kpis;

/// The most designs one search evaluates (a bound on its run time).
pub const MAX_EVALUATIONS: usize = 400;
/// The least shortfall an ascent step must remove to be taken: 0.1 % of a
/// target's value. Below it a step's effect is common-random-number noise
/// or a headcount the targets no longer feel (a closed unit's night
/// leads), and longer steps are tried instead.
pub const MIN_GAIN: f64 = 1e-3;
/// The most servers the Erlang answer looks at (beyond, it is `None`).
const ERLANG_MAX_SERVERS: u32 = 10_000;
/// The largest headcount the search gives a lever (the schema's maximum).
pub const MAX_HEADCOUNT: u32 = 100_000;

/// Why a search cannot start.
#[derive(Clone, Debug, PartialEq)]
pub enum SearchError {
    /// The scenario is invalid.
    Invalid(Vec<ValidationError>),
    /// The vary set cannot be made.
    Vary(VaryError),
    /// No target given.
    NoTargets,
    /// Fewer than 2 replications: no interval, so no confidence.
    TooFewReplications { found: u32 },
}

impl SearchError {
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            SearchError::Invalid(errors) => errors
                .iter()
                .map(|e| e.message(lang))
                .collect::<Vec<_>>()
                .join("\n"),
            SearchError::Vary(e) => e.message(lang),
            SearchError::NoTargets => (if zh {
                "至少需要一个目标（--target KPI>=数值）"
            } else {
                "at least one target is needed (--target KPI>=VALUE)"
            })
            .to_string(),
            SearchError::TooFewReplications { found } => {
                if zh {
                    format!("重复次数至少为 2（才有置信区间），而不是 {found}")
                } else {
                    format!(
                        "replications must be at least 2 (for a confidence interval), not {found}"
                    )
                }
            }
        }
    }
}

/// A design to evaluate, as handed out by [`Search::next_batch`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Headcount per lever, in the order of [`Search::levers`].
    pub headcount: Vec<u32>,
}

/// Which stage of the search evaluated a design.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Start,
    Ascent,
    Trim,
}

impl Step {
    pub const fn key(self) -> &'static str {
        match self {
            Step::Start => "start",
            Step::Ascent => "ascent",
            Step::Trim => "trim",
        }
    }

    /// The step's name in the app.
    pub const fn label(self) -> Text {
        match self {
            Step::Start => Text::OptimiseStepStart,
            Step::Ascent => Text::OptimiseStepAscent,
            Step::Trim => Text::OptimiseStepTrim,
        }
    }
}

/// One evaluated design.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub headcount: Vec<u32>,
    /// Staff cost of the varied units over the measured window (CNY).
    pub cost: f64,
    /// Staffed hours of the varied units over the measured window.
    pub staffed_hours: f64,
    /// Every KPI's mean and 95 % half-width, in [`Kpi::ALL`] order.
    pub kpis: Vec<Estimate>,
    pub feasible: bool,
    /// The targets' summed relative shortfall (0 when feasible).
    pub shortfall: f64,
    /// The round of the search that evaluated it (0 = the start).
    pub round: usize,
    pub step: Step,
    /// Whether the search moved to this design.
    pub chosen: bool,
}

/// The answer of a finished search.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub feasible: bool,
    /// Lever labels and the design's headcounts.
    pub headcount: Vec<(String, u32)>,
    pub cost: f64,
    pub staffed_hours: f64,
    /// The design's KPIs, in [`Kpi::ALL`] order.
    pub kpis: Vec<Estimate>,
    pub targets: Vec<Target>,
    pub evaluations: usize,
    /// The search stopped at [`MAX_EVALUATIONS`] rather than at its own
    /// end (the design may not be the least-cost one).
    pub limited: bool,
    pub replications: u32,
    pub seed: u64,
    /// Every evaluated design, in evaluation order.
    pub path: Vec<Evaluation>,
    /// The exact least headcount by Erlang C or Erlang A, where the
    /// scenario is one queue the formulas describe and every target is a
    /// KPI they give (see [`Queue::of_model`]); `None` otherwise.
    pub erlang: Option<u32>,
}

/// A search in progress (see the module docs).
#[derive(Clone, Debug)]
pub struct Search {
    scenario: Scenario,
    model: Model,
    targets: Vec<Target>,
    levers: Vec<Lever>,
    replications: u32,
    seed: u64,
    /// Minimise staffed hours rather than money (a varied unit has no cost).
    by_hours: bool,
    path: Vec<Evaluation>,
    /// Where each evaluated design sits in `path`.
    seen: BTreeMap<Vec<u32>, usize>,
    /// The design the search stands on (an index into `path`).
    current: Option<usize>,
    step: Step,
    round: usize,
    /// Multiplies the ascent's step; doubled after a round in which no
    /// candidate removed any shortfall (an overloaded unit whose waits
    /// stay off the scale until much more staff come), reset by a move.
    stride: u32,
    /// How often the trimming step has been halved: it starts at a tenth
    /// of each lever's headcount and halves whenever no smaller design is
    /// feasible, down to one person.
    trim_halvings: u32,
    /// This round's proposals, and those of them handed out for evaluation.
    proposals: Vec<Vec<u32>>,
    awaiting: Vec<Vec<u32>>,
    /// The formulas' answer, where they apply.
    erlang: Option<u32>,
    done: bool,
    /// The search stopped at [`MAX_EVALUATIONS`].
    limited: bool,
    /// Stopped by its caller before its answer (the app's Cancel): no
    /// batch is handed out or taken any more.
    cancelled: bool,
}

impl Search {
    /// A search for the least-cost headcount of the levers of `vary` (every
    /// front-office unit when empty) meeting every target, each design run
    /// on `replications` replications of `seed`.
    pub fn new(
        scenario: &Scenario,
        targets: &[Target],
        vary: &[String],
        replications: u32,
        seed: u64,
    ) -> Result<Search, SearchError> {
        let model = crate::scenario::validate(scenario).map_err(SearchError::Invalid)?;
        if targets.is_empty() {
            return Err(SearchError::NoTargets);
        }
        if replications < 2 {
            return Err(SearchError::TooFewReplications {
                found: replications,
            });
        }
        let levers = levers(&model, vary).map_err(SearchError::Vary)?;
        let by_hours = levers.iter().any(|l| l.hourly_cost <= 0.0);
        let start: Vec<u32> = levers.iter().map(|l| l.get(&model)).collect();
        let erlang = Queue::of_model(&model).and_then(|queue| {
            let all_given = targets
                .iter()
                .all(|t| t.met_by(&queue.with_servers(1)).is_some());
            all_given.then(|| {
                queue.least_servers(ERLANG_MAX_SERVERS, |s| {
                    targets.iter().all(|t| t.met_by(s) == Some(true))
                })
            })?
        });
        Ok(Search {
            scenario: scenario.clone(),
            model,
            targets: targets.to_vec(),
            levers,
            replications,
            seed,
            by_hours,
            path: Vec::new(),
            seen: BTreeMap::new(),
            current: None,
            step: Step::Start,
            round: 0,
            stride: 1,
            trim_halvings: 0,
            proposals: vec![start],
            awaiting: Vec::new(),
            erlang,
            done: false,
            limited: false,
            cancelled: false,
        })
    }

    pub fn levers(&self) -> &[Lever] {
        &self.levers
    }

    pub fn replications(&self) -> u32 {
        self.replications
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Whether the search has its answer (the next batch would be none).
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Designs evaluated so far (for progress).
    pub fn evaluations(&self) -> usize {
        self.path.len()
    }

    /// Stops the search for good without an answer: the designs evaluated
    /// so far stay (its path and [`Search::outcome`]), but no batch is
    /// handed out any more and the results of one handed out before are
    /// ignored, so a batch that finishes after the user cancelled cannot
    /// start another.
    pub fn cancel(&mut self) {
        if !self.done {
            self.cancelled = true;
            self.awaiting.clear();
        }
    }

    /// Whether [`Search::cancel`] stopped the search before its answer.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled
    }

    /// The model of a design: the scenario's, with the levers set.
    pub fn model_of(&self, headcount: &[u32]) -> Model {
        let mut model = self.model.clone();
        for (lever, &n) in self.levers.iter().zip(headcount) {
            lever.set(&mut model, n);
        }
        model
    }

    /// The scenario file of a design: the scenario's, with the levers set.
    /// The app's workers take scenarios as JSON text and validate them
    /// again; this validates to [`Search::model_of`] the same design.
    pub fn scenario_of(&self, headcount: &[u32]) -> Scenario {
        let mut scenario = self.scenario.clone();
        for (lever, &n) in self.levers.iter().zip(headcount) {
            lever.set_in(&mut scenario, n);
        }
        scenario
    }

    /// The designs to evaluate next, each with its model; `None` when the
    /// search is over. Hand their KPIs to [`Search::accept`] before asking
    /// again (asking again first returns the same batch).
    pub fn next_batch(&mut self) -> Option<Vec<(Candidate, Model)>> {
        loop {
            if self.done || self.cancelled {
                return None;
            }
            if self.awaiting.is_empty() {
                self.awaiting = self
                    .proposals
                    .iter()
                    .filter(|d| !self.seen.contains_key(*d))
                    .cloned()
                    .collect();
                if self.awaiting.is_empty() {
                    // Every proposal was evaluated before: decide at once.
                    self.advance();
                    continue;
                }
            }
            return Some(
                self.awaiting
                    .iter()
                    .map(|d| {
                        (
                            Candidate {
                                headcount: d.clone(),
                            },
                            self.model_of(d),
                        )
                    })
                    .collect(),
            );
        }
    }

    /// The KPIs of the last batch: `values[c][r]` for candidate `c` of the
    /// batch (in its order) in replication `r`. A batch answered with the
    /// wrong number of candidates is ignored (asked again); missing
    /// replications shrink the evaluation.
    pub fn accept(&mut self, values: &[Vec<Kpis>]) {
        // A cancelled search has no awaited batch: whatever comes is late.
        if values.len() != self.awaiting.len() || self.awaiting.is_empty() {
            return;
        }
        let designs = std::mem::take(&mut self.awaiting);
        for (design, runs) in designs.into_iter().zip(values) {
            let evaluation = self.evaluate(design.clone(), runs);
            self.seen.insert(design, self.path.len());
            self.path.push(evaluation);
        }
        self.advance();
    }

    fn cost_of(&self, headcount: &[u32]) -> (f64, f64) {
        let mut cost = 0.0;
        let mut minutes = 0.0;
        for (lever, &n) in self.levers.iter().zip(headcount) {
            cost += f64::from(n) * lever.cost_per_person();
            minutes += f64::from(n) * lever.minutes_per_person;
        }
        (cost, minutes / 60.0)
    }

    /// The figure the search minimises.
    fn objective(&self, evaluation: &Evaluation) -> f64 {
        if self.by_hours {
            evaluation.staffed_hours
        } else {
            evaluation.cost
        }
    }

    fn evaluate(&self, headcount: Vec<u32>, runs: &[Kpis]) -> Evaluation {
        let kpis: Vec<Estimate> = Kpi::ALL
            .iter()
            .map(|k| Estimate::of(&runs.iter().map(|r| k.read(r)).collect::<Vec<_>>()))
            .collect();
        let feasible = self.targets.iter().all(|t| t.met(&kpis[t.kpi.index()]));
        let shortfall = self
            .targets
            .iter()
            .map(|t| t.shortfall(&kpis[t.kpi.index()]))
            .sum();
        let (cost, staffed_hours) = self.cost_of(&headcount);
        Evaluation {
            headcount,
            cost,
            staffed_hours,
            kpis,
            // A design met by luck of a 0-width interval is still met: the
            // interval is the evidence there is.
            feasible,
            shortfall,
            round: self.round,
            step: self.step,
            chosen: false,
        }
    }

    /// Decides the move after a round's proposals are all evaluated, and
    /// proposes the next round.
    fn advance(&mut self) {
        let evaluated: Vec<usize> = self
            .proposals
            .iter()
            .filter_map(|d| self.seen.get(d).copied())
            .collect();
        let next = match self.step {
            Step::Start => evaluated.first().copied(),
            Step::Ascent => self.best_ascent(&evaluated),
            Step::Trim => self.best_trim(&evaluated),
        };
        match next {
            Some(index) => {
                self.path[index].chosen = true;
                self.current = Some(index);
                self.stride = 1;
                self.step = if self.path[index].feasible {
                    Step::Trim
                } else {
                    Step::Ascent
                };
            }
            None if self.step == Step::Ascent && self.can_grow() => {
                // Nothing helped by one step: take longer ones from here,
                // unless they are capped at the largest headcount already
                // (the same proposals again would never end).
                self.stride = self.stride.saturating_mul(2);
                let longer = self.propose();
                if longer == self.proposals {
                    self.done = true;
                    return;
                }
                self.round += 1;
                self.proposals = longer;
                return;
            }
            None if self.step == Step::Trim && self.can_trim_finer() => {
                self.trim_halvings += 1;
                self.round += 1;
                self.proposals = self.propose();
                return;
            }
            None => {
                self.limited = self.path.len() >= MAX_EVALUATIONS;
                self.done = true;
                return;
            }
        }
        self.round += 1;
        self.proposals = self.propose();
        if self.path.len() >= MAX_EVALUATIONS {
            self.limited = true;
            self.done = true;
        } else if self.proposals.is_empty() {
            self.done = true;
        }
    }

    /// Whether some lever is below the largest headcount.
    fn can_grow(&self) -> bool {
        self.current
            .is_some_and(|c| self.path[c].headcount.iter().any(|&n| n < MAX_HEADCOUNT))
            && self.path.len() < MAX_EVALUATIONS
    }

    /// Whether some lever's trimming step is still above one person.
    fn can_trim_finer(&self) -> bool {
        self.current.is_some_and(|c| {
            self.path[c]
                .headcount
                .iter()
                .any(|&n| self.trim_step(n) > 1)
        }) && self.path.len() < MAX_EVALUATIONS
    }

    /// The trimming step of a lever with `n` people.
    fn trim_step(&self, n: u32) -> u32 {
        (n / 10).checked_shr(self.trim_halvings).unwrap_or(0).max(1)
    }

    fn propose(&self) -> Vec<Vec<u32>> {
        let Some(current) = self.current else {
            return Vec::new();
        };
        let here = &self.path[current].headcount;
        let mut proposals = Vec::new();
        for (i, lever) in self.levers.iter().enumerate() {
            let mut design = here.clone();
            match self.step {
                Step::Ascent => {
                    if here[i] >= MAX_HEADCOUNT {
                        continue;
                    }
                    let step = (here[i] / 10).max(1).saturating_mul(self.stride);
                    design[i] = here[i].saturating_add(step).min(MAX_HEADCOUNT);
                }
                Step::Trim => {
                    if here[i] <= lever.min {
                        continue;
                    }
                    design[i] = here[i]
                        .saturating_sub(self.trim_step(here[i]))
                        .max(lever.min);
                }
                Step::Start => {}
            }
            proposals.push(design);
        }
        proposals
    }

    /// The ascent's move: the cheapest feasible candidate, else the one
    /// removing most shortfall per unit of cost added (first in lever
    /// order on ties); `None` when no candidate removes any.
    fn best_ascent(&self, candidates: &[usize]) -> Option<usize> {
        let feasible = candidates
            .iter()
            .copied()
            .filter(|&i| self.path[i].feasible)
            .min_by(|&a, &b| {
                self.objective(&self.path[a])
                    .total_cmp(&self.objective(&self.path[b]))
            });
        if feasible.is_some() {
            return feasible;
        }
        let here = &self.path[self.current?];
        let mut best: Option<(usize, f64)> = None;
        for &i in candidates {
            let candidate = &self.path[i];
            let gain = here.shortfall - candidate.shortfall;
            if gain < MIN_GAIN {
                continue;
            }
            let added = (self.objective(candidate) - self.objective(here)).max(1e-9);
            let ratio = gain / added;
            if best.is_none_or(|(_, r)| ratio > r) {
                best = Some((i, ratio));
            }
        }
        best.map(|(i, _)| i)
    }

    /// The trimming move: the feasible candidate that saves most.
    fn best_trim(&self, candidates: &[usize]) -> Option<usize> {
        candidates
            .iter()
            .copied()
            .filter(|&i| self.path[i].feasible)
            .min_by(|&a, &b| {
                self.objective(&self.path[a])
                    .total_cmp(&self.objective(&self.path[b]))
            })
    }

    /// The answer so far: the design the search stands on (the least-cost
    /// feasible one once the search is over, or, when none was found, the
    /// one closest to the targets).
    pub fn outcome(&self) -> Outcome {
        let best = self
            .current
            .or_else(|| (!self.path.is_empty()).then_some(0))
            .map(|i| &self.path[i]);
        let headcount = best.map_or_else(
            || self.levers.iter().map(|l| l.get(&self.model)).collect(),
            |e| e.headcount.clone(),
        );
        Outcome {
            feasible: best.is_some_and(|e| e.feasible),
            headcount: self
                .levers
                .iter()
                .zip(&headcount)
                .map(|(l, &n)| (l.label.clone(), n))
                .collect(),
            cost: best.map_or(0.0, |e| e.cost),
            staffed_hours: best.map_or(0.0, |e| e.staffed_hours),
            kpis: best.map_or_else(Vec::new, |e| e.kpis.clone()),
            targets: self.targets.clone(),
            evaluations: self.path.len(),
            limited: self.limited,
            replications: self.replications,
            seed: self.seed,
            path: self.path.clone(),
            erlang: self.erlang,
        }
    }

    /// The scenario with the outcome's headcounts, and an assumption that
    /// records the optimisation (targets, confidence, replications, seed)
    /// and covers the fields it set.
    pub fn optimised_scenario(&self) -> Scenario {
        let outcome = self.outcome();
        let headcount: Vec<u32> = outcome.headcount.iter().map(|(_, n)| *n).collect();
        let mut scenario = self.scenario_of(&headcount);
        let covers = self.levers.iter().map(|l| l.path(&self.scenario)).collect();
        let targets: Vec<String> = self.targets.iter().map(Target::to_string).collect();
        let targets = targets.join(", ");
        let (verdict_en, verdict_zh) = if outcome.feasible {
            (
                "the least-cost headcount found that meets",
                "找到的满足以下目标的最低成本人数",
            )
        } else {
            (
                "no headcount tried met every target; this is the closest to",
                "尝试的人数均未满足全部目标；此为最接近以下目标的方案",
            )
        };
        scenario.assumptions.push(Assumption {
            en: format!(
                "Headcount set by orgflow optimise: {verdict_en} {targets} with 95 % confidence (the 95 % interval of the mean on the right side of each target), {} replications of seed {} on common random numbers, {} designs evaluated.",
                self.replications,
                self.seed,
                outcome.evaluations
            ),
            zh: format!(
                "人数由 orgflow optimise 设定：{verdict_zh} {targets}（95% 置信：均值的 95% 区间完全位于目标一侧），共同随机数下种子 {} 的 {} 次重复，评估了 {} 个方案。",
                self.seed, self.replications, outcome.evaluations
            ),
            source: Some("orgflow optimise".into()),
            covers,
        });
        scenario
    }
}

impl Outcome {
    /// The design's estimate of `kpi` (the list is in [`Kpi::ALL`] order,
    /// not in the targets' order).
    pub fn kpi(&self, kpi: Kpi) -> Option<&Estimate> {
        Kpi::ALL
            .iter()
            .position(|k| *k == kpi)
            .and_then(|i| self.kpis.get(i))
    }

    fn kpi_map(kpis: &[Estimate], only: Option<&[Target]>) -> Value {
        let mut map = Map::new();
        for (kpi, estimate) in Kpi::ALL.iter().zip(kpis) {
            if only.is_none_or(|t| t.iter().any(|t| t.kpi == *kpi)) {
                map.insert(kpi.key().to_string(), estimate.to_json_value());
            }
        }
        Value::Object(map)
    }

    fn headcount_map(labels: impl Iterator<Item = (String, u32)>) -> Value {
        Value::Object(labels.map(|(l, n)| (l, json!(n))).collect())
    }

    /// `{"feasible", "headcount": {lever: n}, "kpis": {key: {"mean",
    /// "ci95"}}, "cost", "staffed_hours", "evaluations", "limited", "targets",
    /// "erlang" (the formulas' least headcount where they apply, else null),
    /// "confidence", "replications", "seed", "path": [{"round", "step",
    /// "headcount", "cost", "staffed_hours", "kpis" (the targets' KPIs),
    /// "feasible", "chosen"}]}`.
    pub fn to_json_value(&self) -> Value {
        let labels: Vec<&String> = self.headcount.iter().map(|(l, _)| l).collect();
        let path: Vec<Value> = self
            .path
            .iter()
            .map(|e| {
                json!({
                    "round": e.round,
                    "step": e.step.key(),
                    "headcount": Self::headcount_map(
                        labels.iter().map(|l| (*l).clone()).zip(e.headcount.iter().copied())
                    ),
                    "cost": e.cost,
                    "staffed_hours": e.staffed_hours,
                    "kpis": Self::kpi_map(&e.kpis, Some(&self.targets)),
                    "feasible": e.feasible,
                    "chosen": e.chosen,
                })
            })
            .collect();
        json!({
            "feasible": self.feasible,
            "headcount": Self::headcount_map(self.headcount.iter().cloned()),
            "kpis": Self::kpi_map(&self.kpis, None),
            "cost": self.cost,
            "staffed_hours": self.staffed_hours,
            "evaluations": self.evaluations,
            "limited": self.limited,
            "targets": self.targets.iter().map(Target::to_json_value).collect::<Vec<_>>(),
            "confidence": 0.95,
            "replications": self.replications,
            "seed": self.seed,
            "erlang": self.erlang,
            "path": path,
        })
    }

    /// The answer as text: verdict, headcount per lever, the targets'
    /// KPIs, cost, then the search path one design a line.
    pub fn table(&self, out: &mut String) {
        use std::fmt::Write as _;
        let _ = writeln!(
            out,
            "{} ({} designs evaluated, {} replications each, 95 % confidence)",
            if self.feasible {
                "feasible: every target met"
            } else {
                "NOT feasible: no design tried met every target; the closest is shown"
            },
            self.evaluations,
            self.replications
        );
        if self.limited {
            let _ = writeln!(
                out,
                "stopped at {MAX_EVALUATIONS} designs: a cheaper design may exist"
            );
        }
        for (label, n) in &self.headcount {
            // Unit names come from the file: control characters escaped.
            let label = crate::report::text::terminal(label);
            let _ = writeln!(out, "  {label:<32} {n:>6}");
        }
        for target in &self.targets {
            if let Some(e) = self.kpis.get(target.kpi.index()) {
                let _ = writeln!(
                    out,
                    "  {:<32} {:.4} ± {:.4}  (target {}{})",
                    target.kpi.key(),
                    e.mean,
                    e.ci95.unwrap_or(0.0),
                    target.bound.symbol(),
                    target.value
                );
            }
        }
        let _ = writeln!(
            out,
            "  staff cost of these units {:.0} ({:.1} staffed hours)",
            self.cost, self.staffed_hours
        );
        if let Some(n) = self.erlang {
            let _ = writeln!(
                out,
                "  Erlang C / A (the scenario is one such queue): {n} people"
            );
        }
        let _ = writeln!(out, "search path:");
        for e in &self.path {
            let heads: Vec<String> = e.headcount.iter().map(u32::to_string).collect();
            let _ = writeln!(
                out,
                "  {:>3} {:<6} [{}] cost {:.0} {}{}",
                e.round,
                e.step.key(),
                heads.join(" "),
                e.cost,
                if e.feasible { "feasible" } else { "short" },
                if e.chosen { " *" } else { "" }
            );
        }
    }
}

/// Runs a search to the end on a thread pool (native only): each batch's
/// (design, replication) pairs are jobs, collected in index order, so the
/// outcome is the same bits for any number of threads.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_on(pool: &rayon::ThreadPool, search: &mut Search) -> Outcome {
    while let Some(batch) = search.next_batch() {
        let models: Vec<Model> = batch.into_iter().map(|(_, m)| m).collect();
        let values = super::crn::kpis_on(pool, &models, search.seed(), search.replications());
        search.accept(&values);
    }
    search.outcome()
}

/// The same, one replication after another (tests, small searches).
pub fn run(search: &mut Search) -> Outcome {
    while let Some(batch) = search.next_batch() {
        let values: Vec<Vec<Kpis>> = batch
            .iter()
            .map(|(_, model)| {
                (0..search.replications())
                    .map(|r| crate::sim::run_replication(model, search.seed(), r).kpis)
                    .collect()
            })
            .collect();
        search.accept(&values);
    }
    search.outcome()
}
