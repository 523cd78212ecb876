//! The editor panel and its forms. Each form turns a user's input into a
//! change of the scenario's JSON through [`crate::document`] and dispatches
//! it; none keeps scenario data of its own.

pub mod editor;
pub mod fields;
pub mod links_form;
pub mod notes;
pub mod parameters;
pub mod shifts_panel;
pub mod source_form;
pub mod structure_form;
pub mod unit_form;
pub mod week_grid;
