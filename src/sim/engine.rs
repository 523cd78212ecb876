//! The discrete-event engine: one replication of a [`Model`].
//!
//! Events live in a binary heap ordered by `(time, sequence)`; the sequence
//! number is a counter, so simultaneous events run in the order they were
//! scheduled and never depend on hashing or floating point. Leads live in a
//! slab (`Vec<Lead>` plus a free list) of 64-byte records.
//!
//! A unit's queue is a doubly linked list threaded through the waiting
//! leads' own records (`prev` / `next`), so a waiting lead takes no memory
//! beyond its record, and leaving a queue early (abandonment, SLA re-route)
//! unlinks it at once. A lead's service requirement is drawn when its
//! service starts, from the same `(lead, step)` stream it was always drawn
//! from, so the queue does not store it. Duplicate contacts, which have no
//! lead of their own, wait as records of a second slab (`duplicates`),
//! linked into the same lists: a link with [`DUPLICATE_LINK`] set points
//! there. Committee requests wait in per-committee lists of 24-byte
//! [`Request`]s.

use std::collections::{BinaryHeap, VecDeque};

use super::histogram::LogHistogram;
use super::model::{
    Model, TICKS_PER_MINUTE, Task, minutes_to_ticks, round_non_negative, ticks_to_minutes,
};
use super::result::{
    FIRST_RESPONSE_BIN_EDGES, FIRST_RESPONSE_BINS, FunnelCounts, HANDOFF_BINS, Kpis,
    ReplicationResult, SATISFACTION_BINS, SegmentCounts, UnitResult,
};
use super::rng::{Purpose, Stream, first_open01, mix, open01, replication_key, stream};
use super::ziggurat::standard_exponential;

const NO_LEAD: u32 = u32::MAX;
/// The end of a queue list (no previous / next record).
const NO_LINK: u32 = u32::MAX;
/// Set in a queue link that points into the duplicate-contact slab.
const DUPLICATE_LINK: u32 = 1 << 31;

// Lead flags.
const MEASURED: u8 = 1;
const WAITING_FIRST: u8 = 2;
const IN_QUEUE: u8 = 4;
const TERMINAL: u8 = 8;
const LIVE: u8 = 16;
const CONTACTED: u8 = 32;
/// The lead joined its current queue inside the measurement window, so
/// leaving that queue unserved is counted (as its joining was).
const QUEUED_IN_WINDOW: u8 = 64;
/// The lead's queued task carries the repeat-yourself extra time.
const QUEUED_REPEAT: u8 = 128;

// Second flag byte (`Lead::flags2`).
/// Bits 0–1: the band of the first response (0: within the hour, 1: hours
/// 1–24, 2: after 24 h; [`NO_BAND`] before the first contact or when the
/// first contact was a re-marketing contact).
const BAND_MASK: u8 = 3;
const NO_BAND: u8 = 3;
/// The other link reached the customer first, so the owning link's own
/// contact, still queued, is the duplicate call.
const OWN_CONTACT_DUPLICATE: u8 = 4;
/// Waiting to call again after a call attempt that did not reach the customer.
const RETRYING: u8 = 8;
/// The queued task is a follow-up after a hand-off (routed contact,
/// consultation): its wait from `mark` scores against the follow-up
/// expectation when its service starts.
const FOLLOWUP: u8 = 16;
/// Bits 5–7: call attempts made for the first contact (at most 7).
const ATTEMPT_SHIFT: u8 = 5;

/// Why a lead was lost (decides the re-marketing share).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Loss {
    Unqualified,
    Defeated,
    Abandoned,
}

/// Bytes of one lead record (the slab entry every lead in flight holds;
/// a lead waiting in a unit's queue needs nothing more).
pub const LEAD_RECORD_BYTES: usize = std::mem::size_of::<Lead>();
/// Bytes of one request waiting at a committee.
pub const REQUEST_BYTES: usize = std::mem::size_of::<Request>();
/// Bytes of one scheduled event.
pub const EVENT_BYTES: usize = std::mem::size_of::<Event>();

/// A lead in flight: 64 bytes, queue links included.
#[derive(Clone, Copy, Default)]
struct Lead {
    key: u64,
    /// Until the first contact the arrival time; from the first contact on
    /// the first-response time (ticks). Nothing needs the arrival time after
    /// the first contact, and qualification needs the first response only
    /// after it, so one field serves both.
    arrival_or_response: u64,
    /// Start of the current timed phase (decision request, after-sales
    /// request); in a duplicate-contact record, the service in ticks.
    mark: u64,
    /// When the lead joined its current queue.
    queued_at: u64,
    generation: u32,
    /// Queue neighbours while the lead waits ([`NO_LINK`] at the ends).
    prev: u32,
    next: u32,
    /// Satisfaction points lost so far (negative: gained), except the first
    /// contact's wait: this is what the conversion multiplier `c(S)` sees.
    penalty: f32,
    /// Points the wait for the first contact cost (or, negative, earned),
    /// in thousandths: part of the recorded satisfaction but not of `c(S)`,
    /// since the response-time decay `m(t)` already carries that wait's
    /// effect on conversion (see README, causal table).
    first_contact: i16,
    flags2: u8,
    source: u16,
    unit: u16,
    step: u16,
    grade: u8,
    channel: u8,
    level: u8,
    handoffs: u8,
    cycles: u8,
    flags: u8,
    /// The task the lead waits for in its queue.
    queued_task: Task,
}

/// A decision request waiting at a committee.
#[derive(Clone, Copy)]
struct Request {
    queued_at: u64,
    slot: u32,
    generation: u32,
    /// Joined inside the measurement window.
    measured: bool,
}

/// Head and tail of a unit's queue list.
#[derive(Clone, Copy)]
struct QueueEnds {
    head: u32,
    tail: u32,
}

