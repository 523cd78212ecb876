//! The journey until the first contact: arrival (grade, owning link,
//! timers), the other link's duplicate contact, call attempts, abandonment,
//! SLA re-routes, and the first contact itself.

use super::events::Kind;
use super::journey::Loss;
use super::lead::{
    ATTEMPT_SHIFT, BAND_MASK, CONTACTED, FOLLOWUP, IN_QUEUE, LIVE, Lead, MEASURED,
    OWN_CONTACT_DUPLICATE, QUEUED_IN_WINDOW, RETRYING, WAITING_FIRST, millipoints,
};
use super::queues::DUPLICATE_LINK;
use super::{Engine, Tracer};
use crate::sim::model::{Task, minutes_to_ticks, ticks_to_minutes};
use crate::sim::result::{FIRST_RESPONSE_BIN_EDGES, FIRST_RESPONSE_BINS, Pool};
use crate::sim::rng::Purpose;
use crate::sim::trace::Activity;

impl<T: Tracer> Engine<'_, T> {
    /// A lead enters the system: grade, patience, owning link, SLA,
    /// duplicate contact, and its first-contact task.
    ///
    /// Always inlined: once per lead, from `new_lead` (and referrals).
    #[inline(always)]
    pub(super) fn arrive(&mut self, slot: u32) {
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
        self.tally.pool_move(None, Some(Pool::Lead));
        if measured {
            self.tally.counts.leads += 1;
            self.tally.lead_cost += source.cost_per_lead;
            self.tally
                .segments(grade as u8, source_index as u16, |s| s.leads += 1);
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
        if T::ON {
            self.trace_arrival(slot, source_index, grade, link, measured);
        }
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
        match self.pickup_delay(slot, link, 0) {
            0 => self.enqueue(slot, entry, Task::Contact, false),
            delay => {
                // Until the link picks the lead up nobody can call it: it
                // waits as between call attempts (an abandonment then
                // ends it, an SLA breach is counted but finds it in no
                // queue to re-route from).
                let lead = &mut self.leads[slot as usize];
                lead.flags2 |= RETRYING;
                lead.unit = entry as u16;
                let at = self.now.saturating_add(delay);
                self.schedule(at, Kind::Retry, slot, entry, Task::Contact, false);
            }
        }
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

    /// The ticks until `link` can work the lead (its pick-up delay; step
    /// 0 for the owning link, 1 for the other link's duplicate call).
    #[inline]
    fn pickup_delay(&self, slot: u32, link: Option<usize>, step: u64) -> u64 {
        match link.and_then(|l| self.model.links[l].pickup.as_ref()) {
            Some(dist) => minutes_to_ticks(dist.sample_once(
                self.leads[slot as usize].key,
                Purpose::Pickup,
                step,
            )),
            None => 0,
        }
    }

    /// Without coordination the other link also calls the customer: it
    /// costs that link capacity and the customer some satisfaction. The
    /// other link calls once it has picked the lead up.
    fn duplicate_contact(&mut self, slot: u32, owner: usize) {
        let model = self.model;
        if self.draw(slot, Purpose::Duplicate, 0) >= model.duplicate_contact_share {
            return;
        }
        let other = (owner + 1) % model.links.len();
        match self.pickup_delay(slot, Some(other), 1) {
            0 => self.join_duplicate(slot, other),
            delay => {
                let at = self.now.saturating_add(delay);
                self.schedule(at, Kind::DuplicateCall, slot, other, Task::Contact, false);
            }
        }
    }

    /// The `other` link's duplicate call joins its entry unit's queue.
    pub(super) fn join_duplicate(&mut self, slot: u32, other: usize) {
        let model = self.model;
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

    /// The other link's call (a duplicate-contact record) reaches its
    /// customer: as the first contact if the owning link has not reached
    /// them yet (the owning link's own call, still queued, is then the
    /// duplicate), otherwise as a duplicate call. A call to a customer
    /// whose journey has ended, or one that does not reach them (the
    /// source's reach per attempt, one attempt), costs the link its time
    /// and nothing else.
    pub(super) fn duplicate_call(&mut self, record: &Lead, measured: bool) {
        if measured {
            self.tally.counts.duplicate_contacts += 1;
        }
        let slot = record.arrival_or_response as u32;
        let Some(lead) = self.leads.get(slot as usize) else {
            return;
        };
        if lead.generation != record.generation || lead.flags & LIVE == 0 {
            return;
        }
        if let Some(reach) = &self.model.sources[usize::from(lead.source)].reach
            && self.draw(slot, Purpose::Duplicate, 2) >= reach.probability
        {
            return;
        }
        let lead = &mut self.leads[slot as usize];
        if lead.flags & WAITING_FIRST != 0 {
            // The journey goes on only when the owning link calls: until
            // then the customer waits as after any first contact, a
            // follow-up wait (without it a slow owning link cost nothing
            // once the other link had called).
            lead.flags2 |= OWN_CONTACT_DUPLICATE | FOLLOWUP;
            lead.mark = self.now;
            self.first_contact(slot);
        } else {
            lead.penalty += self.model.customer.duplicate_weight as f32;
        }
    }

    /// A lead's service starts: the wait it ends scores (after-
    /// sales, follow-ups), a re-marketing contact sets the response time,
    /// and a lead waiting for its first contact is called. Returns the
    /// duration of that call when it is an attempt that does not reach the
    /// customer.
    #[inline]
    pub(super) fn service_started(&mut self, slot: u32) -> Option<u64> {
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
    ///
    /// Always inlined: nearly every call comes from the start of a service,
    /// once per lead, where the call cost about 15 instructions.
    #[inline(always)]
    fn first_contact(&mut self, slot: u32) {
        self.score_wait_so_far(slot);
        if T::ON {
            let unit = self.leads[slot as usize].unit;
            self.trace_step(slot, Activity::FirstContact, unit);
        }
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
            tally.segments(lead.grade, lead.source, |s| {
                s.contacted += 1;
                s.first_response_minutes_sum += minutes;
            });
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
    pub(super) fn attempt_failed(&mut self, slot: u32, unit: usize) {
        let model = self.model;
        let lead = self.leads[slot as usize];
        let Some(reach) = &model.sources[usize::from(lead.source)].reach else {
            return;
        };
        if lead.flags & WAITING_FIRST == 0 {
            // The other link reached the customer during this attempt: the
            // journey goes on as after a contact, without a second call
            // and with no more waiting for one.
            self.leads[slot as usize].flags2 &= !(OWN_CONTACT_DUPLICATE | FOLLOWUP);
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

    pub(super) fn abandon(&mut self, slot: u32) {
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
    #[inline]
    pub(super) fn score_wait_so_far(&mut self, slot: u32) {
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
        if T::ON {
            let activity = if abandoned {
                Activity::Abandoned
            } else {
                Activity::NotReached
            };
            self.trace_step(slot, activity, lead.unit);
        }
        if lead.flags & MEASURED != 0 {
            if abandoned {
                self.tally.counts.abandonments += 1;
                self.tally
                    .segments(lead.grade, lead.source, |s| s.abandoned += 1);
            } else {
                self.tally.counts.not_reached += 1;
            }
        }
        self.lost(slot, Loss::Abandoned);
    }

    /// The owning link's SLA expired (`recheck`: a re-route that waited for
    /// the breach unit to open, the breach already counted).
    pub(super) fn sla_check(&mut self, slot: u32, link: usize, recheck: bool) {
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
        let state = &self.units[breach_unit];
        if !state.open || state.servers == 0 {
            // Moving a lead to a unit that is closed, or open with nobody on
            // shift, would only make it wait there: look again when the
            // breach unit opens or its shift changes (the opening and shift
            // events at that tick come first: they were scheduled earlier),
            // and re-route then if the lead still waits.
            let spec = &self.model.units[breach_unit];
            let at = if state.open {
                spec.next_shift_change(self.now)
            } else {
                spec.hours
                    .as_ref()
                    .map_or(u64::MAX, |h| h.next_open(self.now))
            };
            if at != u64::MAX {
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
}
