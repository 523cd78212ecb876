//! Colours and type for charts shown on a projector and printed.
//!
//! Colours come from the Okabe–Ito palette, which stays distinguishable with
//! the common colour-vision deficiencies; meaning is never carried by colour
//! alone (the bottleneck and significant differences are also labelled).
//! Type is large: the smallest text is above 14 px in the SVG.

use plotters::prelude::{Color, FontDesc, FontFamily, FontStyle, RGBColor, TextStyle};
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Light (white background, for print and bright rooms) or dark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChartTheme {
    #[default]
    Light,
    Dark,
}

/// The colours of one theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartPalette {
    pub background: RGBColor,
    pub text: RGBColor,
    /// Grid lines: visible but quieter than data.
    pub grid: RGBColor,
    /// The main data colour (bars, mean lines).
    pub primary: RGBColor,
    /// What the eye should find first: the bottleneck, the CDF line.
    pub accent: RGBColor,
    /// Text drawn on an accent-coloured bar.
    pub on_accent: RGBColor,
    /// A second quantity next to the primary one (queue lengths).
    pub secondary: RGBColor,
    /// A difference whose interval excludes zero, in the good direction.
    pub better: RGBColor,
    /// A difference whose interval excludes zero, in the bad direction.
    pub worse: RGBColor,
    /// A difference whose interval includes zero.
    pub neutral: RGBColor,
}

const LIGHT: ChartPalette = ChartPalette {
    background: RGBColor(0xff, 0xff, 0xff),
    text: RGBColor(0x1a, 0x1a, 0x1a),
    grid: RGBColor(0xcc, 0xcc, 0xcc),
    primary: RGBColor(0x00, 0x72, 0xb2),
    accent: RGBColor(0xd5, 0x5e, 0x00),
    on_accent: RGBColor(0x00, 0x00, 0x00),
    secondary: RGBColor(0x00, 0x9e, 0x73),
    better: RGBColor(0x00, 0x72, 0xb2),
    worse: RGBColor(0xd5, 0x5e, 0x00),
    neutral: RGBColor(0x80, 0x80, 0x80),
};

const DARK: ChartPalette = ChartPalette {
    background: RGBColor(0x12, 0x12, 0x12),
    text: RGBColor(0xf2, 0xf2, 0xf2),
    grid: RGBColor(0x4a, 0x4a, 0x4a),
    primary: RGBColor(0x56, 0xb4, 0xe9),
    accent: RGBColor(0xe6, 0x9f, 0x00),
    on_accent: RGBColor(0x00, 0x00, 0x00),
    secondary: RGBColor(0x00, 0x9e, 0x73),
    better: RGBColor(0x56, 0xb4, 0xe9),
    worse: RGBColor(0xe6, 0x9f, 0x00),
    neutral: RGBColor(0x9e, 0x9e, 0x9e),
};

/// Fonts with Chinese glyphs on macOS, Windows and Linux, then the generic
/// fallback. plotters writes this list into each `font-family` attribute.
pub const FONT_FAMILY: &str = "PingFang SC, Hiragino Sans GB, Microsoft YaHei, Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, sans-serif";

/// Font sizes in plotters units; the SVG backend writes `size / 1.24` px,
/// so 18 is the smallest that stays above 14 px.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FontSize {
    /// Tick labels, legends, annotations.
    Label,
    /// Axis titles.
    Axis,
    /// Chart titles and messages.
    Title,
}

impl FontSize {
    pub fn points(self) -> f64 {
        match self {
            FontSize::Label => 19.0,
            FontSize::Axis => 21.0,
            FontSize::Title => 27.0,
        }
    }

    /// The size the browser renders, for layout estimates.
    pub fn pixels(self) -> f64 {
        self.points() / 1.24
    }
}

impl ChartTheme {
    pub fn palette(self) -> &'static ChartPalette {
        match self {
            ChartTheme::Light => &LIGHT,
            ChartTheme::Dark => &DARK,
        }
    }

    /// Text in the theme's text colour.
    pub fn text(self, size: FontSize) -> TextStyle<'static> {
        self.coloured_text(size, self.palette().text)
    }

    pub fn coloured_text(self, size: FontSize, colour: RGBColor) -> TextStyle<'static> {
        TextStyle {
            font: FontDesc::new(
                FontFamily::Name(FONT_FAMILY),
                size.points(),
                FontStyle::Normal,
            ),
            color: colour.to_backend_color(),
            pos: Pos::new(HPos::Left, VPos::Top),
        }
    }
}
