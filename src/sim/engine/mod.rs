//! The discrete-event engine: one replication of a [`Model`].
//!
//! Events live in a binary min-heap (`EventQueue`) ordered by `(time,
//! sequence)`; the sequence number is a counter, so simultaneous events run
//! in the order they were scheduled and never depend on hashing or floating
//! point. Leads live in a
//! slab (`Vec<Lead>` plus a free list) of 64-byte records.
//!
//! A unit's queue is a doubly linked list threaded through the waiting
//! leads' own records (`prev` / `next`), so a waiting lead takes no memory
//! beyond its record, and leaving a queue early (abandonment, SLA re-route)
//! unlinks it at once. A lead's service requirement is drawn when its
//! service starts, from the same `(lead, step)` stream it was always drawn
//! from, so the queue does not store it. Duplicate contacts, which have no
//! lead of their own, wait as records of a second slab (`duplicates`),
//! linked into the same lists: a link with `DUPLICATE_LINK` set points
//! there. Committee requests wait in per-committee lists of 24-byte
//! `Request`s.
//!
//! ## Codemap
//!
//! One concept per file, each with its own `impl Engine` block, so a new
//! effect lives in one place:
//!
//! - `mod.rs`: [`run_replication`], the engine's state, the main loop (the
//!   next arrival or the heap's next event, whichever comes first) and the
//!   dispatch of each event kind.
//! - `events.rs`: event kinds, their order, the event queue, scheduling,
//!   reserved sequence numbers.
//! - `lead.rs`: the lead record and its flags, the slab (allocate,
//!   release), the lead's random streams, the satisfaction `c(S)` sees.
//! - `queues.rs`: units' queues and servers: joining, starting service,
//!   service times, the queue lists, leaving a queue unserved, and the time
//!   integrals behind utilisation and queue lengths.
//! - `arrivals.rs`: sources (Poisson by thinning), the pending arrival kept
//!   out of the heap, and the end of the arrival window.
//! - `first_contact.rs`: the journey until the first contact: arrival
//!   (grade, owning link, patience and SLA timers), duplicate contacts, call
//!   attempts, abandonment, not reached, SLA re-routes.
//! - `committees.rs`: decision requests, meetings, batches.
//! - `journey.rs`: the stages after the first contact: hand-offs,
//!   qualification, consultation, decision and escalation, closing,
//!   after-sales, referral, re-marketing.
//! - `tracing.rs`: the hooks into [`crate::sim::trace`] (an optional record
//!   of every lead's journey); the engine is generic over its tracer, and
//!   a normal run's (`NoTrace`) compiles the hooks away.
//! - `tally.rs`: the KPI counters, the satisfaction recorded when a journey
//!   ends, and the replication's result.
//!
//! ## Invariants
//!
//! - A lead record is 64 bytes, queue links included (test
//!   `records_stay_compact`): a lead waiting in a queue needs nothing more.
//! - Every measured lead (arrived in the measurement window) is recorded
//!   exactly once by `record_end` (`tally.rs`): when its journey ends, or,
//!   still in flight at the end, as it stands. So the satisfaction histogram
//!   holds `leads` scores.
//! - Every draw for a lead comes from the lead's own streams, one per
//!   [`Purpose`](crate::sim::rng::Purpose) and step (`lead.rs`), and a
//!   source's arrivals from the source's own stream: no draw depends on the
//!   order of events or on other leads, so scenarios compared with the same
//!   seed share their random numbers, stage by stage.
//! - An event about a lead carries the lead's generation and does nothing
//!   once the lead has left (`valid`); events after the end are dropped.

mod arrivals;
mod committees;
mod events;
mod first_contact;
mod journey;
mod lead;
mod queues;
mod tally;
mod tracing;

use crate::sim::model::{Model, Task};
use crate::sim::result::ReplicationResult;
use crate::sim::rng::replication_key;
use crate::sim::trace::Trace;
use arrivals::{NextArrival, Source};
use committees::Request;
use events::{Event, EventQueue, Kind, NO_LEAD};
use lead::{Lead, RETRYING};
use queues::UnitState;
use tally::Tally;
use tracing::{NoTrace, Tracer};

/// Bytes of one lead record (the slab entry every lead in flight holds;
/// a lead waiting in a unit's queue needs nothing more).
pub const LEAD_RECORD_BYTES: usize = std::mem::size_of::<Lead>();
/// Bytes of one request waiting at a committee.
pub const REQUEST_BYTES: usize = std::mem::size_of::<Request>();
/// Bytes of one scheduled event.
pub const EVENT_BYTES: usize = std::mem::size_of::<Event>();

/// Runs one replication. Replication `r` of seed `s` always gives the same
/// result, whichever process or worker runs it.
pub fn run_replication(model: &Model, seed: u64, replication: u32) -> ReplicationResult {
    let mut engine = Engine::new(model, seed, replication, NoTrace);
    engine.run();
    engine.finish(replication).0
}

