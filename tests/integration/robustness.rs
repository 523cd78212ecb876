//! Size limits: a scenario just over a cap is refused by the validator with
//! a field path and `too_large` / `too_many_items` / `out_of_range`, before
//! anything runs; the same scenario just under the cap is accepted (and not
//! run here either: only `scenario::load` is called).

use orgflow::scenario::{self, MAX_REPLICATIONS};
use serde_json::{Value, json};

use super::properties::assert_errors_well_formed;

/// A small valid scenario with every part the caps concern.
fn base() -> Value {
    json!({
        "version": 1,
        "name": {"en": "caps", "zh": "上限"},
        "horizon": {"days": 10, "drain_days": 1},
        "run": {"replications": 10},
        "grades": [{"name": "H", "share_percent": 100, "expected_response_minutes": 30}],
        "sources": [{"name": "web", "leads_per_day": 100, "entry_unit": "desk"},
                    {"name": "friends", "leads_per_day": 0, "entry_unit": "desk"}],
        "units": [
            {"name": "desk", "headcount": 2, "authority": 1, "escalate_to": "board",
             "service_minutes": {"contact": {"kind": "exponential", "mean": 5},
                                 "consult": {"kind": "exponential", "mean": 20}},
             "routes": [{"to": "back", "probability": 0.2}]},
            {"name": "back", "headcount": 1,
             "service_minutes": {"contact": {"kind": "exponential", "mean": 5}}},
            {"name": "board", "headcount": 3, "authority": 2,
             "committee": {"every_days": 1, "at": "10:00", "duration_minutes": 60}}
        ],
        "funnel": {
            "channels": [{"name": "dealer", "share_percent": 100, "unit": "desk", "close_rate": 0.3,
                          "decision_share": 0.2}],
            "decision_levels_percent": [50, 50],
            "referral": {"source": "friends", "max_probability": 0.3,
                         "delay_days": {"kind": "exponential", "mean": 2}}
        }
    })
}

/// The (path, code) pairs of the errors, or nothing when the file is valid.
fn refusal(value: &Value) -> Vec<(String, &'static str)> {
    let text = value.to_string();
    match scenario::load(&text) {
        Ok(_) => Vec::new(),
        Err(errors) => {
            assert_errors_well_formed(&text, &errors);
            errors
                .iter()
                .map(|e| (e.path.clone(), e.kind.code()))
                .collect()
        }
    }
}

fn refused_at(value: &Value, path: &str, code: &str) {
    assert_eq!(
        refusal(value),
        vec![(path.to_string(), code)],
        "expected one {code} at {path}"
    );
}

#[test]
fn the_base_scenario_is_valid() {
    assert_eq!(refusal(&base()), vec![]);
}

#[test]
fn units_over_the_cap_are_refused() {
    let mut s = base();
    let units = s["units"].as_array_mut().unwrap();
    // 3 units already; pad to exactly 200, then one more.
    for i in 0..197 {
        units.push(json!({"name": format!("spare{i}"), "headcount": 1}));
    }
    assert_eq!(refusal(&s), vec![]);
    s["units"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "one_too_many", "headcount": 1}));
    refused_at(&s, "units", "too_many_items");
}

#[test]
fn sources_over_the_cap_are_refused() {
    let mut s = base();
    let sources = s["sources"].as_array_mut().unwrap();
    for i in 0..98 {
        sources.push(json!({"name": format!("s{i}"), "leads_per_day": 1, "entry_unit": "desk"}));
    }
    assert_eq!(refusal(&s), vec![]);
    s["sources"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "one_too_many", "leads_per_day": 1, "entry_unit": "desk"}));
    refused_at(&s, "sources", "too_many_items");
}

#[test]
fn horizon_times_arrival_rate_over_the_cap_is_refused() {
    // 5 000 000 expected leads is the cap: 100 days × 50 000 a day.
    let mut s = base();
    s["horizon"]["days"] = json!(100);
    s["funnel"]["referral"]["max_probability"] = json!(0);
    s["units"][2]["committee"]["every_days"] = json!(1);
    s["units"][0]["routes"] = json!([]);
    s["sources"][0]["leads_per_day"] = json!(50_000);
    assert_eq!(refusal(&s), vec![]);
    s["sources"][0]["leads_per_day"] = json!(50_000.5);
    refused_at(&s, "sources", "too_large");
    // A campaign counts its extra leads.
    s["sources"][0]["leads_per_day"] = json!(49_000);
    assert_eq!(refusal(&s), vec![]);
    s["sources"][0]["campaigns"] = json!([{"start_day": 0, "end_day": 3, "multiplier": 1.7}]);
    refused_at(&s, "sources", "too_large");
    // So does a long horizon at a modest rate.
    let mut s = base();
    s["horizon"]["days"] = json!(3650);
    s["sources"][0]["leads_per_day"] = json!(1370);
    refused_at(&s, "sources", "too_large");
}

