//! The published JSON Schema and the checker that applies it.
//!
//! `schema.json` is the single source of the structural rules (types,
//! required and unknown fields, ranges, allowed words, list lengths). The
//! validator runs this checker over the parsed JSON *before* deserialising,
//! so every structural problem is reported at once, with its path, instead of
//! stopping at the first one as serde would. Cross-field rules (shares,
//! references, cycles, sizes) live in `validate`.
//!
//! The checker supports the subset of JSON Schema the file uses: `type`,
//! `properties`, `required`, `additionalProperties` (false or a schema),
//! `maxProperties`, `items`, `minItems`, `maxItems`, `minimum`, `maximum`,
//! `exclusiveMinimum`, `minLength`, `maxLength`, `enum` and local `$ref`.
//! (`pattern` is left to the semantic checks, which parse clock times.)

use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::error::{ErrorKind, ValidationError};

/// The JSON Schema of scenario files, as published by `orgflow schema`.
pub const SCHEMA_JSON: &str = include_str!("schema.json");

/// The parsed schema. The text is part of the build and a unit test parses
/// it, so the fallback (an empty schema that accepts everything and leaves
/// the semantic checks to catch problems) is never used in practice.
pub fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| serde_json::from_str(SCHEMA_JSON).unwrap_or(Value::Object(Map::new())))
}

/// Checks `value` against the schema, appending every problem to `errors`.
pub fn check(value: &Value, errors: &mut Vec<ValidationError>) {
    let mut copy = value.clone();
    check_and_mend(&mut copy, errors);
}

/// Checks `value` against the schema like [`check`] and, where a value
/// breaks a rule, replaces it with one that keeps the rule: unknown fields
/// are dropped, missing ones filled with a placeholder, numbers clamped into
/// their range, lists cut or padded, words replaced by the first allowed one.
///
/// Why: the cross-field checks need a typed scenario, so before this a file
/// with one wrong type and one route to a missing unit was reported in two
/// rounds. The mended copy lets them run at once; the caller drops the
/// cross-field errors that touch a mended path, since those describe the
/// placeholders, not the user's file.
pub fn check_and_mend(value: &mut Value, errors: &mut Vec<ValidationError>) {
    let root = schema();
    check_node(value, root, root, "", errors);
}

fn resolve<'s>(node: &'s Value, root: &'s Value) -> &'s Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.trim_start_matches('#');
            root.pointer(pointer).unwrap_or(node)
        }
        None => node,
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_matches(value: &Value, expected: &str) -> bool {
    match expected {
        "number" => value.is_number(),
        "integer" => match value {
            Value::Number(n) => {
                n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|x| x.fract() == 0.0)
            }
            _ => false,
        },
        other => type_name(value) == other,
    }
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// The bounds a number must keep, as the schema states them.
struct Bounds {
    minimum: Option<f64>,
    exclusive: Option<f64>,
    maximum: Option<f64>,
}

impl Bounds {
    fn of(node: &Value) -> Self {
        Bounds {
            minimum: node.get("minimum").and_then(Value::as_f64),
            exclusive: node.get("exclusiveMinimum").and_then(Value::as_f64),
            maximum: node.get("maximum").and_then(Value::as_f64),
        }
    }

    fn holds(&self, x: f64) -> bool {
        x.is_finite()
            && !self.minimum.is_some_and(|m| x < m)
            && !self.exclusive.is_some_and(|m| x <= m)
            && !self.maximum.is_some_and(|m| x > m)
    }

    /// The allowed value nearest to `x` (for an integer field, an integer).
    fn nearest(&self, x: f64, integer: bool) -> f64 {
        let top = self.maximum.unwrap_or(f64::MAX);
        let floor = match (self.minimum, self.exclusive) {
            (_, Some(e)) => {
                let step = if integer {
                    1.0
                } else {
                    1e-6_f64.max(e.abs() * 1e-6)
                };
                (e + step).min(top)
            }
            (Some(m), None) => m,
            (None, None) => f64::MIN,
        };
        let x = if x.is_finite() {
            x
        } else {
            floor.max(0.0_f64.min(top))
        };
        let clamped = x.clamp(floor.min(top), top);
        if integer { clamped.round() } else { clamped }
    }
}

