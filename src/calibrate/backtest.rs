//! The back-test: the fitted scenario's simulated leads beside the log's,
//! computed by the same code from the same kind of rows (each simulated
//! replication is turned into a lead log, [`super::events::measured_log`]),
//! so an observed and a simulated figure always mean the same thing.
//!
//! For the whole log, each grade and each source: leads per day, the
//! share contacted within 15 min, 60 min and 24 h, abandonment (lost
//! before any contact), qualification, conversion, and the first
//! response's median and P90. Observed figures carry their Wilson (shares)
//! or Poisson (rates) interval, simulated ones the 95 % interval of the
//! mean across replications. The first-response distributions are compared
//! by the Kolmogorov–Smirnov statistic and the Wasserstein-1 distance
//! (minutes) between the observed sample and the pooled simulated one,
//! overall and per link. What the model cannot reproduce is listed
//! ([`Limit`]).

use serde_json::{Value, json};

use super::columns::Column;
use super::estimate::{self, Estimate};
use super::log::{LeadRow, Log};
use super::time::MS_PER_DAY;
use crate::display;
use crate::i18n::{Lang, Text};
use crate::report::stats::{Summary, quantile};
use crate::report::text;
use crate::sim::Model;
use crate::sim::model::TICKS_PER_DAY;

/// A figure of the back-test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    LeadsPerDay,
    ContactedWithin15Minutes,
    ContactedWithin60Minutes,
    ContactedWithin24Hours,
    Abandonment,
    Qualification,
    Conversion,
    FirstResponseP50,
    FirstResponseP90,
}

impl Metric {
    pub const ALL: [Metric; 9] = [
        Metric::LeadsPerDay,
        Metric::ContactedWithin15Minutes,
        Metric::ContactedWithin60Minutes,
        Metric::ContactedWithin24Hours,
        Metric::Abandonment,
        Metric::Qualification,
        Metric::Conversion,
        Metric::FirstResponseP50,
        Metric::FirstResponseP90,
    ];

    /// The JSON key (the KPI's key where the report has one).
    pub fn key(self) -> &'static str {
        match self {
            Metric::LeadsPerDay => "leads_per_day",
            Metric::ContactedWithin15Minutes => "contacted_within_15_minutes",
            Metric::ContactedWithin60Minutes => "contacted_within_60_minutes",
            Metric::ContactedWithin24Hours => "contacted_within_24_hours",
            Metric::Abandonment => "abandonment_rate",
            Metric::Qualification => "qualification_rate",
            Metric::Conversion => "conversion_rate",
            Metric::FirstResponseP50 => "first_response_p50",
            Metric::FirstResponseP90 => "first_response_p90",
        }
    }

    /// The figure's label in the app.
    pub fn label(self) -> Text {
        match self {
            Metric::LeadsPerDay => Text::FigureLeadsPerDay,
            Metric::ContactedWithin15Minutes => Text::FigureContacted15,
            Metric::ContactedWithin60Minutes => Text::FigureContacted60,
            Metric::ContactedWithin24Hours => Text::FigureContacted24h,
            Metric::Abandonment => Text::FigureAbandonment,
            Metric::Qualification => Text::FigureQualification,
            Metric::Conversion => Text::FigureConversion,
            Metric::FirstResponseP50 => Text::FigureFirstResponseP50,
            Metric::FirstResponseP90 => Text::FigureFirstResponseP90,
        }
    }

    /// A share (shown as a percentage) rather than a rate or minutes.
    pub fn is_share(self) -> bool {
        !matches!(
            self,
            Metric::LeadsPerDay | Metric::FirstResponseP50 | Metric::FirstResponseP90
        )
    }

    /// A value of the figure in words: a share as a percentage, a response
    /// time in minutes, leads a day as a number.
    pub fn show(self, x: f64) -> String {
        match self {
            Metric::LeadsPerDay => display::number(x, 1),
            Metric::FirstResponseP50 | Metric::FirstResponseP90 => {
                format!("{} min", display::number(x, 1))
            }
            _ => format!("{} %", display::number(100.0 * x, 1)),
        }
    }

    /// An interval clipped to the figure's possible values: none is
    /// negative, and a share is at most one.
    pub fn clip(self, (lo, hi): (f64, f64)) -> (f64, f64) {
        let top = if self.is_share() { 1.0 } else { f64::INFINITY };
        (lo.clamp(0.0, top), hi.clamp(0.0, top))
    }

    /// The log columns the figure needs beyond `created_at`.
    fn needs(self) -> &'static [Column] {
        match self {
            Metric::LeadsPerDay => &[],
            Metric::ContactedWithin15Minutes
            | Metric::ContactedWithin60Minutes
            | Metric::ContactedWithin24Hours
            | Metric::FirstResponseP50
            | Metric::FirstResponseP90 => &[Column::FirstContactAt],
            Metric::Abandonment => &[Column::FirstContactAt, Column::LostAt],
            Metric::Qualification => &[Column::QualifiedAt],
            Metric::Conversion => &[Column::OrderAt],
        }
    }
}

