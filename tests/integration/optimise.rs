//! The optimiser against theory: on a single M/M/c queue and on an
//! M/M/c+M queue (exponential patience) its headcount is the exact least
//! staffing of Erlang C and Erlang A for the same targets.
//!
//! The allowance for a boundary case: when the simulated least headcount
//! differs from the exact one, the difference may be 1 only where the
//! exact formula's value at the smaller headcount lies inside the 95 %
//! interval the simulation had there — there the simulation cannot tell
//! the two designs apart with 95 % confidence, and the optimiser demands
//! that confidence. The queues below are chosen away from the boundary
//! (the test prints the margins), so the answers are in fact equal.

use orgflow::analysis::erlang::{Queue, Staffing};
use orgflow::analysis::optimise::{self, Outcome, Search};
use orgflow::analysis::target::Target;
use orgflow::scenario::{self, Scenario};
use serde_json::json;

/// One always-open desk: Poisson arrivals of `per_day` leads, exponential
/// contacts of `service` minutes, exponential patience of mean `patience`
/// minutes (none = waits forever); starts with 3 people.
fn single_queue(per_day: f64, service: f64, patience: Option<f64>) -> Scenario {
    let mut grade = json!({"name": "all", "share_percent": 100, "expected_response_minutes": 15});
    if let Some(mean) = patience {
        grade["patience_minutes"] = json!({"kind": "exponential", "mean": mean});
    }
    let file = json!({
        "version": 1,
        "name": {"en": "One desk", "zh": "单一柜台"},
        "horizon": {"days": 21, "warmup_days": 1},
        "grades": [grade],
        "sources": [{"name": "poisson", "leads_per_day": per_day, "entry_unit": "desk"}],
        "units": [{"name": "desk", "headcount": 3, "hourly_cost": 60,
                   "service_minutes": {"contact": {"kind": "exponential", "mean": service}}}]
    });
    scenario::parse(&file.to_string()).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn optimise(scenario: &Scenario, targets: &[&str]) -> Outcome {
    let targets: Vec<Target> = targets
        .iter()
        .map(|t| Target::parse(t).expect("valid target"))
        .collect();
    let mut search = Search::new(scenario, &targets, &[], 10, 1).expect("search starts");
    optimise::run(&mut search)
}

/// Checks the optimiser's headcount against the exact least staffing,
/// with the boundary allowance of the module docs; `theory` gives the
/// formula's value of the first target's KPI with `c` servers.
fn agrees(outcome: &Outcome, exact: u32, theory: impl Fn(u32) -> f64) {
    assert!(outcome.feasible, "{:#?}", outcome.headcount);
    let found = outcome.headcount[0].1;
    let target = outcome.targets[0];
    println!(
        "exact {exact}, optimiser {found}; theory at {}: {:.4}, at {exact}: {:.4} (target {})",
        exact - 1,
        theory(exact - 1),
        theory(exact),
        target
    );
    if found == exact {
        return;
    }
    assert_eq!(found.abs_diff(exact), 1, "more than one apart");
    let boundary = found.min(exact);
    let evaluation = outcome
        .path
        .iter()
        .find(|e| e.headcount[0] == boundary)
        .expect("the boundary design was evaluated");
    let estimate = evaluation.kpis[target.kpi.index()];
    assert!(
        estimate.contains(theory(boundary)),
        "boundary case outside the simulation's interval: {estimate:?} vs {}",
        theory(boundary)
    );
}

#[test]
fn on_an_m_m_c_queue_the_optimiser_staffs_as_erlang_c() {
    // λ = 0.45 a minute, 10-minute contacts: 4.5 erlangs; 90 % of leads
    // contacted within 15 minutes.
    let scenario = single_queue(648.0, 10.0, None);
    let queue = Queue {
        arrival_rate: 0.45,
        service_rate: 0.1,
        patience_rate: 0.0,
    };
    let meets = |s: &Staffing| s.served_within(15.0) >= 0.9;
    let exact = queue.least_servers(100, meets).expect("reachable");
    let outcome = optimise(&scenario, &["contacted_within_15_minutes>=0.9"]);
    // The formulas' answer the outcome reports is the exact staffing.
    assert_eq!(outcome.erlang, Some(exact));
    agrees(&outcome, exact, |c| {
        queue.with_servers(c).served_within(15.0)
    });
}

#[test]
fn on_an_m_m_c_m_queue_the_optimiser_staffs_as_erlang_a() {
    // The same desk with impatient customers (mean patience 20 minutes):
    // at most 3 % abandon, and 85 % are contacted within 15 minutes.
    let scenario = single_queue(648.0, 10.0, Some(20.0));
    let queue = Queue {
        arrival_rate: 0.45,
        service_rate: 0.1,
        patience_rate: 0.05,
    };
    let meets = |s: &Staffing| s.p_abandon <= 0.03 && s.served_within(15.0) >= 0.85;
    let exact = queue.least_servers(100, meets).expect("reachable");
    let outcome = optimise(
        &scenario,
        &[
            "abandonment_rate<=0.03",
            "contacted_within_15_minutes>=0.85",
        ],
    );
    assert_eq!(outcome.erlang, Some(exact));
    agrees(&outcome, exact, |c| queue.with_servers(c).p_abandon);
}

/// The outcome's estimate of a target's KPI is that KPI's, whatever its
/// place in the registry: the app's Optimise view once paired the targets
/// with the first KPIs of the list and showed a mean first response of
/// 294 minutes as "29,388.7 %" of leads contacted within 24 hours.
#[test]
fn each_target_reads_its_own_kpi() {
    use orgflow::report::Kpi;
    let scenario = single_queue(648.0, 10.0, Some(30.0));
    let outcome = optimise(
        &scenario,
        &["abandonment_rate<=0.1", "contacted_within_24_hours>=0.5"],
    );
    let json = outcome.to_json_value();
    for target in &outcome.targets {
        let estimate = outcome.kpi(target.kpi).expect("every KPI is estimated");
        assert_eq!(
            json["kpis"][target.kpi.key()]["mean"].as_f64(),
            Some(estimate.mean),
            "{}",
            target.kpi.key()
        );
        assert!(
            (0.0..=1.0).contains(&estimate.mean),
            "{} is a share",
            target.kpi.key()
        );
    }
    assert_ne!(
        outcome.kpi(Kpi::AbandonmentRate).map(|e| e.mean),
        outcome.kpis.first().map(|e| e.mean),
        "not the registry's first KPI"
    );
}

#[test]
fn the_search_records_its_path_and_saves_a_valid_scenario() {
    let scenario = single_queue(648.0, 10.0, None);
    let targets = [Target::parse("contacted_within_15_minutes>=0.9").expect("valid")];
    let mut search = Search::new(&scenario, &targets, &["desk".into()], 5, 3).expect("starts");
    let outcome = optimise::run(&mut search);
    // Start, the ascent's moves, a trimming round: every design once,
    // the chosen ones marked, the last chosen one the answer.
    let designs: Vec<u32> = outcome.path.iter().map(|e| e.headcount[0]).collect();
    let mut unique = designs.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), designs.len(), "{designs:?}");
    assert_eq!(outcome.path[0].headcount, [3]);
    let last = outcome
        .path
        .iter()
        .rev()
        .find(|e| e.chosen)
        .expect("a move");
    assert_eq!(last.headcount[0], outcome.headcount[0].1);
    // Cost: hourly cost × staffed hours over the 20 measured days.
    assert_eq!(
        outcome.cost,
        f64::from(outcome.headcount[0].1) * 20.0 * 24.0 * 60.0
    );
    let value = outcome.to_json_value();
    for key in [
        "feasible",
        "headcount",
        "kpis",
        "cost",
        "evaluations",
        "path",
    ] {
        assert!(value.get(key).is_some(), "{key}");
    }
    assert_eq!(value["headcount"]["desk"], json!(outcome.headcount[0].1));
    // The scenario of a design validates to the design's model (the app's
    // workers take scenarios).
    for evaluation in &outcome.path {
        let file = search.scenario_of(&evaluation.headcount);
        assert_eq!(
            scenario::validate(&file).expect("valid"),
            search.model_of(&evaluation.headcount)
        );
    }
    let saved = search.optimised_scenario();
    let model = scenario::validate(&saved).expect("the saved scenario is valid");
    assert_eq!(model.units[0].servers, outcome.headcount[0].1);
    let note = saved.assumptions.last().expect("an assumption");
    assert_eq!(note.covers, ["units[desk].headcount"]);
    assert!(note.en.contains("contacted_within_15_minutes>=0.9") && note.en.contains("95 %"));
}

