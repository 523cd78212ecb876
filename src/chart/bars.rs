//! Horizontal bars from zero, one row per named item, each row holding a
//! fixed number of slots (a tornado: the input moved down, then up). Rows
//! read top to bottom in the given order, names in full on the left — the
//! shape that keeps long field paths legible, which columns with their
//! names underneath do not.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::{
    ChartBuilder, Color, DrawingArea, DrawingBackend, EmptyElement, PathElement, Rectangle, Text,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::columns::ValueFormat;
use super::frame::{DrawResult, LegendEntry, Plan, TickedAxis, Tone, header};
use super::labels::{fitted, text_width_px};
use super::theme::{ChartTheme, FontSize};

const MARGIN_PX: u32 = 14;
/// The most of the width the row names may take.
const NAME_SHARE: f64 = 0.42;

/// One bar: its value from zero, the 95 % interval as a whisker, and the
/// text written at its end.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Bar {
    pub value: f64,
    pub interval: Option<(f64, f64)>,
    pub tone: Tone,
    pub annotation: String,
}

/// One row: a name and one bar per slot (`None` leaves the slot empty, so
/// every row's slots line up).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BarRow {
    pub label: String,
    pub bars: Vec<Option<Bar>>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BarChart {
    pub title: String,
    pub description: String,
    pub legend: Vec<LegendEntry>,
    pub x_title: String,
    pub format: ValueFormat,
    pub rows: Vec<BarRow>,
}

fn label_px() -> f64 {
    FontSize::Label.pixels()
}

impl BarChart {
    fn slots(&self) -> usize {
        self.rows
            .iter()
            .map(|r| r.bars.len())
            .max()
            .unwrap_or(1)
            .max(1)
    }

    fn bars(&self) -> impl Iterator<Item = &Bar> {
        self.rows.iter().flat_map(|r| r.bars.iter().flatten())
    }

    /// The value axis: zero, every bar and whisker, and room at either end
    /// for the text written beyond a bar.
    fn x_range(&self, plot_px: f64) -> Range<f64> {
        let (mut low, mut high) = (0.0f64, 0.0f64);
        for bar in self.bars() {
            let (a, b) = bar.interval.unwrap_or((bar.value, bar.value));
            low = low.min(bar.value).min(a);
            high = high.max(bar.value).max(b);
        }
        if high - low <= f64::EPSILON * high.abs().max(1.0) {
            high = low + 1.0;
        }
        let span = high - low;
        let widest = self
            .bars()
            .map(|b| text_width_px(&b.annotation, label_px()) + 10.0)
            .fold(0.0, f64::max);
        // The annotation's share of the plot, kept on each side that has
        // bars, so it never runs over the edge.
        let room = (widest / plot_px.max(1.0)).min(0.4);
        let pad = span * room / (1.0 - room);
        let low = if low < 0.0 { low - pad } else { low };
        let high = if high > 0.0 { high + pad } else { high };
        low..high
    }
}

