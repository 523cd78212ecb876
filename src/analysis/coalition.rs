//! The scenario of a coalition: A with B's values at the paths of the
//! coalition's groups, and what to do when such a mixture is not a valid
//! scenario.
//!
//! Both scenarios are taken as the validator reads them (defaults filled
//! in, [`crate::scenario::diff::with_defaults`]), as JSON; each difference
//! of the coalition writes B's value at its path: a field is set or (B has
//! none) removed, an item of a named list replaced, removed, or inserted
//! where B has it (after the items that precede it in B), an item of
//! another list replaced, appended or removed. The result goes through
//! the whole loader (schema, then cross-field validation), exactly as a
//! file would.
//!
//! The structure group keeps most mixtures valid (see `groups`), but not
//! all: a link that re-routes on a breach in one group and names its
//! breach unit, a new unit, in the structure group, or route
//! probabilities split between groups. [`repair`] makes such a mixture
//! impossible by moving differences between groups, never by dropping
//! one: it takes the validator's first error in the failing coalition,
//! collects the differences at or beneath (or above) its path — widening
//! the path one step at a time (`links[dealer].breach_unit` →
//! `links[dealer]` → the whole scenario) until they span two groups — and
//! moves them all to the earliest of those groups. Each move is reported
//! with the reason. Every move goes to an earlier group, so the repair
//! ends; at worst everything is one group, whose only coalitions are A and
//! B themselves, both valid.

use serde_json::Value;

use super::groups::{Assigned, Group};
use crate::i18n::Lang;
use crate::scenario::path::{FieldPath, Segment};
use crate::scenario::{self, ValidationError};
use crate::sim::Model;

/// A difference moved to another group to keep every coalition valid.
#[derive(Clone, Debug, PartialEq)]
pub struct Moved {
    pub path: String,
    pub from: Group,
    pub to: Group,
    /// The groups whose mixture was invalid…
    pub coalition: Vec<Group>,
    /// …and the validator's first error there (its message is in both
    /// languages).
    pub error: ValidationError,
}

impl Moved {
    /// Why, in `lang`'s words for the validator's message (the sentence
    /// around it is the command-line tool's English).
    pub fn because(&self, lang: Lang) -> String {
        let keys: Vec<&str> = self.coalition.iter().map(|g| g.key()).collect();
        format!(
            "the scenario with B's {} is invalid: {}",
            if keys.is_empty() {
                "nothing".to_string()
            } else {
                keys.join(", ")
            },
            self.error.message(lang)
        )
    }
}

/// A's JSON with B's values at the given differences' paths.
pub fn mixture<'d>(a: &Value, b: &Value, differences: impl Iterator<Item = &'d Assigned>) -> Value {
    let mut value = a.clone();
    let (removals, writes): (Vec<&Assigned>, Vec<&Assigned>) = differences.partition(|d| {
        d.b.is_null() && matches!(d.path.segments().last(), Some(Segment::Item(i)) if i.parse::<usize>().is_ok())
    });
    for d in writes {
        write(&mut value, b, d.path.segments(), &d.b);
    }
    // Items of indexed lists go from the last, so earlier indices still
    // point at the items they named.
    for d in removals.iter().rev() {
        write(&mut value, b, d.path.segments(), &Value::Null);
    }
    value
}

/// `value` with `new` written at `path` (one input changed: sensitivity).
pub fn with_value(value: &Value, path: &FieldPath, new: Value) -> Value {
    let mut changed = value.clone();
    write(&mut changed, &Value::Null, path.segments(), &new);
    changed
}