/// A value that keeps every rule of `node`, for a missing or unusable field.
fn placeholder(node: &Value, root: &Value) -> Value {
    let node = resolve(node, root);
    if let Some(first) = node
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    {
        return first.clone();
    }
    match node.get("type").and_then(Value::as_str) {
        Some("object") => {
            let mut fields = Map::new();
            let properties = node.get("properties").and_then(Value::as_object);
            for name in node
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                let field = properties
                    .and_then(|p| p.get(name))
                    .map_or(Value::Null, |schema| placeholder(schema, root));
                fields.insert(name.to_string(), field);
            }
            Value::Object(fields)
        }
        Some("array") => {
            let count = node.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            let item = node
                .get("items")
                .map_or(Value::Null, |s| placeholder(s, root));
            Value::Array((0..count).map(|_| item.clone()).collect())
        }
        Some(kind @ ("number" | "integer")) => {
            number_value(Bounds::of(node).nearest(0.0, kind == "integer"))
        }
        Some("string") => {
            let length = node.get("minLength").and_then(Value::as_u64).unwrap_or(0);
            Value::String("?".repeat(length as usize))
        }
        Some("boolean") => Value::Bool(false),
        _ => Value::Null,
    }
}

fn number_value(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

fn check_node(
    value: &mut Value,
    node: &Value,
    root: &Value,
    path: &str,
    errors: &mut Vec<ValidationError>,
) {
    let node = resolve(node, root);
    if let Some(allowed) = node.get("enum").and_then(Value::as_array) {
        if !allowed.contains(value) {
            let words: Vec<String> = allowed
                .iter()
                .filter_map(|w| w.as_str().map(str::to_string))
                .collect();
            let found = match &*value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            errors.push(ValidationError::new(
                path,
                ErrorKind::NotAllowed {
                    allowed: words,
                    found,
                },
            ));
            *value = placeholder(node, root);
        }
        return;
    }
    if let Some(expected) = node.get("type").and_then(Value::as_str)
        && !type_matches(value, expected)
    {
        errors.push(ValidationError::new(
            path,
            ErrorKind::WrongType {
                expected: expected.to_string(),
            },
        ));
        // A name written as a number keeps its meaning, so references to it
        // still resolve in the cross-field round.
        *value = match &*value {
            Value::Number(_) | Value::Bool(_) if expected == "string" => {
                Value::String(value.to_string())
            }
            _ => placeholder(node, root),
        };
        return;
    }
    match value {
        Value::Number(number) => {
            let x = number.as_f64().unwrap_or(f64::NAN);
            let bounds = Bounds::of(node);
            if !bounds.holds(x) {
                errors.push(ValidationError::new(
                    path,
                    ErrorKind::OutOfRange {
                        min: bounds.minimum.or(bounds.exclusive),
                        max: bounds.maximum,
                        exclusive_min: bounds.exclusive.is_some(),
                        found: x,
                    },
                ));
                let integer = node.get("type").and_then(Value::as_str) == Some("integer");
                *value = number_value(bounds.nearest(x, integer));
            }
        }
        Value::String(text) => {
            let length = text.chars().count();
            let min = node.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
            let max = node
                .get("maxLength")
                .and_then(Value::as_u64)
                .unwrap_or(u64::MAX) as usize;
            if length < min || length > max {
                errors.push(ValidationError::new(
                    path,
                    ErrorKind::BadLength {
                        min,
                        max,
                        found: length,
                    },
                ));
                let mut mended: String = text.chars().take(max).collect();
                while mended.chars().count() < min {
                    mended.push('?');
                }
                *text = mended;
            }
        }
        Value::Array(items) => check_array(items, node, root, path, errors),
        Value::Object(fields) => check_object(fields, node, root, path, errors),
        Value::Null | Value::Bool(_) => {}
    }
}

fn check_array(
    items: &mut Vec<Value>,
    node: &Value,
    root: &Value,
    path: &str,
    errors: &mut Vec<ValidationError>,
) {
    let item_schema = node.get("items");
    if let Some(min) = node.get("minItems").and_then(Value::as_u64)
        && (items.len() as u64) < min
    {
        errors.push(ValidationError::new(
            path,
            ErrorKind::TooFewItems {
                min: min as usize,
                found: items.len(),
            },
        ));
        let item = item_schema.map_or(Value::Null, |s| placeholder(s, root));
        items.resize(min as usize, item);
    }
    let mut item_errors = errors;
    let mut discarded = Vec::new();
    if let Some(max) = node.get("maxItems").and_then(Value::as_u64)
        && items.len() as u64 > max
    {
        item_errors.push(ValidationError::new(
            path,
            ErrorKind::TooManyItems {
                max: max as usize,
                found: items.len(),
            },
        ));
        items.truncate(max as usize);
        // Reporting the items of an oversized list could flood the report;
        // the size is the problem to fix first. They are still mended.
        item_errors = &mut discarded;
    }
    if let Some(item_schema) = item_schema {
        for (index, item) in items.iter_mut().enumerate() {
            check_node(
                item,
                item_schema,
                root,
                &format!("{path}[{index}]"),
                item_errors,
            );
        }
    }
}

fn check_object(
    fields: &mut Map<String, Value>,
    node: &Value,
    root: &Value,
    path: &str,
    errors: &mut Vec<ValidationError>,
) {
    let properties = node.get("properties").and_then(Value::as_object);
    if let Some(required) = node.get("required").and_then(Value::as_array) {
        for name in required.iter().filter_map(Value::as_str) {
            if !fields.contains_key(name) {
                errors.push(ValidationError::new(
                    join(path, name),
                    ErrorKind::MissingField,
                ));
                let field = properties
                    .and_then(|p| p.get(name))
                    .map_or(Value::Null, |schema| placeholder(schema, root));
                fields.insert(name.to_string(), field);
            }
        }
    }
    // A map with more keys than allowed (a grade mix naming thousands of
    // grades) is one error, not one per key: as with an overlong list, the
    // extra keys are dropped and the problems of the others not reported.
    let mut discarded = Vec::new();
    let errors = match node.get("maxProperties").and_then(Value::as_u64) {
        Some(max) if fields.len() as u64 > max => {
            errors.push(ValidationError::new(
                path,
                ErrorKind::TooManyItems {
                    max: max as usize,
                    found: fields.len(),
                },
            ));
            let extra: Vec<String> = fields.keys().skip(max as usize).cloned().collect();
            for name in extra {
                fields.remove(&name);
            }
            &mut discarded
        }
        _ => errors,
    };
    let mut unknown = Vec::new();
    for (name, value) in fields.iter_mut() {
        let field_path = join(path, name);
        match properties.and_then(|p| p.get(name)) {
            Some(field_schema) => check_node(value, field_schema, root, &field_path, errors),
            None => match node.get("additionalProperties") {
                Some(Value::Bool(false)) => {
                    let allowed = properties
                        .map(|p| p.keys().cloned().collect())
                        .unwrap_or_default();
                    errors.push(ValidationError::new(
                        field_path,
                        ErrorKind::UnknownField { allowed },
                    ));
                    unknown.push(name.clone());
                }
                Some(extra) if extra.is_object() => {
                    check_node(value, extra, root, &field_path, errors)
                }
                _ => {}
            },
        }
    }
    for name in unknown {
        fields.remove(&name);
    }
}

/// What the schema allows for a number field: what the forms show as the
/// input's range and step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NumberRule {
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The minimum itself is not allowed.
    pub exclusive_min: bool,
    /// Whole numbers only.
    pub integer: bool,
}

