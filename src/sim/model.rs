//! The validated model the engine runs.
//!
//! A [`Model`] is only ever built by `scenario::validate`, which guarantees
//! every invariant documented on the fields (indices in range, shares that
//! form proper cumulative distributions, positive rates, acyclic escalation
//! chains). The engine relies on them and has no error paths.
//!
//! Time is integer milliseconds ([`TICKS_PER_MINUTE`] ticks per minute):
//! fine enough that rounding a service time never distorts a queueing
//! comparison, and a `u64` holds half a billion years.

use super::dist::Dist;

/// Ticks per minute (1 tick = 1 ms).
pub const TICKS_PER_MINUTE: u64 = 60_000;
/// Ticks per day.
pub const TICKS_PER_DAY: u64 = 1440 * TICKS_PER_MINUTE;

/// Converts minutes to ticks, rounding to the nearest millisecond.
/// Negative or non-finite input gives 0; huge values saturate.
pub fn minutes_to_ticks(minutes: f64) -> u64 {
    if minutes.is_finite() && minutes > 0.0 {
        round_non_negative(minutes * TICKS_PER_MINUTE as f64)
    } else {
        0
    }
}

/// `x.round() as u64` for `x ≥ 0` (half away from zero, saturating), without
/// the `round` library call, which is software in wasm32 and on baseline
/// x86-64. Exact: below 2^52 the fraction `x − trunc(x)` is computed without
/// rounding error, and from 2^52 on every `f64` is already an integer; at
/// or above 2^64 both saturate to `u64::MAX`, and NaN gives 0 like the cast.
/// The conversions go through `i64`, a single instruction each way natively
/// and in wasm32 (unsigned 64-bit conversions are not, on baseline x86-64).
#[inline]
pub fn round_non_negative(x: f64) -> u64 {
    const TWO_POW_52: f64 = 4_503_599_627_370_496.0;
    if x < TWO_POW_52 {
        let whole = x as i64;
        let up = i64::from(x - whole as f64 >= 0.5);
        // Negative input is outside the contract; clamp it to 0 like the
        // saturating cast of `round` would.
        (whole + up).max(0) as u64
    } else {
        x as u64
    }
}

/// Converts ticks to minutes.
pub fn ticks_to_minutes(ticks: u64) -> f64 {
    ticks as f64 / TICKS_PER_MINUTE as f64
}

/// The kinds of work a unit does. Each unit has its own service-time
/// distribution per kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Task {
    /// First contact with a lead (and contacts after a routed hand-off).
    #[default]
    Contact = 0,
    /// Consultation with a prospect in a channel (test drive, offer).
    Consult = 1,
    /// Reviewing or approving a decision (discount, customisation).
    Decision = 2,
    /// A re-marketing contact with a lead back from incubation.
    Nurture = 3,
    /// An after-sales service request from an owner.
    AfterSales = 4,
    /// A redundant contact by the link that does not own the lead; it uses
    /// the unit's contact time.
    Duplicate = 5,
}

impl Task {
    /// The number of service-time slots per unit.
    pub const SERVICE_KINDS: usize = 5;

    /// The service-time slot this task uses.
    pub fn service_slot(self) -> usize {
        match self {
            Task::Duplicate => Task::Contact as usize,
            other => other as usize,
        }
    }

    /// The task for a service slot.
    pub fn from_slot(slot: usize) -> Task {
        match slot {
            0 => Task::Contact,
            1 => Task::Consult,
            2 => Task::Decision,
            3 => Task::Nurture,
            4 => Task::AfterSales,
            _ => Task::Duplicate,
        }
    }
}

/// Meta data carried through to reports.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Meta {
    pub id: String,
    pub name_en: String,
    pub name_zh: String,
}

