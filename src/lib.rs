//! # orgflow
//!
//! A Monte Carlo simulator that lets strategy teams at car makers and dealer
//! groups compare organisation designs (front/back, front/middle/back, mesh),
//! dual-link customer operations and channel mixes. It runs natively (the
//! `orgflow` command-line tool) and in the browser (a Yew app whose
//! simulations run in Web Workers).
//!
//! ## Data flow
//!
//! Data flows one way, and each arrow is a module boundary:
//!
//! ```text
//! scenario file ──► scenario::validate ──► sim (replications) ──► report ──► chart / ui
//!   (JSON, v1)        (field-path errors)    (pure, seeded)        (CIs)      (browser)
//! ```
//!
//! ## Codemap
//!
//! - [`sim`]: the discrete-event core. Pure Rust: it never depends on yew,
//!   web-sys, gloo or anything that touches the browser, so it is tested
//!   natively and fast. Entry point: [`sim::run_replication`]`(&model, seed,
//!   replication) -> ReplicationResult`; the model and every formula are
//!   documented in the module docs. The engine itself, [`sim::engine`], is a
//!   folder with one file per concept (events, lead records, queues,
//!   arrivals, first contact, committees, the later journey, the tally),
//!   listed in its codemap.
//! - [`scenario`]: the versioned JSON file format, validation into a model
//!   the core accepts, and the built-in presets: [`scenario::load`]`(json)
//!   -> Result<Model, Vec<ValidationError>>`, [`scenario::presets()`],
//!   [`scenario::SCHEMA_JSON`]; [`scenario::diff::diff`] lists the
//!   differences between two scenarios and the assumptions covering them.
//!   The format's vocabularies (distribution kinds and their parameters,
//!   service tasks, weekdays) are enums in [`scenario::vocab`], matched
//!   exhaustively wherever they are used; the validator,
//!   [`scenario::validate`](mod@scenario::validate), is a folder with one file per part of the
//!   scenario (distributions, grades, units and their graph, links, sources,
//!   limits, funnel, customer), listed in its module docs.
//! - [`report`]: statistics across replications, comparisons, CSV/JSON export:
//!   [`report::Report::from_replications`], [`report::Comparison::paired`],
//!   [`report::target_reached`] (early stop), [`report::digest`]. Every KPI
//!   is a [`report::Kpi`] of one registry ([`report::kpi`]: key, how to read
//!   it from a replication, unit, better direction, labels in both
//!   languages); nothing else names a KPI by a string.
//! - [`analysis`]: analyses over many runs of related scenarios on common
//!   random numbers: [`analysis::explain::Plan`] groups the differences
//!   between two scenarios ([`analysis::groups`]), builds "A with B's
//!   values" for each coalition of groups ([`analysis::coalition`]), and
//!   attributes the KPI difference by Shapley values
//!   ([`analysis::shapley`]), per replication; [`analysis::sensitivity`]
//!   varies one input at a time; [`analysis::crn`] runs the models on the
//!   same replications; [`analysis::optimise::Search`] finds the
//!   least-cost headcount (per unit and shift block, [`analysis::lever`])
//!   meeting service targets ([`analysis::target`]) with 95 % confidence,
//!   a state machine the caller feeds batch by batch (`next_batch`, run
//!   the models, `accept`, `outcome`); [`analysis::erlang`] holds the
//!   Erlang C / A formulas it agrees with on one queue. Pure library code;
//!   the caller chooses how to run the models.
//! - [`calibrate`]: calibration to a client's own data (issue 14, parts
//!   1–3), pure and browser-free so the app calls it in wasm: a CRM lead log
//!   or an event log read into rows ([`calibrate::log::parse`]`(text, zone)
//!   -> Result<Log, LogError>`, bad rows kept by line), a scenario fitted to
//!   it ([`calibrate::fit::fit`]`(&log, &FitOptions) -> Result<Fitted,
//!   FitError>`, each value at its field with an assumption), the journeys
//!   of a traced replication as an event log or a lead log
//!   ([`calibrate::events`], from [`sim::run_replication_traced`]), and the
//!   back-test of simulated against observed leads
//!   ([`calibrate::backtest::backtest`]). Its module docs list the files.
//! - [`chart`]: the result charts, drawn with plotters into SVG strings on the
//!   main thread (plotters measures text through the DOM, which a worker
//!   lacks); generic over the backend, so the same code is tested natively.
//! - [`document`]: the scenario as a document the user edits, apart from
//!   the UI and the simulation: JSON pointers, the forms' edits by topic,
//!   structure (add, remove, rename with cascades), the one channel-share
//!   rule, sweeps, the workspace (versioned, with migrations), its storage
//!   layout shared by every tab, and share links. Pure data, tested
//!   natively; its module docs list the files.
//! - [`a11y`]: keyboard behaviour of the app's widgets (the tabs pattern).
//! - [`protocol`]: the messages exchanged between the app and its Web Workers.
//! - [`display`]: numbers and KPI values as each language shows them.
//! - [`i18n`]: the 中文 / English string tables; every user-visible string
//!   goes through them.
//! - `ui` (wasm32 only): Yew components around one reducer-owned state, in
//!   folders: `app` (shell, library, storage), `forms`, `results`, `widgets`,
//!   `workers` (the pool), with `state` (actions, reducer, the store context)
//!   at its root; its module docs give the direction imports run in.
//! - `worker` (wasm32 only): the Web Worker side of the protocol.
//! - `bench` (wasm32 only): the CLI's speed loop, exported to JavaScript.
//!
//! ## Invariants
//!
//! - `sim` cannot fail after validation: every input it receives has passed
//!   `scenario::validate`, so it has no error paths and must not panic.
//! - Determinism: the same seed gives bit-identical results natively and in
//!   the browser, whatever the number of workers. Replication `i` draws only
//!   from generators seeded by `(seed, i, purpose)`, and results are combined
//!   in replication order.
//! - No user text is ever inserted into the page as raw HTML.
//! - No import cycles between the library's files (checked by
//!   `tests/integration/architecture.rs`).

pub mod a11y;
pub mod analysis;
pub mod calibrate;
pub mod chart;
pub mod display;
pub mod document;
pub mod i18n;
pub mod protocol;
pub mod report;
pub mod scenario;
pub mod sim;

#[cfg(target_arch = "wasm32")]
pub mod bench;
#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;

/// The crate version, shown in the app and compared in the worker handshake.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
