//! localStorage, namespaced and fault-tolerant.
//!
//! Storage can be missing (privacy modes), blocked (file:// or policies),
//! full, or hold garbage from another version. None of that may stop the app
//! from starting, so reads return `None` and writes report failure instead
//! of panicking. How the workspace is laid out in it is
//! [`crate::document::persist`]'s business; this module only reaches the browser.
//!
//! This is `web_sys::Storage`, not gloo-storage, for two reasons:
//! gloo-storage stores every value as JSON (a string gains quotes), so the
//! records already saved in users' browsers would no longer read back as
//! they are; and every one of its calls goes through `LocalStorage::raw()`,
//! which throws when storage is missing or blocked, where the app must
//! start anyway and report "not saved". (The quota error it would pass on.)
//! The `storage` event of other tabs is read in `shell.rs` through
//! gloo-events, as a `web_sys::StorageEvent`; gloo-storage has no wrapper
//! for it.

pub use crate::document::persist::NAMESPACE;

/// Keys in use, without the namespace.
pub mod keys {
    pub const LANG: &str = "lang";
    pub const THEME: &str = "theme";
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

/// The origin's localStorage as [`crate::document::persist::Store`] (full keys).
/// Without storage, reads find nothing and writes fail.
pub struct LocalStore;

impl crate::document::persist::Store for LocalStore {
    fn get(&self, key: &str) -> Option<String> {
        local_storage()?.get_item(key).ok().flatten()
    }

    fn set(&mut self, key: &str, value: &str) -> bool {
        local_storage().is_some_and(|s| s.set_item(key, value).is_ok())
    }

    fn remove(&mut self, key: &str) {
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(key);
        }
    }

    fn keys(&self) -> Vec<String> {
        let Some(storage) = local_storage() else {
            return Vec::new();
        };
        let count = storage.length().unwrap_or(0);
        (0..count)
            .filter_map(|i| storage.key(i).ok().flatten())
            .collect()
    }
}
