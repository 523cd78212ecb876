//! One input at a time: how much a KPI moves when a numeric input of a
//! scenario is set `range` % lower and higher (`orgflow sensitivity`).
//!
//! ```text
//! let plan = Plan::new(&scenario, 20.0, &[])?;               // inputs, their variants' models
//! let values = crn::kpi_values(&plan.models, seed, n, kpi);  // run them (any way, any order)
//! let sensitivity = plan.sensitivity(kpi, &values);          // effects with intervals, largest first
//! ```
//!
//! The inputs are the scenario's scalar numbers as the validator reads it
//! (defaults filled in; documentation and run settings left out), each at
//! its field path. Lists of numbers (hour and weekday profiles, decision
//! levels, empirical samples) are not varied. A whole-number field moves
//! to the nearest whole number. Each variant runs on the same replications
//! as the scenario itself (common random numbers), and its effect is the
//! paired difference variant − scenario with its 95 % interval.
//!
//! Nothing is left out silently: an input that is 0 (a percentage of it
//! is 0), a whole number the range does not move, and a variant the
//! validator refuses (a share whose total must stay 100 %, a probability
//! pushed over 1) are listed as not varied, with the reason.

use serde_json::{Value, json};

use super::coalition;
use super::crn::{self, Estimate};
use crate::i18n::Lang;
use crate::report::{Kpi, text};
use crate::scenario::diff::{DOCUMENTATION_FIELDS, with_defaults};
use crate::scenario::path::FieldPath;
use crate::scenario::{Scenario, ValidationError};
use crate::sim::Model;

/// The `--range` used when none is given, in percent.
pub const DEFAULT_RANGE_PERCENT: f64 = 20.0;

/// One varied input and where its variants' models are.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub path: String,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    /// Indices into [`Plan::models`]; `None` where the variant is invalid.
    pub low_model: Option<usize>,
    pub high_model: Option<usize>,
}

/// An input, or one side of it, that is not varied, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct NotVaried {
    pub path: String,
    pub why: Why,
}

/// Why an input is not varied.
#[derive(Clone, Debug, PartialEq)]
pub enum Why {
    /// It is 0: a percentage of it is 0.
    Zero,
    /// A whole number the range leaves where it is.
    Unmoved { value: f64 },
    /// The variant on one side is not a valid scenario.
    Invalid {
        side: Side,
        value: f64,
        error: ValidationError,
    },
}

/// Which variant of an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Low,
    High,
}

impl Side {
    pub fn key(self) -> &'static str {
        match self {
            Side::Low => "low",
            Side::High => "high",
        }
    }
}

impl NotVaried {
    /// The reason in words (the validator's message in `lang`, the rest
    /// the command-line tool's English).
    pub fn reason(&self, lang: Lang, range_percent: f64) -> String {
        match &self.why {
            Why::Zero => "is 0, which a percentage does not move".to_string(),
            Why::Unmoved { value } => {
                format!("a whole number that ± {range_percent} % leaves at {value}")
            }
            Why::Invalid { side, value, error } => format!(
                "{} ({value}) is invalid: {}",
                side.key(),
                error.message(lang)
            ),
        }
    }
}

/// What to run: the scenario (model 0) and each input's variants.
#[derive(Clone, Debug)]
pub struct Plan {
    pub scenario: String,
    pub range_percent: f64,
    pub inputs: Vec<Input>,
    pub not_varied: Vec<NotVaried>,
    pub models: Vec<Model>,
    /// Each model's scenario file (the app's workers load text).
    pub scenarios: Vec<String>,
}

/// A path given to choose inputs that names none.
#[derive(Clone, Debug, PartialEq)]
pub struct UnknownInput(pub String);

