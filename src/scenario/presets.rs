//! Built-in presets: the files in `examples/`, compiled into the binary so
//! the app and the CLI ship exactly the same scenarios.

use super::format::Text;

/// A built-in scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// Stable identifier (also the file name without `.json`).
    pub id: &'static str,
    pub name: Text,
    pub description: Text,
    /// The scenario file.
    pub json: &'static str,
}

const FILES: [(&str, &str); 5] = [
    (
        "faw_vw_front_back_before",
        include_str!("../../examples/faw_vw_front_back_before.json"),
    ),
    (
        "faw_vw_front_middle_back_after",
        include_str!("../../examples/faw_vw_front_middle_back_after.json"),
    ),
    (
        "saic_maxus_three_channels",
        include_str!("../../examples/saic_maxus_three_channels.json"),
    ),
    (
        "saic_gm_7s_owner_lifecycle",
        include_str!("../../examples/saic_gm_7s_owner_lifecycle.json"),
    ),
    (
        "digital_user_operations_one_id",
        include_str!("../../examples/digital_user_operations_one_id.json"),
    ),
];

/// The file of preset `id` (without parsing every preset, as [`presets`] does).
pub fn preset_json(id: &str) -> Option<&'static str> {
    FILES
        .iter()
        .find(|(preset, _)| *preset == id)
        .map(|(_, json)| *json)
}

/// All presets, in the order the app lists them.
pub fn presets() -> Vec<Preset> {
    FILES
        .iter()
        .map(|(id, json)| {
            let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
            let text = |field: &str| Text {
                en: value[field]["en"].as_str().unwrap_or_default().to_string(),
                zh: value[field]["zh"].as_str().unwrap_or_default().to_string(),
            };
            Preset {
                id,
                name: text("name"),
                description: text("description"),
                json,
            }
        })
        .collect()
}

/// Helpers for the unit tests of modules that edit scenario JSON.
#[cfg(test)]
pub(crate) mod testing {
    use serde_json::Value;

    /// The preset `id` as JSON.
    pub fn preset_json(id: &str) -> Value {
        let preset = super::presets()
            .into_iter()
            .find(|p| p.id == id)
            .expect("preset exists");
        serde_json::from_str(preset.json).expect("preset is JSON")
    }

    /// The validator's messages (English) for `value`; empty when valid.
    pub fn problems(value: &Value) -> Vec<String> {
        match crate::scenario::load(&value.to_string()) {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .iter()
                .map(|e| e.message(crate::i18n::Lang::En))
                .collect(),
        }
    }
}
