//! The user's workspace: their scenarios, the selection and run settings.
//!
//! Pure data, no browser: the app keeps one in its state, autosaves it as
//! JSON under `orgflow.v1.workspace`, and restores it on start. Scenarios
//! are kept as their JSON text, exactly what the file format and the
//! validator take, so an invalid edit is kept (and shown with its errors)
//! rather than lost.
//!
//! Saved workspaces carry `schema`; [`Workspace::restore`] migrates every
//! earlier schema and rejects what it cannot read with a reason, so the app
//! can start from the presets and say what it could not read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::i18n::Lang;
use crate::scenario;

/// The schema written by this version.
pub const SCHEMA: u32 = 1;
/// Stored workspaces longer than this (UTF-16 code units, as the browser
/// counts them) are not read. It is the storage quota itself: whatever
/// storage accepted can be read back; only a tampered value can exceed it.
pub const MAX_STORED_UNITS: usize = super::quota::QUOTA_UNITS;

/// One scenario in the workspace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioDoc {
    /// Stable id within the workspace.
    pub id: String,
    /// The scenario file text (may be invalid while being edited).
    pub json: String,
    /// The preset it was made from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
}

impl ScenarioDoc {
    /// The built-in preset this scenario was opened from, when it no longer
    /// matches it (compared as parsed JSON, so layout does not count): the
    /// preset stays the baseline, and the library offers to reset to it.
    pub fn modified_preset(&self) -> Option<&str> {
        let preset = self.preset.as_deref()?;
        let original = scenario::presets::preset_json(preset)?;
        if self.json == original {
            return None;
        }
        let ours: Option<Value> = serde_json::from_str(&self.json).ok();
        let theirs: Option<Value> = serde_json::from_str(original).ok();
        (ours != theirs).then_some(preset)
    }

    /// The scenario's name in `lang`, falling back to the other language,
    /// then to the id.
    pub fn name(&self, lang: Lang) -> String {
        let value: Value = serde_json::from_str(&self.json).unwrap_or(Value::Null);
        let (first, second) = match lang {
            Lang::Zh => ("zh", "en"),
            Lang::En => ("en", "zh"),
        };
        [first, second]
            .iter()
            .filter_map(|l| value["name"][l].as_str())
            .find(|s| !s.trim().is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| self.id.clone())
    }
}

/// Seed, replications and optional target width for runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSettings {
    pub seed: u64,
    pub replications: u32,
    /// Stop early when the first-response 95 % half-width (minutes) is at
    /// most this.
    #[serde(default)]
    pub target_half_width: Option<f64>,
    /// The user's materiality thresholds by KPI key, each in the unit the
    /// comparison view shows (see `report::verdict::threshold`); KPIs not
    /// here use the defaults. They judge results, they do not change them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub materiality: BTreeMap<String, f64>,
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings {
            seed: 20251122,
            replications: 20,
            target_half_width: None,
            materiality: BTreeMap::new(),
        }
    }
}

/// The user's scenarios and choices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    pub schema: u32,
    pub scenarios: Vec<ScenarioDoc>,
    pub selected: Option<String>,
    #[serde(default)]
    pub settings: RunSettings,
    /// Scenario ids picked for comparison (first is the baseline).
    #[serde(default)]
    pub compare: Vec<String>,
    /// Next number for generated ids.
    #[serde(default)]
    pub next_id: u32,
}

/// Why a stored workspace could not be used.
#[derive(Clone, Debug, PartialEq)]
pub enum RestoreError {
    TooLarge(usize),
    Unreadable(String),
    NewerSchema(u32),
}

impl RestoreError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (RestoreError::TooLarge(n), Lang::En) => {
                format!("saved work is too large to read ({n} characters)")
            }
            (RestoreError::TooLarge(n), Lang::Zh) => {
                format!("已保存的数据过大，无法读取（{n} 个字符）")
            }
            (RestoreError::Unreadable(e), Lang::En) => format!("saved work is unreadable ({e})"),
            (RestoreError::Unreadable(e), Lang::Zh) => format!("已保存的数据无法读取（{e}）"),
            (RestoreError::NewerSchema(v), Lang::En) => {
                format!("saved work is from a newer version of orgflow (schema {v})")
            }
            (RestoreError::NewerSchema(v), Lang::Zh) => {
                format!("已保存的数据来自更新版本的 orgflow（格式 {v}）")
            }
        }
    }
}