/// A validated model.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub meta: Meta,
    /// Arrivals stop at this tick.
    pub horizon: u64,
    /// Statistics start at this tick (< horizon).
    pub warmup: u64,
    /// Extra time after the horizon for leads in flight to finish.
    pub drain: u64,
    /// At least one grade.
    pub grades: Vec<Grade>,
    /// At least one source.
    pub sources: Vec<Source>,
    /// At least one unit.
    pub units: Vec<Unit>,
    /// Links (e.g. brand digital link, dealer link); may be empty.
    pub links: Vec<Link>,
    /// Dual-link routing rules, first match wins.
    pub rules: Vec<Rule>,
    /// Share of leads that the other link also contacts (0–1); needs ≥ 2 links.
    pub duplicate_contact_share: f64,
    /// Delay added by each hand-off (minutes); `None` means instant.
    pub transfer_delay: Option<Dist>,
    /// One-ID / CDP: customer data follows the lead across hand-offs.
    pub one_id: bool,
    /// Extra service minutes at a unit that receives a lead without shared data.
    pub repeat_extra_minutes: f64,
    /// The sales funnel after first contact; `None` for a pure queueing network.
    pub funnel: Option<Funnel>,
    pub customer: Customer,
    /// Costs per month that do not scale with volume (platforms, One-ID).
    pub fixed_costs: Vec<FixedCost>,
    /// One-off cost of moving to this design (CNY, ≥ 0). Not charged inside
    /// the run: a comparison divides it by the monthly gross-profit gain
    /// (`report::payback`).
    pub transition_cost: f64,
}

/// A fixed cost per month (a platform, a CDP / One-ID licence).
#[derive(Clone, Debug, PartialEq)]
pub struct FixedCost {
    pub name: String,
    pub per_month: f64,
}

/// Days in an average month (365.25 / 12): fixed costs per month are charged
/// pro rata over the measured window.
pub const DAYS_PER_MONTH: f64 = 30.4375;

impl Model {
    /// Months in the arrival window (warm-up to horizon), the window every
    /// cost, revenue and profit of a replication covers.
    pub fn window_months(&self) -> f64 {
        let days = self.horizon.saturating_sub(self.warmup) as f64 / TICKS_PER_DAY as f64;
        days / DAYS_PER_MONTH
    }

    /// Fixed costs charged over the measured window (warm-up to horizon).
    pub fn fixed_cost_in_window(&self) -> f64 {
        let per_month: f64 = self.fixed_costs.iter().map(|c| c.per_month).sum();
        per_month * self.window_months()
    }
}

/// A lead grade (e.g. H/A/B/C).
#[derive(Clone, Debug, PartialEq)]
pub struct Grade {
    pub name: String,
    /// Probability that a lead contacted immediately qualifies (0–1).
    pub qualify: f64,
    /// The response time the customer expects, minutes (> 0).
    pub expected_response_minutes: f64,
    /// Patience before abandoning if not contacted; `None` = waits forever.
    pub patience: Option<Dist>,
}

/// A lead source (traffic pool channel).
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub name: String,
    /// Stable key for its random streams (hash of the name).
    pub key: u64,
    /// Mean leads per minute over a week without campaigns (≥ 0).
    pub base_rate_per_minute: f64,
    /// Relative rate per hour of the week (168 values, Monday 00:00 first),
    /// normalised to mean 1.
    pub week_profile: Vec<f64>,
    /// Campaign peaks, multiplying the rate inside `[start, end)` ticks.
    pub campaigns: Vec<Campaign>,
    /// Largest rate factor over the horizon (profile × campaign), > 0.
    pub max_factor: f64,
    /// True when the rate never varies (thinning can be skipped).
    pub constant: bool,
    /// Cumulative grade shares, one per grade, last = 1.
    pub grade_cdf: Vec<f64>,
    /// Link the source enters by default.
    pub link: Option<usize>,
    /// Unit the source enters directly when no link owns its leads (a link,
    /// the source's own or a routing rule's, decides the entry unit).
    pub entry_unit: Option<usize>,
    pub cost_per_lead: f64,
    /// Call attempts a first contact with this source's leads takes (phone
    /// and web leads; a walk-in is reached at once); `None` = every call
    /// reaches the customer.
    pub reach: Option<Reach>,
    /// `Some` when the source's arrivals are visitors of a traffic pool
    /// (then `base_rate_per_minute` is visitors per minute).
    pub traffic: Option<Traffic>,
}

