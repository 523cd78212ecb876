//! Building an organisation design from the forms: adding, removing and
//! renaming units, lead sources, grades, links and funnel channels, as
//! pure functions on the scenario's JSON (the sibling of [`crate::document::edits`],
//! called the same way, as one undoable edit).
//!
//! Renaming cascades to every field that refers to the item by name (the
//! lists below follow `scenario::format` and the validator's lookups), so a
//! renamed unit keeps its routes, escalations, entry points and channels.
//! Removing a unit also drops the routes to it and escalations to it, which
//! can go without leaving the file incomplete; a reference that cannot be
//! dropped without changing what the scenario means (a source's or link's
//! entry unit, a channel's unit, a routing rule's grade) stays, and the
//! validator reports it at its field path for the user to fix or undo.

use serde_json::{Map, Value, json};

use crate::document::edits::names;
use crate::scenario::path::{FieldPath, Segment};
use crate::scenario::vocab::ServiceTask;

/// What the forms can add, remove and rename.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Unit,
    Source,
    Grade,
    Link,
    Channel,
}

impl Kind {
    /// Every kind, in the order the form shows them.
    pub const ALL: [Kind; 5] = [
        Kind::Unit,
        Kind::Source,
        Kind::Grade,
        Kind::Link,
        Kind::Channel,
    ];

    /// The JSON pointer of the list.
    pub fn list(self) -> &'static str {
        match self {
            Kind::Unit => "/units",
            Kind::Source => "/sources",
            Kind::Grade => "/grades",
            Kind::Link => "/links",
            Kind::Channel => "/funnel/channels",
        }
    }

    /// The stem of a new item's name (`unit_2`), also used in test ids.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Unit => "unit",
            Kind::Source => "source",
            Kind::Grade => "grade",
            Kind::Link => "link",
            Kind::Channel => "channel",
        }
    }

    /// Whether the file must keep at least one (the schema's `minItems`):
    /// the forms then disable Remove on the last one.
    pub fn needs_one(self) -> bool {
        !matches!(self, Kind::Link)
    }

    /// The fields that refer to an item of this kind by name, as pointer
    /// patterns (`*` = every list item). A pattern ending in `{key}` names
    /// the item by an object key (a source's grade mix).
    pub fn references(self) -> &'static [&'static str] {
        match self {
            Kind::Unit => &[
                "/units/*/routes/*/to",
                "/units/*/escalate_to",
                "/links/*/entry_unit",
                "/links/*/breach_unit",
                "/sources/*/entry_unit",
                "/funnel/channels/*/unit",
                "/funnel/remarketing/unit",
                "/funnel/after_sales/unit",
            ],
            Kind::Grade => &[
                "/sources/*/grade_mix_percent/{key}",
                "/routing/rules/*/grades/*",
            ],
            Kind::Source => &["/routing/rules/*/sources/*", "/funnel/referral/source"],
            Kind::Link => &["/sources/*/link", "/routing/rules/*/link"],
            Kind::Channel => &[],
        }
    }
}

/// Calls `f` on every value the pattern segments reach.
fn visit(value: &mut Value, pattern: &[&str], f: &mut dyn FnMut(&mut Value)) {
    match pattern.split_first() {
        None => f(value),
        Some((&"*", rest)) => {
            if let Some(items) = value.as_array_mut() {
                for item in items {
                    visit(item, rest, f);
                }
            }
        }
        Some((key, rest)) => {
            if let Some(child) = value.get_mut(*key) {
                visit(child, rest, f);
            }
        }
    }
}

/// Splits a reference pattern into its segments and whether it ends in an
/// object key.
fn segments(pattern: &str) -> (Vec<&str>, bool) {
    let mut parts: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let by_key = parts.last() == Some(&"{key}");
    if by_key {
        parts.pop();
    }
    (parts, by_key)
}

