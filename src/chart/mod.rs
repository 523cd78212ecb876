//! Result charts, drawn with plotters.
//!
//! Every chart has two entry points:
//!
//! - `draw_*`, generic over plotters' [`DrawingBackend`], drawing into any
//!   [`DrawingArea`] (the app could draw several into one area);
//! - `*_svg`, which renders an SVG string through plotters' SVG backend. The
//!   app inserts it inline and exports it as `.svg` and `.png`; the native
//!   tests render the very same strings.
//!
//! Charts are drawn on the browser's main thread, never in a worker: on
//! wasm32 plotters measures text through the DOM.
//!
//! Each chart is built in two steps. A pure *plan* checks the data and
//! chooses every string (in the requested language); only then is anything
//! drawn. Missing or degenerate data (no replications yet, all-zero
//! histograms, NaN) give a chart-sized message instead of a chart, and a
//! drawing error gives a small SVG with a message: nothing here panics.
//!
//! User-given names (scenarios, units) are written as SVG text, which the
//! SVG backend escapes; the root element carries `role="img"`, an
//! `aria-label` and a `<title>` with the chart's title and its key numbers.

mod bars;
mod columns;
mod compare;
mod distribution;
mod frame;
mod funnel;
mod labels;
mod pools;
mod sweep;
mod theme;
mod tornado;
mod units;
mod waterfall;

#[cfg(test)]
mod tests;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

pub use frame::{DrawResult, draw_message};
pub use labels::ChartText;
pub use theme::{ChartPalette, ChartTheme, FONT_FAMILY};
pub use tornado::{MAX_INPUTS as TORNADO_INPUTS, Tornado, TornadoInput};
pub use waterfall::{Waterfall, WaterfallStep};

use crate::i18n::Lang;
use crate::report::{Comparison, Kpi, Report, Summary, Threshold};
use frame::{draw_planned, svg_of};

/// The size of a rendered chart, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartSize {
    pub width: u32,
    pub height: u32,
}

impl ChartSize {
    /// Smallest size the layout is designed for; smaller requests are
    /// enlarged rather than drawn as an unreadable tangle.
    pub const MIN: ChartSize = ChartSize {
        width: 640,
        height: 400,
    };
    /// Largest size rendered, to bound the SVG for any request.
    pub const MAX: ChartSize = ChartSize {
        width: 4096,
        height: 4096,
    };

    pub const fn new(width: u32, height: u32) -> ChartSize {
        ChartSize { width, height }
    }

    /// The size actually drawn: within [`ChartSize::MIN`] and [`ChartSize::MAX`].
    pub fn clamped(self) -> (u32, u32) {
        (
            self.width.clamp(Self::MIN.width, Self::MAX.width),
            self.height.clamp(Self::MIN.height, Self::MAX.height),
        )
    }
}

impl Default for ChartSize {
    /// 16:9, the shape of a projector.
    fn default() -> Self {
        ChartSize {
            width: 960,
            height: 540,
        }
    }
}

/// One value of a swept parameter and the KPI's summary across the
/// replications run at that value.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepPoint {
    pub parameter: f64,
    pub summary: Summary,
}

/// First-response time: share of contacted leads per time bin, the
/// cumulative share on the right axis, and the p50 / p90 / p99 markers.
pub fn draw_first_response<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
    theme: ChartTheme,
) -> DrawResult<DB> {
    draw_planned(
        area,
        &distribution::first_response(report, lang),
        lang,
        theme,
    )
}

pub fn first_response_svg(
    report: &Report,
    lang: Lang,
    theme: ChartTheme,
    size: ChartSize,
) -> String {
    svg_of(
        distribution::first_response(report, lang),
        lang,
        theme,
        size,
    )
}

/// Satisfaction scores 0–10 as shares of customers, with the mean marked.
pub fn draw_satisfaction<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
    theme: ChartTheme,
) -> DrawResult<DB> {
    draw_planned(area, &distribution::satisfaction(report, lang), lang, theme)
}

pub fn satisfaction_svg(report: &Report, lang: Lang, theme: ChartTheme, size: ChartSize) -> String {
    svg_of(distribution::satisfaction(report, lang), lang, theme, size)
}

/// Hand-offs per customer: 0, 1, … and the open last bin ("5+").
pub fn draw_handoffs<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
    theme: ChartTheme,
) -> DrawResult<DB> {
    draw_planned(area, &distribution::handoffs(report, lang), lang, theme)
}

pub fn handoffs_svg(report: &Report, lang: Lang, theme: ChartTheme, size: ChartSize) -> String {
    svg_of(distribution::handoffs(report, lang), lang, theme, size)
}

