//! Statistics across replications, paired comparisons, early stopping,
//! export (JSON, CSV, text table) and a stable digest of results.
//!
//! ```text
//! let report = Report::from_replications(&model, &results);   // any split, any order
//! let json = report.to_json(seed);                             // the CLI's `run` output
//! let diff = Comparison::paired(&baseline, &candidate, &a, &b);
//! if report::target_reached(&results, Kpi::FirstResponseMinutes, 0.5, 10) { stop }
//! ```
//!
//! Results are sorted by replication number before anything is computed,
//! so the same replications give the same bytes whichever workers ran them.
//!
//! Paired differences use common random numbers: replication `r` of both
//! scenarios sees the same customers, so `dᵣ = candidateᵣ − baselineᵣ` has a
//! much smaller variance than the difference of two independent means; the
//! interval is `d̄ ± t₀.₉₇₅,ₙ₋₁ · s_d / √n`.

pub mod kpi;
pub mod payback;
pub mod pools;
pub mod replications;
pub mod running;
pub mod segments;
pub mod sheet;
pub mod stats;
pub mod text;
pub mod verdict;
pub mod warnings;
pub mod workshop;

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::i18n::Lang;
use crate::sim::result::{FIRST_RESPONSE_BIN_EDGES, ReplicationResult};
use crate::sim::{Model, model::Office};
pub use kpi::{Better, Kpi, KpiUnit};
pub use payback::Payback;
pub use segments::SegmentSummary;
pub use stats::{Summary, ci95, mean_sd, quantile};
pub use text::csv_field;
pub use verdict::{Threshold, Verdict};
pub use warnings::{ReportWarning, UNFINISHED_LIMIT};

/// A KPI summarised across replications.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KpiSummary {
    pub kpi: Kpi,
    pub summary: Summary,
}

/// A unit summarised across replications.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitSummary {
    pub name: String,
    pub office: &'static str,
    pub utilization: Summary,
    pub mean_wait_minutes: Summary,
    pub mean_queue_length: Summary,
    pub served: Summary,
}

/// The report of one scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub scenario: String,
    pub scenario_zh: String,
    pub replications: u32,
    pub kpis: Vec<KpiSummary>,
    pub units: Vec<UnitSummary>,
    /// The unit where work waits longest; see [`bottleneck`].
    pub bottleneck: Option<String>,
    /// Mean funnel counts per replication, by field name.
    pub funnel: Vec<(String, f64)>,
    /// Mean revenue, margin and costs per replication, by field name (see
    /// `sim::result::Economics`).
    pub economics: Vec<(String, f64)>,
    /// Mean first-response histogram counts per replication.
    pub first_response_histogram: Vec<f64>,
    pub satisfaction_histogram: Vec<f64>,
    pub handoffs_histogram: Vec<f64>,
    /// KPIs per grade and per source, in model order.
    pub by_grade: Vec<SegmentSummary>,
    pub by_source: Vec<SegmentSummary>,
    /// Pool sizes day by day (mean and 10–90 % band across replications).
    pub pools: Vec<pools::PoolSummary>,
    /// What makes these numbers less trustworthy (e.g. too many unfinished
    /// leads); empty when nothing does.
    pub warnings: Vec<ReportWarning>,
}

/// The bottleneck: the unit whose served tasks wait longest in its queue
/// (highest mean over replications of `mean_wait_minutes`), ties going to
/// the higher mean utilisation, then to the earlier unit.
///
/// The report is about lead time, so the bottleneck is where time is lost,
/// not merely where staff are busiest: a weekly committee whose decisions
/// wait days for the next meeting is named even though it meets one hour a
/// week (its utilisation, meeting time / window, is tiny), and an overloaded
/// pool is named because its queue wait grows without bound as utilisation
/// approaches 1. Waiting for opening hours counts like any other waiting
/// (a unit closed overnight can be named although lightly loaded: its tasks
/// do lose the night). When nothing waits anywhere the rule falls back to
/// the highest utilisation. Units that served nothing and were never busy are
/// not candidates; with none left there is no bottleneck.
pub fn bottleneck(units: &[UnitSummary]) -> Option<String> {
    units
        .iter()
        .filter(|u| u.served.mean > 0.0 || u.utilization.mean > 0.0)
        .rev()
        .max_by(|a, b| {
            a.mean_wait_minutes
                .mean
                .total_cmp(&b.mean_wait_minutes.mean)
                .then(a.utilization.mean.total_cmp(&b.utilization.mean))
        })
        .map(|u| u.name.clone())
}

