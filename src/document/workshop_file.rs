//! The workshop file: several scenarios *and* their results in one file,
//! to reopen after the workshop without running anything again (issue 12.6).
//!
//! ```text
//! {"format": "orgflow-workshop", "version": 1, "app_version": "…",
//!  "settings": {seed, replications, target_half_width, materiality},
//!  "scenarios": [{"scenario": {…} | "unparsable text", "preset": id?}],
//!  "runs": [{"kind": "single" | "compare" | "sweep" | "explain"
//!                    | "sensitivity" | "uncertainty", "scenarios": [i, …],
//!            ("path", "label", "values" for a sweep,)
//!            ("range_percent", "only" for a sensitivity,)
//!            "replications": n, "results": "<packed>"}]}
//! ```
//!
//! An analysis (explain, sensitivity, uncertain inputs) keeps what its plan
//! is made from (its scenarios, the settings' seed, a sensitivity's range
//! and inputs), not the plan: reopening makes the plan again with the same
//! code, which is deterministic, and keeps the results only where the plan
//! has as many variants as the file has results. An optimisation is not
//! kept: its search ran batch by batch, and its answer can be saved as a
//! scenario of its own.
//!
//! Scenarios are written as JSON, so the file can be read and diffed like a
//! scenario file. A run keeps its replications' raw results, not the
//! report drawn from them: reopening rebuilds the report with the same code
//! as a finished run, so the cards, charts and exports show exactly the
//! figures of the day, to the bit. The results are packed (bincode, zlib,
//! base64): a preset's 20 replications are a few hundred kilobytes as JSON
//! and a small fraction of that packed. bincode is not self-describing, so
//! results written by another version may not read back; the file says
//! which version wrote it, and such runs are dropped with a notice while
//! the scenarios still open (they are plain JSON).
//!
//! A file is untrusted input: its size is capped before reading (by the
//! app), the packed results are inflated with a cap, and every index and
//! count is checked before anything reaches the workspace.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use super::share::inflate_capped;
use super::workspace::RunSettings;
use crate::i18n::{Lang, Text};
use crate::sim::ReplicationResult;

/// The `format` field that tells a workshop file from a scenario file.
pub const FORMAT: &str = "orgflow-workshop";
/// The version this build writes and the newest it reads.
pub const VERSION: u64 = 1;
/// Largest workshop file the app reads (a scenario file's cap is far
/// smaller: a workshop file carries results).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Largest unpacked results of one run: 10,000 replications of a 200-unit
/// scenario (the caps) unpack to well under this.
const MAX_RESULTS_BYTES: usize = 256 * 1024 * 1024;
/// zlib level: a file is written once per click, so take the smaller file.
const COMPRESSION_LEVEL: u8 = 6;

/// A scenario as the workshop had it.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedScenario {
    /// The scenario's text (written as JSON when it parses).
    pub json: String,
    /// The preset it was opened from, so "modified" and "reset" still work.
    pub preset: Option<String>,
}

/// Which scenarios a run ran, by index into [`WorkshopFile::scenarios`].
#[derive(Clone, Debug, PartialEq)]
pub enum SavedKind {
    Single(usize),
    /// The first is the baseline.
    Compare(Vec<usize>),
    Sweep {
        scenario: usize,
        path: String,
        label: String,
        values: Vec<f64>,
    },
    /// Why `b` differs from `a`: a variant per coalition of input groups.
    Explain {
        a: usize,
        b: usize,
    },
    /// Each input of `only` (comma-separated paths; every numeric input
    /// when empty) `range_percent` % down and up.
    Sensitivity {
        scenario: usize,
        range_percent: f64,
        only: String,
    },
    /// The scenario's uncertain inputs drawn per replication.
    Uncertainty(usize),
}

impl SavedKind {
    /// The scenarios it ran, in run order (a sweep runs one scenario).
    pub fn scenarios(&self) -> Vec<usize> {
        match self {
            SavedKind::Single(i) => vec![*i],
            SavedKind::Compare(ids) => ids.clone(),
            SavedKind::Sweep { scenario, .. } => vec![*scenario],
            SavedKind::Explain { a, b } => vec![*a, *b],
            SavedKind::Sensitivity { scenario, .. } => vec![*scenario],
            SavedKind::Uncertainty(scenario) => vec![*scenario],
        }
    }

    /// How many variants its results hold, where the kind alone says; an
    /// analysis's count comes from its plan, which the app makes again.
    pub fn variants(&self) -> Option<usize> {
        match self {
            SavedKind::Single(_) => Some(1),
            SavedKind::Compare(ids) => Some(ids.len()),
            SavedKind::Sweep { values, .. } => Some(values.len()),
            SavedKind::Explain { .. } | SavedKind::Sensitivity { .. } => None,
            SavedKind::Uncertainty(_) => Some(2),
        }
    }

