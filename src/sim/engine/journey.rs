//! The journey after the first contact: hand-offs, qualification,
//! consultation, decisions and escalation, closing, after-sales, referrals,
//! and the re-marketing loop for lost leads.

use super::events::Kind;
use super::lead::{BAND_MASK, CONTACTED, FOLLOWUP, Lead, MEASURED, TERMINAL};
use super::{Engine, Tracer};
use crate::sim::model::{Task, minutes_to_ticks, ticks_to_minutes};
use crate::sim::result::Pool;
use crate::sim::rng::{Purpose, mix, open01};
use crate::sim::trace::{Activity, NONE};

/// Why a lead was lost (decides the re-marketing share).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Loss {
    Unqualified,
    Defeated,
    Abandoned,
}

impl<T: Tracer> Engine<'_, T> {
    /// Whether a hand-off makes the customer repeat themselves.
    pub(super) fn repeat_penalty(&mut self, slot: u32) -> bool {
        if self.model.one_id {
            return false;
        }
        let lead = &mut self.leads[slot as usize];
        lead.penalty += self.model.customer.repeat_weight as f32;
        if lead.flags & MEASURED != 0 {
            self.tally.counts.repeated_questions += 1;
        }
        true
    }

    pub(super) fn count_handoff(&mut self, slot: u32, with_repeat: bool) -> bool {
        let lead = &mut self.leads[slot as usize];
        lead.handoffs = lead.handoffs.saturating_add(1);
        lead.penalty += self.model.customer.handoff_weight as f32;
        if lead.flags & MEASURED != 0 {
            self.tally.counts.handoffs += 1;
        }
        with_repeat && self.repeat_penalty(slot)
    }

    /// Passes the customer to another unit (a routed contact or a channel's
    /// consultation): counts the hand-off, applies the repeat-yourself
    /// penalty without One-ID, and waits the transfer delay; the wait until
    /// the receiving unit starts is a follow-up wait.
    fn hand_off(&mut self, slot: u32, unit: usize, task: Task) {
        let repeat = self.count_handoff(slot, true);
        self.start_followup(slot);
        self.transfer(slot, unit, task, repeat);
    }

    /// From now until its service starts, the lead's next task is a
    /// follow-up wait that scores against the follow-up expectation.
    fn start_followup(&mut self, slot: u32) {
        let lead = &mut self.leads[slot as usize];
        lead.mark = self.now;
        lead.flags2 |= FOLLOWUP;
    }

    /// Sends the lead's next task to `unit` after the transfer delay.
    fn transfer(&mut self, slot: u32, unit: usize, task: Task, repeat: bool) {
        let delay = match &self.model.transfer_delay {
            Some(dist) => {
                let lead = &self.leads[slot as usize];
                minutes_to_ticks(dist.sample_once(
                    lead.key,
                    Purpose::Transfer,
                    u64::from(lead.step),
                ))
            }
            None => 0,
        };
        if delay == 0 {
            self.enqueue(slot, unit, task, repeat);
        } else {
            self.leads[slot as usize].unit = unit as u16;
            self.schedule(
                self.now.saturating_add(delay),
                Kind::Transfer,
                slot,
                unit,
                task,
                repeat,
            );
        }
    }

    pub(super) fn task_done(&mut self, slot: u32, unit: usize, task: Task) {
        match task {
            Task::Contact => {
                let routes = &self.model.units[unit].routes;
                if !routes.is_empty() {
                    let step = u64::from(self.leads[slot as usize].step);
                    let u = self.draw(slot, Purpose::Route, step);
                    if let Some(&(next, _)) = routes.iter().find(|(_, cumulative)| u < *cumulative)
                    {
                        self.hand_off(slot, next, Task::Contact);
                        return;
                    }
                }
                if self.model.funnel.is_some() {
                    self.qualify(slot);
                } else {
                    self.terminal_completed(slot);
                }
            }
            Task::Nurture => self.qualify(slot),
            Task::Consult => self.consulted(slot),
            Task::Decision => {
                let level = self.leads[slot as usize].level;
                if self.model.units[unit].authority >= level {
                    self.decided(slot);
                } else {
                    self.escalate(slot, unit);
                }
            }
            Task::AfterSales => {
                self.after_sales_served(slot);
                self.owner_done(slot);
            }
            Task::Duplicate => {}
        }
    }

    #[inline]
    fn terminal_completed(&mut self, slot: u32) {
        // A queueing model without a funnel: the lead leaves the lead pool.
        self.tally.pool_move(Some(Pool::Lead), None);
        if self.measured(slot) {
            self.tally.counts.completed += 1;
        }
        self.record_end(slot, true);
        self.release(slot);
    }

    /// Qualification: `p = q_grade · m(first response) · c(S) [· r on a re-marketing cycle]`.
    fn qualify(&mut self, slot: u32) {
        let model = self.model;
        let Some(funnel) = &model.funnel else { return };
        let lead = self.leads[slot as usize];
        // Every lead is contacted before it is qualified (on a re-marketing
        // cycle the field holds that contact's response time, from the
        // release from incubation); 0 keeps the core total if that changed.
        let first_response = if lead.flags & CONTACTED != 0 {
            ticks_to_minutes(lead.arrival_or_response)
        } else {
            0.0
        };
        // The unit that just served the lead is the one that qualifies it.
        let mut p = model.grades[usize::from(lead.grade)].qualify
            * model.units[usize::from(lead.unit)].qualify_skill
            * funnel.response_multiplier(first_response)
            * model
                .customer
                .conversion_multiplier(self.satisfaction(slot));
        if lead.cycles > 0 {
            p *= funnel
                .nurture
                .as_ref()
                .map_or(1.0, |n| n.requalify_multiplier);
        }
        let cycle = u64::from(lead.cycles);
        if self.draw(slot, Purpose::Qualify, cycle) >= p {
            self.lost(slot, Loss::Unqualified);
            return;
        }
        self.tally
            .pool_move(Some(pool_before_qualifying(&lead)), Some(Pool::Prospect));
        if lead.flags & MEASURED != 0 {
            self.tally.counts.prospects += 1;
        }
        let u = self.draw(slot, Purpose::Channel, cycle);
        let channel_index = funnel
            .channels
            .iter()
            .position(|c| u < c.cumulative_share)
            .unwrap_or(funnel.channels.len() - 1);
        let channel = &funnel.channels[channel_index];
        if T::ON {
            self.trace_qualified(slot, channel_index, lead.unit);
        }
        let lead = &mut self.leads[slot as usize];
        lead.channel = channel_index as u8;
        lead.penalty +=
            (model.customer.inconsistency_weight * (1.0 - channel.price_consistency)) as f32;
        if usize::from(lead.unit) == channel.unit {
            self.start_followup(slot);
            self.enqueue(slot, channel.unit, Task::Consult, false);
        } else {
            self.hand_off(slot, channel.unit, Task::Consult);
        }
    }

    fn consulted(&mut self, slot: u32) {
        let model = self.model;
        let Some(funnel) = &model.funnel else { return };
        let lead = self.leads[slot as usize];
        let channel = &funnel.channels[usize::from(lead.channel)];
        let cycle = u64::from(lead.cycles);
        let mut decision = self.lead_stream(slot, Purpose::Decision, cycle);
        if open01(&mut decision) >= channel.decision_share || funnel.decision_level_cdf.is_empty() {
            // No decision on this cycle, so no discount: a level left from
            // an earlier cycle must not price this order.
            self.leads[slot as usize].level = 0;
            self.close(slot);
            return;
        }
        let u = open01(&mut decision);
        let level = funnel
            .decision_level_cdf
            .iter()
            .position(|&c| u < c)
            .unwrap_or(funnel.decision_level_cdf.len() - 1)
            + 1;
        let lead = &mut self.leads[slot as usize];
        lead.level = level as u8;
        lead.mark = self.now;
        if lead.flags & MEASURED != 0 {
            self.tally.counts.decisions += 1;
        }
        if model.units[channel.unit].authority >= level as u8 {
            self.decided(slot);
        } else {
            self.escalate(slot, channel.unit);
        }
    }

    /// Hands a decision request up the chain: internal work that takes the
    /// transfer delay but does not pass the customer on (no hand-off, no
    /// repeated question); its wait is the decision lead time.
    fn escalate(&mut self, slot: u32, unit: usize) {
        match self.model.units[unit].escalate_to {
            Some(next) => self.transfer(slot, next, Task::Decision, false),
            // Validation guarantees a chain that reaches enough authority;
            // deciding here keeps the core total anyway.
            None => self.decided(slot),
        }
    }

    fn decided(&mut self, slot: u32) {
        let model = self.model;
        if let Some(funnel) = &model.funnel {
            let lead = &mut self.leads[slot as usize];
            let minutes = ticks_to_minutes(self.now - lead.mark);
            lead.penalty += model
                .customer
                .wait_penalty(minutes, funnel.decision_expected_minutes)
                as f32;
            if lead.flags & MEASURED != 0 {
                self.tally.decision_sum += minutes;
                self.tally.decided += 1;
                self.tally.decision.record(minutes);
            }
        }
        self.close(slot);
    }

    /// Closing: `p = close_rate(channel) · c(S)`.
    fn close(&mut self, slot: u32) {
        let model = self.model;
        let Some(funnel) = &model.funnel else { return };
        let lead = self.leads[slot as usize];
        let channel = &funnel.channels[usize::from(lead.channel)];
        // The channel's unit consults the customer, so its skill closes.
        let p = channel.close_rate
            * model.units[channel.unit].close_skill
            * model
                .customer
                .conversion_multiplier(self.satisfaction(slot));
        if self.draw(slot, Purpose::Close, u64::from(lead.cycles)) >= p {
            self.lost(slot, Loss::Defeated);
            return;
        }
        self.tally
            .pool_move(Some(Pool::Prospect), Some(Pool::Owner));
        if T::ON {
            self.trace_step(slot, Activity::Order, channel.unit as u16);
        }
        let measured = lead.flags & MEASURED != 0;
        if measured {
            self.tally
                .segments(lead.grade, lead.source, |s| s.ordered += 1);
            let counts = &mut self.tally.counts;
            counts.ordered += 1;
            counts.orders_by_channel[usize::from(lead.channel)] += 1;
            match lead.flags2 & BAND_MASK {
                0 => counts.orders_first_contact_within_hour += 1,
                1 => counts.orders_first_contact_hours_1_to_24 += 1,
                2 => counts.orders_first_contact_after_24_hours += 1,
                _ => {}
            }
            if lead.cycles > 0 {
                counts.remarketing_orders += 1;
            }
            self.tally.order_cost += channel.cost_per_order;
            // The one place a discount acts: the decision's level (0 when
            // the deal needed none) sets how much of the list price the
            // order brings in.
            let (revenue, margin) = channel.order_value(&funnel.decision_discounts, lead.level);
            self.tally.revenue += revenue;
            self.tally.gross_margin += margin;
            self.tally.discounts += channel.price - revenue;
        }
        self.leads[slot as usize].flags |= TERMINAL;
        if let Some(after_sales) = &funnel.after_sales {
            let mut rng = self.lead_stream(slot, Purpose::AfterSales, 0);
            if open01(&mut rng) < after_sales.request_probability {
                let delay = minutes_to_ticks(after_sales.delay.sample(&mut rng));
                let at = self.now.saturating_add(delay);
                // A request that would come after the end is never raised
                // (the owner's journey ends now), so it is not counted.
                if at <= self.end {
                    if measured {
                        self.tally.counts.after_sales_requests += 1;
                    }
                    self.schedule(
                        at,
                        Kind::AfterSalesRequest,
                        slot,
                        0,
                        Task::AfterSales,
                        false,
                    );
                    return;
                }
            }
        }
        self.owner_done(slot);
    }

    /// An owner's after-sales request was served: its revenue and margin
    /// count for a measured lead (the owner's value over the horizon; a
    /// referral's value comes through the referred lead's own order).
    fn after_sales_served(&mut self, slot: u32) {
        let Some(after_sales) = self
            .model
            .funnel
            .as_ref()
            .and_then(|f| f.after_sales.as_ref())
        else {
            return;
        };
        if self.leads[slot as usize].flags & MEASURED != 0 {
            self.tally.revenue += after_sales.revenue_per_request;
            self.tally.gross_margin += after_sales.revenue_per_request * after_sales.gross_margin;
        }
    }

    /// The owner's journey ends: satisfaction is recorded and a satisfied
    /// owner may refer a new lead, `p = p_max · clamp((S − 6)/4, 0, 1)`.
    fn owner_done(&mut self, slot: u32) {
        let model = self.model;
        let satisfaction = self.record_end(slot, true);
        if let Some(referral) = model.funnel.as_ref().and_then(|f| f.referral.as_ref()) {
            let p = referral.max_probability * ((satisfaction - 6.0) / 4.0).clamp(0.0, 1.0);
            let mut rng = self.lead_stream(slot, Purpose::Referral, 0);
            if open01(&mut rng) < p {
                let at = self
                    .now
                    .saturating_add(minutes_to_ticks(referral.delay.sample(&mut rng)));
                if at < model.horizon {
                    let key = mix(self.leads[slot as usize].key, Purpose::Referral as u64);
                    // The referred lead holds a slot from now on; it is not
                    // measured (and not counted) until it arrives.
                    let child = self.allocate(key, referral.source);
                    if at >= model.warmup {
                        self.tally.counts.referral_leads += 1;
                    }
                    self.schedule(at, Kind::ReferralArrival, child, 0, Task::Contact, false);
                }
            }
        }
        self.release(slot);
    }

    /// A lost lead may enter the incubation pool for a re-marketing contact.
    pub(super) fn lost(&mut self, slot: u32, loss: Loss) {
        let model = self.model;
        if T::ON {
            // `unreached` has already said how an abandoned lead was lost.
            let activity = match loss {
                Loss::Unqualified => Some(Activity::Unqualified),
                Loss::Defeated => Some(Activity::Defeated),
                Loss::Abandoned => None,
            };
            if let Some(activity) = activity {
                let unit = self.leads[slot as usize].unit;
                self.trace_step(slot, activity, unit);
            }
        }
        let from = match loss {
            Loss::Defeated => Pool::Prospect,
            Loss::Unqualified | Loss::Abandoned => {
                pool_before_qualifying(&self.leads[slot as usize])
            }
        };
        if let Some(nurture) = model.funnel.as_ref().and_then(|f| f.nurture.as_ref()) {
            let lead = self.leads[slot as usize];
            let share = match loss {
                Loss::Unqualified => nurture.share_unqualified,
                Loss::Defeated => nurture.share_defeated,
                Loss::Abandoned => nurture.share_abandoned,
            };
            if lead.cycles < nurture.max_cycles {
                let mut rng = self.lead_stream(slot, Purpose::Nurture, u64::from(lead.cycles));
                if open01(&mut rng) < share {
                    let at = self
                        .now
                        .saturating_add(minutes_to_ticks(nurture.delay.sample(&mut rng)));
                    self.leads[slot as usize].cycles += 1;
                    if T::ON {
                        self.trace_step(slot, Activity::Incubated, NONE);
                    }
                    self.tally.pool_move(Some(from), Some(Pool::Incubation));
                    if lead.flags & MEASURED != 0 {
                        self.tally.counts.incubated += 1;
                    }
                    if at <= self.end {
                        self.schedule(at, Kind::Incubated, slot, 0, Task::Nurture, false);
                    }
                    // Beyond the end the lead stays in the pool: unfinished.
                    return;
                }
            }
        }
        if self.measured(slot) {
            let counts = &mut self.tally.counts;
            match loss {
                Loss::Unqualified => counts.lost_unqualified += 1,
                Loss::Defeated => counts.lost_defeated += 1,
                Loss::Abandoned => counts.lost_abandoned += 1,
            }
        }
        self.tally.pool_move(Some(from), None);
        self.leads[slot as usize].flags |= TERMINAL;
        self.record_end(slot, false);
        self.release(slot);
    }
}

/// The pool of a lead that has not qualified in its current cycle: the lead
/// pool on its first cycle, incubation once it has been incubated.
fn pool_before_qualifying(lead: &Lead) -> Pool {
    if lead.cycles > 0 {
        Pool::Incubation
    } else {
        Pool::Lead
    }
}