/// Units summarised per pass over the results (see `Report::from_replications`).
const UNIT_BLOCK: usize = 16;

/// Results sorted by replication number (the order every statistic uses).
pub(crate) fn sorted(results: &[ReplicationResult]) -> Vec<&ReplicationResult> {
    let mut sorted: Vec<&ReplicationResult> = results.iter().collect();
    sorted.sort_by_key(|r| r.replication);
    sorted
}

fn mean_vectors(vectors: &[&Vec<u64>]) -> Vec<f64> {
    let len = vectors.iter().map(|v| v.len()).max().unwrap_or(0);
    let n = vectors.len().max(1) as f64;
    (0..len)
        .map(|i| {
            vectors
                .iter()
                .map(|v| v.get(i).copied().unwrap_or(0) as f64)
                .sum::<f64>()
                / n
        })
        .collect()
}

/// The mean over replications of every numeric field of the part `part`
/// of a result (funnel counts, economics), by field name: the fields are
/// read through their serialisation, so a new field needs no code here.
fn field_means<T: Serialize>(
    results: &[&ReplicationResult],
    part: impl Fn(&ReplicationResult) -> &T,
) -> Vec<(String, f64)> {
    let values: Vec<Value> = results
        .iter()
        .map(|r| serde_json::to_value(part(r)).unwrap_or(Value::Null))
        .collect();
    let mut means = Vec::new();
    if let Some(Value::Object(first)) = values.first() {
        for key in first.keys() {
            let column: Vec<f64> = values
                .iter()
                .filter_map(|v| v.get(key).and_then(Value::as_f64))
                .collect();
            if column.len() == results.len() {
                means.push((key.clone(), mean_sd(&column).0));
            }
        }
    }
    means
}

