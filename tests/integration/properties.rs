//! Property tests: the core never panics and its books always balance.
//!
//! Case counts: every property runs `PROPTEST_CASES` cases when that
//! variable is set, else its own default (chosen so the whole integration
//! suite stays well under a minute on a 2-core machine). See
//! the README's "Reliability → The native core" for the measured figures.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use orgflow::i18n::Lang;
use orgflow::scenario::{self, ErrorKind, ValidationError};
use orgflow::sim::model::TICKS_PER_MINUTE;
use orgflow::sim::{self, Model, ReplicationResult};
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};
use serde_json::{Value, json};

/// Default cases per property (when `PROPTEST_CASES` is not set). Measured
/// costs on a 2-core machine, test profile: random text and JSON ≈ 10–60 µs a
/// case, a mutated generated scenario ≈ 0.5 ms, the fixed funnel scenario
/// ≈ 3 ms, a generated scenario with two replications ≈ 2.5 ms.
const CASES_TEXT: u32 = 16_384;
const CASES_MUTATED: u32 = 8_192;
const CASES_FUNNEL: u32 = 1_024;
const CASES_GENERATED: u32 = 4_096;

/// Proptest configuration: `PROPTEST_CASES` wins over the default.
pub fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default_cases);
    ProptestConfig {
        cases,
        // Generated scenarios are sometimes refused; allow for it at any count.
        max_global_rejects: cases.saturating_mul(4).max(1024),
        source_file: Some(file!()),
        ..ProptestConfig::default()
    }
}

// ----- shared checks ----------------------------------------------------------

/// The conservation law and the counting identities of one replication.
pub fn assert_books_balance(r: &ReplicationResult) {
    let f = &r.funnel;
    // Every lead ends in exactly one terminal state.
    assert_eq!(
        f.ordered
            + f.lost_unqualified
            + f.lost_defeated
            + f.lost_abandoned
            + f.completed
            + f.unfinished,
        f.leads,
        "{f:?}"
    );
    // First contact happens at most once per lead; so do abandonment and the SLA check.
    assert!(f.contacted <= f.leads, "{f:?}");
    assert!(f.abandonments <= f.leads, "{f:?}");
    assert!(
        f.lost_abandoned <= f.abandonments + f.not_reached + f.incubated,
        "{f:?}"
    );
    assert!(
        f.reroutes <= f.sla_breaches && f.sla_breaches <= f.leads,
        "{f:?}"
    );
    assert!(f.decisions <= f.prospects && f.ordered <= f.prospects.max(f.ordered));
    assert!(f.remarketing_orders <= f.ordered && f.after_sales_requests <= f.ordered);
    assert!(f.leads <= f.leads_including_warmup, "{f:?}");
    assert_eq!(f.orders_by_channel.iter().sum::<u64>(), f.ordered);
    assert_eq!(r.first_response_histogram.iter().sum::<u64>(), f.contacted);
    // Every lead has a satisfaction outcome, unfinished ones as they stand.
    assert_eq!(r.satisfaction_histogram.iter().sum::<u64>(), f.leads);
    assert_eq!(r.handoffs_histogram.iter().sum::<u64>(), f.leads);
    assert!(f.contacted_within_15_minutes <= f.contacted_within_60_minutes);
    assert!(f.contacted_within_60_minutes <= f.contacted_within_24_hours);
    assert!(f.contacted_within_24_hours <= f.contacted);
    for unit in &r.units {
        assert!((0.0..=1.0).contains(&unit.utilization), "{unit:?}");
        // A task leaves the queue at most once.
        assert!(
            unit.served + unit.left_unserved <= unit.arrivals,
            "{unit:?}"
        );
    }
    assert!(r.kpis.satisfaction >= 0.0 && r.kpis.satisfaction <= 10.0);
}

/// Every number in the result is finite (serde_json turns NaN and ±∞ into
/// `null`, so a walk over the serialised form covers every field, present
/// and future).
fn assert_all_finite(r: &ReplicationResult) {
    fn walk(value: &Value, path: &str) {
        match value {
            Value::Null => panic!("{path} is not finite"),
            Value::Number(n) => assert!(n.as_f64().is_some_and(f64::is_finite), "{path}: {n}"),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{i}]"));
                }
            }
            Value::Object(fields) => {
                for (name, item) in fields {
                    walk(item, &format!("{path}.{name}"));
                }
            }
            Value::Bool(_) | Value::String(_) => {}
        }
    }
    walk(&serde_json::to_value(r).unwrap(), "result");
}

/// Ranges of the KPIs and unit metrics.
fn assert_ranges(model: &Model, r: &ReplicationResult) {
    let k = &r.kpis;
    for (name, rate) in [
        ("conversion_rate", k.conversion_rate),
        ("abandonment_rate", k.abandonment_rate),
        ("sla_breach_rate", k.sla_breach_rate),
    ] {
        assert!((0.0..=1.0).contains(&rate), "{name} = {rate}");
    }
    assert!((-100.0..=100.0).contains(&k.nps), "{k:?}");
    for x in [
        k.first_response_minutes,
        k.first_response_p50,
        k.decision_lead_time_minutes,
        k.qualification_rate,
        k.handoffs_per_lead,
        k.repeated_questions_per_lead,
        k.total_cost,
        k.cost_per_order,
        k.cost_per_lead,
    ] {
        assert!(x >= 0.0, "{k:?}");
    }
    assert!(k.first_response_p50 <= k.first_response_p90, "{k:?}");
    assert!(k.first_response_p90 <= k.first_response_p99, "{k:?}");
    assert_eq!(k.leads, r.funnel.leads as f64);
    assert_eq!(k.orders, r.funnel.ordered as f64);
    assert_eq!(r.units.len(), model.units.len());
    for (unit, u) in model.units.iter().zip(&r.units) {
        for x in [
            u.mean_wait_minutes,
            u.mean_wait_all_minutes,
            u.mean_queue_length,
            u.mean_busy_servers,
            u.arrival_rate_per_minute,
            u.staff_cost,
        ] {
            assert!(x >= 0.0, "{}: {u:?}", unit.name);
        }
        assert!(
            u.mean_busy_servers <= f64::from(unit.servers) + 1e-9,
            "{u:?}"
        );
        // An always-open server pool without a drain: utilisation is the
        // mean number busy over the headcount, exactly. (With a drain,
        // utilisation covers the arrival window only, the mean number busy
        // the whole measured window.)
        if unit.hours.is_none() && unit.committee.is_none() && model.drain == 0 {
            let expected = u.mean_busy_servers / f64::from(unit.servers);
            assert!((u.utilization - expected).abs() <= 1e-9, "{u:?}");
        }
    }
}

