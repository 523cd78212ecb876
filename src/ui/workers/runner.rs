//! The worker pool: runs a job's replications in Web Workers and reports
//! progress.
//!
//! A job is one or more scenario *variants* (the scenarios of a comparison,
//! or the points of a sweep), all run on the same seed so replication `r` of
//! every variant sees the same customers (common random numbers). The pool
//! hands out small chunks of replications to whichever worker is idle, so
//! fast and slow workers share the load.
//!
//! Determinism: results are kept by replication number, and every report is
//! computed from the *contiguous prefix* `0..k` of replications that all
//! variants have finished. Early stopping on a target interval width is
//! decided on that prefix too. Which worker ran what, and in which order
//! results arrived, therefore never changes a number.
//!
//! Cost: a result is folded into running statistics once, when the prefix
//! reaches it ([`crate::report::running`]), so a progress report and the
//! target check cost the same after ten replications as after ten thousand.
//! Only the finished job's report is computed from all results, once.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_timers::callback::Interval;

use crate::protocol::{FromWorker, RunChunk, ToWorker};
use crate::report::running::{RunningComparison, RunningReport};
use crate::report::{self, Comparison, Kpi, Report};
use crate::sim::{Model, ReplicationResult};
use crate::ui::workers::worker_link::{WorkerEvent, WorkerLink};

/// More workers than this rarely helps in a browser tab and costs memory.
const MAX_WORKERS: usize = 8;
/// A chunk that crashed a worker this many times fails the job (a
/// deterministic crash would otherwise loop forever).
const MAX_CRASHES_PER_JOB: u32 = 3;
/// Progress reports are throttled so the main thread stays responsive.
const PROGRESS_INTERVAL_MS: f64 = 150.0;

// A worker can stop without an error event (it closed itself, or the
// browser dropped it): it then simply never answers. The pool's watchdog
// ticks every `WATCHDOG_MS` and replaces, like a crashed one, a worker that
// has been silent for too long:
// - a new worker that has not said `Ready` within `STARTUP_PATIENCE_MS`;
// - a worker given a chunk that has not acknowledged it (`Started`, sent
//   before any work) within `ACK_PATIENCE_MS`;
// - a busy worker silent for `BUSY_PATIENCE_FACTOR` times the slowest
//   replication seen in the job, and at least `BUSY_PATIENCE_MIN_MS` (a
//   replication cannot report from its middle, so only a generous multiple
//   of what replications take tells a hang from a long one);
// - an idle worker that does not answer a `Hello` (sent after
//   `HEARTBEAT_MS` of silence) within `ACK_PATIENCE_MS`, so the next run
//   does not wait for a worker that is gone.
// Time the page itself was frozen (a tick arriving late) is not counted
// against the workers.
const WATCHDOG_MS: f64 = 1_000.0;
const STARTUP_PATIENCE_MS: f64 = 30_000.0;
const ACK_PATIENCE_MS: f64 = 5_000.0;
const BUSY_PATIENCE_MIN_MS: f64 = 60_000.0;
const BUSY_PATIENCE_FACTOR: f64 = 20.0;
const HEARTBEAT_MS: f64 = 5_000.0;

/// One scenario of a job.
#[derive(Clone)]
pub struct Variant {
    pub label: String,
    pub json: String,
    pub model: Rc<Model>,
    /// Each replication draws the scenario's uncertain inputs (see
    /// [`RunChunk::draws`]); `model` is then the scenario at its most
    /// likely values, which the report is built with.
    pub draws: bool,
}

/// Stop early once this KPI's 95 % half-width is small enough.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub kpi: Kpi,
    pub half_width: f64,
    pub min_replications: u32,
}

/// What to run.
#[derive(Clone)]
pub struct JobSpec {
    pub variants: Vec<Variant>,
    pub seed: u64,
    /// The most replications to run (all of them without a target).
    pub replications: u32,
    pub target: Option<Target>,
}

