//! Analyses built on many runs of related scenarios on common random
//! numbers: why two scenarios differ (`orgflow explain`), and how much
//! each input of one scenario matters (`orgflow sensitivity`).
//!
//! Pure library code, shared by the command-line tool and (later) the
//! app: the caller runs the models a plan asks for — on a thread pool
//! natively ([`crn::kpi_values_on`]), in Web Workers in the browser — and
//! hands the KPI values back.
//!
//! Files, one concept each:
//! - [`groups`]: the vocabulary of input groups and which group each
//!   difference of `scenario::diff` belongs to (structure first);
//! - [`coalition`]: the scenario "A with B's values at these paths", and
//!   moving differences between groups when such a mixture is invalid;
//! - [`shapley`]: Shapley values, exact or from sampled permutations, of
//!   any value function (no simulation);
//! - [`crn`]: one KPI of several models over the same replications;
//! - [`erlang`]: Erlang C and Erlang A (M/M/c and M/M/c+M): waiting,
//!   abandonment, service level, least staffing, the theory the optimiser
//!   agrees with on a single queue;
//! - [`explain`]: the plan (groups, coalitions, their models) and the
//!   explanation (per-replication Shapley values, their means and
//!   intervals), with its JSON and table;
//! - [`target`]: service targets (`KPI>=value`, `KPI<=value`) and when
//!   one is met with 95 % confidence;
//! - [`lever`]: what the optimiser may set (a unit's headcount, a shift
//!   block's) and what a person more on it costs;
//! - [`optimise`]: the least-cost headcount meeting every target, a search
//!   the caller drives batch by batch (`orgflow optimise`);
//! - [`sensitivity`]: every numeric input −/+ a percentage, each variant
//!   paired with the scenario, largest effect first;
//! - [`uncertainty`]: inputs drawn from their stated ranges once per
//!   replication, the KPI's interval from those ranges beside the one
//!   from chance.

pub mod coalition;
pub mod crn;
pub mod erlang;
pub mod explain;
pub mod groups;
pub mod lever;
pub mod optimise;
pub mod sensitivity;
pub mod shapley;
pub mod target;
pub mod uncertainty;