/// Outcome of Little's-law checks over one replication.
#[derive(Default)]
struct Little {
    /// Units where `Lq = λ·W` was checked to 1e-9 (relative).
    exact: u64,
    /// Units where only the one-sided bound could be checked.
    bounded: u64,
    /// Of `exact`: committees that received decision requests.
    committees: u64,
}

/// Little's law per unit, `Lq = λ·W`.
///
/// For a queue observed over a window `T`, the area under the queue-length
/// path equals the sum of every task's time in the queue inside the window.
/// The engine reports `Lq = area / T`, `λ = arrivals / T` and
/// `W = wait of tasks that left / number that left` (left = served or gave
/// up). So, exactly (integer ticks, no statistics involved):
///
/// * `Lq·T = Σ waits of measured tasks that left + carry-in + residual`,
///   where carry-in is the in-window wait of tasks queued before the warm-up
///   ended and residual the wait so far of tasks still queued at the end.
///   Both extra terms are ≥ 0, so `Lq ≥ (left / arrivals)·λ·W` always.
/// * When the unit starts empty (no warm-up) and ends empty (every arrival
///   left the queue), both extra terms are 0 and `Lq = λ·W` to floating
///   point rounding; we allow 1e-9 relative + 1e-12 absolute.
///
/// No tolerance is widened to absorb the end effects: where they exist only
/// the exact one-sided bound is asserted. Committees are held to the same
/// law: their queue is the decision requests not yet decided, each waiting
/// from its request to the end of the meeting that decides it.
fn check_little(model: &Model, r: &ReplicationResult, tally: &mut Little) {
    let window_ticks = model
        .horizon
        .saturating_add(model.drain)
        .saturating_sub(model.warmup)
        .max(1);
    let window = window_ticks as f64 / TICKS_PER_MINUTE as f64;
    for (unit, u) in model.units.iter().zip(&r.units) {
        let left = u.served + u.left_unserved;
        let waited = u.mean_wait_all_minutes * left as f64;
        let lq = u.mean_queue_length;
        let lambda_w = u.arrival_rate_per_minute * u.mean_wait_all_minutes;
        let tolerance = 1e-9 * lq.max(lambda_w) + 1e-12;
        assert!(
            lq + tolerance >= waited / window,
            "{}: Lq {lq} < waits/T {} ({u:?})",
            unit.name,
            waited / window
        );
        if model.warmup == 0 && left == u.arrivals {
            assert!(
                (lq - lambda_w).abs() <= tolerance,
                "{}: Lq {lq} vs λW {lambda_w} ({u:?})",
                unit.name
            );
            tally.exact += 1;
            if unit.committee.is_some() && u.arrivals > 0 {
                tally.committees += 1;
            }
        } else {
            tally.bounded += 1;
        }
    }
}

/// Runs a replication on another thread so a run that never ends fails the
/// test instead of hanging it.
fn run_with_deadline(model: &Model, seed: u64, replication: u32) -> ReplicationResult {
    let (sender, receiver) = mpsc::channel();
    let owned = model.clone();
    let worker = std::thread::spawn(move || {
        let _ = sender.send(sim::run_replication(&owned, seed, replication));
    });
    match receiver.recv_timeout(Duration::from_secs(60)) {
        Ok(result) => {
            worker.join().unwrap();
            result
        }
        // The sender was dropped without sending: the run panicked.
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            std::panic::resume_unwind(worker.join().unwrap_err())
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("replication did not finish in 60 s"),
    }
}

/// What the loader may say about input it refuses: every error has a field
/// path, except the two that concern the whole text (not JSON at all; JSON
/// that is not an object), and every message exists in both languages.
pub fn assert_errors_well_formed(text: &str, errors: &[ValidationError]) {
    assert!(!errors.is_empty(), "an empty error list for {text:?}");
    for e in errors {
        let whole_text = match &e.kind {
            ErrorKind::Syntax { .. } => {
                assert!(e.path.is_empty(), "{e:?}");
                true
            }
            ErrorKind::WrongType { expected } => expected == "object",
            _ => false,
        };
        assert!(
            !e.path.is_empty() || whole_text,
            "{e:?} has no path (input of {} bytes)",
            text.len()
        );
        let (en, zh) = (e.message(Lang::En), e.message(Lang::Zh));
        assert!(!en.trim().is_empty() && !zh.trim().is_empty(), "{e:?}");
        assert!(!e.kind.describe(Lang::En).trim().is_empty(), "{e:?}");
        if !e.path.is_empty() {
            assert!(en.starts_with(&e.path) && zh.starts_with(&e.path), "{e:?}");
        }
    }
}

