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
#[derive(Clone, Debug, PartialEq)]
pub struct RunInputs {
    /// Seed, replications and target; not the materiality thresholds,
    /// which judge results without changing them.
    settings: (u64, u32, Option<f64>),
    /// Each scenario the run used, in run order: its parsed JSON, the text
    /// itself when it does not parse, `Null` when the scenario is gone.
    scenarios: Vec<Value>,
}

impl RunInputs {
    /// The inputs a run of the scenarios `ids` would have now.
    pub fn of<'a>(workspace: &Workspace, ids: impl IntoIterator<Item = &'a str>) -> RunInputs {
        let scenarios = ids
            .into_iter()
            .map(|id| match workspace.get(id) {
                Some(doc) => serde_json::from_str(&doc.json)
                    .unwrap_or_else(|_| Value::String(doc.json.clone())),
                None => Value::Null,
            })
            .collect();
        let RunSettings {
            seed,
            replications,
            target_half_width,
            ..
        } = workspace.settings;
        RunInputs {
            settings: (seed, replications, target_half_width),
            scenarios,
        }
    }
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
    }
}
