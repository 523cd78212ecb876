//! The tally: counters and sums the KPIs come from, the satisfaction of each
//! journey that ends, and the replication's result.

use super::lead::{CONTACTED, LIVE, MEASURED, TERMINAL, WAITING_FIRST};
use super::{Engine, Tracer};
use crate::sim::histogram::LogHistogram;
use crate::sim::model::{TICKS_PER_DAY, TICKS_PER_MINUTE, round_non_negative, ticks_to_minutes};
use crate::sim::result::{
    Economics, FIRST_RESPONSE_BINS, FunnelCounts, HANDOFF_BINS, Kpis, Pool, PoolSeries,
    ReplicationResult, SATISFACTION_BINS, SegmentCounts, UnitResult,
};

#[derive(Default)]
pub(super) struct Tally {
    pub(super) counts: FunnelCounts,
    pub(super) first_response_sum: f64,
    pub(super) first_response: LogHistogram,
    pub(super) first_response_bins: [u64; FIRST_RESPONSE_BINS],
    pub(super) decision_sum: f64,
    /// Decisions made (the decision lead time's denominator; requests still
    /// pending at the end have no lead time yet).
    pub(super) decided: u64,
    pub(super) decision: LogHistogram,
    satisfaction_sum: f64,
    satisfaction_count: u64,
    promoters: u64,
    detractors: u64,
    satisfaction_bins: [u64; SATISFACTION_BINS],
    handoff_bins: [u64; HANDOFF_BINS],
    pub(super) lead_cost: f64,
    pub(super) order_cost: f64,
    /// Revenue, its gross margin and the discounts granted (see
    /// `Economics`), summed in event order.
    pub(super) revenue: f64,
    pub(super) gross_margin: f64,
    pub(super) discounts: f64,
    /// Counts per grade and per source, in model order (see `segments`).
    by_grade: Vec<SegmentCounts>,
    by_source: Vec<SegmentCounts>,
    /// Current size of each [`Pool`] (indexed by the enum, traffic last),
    /// every lead and visitor included.
    pools: [u32; 5],
    /// Daily samples of `pools`, and the time of the next sample.
    pool_samples: Vec<[u32; 4]>,
    /// Daily samples of the traffic pool, kept only when a source is
    /// traffic.
    traffic_samples: Option<Vec<u32>>,
    pub(super) next_sample: u64,
}

impl Tally {
    /// An empty tally for a model with `channels` sales channels, `grades`
    /// grades and `sources` sources.
    /// `traffic`: whether a source is traffic (its pool is then sampled).
    pub(super) fn new(channels: usize, grades: usize, sources: usize, traffic: bool) -> Tally {
        Tally {
            traffic_samples: traffic.then(Vec::new),
            counts: FunnelCounts {
                orders_by_channel: vec![0; channels],
                ..FunnelCounts::default()
            },
            first_response_bins: [0; FIRST_RESPONSE_BINS],
            satisfaction_bins: [0; SATISFACTION_BINS],
            handoff_bins: [0; HANDOFF_BINS],
            by_grade: vec![SegmentCounts::default(); grades],
            by_source: vec![SegmentCounts::default(); sources],
            ..Tally::default()
        }
    }
}

impl Tally {
    /// Counts an event of a lead in its grade's and its source's segment.
    #[inline(always)]
    pub(super) fn segments(&mut self, grade: u8, source: u16, count: impl Fn(&mut SegmentCounts)) {
        count(&mut self.by_grade[usize::from(grade)]);
        count(&mut self.by_source[usize::from(source)]);
    }

    /// A lead moves from pool `from` to pool `to` (`None`: it enters or
    /// leaves the pools).
    #[inline(always)]
    pub(super) fn pool_move(&mut self, from: Option<Pool>, to: Option<Pool>) {
        if let Some(from) = from {
            debug_assert!(self.pools[from as usize] > 0, "{from:?} pool underflow");
            self.pools[from as usize] = self.pools[from as usize].saturating_sub(1);
        }
        if let Some(to) = to {
            self.pools[to as usize] += 1;
        }
    }

    /// Samples the pools at every day boundary up to and including `now`.
    /// Called before each event, so a sample shows the state at the start
    /// of its day.
    #[inline(always)]
    pub(super) fn sample_pools(&mut self, now: u64) {
        // Almost every event falls inside the day already sampled.
        if now >= self.next_sample {
            self.sample_pools_until(now);
        }
    }