/// A traffic pool in front of a source: each visitor dwells, then leaves a
/// lead with probability `capture_rate` or leaves without one.
#[derive(Clone, Debug, PartialEq)]
pub struct Traffic {
    pub capture_rate: f64,
    /// Dwell in the traffic pool, minutes.
    pub dwell: Dist,
    pub cost_per_visitor: f64,
}

/// A campaign peak.
#[derive(Clone, Debug, PartialEq)]
pub struct Campaign {
    pub start: u64,
    pub end: u64,
    pub multiplier: f64,
}

/// Which office a unit belongs to (shown in reports).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Office {
    Front,
    Middle,
    Back,
}

/// Daily opening hours.
#[derive(Clone, Debug, PartialEq)]
pub struct Hours {
    /// Bit `d` set = open on weekday `d` (0 = Monday; day 0 of a run is a Monday).
    pub days_mask: u8,
    /// Opening minute of the day (0–1439).
    pub open_minute: u64,
    /// Closing minute of the day (open < close ≤ 1440).
    pub close_minute: u64,
}

impl Hours {
    fn open_day(&self, day: u64) -> bool {
        self.days_mask & (1 << (day % 7)) != 0
    }

    /// Whether the unit is open at tick `t`.
    pub fn is_open(&self, t: u64) -> bool {
        let day = t / TICKS_PER_DAY;
        let minute_ticks = t % TICKS_PER_DAY;
        self.open_day(day)
            && minute_ticks >= self.open_minute * TICKS_PER_MINUTE
            && minute_ticks < self.close_minute * TICKS_PER_MINUTE
    }

    /// The next opening tick strictly after `t` (or at `t` if it opens then).
    /// Validation guarantees at least one open day, so eight days suffice.
    pub fn next_open(&self, t: u64) -> u64 {
        let day = t / TICKS_PER_DAY;
        for d in day..day + 8 {
            let at = d * TICKS_PER_DAY + self.open_minute * TICKS_PER_MINUTE;
            if at >= t && self.open_day(d) {
                return at;
            }
        }
        u64::MAX
    }

    /// The closing tick of the open period that contains `t`. A window that
    /// closes at 24:00 runs on into the next day's window when that day is
    /// open from 00:00, so `00:00–24:00` on consecutive days is one open
    /// period (and on all seven days the unit never closes: `u64::MAX`).
    pub fn close_after(&self, t: u64) -> u64 {
        let first = t / TICKS_PER_DAY;
        let runs_on = self.open_minute == 0 && self.close_minute == 1440;
        (first..first + 7)
            .find(|&day| !(runs_on && self.open_day(day + 1)))
            .map_or(u64::MAX, |day| {
                day * TICKS_PER_DAY + self.close_minute * TICKS_PER_MINUTE
            })
    }
}

/// A block of the week in which a unit has `servers` people at work
/// instead of its base headcount.
#[derive(Clone, Debug, PartialEq)]
pub struct Shift {
    /// Bit `d` set = the block applies on weekday `d` (0 = Monday).
    pub days_mask: u8,
    /// First minute of the day in the block (0–1439).
    pub from_minute: u64,
    /// First minute of the day after the block (from < to ≤ 1440).
    pub to_minute: u64,
    /// Headcount inside the block (0 = nobody at work).
    pub servers: u32,
}

impl Shift {
    fn covers(&self, day: u64, minute_ticks: u64) -> bool {
        self.days_mask & (1 << (day % 7)) != 0
            && minute_ticks >= self.from_minute * TICKS_PER_MINUTE
            && minute_ticks < self.to_minute * TICKS_PER_MINUTE
    }
}

impl Unit {
    /// The headcount at tick `t`: the shift block's that covers `t`, else
    /// the base headcount.
    pub fn servers_at(&self, t: u64) -> u32 {
        let day = t / TICKS_PER_DAY;
        let minute_ticks = t % TICKS_PER_DAY;
        self.shifts
            .iter()
            .find(|s| s.covers(day, minute_ticks))
            .map_or(self.servers, |s| s.servers)
    }

