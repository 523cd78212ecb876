//! One KPI against a swept parameter: the mean line inside its 95 %
//! interval band, inside the lighter band of p10–p90 across replications
//! (how much single runs vary, not how well the mean is known).

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::{
    ChartBuilder, Circle, Color, DrawingArea, DrawingBackend, LineSeries, Polygon,
};

use super::SweepPoint;
use super::columns::ValueFormat;
use super::frame::{DrawResult, LegendEntry, Plan, Planned, Swatch, Tone, header};
use super::labels::{ChartText, fitted, separator, shortened, text_width_px, tidy_number};
use super::theme::{ChartTheme, FontSize};
use crate::display;
use crate::i18n::Lang;
use crate::report::Kpi;

const MARGIN_PX: u32 = 14;
/// Opacity of the 95 % band, and of the wider p10–p90 band behind it.
const INTERVAL_OPACITY: f64 = 0.38;
const SPREAD_OPACITY: f64 = 0.16;

#[derive(Clone, Copy, Debug, PartialEq)]
struct Row {
    parameter: f64,
    mean: f64,
    interval: (f64, f64),
    spread: (f64, f64),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SweepChart {
    title: String,
    description: String,
    legend: Vec<LegendEntry>,
    x_title: String,
    y_title: String,
    kpi: Kpi,
    lang: Lang,
    rows: Vec<Row>,
}

fn row_of(point: &SweepPoint) -> Option<Row> {
    let summary = &point.summary;
    let half = summary
        .ci95
        .filter(|h| h.is_finite() && *h >= 0.0)
        .unwrap_or(0.0);
    let row = Row {
        parameter: point.parameter,
        mean: summary.mean,
        interval: (summary.mean - half, summary.mean + half),
        spread: (summary.p10.min(summary.p90), summary.p90.max(summary.p10)),
    };
    [row.parameter, row.mean, row.spread.0, row.spread.1]
        .iter()
        .all(|v| v.is_finite())
        .then_some(row)
}

fn title(kpi: &str, parameter: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{kpi}随{parameter}变化"),
        Lang::En => format!("{kpi} vs {parameter}"),
    }
}

fn describe(rows: &[Row], parameter: &str, kpi: Kpi, lang: Lang) -> String {
    let value = |v: f64| display::kpi_value(kpi, v, lang);
    let position = tidy_number;
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return String::new();
    };
    let mut facts = vec![match lang {
        Lang::Zh => format!(
            "{parameter}从 {} 到 {}：均值从 {} 变为 {}",
            position(first.parameter),
            position(last.parameter),
            value(first.mean),
            value(last.mean)
        ),
        Lang::En => format!(
            "{parameter} from {} to {}: mean from {} to {}",
            position(first.parameter),
            position(last.parameter),
            value(first.mean),
            value(last.mean)
        ),
    }];
    facts.push(format!(
        "{} {}",
        rows.len(),
        ChartText::SweepPoints.get(lang)
    ));
    facts.join(separator(lang))
}

/// `points` in any order; points with a non-finite parameter or summary are
/// skipped.
pub(crate) fn sweep(
    points: &[SweepPoint],
    parameter: &str,
    kpi: Kpi,
    lang: Lang,
) -> Planned<SweepChart> {
    let mut rows: Vec<Row> = points.iter().filter_map(row_of).collect();
    if rows.is_empty() {
        return Err(if points.is_empty() {
            ChartText::NoReplications
        } else {
            ChartText::NoData
        });
    }
    rows.sort_by(|a, b| a.parameter.total_cmp(&b.parameter));
    let kpi_label = display::kpi_label(kpi, lang);
    let parameter_name = if parameter.trim().is_empty() {
        ChartText::Parameter.get(lang)
    } else {
        parameter
    };
    Ok(SweepChart {
        title: title(&kpi_label, &shortened(parameter_name, 40), lang),
        description: describe(&rows, parameter_name, kpi, lang),
        legend: vec![
            LegendEntry {
                label: ChartText::Mean.get(lang).into(),
                swatch: Swatch::Line(Tone::Primary),
            },
            LegendEntry {
                label: ChartText::SweepInterval.get(lang).into(),
                swatch: Swatch::Band(Tone::Primary, INTERVAL_OPACITY),
            },
            LegendEntry {
                label: ChartText::SweepSpread.get(lang).into(),
                swatch: Swatch::Band(Tone::Primary, SPREAD_OPACITY),
            },
        ],
        x_title: shortened(parameter_name, 60),
        y_title: kpi.axis_title(lang),
        kpi,
        lang,
        rows,
    })
}