/// Loads arbitrary text: a model, or well-formed errors. A model is run
/// (when small) and must balance its books.
/// The copy the schema check mends (so the cross-field checks can run in
/// the same round) must itself satisfy the schema: otherwise those checks
/// would see input the format does not allow.
fn assert_mending_satisfies_the_schema(value: &Value) {
    let mut mended = value.clone();
    let mut found = Vec::new();
    orgflow::scenario::schema::check_and_mend(&mut mended, &mut found);
    let mut left = Vec::new();
    orgflow::scenario::schema::check(&mended, &mut left);
    assert!(left.is_empty(), "{left:?} in {mended}");
}

fn load_anything(text: &str, seed: u64) {
    match scenario::load(text) {
        Err(errors) => assert_errors_well_formed(text, &errors),
        Ok(model) => {
            let rate: f64 = model
                .sources
                .iter()
                .map(|s| s.base_rate_per_minute * s.max_factor)
                .sum();
            let minutes = model.horizon as f64 / TICKS_PER_MINUTE as f64;
            if rate * minutes < 20_000.0 && model.drain <= 30 * orgflow::sim::model::TICKS_PER_DAY {
                let result = run_with_deadline(&model, seed, 0);
                assert_books_balance(&result);
                assert_all_finite(&result);
            }
        }
    }
}

// ----- a generator of valid scenarios ------------------------------------------

/// A distribution in the file format, with a mean of roughly `low..high`.
fn dist(low: f64, high: f64) -> BoxedStrategy<Value> {
    let mean = low..high;
    prop_oneof![
        mean.clone()
            .prop_map(|m| json!({"kind": "exponential", "mean": m})),
        (mean.clone(), 0.1f64..2.5)
            .prop_map(|(m, cv)| json!({"kind": "lognormal", "mean": m, "cv": cv})),
        (mean.clone(), 0.1f64..2.5)
            .prop_map(|(m, cv)| json!({"kind": "gamma", "mean": m, "cv": cv})),
        (0.0..low, 0.0..high, low.max(1e-3)..high).prop_map(|(min, mode, spread)| {
            json!({"kind": "triangular", "min": min, "mode": min + mode, "max": min + mode + spread})
        }),
        (0.0..high).prop_map(|v| json!({"kind": "deterministic", "value": v})),
        prop::collection::vec(0.0..2.0 * high, 1..5)
            .prop_map(|values| json!({"kind": "empirical", "values": values})),
    ]
    .boxed()
}

/// `n` whole percentages adding up to exactly 100.
fn shares(n: usize) -> BoxedStrategy<Vec<f64>> {
    prop::collection::vec(0u32..=100, n.saturating_sub(1))
        .prop_map(|mut cuts| {
            cuts.sort_unstable();
            let mut previous = 0;
            let mut out: Vec<f64> = cuts
                .iter()
                .map(|&c| {
                    let share = f64::from(c - previous);
                    previous = c;
                    share
                })
                .collect();
            out.push(f64::from(100 - previous));
            out
        })
        .boxed()
}

/// A few distinct names out of `names`.
fn some_of(names: Vec<String>, max: usize) -> BoxedStrategy<Vec<String>> {
    let n = names.len();
    prop::sample::subsequence(names, 0..=max.min(n)).boxed()
}

fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn maybe(p: f64, s: BoxedStrategy<Value>) -> BoxedStrategy<Option<Value>> {
    prop::option::weighted(p, s).boxed()
}

fn grade(name: String) -> BoxedStrategy<Value> {
    (0.0f64..=1.0, 1.0f64..1440.0, maybe(0.6, dist(5.0, 600.0)))
        .prop_map(move |(qualify, expected, patience)| {
            let mut g = json!({"name": name, "qualify_probability": qualify,
                               "expected_response_minutes": expected});
            if let Some(p) = patience {
                g["patience_minutes"] = p;
            }
            g
        })
        .boxed()
}

/// A unit that is not a committee. It escalates only to units after it
/// (no cycles by construction) and routes with a total probability below 1
/// (so a lead can always leave).
fn unit(index: usize, workers: usize, escalation_targets: Vec<String>) -> BoxedStrategy<Value> {
    let peers: Vec<String> = (0..workers)
        .filter(|&j| j != index)
        .map(|j| format!("U{j}"))
        .collect();
    let route = (prop::sample::select(if peers.is_empty() {
        vec![format!("U{index}")]
    } else {
        peers.clone()
    }),)
        .prop_flat_map(|(to,)| (Just(to), 0.0f64..0.45));
    let routes = if peers.is_empty() {
        Just(Vec::new()).boxed()
    } else {
        prop::collection::vec(route, 0..=2).boxed()
    };
    let hours = (
        prop::collection::vec(any::<bool>(), 7),
        0u32..=13 * 60,
        60u32..=11 * 60,
    )
        .prop_map(|(days, open, length)| {
            let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
            let mut open_days: Vec<&str> = names
                .iter()
                .zip(&days)
                .filter(|(_, on)| **on)
                .map(|(d, _)| *d)
                .collect();
            if open_days.is_empty() {
                open_days.push("tue");
            }
            let open = open / 30 * 30;
            let close = (open + length / 30 * 30).min(1440);
            json!({"days": open_days, "open": clock(open), "close": clock(close)})
        })
        .boxed();
    let escalate = if escalation_targets.is_empty() {
        Just(None).boxed()
    } else {
        prop::option::weighted(0.85, prop::sample::select(escalation_targets)).boxed()
    };
    (
        (1u32..=4, maybe(0.3, hours), 0.0f64..80.0, 0u8..=3, escalate),
        (
            dist(0.5, 40.0),
            maybe(0.95, dist(5.0, 90.0)),
            maybe(0.95, dist(1.0, 60.0)),
            maybe(0.95, dist(1.0, 30.0)),
            maybe(0.95, dist(5.0, 60.0)),
        ),
        routes,
        prop::option::of(prop::sample::select(vec!["front", "middle", "back"])),
    )
        .prop_map(
            move |(
                (headcount, hours, cost, authority, escalate),
                (contact, consult, decision, nurture, after_sales),
                routes,
                office,
            )| {
                let mut service = json!({"contact": contact});
                for (task, d) in [
                    ("consult", consult),
                    ("decision", decision),
                    ("nurture", nurture),
                    ("after_sales", after_sales),
                ] {
                    if let Some(d) = d {
                        service[task] = d;
                    }
                }
                let mut u = json!({"name": format!("U{index}"), "headcount": headcount,
                                   "hourly_cost": cost, "authority": authority,
                                   "service_minutes": service});
                if let Some(h) = hours {
                    u["hours"] = h;
                }
                if let Some(e) = escalate {
                    u["escalate_to"] = json!(e);
                }
                if let Some(o) = office {
                    u["office"] = json!(o);
                }
                if !routes.is_empty() {
                    u["routes"] = routes
                        .iter()
                        .map(|(to, p)| json!({"to": to, "probability": p}))
                        .collect();
                }
                u
            },
        )
        .boxed()
}