    /// The first tick after `t` at which a shift block starts or ends
    /// (`u64::MAX` without shifts). Blocks repeat every week, so the
    /// eight days from `t`'s day hold the next boundary.
    pub fn next_shift_change(&self, t: u64) -> u64 {
        let first = t / TICKS_PER_DAY;
        let mut next = u64::MAX;
        for shift in &self.shifts {
            for day in first..first + 8 {
                if shift.days_mask & (1 << (day % 7)) == 0 {
                    continue;
                }
                let start = day * TICKS_PER_DAY;
                for edge in [shift.from_minute, shift.to_minute] {
                    let at = start + edge * TICKS_PER_MINUTE;
                    if at > t {
                        next = next.min(at);
                    }
                }
            }
        }
        next
    }

    /// Staffed server-minutes in `[from, to)` ticks: the headcount at each
    /// moment the unit is open, integrated over time (what the engine's
    /// open-servers area counts, and what staff cost is charged on). Exact
    /// arithmetic on whole minutes, day by day.
    pub fn staffed_minutes(&self, from: u64, to: u64) -> f64 {
        if to <= from {
            return 0.0;
        }
        let mut total: u128 = 0;
        let mut day = from / TICKS_PER_DAY;
        while day * TICKS_PER_DAY < to {
            let day_start = day * TICKS_PER_DAY;
            // The part of this day inside [from, to), in ticks of the day.
            let lo = from.saturating_sub(day_start);
            let hi = (to - day_start).min(TICKS_PER_DAY);
            let (open_lo, open_hi) = match &self.hours {
                None => (0, TICKS_PER_DAY),
                Some(h) if h.open_day(day) => (
                    h.open_minute * TICKS_PER_MINUTE,
                    h.close_minute * TICKS_PER_MINUTE,
                ),
                Some(_) => (0, 0),
            };
            let (lo, hi) = (lo.max(open_lo), hi.min(open_hi));
            if hi > lo {
                let mut rest = u128::from(hi - lo);
                for shift in &self.shifts {
                    if shift.days_mask & (1 << (day % 7)) == 0 {
                        continue;
                    }
                    let s_lo = (shift.from_minute * TICKS_PER_MINUTE).max(lo);
                    let s_hi = (shift.to_minute * TICKS_PER_MINUTE).min(hi);
                    if s_hi > s_lo {
                        let span = u128::from(s_hi - s_lo);
                        rest = rest.saturating_sub(span);
                        total += span * u128::from(shift.servers);
                    }
                }
                total += rest * u128::from(self.servers);
            }
            day += 1;
        }
        total as f64 / TICKS_PER_MINUTE as f64
    }
}

/// A committee that decides on a cadence.
#[derive(Clone, Debug, PartialEq)]
pub struct Committee {
    /// Ticks between meetings (> 0).
    pub period: u64,
    /// Tick of the first meeting (< period).
    pub offset: u64,
    /// Length of a meeting; all pending decisions are released at its end.
    pub duration: u64,
}

/// An organisation unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub name: String,
    pub office: Office,
    /// Parallel servers (headcount), ≥ 1.
    pub servers: u32,
    /// `None` = always open.
    pub hours: Option<Hours>,
    /// Blocks of the week with another headcount than `servers`; empty =
    /// the same headcount all week. Validation guarantees that blocks do
    /// not overlap and that a committee has none.
    pub shifts: Vec<Shift>,
    pub hourly_cost: f64,
    /// Highest decision level the unit may approve (0 = none).
    pub authority: u8,
    /// Service time per task kind; validation guarantees a distribution for
    /// every task the unit can receive.
    pub service: [Option<Dist>; Task::SERVICE_KINDS],
    /// Routed hand-offs after a contact: `(unit, cumulative probability)`.
    pub routes: Vec<(usize, f64)>,
    /// Where decisions beyond the unit's authority go.
    pub escalate_to: Option<usize>,
    pub committee: Option<Committee>,
    /// Multiplier on the qualification probability of leads this unit
    /// qualifies (1 = an average team; 0–3).
    pub qualify_skill: f64,
    /// Multiplier on the close rate of deals this unit consults (0–3).
    pub close_skill: f64,
}