/// A snapshot of a job, sent to the UI as results come in.
#[derive(Clone)]
pub struct Snapshot {
    pub job: u32,
    /// Replications finished, over all variants.
    pub done: u32,
    pub total: u32,
    pub elapsed_ms: f64,
    /// Replications in the common prefix the reports are built from.
    pub prefix: u32,
    pub finished: bool,
    /// Every lead simulated in the prefix, warm-up included (what
    /// `orgflow bench` counts), for the pool-throughput benchmark.
    pub simulated_leads: u64,
    pub reports: Vec<Rc<Report>>,
    /// Paired comparison of each variant with variant 0 (index 0 is `None`).
    pub comparisons: Vec<Option<Comparison>>,
    pub labels: Vec<String>,
    /// Per variant, the replications the reports were built from; empty
    /// until the run has finished (a workshop file saves them).
    pub results: Rc<Vec<Vec<ReplicationResult>>>,
}

/// Snapshots are compared by what they show: the same job at the same
/// progress renders the same.
impl PartialEq for Snapshot {
    fn eq(&self, other: &Self) -> bool {
        (self.job, self.done, self.prefix, self.finished)
            == (other.job, other.done, other.prefix, other.finished)
    }
}

impl Snapshot {
    /// The snapshot of a finished job with these results per variant (each
    /// in replication order, all of one length): the reports and paired
    /// comparisons exactly as `orgflow run` computes them. A run that ends
    /// and a workshop file that is reopened both come here, so both show
    /// the same figures.
    pub fn finished(
        job: u32,
        variants: &[Variant],
        results: Rc<Vec<Vec<ReplicationResult>>>,
    ) -> Snapshot {
        let prefix = results.iter().map(Vec::len).min().unwrap_or(0);
        let per_variant: Vec<&[ReplicationResult]> = results.iter().map(|v| &v[..prefix]).collect();
        let reports = variants
            .iter()
            .zip(&per_variant)
            .map(|(variant, results)| Rc::new(Report::from_replications(&variant.model, results)))
            .collect();
        let comparisons = (0..per_variant.len())
            .map(|v| {
                (v > 0).then(|| {
                    Comparison::paired(
                        &variants[0].model,
                        &variants[v].model,
                        per_variant[0],
                        per_variant[v],
                    )
                })
            })
            .collect();
        let done = (prefix * per_variant.len()) as u32;
        Snapshot {
            job,
            done,
            total: done,
            elapsed_ms: 0.0,
            prefix: prefix as u32,
            finished: true,
            simulated_leads: per_variant
                .iter()
                .flat_map(|v| v.iter())
                .map(|r| r.funnel.leads_including_warmup)
                .sum(),
            reports,
            comparisons,
            labels: variants.iter().map(|v| v.label.clone()).collect(),
            results,
        }
    }

    /// The snapshot of a job that reported nothing: an optimisation
    /// cancelled before its batch's first progress still shows its search.
    pub fn empty(job: u32) -> Snapshot {
        Snapshot {
            job,
            done: 0,
            total: 0,
            elapsed_ms: 0.0,
            prefix: 0,
            finished: false,
            simulated_leads: 0,
            reports: Vec::new(),
            comparisons: Vec::new(),
            labels: Vec::new(),
            results: Rc::default(),
        }
    }

    /// Estimated milliseconds left, from the pace so far.
    pub fn remaining_ms(&self) -> Option<f64> {
        (self.done > 0 && !self.finished).then(|| {
            self.elapsed_ms / f64::from(self.done) * f64::from(self.total.saturating_sub(self.done))
        })
    }
}

/// What the pool tells the UI.
#[derive(Clone)]
pub enum PoolEvent {
    /// A worker answered the handshake.
    WorkerReady {
        version: String,
        ready: usize,
        of: usize,
    },
    Progress(Rc<Snapshot>),
    /// The job could not finish; the scenario is untouched and can be rerun.
    JobFailed {
        job: u32,
        reason: String,
    },
    /// A worker could not be started at all.
    WorkersUnavailable {
        reason: String,
    },
}

type Listener = Rc<dyn Fn(PoolEvent)>;

thread_local! {
    /// The app's pool, for the test hooks in [`crate::ui::workers::test_hooks`].
    static CURRENT_POOL: RefCell<Option<Weak<RefCell<PoolInner>>>> = const { RefCell::new(None) };
}

/// The pool the app is using, if it is still alive.
pub fn current_pool() -> Option<Pool> {
    CURRENT_POOL
        .with(|current| current.borrow().as_ref().and_then(Weak::upgrade))
        .map(|inner| Pool { inner })
}

