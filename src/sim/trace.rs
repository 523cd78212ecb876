//! The journeys of one replication, lead by lead: what the engine reports
//! when asked ([`crate::sim::run_replication_traced`]), for the event log
//! (`orgflow events`) and the back-test.
//!
//! Why an opt-in record rather than a callback: the engine keeps one
//! `Option<Box<Trace>>`; a normal run leaves it `None`, so each hook costs
//! one branch on a field the engine already has in cache, and a traced run
//! only appends to two vectors. The trace never draws a random number or
//! schedules anything, so a traced replication gives the same result as an
//! untraced one (test `tracing_does_not_change_results`).

/// What happened to a lead: a service at a unit (with a start and an end)
/// or a milestone (start = end).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Activity {
    /// The lead arrived (milestone).
    Created,
    /// A contact service: the first contact or a routed one.
    Contact,
    /// A call attempt that did not reach the customer.
    CallAttempt,
    /// The customer was reached for the first time (milestone).
    FirstContact,
    /// The lead qualified: a prospect of its channel (milestone).
    Qualified,
    /// A consultation in the channel.
    Consult,
    /// A decision reviewed at a unit (committees are not traced).
    Decision,
    /// The customer ordered (milestone).
    Order,
    /// Lost: not qualified after contact (milestone).
    Unqualified,
    /// Lost: the prospect did not order (milestone).
    Defeated,
    /// Lost: gave up waiting for the first contact (milestone).
    Abandoned,
    /// Lost: no call attempt reached the customer (milestone).
    NotReached,
    /// Entered the incubation pool for re-marketing (milestone).
    Incubated,
    /// A re-marketing contact.
    Nurture,
    /// An owner's after-sales service.
    AfterSales,
}

impl Activity {
    pub const ALL: [Activity; 15] = [
        Activity::Created,
        Activity::Contact,
        Activity::CallAttempt,
        Activity::FirstContact,
        Activity::Qualified,
        Activity::Consult,
        Activity::Decision,
        Activity::Order,
        Activity::Unqualified,
        Activity::Defeated,
        Activity::Abandoned,
        Activity::NotReached,
        Activity::Incubated,
        Activity::Nurture,
        Activity::AfterSales,
    ];

    /// The word the event log writes.
    pub fn key(self) -> &'static str {
        match self {
            Activity::Created => "created",
            Activity::Contact => "contact",
            Activity::CallAttempt => "call_attempt",
            Activity::FirstContact => "first_contact",
            Activity::Qualified => "qualified",
            Activity::Consult => "consult",
            Activity::Decision => "decision",
            Activity::Order => "order",
            Activity::Unqualified => "unqualified",
            Activity::Defeated => "defeated",
            Activity::Abandoned => "abandoned",
            Activity::NotReached => "not_reached",
            Activity::Incubated => "incubated",
            Activity::Nurture => "nurture",
            Activity::AfterSales => "after_sales",
        }
    }

    pub fn parse(word: &str) -> Option<Activity> {
        let word = word.trim();
        Activity::ALL
            .into_iter()
            .find(|a| a.key().eq_ignore_ascii_case(word))
    }

    /// The lead's journey ended lost here (a later re-marketing cycle may
    /// still follow an `Incubated`, never one of these).
    pub fn is_loss(self) -> bool {
        matches!(
            self,
            Activity::Unqualified | Activity::Defeated | Activity::Abandoned | Activity::NotReached
        )
    }
}

/// Sentinel for "no unit" / "no link" / "no channel" in a compact record.
pub const NONE: u16 = u16::MAX;

/// One lead of the replication (a case of the event log).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Case {
    /// Arrival tick.
    pub created: u64,
    pub source: u16,
    pub grade: u16,
    /// Owning link, or [`NONE`].
    pub link: u16,
    /// The channel of its latest qualification, or [`NONE`].
    pub channel: u16,
    /// Arrived in the measurement window (after the warm-up).
    pub measured: bool,
}

/// One activity of one case.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    /// Index into [`Trace::cases`].
    pub case: u32,
    pub activity: Activity,
    /// The unit, or [`NONE`] for a milestone without one.
    pub unit: u16,
    /// Ticks.
    pub start: u64,
    pub end: u64,
}

/// Everything a traced replication reports, in the order it happened
/// (services at their start).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    pub cases: Vec<Case>,
    pub steps: Vec<Step>,
    /// The case of each lead slot in flight (slots are reused).
    slot_case: Vec<u32>,
}

impl Trace {
    /// A new case for the lead in `slot`.
    pub(crate) fn open(&mut self, slot: u32, case: Case) {
        let id = self.cases.len() as u32;
        self.cases.push(case);
        let slot = slot as usize;
        if self.slot_case.len() <= slot {
            self.slot_case.resize(slot + 1, u32::MAX);
        }
        self.slot_case[slot] = id;
        self.steps.push(Step {
            case: id,
            activity: Activity::Created,
            unit: NONE,
            start: case.created,
            end: case.created,
        });
    }

    /// Records an activity of the lead in `slot`.
    pub(crate) fn step(&mut self, slot: u32, activity: Activity, unit: u16, start: u64, end: u64) {
        if let Some(&case) = self.slot_case.get(slot as usize)
            && case != u32::MAX
        {
            self.steps.push(Step {
                case,
                activity,
                unit,
                start,
                end,
            });
        }
    }

    /// Notes the channel of the lead in `slot`.
    pub(crate) fn channel(&mut self, slot: u32, channel: u16) {
        if let Some(&case) = self.slot_case.get(slot as usize)
            && let Some(c) = self.cases.get_mut(case as usize)
        {
            c.channel = channel;
        }
    }
}
