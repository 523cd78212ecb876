//! The hooks into [`crate::sim::trace`]. The engine is generic over its
//! [`Tracer`]: a normal run uses [`NoTrace`], whose `ON` is `false`, so
//! every call site, `if T::ON { self.trace_…(…) }`, is removed at compile
//! time and a normal run executes exactly the instructions it did before
//! tracing existed (callgrind: see README, "Calibration"); a traced run
//! uses [`Trace`] and records.

use super::Engine;
use crate::sim::model::Task;
use crate::sim::trace::{Activity, Case, NONE, Trace};

/// What the engine reports to: nothing ([`NoTrace`]) or a [`Trace`].
pub(super) trait Tracer {
    /// Whether anything is recorded (a constant, so the hooks compile away).
    const ON: bool;
    fn open(&mut self, slot: u32, case: Case);
    fn step(&mut self, slot: u32, activity: Activity, unit: u16, start: u64, end: u64);
    fn channel(&mut self, slot: u32, channel: u16);
}

/// A normal run: records nothing.
pub(super) struct NoTrace;

impl Tracer for NoTrace {
    const ON: bool = false;
    fn open(&mut self, _: u32, _: Case) {}
    fn step(&mut self, _: u32, _: Activity, _: u16, _: u64, _: u64) {}
    fn channel(&mut self, _: u32, _: u16) {}
}

impl Tracer for Trace {
    const ON: bool = true;
    fn open(&mut self, slot: u32, case: Case) {
        Trace::open(self, slot, case);
    }
    fn step(&mut self, slot: u32, activity: Activity, unit: u16, start: u64, end: u64) {
        Trace::step(self, slot, activity, unit, start, end);
    }
    fn channel(&mut self, slot: u32, channel: u16) {
        Trace::channel(self, slot, channel);
    }
}

impl<T: Tracer> Engine<'_, T> {
    /// A lead arrived: a new case.
    #[cold]
    #[inline(never)]
    pub(super) fn trace_arrival(
        &mut self,
        slot: u32,
        source: usize,
        grade: usize,
        link: Option<usize>,
        measured: bool,
    ) {
        let now = self.now;
        self.trace.open(
            slot,
            Case {
                created: now,
                source: source as u16,
                grade: grade as u16,
                link: link.map_or(NONE, |l| l as u16),
                channel: NONE,
                measured,
            },
        );
    }

    /// A milestone of the lead in `slot`, now, at `unit` ([`NONE`]: none).
    #[cold]
    #[inline(never)]
    pub(super) fn trace_step(&mut self, slot: u32, activity: Activity, unit: u16) {
        let now = self.now;
        self.trace.step(slot, activity, unit, now, now);
    }

    /// A service starts now at `unit` and takes `ticks`; `failed` marks a
    /// call attempt that does not reach the customer.
    #[cold]
    #[inline(never)]
    pub(super) fn trace_service(
        &mut self,
        slot: u32,
        unit: usize,
        task: Task,
        failed: bool,
        ticks: u64,
    ) {
        let activity = match (failed, task) {
            (true, _) => Activity::CallAttempt,
            (false, Task::Contact | Task::Duplicate) => Activity::Contact,
            (false, Task::Consult) => Activity::Consult,
            (false, Task::Decision) => Activity::Decision,
            (false, Task::Nurture) => Activity::Nurture,
            (false, Task::AfterSales) => Activity::AfterSales,
        };
        let now = self.now;
        self.trace
            .step(slot, activity, unit as u16, now, now.saturating_add(ticks));
    }

    /// The lead in `slot` qualified for `channel` at `unit`.
    #[cold]
    #[inline(never)]
    pub(super) fn trace_qualified(&mut self, slot: u32, channel: usize, unit: u16) {
        let now = self.now;
        self.trace.channel(slot, channel as u16);
        self.trace.step(slot, Activity::Qualified, unit, now, now);
    }
}
