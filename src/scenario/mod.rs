//! Scenario files: the versioned JSON format, its JSON Schema, validation
//! into a [`Model`], and the built-in presets.
//!
//! ```text
//! text ──parse──► Scenario ──validate──► Model
//!        (syntax, schema:     (references, shares,
//!         types, unknown       cycles, sizes)
//!         fields, ranges)
//! ```
//!
//! Both steps report every problem they find at once, each with a field path
//! such as `units[2].headcount`, a machine-readable code and the allowed
//! range; [`ValidationError::message`] renders it in English or Chinese.
//! After [`load`] succeeds the core cannot fail.

pub mod error;
pub mod format;
pub mod presets;
pub mod schema;
pub mod validate;

pub use error::{ErrorKind, ValidationError};
pub use format::Scenario;
pub use presets::{Preset, presets};
pub use schema::SCHEMA_JSON;
pub use validate::{FORMAT_VERSION, MAX_REPLICATIONS, validate};

use crate::sim::Model;

/// Parses scenario text: JSON syntax (with line and column), then the schema
/// (types, unknown and missing fields, ranges), then the typed structure.
pub fn parse(json: &str) -> Result<Scenario, Vec<ValidationError>> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        vec![ValidationError::new(
            "",
            ErrorKind::Syntax {
                line: e.line(),
                column: e.column(),
                detail: syntax_detail(&e),
            },
        )]
    })?;
    // A file from another format version would otherwise drown in
    // unknown-field errors; say the one thing that matters.
    if let Some(version) = value.get("version")
        && version.as_u64() != Some(u64::from(FORMAT_VERSION))
    {
        return Err(vec![ValidationError::new(
            "version",
            ErrorKind::UnsupportedVersion {
                supported: FORMAT_VERSION,
                found: version.to_string(),
            },
        )]);
    }
    let mut errors = Vec::new();
    schema::check(&value, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut value = value;
    integral_floats_to_integers(&mut value);
    serde_json::from_value(value).map_err(|e| {
        vec![ValidationError::new(
            "",
            ErrorKind::WrongType {
                expected: format!("a scenario ({e})"),
            },
        )]
    })
}

/// JSON Schema counts `2.0` as an integer, and so does the schema check,
/// but serde's integer fields refuse a JSON float: such a file used to fail
/// with one error without a field path. After the range checks every
/// integral float fits, so it becomes the integer it denotes (floating-point
/// fields read integers unchanged).
fn integral_floats_to_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if !(n.is_i64() || n.is_u64()) => {
            if let Some(x) = n.as_f64()
                && x.fract() == 0.0
                && x.abs() <= 9_007_199_254_740_992.0
            {
                *value = if x < 0.0 {
                    Value::from(x as i64)
                } else {
                    Value::from(x as u64)
                };
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_to_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_floats_to_integers),
        _ => {}
    }
}

/// The part of a serde_json error message without its " at line … column …" suffix.
fn syntax_detail(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.find(" at line ") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

/// Parses and validates in one step.
pub fn load(json: &str) -> Result<Model, Vec<ValidationError>> {
    validate(&parse(json)?)
}