#[test]
fn shift_blocks_are_levers_of_their_own() {
    // A desk open 08:00–20:00 with a morning block: two levers, the block
    // and the hours outside it; a block while closed is no lever.
    let mut scenario = single_queue(300.0, 10.0, None);
    let every_day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map(String::from);
    scenario.units[0].hours = Some(scenario::format::HoursSpec {
        days: every_day.to_vec(),
        open: "08:00".into(),
        close: "20:00".into(),
    });
    let block = |from: &str, to: &str| scenario::format::ShiftSpec {
        days: every_day.to_vec(),
        from: from.into(),
        to: to.into(),
        headcount: 4,
    };
    scenario.units[0].shifts = vec![block("08:00", "11:00"), block("21:00", "23:00")];
    let model = scenario::validate(&scenario).expect("valid");
    let levers = orgflow::analysis::lever::levers(&model, &[]).expect("levers");
    let labels: Vec<&str> = levers.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["desk", "desk.shifts[0]"]);
    assert_eq!(levers[1].minutes_per_person, 20.0 * 3.0 * 60.0);
    let unknown =
        orgflow::analysis::lever::levers(&model, &["nowhere".into()]).expect_err("no such unit");
    assert!(
        unknown
            .message(orgflow::i18n::Lang::En)
            .contains("allowed: desk")
    );
}

