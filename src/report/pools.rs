//! The pools over time: for each pool and each day, the mean size across
//! replications and the band that holds the middle 80 % of them.

use serde::Serialize;
use serde_json::{Value, json};

use super::stats::quantile;
use crate::sim::ReplicationResult;
use crate::sim::result::Pool;

/// One pool's size day by day (index = day of the run, from 0).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PoolSummary {
    pub pool: Pool,
    pub mean: Vec<f64>,
    pub p10: Vec<f64>,
    pub p90: Vec<f64>,
}

/// Summarises the daily pool samples of `results` (replications that end
/// earlier than others contribute only to the days they have).
pub fn summarise(results: &[&ReplicationResult]) -> Vec<PoolSummary> {
    let days = results
        .iter()
        .map(|r| r.pools.sizes.len())
        .max()
        .unwrap_or(0);
    // The traffic pool comes first (it feeds the lead pool) and only where
    // a source is traffic.
    let traffic = results
        .iter()
        .any(|r| !r.pools.traffic.is_empty())
        .then(|| {
            summary(Pool::Traffic, days, |day| {
                results
                    .iter()
                    .filter_map(|r| r.pools.traffic.get(day))
                    .map(|&size| f64::from(size))
                    .collect()
            })
        });
    traffic
        .into_iter()
        .chain(Pool::LEADS.iter().map(|&pool| {
            summary(pool, days, |day| {
                results
                    .iter()
                    .filter_map(|r| r.pools.sizes.get(day))
                    .map(|sizes| f64::from(sizes[pool as usize]))
                    .collect()
            })
        }))
        .collect()
}

/// One pool's mean and band per day, from the replications' values of each
/// day.
fn summary(pool: Pool, days: usize, values_of: impl Fn(usize) -> Vec<f64>) -> PoolSummary {
    let mut summary = PoolSummary {
        pool,
        mean: Vec::with_capacity(days),
        p10: Vec::with_capacity(days),
        p90: Vec::with_capacity(days),
    };
    for day in 0..days {
        let values = values_of(day);
        summary
            .mean
            .push(values.iter().sum::<f64>() / values.len().max(1) as f64);
        summary.p10.push(quantile(&values, 0.1));
        summary.p90.push(quantile(&values, 0.9));
    }
    summary
}

/// `{"day_step": 1, "lead": {"mean": [...], "p10": [...], "p90": [...]}, ...}`.
pub fn to_json(pools: &[PoolSummary]) -> Value {
    let mut value = json!({"day_step": 1});
    for p in pools {
        value[p.pool.key()] = json!({"mean": p.mean, "p10": p.p10, "p90": p.p90});
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::result::PoolSeries;

    #[test]
    fn mean_and_band_per_day() {
        let run = |r: u32, lead: u32| ReplicationResult {
            replication: r,
            pools: PoolSeries {
                sizes: vec![[0, 0, 0, 0], [lead, 1, 2, 3]],
                traffic: Vec::new(),
            },
            ..ReplicationResult::default()
        };
        let (a, b) = (run(0, 10), run(1, 20));
        let pools = summarise(&[&a, &b]);
        assert_eq!(pools.len(), 4);
        assert_eq!(pools[0].pool, Pool::Lead);
        assert_eq!(pools[0].mean, vec![0.0, 15.0]);
        assert!(pools[0].p10[1] <= 15.0 && pools[0].p90[1] >= 15.0);
        assert_eq!(pools[3].mean[1], 3.0);
        let value = to_json(&pools);
        assert_eq!(value["prospect"]["mean"][1], 2.0);
    }
}
