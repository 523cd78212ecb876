//! The browser app: Yew function components around one reducer-owned state.
//!
//! - [`state`]: `AppState`, the `Action` enum and the reducer. Components
//!   receive state and callbacks; only the reducer changes state.
//! - [`storage`]: localStorage under namespaced keys (`orgflow.v1.*`); every
//!   read tolerates missing, corrupt or blocked storage.
//! - [`worker_link`]: spawns the simulation Web Worker (classic, not ES
//!   module, to match Trunk's no-modules worker build) and turns its messages
//!   and crashes into actions.
//! - [`shell`]: the header and the three-panel workspace.

pub mod shell;
pub mod state;
pub mod storage;
pub mod worker_link;

/// Mounts the app into `<body>`.
pub fn start() {
    yew::Renderer::<shell::App>::new().render();
}
