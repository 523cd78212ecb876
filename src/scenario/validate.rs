//! Cross-field validation: from a structurally valid [`Scenario`] to a
//! [`Model`] the engine can run without failing.
//!
//! Every check appends to one error list, so the user sees every problem at
//! once. The rules: names unique and non-empty; every reference (link, unit,
//! grade, source) resolves; percentages total 100 (± 0.01); route
//! probabilities per unit total ≤ 1 and every routed lead can eventually
//! leave; escalation chains have no cycle and reach the authority that
//! decisions need; every unit has a service time for each kind of work it
//! can receive; clock times parse; sizes stay under the caps below; what an
//! assumption `covers` is a field path of the format.

use std::collections::BTreeMap;

use super::error::{ErrorKind, ValidationError};
use super::format::{DistSpec, Scenario};
use super::path::FieldPath;
use super::vocab::{DistKind, DistParam, ServiceTask, Weekday};
use crate::sim::dist::Dist;
use crate::sim::model::{
    AfterSales, Campaign, Channel, Committee, Customer, FixedCost, Funnel, Grade, Hours, Link,
    Meta, Model, Nurture, Office, Reach, Referral, Rule, Source, TICKS_PER_DAY, TICKS_PER_MINUTE,
    Task, Traffic, Unit, minutes_to_ticks,
};
use crate::sim::rng::name_hash;

/// The only file format version this build reads.
pub const FORMAT_VERSION: u32 = 1;
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
/// Tolerance when checking that percentages total 100.
const SHARE_TOLERANCE: f64 = 0.01;

struct Checker {
    errors: Vec<ValidationError>,
}

impl Checker {
    fn push(&mut self, path: impl Into<String>, kind: ErrorKind) {
        self.errors.push(ValidationError::new(path, kind));
    }

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

    fn shares(&mut self, path: impl Into<String>, shares: &[f64]) {
        let sum: f64 = shares.iter().sum();
        if (sum - 100.0).abs() > SHARE_TOLERANCE {
            self.push(path, ErrorKind::SharesNot100 { sum });
        }
    }

    /// Converts a distribution; `scale` turns file units into minutes.
    fn dist(&mut self, spec: &DistSpec, path: &str, scale: f64) -> Option<Dist> {
        let need =
            |checker: &mut Checker, value: Option<f64>, parameter: DistParam| -> Option<f64> {
                if value.is_none() {
                    let parameter = parameter.key();
                    checker.push(
                        format!("{path}.{parameter}"),
                        ErrorKind::MissingParameter {
                            parameter: parameter.to_string(),
                            kind: spec.kind.clone(),
                        },
                    );
                }
                value
            };
        // The schema already reported a kind it does not know.
        let kind = DistKind::parse(&spec.kind)?;
        let dist = match kind {
            DistKind::Exponential => Dist::Exponential {
                mean: need(self, spec.mean, DistParam::Mean)? * scale,
            },
            DistKind::Lognormal => {
                let (mean, cv) = (
                    need(self, spec.mean, DistParam::Mean),
                    need(self, spec.cv, DistParam::Cv),
                );
                Dist::lognormal(mean? * scale, cv?)
            }
            DistKind::Gamma => {
                let (mean, cv) = (
                    need(self, spec.mean, DistParam::Mean),
                    need(self, spec.cv, DistParam::Cv),
                );
                Dist::gamma(mean? * scale, cv?)
            }
            DistKind::Triangular => {
                let min = need(self, spec.min, DistParam::Min);
                let mode = need(self, spec.mode, DistParam::Mode);
                let max = need(self, spec.max, DistParam::Max);
                let (min, mode, max) = (min?, mode?, max?);
                if !(min <= mode && mode <= max && min < max) {
                    self.push(
                        path,
                        ErrorKind::Inconsistent {
                            rule: "triangular needs min ≤ mode ≤ max and min < max".into(),
                        },
                    );
                    return None;
                }
                Dist::Triangular {
                    min: min * scale,
                    mode: mode * scale,
                    max: max * scale,
                }
            }
            DistKind::Deterministic => Dist::Deterministic {
                value: need(self, spec.value, DistParam::Value)? * scale,
            },
            DistKind::Empirical => {
                let values = spec.values.as_ref().filter(|v| !v.is_empty());
                if values.is_none() {
                    self.push(
                        format!("{path}.{}", DistParam::Values.key()),
                        ErrorKind::MissingParameter {
                            parameter: DistParam::Values.key().into(),
                            kind: spec.kind.clone(),
                        },
                    );
                }
                Dist::Empirical {
                    values: values?.iter().map(|v| v * scale).collect(),
                }
            }
        };
        Some(dist)
    }
}

