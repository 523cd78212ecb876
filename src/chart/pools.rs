//! The seeds' pools over time: one panel per pool, each on its own scale,
//! with the mean size across replications at the start of each day inside
//! its P10–P90 band, so a
//! workshop sees the lead pool fill during the warm-up, incubation build up
//! and owners accumulate.

use plotters::coord::Shift;
use plotters::prelude::{ChartBuilder, Color, DrawingArea, DrawingBackend, LineSeries, Polygon};

use super::frame::{DrawResult, Plan, Planned, Tone, header};
use super::labels::{ChartText, separator, tidy_number};
use super::theme::{ChartTheme, FontSize};
use crate::i18n::Lang;
use crate::report::Report;
use crate::report::pools::PoolSummary;
use crate::sim::result::Pool;

const MARGIN_PX: u32 = 14;
const BAND_OPACITY: f64 = 0.18;

#[derive(Clone, Debug, PartialEq)]
struct Line {
    /// The pool's name, the caption of its panel.
    label: String,
    tone: Tone,
    /// (day, mean, p10, p90)
    points: Vec<(f64, f64, f64, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PoolsChart {
    title: String,
    description: String,
    lines: Vec<Line>,
}

fn label(pool: Pool) -> ChartText {
    match pool {
        Pool::Traffic => ChartText::PoolTraffic,
        Pool::Lead => ChartText::PoolLead,
        Pool::Incubation => ChartText::PoolIncubation,
        Pool::Prospect => ChartText::PoolProspect,
        Pool::Owner => ChartText::PoolOwner,
    }
}

fn tone(index: usize) -> Tone {
    [Tone::Primary, Tone::Accent, Tone::Secondary, Tone::Neutral][index % 4]
}

fn line_of(index: usize, pool: &PoolSummary, lang: Lang) -> Line {
    let points = pool
        .mean
        .iter()
        .zip(&pool.p10)
        .zip(&pool.p90)
        .enumerate()
        .filter(|(_, ((m, lo), hi))| m.is_finite() && lo.is_finite() && hi.is_finite())
        .map(|(day, ((m, lo), hi))| (day as f64, *m, lo.min(*hi), hi.max(*lo)))
        .collect();
    Line {
        label: label(pool.pool).get(lang).into(),
        tone: tone(index),
        points,
    }
}

/// Plans the chart; no pools (no replications yet) or all-empty pools give
/// a message instead.
pub(crate) fn pools(report: &Report, lang: Lang) -> Planned<PoolsChart> {
    if report.replications == 0 || report.pools.is_empty() {
        return Err(ChartText::NoReplications);
    }
    // Owners are drawn only for a funnel; a pure queue has only the lead pool.
    let shown: Vec<(usize, &PoolSummary)> = report
        .pools
        .iter()
        .enumerate()
        .filter(|(_, p)| p.p90.iter().any(|v| *v > 0.0))
        .collect();
    if shown.is_empty() {
        return Err(ChartText::NoData);
    }
    let lines: Vec<Line> = shown.iter().map(|(i, p)| line_of(*i, p, lang)).collect();
    let facts: Vec<String> = shown
        .iter()
        .map(|(_, p)| {
            // A pool holds whole leads: a mean over replications keeps
            // one decimal only while it is small enough for it to matter.
            let peak = p.mean.iter().copied().fold(0.0, f64::max);
            let peak = if peak >= 10.0 {
                peak.round()
            } else {
                (peak * 10.0).round() / 10.0
            };
            match lang {
                Lang::Zh => format!("{}峰值 {}", label(p.pool).get(lang), tidy_number(peak)),
                Lang::En => format!("{} peak {}", label(p.pool).get(lang), tidy_number(peak)),
            }
        })
        .chain([ChartText::PoolsBand.get(lang).to_string()])
        .collect();
    Ok(PoolsChart {
        title: ChartText::PoolsTitle.get(lang).into(),
        description: facts.join(separator(lang)),
        lines,
    })
}

impl Plan for PoolsChart {
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
        let plot = header(area, &self.title, &[], theme)?;
        let days = self
            .lines
            .iter()
            .flat_map(|l| l.points.last().map(|p| p.0))
            .fold(1.0, f64::max);
        // One panel per pool, each with its own scale: the incubation pool
        // holds thousands while the lead and prospect pools hold tens, and
        // one shared axis would flatten the small ones onto zero.
        let columns = if self.lines.len() > 1 { 2 } else { 1 };
        let rows = self.lines.len().div_ceil(columns);
        let panels = plot.split_evenly((rows, columns));
        for (line, panel) in self.lines.iter().zip(&panels) {
            let colour = line.tone.colour(palette);
            let top = line.points.iter().map(|p| p.3.max(p.1)).fold(1.0, f64::max) * 1.1;
            let y_area = (tidy_number(top).len() as f64 * FontSize::Label.pixels() * 0.62 + 14.0)
                .round() as u32;
            let mut chart = ChartBuilder::on(panel)
                .margin(MARGIN_PX / 2)
                .caption(line.label.as_str(), theme.text(FontSize::Label))
                .x_label_area_size((FontSize::Label.pixels() * 1.6).round() as u32)
                .y_label_area_size(y_area)
                .build_cartesian_2d(0.0..days, 0.0..top)?;
            chart
                .configure_mesh()
                .max_light_lines(0)
                .x_labels(6)
                .y_labels(4)
                .x_label_formatter(&|x| tidy_number(*x))
                .y_label_formatter(&|y| tidy_number(*y))
                .label_style(theme.text(FontSize::Label))
                .axis_style(palette.text.stroke_width(2))
                .bold_line_style(palette.grid.stroke_width(1))
                .draw()?;
            let band: Vec<(f64, f64)> = line
                .points
                .iter()
                .map(|p| (p.0, p.3))
                .chain(line.points.iter().rev().map(|p| (p.0, p.2)))
                .collect();
            chart.draw_series([Polygon::new(band, colour.mix(BAND_OPACITY).filled())])?;
            chart.draw_series(LineSeries::new(
                line.points.iter().map(|p| (p.0, p.1)),
                colour.stroke_width(3),
            ))?;
        }
        Ok(())
    }
}