impl Plan {
    /// The variants of every numeric input at or beneath one of `only`
    /// (every input when `only` is empty), `range_percent` % either side.
    /// `Err` names a path of `only` that matches no numeric input.
    pub fn new(
        scenario: &Scenario,
        model: &Model,
        range_percent: f64,
        only: &[FieldPath],
    ) -> Result<Plan, UnknownInput> {
        // The whole file is varied (name and run block kept); only the
        // model's fields are inputs.
        let value = serde_json::to_value(with_defaults(scenario)).unwrap_or(Value::Null);
        let found = scalar_inputs(&value);
        for path in only {
            if !found.iter().any(|(p, _, _)| path.covers(p)) {
                return Err(UnknownInput(path.to_string()));
            }
        }
        let factor = range_percent / 100.0;
        let mut plan = Plan {
            scenario: model.meta.name_en.clone(),
            range_percent,
            inputs: Vec::new(),
            not_varied: Vec::new(),
            models: vec![model.clone()],
            scenarios: vec![value.to_string()],
        };
        for (path, x, whole) in found {
            if !only.is_empty() && !only.iter().any(|o| o.covers(&path)) {
                continue;
            }
            let text = path.to_string();
            if x == 0.0 {
                plan.not_varied.push(NotVaried {
                    path: text,
                    why: Why::Zero,
                });
                continue;
            }
            // Whole numbers stay whole; others are cut to 12 significant
            // digits, so 3 − 20 % is 2.4, not 2.4000000000000004.
            let round = |v: f64| {
                if whole {
                    v.round()
                } else {
                    format!("{v:.11e}").parse().unwrap_or(v)
                }
            };
            let (low, high) = (round(x * (1.0 - factor)), round(x * (1.0 + factor)));
            if low == x && high == x {
                plan.not_varied.push(NotVaried {
                    path: text,
                    why: Why::Unmoved { value: x },
                });
                continue;
            }
            let mut invalid = Vec::new();
            let mut variant = |v: f64, side: Side| -> Option<usize> {
                if v == x {
                    return None;
                }
                let number = if whole { json!(v as i64) } else { json!(v) };
                let varied = coalition::with_value(&value, &path, number);
                match coalition::load(&varied) {
                    Ok(m) => {
                        plan.models.push(m);
                        plan.scenarios.push(varied.to_string());
                        Some(plan.models.len() - 1)
                    }
                    Err(errors) => {
                        if let Some(error) = errors.into_iter().next() {
                            invalid.push(Why::Invalid {
                                side,
                                value: v,
                                error,
                            });
                        }
                        None
                    }
                }
            };
            let low_model = variant(low, Side::Low);
            let high_model = variant(high, Side::High);
            for why in invalid {
                plan.not_varied.push(NotVaried {
                    path: text.clone(),
                    why,
                });
            }
            if low_model.is_none() && high_model.is_none() {
                continue;
            }
            plan.inputs.push(Input {
                path: text,
                value: x,
                low,
                high,
                low_model,
                high_model,
            });
        }
        Ok(plan)
    }

    /// The effects from `values[m][r]`: `kpi` of `self.models[m]` in
    /// replication `r` (see [`crn`]), largest effect first.
    pub fn sensitivity(&self, kpi: Kpi, values: &[Vec<f64>]) -> Sensitivity {
        let base = values.first().map(Vec::as_slice).unwrap_or_default();
        let effect = |model: Option<usize>| {
            model
                .and_then(|m| values.get(m))
                .map(|v| crn::paired(base, v))
        };
        let mut inputs: Vec<Effect> = self
            .inputs
            .iter()
            .map(|input| Effect {
                path: input.path.clone(),
                value: input.value,
                low: input.low,
                high: input.high,
                effect_low: effect(input.low_model),
                effect_high: effect(input.high_model),
            })
            .collect();
        // Largest first; the sort is stable, so equal effects keep the
        // scenario's field order.
        inputs.sort_by(|a, b| b.size().total_cmp(&a.size()));
        Sensitivity {
            kpi,
            scenario: self.scenario.clone(),
            range_percent: self.range_percent,
            replications: base.len() as u32,
            baseline: Estimate::of(base),
            inputs,
            not_varied: self.not_varied.clone(),
        }
    }
}

/// Every scalar input of a scenario's JSON (defaults filled in): each
/// number of a model field, with its path and whether it is written as a
/// whole number; documentation, `run` and `version` left out.
pub(super) fn scalar_inputs(value: &Value) -> Vec<(FieldPath, f64, bool)> {
    let mut found = Vec::new();
    if let Some(fields) = value.as_object() {
        for (field, node) in fields {
            if !DOCUMENTATION_FIELDS.contains(&field.as_str()) && field != "version" {
                numbers(&FieldPath::root().field(field), node, &mut found);
            }
        }
    }
    found
}

