//! What every chart shares: the plan/draw split, titles and legends,
//! messages in place of charts, axis ranges, and the SVG wrapper.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::{
    Color, DrawingArea, DrawingAreaErrorKind, DrawingBackend, IntoDrawingArea, PathElement,
    RGBColor, Rectangle, SVGBackend, Text,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ChartSize;
use super::labels::{ChartText, fitted, text_width_px};
use super::theme::{ChartPalette, ChartTheme, FontSize};
use crate::i18n::Lang;

/// What a drawing function returns: plotters' error for backend `DB`.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A chart whose data has been checked and whose strings are chosen, so
/// drawing has nothing left to decide and the accessible text matches the
/// picture.
pub(crate) trait Plan {
    /// The caption, also the start of the accessible label.
    fn title(&self) -> String;
    /// The key numbers in a sentence or two, for screen readers.
    fn description(&self) -> String;
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: ChartTheme,
    ) -> DrawResult<DB>;
}

/// A plan, or why there is nothing to draw (shown in the chart's place).
pub(crate) type Planned<P> = Result<P, ChartText>;

pub(crate) fn draw_planned<DB: DrawingBackend, P: Plan>(
    area: &DrawingArea<DB, Shift>,
    plan: &Planned<P>,
    lang: Lang,
    theme: ChartTheme,
) -> DrawResult<DB> {
    match plan {
        Ok(plan) => plan.draw(area, theme),
        Err(reason) => draw_message(area, reason.get(lang), theme),
    }
}

/// Renders a plan to an SVG string with an accessible name. A drawing error
/// gives a small SVG with a message, never a panic or an empty string.
pub(crate) fn svg_of<P: Plan>(
    plan: Planned<P>,
    lang: Lang,
    theme: ChartTheme,
    size: ChartSize,
) -> String {
    let label = match &plan {
        Ok(plan) => sentences(lang, &plan.title(), &plan.description()),
        Err(reason) => reason.get(lang).to_string(),
    };
    let (width, height) = size.clamped();
    let mut svg = String::new();
    let outcome = {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        draw_planned(&root, &plan, lang, theme).and_then(|()| root.present())
    };
    if outcome.is_err() {
        svg = fallback_svg(ChartText::DrawingFailed.get(lang), theme, (width, height));
    }
    with_accessible_label(svg, &label)
}

/// Joins a title and a description as the language punctuates sentences.
pub(crate) fn sentences(lang: Lang, first: &str, second: &str) -> String {
    match (lang, second.is_empty()) {
        (_, true) => first.to_string(),
        (Lang::Zh, false) => format!("{first}。{second}"),
        (Lang::En, false) => format!("{first}. {second}"),
    }
}

/// Adds `role="img"`, `aria-label` and a `<title>` to the root element, so
/// inline SVG is announced and an exported file carries its own name.
fn with_accessible_label(svg: String, label: &str) -> String {
    let Some(end_of_root) = svg.find('>') else {
        return svg;
    };
    let escaped = xml_escaped(label);
    let mut labelled = String::with_capacity(svg.len() + 2 * escaped.len() + 48);
    labelled.push_str(&svg[..end_of_root]);
    labelled.push_str(&format!(
        " role=\"img\" aria-label=\"{escaped}\">\n<title>{escaped}</title>"
    ));
    labelled.push_str(&svg[end_of_root + 1..]);
    labelled
}

pub(crate) fn xml_escaped(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// Written by hand so that it cannot fail: the last resort when plotters
/// reports an error.
fn fallback_svg(message: &str, theme: ChartTheme, (width, height): (u32, u32)) -> String {
    let palette = theme.palette();
    let colour = |c: RGBColor| format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2);
    format!(
        "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"{}\"/>\n\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-family=\"{}\" font-size=\"{:.0}\" fill=\"{}\">{}</text>\n</svg>\n",
        colour(palette.background),
        width / 2,
        height / 2,
        super::theme::FONT_FAMILY,
        FontSize::Title.pixels(),
        colour(palette.text),
        xml_escaped(message)
    )
}

/// A message in place of a chart (no data yet, nothing to compare).
pub fn draw_message<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    message: &str,
    theme: ChartTheme,
) -> DrawResult<DB> {
    area.fill(&theme.palette().background)?;
    let (width, height) = area.dim_in_pixel();
    let style = theme
        .text(FontSize::Title)
        .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(
        message.to_string(),
        (width as i32 / 2, height as i32 / 2),
        style,
    ))
}

/// A colour by meaning, resolved against the theme when drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tone {
    Primary,
    Accent,
    Secondary,
    Better,
    Worse,
    Neutral,
}

impl Tone {
    pub fn colour(self, palette: &ChartPalette) -> RGBColor {
        match self {
            Tone::Primary => palette.primary,
            Tone::Accent => palette.accent,
            Tone::Secondary => palette.secondary,
            Tone::Better => palette.better,
            Tone::Worse => palette.worse,
            Tone::Neutral => palette.neutral,
        }
    }
}

/// How a legend entry shows its series.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Swatch {
    Bar(Tone),
    Line(Tone),
    /// A translucent band, at this opacity.
    Band(Tone, f64),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LegendEntry {
    pub label: String,
    pub swatch: Swatch,
}

const SWATCH_PX: i32 = 22;
const LEGEND_GAP_PX: f64 = 28.0;