impl Report {
    /// Summarises replications of `model` (in any order; any split).
    pub fn from_replications(model: &Model, results: &[ReplicationResult]) -> Report {
        let results = sorted(results);
        let kpis = Kpi::ALL
            .iter()
            .map(|&kpi| {
                let values: Vec<f64> = results.iter().map(|r| kpi.read(&r.kpis)).collect();
                KpiSummary {
                    kpi,
                    summary: Summary::of(&values),
                }
            })
            .collect();
        // Units are gathered a block at a time: one pass over the results
        // per block reads each result's units side by side. (A pass per unit
        // and figure jumped between every result's allocation: with 200 units
        // and 10,000 replications that was most of the time of the report.)
        let figures: [fn(&crate::sim::result::UnitResult) -> f64; 4] = [
            |u| u.utilization,
            |u| u.mean_wait_minutes,
            |u| u.mean_queue_length,
            |u| u.served as f64,
        ];
        let mut units: Vec<UnitSummary> = Vec::with_capacity(model.units.len());
        for start in (0..model.units.len()).step_by(UNIT_BLOCK) {
            let block = start..(start + UNIT_BLOCK).min(model.units.len());
            let mut columns: Vec<[Vec<f64>; 4]> = block
                .clone()
                .map(|_| std::array::from_fn(|_| Vec::with_capacity(results.len())))
                .collect();
            for result in &results {
                for (i, unit_columns) in block.clone().zip(columns.iter_mut()) {
                    if let Some(u) = result.units.get(i) {
                        for (column, figure) in unit_columns.iter_mut().zip(figures) {
                            column.push(figure(u));
                        }
                    }
                }
            }
            for (unit, [utilization, wait, queue, served]) in model.units[block].iter().zip(columns)
            {
                units.push(UnitSummary {
                    name: unit.name.clone(),
                    office: match unit.office {
                        Office::Front => "front",
                        Office::Middle => "middle",
                        Office::Back => "back",
                    },
                    utilization: Summary::of(&utilization),
                    mean_wait_minutes: Summary::of(&wait),
                    mean_queue_length: Summary::of(&queue),
                    served: Summary::of(&served),
                });
            }
        }
        let bottleneck = bottleneck(&units);
        let funnel = field_means(&results, |r| &r.funnel);
        let economics = field_means(&results, |r| &r.economics);
        let by_grade = model
            .grades
            .iter()
            .enumerate()
            .map(|(i, g)| SegmentSummary::of(&g.name, i, &results, |r| &r.by_grade))
            .collect();
        let by_source = model
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| SegmentSummary::of(&s.name, i, &results, |r| &r.by_source))
            .collect();
        let unfinished: Vec<f64> = results.iter().map(|r| r.kpis.unfinished_rate).collect();
        let warnings = warnings::warnings(mean_sd(&unfinished).0);
        Report {
            scenario: model.meta.name_en.clone(),
            scenario_zh: model.meta.name_zh.clone(),
            replications: results.len() as u32,
            kpis,
            units,
            bottleneck,
            funnel,
            economics,
            first_response_histogram: mean_vectors(
                &results
                    .iter()
                    .map(|r| &r.first_response_histogram)
                    .collect::<Vec<_>>(),
            ),
            satisfaction_histogram: mean_vectors(
                &results
                    .iter()
                    .map(|r| &r.satisfaction_histogram)
                    .collect::<Vec<_>>(),
            ),
            handoffs_histogram: mean_vectors(
                &results
                    .iter()
                    .map(|r| &r.handoffs_histogram)
                    .collect::<Vec<_>>(),
            ),
            by_grade,
            by_source,
            pools: pools::summarise(&results),
            warnings,
        }
    }

    /// A report of KPIs only (a run in progress; tests): no units, funnel,
    /// histograms, segments, pools or warnings.
    pub fn of_kpis(
        scenario: &str,
        scenario_zh: &str,
        replications: u32,
        kpis: Vec<KpiSummary>,
    ) -> Report {
        Report {
            scenario: scenario.to_string(),
            scenario_zh: scenario_zh.to_string(),
            replications,
            kpis,
            units: Vec::new(),
            bottleneck: None,
            funnel: Vec::new(),
            economics: Vec::new(),
            first_response_histogram: Vec::new(),
            satisfaction_histogram: Vec::new(),
            handoffs_histogram: Vec::new(),
            by_grade: Vec::new(),
            by_source: Vec::new(),
            pools: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The summary of a KPI.
    pub fn kpi(&self, kpi: Kpi) -> Option<&Summary> {
        self.kpis.iter().find(|k| k.kpi == kpi).map(|k| &k.summary)
    }

    /// The JSON object of this report (keys sorted, so output is stable).
    pub fn to_json_value(&self, seed: u64) -> Value {
        let mut kpis = Map::new();
        for k in &self.kpis {
            kpis.insert(
                k.kpi.key().to_string(),
                serde_json::to_value(&k.summary).unwrap_or(Value::Null),
            );
        }
        let units: Vec<Value> = self
            .units
            .iter()
            .map(|u| {
                json!({
                    "name": u.name,
                    "office": u.office,
                    "utilization": u.utilization.mean,
                    "mean_wait_minutes": u.mean_wait_minutes.mean,
                    "mean_queue_length": u.mean_queue_length.mean,
                    "served": u.served.mean,
                    "ci95": {
                        "utilization": u.utilization.ci95,
                        "mean_wait_minutes": u.mean_wait_minutes.ci95,
                        "mean_queue_length": u.mean_queue_length.ci95,
                        "served": u.served.ci95,
                    },
                })
            })
            .collect();
        let funnel: Map<String, Value> = self
            .funnel
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        let economics: Map<String, Value> = self
            .economics
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        json!({
            "scenario": self.scenario,
            "seed": seed,
            "replications": self.replications,
            "kpis": kpis,
            "units": units,
            "bottleneck": self.bottleneck,
            "funnel_means": funnel,
            "economics_means": economics,
            "by_grade": self.by_grade.iter().map(|g| g.to_json("grade")).collect::<Vec<_>>(),
            "by_source": self.by_source.iter().map(|g| g.to_json("source")).collect::<Vec<_>>(),
            "warnings": self.warnings,
            "pools": pools::to_json(&self.pools),
            "histograms": {
                "first_response_upper_edges_minutes": FIRST_RESPONSE_BIN_EDGES,
                "first_response": self.first_response_histogram,
                "satisfaction": self.satisfaction_histogram,
                "handoffs": self.handoffs_histogram,
            },
        })
    }

    /// CSV rows (without header): `scenario,section,name,metric,mean,ci95,p10,p50,p90`.
    pub fn csv_rows(&self, out: &mut String) {
        let number = |x: f64| format!("{x}");
        let row = |out: &mut String, section: &str, name: &str, metric: &str, s: &Summary| {
            out.push_str(&format!(
                "{},{section},{},{metric},{},{},{},{},{}\n",
                csv_field(&self.scenario),
                csv_field(name),
                number(s.mean),
                s.ci95.map(number).unwrap_or_default(),
                number(s.p10),
                number(s.p50),
                number(s.p90)
            ));
        };
        for k in &self.kpis {
            row(out, "kpi", k.kpi.key(), "value", &k.summary);
        }
        for u in &self.units {
            row(out, "unit", &u.name, "utilization", &u.utilization);
            row(
                out,
                "unit",
                &u.name,
                "mean_wait_minutes",
                &u.mean_wait_minutes,
            );
            row(
                out,
                "unit",
                &u.name,
                "mean_queue_length",
                &u.mean_queue_length,
            );
            row(out, "unit", &u.name, "served", &u.served);
        }
        for (section, segments) in [("grade", &self.by_grade), ("source", &self.by_source)] {
            for s in segments {
                for (kpi, summary) in s.columns() {
                    row(out, section, &s.name, kpi.key(), summary);
                }
            }
        }
    }

    /// A plain-text table for terminals (names with control characters
    /// escaped, see [`text::terminal`]).
    pub fn table(&self, out: &mut String) {
        out.push_str(&format!(
            "{} — {} replications\n",
            text::terminal(&self.scenario),
            self.replications
        ));
        out.push_str(&format!(
            "{:<44} {:>12} {:>10} {:>12} {:>12} {:>12}\n",
            "KPI", "mean", "±95%", "p10", "p50", "p90"
        ));
        for k in &self.kpis {
            let s = &k.summary;
            out.push_str(&format!(
                "{:<44} {:>12.4} {:>10} {:>12.4} {:>12.4} {:>12.4}\n",
                k.kpi.label(Lang::En),
                s.mean,
                s.ci95
                    .map(|c| format!("{c:.4}"))
                    .unwrap_or_else(|| "–".into()),
                s.p10,
                s.p50,
                s.p90
            ));
        }
        out.push_str(&format!(
            "\n{:<28} {:>7} {:>12} {:>14} {:>12}\n",
            "unit", "office", "utilization", "wait (min)", "served"
        ));
        for u in &self.units {
            out.push_str(&format!(
                "{:<28} {:>7} {:>12.3} {:>14.3} {:>12.1}\n",
                text::terminal(&u.name),
                u.office,
                u.utilization.mean,
                u.mean_wait_minutes.mean,
                u.served.mean
            ));
        }
        if let Some(b) = &self.bottleneck {
            out.push_str(&format!("bottleneck: {}\n", text::terminal(b)));
        }
        for (title, segments) in [("grade", &self.by_grade), ("source", &self.by_source)] {
            out.push_str(&format!(
                "\n{:<28} {:>10} {:>16} {:>12} {:>12}\n",
                title, "leads", "first resp (min)", "conversion", "abandonment"
            ));
            for s in segments {
                out.push_str(&format!(
                    "{:<28} {:>10.1} {:>16.1} {:>12.4} {:>12.4}\n",
                    s.name,
                    s.leads.mean,
                    s.first_response_minutes.mean,
                    s.conversion_rate.mean,
                    s.abandonment_rate.mean
                ));
            }
        }
        for w in &self.warnings {
            out.push_str(&format!("warning: {}\n", w.en()));
        }
    }
}

/// A paired difference (candidate − baseline) of one KPI.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    pub kpi: Kpi,
    pub mean: f64,
    pub ci95: Option<f64>,
    /// True when the 95 % interval excludes zero.
    pub significant: bool,
    /// The baseline's mean over the pairs (relative materiality thresholds
    /// are a share of it; see [`verdict`]).
    pub baseline_mean: f64,
}

