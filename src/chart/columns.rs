//! Vertical column charts over categories: distributions, the funnel,
//! scenario comparisons and paired differences all reduce to this one shape
//! (columns or dots, optional intervals, a cumulative line, markers).

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::{
    ChartBuilder, ChartContext, Circle, Color, DashedLineSeries, DrawingArea, DrawingBackend,
    EmptyElement, LineSeries, PathElement, Rectangle, Text,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{DrawResult, LegendEntry, Plan, TickedAxis, Tone, category_axis, header};
use super::labels::{fitted, percent, text_width_px};
use super::theme::{ChartTheme, FontSize};
use crate::display;
use crate::i18n::Lang;
use crate::report::{Kpi, KpiUnit};

const MARGIN_PX: u32 = 14;
const MAX_LABEL_ROWS: usize = 3;

/// The plotters chart of a [`ColumnChart`]: categories across, values up.
type CategoryChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<TickedAxis, RangedCoordf64>>;

/// How values on the value axis are written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ValueFormat {
    Percent,
    Count,
    /// In the KPI's own unit (durations, money, rates), as the KPI cards.
    Kpi {
        kpi: Kpi,
        lang: Lang,
    },
}

impl ValueFormat {
    /// `span` is the axis span, so ticks get as many decimals as they need.
    pub fn tick(&self, value: f64, span: f64) -> String {
        let decimals = if span >= 20.0 {
            0
        } else if span >= 2.0 {
            1
        } else {
            2
        };
        match self {
            ValueFormat::Percent => percent(value, decimals),
            ValueFormat::Count => display::number(value, decimals),
            // The axis title names the unit; mixing "100 min" and "3.3 h"
            // on one axis would make the ticks look unevenly spaced.
            ValueFormat::Kpi { kpi, .. } if kpi.unit() == KpiUnit::Minutes => {
                display::number(value, decimals)
            }
            ValueFormat::Kpi { kpi, lang } => display::kpi_value(*kpi, value, *lang),
        }
    }
}

/// One category.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Column {
    pub label: String,
    pub value: f64,
    /// Where a column starts (0 for a plain column; a waterfall's step
    /// starts where the previous one ended).
    pub base: f64,
    /// Low and high end of the 95 % interval, drawn as a whisker.
    pub interval: Option<(f64, f64)>,
    pub tone: Tone,
    /// Written above the column (or beside the dot).
    pub annotation: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mark {
    Column,
    /// A dot and its interval: for differences, where the bar's area from
    /// zero would suggest a quantity that is not there.
    Dot,
}

/// A vertical line at a position on the category axis (e.g. the p90).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Marker {
    pub position: f64,
    pub label: String,
}

/// A cumulative-share line on a 0–100 % axis on the right; `shares[i]` is
/// the share up to the right edge of category `i`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Cumulative {
    pub shares: Vec<f64>,
    pub axis_title: String,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ColumnChart {
    pub title: String,
    pub description: String,
    pub legend: Vec<LegendEntry>,
    pub x_title: String,
    pub y_title: String,
    pub format: ValueFormat,
    pub columns: Vec<Column>,
    pub mark: Mark,
    pub zero_line: bool,
    pub cumulative: Option<Cumulative>,
    pub markers: Vec<Marker>,
}

/// Pixel sizes worked out before plotters lays out the chart.
struct Layout {
    x_area: u32,
    y_area: u32,
    right_area: u32,
    label_rows: usize,
    /// Widest a category label may be.
    label_px: f64,
    /// False when annotations would overlap their neighbours: the
    /// accessible description still has the numbers.
    annotations: bool,
    /// Widest the x-axis title may be.
    x_title_px: f64,
    y_range: Range<f64>,
    cumulative_top: f64,
}

fn label_px() -> f64 {
    FontSize::Label.pixels()
}

fn axis_title_px() -> f64 {
    FontSize::Axis.pixels() * 1.7
}

impl ColumnChart {
    fn data_range(&self) -> (f64, f64) {
        let mut low: f64 = 0.0;
        let mut high: f64 = 0.0;
        for column in &self.columns {
            let (a, b) = column.interval.unwrap_or((column.value, column.value));
            low = low.min(column.value).min(a).min(column.base);
            high = high.max(column.value).max(b).max(column.base);
        }
        if high - low <= f64::EPSILON * high.abs().max(1.0) {
            high = low + 1.0;
        }
        (low, high)
    }