#[test]
fn with_shifts_the_optimiser_staffs_the_peak() {
    // Leads arrive three times as fast from 08:00 to 11:00 (see
    // tests/integration/shifts.rs); the desk has a morning block. The
    // least-cost answer puts more people in the block than outside it.
    let every_day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut profile = vec![0.0; 24];
    for (hour, weight) in profile.iter_mut().enumerate() {
        *weight = match hour {
            8..=10 => 4.0,
            11..=19 => 1.0,
            _ => 0.0,
        };
    }
    let file = json!({
        "version": 1,
        "name": {"en": "Morning peak", "zh": "上午高峰"},
        "horizon": {"days": 15, "warmup_days": 1},
        "grades": [{"name": "all", "share_percent": 100, "expected_response_minutes": 30}],
        "sources": [{"name": "web", "leads_per_day": 300, "entry_unit": "desk",
                     "hourly_profile": profile}],
        "units": [{
            "name": "desk", "headcount": 6, "hourly_cost": 50,
            "hours": {"days": every_day, "open": "08:00", "close": "20:00"},
            "shifts": [{"days": every_day, "from": "08:00", "to": "11:00", "headcount": 6}],
            "service_minutes": {"contact": {"kind": "exponential", "mean": 10}}
        }]
    });
    let scenario = scenario::parse(&file.to_string()).expect("valid");
    let targets = [Target::parse("contacted_within_15_minutes>=0.8").expect("valid")];
    let mut search = Search::new(&scenario, &targets, &[], 10, 1).expect("search starts");
    let outcome = optimise::run(&mut search);
    // Opening hours, a profile and shifts: no Erlang answer.
    assert_eq!(outcome.erlang, None);
    // The saved scenario names the block's field in its assumption, a
    // path the validator accepts.
    let saved = search.optimised_scenario();
    assert_eq!(
        saved.assumptions.last().map(|a| a.covers.clone()),
        Some(vec![
            "units[desk].headcount".to_string(),
            "units[desk].shifts[0].headcount".to_string()
        ])
    );
    let model = scenario::validate(&saved).expect("the saved scenario is valid");
    assert_eq!(model.units[0].shifts[0].servers, outcome.headcount[1].1);
    assert!(outcome.feasible);
    let labels: Vec<&str> = outcome.headcount.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["desk", "desk.shifts[0]"]);
    let (base, peak) = (outcome.headcount[0].1, outcome.headcount[1].1);
    println!(
        "base {base}, peak block {peak}, {} designs",
        outcome.evaluations
    );
    assert!(peak >= base + 3, "base {base}, peak {peak}");
}

