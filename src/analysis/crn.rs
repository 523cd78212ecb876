//! One KPI of several models over the same replications: the common
//! random numbers every analysis compares on.
//!
//! Replication `r` of every model is `sim::run_replication(model, seed,
//! r)`, so it draws from the same replication key in every model (see
//! `sim::rng`): the same customers arrive, and a difference between two
//! models in replication `r` comes from the models, not from luck.
//! `values[m][r]` is model `m`'s KPI in replication `r`; only that number
//! is kept, so thousands of coalitions fit in memory.

use serde_json::{Value, json};

use crate::report::{Kpi, ci95, mean_sd};
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

/// Every KPI of several models over the same replications on a thread
/// pool (native only): `kpis[m][r]` is model `m`'s KPIs in replication
/// `r`. Collected in index order like [`kpi_values_on`], so the same bits
/// for any number of threads. The optimiser reads several KPIs of each
/// design (one per target, and all of the chosen one).
#[cfg(not(target_arch = "wasm32"))]
pub fn kpis_on(
    pool: &rayon::ThreadPool,
    models: &[Model],
    seed: u64,
    replications: u32,
) -> Vec<Vec<crate::sim::result::Kpis>> {
    use crate::sim::result::Kpis;
    use rayon::prelude::*;
    let per_model = replications as usize;
    if per_model == 0 {
        return vec![Vec::new(); models.len()];
    }
    let flat: Vec<Kpis> = pool.install(|| {
        (0..models.len() * per_model)
            .into_par_iter()
            .map(|job| {
                let model = &models[job / per_model];
                let r = (job % per_model) as u32;
                sim::run_replication(model, seed, r).kpis
            })
            .collect()
    });
    flat.chunks(per_model).map(<[Kpis]>::to_vec).collect()
}

/// A mean across replications and its 95 % half-width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub mean: f64,
    /// `None` with fewer than two replications.
    pub ci95: Option<f64>,
}

impl Estimate {
    pub fn of(values: &[f64]) -> Estimate {
        Estimate {
            mean: mean_sd(values).0,
            ci95: ci95(values),
        }
    }

    /// Whether the 95 % interval contains `x` (no interval: only the mean).
    pub fn contains(&self, x: f64) -> bool {
        let half = self.ci95.unwrap_or(0.0);
        (self.mean - half..=self.mean + half).contains(&x)
    }

    /// `{"mean", "ci95"}`.
    pub fn to_json_value(self) -> Value {
        json!({"mean": self.mean, "ci95": self.ci95})
    }
}

/// The paired difference `other − base`, replication by replication (the
/// shorter run decides how many pairs), as an [`Estimate`].
pub fn paired(base: &[f64], other: &[f64]) -> Estimate {
    let differences: Vec<f64> = base.iter().zip(other).map(|(b, o)| o - b).collect();
    Estimate::of(&differences)
}
