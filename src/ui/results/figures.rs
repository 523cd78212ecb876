//! Which charts each view shows, drawn from reports with [`crate::chart`]
//! on the main thread (plotters measures text through the DOM, so never
//! in a worker).

use crate::chart::{self, ChartSize, ChartTheme, SweepPoint};
use crate::display::safe_file_name;
use crate::i18n::Lang;
use std::collections::BTreeMap;

use crate::report::{Kpi, Report, verdict};
use crate::ui::state::{JobKind, Outcome, Theme};
use crate::ui::workers::runner::Snapshot;

/// A drawn chart: its SVG, accessible title and export file stem.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub title: String,
    pub file: String,
    pub svg: String,
    pub width: u32,
    pub height: u32,
}

pub const SIZE: ChartSize = ChartSize::new(960, 540);

pub fn chart_theme(theme: Theme) -> ChartTheme {
    match theme {
        Theme::Light => ChartTheme::Light,
        Theme::Dark => ChartTheme::Dark,
    }
}

pub fn figure(file: &str, svg: String) -> Figure {
    let (width, height) = SIZE.clamped();
    let title = chart::accessible_label(&svg).unwrap_or_else(|| file.to_string());
    Figure {
        title,
        file: safe_file_name(file),
        svg,
        width,
        height,
    }
}

/// One chart to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartJob {
    FirstResponse,
    Funnel,
    Pools,
    Units,
    Satisfaction,
    Handoffs,
    Compare(Kpi),
    Difference(Kpi),
    Sweep(Kpi),
}

/// The KPIs charted in comparisons and sweeps: the customer's wait, the
/// conversion and satisfaction it drives, and what a design costs and
/// earns (gross profit is the board's "what is it worth").
const CHARTED_KPIS: [Kpi; 5] = [
    Kpi::FirstResponseMinutes,
    Kpi::ConversionRate,
    Kpi::Satisfaction,
    Kpi::CostPerOrder,
    Kpi::GrossProfit,
];

/// The charts a job's results are shown with, in display order.
pub fn jobs(kind: &JobKind) -> Vec<ChartJob> {
    match kind {
        JobKind::Single(_) => vec![
            ChartJob::FirstResponse,
            ChartJob::Funnel,
            ChartJob::Pools,
            ChartJob::Units,
            ChartJob::Satisfaction,
            ChartJob::Handoffs,
        ],
        JobKind::Compare(_) => CHARTED_KPIS
            .iter()
            .map(|&k| ChartJob::Compare(k))
            .chain(CHARTED_KPIS.iter().map(|&k| ChartJob::Difference(k)))
            .collect(),
        JobKind::Sweep(_) => CHARTED_KPIS.iter().map(|&k| ChartJob::Sweep(k)).collect(),
        // The Explain view draws its waterfall for the KPI it shows.
        JobKind::Explain(_)
        | JobKind::Sensitivity(_)
        | JobKind::Uncertainty(_)
        | JobKind::Optimise(_) => Vec::new(),
    }
}

/// Draws one chart of an outcome (on the main thread).
/// `materiality` holds the user's thresholds (see `report::verdict`), which
/// decide the difference charts' verdicts.
pub fn draw(
    job: ChartJob,
    outcome: &Outcome,
    lang: Lang,
    theme: Theme,
    materiality: &BTreeMap<String, f64>,
) -> Figure {
    let t = chart_theme(theme);
    let snapshot: &Snapshot = &outcome.snapshot;
    let single = |name: &str, draw: fn(&Report, Lang, ChartTheme, ChartSize) -> String| {
        // Charts are only drawn for runs with results, so a report exists;
        // without one the figure is simply blank.
        let svg = snapshot
            .reports
            .first()
            .map(|r| draw(r, lang, t, SIZE))
            .unwrap_or_default();
        figure(name, svg)
    };
    match job {
        ChartJob::FirstResponse => single("first-response", chart::first_response_svg),
        ChartJob::Funnel => single("funnel", chart::funnel_svg),
        ChartJob::Pools => single("pools", chart::pools_svg),
        ChartJob::Units => single("units", chart::units_svg),
        ChartJob::Satisfaction => single("satisfaction", chart::satisfaction_svg),
        ChartJob::Handoffs => single("handoffs", chart::handoffs_svg),
        ChartJob::Compare(key) => {
            let reports: Vec<Report> = snapshot.reports.iter().map(|r| (**r).clone()).collect();
            figure(
                &format!("compare-{key}"),
                chart::comparison_svg(&reports, key, lang, t, SIZE),
            )
        }
        ChartJob::Difference(key) => {
            let comparisons: Vec<_> = snapshot.comparisons.iter().flatten().cloned().collect();
            figure(
                &format!("difference-{key}"),
                chart::differences_svg(
                    &comparisons,
                    key,
                    verdict::threshold(key, materiality),
                    lang,
                    t,
                    SIZE,
                ),
            )
        }
        ChartJob::Sweep(key) => {
            let (points, label) = match &outcome.kind {
                JobKind::Sweep(spec) => {
                    let points: Vec<SweepPoint> = snapshot
                        .reports
                        .iter()
                        .zip(&spec.values)
                        .filter_map(|(report, &parameter)| {
                            report.kpi(key).map(|s| SweepPoint {
                                parameter,
                                summary: s.clone(),
                            })
                        })
                        .collect();
                    (points, spec.label.as_str())
                }
                _ => (Vec::new(), ""),
            };
            figure(
                &format!("sweep-{key}"),
                chart::sweep_svg(&points, label, key, lang, t, SIZE),
            )
        }
    }
}
