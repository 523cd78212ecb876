//! Sweeps: one number of a scenario over a range of values, each value run
//! as its own scenario on the same seed.
//!
//! This module says which numbers a sweep can vary (headcounts, authority,
//! SLAs, lead and visitor rates, capture rates), where they are (a JSON
//! pointer), and which values a sweep from `lo` to `hi` in `steps` runs.
//! The app sets each value with [`super::workspace::set_number`] and runs
//! the copies through the worker pool.

use serde_json::Value;

use crate::i18n::Text;

/// A number of the scenario a sweep can vary.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// Where it is: a JSON pointer (`/units/2/headcount`).
    pub pointer: String,
    /// The name of the unit, link or source it belongs to.
    pub owner: String,
    /// What it is.
    pub field: Text,
    /// Its value in the scenario.
    pub current: f64,
    /// Whole numbers only (people, decision levels).
    pub integer: bool,
}

/// The numbers of `json` a sweep can vary, in the order of the file. A text
/// that is not JSON has none.
pub fn parameters(json: &str) -> Vec<Parameter> {
    let value: Value = serde_json::from_str(json).unwrap_or_default();
    let mut found = Vec::new();
    let mut add = |pointer: String, owner: &Value, field: Text, current: Option<f64>, integer| {
        if let Some(current) = current {
            let owner = owner["name"].as_str().unwrap_or_default().to_string();
            found.push(Parameter {
                pointer,
                owner,
                field,
                current,
                integer,
            });
        }
    };
    let each = |list: &str| {
        value[list]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .enumerate()
    };
    for (i, unit) in each("units") {
        add(
            format!("/units/{i}/headcount"),
            &unit,
            Text::Headcount,
            unit["headcount"].as_f64(),
            true,
        );
        add(
            format!("/units/{i}/authority"),
            &unit,
            Text::Authority,
            unit["authority"].as_f64(),
            true,
        );
    }
    for (i, link) in each("links") {
        add(
            format!("/links/{i}/sla_minutes"),
            &link,
            Text::SlaMinutes,
            link["sla_minutes"].as_f64(),
            false,
        );
    }
    for (i, source) in each("sources") {
        add(
            format!("/sources/{i}/leads_per_day"),
            &source,
            Text::LeadsPerDay,
            source["leads_per_day"].as_f64(),
            false,
        );
        for (field, text) in [
            ("visitors_per_day", Text::FieldVisitorsPerDay),
            ("capture_rate", Text::FieldCaptureRate),
        ] {
            add(
                format!("/sources/{i}/traffic/{field}"),
                &source,
                text,
                source["traffic"][field].as_f64(),
                false,
            );
        }
    }
    found
}

/// The range a sweep of `parameter` starts with: half to one and a half
/// times its value, in whole numbers, at least 1 to 2.
pub fn default_range(parameter: &Parameter) -> (f64, f64) {
    (
        (parameter.current * 0.5).max(1.0).round(),
        (parameter.current * 1.5).max(2.0).round(),
    )
}

/// `steps` (at least 2) evenly spaced values from `lo` to `hi`, rounded to
/// whole numbers for an integer parameter.
pub fn values(lo: f64, hi: f64, steps: u32, integer: bool) -> Vec<f64> {
    let last = f64::from(steps.max(2) - 1);
    (0..steps.max(2))
        .map(|i| lo + (hi - lo) * f64::from(i) / last)
        .map(|v| if integer { v.round() } else { v })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets::testing::preset_json;

    const PRESET: &str = "faw_vw_front_back_before";

    #[test]
    fn every_parameter_points_at_its_number() {
        let value = preset_json(PRESET);
        let json = value.to_string();
        let found = parameters(&json);
        assert!(
            found
                .iter()
                .any(|p| p.field == Text::Headcount && p.integer)
        );
        assert!(
            found
                .iter()
                .any(|p| p.field == Text::LeadsPerDay && !p.integer)
        );
        for p in &found {
            assert_eq!(
                value.pointer(&p.pointer).and_then(Value::as_f64),
                Some(p.current),
                "{}",
                p.pointer
            );
            assert!(!p.owner.is_empty(), "{}", p.pointer);
        }
        assert!(parameters("not json").is_empty());
    }

    #[test]
    fn values_span_the_range_and_round_whole_numbers() {
        assert_eq!(
            values(10.0, 20.0, 5, false),
            vec![10.0, 12.5, 15.0, 17.5, 20.0]
        );
        assert_eq!(values(1.0, 4.0, 4, true), vec![1.0, 2.0, 3.0, 4.0]);
        assert_eq!(values(1.0, 2.0, 3, true), vec![1.0, 2.0, 2.0]);
        assert_eq!(values(3.0, 7.0, 1, false), vec![3.0, 7.0]);
        let p = Parameter {
            pointer: "/units/0/headcount".into(),
            owner: "a".into(),
            field: Text::Headcount,
            current: 9.0,
            integer: true,
        };
        assert_eq!(default_range(&p), (5.0, 14.0));
    }
}