fn source(
    index: usize,
    days: f64,
    grades: Vec<String>,
    links: Vec<String>,
    workers: Vec<String>,
) -> BoxedStrategy<Value> {
    // The first source always brings leads, so the model is never empty.
    let rate = if index == 0 { 1.0..60.0 } else { 0.0..40.0 };
    let n_grades = grades.len();
    let entry = if links.is_empty() {
        prop::sample::select(workers.clone())
            .prop_map(|u| (None, Some(u)))
            .boxed()
    } else {
        prop_oneof![
            prop::sample::select(links.clone()).prop_map(|l| (Some(l), None)),
            prop::sample::select(workers.clone()).prop_map(|u| (None, Some(u))),
            (prop::sample::select(links), prop::sample::select(workers))
                .prop_map(|(l, u)| (Some(l), Some(u))),
        ]
        .boxed()
    };
    let profile = |n: usize| {
        prop::collection::vec(0.0f64..5.0, n).prop_map(|mut v| {
            v[0] += 0.5; // at least one period has leads
            v
        })
    };
    let campaign = (0.0..days, 0.05f64..2.0, 0.2f64..4.0)
        .prop_map(|(start, length, m)| json!({"start_day": start, "end_day": start + length, "multiplier": m}));
    (
        rate,
        entry,
        0.0f64..50.0,
        prop::option::weighted(0.3, shares(n_grades)),
        prop::option::weighted(0.3, profile(24)),
        prop::option::weighted(0.2, profile(7)),
        prop::collection::vec(campaign, 0..=2),
    )
        .prop_map(
            move |(rate, (link, entry_unit), cost, mix, hourly, weekday, campaigns)| {
                let mut s = json!({"name": format!("S{index}"), "leads_per_day": rate, "cost_per_lead": cost});
                if let Some(l) = link {
                    s["link"] = json!(l);
                }
                if let Some(u) = entry_unit {
                    s["entry_unit"] = json!(u);
                }
                if let Some(mix) = mix {
                    s["grade_mix_percent"] =
                        grades.iter().cloned().zip(mix).map(|(g, p)| (g, json!(p))).collect();
                }
                if let Some(h) = hourly {
                    s["hourly_profile"] = json!(h);
                }
                if let Some(w) = weekday {
                    s["weekday_profile"] = json!(w);
                }
                if !campaigns.is_empty() {
                    s["campaigns"] = json!(campaigns);
                }
                s
            },
        )
        .boxed()
}

fn link(index: usize, workers: Vec<String>) -> BoxedStrategy<Value> {
    (
        prop::sample::select(workers.clone()),
        prop::option::weighted(0.7, 5.0f64..600.0),
        0u8..3,
        prop::sample::select(workers),
    )
        .prop_map(move |(entry, sla, breach, breach_unit)| {
            let mut l = json!({"name": format!("L{index}"), "entry_unit": entry});
            if let Some(sla) = sla {
                l["sla_minutes"] = json!(sla);
                match breach {
                    1 => l["on_breach"] = json!("count"),
                    2 => {
                        l["on_breach"] = json!("reroute");
                        l["breach_unit"] = json!(breach_unit);
                    }
                    _ => {}
                }
            }
            l
        })
        .boxed()
}

fn funnel(workers: Vec<String>, sources: Vec<String>) -> BoxedStrategy<Value> {
    let channels = (1usize..=3).prop_flat_map(move |n| {
        let channel = (
            prop::sample::select(workers.clone()),
            0.0f64..=1.0,
            0.0f64..=1.0,
            0.0f64..500.0,
            prop_oneof![Just(0.0), 0.0f64..0.6],
        );
        (prop::collection::vec(channel, n), shares(n))
    });
    (
        channels,
        (1usize..=3).prop_flat_map(shares),
        (10.0f64..600.0, 0.0f64..0.2, 60.0f64..2880.0),
        (
            maybe(0.6, remarketing()),
            maybe(0.6, after_sales()),
            maybe(0.5, referral(sources)),
        ),
    )
        .prop_map(
            |((channels, channel_shares), levels, (decay, floor, decision_expected), extras)| {
                let channels: Vec<Value> = channels
                    .into_iter()
                    .zip(channel_shares)
                    .enumerate()
                    .map(|(i, ((unit, close, consistency, cost, decision), share))| {
                        json!({"name": format!("C{i}"), "share_percent": share, "unit": unit,
                               "close_rate": close, "price_consistency": consistency,
                               "cost_per_order": cost, "decision_share": decision})
                    })
                    .collect();
                let mut f = json!({"channels": channels, "decision_levels_percent": levels,
                                   "response_decay_minutes": decay, "response_floor": floor,
                                   "decision_expected_minutes": decision_expected});
                let (remarketing, after_sales, referral) = extras;
                for (key, part) in [
                    ("remarketing", remarketing),
                    ("after_sales", after_sales),
                    ("referral", referral),
                ] {
                    if let Some(part) = part {
                        f[key] = part;
                    }
                }
                f
            },
        )
        .boxed()
}

