//! Reading scenario text into JSON, stricter than `serde_json::from_str`.
//!
//! Two things plain serde_json lets through that a scenario file must not:
//! - a leading UTF-8 byte-order mark, which editors on Windows write and the
//!   browser's file reader drops silently: it is skipped here too, so the
//!   command-line tool and the app read the same files;
//! - a key written twice in one object, which serde_json resolves by keeping
//!   the last value: the file then means something its author may not have
//!   seen. Every repeated key is reported with its field path instead.
//!
//! The result is the same `Value` serde_json would build (the same number
//! representations), so nothing downstream changes for a well-formed file.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Why the text could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Not JSON (with serde_json's line and column).
    Syntax(serde_json::Error),
    /// Field paths of keys written more than once in their object, in the
    /// order they appear.
    DuplicateKeys(Vec<String>),
}

/// The byte-order mark some editors put at the start of UTF-8 files.
const BOM: char = '\u{feff}';

/// At most this many repeated keys are listed: the first ones are enough to
/// find the mistake, and a hostile file must not turn into a flood.
pub const MAX_DUPLICATES_REPORTED: usize = 20;

/// Parses `text` as JSON, skipping a leading byte-order mark and refusing
/// repeated keys.
pub fn read(text: &str) -> Result<Value, ReadError> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let duplicates = RefCell::new(Vec::new());
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = Node {
        path: String::new(),
        duplicates: &duplicates,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    let duplicates = duplicates.into_inner();
    // Reading stopped at the cap of repeated keys: say that, not "syntax".
    if duplicates.len() >= MAX_DUPLICATES_REPORTED {
        return Err(ReadError::DuplicateKeys(duplicates));
    }
    let value = parsed.map_err(ReadError::Syntax)?;
    if duplicates.is_empty() {
        Ok(value)
    } else {
        Err(ReadError::DuplicateKeys(duplicates))
    }
}

/// One value being read, and where it sits in the file.
struct Node<'a> {
    path: String,
    duplicates: &'a RefCell<Vec<String>>,
}

impl Node<'_> {
    fn child(&self, path: String) -> Node<'_> {
        Node {
            path,
            duplicates: self.duplicates,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        // JSON text cannot spell NaN or infinity; serde_json reads an
        // overflowing literal as an error before it gets here.
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) =
            seq.next_element_seed(self.child(format!("{}[{}]", self.path, items.len())))?
        {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut fields = Map::new();
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            if !seen.insert(key.clone()) {
                let mut duplicates = self.duplicates.borrow_mut();
                if duplicates.len() >= MAX_DUPLICATES_REPORTED {
                    // Enough to act on; stop reading rather than keep going
                    // through a file built to repeat itself.
                    return Err(A::Error::custom("too many repeated keys"));
                }
                duplicates.push(path.clone());
            }
            let value = map.next_value_seed(self.child(path))?;
            fields.insert(key, value);
        }
        Ok(Value::Object(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_serde_json_reads() {
        let text = r#"{"a": [1, -2, 3.5, 1e300, 18446744073709551615], "b": {"c": null, "d": "x"}, "e": true}"#;
        let strict = read(text).ok();
        let plain: Value = serde_json::from_str(text).unwrap();
        assert_eq!(strict, Some(plain));
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        assert_eq!(
            read("\u{feff}{\"a\": 1}").ok(),
            Some(serde_json::json!({"a": 1}))
        );
    }

    #[test]
    fn repeated_keys_are_refused_with_their_paths() {
        let text =
            r#"{"units": [{"name": "a", "headcount": 1, "headcount": 2}], "id": "x", "id": "y"}"#;
        match read(text) {
            Err(ReadError::DuplicateKeys(paths)) => {
                assert_eq!(paths, ["units[0].headcount", "id"]);
            }
            other => panic!("expected duplicate keys, got {other:?}"),
        }
    }

    #[test]
    fn syntax_errors_and_trailing_text_are_syntax_errors() {
        assert!(matches!(read("{\"a\": }"), Err(ReadError::Syntax(_))));
        assert!(matches!(read("{} x"), Err(ReadError::Syntax(_))));
        assert!(matches!(
            read("\u{feff}\u{feff}{}"),
            Err(ReadError::Syntax(_))
        ));
    }

    #[test]
    fn a_flood_of_repeated_keys_stops_early() {
        let text = format!("{{{}\"k\": 0}}", "\"k\": 0, ".repeat(100_000));
        match read(&text) {
            Err(ReadError::DuplicateKeys(paths)) => {
                assert_eq!(paths.len(), MAX_DUPLICATES_REPORTED)
            }
            other => panic!("expected duplicate keys, got {other:?}"),
        }
    }
}
