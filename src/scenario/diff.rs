//! What differs between two scenarios, field by field, and which
//! assumptions explain each difference (`orgflow diff A B`).
//!
//! Both scenarios are compared as the validator reads them: the format's
//! serde defaults are filled in (a unit without `hourly_cost` costs 0, a
//! grade without `qualify_probability` qualifies with 1, …) and so are the
//! defaults the validator applies to absent parts (`office` front,
//! `on_breach` count, no `routing` / `handoffs` = their empty defaults, the
//! satisfaction weights of `customer`), and a distribution keeps only the
//! parameters its kind uses. So a field written in one file with its
//! default value and absent from the other is no difference. Optional parts
//! without a default (a unit's `hours`, a source's profiles, an SLA, a
//! committee, the funnel's parts) are differences when only one side has
//! them.
//!
//! Documentation-only fields are not compared: [`DOCUMENTATION_FIELDS`]
//! (`run` holds run settings, not the model).
//!
//! Items of the named lists (see [`super::path::NAMED_LISTS`]) are matched
//! by name: a unit in only one file is one difference at `units[name]`,
//! the whole unit on one side and `null` on the other. Other lists of
//! objects (routing rules, routes, campaigns) are matched by index; lists
//! of numbers or words (profiles, days, decision levels) are one value.
//! Objects are compared field by field, in alphabetical order; list items
//! in the order of file A, then the items only B has.
//!
//! A difference is covered by every assumption, of either file, with a
//! `covers` path equal to or above the difference's path (file B's first:
//! B is usually the proposal that needs explaining).

use serde_json::{Map, Value, json};

use super::format::{Assumption, DistSpec, Scenario};
use super::path::{FieldPath, NAMED_LISTS};
use super::vocab::{DistKind, DistParam};
use crate::sim::model::Customer;

/// Top-level fields that document a scenario rather than model it (the
/// uncertainty ranges say how sure the author is of the inputs; a plain
/// run never reads them).
pub const DOCUMENTATION_FIELDS: [&str; 7] = [
    "id",
    "name",
    "description",
    "assumptions",
    "template",
    "run",
    "uncertainty",
];

/// The order of the top-level model fields in the output (the file
/// format's order); nested fields follow in alphabetical order.
const TOP_LEVEL_ORDER: [&str; 12] = [
    "version",
    "horizon",
    "grades",
    "sources",
    "units",
    "links",
    "routing",
    "handoffs",
    "funnel",
    "customer",
    "fixed_costs",
    "transition_cost",
];

/// Which file of the comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::A => "a",
            Side::B => "b",
        }
    }
}

/// An assumption that covers a difference.
#[derive(Clone, Debug, PartialEq)]
pub struct Covering {
    pub file: Side,
    /// Its index in that file's `assumptions`.
    pub index: usize,
    pub en: String,
    pub zh: String,
    pub source: Option<String>,
}

/// One field that differs.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// Where, e.g. `units[dealer_sales].headcount`.
    pub path: String,
    /// The value in file A (`null` where absent).
    pub a: Value,
    /// The value in file B (`null` where absent).
    pub b: Value,
    /// The assumptions that cover it, file B's first.
    pub assumptions: Vec<Covering>,
}

/// Every difference between two scenarios.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diff {
    pub differences: Vec<Difference>,
}

/// Compares two validated scenarios.
pub fn diff(a: &Scenario, b: &Scenario) -> Diff {
    let mut found = Vec::new();
    compare(
        &FieldPath::root(),
        Some(&model_value(a)),
        Some(&model_value(b)),
        &mut found,
    );
    let differences = found
        .into_iter()
        .map(|(path, va, vb)| Difference {
            path: path.to_string(),
            assumptions: covering(&path, b, Side::B)
                .chain(covering(&path, a, Side::A))
                .collect(),
            a: va,
            b: vb,
        })
        .collect();
    Diff { differences }
}

