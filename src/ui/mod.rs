//! The browser app: Yew function components around one reducer-owned state.
//!
//! - [`state`]: `AppState`, the `Action` enum and the reducer. Only the
//!   reducer changes state; components dispatch actions.
//! - [`shell`]: the root component: restores the workspace, starts the
//!   worker pool, autosaves, handles shortcuts and shared links.
//! - [`library`], [`editor`], [`results`]: the three panels;
//!   [`parameters`] holds the editor's "more parameters" forms,
//!   [`unit_form`], [`source_form`] and [`links_form`] the unit, lead
//!   source and dual-link forms; [`fields`] the shared labelled number,
//!   text and select fields with inline validation messages; [`tabs`] the
//!   WAI-ARIA tab list.
//! - [`figures`]: which charts each view shows ([`crate::chart`] draws them).
//! - [`runner`]: the pool of simulation Web Workers and job bookkeeping
//!   (deterministic whatever the number of workers).
//! - [`worker_link`]: one Web Worker (classic script, relative URL).
//! - [`storage`]: localStorage under namespaced keys, tolerant of failure.
//! - [`typing`]: fields whose text being typed survives re-renders.
//! - [`browser`]: downloads, file reading, URL fragment, SVG → PNG.
//! - [`panic_banner`]: the "something went wrong — your work is saved" banner.
//! - [`test_hooks`]: triggers for the failure tests (worker trap, panic).

pub mod browser;
pub mod editor;
pub mod fields;
pub mod figures;
pub mod library;
pub mod links_form;
pub mod notes;
pub mod panic_banner;
pub mod parameters;
pub mod results;
pub mod runner;
pub mod shell;
pub mod source_form;
pub mod state;
pub mod storage;
pub mod structure_form;
pub mod tabs;
pub mod test_hooks;
pub mod typing;
pub mod unit_form;
pub mod worker_link;

/// Mounts the app into `<body>`.
pub fn start() {
    yew::Renderer::<shell::App>::new().render();
}
