//! The groups a scenario-to-scenario difference is explained by: a
//! vocabulary of named kinds of input ([`Group`]), and the rule that puts
//! each difference of [`crate::scenario::diff`] into one of them.
//!
//! Most differences go to a group by where they are (`units[x].hours` →
//! [`Group::Hours`]). Structural differences do not: an item only one
//! scenario has (a unit, source, grade, link or channel; a renamed one is
//! one removed and one added), and every difference that refers to such
//! an item by name (a route to it, an entry unit, an escalation target, a
//! routing rule's grade, a grade mix's key), go to [`Group::Structure`],
//! so that a scenario taking some groups from B never names a unit it
//! lacks. Names are matched as text anywhere in the differing values,
//! which can only put more into the structure group, never too little.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::i18n::Text;
use crate::scenario::diff::Difference;
use crate::scenario::path::{FieldPath, Segment};

/// A named kind of input. The order is the output order, and where
/// differences must share a group to keep a scenario valid they go to the
/// earliest group involved (see `coalition`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Items only one scenario has, and everything that names them.
    Structure,
    /// Units' opening hours.
    Hours,
    /// Units' headcount, and their shift blocks (a headcount by time of
    /// the week).
    Headcount,
    /// Units' service times and skills.
    ServiceTimes,
    /// Routes, links and their SLAs, routing rules, sources' links and
    /// entry units, the duplicate-contact share.
    Routing,
    /// Offices, authority, escalation, committees, decision levels.
    Authority,
    /// Hand-off delay, One-ID, repeated questions.
    Handoffs,
    /// Channels' shares, kinds and units.
    ChannelMix,
    /// Prices, margins, discounts, close rates, price consistency,
    /// response decay.
    Prices,
    /// Re-marketing, after-sales and referrals.
    Remarketing,
    /// Lead sources' volumes, profiles, campaigns, reach; grades.
    Demand,
    /// The satisfaction weights (`customer`).
    Satisfaction,
    /// Staff, lead, visitor and order costs; fixed and transition costs.
    Costs,
    /// The horizon (days, warm-up, drain).
    Horizon,
}

impl Group {
    /// Every group, in output order.
    pub const ALL: [Group; 14] = [
        Group::Structure,
        Group::Hours,
        Group::Headcount,
        Group::ServiceTimes,
        Group::Routing,
        Group::Authority,
        Group::Handoffs,
        Group::ChannelMix,
        Group::Prices,
        Group::Remarketing,
        Group::Demand,
        Group::Satisfaction,
        Group::Costs,
        Group::Horizon,
    ];

    /// The published key (JSON, tables).
    pub const fn key(self) -> &'static str {
        match self {
            Group::Structure => "structure",
            Group::Hours => "hours",
            Group::Headcount => "headcount",
            Group::ServiceTimes => "service_times",
            Group::Routing => "routing_and_slas",
            Group::Authority => "authority_and_committees",
            Group::Handoffs => "one_id_and_handoffs",
            Group::ChannelMix => "channel_mix",
            Group::Prices => "prices_and_funnel",
            Group::Remarketing => "remarketing_and_owners",
            Group::Demand => "sources_and_demand",
            Group::Satisfaction => "satisfaction_weights",
            Group::Costs => "costs",
            Group::Horizon => "horizon",
        }
    }

    /// Its label in both languages (`i18n.rs`).
    pub const fn label(self) -> Text {
        match self {
            Group::Structure => Text::GroupStructure,
            Group::Hours => Text::GroupHours,
            Group::Headcount => Text::GroupHeadcount,
            Group::ServiceTimes => Text::GroupServiceTimes,
            Group::Routing => Text::GroupRouting,
            Group::Authority => Text::GroupAuthority,
            Group::Handoffs => Text::GroupHandoffs,
            Group::ChannelMix => Text::GroupChannelMix,
            Group::Prices => Text::GroupPrices,
            Group::Remarketing => Text::GroupRemarketing,
            Group::Demand => Text::GroupDemand,
            Group::Satisfaction => Text::GroupSatisfaction,
            Group::Costs => Text::GroupCosts,
            Group::Horizon => Text::GroupHorizon,
        }
    }

    /// The group of a difference at `path` by where it is (structure
    /// aside, which [`assign`] decides first).
    pub fn of_path(path: &FieldPath) -> Group {
        let fields: Vec<&str> = path
            .segments()
            .iter()
            .filter_map(|s| match s {
                Segment::Field(f) => Some(f.as_str()),
                Segment::Item(_) => None,
            })
            .collect();
        let at = |i: usize| fields.get(i).copied().unwrap_or_default();
        match at(0) {
            "horizon" => Group::Horizon,
            "grades" => Group::Demand,
            "sources" => match at(1) {
                "link" | "entry_unit" => Group::Routing,
                "cost_per_lead" => Group::Costs,
                "traffic" if at(2) == "cost_per_visitor" => Group::Costs,
                _ => Group::Demand,
            },
            "units" => match at(1) {
                "hours" => Group::Hours,
                // A shift block is headcount at some hours of the week.
                "headcount" | "shifts" => Group::Headcount,
                "service_minutes" | "skill" => Group::ServiceTimes,
                "routes" => Group::Routing,
                "hourly_cost" => Group::Costs,
                // office, authority, escalate_to, committee
                _ => Group::Authority,
            },
            "links" | "routing" => Group::Routing,
            "handoffs" => Group::Handoffs,
            "funnel" => match (at(1), at(2)) {
                (
                    "channels",
                    "close_rate" | "price_consistency" | "price" | "gross_margin_percent",
                ) => Group::Prices,
                ("channels", "cost_per_order") => Group::Costs,
                ("channels", "decision_share") => Group::Authority,
                ("channels", _) => Group::ChannelMix,
                ("decision_levels_percent" | "decision_expected_minutes", _) => Group::Authority,
                ("decision_discount_percent", _) => Group::Prices,
                // After-sales money is a price, its timing the owners'.
                ("after_sales", "revenue_per_request" | "gross_margin_percent") => Group::Prices,
                ("remarketing" | "after_sales" | "referral", _) => Group::Remarketing,
                // A funnel only one side has changes what exists.
                ("", _) => Group::Structure,
                _ => Group::Prices,
            },
            "customer" => Group::Satisfaction,
            // A one-off cost of moving to the design: it changes no KPI of
            // a run, only the comparison's payback.
            "fixed_costs" | "transition_cost" => Group::Costs,
            _ => Group::Structure,
        }
    }
}