/// The assumptions of `scenario` with a `covers` entry at or above `path`.
fn covering<'s>(
    path: &'s FieldPath,
    scenario: &'s Scenario,
    side: Side,
) -> impl Iterator<Item = Covering> + 's {
    scenario
        .assumptions
        .iter()
        .enumerate()
        .filter(|(_, assumption)| covers(assumption, path))
        .map(move |(index, assumption)| Covering {
            file: side,
            index,
            en: assumption.en.clone(),
            zh: assumption.zh.clone(),
            source: assumption.source.clone(),
        })
}

fn covers(assumption: &Assumption, path: &FieldPath) -> bool {
    assumption
        .covers
        .iter()
        .filter_map(|text| FieldPath::parse(text))
        .any(|covered| covered.covers(path))
}

/// The scenario's model as JSON, defaults filled in and documentation
/// fields left out: what [`diff`] compares.
pub fn model_value(scenario: &Scenario) -> Value {
    let mut value = serde_json::to_value(with_defaults(scenario)).unwrap_or(Value::Null);
    if let Some(fields) = value.as_object_mut() {
        for field in DOCUMENTATION_FIELDS {
            fields.remove(field);
        }
        // An absent named list (`links`, `fixed_costs`) is an empty one, so
        // an item in one file only is a difference at `list[name]`, as a
        // unit in one file only is.
        for list in NAMED_LISTS.iter().filter(|l| !l.contains('.')) {
            fields
                .entry(*list)
                .or_insert_with(|| Value::Array(Vec::new()));
        }
    }
    value
}

/// A copy with the defaults the validator applies to absent parts, and
/// each distribution reduced to the parameters its kind uses.
pub fn with_defaults(scenario: &Scenario) -> Scenario {
    let mut s = scenario.clone();
    for grade in &mut s.grades {
        trim_all(grade.patience_minutes.as_mut());
    }
    for source in &mut s.sources {
        if let Some(reach) = &mut source.reach {
            reach.attempt_minutes.get_or_insert(1.0);
        }
    }
    for unit in &mut s.units {
        unit.office.get_or_insert_with(|| "front".to_string());
        let skill = unit.skill.get_or_insert_with(Default::default);
        skill.qualify.get_or_insert(1.0);
        skill.close.get_or_insert(1.0);
        let service = &mut unit.service_minutes;
        for dist in [
            &mut service.contact,
            &mut service.consult,
            &mut service.decision,
            &mut service.nurture,
            &mut service.after_sales,
        ] {
            trim_all(dist.as_mut());
        }
    }
    for link in &mut s.links {
        link.on_breach.get_or_insert_with(|| "count".to_string());
    }
    s.routing.get_or_insert_with(Default::default);
    let handoffs = s.handoffs.get_or_insert_with(Default::default);
    trim_all(handoffs.transfer_delay_minutes.as_mut());
    if let Some(funnel) = &mut s.funnel {
        if let Some(r) = &mut funnel.remarketing {
            trim(&mut r.incubation_days);
        }
        if let Some(a) = &mut funnel.after_sales {
            trim(&mut a.delay_days);
        }
        if let Some(r) = &mut funnel.referral {
            trim(&mut r.delay_days);
        }
    }
    let defaults = Customer::default();
    let customer = s.customer.get_or_insert_with(Default::default);
    for (field, default) in [
        (&mut customer.base, defaults.base),
        (&mut customer.wait_weight, defaults.wait_weight),
        (&mut customer.handoff_weight, defaults.handoff_weight),
        (&mut customer.repeat_weight, defaults.repeat_weight),
        (&mut customer.duplicate_weight, defaults.duplicate_weight),
        (
            &mut customer.inconsistency_weight,
            defaults.inconsistency_weight,
        ),
        (&mut customer.resolution_bonus, defaults.resolution_bonus),
        (&mut customer.reference, defaults.reference),
        (
            &mut customer.conversion_sensitivity,
            defaults.conversion_sensitivity,
        ),
        (&mut customer.prompt_bonus, defaults.prompt_bonus),
        (
            &mut customer.unserved_satisfaction,
            defaults.unserved_satisfaction,
        ),
        (
            &mut customer.expected_followup_minutes,
            defaults.expected_followup_minutes,
        ),
    ] {
        field.get_or_insert(default);
    }
    s
}

