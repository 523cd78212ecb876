//! Validation reports every problem at once, with paths and ranges.

use orgflow::i18n::Lang;
use orgflow::scenario::{self, ErrorKind};

fn codes_and_paths(json: &str) -> Vec<(String, &'static str)> {
    match scenario::load(json) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .iter()
            .map(|e| (e.path.clone(), e.kind.code()))
            .collect(),
    }
}

const VALID: &str = r#"{
  "version": 1,
  "name": {"en": "t", "zh": "t"},
  "horizon": {"days": 2},
  "grades": [{"name": "H", "share_percent": 40, "expected_response_minutes": 30},
             {"name": "B", "share_percent": 60, "expected_response_minutes": 60}],
  "sources": [{"name": "web", "leads_per_day": 100, "entry_unit": "a"}],
  "units": [{"name": "a", "headcount": 2, "service_minutes": {"contact": {"kind": "exponential", "mean": 5}}}]
}"#;

#[test]
fn a_minimal_file_is_valid() {
    assert_eq!(codes_and_paths(VALID), vec![]);
}

#[test]
fn malformed_json_gives_line_and_column() {
    let errors = scenario::parse("{\n  \"version\": 1,\n  oops\n}").unwrap_err();
    assert_eq!(errors.len(), 1);
    match &errors[0].kind {
        ErrorKind::Syntax { line, column, .. } => assert_eq!((*line, *column), (3, 3)),
        other => panic!("{other:?}"),
    }
    assert!(errors[0].message(Lang::Zh).contains("第 3 行"));
    // NaN and infinity are not JSON; an overflowing literal is rejected too.
    assert!(scenario::parse(&VALID.replace("\"days\": 2", "\"days\": NaN")).is_err());
    assert!(scenario::parse(&VALID.replace("\"days\": 2", "\"days\": 1e999")).is_err());
}

#[test]
fn structural_problems_are_all_reported() {
    let json = VALID
        .replace("\"headcount\": 2", "\"headcount\": 0, \"colour\": \"red\"")
        .replace("\"leads_per_day\": 100", "\"leads_per_day\": \"many\"")
        .replace("\"days\": 2", "\"days\": -1");
    let found = codes_and_paths(&json);
    assert_eq!(
        found,
        vec![
            ("horizon.days".into(), "out_of_range"),
            ("sources[0].leads_per_day".into(), "wrong_type"),
            ("units[0].colour".into(), "unknown_field"),
            ("units[0].headcount".into(), "out_of_range"),
        ]
    );
    let errors = scenario::load(&json).unwrap_err();
    let headcount = errors
        .iter()
        .find(|e| e.path == "units[0].headcount")
        .unwrap();
    assert_eq!(
        headcount.message(Lang::En),
        "units[0].headcount: 0 is out of range, must be ≥ 1 and ≤ 100000"
    );
    assert_eq!(
        headcount.message(Lang::Zh),
        "units[0].headcount：数值 0 超出范围，应 ≥ 1 且 ≤ 100000"
    );
}

#[test]
fn cross_field_problems_are_all_reported() {
    let json = r#"{
      "version": 1,
      "name": {"en": "t", "zh": "t"},
      "horizon": {"days": 2},
      "grades": [{"name": "H", "share_percent": 40, "expected_response_minutes": 30}],
      "sources": [{"name": "web", "leads_per_day": 100, "entry_unit": "nowhere"}],
      "units": [
        {"name": "a", "headcount": 1, "authority": 1, "escalate_to": "b",
         "service_minutes": {"contact": {"kind": "lognormal", "mean": 5}, "consult": {"kind": "exponential", "mean": 5}},
         "routes": [{"to": "b", "probability": 1}]},
        {"name": "b", "headcount": 1, "escalate_to": "a", "service_minutes": {"contact": {"kind": "exponential", "mean": 5}},
         "routes": [{"to": "a", "probability": 1}]}
      ],
      "funnel": {"channels": [{"name": "dealer", "share_percent": 90, "unit": "a", "close_rate": 0.2, "decision_share": 0.5}],
                 "decision_levels_percent": [50, 50]}
    }"#;
    let found = codes_and_paths(json);
    let expected: Vec<(String, &str)> = vec![
        ("grades".into(), "shares_not_100"),
        (
            "units[0].service_minutes.contact.cv".into(),
            "missing_parameter",
        ),
        ("units[0].routes".into(), "routing_loop"),
        ("units[1].routes".into(), "routing_loop"),
        ("units[0].escalate_to".into(), "escalation_cycle"),
        ("sources[0].entry_unit".into(), "unknown_reference"),
        ("funnel.channels".into(), "shares_not_100"),
    ];
    assert_eq!(found, expected);
}

