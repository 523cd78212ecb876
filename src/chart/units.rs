//! Utilisation (with its 95 % interval) and mean queue length per unit,
//! side by side on the same rows, the bottleneck unit highlighted and named.

use plotters::coord::Shift;
use plotters::prelude::{
    ChartBuilder, Color, DrawingArea, DrawingBackend, EmptyElement, PathElement, Rectangle, Text,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{
    DrawResult, LegendEntry, Plan, Planned, Swatch, TickedAxis, Tone, all_finite, category_at,
    category_axis, header,
};
use super::labels::{
    ChartText, fitted, percent, replications, scenario_name, separator, shortened, text_width_px,
    titled,
};
use super::theme::{ChartTheme, FontSize};
use crate::display;
use crate::i18n::Lang;
use crate::report::Report;

const MARGIN_PX: u32 = 14;
/// Unit names on the axis are cut to this many characters (the accessible
/// description keeps them whole).
const NAME_CHARS: usize = 22;
/// The utilisation axis runs past 100 % to leave room for the labels.
const UTILISATION_AXIS_END: f64 = 128.0;
/// Share of the width given to the utilisation panel.
const UTILISATION_SHARE: f64 = 0.64;

#[derive(Clone, Debug, PartialEq)]
struct UnitRow {
    label: String,
    /// Percent.
    utilisation: f64,
    interval: Option<(f64, f64)>,
    queue: f64,
    bottleneck: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct UnitsChart {
    title: String,
    description: String,
    legend: Vec<LegendEntry>,
    utilisation_title: String,
    queue_title: String,
    bottleneck_tag: String,
    rows: Vec<UnitRow>,
}

pub(crate) fn units(report: &Report, lang: Lang) -> Planned<UnitsChart> {
    if report.replications == 0 {
        return Err(ChartText::NoReplications);
    }
    if report.units.is_empty() {
        return Err(ChartText::NoData);
    }
    let bottleneck = report
        .bottleneck
        .as_deref()
        .and_then(|name| report.units.iter().position(|u| u.name == name));
    let rows: Vec<UnitRow> = report
        .units
        .iter()
        .enumerate()
        .map(|(index, unit)| {
            let mean = unit.utilization.mean * 100.0;
            UnitRow {
                label: shortened(&unit.name, NAME_CHARS),
                utilisation: mean,
                interval: unit.utilization.ci95.map(|half| {
                    (
                        (mean - half * 100.0).max(0.0),
                        (mean + half * 100.0).min(100.0),
                    )
                }),
                queue: unit.mean_queue_length.mean,
                bottleneck: bottleneck == Some(index),
            }
        })
        .collect();
    let numbers: Vec<f64> = rows.iter().flat_map(|r| [r.utilisation, r.queue]).collect();
    if !all_finite(&numbers) || rows.iter().any(|r| r.utilisation < 0.0 || r.queue < 0.0) {
        return Err(ChartText::NoData);
    }
    Ok(UnitsChart {
        title: titled(
            ChartText::UtilisationTitle,
            scenario_name(report, lang),
            lang,
        ),
        description: describe(report, bottleneck, lang),
        legend: vec![
            LegendEntry {
                label: ChartText::UtilisationLegend.get(lang).into(),
                swatch: Swatch::Bar(Tone::Primary),
            },
            LegendEntry {
                label: ChartText::QueueAxis.get(lang).into(),
                swatch: Swatch::Bar(Tone::Secondary),
            },
            LegendEntry {
                label: ChartText::Bottleneck.get(lang).into(),
                swatch: Swatch::Bar(Tone::Accent),
            },
        ],
        utilisation_title: ChartText::UtilisationAxis.get(lang).into(),
        queue_title: ChartText::QueueAxis.get(lang).into(),
        bottleneck_tag: ChartText::Bottleneck.get(lang).into(),
        rows,
    })
}

/// The bottleneck with its interval and the longest queue, full names.
fn describe(report: &Report, bottleneck: Option<usize>, lang: Lang) -> String {
    let mut facts = Vec::new();
    if let Some(unit) = bottleneck.and_then(|i| report.units.get(i)) {
        let mean = unit.utilization.mean * 100.0;
        let interval = unit
            .utilization
            .ci95
            .map(|half| {
                format!(
                    " ({}–{})",
                    percent((mean - half * 100.0).max(0.0), 0),
                    percent((mean + half * 100.0).min(100.0), 0)
                )
            })
            .unwrap_or_default();
        // The bottleneck is where tasks wait longest (see report::bottleneck),
        // so the wait leads; utilisation follows because a rarely meeting
        // committee can be the bottleneck at 1 % utilisation.
        facts.push(format!(
            "{}: {} ({}) · {} {} · {} {}{interval}",
            ChartText::Bottleneck.get(lang),
            unit.name,
            ChartText::BottleneckWhy.get(lang),
            ChartText::MeanWait.get(lang),
            crate::display::duration(unit.mean_wait_minutes.mean, lang),
            ChartText::Utilisation.get(lang),
            percent(mean, 0)
        ));
    }
    if let Some(unit) = report.units.iter().max_by(|a, b| {
        a.mean_queue_length
            .mean
            .total_cmp(&b.mean_queue_length.mean)
    }) {
        facts.push(format!(
            "{}: {} {}",
            ChartText::LongestQueue.get(lang),
            unit.name,
            display::number(unit.mean_queue_length.mean, 1)
        ));
    }
    facts.push(replications(report.replications, lang));
    facts.join(separator(lang))
}

impl UnitsChart {
    /// Row `index` (top first) as a category position (which counts from
    /// the bottom).
    fn position(&self, index: usize) -> f64 {
        (self.rows.len() - 1 - index) as f64
    }

    fn row_at(&self, position: f64) -> Option<&UnitRow> {
        let count = self.rows.len();
        category_at(position, count).map(|from_bottom| &self.rows[count - 1 - from_bottom])
    }

    fn x_area(&self) -> u32 {
        (12.0 + FontSize::Label.pixels() * 1.45 + FontSize::Axis.pixels() * 1.7 + 6.0).round()
            as u32
    }

    fn tone(&self, row: &UnitRow, normal: Tone) -> Tone {
        if row.bottleneck { Tone::Accent } else { normal }
    }

    fn draw_utilisation<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: ChartTheme,
    ) -> DrawResult<DB> {
        let palette = theme.palette();
        let (width, _) = area.dim_in_pixel();
        let widest = self
            .rows
            .iter()
            .map(|r| text_width_px(&r.label, FontSize::Label.pixels()))
            .fold(0.0, f64::max);
        let name_area = (widest + 24.0).min(f64::from(width) * 0.42);
        let plot_width = f64::from(width) - name_area - 2.0 * f64::from(MARGIN_PX);
        let count = self.rows.len();
        let ticks = if plot_width < 360.0 {
            vec![0.0, 50.0, 100.0]
        } else {
            vec![0.0, 25.0, 50.0, 75.0, 100.0]
        };
        let name_px = name_area - 24.0;
        // The axis title is centred under the plot and may reach a little
        // into the name column.
        let title = fitted(
            &self.utilisation_title,
            plot_width + 40.0,
            FontSize::Axis.pixels(),
        );
        let mut chart = ChartBuilder::on(area)
            .margin(MARGIN_PX)
            .x_label_area_size(self.x_area())
            .y_label_area_size(name_area.round() as u32)
            .build_cartesian_2d(
                TickedAxis::new(0.0..UTILISATION_AXIS_END, ticks),
                category_axis(count),
            )?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .max_light_lines(0)
            .x_label_formatter(&|x| percent(*x, 0))
            .y_label_formatter(&|y| {
                let label = self
                    .row_at(*y)
                    .map(|r| r.label.as_str())
                    .unwrap_or_default();
                fitted(label, name_px, FontSize::Label.pixels())
            })
            .x_desc(title)
            .label_style(theme.text(FontSize::Label))
            .axis_desc_style(theme.text(FontSize::Axis))
            .axis_style(palette.text.stroke_width(2))
            .bold_line_style(palette.grid.stroke_width(1))
            .draw()?;
        let whisker = palette.text.stroke_width(2);
        for (index, row) in self.rows.iter().enumerate() {
            let y = self.position(index);
            let colour = self.tone(row, Tone::Primary).colour(palette);
            chart.draw_series([Rectangle::new(
                [(0.0, y + 0.18), (row.utilisation, y + 0.82)],
                colour.filled(),
            )])?;
            if let Some((low, high)) = row.interval {
                chart.draw_series([
                    PathElement::new(vec![(low, y + 0.5), (high, y + 0.5)], whisker),
                    PathElement::new(vec![(low, y + 0.32), (low, y + 0.68)], whisker),
                    PathElement::new(vec![(high, y + 0.32), (high, y + 0.68)], whisker),
                ])?;
            }
            let end = row
                .interval
                .map_or(row.utilisation, |(_, high)| high.max(row.utilisation));
            let value_style = theme
                .text(FontSize::Label)
                .pos(Pos::new(HPos::Left, VPos::Center));
            let value = EmptyElement::at((end, y + 0.5))
                + Text::new(percent(row.utilisation, 0), (8, 0), value_style);
            chart.draw_series(std::iter::once(value))?;
            if row.bottleneck {
                // Named in words as well as colour, for colour-blind readers
                // and grey-scale print.
                let tag_style = theme
                    .coloured_text(FontSize::Label, palette.on_accent)
                    .pos(Pos::new(HPos::Left, VPos::Center));
                let inside = row.utilisation >= 45.0;
                let (anchor, dx, style) = if inside {
                    (0.0, 8, tag_style)
                } else {
                    (
                        end,
                        70,
                        theme
                            .text(FontSize::Label)
                            .pos(Pos::new(HPos::Left, VPos::Center)),
                    )
                };
                let tag = EmptyElement::at((anchor, y + 0.5))
                    + Text::new(self.bottleneck_tag.clone(), (dx, 0), style);
                chart.draw_series(std::iter::once(tag))?;
            }
        }
        Ok(())
    }

    fn draw_queues<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: ChartTheme,
    ) -> DrawResult<DB> {
        let palette = theme.palette();
        let count = self.rows.len();
        let longest = self.rows.iter().map(|r| r.queue).fold(0.0, f64::max);
        let end = if longest > 0.0 { longest * 1.35 } else { 1.0 };
        let plot_width = f64::from(area.dim_in_pixel().0) - 8.0 - 2.0 * f64::from(MARGIN_PX);
        let mut chart = ChartBuilder::on(area)
            .margin(MARGIN_PX)
            .x_label_area_size(self.x_area())
            .y_label_area_size(8)
            .build_cartesian_2d(0.0..end, category_axis(count))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .max_light_lines(0)
            .x_labels(4)
            .x_label_formatter(&|x| display::number(*x, if end >= 20.0 { 0 } else { 1 }))
            .y_label_formatter(&|_| String::new())
            .x_desc(fitted(
                &self.queue_title,
                plot_width,
                FontSize::Axis.pixels(),
            ))
            .label_style(theme.text(FontSize::Label))
            .axis_desc_style(theme.text(FontSize::Axis))
            .axis_style(palette.text.stroke_width(2))
            .bold_line_style(palette.grid.stroke_width(1))
            .draw()?;
        for (index, row) in self.rows.iter().enumerate() {
            let y = self.position(index);
            let colour = self.tone(row, Tone::Secondary).colour(palette);
            chart.draw_series([Rectangle::new(
                [(0.0, y + 0.18), (row.queue, y + 0.82)],
                colour.filled(),
            )])?;
            let style = theme
                .text(FontSize::Label)
                .pos(Pos::new(HPos::Left, VPos::Center));
            let value = EmptyElement::at((row.queue, y + 0.5))
                + Text::new(display::number(row.queue, 1), (8, 0), style);
            chart.draw_series(std::iter::once(value))?;
        }
        Ok(())
    }
}

impl Plan for UnitsChart {
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
        let plot = header(area, &self.title, &self.legend, theme)?;
        let (width, _) = plot.dim_in_pixel();
        let (left, right) =
            plot.split_horizontally((f64::from(width) * UTILISATION_SHARE).round() as u32);
        self.draw_utilisation(&left, theme)?;
        self.draw_queues(&right, theme)
    }
}