struct Slot {
    link: Option<WorkerLink>,
    ready: bool,
    /// The chunk this worker is running, to re-queue if it crashes.
    assigned: Option<RunChunk>,
    /// The worker acknowledged its chunk.
    started: bool,
    /// When the worker last showed a sign of life (or was spawned, or was
    /// given work): the watchdog measures silence from here.
    heard_ms: f64,
    /// When a liveness `Hello` was sent to this idle worker, if unanswered.
    pinged_ms: Option<f64>,
}

impl Slot {
    fn empty(now: f64) -> Slot {
        Slot {
            link: None,
            ready: false,
            assigned: None,
            started: false,
            heard_ms: now,
            pinged_ms: None,
        }
    }
}

struct ActiveJob {
    id: u32,
    spec: JobSpec,
    started_ms: f64,
    last_progress_ms: f64,
    queue: Vec<RunChunk>,
    /// Results that arrived ahead of their turn: `pending[variant][replication]`.
    pending: Vec<Vec<Option<ReplicationResult>>>,
    /// `ordered[variant]` holds replications `0..len` in order: the prefix
    /// reports are built from, kept contiguous so they are read, not copied.
    ordered: Vec<Vec<ReplicationResult>>,
    done: u32,
    crashes: u32,
    /// The longest a worker took between two messages of this job: the
    /// yardstick for how long a busy worker may stay silent.
    slowest_ms: f64,
    /// Replications to run, possibly lowered when the target is reached.
    limit: u32,
    /// Replications `0..folded` of every variant are in `running` (and
    /// have been checked against the target).
    folded: u32,
    /// Running KPI statistics per variant, over the folded prefix.
    running: Vec<RunningReport>,
    /// Running paired differences of each variant with variant 0.
    running_pairs: Vec<RunningComparison>,
}

struct PoolInner {
    slots: Vec<Slot>,
    job: Option<ActiveJob>,
    next_job: u32,
    listener: Listener,
    this: Weak<RefCell<PoolInner>>,
    watchdog: Option<Watchdog>,
}

/// The repeating timer that looks for silent workers; cleared when the
/// pool is dropped (gloo's `Interval` clears itself when dropped).
struct Watchdog {
    last_tick_ms: f64,
    _tick: Interval,
}

/// The app's pool of simulation workers.
#[derive(Clone)]
pub struct Pool {
    inner: Rc<RefCell<PoolInner>>,
}

impl PartialEq for Pool {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// As many workers as the browser reports cores, at least one.
pub fn worker_count() -> usize {
    let cores = web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .unwrap_or(1.0);
    (cores as usize).clamp(1, MAX_WORKERS)
}

impl Pool {
    /// Starts `count` workers; `listener` receives every [`PoolEvent`].
    pub fn new(count: usize, listener: impl Fn(PoolEvent) + 'static) -> Pool {
        let inner = Rc::new_cyclic(|this| {
            RefCell::new(PoolInner {
                slots: Vec::new(),
                job: None,
                next_job: 1,
                listener: Rc::new(listener),
                this: this.clone(),
                watchdog: None,
            })
        });
        let pool = Pool { inner };
        CURRENT_POOL.with(|current| *current.borrow_mut() = Some(Rc::downgrade(&pool.inner)));
        let mut events = Vec::new();
        {
            let mut inner = pool.inner.borrow_mut();
            let now = now_ms();
            for index in 0..count.max(1) {
                inner.slots.push(Slot::empty(now));
                inner.respawn(index, &mut events);
            }
            inner.watchdog = Some(start_watchdog(Rc::downgrade(&pool.inner)));
        }
        pool.emit(events);
        pool
    }

    fn emit(&self, events: Vec<PoolEvent>) {
        let listener = self.inner.borrow().listener.clone();
        for event in events {
            listener(event);
        }
    }

    /// Starts a job, cancelling any job still running. Returns its id.
    pub fn start(&self, spec: JobSpec) -> u32 {
        self.cancel();
        let mut events = Vec::new();
        let id = {
            let mut inner = self.inner.borrow_mut();
            let id = inner.next_job;
            inner.next_job += 1;
            let workers = inner.slots.len();
            inner.job = Some(ActiveJob::new(id, spec, workers));
            inner.dispatch(&mut events);
            id
        };
        self.emit(events);
        id
    }