/// The whole log, a grade or a source.
#[derive(Clone, Debug, PartialEq)]
pub enum Segment {
    All,
    Grade(String),
    Source(String),
}

impl Segment {
    /// `("all", "")`, `("grade", name)` or `("source", name)`: the JSON's
    /// `segment` and `name`.
    pub fn key(&self) -> (&'static str, &str) {
        match self {
            Segment::All => ("all", ""),
            Segment::Grade(name) => ("grade", name),
            Segment::Source(name) => ("source", name),
        }
    }
}

/// One figure, observed and simulated.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub segment: Segment,
    pub metric: Metric,
    pub observed: Option<Estimate>,
    /// Mean over replications and the 95 % interval of that mean.
    pub simulated: Option<Estimate>,
}

impl Row {
    /// Whether the observed and the simulated 95 % intervals overlap (a
    /// figure without intervals on both sides: `None`). A quick flag for a
    /// workshop, not a test: with many figures some miss by chance.
    pub fn overlap(&self) -> Option<bool> {
        let (lo, hi) = self.observed?.ci95?;
        let (slo, shi) = self.simulated?.ci95?;
        Some(lo <= shi && slo <= hi)
    }
}

/// Distances between the observed and simulated first responses.
#[derive(Clone, Debug, PartialEq)]
pub struct Distance {
    /// `None` for every link together.
    pub link: Option<String>,
    pub observed_n: usize,
    pub simulated_n: usize,
    /// Largest gap between the two distribution functions (0–1).
    pub ks: f64,
    /// Mean absolute difference of the quantile functions, minutes.
    pub wasserstein_minutes: f64,
    /// P10, P50, P90, P99 observed and simulated, minutes.
    pub observed_quantiles: [f64; 4],
    pub simulated_quantiles: [f64; 4],
}

/// First-response distributions further apart than this (the largest gap
/// between the two distribution functions) are named among what the model
/// does not reproduce. Judgement: a gap of 0.1 is a tenth of the leads on
/// the wrong side of some response time, enough to change a service level.
pub const KS_APART: f64 = 0.1;