/// Writes `new` (or removes, for `null`) at `segments` under `node`.
/// `b_root` is B's whole scenario, for where a new named item goes.
fn write(node: &mut Value, b_root: &Value, segments: &[Segment], new: &Value) {
    let mut node = node;
    let mut list_path = FieldPath::root();
    let Some((last, parents)) = segments.split_last() else {
        return;
    };
    for (i, segment) in parents.iter().enumerate() {
        node = match segment {
            Segment::Field(f) => {
                list_path = list_path.field(f);
                if !node.is_object() {
                    *node = Value::Object(Default::default());
                }
                let Some(fields) = node.as_object_mut() else {
                    return;
                };
                let child = fields.entry(f.clone()).or_insert(Value::Null);
                // A part A leaves out: a list where an item follows (an
                // absent `fixed_costs` is an empty list), else an object.
                if child.is_null() {
                    *child = match segments.get(i + 1) {
                        Some(Segment::Item(_)) => Value::Array(Vec::new()),
                        _ => Value::Object(Default::default()),
                    };
                }
                child
            }
            Segment::Item(selector) => {
                let named = list_path.is_named_list();
                list_path = list_path.item(selector);
                let Some(items) = node.as_array_mut() else {
                    return;
                };
                let found = if named {
                    items.iter_mut().find(|i| item_name(i) == selector)
                } else {
                    selector
                        .parse::<usize>()
                        .ok()
                        .and_then(|n| items.get_mut(n))
                };
                match found {
                    Some(item) => item,
                    None => return,
                }
            }
        };
    }
    match last {
        Segment::Field(f) => {
            if !node.is_object() {
                *node = Value::Object(Default::default());
            }
            if let Some(fields) = node.as_object_mut() {
                if new.is_null() {
                    fields.remove(f);
                } else {
                    fields.insert(f.clone(), new.clone());
                }
            }
        }
        Segment::Item(selector) => {
            let named = list_path.is_named_list();
            let order = named.then(|| b_order(b_root, &list_path));
            let Some(items) = node.as_array_mut() else {
                return;
            };
            if let Some(order) = order {
                let at = items.iter().position(|i| item_name(i) == selector);
                match (at, new.is_null()) {
                    (Some(at), true) => {
                        items.remove(at);
                    }
                    (Some(at), false) => items[at] = new.clone(),
                    (None, true) => {}
                    (None, false) => {
                        // After the last item that precedes it in B.
                        let rank = |name: &str| order.iter().position(|n| n == name);
                        let mine = rank(selector);
                        let insert_at = items
                            .iter()
                            .rposition(|i| matches!((rank(item_name(i)), mine), (Some(r), Some(m)) if r < m))
                            .map_or(0, |p| p + 1);
                        items.insert(insert_at, new.clone());
                    }
                }
            } else if let Ok(index) = selector.parse::<usize>() {
                match (index < items.len(), new.is_null()) {
                    (true, true) => {
                        items.remove(index);
                    }
                    (true, false) => items[index] = new.clone(),
                    (false, false) => items.push(new.clone()),
                    (false, true) => {}
                }
            }
        }
    }
}

/// The names of the items of B's list at `list`, in B's order.
fn b_order(b_root: &Value, list: &FieldPath) -> Vec<String> {
    let mut node = Some(b_root);
    for segment in list.segments() {
        node = match segment {
            Segment::Field(f) => node.and_then(|n| n.get(f)),
            Segment::Item(_) => None,
        };
    }
    node.and_then(Value::as_array)
        .map(|items| items.iter().map(|i| item_name(i).to_string()).collect())
        .unwrap_or_default()
}

fn item_name(item: &Value) -> &str {
    item.get("name").and_then(Value::as_str).unwrap_or_default()
}

/// Loads a mixture as a file would be loaded: schema, then validation.
pub fn load(value: &Value) -> Result<Model, Vec<ValidationError>> {
    let text = value.to_string();
    let parsed = scenario::parse(&text)?;
    scenario::validate(&parsed)
}

/// A validator's error path (`units[2].routes`) with the items of named
/// lists addressed by name (`units[desk].routes`), as differences are;
/// the root for an error about the whole scenario.
pub fn named_path(value: &Value, error_path: &str) -> FieldPath {
    let Some(path) = FieldPath::parse(error_path) else {
        return FieldPath::root();
    };
    let mut named = FieldPath::root();
    let mut node = Some(value);
    for segment in path.segments() {
        match segment {
            Segment::Field(f) => {
                named = named.field(f);
                node = node.and_then(|n| n.get(f));
            }
            Segment::Item(selector) => {
                let item = selector
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| node.and_then(|n| n.get(i)));
                let selector = match item {
                    Some(item) if named.is_named_list() => item_name(item).to_string(),
                    _ => selector.clone(),
                };
                named = named.item(&selector);
                node = item;
            }
        }
    }
    named
}

/// The path one step up (the root stays the root).
fn parent(path: &FieldPath) -> FieldPath {
    let mut up = FieldPath::root();
    let segments = path.segments();
    for segment in &segments[..segments.len().saturating_sub(1)] {
        up = match segment {
            Segment::Field(f) => up.field(f),
            Segment::Item(i) => up.item(i),
        };
    }
    up
}

