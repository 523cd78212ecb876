//! Browser storage sizes, as the browser counts them: UTF-16 code units of
//! every key and value, 5 Mi units per origin (measured in Chromium; see
//! [`super::persist`]). Its own module because both the workspace (which
//! refuses to read more than the quota) and the storage layout use it.

/// What one origin may keep in localStorage, in UTF-16 code units of keys
/// and values together.
pub const QUOTA_UNITS: usize = 5 * 1024 * 1024;

/// Length as localStorage counts it: UTF-16 code units.
pub fn units(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}