#[test]
fn the_caller_drives_the_search_batch_by_batch() {
    // The app's worker pool: ask for a batch, run it anywhere, hand the
    // KPIs back in batch order. Asking twice gives the same batch; an
    // answer of the wrong size is ignored; the outcome is the one the
    // plain runner gives.
    let scenario = single_queue(648.0, 10.0, None);
    let targets = [Target::parse("contacted_within_15_minutes>=0.9").expect("valid")];
    let mut search = Search::new(&scenario, &targets, &[], 4, 9).expect("starts");
    let mut reference = search.clone();
    let mut batches = 0;
    while let Some(batch) = search.next_batch() {
        let again = search.next_batch().expect("the same batch");
        let designs: Vec<_> = batch.iter().map(|(c, _)| c.clone()).collect();
        let repeated: Vec<_> = again.iter().map(|(c, _)| c.clone()).collect();
        assert_eq!(designs, repeated);
        search.accept(&[]);
        assert_eq!(search.next_batch().map(|b| b.len()), Some(batch.len()));
        // Run the batch last replication first: order of work is free.
        let values: Vec<Vec<_>> = batch
            .iter()
            .map(|(_, model)| {
                let mut runs: Vec<_> = (0..search.replications())
                    .rev()
                    .map(|r| {
                        (
                            r,
                            orgflow::sim::run_replication(model, search.seed(), r).kpis,
                        )
                    })
                    .collect();
                runs.sort_by_key(|(r, _)| *r);
                runs.into_iter().map(|(_, k)| k).collect()
            })
            .collect();
        search.accept(&values);
        batches += 1;
    }
    assert!(batches >= 2);
    assert_eq!(search.outcome(), optimise::run(&mut reference));
    // Too few replications for an interval, no targets: refused.
    assert!(Search::new(&scenario, &targets, &[], 1, 9).is_err());
    assert!(Search::new(&scenario, &[], &[], 4, 9).is_err());
}

#[test]
fn a_cancelled_search_hands_out_and_takes_no_more_batches() {
    // The app's Cancel: the designs evaluated so far stay, but a batch
    // that finishes after the cancel (or any later one) changes nothing.
    let scenario = single_queue(648.0, 10.0, None);
    let targets = [Target::parse("contacted_within_15_minutes>=0.9").expect("valid")];
    let mut search = Search::new(&scenario, &targets, &[], 4, 9).expect("starts");
    let run = |batch: &[(optimise::Candidate, orgflow::sim::Model)], search: &Search| {
        batch
            .iter()
            .map(|(_, model)| {
                (0..search.replications())
                    .map(|r| orgflow::sim::run_replication(model, search.seed(), r).kpis)
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
    let first = search.next_batch().expect("a first batch");
    let values = run(&first, &search);
    search.accept(&values);
    let second = search
        .next_batch()
        .expect("the start is short of the target");
    let late = run(&second, &search);
    let evaluated = search.evaluations();
    assert!(evaluated >= 1);
    search.cancel();
    assert!(search.is_cancelled());
    assert!(!search.is_done(), "cancelled is not an answer");
    assert!(search.next_batch().is_none());
    search.accept(&late);
    assert_eq!(search.evaluations(), evaluated);
    assert_eq!(search.outcome().path.len(), evaluated);
    assert!(search.next_batch().is_none());
}