    #[cold]
    #[inline(never)]
    fn sample_pools_until(&mut self, now: u64) {
        while self.next_sample <= now {
            let [lead, incubation, prospect, owner, traffic] = self.pools;
            self.pool_samples.push([lead, incubation, prospect, owner]);
            if let Some(samples) = &mut self.traffic_samples {
                samples.push(traffic);
            }
            self.next_sample += TICKS_PER_DAY;
        }
    }
}

impl<T: Tracer> Engine<'_, T> {
    /// Records the satisfaction and hand-offs of a journey that ended.
    ///
    /// Always inlined: once per lead, and each caller passes `resolved` as a
    /// constant and has the lead's record at hand, which a call threw away.
    #[inline(always)]
    pub(super) fn record_end(&mut self, slot: u32, resolved: bool) -> f64 {
        let customer = &self.model.customer;
        let lead = self.leads[slot as usize];
        let bonus = if resolved {
            customer.resolution_bonus
        } else {
            0.0
        };
        let mut satisfaction =
            customer.base - f64::from(lead.penalty) - f64::from(lead.first_contact) / 1000.0
                + bonus;
        if lead.flags & CONTACTED == 0 {
            // Never reached: an unhappy customer, however short the wait.
            satisfaction = satisfaction.min(customer.unserved_satisfaction);
        }
        let satisfaction = satisfaction.clamp(0.0, 10.0);
        if lead.flags & MEASURED != 0 {
            let tally = &mut self.tally;
            tally.satisfaction_sum += satisfaction;
            tally.satisfaction_count += 1;
            if satisfaction >= 9.0 {
                tally.promoters += 1;
            } else if satisfaction <= 6.0 {
                tally.detractors += 1;
            }
            let bin = round_non_negative(satisfaction).min(SATISFACTION_BINS as u64 - 1);
            tally.satisfaction_bins[bin as usize] += 1;
            tally.handoff_bins[usize::from(lead.handoffs).min(HANDOFF_BINS - 1)] += 1;
        }
        satisfaction
    }

    /// The replication's result, and the tracer (with its record, if any).
    pub(super) fn finish(mut self, replication: u32) -> (ReplicationResult, T) {
        let model = self.model;
        self.tally.sample_pools(self.end);
        // Leads still in flight: unfinished, unless they already ordered
        // (then their journey is recorded as it stands).
        for slot in 0..self.leads.len() as u32 {
            let lead = self.leads[slot as usize];
            if lead.flags & LIVE == 0 || lead.flags & MEASURED == 0 {
                continue;
            }
            if lead.flags & TERMINAL != 0 {
                self.record_end(slot, true);
            } else {
                // Unfinished: it counts in satisfaction as it stands, a lead
                // still waiting for its first contact with its wait so far.
                self.tally.counts.unfinished += 1;
                if lead.flags & WAITING_FIRST != 0 {
                    self.score_wait_so_far(slot);
                }
                self.record_end(slot, false);
            }
        }
        let window = self.end.saturating_sub(model.warmup).max(1);
        let window_minutes = ticks_to_minutes(window);
        let arrival_window_minutes =
            ticks_to_minutes(model.horizon.saturating_sub(model.warmup).max(1));
        let mut staff_cost = 0.0;
        let units: Vec<UnitResult> = model
            .units
            .iter()
            .zip(&self.units)
            .map(|(unit, state)| {
                let minutes = |area: u128| area as f64 / TICKS_PER_MINUTE as f64;
                // Utilisation and staff cost cover the arrival window; the
                // queue figures below cover the whole measured window, drain
                // included, so that Little's law holds for them.
                let (utilization, cost) = if unit.committee.is_some() {
                    // Meeting time / window (capped at 1 for meetings that
                    // overlap); its queue is reported like any other unit's.
                    let meeting_minutes = ticks_to_minutes(state.meeting_ticks);
                    (
                        (meeting_minutes / arrival_window_minutes).min(1.0),
                        meeting_minutes / 60.0 * f64::from(unit.servers) * unit.hourly_cost,
                    )
                } else {
                    let open = minutes(state.open_area_arrivals);
                    let utilization = if open > 0.0 {
                        (minutes(state.busy_area_arrivals) / open).min(1.0)
                    } else {
                        0.0
                    };
                    (utilization, open / 60.0 * unit.hourly_cost)
                };
                staff_cost += cost;
                let left = state.served + state.left_unserved;
                UnitResult {
                    arrivals: state.arrivals,
                    served: state.served,
                    left_unserved: state.left_unserved,
                    utilization,
                    mean_wait_minutes: if state.served > 0 {
                        minutes(state.wait_served) / state.served as f64
                    } else {
                        0.0
                    },
                    mean_wait_all_minutes: if left > 0 {
                        minutes(state.wait_all) / left as f64
                    } else {
                        0.0
                    },
                    mean_queue_length: minutes(state.queue_area) / window_minutes,
                    mean_busy_servers: minutes(state.busy_area) / window_minutes,
                    arrival_rate_per_minute: state.arrivals as f64 / window_minutes,
                    staff_cost: cost,
                }
            })
            .collect();
        let tally = self.tally;
        let counts = &tally.counts;
        let leads = counts.leads as f64;
        let per_lead = |x: f64| if counts.leads > 0 { x / leads } else { 0.0 };
        let fixed_cost = model.fixed_cost_in_window();
        let total_cost = staff_cost + tally.lead_cost + tally.order_cost + fixed_cost;
        let gross_profit = tally.gross_margin - total_cost;
        let kpis = Kpis {
            leads,
            first_response_minutes: if counts.contacted > 0 {
                tally.first_response_sum / counts.contacted as f64
            } else {
                0.0
            },
            first_response_p50: tally.first_response.quantile(0.5),
            first_response_p90: tally.first_response.quantile(0.9),
            first_response_p99: tally.first_response.quantile(0.99),
            decision_lead_time_minutes: if tally.decided > 0 {
                tally.decision_sum / tally.decided as f64
            } else {
                0.0
            },
            decision_lead_time_p90: tally.decision.quantile(0.9),
            qualification_rate: per_lead(counts.prospects as f64),
            conversion_rate: per_lead(counts.ordered as f64),
            orders: counts.ordered as f64,
            abandonment_rate: per_lead(counts.abandonments as f64),
            contacted_within_15_minutes: per_lead(counts.contacted_within_15_minutes as f64),
            contacted_within_60_minutes: per_lead(counts.contacted_within_60_minutes as f64),
            contacted_within_24_hours: per_lead(counts.contacted_within_24_hours as f64),
            unfinished_rate: per_lead(counts.unfinished as f64),
            sla_breach_rate: per_lead(counts.sla_breaches as f64),
            satisfaction: if tally.satisfaction_count > 0 {
                tally.satisfaction_sum / tally.satisfaction_count as f64
            } else {
                0.0
            },
            nps: if tally.satisfaction_count > 0 {
                100.0 * (tally.promoters as f64 - tally.detractors as f64)
                    / tally.satisfaction_count as f64
            } else {
                0.0
            },
            handoffs_per_lead: per_lead(counts.handoffs as f64),
            repeated_questions_per_lead: per_lead(counts.repeated_questions as f64),
            total_cost,
            cost_per_order: total_cost / (counts.ordered.max(1) as f64),
            cost_per_lead: total_cost / (counts.leads.max(1) as f64),
            revenue: tally.revenue,
            gross_profit,
            profit_per_lead: gross_profit / (counts.leads.max(1) as f64),
        };
        let economics = Economics {
            revenue: tally.revenue,
            gross_margin: tally.gross_margin,
            discounts: tally.discounts,
            staff_cost,
            acquisition_cost: tally.lead_cost,
            order_cost: tally.order_cost,
            fixed_cost,
            months: model.window_months(),
        };
        let result = ReplicationResult {
            replication,
            kpis,
            units,
            funnel: tally.counts,
            first_response_histogram: tally.first_response_bins.to_vec(),
            satisfaction_histogram: tally.satisfaction_bins.to_vec(),
            handoffs_histogram: tally.handoff_bins.to_vec(),
            by_grade: tally.by_grade,
            by_source: tally.by_source,
            pools: PoolSeries {
                sizes: tally.pool_samples,
                traffic: tally.traffic_samples.unwrap_or_default(),
            },
            economics,
        };
        (result, self.trace)
    }
}
