//! Committees: decision requests wait in a committee's pile until its next
//! meeting, which decides all of them (batching) when it ends.

use super::events::{Kind, NO_LEAD};
use super::{Engine, Tracer};
use crate::sim::model::Task;

/// A decision request waiting at a committee.
#[derive(Clone, Copy)]
pub(super) struct Request {
    pub(super) queued_at: u64,
    pub(super) slot: u32,
    pub(super) generation: u32,
    /// Joined inside the measurement window.
    pub(super) measured: bool,
}

impl<T: Tracer> Engine<'_, T> {
    /// A committee meeting starts: it takes up every pending request and
    /// decides them all when it ends ([`Kind::Release`]). The requests stay
    /// in the committee's queue until then.
    pub(super) fn meeting(&mut self, unit: usize) {
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
    pub(super) fn release_batch(&mut self, unit: usize, batch: u32) {
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
}
