//! Simulated means against queueing theory.
//!
//! Each check passes when `|simulated − theory| ≤ ci95 + 3 % · theory`: the
//! run's own 95 % half-width across replications, plus a stated 3 %
//! allowance for the finite horizon (1-day warm-up, 9 measured days), which
//! biases waits slightly low at high utilisation. Service times are rounded to
//! 1 ms, far below that allowance.

use orgflow::report::{Summary, mean_sd};
use orgflow::sim::ReplicationResult;

use super::run;

const TOLERANCE: f64 = 0.03;

fn unit_summary(
    results: &[ReplicationResult],
    unit: usize,
    f: fn(&orgflow::sim::result::UnitResult) -> f64,
) -> Summary {
    Summary::of(
        &results
            .iter()
            .map(|r| f(&r.units[unit]))
            .collect::<Vec<_>>(),
    )
}

fn assert_close(label: &str, simulated: &Summary, theory: f64) {
    let half = simulated.ci95.unwrap_or(0.0);
    let allowed = half + TOLERANCE * theory.abs();
    println!(
        "{label}: theory {theory:.4}, simulated {:.4} ± {half:.4}",
        simulated.mean
    );
    assert!(
        (simulated.mean - theory).abs() <= allowed,
        "{label}: simulated {:.4} ± {half:.4} vs theory {theory:.4} (allowed {allowed:.4})",
        simulated.mean
    );
}

/// Erlang C: probability of waiting in M/M/c with offered load `a = λ/μ`.
pub fn erlang_c(servers: u32, offered: f64) -> f64 {
    let c = f64::from(servers);
    let mut term = 1.0; // a^k / k!
    let mut sum = 1.0;
    for k in 1..servers {
        term *= offered / f64::from(k);
        sum += term;
    }
    let last = term * offered / c; // a^c / c!
    let top = last * c / (c - offered);
    top / (sum + top)
}

/// M/M/c mean wait in queue.
pub fn mmc_wait(servers: u32, lambda: f64, mu: f64) -> f64 {
    erlang_c(servers, lambda / mu) / (f64::from(servers) * mu - lambda)
}

/// Little's law on every unit: the time-average queue length equals the
/// arrival rate times the mean wait (of everyone who left the queue), and the
/// mean number in service equals the arrival rate times the mean service time.
fn check_little(results: &[ReplicationResult], unit: usize, mean_service: f64) {
    let queue: Vec<f64> = results
        .iter()
        .map(|r| r.units[unit].mean_queue_length)
        .collect();
    let little: Vec<f64> = results
        .iter()
        .map(|r| r.units[unit].arrival_rate_per_minute * r.units[unit].mean_wait_all_minutes)
        .collect();
    let (lq, _) = mean_sd(&queue);
    let (lambda_w, _) = mean_sd(&little);
    println!("Little unit {unit}: Lq {lq:.4} vs λW {lambda_w:.4}");
    assert!(
        (lq - lambda_w).abs() <= 0.02 * lq.max(0.05),
        "unit {unit}: Lq {lq} vs λW {lambda_w}"
    );
    let busy: Vec<f64> = results
        .iter()
        .map(|r| r.units[unit].mean_busy_servers)
        .collect();
    let served_rate: Vec<f64> = results
        .iter()
        .map(|r| r.units[unit].served as f64 / (9.0 * 1440.0))
        .collect();
    let (b, _) = mean_sd(&busy);
    let (rate, _) = mean_sd(&served_rate);
    assert!(
        (b - rate * mean_service).abs() <= 0.02 * b,
        "unit {unit}: busy {b} vs λS {}",
        rate * mean_service
    );
}

#[test]
fn mm1_matches_the_closed_form() {
    let (_, results, _) = run("validation/mm1.json", 20);
    // λ = 0.8, μ = 1: Wq = ρ/(μ − λ) = 4 min, utilisation 0.8.
    assert_close(
        "M/M/1 Wq",
        &unit_summary(&results, 0, |u| u.mean_wait_minutes),
        4.0,
    );
    assert_close(
        "M/M/1 ρ",
        &unit_summary(&results, 0, |u| u.utilization),
        0.8,
    );
    check_little(&results, 0, 1.0);
}

