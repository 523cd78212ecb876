//! JSON pointers (RFC 6901) into a scenario document: the places the
//! editor's forms, structure changes and sweeps write to.
//!
//! A pointer to a missing parent changes nothing and returns `false`, so a
//! form bound to a place that an edit elsewhere removed does nothing rather
//! than creating a half-formed object.

use serde_json::Value;

/// Escapes one JSON-pointer segment (`~` → `~0`, `/` → `~1`), for names
/// used as object keys.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Splits a pointer into its parent and its last segment (unescaped).
pub(crate) fn split(pointer: &str) -> Option<(&str, String)> {
    let cut = pointer.rfind('/')?;
    let last = pointer[cut + 1..].replace("~1", "/").replace("~0", "~");
    Some((&pointer[..cut], last))
}

/// Puts `new` at `pointer`: replaces an existing value, adds a missing
/// field to an existing object, or replaces an existing list item.
pub fn put(value: &mut Value, pointer: &str, new: Value) -> bool {
    if let Some(slot) = value.pointer_mut(pointer) {
        *slot = new;
        return true;
    }
    let Some((parent, key)) = split(pointer) else {
        return false;
    };
    match value.pointer_mut(parent) {
        Some(Value::Object(fields)) => {
            fields.insert(key, new);
            true
        }
        _ => false,
    }
}

/// Removes the field or list item at `pointer`.
pub fn remove(value: &mut Value, pointer: &str) -> bool {
    let Some((parent, key)) = split(pointer) else {
        return false;
    };
    match value.pointer_mut(parent) {
        Some(Value::Object(fields)) => fields.remove(&key).is_some(),
        Some(Value::Array(items)) => match key.parse::<usize>() {
            Ok(index) if index < items.len() => {
                items.remove(index);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// Removes the list at `pointer` when it is empty (an empty optional list
/// means the same as none, and reads better as none).
pub(crate) fn drop_if_empty(value: &mut Value, pointer: &str) {
    if value
        .pointer(pointer)
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty)
    {
        remove(value, pointer);
    }
}

/// `/units/0/headcount` → `units[0].headcount`, the validator's path style.
pub fn pointer_to_path(pointer: &str) -> String {
    let mut path = String::new();
    for part in pointer.split('/').filter(|p| !p.is_empty()) {
        if part.chars().all(|c| c.is_ascii_digit()) {
            path.push_str(&format!("[{part}]"));
        } else {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(part);
        }
    }
    path
}
