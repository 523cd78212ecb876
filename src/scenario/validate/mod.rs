//! Cross-field validation: from a structurally valid [`Scenario`] to a
//! [`Model`] the engine can run without failing.
//!
//! Every check appends to one error list, so the user sees every problem at
//! once. The rules: names unique and non-empty; every reference (link, unit,
//! grade, source) resolves; percentages total 100 (± 0.01); route
//! probabilities per unit total ≤ 1 and every routed lead can eventually
//! leave; escalation chains have no cycle and reach the authority that
//! decisions need; every unit has a service time for each kind of work it
//! can receive; clock times parse; sizes stay under the caps of [`limits`];
//! what an assumption `covers` is a field path of the format.
//!
//! One file per part of the scenario, each returning its typed piece of the
//! model: [`distributions`], [`grades`], [`units`] (and the checks over the
//! graph they form, [`unit_graph`]), [`links`] (with routing rules),
//! [`sources`], [`funnel`], [`limits`] and [`customer`]. This file holds the
//! entry point, which runs the parts in the order their errors are listed,
//! and the context they share: the error list ([`Checker`]), the name
//! tables of the lists ([`Names`]), and what work each unit receives
//! ([`Receives`]), which the parts that send work fill in and the unit check
//! at the end reads.

mod customer;
mod distributions;
mod funnel;
mod grades;
mod limits;
mod links;
mod sources;
mod unit_graph;
mod units;

use std::collections::BTreeMap;

use super::error::{Constraint, ErrorKind, ValidationError};
use super::format::Scenario;
use super::path::FieldPath;
use super::vocab::ServiceTask;
use crate::sim::model::{FixedCost, Meta, Model, TICKS_PER_DAY, Task, minutes_to_ticks};

pub(crate) use units::{clock, clock_text};

pub use limits::{
    MAX_ARRIVAL_CANDIDATES, MAX_LEADS_PER_REPLICATION, MAX_MEETINGS_PER_COMMITTEE,
    MAX_REPLICATIONS, MAX_ROUTED_VISITS,
};

/// The only file format version this build reads.
pub const FORMAT_VERSION: u32 = 1;
/// Tolerance when checking that percentages total 100.
const SHARE_TOLERANCE: f64 = 0.01;

/// The error list every part appends to, and the checks they share.
struct Checker {
    errors: Vec<ValidationError>,
}

impl Checker {
    fn push(&mut self, path: impl Into<String>, kind: ErrorKind) {
        self.errors.push(ValidationError::new(path, kind));
    }

    /// Each name's index in its list, reporting the names written twice.
    fn unique<'a>(
        &mut self,
        list: &str,
        names: impl Iterator<Item = &'a str>,
    ) -> BTreeMap<&'a str, usize> {
        let mut map = BTreeMap::new();
        for (index, name) in names.enumerate() {
            if map.insert(name, index).is_some() {
                self.push(
                    format!("{list}[{index}].name"),
                    ErrorKind::DuplicateName {
                        name: name.to_string(),
                    },
                );
            }
        }
        map
    }

    /// The index of the `what` named `name`, reporting an unknown name at
    /// `path` with the names that exist.
    fn lookup(
        &mut self,
        map: &BTreeMap<&str, usize>,
        what: &str,
        name: &str,
        path: String,
    ) -> Option<usize> {
        let found = map.get(name).copied();
        if found.is_none() {
            let known = map.keys().map(|k| k.to_string()).collect();
            self.push(
                path,
                ErrorKind::UnknownReference {
                    what: what.to_string(),
                    name: name.to_string(),
                    known,
                },
            );
        }
        found
    }

    /// Reports percentages at `path` that do not total 100.
    fn shares(&mut self, path: impl Into<String>, shares: &[f64]) {
        let sum: f64 = shares.iter().sum();
        if (sum - 100.0).abs() > SHARE_TOLERANCE {
            self.push(path, ErrorKind::SharesNot100 { sum });
        }
    }
}

/// Each named list's names and their indices, for resolving references.
struct Names<'a> {
    grades: BTreeMap<&'a str, usize>,
    sources: BTreeMap<&'a str, usize>,
    units: BTreeMap<&'a str, usize>,
    links: BTreeMap<&'a str, usize>,
}

