//! What one replication produces: numbers only, compact and serialisable,
//! so workers can post it back to the app and the report can combine any
//! split of replications in replication order.

use serde::{Deserialize, Serialize};

/// Upper edges (minutes) of the first-response histogram bins; the last bin
/// holds everything at or above the last edge.
pub const FIRST_RESPONSE_BIN_EDGES: [f64; 11] = [
    1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 240.0, 480.0, 1440.0, 2880.0, 10080.0,
];
/// Number of first-response bins (edges + 1).
pub const FIRST_RESPONSE_BINS: usize = FIRST_RESPONSE_BIN_EDGES.len() + 1;
/// Hand-off histogram bins: 0, 1, 2, 3, 4, 5 or more.
pub const HANDOFF_BINS: usize = 6;
/// Satisfaction histogram bins: rounded scores 0 … 10.
pub const SATISFACTION_BINS: usize = 11;

/// KPI values of one replication.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    /// Leads that arrived in the measurement window.
    pub leads: f64,
    /// Mean minutes from arrival to first contact (contacted leads).
    pub first_response_minutes: f64,
    pub first_response_p50: f64,
    pub first_response_p90: f64,
    pub first_response_p99: f64,
    /// Mean minutes from a decision request to the decision, over the
    /// decisions made.
    pub decision_lead_time_minutes: f64,
    pub decision_lead_time_p90: f64,
    /// Qualifications / leads. A lead that qualifies again on a
    /// re-marketing cycle counts again, like `decisions`: the funnel counts
    /// events from the contact on.
    pub qualification_rate: f64,
    /// Orders / leads.
    pub conversion_rate: f64,
    pub orders: f64,
    /// Leads that gave up waiting for first contact / leads.
    pub abandonment_rate: f64,
    /// Leads first contacted within 15 minutes / leads (a lead that abandoned
    /// or was never reached counts as not contacted).
    pub contacted_within_15_minutes: f64,
    /// Leads first contacted within 60 minutes / leads.
    pub contacted_within_60_minutes: f64,
    /// Leads first contacted within 24 hours / leads.
    pub contacted_within_24_hours: f64,
    /// Leads still in the funnel at the end of the run / leads.
    pub unfinished_rate: f64,
    /// Leads still waiting for first contact when their link's SLA expired
    /// (including those that later abandoned) / leads.
    pub sla_breach_rate: f64,
    /// Mean satisfaction (0–10) over every lead: journeys that ended, and
    /// unfinished ones as they stand at the end (a lead never reached scores
    /// at most the unserved score).
    pub satisfaction: f64,
    /// % promoters (≥ 9) − % detractors (≤ 6).
    pub nps: f64,
    pub handoffs_per_lead: f64,
    pub repeated_questions_per_lead: f64,
    pub total_cost: f64,
    /// Total cost / max(orders, 1).
    pub cost_per_order: f64,
    /// Total cost / max(leads, 1).
    pub cost_per_lead: f64,
    /// Revenue of the measured leads' orders (list price less the decision
    /// discount) and of their owners' served after-sales requests.
    pub revenue: f64,
    /// Gross margin of that revenue less the total cost.
    pub gross_profit: f64,
    /// Gross profit / max(leads, 1): every measured lead counts.
    pub profit_per_lead: f64,
}

/// The money of one replication, over the arrival window `[warm-up,
/// horizon)` and the outcomes of the leads that arrived in it.
/// `total cost = staff + acquisition + order + fixed`;
/// `gross profit = gross margin − total cost`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Economics {
    /// Order revenue after discounts, plus after-sales revenue.
    pub revenue: f64,
    /// Gross margin of that revenue, before the costs below.
    pub gross_margin: f64,
    /// Discounts granted with decisions (list price − revenue of orders).
    pub discounts: f64,
    pub staff_cost: f64,
    /// `cost_per_lead` per lead and `cost_per_visitor` per visitor.
    pub acquisition_cost: f64,
    /// Channels' `cost_per_order` per order.
    pub order_cost: f64,
    /// Fixed costs per month × the window's months.
    pub fixed_cost: f64,
    /// Months in the arrival window (the divisor of monthly figures).
    pub months: f64,
}