/// One difference and the group it is explained by.
#[derive(Clone, Debug, PartialEq)]
pub struct Assigned {
    pub path: FieldPath,
    /// The path as written (`units[dealer_sales].headcount`).
    pub text: String,
    /// B's value there (`null` where B has none).
    pub b: Value,
    pub group: Group,
}

/// Lists whose items other fields refer to by name (fixed costs are
/// referred to by nothing, so one only B has is a cost, not structure).
const REFERRED_LISTS: [&str; 5] = ["grades", "sources", "units", "links", "funnel.channels"];

/// The path of the list an item path points into, when the path is one
/// item of a named list: `units[x]` → `units`.
fn item_list(path: &FieldPath) -> Option<String> {
    let (last, parent) = path.segments().split_last()?;
    if !matches!(last, Segment::Item(_)) {
        return None;
    }
    let mut list = FieldPath::root();
    for segment in parent {
        match segment {
            Segment::Field(f) => list = list.field(f),
            Segment::Item(_) => return None,
        }
    }
    Some(list.to_string())
}

/// Puts every difference into its group (see the module docs).
pub fn assign(differences: &[Difference]) -> Vec<Assigned> {
    // `diff` writes paths that parse back; one that did not would be the
    // whole scenario (the root), which goes to the structure group rather
    // than being dropped.
    let parsed: Vec<(FieldPath, &Difference)> = differences
        .iter()
        .map(|d| (FieldPath::parse(&d.path).unwrap_or_default(), d))
        .collect();
    // The names of the items only one side has.
    let mut names = BTreeSet::new();
    for (path, d) in &parsed {
        let one_sided = d.a.is_null() || d.b.is_null();
        if one_sided
            && item_list(path).is_some_and(|l| REFERRED_LISTS.contains(&l.as_str()))
            && let Some(Segment::Item(name)) = path.segments().last()
        {
            names.insert(name.clone());
        }
    }
    parsed
        .into_iter()
        .map(|(path, d)| {
            let structural = item_list(&path).is_some_and(|l| REFERRED_LISTS.contains(&l.as_str()))
                && (d.a.is_null() || d.b.is_null())
                || names_grade_key(&path, &names)
                || mentions(&d.a, &names)
                || mentions(&d.b, &names);
            Assigned {
                group: if structural {
                    Group::Structure
                } else {
                    Group::of_path(&path)
                },
                text: d.path.clone(),
                b: d.b.clone(),
                path,
            }
        })
        .collect()
}

/// Whether the path is a key of a grade mix naming one of `names`.
fn names_grade_key(path: &FieldPath, names: &BTreeSet<String>) -> bool {
    path.segments().windows(2).any(|w| {
        matches!(&w[0], Segment::Field(f) if f == "grade_mix_percent")
            && matches!(&w[1], Segment::Field(k) if names.contains(k))
    })
}

