//! The integration test crate: theory validation, scenario validation,
//! determinism, presets (and the assumptions covering their differences),
//! the CLI contract and property tests.

mod architecture;
mod calibrate;
mod causal;
mod cli;
mod committee;
mod determinism;
mod economics;
mod funnel;
mod optimise;
mod preset_differences;
mod presets;
mod properties;
mod robustness;
mod shifts;
mod theory;
mod validation_errors;

use orgflow::report::Report;
use orgflow::scenario;
use orgflow::sim::{self, Model, ReplicationResult};

/// Reads a file from the crate's `examples/` directory.
pub fn example(path: &str) -> String {
    let full = format!("{}/examples/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// Loads a scenario file that must be valid.
pub fn model(path: &str) -> Model {
    scenario::load(&example(path)).unwrap_or_else(|errors| panic!("{path}: {errors:#?}"))
}

/// Runs `replications` replications of a model on `seed`.
pub fn replicate(model: &Model, seed: u64, replications: u32) -> Vec<ReplicationResult> {
    (0..replications)
        .map(|r| sim::run_replication(model, seed, r))
        .collect()
}

/// Runs and summarises.
pub fn run(path: &str, replications: u32) -> (Model, Vec<ReplicationResult>, Report) {
    let model = model(path);
    let results = replicate(&model, 1, replications);
    let report = Report::from_replications(&model, &results);
    (model, results, report)
}