impl Workspace {
    /// A workspace holding every preset, the first one selected.
    pub fn from_presets() -> Workspace {
        let scenarios: Vec<ScenarioDoc> = scenario::presets()
            .into_iter()
            .map(|p| ScenarioDoc {
                id: p.id.to_string(),
                json: p.json.to_string(),
                preset: Some(p.id.to_string()),
            })
            .collect();
        let selected = scenarios.first().map(|d| d.id.clone());
        Workspace {
            schema: SCHEMA,
            scenarios,
            selected,
            settings: RunSettings::default(),
            compare: Vec::new(),
            next_id: 1,
        }
    }

    /// Reads a saved workspace, migrating older schemas.
    pub fn restore(text: &str) -> Result<Workspace, RestoreError> {
        let units = super::quota::units(text);
        if units > MAX_STORED_UNITS {
            return Err(RestoreError::TooLarge(units));
        }
        let mut value: Value =
            serde_json::from_str(text).map_err(|e| RestoreError::Unreadable(e.to_string()))?;
        let value = match schema_of(&value)? {
            0 => migrate_v0(value)?,
            1 => {
                value["schema"] = Value::from(1);
                value
            }
            newer => return Err(RestoreError::NewerSchema(newer)),
        };
        let mut workspace: Workspace =
            serde_json::from_value(value).map_err(|e| RestoreError::Unreadable(e.to_string()))?;
        workspace.repair();
        Ok(workspace)
    }

    /// The JSON that autosave stores.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Makes a restored workspace consistent: a valid selection, known
    /// comparison ids, an id counter past every id in use.
    pub(crate) fn repair(&mut self) {
        self.schema = SCHEMA;
        let exists = |id: &String, docs: &[ScenarioDoc]| docs.iter().any(|d| &d.id == id);
        if !self
            .selected
            .as_ref()
            .is_some_and(|id| exists(id, &self.scenarios))
        {
            self.selected = self.scenarios.first().map(|d| d.id.clone());
        }
        let docs = self.scenarios.clone();
        self.compare.retain(|id| exists(id, &docs));
        self.settings.replications = self
            .settings
            .replications
            .clamp(1, scenario::MAX_REPLICATIONS);
    }

    pub fn selected(&self) -> Option<&ScenarioDoc> {
        let id = self.selected.as_ref()?;
        self.scenarios.iter().find(|d| &d.id == id)
    }

    pub fn get(&self, id: &str) -> Option<&ScenarioDoc> {
        self.scenarios.iter().find(|d| d.id == id)
    }

    pub fn select(&mut self, id: &str) {
        if self.get(id).is_some() {
            self.selected = Some(id.to_string());
        }
    }

    /// Selects the next or previous scenario, wrapping around.
    pub fn step(&mut self, delta: i32) {
        let n = self.scenarios.len() as i32;
        if n == 0 {
            return;
        }
        let current = self
            .selected
            .as_ref()
            .and_then(|id| self.scenarios.iter().position(|d| &d.id == id))
            .unwrap_or(0) as i32;
        let next = (current + delta).rem_euclid(n) as usize;
        self.selected = Some(self.scenarios[next].id.clone());
    }

    fn fresh_id(&mut self) -> String {
        loop {
            self.next_id += 1;
            let id = format!("s{}", self.next_id);
            if self.get(&id).is_none() {
                return id;
            }
        }
    }

    /// Adds a scenario (from a file, a link or a preset) and selects it.
    pub fn add(&mut self, json: String, preset: Option<String>) -> String {
        let id = self.fresh_id();
        self.scenarios.push(ScenarioDoc {
            id: id.clone(),
            json,
            preset,
        });
        self.selected = Some(id.clone());
        id
    }

    /// The preset scenario `id` was opened from, when it no longer matches
    /// it (see [`ScenarioDoc::modified_preset`]).
    pub fn modified_preset(&self, id: &str) -> Option<&str> {
        self.get(id)?.modified_preset()
    }

    /// Puts scenario `id` back to the preset it was opened from; false when
    /// it has none or already matches it.
    pub fn reset_to_preset(&mut self, id: &str) -> bool {
        let Some(original) = self
            .modified_preset(id)
            .and_then(scenario::presets::preset_json)
        else {
            return false;
        };
        match self.scenarios.iter_mut().find(|d| d.id == id) {
            Some(doc) => {
                doc.json = original.to_string();
                true
            }
            None => false,
        }
    }

    /// Selects the scenario made from `preset`, adding a fresh copy of the
    /// preset if the workspace has none.
    pub fn open_preset(&mut self, preset: &str) {
        if let Some(doc) = self
            .scenarios
            .iter()
            .find(|d| d.preset.as_deref() == Some(preset))
        {
            self.selected = Some(doc.id.clone());
        } else if let Some(p) = scenario::presets().into_iter().find(|p| p.id == preset) {
            self.add(p.json.to_string(), Some(preset.to_string()));
        }
    }