fn remarketing() -> BoxedStrategy<Value> {
    (
        (0.0f64..=1.0, 0.0f64..=1.0, 0.0f64..=1.0),
        dist(0.05, 2.0),
        0.0f64..2.0,
        0u8..=3,
    )
        .prop_map(|((u, d, a), incubation, requalify, cycles)| {
            json!({"unit": "?", "share_unqualified": u, "share_defeated": d, "share_abandoned": a,
                   "incubation_days": incubation, "requalify_multiplier": requalify,
                   "max_cycles": cycles})
        })
        .boxed()
}

fn after_sales() -> BoxedStrategy<Value> {
    (0.0f64..=1.0, dist(0.05, 2.0), 10.0f64..600.0)
        .prop_map(|(p, delay, expected)| {
            json!({"unit": "?", "request_probability": p, "delay_days": delay,
                   "expected_response_minutes": expected})
        })
        .boxed()
}

fn referral(sources: Vec<String>) -> BoxedStrategy<Value> {
    (prop::sample::select(sources), 0.0f64..0.5, dist(0.1, 2.0))
        .prop_map(|(source, p, delay)| {
            json!({"source": source, "max_probability": p, "delay_days": delay})
        })
        .boxed()
}

/// Points the remarketing and after-sales parts at generated units.
fn fill_units(funnel: &mut Value, remarketing_unit: &str, after_sales_unit: &str) {
    if let Some(r) = funnel.get_mut("remarketing") {
        r["unit"] = json!(remarketing_unit);
    }
    if let Some(a) = funnel.get_mut("after_sales") {
        a["unit"] = json!(after_sales_unit);
    }
}

fn customer() -> BoxedStrategy<Value> {
    prop::collection::vec(prop::option::weighted(0.5, 0.0f64..=10.0), 11)
        .prop_map(|weights| {
            let names = [
                "base",
                "wait_weight",
                "handoff_weight",
                "repeat_weight",
                "duplicate_weight",
                "inconsistency_weight",
                "resolution_bonus",
                "reference",
                "conversion_sensitivity",
                "prompt_bonus",
                "unserved_satisfaction",
            ];
            names
                .iter()
                .zip(weights)
                .filter_map(|(n, w)| w.map(|w| (n.to_string(), json!(w))))
                .collect()
        })
        .boxed()
}

