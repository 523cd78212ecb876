//! Queues and server pools: a unit's queue, its servers, and the time
//! integrals (busy servers, queue length, open servers) its KPIs come from.
//!
//! A unit's queue is a doubly linked list threaded through the waiting
//! records themselves (`prev` / `next`): leads, and duplicate-contact
//! records (a link with [`DUPLICATE_LINK`] set). A committee's queue is its
//! list of [`Request`]s instead (see `committees.rs`).

use std::collections::VecDeque;

use super::committees::Request;
use super::events::{Kind, NO_LEAD};
use super::lead::{IN_QUEUE, Lead, QUEUED_IN_WINDOW, QUEUED_REPEAT};
use super::{Engine, Tracer};
use crate::sim::model::{Task, minutes_to_ticks};
use crate::sim::rng::Purpose;

/// The end of a queue list (no previous / next record).
const NO_LINK: u32 = u32::MAX;
/// Set in a queue link that points into the duplicate-contact slab.
pub(super) const DUPLICATE_LINK: u32 = 1 << 31;

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
pub(super) struct UnitState {
    queue: QueueEnds,
    /// Committee: requests waiting for the next meeting.
    pub(super) pending: Vec<Request>,
    /// Committee: requests taken up by meetings that have not ended yet,
    /// batch after batch (meetings end in the order they start).
    pub(super) deciding: VecDeque<Request>,
    /// Tasks in the queue; for a committee, requests not yet decided
    /// (`pending` and `deciding`).
    pub(super) waiting: u32,
    pub(super) busy: u32,
    /// Servers at work now: the unit's headcount, or its shift block's
    /// (`Kind::Shift` events change it). Kept here rather than read from
    /// the model so a unit without shifts pays nothing for them. `busy`
    /// may exceed it for a while after a shift ends: people finish the
    /// lead in hand (no pre-emption).
    pub(super) servers: u32,
    pub(super) open: bool,
    last_change: u64,
    pub(super) busy_area: u128,
    pub(super) queue_area: u128,
    pub(super) open_area: u128,
    /// Committee: meeting time of the meetings held in the arrival window.
    pub(super) meeting_ticks: u64,
    /// Busy and open server time inside the arrival window `[warm-up,
    /// horizon)` (the areas as they stood at the horizon), for utilisation
    /// and staff cost: the drain after the horizon only finishes leads
    /// already in, so its idle hours would understate utilisation and
    /// overstate what the organisation costs.
    pub(super) busy_area_arrivals: u128,
    pub(super) open_area_arrivals: u128,
    pub(super) arrivals: u64,
    pub(super) served: u64,
    pub(super) left_unserved: u64,
    pub(super) wait_served: u128,
    pub(super) wait_all: u128,
}

impl UnitState {
    /// A unit's state at the start, with `servers` at work.
    pub(super) fn new(servers: u32) -> UnitState {
        UnitState {
            servers,
            ..UnitState::default()
        }
    }
}

impl<T: Tracer> Engine<'_, T> {
    /// Adds the areas under busy servers, queue length and open servers since
    /// the last change, counting only the part inside the window.
    #[inline]
    pub(super) fn integrate(&mut self, unit: usize) {
        let warmup = self.model.warmup;
        let state = &mut self.units[unit];
        let from = state.last_change.max(warmup);
        if self.now > from {
            let dt = self.now - from;
            state.busy_area += area(dt, state.busy);
            state.queue_area += area(dt, state.waiting);
            if state.open {
                state.open_area += area(dt, state.servers);
            }
        }
        state.last_change = self.now;
    }

    // ----- queues and servers ---------------------------------------------

    /// Puts a lead's task in a unit's queue (or a committee's pending pile).
    pub(super) fn enqueue(&mut self, slot: u32, unit: usize, task: Task, repeat: bool) {
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
    pub(super) fn join_queue(&mut self, unit: usize, id: u32, measured: bool) {
        self.integrate(unit);
        let state = &mut self.units[unit];
        if measured {
            state.arrivals += 1;
        }
        if state.open && state.busy < state.servers && state.queue.head == NO_LINK {
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
    ///
    /// Inlined: most calls find nothing to start (a lead that joins a queue
    /// finds every server busy), and then only this check runs.
    #[inline(always)]
    pub(super) fn start_work(&mut self, unit: usize) {
        let state = &self.units[unit];
        if state.open && state.busy < state.servers && state.queue.head != NO_LINK {
            self.start_queued_work(unit);
        }
    }

    /// [`Engine::start_work`] once there is work to start.
    #[inline(never)]
    fn start_queued_work(&mut self, unit: usize) {
        while self.units[unit].open && self.units[unit].busy < self.units[unit].servers {
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
        if T::ON && slot != NO_LEAD {
            self.trace_service(slot, unit, task, failed, service);
        }
        self.schedule(
            self.now.saturating_add(service),
            Kind::ServiceDone,
            slot,
            unit,
            task,
            failed,
        );
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

    /// A shift boundary at `unit`: the headcount becomes the one of the
    /// block now starting (or the base one), and the next boundary is
    /// scheduled. Fewer servers pre-empt nobody: a busy server finishes
    /// its lead and only then is not replaced (`start_work` waits until
    /// `busy < servers`); more servers start queued work at once.
    pub(super) fn shift_change(&mut self, unit: usize) {
        self.integrate(unit);
        let spec = &self.model.units[unit];
        self.units[unit].servers = spec.servers_at(self.now);
        let next = spec.next_shift_change(self.now);
        self.schedule(next, Kind::Shift, NO_LEAD, unit, Task::Contact, false);
        self.start_work(unit);
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
    /// Always inlined: a few loads and stores, on every lead's way out of a
    /// queue, where a call costs as much again.
    #[inline(always)]
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

    /// Takes a waiting lead out of its queue.
    ///
    /// Only leads waiting for their first contact leave a queue unserved
    /// (abandonment, SLA re-route). The departure is counted exactly when
    /// the joining was (the lead joined inside the window), whatever the
    /// lead's own arrival time: a warm-up lead re-routed inside the window
    /// counts as an arrival at its new unit, so it must count when it leaves
    /// it.
    pub(super) fn leave_queue(&mut self, slot: u32) -> usize {
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
}

#[cfg(test)]
mod tests {
    use super::super::tracing::NoTrace;
    use super::*;

    /// The ids in `unit`'s queue from head to tail, checking the back links.
    fn queue_order(engine: &mut Engine<'_, NoTrace>, unit: usize) -> Vec<u32> {
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
        let json = include_str!("../../../examples/validation/mm1.json");
        let model = crate::scenario::load(json).expect("valid example");
        let mut engine = Engine::new(&model, 1, 0, NoTrace);
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
}
