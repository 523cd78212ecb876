//! The caps on the work one replication may take, so a run in a browser
//! tab finishes: expected leads, candidate arrivals, routed visits,
//! committee meetings, and replications per run.

use super::Checker;
use super::sources::Load;
use super::unit_graph::Visits;
use crate::scenario::error::ErrorKind;
use crate::scenario::format::Scenario;

/// Cap on expected exogenous leads per replication (keeps a browser tab responsive).
pub const MAX_LEADS_PER_REPLICATION: f64 = 5_000_000.0;
/// Cap on committee meetings per replication (each meeting is an event;
/// a meeting every millisecond over years would never finish).
pub const MAX_MEETINGS_PER_COMMITTEE: f64 = 100_000.0;
/// Cap on candidate arrivals per replication. Arrivals are sampled by
/// thinning at the source's peak rate (profile peak × the product of its
/// campaign multipliers), so the work grows with the peak, not the mean.
pub const MAX_ARRIVAL_CANDIDATES: f64 = 20.0 * MAX_LEADS_PER_REPLICATION;
/// Cap on expected contact tasks per replication when routes send leads
/// round a loop (a route probability of 0.9999 means ~10 000 visits a lead).
pub const MAX_ROUTED_VISITS: f64 = 10.0 * MAX_LEADS_PER_REPLICATION;
/// Cap on replications per run.
pub const MAX_REPLICATIONS: u32 = 10_000;

/// Checks the sources' load against the caps: leads first, else the
/// candidate arrivals (reported at the busiest source, or its campaigns
/// when it has some); then the contacts routes multiply the leads into.
pub(super) fn check(c: &mut Checker, scenario: &Scenario, load: &Load, visits: &Visits) {
    let expected_leads = load.expected_leads;
    if expected_leads > MAX_LEADS_PER_REPLICATION {
        c.push(
            "sources",
            ErrorKind::TooLarge {
                limit: MAX_LEADS_PER_REPLICATION,
                found: expected_leads.round(),
            },
        );
    } else if load.candidates > MAX_ARRIVAL_CANDIDATES {
        let i = load.busiest;
        let path = if scenario
            .sources
            .get(i)
            .is_none_or(|s| s.campaigns.is_empty())
        {
            format!("sources[{i}]")
        } else {
            format!("sources[{i}].campaigns")
        };
        c.push(
            path,
            ErrorKind::TooLarge {
                limit: MAX_ARRIVAL_CANDIDATES,
                found: load.candidates.round(),
            },
        );
    }
    if expected_leads <= MAX_LEADS_PER_REPLICATION
        && expected_leads * visits.most > MAX_ROUTED_VISITS
    {
        c.push(
            format!("units[{}].routes", visits.unit),
            ErrorKind::TooLarge {
                limit: MAX_ROUTED_VISITS,
                found: (expected_leads * visits.most).min(1e18).round(),
            },
        );
    }
}