/// Every scalar number under `node`, with its path and whether it is
/// written as a whole number.
fn numbers(path: &FieldPath, node: &Value, out: &mut Vec<(FieldPath, f64, bool)>) {
    match node {
        Value::Number(n) => {
            if let Some(x) = n.as_f64() {
                out.push((path.clone(), x, n.is_i64() || n.is_u64()));
            }
        }
        Value::Object(fields) => {
            for (k, v) in fields {
                numbers(&path.field(k), v, out);
            }
        }
        // Lists of objects: by name in a named list, else by index. Lists
        // of numbers (profiles, levels, samples) are not scalar inputs.
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if !item.is_object() {
                    continue;
                }
                let selector = match item.get("name").and_then(Value::as_str) {
                    Some(name) if path.is_named_list() => name.to_string(),
                    _ => i.to_string(),
                };
                numbers(&path.item(&selector), item, out);
            }
        }
        _ => {}
    }
}

/// One input's effects.
#[derive(Clone, Debug, PartialEq)]
pub struct Effect {
    pub path: String,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    /// Variant − scenario; `None` where the variant is invalid.
    pub effect_low: Option<Estimate>,
    pub effect_high: Option<Estimate>,
}

impl Effect {
    /// The larger of the two effects' sizes (what the order is by).
    fn size(&self) -> f64 {
        [self.effect_low, self.effect_high]
            .iter()
            .flatten()
            .map(|e| e.mean.abs())
            .fold(0.0, f64::max)
    }
}

/// The scenario's KPI and each input's effects, largest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Sensitivity {
    pub kpi: Kpi,
    pub scenario: String,
    pub range_percent: f64,
    pub replications: u32,
    pub baseline: Estimate,
    pub inputs: Vec<Effect>,
    pub not_varied: Vec<NotVaried>,
}

impl Sensitivity {
    /// `{"kpi", "baseline": {"mean", "ci95"}, "inputs": [{"path", "low",
    /// "high", "effect_low": {"mean", "ci95"}, "effect_high": {…}}], …}`
    /// (an invalid side's effect is null), with the scenario, range,
    /// replications and the inputs not varied.
    pub fn to_json_value(&self) -> Value {
        let effect = |e: Option<Estimate>| e.map_or(Value::Null, Estimate::to_json_value);
        let inputs: Vec<Value> = self
            .inputs
            .iter()
            .map(|i| {
                json!({
                    "path": i.path,
                    "value": i.value,
                    "low": i.low,
                    "high": i.high,
                    "effect_low": effect(i.effect_low),
                    "effect_high": effect(i.effect_high),
                })
            })
            .collect();
        let not_varied: Vec<Value> = self
            .not_varied
            .iter()
            .map(|n| json!({"path": n.path, "reason": n.reason(Lang::En, self.range_percent)}))
            .collect();
        json!({
            "kpi": self.kpi.key(),
            "scenario": self.scenario,
            "range_percent": self.range_percent,
            "replications": self.replications,
            "baseline": self.baseline.to_json_value(),
            "inputs": inputs,
            "not_varied": not_varied,
        })
    }