/// Scenario files over the whole format, small enough that one replication
/// takes milliseconds: at most 5 working units and a committee, 3 grades,
/// 3 sources of at most 60 leads a day, 3 links, a horizon of at most 4 days.
/// Cross references are drawn from the names that exist, escalation only
/// points forward and routes never add up to 1, so most files are valid;
/// the rest (a missing service time, an escalation chain without enough
/// authority) exercise the validator.
pub fn valid_scenario() -> BoxedStrategy<Value> {
    (
        1usize..=3,
        1usize..=5,
        1usize..=3,
        0usize..=3,
        any::<bool>(),
    )
        .prop_flat_map(|(n_grades, n_workers, n_sources, n_links, committee)| {
            let grade_names: Vec<String> = (0..n_grades).map(|i| format!("G{i}")).collect();
            let workers: Vec<String> = (0..n_workers).map(|i| format!("U{i}")).collect();
            let source_names: Vec<String> = (0..n_sources).map(|i| format!("S{i}")).collect();
            let link_names: Vec<String> = (0..n_links).map(|i| format!("L{i}")).collect();
            let horizon = (
                0.5f64..4.0,
                prop_oneof![Just(0.0), 0.0f64..0.5],
                0.0f64..2.0,
            );
            let grades: Vec<_> = grade_names.iter().cloned().map(grade).collect();
            let units: Vec<_> = (0..n_workers)
                .map(|i| {
                    let mut targets: Vec<String> =
                        (i + 1..n_workers).map(|j| format!("U{j}")).collect();
                    if committee {
                        targets.push("board".into());
                    }
                    unit(i, n_workers, targets)
                })
                .collect();
            let links: Vec<_> = (0..n_links).map(|i| link(i, workers.clone())).collect();
            let rule = (
                some_of(grade_names.clone(), 2),
                some_of(source_names.clone(), 2),
                prop::sample::select(if link_names.is_empty() {
                    vec!["none".to_string()]
                } else {
                    link_names.clone()
                }),
            );
            let rules = if n_links == 0 {
                Just(Vec::new()).boxed()
            } else {
                prop::collection::vec(rule, 0..=2).boxed()
            };
            (
                (Just(committee), horizon, shares(n_grades), grades, units),
                (
                    links,
                    rules,
                    0.0f64..0.5,
                    maybe(0.7, funnel(workers.clone(), source_names.clone())),
                    prop::sample::select(workers.clone()),
                    prop::sample::select(workers.clone()),
                ),
                (
                    maybe(
                        0.6,
                        (maybe(0.7, dist(0.5, 30.0)), any::<bool>(), 0.0f64..10.0)
                            .prop_map(|(delay, one_id, extra)| {
                                let mut h =
                                    json!({"one_id": one_id, "repeat_extra_minutes": extra});
                                if let Some(d) = delay {
                                    h["transfer_delay_minutes"] = d;
                                }
                                h
                            })
                            .boxed(),
                    ),
                    maybe(0.4, customer()),
                    Just((grade_names, workers, source_names, link_names)),
                ),
                (
                    0u8..10,
                    0.25f64..3.0,
                    0u32..1440,
                    0.0f64..120.0,
                    0.0f64..10.0,
                ),
            )
                .prop_flat_map(move |(first, second, third, board)| {
                    let sources: Vec<_> = {
                        let (_, (days, _, _), _, _, _) = &first;
                        let (grade_names, workers, _, link_names) = &third.2;
                        (0..n_sources)
                            .map(|i| {
                                source(
                                    i,
                                    *days,
                                    grade_names.clone(),
                                    link_names.clone(),
                                    workers.clone(),
                                )
                            })
                            .collect()
                    };
                    (Just(first), Just(second), Just(third), Just(board), sources)
                })
                .prop_map(|(first, second, third, board, sources)| {
                    let (committee, (days, warmup, drain), grade_shares, mut grades, mut units) =
                        first;
                    let (links, rules, duplicate, funnel, remarketing_unit, after_sales_unit) =
                        second;
                    let (handoffs, customer, (_, _, _, link_names)) = third;
                    let (top_authority, every_days, at_minute, duration, board_cost) = board;
                    for (g, share) in grades.iter_mut().zip(grade_shares) {
                        g["share_percent"] = json!(share);
                    }
                    if committee {
                        units.push(json!({"name": "board", "headcount": 5, "authority": 3,
                            "hourly_cost": board_cost,
                            "committee": {"every_days": every_days, "at": clock(at_minute),
                                          "duration_minutes": duration}}));
                    } else if let Some(last) = units.last_mut() {
                        // Usually the top of every chain can decide everything.
                        if top_authority < 9 {
                            last["authority"] = json!(3);
                        }
                    }
                    let warmup = warmup.min(days * 0.5);
                    let mut s = json!({
                        "version": 1,
                        "name": {"en": "generated", "zh": "生成"},
                        "horizon": {"days": days, "warmup_days": warmup, "drain_days": drain},
                        "grades": grades,
                        "sources": sources,
                        "units": units,
                    });
                    if !links.is_empty() {
                        s["links"] = json!(links);
                        let rules: Vec<Value> = rules
                            .into_iter()
                            .map(|(grades, sources, link)| {
                                let mut r = json!({"link": link});
                                if !grades.is_empty() {
                                    r["grades"] = json!(grades);
                                }
                                if !sources.is_empty() {
                                    r["sources"] = json!(sources);
                                }
                                r
                            })
                            .collect();
                        let duplicate = if link_names.len() >= 2 {
                            duplicate
                        } else {
                            0.0
                        };
                        s["routing"] =
                            json!({"rules": rules, "duplicate_contact_share": duplicate});
                    }
                    if let Some(mut f) = funnel {
                        fill_units(&mut f, &remarketing_unit, &after_sales_unit);
                        s["funnel"] = f;
                    }
                    if let Some(h) = handoffs {
                        s["handoffs"] = h;
                    }
                    if let Some(c) = customer {
                        s["customer"] = c;
                    }
                    s
                })
        })
        .boxed()
}

// ----- mutations of valid files ---------------------------------------------------

/// JSON pointers of every node of a value (the root excluded).
fn pointers(value: &Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            for (name, item) in fields {
                let pointer = format!("{prefix}/{}", name.replace('~', "~0").replace('/', "~1"));
                out.push(pointer.clone());
                pointers(item, &pointer, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let pointer = format!("{prefix}/{i}");
                out.push(pointer.clone());
                pointers(item, &pointer, out);
            }
        }
        _ => {}
    }
}

/// Values a careless editor or a hostile file might put anywhere.
fn odd_value(which: u8) -> Value {
    match which % 14 {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(0),
        // An integer written as a float: valid JSON Schema "integer".
        4 => serde_json::from_str("2.0").unwrap(),
        5 => json!(1e300),
        6 => json!(u64::MAX),
        7 => json!(-0.5),
        8 => json!(""),
        9 => json!("U0"),
        10 => json!([]),
        11 => json!({}),
        12 => json!("x".repeat(70)),
        _ => json!(1e-300),
    }
}

/// Applies one mutation at one node.
fn mutate(mut value: Value, at: prop::sample::Index, kind: u8, which: u8) -> Value {
    let mut all = Vec::new();
    pointers(&value, "", &mut all);
    if all.is_empty() {
        return value;
    }
    let pointer = all[at.index(all.len())].clone();
    let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", ""));
    match kind % 5 {
        // Replace the node.
        0 | 1 => {
            if let Some(node) = value.pointer_mut(&pointer) {
                *node = odd_value(which);
            }
        }
        // Remove it from its object or array.
        2 => match value.pointer_mut(parent) {
            Some(Value::Object(fields)) => {
                fields.remove(&last.replace("~1", "/").replace("~0", "~"));
            }
            Some(Value::Array(items)) => {
                if let Ok(i) = last.parse::<usize>() {
                    items.remove(i);
                }
            }
            _ => {}
        },
        // Duplicate an array item (duplicate names) or add an unknown field.
        3 => match value.pointer_mut(parent) {
            Some(Value::Array(items)) => {
                if let Some(item) = last.parse::<usize>().ok().and_then(|i| items.get(i)) {
                    let copy = item.clone();
                    items.push(copy);
                }
            }
            Some(Value::Object(fields)) => {
                fields.insert("colour".into(), odd_value(which));
            }
            _ => {}
        },
        // Scale a number far out of range, or rename a reference.
        _ => {
            if let Some(node) = value.pointer_mut(&pointer) {
                match node {
                    Value::Number(n) => {
                        let x = n.as_f64().unwrap_or(0.0);
                        *node = json!(x * 1e7 + 1e6);
                    }
                    Value::String(s) => s.push('z'),
                    _ => *node = odd_value(which),
                }
            }
        }
    }
    value
}