/// Something the model cannot reproduce or the log cannot show.
#[derive(Clone, Debug, PartialEq)]
pub enum Limit {
    /// A figure of the whole log whose observed and simulated 95 %
    /// intervals do not overlap.
    Missed {
        metric: Metric,
        observed: f64,
        simulated: f64,
    },
    /// How many figures by grade or by source miss in the same way.
    MissedInSegments(usize),
    /// A link's first responses (`None`: every link's) are distributed
    /// unlike the log's: a Kolmogorov–Smirnov distance above [`KS_APART`].
    ResponsesApart {
        link: Option<String>,
        ks: f64,
        observed_p50: f64,
        simulated_p50: f64,
    },
    /// The log has no such column: the figures that need it are left out.
    MissingColumn(&'static str),
    /// Leads lost after contact without qualifying.
    LostAfterContact(usize),
    /// A grade or source of the log that the scenario does not have.
    UnknownName { list: &'static str, name: String },
    /// The scenario's conversion depends on satisfaction; the fit assumed
    /// it does not.
    SatisfactionMultiplier(f64),
    /// The scenario re-markets lost leads: their later qualifications and
    /// orders count in the simulated rates.
    Remarketing,
    /// Leads still open at the end of the log (no outcome yet), while the
    /// simulation lets every lead finish.
    OpenAtEnd(usize),
}

impl Limit {
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Limit::Missed {
                metric,
                observed,
                simulated,
            } => {
                let (o, s) = (metric.show(*observed), metric.show(*simulated));
                let label = lang.text(metric.label());
                if zh {
                    format!("{label}：日志为 {o}，模拟为 {s}，两者的 95% 区间不重叠")
                } else {
                    format!("{label}: {o} in the log, {s} simulated; their 95 % intervals do not overlap")
                }
            }
            Limit::MissedInSegments(n) => {
                if zh {
                    format!("按等级或来源另有 {n} 个指标的 95% 区间不重叠（表中标为 ≠）")
                } else {
                    format!("{n} more figures by grade or source miss the same way (marked ≠ in the table)")
                }
            }
            Limit::ResponsesApart {
                link,
                ks,
                observed_p50,
                simulated_p50,
            } => {
                let ks = display::number(*ks, 2);
                let (o, s) = (
                    display::number(*observed_p50, 1),
                    display::number(*simulated_p50, 1),
                );
                let whose = match (link, zh) {
                    (Some(link), true) => format!("链路 {link} 的"),
                    (None, true) => "全部线索的".to_string(),
                    (Some(link), false) => format!("link {link}"),
                    (None, false) => "all leads".to_string(),
                };
                if zh {
                    format!("{whose}首次响应分布与日志不同（KS 距离 {ks}；中位数：日志 {o} 分钟，模拟 {s} 分钟）")
                } else {
                    format!("the first responses of {whose} are distributed unlike the log's (KS distance {ks}; median {o} min in the log, {s} min simulated)")
                }
            }
            Limit::MissingColumn(column) => {
                if zh {
                    format!("日志没有 {column} 列：依赖它的指标无法比较")
                } else {
                    format!("the log has no {column} column: the figures that need it are not compared")
                }
            }
            Limit::LostAfterContact(n) => {
                let n = display::number(*n as f64, 0);
                if zh {
                    format!("{n} 条线索在联系后、合格前流失：模型在资格判定时流失线索，不模拟联系后的流失时间（lost_at）")
                } else {
                    format!("{n} leads were lost after contact without qualifying: the model loses them at qualification and does not model when (lost_at after contact)")
                }
            }
            Limit::UnknownName { list, name } => {
                if zh {
                    format!("日志中的 {list} “{name}” 不在场景中")
                } else {
                    format!("{list} \"{name}\" of the log is not in the scenario")
                }
            }
            Limit::SatisfactionMultiplier(k) => {
                if zh {
                    format!("场景中转化受满意度影响（conversion_sensitivity = {k}），而拟合假设 c(S′) = 1：模拟的合格率和成交率会相应偏离")
                } else {
                    format!("the scenario's conversion depends on satisfaction (conversion_sensitivity = {k}) while the fit assumed c(S′) = 1: simulated qualification and close rates move by that factor")
                }
            }
            Limit::Remarketing => (if zh {
                "场景包含再营销：再营销后的合格和订单计入模拟的比率，日志中则按首次周期记录"
            } else {
                "the scenario re-markets lost leads: qualifications and orders after re-marketing count in the simulated rates"
            })
            .to_string(),
            Limit::OpenAtEnd(n) => {
                let n = display::number(*n as f64, 0);
                if zh {
                    format!("日志结束时仍有 {n} 条线索没有结果；模拟让所有线索走完")
                } else {
                    format!("{n} leads of the log have no outcome yet at its end; the simulation lets every lead finish")
                }
            }
        }
    }
}