impl Economics {
    /// Gross profit per month of the window (the payback's unit).
    pub fn monthly_gross_profit(&self) -> f64 {
        let total = self.staff_cost + self.acquisition_cost + self.order_cost + self.fixed_cost;
        if self.months > 0.0 {
            (self.gross_margin - total) / self.months
        } else {
            0.0
        }
    }
}

/// Per-unit statistics of one replication (measurement window only).
///
/// **Window rule.** A task is counted when it joins the unit's queue inside
/// the window (`arrivals`), and then again when it leaves the queue
/// (`served` or `left_unserved`, with its wait), even if the lead itself
/// arrived during the warm-up. Time averages integrate the window only. So
/// over a window `T`, `mean_queue_length · T` = the in-window part of every
/// task's time in the queue, and Little's law
/// `mean_queue_length = arrival_rate_per_minute · mean_wait_all_minutes`
/// holds exactly on a unit that starts and ends the window empty.
///
/// **Committees** (units that decide on a meeting cadence) report the
/// decision requests they have not decided yet as their queue: a request
/// joins when it reaches the committee and leaves, `served`, at the end of
/// the meeting that decides it (a request that arrives during a meeting
/// waits for the next one). So for a committee `mean_queue_length` is the
/// time-average number of pending decisions, `mean_wait_minutes` the mean
/// time from request to decision (meeting included), and Little's law holds
/// as for any other unit. A committee has no servers: `mean_busy_servers` is
/// 0 and `utilization` is meeting time / arrival window (capped at 1), i.e. the
/// share of the window its members spend in meetings, not how loaded it is;
/// its congestion shows in its queue and wait.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitResult {
    /// Tasks that joined the unit's queue in the window (committee: decision
    /// requests that reached it).
    pub arrivals: u64,
    /// Tasks whose service started (committee: requests decided, counted at
    /// the end of the meeting).
    pub served: u64,
    /// Tasks that left the queue unserved (abandonment or SLA re-route).
    pub left_unserved: u64,
    /// Busy server-time / open server-time (0–1) in the arrival window
    /// `[warm-up, horizon)`; for a committee, meeting time / that window
    /// (0–1). The other figures cover the whole measured window, drain
    /// included.
    pub utilization: f64,
    /// Mean queue wait of served tasks, minutes (committee: request to
    /// decision).
    pub mean_wait_minutes: f64,
    /// Mean queue wait of every task that left the queue, minutes.
    pub mean_wait_all_minutes: f64,
    /// Time-average number waiting (committee: requests not yet decided).
    pub mean_queue_length: f64,
    /// Time-average number in service (0 for a committee).
    pub mean_busy_servers: f64,
    /// Arrivals per minute of the window.
    pub arrival_rate_per_minute: f64,
    /// Staff cost over the arrival window `[warm-up, horizon)`.
    pub staff_cost: f64,
}

/// Funnel counts of one replication (leads that arrived in the window).
///
/// Terminal states: every lead ends in exactly one of `ordered`,
/// `lost_unqualified`, `lost_defeated`, `lost_abandoned`, `completed`
/// (queueing models without a funnel) and `unfinished` (still in flight at
/// the end), so they add up to `leads`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelCounts {
    pub leads: u64,
    /// Every lead that arrived, warm-up included (used by the benchmark).
    pub leads_including_warmup: u64,
    /// Most leads in flight at once (slab slots in use).
    pub peak_in_flight: u64,
    pub referral_leads: u64,
    pub contacted: u64,
    /// Qualifications (a lead re-qualified on a re-marketing cycle counts
    /// again).
    pub prospects: u64,
    pub decisions: u64,
    pub ordered: u64,
    pub lost_unqualified: u64,
    pub lost_defeated: u64,
    pub lost_abandoned: u64,
    pub completed: u64,
    pub unfinished: u64,
    pub abandonments: u64,
    /// Leads lost because no call attempt reached them.
    pub not_reached: u64,
    /// Call attempts that did not reach the customer.
    pub call_attempts_failed: u64,
    /// First contacts within 15 minutes, 60 minutes and 24 hours of arrival.
    pub contacted_within_15_minutes: u64,
    pub contacted_within_60_minutes: u64,
    pub contacted_within_24_hours: u64,
    /// Orders by the band of the lead's first response (a lead first
    /// contacted by re-marketing has no band).
    pub orders_first_contact_within_hour: u64,
    pub orders_first_contact_hours_1_to_24: u64,
    pub orders_first_contact_after_24_hours: u64,
    pub incubated: u64,
    pub remarketing_orders: u64,
    pub after_sales_requests: u64,
    pub duplicate_contacts: u64,
    pub sla_breaches: u64,
    pub reroutes: u64,
    pub handoffs: u64,
    pub repeated_questions: u64,
    /// Orders per channel, in channel order.
    pub orders_by_channel: Vec<u64>,
    /// Visitors of traffic sources that arrived in the measured window
    /// (each may leave a lead later; those leads count in `leads`).
    /// Always serialised: the app and its workers exchange results in
    /// bincode, which cannot skip a field.
    #[serde(default)]
    pub visitors: u64,
}

