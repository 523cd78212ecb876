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

const FILES: [(&str, &str); 0] = [];

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
            Preset { id, name: text("name"), description: text("description"), json }
        })
        .collect()
}