    fn key(&self) -> &'static str {
        match self {
            SavedKind::Single(_) => "single",
            SavedKind::Compare(_) => "compare",
            SavedKind::Sweep { .. } => "sweep",
            SavedKind::Explain { .. } => "explain",
            SavedKind::Sensitivity { .. } => "sensitivity",
            SavedKind::Uncertainty(_) => "uncertainty",
        }
    }
}

/// A finished run: per variant, its replications in replication order.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedRun {
    pub kind: SavedKind,
    pub results: Vec<Vec<ReplicationResult>>,
}

/// What a workshop file holds.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkshopFile {
    pub settings: RunSettings,
    pub scenarios: Vec<SavedScenario>,
    pub runs: Vec<SavedRun>,
}

/// A file that was read: what could be restored, and how many runs could
/// not (results from another version, or damaged).
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    pub file: WorkshopFile,
    pub dropped_runs: usize,
}

/// Why a file is not a workshop file this build can open.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkshopError {
    /// Written by a newer orgflow (its version).
    Newer(u64),
    /// A field is missing or wrong (its path).
    Invalid(String),
}

impl WorkshopError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            WorkshopError::Newer(v) => {
                format!("{} ({v} > {VERSION})", lang.text(Text::WorkshopNewer))
            }
            WorkshopError::Invalid(path) => format!("{} {path}", lang.text(Text::WorkshopInvalid)),
        }
    }
}

/// Whether `value` (a parsed file) claims to be a workshop file.
pub fn is_workshop(value: &Value) -> bool {
    value.get("format").and_then(Value::as_str) == Some(FORMAT)
}