/// Paired comparison of two scenarios run on the same seed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub baseline: String,
    pub candidate: String,
    pub pairs: u32,
    pub differences: Vec<Difference>,
    /// The candidate's transition cost over its monthly gross-profit gain.
    pub payback: Payback,
}

impl Comparison {
    /// Pairs replications with the same number (common random numbers).
    pub fn paired(
        baseline: &Model,
        candidate: &Model,
        baseline_results: &[ReplicationResult],
        candidate_results: &[ReplicationResult],
    ) -> Comparison {
        let a = sorted(baseline_results);
        let b = sorted(candidate_results);
        let pairs: Vec<(&ReplicationResult, &ReplicationResult)> = a
            .iter()
            .filter_map(|x| {
                b.iter()
                    .find(|y| y.replication == x.replication)
                    .map(|y| (*x, *y))
            })
            .collect();
        let differences = Kpi::ALL
            .iter()
            .map(|&kpi| {
                let d: Vec<f64> = pairs
                    .iter()
                    .map(|(x, y)| kpi.read(&y.kpis) - kpi.read(&x.kpis))
                    .collect();
                let base: Vec<f64> = pairs.iter().map(|(x, _)| kpi.read(&x.kpis)).collect();
                let (mean, _) = mean_sd(&d);
                let half = ci95(&d);
                Difference {
                    kpi,
                    mean,
                    ci95: half,
                    significant: half.is_some_and(|h| mean.abs() > h),
                    baseline_mean: mean_sd(&base).0,
                }
            })
            .collect();
        let monthly: Vec<f64> = pairs
            .iter()
            .map(|(x, y)| y.economics.monthly_gross_profit() - x.economics.monthly_gross_profit())
            .collect();
        let payback = Payback::of(
            candidate.transition_cost,
            mean_sd(&monthly).0,
            ci95(&monthly),
        );
        Comparison {
            baseline: baseline.meta.name_en.clone(),
            candidate: candidate.meta.name_en.clone(),
            pairs: pairs.len() as u32,
            differences,
            payback,
        }
    }