/// Clears the area, writes the title and the legend rows, and returns the
/// space left for the plot.
pub(crate) fn header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    legend: &[LegendEntry],
    theme: ChartTheme,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&theme.palette().background)?;
    let (width, _) = area.dim_in_pixel();
    let title_height = (FontSize::Title.pixels() * 1.9).round() as i32;
    let (title_area, rest) = area.split_vertically(title_height);
    let style = theme
        .text(FontSize::Title)
        .pos(Pos::new(HPos::Center, VPos::Center));
    let title = fitted(title, f64::from(width) - 24.0, FontSize::Title.pixels());
    title_area.draw(&Text::new(
        title,
        (width as i32 / 2, title_height / 2),
        style,
    ))?;
    let rows = legend_rows(legend, f64::from(width) - 40.0);
    if rows.is_empty() {
        return Ok(rest);
    }
    let row_height = (FontSize::Label.pixels() * 1.8).round() as i32;
    let (legend_area, plot_area) = rest.split_vertically(row_height * rows.len() as i32 + 6);
    for (index, row) in rows.iter().enumerate() {
        let y = row_height * index as i32 + row_height / 2;
        draw_legend_row(&legend_area, row, y, theme)?;
    }
    Ok(plot_area)
}

fn entry_width(entry: &LegendEntry) -> f64 {
    f64::from(SWATCH_PX) + 8.0 + text_width_px(&entry.label, FontSize::Label.pixels())
}

/// Greedy line breaking of legend entries into rows that fit `width`.
fn legend_rows(legend: &[LegendEntry], width: f64) -> Vec<Vec<&LegendEntry>> {
    let mut rows: Vec<Vec<&LegendEntry>> = Vec::new();
    let mut used = 0.0;
    for entry in legend {
        let needed = entry_width(entry) + LEGEND_GAP_PX;
        match rows.last_mut() {
            Some(row) if used + needed <= width => row.push(entry),
            _ => {
                rows.push(vec![entry]);
                used = 0.0;
            }
        }
        used += needed;
    }
    rows
}

fn draw_legend_row<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    row: &[&LegendEntry],
    y: i32,
    theme: ChartTheme,
) -> DrawResult<DB> {
    let (width, _) = area.dim_in_pixel();
    let total: f64 = row
        .iter()
        .map(|e| entry_width(e) + LEGEND_GAP_PX)
        .sum::<f64>()
        - LEGEND_GAP_PX;
    let mut x = ((f64::from(width) - total) / 2.0).max(0.0) as i32;
    let text_style = theme
        .text(FontSize::Label)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for entry in row {
        let half = SWATCH_PX / 2;
        let palette = theme.palette();
        match entry.swatch {
            Swatch::Bar(tone) => {
                let colour = tone.colour(palette);
                area.draw(&Rectangle::new(
                    [(x, y - half + 2), (x + SWATCH_PX, y + half - 2)],
                    colour.filled(),
                ))?
            }
            Swatch::Line(tone) => {
                let colour = tone.colour(palette);
                area.draw(&PathElement::new(
                    vec![(x, y), (x + SWATCH_PX, y)],
                    colour.stroke_width(4),
                ))?
            }
            Swatch::Band(tone, opacity) => {
                let colour = tone.colour(palette).mix(opacity);
                area.draw(&Rectangle::new(
                    [(x, y - half + 2), (x + SWATCH_PX, y + half - 2)],
                    colour.filled(),
                ))?
            }
        }
        area.draw(&Text::new(
            entry.label.clone(),
            (x + SWATCH_PX + 8, y),
            text_style.clone(),
        ))?;
        x += entry_width(entry).round() as i32 + LEGEND_GAP_PX as i32;
    }
    Ok(())
}

/// A linear `f64` axis whose ticks are exactly the given values: category
/// centres, or 0–100 % in steps of 25 on an axis that runs past 100 % to
/// leave room for labels. (plotters' own `WithKeyPoints` over `f64` has no
/// value formatter, so its mesh cannot be configured.)
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TickedAxis {
    range: Range<f64>,
    ticks: Vec<f64>,
}

impl TickedAxis {
    pub fn new(range: Range<f64>, ticks: Vec<f64>) -> TickedAxis {
        TickedAxis { range, ticks }
    }
}

impl Ranged for TickedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = self.range.end - self.range.start;
        if span.abs() <= f64::EPSILON || !value.is_finite() {
            return limit.0;
        }
        let fraction = (value - self.range.start) / span;
        (f64::from(limit.0) + fraction * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Only bold ticks: light grid lines between categories mean nothing.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.range.clone()
    }
}

/// An axis of `count` categories: category `i` spans `i..i+1` and its tick
/// (the only one) sits at its centre.
pub(crate) fn category_axis(count: usize) -> TickedAxis {
    let centres = (0..count).map(|i| i as f64 + 0.5).collect();
    TickedAxis::new(0.0..count.max(1) as f64, centres)
}

/// The category whose centre is at `position` on a [`category_axis`].
pub(crate) fn category_at(position: f64, count: usize) -> Option<usize> {
    let index = (position - 0.5).round();
    (index >= 0.0 && index < count as f64).then_some(index as usize)
}

/// True when every value is finite (NaN from a 0/0 upstream must not reach
/// plotters, whose pixel mapping would silently put it at 0).
pub(crate) fn all_finite(values: &[f64]) -> bool {
    values.iter().all(|v| v.is_finite())
}
