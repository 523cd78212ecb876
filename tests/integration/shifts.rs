//! Shifts: a unit's headcount by hour of day and weekday.
//!
//! Purpose-built scenarios where shifts matter: arrivals peak in the
//! morning, and the same staffed hours put where the leads are shorten
//! the waits; a block of 0 people is a closed unit; staff cost and
//! utilisation integrate the varying headcount.

use orgflow::analysis::crn::paired;
use orgflow::report::Summary;
use orgflow::scenario;
use orgflow::sim::{self, Model, ReplicationResult};
use serde_json::{Value, json};

use super::replicate;

/// A desk open 08:00–20:00 every day whose leads arrive three times as
/// fast from 08:00 to 11:00 as in the rest of the day (none at night):
/// 300 leads a day, 10-minute contacts, so about 9.5 people are busy in
/// the peak and 2.4 after it.
fn peak_scenario(unit: Value) -> Model {
    let mut profile = vec![0.0; 24];
    for (hour, weight) in profile.iter_mut().enumerate() {
        *weight = match hour {
            8..=10 => 4.0,
            11..=19 => 1.0,
            _ => 0.0,
        };
    }
    let mut desk = json!({
        "name": "desk", "headcount": 6, "hourly_cost": 50,
        "hours": {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                  "open": "08:00", "close": "20:00"},
        "service_minutes": {"contact": {"kind": "exponential", "mean": 10}}
    });
    if let (Some(desk), Some(extra)) = (desk.as_object_mut(), unit.as_object()) {
        for (key, value) in extra {
            desk.insert(key.clone(), value.clone());
        }
    }
    let file = json!({
        "version": 1,
        "name": {"en": "Morning peak", "zh": "上午高峰"},
        "horizon": {"days": 15, "warmup_days": 1},
        "grades": [{"name": "all", "share_percent": 100, "expected_response_minutes": 30}],
        "sources": [{"name": "web", "leads_per_day": 300, "entry_unit": "desk",
                     "hourly_profile": profile}],
        "units": [desk]
    });
    scenario::load(&file.to_string()).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn kpi(results: &[ReplicationResult], f: fn(&ReplicationResult) -> f64) -> Summary {
    Summary::of(&results.iter().map(f).collect::<Vec<_>>())
}

#[test]
fn the_same_hours_staffed_at_the_peak_shorten_the_waits() {
    // Flat: 6 people for 12 hours = 72 staffed hours a day. Shifted: 9 in
    // the three peak hours and 5 in the nine others = 27 + 45 = 72.
    let flat = peak_scenario(json!({}));
    let shifted = peak_scenario(json!({
        "headcount": 5,
        "shifts": [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                    "from": "08:00", "to": "11:00", "headcount": 9}]
    }));
    let a = replicate(&flat, 7, 8);
    let b = replicate(&shifted, 7, 8);
    // Staff cost: the same staffed hours, so the same cost, exactly what
    // the model's staffed minutes say (14 measured days × 72 h × 50).
    let window = (flat.warmup, flat.horizon);
    for (model, results) in [(&flat, &a), (&shifted, &b)] {
        let staffed = model.units[0].staffed_minutes(window.0, window.1);
        assert_eq!(staffed, 14.0 * 72.0 * 60.0);
        for r in results.iter() {
            let cost = r.units[0].staff_cost;
            assert!((cost - staffed / 60.0 * 50.0).abs() < 1e-6, "{cost}");
        }
    }
    let wait_flat = kpi(&a, |r| r.kpis.first_response_minutes);
    let wait_shifted = kpi(&b, |r| r.kpis.first_response_minutes);
    let difference = paired(
        &a.iter()
            .map(|r| r.kpis.first_response_minutes)
            .collect::<Vec<_>>(),
        &b.iter()
            .map(|r| r.kpis.first_response_minutes)
            .collect::<Vec<_>>(),
    );
    println!(
        "first response: flat {:.1} min, shifted {:.1} min, difference {:.1} ± {:.1}",
        wait_flat.mean,
        wait_shifted.mean,
        difference.mean,
        difference.ci95.unwrap_or(0.0)
    );
    // Several times shorter, and the paired interval excludes zero.
    assert!(wait_shifted.mean * 3.0 < wait_flat.mean);
    assert!(difference.mean + difference.ci95.unwrap_or(f64::INFINITY) < 0.0);
    // Utilisation integrates the varying headcount: the same busy time
    // over the same staffed time.
    let busy = |rs: &[ReplicationResult]| kpi(rs, |r| r.units[0].utilization).mean;
    assert!(
        (busy(&a) - busy(&b)).abs() < 0.02,
        "{} {}",
        busy(&a),
        busy(&b)
    );
}

