//! The pure Monte Carlo core.
//!
//! `sim` never touches the browser, the clock, the file system or threads,
//! and it compiles for `wasm32-unknown-unknown`. Every transcendental
//! function goes through the pure-Rust `libm` crate and every random number
//! through [`rng`], so a replication is bit-identical natively and in the
//! browser.
//!
//! ## API (called by the CLI and the browser worker)
//!
//! ```text
//! let model = scenario::load(json)?;                      // Result<Model, Vec<ValidationError>>
//! let result = sim::run_replication(&model, seed, r);     // ReplicationResult, never fails
//! let report = report::Report::from_replications(&model, &results);
//! ```
//!
//! Replications are independent: replication `r` of seed `s` depends only on
//! `(model, s, r)`, so a worker pool may run any subset in any order; the
//! report combines them sorted by replication number.
//!
//! ## The model, event by event
//!
//! 1. **Arrival.** Each source is a Poisson process with rate
//!    `λ(t) = λ̄ · h(hour of week) · Π campaign multipliers`, sampled by
//!    thinning. A lead gets a grade from the source's grade mix, a patience
//!    draw, and an owning link: the first routing rule that matches its grade
//!    and source, else the source's own link. It joins the link's entry unit
//!    (or the source's entry unit) for its *first contact*.
//! 2. **Waiting.** If the lead is not contacted within its patience it
//!    abandons. With the source's `reach`, a first contact takes call
//!    attempts (probability `p` each, a retry interval, at most
//!    `max_attempts`, then *not reached*). If its link has a first-contact SLA
//!    and the lead is still waiting when it expires, the breach is counted
//!    and, with a breach unit, the lead is re-routed there when that unit is
//!    open with people on shift (a hand-off). With `duplicate_contact_share`
//!    the other link also calls (one attempt, the source's reach): its call
//!    is the first contact if it comes first, and the wait for the owning
//!    link's call is then a follow-up wait; the second call, whichever it
//!    is, costs `w_duplicate` when it happens.
//!    A unit serves with its headcount, or inside a shift block with the
//!    block's; when the headcount drops nobody is pre-empted (busy people
//!    finish the lead in hand, then the unit starts new work only below
//!    the new headcount), and when it rises queued work starts at once.
//! 3. **Routed hand-offs.** After a contact a unit's `routes` send the lead on
//!    with the given probabilities (a Jackson network when there is no funnel).
//!    Every hand-off adds the transfer delay and, without One-ID, the
//!    repeat-yourself penalty and `repeat_extra_minutes` of service; the wait
//!    until the next unit starts is a follow-up wait.
//! 4. **Qualification** (funnel only): prospect with probability
//!    `p = q_grade · m(t) · c(S′)`, times the re-qualification multiplier on a
//!    re-marketing cycle, where `t` is the first-response time in minutes (on
//!    a re-marketing cycle: from the release from incubation to the
//!    re-marketing contact),
//!    `m(t) = f + (1 − f)·exp(−t/τ)` (defaults `f = 1/60`, `τ = 200 min`:
//!    contact within the hour qualifies ≈ 7× as often as later contact and
//!    ≈ 50–60× as often as after 24 h, the HBR 2011 calibration), and
//!    `c(S′) = clamp(1 + k·(S′ − S_ref)/10, 0, 2)` with `S′` the satisfaction
//!    without the first contact's wait term. **Invariant:** the first wait
//!    acts on conversion once, through `m(t)`; it is kept apart in the lead
//!    record (`first_contact`) so `c` never sees it.
//! 5. **Channel.** A prospect goes to a channel by the channel shares and gets
//!    a consultation at the channel's unit. Price inconsistency costs
//!    `w_inconsistency · (1 − price_consistency)` satisfaction points.
//! 6. **Decision.** With the channel's `decision_share` the deal needs a
//!    decision of a level drawn from `decision_levels`. A unit whose
//!    `authority` ≥ level decides; otherwise the request goes up the
//!    `escalate_to` chain (internal: transfer delay, no customer hand-off),
//!    each unit reviewing it in its queue. A committee
//!    decides everything pending at its next meeting (batching): requests
//!    wait in its queue until the meeting ends, so its queue length and wait
//!    are the pending decisions and the time from request to decision.
//! 7. **Close.** Order with probability `close_rate · c(S′)`; otherwise
//!    defeated.
//! 8. **Re-marketing loop.** Unqualified, defeated, abandoned and not-reached leads enter
//!    incubation with the configured shares, wait the incubation delay, get a
//!    re-marketing contact at the nurture unit and are qualified again (at most
//!    `max_cycles` times).
//! 9. **Owner.** An order may raise an after-sales request (served at the
//!    after-sales unit, its wait counting against the expectation). When the
//!    owner's journey ends, a referral follows with probability
//!    `p_max · clamp((S − 6)/4, 0, 1)`, arriving as a lead of the referral source.
//!
//! ## Satisfaction (0–10)
//!
//! One score per measured lead (**invariant:** the satisfaction histogram
//! holds `leads` scores): `S = clamp(S₀ + Σ phase terms − Σ penalties +
//! bonus, 0, 10)`. Each waited phase (first contact, follow-up after a
//! hand-off or before a consultation, decision, after-sales) scores
//! `+prompt_bonus · (1 − W/E)` below its expectation `E` and
//! `−w_wait · ln(W/E)` above it; each hand-off `−w_handoff`; each repeated
//! question `−w_repeat`; each duplicate call `−w_duplicate`; price
//! inconsistency as above; `+resolution_bonus` when the lead ordered (or,
//! without funnel, was served). A lead never reached scores at most
//! `unserved_satisfaction`; an unfinished lead counts as it stands at the
//! end. NPS counts ≥ 9 as promoters and ≤ 6 as detractors.
//!
//! ## Costs
//!
//! Staff: `hourly_cost × staffed hours` per unit in the window (headcount ×
//! open hours, a shift block's headcount inside the block)
//! (committees: members × meeting hours); plus `cost_per_lead` per lead of
//! each source, `cost_per_order` per order of each channel, and the
//! `fixed_costs` per month pro rata over the measured window.
//! `cost_per_order = total / max(orders, 1)`.
//!
//! ## Revenue and gross profit
//!
//! At closing, an order brings its channel's `price · (1 − d)` in revenue
//! and `price · (m − d)` in gross margin, `d` the discount of the decision
//! level its deal took (0 without a decision): the one place a discount
//! acts. A served after-sales request brings its revenue and margin.
//! Gross profit = margin − total cost; profit per lead divides it by every
//! measured lead. A referral's value is its referred lead's own order.

pub mod dist;
pub mod engine;
pub mod histogram;
pub mod model;
pub mod result;
pub mod rng;
pub mod trace;
pub mod ziggurat;

pub use engine::{run_replication, run_replication_traced};
pub use model::Model;
pub use result::ReplicationResult;
