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
//! - `notes.rs`: the fit's words — each value's estimation [`notes::Method`]
//!   and what the log could not tell ([`notes::Note`]) — in either language.
//! - `fit.rs`: from a log to a scenario: [`fit::fit`]`(&log, &FitOptions)
//!   -> Result<Fitted, FitError>`, each value at its field with an
//!   assumption, and the list of [`fit::Quantity`].
//! - `events.rs`: the event log and the lead log of one traced replication.
//! - `backtest.rs`: the fitted scenario's simulated log against the real
//!   one: [`backtest::backtest`]`(&model, &observed, &simulated) ->
//!   Backtest` (each simulated replication from
//!   [`backtest::simulated_log`]`(&model, seed, r)`, run wherever the caller
//!   runs replications), `to_json_value()`, `table()`.
//! - `mod.rs` (here): [`fit_text`], reading and fitting in one step with
//!   one error type whose [`Error::message`] the app shows in either
//!   language.

pub mod backtest;
pub mod columns;
pub mod csv;
pub mod estimate;
pub mod events;
pub mod fit;
pub mod log;
pub mod notes;
#[cfg(test)]
mod tests;

use crate::i18n::Lang;

/// Why a log could not be turned into a scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// The log cannot be read (no header, a required column missing, no
    /// valid row).
    Log(log::LogError),
    /// The fitted scenario does not validate (an invalid base, a limit).
    Fit(fit::FitError),
}

impl Error {
    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Log(e) => e.message(lang),
            Error::Fit(e) => e.message(lang),
        }
    }
}

/// Reads a lead log (or event log) and fits a scenario to it: what the
/// app's Fit view calls with the file's text. The log is returned too: its
/// bad rows (by line) are for the user to see, and the back-test compares
/// with it.
pub fn fit_text(
    text: &str,
    zone: Option<time::Offset>,
    options: &fit::FitOptions,
) -> Result<(log::Log, fit::Fitted), Error> {
    let log = log::parse(text, zone).map_err(Error::Log)?;
    let fitted = fit::fit(&log, options).map_err(Error::Fit)?;
    Ok((log, fitted))
}
pub mod time;
