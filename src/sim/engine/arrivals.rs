//! Arrivals: each source is a Poisson process sampled by thinning, with one
//! arrival pending at a time, kept outside the event heap.

use super::events::{Kind, NO_LEAD};
use super::{Engine, Tracer};
use crate::sim::model::{TICKS_PER_DAY, TICKS_PER_MINUTE, Task, minutes_to_ticks};
use crate::sim::result::Pool;
use crate::sim::rng::{Purpose, Stream, mix, open01, stream};
use crate::sim::ziggurat::standard_exponential;

/// Minutes in a day (a dwell's unit is days).
const MINUTES_PER_DAY: f64 = (TICKS_PER_DAY / TICKS_PER_MINUTE) as f64;

pub(super) struct Source {
    arrivals: Stream,
    /// Exact arrival clock in minutes (rounded to ticks when scheduled).
    clock: f64,
    ordinal: u64,
    /// `mix(replication key, source key)`, the prefix of its leads' keys.
    lead_key_base: u64,
    /// The `(time, sequence)` of this source's next arrival, if any.
    next: Option<(u64, u64)>,
}

impl Source {
    /// Source `source_key`'s state in the replication keyed `key`: its own
    /// arrival stream, and the prefix of its leads' keys.
    pub(super) fn new(key: u64, source_key: u64) -> Source {
        Source {
            arrivals: stream(mix(key, source_key), Purpose::Arrivals, 0),
            clock: 0.0,
            ordinal: 0,
            lead_key_base: mix(key, source_key),
            next: None,
        }
    }
}

/// The earliest pending arrival over all sources.
///
/// Each source has at most one arrival pending, so arrivals are kept out of
/// the event heap: the main loop compares this one with the heap's top.
/// Sequence numbers are taken exactly where the arrival would have been
/// pushed, so the `(time, sequence)` order of everything is unchanged; a
/// lead costs one heap push and pop fewer.
#[derive(Clone, Copy)]
pub(super) struct NextArrival {
    pub(super) at: u64,
    pub(super) seq: u64,
    pub(super) source: usize,
}

impl<T: Tracer> Engine<'_, T> {
    /// Takes the units' busy and open areas as they stand at the horizon
    /// (nothing has happened after it yet): the arrival window's share.
    pub(super) fn close_arrival_window(&mut self) {
        self.horizon_passed = true;
        self.now = self.model.horizon;
        for unit in 0..self.units.len() {
            self.integrate(unit);
            let state = &mut self.units[unit];
            state.busy_area_arrivals = state.busy_area;
            state.open_area_arrivals = state.open_area;
        }
    }

    /// Draws source `index`'s next arrival (if it has one before the
    /// horizon) and updates the earliest pending arrival.
    pub(super) fn schedule_next_arrival(&mut self, index: usize) {
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

    pub(super) fn arrival(&mut self, source: usize) {
        let ordinal = self.sources[source].ordinal;
        self.sources[source].ordinal += 1;
        if self.model.sources[source].traffic.is_some() {
            self.visit(source, ordinal);
        } else {
            self.new_lead(source, ordinal);
        }
        self.schedule_next_arrival(source);
    }

    /// Source `source`'s lead number `ordinal` (for a traffic source, the
    /// visitor's number) arrives: its key, and so every draw of its own,
    /// depends only on the source's name and that number.
    fn new_lead(&mut self, source: usize, ordinal: u64) {
        let slot = self.allocate(self.lead_key(source, ordinal), source);
        self.arrive(slot);
    }

    fn lead_key(&self, source: usize, ordinal: u64) -> u64 {
        mix(self.sources[source].lead_key_base, ordinal)
    }

    /// A visitor enters source `source`'s traffic pool. Whether it will
    /// leave a lead and how long it dwells come from a stream keyed like
    /// the lead it may become, so the same visitors come on the same seed
    /// whatever the capture rate (common random numbers).
    fn visit(&mut self, source: usize, ordinal: u64) {
        let model = self.model;
        let Some(traffic) = &model.sources[source].traffic else {
            return;
        };
        let mut rng = stream(self.lead_key(source, ordinal), Purpose::Traffic, 0);
        let captured = open01(&mut rng) < traffic.capture_rate;
        // A visitor leaves its details on a later visit at the same time of
        // day (the dwell rounded to whole days), so captured leads keep the
        // source's hourly profile: a continuous dwell would spread them
        // evenly over the clock, night included.
        let days = (traffic.dwell.sample(&mut rng) / MINUTES_PER_DAY).round();
        let dwell = (days as u64).saturating_mul(TICKS_PER_DAY);
        if self.now >= model.warmup {
            self.tally.counts.visitors += 1;
            self.tally.lead_cost += traffic.cost_per_visitor;
        }
        self.tally.pool_move(None, Some(Pool::Traffic));
        // The ordinal rides in the event's generation: validation caps a
        // replication's arrivals far below 2^32.
        self.push_event(
            self.now.saturating_add(dwell),
            Kind::Visited,
            NO_LEAD,
            ordinal as u32,
            source,
            Task::Contact,
            captured,
        );
    }

    /// A visitor's dwell ends: it leaves the traffic pool, as a lead if it
    /// was captured and the arrival window is still open (a lead after the
    /// horizon would be an arrival after it).
    pub(super) fn visited(&mut self, source: usize, ordinal: u32, captured: bool) {
        self.tally.pool_move(Some(Pool::Traffic), None);
        if captured && self.now < self.model.horizon {
            self.new_lead(source, u64::from(ordinal));
        }
    }
}