    fn layout(&self, (width, height): (u32, u32)) -> Layout {
        let (low, high) = self.data_range();
        let span = high - low;
        let tick_width = [low, high, (low + high) / 2.0]
            .iter()
            .map(|v| text_width_px(&self.format.tick(*v, span), label_px()))
            .fold(0.0, f64::max);
        let y_area = tick_width + axis_title_px() + 18.0;
        let right_area = if self.cumulative.is_some() {
            text_width_px("100 %", label_px()) + axis_title_px() + 18.0
        } else {
            24.0
        };
        let count = self.columns.len().max(1) as f64;
        let plot_width = f64::from(width) - y_area - right_area - 2.0 * f64::from(MARGIN_PX);
        let widest = self
            .columns
            .iter()
            .map(|c| text_width_px(&c.label, label_px()))
            .fold(0.0, f64::max);
        // Crowded labels alternate between rows, so each may span that many
        // categories.
        let label_rows = ((widest + 10.0) / (plot_width / count).max(1.0))
            .ceil()
            .clamp(1.0, MAX_LABEL_ROWS as f64) as usize;
        let widest_annotation = self
            .columns
            .iter()
            .map(|c| text_width_px(&c.annotation, label_px()))
            .fold(0.0, f64::max);
        let x_title_px = if self.x_title.is_empty() {
            0.0
        } else {
            axis_title_px()
        };
        let x_area = 12.0 + label_rows as f64 * label_px() * 1.45 + x_title_px + 6.0;
        let plot_height = (f64::from(height) - x_area - 2.0 * f64::from(MARGIN_PX)).max(40.0);
        let headroom_px = (label_px() * 1.6 + self.markers.len() as f64 * label_px() * 1.45 + 10.0)
            .min(plot_height * 0.6);
        let headroom = headroom_px / plot_height;
        let top = high + span * headroom / (1.0 - headroom);
        let bottom = if low < 0.0 { low - span * 0.08 } else { low };
        Layout {
            x_area: x_area.round() as u32,
            y_area: y_area.round() as u32,
            right_area: right_area.round() as u32,
            label_rows,
            label_px: plot_width / count * label_rows as f64 - 10.0,
            annotations: widest_annotation <= plot_width / count,
            x_title_px: plot_width,
            y_range: bottom..top,
            // The cumulative line stops below the marker labels too.
            cumulative_top: 100.0 / (1.0 - headroom),
        }
    }

    fn draw_columns<DB: DrawingBackend>(
        &self,
        chart: &mut CategoryChart<'_, DB>,
        annotate: bool,
        theme: ChartTheme,
    ) -> DrawResult<DB> {
        let palette = theme.palette();
        let whisker = palette.text.stroke_width(2);
        for (index, column) in self.columns.iter().enumerate() {
            let left = index as f64;
            let centre = left + 0.5;
            let colour = column.tone.colour(palette);
            match self.mark {
                Mark::Column => {
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(left + 0.14, column.base), (left + 0.86, column.value)],
                        colour.filled(),
                    )))?;
                }
                Mark::Dot => {
                    chart.draw_series(std::iter::once(Circle::new(
                        (centre, column.value),
                        9,
                        colour.filled(),
                    )))?;
                }
            }
            if let Some((low, high)) = column.interval {
                chart.draw_series([
                    PathElement::new(vec![(centre, low), (centre, high)], whisker),
                    PathElement::new(vec![(centre - 0.1, low), (centre + 0.1, low)], whisker),
                    PathElement::new(vec![(centre - 0.1, high), (centre + 0.1, high)], whisker),
                ])?;
            }
            if !annotate {
                continue;
            }
            // Above the column or interval; a bar's label never goes below
            // the zero line, a dot's follows the dot.
            let top = column
                .interval
                .map_or(column.value, |(_, high)| high.max(column.value));
            let top = if self.mark == Mark::Column {
                top.max(column.base)
            } else {
                top
            };
            let style = theme
                .text(FontSize::Label)
                .pos(Pos::new(HPos::Center, VPos::Bottom));
            let annotation = EmptyElement::at((centre, top))
                + Text::new(column.annotation.clone(), (0, -8), style);
            chart.draw_series(std::iter::once(annotation))?;
        }
        Ok(())
    }

    fn draw_markers<DB: DrawingBackend>(
        &self,
        chart: &mut CategoryChart<'_, DB>,
        y_range: &Range<f64>,
        theme: ChartTheme,
    ) -> DrawResult<DB> {
        let line = theme.palette().text.stroke_width(2);
        let count = self.columns.len() as f64;
        let row_px = (label_px() * 1.45).round() as i32;
        for (row, marker) in self.markers.iter().enumerate() {
            let x = marker.position.clamp(0.0, count);
            chart.draw_series(DashedLineSeries::new(
                vec![(x, y_range.start), (x, y_range.end)],
                8,
                6,
                line,
            ))?;
            // Labels on the right half point left so they stay inside the plot.
            let (anchor, dx) = if x > count * 0.6 {
                (HPos::Right, -6)
            } else {
                (HPos::Left, 6)
            };
            let style = theme.text(FontSize::Label).pos(Pos::new(anchor, VPos::Top));
            let label = EmptyElement::at((x, y_range.end))
                + Text::new(marker.label.clone(), (dx, 4 + row_px * row as i32), style);
            chart.draw_series(std::iter::once(label))?;
        }
        Ok(())
    }

    /// Category labels drawn by hand so that crowded ones can alternate
    /// between two rows instead of overlapping.
    fn draw_category_labels<DB: DrawingBackend>(
        &self,
        canvas: &DrawingArea<DB, Shift>,
        plot_pixels: (Range<i32>, Range<i32>),
        layout: &Layout,
        theme: ChartTheme,
    ) -> DrawResult<DB> {
        let (x_pixels, y_pixels) = plot_pixels;
        let (base_x, base_y) = canvas.get_base_pixel();
        let count = self.columns.len().max(1) as f64;
        let width = f64::from(x_pixels.end - x_pixels.start);
        let row_px = label_px() * 1.45;
        let style = theme
            .text(FontSize::Label)
            .pos(Pos::new(HPos::Center, VPos::Top));
        for (index, column) in self.columns.iter().enumerate() {
            let x = f64::from(x_pixels.start) + (index as f64 + 0.5) * width / count;
            let row = index % layout.label_rows.max(1);
            let y = f64::from(y_pixels.end) + 10.0 + row as f64 * row_px;
            let at = (x.round() as i32 - base_x, y.round() as i32 - base_y);
            let label = fitted(&column.label, layout.label_px, label_px());
            canvas.draw(&Text::new(label, at, style.clone()))?;
        }
        Ok(())
    }
}

