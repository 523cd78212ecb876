//! Lead sources: where each sends its leads, its grade mix, its arrival
//! profile over the week and its campaigns, and a traffic pool's visitors.
//! Also what the sources load the engine with, for [`super::limits`].

use super::{Checker, Names, Receives};
use crate::scenario::error::{Constraint, ErrorKind};
use crate::scenario::format::{Scenario, SourceSpec};
use crate::scenario::vocab::ServiceTask;
use crate::sim::model::{Campaign, Reach, Source, Traffic, minutes_to_ticks};
use crate::sim::rng::name_hash;

/// The work the sources give the engine per replication.
pub(super) struct Load {
    /// Expected arrivals (leads, or a traffic source's visitors).
    pub expected_leads: f64,
    /// Candidate arrivals the thinning sampler draws.
    pub candidates: f64,
    /// The source with the most candidates (its index).
    pub busiest: usize,
}

pub(super) struct Sources {
    pub sources: Vec<Source>,
    pub load: Load,
}

pub(super) fn sources(
    c: &mut Checker,
    scenario: &Scenario,
    names: &Names,
    receives: &mut Receives,
) -> Sources {
    let global_mix: Vec<f64> = scenario.grades.iter().map(|g| g.share_percent).collect();
    let mut sources = Vec::new();
    let mut expected_leads = 0.0;
    let mut candidates = 0.0;
    // (candidate arrivals, source index) of the source with the most.
    let mut busiest = (0.0, 0);
    for (i, spec) in scenario.sources.iter().enumerate() {
        let path = format!("sources[{i}]");
        let link = spec
            .link
            .as_ref()
            .and_then(|name| c.lookup(&names.links, "link", name, format!("{path}.link")));
        let entry_unit = spec
            .entry_unit
            .as_ref()
            .and_then(|name| c.lookup(&names.units, "unit", name, format!("{path}.entry_unit")));
        // Every lead needs somewhere to go even when no routing rule matches.
        if spec.link.is_none() && spec.entry_unit.is_none() {
            c.push(format!("{path}.entry_unit"), ErrorKind::MissingField);
        }
        if let Some(unit) = entry_unit {
            receives.mark(unit, ServiceTask::Contact);
        }
        let grade_cdf = grade_cdf(c, spec, names, &global_mix, &path);
        let (week_profile, profile_constant) = week_profile(c, spec, &path);
        let mut constant = profile_constant;
        let mut campaigns = Vec::new();
        let mut campaign_extra_days = 0.0;
        let horizon_days = scenario.horizon.days;
        for (k, campaign) in spec.campaigns.iter().enumerate() {
            if campaign.end_day <= campaign.start_day {
                c.push(
                    format!("{path}.campaigns[{k}]"),
                    ErrorKind::Inconsistent {
                        rule: Constraint::CampaignEndsAfterStart,
                    },
                );
                continue;
            }
            let overlap = (campaign.end_day.min(horizon_days) - campaign.start_day).max(0.0);
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
                        rule: Constraint::TrafficLeadsAreCaptured,
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
        expected_leads += arrivals_per_day * (horizon_days + campaign_extra_days).max(0.0);
        let source_candidates = arrivals_per_day * profile_max * campaign_max * horizon_days;
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
    Sources {
        sources,
        load: Load {
            expected_leads,
            candidates,
            busiest: busiest.1,
        },
    }
}

/// The cumulative grade shares of a source's leads: its own mix if it has
/// one (which must total 100), else the grades' shares.
fn grade_cdf(
    c: &mut Checker,
    spec: &SourceSpec,
    names: &Names,
    global_mix: &[f64],
    path: &str,
) -> Vec<f64> {
    let mix = match &spec.grade_mix_percent {
        Some(map) => {
            let mut shares = vec![0.0; global_mix.len()];
            for (name, share) in map {
                if let Some(g) = c.lookup(
                    &names.grades,
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
        None => global_mix.to_vec(),
    };
    let total: f64 = mix.iter().sum();
    let mut cumulative = 0.0;
    mix.iter()
        .map(|s| {
            cumulative += s;
            if total > 0.0 { cumulative / total } else { 1.0 }
        })
        .collect()
}

/// The arrival rate factor of each hour of the week (hour profile × day
/// profile, each scaled to mean 1), and whether it is flat because neither
/// profile is written.
fn week_profile(c: &mut Checker, spec: &SourceSpec, path: &str) -> (Vec<f64>, bool) {
    let mut week_profile = vec![1.0; 168];
    let hourly = spec.hourly_profile.clone().unwrap_or_else(|| vec![1.0; 24]);
    let weekday = spec.weekday_profile.clone().unwrap_or_else(|| vec![1.0; 7]);
    let hourly_mean = hourly.iter().sum::<f64>() / 24.0;
    let weekday_mean = weekday.iter().sum::<f64>() / 7.0;
    if hourly_mean <= 0.0 {
        c.push(
            format!("{path}.hourly_profile"),
            ErrorKind::Inconsistent {
                rule: Constraint::SomeHourHasLeads,
            },
        );
    }
    if weekday_mean <= 0.0 {
        c.push(
            format!("{path}.weekday_profile"),
            ErrorKind::Inconsistent {
                rule: Constraint::SomeDayHasLeads,
            },
        );
    }
    let constant = spec.hourly_profile.is_none() && spec.weekday_profile.is_none();
    if hourly_mean > 0.0 && weekday_mean > 0.0 {
        for (hour, factor) in week_profile.iter_mut().enumerate() {
            *factor = (hourly[hour % 24] / hourly_mean) * (weekday[hour / 24] / weekday_mean);
        }
    }
    (week_profile, constant)
}
