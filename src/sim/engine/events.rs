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
    /// The other link has picked a lead up: its duplicate call joins that
    /// link's queue (`unit` holds that other link).
    DuplicateCall,
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

impl Event {
    /// The event's place in the order: `(time, sequence)` as one number
    /// (time in the high half), so comparing two events is one 128-bit
    /// comparison instead of a tuple's two.
    #[inline(always)]
    fn key(&self) -> u128 {
        (u128::from(self.at) << 64) | u128::from(self.seq)
    }
}

/// The scheduled events, earliest `(time, sequence)` first: a binary
/// min-heap in a `Vec`.
///
/// Why not `std::collections::BinaryHeap`: its `pop` is not inlined into the
/// main loop once the engine is generic over its tracer (a call and the
/// event returned through memory, for every event), and it compares events
/// through `Ord` on a tuple. Sequence numbers are unique, so no two events
/// tie and any correct heap pops them in the same order: results do not
/// depend on this choice (test `pops_in_time_then_sequence_order`).
pub(super) struct EventQueue {
    heap: Vec<Event>,
}

impl EventQueue {
    pub(super) fn with_capacity(capacity: usize) -> EventQueue {
        EventQueue {
            heap: Vec::with_capacity(capacity),
        }
    }

    /// The earliest event, if any.
    #[inline]
    pub(super) fn peek(&self) -> Option<&Event> {
        self.heap.first()
    }

    #[inline]
    pub(super) fn push(&mut self, event: Event) {
        // Sift up: move parents later than the event down into the hole.
        let key = event.key();
        let mut hole = self.heap.len();
        self.heap.push(event);
        while hole > 0 {
            let parent = (hole - 1) / 2;
            if self.heap[parent].key() < key {
                break;
            }
            self.heap[hole] = self.heap[parent];
            hole = parent;
        }
        self.heap[hole] = event;
    }

    /// Removes and returns the earliest event.
    #[inline]
    pub(super) fn pop(&mut self) -> Option<Event> {
        let last = self.heap.pop()?;
        let Some(&first) = self.heap.first() else {
            return Some(last);
        };
        // Sift the last event down from the root: move the earlier child
        // up into the hole while it is earlier than that event.
        let key = last.key();
        let len = self.heap.len();
        let mut hole = 0;
        loop {
            let left = 2 * hole + 1;
            if left >= len {
                break;
            }
            let right = left + 1;
            let child = if right < len && self.heap[right].key() < self.heap[left].key() {
                right
            } else {
                left
            };
            if key < self.heap[child].key() {
                break;
            }
            self.heap[hole] = self.heap[child];
            hole = child;
        }
        self.heap[hole] = last;
        Some(first)
    }
}

impl<T: Tracer> Engine<'_, T> {
    /// Schedules an event about the lead in `slot` (or none: `NO_LEAD`).
    /// Always inlined: every service start schedules its end, and the call
    /// (with seven arguments) cost more than the push itself.
    #[inline(always)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::{Purpose, stream};
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    fn event(at: u64, seq: u64) -> Event {
        Event {
            at,
            seq,
            slot: NO_LEAD,
            generation: 0,
            unit: 0,
            kind: Kind::Open,
            task: Task::Contact,
            flag: false,
        }
    }

    #[test]
    fn pops_in_time_then_sequence_order() {
        // Pushes and pops interleaved at random, with many equal times,
        // against std's heap on `(time, sequence)`.
        let mut rng = stream(11, Purpose::Arrivals, 0);
        let mut queue = EventQueue::with_capacity(4);
        let mut reference = BinaryHeap::new();
        let mut seq = 0;
        for _ in 0..20_000 {
            let word = rng.next_u64();
            if word % 5 < 3 {
                seq += 1;
                let at = (word >> 8) % 50;
                queue.push(event(at, seq));
                reference.push(Reverse((at, seq)));
            } else {
                let popped = queue.pop().map(|e| (e.at, e.seq));
                assert_eq!(popped, reference.pop().map(|Reverse(k)| k));
            }
            assert_eq!(
                queue.peek().map(|e| (e.at, e.seq)),
                reference.peek().map(|Reverse(k)| *k)
            );
        }
        while let Some(Reverse(expected)) = reference.pop() {
            assert_eq!(queue.pop().map(|e| (e.at, e.seq)), Some(expected));
        }
        assert!(queue.pop().is_none());
    }
}