fn trim_all(dist: Option<&mut DistSpec>) {
    if let Some(d) = dist {
        trim(d);
    }
}

/// Drops the parameters the distribution's kind does not use (the
/// validator ignores them).
fn trim(dist: &mut DistSpec) {
    let used = DistKind::parse(&dist.kind).map_or(&[][..], DistKind::parameters);
    for parameter in DistParam::ALL {
        if used.contains(&parameter) {
            continue;
        }
        match parameter {
            DistParam::Mean => dist.mean = None,
            DistParam::Cv => dist.cv = None,
            DistParam::Min => dist.min = None,
            DistParam::Mode => dist.mode = None,
            DistParam::Max => dist.max = None,
            DistParam::Value => dist.value = None,
            DistParam::Values => dist.values = None,
        }
    }
}

/// Appends `(path, a, b)` for every place where `a` and `b` differ.
fn compare(
    path: &FieldPath,
    a: Option<&Value>,
    b: Option<&Value>,
    out: &mut Vec<(FieldPath, Value, Value)>,
) {
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            for key in field_order(path, x, y) {
                compare(&path.field(&key), x.get(&key), y.get(&key), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) if path.is_named_list() => {
            for item in x {
                let name = item_name(item);
                let other = y.iter().find(|o| item_name(o) == name);
                compare(&path.item(name), Some(item), other, out);
            }
            for item in y {
                let name = item_name(item);
                if !x.iter().any(|o| item_name(o) == name) {
                    compare(&path.item(name), None, Some(item), out);
                }
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y)))
            if x.iter().chain(y).any(Value::is_object) =>
        {
            for i in 0..x.len().max(y.len()) {
                compare(&path.item(&i.to_string()), x.get(i), y.get(i), out);
            }
        }
        _ if a != b => out.push((
            path.clone(),
            a.cloned().unwrap_or(Value::Null),
            b.cloned().unwrap_or(Value::Null),
        )),
        _ => {}
    }
}

fn item_name(item: &Value) -> &str {
    item.get("name").and_then(Value::as_str).unwrap_or_default()
}