    /// Copies scenario `id` (its name marked as a copy) and selects the copy.
    pub fn duplicate(&mut self, id: &str) {
        let Some(doc) = self.get(id).cloned() else {
            return;
        };
        let json = edit_json(&doc.json, |value| {
            for (lang, suffix) in [("en", " (copy)"), ("zh", "（副本）")] {
                if let Some(name) = value["name"][lang].as_str() {
                    value["name"][lang] = Value::String(format!("{name}{suffix}"));
                }
            }
        })
        .unwrap_or(doc.json);
        self.add(json, None);
    }

    /// Renames scenario `id` in one language.
    pub fn rename(&mut self, id: &str, lang: Lang, name: &str) {
        let key = match lang {
            Lang::Zh => "zh",
            Lang::En => "en",
        };
        self.update_json(id, |value| {
            value["name"][key] = Value::String(name.to_string())
        });
    }

    /// Deletes scenario `id`; the selection moves to a neighbour.
    pub fn delete(&mut self, id: &str) {
        let Some(index) = self.scenarios.iter().position(|d| d.id == id) else {
            return;
        };
        self.scenarios.remove(index);
        self.compare.retain(|c| c != id);
        if self.selected.as_deref() == Some(id) {
            let neighbour = index.min(self.scenarios.len().saturating_sub(1));
            self.selected = self.scenarios.get(neighbour).map(|d| d.id.clone());
        }
    }

    /// Replaces scenario `id`'s text.
    pub fn set_json(&mut self, id: &str, json: String) {
        if let Some(doc) = self.scenarios.iter_mut().find(|d| d.id == id) {
            doc.json = json;
        }
    }

    /// Edits scenario `id` as a JSON value; does nothing when its text is
    /// not valid JSON (the text editor is the way to repair that).
    pub fn update_json(&mut self, id: &str, edit: impl FnOnce(&mut Value)) {
        let Some(doc) = self.scenarios.iter_mut().find(|d| d.id == id) else {
            return;
        };
        if let Some(json) = edit_json(&doc.json, edit) {
            doc.json = json;
        }
    }
}