/// A name not yet used in the list of `kind`: `unit_2` for the second
/// unit, or the next free number.
pub fn unique_name(value: &Value, kind: Kind) -> String {
    let taken = names(value, kind.list());
    let mut n = taken.len() + 1;
    loop {
        let candidate = format!("{}_{n}", kind.key());
        if !taken.contains(&candidate) {
            return candidate;
        }
        n += 1;
    }
}

/// Whether the unit named `name` has a service time for `task`.
fn serves(value: &Value, name: &str, task: ServiceTask) -> bool {
    value
        .get("units")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|u| {
            u.get("name").and_then(Value::as_str) == Some(name)
                && u.pointer(&format!("/service_minutes/{}", task.key()))
                    .is_some()
        })
}

/// The first unit that serves `task`, else the first unit.
fn unit_for(value: &Value, task: ServiceTask) -> Option<String> {
    let units = names(value, "/units");
    units
        .iter()
        .find(|u| serves(value, u, task))
        .or(units.first())
        .cloned()
}

/// The hourly cost a new unit gets when the scenario has no unit to copy
/// (judgement: about a front-line sales consultant's loaded cost, ¥ per hour,
/// as in the presets' front offices).
pub const DEFAULT_HOURLY_COST: f64 = 60.0;

/// The unit a new unit of `office` takes its cost and hours from: the
/// office's first unit, else the scenario's first unit.
fn office_model(value: &Value, office: &str) -> Option<Value> {
    let units = value.get("units")?.as_array()?;
    units
        .iter()
        .find(|u| u.get("office").and_then(Value::as_str) == Some(office))
        .or(units.first())
        .cloned()
}

/// Appends a list item, creating the list (and `funnel`) if missing.
fn push(value: &mut Value, kind: Kind, item: Value) -> bool {
    if !value.is_object() {
        return false;
    }
    if kind == Kind::Channel && !value.get("funnel").is_some_and(Value::is_object) {
        value["funnel"] = Value::Object(Map::new());
    }
    let pointer = kind.list();
    match value.pointer_mut(pointer) {
        Some(Value::Array(items)) => {
            items.push(item);
            true
        }
        Some(_) => false,
        None => super::pointer::put(value, pointer, Value::Array(vec![item])),
    }
}