    pub fn to_json_value(&self) -> Value {
        let mut differences = Map::new();
        for d in &self.differences {
            differences.insert(
                d.kpi.key().to_string(),
                json!({"mean": d.mean, "ci95": d.ci95, "significant": d.significant}),
            );
        }
        json!({
            "baseline": self.baseline,
            "candidate": self.candidate,
            "pairs": self.pairs,
            "differences": differences,
            "payback_months": self.payback.to_json_value(),
        })
    }
}

/// Early stopping: true when at least `min_replications` results exist and
/// the 95 % half-width of `kpi` is at most `half_width`. The runner
/// checks after each replication (in replication order).
pub fn target_reached(
    results: &[ReplicationResult],
    kpi: Kpi,
    half_width: f64,
    min_replications: u32,
) -> bool {
    if results.len() < min_replications.max(2) as usize {
        return false;
    }
    let values: Vec<f64> = sorted(results).iter().map(|r| kpi.read(&r.kpis)).collect();
    ci95(&values).is_some_and(|h| h <= half_width)
}

/// A stable 64-bit FNV-1a digest of replication results (over their JSON
/// serialisation, in replication order), printed as 16 hex digits. The same
/// scenario, seed and replications give the same digest natively and in wasm.
pub fn digest(results: &[ReplicationResult]) -> String {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for result in sorted(results) {
        let text = serde_json::to_string(result).unwrap_or_default();
        for byte in text.as_bytes() {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}
