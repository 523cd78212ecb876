//! Units: their office, opening hours, committee meetings, service times,
//! routes and escalation target, and at the end of validation the check
//! that each unit has a service time for every kind of work it receives.

use super::limits::MAX_MEETINGS_PER_COMMITTEE;
use super::{Checker, Names, Receives};
use crate::scenario::error::{Constraint, ErrorKind, ShiftProblem};
use crate::scenario::format::{CommitteeSpec, HoursSpec, Scenario, ShiftSpec};
use crate::scenario::vocab::{ServiceTask, Weekday};
use crate::sim::dist::Dist;
use crate::sim::model::{
    Committee, Hours, Office, Shift, TICKS_PER_MINUTE, Task, Unit, minutes_to_ticks,
};

/// The units, and which service times each declares (even where a declared
/// distribution was invalid, so a missing one is not reported twice).
pub(super) struct Units {
    pub units: Vec<Unit>,
    pub declared: Vec<[bool; Task::SERVICE_KINDS]>,
}

/// Minutes of the day written as the file writes a clock (`HH:MM`, `24:00`
/// for the end of the day): what [`clock`] reads back.
pub(crate) fn clock_text(minutes: u64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Parses `HH:MM` into minutes of the day (24:00 allowed for closing).
/// The forms' edits use it too, so a new shift block is placed by the
/// same reading of a clock as the validator's.
pub(crate) fn clock(text: &str) -> Option<u64> {
    let (hours, minutes) = text.split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let hours: u64 = hours.parse().ok()?;
    let minutes: u64 = minutes.parse().ok()?;
    let total = hours * 60 + minutes;
    (minutes < 60 && total <= 1440).then_some(total)
}

pub(super) fn units(c: &mut Checker, scenario: &Scenario, names: &Names) -> Units {
    let mut units = Vec::with_capacity(scenario.units.len());
    let mut declared = Vec::with_capacity(scenario.units.len());
    for (i, spec) in scenario.units.iter().enumerate() {
        let path = format!("units[{i}]");
        let hours = spec.hours.as_ref().and_then(|h| hours(c, h, &path));
        let committee = spec
            .committee
            .as_ref()
            .and_then(|cm| committee(c, cm, scenario, &path));
        let shifts = shifts(c, &spec.shifts, &path);
        if committee.is_some() && !spec.shifts.is_empty() {
            c.push(
                format!("{path}.shifts"),
                ErrorKind::BadShift {
                    problem: ShiftProblem::OnCommittee,
                },
            );
        }
        declared.push(ServiceTask::ALL.map(|task| spec.service_minutes.get(task).is_some()));
        let mut service: [Option<Dist>; Task::SERVICE_KINDS] = Default::default();
        for task in ServiceTask::ALL {
            if let Some(d) = spec.service_minutes.get(task) {
                service[task.slot()] =
                    c.dist(d, &format!("{path}.service_minutes.{}", task.key()), 1.0);
            }
        }
        let mut routes = Vec::new();
        let mut cumulative = 0.0;
        for (r, route) in spec.routes.iter().enumerate() {
            if let Some(to) = c.lookup(
                &names.units,
                "unit",
                &route.to,
                format!("{path}.routes[{r}].to"),
            ) {
                cumulative += route.probability;
                routes.push((to, cumulative));
            }
        }
        if cumulative > 1.0 + 1e-9 {
            c.push(
                format!("{path}.routes"),
                ErrorKind::ProbabilitiesOver1 { sum: cumulative },
            );
        }
        let escalate_to = spec
            .escalate_to
            .as_ref()
            .and_then(|name| c.lookup(&names.units, "unit", name, format!("{path}.escalate_to")));
        let office = Office::read(spec.office.as_deref());
        units.push(Unit {
            name: spec.name.clone(),
            office,
            servers: spec.headcount,
            hours,
            shifts,
            hourly_cost: spec.hourly_cost,
            authority: spec.authority,
            service,
            routes,
            escalate_to,
            committee,
            qualify_skill: spec.skill.as_ref().and_then(|k| k.qualify).unwrap_or(1.0),
            close_skill: spec.skill.as_ref().and_then(|k| k.close).unwrap_or(1.0),
        });
    }
    Units { units, declared }
}

/// Opening hours; `None` (always open) when they are invalid or name no day.
fn hours(c: &mut Checker, h: &HoursSpec, path: &str) -> Option<Hours> {
    let open = clock(&h.open);
    let close = clock(&h.close);
    if open.is_none() {
        c.push(
            format!("{path}.hours.open"),
            ErrorKind::InvalidClock {
                found: h.open.clone(),
            },
        );
    }
    if close.is_none() {
        c.push(
            format!("{path}.hours.close"),
            ErrorKind::InvalidClock {
                found: h.close.clone(),
            },
        );
    }
    let (open, close) = (open?, close?);
    if open >= close {
        c.push(
            format!("{path}.hours"),
            ErrorKind::Inconsistent {
                rule: Constraint::OpenBeforeClose,
            },
        );
        return None;
    }
    let days_mask = h
        .days
        .iter()
        .filter_map(|d| Weekday::parse(d).map(Weekday::index))
        .fold(0u8, |m, d| m | (1 << d));
    (days_mask != 0).then_some(Hours {
        days_mask,
        open_minute: open,
        close_minute: close,
    })
}

/// Shift blocks: clock times, `from` before `to`, and no two blocks
/// sharing a day and a moment. Blocks with an error are left out (the
/// scenario is refused anyway).
fn shifts(c: &mut Checker, specs: &[ShiftSpec], path: &str) -> Vec<Shift> {
    let mut shifts: Vec<(usize, Shift)> = Vec::with_capacity(specs.len());
    for (j, spec) in specs.iter().enumerate() {
        let at = format!("{path}.shifts[{j}]");
        let from = clock(&spec.from);
        let to = clock(&spec.to);
        for (field, text, parsed) in [("from", &spec.from, from), ("to", &spec.to, to)] {
            if parsed.is_none() {
                c.push(
                    format!("{at}.{field}"),
                    ErrorKind::InvalidClock {
                        found: text.clone(),
                    },
                );
            }
        }
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        if from >= to {
            c.push(
                at,
                ErrorKind::BadShift {
                    problem: ShiftProblem::FromNotBeforeTo,
                },
            );
            continue;
        }
        let days_mask = spec
            .days
            .iter()
            .filter_map(|d| Weekday::parse(d).map(Weekday::index))
            .fold(0u8, |m, d| m | (1 << d));
        let shift = Shift {
            days_mask,
            from_minute: from,
            to_minute: to,
            servers: spec.headcount,
        };
        if let Some((other, _)) = shifts.iter().find(|(_, s)| {
            s.days_mask & shift.days_mask != 0
                && s.from_minute < shift.to_minute
                && shift.from_minute < s.to_minute
        }) {
            c.push(
                at,
                ErrorKind::BadShift {
                    problem: ShiftProblem::Overlaps { other: *other },
                },
            );
            continue;
        }
        shifts.push((j, shift));
    }
    shifts.into_iter().map(|(_, s)| s).collect()
}

/// A committee's meeting schedule, refusing one that meets so often the
/// run would not finish.
fn committee(
    c: &mut Checker,
    cm: &CommitteeSpec,
    scenario: &Scenario,
    path: &str,
) -> Option<Committee> {
    let horizon = &scenario.horizon;
    let at = clock(&cm.at);
    if at.is_none() {
        c.push(
            format!("{path}.committee.at"),
            ErrorKind::InvalidClock {
                found: cm.at.clone(),
            },
        );
    }
    let period = minutes_to_ticks(cm.every_days * 1440.0).max(1);
    let span = minutes_to_ticks((horizon.days + horizon.drain_days.min(365.0)) * 1440.0);
    let meetings = (span / period) as f64 + 1.0;
    if meetings > MAX_MEETINGS_PER_COMMITTEE {
        c.push(
            format!("{path}.committee.every_days"),
            ErrorKind::TooLarge {
                limit: MAX_MEETINGS_PER_COMMITTEE,
                found: meetings,
            },
        );
    }
    Some(Committee {
        period,
        offset: (at? * TICKS_PER_MINUTE) % period,
        duration: minutes_to_ticks(cm.duration_minutes),
    })
}

/// Every unit has a service time for each kind of work it receives; a
/// committee only takes decisions. Runs last, once every part that sends
/// work has marked it in `receives`.
pub(super) fn check_services(
    c: &mut Checker,
    units: &[Unit],
    declared: &[[bool; Task::SERVICE_KINDS]],
    receives: &Receives,
) {
    for (i, unit) in units.iter().enumerate() {
        for task in ServiceTask::ALL {
            let slot = task.slot();
            if receives.0[i][slot] && !declared[i][slot] {
                let key = task.key();
                if unit.committee.is_some() && task != ServiceTask::Decision {
                    c.push(
                        format!("units[{i}].committee"),
                        ErrorKind::Inconsistent {
                            rule: Constraint::CommitteeOnlyDecides {
                                task: key.to_string(),
                            },
                        },
                    );
                } else {
                    c.push(
                        format!("units[{i}].service_minutes.{key}"),
                        ErrorKind::MissingService {
                            task: key.to_string(),
                        },
                    );
                }
            }
        }
    }
}