/// The back-test report.
#[derive(Clone, Debug, PartialEq)]
pub struct Backtest {
    pub scenario: String,
    pub replications: usize,
    pub observed_leads: usize,
    pub rows: Vec<Row>,
    pub distances: Vec<Distance>,
    pub limits: Vec<Limit>,
}

/// A subset of a log's rows and the days they cover.
struct View<'a> {
    rows: Vec<&'a LeadRow>,
    days: f64,
}

fn value(view: &View, metric: Metric) -> Option<Estimate> {
    let n = view.rows.len() as u64;
    let count = |f: &dyn Fn(&LeadRow) -> bool| view.rows.iter().filter(|r| f(r)).count() as u64;
    let within = |minutes: f64| {
        move |r: &LeadRow| r.first_contact.is_some_and(|t| r.minutes_to(t) <= minutes)
    };
    let responses = || -> Vec<f64> {
        let mut v: Vec<f64> = view
            .rows
            .iter()
            .filter_map(|r| r.first_contact.map(|t| r.minutes_to(t)))
            .collect();
        v.sort_by(f64::total_cmp);
        v
    };
    match metric {
        Metric::LeadsPerDay => (view.days > 0.0).then(|| {
            let rate = n as f64 / view.days;
            let half = estimate::Z95 * (n as f64).sqrt() / view.days;
            Estimate {
                value: rate,
                ci95: Some(((rate - half).max(0.0), rate + half)),
            }
        }),
        Metric::ContactedWithin15Minutes => estimate::wilson(count(&within(15.0)), n),
        Metric::ContactedWithin60Minutes => estimate::wilson(count(&within(60.0)), n),
        Metric::ContactedWithin24Hours => estimate::wilson(count(&within(1440.0)), n),
        Metric::Abandonment => {
            estimate::wilson(count(&|r| r.first_contact.is_none() && r.lost.is_some()), n)
        }
        Metric::Qualification => {
            estimate::wilson(count(&|r| r.qualified.is_some() || r.order.is_some()), n)
        }
        Metric::Conversion => estimate::wilson(count(&|r| r.order.is_some()), n),
        Metric::FirstResponseP50 | Metric::FirstResponseP90 => {
            let v = responses();
            let q = if metric == Metric::FirstResponseP50 {
                0.5
            } else {
                0.9
            };
            (!v.is_empty()).then(|| Estimate {
                value: quantile(&v, q),
                ci95: None,
            })
        }
    }
}

fn select<'a>(log: &'a Log, segment: &Segment, days: f64) -> View<'a> {
    let rows = log
        .rows
        .iter()
        .filter(|r| match segment {
            Segment::All => true,
            Segment::Grade(name) => r.grade.is_some_and(|g| log.grades.name(g) == name),
            Segment::Source(name) => r.source.is_some_and(|s| log.sources.name(s) == name),
        })
        .collect();
    View { rows, days }
}

/// Calendar days of a log (local dates of `created_at`).
fn log_days(log: &Log) -> f64 {
    let days = log
        .rows
        .iter()
        .map(|r| r.created.local_ms().div_euclid(MS_PER_DAY));
    let (min, max) = days.fold((i64::MAX, i64::MIN), |(a, b), d| (a.min(d), b.max(d)));
    if min > max {
        0.0
    } else {
        (max - min + 1) as f64
    }
}

