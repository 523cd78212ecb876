//! Property tests: the core never panics and its books always balance.

use orgflow::scenario;
use orgflow::sim::{self, ReplicationResult};
use proptest::prelude::*;

fn assert_books_balance(r: &ReplicationResult) {
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
    assert!(f.contacted <= f.leads + f.incubated);
    assert!(f.abandonments <= f.leads);
    assert_eq!(f.orders_by_channel.iter().sum::<u64>(), f.ordered);
    assert_eq!(
        r.satisfaction_histogram.iter().sum::<u64>(),
        f.leads - f.unfinished
    );
    assert_eq!(
        r.handoffs_histogram.iter().sum::<u64>(),
        f.leads - f.unfinished
    );
    for unit in &r.units {
        assert!((0.0..=1.0).contains(&unit.utilization), "{unit:?}");
        assert!(unit.served + unit.left_unserved <= unit.arrivals + 1_000_000);
    }
    assert!(r.kpis.satisfaction >= 0.0 && r.kpis.satisfaction <= 10.0);
}

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
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

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
    }

    #[test]
    fn arbitrary_bytes_give_an_error_or_a_scenario(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = scenario::load(&text);
    }

    #[test]
    fn arbitrary_json_values_give_an_error_or_a_scenario(value in arbitrary_json()) {
        let _ = scenario::load(&value.to_string());
    }

    #[test]
    fn mutated_valid_files_never_panic(position in 0usize..2000, replacement in "[-0-9a-z\\[\\]{}\":,. ]{0,6}", seed in any::<u64>()) {
        let text = super::example("validation/jackson_tandem.json");
        let cut = position.min(text.len());
        let cut = (0..=cut).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        let mutated = format!("{}{}{}", &text[..cut], replacement, &text[cut..]);
        if let Ok(model) = scenario::load(&mutated) {
            // Whatever validated must run without panicking (kept small).
            if model.horizon <= 20 * orgflow::sim::model::TICKS_PER_DAY
                && model.sources.iter().map(|s| s.base_rate_per_minute).sum::<f64>() < 5.0
            {
                assert_books_balance(&sim::run_replication(&model, seed, 0));
            }
        }
    }
}

/// Arbitrary JSON shaped loosely like a scenario (objects with the real
/// field names), so the checker's deeper paths are exercised.
fn arbitrary_json() -> impl Strategy<Value = serde_json::Value> {
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
    ]);
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        (-1e9f64..1e9).prop_map(|x| serde_json::json!(x)),
        "[a-z]{0,8}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..8).prop_map(|m| {
                serde_json::Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}
