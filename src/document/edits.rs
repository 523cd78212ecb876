//! The editor's form edits: pure functions that change a scenario as a
//! JSON value.
//!
//! The app's forms call these through [`crate::document::workspace::Workspace::update_json`]
//! and dispatch the result as one undoable edit, so every form change goes
//! the same way as a change typed into the scenario text: autosaved,
//! undoable, and validated by the same validator as the CLI. Nothing here
//! refuses a value the validator would refuse; the forms show the
//! validator's message at the field instead. What these functions do
//! guarantee is a well-formed file: a new distribution gets every parameter
//! its kind needs, a new route points at an existing unit, an emptied list
//! disappears rather than staying as `[]`.
//!
//! Places are JSON pointers (`/units/2/service_minutes/contact`); a pointer
//! to a missing parent changes nothing and returns `false`.

use serde_json::{Map, Value, json};

use super::pointer::{drop_if_empty, put, remove, split};
use crate::scenario::schema;
use crate::scenario::vocab::{DistKind, DistParam, ServiceTask, Weekday, tidy};

/// A number as the file writes it: whole numbers without a fraction.
pub(crate) fn number_value(x: f64, integer: bool) -> Option<Value> {
    if !x.is_finite() {
        return None;
    }
    if integer || (x.fract() == 0.0 && x.abs() < 1e15) {
        Some(Value::from(x.round() as i64))
    } else {
        serde_json::Number::from_f64(x).map(Value::Number)
    }
}

/// Sets the number at `pointer` (adding the field to an existing object if
/// it is missing). Fields the schema declares integer are rounded; other
/// whole numbers are written without a fraction. Non-finite numbers change
/// nothing.
pub fn set_number(value: &mut Value, pointer: &str, x: f64) -> bool {
    let integer = schema::number_rule(pointer).is_some_and(|r| r.integer);
    match number_value(x, integer) {
        Some(number) => put(value, pointer, number),
        None => false,
    }
}

/// Sets or (for `None`) removes a number inside an optional object such as
/// a unit's `skill`: the object is created when missing (its parent must
/// exist) and removed again when its last field is, so clearing every field
/// returns the file to the defaults it had.
pub fn set_in_optional_object(value: &mut Value, pointer: &str, x: Option<f64>) -> bool {
    let Some((object, _)) = split(pointer) else {
        return false;
    };
    match x {
        Some(x) => {
            if value.pointer(object).is_none() {
                let created = put(value, object, Value::Object(serde_json::Map::new()));
                if !created {
                    return false;
                }
                if !set_number(value, pointer, x) {
                    remove(value, object);
                    return false;
                }
                return true;
            }
            set_number(value, pointer, x)
        }
        None => {
            let removed = remove(value, pointer);
            if value
                .pointer(object)
                .and_then(Value::as_object)
                .is_some_and(serde_json::Map::is_empty)
            {
                remove(value, object);
            }
            removed
        }
    }
}

/// Sets the text at `pointer` (adding the field if missing), or removes
/// the field for `None`.
pub fn set_text(value: &mut Value, pointer: &str, text: Option<&str>) -> bool {
    match text {
        Some(text) => put(value, pointer, Value::String(text.to_string())),
        None => remove(value, pointer),
    }
}

/// The kind of a distribution as written, if the word is one the schema allows.
fn kind_of(dist: &Value) -> Option<DistKind> {
    dist.get("kind")
        .and_then(Value::as_str)
        .and_then(DistKind::parse)
}

/// The mean of a distribution as written (for kinds without a `mean`
/// field, the mean their parameters imply).
pub fn dist_mean(dist: &Value) -> Option<f64> {
    let number = |parameter: DistParam| dist.get(parameter.key()).and_then(Value::as_f64);
    // Non-numbers in a typed sample list are skipped, as the list is shown.
    let samples: Option<Vec<f64>> = dist
        .get(DistParam::Values.key())
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_f64).collect());
    kind_of(dist)?.implied_mean(number, samples.as_deref())
}

/// The distribution of kind `kind` that keeps the mean of `old` (or
/// `default_mean` when `old` has none) and its coefficient of variation
/// where the new kind has one: switching exponential → lognormal keeps the
/// workshop's number and adds `cv = 1` (the exponential's own spread). An
/// empirical distribution keeps the samples `old` has.
pub fn convert_dist(old: Option<&Value>, kind: DistKind, default_mean: f64) -> Value {
    let mean = old
        .and_then(dist_mean)
        .filter(|m| m.is_finite() && *m > 0.0)
        .unwrap_or(default_mean);
    let cv = old
        .and_then(|d| d.get(DistParam::Cv.key()))
        .and_then(Value::as_f64)
        .filter(|c| *c > 0.0)
        .unwrap_or(1.0);
    let n = |x: f64| number_value(x, false).unwrap_or(Value::from(0));
    let mut dist = Map::new();
    dist.insert("kind".into(), Value::from(kind.key()));
    for (parameter, x) in kind.parameters_for_mean(mean, cv) {
        let written = match parameter {
            DistParam::Values => old
                .and_then(|d| d.get(parameter.key()))
                .filter(|v| v.as_array().is_some_and(|a| !a.is_empty()))
                .cloned()
                .unwrap_or_else(|| json!([n(x)])),
            DistParam::Mean
            | DistParam::Cv
            | DistParam::Min
            | DistParam::Mode
            | DistParam::Max
            | DistParam::Value => n(x),
        };
        dist.insert(parameter.key().into(), written);
    }
    Value::Object(dist)
}

/// Changes the kind of the distribution at `pointer` (creating it, and its
/// parent object, if missing: a unit without `service_minutes` gains one).
pub fn set_dist_kind(value: &mut Value, pointer: &str, kind: DistKind, default_mean: f64) -> bool {
    let old = value.pointer(pointer).cloned();
    if old.as_ref().and_then(kind_of) == Some(kind) {
        return false;
    }
    let new = convert_dist(old.as_ref(), kind, default_mean);
    if let Some((parent, _)) = split(pointer)
        && value.pointer(parent).is_none()
    {
        put(value, parent, Value::Object(Map::new()));
    }
    put(value, pointer, new)
}

/// Reads a list of numbers typed as text ("12, 15 20;30"); `None` if any
/// item is not a number.
pub fn parse_numbers(text: &str) -> Option<Vec<f64>> {
    text.split(|c: char| c == ',' || c == ';' || c == '，' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect()
}

/// Sets the list of numbers at `pointer` (an empirical distribution's
/// `values`).
pub fn set_numbers(value: &mut Value, pointer: &str, numbers: &[f64]) -> bool {
    let list: Option<Vec<Value>> = numbers.iter().map(|x| number_value(*x, false)).collect();
    match list {
        Some(list) => put(value, pointer, Value::Array(list)),
        None => false,
    }
}

fn unit_names(value: &Value) -> Vec<String> {
    names(value, "/units")
}

/// The `name`s of the objects in the list at `pointer`.
pub fn names(value: &Value, pointer: &str) -> Vec<String> {
    value
        .pointer(pointer)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|item| item.get("name").and_then(Value::as_str))
        .map(str::to_string)
        .collect()
}