/// Moves differences so that the coalition `members` (whose mixture
/// `value` failed with `errors`) cannot recur (see the module docs).
/// `None` when nothing can move: every difference is already in one group.
pub fn repair(
    assigned: &mut [Assigned],
    members: &[Group],
    value: &Value,
    errors: &[ValidationError],
) -> Option<Vec<Moved>> {
    let first = errors.first()?;
    let mut around = named_path(value, &first.path);
    loop {
        let related = |d: &Assigned| around.covers(&d.path) || d.path.covers(&around);
        let target = assigned
            .iter()
            .filter(|d| related(d))
            .map(|d| d.group)
            .min();
        let spans_two = target.is_some_and(|t| assigned.iter().any(|d| related(d) && d.group != t));
        if let (Some(target), true) = (target, spans_two) {
            let mut moved = Vec::new();
            for d in assigned
                .iter_mut()
                .filter(|d| related(d) && d.group != target)
            {
                moved.push(Moved {
                    path: d.text.clone(),
                    from: d.group,
                    to: target,
                    coalition: members.to_vec(),
                    error: first.clone(),
                });
                d.group = target;
            }
            return Some(moved);
        }
        if around.segments().is_empty() {
            return None;
        }
        around = parent(&around);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn assigned(path: &str, b: Value, group: Group) -> Assigned {
        Assigned {
            path: FieldPath::parse(path).unwrap_or_default(),
            text: path.to_string(),
            b,
            group,
        }
    }

    #[test]
    fn b_values_are_written_set_removed_and_inserted_in_b_order() {
        let a = json!({"units": [{"name": "x", "headcount": 1, "routes": [{"to": "x"}, {"to": "y"}]},
                                 {"name": "z", "headcount": 2}]});
        let b = json!({"units": [{"name": "w"}, {"name": "x"}, {"name": "v"}, {"name": "z"}]});
        let differences = [
            assigned("units[x].headcount", json!(5), Group::Headcount),
            assigned("units[x].routes[1]", Value::Null, Group::Routing),
            assigned("units[x].hours.open", json!("08:00"), Group::Hours),
            assigned("units[v]", json!({"name": "v"}), Group::Structure),
            assigned("units[w]", json!({"name": "w"}), Group::Structure),
            assigned("units[z]", Value::Null, Group::Structure),
        ];
        let mixed = mixture(&a, &b, differences.iter());
        assert_eq!(
            mixed,
            json!({"units": [{"name": "w"},
                             {"name": "x", "headcount": 5, "routes": [{"to": "x"}],
                              "hours": {"open": "08:00"}},
                             {"name": "v"}]})
        );
        // A list A leaves out is created as a list.
        let costs = [assigned(
            "fixed_costs[cdp]",
            json!({"name": "cdp"}),
            Group::Costs,
        )];
        assert_eq!(
            mixture(&a, &b, costs.iter())["fixed_costs"],
            json!([{"name": "cdp"}])
        );
        // Only the coalition's differences are written.
        let only_hours = mixture(
            &a,
            &b,
            differences.iter().filter(|d| d.group == Group::Hours),
        );
        assert_eq!(only_hours["units"][0]["headcount"], json!(1));
        assert_eq!(only_hours["units"][0]["hours"]["open"], json!("08:00"));
    }

    #[test]
    fn error_paths_name_items_and_repairs_move_to_the_earliest_group() {
        let value = json!({"links": [{"name": "brand"}, {"name": "dealer"}]});
        assert_eq!(
            named_path(&value, "links[1].breach_unit").to_string(),
            "links[dealer].breach_unit"
        );
        assert_eq!(named_path(&value, "").to_string(), "");
        let mut differences = vec![
            assigned(
                "links[dealer].breach_unit",
                json!("new_unit"),
                Group::Structure,
            ),
            assigned("links[dealer].on_breach", json!("reroute"), Group::Routing),
            assigned("units[desk].headcount", json!(3), Group::Headcount),
        ];
        let error = ValidationError::new("links[1].breach_unit", scenario::ErrorKind::MissingField);
        let moved = repair(
            &mut differences,
            &[Group::Routing],
            &value,
            std::slice::from_ref(&error),
        )
        .unwrap_or_default();
        assert_eq!(moved.len(), 1, "{moved:?}");
        assert_eq!(
            (moved[0].from, moved[0].to),
            (Group::Routing, Group::Structure)
        );
        assert!(
            moved[0].because(Lang::En).contains("routing_and_slas"),
            "{}",
            moved[0].because(Lang::En)
        );
        assert_eq!(differences[2].group, Group::Headcount);
        // Once they share a group, the same error widens to the root and
        // takes everything; with one group left nothing can move.
        let moved = repair(
            &mut differences,
            &[Group::Structure],
            &value,
            std::slice::from_ref(&error),
        );
        assert_eq!(moved.map(|m| m.len()), Some(1));
        assert_eq!(
            repair(&mut differences, &[Group::Structure], &value, &[error]),
            None
        );
    }
}
