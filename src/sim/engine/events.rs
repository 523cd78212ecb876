//! Events: what can happen, their `(time, sequence)` order and scheduling.
//!
//! The sequence number is a counter, so simultaneous events run in the order
//! they were scheduled and never depend on hashing or floating point. Every
//! event tied to a lead carries the lead's generation, so an event for a
//! lead that has left (its slot released, perhaps reused) does nothing
//! ([`Engine::valid`]).

use super::{Engine, Tracer};
use crate::sim::model::Task;

/// The `slot` of an event that is not about a lead.
pub(super) const NO_LEAD: u32 = u32::MAX;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
    /// A traffic visitor's dwell ends: `unit` holds the source, `generation`
    /// the visitor's ordinal, `flag` whether it leaves a lead.
    Visited,
    Open,
    Close,
    /// A shift block of the unit starts or ends: its headcount changes.
    Shift,
    Meeting,
    /// A committee meeting ends: the batch it took up is decided. The
    /// event's `generation` holds the batch size (its `slot` is `NO_LEAD`).
    Release,
}

#[derive(Clone, Copy)]
pub(super) struct Event {
    pub(super) at: u64,
    pub(super) seq: u64,
    pub(super) slot: u32,
    pub(super) generation: u32,
    pub(super) unit: u16,
    pub(super) kind: Kind,
    pub(super) task: Task,
    pub(super) flag: bool,
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

impl<T: Tracer> Engine<'_, T> {
    #[inline]
    pub(super) fn schedule(
        &mut self,
        at: u64,
        kind: Kind,
        slot: u32,
        unit: usize,
        task: Task,
        flag: bool,
    ) {
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
    pub(super) fn push_event(
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
    pub(super) fn reserve_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// Schedules a lead's first-contact timer with a sequence number
    /// reserved earlier. Events after the end are dropped.
    pub(super) fn push_reserved(&mut self, at: u64, seq: u64, kind: Kind, slot: u32, unit: usize) {
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
}