    /// Stops the running job at once: its workers are terminated (even in
    /// the middle of a replication) and fresh ones started.
    pub fn cancel(&self) {
        let mut events = Vec::new();
        {
            let mut inner = self.inner.borrow_mut();
            if inner.job.take().is_none() {
                return;
            }
            inner.respawn_busy(&mut events);
        }
        self.emit(events);
    }

    /// Test-only: makes every worker trap, as a bug in the core would.
    /// Returns how many were asked.
    #[cfg(feature = "test-hooks")]
    pub fn crash_workers_for_test(&self) -> u32 {
        let inner = self.inner.borrow();
        let links = inner.slots.iter().filter_map(|s| s.link.as_ref());
        links
            .filter(|link| link.send(&ToWorker::CrashForTest).is_ok())
            .count() as u32
    }

    /// Test-only: makes every worker close itself without an error event,
    /// as a worker the browser drops would. Returns how many were asked.
    #[cfg(feature = "test-hooks")]
    pub fn close_workers_for_test(&self) -> u32 {
        let inner = self.inner.borrow();
        let links = inner.slots.iter().filter_map(|s| s.link.as_ref());
        links
            .filter(|link| link.send(&ToWorker::CloseForTest).is_ok())
            .count() as u32
    }

    /// Number of workers in the pool.
    pub fn size(&self) -> usize {
        self.inner.borrow().slots.len()
    }
}

/// Starts the watchdog timer.
fn start_watchdog(pool: Weak<RefCell<PoolInner>>) -> Watchdog {
    let tick = Interval::new(WATCHDOG_MS as u32, move || {
        let Some(inner) = pool.upgrade() else {
            return;
        };
        let pool = Pool { inner };
        let mut events = Vec::new();
        // A tick that finds the pool busy (a re-entrant call) waits for the next.
        if let Ok(mut inner) = pool.inner.try_borrow_mut() {
            inner.watch(now_ms(), &mut events);
        }
        pool.emit(events);
    });
    Watchdog {
        last_tick_ms: now_ms(),
        _tick: tick,
    }
}

impl PoolInner {
    /// One watchdog tick: replaces workers that have been silent too long
    /// (see `WATCHDOG_MS`) and pings idle ones.
    fn watch(&mut self, now: f64, events: &mut Vec<PoolEvent>) {
        // A late tick means the page was frozen: that time is nobody's silence.
        if let Some(watchdog) = self.watchdog.as_mut() {
            let frozen = (now - watchdog.last_tick_ms - WATCHDOG_MS).max(0.0);
            watchdog.last_tick_ms = now;
            if frozen > WATCHDOG_MS {
                for slot in &mut self.slots {
                    slot.heard_ms += frozen;
                    if let Some(pinged) = slot.pinged_ms.as_mut() {
                        *pinged += frozen;
                    }
                }
            }
        }
        let busy_patience = self.job.as_ref().map_or(BUSY_PATIENCE_MIN_MS, |job| {
            (job.slowest_ms * BUSY_PATIENCE_FACTOR).max(BUSY_PATIENCE_MIN_MS)
        });
        for index in 0..self.slots.len() {
            let slot = &self.slots[index];
            if slot.link.is_none() {
                continue;
            }
            let silent = now - slot.heard_ms;
            let verdict = if !slot.ready {
                (silent > STARTUP_PATIENCE_MS).then_some("did not start")
            } else if slot.assigned.is_some() {
                let patience = if slot.started {
                    busy_patience
                } else {
                    ACK_PATIENCE_MS
                };
                (silent > patience).then_some("stopped answering")
            } else if let Some(pinged) = slot.pinged_ms {
                (now - pinged > ACK_PATIENCE_MS).then_some("stopped answering")
            } else {
                if silent > HEARTBEAT_MS
                    && let Some(link) = slot.link.as_ref()
                    && link.send(&ToWorker::Hello).is_ok()
                {
                    self.slots[index].pinged_ms = Some(now);
                }
                None
            };
            if let Some(reason) = verdict {
                self.on_crash(index, format!("a simulation worker {reason}"), events);
                self.dispatch(events);
            }
        }
    }