/// Runs one replication and reports every lead's journey (see
/// [`crate::sim::trace`]). The result is the one [`run_replication`] gives:
/// tracing draws nothing and schedules nothing.
pub fn run_replication_traced(
    model: &Model,
    seed: u64,
    replication: u32,
) -> (ReplicationResult, Trace) {
    let mut engine = Engine::new(model, seed, replication, Trace::default());
    engine.run();
    engine.finish(replication)
}

/// One replication in progress. Its behaviour is spread over this folder's
/// files, one `impl` block per concept (see the codemap above).
struct Engine<'m, T: Tracer> {
    model: &'m Model,
    now: u64,
    seq: u64,
    end: u64,
    events: EventQueue,
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
    /// Every lead's journey when asked for ([`Trace`]); [`NoTrace`] in a
    /// normal run, where the hooks compile away.
    trace: T,
}

impl<'m, T: Tracer> Engine<'m, T> {
    fn new(model: &'m Model, seed: u64, replication: u32, trace: T) -> Engine<'m, T> {
        let key = replication_key(seed, replication);
        let sources = model
            .sources
            .iter()
            .map(|s| Source::new(key, s.key))
            .collect();
        let channels = model.funnel.as_ref().map_or(0, |f| f.channels.len());
        let traffic = model.sources.iter().any(|s| s.traffic.is_some());
        let tally = Tally::new(channels, model.grades.len(), model.sources.len(), traffic);
        Engine {
            model,
            now: 0,
            seq: 0,
            end: model.horizon.saturating_add(model.drain),
            events: EventQueue::with_capacity(1024),
            next_arrival: None,
            horizon_passed: false,
            leads: Vec::with_capacity(1024),
            free: Vec::new(),
            duplicates: Vec::new(),
            free_duplicates: Vec::new(),
            units: model
                .units
                .iter()
                .map(|unit| UnitState::new(unit.servers_at(0)))
                .collect(),
            sources,
            tally,
            trace,
        }
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
            if !unit.shifts.is_empty() {
                self.schedule(
                    unit.next_shift_change(0),
                    Kind::Shift,
                    NO_LEAD,
                    index,
                    Task::Contact,
                    false,
                );
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
                self.tally.sample_pools(self.now);
                self.arrival(arrival.source);
            } else if let Some(event) = self.events.pop() {
                // Arrivals all fall before the horizon, so the first event
                // after it comes from the heap.
                if event.at > self.model.horizon && !self.horizon_passed {
                    self.close_arrival_window();
                }
                self.now = event.at;
                self.tally.sample_pools(self.now);
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
            Kind::Shift => self.shift_change(unit),
            Kind::Meeting => self.meeting(unit),
            Kind::Release => self.release_batch(unit, event.generation),
            // Not about a lead: `generation` is the visitor's ordinal.
            Kind::Visited => self.visited(unit, event.generation, event.flag),
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
            Kind::DuplicateCall => self.join_duplicate(event.slot, unit),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_stay_compact() {
        // The brief's budget: at most 64 bytes per lead in flight. A lead
        // waiting in a queue is linked through its own record, so the
        // record is all it takes.
        assert_eq!(std::mem::size_of::<Lead>(), 64);
        assert!(std::mem::size_of::<Request>() <= 24);
        assert!(std::mem::size_of::<Event>() <= 32);
    }

    #[test]
    fn tracing_does_not_change_results() {
        use crate::sim::trace::Activity;
        // Two presets between them exercise every hook: call attempts,
        // SLA re-routes, hand-offs, decisions, re-marketing, after-sales.
        for id in ["faw_vw_front_back_before", "saic_maxus_three_channels"] {
            let json = crate::scenario::presets::preset_json(id).unwrap_or_default();
            let mut scenario = crate::scenario::parse(json).expect("preset parses");
            scenario.horizon.days = scenario.horizon.warmup_days + 3.0;
            scenario.horizon.drain_days = 5.0;
            let model = crate::scenario::validate(&scenario).expect("preset validates");
            for replication in 0..2 {
                let plain = run_replication(&model, 7, replication);
                let (traced, trace) = run_replication_traced(&model, 7, replication);
                assert_eq!(plain, traced, "{id} replication {replication}");
                let measured = trace.cases.iter().filter(|c| c.measured).count() as u64;
                assert_eq!(
                    measured, plain.funnel.leads,
                    "{id}: one case per measured lead"
                );
                let orders = trace
                    .steps
                    .iter()
                    .filter(|s| s.activity == Activity::Order)
                    .filter(|s| trace.cases[s.case as usize].measured)
                    .count() as u64;
                assert_eq!(orders, plain.funnel.ordered, "{id}: orders");
                let abandoned = trace
                    .steps
                    .iter()
                    .filter(|s| s.activity == Activity::Abandoned)
                    .filter(|s| trace.cases[s.case as usize].measured)
                    .count() as u64;
                assert_eq!(abandoned, plain.funnel.abandonments, "{id}: abandonments");
                assert!(trace.steps.iter().all(|s| s.start <= s.end));
            }
        }
    }
}