/// `low..high` widened by `fraction` of its span on both sides, or by 1
/// when it has no span (a single point).
fn padded(low: f64, high: f64, fraction: f64) -> Range<f64> {
    let span = high - low;
    if span <= f64::EPSILON * high.abs().max(1.0) {
        let pad = low.abs().max(1.0) * 0.1;
        return (low - pad)..(high + pad);
    }
    (low - span * fraction)..(high + span * fraction)
}

/// The band between two curves as one polygon: along the top, back along
/// the bottom.
fn band(rows: &[Row], edges: impl Fn(&Row) -> (f64, f64)) -> Vec<(f64, f64)> {
    let top = rows.iter().map(|r| (r.parameter, edges(r).1));
    let bottom = rows.iter().rev().map(|r| (r.parameter, edges(r).0));
    top.chain(bottom).collect()
}

impl SweepChart {
    fn ranges(&self) -> (Range<f64>, Range<f64>) {
        let (mut x_low, mut x_high) = (f64::INFINITY, f64::NEG_INFINITY);
        let (mut y_low, mut y_high) = (f64::INFINITY, f64::NEG_INFINITY);
        for row in &self.rows {
            x_low = x_low.min(row.parameter);
            x_high = x_high.max(row.parameter);
            y_low = y_low.min(row.spread.0).min(row.interval.0).min(row.mean);
            y_high = y_high.max(row.spread.1).max(row.interval.1).max(row.mean);
        }
        (padded(x_low, x_high, 0.04), padded(y_low, y_high, 0.08))
    }

    fn tick(&self, value: f64, span: f64) -> String {
        ValueFormat::Kpi {
            kpi: self.kpi,
            lang: self.lang,
        }
        .tick(value, span)
    }
}

impl Plan for SweepChart {
    fn title(&self) -> String {
        self.title.clone()
    }

    fn description(&self) -> String {
        self.description.clone()
    }

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: ChartTheme,
    ) -> DrawResult<DB> {
        let palette = theme.palette();
        let plot = header(area, &self.title, &self.legend, theme)?;
        let (x_range, y_range) = self.ranges();
        let y_span = y_range.end - y_range.start;
        let tick_width = [y_range.start, y_range.end]
            .iter()
            .map(|v| text_width_px(&self.tick(*v, y_span), FontSize::Label.pixels()))
            .fold(0.0, f64::max);
        let y_area = (tick_width + FontSize::Axis.pixels() * 1.7 + 18.0).round() as u32;
        let x_area = (12.0 + FontSize::Label.pixels() * 1.45 + FontSize::Axis.pixels() * 1.7 + 6.0)
            .round() as u32;
        let mut chart = ChartBuilder::on(&plot)
            .margin(MARGIN_PX)
            .x_label_area_size(x_area)
            .y_label_area_size(y_area)
            .build_cartesian_2d(x_range, y_range)?;
        chart
            .configure_mesh()
            .max_light_lines(0)
            .x_labels(8)
            .y_labels(6)
            .x_label_formatter(&|x| tidy_number(*x))
            .y_label_formatter(&|y| self.tick(*y, y_span))
            .x_desc(fitted(
                &self.x_title,
                f64::from(plot.dim_in_pixel().0) - f64::from(y_area),
                FontSize::Axis.pixels(),
            ))
            .y_desc(self.y_title.as_str())
            .label_style(theme.text(FontSize::Label))
            .axis_desc_style(theme.text(FontSize::Axis))
            .axis_style(palette.text.stroke_width(2))
            .bold_line_style(palette.grid.stroke_width(1))
            .draw()?;
        let colour = palette.primary;
        chart.draw_series([Polygon::new(
            band(&self.rows, |r| r.spread),
            colour.mix(SPREAD_OPACITY).filled(),
        )])?;
        chart.draw_series([Polygon::new(
            band(&self.rows, |r| r.interval),
            colour.mix(INTERVAL_OPACITY).filled(),
        )])?;
        chart.draw_series(LineSeries::new(
            self.rows.iter().map(|r| (r.parameter, r.mean)),
            colour.stroke_width(4),
        ))?;
        chart.draw_series(
            self.rows
                .iter()
                .map(|r| Circle::new((r.parameter, r.mean), 6, colour.filled())),
        )?;
        Ok(())
    }
}