/// Adds an item of `kind` with a unique name and defaults that keep the
/// scenario valid where they can:
/// - a unit: front office, one person, contacts in 10 minutes (exponential),
///   with the hourly cost and opening hours of the front office's first unit
///   (else the first unit; in an empty scenario ¥60 an hour, Mon–Fri
///   09:00–18:00), never a silent 0 and 24/7;
/// - a lead source: 10 leads a day into the first link, or else the first
///   unit that answers contacts;
/// - a grade: share 0 %, so the shares still total 100 % (raise it and
///   lower another; the validator says when they do not);
/// - a link: entered at the first unit that answers contacts;
/// - a channel: share 0 % (the mix still totals 100 %), closing 20 %, at
///   the first unit that consults (the first channel of a scenario without
///   a funnel takes 100 %).
///
/// Returns the new item's index.
pub fn add(value: &mut Value, kind: Kind) -> Option<usize> {
    let name = unique_name(value, kind);
    let item = match kind {
        Kind::Unit => {
            let mut unit = json!({
                "name": name,
                "office": "front",
                "headcount": 1,
                "hourly_cost": DEFAULT_HOURLY_COST,
                "hours": {"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "18:00"},
                "service_minutes": {"contact": {"kind": "exponential", "mean": 10}}
            });
            // A new person costs and keeps hours like the front office they
            // join (never a silent 0 cost and 24/7), else like any unit.
            if let Some(model) = office_model(value, "front") {
                if let Some(cost) = model
                    .get("hourly_cost")
                    .filter(|c| c.as_f64().is_some_and(|c| c > 0.0))
                {
                    unit["hourly_cost"] = cost.clone();
                }
                match model.get("hours") {
                    Some(hours) => unit["hours"] = hours.clone(),
                    // The office's unit is always open: so is the new one.
                    None => {
                        if let Some(u) = unit.as_object_mut() {
                            u.remove("hours");
                        }
                    }
                }
            }
            unit
        }
        Kind::Source => {
            let mut source = json!({"name": name, "leads_per_day": 10});
            if let Some(link) = names(value, "/links").into_iter().next() {
                source["link"] = Value::String(link);
            } else if let Some(unit) = unit_for(value, ServiceTask::Contact) {
                source["entry_unit"] = Value::String(unit);
            }
            source
        }
        Kind::Grade => json!({
            "name": name,
            "share_percent": 0,
            "expected_response_minutes": 60
        }),
        Kind::Link => json!({
            "name": name,
            "entry_unit": unit_for(value, ServiceTask::Contact).unwrap_or_default()
        }),
        Kind::Channel => {
            let first = names(value, Kind::Channel.list()).is_empty();
            json!({
                "name": name,
                "kind": "authorised_dealer",
                "share_percent": if first { 100 } else { 0 },
                "unit": unit_for(value, ServiceTask::Consult).unwrap_or_default(),
                "close_rate": 0.2
            })
        }
    };
    push(value, kind, item).then(|| names(value, kind.list()).len().saturating_sub(1))
}

/// Renames item `index` of `kind` to `new` and every reference to its old
/// name. A name already taken is still set, without moving references
/// (the validator reports the duplicate at the name field, and renaming it
/// back restores everything).
pub fn rename(value: &mut Value, kind: Kind, index: usize, new: &str) -> bool {
    let pointer = format!("{}/{index}/name", kind.list());
    let Some(old) = value
        .pointer(&pointer)
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return false;
    };
    if old == new {
        return false;
    }
    // References follow only from a unique name to a free one: references
    // to a name several items share cannot be told apart, and following
    // into a taken name would merge two items' references for good.
    let list = names(value, kind.list());
    let unique = list.iter().filter(|n| **n == old).count() == 1 && !list.iter().any(|n| n == new);
    if !super::pointer::put(value, &pointer, Value::String(new.to_string())) {
        return false;
    }
    if unique {
        for pattern in kind.references() {
            let (parts, by_key) = segments(pattern);
            visit(value, &parts, &mut |target| {
                if by_key {
                    if let Some(map) = target.as_object_mut()
                        && !map.contains_key(new)
                        && let Some(share) = map.remove(&old)
                    {
                        map.insert(new.to_string(), share);
                    }
                } else if target.as_str() == Some(old.as_str()) {
                    *target = Value::String(new.to_string());
                }
            });
        }
        rename_in_covers(value, kind, &old, new);
    }
    true
}

/// What assumptions cover follows a rename: `units[call_center].hours`
/// becomes `units[contact_center].hours`, so `orgflow diff` still finds
/// the assumption behind the renamed item's differences.
fn rename_in_covers(value: &mut Value, kind: Kind, old: &str, new: &str) {
    let list = kind.list().trim_start_matches('/').replace('/', ".");
    let Some(list) = FieldPath::parse(&list) else {
        return;
    };
    let depth = list.segments().len();
    let renamed = |text: &str| -> Option<String> {
        let path = FieldPath::parse(text)?;
        let segments = path.segments();
        if segments.len() <= depth
            || segments[..depth] != *list.segments()
            || segments[depth] != Segment::Item(old.to_string())
        {
            return None;
        }
        let mut out = FieldPath::root();
        for (i, segment) in segments.iter().enumerate() {
            out = match segment {
                Segment::Field(field) => out.field(field),
                Segment::Item(_) if i == depth => out.item(new),
                Segment::Item(item) => out.item(item),
            };
        }
        Some(out.to_string())
    };
    let assumptions = value.get_mut("assumptions").and_then(Value::as_array_mut);
    for assumption in assumptions.into_iter().flatten() {
        let covers = assumption.get_mut("covers").and_then(Value::as_array_mut);
        for cover in covers.into_iter().flatten() {
            if let Some(text) = cover.as_str().and_then(renamed) {
                *cover = Value::String(text);
            }
        }
    }
}