    /// Replaces every worker that holds a chunk: terminating is the only way
    /// to stop a replication in flight. Idle workers are kept (no reload).
    fn respawn_busy(&mut self, events: &mut Vec<PoolEvent>) {
        for index in 0..self.slots.len() {
            if self.slots[index].assigned.is_some() {
                self.respawn(index, events);
            }
        }
    }

    fn respawn(&mut self, index: usize, events: &mut Vec<PoolEvent>) {
        // Dropping the old link terminates its worker.
        self.slots[index] = Slot::empty(now_ms());
        let this = self.this.clone();
        let on_event = move |event: WorkerEvent| {
            if let Some(inner) = this.upgrade() {
                let pool = Pool { inner };
                let mut events = Vec::new();
                pool.inner
                    .borrow_mut()
                    .on_worker_event(index, event, &mut events);
                pool.emit(events);
            }
        };
        match WorkerLink::spawn(on_event) {
            Ok(link) => self.slots[index].link = Some(link),
            Err(reason) => events.push(PoolEvent::WorkersUnavailable { reason }),
        }
    }

    fn on_worker_event(&mut self, index: usize, event: WorkerEvent, events: &mut Vec<PoolEvent>) {
        if let WorkerEvent::Message(_) = &event {
            let now = now_ms();
            let slot = &mut self.slots[index];
            // How long this worker took since its last word, while working
            // on the job: how long a busy worker may be silent.
            if slot.started
                && let Some(job) = self.job.as_mut()
            {
                job.slowest_ms = job.slowest_ms.max(now - slot.heard_ms);
            }
            slot.heard_ms = now;
            slot.pinged_ms = None;
        }
        match event {
            // The answer to a liveness `Hello`: nothing new to tell the UI.
            WorkerEvent::Message(FromWorker::Ready { .. }) if self.slots[index].ready => {}
            WorkerEvent::Message(FromWorker::Started { job, .. }) => {
                let slot = &mut self.slots[index];
                slot.started = slot.assigned.as_ref().is_some_and(|c| c.job == job);
            }
            WorkerEvent::Message(FromWorker::Ready { version }) => {
                self.slots[index].ready = true;
                let ready = self.slots.iter().filter(|s| s.ready).count();
                events.push(PoolEvent::WorkerReady {
                    version,
                    ready,
                    of: self.slots.len(),
                });
                self.dispatch(events);
            }
            WorkerEvent::Message(FromWorker::Replication {
                job,
                variant,
                result,
            }) => {
                if let Some(active) = self.job.as_mut().filter(|a| a.id == job) {
                    let replication = result.replication;
                    active.record(variant, *result);
                    // What is left of the chunk is what a crash would re-queue.
                    if let Some(chunk) = self.slots[index].assigned.as_mut() {
                        chunk.replications.retain(|&r| r != replication);
                    }
                    self.progress(false, events);
                }
            }
            WorkerEvent::Message(FromWorker::ChunkDone { job, .. }) => {
                self.slots[index].assigned = None;
                self.slots[index].started = false;
                if self.job.as_ref().is_some_and(|a| a.id == job) {
                    self.dispatch(events);
                }
            }
            WorkerEvent::Message(FromWorker::Invalid { job, errors, .. }) => {
                self.fail(job, errors.join("; "), events);
            }
            WorkerEvent::Message(FromWorker::Unreadable { reason }) => {
                let job = self.job.as_ref().map(|a| a.id).unwrap_or(0);
                self.fail(job, reason, events);
            }
            WorkerEvent::Crashed(reason) => self.on_crash(index, reason, events),
        }
    }

    /// A worker trapped or failed to load: start a fresh one and give its
    /// unfinished replications to the queue again.
    fn on_crash(&mut self, index: usize, reason: String, events: &mut Vec<PoolEvent>) {
        let unfinished = self.slots[index].assigned.take();
        self.respawn(index, events);
        let Some(active) = self.job.as_mut() else {
            return;
        };
        active.crashes += 1;
        if active.crashes >= MAX_CRASHES_PER_JOB {
            let job = active.id;
            self.fail(job, reason, events);
            return;
        }
        if let Some(chunk) = unfinished.filter(|c| c.job == active.id && !c.replications.is_empty())
        {
            active.queue.push(chunk);
        }
    }