/// Compares `observed` with the simulated replications of `model`
/// (`simulated[r]` is replication `r`'s measured leads, from
/// [`super::events::measured_log`]; the caller runs them, on threads or in
/// workers).
pub fn backtest(model: &Model, observed: &Log, simulated: &[Log]) -> Backtest {
    let observed_days = log_days(observed);
    let simulated_days = model.horizon.saturating_sub(model.warmup) as f64 / TICKS_PER_DAY as f64;
    let mut segments = vec![Segment::All];
    if observed.has(Column::Grade) {
        segments.extend(model.grades.iter().map(|g| Segment::Grade(g.name.clone())));
    }
    if observed.has(Column::Source) {
        segments.extend(
            model
                .sources
                .iter()
                .map(|s| Segment::Source(s.name.clone())),
        );
    }
    let mut rows = Vec::new();
    for segment in &segments {
        let obs = select(observed, segment, observed_days);
        let sims: Vec<View> = simulated
            .iter()
            .map(|log| select(log, segment, simulated_days))
            .collect();
        for metric in Metric::ALL {
            let comparable = metric.needs().iter().all(|c| observed.has(*c));
            let per_replication: Vec<f64> = sims
                .iter()
                .filter_map(|v| value(v, metric).map(|e| e.value))
                .collect();
            let simulated = (!per_replication.is_empty()).then(|| {
                let s = Summary::of(&per_replication);
                Estimate {
                    value: s.mean,
                    // Every figure is a count, a share or minutes: an
                    // interval below zero (or a share above one) says less
                    // than its clipped form does.
                    ci95: s.ci95.map(|h| metric.clip((s.mean - h, s.mean + h))),
                }
            });
            rows.push(Row {
                segment: segment.clone(),
                metric,
                observed: if comparable {
                    value(&obs, metric)
                } else {
                    None
                },
                simulated,
            });
        }
    }

    // First-response distances, overall and per link.
    let responses = |log: &Log, link: Option<&str>| -> Vec<f64> {
        log.rows
            .iter()
            .filter(|r| link.is_none_or(|l| r.link.is_some_and(|x| log.links.name(x) == l)))
            .filter_map(|r| r.first_contact.map(|t| r.minutes_to(t)))
            .collect()
    };
    let mut distances = Vec::new();
    if observed.has(Column::FirstContactAt) {
        let mut links: Vec<Option<String>> = vec![None];
        if observed.has(Column::Link) {
            links.extend(model.links.iter().map(|l| Some(l.name.clone())));
        }
        for link in links {
            let mut obs = responses(observed, link.as_deref());
            let mut sim: Vec<f64> = simulated
                .iter()
                .flat_map(|log| responses(log, link.as_deref()))
                .collect();
            if obs.is_empty() || sim.is_empty() {
                continue;
            }
            obs.sort_by(f64::total_cmp);
            sim.sort_by(f64::total_cmp);
            let qs = |v: &[f64]| [0.1, 0.5, 0.9, 0.99].map(|q| quantile(v, q));
            let (ks, wasserstein_minutes) = distances_of(&obs, &sim);
            distances.push(Distance {
                link,
                observed_n: obs.len(),
                simulated_n: sim.len(),
                ks,
                wasserstein_minutes,
                observed_quantiles: qs(&obs),
                simulated_quantiles: qs(&sim),
            });
        }
    }

    // What cannot be reproduced: first the figures that miss, then what the
    // log or the model leaves out.
    let mut limits = Vec::new();
    for row in rows.iter().filter(|r| r.overlap() == Some(false)) {
        if let (Segment::All, Some(o), Some(s)) = (&row.segment, row.observed, row.simulated) {
            limits.push(Limit::Missed {
                metric: row.metric,
                observed: o.value,
                simulated: s.value,
            });
        }
    }
    let segments_missed = rows
        .iter()
        .filter(|r| r.segment != Segment::All && r.overlap() == Some(false))
        .count();
    if segments_missed > 0 {
        limits.push(Limit::MissedInSegments(segments_missed));
    }
    for d in distances.iter().filter(|d| d.ks > KS_APART) {
        limits.push(Limit::ResponsesApart {
            link: d.link.clone(),
            ks: d.ks,
            observed_p50: d.observed_quantiles[1],
            simulated_p50: d.simulated_quantiles[1],
        });
    }
    for column in Column::ALL {
        if !column.required() && !observed.has(column) {
            limits.push(Limit::MissingColumn(column.key()));
        }
    }
    let lost_after_contact = observed
        .rows
        .iter()
        .filter(|r| {
            r.first_contact.is_some()
                && r.lost.is_some()
                && r.qualified.is_none()
                && r.order.is_none()
        })
        .count();
    if lost_after_contact > 0 {
        limits.push(Limit::LostAfterContact(lost_after_contact));
    }
    for name in observed.grades.all() {
        if !model.grades.iter().any(|g| &g.name == name) {
            limits.push(Limit::UnknownName {
                list: "grade",
                name: name.clone(),
            });
        }
    }
    for name in observed.sources.all() {
        if !model.sources.iter().any(|s| &s.name == name) {
            limits.push(Limit::UnknownName {
                list: "source",
                name: name.clone(),
            });
        }
    }
    if model.funnel.is_some() && model.customer.conversion_sensitivity != 0.0 {
        limits.push(Limit::SatisfactionMultiplier(
            model.customer.conversion_sensitivity,
        ));
    }
    if model.funnel.as_ref().is_some_and(|f| f.nurture.is_some()) {
        limits.push(Limit::Remarketing);
    }
    let open = observed
        .rows
        .iter()
        .filter(|r| r.order.is_none() && r.lost.is_none() && r.qualified.is_none())
        .count();
    if observed.has(Column::LostAt) && open > 0 {
        limits.push(Limit::OpenAtEnd(open));
    }

    Backtest {
        scenario: model.meta.name_en.clone(),
        replications: simulated.len(),
        observed_leads: observed.rows.len(),
        rows,
        distances,
        limits,
    }
}