/// Removes item `index` of `kind`. For a unit, routes to it (an emptied
/// route list disappears) and escalations to it go too; for a grade, its
/// share in sources' grade mixes; for a channel, the other channels absorb
/// its share in proportion, so the mix keeps 100 %. Other references are
/// left for the validator to report.
pub fn remove(value: &mut Value, kind: Kind, index: usize) -> bool {
    let list = kind.list();
    let Some(old) = value
        .pointer(&format!("{list}/{index}/name"))
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return false;
    };
    let still_named = |value: &Value| names(value, list).contains(&old);
    if !super::pointer::remove(value, &format!("{list}/{index}")) {
        return false;
    }
    // A duplicate of the name still answers its references.
    if still_named(value) {
        return true;
    }
    match kind {
        Kind::Unit => {
            if let Some(units) = value.get_mut("units").and_then(Value::as_array_mut) {
                for unit in units.iter_mut() {
                    if let Some(routes) = unit.get_mut("routes").and_then(Value::as_array_mut) {
                        routes.retain(|r| r.get("to").and_then(Value::as_str) != Some(&old));
                    }
                    if let Some(fields) = unit.as_object_mut() {
                        if fields
                            .get("routes")
                            .and_then(Value::as_array)
                            .is_some_and(Vec::is_empty)
                        {
                            fields.remove("routes");
                        }
                        if fields.get("escalate_to").and_then(Value::as_str) == Some(&old) {
                            fields.remove("escalate_to");
                        }
                    }
                }
            }
        }
        Kind::Grade => {
            visit(value, &["sources", "*", "grade_mix_percent"], &mut |mix| {
                if let Some(map) = mix.as_object_mut() {
                    map.remove(&old);
                }
            });
        }
        Kind::Channel => super::shares::normalise(value),
        Kind::Source | Kind::Link => {}
    }
    if kind == Kind::Link {
        // An emptied optional list reads better as none.
        if value
            .get("links")
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty)
            && let Some(fields) = value.as_object_mut()
        {
            fields.remove("links");
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets::testing::{preset_json as preset, problems};

    fn blank() -> Value {
        serde_json::from_str(&crate::document::workspace::blank_scenario_json())
            .expect("blank is JSON")
    }

    /// Every string a reference pattern reaches, with its pattern.
    fn references(value: &Value, kind: Kind) -> Vec<String> {
        let mut found = Vec::new();
        let mut copy = value.clone();
        for pattern in kind.references() {
            let (parts, by_key) = segments(pattern);
            visit(&mut copy, &parts, &mut |target| {
                if by_key {
                    if let Some(map) = target.as_object() {
                        found.extend(map.keys().map(|k| format!("{pattern}={k}")));
                    }
                } else if let Some(name) = target.as_str() {
                    found.push(format!("{pattern}={name}"));
                }
            });
        }
        found
    }

    /// A scenario in which every reference field is used: the fullest
    /// preset with a remarketing, after-sales and referral block, routing
    /// rules naming grades and sources, and a re-routing link.
    fn everything() -> Value {
        let mut v = preset("faw_vw_front_back_before");
        let units = names(&v, "/units");
        let grades = names(&v, "/grades");
        let sources = names(&v, "/sources");
        let links = names(&v, "/links");
        v["routing"]["rules"] =
            json!([{"grades": [grades[0]], "sources": [sources[0]], "link": links[0]}]);
        v["links"][0]["on_breach"] = json!("reroute");
        v["links"][0]["sla_minutes"] = json!(60);
        v["links"][0]["entry_unit"] = json!(units[0]);
        v["links"][0]["breach_unit"] = json!(units[0]);
        v["sources"][0]["grade_mix_percent"] = json!({grades[0].clone(): 100});
        v["sources"][0]["entry_unit"] = json!(units[0]);
        v["sources"][0]["link"] = json!(links[0]);
        v["units"][1]["routes"] = json!([{"to": units[0], "probability": 0.1}]);
        v["units"][5]["escalate_to"] = json!(units[0]);
        v["funnel"]["channels"][0]["unit"] = json!(units[0]);
        let funnel = v["funnel"].as_object_mut().expect("preset has a funnel");
        funnel.insert(
            "remarketing".into(),
            json!({"unit": units[0], "incubation_days": {"kind": "exponential", "mean": 7}}),
        );
        funnel.insert("after_sales".into(), json!({"unit": units[0], "request_probability": 0.1, "delay_days": {"kind": "exponential", "mean": 30}}));
        funnel.insert("referral".into(), json!({"source": sources[0], "max_probability": 0.1, "delay_days": {"kind": "exponential", "mean": 30}}));
        v
    }

    #[test]
    fn every_reference_kind_follows_a_rename() {
        for kind in [Kind::Unit, Kind::Grade, Kind::Source, Kind::Link] {
            let mut v = everything();
            let old = names(&v, kind.list())[0].clone();
            let before = references(&v, kind);
            // Every pattern is exercised by this scenario.
            for pattern in kind.references() {
                assert!(
                    before
                        .iter()
                        .any(|r| r.starts_with(&format!("{pattern}={old}"))),
                    "{kind:?}: {pattern} does not name {old} in the test scenario"
                );
            }
            assert!(rename(&mut v, kind, 0, "renamed"));
            assert_eq!(names(&v, kind.list())[0], "renamed");
            let after = references(&v, kind);
            let expected: Vec<String> = before
                .iter()
                .map(|r| match r.strip_suffix(&format!("={old}")) {
                    Some(pattern) => format!("{pattern}=renamed"),
                    None => r.clone(),
                })
                .collect();
            assert_eq!(after, expected, "{kind:?}");
            assert!(!after.iter().any(|r| r.ends_with(&format!("={old}"))));
        }
    }

    #[test]
    fn a_renamed_preset_stays_valid_and_renaming_back_restores_it() {
        let original = preset("faw_vw_front_back_before");
        for kind in Kind::ALL {
            let mut v = original.clone();
            if names(&v, kind.list()).is_empty() {
                continue;
            }
            let old = names(&v, kind.list())[0].clone();
            assert!(rename(&mut v, kind, 0, "新名字"));
            assert_eq!(problems(&v), Vec::<String>::new(), "{kind:?}");
            assert!(!rename(&mut v, kind, 0, "新名字"), "same name is no edit");
            assert!(rename(&mut v, kind, 0, &old));
            assert_eq!(v, original, "{kind:?}");
        }
        let mut v = original.clone();
        assert!(!rename(&mut v, Kind::Unit, 99, "x"));
    }

    #[test]
    fn a_taken_name_is_reported_not_merged() {
        let mut v = preset("faw_vw_front_back_before");
        let units = names(&v, "/units");
        assert!(rename(&mut v, Kind::Unit, 1, &units[0]));
        assert!(
            problems(&v).iter().any(|p| p.starts_with("units[1].name")),
            "{:?}",
            problems(&v)
        );
        // Renaming it back restores the scenario.
        assert!(rename(&mut v, Kind::Unit, 1, &units[1]));
        assert_eq!(v, preset("faw_vw_front_back_before"));
    }

    #[test]
    fn a_new_unit_costs_and_opens_like_the_front_office() {
        let mut v = preset("faw_vw_front_back_before");
        let front = v["units"]
            .as_array()
            .and_then(|units| units.iter().find(|u| u["office"] == "front"))
            .cloned()
            .unwrap_or_default();
        assert!(front["hourly_cost"].as_f64().is_some_and(|c| c > 0.0));
        let index = add(&mut v, Kind::Unit).unwrap_or_default();
        let unit = &v["units"][index];
        assert_eq!(unit["hourly_cost"], front["hourly_cost"]);
        assert_eq!(unit["hours"], front["hours"]);
        assert_eq!(problems(&v), Vec::<String>::new());
        // A scenario whose units cost nothing: the documented default, not 0.
        let mut free = blank();
        if let Some(unit) = free["units"][0].as_object_mut() {
            unit.remove("hourly_cost");
        }
        add(&mut free, Kind::Unit);
        assert_eq!(free["units"][1]["hourly_cost"], json!(DEFAULT_HOURLY_COST));
    }

    #[test]
    fn new_items_get_unique_names_and_keep_the_scenario_valid() {
        let mut v = blank();
        assert_eq!(unique_name(&v, Kind::Unit), "unit_2");
        assert_eq!(add(&mut v, Kind::Unit), Some(1));
        assert_eq!(
            v["units"][1],
            json!({"name": "unit_2", "office": "front", "headcount": 1, "hourly_cost": 60,
                   "service_minutes": {"contact": {"kind": "exponential", "mean": 10}}})
        );
        assert_eq!(problems(&v), Vec::<String>::new());
        // unit_2 is taken: the third is unit_3, and after a rename of the
        // second to unit_3 the next free number is used.
        assert!(rename(&mut v, Kind::Unit, 1, "unit_3"));
        assert_eq!(unique_name(&v, Kind::Unit), "unit_4");
        for kind in Kind::ALL {
            let before = names(&v, kind.list()).len();
            let index = add(&mut v, kind).expect("added");
            let list = names(&v, kind.list());
            assert_eq!(list.len(), before + 1);
            assert_eq!(index, before);
            let mut unique = list.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), list.len(), "{kind:?}: {list:?}");
        }
        // The blank scenario has no funnel: its first channel takes 100 %
        // of the mix, at the first unit (which then must consult: said at
        // its field).
        assert_eq!(v["funnel"]["channels"][0]["share_percent"], json!(100));
        assert_eq!(
            problems(&v),
            [
                "units[0].service_minutes.consult: this unit receives \"consult\" work but has no service_minutes.consult"
            ]
        );
        // A source added once a link exists enters through it.
        assert_eq!(v["sources"][1]["entry_unit"], json!("team"));
        assert_eq!(add(&mut v, Kind::Source), Some(2));
        assert_eq!(v["sources"][2]["link"], json!("link_1"));
    }

    #[test]
    fn additions_to_a_preset_keep_shares_at_100() {
        let mut v = preset("faw_vw_front_back_before");
        for kind in Kind::ALL {
            add(&mut v, kind).expect("added");
        }
        assert_eq!(problems(&v), Vec::<String>::new());
    }

    #[test]
    fn removing_a_unit_drops_routes_and_escalations_and_reports_the_rest() {
        let mut v = everything();
        let units = names(&v, "/units");
        let target = units[0].clone();
        assert!(remove(&mut v, Kind::Unit, 0));
        assert!(!names(&v, "/units").contains(&target));
        let refs = references(&v, Kind::Unit);
        for gone in ["/units/*/routes/*/to", "/units/*/escalate_to"] {
            assert!(!refs.contains(&format!("{gone}={target}")), "{refs:?}");
        }
        // The references that cannot go are the validator's, at their paths.
        let problems = problems(&v);
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("links[0].breach_unit")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("funnel.remarketing.unit"))
        );
        assert!(
            !problems.iter().any(|p| p.contains(".routes[")),
            "{problems:?}"
        );
        assert!(
            !problems.iter().any(|p| p.contains("escalate_to")),
            "{problems:?}"
        );
        assert!(!remove(&mut v, Kind::Unit, 99));
    }

    #[test]
    fn removing_the_only_route_drops_the_list() {
        let mut v = blank();
        add(&mut v, Kind::Unit);
        v["units"][0]["routes"] = json!([{"to": "unit_2", "probability": 0.5}]);
        assert_eq!(problems(&v), Vec::<String>::new());
        assert!(remove(&mut v, Kind::Unit, 1));
        assert!(v["units"][0].get("routes").is_none());
        assert_eq!(problems(&v), Vec::<String>::new());
    }

    #[test]
    fn removing_other_kinds() {
        // A grade leaves the mixes; the shares are the validator's.
        let mut v = everything();
        let grade = names(&v, "/grades")[0].clone();
        assert!(remove(&mut v, Kind::Grade, 0));
        assert!(v["sources"][0]["grade_mix_percent"].get(&grade).is_none());
        let p = problems(&v);
        assert!(p.iter().any(|p| p.starts_with("grades:")), "{p:?}");
        assert!(
            p.iter()
                .any(|p| p.starts_with("routing.rules[0].grades[0]")),
            "{p:?}"
        );

        // A channel's share goes to the others in proportion.
        let mut v = preset("saic_maxus_three_channels");
        let shares = |v: &Value| -> f64 {
            v["funnel"]["channels"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c["share_percent"].as_f64())
                .sum()
        };
        let count = names(&v, Kind::Channel.list()).len();
        assert!(count >= 2);
        assert!(remove(&mut v, Kind::Channel, 0));
        assert_eq!(names(&v, Kind::Channel.list()).len(), count - 1);
        assert!((shares(&v) - 100.0).abs() < 1e-9);
        assert_eq!(problems(&v), Vec::<String>::new());

        // Links: the sources using one are reported; the last one may go
        // and the empty list disappears.
        let mut v = preset("faw_vw_front_back_before");
        while !names(&v, "/links").is_empty() {
            assert!(remove(&mut v, Kind::Link, 0));
        }
        assert!(v.get("links").is_none());
        assert!(problems(&v).iter().any(|p| p.contains(".link")));

        // A source named in the referral block is reported there.
        let mut v = everything();
        assert!(remove(&mut v, Kind::Source, 0));
        assert!(
            problems(&v)
                .iter()
                .any(|p| p.starts_with("funnel.referral.source"))
        );
    }

    #[test]
    fn the_kinds_that_need_one_are_those_the_schema_requires() {
        let mut v = blank();
        for kind in Kind::ALL {
            if kind == Kind::Channel {
                continue;
            }
            while !names(&v, kind.list()).is_empty() {
                remove(&mut v, kind, 0);
            }
        }
        // An empty required list is a schema error at the list.
        let p = problems(&v);
        for kind in [Kind::Unit, Kind::Source, Kind::Grade] {
            assert!(kind.needs_one());
            let list = &kind.list()[1..];
            assert!(p.iter().any(|p| p.starts_with(list)), "{list}: {p:?}");
        }
        assert!(!Kind::Link.needs_one());
    }

    #[test]
    fn assumptions_follow_a_rename() {
        let mut v = preset("faw_vw_front_middle_back_after");
        let covers = |v: &Value| -> Vec<String> {
            v["assumptions"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|a| a["covers"].as_array().cloned().unwrap_or_default())
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect()
        };
        let before = covers(&v);
        let index = v["units"]
            .as_array()
            .and_then(|units| {
                units.iter().position(|u| {
                    let name = format!("units[{}]", u["name"].as_str().unwrap_or(""));
                    before.iter().any(|c| c.starts_with(&name))
                })
            })
            .expect("an assumption covers a unit");
        let old = v["units"][index]["name"].as_str().unwrap_or("").to_string();
        assert!(rename(&mut v, Kind::Unit, index, "renamed_unit"));
        let after = covers(&v);
        assert_eq!(before.len(), after.len());
        let prefix = format!("units[{old}]");
        assert!(!after.iter().any(|c| c.starts_with(&prefix)), "{after:?}");
        assert_eq!(
            before.iter().filter(|c| c.starts_with(&prefix)).count(),
            after
                .iter()
                .filter(|c| c.starts_with("units[renamed_unit]"))
                .count()
        );
        // Other lists' items of the same name are not touched.
        let other = before.iter().filter(|c| !c.starts_with(&prefix));
        assert!(other.clone().all(|c| after.contains(c)), "{after:?}");
    }
}