/// Utilisation per unit (0–100 % with 95 % whiskers) beside mean queue
/// length, the bottleneck highlighted and labelled.
pub fn draw_units<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
    theme: ChartTheme,
) -> DrawResult<DB> {
    draw_planned(area, &units::units(report, lang), lang, theme)
}

pub fn units_svg(report: &Report, lang: Lang, theme: ChartTheme, size: ChartSize) -> String {
    svg_of(units::units(report, lang), lang, theme, size)
}

/// The funnel: leads → contacted → incubated → prospects → orders, with
/// each stage's share of leads.
pub fn draw_funnel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
    theme: ChartTheme,
) -> DrawResult<DB> {
    draw_planned(area, &funnel::funnel(report, lang), lang, theme)
}

pub fn funnel_svg(report: &Report, lang: Lang, theme: ChartTheme, size: ChartSize) -> String {
    svg_of(funnel::funnel(report, lang), lang, theme, size)
}

/// The pools over time: each pool's mean size per day inside its P10–P90
/// band across replications.
pub fn draw_pools<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
    theme: ChartTheme,
) -> DrawResult<DB> {
    draw_planned(area, &pools::pools(report, lang), lang, theme)
}

pub fn pools_svg(report: &Report, lang: Lang, theme: ChartTheme, size: ChartSize) -> String {
    svg_of(pools::pools(report, lang), lang, theme, size)
}

/// One KPI across scenarios (two to four, in the given order): mean with
/// its 95 % interval. Scenarios without replications yet are left out.
pub fn draw_comparison<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    reports: &[Report],
    kpi: Kpi,
    lang: Lang,
    theme: ChartTheme,
) -> DrawResult<DB> {
    draw_planned(area, &compare::comparison(reports, kpi, lang), lang, theme)
}

pub fn comparison_svg(
    reports: &[Report],
    kpi: Kpi,
    lang: Lang,
    theme: ChartTheme,
    size: ChartSize,
) -> String {
    svg_of(compare::comparison(reports, kpi, lang), lang, theme, size)
}

/// A tornado of one KPI: each input's effect moved down and up, largest
/// first (`orgflow sensitivity`, the app's Sensitivity view).
pub fn tornado_svg(t: &Tornado, lang: Lang, theme: ChartTheme, size: ChartSize) -> String {
    svg_of(tornado::plan(t, lang), lang, theme, size)
}

/// A waterfall from A's mean through each group's contribution to B's
/// (`orgflow explain`, the app's Explain view).
pub fn waterfall_svg(w: &Waterfall, lang: Lang, theme: ChartTheme, size: ChartSize) -> String {
    svg_of(waterfall::plan(w, lang), lang, theme, size)
}

/// Paired differences (candidate − baseline) of one KPI, one per
/// comparison, with their 95 % intervals and a zero line; coloured better or
/// worse only where the interval excludes zero.
pub fn draw_differences<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    comparisons: &[Comparison],
    kpi: Kpi,
    threshold: Threshold,
    lang: Lang,
    theme: ChartTheme,
) -> DrawResult<DB> {
    draw_planned(
        area,
        &compare::differences(comparisons, kpi, threshold, lang),
        lang,
        theme,
    )
}

pub fn differences_svg(
    comparisons: &[Comparison],
    kpi: Kpi,
    threshold: Threshold,
    lang: Lang,
    theme: ChartTheme,
    size: ChartSize,
) -> String {
    svg_of(
        compare::differences(comparisons, kpi, threshold, lang),
        lang,
        theme,
        size,
    )
}

/// One KPI against a swept parameter (named `parameter`, already in the
/// user's language): mean line, 95 % band, lighter p10–p90 band.
pub fn draw_sweep<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[SweepPoint],
    parameter: &str,
    kpi: Kpi,
    lang: Lang,
    theme: ChartTheme,
) -> DrawResult<DB> {
    draw_planned(
        area,
        &sweep::sweep(points, parameter, kpi, lang),
        lang,
        theme,
    )
}

pub fn sweep_svg(
    points: &[SweepPoint],
    parameter: &str,
    kpi: Kpi,
    lang: Lang,
    theme: ChartTheme,
    size: ChartSize,
) -> String {
    svg_of(
        sweep::sweep(points, parameter, kpi, lang),
        lang,
        theme,
        size,
    )
}

/// The accessible label of a chart rendered here (the `aria-label` of its
/// root element, unescaped), for an `<img alt>` when the SVG is shown as an
/// image rather than inline.
pub fn accessible_label(svg: &str) -> Option<String> {
    let start = svg.find("aria-label=\"")? + "aria-label=\"".len();
    let end = start + svg[start..].find('"')?;
    Some(
        svg[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}
