//! The scenario file format, version 1 (serde types).
//!
//! These types mirror `schema.json` field by field. They are only
//! deserialised after the schema check passed, so serde's first-error-only
//! behaviour never hides a second problem from the user. Durations are in
//! minutes unless the field name ends in `_days`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::vocab::ServiceTask;

/// Text in both languages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

/// A documented assumption or source of a parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assumption {
    pub en: String,
    pub zh: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The field paths this assumption explains (see [`super::path`]),
    /// e.g. `units[dealer_sales].hours`; each covers everything beneath it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<String>,
}

/// A scenario file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<Assumption>,
    pub horizon: Horizon,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<RunSettings>,
    pub grades: Vec<GradeSpec>,
    pub sources: Vec<SourceSpec>,
    pub units: Vec<UnitSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<LinkSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing: Option<RoutingSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoffs: Option<HandoffSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funnel: Option<FunnelSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixed_costs: Vec<FixedCostSpec>,
    /// One-off cost of moving to this design from the one it is compared
    /// with (CNY); only a comparison's payback reads it.
    #[serde(default)]
    pub transition_cost: f64,
    /// Inputs whose value is not known exactly: each with a range the
    /// "uncertain inputs" run (`orgflow uncertainty`) draws from, one draw
    /// per replication. A plain run uses the values written in the file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncertainty: Vec<UncertainInput>,
}

/// One uncertain input: a numeric field of the scenario and the triangular
/// range (minimum, most likely, maximum) its value is drawn from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UncertainInput {
    /// The field path of a number in the file, e.g. `units[desk].headcount`.
    pub input: String,
    pub min: f64,
    pub most_likely: f64,
    pub max: f64,
    /// Where the range comes from, or "judgement".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A cost that does not scale with leads, orders or hours: a platform, a
/// CDP / One-ID licence, a committee's standing budget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedCostSpec {
    pub name: String,
    pub per_month: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    pub days: f64,
    #[serde(default)]
    pub warmup_days: f64,
    #[serde(default)]
    pub drain_days: f64,
}

/// Defaults for a run (the CLI flags and the app override them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replications: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_ci95: Option<TargetSpec>,
}

/// Stop when the 95 % half-width of `kpi` is at most `half_width`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSpec {
    pub kpi: String,
    pub half_width: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_replications: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeSpec {
    pub name: String,
    pub share_percent: f64,
    #[serde(default = "one")]
    pub qualify_probability: f64,
    pub expected_response_minutes: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patience_minutes: Option<DistSpec>,
}

fn one() -> f64 {
    1.0
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    pub name: String,
    /// Leads per day; left out (or 0) when the source is `traffic`, whose
    /// leads are the visitors it captures.
    #[serde(default)]
    pub leads_per_day: f64,
    /// The source is a traffic pool: visitors arrive, dwell, and leave a
    /// lead with the capture rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic: Option<TrafficSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_unit: Option<String>,
    #[serde(default)]
    pub cost_per_lead: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach: Option<ReachSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade_mix_percent: Option<BTreeMap<String, f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly_profile: Option<Vec<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekday_profile: Option<Vec<f64>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub campaigns: Vec<CampaignSpec>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignSpec {
    pub start_day: f64,
    pub end_day: f64,
    pub multiplier: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitSpec {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    pub headcount: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<HoursSpec>,
    /// Blocks of the week with another headcount (see [`ShiftSpec`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shifts: Vec<ShiftSpec>,
    #[serde(default)]
    pub hourly_cost: f64,
    #[serde(default)]
    pub authority: u8,
    #[serde(default)]
    pub service_minutes: ServiceSpec,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<RouteSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalate_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committee: Option<CommitteeSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill: Option<SkillSpec>,
}

/// How well a unit's people qualify and close, against an average team (1).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualify: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close: Option<f64>,
}

impl SourceSpec {
    /// What arrives per day: visitors for a traffic source, else leads.
    pub fn arrivals_per_day(&self) -> f64 {
        self.traffic
            .as_ref()
            .map_or(self.leads_per_day, |t| t.visitors_per_day)
    }
}

/// A source whose arrivals are visitors (the seeds' traffic pool) rather
/// than leads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrafficSpec {
    /// Visitors per day (with the source's profiles and campaigns).
    pub visitors_per_day: f64,
    /// Probability that a visitor leaves a lead at the end of the dwell.
    pub capture_rate: f64,
    /// Time a visitor spends in the traffic pool before leaving a lead or
    /// leaving, days.
    pub dwell_days: DistSpec,
    /// Acquisition cost per visitor (on top of `cost_per_lead` per lead).
    #[serde(default)]
    pub cost_per_visitor: f64,
}

/// Call attempts for a first contact with a source's leads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReachSpec {
    /// Probability that one attempt reaches the customer.
    pub probability: f64,
    /// Minutes between a failed attempt and the next.
    pub retry_minutes: f64,
    /// Attempts before the lead is given up as not reached.
    pub max_attempts: u8,
    /// Minutes a failed attempt keeps the agent busy (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt_minutes: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoursSpec {
    pub days: Vec<String>,
    pub open: String,
    pub close: String,
}

