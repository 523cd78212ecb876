//! localStorage, namespaced and fault-tolerant.
//!
//! Storage can be missing (privacy modes), blocked (file:// or policies),
//! full, or hold garbage from another version. None of that may stop the app
//! from starting, so reads return `None` and writes report failure instead
//! of panicking.

/// Every key the app writes starts with this, so it never collides with
/// other apps on the same origin (GitHub Pages serves many from one host).
pub const NAMESPACE: &str = "orgflow.v1.";

/// Keys in use, without the namespace.
pub mod keys {
    pub const LANG: &str = "lang";
    pub const THEME: &str = "theme";
    /// The autosaved [`crate::workspace::Workspace`].
    pub const WORKSPACE: &str = "workspace";
    /// Where an unreadable workspace is moved, so autosave does not destroy it.
    pub const WORKSPACE_UNREADABLE: &str = "workspace.unreadable";
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads `key` (without namespace), or `None` when absent or unreadable.
pub fn read(key: &str) -> Option<String> {
    local_storage()?
        .get_item(&format!("{NAMESPACE}{key}"))
        .ok()
        .flatten()
}

/// Writes `key`; returns `false` when storage is unavailable or full.
pub fn write(key: &str, value: &str) -> bool {
    local_storage()
        .map(|s| s.set_item(&format!("{NAMESPACE}{key}"), value).is_ok())
        .unwrap_or(false)
}