/// Whether a string equal to one of `names` occurs in `value`.
fn mentions(value: &Value, names: &BTreeSet<String>) -> bool {
    match value {
        Value::String(s) => names.contains(s),
        Value::Array(items) => items.iter().any(|v| mentions(v, names)),
        Value::Object(fields) => fields
            .iter()
            .any(|(k, v)| names.contains(k) || mentions(v, names)),
        _ => false,
    }
}

/// The groups present, in output order.
pub fn present(assigned: &[Assigned]) -> Vec<Group> {
    let set: BTreeSet<Group> = assigned.iter().map(|a| a.group).collect();
    set.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn difference(path: &str, a: Value, b: Value) -> Difference {
        Difference {
            path: path.to_string(),
            a,
            b,
            assumptions: Vec::new(),
        }
    }

    #[test]
    fn differences_go_to_their_groups_and_references_to_new_items_to_structure() {
        let found = assign(&[
            difference("units[desk].headcount", json!(2), json!(3)),
            difference("units[desk].hours.close", json!("18:00"), json!("19:00")),
            difference("units[desk].shifts", json!([]), json!([{"from": "08:00"}])),
            difference("units[desk].shifts[0].headcount", json!(3), json!(4)),
            difference("units[desk].routes[0].to", json!("old"), json!("new")),
            difference("units[desk].routes[1]", Value::Null, json!({"to": "desk"})),
            difference("units[old]", json!({"name": "old"}), Value::Null),
            difference("units[new]", Value::Null, json!({"name": "new"})),
            difference("sources[web].grade_mix_percent.X", Value::Null, json!(10)),
            difference("grades[X]", Value::Null, json!({"name": "X"})),
            difference("handoffs.one_id", json!(false), json!(true)),
            difference(
                "funnel.channels[dealers].price_consistency",
                json!(0.7),
                json!(0.8),
            ),
            difference(
                "fixed_costs[cdp]",
                Value::Null,
                json!({"name": "cdp", "per_month": 1}),
            ),
            difference("customer.base", json!(8), json!(7)),
            difference("transition_cost", json!(0), json!(3e7)),
            difference(
                "funnel.after_sales.revenue_per_request",
                json!(800),
                json!(900),
            ),
            difference("funnel.after_sales.delay_days.mean", json!(60), json!(30)),
            difference(
                "funnel.decision_discount_percent",
                json!([2, 4]),
                json!([1, 3]),
            ),
            difference("funnel.channels[dealers].price", json!(1e5), json!(1.1e5)),
            difference(
                "funnel.channels[dealers].gross_margin_percent",
                json!(8),
                json!(9),
            ),
        ]);
        let groups: Vec<(&str, Group)> = found.iter().map(|a| (a.text.as_str(), a.group)).collect();
        assert_eq!(
            groups,
            [
                ("units[desk].headcount", Group::Headcount),
                ("units[desk].hours.close", Group::Hours),
                ("units[desk].shifts", Group::Headcount),
                ("units[desk].shifts[0].headcount", Group::Headcount),
                ("units[desk].routes[0].to", Group::Structure),
                // A new route to a unit both sides have is routing.
                ("units[desk].routes[1]", Group::Routing),
                ("units[old]", Group::Structure),
                ("units[new]", Group::Structure),
                ("sources[web].grade_mix_percent.X", Group::Structure),
                ("grades[X]", Group::Structure),
                ("handoffs.one_id", Group::Handoffs),
                ("funnel.channels[dealers].price_consistency", Group::Prices),
                ("fixed_costs[cdp]", Group::Costs),
                ("customer.base", Group::Satisfaction),
                ("transition_cost", Group::Costs),
                ("funnel.after_sales.revenue_per_request", Group::Prices),
                ("funnel.after_sales.delay_days.mean", Group::Remarketing),
                ("funnel.decision_discount_percent", Group::Prices),
                ("funnel.channels[dealers].price", Group::Prices),
                (
                    "funnel.channels[dealers].gross_margin_percent",
                    Group::Prices
                ),
            ]
        );
    }

    #[test]
    fn keys_and_labels_are_distinct() {
        let keys: BTreeSet<&str> = Group::ALL.iter().map(|g| g.key()).collect();
        assert_eq!(keys.len(), Group::ALL.len());
        for group in Group::ALL {
            for lang in [crate::i18n::Lang::En, crate::i18n::Lang::Zh] {
                assert!(!lang.text(group.label()).is_empty());
            }
        }
    }
}
