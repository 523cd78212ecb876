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
//!
//! [`diff::diff`] lists what differs between two validated scenarios and
//! which assumptions cover each difference (their `covers` field paths,
//! see [`path`]).
//!
//! Files: [`format`] (the typed file, field by field), [`json`] (reading
//! JSON text: syntax errors, keys written twice), [`schema`] (applies
//! `schema.json`), [`validate`](mod@validate) (a folder: the cross-field rules, one file
//! per part of the scenario, each returning its piece of the [`Model`]),
//! [`vocab`] (the format's words as enums: distribution kinds and their
//! parameters, service tasks, weekdays), [`error`] (error kinds and their
//! messages in both languages), [`path`] (field paths), [`diff`], and
//! [`presets`].
//!
//! Adding a distribution kind: a variant of [`vocab::DistKind`], after which
//! the compiler points at its label (`i18n.rs`), its conversion in
//! `validate/distributions.rs` and, for a new shape, the sampler in
//! `sim/dist.rs`; a test in `vocab` points at the word list in `schema.json`.

pub mod diff;
pub mod error;
pub mod format;
pub mod json;
pub mod path;
pub mod presets;
pub mod schema;
pub mod validate;
pub mod vocab;

pub use error::{Constraint, ErrorKind, ValidationError};
pub use format::Scenario;
pub use presets::{Preset, presets};
pub use schema::SCHEMA_JSON;
pub use validate::{FORMAT_VERSION, MAX_REPLICATIONS, validate};

use crate::sim::Model;

/// The largest scenario file read, in bytes: the app refuses larger imports
/// before reading them and the command-line tool stops reading there.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// Parses scenario text: JSON syntax (with line and column; a leading
/// byte-order mark is skipped, a key written twice is refused), then the schema
/// (types, unknown and missing fields, ranges), then the typed structure.
/// When the schema finds problems, the cross-field checks of [`validate`]
/// still run on a mended copy, and their findings outside the broken fields
/// join the list: one round shows every problem.
pub fn parse(json: &str) -> Result<Scenario, Vec<ValidationError>> {
    let value = json::read(json).map_err(|e| match e {
        json::ReadError::Syntax(e) => vec![ValidationError::new(
            "",
            ErrorKind::Syntax {
                line: e.line(),
                column: e.column(),
                detail: syntax_detail(&e),
            },
        )],
        json::ReadError::DuplicateKeys(paths) => paths
            .into_iter()
            .map(|path| ValidationError::new(path, ErrorKind::DuplicateKey))
            .collect(),
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
    let mut value = value;
    schema::check_and_mend(&mut value, &mut errors);
    integral_floats_to_integers(&mut value);
    let typed = serde_json::from_value::<Scenario>(value);
    if errors.is_empty() {
        return typed.map_err(|e| {
            vec![ValidationError::new(
                "",
                ErrorKind::WrongType {
                    expected: format!("a scenario ({e})"),
                },
            )]
        });
    }
    // Structural problems, but the mended copy is typed: report the
    // cross-field problems too, so the user fixes everything in one round.
    // A list cut to its maximum loses names other fields refer to: its
    // cross-field findings would be noise, so that round waits.
    let truncated = errors
        .iter()
        .any(|e| matches!(e.kind, ErrorKind::TooManyItems { .. }));
    if !truncated
        && let Ok(mended) = typed
        && let Err(cross) = validate(&mended)
    {
        let structural: Vec<String> = errors.iter().map(|e| e.path.clone()).collect();
        errors.extend(
            cross
                .into_iter()
                .filter(|e| !structural.iter().any(|s| paths_related(s, &e.path))),
        );
    }
    Err(errors)
}

/// Whether one field path lies inside the other (or they are the same):
/// `units[0]` and `units[0].headcount` are related, `units[1]` is not.
fn paths_related(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.strip_prefix(short).is_some_and(|rest| {
        short.is_empty() || rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')
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
