//! Same seed, same bits; any split of replications, same report; common
//! random numbers between scenarios.

use orgflow::report::{self, Comparison, Report};
use orgflow::sim;

use super::{model, replicate};

#[test]
fn same_seed_gives_identical_results_and_digest() {
    let m = model("validation/erlang_a.json");
    let a = replicate(&m, 7, 3);
    let b = replicate(&m, 7, 3);
    assert_eq!(a, b);
    assert_eq!(report::digest(&a), report::digest(&b));
    assert_ne!(report::digest(&a), report::digest(&replicate(&m, 8, 3)));
}

#[test]
fn any_split_and_order_of_replications_gives_the_same_report() {
    let m = model("validation/mm1.json");
    let all = replicate(&m, 3, 6);
    // As if two workers ran 0,2,4 and 1,3,5 and posted them out of order.
    let mut shuffled: Vec<_> = all
        .iter()
        .step_by(2)
        .chain(all.iter().skip(1).step_by(2))
        .cloned()
        .collect();
    shuffled.reverse();
    assert_eq!(
        Report::from_replications(&m, &all),
        Report::from_replications(&m, &shuffled)
    );
    assert_eq!(report::digest(&all), report::digest(&shuffled));
    // A single replication is the same whether run alone or in a batch.
    assert_eq!(sim::run_replication(&m, 3, 4), all[4]);
}

#[test]
fn golden_digest_pins_the_numbers() {
    // If this changes, every published figure changes: update deliberately
    // (and the browser test's golden value with it).
    let m = model("validation/mm1.json");
    let results = replicate(&m, 1, 2);
    assert_eq!(results[0].funnel.leads, 10_447, "{:?}", results[0].funnel);
    assert_eq!(report::digest(&results), GOLDEN_MM1_SEED1_2REPS.trim());
}

/// Digest of `examples/validation/mm1.json`, seed 1, replications 0 and 1.
/// The browser test (tests/wasm) checks the same file, so native and wasm
/// are held to the same bits.
pub const GOLDEN_MM1_SEED1_2REPS: &str = include_str!("../golden/mm1-seed1-reps0-1.digest");

/// Digest of the FAW-VW front–middle–back preset, seed 1, replications 0
/// and 1: the whole model (lognormal, gamma, exp/ln in satisfaction and
/// conversion), not only the queue.
pub const GOLDEN_FMB_SEED1_2REPS: &str =
    include_str!("../golden/faw_vw_front_middle_back_after-seed1-reps0-1.digest");

#[test]
fn golden_digest_of_a_full_preset() {
    let m = model("faw_vw_front_middle_back_after.json");
    let digest = report::digest(&replicate(&m, 1, 2));
    if std::env::var_os("ORGFLOW_PRINT_GOLDEN").is_some() {
        println!("{digest}");
    }
    assert_eq!(digest, GOLDEN_FMB_SEED1_2REPS.trim());
}

#[test]
fn common_random_numbers_shrink_the_paired_interval() {
    // Same customers, one more server: the paired difference of the mean
    // wait is far tighter than the spread of either scenario.
    let base = model("validation/mm1.json");
    let json =
        super::example("validation/mm1.json").replace("\"headcount\": 1", "\"headcount\": 2");
    let more = orgflow::scenario::load(&json).unwrap();
    let a = replicate(&base, 1, 10);
    let b = replicate(&more, 1, 10);
    // Identical arrivals: the same leads arrive in both scenarios.
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.funnel.leads, y.funnel.leads);
    }
    let comparison = Comparison::paired(&base, &more, &a, &b);
    let wait = comparison
        .differences
        .iter()
        .find(|d| d.kpi == orgflow::report::Kpi::FirstResponseMinutes)
        .unwrap();
    assert!(wait.significant && wait.mean < -3.0, "{wait:?}");
    let independent = Report::from_replications(&base, &a)
        .kpi(orgflow::report::Kpi::FirstResponseMinutes)
        .unwrap()
        .ci95
        .unwrap();
    assert!(
        wait.ci95.unwrap() < independent,
        "paired {:?} vs single {independent}",
        wait.ci95
    );
}

#[test]
fn early_stop_rule() {
    let m = model("validation/mm1.json");
    let results = replicate(&m, 1, 5);
    assert!(report::target_reached(
        &results,
        report::Kpi::FirstResponseMinutes,
        10.0,
        5
    ));
    assert!(!report::target_reached(
        &results,
        report::Kpi::FirstResponseMinutes,
        0.001,
        5
    ));
    assert!(!report::target_reached(
        &results[..3],
        report::Kpi::FirstResponseMinutes,
        10.0,
        5
    ));
    assert_eq!(report::Kpi::parse("no_such_kpi"), None);
}
