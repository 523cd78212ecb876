//! The browser app: Yew function components around one reducer-owned state.
//!
//! The folders are the app's parts; imports run one way, from the shell
//! down to the state (`app → results → forms → widgets → state → workers`),
//! with no cycle between files or folders:
//!
//! - [`state`]: `AppState`, the `Action` enum and the reducer. Only the
//!   reducer changes state; components dispatch actions.
//! - [`app`]: the shell around everything — [`app::shell`] (the root
//!   component: restores the workspace, starts the worker pool, autosaves,
//!   handles shortcuts and shared links), [`app::library`] (the scenario
//!   list), [`app::storage`] (localStorage, tolerant of failure),
//!   [`app::panic_banner`] and [`app::framing`].
//! - [`forms`]: the editor panel and its forms — [`forms::editor`],
//!   [`forms::parameters`] ("more parameters"), [`forms::unit_form`],
//!   [`forms::source_form`], [`forms::links_form`],
//!   [`forms::structure_form`], [`forms::notes`] (description and
//!   assumptions) and [`forms::fields`] (labelled fields with inline
//!   validation messages). The changes they make are
//!   [`crate::document`]'s pure functions.
//! - [`results`]: [`results::panel`] (KPI cards, comparison, sweeps, run
//!   bar) and [`results::figures`] (which charts each view shows;
//!   [`crate::chart`] draws them).
//! - [`workers`]: the pool of simulation Web Workers and job bookkeeping
//!   ([`workers::runner`], deterministic whatever the number of workers),
//!   one worker ([`workers::worker_link`]) and, in test builds with the
//!   `test-hooks` feature, the failure triggers (`workers::test_hooks`).
//! - [`widgets`]: small pieces any view uses — [`widgets::tabs`] (the
//!   WAI-ARIA tab list), [`widgets::typing`] (text being typed survives
//!   re-renders), [`widgets::browser`] (downloads, file reading, the URL
//!   fragment, SVG → PNG).

pub mod app;
pub mod forms;
pub mod results;
pub mod state;
pub mod widgets;
pub mod workers;

/// Mounts the app into `<body>`, unless the page is framed by another
/// (then only a notice with a link to open it directly is shown).
pub fn start() {
    if app::framing::framed() {
        app::framing::show_notice();
        return;
    }
    yew::Renderer::<app::shell::App>::new().render();
}
