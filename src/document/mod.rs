//! The scenario as a document the user edits, apart from the user interface
//! and from the simulation: everything here is pure data on JSON values and
//! strings, tested natively, and the app's forms only call it.
//!
//! - [`pointer`]: JSON pointers into a scenario (put, remove, escape, the
//!   validator's path for a pointer).
//! - [`edits`]: the forms' changes to a scenario (distribution kinds,
//!   opening hours, routes, links and routing rules, profiles, campaigns,
//!   One-ID, description and assumptions).
//! - [`notes`]: a scenario's description and assumptions as a reader sees
//!   them (the results view, the workshop report).
//! - [`org_layout`]: where the organisation diagram puts units and arrows
//!   (drawn live by the editor and as a file by the workshop report).
//! - [`structure`]: adding, removing and renaming units, lead sources,
//!   grades, links and channels, renames cascading to every reference.
//! - [`shares`]: the one rule that keeps funnel channel shares at 100 %.
//! - [`sweep`]: which numbers of a scenario a sweep can vary, and the
//!   values it runs.
//! - [`workspace`]: the user's scenarios, selection and run settings
//!   (versioned, with migrations).
//! - [`persist`]: how the workspace is kept in browser storage, shared by
//!   every open tab (the storage itself is a trait the app implements).
//! - [`run_inputs`]: what a run's results depend on, to tell when results
//!   no longer match the scenario.
//! - [`share`]: share links, a scenario in the URL fragment.
//! - [`quota`]: storage sizes as the browser counts them.
//! - [`week`]: a unit's staffing over the week (who serves each half
//!   hour, by opening hours and shift blocks), for the Shifts tab.
//! - [`workshop_file`]: several scenarios and their runs' results in one
//!   file, reopened without running again.
//!
//! Invariant: nothing here refuses what the validator would refuse, or
//! accepts what it would refuse. An edit keeps the file well-formed (a new
//! distribution gets every parameter its kind needs, a rename reaches
//! every reference) and leaves the judgement of values to
//! [`crate::scenario::validate`](mod@crate::scenario::validate), whose
//! messages the forms show at the field.

pub mod edits;
pub mod notes;
pub mod org_layout;
pub mod persist;
pub mod pointer;
pub mod quota;
pub mod run_inputs;
pub mod share;
pub mod shares;
pub mod structure;
pub mod sweep;
pub mod week;
pub mod workshop_file;
pub mod workspace;