/// Replication `r`'s measured leads as a log: what [`backtest`] takes for
/// each replication (the CLI calls it on its thread pool, the app in its
/// workers).
pub fn simulated_log(model: &Model, seed: u64, replication: u32) -> Log {
    let (_, trace) = crate::sim::run_replication_traced(model, seed, replication);
    super::events::measured_log(model, &trace)
}

/// Kolmogorov–Smirnov statistic and Wasserstein-1 distance between two
/// sorted samples: one merge over both, the distribution functions
/// stepping at each value.
pub fn distances_of(a: &[f64], b: &[f64]) -> (f64, f64) {
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let (mut i, mut j) = (0, 0);
    let (mut ks, mut w1) = (0.0f64, 0.0);
    let mut last = a
        .first()
        .copied()
        .unwrap_or(0.0)
        .min(b.first().copied().unwrap_or(0.0));
    while i < a.len() || j < b.len() {
        let x = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) => x.min(y),
            (Some(&x), None) => x,
            (None, Some(&y)) => y,
            (None, None) => break,
        };
        let gap = (i as f64 / na - j as f64 / nb).abs();
        w1 += gap * (x - last);
        last = x;
        while a.get(i).is_some_and(|&v| v <= x) {
            i += 1;
        }
        while b.get(j).is_some_and(|&v| v <= x) {
            j += 1;
        }
        ks = ks.max((i as f64 / na - j as f64 / nb).abs());
    }
    (ks, w1)
}

fn estimate_json(e: &Option<Estimate>) -> Value {
    match e {
        Some(e) => json!({"value": e.value, "ci95": e.ci95.map(|(a, b)| [a, b])}),
        None => Value::Null,
    }
}