    fn fail(&mut self, job: u32, reason: String, events: &mut Vec<PoolEvent>) {
        if self.job.as_ref().is_some_and(|a| a.id == job) {
            self.job = None;
            self.respawn_busy(events);
            events.push(PoolEvent::JobFailed { job, reason });
        }
    }

    /// Gives queued chunks to idle, ready workers.
    fn dispatch(&mut self, events: &mut Vec<PoolEvent>) {
        let Some(active) = self.job.as_mut() else {
            return;
        };
        if active.queue.is_empty() && self.slots.iter().all(|s| s.assigned.is_none()) {
            self.progress(true, events);
            return;
        }
        for slot in self
            .slots
            .iter_mut()
            .filter(|s| s.ready && s.assigned.is_none())
        {
            let Some(chunk) = active.next_chunk() else {
                break;
            };
            let message = ToWorker::Run(RunChunk {
                scenario_json: active
                    .spec
                    .variants
                    .get(chunk.variant as usize)
                    .map(|v| v.json.clone())
                    .unwrap_or_default(),
                ..chunk.clone()
            });
            if let Some(link) = slot.link.as_ref()
                && link.send(&message).is_ok()
            {
                slot.assigned = Some(chunk);
                slot.started = false;
                slot.heard_ms = now_ms();
                continue;
            }
            active.queue.push(chunk);
        }
    }

    /// Sends a snapshot (throttled unless `finished`), and ends the job when
    /// every replication it still needs is in.
    fn progress(&mut self, finished: bool, events: &mut Vec<PoolEvent>) {
        let Some(active) = self.job.as_mut() else {
            return;
        };
        let now = now_ms();
        let complete = finished || active.complete();
        if !complete && now - active.last_progress_ms < PROGRESS_INTERVAL_MS {
            return;
        }
        active.last_progress_ms = now;
        if !complete {
            events.push(PoolEvent::Progress(Rc::new(active.snapshot(now))));
            return;
        }
        if let Some(active) = self.job.take() {
            events.push(PoolEvent::Progress(Rc::new(active.into_finished(now))));
        }
        // Workers still busy with replications past an early stop are
        // stopped; idle ones are kept.
        self.respawn_busy(events);
    }
}

impl ActiveJob {
    fn new(id: u32, spec: JobSpec, workers: usize) -> ActiveJob {
        let variants = spec.variants.len();
        let replications = spec.replications.max(1);
        // Small chunks keep every worker busy and progress smooth; at least
        // one replication each.
        let chunk = (replications as usize * variants / (workers * 6).max(1)).clamp(1, 16) as u32;
        let mut queue = Vec::new();
        let mut start = 0;
        while start < replications {
            let end = (start + chunk).min(replications);
            for variant in 0..variants {
                // The scenario text is added when the chunk is sent: a
                // queue of hundreds of copies of a large scenario cost the
                // page a long task at the start of a run.
                queue.push(RunChunk {
                    job: id,
                    variant: variant as u32,
                    scenario_json: String::new(),
                    seed: spec.seed,
                    replications: (start..end).collect(),
                    draws: spec.variants[variant].draws,
                });
            }
            start = end;
        }
        // Chunks are taken from the end: reverse so replication 0 goes first.
        queue.reverse();
        let now = now_ms();
        ActiveJob {
            id,
            pending: vec![vec![None; replications as usize]; variants],
            ordered: vec![Vec::new(); variants],
            spec,
            started_ms: now,
            last_progress_ms: now,
            queue,
            done: 0,
            crashes: 0,
            slowest_ms: 0.0,
            limit: replications,
            folded: 0,
            running: vec![RunningReport::default(); variants],
            running_pairs: vec![RunningComparison::default(); variants],
        }
    }

    fn next_chunk(&mut self) -> Option<RunChunk> {
        while let Some(mut chunk) = self.queue.pop() {
            let limit = self.limit;
            chunk.replications.retain(|&r| r < limit);
            if !chunk.replications.is_empty() {
                return Some(chunk);
            }
        }
        None
    }

    fn record(&mut self, variant: u32, result: ReplicationResult) {
        let (v, replication) = (variant as usize, result.replication as usize);
        let (Some(pending), Some(ordered)) = (self.pending.get_mut(v), self.ordered.get_mut(v))
        else {
            return;
        };
        // A replication already recorded (sent again after a crash) changes nothing.
        if replication < ordered.len() || pending.get(replication).is_none_or(Option::is_some) {
            return;
        }
        pending[replication] = Some(result);
        self.done += 1;
        while let Some(next) = pending.get_mut(ordered.len()).and_then(Option::take) {
            ordered.push(next);
        }
        self.fold();
    }