/// The schema node describing the value at JSON pointer `pointer` (e.g.
/// `/units/3/service_minutes/contact/mean`), following `properties`,
/// `items`, `additionalProperties` and local `$ref`s.
pub fn node_at(pointer: &str) -> Option<&'static Value> {
    let root = schema();
    let mut node = resolve(root, root);
    for part in pointer.split('/').skip(1) {
        let part = part.replace("~1", "/").replace("~0", "~");
        let next = if let Some(child) = node.get("properties").and_then(|p| p.get(&part)) {
            child
        } else if part.parse::<usize>().is_ok() && node.get("items").is_some() {
            &node["items"]
        } else {
            node.get("additionalProperties").filter(|a| a.is_object())?
        };
        node = resolve(next, root);
    }
    Some(node)
}

/// The range and step of the number field at `pointer`, if the schema
/// declares a number there.
pub fn number_rule(pointer: &str) -> Option<NumberRule> {
    let node = node_at(pointer)?;
    let kind = node.get("type").and_then(Value::as_str)?;
    if kind != "number" && kind != "integer" {
        return None;
    }
    let bounds = Bounds::of(node);
    Some(NumberRule {
        min: bounds.exclusive.or(bounds.minimum),
        max: bounds.maximum,
        exclusive_min: bounds.exclusive.is_some(),
        integer: kind == "integer",
    })
}

