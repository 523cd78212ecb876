//! The sales funnel: channels and their shares, decision levels and who
//! may take them, re-marketing, after-sales and referrals.

use super::limits::MAX_LEADS_PER_REPLICATION;
use super::unit_graph::{chain_above, highest_authority};
use super::{Checker, Names, Receives};
use crate::scenario::error::{Constraint, ErrorKind};
use crate::scenario::format::FunnelSpec;
use crate::scenario::vocab::ServiceTask;
use crate::sim::model::{AfterSales, Channel, Funnel, Nurture, Referral, Unit};

/// What the funnel's checks read from the parts validated before it.
pub(super) struct Context<'a> {
    pub names: &'a Names<'a>,
    pub units: &'a [Unit],
    /// Which units are in an escalation cycle (already reported).
    pub in_cycle: &'a [bool],
    /// Expected arrivals per replication, to bound what referrals add.
    pub expected_leads: f64,
    pub horizon_days: f64,
}

/// The funnel; `None` when a channel's unit is unknown (reported).
pub(super) fn funnel(
    c: &mut Checker,
    spec: &FunnelSpec,
    context: &Context,
    receives: &mut Receives,
) -> Option<Funnel> {
    let Context {
        names,
        units,
        in_cycle,
        expected_leads,
        horizon_days,
    } = *context;
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
        let Some(unit) = c.lookup(&names.units, "unit", &ch.unit, format!("{path}.unit")) else {
            continue;
        };
        receives.mark(unit, ServiceTask::Consult);
        if ch.decision_share > 0.0 {
            if max_level == 0 {
                c.push(
                    "funnel.decision_levels_percent",
                    ErrorKind::Inconsistent {
                        rule: Constraint::DecisionLevelsNeeded,
                    },
                );
            } else if !in_cycle[unit] {
                let highest = highest_authority(units, unit);
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
                for next in chain_above(units, unit) {
                    if units[next].committee.is_none() {
                        receives.mark(next, ServiceTask::Decision);
                    }
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
            price: ch.price,
            gross_margin: ch.gross_margin_percent / 100.0,
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
    // Discounts are per decision level: one each, or none at all.
    let discounts = &spec.decision_discount_percent;
    if !discounts.is_empty() && discounts.len() != max_level {
        c.push(
            "funnel.decision_discount_percent",
            ErrorKind::Inconsistent {
                rule: Constraint::OneDiscountPerLevel { levels: max_level },
            },
        );
    }
    let decision_discounts = discounts.iter().map(|d| d / 100.0).collect();
    let nurture = spec.remarketing.as_ref().and_then(|r| {
        let unit = c.lookup(
            &names.units,
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
        receives.mark(unit, ServiceTask::Nurture);
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
            &names.units,
            "unit",
            &a.unit,
            "funnel.after_sales.unit".into(),
        );
        let delay = c.dist(&a.delay_days, "funnel.after_sales.delay_days", 1440.0);
        let unit = unit?;
        receives.mark(unit, ServiceTask::AfterSales);
        Some(AfterSales {
            unit,
            request_probability: a.request_probability,
            delay: delay?,
            expected_response_minutes: a.expected_response_minutes,
            revenue_per_request: a.revenue_per_request,
            gross_margin: a.gross_margin_percent / 100.0,
        })
    });
    let referral = spec.referral.as_ref().and_then(|r| {
        let source = c.lookup(
            &names.sources,
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
            let by_time = 1.0 + horizon_days * 1440.0 / d.mean().max(0.0);
            let total = expected_leads * by_probability.min(by_time);
            if expected_leads <= MAX_LEADS_PER_REPLICATION && total > MAX_LEADS_PER_REPLICATION {
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
        decision_discounts,
        decision_expected_minutes: spec.decision_expected_minutes,
        nurture,
        after_sales,
        referral,
    })
}