/// The scenario "New" starts from: one dealer team answering one lead
/// source, small enough to read at a glance and valid as it stands.
pub fn blank_scenario_json() -> String {
    let value = serde_json::json!({
        "version": 1,
        "name": {"en": "New scenario", "zh": "新方案"},
        "description": {"en": "One lead source answered by one team.", "zh": "一个线索来源，由一个团队响应。"},
        "horizon": {"days": 14, "warmup_days": 1},
        "grades": [{"name": "A", "share_percent": 100, "expected_response_minutes": 60,
                    "patience_minutes": {"kind": "exponential", "mean": 240}}],
        "sources": [{"name": "website", "leads_per_day": 40, "entry_unit": "team", "cost_per_lead": 80}],
        "units": [{"name": "team", "office": "front", "headcount": 3, "hourly_cost": 60,
                   "service_minutes": {"contact": {"kind": "exponential", "mean": 20}}}]
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// Parses `json`, applies `edit`, and pretty-prints the result.
pub fn edit_json(json: &str, edit: impl FnOnce(&mut Value)) -> Option<String> {
    let mut value: Value = serde_json::from_str(json).ok()?;
    edit(&mut value);
    serde_json::to_string_pretty(&value).ok()
}

/// Sets the number at JSON pointer `path` (e.g. `/units/1/headcount`):
/// fields the schema declares integer are rounded, other whole numbers are
/// written without a fraction (see [`crate::document::edits::set_number`]). Returns
/// `None` when the path does not exist.
pub fn set_number(json: &str, path: &str, number: f64) -> Option<String> {
    let mut value: Value = serde_json::from_str(json).ok()?;
    value.pointer(path)?;
    if !crate::document::edits::set_number(&mut value, path, number) {
        return None;
    }
    serde_json::to_string_pretty(&value).ok()
}

/// The schema a saved workspace declares. Hand-edited or foreign files
/// write it as `1.0` or `"1"`; an object without the key is read as schema
/// 1 (its fields say what it is); only a bare list is schema 0. Anything
/// else is unreadable, so it is kept aside rather than read as empty.
fn schema_of(value: &Value) -> Result<u32, RestoreError> {
    let unreadable = |what: &str| Err(RestoreError::Unreadable(what.to_string()));
    match value {
        Value::Array(_) => Ok(0),
        Value::Object(map) => match map.get("schema") {
            None => Ok(1),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(x) if x.fract() == 0.0 && (1.0..=f64::from(u32::MAX)).contains(&x) => {
                    Ok(x as u32)
                }
                _ => unreadable("schema is not a version number"),
            },
            Some(Value::String(s)) => match s.trim().parse::<f64>() {
                Ok(x) if x.fract() == 0.0 && (1.0..=f64::from(u32::MAX)).contains(&x) => {
                    Ok(x as u32)
                }
                _ => unreadable("schema is not a version number"),
            },
            Some(_) => unreadable("schema is not a version number"),
        },
        _ => unreadable("not a workspace"),
    }
}

/// Before schema 1 (development builds) the workspace was a bare list of
/// scenario texts. A list with none is not a workspace (reading it as an
/// empty one would lose whatever it is).
fn migrate_v0(value: Value) -> Result<Value, RestoreError> {
    let list = value.as_array().map(Vec::as_slice).unwrap_or_default();
    let scenarios: Vec<Value> = list
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            v.as_str()
                .map(|json| serde_json::json!({"id": format!("m{}", i + 1), "json": json}))
        })
        .collect();
    if scenarios.is_empty() && !list.is_empty() {
        return Err(RestoreError::Unreadable("no scenario texts".into()));
    }
    let next_id = scenarios.len() as u32 + 1;
    Ok(
        serde_json::json!({"schema": 1, "scenarios": scenarios, "selected": null, "next_id": next_id}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_json(en: &str, zh: &str) -> String {
        serde_json::json!({"name": {"en": en, "zh": zh}, "units": [{"headcount": 3, "hourly_cost": 50.0}]}).to_string()
    }

    fn workspace_with(names: &[&str]) -> Workspace {
        let mut ws = Workspace {
            schema: SCHEMA,
            scenarios: Vec::new(),
            selected: None,
            settings: RunSettings::default(),
            compare: Vec::new(),
            next_id: 0,
        };
        for name in names {
            ws.add(doc_json(name, name), None);
        }
        ws
    }

    #[test]
    fn saved_workspace_round_trips() {
        let mut ws = workspace_with(&["A", "B"]);
        ws.settings.seed = 7;
        ws.compare = vec!["s1".into(), "s2".into()];
        assert_eq!(Workspace::restore(&ws.to_json()), Ok(ws));
    }

    #[test]
    fn schema_0_fixture_migrates() {
        let v0 = serde_json::json!([doc_json("Old", "旧"), doc_json("Older", "更旧")]).to_string();
        let ws = Workspace::restore(&v0).expect("schema 0 migrates");
        assert_eq!(ws.schema, SCHEMA);
        assert_eq!(ws.scenarios.len(), 2);
        assert_eq!(ws.selected.as_deref(), Some("m1"));
        assert_eq!(ws.scenarios[1].name(Lang::Zh), "更旧");
    }

    #[test]
    fn corrupt_newer_and_huge_storage_are_errors_not_panics() {
        assert!(matches!(
            Workspace::restore("{not json"),
            Err(RestoreError::Unreadable(_))
        ));
        assert!(matches!(
            Workspace::restore("{\"schema\": 1}"),
            Err(RestoreError::Unreadable(_))
        ));
        assert_eq!(
            Workspace::restore("{\"schema\": 99}"),
            Err(RestoreError::NewerSchema(99))
        );
        let huge = " ".repeat(MAX_STORED_UNITS + 1);
        assert_eq!(
            Workspace::restore(&huge),
            Err(RestoreError::TooLarge(MAX_STORED_UNITS + 1))
        );
        for garbage in ["", "null", "[]", "42", "\"x\"", "{\"schema\": \"1\"}"] {
            let _ = Workspace::restore(garbage);
        }
    }

    #[test]
    fn schema_written_as_a_float_a_string_or_left_out_is_read() {
        let ws = workspace_with(&["Mine"]);
        let text = ws.to_json();
        for schema in ["1.0", "\"1\"", "\" 1 \""] {
            let edited = text.replacen("\"schema\":1", &format!("\"schema\":{schema}"), 1);
            assert_ne!(edited, text);
            assert_eq!(Workspace::restore(&edited), Ok(ws.clone()), "{schema}");
        }
        let without = text.replacen("\"schema\":1,", "", 1);
        assert_eq!(Workspace::restore(&without), Ok(ws.clone()));
        for bad in ["1.5", "\"one\"", "true", "-1", "0"] {
            let edited = text.replacen("\"schema\":1", &format!("\"schema\":{bad}"), 1);
            assert!(
                matches!(
                    Workspace::restore(&edited),
                    Err(RestoreError::Unreadable(_))
                ),
                "{bad}"
            );
        }
        // A list without scenario texts is not an empty workspace.
        assert!(matches!(
            Workspace::restore("[1, 2]"),
            Err(RestoreError::Unreadable(_))
        ));
        // What is not a workspace is refused, not read as an empty one.
        assert!(Workspace::restore("{\"foo\": 1}").is_err());
    }

    #[test]
    fn restore_repairs_a_dangling_selection() {
        let mut ws = workspace_with(&["A"]);
        ws.selected = Some("gone".into());
        ws.compare = vec!["gone".into(), "s1".into()];
        let restored = Workspace::restore(&ws.to_json()).expect("readable");
        assert_eq!(restored.selected.as_deref(), Some("s1"));
        assert_eq!(restored.compare, vec!["s1".to_string()]);
    }

    #[test]
    fn duplicate_rename_delete_and_step() {
        let mut ws = workspace_with(&["A", "B"]);
        ws.duplicate("s1");
        assert_eq!(
            ws.selected().map(|d| d.name(Lang::En)),
            Some("A (copy)".into())
        );
        assert_eq!(
            ws.selected().map(|d| d.name(Lang::Zh)),
            Some("A（副本）".into())
        );
        ws.rename("s3", Lang::En, "<script>alert(1)</script>");
        assert_eq!(
            ws.get("s3").map(|d| d.name(Lang::En)),
            Some("<script>alert(1)</script>".into())
        );
        ws.step(1);
        assert_eq!(ws.selected.as_deref(), Some("s1"));
        ws.step(-1);
        assert_eq!(ws.selected.as_deref(), Some("s3"));
        ws.delete("s3");
        assert_eq!(ws.selected.as_deref(), Some("s2"));
        assert_eq!(ws.scenarios.len(), 2);
    }

    #[test]
    fn set_number_keeps_integers_integral_and_rejects_missing_paths() {
        let json = doc_json("A", "A");
        let edited = set_number(&json, "/units/0/headcount", 4.6).expect("path exists");
        assert!(edited.contains("\"headcount\": 5"));
        let edited = set_number(&json, "/units/0/hourly_cost", 62.5).expect("path exists");
        assert!(edited.contains("\"hourly_cost\": 62.5"));
        assert_eq!(set_number(&json, "/units/9/headcount", 1.0), None);
        assert_eq!(set_number("{oops", "/a", 1.0), None);
    }

    #[test]
    fn an_edited_preset_is_marked_and_resets_to_the_preset() {
        let mut ws = Workspace::from_presets();
        let Some(id) = ws.selected.clone() else {
            panic!("the presets workspace selects one");
        };
        assert_eq!(
            ws.modified_preset(&id),
            None,
            "a fresh preset is not modified"
        );
        assert!(!ws.reset_to_preset(&id));
        // Re-indenting is not a change.
        let doc = ws.scenarios.iter_mut().find(|d| d.id == id).map(|d| {
            let value: Value = serde_json::from_str(&d.json).unwrap_or_default();
            d.json = serde_json::to_string(&value).unwrap_or_default();
            d.json.clone()
        });
        assert!(doc.is_some());
        assert_eq!(ws.modified_preset(&id), None);
        // A changed value is.
        if let Some(d) = ws.scenarios.iter_mut().find(|d| d.id == id) {
            let mut value: Value = serde_json::from_str(&d.json).unwrap_or_default();
            value["units"][0]["headcount"] = Value::from(99);
            d.json = value.to_string();
        }
        let preset = ws.modified_preset(&id);
        assert!(preset.is_some());
        assert!(ws.reset_to_preset(&id));
        assert_eq!(ws.modified_preset(&id), None);
        // A scenario not from a preset is never "modified".
        let own = ws.add(blank_scenario_json(), None);
        assert_eq!(ws.modified_preset(&own), None);
    }

    #[test]
    fn the_blank_scenario_and_every_preset_validate() {
        assert_eq!(scenario::load(&blank_scenario_json()).err(), None);
        let ws = Workspace::from_presets();
        assert!(ws.scenarios.len() >= 5);
        for doc in &ws.scenarios {
            assert_eq!(scenario::load(&doc.json).err(), None, "{}", doc.id);
        }
    }

    #[test]
    fn names_fall_back_across_languages_and_to_the_id() {
        let mut ws = workspace_with(&[]);
        ws.add(
            serde_json::json!({"name": {"en": "Only English", "zh": ""}}).to_string(),
            None,
        );
        ws.add("not json".into(), None);
        assert_eq!(ws.scenarios[0].name(Lang::Zh), "Only English");
        assert_eq!(ws.scenarios[1].name(Lang::Zh), "s2");
    }
}