/// The fields of two objects in output order: at the top level the file
/// format's order, below it alphabetical.
fn field_order(path: &FieldPath, x: &Map<String, Value>, y: &Map<String, Value>) -> Vec<String> {
    let mut keys: Vec<String> = x.keys().chain(y.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    if path.segments().is_empty() {
        let rank = |k: &String| {
            TOP_LEVEL_ORDER
                .iter()
                .position(|t| t == k)
                .unwrap_or(TOP_LEVEL_ORDER.len())
        };
        keys.sort_by_key(rank);
    }
    keys
}

impl Diff {
    /// How many differences no assumption covers.
    pub fn uncovered(&self) -> usize {
        self.differences
            .iter()
            .filter(|d| d.assumptions.is_empty())
            .count()
    }

    /// `{"differences": [{"path", "a", "b", "assumptions": [{"file",
    /// "index", "en", "zh", "source"}]}], "uncovered": N}`.
    pub fn to_json_value(&self) -> Value {
        let differences: Vec<Value> = self
            .differences
            .iter()
            .map(|d| {
                let assumptions: Vec<Value> = d
                    .assumptions
                    .iter()
                    .map(|c| {
                        json!({
                            "file": c.file.as_str(),
                            "index": c.index,
                            "en": c.en,
                            "zh": c.zh,
                            "source": c.source,
                        })
                    })
                    .collect();
                json!({ "path": d.path, "a": d.a, "b": d.b, "assumptions": assumptions })
            })
            .collect();
        json!({ "differences": differences, "uncovered": self.uncovered() })
    }

    /// A plain-text listing for terminals: one line per difference (path,
    /// A's value, B's value; long values shortened), then the assumptions
    /// that cover it, or `not covered`.
    pub fn table(&self, out: &mut String) {
        const VALUE_WIDTH: usize = 28;
        const TEXT_WIDTH: usize = 90;
        let width = self
            .differences
            .iter()
            .map(|d| d.path.chars().count())
            .chain(["path".len()])
            .max()
            .unwrap_or(4);
        out.push_str(&format!(
            "{:<width$}  {:<VALUE_WIDTH$}  {}\n",
            "path", "a", "b"
        ));
        for d in &self.differences {
            out.push_str(&format!(
                "{:<width$}  {:<VALUE_WIDTH$}  {}\n",
                d.path,
                shorten(&show(&d.a), VALUE_WIDTH),
                shorten(&show(&d.b), VALUE_WIDTH)
            ));
            if d.assumptions.is_empty() {
                out.push_str("    not covered by any assumption\n");
            }
            for c in &d.assumptions {
                let source = c.source.as_deref().unwrap_or("no source");
                out.push_str(&format!(
                    "    {}#{}: {} [{}]\n",
                    c.file.as_str(),
                    c.index,
                    shorten(&c.en, TEXT_WIDTH),
                    shorten(source, TEXT_WIDTH)
                ));
            }
        }
        out.push_str(&format!(
            "{} differences, {} not covered by any assumption\n",
            self.differences.len(),
            self.uncovered()
        ));
    }
}

/// A value as one line: `–` where absent, numbers and words plain, the
/// rest as compact JSON.
fn show(value: &Value) -> String {
    match value {
        Value::Null => "–".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(width - 1).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse;

    fn scenario(value: Value) -> Scenario {
        let text = value.to_string();
        let parsed = parse(&text).unwrap_or_else(|e| panic!("{e:#?}"));
        crate::scenario::validate(&parsed).unwrap_or_else(|e| panic!("{e:#?}"));
        parsed
    }

    fn base() -> Value {
        json!({
            "version": 1,
            "name": {"en": "A", "zh": "甲"},
            "horizon": {"days": 10},
            "grades": [{"name": "H", "share_percent": 100, "expected_response_minutes": 60}],
            "sources": [{"name": "web", "leads_per_day": 100, "entry_unit": "desk"}],
            "units": [{
                "name": "desk", "headcount": 2,
                "service_minutes": {"contact": {"kind": "exponential", "mean": 5}}
            }]
        })
    }

    fn paths(diff: &Diff) -> Vec<&str> {
        diff.differences.iter().map(|d| d.path.as_str()).collect()
    }

    #[test]
    fn covered_uncovered_one_sided_and_default_valued_fields() {
        let a = base();
        let mut b = base();
        // Documentation only: not differences.
        b["name"] = json!({"en": "B", "zh": "乙"});
        b["id"] = json!("b");
        b["run"] = json!({"replications": 3});
        // A default written out (hourly_cost 0, qualify_probability 1,
        // office front, customer base 8) and an unused distribution
        // parameter: not differences either.
        b["units"][0]["hourly_cost"] = json!(0);
        b["units"][0]["office"] = json!("front");
        b["units"][0]["service_minutes"]["contact"]["cv"] = json!(0.5);
        b["grades"][0]["qualify_probability"] = json!(1.0);
        b["customer"] = json!({"base": 8});
        // Covered by a prefix: the whole unit `desk`.
        b["units"][0]["headcount"] = json!(3);
        b["units"][0]["service_minutes"]["contact"]["mean"] = json!(4);
        // Not covered.
        b["sources"][0]["leads_per_day"] = json!(120);
        // A unit only B has.
        b["units"].as_array_mut().unwrap().push(json!({
            "name": "back", "headcount": 1,
            "service_minutes": {"contact": {"kind": "exponential", "mean": 5}}
        }));
        b["assumptions"] = json!([
            {"en": "About the sources", "zh": "来源", "covers": ["sources[other]"]},
            {"en": "Desk staffing", "zh": "前台人员", "source": "judgement",
             "covers": ["units[desk]", "units[back]"]}
        ]);
        let mut a = a;
        a["assumptions"] = json!([
            {"en": "The desk's contact time", "zh": "接待时长",
             "covers": ["units[desk].service_minutes"]}
        ]);
        let diff = diff(&scenario(a), &scenario(b));
        assert_eq!(
            paths(&diff),
            [
                "sources[web].leads_per_day",
                "units[desk].headcount",
                "units[desk].service_minutes.contact.mean",
                "units[back]",
            ],
            "{diff:#?}"
        );
        let at = |path: &str| diff.differences.iter().find(|d| d.path == path).unwrap();
        assert!(at("sources[web].leads_per_day").assumptions.is_empty());
        let headcount = at("units[desk].headcount");
        assert_eq!((&headcount.a, &headcount.b), (&json!(2), &json!(3)));
        assert_eq!(
            headcount.assumptions,
            [Covering {
                file: Side::B,
                index: 1,
                en: "Desk staffing".into(),
                zh: "前台人员".into(),
                source: Some("judgement".into()),
            }]
        );
        // Both files' assumptions, B's first.
        let mean = at("units[desk].service_minutes.contact.mean");
        let who: Vec<(Side, usize)> = mean.assumptions.iter().map(|c| (c.file, c.index)).collect();
        assert_eq!(who, [(Side::B, 1), (Side::A, 0)]);
        // The unit only B has: the whole object against null.
        let back = at("units[back]");
        assert_eq!(back.a, Value::Null);
        assert_eq!(back.b["headcount"], json!(1));
        assert_eq!(back.assumptions.len(), 1);
        assert_eq!(diff.uncovered(), 1);
        let value = diff.to_json_value();
        assert_eq!(value["uncovered"], json!(1));
        assert_eq!(value["differences"][1]["assumptions"][0]["file"], "b");
        assert_eq!(value["differences"][0]["assumptions"], json!([]));
        let mut table = String::new();
        diff.table(&mut table);
        assert!(table.contains("not covered by any assumption"), "{table}");
        assert!(
            table.ends_with("4 differences, 1 not covered by any assumption\n"),
            "{table}"
        );
    }

    #[test]
    fn a_scenario_equals_itself_and_lists_compare_as_documented() {
        let a = base();
        assert_eq!(
            diff(&scenario(a.clone()), &scenario(a.clone())).differences,
            []
        );
        let mut b = a.clone();
        b["units"][0]["name"] = json!("front_desk");
        b["sources"][0]["entry_unit"] = json!("front_desk");
        b["sources"][0]["hourly_profile"] = json!(vec![1.0; 24]);
        b["routing"] = json!({"duplicate_contact_share": 0});
        let diff = diff(&scenario(a), &scenario(b));
        // A renamed unit is one removed and one added; a profile is one
        // value; an empty routing block equals none.
        assert_eq!(
            paths(&diff),
            [
                "sources[web].entry_unit",
                "sources[web].hourly_profile",
                "units[desk]",
                "units[front_desk]"
            ]
        );
        assert_eq!(diff.differences[1].a, Value::Null);
        assert_eq!(diff.differences[1].b.as_array().map(Vec::len), Some(24));
        assert_eq!(diff.uncovered(), 4);
    }

    #[test]
    fn shift_blocks_are_differences() {
        let a = base();
        let mut b = a.clone();
        b["units"][0]["shifts"] =
            json!([{"days": ["mon"], "from": "09:00", "to": "12:00", "headcount": 4}]);
        let mut c = b.clone();
        c["units"][0]["shifts"][0]["headcount"] = json!(5);
        let added = diff(&scenario(a), &scenario(b.clone()));
        assert_eq!(paths(&added), ["units[desk].shifts"]);
        assert_eq!(added.differences[0].b[0]["headcount"], json!(4));
        let changed = diff(&scenario(b), &scenario(c));
        assert_eq!(paths(&changed), ["units[desk].shifts[0].headcount"]);
    }

    #[test]
    fn an_absent_named_list_is_an_empty_one() {
        let a = base();
        let mut b = a.clone();
        b["links"] = json!([{"name": "brand", "entry_unit": "desk"}]);
        b["fixed_costs"] = json!([{"name": "cdp", "per_month": 1000}]);
        let diff = diff(&scenario(a), &scenario(b));
        assert_eq!(paths(&diff), ["links[brand]", "fixed_costs[cdp]"]);
    }
}