impl Plan for ColumnChart {
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
        let layout = self.layout(plot.dim_in_pixel());
        let count = self.columns.len().max(1);
        let span = layout.y_range.end - layout.y_range.start;
        let mut chart = ChartBuilder::on(&plot)
            .margin(MARGIN_PX)
            .x_label_area_size(layout.x_area)
            .y_label_area_size(layout.y_area)
            .right_y_label_area_size(layout.right_area)
            .build_cartesian_2d(category_axis(count), layout.y_range.clone())?
            .set_secondary_coord(
                0.0..count as f64,
                TickedAxis::new(
                    0.0..layout.cumulative_top,
                    vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0],
                ),
            );
        chart
            .configure_mesh()
            .disable_x_mesh()
            .max_light_lines(0)
            .x_label_formatter(&|_| String::new())
            .y_label_formatter(&|v| self.format.tick(*v, span))
            .y_labels(6)
            .x_desc(fitted(
                &self.x_title,
                layout.x_title_px,
                FontSize::Axis.pixels(),
            ))
            .y_desc(self.y_title.as_str())
            .label_style(theme.text(FontSize::Label))
            .axis_desc_style(theme.text(FontSize::Axis))
            .axis_style(palette.text.stroke_width(2))
            .bold_line_style(palette.grid.stroke_width(1))
            .draw()?;
        if let Some(cumulative) = &self.cumulative {
            chart
                .configure_secondary_axes()
                .y_desc(cumulative.axis_title.as_str())
                .y_label_formatter(&|v| percent(*v, 0))
                .label_style(theme.text(FontSize::Label))
                .axis_desc_style(theme.text(FontSize::Axis))
                .axis_style(palette.text.stroke_width(2))
                .draw()?;
        }
        self.draw_columns(&mut chart, layout.annotations, theme)?;
        if self.zero_line {
            chart.draw_series(LineSeries::new(
                vec![(0.0, 0.0), (count as f64, 0.0)],
                palette.text.stroke_width(2),
            ))?;
        }
        if let Some(cumulative) = &self.cumulative {
            let points: Vec<(f64, f64)> = std::iter::once((0.0, 0.0))
                .chain(
                    cumulative
                        .shares
                        .iter()
                        .enumerate()
                        .map(|(i, share)| (i as f64 + 1.0, *share)),
                )
                .collect();
            let line = palette.accent.stroke_width(4);
            chart.draw_secondary_series(LineSeries::new(points.clone(), line))?;
            chart.draw_secondary_series(
                points
                    .into_iter()
                    .map(|p| Circle::new(p, 5, palette.accent.filled())),
            )?;
        }
        self.draw_markers(&mut chart, &layout.y_range, theme)?;
        let plot_pixels = chart.plotting_area().get_pixel_range();
        self.draw_category_labels(&plot, plot_pixels, &layout, theme)
    }
}
