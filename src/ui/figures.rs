//! Which charts each view shows, drawn from reports with [`crate::chart`]
//! on the main thread (plotters measures text through the DOM, so never
//! in a worker).

use super::runner::Snapshot;
use super::state::{JobKind, Outcome, Theme};
use crate::chart::{self, ChartSize, ChartTheme, SweepPoint};
use crate::display::safe_file_name;
use crate::i18n::Lang;
use crate::report::Report;

/// A drawn chart: its SVG, accessible title and export file stem.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub title: String,
    pub file: String,
    pub svg: String,
    pub width: u32,
    pub height: u32,
}

const SIZE: ChartSize = ChartSize::new(960, 540);

fn chart_theme(theme: Theme) -> ChartTheme {
    match theme {
        Theme::Light => ChartTheme::Light,
        Theme::Dark => ChartTheme::Dark,
    }
}

fn figure(file: &str, svg: String) -> Figure {
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

/// Charts of one scenario's results.
pub fn single(report: &Report, lang: Lang, theme: Theme) -> Vec<Figure> {
    let t = chart_theme(theme);
    vec![
        figure(
            "first-response",
            chart::first_response_svg(report, lang, t, SIZE),
        ),
        figure("funnel", chart::funnel_svg(report, lang, t, SIZE)),
        figure("units", chart::units_svg(report, lang, t, SIZE)),
        figure(
            "satisfaction",
            chart::satisfaction_svg(report, lang, t, SIZE),
        ),
        figure("handoffs", chart::handoffs_svg(report, lang, t, SIZE)),
    ]
}

/// The KPIs charted in comparisons and sweeps.
const CHARTED_KPIS: [&str; 4] = [
    "first_response_minutes",
    "conversion_rate",
    "satisfaction",
    "cost_per_order",
];

/// Charts of a comparison: each KPI side by side, and the paired differences.
pub fn comparison(snapshot: &Snapshot, lang: Lang, theme: Theme) -> Vec<Figure> {
    let t = chart_theme(theme);
    let reports: Vec<Report> = snapshot.reports.iter().map(|r| (**r).clone()).collect();
    let comparisons: Vec<_> = snapshot.comparisons.iter().flatten().cloned().collect();
    let mut figures = Vec::new();
    for key in CHARTED_KPIS {
        figures.push(figure(
            &format!("compare-{key}"),
            chart::comparison_svg(&reports, key, lang, t, SIZE),
        ));
    }
    for key in CHARTED_KPIS {
        figures.push(figure(
            &format!("difference-{key}"),
            chart::differences_svg(&comparisons, key, lang, t, SIZE),
        ));
    }
    figures
}

/// Charts of a sweep: each KPI against the parameter, with interval bands.
pub fn sweep(outcome: &Outcome, lang: Lang, theme: Theme) -> Vec<Figure> {
    let JobKind::Sweep(spec) = &outcome.kind else {
        return Vec::new();
    };
    let t = chart_theme(theme);
    CHARTED_KPIS
        .iter()
        .map(|&key| {
            let points: Vec<SweepPoint> = outcome
                .snapshot
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
            figure(
                &format!("sweep-{key}"),
                chart::sweep_svg(&points, &spec.label, key, lang, t, SIZE),
            )
        })
        .collect()
}