#[test]
fn structural_and_cross_field_problems_come_in_one_round() {
    // A wrong type, an unknown field and an out-of-range share (structure)
    // beside a reference to a missing unit and grade shares that do not total
    // 100 (cross-field): all five at once. The clamped share is not blamed a
    // second time for the total it breaks, and the placeholder put in for the
    // wrong type raises nothing of its own.
    let json = VALID
        .replace("\"leads_per_day\": 100", "\"leads_per_day\": \"many\"")
        .replace("\"entry_unit\": \"a\"", "\"entry_unit\": \"nowhere\"")
        .replace("\"headcount\": 2", "\"headcount\": 2, \"colour\": \"red\"")
        .replace("\"share_percent\": 60", "\"share_percent\": 50");
    assert_eq!(
        codes_and_paths(&json),
        vec![
            ("sources[0].leads_per_day".into(), "wrong_type"),
            ("units[0].colour".into(), "unknown_field"),
            ("grades".into(), "shares_not_100"),
            ("sources[0].entry_unit".into(), "unknown_reference"),
        ]
    );
    let clamped = VALID
        .replace("\"share_percent\": 60", "\"share_percent\": 160")
        .replace("\"entry_unit\": \"a\"", "\"entry_unit\": \"nowhere\"");
    assert_eq!(
        codes_and_paths(&clamped),
        vec![
            ("grades[1].share_percent".into(), "out_of_range"),
            ("sources[0].entry_unit".into(), "unknown_reference"),
        ]
    );
    // Nothing usable at all: only the structural error, no noise.
    assert_eq!(codes_and_paths("[]"), vec![("".to_string(), "wrong_type")]);
    assert_eq!(
        codes_and_paths(r#"{"version": 1}"#)
            .iter()
            .map(|(_, code)| *code)
            .collect::<Vec<_>>(),
        vec!["missing_field"; 5]
    );
}

#[test]
fn sizes_too_large_to_run_are_refused() {
    let json = VALID
        .replace("\"leads_per_day\": 100", "\"leads_per_day\": 1000000")
        .replace("\"days\": 2", "\"days\": 100");
    assert_eq!(
        codes_and_paths(&json),
        vec![("sources".into(), "too_large")]
    );
    let json = VALID.replace("\"leads_per_day\": 100", "\"leads_per_day\": 0");
    assert_eq!(
        codes_and_paths(&json),
        vec![("sources".into(), "empty_model")]
    );
    let units: Vec<String> = (0..201)
        .map(|i| format!(r#"{{"name": "u{i}", "headcount": 1}}"#))
        .collect();
    let json = VALID.replace(
        r#"[{"name": "a", "headcount": 2, "service_minutes": {"contact": {"kind": "exponential", "mean": 5}}}]"#,
        &format!("[{}]", units.join(",")),
    );
    assert_eq!(
        codes_and_paths(&json),
        vec![("units".into(), "too_many_items")]
    );
}

#[test]
fn another_version_is_named_as_such() {
    let json = VALID.replace("\"version\": 1", "\"version\": 2");
    assert_eq!(
        codes_and_paths(&json),
        vec![("version".into(), "unsupported_version")]
    );
}

#[test]
fn every_error_kind_has_both_languages() {
    let errors =
        scenario::load(&VALID.replace("\"headcount\": 2", "\"headcount\": 2.5")).unwrap_err();
    for e in &errors {
        assert!(!e.message(Lang::En).is_empty() && !e.message(Lang::Zh).is_empty());
        let json = serde_json::to_value(e).unwrap();
        assert_eq!(json["code"], e.kind.code());
        assert_eq!(json["path"], e.path);
    }
}

#[test]
fn what_an_assumption_covers_must_be_a_field_path_of_the_format() {
    let with_covers = |covers: &str| {
        VALID.replace(
            "\"horizon\"",
            &format!(r#""assumptions": [{{"en": "e", "zh": "z", "covers": {covers}}}], "horizon""#),
        )
    };
    // Places in the format, whether or not this file has them.
    let good = r#"["units[a].headcount", "units[call_center]", "routing.rules[0]",
        "funnel.channels[online_direct].close_rate", "sources[web].grade_mix_percent.H"]"#;
    assert_eq!(codes_and_paths(&with_covers(good)), vec![]);
    // A typo, an index for a named list's field, a name for a list by
    // index, and text that is no path at all.
    let bad = r#"["units[a].hedcount", "units.headcount", "routing.rules[first]", "units[a"]"#;
    let found = codes_and_paths(&with_covers(bad));
    let expected: Vec<(String, &str)> = (0..4)
        .map(|j| (format!("assumptions[0].covers[{j}]"), "bad_path"))
        .collect();
    assert_eq!(found, expected);
    let errors = scenario::load(&with_covers(r#"["units.headcount"]"#)).unwrap_err();
    assert!(errors[0].message(Lang::Zh).contains("字段路径"));
    assert!(errors[0].message(Lang::En).contains("not a field path"));
    // The schema caps its length.
    let long = format!(r#"["units[{}]"]"#, "x".repeat(300));
    assert_eq!(
        codes_and_paths(&with_covers(&long)),
        vec![("assumptions[0].covers[0]".into(), "bad_length")]
    );
}

/// A traffic source takes its leads from its visitors: a `leads_per_day`
/// beside `traffic` is refused, and the pool's own fields are checked like
/// every other (a capture rate of 0 would make a source that never leads).
#[test]
fn a_traffic_source_is_checked() {
    let traffic = r#""traffic": {"visitors_per_day": 500, "capture_rate": 0.2,
                     "dwell_days": {"kind": "exponential", "mean": 3}}"#;
    let with = |source: &str| VALID.replace(r#""leads_per_day": 100"#, source);
    assert_eq!(codes_and_paths(&with(traffic)), vec![]);
    assert_eq!(
        codes_and_paths(&with(&format!(r#""leads_per_day": 100, {traffic}"#))),
        vec![("sources[0].leads_per_day".to_string(), "inconsistent")]
    );
    let found = codes_and_paths(&with(
        r#""traffic": {"visitors_per_day": 500, "capture_rate": 0,
                        "dwell_days": {"kind": "lognormal", "mean": 3}}"#,
    ));
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert!(
        paths.contains(&"sources[0].traffic.capture_rate"),
        "{found:?}"
    );
    // Neither leads nor visitors: nothing arrives.
    assert_eq!(
        codes_and_paths(&with(r#""leads_per_day": 0"#)),
        vec![("sources".to_string(), "empty_model")]
    );
}

/// Opening hours that cross midnight (22:00–06:00) are refused at the
/// unit's hours with a rule written in both languages (the Chinese message
/// once kept the rule in English), and the same unit open 00:00–24:00 is
/// valid. The JSON carries the rule as a code for programs.
#[test]
fn hours_that_cross_midnight_are_refused_in_both_languages() {
    let night = VALID.replace(
        "\"headcount\": 2,",
        "\"headcount\": 2, \"hours\": {\"days\": [\"mon\"], \"open\": \"22:00\", \"close\": \"06:00\"},",
    );
    let errors = scenario::load(&night).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert_eq!(
        (e.path.as_str(), e.kind.code()),
        ("units[0].hours", "inconsistent")
    );
    assert!(
        e.message(Lang::En)
            .contains("hours cannot cross midnight; use 00:00–24:00")
    );
    let zh = e.kind.describe(Lang::Zh);
    assert!(zh.contains("营业时间不能跨越午夜"), "{zh}");
    assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
    let json = serde_json::to_value(e).unwrap();
    assert_eq!(json["rule"]["rule"], "open_before_close");
    let round_the_clock = night
        .replace("\"22:00\"", "\"00:00\"")
        .replace("\"06:00\"", "\"24:00\"");
    assert_eq!(codes_and_paths(&round_the_clock), vec![]);
}