/// The allowed words of the field at `pointer` (its `enum`), or of the
/// items of the list there.
pub fn allowed_words(pointer: &str) -> Vec<&'static str> {
    let Some(node) = node_at(pointer) else {
        return Vec::new();
    };
    let node = match node.get("items") {
        Some(items) => resolve(items, schema()),
        None => node,
    };
    node.get("enum")
        .and_then(Value::as_array)
        .map(|words| words.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_parses_and_has_the_top_level_fields() {
        let schema: Value = serde_json::from_str(SCHEMA_JSON).expect("schema.json is valid JSON");
        for field in ["version", "grades", "sources", "units", "funnel"] {
            assert!(schema["properties"].get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn every_structural_problem_is_reported_at_once() {
        let value: Value = serde_json::json!({
            "version": 1,
            "name": {"en": "x", "zh": "x"},
            "horizon": {"days": -1},
            "grades": [],
            "sources": [{"name": "web", "leads_per_day": "many"}],
            "units": [{"name": "u", "headcount": 0, "colour": "red"}]
        });
        let mut errors = Vec::new();
        check(&value, &mut errors);
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "grades",
                "horizon.days",
                "sources[0].leads_per_day",
                "units[0].colour",
                "units[0].headcount"
            ],
            "{errors:#?}"
        );
    }

    #[test]
    fn number_rules_and_words_follow_the_schema_through_refs_and_items() {
        let rule = number_rule("/units/3/headcount").expect("a number");
        assert_eq!(
            (rule.min, rule.max, rule.integer),
            (Some(1.0), Some(100000.0), true)
        );
        let mean = number_rule("/units/0/service_minutes/contact/mean").expect("a number");
        assert_eq!(
            (mean.min, mean.exclusive_min, mean.integer),
            (Some(0.0), true, false)
        );
        let hour = number_rule("/sources/1/hourly_profile/23").expect("a number");
        assert_eq!(hour.max, Some(1000.0));
        let mix = number_rule("/sources/0/grade_mix_percent/H").expect("a number");
        assert_eq!(mix.max, Some(100.0));
        assert_eq!(number_rule("/units/0/name"), None);
        assert_eq!(number_rule("/nowhere/0"), None);
        assert_eq!(
            allowed_words("/units/0/office"),
            ["front", "middle", "back"]
        );
        assert_eq!(allowed_words("/units/0/hours/days").len(), 7);
        assert_eq!(allowed_words("/links/1/on_breach"), ["count", "reroute"]);
        // The full list is pinned to `vocab::DistKind::ALL` in vocab's tests.
        assert!(allowed_words("/grades/0/patience_minutes/kind").contains(&"exponential"));
    }
}