/// Whether the unit named `name` has a contact service time (routed and
/// re-routed leads are contacted where they arrive).
fn serves_contact(value: &Value, name: &str) -> bool {
    value
        .get("units")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|u| {
            u.get("name").and_then(Value::as_str) == Some(name)
                && u.pointer(&format!("/service_minutes/{}", ServiceTask::Contact.key()))
                    .is_some()
        })
}

// ----- scenario-wide settings ------------------------------------------------

/// Turns data sharing (One-ID) on or off. `handoffs` is optional and all
/// its fields have defaults, so a missing `handoffs` is created, and one
/// that is not an object (which the validator already reports) is replaced:
/// the user asked for a setting, and the broken value could not hold it.
/// Only a document that is not an object at all is left alone.
pub fn set_one_id(value: &mut Value, on: bool) -> bool {
    let Some(fields) = value.as_object_mut() else {
        return false;
    };
    match fields.get_mut("handoffs") {
        Some(Value::Object(handoffs)) => {
            handoffs.insert("one_id".to_string(), Value::Bool(on));
        }
        _ => {
            fields.insert("handoffs".to_string(), json!({ "one_id": on }));
        }
    }
    true
}

// ----- description and assumptions -------------------------------------------

/// The most assumptions a file may list (the schema's `maxItems`).
pub const MAX_ASSUMPTIONS: usize = 100;

/// Sets one language (`"en"` or `"zh"`) of the scenario's description. The
/// description needs both languages, so a missing one is created with the
/// other empty; a description left empty in both is removed (it is
/// optional).
pub fn set_description(value: &mut Value, language: &str, text: &str) -> bool {
    if !matches!(language, "en" | "zh") {
        return false;
    }
    let Some(fields) = value.as_object_mut() else {
        return false;
    };
    let description = fields
        .entry("description")
        .or_insert_with(|| json!({"en": "", "zh": ""}));
    if !description.is_object() {
        *description = json!({"en": "", "zh": ""});
    }
    description[language] = Value::String(text.to_string());
    let empty = |key: &str| {
        description
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .is_empty()
    };
    if empty("en") && empty("zh") {
        fields.remove("description");
    }
    true
}

/// Appends an empty assumption (both languages, no source) and returns
/// its index; none past [`MAX_ASSUMPTIONS`].
pub fn add_assumption(value: &mut Value) -> Option<usize> {
    let fields = value.as_object_mut()?;
    let list = fields
        .entry("assumptions")
        .or_insert_with(|| Value::Array(Vec::new()));
    let items = list.as_array_mut()?;
    if items.len() >= MAX_ASSUMPTIONS {
        return None;
    }
    items.push(json!({"en": "", "zh": ""}));
    Some(items.len() - 1)
}

/// Sets field `field` (`en`, `zh` or `source`) of assumption `index`; an
/// empty source is removed (it is optional).
pub fn set_assumption(value: &mut Value, index: usize, field: &str, text: &str) -> bool {
    let pointer = format!("/assumptions/{index}/{field}");
    match field {
        "en" | "zh" => set_text(value, &pointer, Some(text)),
        "source" if text.is_empty() => remove(value, &pointer),
        "source" => set_text(value, &pointer, Some(text)),
        _ => false,
    }
}

/// Removes assumption `index` (and the list with its last item).
pub fn remove_assumption(value: &mut Value, index: usize) -> bool {
    let removed = remove(value, &format!("/assumptions/{index}"));
    drop_if_empty(value, "/assumptions");
    removed
}

// ----- uncertain inputs -----------------------------------------------------

/// Appends the range `min / most_likely / max` of the number at field path
/// `input` (as `orgflow uncertainty` reads it) with its source; an empty
/// source is left out (the file says "judgement" where it has none).
pub fn add_uncertain_input(
    value: &mut Value,
    input: &str,
    [min, most_likely, max]: [f64; 3],
    source: &str,
) -> bool {
    let (Some(min), Some(most_likely), Some(max)) = (
        number_value(min, false),
        number_value(most_likely, false),
        number_value(max, false),
    ) else {
        return false;
    };
    let Some(fields) = value.as_object_mut() else {
        return false;
    };
    let list = fields
        .entry("uncertainty")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Some(items) = list.as_array_mut() else {
        return false;
    };
    let mut range = json!({"input": input, "min": min, "most_likely": most_likely, "max": max});
    if !source.trim().is_empty() {
        range["source"] = Value::String(source.trim().to_string());
    }
    items.push(range);
    true
}

/// Removes uncertain input `index` (and the list with its last item).
pub fn remove_uncertain_input(value: &mut Value, index: usize) -> bool {
    let removed = remove(value, &format!("/uncertainty/{index}"));
    drop_if_empty(value, "/uncertainty");
    removed
}

// ----- units: opening hours -------------------------------------------------