#[test]
fn mmc_matches_erlang_c() {
    let (_, results, report) = run("validation/mm5_rho09.json", 20);
    let theory = mmc_wait(5, 4.5, 1.0);
    assert!((theory - 1.52499).abs() < 1e-4, "Erlang C sanity: {theory}");
    assert_close(
        "M/M/5 Wq",
        &unit_summary(&results, 0, |u| u.mean_wait_minutes),
        theory,
    );
    assert_close(
        "M/M/5 ρ",
        &unit_summary(&results, 0, |u| u.utilization),
        0.9,
    );
    // Without a funnel the first response is the wait at the only unit.
    assert_close(
        "M/M/5 first response",
        report
            .kpi(orgflow::report::Kpi::FirstResponseMinutes)
            .unwrap(),
        theory,
    );
    check_little(&results, 0, 1.0);
}

#[test]
fn mg1_lognormal_matches_pollaczek_khinchine() {
    let (_, results, _) = run("validation/mg1_lognormal.json", 40);
    // λ = 0.7, E[S] = 1, cv = 1.5: E[S²] = 1 + 1.5² = 3.25,
    // Wq = λ E[S²] / (2 (1 − ρ)) = 0.7 · 3.25 / 0.6.
    let theory = 0.7 * 3.25 / (2.0 * 0.3);
    assert_close(
        "M/G/1 Wq",
        &unit_summary(&results, 0, |u| u.mean_wait_minutes),
        theory,
    );
    check_little(&results, 0, 1.0);
}

#[test]
fn jackson_network_with_feedback_matches_product_form() {
    let (_, results, _) = run("validation/jackson_tandem.json", 20);
    // Traffic equations: λA = 1.2 + 0.1 λB, λB = 0.5 + 0.6 λA.
    let lambda_a = (1.2 + 0.1 * 0.5) / (1.0 - 0.1 * 0.6);
    let lambda_b = 0.5 + 0.6 * lambda_a;
    let theory_a = mmc_wait(2, lambda_a, 1.0);
    let theory_b = mmc_wait(3, lambda_b, 1.0 / 1.5);
    assert_close(
        "Jackson λA",
        &unit_summary(&results, 0, |u| u.arrival_rate_per_minute),
        lambda_a,
    );
    assert_close(
        "Jackson λB",
        &unit_summary(&results, 1, |u| u.arrival_rate_per_minute),
        lambda_b,
    );
    assert_close(
        "Jackson Wq(A)",
        &unit_summary(&results, 0, |u| u.mean_wait_minutes),
        theory_a,
    );
    assert_close(
        "Jackson Wq(B)",
        &unit_summary(&results, 1, |u| u.mean_wait_minutes),
        theory_b,
    );
    check_little(&results, 0, 1.0);
    check_little(&results, 1, 1.5);
}

/// Erlang A (M/M/c+M) by its birth–death chain: births λ, deaths
/// `min(n, c)·μ + max(n − c, 0)·θ`, truncated where probabilities vanish.
/// Returns (P(abandon), mean wait of all arrivals).
fn erlang_a(servers: u32, lambda: f64, mu: f64, theta: f64) -> (f64, f64) {
    let c = servers as usize;
    let mut p = vec![1.0f64];
    for n in 1..2000 {
        let death = (n.min(c) as f64) * mu + (n.saturating_sub(c) as f64) * theta;
        p.push(p[n - 1] * lambda / death);
    }
    let total: f64 = p.iter().sum();
    let lq: f64 = p
        .iter()
        .enumerate()
        .map(|(n, pn)| n.saturating_sub(c) as f64 * pn / total)
        .sum();
    (theta * lq / lambda, lq / lambda)
}

#[test]
fn patience_matches_erlang_a() {
    let (_, results, report) = run("validation/erlang_a.json", 20);
    let (p_abandon, wait_all) = erlang_a(3, 3.0, 1.0, 0.5);
    assert_close(
        "Erlang A P(abandon)",
        report.kpi(orgflow::report::Kpi::AbandonmentRate).unwrap(),
        p_abandon,
    );
    assert_close(
        "Erlang A Wq (all)",
        &unit_summary(&results, 0, |u| u.mean_wait_all_minutes),
        wait_all,
    );
    check_little(&results, 0, 1.0);
}