/// Arbitrary JSON shaped loosely like a scenario (objects with the real
/// field names), so the checker's deeper paths are exercised.
fn arbitrary_json() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "version",
        "name",
        "horizon",
        "days",
        "grades",
        "sources",
        "units",
        "headcount",
        "leads_per_day",
        "entry_unit",
        "share_percent",
        "expected_response_minutes",
        "service_minutes",
        "contact",
        "kind",
        "mean",
        "funnel",
        "channels",
        "routes",
        "to",
        "probability",
        "en",
        "zh",
        "links",
        "escalate_to",
        "committee",
        "every_days",
        "hours",
        "open",
        "campaigns",
        "referral",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e9f64..1e9).prop_map(|x| json!(x)),
        (0u8..14).prop_map(odd_value),
        "[a-z]{0,8}".prop_map(Value::String),
        "[0-2][0-9]:[0-6][0-9]".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..8).prop_map(|m| {
                Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

// ----- the properties ----------------------------------------------------------------

/// A small funnel scenario whose parameters proptest varies.
#[allow(clippy::too_many_arguments)]
fn funnel_json(
    leads: f64,
    headcount: u32,
    contact: f64,
    patience: f64,
    route: f64,
    decision_share: f64,
    nurture: f64,
    one_id: bool,
    committee_days: f64,
    hours: bool,
) -> String {
    let hours = if hours {
        r#""hours": {"days": ["mon", "wed", "sat"], "open": "09:00", "close": "17:30"},"#
    } else {
        ""
    };
    format!(
        r#"{{
      "version": 1, "name": {{"en": "p", "zh": "p"}},
      "horizon": {{"days": 6, "warmup_days": 1, "drain_days": 2}},
      "grades": [{{"name": "H", "share_percent": 30, "qualify_probability": 0.7, "expected_response_minutes": 30,
                   "patience_minutes": {{"kind": "exponential", "mean": {patience}}}}},
                 {{"name": "C", "share_percent": 70, "qualify_probability": 0.2, "expected_response_minutes": 600}}],
      "sources": [{{"name": "web", "leads_per_day": {leads}, "link": "brand", "cost_per_lead": 10,
                    "hourly_profile": [1,1,1,1,1,1,1,2,2,2,2,2,2,2,2,2,2,2,3,3,3,2,1,1],
                    "campaigns": [{{"start_day": 2, "end_day": 3, "multiplier": 3}}]}},
                  {{"name": "shop", "leads_per_day": {leads}, "link": "dealer"}},
                  {{"name": "referral", "leads_per_day": 0, "link": "dealer"}}],
      "units": [
        {{"name": "online", "headcount": {headcount}, {hours} "service_minutes": {{"contact": {{"kind": "gamma", "mean": {contact}, "cv": 0.7}}, "nurture": {{"kind": "triangular", "min": 1, "mode": 2, "max": 6}}, "consult": {{"kind": "exponential", "mean": 30}}}},
          "escalate_to": "region", "routes": [{{"to": "dealer", "probability": {route}}}]}},
        {{"name": "dealer", "headcount": {headcount}, "authority": 1, "escalate_to": "region",
          "service_minutes": {{"contact": {{"kind": "lognormal", "mean": {contact}, "cv": 1.2}}, "consult": {{"kind": "empirical", "values": [20, 40, 90]}}}}}},
        {{"name": "region", "headcount": 1, "authority": 2, "escalate_to": "committee", "service_minutes": {{"decision": {{"kind": "deterministic", "value": 15}}}}}},
        {{"name": "committee", "headcount": 4, "authority": 3, "committee": {{"every_days": {committee_days}, "at": "10:00", "duration_minutes": 60}}}},
        {{"name": "aftersales", "headcount": 2, "service_minutes": {{"after_sales": {{"kind": "exponential", "mean": 20}}}}}}
      ],
      "links": [{{"name": "brand", "entry_unit": "online", "sla_minutes": 20, "on_breach": "reroute", "breach_unit": "dealer"}},
                {{"name": "dealer", "entry_unit": "dealer", "sla_minutes": 60}}],
      "routing": {{"rules": [{{"grades": ["H"], "sources": ["web"], "link": "dealer"}}], "duplicate_contact_share": 0.2}},
      "handoffs": {{"transfer_delay_minutes": {{"kind": "exponential", "mean": 10}}, "one_id": {one_id}, "repeat_extra_minutes": 2}},
      "funnel": {{
        "channels": [{{"name": "d", "share_percent": 70, "unit": "dealer", "close_rate": 0.4, "price_consistency": 0.8, "decision_share": {decision_share}}},
                     {{"name": "o", "share_percent": 30, "unit": "online", "close_rate": 0.3, "decision_share": {decision_share}}}],
        "decision_levels_percent": [50, 30, 20],
        "remarketing": {{"unit": "online", "share_unqualified": {nurture}, "share_defeated": {nurture}, "share_abandoned": {nurture},
                         "incubation_days": {{"kind": "exponential", "mean": 1}}, "max_cycles": 2}},
        "after_sales": {{"unit": "aftersales", "request_probability": 0.5, "delay_days": {{"kind": "exponential", "mean": 1}}}},
        "referral": {{"source": "referral", "max_probability": 0.5, "delay_days": {{"kind": "exponential", "mean": 1}}}}
      }}
    }}"#
    )
}