/// Reaching a source's customers for the first contact takes call attempts.
#[derive(Clone, Debug, PartialEq)]
pub struct Reach {
    /// Probability that one attempt reaches the customer (0–1].
    pub probability: f64,
    /// Ticks between a failed attempt and the next.
    pub retry: u64,
    /// Attempts before the lead is given up as not reached (1–7).
    pub max_attempts: u8,
    /// Ticks a failed attempt keeps the agent busy.
    pub attempt: u64,
}

/// A link (brand digital link, dealer link …).
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub name: String,
    pub entry_unit: usize,
    /// First-contact SLA in ticks.
    pub sla: Option<u64>,
    /// Unit the lead is re-routed to when the SLA is breached.
    pub breach_unit: Option<usize>,
    /// Minutes from a lead's arrival until the link's entry unit can work
    /// it (CRM assignment, an agent seeing the new lead); none = at once.
    pub pickup: Option<Dist>,
}

/// A dual-link routing rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Grades the rule matches (empty = all).
    pub grades: Vec<usize>,
    /// Sources the rule matches (empty = all).
    pub sources: Vec<usize>,
    pub link: usize,
}

/// A sales channel (authorised dealers, direct stores, online direct).
#[derive(Clone, Debug, PartialEq)]
pub struct Channel {
    pub name: String,
    /// Cumulative share of prospects.
    pub cumulative_share: f64,
    pub unit: usize,
    /// Probability that a prospect at the reference satisfaction orders.
    pub close_rate: f64,
    /// 1 = same price everywhere; lower values cost satisfaction.
    pub price_consistency: f64,
    pub cost_per_order: f64,
    /// Share of deals that need a decision (discount, customisation).
    pub decision_share: f64,
    /// List price of an order (revenue before any discount, CNY).
    pub price: f64,
    /// Gross margin at list price, as a fraction of the price (0–1).
    pub gross_margin: f64,
}

impl Channel {
    /// Revenue and gross margin of one order that took a decision of
    /// `level` (0 = none). The discount of a level comes off the price and
    /// so, the car's cost being the same, off the margin too:
    /// revenue = `price · (1 − d)`, margin = `price · (m − d)` (negative when
    /// the discount is deeper than the margin).
    pub fn order_value(&self, discounts: &[f64], level: u8) -> (f64, f64) {
        let discount = usize::from(level)
            .checked_sub(1)
            .and_then(|i| discounts.get(i))
            .copied()
            .unwrap_or(0.0);
        (
            self.price * (1.0 - discount),
            self.price * (self.gross_margin - discount),
        )
    }
}

/// The re-marketing loop.
#[derive(Clone, Debug, PartialEq)]
pub struct Nurture {
    pub unit: usize,
    pub share_unqualified: f64,
    pub share_defeated: f64,
    pub share_abandoned: f64,
    /// Time in the incubation pool before the re-marketing contact (minutes).
    pub delay: Dist,
    /// Multiplies the qualification probability on a re-marketing cycle.
    pub requalify_multiplier: f64,
    pub max_cycles: u8,
}

/// Owner after-sales service (7S / cloud butler).
#[derive(Clone, Debug, PartialEq)]
pub struct AfterSales {
    pub unit: usize,
    pub request_probability: f64,
    pub delay: Dist,
    pub expected_response_minutes: f64,
    /// Revenue of one served request (service, parts), CNY.
    pub revenue_per_request: f64,
    /// Gross margin of that revenue, as a fraction (0–1).
    pub gross_margin: f64,
}

/// Referrals by satisfied owners.
#[derive(Clone, Debug, PartialEq)]
pub struct Referral {
    /// The source referral leads are attributed to.
    pub source: usize,
    pub max_probability: f64,
    pub delay: Dist,
}

