//! The results panel and the charts each of its views shows.

pub mod analysis_kit;
pub mod backtest;
pub mod event_export;
pub mod explain;
pub mod figure_view;
pub mod figures;
pub mod fit;
pub mod optimise;
pub mod panel;
pub mod run_bar;
pub mod sensitivity;
pub mod stale;
pub mod uncertainty;
pub mod uncertainty_ranges;