/// The seeds' pools (FAW-VW 2025: traffic → lead → incubation → prospect,
/// then owner) that a lead moves through. The traffic pool, in front of
/// them, holds visitors rather than leads and exists only where a source is
/// traffic ([`PoolSeries::traffic`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pool {
    /// Arrived and not yet qualified (waiting for or in first contact).
    Lead,
    /// In incubation: waiting for or in a re-marketing contact.
    Incubation,
    /// Qualified: consultation, decision, close.
    Prospect,
    /// Ordered (owners only accumulate).
    Owner,
    /// Visitors of a traffic source, dwelling before they leave a lead or
    /// leave ([`PoolSeries::traffic`]).
    Traffic,
}

impl Pool {
    /// The pools leads move through, indexing [`PoolSeries::sizes`].
    pub const LEADS: [Pool; 4] = [Pool::Lead, Pool::Incubation, Pool::Prospect, Pool::Owner];

    /// The key in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Pool::Lead => "lead",
            Pool::Incubation => "incubation",
            Pool::Prospect => "prospect",
            Pool::Owner => "owner",
            Pool::Traffic => "traffic",
        }
    }
}

/// Pool sizes sampled at the start of every day of the run (day 0 to the
/// end of the drain), every lead included (the warm-up shows the pools
/// filling): `sizes[d][pool as usize]` at day `d`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PoolSeries {
    pub sizes: Vec<[u32; 4]>,
    /// Visitors in the traffic pool day by day, sampled with `sizes`; empty
    /// when no source is traffic. Always serialised (bincode between the
    /// app and its workers cannot skip a field).
    #[serde(default)]
    pub traffic: Vec<u32>,
}

/// Counts of one segment of the measured leads (one grade or one source),
/// from which the report derives the segment's KPIs with intervals.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SegmentCounts {
    pub leads: u64,
    /// Leads first contacted (the first-response mean's denominator).
    pub contacted: u64,
    /// Sum of the contacted leads' first-response times, minutes.
    pub first_response_minutes_sum: f64,
    pub ordered: u64,
    pub abandoned: u64,
}

/// Everything one replication produces.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReplicationResult {
    pub replication: u32,
    pub kpis: Kpis,
    /// One entry per unit, in model order.
    pub units: Vec<UnitResult>,
    pub funnel: FunnelCounts,
    /// Counts per [`FIRST_RESPONSE_BIN_EDGES`] bin.
    pub first_response_histogram: Vec<u64>,
    /// Counts of rounded satisfaction 0 … 10.
    pub satisfaction_histogram: Vec<u64>,
    /// Counts of hand-offs per finished lead: 0, 1, 2, 3, 4, 5+.
    pub handoffs_histogram: Vec<u64>,
    /// One entry per grade, in model order.
    pub by_grade: Vec<SegmentCounts>,
    /// One entry per source, in model order.
    pub by_source: Vec<SegmentCounts>,
    /// Pool sizes day by day.
    pub pools: PoolSeries,
    /// Revenue, margin and costs.
    pub economics: Economics,
}