/// A block of the week in which a unit has `headcount` people at work
/// instead of its base `headcount`: on each of `days`, from `from` to `to`
/// (`HH:MM`, `to` may be `24:00`; a block cannot cross midnight). Outside
/// every block the unit has its base headcount; blocks of one unit must not
/// overlap. A block only staffs the unit while its opening hours have it
/// open (a closed unit serves nobody, whoever is rostered).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftSpec {
    pub days: Vec<String>,
    pub from: String,
    pub to: String,
    pub headcount: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<DistSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consult: Option<DistSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DistSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nurture: Option<DistSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_sales: Option<DistSpec>,
}

impl ServiceSpec {
    /// The service time written for `task`, if any.
    pub fn get(&self, task: ServiceTask) -> Option<&DistSpec> {
        match task {
            ServiceTask::Contact => self.contact.as_ref(),
            ServiceTask::Consult => self.consult.as_ref(),
            ServiceTask::Decision => self.decision.as_ref(),
            ServiceTask::Nurture => self.nurture.as_ref(),
            ServiceTask::AfterSales => self.after_sales.as_ref(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteSpec {
    pub to: String,
    pub probability: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitteeSpec {
    pub every_days: f64,
    pub at: String,
    pub duration_minutes: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkSpec {
    pub name: String,
    pub entry_unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_minutes: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_breach: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breach_unit: Option<String>,
    /// Minutes from a lead's arrival until the entry unit can work it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pickup_minutes: Option<DistSpec>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingSpec {
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
    #[serde(default)]
    pub duplicate_contact_share: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    pub link: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoffSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_delay_minutes: Option<DistSpec>,
    #[serde(default)]
    pub one_id: bool,
    #[serde(default)]
    pub repeat_extra_minutes: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunnelSpec {
    #[serde(default = "default_decay")]
    pub response_decay_minutes: f64,
    #[serde(default = "default_floor")]
    pub response_floor: f64,
    pub channels: Vec<ChannelSpec>,
    #[serde(default)]
    pub decision_levels_percent: Vec<f64>,
    /// Discount (% of the list price) granted with a decision of level 1,
    /// 2, …: one per decision level, or none (no discounts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decision_discount_percent: Vec<f64>,
    #[serde(default = "default_decision_expected")]
    pub decision_expected_minutes: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarketing: Option<RemarketingSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_sales: Option<AfterSalesSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral: Option<ReferralSpec>,
}

/// τ = 200 min: with the default floor, contact within the first hour
/// qualifies about 7× as often as contact in hours 1–24 (HBR 2011).
pub fn default_decay() -> f64 {
    200.0
}

/// f = 1/60: a lead contacted after a day qualifies about 1/60 as often as
/// one contacted at once (HBR 2011: "60 times").
pub fn default_floor() -> f64 {
    1.0 / 60.0
}

fn default_decision_expected() -> f64 {
    1440.0
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelSpec {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub share_percent: f64,
    pub unit: String,
    pub close_rate: f64,
    #[serde(default = "one")]
    pub price_consistency: f64,
    #[serde(default)]
    pub cost_per_order: f64,
    #[serde(default)]
    pub decision_share: f64,
    /// List price of an order, CNY (0: the channel's revenue is not
    /// modelled).
    #[serde(default)]
    pub price: f64,
    /// Gross margin at list price, % of the price.
    #[serde(default)]
    pub gross_margin_percent: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemarketingSpec {
    pub unit: String,
    #[serde(default)]
    pub share_unqualified: f64,
    #[serde(default)]
    pub share_defeated: f64,
    #[serde(default)]
    pub share_abandoned: f64,
    pub incubation_days: DistSpec,
    #[serde(default = "one")]
    pub requalify_multiplier: f64,
    #[serde(default = "one_cycle")]
    pub max_cycles: u8,
}

fn one_cycle() -> u8 {
    1
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AfterSalesSpec {
    pub unit: String,
    pub request_probability: f64,
    pub delay_days: DistSpec,
    #[serde(default = "default_after_sales_expected")]
    pub expected_response_minutes: f64,
    /// Revenue of one served request (service, parts), CNY.
    #[serde(default)]
    pub revenue_per_request: f64,
    /// Gross margin of that revenue, %.
    #[serde(default)]
    pub gross_margin_percent: f64,
}

fn default_after_sales_expected() -> f64 {
    60.0
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferralSpec {
    pub source: String,
    pub max_probability: f64,
    pub delay_days: DistSpec,
}

/// Satisfaction weights; omitted fields take the documented defaults.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_weight: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff_weight: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_weight: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_weight: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inconsistency_weight: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_bonus: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversion_sensitivity: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_bonus: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unserved_satisfaction: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_followup_minutes: Option<f64>,
}

/// A distribution as written in a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistSpec {
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cv: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<f64>>,
}
