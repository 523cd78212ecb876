//! Links (the paths a lead enters by, with their SLA and where a breach
//! goes) and the routing rules that pick a link by grade and source.

use super::{Checker, Names, Receives};
use crate::scenario::error::{Constraint, ErrorKind};
use crate::scenario::format::Scenario;
use crate::scenario::vocab::ServiceTask;
use crate::sim::model::{Link, Rule, minutes_to_ticks};

/// The links, the rules choosing among them, and the share of leads a
/// second link also contacts.
pub(super) struct Routing {
    pub links: Vec<Link>,
    pub rules: Vec<Rule>,
    pub duplicate_contact_share: f64,
}

pub(super) fn links(
    c: &mut Checker,
    scenario: &Scenario,
    names: &Names,
    receives: &mut Receives,
) -> Routing {
    let mut links = Vec::new();
    for (i, spec) in scenario.links.iter().enumerate() {
        let path = format!("links[{i}]");
        let entry = c.lookup(
            &names.units,
            "unit",
            &spec.entry_unit,
            format!("{path}.entry_unit"),
        );
        let reroute = spec.on_breach.as_deref() == Some("reroute");
        let breach_unit = if reroute {
            match &spec.breach_unit {
                Some(name) => c.lookup(&names.units, "unit", name, format!("{path}.breach_unit")),
                None => {
                    c.push(format!("{path}.breach_unit"), ErrorKind::MissingField);
                    None
                }
            }
        } else {
            None
        };
        if reroute && spec.sla_minutes.is_none() {
            c.push(format!("{path}.sla_minutes"), ErrorKind::MissingField);
        }
        let pickup = spec
            .pickup_minutes
            .as_ref()
            .and_then(|d| c.dist(d, &format!("{path}.pickup_minutes"), 1.0));
        if let Some(entry) = entry {
            receives.mark(entry, ServiceTask::Contact);
            if let Some(breach) = breach_unit {
                receives.mark(breach, ServiceTask::Contact);
            }
            links.push(Link {
                name: spec.name.clone(),
                entry_unit: entry,
                sla: spec.sla_minutes.map(minutes_to_ticks),
                breach_unit,
                pickup,
            });
        }
    }
    let routing = scenario.routing.clone().unwrap_or_default();
    let mut rules = Vec::new();
    for (i, rule) in routing.rules.iter().enumerate() {
        let path = format!("routing.rules[{i}]");
        let grades: Vec<usize> = rule
            .grades
            .iter()
            .enumerate()
            .filter_map(|(g, name)| {
                c.lookup(&names.grades, "grade", name, format!("{path}.grades[{g}]"))
            })
            .collect();
        let sources: Vec<usize> = rule
            .sources
            .iter()
            .enumerate()
            .filter_map(|(s, name)| {
                c.lookup(
                    &names.sources,
                    "source",
                    name,
                    format!("{path}.sources[{s}]"),
                )
            })
            .collect();
        if let Some(link) = c.lookup(&names.links, "link", &rule.link, format!("{path}.link")) {
            rules.push(Rule {
                grades,
                sources,
                link,
            });
        }
    }
    if routing.duplicate_contact_share > 0.0 && scenario.links.len() < 2 {
        c.push(
            "routing.duplicate_contact_share",
            ErrorKind::Inconsistent {
                rule: Constraint::DuplicatesNeedTwoLinks,
            },
        );
    }
    Routing {
        links,
        rules,
        duplicate_contact_share: routing.duplicate_contact_share,
    }
}