/// Parses `HH:MM` into minutes of the day (24:00 allowed for closing).
fn clock(text: &str) -> Option<u64> {
    let (hours, minutes) = text.split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let hours: u64 = hours.parse().ok()?;
    let minutes: u64 = minutes.parse().ok()?;
    let total = hours * 60 + minutes;
    (minutes < 60 && total <= 1440).then_some(total)
}

/// The largest expected number of contacts a lead makes once it enters a
/// unit, following routes until none applies, and that unit: the solution
/// of `v = 1 + P·v` by Gaussian elimination (at most 200 units). Only called
/// when every unit can be left, so `I − P` is invertible; a near-singular
/// system (probabilities a hair below 1) gives a huge or infinite count.
fn expected_visits(units: &[Unit]) -> (f64, usize) {
    if units.iter().all(|u| u.routes.is_empty()) {
        return (1.0, 0);
    }
    let n = units.len();
    let mut a = vec![vec![0.0; n + 1]; n];
    for (i, unit) in units.iter().enumerate() {
        a[i][i] += 1.0;
        a[i][n] = 1.0;
        let mut previous = 0.0;
        for &(to, cumulative) in &unit.routes {
            a[i][to] -= cumulative - previous;
            previous = cumulative;
        }
    }
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        let p = a[col][col];
        if p.abs() < 1e-300 {
            return (f64::INFINITY, col);
        }
        let pivot_row = a[col].clone();
        for (row, values) in a.iter_mut().enumerate() {
            if row != col && values[col] != 0.0 {
                let factor = values[col] / p;
                for (x, y) in values.iter_mut().zip(&pivot_row).skip(col) {
                    *x -= factor * y;
                }
            }
        }
    }
    (0..n)
        .map(|i| (a[i][n] / a[i][i], i))
        .map(|(v, i)| {
            (
                if v.is_finite() && v >= 0.0 {
                    v
                } else {
                    f64::INFINITY
                },
                i,
            )
        })
        .fold((1.0, 0), |best, x| if x.0 > best.0 { x } else { best })
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
    // ----- assumptions: what they cover ---------------------------------------
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

    let grade_names = c.unique("grades", scenario.grades.iter().map(|g| g.name.as_str()));
    let source_names = c.unique("sources", scenario.sources.iter().map(|s| s.name.as_str()));
    let unit_names = c.unique("units", scenario.units.iter().map(|u| u.name.as_str()));
    let link_names = c.unique("links", scenario.links.iter().map(|l| l.name.as_str()));
    c.unique(
        "fixed_costs",
        scenario.fixed_costs.iter().map(|f| f.name.as_str()),
    );

    // ----- horizon ---------------------------------------------------------
    let horizon = &scenario.horizon;
    if horizon.warmup_days >= horizon.days {
        c.push(
            "horizon.warmup_days",
            ErrorKind::Inconsistent {
                rule: "warm-up must be shorter than the horizon".into(),
            },
        );
    }
    let horizon_ticks = minutes_to_ticks(horizon.days * 1440.0);

    // ----- grades ------------------------------------------------------------
    c.shares(
        "grades",
        &scenario
            .grades
            .iter()
            .map(|g| g.share_percent)
            .collect::<Vec<_>>(),
    );
    let grades: Vec<Grade> = scenario
        .grades
        .iter()
        .enumerate()
        .map(|(i, g)| Grade {
            name: g.name.clone(),
            qualify: g.qualify_probability,
            expected_response_minutes: g.expected_response_minutes,
            patience: g
                .patience_minutes
                .as_ref()
                .and_then(|d| c.dist(d, &format!("grades[{i}].patience_minutes"), 1.0)),
        })
        .collect();
    let global_mix: Vec<f64> = scenario.grades.iter().map(|g| g.share_percent).collect();

    // ----- units -------------------------------------------------------------
    let mut units = Vec::with_capacity(scenario.units.len());
    // Which service slots each unit declares (even if a declared
    // distribution was invalid, so it is not reported twice).
    let mut declared = Vec::with_capacity(scenario.units.len());
    for (i, spec) in scenario.units.iter().enumerate() {
        let path = format!("units[{i}]");
        let hours = spec.hours.as_ref().and_then(|h| {
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
                        rule: "opening time must be before closing time (hours cannot cross midnight; use 00:00–24:00 for round the clock)".into(),
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
        });
        let committee = spec.committee.as_ref().and_then(|cm| {
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
        });
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
                &unit_names,
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
            .and_then(|name| c.lookup(&unit_names, "unit", name, format!("{path}.escalate_to")));
        let office = match spec.office.as_deref() {
            Some("middle") => Office::Middle,
            Some("back") => Office::Back,
            _ => Office::Front,
        };
        units.push(Unit {
            name: spec.name.clone(),
            office,
            servers: spec.headcount,
            hours,
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

    // Routed hand-offs must not trap leads: find units from which some
    // sequence of routes reaches "no further route" with positive probability.
    let mut can_leave: Vec<bool> = units
        .iter()
        .map(|u| u.routes.last().is_none_or(|(_, cum)| *cum < 1.0 - 1e-9))
        .collect();
    loop {
        let mut changed = false;
        for (i, unit) in units.iter().enumerate() {
            if !can_leave[i] {
                let mut previous = 0.0;
                for &(to, cum) in &unit.routes {
                    if cum > previous && can_leave[to] {
                        can_leave[i] = true;
                        changed = true;
                        break;
                    }
                    previous = cum;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let trapped: Vec<String> = units
        .iter()
        .zip(&can_leave)
        .filter(|(_, ok)| !**ok)
        .map(|(u, _)| u.name.clone())
        .collect();
    if !trapped.is_empty() {
        for (i, ok) in can_leave.iter().enumerate() {
            if !ok {
                c.push(
                    format!("units[{i}].routes"),
                    ErrorKind::RoutingLoop {
                        units: trapped.clone(),
                    },
                );
            }
        }
    }

    let (most_visits, most_visited) = if trapped.is_empty() {
        expected_visits(&units)
    } else {
        (1.0, 0)
    };

    // Escalation chains: no cycles.
    let mut in_cycle = vec![false; units.len()];
    for start in 0..units.len() {
        let mut seen = vec![start];
        let mut current = start;
        while let Some(next) = units[current].escalate_to {
            if next == start {
                if !in_cycle[start] {
                    for &member in &seen {
                        in_cycle[member] = true;
                    }
                    let mut cycle: Vec<String> =
                        seen.iter().map(|&u| units[u].name.clone()).collect();
                    cycle.push(units[start].name.clone());
                    c.push(
                        format!("units[{start}].escalate_to"),
                        ErrorKind::EscalationCycle { cycle },
                    );
                }
                break;
            }
            if seen.contains(&next) {
                break; // a cycle further up, reported from its own start
            }
            seen.push(next);
            current = next;
        }
    }
    let highest_authority = |from: usize| -> u8 {
        let mut best = units[from].authority;
        let mut current = from;
        let mut steps = 0;
        while let Some(next) = units[current].escalate_to {
            steps += 1;
            if steps > units.len() {
                break;
            }
            best = best.max(units[next].authority);
            current = next;
        }
        best
    };

    // What each unit receives, to check its service times.
    let mut receives = vec![[false; Task::SERVICE_KINDS]; units.len()];
    for unit in &units {
        for &(to, _) in &unit.routes {
            receives[to][Task::Contact as usize] = true;
        }
    }

    // ----- links and routing -------------------------------------------------
    let mut links = Vec::new();
    for (i, spec) in scenario.links.iter().enumerate() {
        let path = format!("links[{i}]");
        let entry = c.lookup(
            &unit_names,
            "unit",
            &spec.entry_unit,
            format!("{path}.entry_unit"),
        );
        let breach_unit = match spec.on_breach.as_deref() {
            Some("reroute") => match &spec.breach_unit {
                Some(name) => c.lookup(&unit_names, "unit", name, format!("{path}.breach_unit")),
                None => {
                    c.push(format!("{path}.breach_unit"), ErrorKind::MissingField);
                    None
                }
            },
            _ => None,
        };
        if spec.on_breach.as_deref() == Some("reroute") && spec.sla_minutes.is_none() {
            c.push(format!("{path}.sla_minutes"), ErrorKind::MissingField);
        }
        if let Some(entry) = entry {
            receives[entry][Task::Contact as usize] = true;
            if let Some(breach) = breach_unit {
                receives[breach][Task::Contact as usize] = true;
            }
            links.push(Link {
                name: spec.name.clone(),
                entry_unit: entry,
                sla: spec.sla_minutes.map(minutes_to_ticks),
                breach_unit,
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
                c.lookup(&grade_names, "grade", name, format!("{path}.grades[{g}]"))
            })
            .collect();
        let sources: Vec<usize> = rule
            .sources
            .iter()
            .enumerate()
            .filter_map(|(s, name)| {
                c.lookup(
                    &source_names,
                    "source",
                    name,
                    format!("{path}.sources[{s}]"),
                )
            })
            .collect();
        if let Some(link) = c.lookup(&link_names, "link", &rule.link, format!("{path}.link")) {
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
                rule: "duplicate contacts need at least two links".into(),
            },
        );
    }

    // ----- sources -------------------------------------------------------------
    let mut sources = Vec::new();
    let mut expected_leads = 0.0;
    // (candidate arrivals, source index) of the source with the most.
    let mut candidates = 0.0;
    let mut busiest = (0.0, 0);
    for (i, spec) in scenario.sources.iter().enumerate() {
        let path = format!("sources[{i}]");
        let link = spec
            .link
            .as_ref()
            .and_then(|name| c.lookup(&link_names, "link", name, format!("{path}.link")));
        let entry_unit = spec
            .entry_unit
            .as_ref()
            .and_then(|name| c.lookup(&unit_names, "unit", name, format!("{path}.entry_unit")));
        // Every lead needs somewhere to go even when no routing rule matches.
        if spec.link.is_none() && spec.entry_unit.is_none() {
            c.push(format!("{path}.entry_unit"), ErrorKind::MissingField);
        }
        if let Some(unit) = entry_unit {
            receives[unit][Task::Contact as usize] = true;
        }
        let mix = match &spec.grade_mix_percent {
            Some(map) => {
                let mut shares = vec![0.0; grades.len()];
                for (name, share) in map {
                    if let Some(g) = c.lookup(
                        &grade_names,
                        "grade",
                        name,
                        format!("{path}.grade_mix_percent.{name}"),
                    ) {
                        shares[g] = *share;
                    }
                }
                c.shares(format!("{path}.grade_mix_percent"), &shares);
                shares
            }
            None => global_mix.clone(),
        };
        let total: f64 = mix.iter().sum();
        let mut cumulative = 0.0;
        let grade_cdf: Vec<f64> = mix
            .iter()
            .map(|s| {
                cumulative += s;
                if total > 0.0 { cumulative / total } else { 1.0 }
            })
            .collect();
        let mut week_profile = vec![1.0; 168];
        let hourly = spec.hourly_profile.clone().unwrap_or_else(|| vec![1.0; 24]);
        let weekday = spec.weekday_profile.clone().unwrap_or_else(|| vec![1.0; 7]);
        let hourly_mean = hourly.iter().sum::<f64>() / 24.0;
        let weekday_mean = weekday.iter().sum::<f64>() / 7.0;
        if hourly_mean <= 0.0 {
            c.push(
                format!("{path}.hourly_profile"),
                ErrorKind::Inconsistent {
                    rule: "at least one hour must have leads".into(),
                },
            );
        }
        if weekday_mean <= 0.0 {
            c.push(
                format!("{path}.weekday_profile"),
                ErrorKind::Inconsistent {
                    rule: "at least one day must have leads".into(),
                },
            );
        }
        let mut constant = spec.hourly_profile.is_none() && spec.weekday_profile.is_none();
        if hourly_mean > 0.0 && weekday_mean > 0.0 {
            for (hour, factor) in week_profile.iter_mut().enumerate() {
                *factor = (hourly[hour % 24] / hourly_mean) * (weekday[hour / 24] / weekday_mean);
            }
        }
        let mut campaigns = Vec::new();
        let mut campaign_extra_days = 0.0;
        for (k, campaign) in spec.campaigns.iter().enumerate() {
            if campaign.end_day <= campaign.start_day {
                c.push(
                    format!("{path}.campaigns[{k}]"),
                    ErrorKind::Inconsistent {
                        rule: "end_day must be after start_day".into(),
                    },
                );
                continue;
            }
            let overlap = (campaign.end_day.min(horizon.days) - campaign.start_day).max(0.0);
            campaign_extra_days += overlap * (campaign.multiplier - 1.0);
            campaigns.push(Campaign {
                start: minutes_to_ticks(campaign.start_day * 1440.0),
                end: minutes_to_ticks(campaign.end_day * 1440.0),
                multiplier: campaign.multiplier,
            });
            constant = false;
        }
        let profile_max = week_profile.iter().copied().fold(0.0, f64::max);
        // Overlapping campaigns multiply; the product bounds the peak.
        let campaign_max = campaigns
            .iter()
            .map(|k| k.multiplier.max(1.0))
            .product::<f64>();
        let traffic = spec.traffic.as_ref().and_then(|t| {
            if spec.leads_per_day > 0.0 {
                c.push(
                    format!("{path}.leads_per_day"),
                    ErrorKind::Inconsistent {
                        rule: "a traffic source's leads are the visitors it captures: leave \
                               leads_per_day out"
                            .into(),
                    },
                );
            }
            let dwell = c.dist(&t.dwell_days, &format!("{path}.traffic.dwell_days"), 1440.0)?;
            Some(Traffic {
                capture_rate: t.capture_rate,
                dwell,
                cost_per_visitor: t.cost_per_visitor,
            })
        });
        // A visitor costs the engine what a lead does (an arrival, an
        // event), so the work caps count visitors.
        let arrivals_per_day = spec.arrivals_per_day();
        expected_leads += arrivals_per_day * (horizon.days + campaign_extra_days).max(0.0);
        let source_candidates = arrivals_per_day * profile_max * campaign_max * horizon.days;
        candidates += source_candidates;
        if source_candidates > busiest.0 {
            busiest = (source_candidates, i);
        }
        sources.push(Source {
            name: spec.name.clone(),
            key: name_hash(&spec.name),
            base_rate_per_minute: arrivals_per_day / 1440.0,
            week_profile,
            campaigns,
            max_factor: (profile_max * campaign_max).max(f64::MIN_POSITIVE),
            constant,
            grade_cdf,
            link,
            entry_unit,
            cost_per_lead: spec.cost_per_lead,
            reach: spec.reach.as_ref().map(|r| Reach {
                probability: r.probability,
                retry: minutes_to_ticks(r.retry_minutes),
                max_attempts: r.max_attempts,
                attempt: minutes_to_ticks(r.attempt_minutes.unwrap_or(1.0)),
            }),
            traffic,
        });
    }
    if scenario.sources.iter().all(|s| s.arrivals_per_day() <= 0.0) {
        c.push("sources", ErrorKind::EmptyModel);
    }
    if expected_leads > MAX_LEADS_PER_REPLICATION {
        c.push(
            "sources",
            ErrorKind::TooLarge {
                limit: MAX_LEADS_PER_REPLICATION,
                found: expected_leads.round(),
            },
        );
    } else if candidates > MAX_ARRIVAL_CANDIDATES {
        let i = busiest.1;
        let path = if scenario.sources[i].campaigns.is_empty() {
            format!("sources[{i}]")
        } else {
            format!("sources[{i}].campaigns")
        };
        c.push(
            path,
            ErrorKind::TooLarge {
                limit: MAX_ARRIVAL_CANDIDATES,
                found: candidates.round(),
            },
        );
    }

    if expected_leads <= MAX_LEADS_PER_REPLICATION
        && expected_leads * most_visits > MAX_ROUTED_VISITS
    {
        c.push(
            format!("units[{most_visited}].routes"),
            ErrorKind::TooLarge {
                limit: MAX_ROUTED_VISITS,
                found: (expected_leads * most_visits).min(1e18).round(),
            },
        );
    }

    // ----- funnel ---------------------------------------------------------------
    let funnel = scenario.funnel.as_ref().and_then(|spec| {
        c.shares(
            "funnel.channels",
            &spec
                .channels
                .iter()
                .map(|ch| ch.share_percent)
                .collect::<Vec<_>>(),
        );
        let _ = c.unique(
            "funnel.channels",
            spec.channels.iter().map(|ch| ch.name.as_str()),
        );
        let max_level = spec.decision_levels_percent.len();
        if max_level > 0 {
            c.shares(
                "funnel.decision_levels_percent",
                &spec.decision_levels_percent,
            );
        }
        let channel_total: f64 = spec
            .channels
            .iter()
            .map(|ch| ch.share_percent)
            .sum::<f64>()
            .max(f64::MIN_POSITIVE);
        let mut cumulative = 0.0;
        let mut channels = Vec::new();
        for (i, ch) in spec.channels.iter().enumerate() {
            let path = format!("funnel.channels[{i}]");
            cumulative += ch.share_percent;
            let Some(unit) = c.lookup(&unit_names, "unit", &ch.unit, format!("{path}.unit")) else {
                continue;
            };
            receives[unit][Task::Consult as usize] = true;
            if ch.decision_share > 0.0 {
                if max_level == 0 {
                    c.push(
                        "funnel.decision_levels_percent",
                        ErrorKind::Inconsistent {
                            rule: "channels with decision_share need decision levels".into(),
                        },
                    );
                } else if !in_cycle[unit] {
                    let highest = highest_authority(unit);
                    if usize::from(highest) < max_level {
                        c.push(
                            format!("{path}.unit"),
                            ErrorKind::InsufficientAuthority {
                                needed: max_level as u8,
                                highest,
                            },
                        );
                    }
                    // Every unit up the chain above the channel's own
                    // authority reviews decisions in its queue.
                    let mut current = unit;
                    let mut steps = 0;
                    while let Some(next) = units[current].escalate_to {
                        steps += 1;
                        if steps > units.len() {
                            break;
                        }
                        if units[next].committee.is_none() {
                            receives[next][Task::Decision as usize] = true;
                        }
                        current = next;
                    }
                }
            }
            channels.push(Channel {
                name: ch.name.clone(),
                cumulative_share: cumulative / channel_total,
                unit,
                close_rate: ch.close_rate,
                price_consistency: ch.price_consistency,
                cost_per_order: ch.cost_per_order,
                decision_share: ch.decision_share,
            });
        }
        let mut level_cum = 0.0;
        let level_total: f64 = spec
            .decision_levels_percent
            .iter()
            .sum::<f64>()
            .max(f64::MIN_POSITIVE);
        let decision_level_cdf = spec
            .decision_levels_percent
            .iter()
            .map(|p| {
                level_cum += p;
                level_cum / level_total
            })
            .collect();
        let nurture = spec.remarketing.as_ref().and_then(|r| {
            let unit = c.lookup(
                &unit_names,
                "unit",
                &r.unit,
                "funnel.remarketing.unit".into(),
            );
            let delay = c.dist(
                &r.incubation_days,
                "funnel.remarketing.incubation_days",
                1440.0,
            );
            let unit = unit?;
            receives[unit][Task::Nurture as usize] = true;
            Some(Nurture {
                unit,
                share_unqualified: r.share_unqualified,
                share_defeated: r.share_defeated,
                share_abandoned: r.share_abandoned,
                delay: delay?,
                requalify_multiplier: r.requalify_multiplier,
                max_cycles: r.max_cycles,
            })
        });
        let after_sales = spec.after_sales.as_ref().and_then(|a| {
            let unit = c.lookup(
                &unit_names,
                "unit",
                &a.unit,
                "funnel.after_sales.unit".into(),
            );
            let delay = c.dist(&a.delay_days, "funnel.after_sales.delay_days", 1440.0);
            let unit = unit?;
            receives[unit][Task::AfterSales as usize] = true;
            Some(AfterSales {
                unit,
                request_probability: a.request_probability,
                delay: delay?,
                expected_response_minutes: a.expected_response_minutes,
            })
        });
        let referral = spec.referral.as_ref().and_then(|r| {
            let source = c.lookup(
                &source_names,
                "source",
                &r.source,
                "funnel.referral.source".into(),
            );
            let delay = c.dist(&r.delay_days, "funnel.referral.delay_days", 1440.0);
            // Each order refers at most one lead, which may order and refer
            // again: at most 1 / (1 − p) leads per lead, and no more than the
            // horizon holds referral delays.
            if let Some(d) = &delay {
                let by_probability = 1.0 / (1.0 - r.max_probability).max(0.0);
                let by_time = 1.0 + horizon.days * 1440.0 / d.mean().max(0.0);
                let total = expected_leads * by_probability.min(by_time);
                if expected_leads <= MAX_LEADS_PER_REPLICATION && total > MAX_LEADS_PER_REPLICATION
                {
                    c.push(
                        "funnel.referral",
                        ErrorKind::TooLarge {
                            limit: MAX_LEADS_PER_REPLICATION,
                            found: total.min(1e18).round(),
                        },
                    );
                }
            }
            Some(Referral {
                source: source?,
                max_probability: r.max_probability,
                delay: delay?,
            })
        });
        (channels.len() == spec.channels.len()).then_some(Funnel {
            response_decay_minutes: spec.response_decay_minutes,
            response_floor: spec.response_floor,
            channels,
            decision_level_cdf,
            decision_expected_minutes: spec.decision_expected_minutes,
            nurture,
            after_sales,
            referral,
        })
    });

    // ----- service times for everything a unit receives --------------------------
    for (i, unit) in units.iter().enumerate() {
        for task in ServiceTask::ALL {
            let slot = task.slot();
            if receives[i][slot] && !declared[i][slot] {
                let key = task.key();
                if unit.committee.is_some() && task != ServiceTask::Decision {
                    c.push(
                        format!("units[{i}].committee"),
                        ErrorKind::Inconsistent {
                            rule: format!("a committee only takes decisions, not {key} work"),
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

    let handoffs = scenario.handoffs.clone().unwrap_or_default();
    let transfer_delay = handoffs
        .transfer_delay_minutes
        .as_ref()
        .and_then(|d| c.dist(d, "handoffs.transfer_delay_minutes", 1.0));
    let defaults = Customer::default();
    let spec = scenario.customer.clone().unwrap_or_default();
    let customer = Customer {
        base: spec.base.unwrap_or(defaults.base),
        wait_weight: spec.wait_weight.unwrap_or(defaults.wait_weight),
        handoff_weight: spec.handoff_weight.unwrap_or(defaults.handoff_weight),
        repeat_weight: spec.repeat_weight.unwrap_or(defaults.repeat_weight),
        duplicate_weight: spec.duplicate_weight.unwrap_or(defaults.duplicate_weight),
        inconsistency_weight: spec
            .inconsistency_weight
            .unwrap_or(defaults.inconsistency_weight),
        resolution_bonus: spec.resolution_bonus.unwrap_or(defaults.resolution_bonus),
        reference: spec.reference.unwrap_or(defaults.reference),
        conversion_sensitivity: spec
            .conversion_sensitivity
            .unwrap_or(defaults.conversion_sensitivity),
        prompt_bonus: spec.prompt_bonus.unwrap_or(defaults.prompt_bonus),
        unserved_satisfaction: spec
            .unserved_satisfaction
            .unwrap_or(defaults.unserved_satisfaction),
        expected_followup_minutes: spec
            .expected_followup_minutes
            .unwrap_or(defaults.expected_followup_minutes),
    };

    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    Ok(Model {
        meta: Meta {
            id: scenario.id.clone().unwrap_or_default(),
            name_en: scenario.name.en.clone(),
            name_zh: scenario.name.zh.clone(),
        },
        horizon: horizon_ticks,
        warmup: minutes_to_ticks(horizon.warmup_days * 1440.0),
        drain: minutes_to_ticks(horizon.drain_days * 1440.0).min(365 * TICKS_PER_DAY),
        grades,
        sources,
        units,
        links,
        rules,
        duplicate_contact_share: routing.duplicate_contact_share,
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
    })
}
