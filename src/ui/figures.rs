//! Which charts each view shows, drawn from reports with [`crate::chart`].

use super::runner::Snapshot;
use super::state::Outcome;
use super::state::Theme;
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

/// Charts of one scenario's results.
pub fn single(_report: &Report, _lang: Lang, _theme: Theme) -> Vec<Figure> {
    Vec::new()
}

/// Charts of a comparison.
pub fn comparison(_snapshot: &Snapshot, _lang: Lang, _theme: Theme) -> Vec<Figure> {
    Vec::new()
}

/// Charts of a sweep.
pub fn sweep(_outcome: &Outcome, _lang: Lang, _theme: Theme) -> Vec<Figure> {
    Vec::new()
}