impl Backtest {
    pub fn to_json_value(&self) -> Value {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|r| {
                let (kind, name) = r.segment.key();
                json!({
                    "segment": kind,
                    "name": name,
                    "metric": r.metric.key(),
                    "observed": estimate_json(&r.observed),
                    "simulated": estimate_json(&r.simulated),
                    "overlap": r.overlap(),
                })
            })
            .collect();
        let distances: Vec<Value> = self
            .distances
            .iter()
            .map(|d| {
                json!({
                    "distribution": "first_response_minutes",
                    "link": d.link,
                    "observed_n": d.observed_n,
                    "simulated_n": d.simulated_n,
                    "ks": d.ks,
                    "wasserstein_minutes": d.wasserstein_minutes,
                    "quantiles": ["p10", "p50", "p90", "p99"],
                    "observed_quantiles": d.observed_quantiles,
                    "simulated_quantiles": d.simulated_quantiles,
                })
            })
            .collect();
        let limits: Vec<Value> = self
            .limits
            .iter()
            .map(|l| Value::String(l.message(Lang::En)))
            .collect();
        json!({
            "scenario": self.scenario,
            "replications": self.replications,
            "observed_leads": self.observed_leads,
            "rows": rows,
            "distances": distances,
            "cannot_reproduce": limits,
        })
    }

    /// The figures as CSV for a spreadsheet: one row per segment and
    /// figure, observed and simulated with their 95 % intervals (empty
    /// where there is none), and whether the two intervals overlap.
    pub fn csv(&self) -> String {
        use std::fmt::Write;
        let mut out = String::from(
            "segment,name,metric,observed,observed_low,observed_high,simulated,simulated_low,simulated_high,overlap\n",
        );
        let cells = |e: &Option<Estimate>| -> [String; 3] {
            match e {
                None => Default::default(),
                Some(e) => {
                    let (lo, hi) = e.ci95.map_or((String::new(), String::new()), |(a, b)| {
                        (a.to_string(), b.to_string())
                    });
                    [e.value.to_string(), lo, hi]
                }
            }
        };
        for r in &self.rows {
            let (kind, name) = r.segment.key();
            let [o, olo, ohi] = cells(&r.observed);
            let [m, mlo, mhi] = cells(&r.simulated);
            let overlap = r.overlap().map_or(String::new(), |b| b.to_string());
            let _ = writeln!(
                out,
                "{kind},{},{},{o},{olo},{ohi},{m},{mlo},{mhi},{overlap}",
                text::csv_field(name),
                r.metric.key()
            );
        }
        out
    }

    /// A plain-text table (the CLI's `--format table`).
    pub fn table(&self, out: &mut String) {
        use std::fmt::Write;
        let fmt = |e: &Option<Estimate>, metric: Metric| -> String {
            let Some(e) = e else { return "–".to_string() };
            let share = metric.is_share();
            let one = |x: f64| {
                if share {
                    format!("{:.1}%", x * 100.0)
                } else {
                    format!("{x:.1}")
                }
            };
            match e.ci95 {
                Some((lo, hi)) => format!("{} [{}, {}]", one(e.value), one(lo), one(hi)),
                None => one(e.value),
            }
        };
        let _ = writeln!(
            out,
            "back-test of {}: {} observed leads, {} replications\n",
            text::terminal(&self.scenario),
            self.observed_leads,
            self.replications
        );
        let _ = writeln!(
            out,
            "  {:<22} {:<30} {:>28} {:>28}",
            "segment", "figure", "observed", "simulated"
        );
        let _ = writeln!(out, "  (≠: the two 95 % intervals do not overlap)");
        for r in &self.rows {
            let (kind, name) = r.segment.key();
            let segment = if name.is_empty() {
                kind.to_string()
            } else {
                format!("{kind} {}", text::terminal(name))
            };
            let flag = if r.overlap() == Some(false) {
                " ≠"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  {:<22} {:<30} {:>28} {:>28}{flag}",
                segment,
                r.metric.key(),
                fmt(&r.observed, r.metric),
                fmt(&r.simulated, r.metric)
            );
        }
        if !self.distances.is_empty() {
            let _ = writeln!(out, "\nfirst response (minutes), observed vs simulated:");
            for d in &self.distances {
                let link = d.link.as_deref().map_or("all links".to_string(), |l| {
                    format!("link {}", text::terminal(l))
                });
                let q = |v: &[f64; 4]| {
                    format!(
                        "P10 {:.1}  P50 {:.1}  P90 {:.1}  P99 {:.1}",
                        v[0], v[1], v[2], v[3]
                    )
                };
                let _ = writeln!(
                    out,
                    "  {link}: KS {:.3}, Wasserstein {:.1} min\n    observed  ({}) {}\n    simulated ({}) {}",
                    d.ks,
                    d.wasserstein_minutes,
                    d.observed_n,
                    q(&d.observed_quantiles),
                    d.simulated_n,
                    q(&d.simulated_quantiles)
                );
            }
        }
        if !self.limits.is_empty() {
            let _ = writeln!(out, "\nwhat the model cannot reproduce:");
            for l in &self.limits {
                let _ = writeln!(out, "  - {}", text::terminal(&l.message(Lang::En)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_exist_in_both_languages() {
        let limits = [
            Limit::Missed {
                metric: Metric::ContactedWithin15Minutes,
                observed: 0.365,
                simulated: 0.29,
            },
            Limit::MissedInSegments(3),
            Limit::ResponsesApart {
                link: Some("dealer".into()),
                ks: 0.508,
                observed_p50: 12.0,
                simulated_p50: 0.5,
            },
            Limit::MissingColumn("lost_at"),
            Limit::LostAfterContact(2181),
            Limit::UnknownName {
                list: "grade",
                name: "X".into(),
            },
            Limit::SatisfactionMultiplier(1.0),
            Limit::Remarketing,
            Limit::OpenAtEnd(2),
        ];
        for limit in limits {
            let (en, zh) = (limit.message(Lang::En), limit.message(Lang::Zh));
            assert!(!en.is_empty() && en != zh, "{limit:?}");
        }
        for metric in Metric::ALL {
            assert_ne!(Lang::En.text(metric.label()), Lang::Zh.text(metric.label()));
        }
        // Counts are grouped as the app writes numbers.
        assert!(
            Limit::LostAfterContact(2181)
                .message(Lang::En)
                .starts_with("2,181 leads")
        );
    }

    /// The CSV has a row per figure with the JSON's numbers, and names
    /// that need quoting are quoted.
    #[test]
    fn csv_rows_follow_the_figures() {
        let report = Backtest {
            scenario: "s".into(),
            replications: 2,
            observed_leads: 10,
            rows: vec![
                Row {
                    segment: Segment::All,
                    metric: Metric::Conversion,
                    observed: Some(Estimate {
                        value: 0.1,
                        ci95: Some((0.05, 0.2)),
                    }),
                    simulated: Some(Estimate {
                        value: 0.12,
                        ci95: Some((0.1, 0.14)),
                    }),
                },
                Row {
                    segment: Segment::Source("web, paid".into()),
                    metric: Metric::FirstResponseP50,
                    observed: Some(Estimate {
                        value: 3.5,
                        ci95: None,
                    }),
                    simulated: None,
                },
            ],
            distances: Vec::new(),
            limits: Vec::new(),
        };
        let csv = report.csv();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("segment,name,metric,observed,"));
        assert_eq!(
            lines[1],
            "all,,conversion_rate,0.1,0.05,0.2,0.12,0.1,0.14,true"
        );
        assert_eq!(
            lines[2],
            "source,\"web, paid\",first_response_p50,3.5,,,,,,"
        );
    }

    /// A simulated interval never leaves the figure's range: minutes and
    /// rates are not negative, shares not above one.
    #[test]
    fn intervals_are_clipped_to_possible_values() {
        assert_eq!(Metric::FirstResponseP50.clip((-3.2, 9.2)), (0.0, 9.2));
        assert_eq!(Metric::LeadsPerDay.clip((390.0, 412.0)), (390.0, 412.0));
        assert_eq!(Metric::Abandonment.clip((-0.01, 1.02)), (0.0, 1.0));
        assert_eq!(Metric::Conversion.clip((0.04, 0.06)), (0.04, 0.06));
    }

    #[test]
    fn distances_of_known_samples() {
        // Identical samples: no distance.
        let a = [1.0, 2.0, 3.0];
        assert_eq!(distances_of(&a, &a), (0.0, 0.0));
        // A shift by 10: W1 = 10, KS = 1.
        let b = [11.0, 12.0, 13.0];
        let (ks, w1) = distances_of(&a, &b);
        assert_eq!(ks, 1.0);
        assert!((w1 - 10.0).abs() < 1e-12, "{w1}");
        // Half the mass moved by 2: W1 = 1, KS = 0.5.
        let (ks, w1) = distances_of(&[0.0, 0.0], &[0.0, 2.0]);
        assert_eq!(ks, 0.5);
        assert!((w1 - 1.0).abs() < 1e-12);
    }
}
