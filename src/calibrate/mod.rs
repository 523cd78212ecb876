//! Calibration to a client's own data: a lead log in, a scenario out
//! (issue 14, parts 1–3).
//!
//! ```text
//! lead log (CSV) ──► log::parse ──► fit::fit ──► Scenario (+ fitted values)
//!                                      │
//!   Scenario ──► sim (traced) ──► events::lead_log / event_log ──► CSV
//!   Scenario + lead log ──► backtest::backtest ──► report (json / table)
//! ```
//!
//! Pure library code, browser-free: the app calls the same functions in
//! its wasm build (nothing here touches files, clocks or threads; the
//! back-test takes a replication runner from the caller).
//!
//! ## Codemap
//!
//! - `columns.rs`: the lead log's columns ([`columns::Column`]) and the
//!   event log's ([`columns::EventColumn`]).
//! - `csv.rs`: CSV records (quotes, CRLF, BOM, comments), borrowed fields.
//! - `time.rs`: ISO 8601 timestamps to milliseconds and back.
//! - `log.rs`: the rows of a lead log or an event log, names interned, bad
//!   rows kept by line: [`log::parse`]`(text, zone) -> Result<Log, LogError>`.
//! - `estimate.rs`: the estimators, each a pure function tested against
//!   known distributions (exponential with censoring, lognormal, Wilson,
//!   the response-time decay by maximum likelihood).
//! - `fit.rs`: from a log to a scenario: [`fit::fit`]`(&log, &FitOptions)
//!   -> Result<Fitted, FitError>`, each value at its field with an
//!   assumption, and the list of [`fit::Quantity`].
//! - `events.rs`: the event log and the lead log of one traced replication.
//! - `backtest.rs`: the fitted scenario's simulated log against the real
//!   one: [`backtest::backtest`].

pub mod backtest;
pub mod columns;
pub mod csv;
pub mod estimate;
pub mod events;
pub mod fit;
pub mod log;
#[cfg(test)]
mod tests;
pub mod time;