impl Plan for BarChart {
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
        let (width, _) = plot.dim_in_pixel();
        let widest_name = self
            .rows
            .iter()
            .map(|r| text_width_px(&r.label, label_px()))
            .fold(0.0, f64::max);
        let name_px = (widest_name + 16.0).min(f64::from(width) * NAME_SHARE);
        let x_title_px = if self.x_title.is_empty() {
            0.0
        } else {
            FontSize::Axis.pixels() * 1.7
        };
        let x_area = 12.0 + label_px() * 1.45 + x_title_px;
        let plot_px = f64::from(width) - name_px - 2.0 * f64::from(MARGIN_PX) - 12.0;
        let x_range = self.x_range(plot_px);
        let span = x_range.end - x_range.start;
        let count = self.rows.len().max(1);
        let mut chart = ChartBuilder::on(&plot)
            .margin(MARGIN_PX)
            .x_label_area_size(x_area.round() as u32)
            .y_label_area_size(name_px.round() as u32)
            .right_y_label_area_size(12)
            .build_cartesian_2d(
                x_range.clone(),
                TickedAxis::new(0.0..count as f64, Vec::new()),
            )?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .max_light_lines(0)
            .x_label_formatter(&|v| self.format.tick(*v, span))
            .x_labels(6)
            .y_label_formatter(&|_| String::new())
            .x_desc(fitted(&self.x_title, plot_px, FontSize::Axis.pixels()))
            .label_style(theme.text(FontSize::Label))
            .axis_desc_style(theme.text(FontSize::Axis))
            .axis_style(palette.text.stroke_width(2))
            .bold_line_style(palette.grid.stroke_width(1))
            .draw()?;
        let slots = self.slots() as f64;
        let whisker = palette.text.stroke_width(2);
        let slot_height = 0.76 / slots;
        for (index, row) in self.rows.iter().enumerate() {
            // Row 0 at the top.
            let top = (count - index) as f64 - 0.12;
            for (slot, bar) in row.bars.iter().enumerate() {
                let Some(bar) = bar else { continue };
                let y1 = top - slot as f64 * slot_height;
                let y0 = y1 - slot_height * 0.9;
                let centre = (y0 + y1) / 2.0;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y0), (bar.value, y1)],
                    bar.tone.colour(palette).filled(),
                )))?;
                let cap = slot_height * 0.3;
                if let Some((low, high)) = bar.interval {
                    chart.draw_series([
                        PathElement::new(vec![(low, centre), (high, centre)], whisker),
                        PathElement::new(vec![(low, centre - cap), (low, centre + cap)], whisker),
                        PathElement::new(vec![(high, centre - cap), (high, centre + cap)], whisker),
                    ])?;
                }
                // Beyond the bar or its whisker, on the bar's side of zero.
                let (end, anchor, dx) = if bar.value >= 0.0 {
                    let end = bar.interval.map_or(bar.value, |(_, h)| h.max(bar.value));
                    (end, HPos::Left, 6)
                } else {
                    let end = bar.interval.map_or(bar.value, |(l, _)| l.min(bar.value));
                    (end, HPos::Right, -6)
                };
                let style = theme
                    .text(FontSize::Label)
                    .pos(Pos::new(anchor, VPos::Center));
                chart.draw_series(std::iter::once(
                    EmptyElement::at((end, centre))
                        + Text::new(bar.annotation.clone(), (dx, 0), style),
                ))?;
            }
        }
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (0.0, count as f64)],
            palette.text.stroke_width(2),
        )))?;
        // Row names, right-aligned against the plot, drawn by hand so that a
        // long path is cut to the room it has rather than overlapping.
        let (x_pixels, y_pixels) = chart.plotting_area().get_pixel_range();
        let (base_x, base_y) = plot.get_base_pixel();
        let height = f64::from(y_pixels.end - y_pixels.start);
        let style = theme
            .text(FontSize::Label)
            .pos(Pos::new(HPos::Right, VPos::Center));
        let line_px = label_px() * 1.2;
        for (index, row) in self.rows.iter().enumerate() {
            let centre = f64::from(y_pixels.start) + (index as f64 + 0.5) * height / count as f64;
            let lines = name_lines(&row.label, name_px - 16.0);
            let first = centre - (lines.len() as f64 - 1.0) * line_px / 2.0;
            for (i, line) in lines.into_iter().enumerate() {
                let y = first + i as f64 * line_px;
                let at = (x_pixels.start - 8 - base_x, y.round() as i32 - base_y);
                plot.draw(&Text::new(line, at, style.clone()))?;
            }
        }
        Ok(())
    }
}

/// A row name in at most two lines of `max_px`: a field path breaks after
/// a `.` or before a `[` (`funnel.channels[authorised_dealers].` /
/// `close_rate`), other text after a space; what still does not fit is
/// cut with an ellipsis.
pub(crate) fn name_lines(name: &str, max_px: f64) -> Vec<String> {
    let font = label_px();
    if text_width_px(name, font) <= max_px {
        return vec![name.to_string()];
    }
    // The last break whose first part fits.
    let mut breaks = name
        .char_indices()
        .filter_map(|(i, c)| match c {
            '.' | ' ' => Some(i + c.len_utf8()),
            '[' if i > 0 => Some(i),
            _ => None,
        })
        .filter(|&i| i < name.len());
    let split = breaks.rfind(|&i| text_width_px(&name[..i], font) <= max_px);
    match split {
        Some(i) => vec![
            name[..i].trim_end().to_string(),
            fitted(&name[i..], max_px, font),
        ],
        None => vec![fitted(name, max_px, font)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_break_at_path_boundaries_into_two_lines() {
        let px = |n: usize| n as f64 * 0.55 * label_px();
        assert_eq!(
            name_lines("units[desk].headcount", px(40)),
            ["units[desk].headcount"]
        );
        assert_eq!(
            name_lines("funnel.channels[authorised_dealers].close_rate", px(38)),
            ["funnel.channels[authorised_dealers].", "close_rate"]
        );
        assert_eq!(
            name_lines("funnel.channels[authorised_dealers].close_rate", px(20)),
            ["funnel.channels", "[authorised_dealer…"]
        );
        // No break that fits: one line, cut.
        let one = name_lines("abcdefghijklmnopqrstuvwxyz", px(10));
        assert_eq!(one.len(), 1);
        assert!(one[0].ends_with('…'), "{one:?}");
    }
}