#[test]
fn a_block_of_nobody_is_a_closed_unit() {
    // Opening hours 08:00–20:00, or always open with 0 people outside
    // 08:00–20:00: nobody serves at night either way (a lead in service at
    // 20:00 is finished in both), so every figure is the same.
    let closed = peak_scenario(json!({}));
    let every_day = json!(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    let mut nobody = peak_scenario(json!({
        "shifts": [{"days": every_day, "from": "00:00", "to": "08:00", "headcount": 0},
                   {"days": every_day, "from": "20:00", "to": "24:00", "headcount": 0}]
    }));
    nobody.units[0].hours = None;
    for r in 0..3 {
        let a = sim::run_replication(&closed, 3, r);
        let b = sim::run_replication(&nobody, 3, r);
        assert_eq!(a.kpis, b.kpis, "replication {r}");
        assert_eq!(a.units, b.units, "replication {r}");
    }
}

#[test]
fn shift_blocks_are_validated_with_paths_in_both_languages() {
    let bad = json!({
        "version": 1,
        "name": {"en": "x", "zh": "x"},
        "horizon": {"days": 2},
        "grades": [{"name": "all", "share_percent": 100, "expected_response_minutes": 30}],
        "sources": [{"name": "web", "leads_per_day": 10, "entry_unit": "desk"}],
        "units": [{
            "name": "desk", "headcount": 2,
            "service_minutes": {"contact": {"kind": "exponential", "mean": 10}},
            "shifts": [
                {"days": ["mon", "tue"], "from": "08:00", "to": "12:00", "headcount": 3},
                {"days": ["tue"], "from": "11:00", "to": "13:00", "headcount": 4},
                {"days": ["wed"], "from": "14:00", "to": "09:00", "headcount": 4},
                {"days": ["thu"], "from": "8:00", "to": "25:00", "headcount": 100001},
                {"days": ["someday"], "from": "08:00", "to": "09:00", "headcount": 1}
            ]
        }]
    });
    let errors = scenario::load(&bad.to_string()).expect_err("invalid shifts");
    let found: Vec<(String, &str)> = errors
        .iter()
        .map(|e| (e.path.clone(), e.kind.code()))
        .collect();
    for expected in [
        ("units[0].shifts[1]", "bad_shift"),
        ("units[0].shifts[2]", "bad_shift"),
        ("units[0].shifts[3].headcount", "out_of_range"),
        ("units[0].shifts[4].days[0]", "not_allowed"),
    ] {
        assert!(
            found
                .iter()
                .any(|(p, c)| p == expected.0 && *c == expected.1),
            "{expected:?} not in {found:?}"
        );
    }
    assert!(
        found.iter().any(
            |(p, c)| p.starts_with("units[0].shifts[3].") && *c == "invalid_clock"
                || p == "units[0].shifts[3].from"
        ),
        "{found:?}"
    );
    let overlap = errors
        .iter()
        .find(|e| e.path == "units[0].shifts[1]")
        .expect("overlap reported");
    let en = overlap.message(orgflow::i18n::Lang::En);
    let zh = overlap.message(orgflow::i18n::Lang::Zh);
    assert!(en.contains("overlaps shifts[0]"), "{en}");
    assert!(zh.contains("shifts[0]") && zh.contains("重叠"), "{zh}");
    assert_ne!(en, zh);
}