/// The funnel after first contact.
#[derive(Clone, Debug, PartialEq)]
pub struct Funnel {
    /// τ of the response-time decay, minutes.
    pub response_decay_minutes: f64,
    /// Floor of the response-time decay (0–1).
    pub response_floor: f64,
    /// At least one channel; cumulative shares end at 1.
    pub channels: Vec<Channel>,
    /// Cumulative probabilities of decision levels 1, 2, …
    pub decision_level_cdf: Vec<f64>,
    /// Discount granted with a decision of level 1, 2, … as a fraction of
    /// the list price; empty = no discount (validation: empty or one per
    /// level).
    pub decision_discounts: Vec<f64>,
    /// The decision lead time a customer expects, minutes.
    pub decision_expected_minutes: f64,
    pub nurture: Option<Nurture>,
    pub after_sales: Option<AfterSales>,
    pub referral: Option<Referral>,
}

/// Satisfaction weights (points on a 0–10 scale).
#[derive(Clone, Debug, PartialEq)]
pub struct Customer {
    pub base: f64,
    pub wait_weight: f64,
    pub handoff_weight: f64,
    pub repeat_weight: f64,
    pub duplicate_weight: f64,
    pub inconsistency_weight: f64,
    pub resolution_bonus: f64,
    /// Satisfaction at which conversion is neither helped nor hurt.
    pub reference: f64,
    /// Slope of the conversion multiplier per satisfaction point / 10.
    pub conversion_sensitivity: f64,
    /// Points a waited phase earns when it beats the expectation:
    /// `prompt_bonus · (1 − W/E)` for `W < E`.
    pub prompt_bonus: f64,
    /// The score of a customer who leaves without ever being reached
    /// (abandoned or never answered the calls): `S = min(S, this)`.
    pub unserved_satisfaction: f64,
    /// The wait a customer expects after a hand-off, before a consultation
    /// or a routed contact (minutes).
    pub expected_followup_minutes: f64,
}

impl Default for Customer {
    fn default() -> Self {
        Customer {
            base: 8.0,
            wait_weight: 1.5,
            handoff_weight: 0.3,
            repeat_weight: 0.7,
            duplicate_weight: 0.8,
            inconsistency_weight: 3.0,
            resolution_bonus: 1.0,
            reference: 8.0,
            conversion_sensitivity: 1.0,
            prompt_bonus: 1.0,
            unserved_satisfaction: 3.0,
            expected_followup_minutes: 1440.0,
        }
    }
}

impl Customer {
    /// Points a waited phase costs for waiting `wait` minutes against an
    /// expectation of `expected` minutes:
    /// `w_wait · ln(1 + max(0, W/E − 1)) − prompt_bonus · max(0, 1 − W/E)`
    /// (negative when the wait beats the expectation).
    pub fn wait_penalty(&self, wait: f64, expected: f64) -> f64 {
        let ratio = wait / expected;
        if ratio > 1.0 {
            self.wait_weight * libm::log1p(ratio - 1.0)
        } else {
            -self.prompt_bonus * (1.0 - ratio)
        }
    }

    /// Conversion multiplier `clamp(1 + k·(S − S_ref)/10, 0, 2)`.
    pub fn conversion_multiplier(&self, satisfaction: f64) -> f64 {
        (1.0 + self.conversion_sensitivity * (satisfaction - self.reference) / 10.0).clamp(0.0, 2.0)
    }
}

impl Funnel {
    /// Response-time decay `m(t) = f + (1 − f)·exp(−t/τ)`.
    pub fn response_multiplier(&self, first_response_minutes: f64) -> f64 {
        self.response_floor
            + (1.0 - self.response_floor)
                * libm::exp(-first_response_minutes / self.response_decay_minutes)
    }
}

