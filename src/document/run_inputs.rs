//! What a run's results depend on, so the app can say when results no
//! longer match the scenario they are shown beside (issue 12: "changed since
//! this run — run again").
//!
//! A run's results are a function of the scenarios it ran and the run
//! settings (seed, replications, early-stopping target), nothing else: the
//! simulation is deterministic. So the inputs are kept with the results, and
//! results are out of date exactly when the inputs taken now differ.
//! Scenarios are compared as parsed JSON, so re-indenting a file or
//! reordering its keys does not make results stale, while any change of a
//! value does (names and notes too: they are printed with the results).

use serde_json::Value;

use super::workspace::{RunSettings, Workspace};

/// The inputs of a run, as they were when it started.
///
/// Equal inputs mean equal settings and equal parsed scenarios; the texts
/// are kept too, so [`RunInputs::still_match`] can answer without parsing
/// in the common case (the app asks on every render, several times a second
/// while a run reports progress, and a scenario can be large).
#[derive(Clone, Debug)]
pub struct RunInputs {
    /// Seed, replications and target; not the materiality thresholds,
    /// which judge results without changing them.
    settings: (u64, u32, Option<f64>),
    /// Each scenario's text as it was (`None` when the scenario is gone).
    texts: Vec<Option<String>>,
    /// Each scenario the run used, in run order: its parsed JSON, the text
    /// itself when it does not parse, `Null` when the scenario is gone.
    scenarios: Vec<Value>,
}

impl PartialEq for RunInputs {
    fn eq(&self, other: &Self) -> bool {
        self.settings == other.settings && self.scenarios == other.scenarios
    }
}

impl RunInputs {
    /// The inputs a run of the scenarios `ids` would have now.
    pub fn of<'a>(workspace: &Workspace, ids: impl IntoIterator<Item = &'a str>) -> RunInputs {
        let texts: Vec<Option<String>> = ids
            .into_iter()
            .map(|id| workspace.get(id).map(|doc| doc.json.clone()))
            .collect();
        let scenarios = texts
            .iter()
            .map(|text| match text {
                Some(text) => {
                    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.clone()))
                }
                None => Value::Null,
            })
            .collect();
        RunInputs {
            settings: settings_of(workspace),
            texts,
            scenarios,
        }
    }

    /// Whether a run of `ids` now would have these inputs: by text first
    /// (no parsing when nothing was typed since), by value otherwise.
    pub fn still_match<'a>(
        &self,
        workspace: &Workspace,
        ids: impl IntoIterator<Item = &'a str> + Clone,
    ) -> bool {
        if self.settings != settings_of(workspace) {
            return false;
        }
        let same_texts = ids
            .clone()
            .into_iter()
            .map(|id| workspace.get(id).map(|doc| doc.json.as_str()))
            .eq(self.texts.iter().map(Option::as_deref));
        same_texts || *self == RunInputs::of(workspace, ids)
    }
}

/// The run settings results depend on.
fn settings_of(workspace: &Workspace) -> (u64, u32, Option<f64>) {
    let RunSettings {
        seed,
        replications,
        target_half_width,
        ..
    } = workspace.settings;
    (seed, replications, target_half_width)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::workspace::ScenarioDoc;

    fn workspace(json: &str) -> Workspace {
        let mut w = Workspace::from_presets();
        w.scenarios = vec![ScenarioDoc {
            id: "a".into(),
            json: json.into(),
            preset: None,
        }];
        w
    }

    #[test]
    fn a_changed_value_or_setting_changes_the_inputs_and_layout_does_not() {
        let before = workspace(r#"{"units": [{"name": "A", "headcount": 3}], "x": 1}"#);
        let inputs = RunInputs::of(&before, ["a"]);
        // Same values, other layout and key order: still the same run.
        let relaid = workspace("{\"x\": 1,\n  \"units\": [{\"headcount\": 3, \"name\": \"A\"}]}");
        assert_eq!(RunInputs::of(&relaid, ["a"]), inputs);
        // One value changed.
        let edited = workspace(r#"{"units": [{"name": "A", "headcount": 4}], "x": 1}"#);
        assert_ne!(RunInputs::of(&edited, ["a"]), inputs);
        // A run setting changed.
        let mut reseeded = before.clone();
        reseeded.settings.seed += 1;
        assert_ne!(RunInputs::of(&reseeded, ["a"]), inputs);
        // A materiality threshold judges results without changing them.
        let mut judged = before.clone();
        judged.settings.materiality.insert("orders".into(), 5.0);
        assert_eq!(RunInputs::of(&judged, ["a"]), inputs);
        // Text that does not parse, and a scenario that is gone.
        let broken = workspace(r#"{"units": "#);
        assert_ne!(RunInputs::of(&broken, ["a"]), inputs);
        assert_ne!(RunInputs::of(&before, ["b"]), inputs);
        // The order of a comparison's scenarios matters (the first is the baseline).
        let mut two = before.clone();
        two.scenarios.push(ScenarioDoc {
            id: "b".into(),
            json: "{}".into(),
            preset: None,
        });
        assert_ne!(
            RunInputs::of(&two, ["a", "b"]),
            RunInputs::of(&two, ["b", "a"])
        );
        // The fast path agrees with the comparison of values.
        assert!(inputs.still_match(&before, ["a"]));
        assert!(inputs.still_match(&relaid, ["a"]));
        assert!(!inputs.still_match(&edited, ["a"]));
        assert!(!inputs.still_match(&reseeded, ["a"]));
        assert!(inputs.still_match(&judged, ["a"]));
        assert!(!inputs.still_match(&broken, ["a"]));
    }
}