/// Opens unit `unit` around the clock (removes `hours`) or gives it
/// office hours (Monday to Friday, 09:00–18:00) to adjust.
pub fn set_always_open(value: &mut Value, unit: usize, always: bool) -> bool {
    let pointer = format!("/units/{unit}/hours");
    if always {
        remove(value, &pointer)
    } else if value.pointer(&pointer).is_none() {
        put(
            value,
            &pointer,
            json!({"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "18:00"}),
        )
    } else {
        false
    }
}

/// Adds or removes `day` from unit `unit`'s opening days, keeping the
/// week's order. Removing the last day is allowed: the validator then says
/// at least one day is needed.
pub fn set_open_day(value: &mut Value, unit: usize, day: Weekday, open: bool) -> bool {
    set_day(value, &format!("/units/{unit}/hours/days"), day, open)
}

/// Adds or removes `day` from the list of day words at `pointer` (opening
/// hours or a shift block), keeping the week's order.
fn set_day(value: &mut Value, pointer: &str, day: Weekday, open: bool) -> bool {
    let day = day.key();
    let Some(days) = value.pointer_mut(pointer).and_then(Value::as_array_mut) else {
        return false;
    };
    let mut set: Vec<String> = days
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    let before = set.clone();
    set.retain(|d| d != day);
    if open {
        set.push(day.to_string());
    }
    // Known days in week order, then anything else as it was.
    let mut ordered: Vec<String> = Weekday::ALL
        .iter()
        .map(|d| d.key())
        .filter(|d| set.iter().any(|s| s == d))
        .map(str::to_string)
        .collect();
    ordered.extend(set.into_iter().filter(|s| Weekday::parse(s).is_none()));
    if ordered == before {
        return false;
    }
    *days = ordered.into_iter().map(Value::String).collect();
    true
}

/// Makes unit `unit` a committee that meets weekly at 10:00 for two hours
/// (to adjust), or an ordinary unit again. A committee only takes
/// decisions; the validator says so if the unit has other work.
pub fn set_committee(value: &mut Value, unit: usize, on: bool) -> bool {
    let pointer = format!("/units/{unit}/committee");
    if !on {
        return remove(value, &pointer);
    }
    if value.pointer(&pointer).is_some() {
        return false;
    }
    put(
        value,
        &pointer,
        json!({"every_days": 7, "at": "10:00", "duration_minutes": 120}),
    )
}

// ----- units: shifts ----------------------------------------------------------

/// Length of a new shift block, in minutes: half a working day, to adjust.
const NEW_SHIFT_MINUTES: u64 = 4 * 60;
const DAY_MINUTES: u64 = 24 * 60;

/// Adds a shift block to unit `unit` that changes nothing yet: the unit's
/// base headcount on its opening days (Monday to Friday from 09:00 when
/// always open), for up to four hours from where the last block ends (from
/// opening time for the first), so that the block the user adjusts is valid
/// at once.
/// When the day has no room left the block starts at opening time and the
/// validator names the overlap at the new block. A committee gets none: it
/// meets on its cadence and the validator refuses shifts on it.
pub fn add_shift(value: &mut Value, unit: usize) -> bool {
    let base = format!("/units/{unit}");
    let Some(spec) = value.pointer(&base).filter(|u| u.is_object()) else {
        return false;
    };
    if spec.get("committee").is_some() {
        return false;
    }
    let hours = spec.get("hours").filter(|h| h.is_object());
    let read = |field: &str| {
        hours
            .and_then(|h| h.get(field))
            .and_then(Value::as_str)
            .and_then(crate::scenario::validate::clock)
    };
    // Always open: the first block starts at 09:00, the start of office hours.
    let open = if hours.is_some() {
        read("open").unwrap_or(0)
    } else {
        9 * 60
    };
    let close = read("close").filter(|c| *c > open).unwrap_or(DAY_MINUTES);
    let days = hours
        .and_then(|h| h.get("days"))
        .filter(|d| d.as_array().is_some_and(|a| !a.is_empty()))
        .cloned()
        .unwrap_or_else(|| json!(["mon", "tue", "wed", "thu", "fri"]));
    let mut blocks: Vec<Value> = spec
        .get("shifts")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let last_end = blocks
        .iter()
        .filter_map(|b| b.get("to").and_then(Value::as_str))
        .filter_map(crate::scenario::validate::clock)
        .max();
    let from = last_end
        .filter(|end| *end >= open && *end < close)
        .unwrap_or(open);
    let to = (from + NEW_SHIFT_MINUTES).min(close);
    let headcount = spec.get("headcount").cloned().unwrap_or(Value::from(1));
    blocks.push(json!({
        "days": days,
        "from": crate::scenario::validate::clock_text(from),
        "to": crate::scenario::validate::clock_text(to),
        "headcount": headcount,
    }));
    put(value, &format!("{base}/shifts"), Value::Array(blocks))
}

/// Removes shift block `block` of unit `unit` (and the list with its last
/// block: the unit then has its base headcount all week).
pub fn remove_shift(value: &mut Value, unit: usize, block: usize) -> bool {
    let pointer = format!("/units/{unit}/shifts");
    let removed = remove(value, &format!("{pointer}/{block}"));
    drop_if_empty(value, &pointer);
    removed
}

/// Adds or removes `day` from shift block `block` of unit `unit`, keeping
/// the week's order. Removing the last day is allowed: the validator then
/// says at least one day is needed.
pub fn set_shift_day(value: &mut Value, unit: usize, block: usize, day: Weekday, on: bool) -> bool {
    set_day(
        value,
        &format!("/units/{unit}/shifts/{block}/days"),
        day,
        on,
    )
}

// ----- units: routes and escalation -----------------------------------------

/// Adds a route from unit `unit` to the first other unit it has no route
/// to yet, with the probability still free (at most 0.5).
pub fn add_route(value: &mut Value, unit: usize) -> bool {
    let units = unit_names(value);
    let Some(own) = units.get(unit).cloned() else {
        return false;
    };
    let routes_pointer = format!("/units/{unit}/routes");
    let existing: Vec<Value> = value
        .pointer(&routes_pointer)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let taken: Vec<&str> = existing
        .iter()
        .filter_map(|r| r.get("to").and_then(Value::as_str))
        .collect();
    // A routed lead is contacted again where it arrives: prefer units that
    // have a contact service time, then any unit not routed to yet.
    let free_target = |name: &&String| **name != own && !taken.contains(&name.as_str());
    let Some(target) = units
        .iter()
        .filter(free_target)
        .find(|u| serves_contact(value, u))
        .or_else(|| units.iter().find(free_target))
        .or_else(|| units.iter().find(|u| **u != own))
        .cloned()
    else {
        return false;
    };
    let used: f64 = existing
        .iter()
        .filter_map(|r| r.get("probability").and_then(Value::as_f64))
        .sum();
    let free = tidy((1.0 - used).clamp(0.0, 0.5));
    let route =
        json!({"to": target, "probability": number_value(free, false).unwrap_or(Value::from(0))});
    let mut routes = existing;
    routes.push(route);
    put(value, &routes_pointer, Value::Array(routes))
}

/// Removes route `route` of unit `unit` (and the empty list).
pub fn remove_route(value: &mut Value, unit: usize, route: usize) -> bool {
    let pointer = format!("/units/{unit}/routes");
    let removed = remove(value, &format!("{pointer}/{route}"));
    drop_if_empty(value, &pointer);
    removed
}

// ----- links ----------------------------------------------------------------

/// Sets what happens when link `link`'s first-contact SLA is breached:
/// `None` (nothing), `count` or `reroute`. Re-routing needs an SLA and a
/// breach unit: missing ones are filled in (60 minutes; the first unit
/// other than the link's entry unit) so the choice is valid at once.
/// Without re-routing the breach unit has no meaning and is removed.
pub fn set_on_breach(value: &mut Value, link: usize, action: Option<&str>) -> bool {
    let base = format!("/links/{link}");
    if value.pointer(&base).is_none_or(|l| !l.is_object()) {
        return false;
    }
    let mut changed = set_text(value, &format!("{base}/on_breach"), action);
    if action == Some("reroute") {
        if value.pointer(&format!("{base}/sla_minutes")).is_none() {
            changed |= put(value, &format!("{base}/sla_minutes"), Value::from(60));
        }
        if value.pointer(&format!("{base}/breach_unit")).is_none() {
            let entry = value
                .pointer(&format!("{base}/entry_unit"))
                .and_then(Value::as_str)
                .map(str::to_string);
            let units = unit_names(value);
            let other = |u: &&String| Some(u.as_str()) != entry.as_deref();
            if let Some(unit) = units
                .iter()
                .filter(other)
                .find(|u| serves_contact(value, u))
                .or_else(|| units.iter().find(other))
                .or(units.first())
            {
                changed |= put(
                    value,
                    &format!("{base}/breach_unit"),
                    Value::String(unit.clone()),
                );
            }
        }
    } else {
        changed |= remove(value, &format!("{base}/breach_unit"));
    }
    changed
}

// ----- routing rules --------------------------------------------------------

/// Appends a routing rule (any grade, any source) owned by the first link.
pub fn add_rule(value: &mut Value) -> bool {
    let Some(link) = names(value, "/links").into_iter().next() else {
        return false;
    };
    if !value.get("routing").is_some_and(Value::is_object) {
        put(value, "/routing", Value::Object(Map::new()));
    }
    let mut rules: Vec<Value> = value
        .pointer("/routing/rules")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    rules.push(json!({"link": link}));
    put(value, "/routing/rules", Value::Array(rules))
}

/// Removes routing rule `rule` (and the empty list).
pub fn remove_rule(value: &mut Value, rule: usize) -> bool {
    let removed = remove(value, &format!("/routing/rules/{rule}"));
    drop_if_empty(value, "/routing/rules");
    removed
}

/// Moves item `index` of the list at `pointer` one place up (`-1`) or
/// down (`+1`): the first matching routing rule wins, so order matters.
pub fn move_item(value: &mut Value, pointer: &str, index: usize, delta: i32) -> bool {
    let Some(items) = value.pointer_mut(pointer).and_then(Value::as_array_mut) else {
        return false;
    };
    let target = index as i64 + i64::from(delta);
    if index >= items.len() || target < 0 || target as usize >= items.len() {
        return false;
    }
    items.swap(index, target as usize);
    true
}

/// Adds `name` to, or removes it from, the list of names at `pointer`
/// (a rule's `grades` or `sources`), ordered as in `order` (the scenario's
/// own order). An emptied list is removed: no list means "any".
pub fn set_member(
    value: &mut Value,
    pointer: &str,
    name: &str,
    member: bool,
    order: &[String],
) -> bool {
    let Some((parent, _)) = split(pointer) else {
        return false;
    };
    if !value.pointer(parent).is_some_and(Value::is_object) {
        return false;
    }
    let mut list: Vec<String> = value
        .pointer(pointer)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    let before = list.clone();
    list.retain(|n| n != name);
    if member {
        list.push(name.to_string());
    }
    let position = |n: &String| order.iter().position(|o| o == n).unwrap_or(usize::MAX);
    list.sort_by_key(position);
    if list == before {
        return false;
    }
    if list.is_empty() {
        remove(value, pointer)
    } else {
        put(
            value,
            pointer,
            Value::Array(list.into_iter().map(Value::String).collect()),
        )
    }
}

// ----- lead sources: profiles and campaigns --------------------------------

/// Length of an arrival profile: 24 hours or 7 weekdays.
pub fn profile_len(field: &str) -> Option<usize> {
    match field {
        "hourly_profile" => Some(24),
        "weekday_profile" => Some(7),
        _ => None,
    }
}

/// Gives source `source` a flat hourly or weekday profile to shape (every
/// weight 1), or removes it (arrivals flat over the day or week).
pub fn set_profile(value: &mut Value, source: usize, field: &str, on: bool) -> bool {
    let Some(len) = profile_len(field) else {
        return false;
    };
    let pointer = format!("/sources/{source}/{field}");
    if !on {
        return remove(value, &pointer);
    }
    if value.pointer(&pointer).is_some() {
        return false;
    }
    put(value, &pointer, Value::Array(vec![Value::from(1); len]))
}

/// Adds a campaign to source `source`: a week of doubled arrivals starting
/// on the day after the last campaign ends (day 0 for the first).
pub fn add_campaign(value: &mut Value, source: usize) -> bool {
    let pointer = format!("/sources/{source}/campaigns");
    if !value
        .pointer(&format!("/sources/{source}"))
        .is_some_and(Value::is_object)
    {
        return false;
    }
    let mut campaigns: Vec<Value> = value
        .pointer(&pointer)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    // After the last campaign, and never inside the warm-up, whose leads
    // the results do not count.
    let warmup = value
        .pointer("/horizon/warmup_days")
        .and_then(Value::as_f64)
        .unwrap_or(0.0);
    let start = campaigns
        .iter()
        .filter_map(|c| c.get("end_day").and_then(Value::as_f64))
        .fold(warmup, f64::max);
    let start = number_value(start, false).unwrap_or(Value::from(0));
    let end = number_value(start.as_f64().unwrap_or(0.0) + 7.0, false).unwrap_or(Value::from(7));
    campaigns.push(json!({"start_day": start, "end_day": end, "multiplier": 2}));
    put(value, &pointer, Value::Array(campaigns))
}

/// Removes campaign `campaign` of source `source` (and the empty list).
pub fn remove_campaign(value: &mut Value, source: usize, campaign: usize) -> bool {
    let pointer = format!("/sources/{source}/campaigns");
    let removed = remove(value, &format!("{pointer}/{campaign}"));
    drop_if_empty(value, &pointer);
    removed
}

/// Gives source `source` its own grade mix (starting from the scenario's
/// grade shares) or removes it (the scenario's shares apply).
pub fn set_grade_mix(value: &mut Value, source: usize, on: bool) -> bool {
    let pointer = format!("/sources/{source}/grade_mix_percent");
    if !on {
        return remove(value, &pointer);
    }
    if value.pointer(&pointer).is_some() {
        return false;
    }
    let mix: Map<String, Value> = value
        .get("grades")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|g| {
            let name = g.get("name")?.as_str()?.to_string();
            let share = g.get("share_percent").cloned().unwrap_or(Value::from(0));
            Some((name, share))
        })
        .collect();
    put(value, &pointer, Value::Object(mix))
}

/// Sets the discount of decision level `index + 1` (% of the list price),
/// or for `None` sets it to 0. The list is one discount per decision level
/// or none at all (the validator's rule): a first discount creates it with
/// 0 for every other level, and a list left all zeros is removed, so
/// clearing every discount returns the file to no discounts.
pub fn set_decision_discount(value: &mut Value, index: usize, x: Option<f64>) -> bool {
    let levels = value
        .pointer("/funnel/decision_levels_percent")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if index >= levels || value.pointer("/funnel").is_none_or(|f| !f.is_object()) {
        return false;
    }
    let pointer = "/funnel/decision_discount_percent";
    let mut discounts: Vec<f64> = value
        .pointer(pointer)
        .and_then(Value::as_array)
        .map(|list| list.iter().map(|d| d.as_f64().unwrap_or(0.0)).collect())
        .unwrap_or_default();
    discounts.resize(levels, 0.0);
    discounts[index] = x.unwrap_or(0.0);
    if discounts.iter().all(|d| *d == 0.0) {
        remove(value, pointer);
        return true;
    }
    let list: Option<Vec<Value>> = discounts.iter().map(|d| number_value(*d, false)).collect();
    match list {
        Some(list) => put(value, pointer, Value::Array(list)),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_discounts_are_one_per_level_or_none() {
        let mut v = preset("faw_vw_front_back_before");
        crate::document::pointer::remove(&mut v, "/funnel/decision_discount_percent");
        // Three levels: the first discount writes all three.
        assert!(set_decision_discount(&mut v, 1, Some(4.5)));
        assert_eq!(v["funnel"]["decision_discount_percent"], json!([0, 4.5, 0]));
        assert!(problems(&v).is_empty(), "{:?}", problems(&v));
        assert!(set_decision_discount(&mut v, 0, Some(2.0)));
        assert_eq!(v["funnel"]["decision_discount_percent"], json!([2, 4.5, 0]));
        // Clearing every discount removes the list.
        assert!(set_decision_discount(&mut v, 0, None));
        assert!(set_decision_discount(&mut v, 1, None));
        assert!(v["funnel"].get("decision_discount_percent").is_none());
        // No such level: nothing changes.
        assert!(!set_decision_discount(&mut v, 3, Some(1.0)));
        assert!(problems(&v).is_empty());
    }
    use crate::document::pointer::escape;
    use crate::scenario::presets::testing::{preset_json as preset, problems};

    /// A range added by the form is one the validator and
    /// `analysis::uncertainty` accept; removing the last drops the list.
    #[test]
    fn uncertain_inputs_are_added_and_removed() {
        let mut v = preset("faw_vw_front_back_before");
        assert!(v.get("uncertainty").is_none());
        let path = "units[dealer_sales].headcount";
        assert!(add_uncertain_input(
            &mut v,
            path,
            [20.0, 25.0, 32.5],
            " workshop "
        ));
        assert!(add_uncertain_input(&mut v, path, [20.0, 25.0, 30.0], ""));
        assert_eq!(
            v["uncertainty"][0],
            json!({"input": path, "min": 20, "most_likely": 25, "max": 32.5, "source": "workshop"})
        );
        assert!(v["uncertainty"][1].get("source").is_none());
        assert!(problems(&v).is_empty(), "{:?}", problems(&v));
        let scenario = crate::scenario::parse(&v.to_string()).expect("valid");
        assert!(crate::analysis::uncertainty::Plan::new(&scenario, 1).is_ok());
        assert!(!add_uncertain_input(&mut v, path, [f64::NAN, 1.0, 2.0], ""));
        assert!(remove_uncertain_input(&mut v, 0));
        assert_eq!(v["uncertainty"][0]["max"], json!(30));
        assert!(remove_uncertain_input(&mut v, 0));
        assert!(v.get("uncertainty").is_none());
        assert!(!remove_uncertain_input(&mut v, 0));
    }

    #[test]
    fn description_and_assumptions_are_edited_in_both_languages() {
        let mut v = preset("faw_vw_front_back_before");
        assert!(set_description(&mut v, "zh", "新的说明"));
        assert_eq!(v["description"]["zh"], json!("新的说明"));
        assert!(
            v["description"]["en"].is_string(),
            "the other language is kept"
        );
        assert!(!set_description(&mut v, "fr", "x"));

        let mut bare = json!({"version": 1});
        assert!(set_description(&mut bare, "en", "A note"));
        assert_eq!(bare["description"], json!({"en": "A note", "zh": ""}));
        assert!(set_description(&mut bare, "en", ""));
        assert!(bare.get("description").is_none(), "empty in both: removed");
        bare["description"] = json!(3);
        assert!(set_description(&mut bare, "zh", "说明"));
        assert_eq!(bare["description"], json!({"en": "", "zh": "说明"}));

        let before = v["assumptions"].as_array().map_or(0, Vec::len);
        let added = add_assumption(&mut v).expect("room for one more");
        assert_eq!(added, before);
        assert!(set_assumption(&mut v, added, "en", "Dealers answer in 4 h"));
        assert!(set_assumption(&mut v, added, "zh", "经销商 4 小时内响应"));
        assert!(set_assumption(&mut v, added, "source", "workshop, 2026-11"));
        assert!(problems(&v).is_empty(), "{:?}", problems(&v));
        assert_eq!(
            v["assumptions"][added]["source"],
            json!("workshop, 2026-11")
        );
        assert!(set_assumption(&mut v, added, "source", ""));
        assert!(v["assumptions"][added].get("source").is_none());
        assert!(!set_assumption(&mut v, added, "name", "x"));
        assert!(remove_assumption(&mut v, added));
        assert_eq!(v["assumptions"].as_array().map_or(0, Vec::len), before);

        // What an assumption covers (not edited by the form) survives the
        // form's edits of its texts and source.
        v["assumptions"][0]["covers"] = json!(["horizon", "units[call_center].hours"]);
        assert!(set_assumption(&mut v, 0, "en", "Edited"));
        assert!(set_assumption(&mut v, 0, "source", ""));
        assert!(set_assumption(&mut v, 0, "zh", "已编辑"));
        assert_eq!(
            v["assumptions"][0]["covers"],
            json!(["horizon", "units[call_center].hours"])
        );
        assert!(problems(&v).is_empty(), "{:?}", problems(&v));

        let mut one = json!({"assumptions": [{"en": "a", "zh": "甲"}]});
        assert!(remove_assumption(&mut one, 0));
        assert!(one.get("assumptions").is_none(), "an empty list is dropped");
        let mut full = json!({"assumptions": vec![json!({"en": "", "zh": ""}); MAX_ASSUMPTIONS]});
        assert_eq!(add_assumption(&mut full), None);
        assert_eq!(add_assumption(&mut json!([])), None);
    }

    #[test]
    fn one_id_is_set_in_any_document_that_is_an_object() {
        let mut v = preset("faw_vw_front_back_before");
        assert!(set_one_id(&mut v, true));
        assert_eq!(v["handoffs"]["one_id"], json!(true));
        assert!(problems(&v).is_empty(), "{:?}", problems(&v));
        let delay = v["handoffs"]["transfer_delay_minutes"].clone();
        assert!(set_one_id(&mut v, false));
        assert_eq!(v["handoffs"]["one_id"], json!(false));
        assert_eq!(
            v["handoffs"]["transfer_delay_minutes"], delay,
            "other fields kept"
        );

        let mut missing = preset("faw_vw_front_back_before");
        missing.as_object_mut().map(|o| o.remove("handoffs"));
        assert!(set_one_id(&mut missing, true));
        assert_eq!(missing["handoffs"], json!({"one_id": true}));

        for broken in [json!(5), json!("yes"), json!([1]), Value::Null] {
            let mut v = preset("faw_vw_front_back_before");
            v["handoffs"] = broken.clone();
            assert!(set_one_id(&mut v, true), "handoffs = {broken}");
            assert_eq!(v["handoffs"], json!({"one_id": true}));
            assert!(problems(&v).is_empty(), "{:?}", problems(&v));
        }
        for not_a_scenario in [json!(1), json!([]), json!("x"), Value::Null] {
            let mut v = not_a_scenario.clone();
            assert!(!set_one_id(&mut v, true));
            assert_eq!(v, not_a_scenario);
        }
    }

    #[test]
    fn put_and_remove_add_fields_but_never_invent_parents() {
        let mut v = json!({"a": {"b": 1}, "list": [1, 2, 3]});
        assert!(put(&mut v, "/a/c", json!(2)));
        assert!(put(&mut v, "/list/1", json!(9)));
        assert!(!put(&mut v, "/missing/c", json!(2)));
        // An optional object is created for its first field and removed
        // with its last one.
        let mut u = json!({"units": [{"name": "a"}]});
        assert!(set_in_optional_object(
            &mut u,
            "/units/0/skill/qualify",
            Some(2.0)
        ));
        assert_eq!(u["units"][0]["skill"], json!({"qualify": 2}));
        assert!(set_in_optional_object(
            &mut u,
            "/units/0/skill/qualify",
            None
        ));
        assert_eq!(u["units"][0], json!({"name": "a"}));
        assert!(!set_in_optional_object(
            &mut u,
            "/units/5/skill/qualify",
            Some(1.0)
        ));
        assert!(!set_in_optional_object(
            &mut u,
            "/units/0/skill/qualify",
            Some(f64::NAN)
        ));
        assert_eq!(u["units"][0], json!({"name": "a"}));
        assert!(!put(&mut v, "/list/7", json!(2)));
        assert!(remove(&mut v, "/list/0"));
        assert!(remove(&mut v, "/a/b"));
        assert!(!remove(&mut v, "/a/b"));
        assert!(!remove(&mut v, ""));
        assert_eq!(v, json!({"a": {"c": 2}, "list": [9, 3]}));
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert!(put(&mut v, &format!("/a/{}", escape("x/y")), json!(1)));
        assert_eq!(v["a"]["x/y"], json!(1));
    }

    #[test]
    fn numbers_follow_the_schema_type_and_stay_tidy() {
        let mut v = preset("faw_vw_front_back_before");
        assert!(set_number(&mut v, "/units/0/headcount", 4.6));
        assert_eq!(v["units"][0]["headcount"], json!(5));
        // A number field stored as a whole number accepts a fraction.
        assert!(set_number(&mut v, "/sources/0/leads_per_day", 20.5));
        assert_eq!(v["sources"][0]["leads_per_day"], json!(20.5));
        assert!(set_number(&mut v, "/sources/0/leads_per_day", 30.0));
        assert_eq!(v["sources"][0]["leads_per_day"], json!(30));
        assert!(!set_number(&mut v, "/sources/0/leads_per_day", f64::NAN));
        assert!(!set_number(&mut v, "/sources/99/leads_per_day", 1.0));
        // A missing optional field is added.
        assert!(set_number(&mut v, "/links/0/sla_minutes", 45.0));
        assert_eq!(v["links"][0]["sla_minutes"], json!(45));
    }

    #[test]
    fn changing_a_distribution_kind_keeps_its_mean_and_validates() {
        let mut v = preset("faw_vw_front_back_before");
        let pointer = "/units/0/service_minutes/contact";
        let mean = dist_mean(&v["units"][0]["service_minutes"]["contact"]).expect("a mean");
        // Lognormal → gamma keeps the spread too.
        assert!(set_dist_kind(&mut v, pointer, DistKind::Gamma, 10.0));
        assert_eq!(
            v.pointer(pointer).map(|d| d["cv"].clone()),
            Some(json!(0.6))
        );
        for kind in DistKind::ALL.into_iter().chain([DistKind::Lognormal]) {
            set_dist_kind(&mut v, pointer, kind, 10.0);
            let dist = v.pointer(pointer).expect("still there");
            assert_eq!(dist["kind"], json!(kind.key()));
            for parameter in kind.parameters() {
                assert!(
                    dist.get(parameter.key()).is_some(),
                    "{kind:?} has {parameter:?}"
                );
            }
            let kept = dist_mean(dist).expect("a mean");
            assert!((kept - mean).abs() < 1e-9, "{kind:?}: {kept} vs {mean}");
            assert_eq!(problems(&v), Vec::<String>::new(), "{kind:?}");
        }
        assert!(
            !set_dist_kind(&mut v, pointer, DistKind::Lognormal, 10.0),
            "same kind is no edit"
        );
    }

    #[test]
    fn a_new_service_time_creates_its_parent_with_the_default_mean() {
        let mut v = json!({"units": [{"name": "u", "headcount": 1}]});
        assert!(set_dist_kind(
            &mut v,
            "/units/0/service_minutes/decision",
            DistKind::Exponential,
            30.0
        ));
        assert_eq!(
            v["units"][0]["service_minutes"],
            json!({"decision": {"kind": "exponential", "mean": 30}})
        );
        assert!(!set_dist_kind(
            &mut v,
            "/units/9/service_minutes/decision",
            DistKind::Exponential,
            30.0
        ));
    }

    #[test]
    fn triangular_from_an_awkward_mean_still_keeps_it() {
        let dist = convert_dist(
            Some(&json!({"kind": "exponential", "mean": 0.7})),
            DistKind::Triangular,
            1.0,
        );
        let mean = dist_mean(&dist).expect("mean");
        assert!((mean - 0.7).abs() < 1e-12, "{dist}");
        assert!(dist["min"].as_f64() < dist["max"].as_f64());
    }

    #[test]
    fn typed_number_lists_are_read_or_refused_whole() {
        assert_eq!(
            parse_numbers("12, 15 20;30，4"),
            Some(vec![12.0, 15.0, 20.0, 30.0, 4.0])
        );
        assert_eq!(parse_numbers("  "), Some(vec![]));
        assert_eq!(parse_numbers("1, two"), None);
        assert_eq!(parse_numbers("1, inf"), None);
        let mut v = json!({"d": {"kind": "empirical", "values": [1]}});
        assert!(set_numbers(&mut v, "/d/values", &[2.0, 2.5]));
        assert_eq!(v["d"]["values"], json!([2, 2.5]));
    }

    #[test]
    fn opening_hours_toggle_and_days_stay_in_week_order() {
        let mut v = preset("faw_vw_front_back_before");
        assert!(set_always_open(&mut v, 0, true));
        assert!(v["units"][0].get("hours").is_none());
        assert_eq!(problems(&v), Vec::<String>::new());
        assert!(set_always_open(&mut v, 0, false));
        assert_eq!(
            v["units"][0]["hours"]["days"],
            json!(["mon", "tue", "wed", "thu", "fri"])
        );
        assert!(!set_always_open(&mut v, 0, false), "already has hours");
        assert!(set_open_day(&mut v, 0, Weekday::Sun, true));
        assert!(set_open_day(&mut v, 0, Weekday::Sat, true));
        assert!(set_open_day(&mut v, 0, Weekday::Mon, false));
        assert!(!set_open_day(&mut v, 0, Weekday::Mon, false));
        assert_eq!(
            v["units"][0]["hours"]["days"],
            json!(["tue", "wed", "thu", "fri", "sat", "sun"])
        );
        assert_eq!(problems(&v), Vec::<String>::new());
        // A bad closing time is the validator's to report, at its field.
        assert!(set_text(&mut v, "/units/0/hours/close", Some("25:00")));
        assert_eq!(
            problems(&v),
            ["units[0].hours.close: time \"25:00\" must be HH:MM (00:00–24:00)"]
        );
    }

    #[test]
    fn shift_blocks_are_added_after_the_last_one_edited_and_removed() {
        let mut v = preset("faw_vw_front_back_before");
        // call_center: 8 people, Monday to Saturday 08:00–20:00.
        v["units"][0]["hours"] = json!({"days": ["mon", "tue", "wed", "thu", "fri", "sat"], "open": "08:00", "close": "20:00"});
        let headcount = v["units"][0]["headcount"].clone();
        assert!(add_shift(&mut v, 0));
        assert_eq!(
            v["units"][0]["shifts"],
            json!([{"days": ["mon", "tue", "wed", "thu", "fri", "sat"], "from": "08:00", "to": "12:00", "headcount": headcount}])
        );
        assert_eq!(problems(&v), Vec::<String>::new());
        // The next block starts where the last ends, and stops at closing.
        assert!(add_shift(&mut v, 0));
        assert!(add_shift(&mut v, 0));
        assert_eq!(v["units"][0]["shifts"][1]["from"], json!("12:00"));
        assert_eq!(v["units"][0]["shifts"][2]["from"], json!("16:00"));
        assert_eq!(v["units"][0]["shifts"][2]["to"], json!("20:00"));
        assert_eq!(problems(&v), Vec::<String>::new());
        // The day is full: the new block overlaps, and the validator says
        // so in words at that block.
        assert!(add_shift(&mut v, 0));
        assert_eq!(
            problems(&v),
            [
                "units[0].shifts[3]: overlaps shifts[0] of the same unit (same day and time); each moment has one headcount"
            ]
        );
        assert!(remove_shift(&mut v, 0, 3));

        // Days, times and headcount through the same edits as the hours.
        assert!(set_shift_day(&mut v, 0, 1, Weekday::Sat, false));
        assert!(!set_shift_day(&mut v, 0, 1, Weekday::Sat, false));
        assert!(set_shift_day(&mut v, 0, 1, Weekday::Sun, true));
        assert_eq!(
            v["units"][0]["shifts"][1]["days"],
            json!(["mon", "tue", "wed", "thu", "fri", "sun"])
        );
        assert!(set_number(&mut v, "/units/0/shifts/1/headcount", 2.4));
        assert_eq!(v["units"][0]["shifts"][1]["headcount"], json!(2));
        assert!(set_number(&mut v, "/units/0/shifts/2/headcount", 0.0));
        assert_eq!(v["units"][0]["shifts"][2]["headcount"], json!(0));
        assert_eq!(problems(&v), Vec::<String>::new());
        // A block whose end comes before its start is refused in words.
        assert!(set_text(&mut v, "/units/0/shifts/1/to", Some("11:00")));
        assert_eq!(
            problems(&v),
            [
                "units[0].shifts[1]: a shift's \"from\" must be before its \"to\" (a shift cannot cross midnight; use 00:00–24:00 for the whole day)"
            ]
        );
        assert!(set_text(&mut v, "/units/0/shifts/1/to", Some("16:00")));
        assert_eq!(problems(&v), Vec::<String>::new());

        assert!(remove_shift(&mut v, 0, 0));
        assert!(remove_shift(&mut v, 0, 0));
        assert!(remove_shift(&mut v, 0, 0));
        assert!(v["units"][0].get("shifts").is_none(), "empty list removed");
        assert!(!remove_shift(&mut v, 0, 0));
        assert!(!set_shift_day(&mut v, 0, 0, Weekday::Mon, true));
        assert_eq!(problems(&v), Vec::<String>::new());
    }

    #[test]
    fn a_first_shift_on_an_always_open_unit_covers_weekday_mornings() {
        let mut v = json!({"units": [{"name": "desk", "headcount": 3}]});
        assert!(add_shift(&mut v, 0));
        assert_eq!(
            v["units"][0]["shifts"],
            json!([{"days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "13:00", "headcount": 3}])
        );
        // A last block ending at midnight leaves no room: the next starts
        // where the first did (the validator names the overlap).
        v["units"][0]["shifts"][0]["to"] = json!("24:00");
        assert!(add_shift(&mut v, 0));
        assert_eq!(v["units"][0]["shifts"][1]["from"], json!("09:00"));
        assert!(!add_shift(&mut v, 7), "no such unit");
        // A committee has members, not shifts.
        let mut c =
            json!({"units": [{"name": "board", "headcount": 3, "committee": {"every_days": 7}}]});
        assert!(!add_shift(&mut c, 0));
        assert!(c["units"][0].get("shifts").is_none());
    }

    #[test]
    fn a_unit_becomes_a_committee_and_back() {
        let mut v = preset("faw_vw_front_back_before");
        // sales_department only takes decisions.
        assert!(set_committee(&mut v, 3, true));
        assert!(!set_committee(&mut v, 3, true));
        assert_eq!(v["units"][3]["committee"]["every_days"], json!(7));
        assert_eq!(problems(&v), Vec::<String>::new());
        assert!(set_committee(&mut v, 3, false));
        assert!(v["units"][3].get("committee").is_none());
        assert!(!set_committee(&mut v, 3, false));
        assert!(!set_committee(&mut v, 99, true));
    }

    #[test]
    fn routes_are_added_to_other_units_with_free_probability_and_removed() {
        let mut v = preset("faw_vw_front_back_before");
        // call_center already routes 0.9 to dealer_sales.
        assert!(add_route(&mut v, 0));
        let routes = v["units"][0]["routes"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(routes.len(), 2);
        assert_ne!(routes[1]["to"], json!("call_center"));
        assert_ne!(routes[1]["to"], json!("dealer_sales"));
        assert_eq!(routes[1]["probability"], json!(0.1));
        // No other unit answers contacts here: the validator says what the
        // new target lacks, and giving it a contact time makes it valid.
        assert_eq!(
            problems(&v),
            [
                "units[2].service_minutes.contact: this unit receives \"contact\" work but has no service_minutes.contact"
            ]
        );
        assert!(set_dist_kind(
            &mut v,
            "/units/2/service_minutes/contact",
            DistKind::Exponential,
            10.0
        ));
        assert_eq!(problems(&v), Vec::<String>::new());
        assert!(remove_route(&mut v, 0, 1));
        assert!(remove_route(&mut v, 0, 0));
        assert!(v["units"][0].get("routes").is_none(), "empty list removed");
        assert!(!remove_route(&mut v, 0, 0));
        assert!(!add_route(&mut v, 99));
        let mut lonely = json!({"units": [{"name": "only", "headcount": 1}]});
        assert!(!add_route(&mut lonely, 0), "no other unit to route to");
    }

    #[test]
    fn rerouting_on_breach_fills_in_what_it_needs_and_counting_drops_it() {
        let mut v = preset("faw_vw_front_back_before");
        // The "brand" link has neither SLA nor breach action.
        assert!(set_on_breach(&mut v, 0, Some("reroute")));
        assert_eq!(v["links"][0]["sla_minutes"], json!(60));
        assert!(v["links"][0]["breach_unit"].is_string());
        assert_eq!(
            v["links"][0]["breach_unit"],
            json!("dealer_sales"),
            "answers contacts"
        );
        assert_eq!(problems(&v), Vec::<String>::new());
        assert!(set_on_breach(&mut v, 0, Some("count")));
        assert!(v["links"][0].get("breach_unit").is_none());
        assert!(set_on_breach(&mut v, 0, None));
        assert!(v["links"][0].get("on_breach").is_none());
        assert_eq!(v["links"][0]["sla_minutes"], json!(60), "the SLA stays");
        assert!(!set_on_breach(&mut v, 9, Some("count")));
    }

    #[test]
    fn routing_rules_are_added_ordered_and_their_lists_kept_in_scenario_order() {
        let mut v = preset("faw_vw_front_back_before");
        assert!(v["routing"].get("rules").is_none());
        assert!(add_rule(&mut v));
        assert!(add_rule(&mut v));
        assert_eq!(
            v["routing"]["rules"],
            json!([{"link": "brand"}, {"link": "brand"}])
        );
        let grades = names(&v, "/grades");
        assert!(set_member(
            &mut v,
            "/routing/rules/0/grades",
            &grades[2],
            true,
            &grades
        ));
        assert!(set_member(
            &mut v,
            "/routing/rules/0/grades",
            &grades[0],
            true,
            &grades
        ));
        assert!(!set_member(
            &mut v,
            "/routing/rules/0/grades",
            &grades[0],
            true,
            &grades
        ));
        assert_eq!(
            v["routing"]["rules"][0]["grades"],
            json!([grades[0], grades[2]])
        );
        assert!(set_text(&mut v, "/routing/rules/1/link", Some("dealer")));
        assert_eq!(problems(&v), Vec::<String>::new());
        assert!(move_item(&mut v, "/routing/rules", 1, -1));
        assert_eq!(v["routing"]["rules"][0]["link"], json!("dealer"));
        assert!(!move_item(&mut v, "/routing/rules", 0, -1));
        assert!(!move_item(&mut v, "/routing/rules", 1, 1));
        assert!(set_member(
            &mut v,
            "/routing/rules/1/grades",
            &grades[0],
            false,
            &grades
        ));
        assert!(set_member(
            &mut v,
            "/routing/rules/1/grades",
            &grades[2],
            false,
            &grades
        ));
        assert!(
            v["routing"]["rules"][1].get("grades").is_none(),
            "empty means any"
        );
        assert!(!set_member(
            &mut v,
            "/routing/rules/7/grades",
            "H",
            true,
            &grades
        ));
        assert!(remove_rule(&mut v, 0));
        assert!(remove_rule(&mut v, 0));
        assert!(v["routing"].get("rules").is_none());
        // A rule names a link; without links there is nothing to own a lead.
        let mut no_links = json!({"units": []});
        assert!(!add_rule(&mut no_links));
        // A scenario without a routing block gains one.
        let mut v = preset("saic_gm_7s_owner_lifecycle");
        assert!(add_rule(&mut v));
        assert_eq!(v["routing"]["rules"][0]["link"], json!("dealer"));
        assert_eq!(problems(&v), Vec::<String>::new());
    }

    #[test]
    fn profiles_campaigns_and_grade_mixes_are_added_and_removed() {
        let mut v = preset("faw_vw_front_back_before");
        assert!(set_profile(&mut v, 1, "weekday_profile", true));
        assert_eq!(
            v["sources"][1]["weekday_profile"].as_array().map(Vec::len),
            Some(7)
        );
        assert!(set_profile(&mut v, 1, "hourly_profile", true));
        assert_eq!(
            v["sources"][1]["hourly_profile"].as_array().map(Vec::len),
            Some(24)
        );
        assert!(!set_profile(&mut v, 1, "hourly_profile", true));
        assert!(!set_profile(&mut v, 1, "monthly_profile", true));
        assert!(set_number(&mut v, "/sources/1/weekday_profile/5", 2.5));
        assert_eq!(problems(&v), Vec::<String>::new());
        assert!(set_profile(&mut v, 1, "weekday_profile", false));
        assert!(v["sources"][1].get("weekday_profile").is_none());

        // auto_show has one campaign ending on day 42.
        assert!(add_campaign(&mut v, 1));
        assert_eq!(
            v["sources"][1]["campaigns"][1],
            json!({"start_day": 42, "end_day": 49, "multiplier": 2})
        );
        // A first campaign starts when the warm-up (28 days) ends.
        assert!(add_campaign(&mut v, 0));
        assert_eq!(v["sources"][0]["campaigns"][0]["start_day"], json!(28));
        assert_eq!(problems(&v), Vec::<String>::new());
        assert!(remove_campaign(&mut v, 0, 0));
        assert!(v["sources"][0].get("campaigns").is_none());
        assert!(!add_campaign(&mut v, 99));

        assert!(set_grade_mix(&mut v, 0, true));
        let mix = v["sources"][0]["grade_mix_percent"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        assert_eq!(mix.len(), names(&v, "/grades").len());
        assert_eq!(problems(&v), Vec::<String>::new());
        assert!(set_grade_mix(&mut v, 0, false));
        assert!(v["sources"][0].get("grade_mix_percent").is_none());
    }
}