impl Source {
    /// The rate factor (profile × campaign) at tick `t`.
    pub fn factor_at(&self, t: u64) -> f64 {
        let hour_of_week = ((t / (60 * TICKS_PER_MINUTE)) % 168) as usize;
        let mut factor = self.week_profile.get(hour_of_week).copied().unwrap_or(1.0);
        for campaign in &self.campaigns {
            if t >= campaign.start && t < campaign.end {
                factor *= campaign.multiplier;
            }
        }
        factor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_matches_the_library_round() {
        let cases = [
            0.0,
            0.49999999999999994,
            0.5,
            1.5,
            2.5,
            123_456.499_999_999_99,
            4_503_599_627_370_495.5,
            4_503_599_627_370_497.0,
            9.3e18,
            1.8446744073709552e19,
            3e19,
            f64::INFINITY,
            f64::NAN,
            -0.0,
            -0.4,
            -1.5,
            -1e300,
        ];
        for x in cases {
            assert_eq!(round_non_negative(x), x.round() as u64, "{x}");
        }
        let mut x = 1e-3;
        while x < 1e12 {
            assert_eq!(round_non_negative(x), x.round() as u64, "{x}");
            assert_eq!(minutes_to_ticks(x), minutes_to_ticks_reference(x), "{x}");
            x *= 1.000_37;
        }
    }

    #[test]
    fn shifts_give_the_headcount_its_boundaries_and_staffed_minutes() {
        // Open 08:00–20:00 Monday to Friday; 3 people, 5 from 09:00 to
        // 12:00 on Mondays and Tuesdays, nobody from 19:00 to 24:00 on
        // Fridays (partly outside the hours).
        let minute = TICKS_PER_MINUTE;
        let unit = Unit {
            name: "desk".into(),
            office: Office::Front,
            servers: 3,
            hours: Some(Hours {
                days_mask: 0b1_1111,
                open_minute: 8 * 60,
                close_minute: 20 * 60,
            }),
            shifts: vec![
                Shift {
                    days_mask: 0b11,
                    from_minute: 9 * 60,
                    to_minute: 12 * 60,
                    servers: 5,
                },
                Shift {
                    days_mask: 0b1_0000,
                    from_minute: 19 * 60,
                    to_minute: 1440,
                    servers: 0,
                },
            ],
            hourly_cost: 1.0,
            authority: 0,
            service: Default::default(),
            routes: Vec::new(),
            escalate_to: None,
            committee: None,
            qualify_skill: 1.0,
            close_skill: 1.0,
        };
        assert_eq!(unit.servers_at(9 * 60 * minute), 5); // Monday 09:00
        assert_eq!(unit.servers_at(12 * 60 * minute), 3); // Monday 12:00
        assert_eq!(unit.servers_at(2 * TICKS_PER_DAY + 10 * 60 * minute), 3); // Wednesday
        assert_eq!(unit.servers_at(4 * TICKS_PER_DAY + 19 * 60 * minute), 0); // Friday 19:00
        // Boundaries: Monday 09:00, 12:00, Tuesday 09:00, …, Friday 19:00,
        // 24:00, then next Monday 09:00.
        assert_eq!(unit.next_shift_change(0), 9 * 60 * minute);
        assert_eq!(unit.next_shift_change(9 * 60 * minute), 12 * 60 * minute);
        assert_eq!(
            unit.next_shift_change(TICKS_PER_DAY + 12 * 60 * minute),
            4 * TICKS_PER_DAY + 19 * 60 * minute
        );
        assert_eq!(
            unit.next_shift_change(5 * TICKS_PER_DAY),
            7 * TICKS_PER_DAY + 9 * 60 * minute
        );
        // A week: 5 days × 12 h × 3 people, plus 2 × 3 h × 2 more on
        // Monday and Tuesday, minus Friday 19:00–20:00's 3 people.
        let week = unit.staffed_minutes(0, 7 * TICKS_PER_DAY);
        assert_eq!(week, (5.0 * 12.0 * 3.0 + 2.0 * 3.0 * 2.0 - 3.0) * 60.0);
        // A window starting mid-block counts from there.
        let part = unit.staffed_minutes(10 * 60 * minute, 11 * 60 * minute);
        assert_eq!(part, 5.0 * 60.0);
        let without = Unit {
            shifts: Vec::new(),
            ..unit
        };
        assert_eq!(without.next_shift_change(0), u64::MAX);
        assert_eq!(without.servers_at(0), 3);
    }

    fn minutes_to_ticks_reference(minutes: f64) -> u64 {
        if minutes.is_finite() && minutes > 0.0 {
            (minutes * TICKS_PER_MINUTE as f64).round() as u64
        } else {
            0
        }
    }
}
