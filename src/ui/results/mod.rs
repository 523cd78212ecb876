//! The results panel and the charts each of its views shows.

pub mod explain;
pub mod figures;
pub mod panel;
pub mod sensitivity;