/// The file's text.
pub fn write(file: &WorkshopFile) -> String {
    let scenarios: Vec<Value> = file
        .scenarios
        .iter()
        .map(|s| {
            let mut entry = Map::new();
            let scenario = serde_json::from_str::<Value>(&s.json)
                .unwrap_or_else(|_| Value::String(s.json.clone()));
            entry.insert("scenario".into(), scenario);
            if let Some(preset) = &s.preset {
                entry.insert("preset".into(), json!(preset));
            }
            Value::Object(entry)
        })
        .collect();
    let runs: Vec<Value> = file
        .runs
        .iter()
        .map(|run| {
            let mut entry = Map::new();
            entry.insert("kind".into(), json!(run.kind.key()));
            entry.insert("scenarios".into(), json!(run.kind.scenarios()));
            if let SavedKind::Sweep {
                path,
                label,
                values,
                ..
            } = &run.kind
            {
                entry.insert("path".into(), json!(path));
                entry.insert("label".into(), json!(label));
                entry.insert("values".into(), json!(values));
            }
            if let SavedKind::Sensitivity {
                range_percent,
                only,
                ..
            } = &run.kind
            {
                entry.insert("range_percent".into(), json!(range_percent));
                entry.insert("only".into(), json!(only));
            }
            let replications = run.results.first().map_or(0, Vec::len);
            entry.insert("replications".into(), json!(replications));
            entry.insert("results".into(), json!(pack(&run.results)));
            Value::Object(entry)
        })
        .collect();
    let value = json!({
        "format": FORMAT,
        "version": VERSION,
        "app_version": env!("CARGO_PKG_VERSION"),
        "settings": file.settings,
        "scenarios": scenarios,
        "runs": runs,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// Reads a parsed workshop file (see [`is_workshop`]).
pub fn read(value: &Value) -> Result<Opened, WorkshopError> {
    let invalid = |path: &str| WorkshopError::Invalid(path.to_string());
    let version = value
        .get("version")
        .and_then(Value::as_u64)
        .ok_or_else(|| invalid("/version"))?;
    if version > VERSION {
        return Err(WorkshopError::Newer(version));
    }
    let settings: RunSettings = value
        .get("settings")
        .cloned()
        .and_then(|s| serde_json::from_value(s).ok())
        .ok_or_else(|| invalid("/settings"))?;
    let scenarios = value
        .get("scenarios")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("/scenarios"))?
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let json = match entry.get("scenario") {
                Some(Value::String(text)) => text.clone(),
                Some(scenario @ Value::Object(_)) => {
                    serde_json::to_string_pretty(scenario).unwrap_or_default()
                }
                _ => return Err(invalid(&format!("/scenarios/{i}/scenario"))),
            };
            let preset = match entry.get("preset") {
                None | Some(Value::Null) => None,
                Some(Value::String(id)) => Some(id.clone()),
                Some(_) => return Err(invalid(&format!("/scenarios/{i}/preset"))),
            };
            Ok(SavedScenario { json, preset })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut runs = Vec::new();
    let mut dropped_runs = 0;
    let empty = Vec::new();
    let saved_runs = match value.get("runs") {
        None => &empty,
        Some(runs) => runs.as_array().ok_or_else(|| invalid("/runs"))?,
    };
    for (i, entry) in saved_runs.iter().enumerate() {
        let kind = kind_of(entry, scenarios.len()).ok_or_else(|| invalid(&format!("/runs/{i}")))?;
        // Results that do not read back (another version's layout, a
        // damaged file) lose the run, not the workshop.
        match entry
            .get("results")
            .and_then(Value::as_str)
            .and_then(unpack)
            .filter(|results| well_formed(results, &kind))
        {
            Some(results) => runs.push(SavedRun { kind, results }),
            None => dropped_runs += 1,
        }
    }
    Ok(Opened {
        file: WorkshopFile {
            settings,
            scenarios,
            runs,
        },
        dropped_runs,
    })
}

fn kind_of(entry: &Value, scenarios: usize) -> Option<SavedKind> {
    let indices: Vec<usize> = entry
        .get("scenarios")?
        .as_array()?
        .iter()
        .map(|i| i.as_u64().and_then(|i| usize::try_from(i).ok()))
        .collect::<Option<_>>()?;
    if indices.iter().any(|&i| i >= scenarios) {
        return None;
    }
    match (entry.get("kind")?.as_str()?, indices.as_slice()) {
        ("single", &[i]) => Some(SavedKind::Single(i)),
        ("compare", ids) if (2..=4).contains(&ids.len()) => Some(SavedKind::Compare(indices)),
        ("sweep", &[scenario]) => {
            let values: Vec<f64> = entry
                .get("values")?
                .as_array()?
                .iter()
                .map(Value::as_f64)
                .collect::<Option<_>>()?;
            (!values.is_empty()).then_some(())?;
            Some(SavedKind::Sweep {
                scenario,
                path: entry.get("path")?.as_str()?.to_string(),
                label: entry.get("label")?.as_str()?.to_string(),
                values,
            })
        }
        ("explain", &[a, b]) if a != b => Some(SavedKind::Explain { a, b }),
        ("sensitivity", &[scenario]) => {
            let range_percent = entry.get("range_percent")?.as_f64()?;
            (range_percent > 0.0 && range_percent < 100.0).then_some(())?;
            Some(SavedKind::Sensitivity {
                scenario,
                range_percent,
                only: entry.get("only")?.as_str()?.to_string(),
            })
        }
        ("uncertainty", &[scenario]) => Some(SavedKind::Uncertainty(scenario)),
        _ => None,
    }
}

/// One list per variant, all of the same non-zero length, replications
/// numbered 0, 1, … in order (what a finished run's common prefix is).
fn well_formed(results: &[Vec<ReplicationResult>], kind: &SavedKind) -> bool {
    let n = results.first().map_or(0, Vec::len);
    kind.variants().is_none_or(|v| results.len() == v)
        && !results.is_empty()
        && n > 0
        && results.iter().all(|variant| {
            variant.len() == n
                && variant
                    .iter()
                    .enumerate()
                    .all(|(i, r)| r.replication as usize == i)
        })
}

fn pack(results: &[Vec<ReplicationResult>]) -> String {
    // Serialising plain data into a Vec cannot fail.
    let bytes = bincode::serialize(results).unwrap_or_default();
    STANDARD.encode(miniz_oxide::deflate::compress_to_vec_zlib(
        &bytes,
        COMPRESSION_LEVEL,
    ))
}

fn unpack(text: &str) -> Option<Vec<Vec<ReplicationResult>>> {
    let compressed = STANDARD.decode(text).ok()?;
    let bytes = inflate_capped(&compressed, MAX_RESULTS_BYTES).ok()?;
    bincode::deserialize(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;
    use crate::sim;

    fn results_of(json: &str, replications: u32) -> Vec<ReplicationResult> {
        let model = scenario::load(json).unwrap_or_else(|e| panic!("{e:?}"));
        (0..replications)
            .map(|r| sim::run_replication(&model, 7, r))
            .collect()
    }

    fn example() -> WorkshopFile {
        let a = std::fs::read_to_string("examples/validation/mm1.json").unwrap_or_default();
        let b = std::fs::read_to_string("examples/validation/mm5_rho09.json").unwrap_or_default();
        WorkshopFile {
            settings: RunSettings {
                seed: 7,
                replications: 3,
                ..RunSettings::default()
            },
            scenarios: vec![
                SavedScenario {
                    json: a.clone(),
                    preset: None,
                },
                SavedScenario {
                    json: "{ not json".into(),
                    preset: Some("some_preset".into()),
                },
                SavedScenario {
                    json: b.clone(),
                    preset: None,
                },
            ],
            runs: vec![
                SavedRun {
                    kind: SavedKind::Single(0),
                    results: vec![results_of(&a, 3)],
                },
                SavedRun {
                    kind: SavedKind::Compare(vec![0, 2]),
                    results: vec![results_of(&a, 3), results_of(&b, 3)],
                },
            ],
        }
    }

    fn reopen(text: &str) -> Result<Opened, WorkshopError> {
        let value: Value = serde_json::from_str(text).unwrap_or_default();
        assert!(is_workshop(&value));
        read(&value)
    }

    #[test]
    fn results_come_back_to_the_bit_and_scenarios_as_they_were() {
        let file = example();
        let opened = reopen(&write(&file)).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(opened.dropped_runs, 0);
        assert_eq!(opened.file.runs, file.runs, "bit-identical results");
        assert_eq!(opened.file.settings, file.settings);
        // A scenario that parses comes back as the same JSON value (the
        // text is re-indented); one that does not, as the very text.
        let value = |t: &str| serde_json::from_str::<Value>(t).ok();
        assert_eq!(
            value(&opened.file.scenarios[0].json),
            value(&file.scenarios[0].json)
        );
        assert_eq!(opened.file.scenarios[1], file.scenarios[1]);
    }

    #[test]
    fn damaged_results_lose_the_run_not_the_workshop() {
        let mut value: Value = serde_json::from_str(&write(&example())).unwrap_or_default();
        value["runs"][1]["results"] = json!("AAAA");
        let opened = reopen(&value.to_string()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(opened.dropped_runs, 1);
        assert_eq!(opened.file.runs.len(), 1);
        assert_eq!(opened.file.scenarios.len(), 3);
    }

    #[test]
    fn bad_indices_and_newer_versions_are_refused_by_path() {
        let text = write(&example());
        let mut value: Value = serde_json::from_str(&text).unwrap_or_default();
        value["runs"][1]["scenarios"] = json!([0, 9]);
        assert_eq!(read(&value), Err(WorkshopError::Invalid("/runs/1".into())));
        let mut value: Value = serde_json::from_str(&text).unwrap_or_default();
        value["version"] = json!(2);
        assert_eq!(read(&value), Err(WorkshopError::Newer(2)));
        assert!(WorkshopError::Newer(2).message(Lang::Zh).contains("2 > 1"));
        let mut value: Value = serde_json::from_str(&text).unwrap_or_default();
        value["settings"] = json!("x");
        assert_eq!(
            read(&value),
            Err(WorkshopError::Invalid("/settings".into()))
        );
    }

    #[test]
    fn results_that_do_not_fit_their_run_are_dropped() {
        // A comparison with one variant's results is not a comparison.
        let mut file = example();
        file.runs[1].results.pop();
        let opened = reopen(&write(&file)).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(opened.dropped_runs, 1);
        assert!(!is_workshop(&json!({"version": 1})));
    }

    #[test]
    fn analyses_keep_what_their_plans_are_made_from() {
        let mut file = example();
        let a = file.runs[1].results[0].clone();
        let b = file.runs[1].results[1].clone();
        file.runs = vec![
            SavedRun {
                kind: SavedKind::Explain { a: 0, b: 2 },
                results: vec![a.clone(), b.clone(), a.clone(), b.clone()],
            },
            SavedRun {
                kind: SavedKind::Sensitivity {
                    scenario: 0,
                    range_percent: 10.0,
                    only: "units[0].headcount".into(),
                },
                results: vec![a.clone(), a.clone(), a.clone()],
            },
            SavedRun {
                kind: SavedKind::Uncertainty(2),
                results: vec![b.clone(), b.clone()],
            },
        ];
        let text = write(&file);
        let opened = reopen(&text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(opened.dropped_runs, 0);
        assert_eq!(opened.file.runs, file.runs, "kinds and results to the bit");

        // The file's own checks: an explanation of a scenario by itself, a
        // range outside (0, 100) %, and uncertain inputs without their two
        // variants are refused or dropped.
        let value: Value = serde_json::from_str(&text).unwrap_or_default();
        let mut same = value.clone();
        same["runs"][0]["scenarios"] = json!([2, 2]);
        assert_eq!(read(&same), Err(WorkshopError::Invalid("/runs/0".into())));
        let mut range = value.clone();
        range["runs"][1]["range_percent"] = json!(100);
        assert_eq!(read(&range), Err(WorkshopError::Invalid("/runs/1".into())));
        let mut short = file.clone();
        short.runs[2].results.pop();
        let opened = reopen(&write(&short)).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(opened.dropped_runs, 1);
    }
}