impl Default for QueueEnds {
    fn default() -> QueueEnds {
        QueueEnds {
            head: NO_LINK,
            tail: NO_LINK,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    ServiceDone,
    Abandon,
    SlaCheck,
    /// Enqueue a task after a transfer delay.
    Transfer,
    /// A lead leaves the incubation pool for a re-marketing contact.
    Incubated,
    /// Call again after an attempt that did not reach the customer.
    Retry,
    /// An owner raises an after-sales request.
    AfterSalesRequest,
    /// A referred lead arrives.
    ReferralArrival,
    Open,
    Close,
    Meeting,
    /// A committee meeting ends: the batch it took up is decided. The
    /// event's `generation` holds the batch size (its `slot` is `NO_LEAD`).
    Release,
}

#[derive(Clone, Copy)]
struct Event {
    at: u64,
    seq: u64,
    slot: u32,
    generation: u32,
    unit: u16,
    kind: Kind,
    task: Task,
    flag: bool,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Event {
    /// Reversed, so the max-heap pops the earliest `(time, sequence)`.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

/// Satisfaction points in thousandths, saturating (a wait penalty beyond 32
/// points already clamps the score at 0).
#[inline]
fn millipoints(points: f64) -> i16 {
    (points * 1000.0).clamp(-32_767.0, 32_767.0) as i16
}

/// `dt · count` widened to 128 bits. The product of two 32-bit numbers
/// always fits 64 bits, and a 64-bit multiply is one instruction natively
/// and in wasm32 (where a 128-bit multiply is a library call); gaps longer
/// than 2^32 ticks (about 50 days) take the wide path.
#[inline]
fn area(dt: u64, count: u32) -> u128 {
    if dt <= u64::from(u32::MAX) {
        u128::from(dt * u64::from(count))
    } else {
        u128::from(dt) * u128::from(count)
    }
}

#[derive(Default)]
struct UnitState {
    queue: QueueEnds,
    /// Committee: requests waiting for the next meeting.
    pending: Vec<Request>,
    /// Committee: requests taken up by meetings that have not ended yet,
    /// batch after batch (meetings end in the order they start).
    deciding: VecDeque<Request>,
    /// Tasks in the queue; for a committee, requests not yet decided
    /// (`pending` and `deciding`).
    waiting: u32,
    busy: u32,
    open: bool,
    last_change: u64,
    busy_area: u128,
    queue_area: u128,
    open_area: u128,
    /// Committee: meeting time of the meetings held in the arrival window.
    meeting_ticks: u64,
    /// Busy and open server time inside the arrival window `[warm-up,
    /// horizon)` (the areas as they stood at the horizon), for utilisation
    /// and staff cost: the drain after the horizon only finishes leads
    /// already in, so its idle hours would understate utilisation and
    /// overstate what the organisation costs.
    busy_area_arrivals: u128,
    open_area_arrivals: u128,
    arrivals: u64,
    served: u64,
    left_unserved: u64,
    wait_served: u128,
    wait_all: u128,
}

#[derive(Default)]
struct Tally {
    counts: FunnelCounts,
    first_response_sum: f64,
    first_response: LogHistogram,
    first_response_bins: [u64; FIRST_RESPONSE_BINS],
    decision_sum: f64,
    /// Decisions made (the decision lead time's denominator; requests still
    /// pending at the end have no lead time yet).
    decided: u64,
    decision: LogHistogram,
    satisfaction_sum: f64,
    satisfaction_count: u64,
    promoters: u64,
    detractors: u64,
    satisfaction_bins: [u64; SATISFACTION_BINS],
    handoff_bins: [u64; HANDOFF_BINS],
    lead_cost: f64,
    order_cost: f64,
    by_grade: Vec<SegmentCounts>,
    by_source: Vec<SegmentCounts>,
}

struct Source {
    arrivals: Stream,
    /// Exact arrival clock in minutes (rounded to ticks when scheduled).
    clock: f64,
    ordinal: u64,
    /// `mix(replication key, source key)`, the prefix of its leads' keys.
    lead_key_base: u64,
    /// The `(time, sequence)` of this source's next arrival, if any.
    next: Option<(u64, u64)>,
}

/// The earliest pending arrival over all sources.
///
/// Each source has at most one arrival pending, so arrivals are kept out of
/// the event heap: the main loop compares this one with the heap's top.
/// Sequence numbers are taken exactly where the arrival would have been
/// pushed, so the `(time, sequence)` order of everything is unchanged; a
/// lead costs one heap push and pop fewer.
#[derive(Clone, Copy)]
struct NextArrival {
    at: u64,
    seq: u64,
    source: usize,
}

/// Runs one replication. Replication `r` of seed `s` always gives the same
/// result, whichever process or worker runs it.
pub fn run_replication(model: &Model, seed: u64, replication: u32) -> ReplicationResult {
    let mut engine = Engine::new(model, seed, replication);
    engine.run();
    engine.finish(replication)
}

struct Engine<'m> {
    model: &'m Model,
    now: u64,
    seq: u64,
    end: u64,
    events: BinaryHeap<Event>,
    next_arrival: Option<NextArrival>,
    /// The arrival window's areas have been taken ([`Engine::close_arrival_window`]).
    horizon_passed: bool,
    leads: Vec<Lead>,
    free: Vec<u32>,
    /// Duplicate contacts waiting in queues (records without a lead).
    duplicates: Vec<Lead>,
    free_duplicates: Vec<u32>,
    units: Vec<UnitState>,
    sources: Vec<Source>,
    tally: Tally,
}

impl<'m> Engine<'m> {
    fn new(model: &'m Model, seed: u64, replication: u32) -> Engine<'m> {
        let key = replication_key(seed, replication);
        let sources = model
            .sources
            .iter()
            .map(|s| Source {
                arrivals: stream(mix(key, s.key), Purpose::Arrivals, 0),
                clock: 0.0,
                ordinal: 0,
                lead_key_base: mix(key, s.key),
                next: None,
            })
            .collect();
        let channels = model.funnel.as_ref().map_or(0, |f| f.channels.len());
        let tally = Tally {
            counts: FunnelCounts {
                orders_by_channel: vec![0; channels],
                ..FunnelCounts::default()
            },
            first_response_bins: [0; FIRST_RESPONSE_BINS],
            satisfaction_bins: [0; SATISFACTION_BINS],
            handoff_bins: [0; HANDOFF_BINS],
            by_grade: vec![SegmentCounts::default(); model.grades.len()],
            by_source: vec![SegmentCounts::default(); model.sources.len()],
            ..Tally::default()
        };
        Engine {
            model,
            now: 0,
            seq: 0,
            end: model.horizon.saturating_add(model.drain),
            events: BinaryHeap::with_capacity(1024),
            next_arrival: None,
            horizon_passed: false,
            leads: Vec::with_capacity(1024),
            free: Vec::new(),
            duplicates: Vec::new(),
            free_duplicates: Vec::new(),
            units: model.units.iter().map(|_| UnitState::default()).collect(),
            sources,
            tally,
        }
    }

    #[inline]
    fn schedule(&mut self, at: u64, kind: Kind, slot: u32, unit: usize, task: Task, flag: bool) {
        let generation = if slot == NO_LEAD {
            0
        } else {
            self.leads[slot as usize].generation
        };
        self.push_event(at, kind, slot, generation, unit, task, flag);
    }

    /// Schedules an event with an explicit `generation` (events not tied to
    /// a lead may use it as a payload). Events after the end are dropped.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn push_event(
        &mut self,
        at: u64,
        kind: Kind,
        slot: u32,
        generation: u32,
        unit: usize,
        task: Task,
        flag: bool,
    ) {
        if at > self.end {
            return;
        }
        self.seq += 1;
        self.events.push(Event {
            at,
            seq: self.seq,
            slot,
            generation,
            unit: unit as u16,
            kind,
            task,
            flag,
        });
    }

    /// Takes the next sequence number for an event that will be scheduled
    /// later with [`Engine::push_reserved`], or not at all. Only the order
    /// of sequence numbers matters, so a number left unused changes nothing.
    fn reserve_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// Schedules a lead's first-contact timer with a sequence number
    /// reserved earlier. Events after the end are dropped.
    fn push_reserved(&mut self, at: u64, seq: u64, kind: Kind, slot: u32, unit: usize) {
        if at > self.end {
            return;
        }
        self.events.push(Event {
            at,
            seq,
            slot,
            generation: self.leads[slot as usize].generation,
            unit: unit as u16,
            kind,
            task: Task::Contact,
            flag: false,
        });
    }

    fn run(&mut self) {
        let model = self.model;
        for (index, unit) in model.units.iter().enumerate() {
            match &unit.hours {
                None => self.units[index].open = true,
                Some(hours) if hours.is_open(0) => {
                    self.units[index].open = true;
                    self.schedule(
                        hours.close_after(0),
                        Kind::Close,
                        NO_LEAD,
                        index,
                        Task::Contact,
                        false,
                    );
                }
                Some(hours) => {
                    self.schedule(
                        hours.next_open(0),
                        Kind::Open,
                        NO_LEAD,
                        index,
                        Task::Contact,
                        false,
                    );
                }
            }
            if let Some(committee) = &unit.committee {
                self.schedule(
                    committee.offset,
                    Kind::Meeting,
                    NO_LEAD,
                    index,
                    Task::Decision,
                    false,
                );
            }
        }
        for source in 0..model.sources.len() {
            self.schedule_next_arrival(source);
        }
        loop {
            if let Some(arrival) = self.next_arrival
                && self
                    .events
                    .peek()
                    .is_none_or(|top| (arrival.at, arrival.seq) < (top.at, top.seq))
            {
                self.now = arrival.at;
                self.arrival(arrival.source);
            } else if let Some(event) = self.events.pop() {
                // Arrivals all fall before the horizon, so the first event
                // after it comes from the heap.
                if event.at > self.model.horizon && !self.horizon_passed {
                    self.close_arrival_window();
                }
                self.now = event.at;
                self.dispatch(event);
            } else {
                break;
            }
        }
        if !self.horizon_passed {
            self.close_arrival_window();
        }
        self.now = self.end;
        for unit in 0..self.units.len() {
            self.integrate(unit);
        }
    }

    /// Takes the units' busy and open areas as they stand at the horizon
    /// (nothing has happened after it yet): the arrival window's share.
    fn close_arrival_window(&mut self) {
        self.horizon_passed = true;
        self.now = self.model.horizon;
        for unit in 0..self.units.len() {
            self.integrate(unit);
            let state = &mut self.units[unit];
            state.busy_area_arrivals = state.busy_area;
            state.open_area_arrivals = state.open_area;
        }
    }

    fn dispatch(&mut self, event: Event) {
        let unit = usize::from(event.unit);
        match event.kind {
            Kind::Open => {
                self.integrate(unit);
                self.units[unit].open = true;
                if let Some(hours) = &self.model.units[unit].hours {
                    self.schedule(
                        hours.close_after(self.now),
                        Kind::Close,
                        NO_LEAD,
                        unit,
                        Task::Contact,
                        false,
                    );
                }
                self.start_work(unit);
            }
            Kind::Close => {
                self.integrate(unit);
                self.units[unit].open = false;
                if let Some(hours) = &self.model.units[unit].hours {
                    self.schedule(
                        hours.next_open(self.now + 1),
                        Kind::Open,
                        NO_LEAD,
                        unit,
                        Task::Contact,
                        false,
                    );
                }
            }
            Kind::Meeting => self.meeting(unit),
            Kind::Release => self.release_batch(unit, event.generation),
            Kind::ServiceDone => {
                // Only server pools schedule `ServiceDone` (committees
                // release their decisions with `Release`).
                self.integrate(unit);
                self.units[unit].busy -= 1;
                self.start_work(unit);
                if event.slot != NO_LEAD && self.valid(&event) {
                    if event.flag {
                        self.attempt_failed(event.slot, unit);
                    } else {
                        self.task_done(event.slot, unit, event.task);
                    }
                }
            }
            _ if !self.valid(&event) => {}
            Kind::Abandon => self.abandon(event.slot),
            Kind::SlaCheck => self.sla_check(event.slot, unit, event.flag),
            Kind::Retry => {
                let lead = &mut self.leads[event.slot as usize];
                if lead.flags2 & RETRYING != 0 {
                    lead.flags2 &= !RETRYING;
                    self.enqueue(event.slot, unit, Task::Contact, false);
                }
            }
            Kind::Transfer => self.enqueue(event.slot, unit, event.task, event.flag),
            Kind::Incubated => {
                if let Some(nurture) = self.model.funnel.as_ref().and_then(|f| f.nurture.as_ref()) {
                    // The re-marketing contact's response time runs from the
                    // release from incubation. The firm calls, the customer
                    // does not wait for it, so it costs no satisfaction; a
                    // team other than the one that last spoke to the customer
                    // makes them repeat themselves without One-ID (not a
                    // hand-off: the customer was not passed on).
                    let lead = &mut self.leads[event.slot as usize];
                    lead.mark = self.now;
                    let other_team = usize::from(lead.unit) != nurture.unit;
                    let repeat = other_team && self.repeat_penalty(event.slot);
                    self.enqueue(event.slot, nurture.unit, Task::Nurture, repeat);
                }
            }
            Kind::AfterSalesRequest => {
                if let Some(after_sales) = self
                    .model
                    .funnel
                    .as_ref()
                    .and_then(|f| f.after_sales.as_ref())
                {
                    self.leads[event.slot as usize].mark = self.now;
                    self.enqueue(event.slot, after_sales.unit, Task::AfterSales, false);
                }
            }
            Kind::ReferralArrival => self.arrive(event.slot),
        }
    }

    #[inline]
    fn valid(&self, event: &Event) -> bool {
        self.leads
            .get(event.slot as usize)
            .is_some_and(|lead| lead.generation == event.generation)
    }

    // ----- time integrals -------------------------------------------------

    /// Adds the areas under busy servers, queue length and open servers since
    /// the last change, counting only the part inside the window.
    #[inline]
    fn integrate(&mut self, unit: usize) {
        let warmup = self.model.warmup;
        let servers = self.model.units[unit].servers;
        let state = &mut self.units[unit];
        let from = state.last_change.max(warmup);
        if self.now > from {
            let dt = self.now - from;
            state.busy_area += area(dt, state.busy);
            state.queue_area += area(dt, state.waiting);
            if state.open {
                state.open_area += area(dt, servers);
            }
        }
        state.last_change = self.now;
    }

    // ----- arrivals -------------------------------------------------------

    /// Draws source `index`'s next arrival (if it has one before the
    /// horizon) and updates the earliest pending arrival.
    fn schedule_next_arrival(&mut self, index: usize) {
        self.sources[index].next = self.next_arrival_of(index).map(|at| {
            // Arrivals fall before the horizon, so never after the end:
            // the sequence number is taken as `push_event` would take it.
            self.seq += 1;
            (at, self.seq)
        });
        self.next_arrival = self
            .sources
            .iter()
            .enumerate()
            .filter_map(|(source, state)| {
                state.next.map(|(at, seq)| NextArrival { at, seq, source })
            })
            .min_by_key(|arrival| (arrival.at, arrival.seq));
    }

    /// The time of source `index`'s next arrival, before the horizon.
    fn next_arrival_of(&mut self, index: usize) -> Option<u64> {
        let source = &self.model.sources[index];
        let rate_max = source.base_rate_per_minute * source.max_factor;
        if rate_max <= 0.0 {
            return None;
        }
        let state = &mut self.sources[index];
        // Thinning (Lewis & Shedler): candidates at the peak rate, each kept
        // with probability rate(t) / peak.
        loop {
            let arrivals = &mut state.arrivals;
            state.clock += standard_exponential(|| arrivals.next_u64()) / rate_max;
            let at = minutes_to_ticks(state.clock);
            if at >= self.model.horizon {
                return None;
            }
            if source.constant
                || open01(&mut state.arrivals) * source.max_factor < source.factor_at(at)
            {
                return Some(at);
            }
        }
    }

    fn arrival(&mut self, source: usize) {
        let ordinal = self.sources[source].ordinal;
        self.sources[source].ordinal += 1;
        let key = mix(self.sources[source].lead_key_base, ordinal);
        let slot = self.allocate(key, source);
        self.arrive(slot);
        self.schedule_next_arrival(source);
    }

    #[inline]
    fn allocate(&mut self, key: u64, source: usize) -> u32 {
        let lead = Lead {
            key,
            source: source as u16,
            flags: LIVE,
            flags2: NO_BAND,
            ..Lead::default()
        };
        match self.free.pop() {
            Some(slot) => {
                let generation = self.leads[slot as usize].generation;
                self.leads[slot as usize] = Lead { generation, ..lead };
                slot
            }
            None => {
                self.leads.push(lead);
                (self.leads.len() - 1) as u32
            }
        }
    }

    #[inline]
    fn release(&mut self, slot: u32) {
        let lead = &mut self.leads[slot as usize];
        lead.generation = lead.generation.wrapping_add(1);
        lead.flags = 0;
        self.free.push(slot);
    }

    fn lead_stream(&self, slot: u32, purpose: Purpose, step: u64) -> Stream {
        stream(self.leads[slot as usize].key, purpose, step)
    }

    /// The first uniform of the lead's `(purpose, step)` stream.
    fn draw(&self, slot: u32, purpose: Purpose, step: u64) -> f64 {
        first_open01(self.leads[slot as usize].key, purpose, step)
    }

    /// A lead enters the system: grade, patience, owning link, SLA,
    /// duplicate contact, and its first-contact task.
    fn arrive(&mut self, slot: u32) {
        let model = self.model;
        let source_index = usize::from(self.leads[slot as usize].source);
        let source = &model.sources[source_index];
        let grade = if model.grades.len() > 1 {
            let u = self.draw(slot, Purpose::Grade, 0);
            source
                .grade_cdf
                .iter()
                .position(|&c| u < c)
                .unwrap_or(model.grades.len() - 1)
        } else {
            0
        };
        let measured = self.now >= model.warmup;
        self.tally.counts.leads_including_warmup += 1;
        let in_flight = (self.leads.len() - self.free.len()) as u64;
        self.tally.counts.peak_in_flight = self.tally.counts.peak_in_flight.max(in_flight);
        {
            let lead = &mut self.leads[slot as usize];
            lead.arrival_or_response = self.now;
            lead.grade = grade as u8;
            if measured {
                lead.flags |= MEASURED;
            }
        }
        if measured {
            self.tally.counts.leads += 1;
            self.tally.lead_cost += source.cost_per_lead;
            self.tally.by_grade[grade].leads += 1;
            self.tally.by_source[source_index].leads += 1;
        }
        // The abandonment and SLA timers only matter while the lead waits
        // for its first contact, and most leads are contacted at once, in
        // the `enqueue` below. So their sequence numbers are reserved here,
        // where they were always scheduled, and the events (and the patience
        // draw, from the lead's own stream) are created after `enqueue` only
        // if the lead still waits: the queue then holds exactly the events
        // it would hold had they been scheduled here, minus two that would
        // do nothing when they fire (a contacted lead never waits for a
        // first contact again).
        let patience_seq = model.grades[grade]
            .patience
            .as_ref()
            .map(|_| self.reserve_seq());
        let link = model
            .rules
            .iter()
            .find(|rule| {
                (rule.grades.is_empty() || rule.grades.contains(&grade))
                    && (rule.sources.is_empty() || rule.sources.contains(&source_index))
            })
            .map(|rule| rule.link)
            .or(source.link);
        let entry = match (source.entry_unit, link) {
            (Some(unit), None) => unit,
            (_, Some(link)) => model.links[link].entry_unit,
            (None, None) => 0,
        };
        self.leads[slot as usize].flags |= WAITING_FIRST;
        let mut sla_check = None;
        if let Some(link_index) = link {
            let link = &model.links[link_index];
            if let Some(sla) = link.sla {
                sla_check = Some((self.reserve_seq(), sla, link_index));
            }
            if model.duplicate_contact_share > 0.0 && model.links.len() > 1 {
                self.duplicate_contact(slot, link_index);
            }
        }
        self.enqueue(slot, entry, Task::Contact, false);
        if self.leads[slot as usize].flags & WAITING_FIRST == 0 {
            return;
        }
        if let (Some(seq), Some(patience)) = (patience_seq, &model.grades[grade].patience) {
            let key = self.leads[slot as usize].key;
            let minutes = patience.sample_once(key, Purpose::Patience, 0);
            let at = self.now.saturating_add(minutes_to_ticks(minutes));
            self.push_reserved(at, seq, Kind::Abandon, slot, 0);
        }
        if let Some((seq, sla, link_index)) = sla_check {
            let at = self.now.saturating_add(sla);
            self.push_reserved(at, seq, Kind::SlaCheck, slot, link_index);
        }
    }

    /// Without coordination the other link also calls the customer: it
    /// costs that link capacity and the customer some satisfaction.
    fn duplicate_contact(&mut self, slot: u32, owner: usize) {
        let model = self.model;
        if self.draw(slot, Purpose::Duplicate, 0) >= model.duplicate_contact_share {
            return;
        }
        let other = (owner + 1) % model.links.len();
        let unit = model.links[other].entry_unit;
        let service = model.units[unit].service[Task::Contact.service_slot()]
            .as_ref()
            .map_or(0.0, |d| {
                d.sample_once(self.leads[slot as usize].key, Purpose::Duplicate, 1)
            });
        let measured = self.now >= model.warmup;
        // The record names its lead (slot and generation), so that the call,
        // when it happens, reaches that customer: as the first contact if
        // the owning link has not called yet, else as a duplicate call.
        let record = Lead {
            arrival_or_response: u64::from(slot),
            generation: self.leads[slot as usize].generation,
            mark: minutes_to_ticks(service),
            queued_at: self.now,
            flags: if measured { QUEUED_IN_WINDOW } else { 0 },
            queued_task: Task::Duplicate,
            ..Lead::default()
        };
        let index = match self.free_duplicates.pop() {
            Some(index) => {
                self.duplicates[index as usize] = record;
                index
            }
            None => {
                self.duplicates.push(record);
                (self.duplicates.len() - 1) as u32
            }
        };
        self.join_queue(unit, index | DUPLICATE_LINK, measured);
    }

    // ----- queues and servers ---------------------------------------------

    /// Puts a lead's task in a unit's queue (or a committee's pending pile).
    fn enqueue(&mut self, slot: u32, unit: usize, task: Task, repeat: bool) {
        let model = self.model;
        let measured = self.now >= model.warmup;
        let lead = &mut self.leads[slot as usize];
        lead.step = lead.step.wrapping_add(1);
        lead.unit = unit as u16;
        if model.units[unit].committee.is_some() {
            // A decision request waits at the committee from now until the
            // end of the meeting that decides it: that is its queue.
            let request = Request {
                queued_at: self.now,
                slot,
                generation: lead.generation,
                measured,
            };
            self.integrate(unit);
            let state = &mut self.units[unit];
            if measured {
                state.arrivals += 1;
            }
            state.waiting += 1;
            state.pending.push(request);
        } else {
            lead.queued_at = self.now;
            lead.queued_task = task;
            lead.flags |= IN_QUEUE;
            lead.flags &= !(QUEUED_IN_WINDOW | QUEUED_REPEAT);
            if measured {
                lead.flags |= QUEUED_IN_WINDOW;
            }
            if repeat {
                lead.flags |= QUEUED_REPEAT;
            }
            self.join_queue(unit, slot, measured);
        }
    }

    /// A lead or duplicate-contact record (`id`, a queue link) joins the
    /// queue of a server pool, or starts at once if a server is free and
    /// nobody waits.
    #[inline]
    fn join_queue(&mut self, unit: usize, id: u32, measured: bool) {
        self.integrate(unit);
        let servers = self.model.units[unit].servers;
        let state = &mut self.units[unit];
        if measured {
            state.arrivals += 1;
        }
        if state.open && state.busy < servers && state.queue.head == NO_LINK {
            self.start_service(unit, id);
        } else {
            state.waiting += 1;
            self.push_back(unit, id);
            self.start_work(unit);
        }
    }

    /// Starts queued work while the unit is open and has a free server.
    /// The unit's time integrals must be current (every caller has just
    /// integrated up to now).
    fn start_work(&mut self, unit: usize) {
        let servers = self.model.units[unit].servers;
        while self.units[unit].open && self.units[unit].busy < servers {
            let Some(id) = self.pop_front(unit) else {
                break;
            };
            self.units[unit].waiting -= 1;
            self.start_service(unit, id);
        }
    }

    /// Starts the work of record `id` (out of any queue) at a free server
    /// of the open `unit`, whose time integrals are current.
    #[inline]
    fn start_service(&mut self, unit: usize, id: u32) {
        let duplicate = (id & DUPLICATE_LINK != 0).then(|| {
            let index = id & !DUPLICATE_LINK;
            self.free_duplicates.push(index);
            self.duplicates[index as usize]
        });
        let (task, queued_at, measured) = match &duplicate {
            Some(record) => (
                Task::Duplicate,
                record.queued_at,
                record.flags & QUEUED_IN_WINDOW != 0,
            ),
            None => {
                let lead = &self.leads[id as usize];
                (
                    lead.queued_task,
                    lead.queued_at,
                    lead.flags & QUEUED_IN_WINDOW != 0,
                )
            }
        };
        {
            let state = &mut self.units[unit];
            state.busy += 1;
            if measured {
                let wait = u128::from(self.now - queued_at);
                state.served += 1;
                state.wait_served += wait;
                state.wait_all += wait;
            }
        }
        let (slot, service, failed) = match duplicate {
            Some(record) => {
                self.duplicate_call(&record, measured);
                (NO_LEAD, record.mark, false)
            }
            None => match self.service_started(id) {
                Some(attempt) => (id, attempt, true),
                None => (id, self.service_ticks(id, unit, task), false),
            },
        };
        self.schedule(
            self.now.saturating_add(service),
            Kind::ServiceDone,
            slot,
            unit,
            task,
            failed,
        );
    }

    /// The other link's call (a duplicate-contact record) reaches its
    /// customer: as the first contact if the owning link has not reached
    /// them yet (the owning link's own call, still queued, is then the
    /// duplicate), otherwise as a duplicate call. A call to a customer
    /// whose journey has ended costs the link its time and nothing else.
    fn duplicate_call(&mut self, record: &Lead, measured: bool) {
        if measured {
            self.tally.counts.duplicate_contacts += 1;
        }
        let slot = record.arrival_or_response as u32;
        let Some(lead) = self.leads.get_mut(slot as usize) else {
            return;
        };
        if lead.generation != record.generation || lead.flags & LIVE == 0 {
            return;
        }
        if lead.flags & WAITING_FIRST != 0 {
            lead.flags2 |= OWN_CONTACT_DUPLICATE;
            self.first_contact(slot);
        } else {
            lead.penalty += self.model.customer.duplicate_weight as f32;
        }
    }

    /// The lead's service requirement for `task` at `unit` in ticks: a draw
    /// from its own `(Service, step)` stream (the step it was queued with,
    /// so the draw does not depend on when service starts), plus the
    /// repeat-yourself time when it was queued with that penalty.
    #[inline]
    fn service_ticks(&self, slot: u32, unit: usize, task: Task) -> u64 {
        let lead = &self.leads[slot as usize];
        let mut minutes = self.model.units[unit].service[task.service_slot()]
            .as_ref()
            .map_or(0.0, |d| {
                d.sample_once(lead.key, Purpose::Service, u64::from(lead.step))
            });
        if lead.flags & QUEUED_REPEAT != 0 {
            minutes += self.model.repeat_extra_minutes;
        }
        minutes_to_ticks(minutes)
    }

    // ----- queue lists ------------------------------------------------------

    /// The record a queue link points to: a lead, or a duplicate contact.
    /// Lead slots stay below 2^31 (leads in flight are bounded far below
    /// that by validation), so the top bit is free to mark duplicates.
    #[inline]
    fn record_mut(&mut self, id: u32) -> &mut Lead {
        if id & DUPLICATE_LINK != 0 {
            &mut self.duplicates[(id & !DUPLICATE_LINK) as usize]
        } else {
            &mut self.leads[id as usize]
        }
    }

    #[inline]
    fn push_back(&mut self, unit: usize, id: u32) {
        let tail = self.units[unit].queue.tail;
        let record = self.record_mut(id);
        record.prev = tail;
        record.next = NO_LINK;
        if tail == NO_LINK {
            self.units[unit].queue.head = id;
        } else {
            self.record_mut(tail).next = id;
        }
        self.units[unit].queue.tail = id;
    }

    #[inline]
    fn pop_front(&mut self, unit: usize) -> Option<u32> {
        let head = self.units[unit].queue.head;
        if head == NO_LINK {
            return None;
        }
        self.unlink(unit, head);
        Some(head)
    }

    /// Takes record `id` out of `unit`'s queue, wherever it stands.
    #[inline]
    fn unlink(&mut self, unit: usize, id: u32) {
        let (prev, next) = {
            let record = self.record_mut(id);
            (record.prev, record.next)
        };
        if prev == NO_LINK {
            self.units[unit].queue.head = next;
        } else {
            self.record_mut(prev).next = next;
        }
        if next == NO_LINK {
            self.units[unit].queue.tail = prev;
        } else {
            self.record_mut(next).prev = prev;
        }
    }

    /// A lead's service starts: the wait it ends scores (after-
    /// sales, follow-ups), a re-marketing contact sets the response time,
    /// and a lead waiting for its first contact is called. Returns the
    /// duration of that call when it is an attempt that does not reach the
    /// customer.
    #[inline]
    fn service_started(&mut self, slot: u32) -> Option<u64> {
        let model = self.model;
        let customer = &model.customer;
        let lead = &mut self.leads[slot as usize];
        lead.flags &= !IN_QUEUE;
        match lead.queued_task {
            Task::AfterSales => {
                if let Some(after_sales) =
                    model.funnel.as_ref().and_then(|f| f.after_sales.as_ref())
                {
                    // The owner's wait for a response: from the request to
                    // the start of service, like the wait for a first contact.
                    let minutes = ticks_to_minutes(self.now - lead.mark);
                    lead.penalty += customer
                        .wait_penalty(minutes, after_sales.expected_response_minutes)
                        as f32;
                }
            }
            Task::Nurture => {
                // The response time qualification sees on this cycle.
                lead.arrival_or_response = self.now - lead.mark;
                lead.flags |= CONTACTED;
            }
            _ => {}
        }
        if lead.flags2 & FOLLOWUP != 0 {
            lead.flags2 &= !FOLLOWUP;
            let minutes = ticks_to_minutes(self.now - lead.mark);
            lead.penalty +=
                customer.wait_penalty(minutes, customer.expected_followup_minutes) as f32;
        }
        if lead.flags & WAITING_FIRST != 0 {
            if let Some(reach) = &model.sources[usize::from(lead.source)].reach {
                let attempts = ((lead.flags2 >> ATTEMPT_SHIFT) + 1).min(7);
                lead.flags2 = (lead.flags2 & !(7 << ATTEMPT_SHIFT)) | (attempts << ATTEMPT_SHIFT);
                if self.draw(slot, Purpose::Reach, u64::from(attempts)) >= reach.probability {
                    if self.measured(slot) {
                        self.tally.counts.call_attempts_failed += 1;
                    }
                    return Some(reach.attempt);
                }
            }
            self.first_contact(slot);
        } else if lead.flags2 & OWN_CONTACT_DUPLICATE != 0 && lead.queued_task == Task::Contact {
            // The other link reached the customer first: this is the second call.
            lead.flags2 &= !OWN_CONTACT_DUPLICATE;
            lead.penalty += customer.duplicate_weight as f32;
        }
        None
    }

    /// The customer is reached for the first time: the first response is
    /// recorded, and its wait scores against the grade's expectation (kept
    /// apart from what `c(S)` sees, see [`Lead::first_contact`]).
    fn first_contact(&mut self, slot: u32) {
        self.score_wait_so_far(slot);
        let lead = &mut self.leads[slot as usize];
        lead.flags &= !WAITING_FIRST;
        lead.flags |= CONTACTED;
        let waited = self.now - lead.arrival_or_response;
        lead.arrival_or_response = waited;
        let minutes = ticks_to_minutes(waited);
        let band = if minutes <= 60.0 {
            0
        } else if minutes <= 1440.0 {
            1
        } else {
            2
        };
        lead.flags2 = (lead.flags2 & !BAND_MASK) | band;
        if lead.flags & MEASURED != 0 {
            let tally = &mut self.tally;
            tally.counts.contacted += 1;
            tally.counts.contacted_within_15_minutes += u64::from(minutes <= 15.0);
            tally.counts.contacted_within_60_minutes += u64::from(band == 0);
            tally.counts.contacted_within_24_hours += u64::from(band <= 1);
            tally.first_response_sum += minutes;
            tally.first_response.record(minutes);
            for segment in [
                &mut tally.by_grade[usize::from(lead.grade)],
                &mut tally.by_source[usize::from(lead.source)],
            ] {
                segment.contacted += 1;
                segment.first_response_minutes_sum += minutes;
            }
            let bin = FIRST_RESPONSE_BIN_EDGES
                .iter()
                .position(|&edge| minutes < edge)
                .unwrap_or(FIRST_RESPONSE_BINS - 1);
            tally.first_response_bins[bin] += 1;
        }
    }

    /// A call attempt ended without reaching the customer: call again after
    /// the retry interval, or, after the last attempt (or once the
    /// customer's patience ran out during this one), the lead is lost
    /// unreached.
    fn attempt_failed(&mut self, slot: u32, unit: usize) {
        let model = self.model;
        let lead = self.leads[slot as usize];
        let Some(reach) = &model.sources[usize::from(lead.source)].reach else {
            return;
        };
        if lead.flags & WAITING_FIRST == 0 {
            // The other link reached the customer during this attempt: the
            // journey goes on as after a contact, without a second call.
            self.leads[slot as usize].flags2 &= !OWN_CONTACT_DUPLICATE;
            self.task_done(slot, unit, Task::Contact);
            return;
        }
        if let Some(patience) = &model.grades[usize::from(lead.grade)].patience {
            // The abandonment timer fired during the attempt (a customer
            // being called does not abandon); honour it now.
            let minutes = patience.sample_once(lead.key, Purpose::Patience, 0);
            let deadline = lead
                .arrival_or_response
                .saturating_add(minutes_to_ticks(minutes));
            if deadline <= self.now {
                self.unreached(slot, true);
                return;
            }
        }
        if lead.flags2 >> ATTEMPT_SHIFT >= reach.max_attempts {
            self.unreached(slot, false);
            return;
        }
        self.leads[slot as usize].flags2 |= RETRYING;
        self.schedule(
            self.now.saturating_add(reach.retry),
            Kind::Retry,
            slot,
            unit,
            Task::Contact,
            false,
        );
    }

    /// Takes a waiting lead out of its queue.
    ///
    /// Only leads waiting for their first contact leave a queue unserved
    /// (abandonment, SLA re-route). The departure is counted exactly when
    /// the joining was (the lead joined inside the window), whatever the
    /// lead's own arrival time: a warm-up lead re-routed inside the window
    /// counts as an arrival at its new unit, so it must count when it leaves
    /// it.
    fn leave_queue(&mut self, slot: u32) -> usize {
        let unit = usize::from(self.leads[slot as usize].unit);
        self.integrate(unit);
        self.unlink(unit, slot);
        let lead = &mut self.leads[slot as usize];
        let measured = lead.flags & QUEUED_IN_WINDOW != 0;
        lead.flags &= !(IN_QUEUE | QUEUED_IN_WINDOW);
        let wait = self.now - lead.queued_at;
        let state = &mut self.units[unit];
        state.waiting -= 1;
        if measured {
            state.left_unserved += 1;
            state.wait_all += u128::from(wait);
        }
        unit
    }

    fn abandon(&mut self, slot: u32) {
        let lead = self.leads[slot as usize];
        if lead.flags & WAITING_FIRST == 0 {
            return;
        }
        if lead.flags & IN_QUEUE != 0 {
            self.leave_queue(slot);
        } else if lead.flags2 & RETRYING != 0 {
            self.leads[slot as usize].flags2 &= !RETRYING;
        } else {
            // Being called right now: the attempt's end decides.
            return;
        }
        self.unreached(slot, true);
    }

    /// Scores the wait of a lead still waiting for its first contact (the
    /// field holds its arrival), as its first-contact term.
    fn score_wait_so_far(&mut self, slot: u32) {
        let model = self.model;
        let lead = &mut self.leads[slot as usize];
        let minutes = ticks_to_minutes(self.now - lead.arrival_or_response);
        let grade = &model.grades[usize::from(lead.grade)];
        lead.first_contact = millipoints(
            model
                .customer
                .wait_penalty(minutes, grade.expected_response_minutes),
        );
    }

    /// The lead leaves without ever being reached: it abandoned, or the
    /// last call attempt failed. Its wait scores like a first contact's
    /// (its recorded satisfaction is then capped at the unserved score,
    /// [`Engine::record_end`]).
    fn unreached(&mut self, slot: u32, abandoned: bool) {
        self.score_wait_so_far(slot);
        let lead = &mut self.leads[slot as usize];
        lead.flags &= !WAITING_FIRST;
        let lead = *lead;
        if lead.flags & MEASURED != 0 {
            if abandoned {
                self.tally.counts.abandonments += 1;
                self.tally.by_grade[usize::from(lead.grade)].abandoned += 1;
                self.tally.by_source[usize::from(lead.source)].abandoned += 1;
            } else {
                self.tally.counts.not_reached += 1;
            }
        }
        self.lost(slot, Loss::Abandoned);
    }

    /// The owning link's SLA expired (`recheck`: a re-route that waited for
    /// the breach unit to open, the breach already counted).
    fn sla_check(&mut self, slot: u32, link: usize, recheck: bool) {
        let lead = self.leads[slot as usize];
        let flags = lead.flags;
        if flags & WAITING_FIRST == 0 {
            return;
        }
        if flags & MEASURED != 0 && !recheck {
            self.tally.counts.sla_breaches += 1;
        }
        let Some(breach_unit) = self.model.links[link].breach_unit else {
            return;
        };
        if flags & IN_QUEUE == 0 || usize::from(lead.unit) == breach_unit {
            return;
        }
        if !self.units[breach_unit].open {
            // Moving a lead to a unit that is closed would only make it
            // wait there: re-route when the breach unit opens, if the lead
            // still waits then.
            if let Some(hours) = &self.model.units[breach_unit].hours {
                let at = hours.next_open(self.now);
                self.schedule(at, Kind::SlaCheck, slot, link, Task::Contact, true);
            }
            return;
        }
        // Re-routing keeps the lead waiting for its first contact (its first
        // response still runs from its arrival); the wait in the new unit's
        // queue runs from the re-route (`queued_at`). Nobody has spoken to
        // the customer yet, so there is no transfer delay or repeated
        // question, only the hand-off.
        self.leave_queue(slot);
        if flags & MEASURED != 0 {
            self.tally.counts.reroutes += 1;
        }
        self.count_handoff(slot, false);
        self.enqueue(slot, breach_unit, Task::Contact, false);
    }

    /// A committee meeting starts: it takes up every pending request and
    /// decides them all when it ends ([`Kind::Release`]). The requests stay
    /// in the committee's queue until then.
    fn meeting(&mut self, unit: usize) {
        let Some(committee) = &self.model.units[unit].committee else {
            return;
        };
        let release = self.now.saturating_add(committee.duration);
        let period = committee.period;
        if (self.model.warmup..self.model.horizon).contains(&self.now) {
            self.units[unit].meeting_ticks += committee.duration;
        }
        let mut pending = std::mem::take(&mut self.units[unit].pending);
        let mut batch = 0u32;
        for request in pending.drain(..) {
            if self.leads[request.slot as usize].generation == request.generation {
                self.units[unit].deciding.push_back(request);
                batch += 1;
            } else {
                // The lead is gone (cannot happen while it awaits a
                // decision, but the books stay balanced if it does).
                self.drop_request(unit, &request);
            }
        }
        // Hand the (now empty) allocation back to avoid reallocating.
        self.units[unit].pending = pending;
        if batch > 0 {
            self.push_event(
                release,
                Kind::Release,
                NO_LEAD,
                batch,
                unit,
                Task::Decision,
                false,
            );
        }
        self.schedule(
            self.now.saturating_add(period),
            Kind::Meeting,
            NO_LEAD,
            unit,
            Task::Decision,
            false,
        );
    }

    /// A committee meeting ends: the `batch` requests it took up leave the
    /// queue decided (served), in the order they were requested.
    fn release_batch(&mut self, unit: usize, batch: u32) {
        self.integrate(unit);
        for _ in 0..batch {
            let Some(request) = self.units[unit].deciding.pop_front() else {
                return;
            };
            if self.leads[request.slot as usize].generation != request.generation {
                self.drop_request(unit, &request);
                continue;
            }
            let state = &mut self.units[unit];
            state.waiting -= 1;
            if request.measured {
                let wait = u128::from(self.now - request.queued_at);
                state.served += 1;
                state.wait_served += wait;
                state.wait_all += wait;
            }
            self.task_done(request.slot, unit, Task::Decision);
        }
    }

    /// A committee request whose lead no longer exists leaves unserved.
    fn drop_request(&mut self, unit: usize, request: &Request) {
        self.integrate(unit);
        let state = &mut self.units[unit];
        state.waiting -= 1;
        if request.measured {
            state.left_unserved += 1;
            state.wait_all += u128::from(self.now - request.queued_at);
        }
    }

    // ----- the lead's journey ---------------------------------------------

    fn measured(&self, slot: u32) -> bool {
        self.leads[slot as usize].flags & MEASURED != 0
    }

    /// The satisfaction the conversion multiplier `c(S)` sees: everything
    /// but the first contact's wait, whose effect on conversion is `m(t)`.
    #[inline]
    fn satisfaction(&self, slot: u32) -> f64 {
        let customer = &self.model.customer;
        (customer.base - f64::from(self.leads[slot as usize].penalty)).clamp(0.0, 10.0)
    }

    /// Whether a hand-off makes the customer repeat themselves.
    fn repeat_penalty(&mut self, slot: u32) -> bool {
        if self.model.one_id {
            return false;
        }
        let lead = &mut self.leads[slot as usize];
        lead.penalty += self.model.customer.repeat_weight as f32;
        if lead.flags & MEASURED != 0 {
            self.tally.counts.repeated_questions += 1;
        }
        true
    }

    fn count_handoff(&mut self, slot: u32, with_repeat: bool) -> bool {
        let lead = &mut self.leads[slot as usize];
        lead.handoffs = lead.handoffs.saturating_add(1);
        lead.penalty += self.model.customer.handoff_weight as f32;
        if lead.flags & MEASURED != 0 {
            self.tally.counts.handoffs += 1;
        }
        with_repeat && self.repeat_penalty(slot)
    }

    /// Passes the customer to another unit (a routed contact or a channel's
    /// consultation): counts the hand-off, applies the repeat-yourself
    /// penalty without One-ID, and waits the transfer delay; the wait until
    /// the receiving unit starts is a follow-up wait.
    fn hand_off(&mut self, slot: u32, unit: usize, task: Task) {
        let repeat = self.count_handoff(slot, true);
        self.start_followup(slot);
        self.transfer(slot, unit, task, repeat);
    }

    /// From now until its service starts, the lead's next task is a
    /// follow-up wait that scores against the follow-up expectation.
    fn start_followup(&mut self, slot: u32) {
        let lead = &mut self.leads[slot as usize];
        lead.mark = self.now;
        lead.flags2 |= FOLLOWUP;
    }

    /// Sends the lead's next task to `unit` after the transfer delay.
    fn transfer(&mut self, slot: u32, unit: usize, task: Task, repeat: bool) {
        let delay = match &self.model.transfer_delay {
            Some(dist) => {
                let lead = &self.leads[slot as usize];
                minutes_to_ticks(dist.sample_once(
                    lead.key,
                    Purpose::Transfer,
                    u64::from(lead.step),
                ))
            }
            None => 0,
        };
        if delay == 0 {
            self.enqueue(slot, unit, task, repeat);
        } else {
            self.leads[slot as usize].unit = unit as u16;
            self.schedule(
                self.now.saturating_add(delay),
                Kind::Transfer,
                slot,
                unit,
                task,
                repeat,
            );
        }
    }

    fn task_done(&mut self, slot: u32, unit: usize, task: Task) {
        match task {
            Task::Contact => {
                let routes = &self.model.units[unit].routes;
                if !routes.is_empty() {
                    let step = u64::from(self.leads[slot as usize].step);
                    let u = self.draw(slot, Purpose::Route, step);
                    if let Some(&(next, _)) = routes.iter().find(|(_, cumulative)| u < *cumulative)
                    {
                        self.hand_off(slot, next, Task::Contact);
                        return;
                    }
                }
                if self.model.funnel.is_some() {
                    self.qualify(slot);
                } else {
                    self.terminal_completed(slot);
                }
            }
            Task::Nurture => self.qualify(slot),
            Task::Consult => self.consulted(slot),
            Task::Decision => {
                let level = self.leads[slot as usize].level;
                if self.model.units[unit].authority >= level {
                    self.decided(slot);
                } else {
                    self.escalate(slot, unit);
                }
            }
            Task::AfterSales => self.owner_done(slot),
            Task::Duplicate => {}
        }
    }

    #[inline]
    fn terminal_completed(&mut self, slot: u32) {
        if self.measured(slot) {
            self.tally.counts.completed += 1;
        }
        self.record_end(slot, true);
        self.release(slot);
    }

    /// Qualification: `p = q_grade · m(first response) · c(S) [· r on a re-marketing cycle]`.
    fn qualify(&mut self, slot: u32) {
        let model = self.model;
        let Some(funnel) = &model.funnel else { return };
        let lead = self.leads[slot as usize];
        // Every lead is contacted before it is qualified (on a re-marketing
        // cycle the field holds that contact's response time, from the
        // release from incubation); 0 keeps the core total if that changed.
        let first_response = if lead.flags & CONTACTED != 0 {
            ticks_to_minutes(lead.arrival_or_response)
        } else {
            0.0
        };
        // The unit that just served the lead is the one that qualifies it.
        let mut p = model.grades[usize::from(lead.grade)].qualify
            * model.units[usize::from(lead.unit)].qualify_skill
            * funnel.response_multiplier(first_response)
            * model
                .customer
                .conversion_multiplier(self.satisfaction(slot));
        if lead.cycles > 0 {
            p *= funnel
                .nurture
                .as_ref()
                .map_or(1.0, |n| n.requalify_multiplier);
        }
        let cycle = u64::from(lead.cycles);
        if self.draw(slot, Purpose::Qualify, cycle) >= p {
            self.lost(slot, Loss::Unqualified);
            return;
        }
        if lead.flags & MEASURED != 0 {
            self.tally.counts.prospects += 1;
        }
        let u = self.draw(slot, Purpose::Channel, cycle);
        let channel_index = funnel
            .channels
            .iter()
            .position(|c| u < c.cumulative_share)
            .unwrap_or(funnel.channels.len() - 1);
        let channel = &funnel.channels[channel_index];
        let lead = &mut self.leads[slot as usize];
        lead.channel = channel_index as u8;
        lead.penalty +=
            (model.customer.inconsistency_weight * (1.0 - channel.price_consistency)) as f32;
        if usize::from(lead.unit) == channel.unit {
            self.start_followup(slot);
            self.enqueue(slot, channel.unit, Task::Consult, false);
        } else {
            self.hand_off(slot, channel.unit, Task::Consult);
        }
    }

    fn consulted(&mut self, slot: u32) {
        let model = self.model;
        let Some(funnel) = &model.funnel else { return };
        let lead = self.leads[slot as usize];
        let channel = &funnel.channels[usize::from(lead.channel)];
        let cycle = u64::from(lead.cycles);
        let mut decision = self.lead_stream(slot, Purpose::Decision, cycle);
        if open01(&mut decision) >= channel.decision_share || funnel.decision_level_cdf.is_empty() {
            self.close(slot);
            return;
        }
        let u = open01(&mut decision);
        let level = funnel
            .decision_level_cdf
            .iter()
            .position(|&c| u < c)
            .unwrap_or(funnel.decision_level_cdf.len() - 1)
            + 1;
        let lead = &mut self.leads[slot as usize];
        lead.level = level as u8;
        lead.mark = self.now;
        if lead.flags & MEASURED != 0 {
            self.tally.counts.decisions += 1;
        }
        if model.units[channel.unit].authority >= level as u8 {
            self.decided(slot);
        } else {
            self.escalate(slot, channel.unit);
        }
    }

    /// Hands a decision request up the chain: internal work that takes the
    /// transfer delay but does not pass the customer on (no hand-off, no
    /// repeated question); its wait is the decision lead time.
    fn escalate(&mut self, slot: u32, unit: usize) {
        match self.model.units[unit].escalate_to {
            Some(next) => self.transfer(slot, next, Task::Decision, false),
            // Validation guarantees a chain that reaches enough authority;
            // deciding here keeps the core total anyway.
            None => self.decided(slot),
        }
    }

    fn decided(&mut self, slot: u32) {
        let model = self.model;
        if let Some(funnel) = &model.funnel {
            let lead = &mut self.leads[slot as usize];
            let minutes = ticks_to_minutes(self.now - lead.mark);
            lead.penalty += model
                .customer
                .wait_penalty(minutes, funnel.decision_expected_minutes)
                as f32;
            if lead.flags & MEASURED != 0 {
                self.tally.decision_sum += minutes;
                self.tally.decided += 1;
                self.tally.decision.record(minutes);
            }
        }
        self.close(slot);
    }

    /// Closing: `p = close_rate(channel) · c(S)`.
    fn close(&mut self, slot: u32) {
        let model = self.model;
        let Some(funnel) = &model.funnel else { return };
        let lead = self.leads[slot as usize];
        let channel = &funnel.channels[usize::from(lead.channel)];
        // The channel's unit consults the customer, so its skill closes.
        let p = channel.close_rate
            * model.units[channel.unit].close_skill
            * model
                .customer
                .conversion_multiplier(self.satisfaction(slot));
        if self.draw(slot, Purpose::Close, u64::from(lead.cycles)) >= p {
            self.lost(slot, Loss::Defeated);
            return;
        }
        let measured = lead.flags & MEASURED != 0;
        if measured {
            let counts = &mut self.tally.counts;
            counts.ordered += 1;
            counts.orders_by_channel[usize::from(lead.channel)] += 1;
            self.tally.by_grade[usize::from(lead.grade)].ordered += 1;
            self.tally.by_source[usize::from(lead.source)].ordered += 1;
            let counts = &mut self.tally.counts;
            match lead.flags2 & BAND_MASK {
                0 => counts.orders_first_contact_within_hour += 1,
                1 => counts.orders_first_contact_hours_1_to_24 += 1,
                2 => counts.orders_first_contact_after_24_hours += 1,
                _ => {}
            }
            if lead.cycles > 0 {
                counts.remarketing_orders += 1;
            }
            self.tally.order_cost += channel.cost_per_order;
        }
        self.leads[slot as usize].flags |= TERMINAL;
        if let Some(after_sales) = &funnel.after_sales {
            let mut rng = self.lead_stream(slot, Purpose::AfterSales, 0);
            if open01(&mut rng) < after_sales.request_probability {
                let delay = minutes_to_ticks(after_sales.delay.sample(&mut rng));
                let at = self.now.saturating_add(delay);
                // A request that would come after the end is never raised
                // (the owner's journey ends now), so it is not counted.
                if at <= self.end {
                    if measured {
                        self.tally.counts.after_sales_requests += 1;
                    }
                    self.schedule(
                        at,
                        Kind::AfterSalesRequest,
                        slot,
                        0,
                        Task::AfterSales,
                        false,
                    );
                    return;
                }
            }
        }
        self.owner_done(slot);
    }

    /// The owner's journey ends: satisfaction is recorded and a satisfied
    /// owner may refer a new lead, `p = p_max · clamp((S − 6)/4, 0, 1)`.
    fn owner_done(&mut self, slot: u32) {
        let model = self.model;
        let satisfaction = self.record_end(slot, true);
        if let Some(referral) = model.funnel.as_ref().and_then(|f| f.referral.as_ref()) {
            let p = referral.max_probability * ((satisfaction - 6.0) / 4.0).clamp(0.0, 1.0);
            let mut rng = self.lead_stream(slot, Purpose::Referral, 0);
            if open01(&mut rng) < p {
                let at = self
                    .now
                    .saturating_add(minutes_to_ticks(referral.delay.sample(&mut rng)));
                if at < model.horizon {
                    let key = mix(self.leads[slot as usize].key, Purpose::Referral as u64);
                    // The referred lead holds a slot from now on; it is not
                    // measured (and not counted) until it arrives.
                    let child = self.allocate(key, referral.source);
                    if at >= model.warmup {
                        self.tally.counts.referral_leads += 1;
                    }
                    self.schedule(at, Kind::ReferralArrival, child, 0, Task::Contact, false);
                }
            }
        }
        self.release(slot);
    }

    /// A lost lead may enter the incubation pool for a re-marketing contact.
    fn lost(&mut self, slot: u32, loss: Loss) {
        let model = self.model;
        if let Some(nurture) = model.funnel.as_ref().and_then(|f| f.nurture.as_ref()) {
            let lead = self.leads[slot as usize];
            let share = match loss {
                Loss::Unqualified => nurture.share_unqualified,
                Loss::Defeated => nurture.share_defeated,
                Loss::Abandoned => nurture.share_abandoned,
            };
            if lead.cycles < nurture.max_cycles {
                let mut rng = self.lead_stream(slot, Purpose::Nurture, u64::from(lead.cycles));
                if open01(&mut rng) < share {
                    let at = self
                        .now
                        .saturating_add(minutes_to_ticks(nurture.delay.sample(&mut rng)));
                    self.leads[slot as usize].cycles += 1;
                    if lead.flags & MEASURED != 0 {
                        self.tally.counts.incubated += 1;
                    }
                    if at <= self.end {
                        self.schedule(at, Kind::Incubated, slot, 0, Task::Nurture, false);
                    }
                    // Beyond the end the lead stays in the pool: unfinished.
                    return;
                }
            }
        }
        if self.measured(slot) {
            let counts = &mut self.tally.counts;
            match loss {
                Loss::Unqualified => counts.lost_unqualified += 1,
                Loss::Defeated => counts.lost_defeated += 1,
                Loss::Abandoned => counts.lost_abandoned += 1,
            }
        }
        self.leads[slot as usize].flags |= TERMINAL;
        self.record_end(slot, false);
        self.release(slot);
    }

    /// Records the satisfaction and hand-offs of a journey that ended.
    fn record_end(&mut self, slot: u32, resolved: bool) -> f64 {
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

    // ----- results ----------------------------------------------------------

    fn finish(mut self, replication: u32) -> ReplicationResult {
        let model = self.model;
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
        let total_cost =
            staff_cost + tally.lead_cost + tally.order_cost + model.fixed_cost_in_window();
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
        };
        ReplicationResult {
            replication,
            kpis,
            units,
            funnel: tally.counts,
            first_response_histogram: tally.first_response_bins.to_vec(),
            satisfaction_histogram: tally.satisfaction_bins.to_vec(),
            handoffs_histogram: tally.handoff_bins.to_vec(),
            by_grade: tally.by_grade,
            by_source: tally.by_source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids in `unit`'s queue from head to tail, checking the back links.
    fn queue_order(engine: &mut Engine, unit: usize) -> Vec<u32> {
        let mut order = Vec::new();
        let mut previous = NO_LINK;
        let mut id = engine.units[unit].queue.head;
        while id != NO_LINK {
            assert_eq!(engine.record_mut(id).prev, previous, "back link of {id}");
            order.push(id);
            previous = id;
            id = engine.record_mut(id).next;
        }
        assert_eq!(engine.units[unit].queue.tail, previous);
        order
    }

    #[test]
    fn queue_lists_keep_their_order_when_records_leave_from_anywhere() {
        let json = include_str!("../../examples/validation/mm1.json");
        let model = crate::scenario::load(json).expect("valid example");
        let mut engine = Engine::new(&model, 1, 0);
        let leads: Vec<u32> = (0..4).map(|key| engine.allocate(key, 0)).collect();
        engine.duplicates.push(Lead::default());
        let duplicate = DUPLICATE_LINK;
        for &id in [leads[0], duplicate, leads[1], leads[2], leads[3]].iter() {
            engine.push_back(0, id);
        }
        assert_eq!(
            queue_order(&mut engine, 0),
            [leads[0], duplicate, leads[1], leads[2], leads[3]]
        );
        engine.unlink(0, leads[1]); // middle
        engine.unlink(0, leads[3]); // tail
        assert_eq!(queue_order(&mut engine, 0), [leads[0], duplicate, leads[2]]);
        assert_eq!(engine.pop_front(0), Some(leads[0]));
        engine.unlink(0, leads[2]);
        assert_eq!(queue_order(&mut engine, 0), [duplicate]);
        engine.push_back(0, leads[1]);
        assert_eq!(engine.pop_front(0), Some(duplicate));
        assert_eq!(engine.pop_front(0), Some(leads[1]));
        assert_eq!(engine.pop_front(0), None);
        assert!(queue_order(&mut engine, 0).is_empty());
    }

    #[test]
    fn records_stay_compact() {
        // The brief's budget: at most 64 bytes per lead in flight. A lead
        // waiting in a queue is linked through its own record, so the
        // record is all it takes.
        assert_eq!(std::mem::size_of::<Lead>(), 64);
        assert!(std::mem::size_of::<Request>() <= 24);
        assert!(std::mem::size_of::<Event>() <= 32);
    }
}