    /// A plain-text table for terminals: one line per input, largest
    /// effect first, then the inputs not varied.
    pub fn table(&self, out: &mut String) {
        let effect = |e: Option<Estimate>| match e {
            None => "invalid".to_string(),
            Some(e) => format!(
                "{:+.4} ± {}",
                e.mean,
                e.ci95
                    .map_or_else(|| "–".to_string(), |c| format!("{c:.4}"))
            ),
        };
        out.push_str(&format!(
            "{}: {} = {:.4} ± {} ({} replications), each input −/+ {} %\n\n",
            self.kpi.key(),
            text::terminal(&self.scenario),
            self.baseline.mean,
            self.baseline
                .ci95
                .map_or_else(|| "–".to_string(), |c| format!("{c:.4}")),
            self.replications,
            self.range_percent
        ));
        let width = self
            .inputs
            .iter()
            .map(|i| i.path.chars().count())
            .chain([5])
            .max()
            .unwrap_or(5);
        out.push_str(&format!(
            "  {:<width$} {:>12} {:>12} {:>24} {:>24}\n",
            "input", "low", "high", "effect low", "effect high"
        ));
        for i in &self.inputs {
            out.push_str(&format!(
                "  {:<width$} {:>12} {:>12} {:>24} {:>24}\n",
                text::terminal(&i.path),
                i.low,
                i.high,
                effect(i.effect_low),
                effect(i.effect_high)
            ));
        }
        for n in &self.not_varied {
            out.push_str(&format!(
                "not varied: {}: {}\n",
                text::terminal(&n.path),
                text::terminal(&n.reason(Lang::En, self.range_percent))
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        let text = json!({
            "version": 1,
            "name": {"en": "A", "zh": "甲"},
            "horizon": {"days": 3},
            "grades": [{"name": "H", "share_percent": 100, "expected_response_minutes": 60}],
            "sources": [{"name": "web", "leads_per_day": 300, "entry_unit": "desk"}],
            "units": [
                {"name": "desk", "headcount": 2,
                 "service_minutes": {"contact": {"kind": "exponential", "mean": 6}}},
                {"name": "idle", "headcount": 1,
                 "service_minutes": {"contact": {"kind": "exponential", "mean": 6}}}
            ]
        })
        .to_string();
        crate::scenario::parse(&text).unwrap_or_else(|e| panic!("{e:#?}"))
    }

    fn path(text: &str) -> FieldPath {
        FieldPath::parse(text).unwrap_or_else(|| panic!("{text}"))
    }

    #[test]
    fn each_input_moves_either_way_and_what_cannot_move_says_why() {
        let s = scenario();
        let model = crate::scenario::validate(&s).unwrap_or_else(|e| panic!("{e:#?}"));
        let only = [
            path("units[idle]"),
            path("units[desk].service_minutes"),
            path("grades[H].share_percent"),
        ];
        let plan = Plan::new(&s, &model, 20.0, &only).unwrap_or_else(|e| panic!("{e:?}"));
        // The app's workers load each variant from its text: the same model.
        assert_eq!(plan.scenarios.len(), plan.models.len());
        for (text, model) in plan.scenarios.iter().zip(&plan.models) {
            let loaded = crate::scenario::load(text).unwrap_or_else(|e| panic!("{e:?}"));
            assert!(&loaded == model, "a variant's text loads another model");
        }
        // Varied: the two contact means and the idle unit's skills
        // (defaults filled in: every number is an input, whether or not it
        // matters).
        let varied: Vec<&str> = plan.inputs.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            varied,
            [
                "units[desk].service_minutes.contact.mean",
                "units[idle].service_minutes.contact.mean",
                "units[idle].skill.close",
                "units[idle].skill.qualify"
            ]
        );
        let desk = &plan.inputs[0];
        assert!((desk.low - 4.8).abs() < 1e-12 && (desk.high - 7.2).abs() < 1e-12);
        // Not varied, with reasons: a headcount of 1 (whole number), the
        // skills and costs at their defaults… and a share that must stay
        // 100 %.
        let reason = |p: &str| {
            plan.not_varied
                .iter()
                .find(|n| n.path == p)
                .map(|n| n.reason(Lang::En, 20.0))
                .unwrap_or_default()
        };
        assert!(
            reason("units[idle].headcount").contains("whole number"),
            "{:?}",
            plan.not_varied
        );
        assert!(
            reason("units[idle].hourly_cost").contains("is 0"),
            "{:?}",
            plan.not_varied
        );
        assert!(
            reason("grades[H].share_percent").contains("invalid"),
            "{:?}",
            plan.not_varied
        );
        let values = crn::kpi_values(&plan.models, 5, 6, Kpi::FirstResponseMinutes);
        let result = plan.sensitivity(Kpi::FirstResponseMinutes, &values);
        // Largest first: the desk's contact time, which moves the wait
        // both ways for sure; the idle unit's, which no lead reaches,
        // moves nothing.
        assert_eq!(
            result.inputs[0].path,
            "units[desk].service_minutes.contact.mean"
        );
        let (low, high) = (result.inputs[0].effect_low, result.inputs[0].effect_high);
        assert!(
            low.is_some_and(|e| e.mean < 0.0 && !e.contains(0.0)),
            "{low:?}"
        );
        assert!(
            high.is_some_and(|e| e.mean > 0.0 && !e.contains(0.0)),
            "{high:?}"
        );
        let idle = &result.inputs[1];
        assert_eq!(idle.effect_low.map(|e| e.mean), Some(0.0));
        let value = result.to_json_value();
        assert_eq!(value["kpi"], "first_response_minutes");
        assert!(value["baseline"]["mean"].as_f64().is_some_and(|m| m > 0.0));
        for key in ["path", "low", "high", "effect_low", "effect_high"] {
            assert!(value["inputs"][0].get(key).is_some(), "{key}");
        }
        assert!(value["inputs"][0]["effect_high"]["ci95"].is_number());
        // A path that names no numeric input is refused by name.
        assert_eq!(
            Plan::new(&s, &model, 20.0, &[path("units[nobody]")]).map(|p| p.inputs.len()),
            Err(UnknownInput("units[nobody]".to_string()))
        );
    }
}
