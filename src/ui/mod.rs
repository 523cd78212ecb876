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
//! - [`framing`]: refuses to run inside another page's frame.
//! - `test_hooks` (feature `test-hooks`, test builds only): triggers for the
//!   failure tests (worker trap, silent worker, panic).

pub mod browser;
pub mod editor;
pub mod fields;
pub mod figures;
pub mod framing;
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
#[cfg(feature = "test-hooks")]
pub mod test_hooks;
pub mod typing;
pub mod unit_form;
pub mod worker_link;

/// Mounts the app into `<body>`, unless the page is framed by another
/// (then only a notice with a link to open it directly is shown).
pub fn start() {
    if framing::framed() {
        framing::show_notice();
        return;
    }
    yew::Renderer::<shell::App>::new().render();
}