proptest! {
    #![proptest_config(config(CASES_TEXT))]

    #[test]
    fn arbitrary_bytes_give_a_model_or_located_errors(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        load_anything(&String::from_utf8_lossy(&bytes), 0);
    }

    #[test]
    fn arbitrary_json_values_give_a_model_or_located_errors(value in arbitrary_json()) {
        assert_mending_satisfies_the_schema(&value);
        load_anything(&value.to_string(), 0);
    }

    #[test]
    fn mutated_valid_files_never_panic(position in 0usize..2000, replacement in "[-0-9a-z\\[\\]{}\":,. ]{0,6}", seed in any::<u64>()) {
        let text = super::example("validation/jackson_tandem.json");
        let cut = position.min(text.len());
        let cut = (0..=cut).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        load_anything(&format!("{}{}{}", &text[..cut], replacement, &text[cut..]), seed);
    }

}

proptest! {
    #![proptest_config(config(CASES_MUTATED))]

    #[test]
    fn mutated_generated_scenarios_give_a_model_or_located_errors(
        scenario in valid_scenario(),
        at in any::<prop::sample::Index>(),
        kind in any::<u8>(),
        which in any::<u8>(),
        seed in any::<u64>(),
    ) {
        let mutated = mutate(scenario, at, kind, which);
        assert_mending_satisfies_the_schema(&mutated);
        load_anything(&serde_json::to_string_pretty(&mutated).unwrap(), seed);
    }
}

proptest! {
    #![proptest_config(config(CASES_FUNNEL))]

    #[test]
    fn every_lead_ends_in_exactly_one_terminal_state(
        leads in 1.0f64..400.0,
        headcount in 1u32..6,
        contact in 0.5f64..60.0,
        patience in 1.0f64..600.0,
        route in 0.0f64..1.0,
        decision_share in 0.0f64..1.0,
        nurture in 0.0f64..1.0,
        one_id in any::<bool>(),
        committee_days in 0.1f64..7.0,
        hours in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let json = funnel_json(leads, headcount, contact, patience, route, decision_share, nurture, one_id, committee_days, hours);
        let model = scenario::load(&json).unwrap_or_else(|e| panic!("{e:#?}"));
        let result = sim::run_replication(&model, seed, 0);
        assert_books_balance(&result);
        assert_all_finite(&result);
        assert_ranges(&model, &result);
        check_little(&model, &result, &mut Little::default());
    }
}

/// Tallies of one run of [`generated_scenarios_conserve_leads_and_obey_littles_law`].
static TRIED: AtomicU64 = AtomicU64::new(0);
static VALID: AtomicU64 = AtomicU64::new(0);
static REPLICATIONS: AtomicU64 = AtomicU64::new(0);
static LEADS: AtomicU64 = AtomicU64::new(0);
static LITTLE_EXACT: AtomicU64 = AtomicU64::new(0);
static LITTLE_BOUNDED: AtomicU64 = AtomicU64::new(0);
static LITTLE_COMMITTEES: AtomicU64 = AtomicU64::new(0);

/// The main property: generated scenarios are mostly valid; every valid
/// one terminates, conserves its leads, gives finite metrics in range and
/// obeys Little's law on every unit.
#[test]
fn generated_scenarios_conserve_leads_and_obey_littles_law() {
    let mut runner = TestRunner::new(config(CASES_GENERATED));
    let cases = runner.config().cases;
    let outcome = runner.run(&(valid_scenario(), any::<u64>()), |(json, seed)| {
        TRIED.fetch_add(1, Ordering::Relaxed);
        let text = json.to_string();
        let model = match scenario::load(&text) {
            Ok(model) => model,
            Err(errors) => {
                assert_errors_well_formed(&text, &errors);
                return Err(TestCaseError::reject("refused by the validator"));
            }
        };
        VALID.fetch_add(1, Ordering::Relaxed);
        let mut little = Little::default();
        for replication in 0..2 {
            let result = run_with_deadline(&model, seed, replication);
            assert_books_balance(&result);
            assert_all_finite(&result);
            assert_ranges(&model, &result);
            check_little(&model, &result, &mut little);
            REPLICATIONS.fetch_add(1, Ordering::Relaxed);
            LEADS.fetch_add(result.funnel.leads, Ordering::Relaxed);
        }
        LITTLE_EXACT.fetch_add(little.exact, Ordering::Relaxed);
        LITTLE_BOUNDED.fetch_add(little.bounded, Ordering::Relaxed);
        LITTLE_COMMITTEES.fetch_add(little.committees, Ordering::Relaxed);
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    let tried = TRIED.load(Ordering::Relaxed);
    let valid = VALID.load(Ordering::Relaxed);
    let exact = LITTLE_EXACT.load(Ordering::Relaxed);
    let bounded = LITTLE_BOUNDED.load(Ordering::Relaxed);
    let committees = LITTLE_COMMITTEES.load(Ordering::Relaxed);
    println!(
        "generated scenarios: {tried} tried, {valid} valid, {} replications, {} leads, \
         Little exact on {exact} unit-replications ({committees} busy committees), \
         bounded on {bounded}",
        REPLICATIONS.load(Ordering::Relaxed),
        LEADS.load(Ordering::Relaxed),
    );
    assert!(valid >= u64::from(cases), "{valid} valid of {cases} wanted");
    assert!(
        valid as f64 >= 0.7 * tried as f64,
        "only {valid} of {tried} generated scenarios were valid"
    );
    // The exact form of Little's law must not be vacuous.
    assert!(
        exact as f64 >= 0.2 * (exact + bounded) as f64,
        "Little exact on {exact}, bounded on {bounded}"
    );
    // Committees are held to it too, and not only when idle.
    assert!(
        committees > 0 || cases < 256,
        "Little exact on no committee with decision requests"
    );
}