#[test]
fn arrival_peaks_that_would_stall_thinning_are_refused() {
    // Few leads, but five stacked ×100 campaigns make the thinning peak
    // 10^10 times the mean rate.
    let mut s = base();
    s["sources"][0]["campaigns"] = (0..5)
        .map(|i| json!({"start_day": f64::from(i) * 0.01, "end_day": f64::from(i) * 0.01 + 0.001, "multiplier": 100}))
        .collect();
    refused_at(&s, "sources[0].campaigns", "too_large");
    // Two ×10 campaigns are fine.
    s["sources"][0]["campaigns"] = json!([{"start_day": 1, "end_day": 2, "multiplier": 10},
                                          {"start_day": 4, "end_day": 5, "multiplier": 10}]);
    assert_eq!(refusal(&s), vec![]);
}

#[test]
fn committees_meeting_too_often_are_refused() {
    // 11 days of horizon and drain: 100 000 meetings is the cap (a meeting
    // at the start, then one per period).
    let mut s = base();
    let span_minutes = 11.0 * 1440.0;
    s["units"][2]["committee"]["every_days"] = json!(span_minutes / 99_990.0 / 1440.0);
    assert_eq!(refusal(&s), vec![]);
    s["units"][2]["committee"]["every_days"] = json!(span_minutes / 100_000.0 / 1440.0);
    refused_at(&s, "units[2].committee.every_days", "too_large");
    s["units"][2]["committee"]["every_days"] = json!(1e-9);
    refused_at(&s, "units[2].committee.every_days", "too_large");
}

#[test]
fn referral_chains_without_end_are_refused() {
    let mut s = base();
    s["funnel"]["referral"]["max_probability"] = json!(1);
    s["funnel"]["referral"]["delay_days"] = json!({"kind": "deterministic", "value": 0});
    refused_at(&s, "funnel.referral", "too_large");
    // Certain referral after a day: at most 11 generations in 10 days.
    s["funnel"]["referral"]["delay_days"] = json!({"kind": "deterministic", "value": 1});
    assert_eq!(refusal(&s), vec![]);
}

#[test]
fn routes_that_almost_never_let_go_are_refused() {
    let mut s = base();
    s["units"][1]["routes"] = json!([{"to": "desk", "probability": 0.999_999}]);
    s["units"][0]["routes"] = json!([{"to": "back", "probability": 1}]);
    refused_at(&s, "units[0].routes", "too_large");
    // A lead that returns nine times in ten still leaves soon enough.
    s["units"][1]["routes"] = json!([{"to": "desk", "probability": 0.9}]);
    assert_eq!(refusal(&s), vec![]);
}

#[test]
fn replications_and_horizon_over_the_cap_are_refused() {
    let mut s = base();
    s["run"]["replications"] = json!(MAX_REPLICATIONS);
    s["sources"][0]["leads_per_day"] = json!(1);
    s["horizon"]["days"] = json!(3650);
    s["horizon"]["drain_days"] = json!(365);
    assert_eq!(refusal(&s), vec![]);
    s["run"]["replications"] = json!(MAX_REPLICATIONS + 1);
    refused_at(&s, "run.replications", "out_of_range");
    s["run"]["replications"] = json!(1);
    s["horizon"]["days"] = json!(3650.001);
    refused_at(&s, "horizon.days", "out_of_range");
    s["horizon"]["days"] = json!(3650);
    s["horizon"]["drain_days"] = json!(365.001);
    refused_at(&s, "horizon.drain_days", "out_of_range");
}

#[test]
fn integral_floats_are_integers() {
    // JSON Schema reads 2.0 as the integer 2; so does the loader.
    let mut s = base();
    s["units"][0]["headcount"] = serde_json::from_str("2.0").unwrap();
    s["units"][0]["authority"] = serde_json::from_str("1.0").unwrap();
    assert_eq!(refusal(&s), vec![]);
    s["units"][0]["headcount"] = json!(2.5);
    refused_at(&s, "units[0].headcount", "wrong_type");
}

#[test]
fn a_byte_order_mark_is_read_like_the_app_reads_it() {
    let text = format!("\u{feff}{}", base());
    assert_eq!(refusal(&serde_json::from_str(&text[3..]).unwrap()), vec![]);
    assert!(scenario::load(&text).is_ok());
}

#[test]
fn a_key_written_twice_is_refused_at_its_path() {
    let text = base()
        .to_string()
        .replacen("\"headcount\":2", "\"headcount\":2,\"headcount\":3", 1);
    let errors = scenario::load(&text).unwrap_err();
    assert_errors_well_formed(&text, &errors);
    let found: Vec<_> = errors
        .iter()
        .map(|e| (e.path.as_str(), e.kind.code()))
        .collect();
    assert_eq!(found, vec![("units[0].headcount", "duplicate_key")]);
}

#[test]
fn a_grade_mix_with_more_keys_than_grades_allowed_is_one_error() {
    let mut s = base();
    s["sources"][0]["grade_mix_percent"] =
        Value::Object((0..17).map(|i| (format!("g{i}"), json!(-1))).collect());
    refused_at(&s, "sources[0].grade_mix_percent", "too_many_items");
}