impl<'a> Names<'a> {
    /// Reads the names of every list, reporting duplicates list by list.
    fn read(c: &mut Checker, scenario: &'a Scenario) -> Names<'a> {
        let grades = c.unique("grades", scenario.grades.iter().map(|g| g.name.as_str()));
        let sources = c.unique("sources", scenario.sources.iter().map(|s| s.name.as_str()));
        let units = c.unique("units", scenario.units.iter().map(|u| u.name.as_str()));
        let links = c.unique("links", scenario.links.iter().map(|l| l.name.as_str()));
        c.unique(
            "fixed_costs",
            scenario.fixed_costs.iter().map(|f| f.name.as_str()),
        );
        Names {
            grades,
            sources,
            units,
            links,
        }
    }
}

/// Which kinds of work each unit receives (by service-time slot): a unit
/// needs a service time for each, so every part that sends work somewhere
/// marks it here, and [`units::check_services`] reads the table last.
struct Receives(Vec<[bool; Task::SERVICE_KINDS]>);

impl Receives {
    fn mark(&mut self, unit: usize, task: ServiceTask) {
        if let Some(slots) = self.0.get_mut(unit) {
            slots[task.slot()] = true;
        }
    }
}

/// Validates a structurally valid scenario into a model.
pub fn validate(scenario: &Scenario) -> Result<Model, Vec<ValidationError>> {
    let mut c = Checker { errors: Vec::new() };
    if scenario.version != FORMAT_VERSION {
        c.push(
            "version",
            ErrorKind::UnsupportedVersion {
                supported: FORMAT_VERSION,
                found: scenario.version.to_string(),
            },
        );
    }
    for (i, assumption) in scenario.assumptions.iter().enumerate() {
        for (j, covered) in assumption.covers.iter().enumerate() {
            if !FieldPath::parse(covered).is_some_and(|p| p.in_format()) {
                c.push(
                    format!("assumptions[{i}].covers[{j}]"),
                    ErrorKind::BadPath {
                        found: covered.clone(),
                    },
                );
            }
        }
    }
    for (i, range) in scenario.uncertainty.iter().enumerate() {
        uncertain_input(&mut c, i, range);
    }
    let names = Names::read(&mut c, scenario);

    let horizon = &scenario.horizon;
    if horizon.warmup_days >= horizon.days {
        c.push(
            "horizon.warmup_days",
            ErrorKind::Inconsistent {
                rule: Constraint::WarmupShorterThanHorizon,
            },
        );
    }

    let grades = grades::grades(&mut c, &scenario.grades);
    let units::Units { units, declared } = units::units(&mut c, scenario, &names);
    let visits = unit_graph::routed_visits(&mut c, &units);
    let in_cycle = unit_graph::escalation_cycles(&mut c, &units);
    let mut receives = Receives(vec![[false; Task::SERVICE_KINDS]; units.len()]);
    for unit in &units {
        for &(to, _) in &unit.routes {
            receives.mark(to, ServiceTask::Contact);
        }
    }
    let links::Routing {
        links,
        rules,
        duplicate_contact_share,
    } = links::links(&mut c, scenario, &names, &mut receives);
    let sources::Sources { sources, load } =
        sources::sources(&mut c, scenario, &names, &mut receives);
    limits::check(&mut c, scenario, &load, &visits);
    let funnel = scenario.funnel.as_ref().and_then(|spec| {
        let context = funnel::Context {
            names: &names,
            units: &units,
            in_cycle: &in_cycle,
            expected_leads: load.expected_leads,
            horizon_days: horizon.days,
        };
        funnel::funnel(&mut c, spec, &context, &mut receives)
    });
    units::check_services(&mut c, &units, &declared, &receives);

    let handoffs = scenario.handoffs.clone().unwrap_or_default();
    let transfer_delay = handoffs
        .transfer_delay_minutes
        .as_ref()
        .and_then(|d| c.dist(d, "handoffs.transfer_delay_minutes", 1.0));
    let customer = customer::customer(scenario.customer.as_ref());

    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    Ok(Model {
        meta: Meta {
            id: scenario.id.clone().unwrap_or_default(),
            name_en: scenario.name.en.clone(),
            name_zh: scenario.name.zh.clone(),
        },
        horizon: minutes_to_ticks(horizon.days * 1440.0),
        warmup: minutes_to_ticks(horizon.warmup_days * 1440.0),
        drain: minutes_to_ticks(horizon.drain_days * 1440.0).min(365 * TICKS_PER_DAY),
        grades,
        sources,
        units,
        links,
        rules,
        duplicate_contact_share,
        transfer_delay,
        one_id: handoffs.one_id,
        repeat_extra_minutes: handoffs.repeat_extra_minutes,
        funnel,
        customer,
        fixed_costs: scenario
            .fixed_costs
            .iter()
            .map(|f| FixedCost {
                name: f.name.clone(),
                per_month: f.per_month,
            })
            .collect(),
        transition_cost: scenario.transition_cost,
    })
}

/// An uncertainty range: a field path of the format and
/// `min ≤ most_likely ≤ max` with `min < max`. Whether the path names a
/// number of this scenario, and whether the scenario stays valid at both
/// ends, is checked where the range is used (`analysis::uncertainty`),
/// which builds those variants.
fn uncertain_input(c: &mut Checker, i: usize, range: &super::format::UncertainInput) {
    if !FieldPath::parse(&range.input).is_some_and(|p| p.in_format()) {
        c.push(
            format!("uncertainty[{i}].input"),
            ErrorKind::BadPath {
                found: range.input.clone(),
            },
        );
    }
    if !(range.min <= range.most_likely && range.most_likely <= range.max && range.min < range.max)
    {
        c.push(
            format!("uncertainty[{i}].most_likely"),
            ErrorKind::Inconsistent {
                rule: Constraint::RangeInOrder,
            },
        );
    }
}