    /// Replications `0..k` finished for every variant.
    fn common_prefix(&self) -> u32 {
        self.ordered
            .iter()
            .map(|v| v.len() as u32)
            .min()
            .unwrap_or(0)
            .min(self.limit)
    }

    /// Takes the replications the common prefix has gained into the running
    /// statistics, one at a time and in order, and lowers the limit to the
    /// first prefix at which every variant meets the target: the answer does
    /// not depend on the order results arrived in.
    fn fold(&mut self) {
        let target = self.spec.target.clone();
        while self.folded < self.common_prefix() {
            let r = self.folded as usize;
            for (v, running) in self.running.iter_mut().enumerate() {
                running.push(&self.ordered[v][r]);
                if v > 0 {
                    self.running_pairs[v].push(&self.ordered[0][r], &self.ordered[v][r]);
                }
            }
            self.folded += 1;
            if let Some(target) = &target
                && self.folded >= target.min_replications.max(2)
                && self.target_met(target)
            {
                self.limit = self.folded;
                return;
            }
        }
    }

    /// Whether every variant's half-width of the target KPI is within the
    /// target over the folded prefix. The running figure decides, except
    /// within rounding of the threshold: there the half-width is computed
    /// from the values as `orgflow run` does, so both stop at the same
    /// replication.
    fn target_met(&self, target: &Target) -> bool {
        let k = self.folded as usize;
        self.running.iter().enumerate().all(|(v, running)| {
            let Some(half) = running.kpi_moments(target.kpi).and_then(|m| m.ci95()) else {
                return false;
            };
            if (half - target.half_width).abs() > 1e-9 * target.half_width.abs().max(1e-300) {
                return half <= target.half_width;
            }
            let values: Vec<f64> = self.ordered[v][..k]
                .iter()
                .map(|r| target.kpi.read(&r.kpis))
                .collect();
            report::stats::ci95(&values).is_some_and(|h| h <= target.half_width)
        })
    }

    fn complete(&self) -> bool {
        self.common_prefix() >= self.limit
    }

    /// The last snapshot of the job, from all its results (moved, not
    /// copied: a heavy run holds thousands of them), exactly as `orgflow
    /// run` computes them.
    fn into_finished(self, now: f64) -> Snapshot {
        let prefix = self.common_prefix() as usize;
        let total = self.limit * self.ordered.len() as u32;
        let results: Vec<Vec<ReplicationResult>> = self
            .ordered
            .into_iter()
            .map(|mut v| {
                v.truncate(prefix);
                v
            })
            .collect();
        let mut snapshot = Snapshot::finished(self.id, &self.spec.variants, Rc::new(results));
        snapshot.done = self.done.min(total);
        snapshot.total = total;
        snapshot.elapsed_ms = now - self.started_ms;
        snapshot
    }

    /// A snapshot of the job while it runs: the reports come from the
    /// running statistics (KPIs only, constant cost).
    fn snapshot(&self, now: f64) -> Snapshot {
        let prefix = self.common_prefix();
        let total = self.limit * self.ordered.len() as u32;
        let models = self.spec.variants.iter().map(|v| &v.model);
        let (reports, comparisons) = {
            let reports = models
                .zip(&self.running)
                .map(|(model, running)| Rc::new(running.report(model)))
                .collect();
            let comparisons = self
                .running_pairs
                .iter()
                .enumerate()
                .map(|(v, pairs)| {
                    (v > 0).then(|| {
                        pairs.comparison(&self.spec.variants[0].model, &self.spec.variants[v].model)
                    })
                })
                .collect();
            (reports, comparisons)
        };
        Snapshot {
            job: self.id,
            done: self.done.min(total),
            total,
            elapsed_ms: now - self.started_ms,
            prefix,
            finished: false,
            simulated_leads: self
                .running
                .iter()
                .map(RunningReport::simulated_leads)
                .sum(),
            reports,
            comparisons,
            labels: self.spec.variants.iter().map(|v| v.label.clone()).collect(),
            results: Rc::default(),
        }
    }
}
