//! One KPI of several models over the same replications: the common
//! random numbers every analysis compares on.
//!
//! Replication `r` of every model is `sim::run_replication(model, seed,
//! r)`, so it draws from the same replication key in every model (see
//! `sim::rng`): the same customers arrive, and a difference between two
//! models in replication `r` comes from the models, not from luck.
//! `values[m][r]` is model `m`'s KPI in replication `r`; only that number
//! is kept, so thousands of coalitions fit in memory.

use crate::report::Kpi;
use crate::sim::{self, Model};

/// `values[m][r]`: `kpi` of model `m` in replication `r`, one at a time
/// (the app's workers, tests).
pub fn kpi_values(models: &[Model], seed: u64, replications: u32, kpi: Kpi) -> Vec<Vec<f64>> {
    models
        .iter()
        .map(|model| {
            (0..replications)
                .map(|r| kpi.read(&sim::run_replication(model, seed, r).kpis))
                .collect()
        })
        .collect()
}

/// The same as [`kpi_values`], on a thread pool (native only). Every
/// (model, replication) pair is one job; the jobs are collected in index
/// order, and each is a pure function of `(model, seed, r)`, so the result
/// is the same bits for any number of threads.
#[cfg(not(target_arch = "wasm32"))]
pub fn kpi_values_on(
    pool: &rayon::ThreadPool,
    models: &[Model],
    seed: u64,
    replications: u32,
    kpi: Kpi,
) -> Vec<Vec<f64>> {
    use rayon::prelude::*;
    let per_model = replications as usize;
    let flat: Vec<f64> = pool.install(|| {
        (0..models.len() * per_model)
            .into_par_iter()
            .map(|job| {
                let model = &models[job / per_model];
                let r = (job % per_model) as u32;
                kpi.read(&sim::run_replication(model, seed, r).kpis)
            })
            .collect()
    });
    if per_model == 0 {
        return vec![Vec::new(); models.len()];
    }
    flat.chunks(per_model).map(<[f64]>::to_vec).collect()
}
