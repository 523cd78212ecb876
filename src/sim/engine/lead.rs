//! Lead records: the 64-byte slab entry of a lead in flight, its flags,
//! allocation and release, and its own random streams.
//!
//! Every draw for a lead comes from a stream keyed by the lead's key, a
//! [`Purpose`] and a step, so it does not depend on the order in which
//! events happen or on any other lead.

use super::{Engine, Tracer};
use crate::sim::model::Task;
use crate::sim::rng::{Purpose, Stream, first_open01, stream};

// Lead flags.
pub(super) const MEASURED: u8 = 1;
pub(super) const WAITING_FIRST: u8 = 2;
pub(super) const IN_QUEUE: u8 = 4;
pub(super) const TERMINAL: u8 = 8;
pub(super) const LIVE: u8 = 16;
pub(super) const CONTACTED: u8 = 32;
/// The lead joined its current queue inside the measurement window, so
/// leaving that queue unserved is counted (as its joining was).
pub(super) const QUEUED_IN_WINDOW: u8 = 64;
/// The lead's queued task carries the repeat-yourself extra time.
pub(super) const QUEUED_REPEAT: u8 = 128;

// Second flag byte (`Lead::flags2`).
/// Bits 0–1: the band of the first response (0: within the hour, 1: hours
/// 1–24, 2: after 24 h; [`NO_BAND`] before the first contact or when the
/// first contact was a re-marketing contact).
pub(super) const BAND_MASK: u8 = 3;
const NO_BAND: u8 = 3;
/// The other link reached the customer first, so the owning link's own
/// contact, still queued, is the duplicate call.
pub(super) const OWN_CONTACT_DUPLICATE: u8 = 4;
/// Waiting to call again after a call attempt that did not reach the customer.
pub(super) const RETRYING: u8 = 8;
/// The queued task is a follow-up after a hand-off (routed contact,
/// consultation): its wait from `mark` scores against the follow-up
/// expectation when its service starts.
pub(super) const FOLLOWUP: u8 = 16;
/// Bits 5–7: call attempts made for the first contact (at most 7).
pub(super) const ATTEMPT_SHIFT: u8 = 5;

/// A lead in flight: 64 bytes, queue links included.
#[derive(Clone, Copy, Default)]
pub(super) struct Lead {
    pub(super) key: u64,
    /// Until the first contact the arrival time; from the first contact on
    /// the first-response time (ticks). Nothing needs the arrival time after
    /// the first contact, and qualification needs the first response only
    /// after it, so one field serves both.
    pub(super) arrival_or_response: u64,
    /// Start of the current timed phase (decision request, after-sales
    /// request); in a duplicate-contact record, the service in ticks.
    pub(super) mark: u64,
    /// When the lead joined its current queue.
    pub(super) queued_at: u64,
    pub(super) generation: u32,
    /// Queue neighbours while the lead waits (`queues::NO_LINK` at the ends).
    pub(super) prev: u32,
    pub(super) next: u32,
    /// Satisfaction points lost so far (negative: gained), except the first
    /// contact's wait: this is what the conversion multiplier `c(S)` sees.
    pub(super) penalty: f32,
    /// Points the wait for the first contact cost (or, negative, earned),
    /// in thousandths: part of the recorded satisfaction but not of `c(S)`,
    /// since the response-time decay `m(t)` already carries that wait's
    /// effect on conversion (see README, causal table).
    pub(super) first_contact: i16,
    pub(super) flags2: u8,
    pub(super) source: u16,
    pub(super) unit: u16,
    pub(super) step: u16,
    pub(super) grade: u8,
    pub(super) channel: u8,
    pub(super) level: u8,
    pub(super) handoffs: u8,
    pub(super) cycles: u8,
    pub(super) flags: u8,
    /// The task the lead waits for in its queue.
    pub(super) queued_task: Task,
}

/// Satisfaction points in thousandths, saturating (a wait penalty beyond 32
/// points already clamps the score at 0).
#[inline]
pub(super) fn millipoints(points: f64) -> i16 {
    (points * 1000.0).clamp(-32_767.0, 32_767.0) as i16
}

impl<T: Tracer> Engine<'_, T> {
    #[inline]
    pub(super) fn allocate(&mut self, key: u64, source: usize) -> u32 {
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
    pub(super) fn release(&mut self, slot: u32) {
        let lead = &mut self.leads[slot as usize];
        lead.generation = lead.generation.wrapping_add(1);
        lead.flags = 0;
        self.free.push(slot);
    }

    pub(super) fn lead_stream(&self, slot: u32, purpose: Purpose, step: u64) -> Stream {
        stream(self.leads[slot as usize].key, purpose, step)
    }

    /// The first uniform of the lead's `(purpose, step)` stream.
    pub(super) fn draw(&self, slot: u32, purpose: Purpose, step: u64) -> f64 {
        first_open01(self.leads[slot as usize].key, purpose, step)
    }

    pub(super) fn measured(&self, slot: u32) -> bool {
        self.leads[slot as usize].flags & MEASURED != 0
    }

    /// The satisfaction the conversion multiplier `c(S)` sees: everything
    /// but the first contact's wait, whose effect on conversion is `m(t)`.
    #[inline]
    pub(super) fn satisfaction(&self, slot: u32) -> f64 {
        let customer = &self.model.customer;
        (customer.base - f64::from(self.leads[slot as usize].penalty)).clamp(0.0, 10.0)
    }
}
