//! The calibration commands (`fit`, `backtest`, `events`): exit codes,
//! formats, and the round trip through the shipped synthetic lead log.

use std::process::Command;

const LOG: &str = "examples/logs/synthetic_faw_vw_before_leads.csv";
const PRESET: &str = "examples/faw_vw_front_back_before.json";

fn orgflow(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_orgflow"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the orgflow binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A file in a fresh temporary directory of this test.
fn temp_file(test: &str, name: &str, contents: &str) -> String {
    let dir = std::env::temp_dir().join(format!("orgflow-calibrate-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write temp file");
    path.to_string_lossy().into_owned()
}

#[test]
fn the_synthetic_log_is_marked_and_small() {
    let text = crate::example("logs/synthetic_faw_vw_before_leads.csv");
    assert!(
        text.starts_with("# SYNTHETIC"),
        "marked synthetic in its first line"
    );
    assert!(text.len() < 1_000_000);
    assert!(text.lines().count() > 2000);
}

#[test]
fn fit_prints_a_valid_scenario_with_assumptions() {
    let (code, out, err) = orgflow(&["fit", LOG]);
    assert_eq!(code, 0, "{err}");
    let model = orgflow::scenario::load(&out).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(model.sources.len(), 4);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let assumptions = json["assumptions"].as_array().unwrap();
    assert!(!assumptions.is_empty());
    for a in assumptions {
        let en = a["en"].as_str().unwrap();
        assert!(en.contains("synthetic_faw_vw_before_leads.csv"), "{en}");
        assert!(en.contains("4020 rows"), "{en}");
        assert!(en.contains("2024-02-05T"), "{en}: the date range");
    }
    // Not fitted things are said on stderr, not hidden.
    assert!(err.contains("not fitted"), "{err}");

    // --into keeps the base's structure and refits its values.
    let (code, out, err) = orgflow(&["fit", LOG, "--into", PRESET, "--quantities"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let scenario = serde_json::to_string(&json["scenario"]).unwrap();
    let model = orgflow::scenario::load(&scenario).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(model.units.len(), 6, "the preset's units");
    let quantities = json["fit"]["quantities"].as_array().unwrap();
    let tau = quantities
        .iter()
        .find(|q| q["path"] == "funnel.response_decay_minutes")
        .expect("τ is fitted");
    assert!(tau["ci95"].is_array());
    assert!(
        tau["method"]
            .as_str()
            .unwrap()
            .contains("maximum likelihood")
    );
    assert_eq!(json["fit"]["rows"], 4020);
}

#[test]
fn a_bad_log_exits_2_with_line_numbers() {
    let missing = temp_file("missing", "log.csv", "lead_id,source\n1,web\n");
    let (code, out, err) = orgflow(&["fit", &missing]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("missing required column created_at"), "{err}");

    let none_valid = temp_file("none", "log.csv", "lead_id,created_at\n1,yesterday\n2,\n");
    let (code, _, err) = orgflow(&["fit", &none_valid]);
    assert_eq!(code, 2);
    assert!(
        err.contains("line 2: created_at is not an ISO 8601 time"),
        "{err}"
    );
    assert!(err.contains("line 3: created_at is empty"), "{err}");
    assert!(err.contains("no valid row (2 bad rows)"), "{err}");

    // Some bad rows: reported by line, the rest is fitted (exit 0).
    let mut text = String::from("lead_id,created_at,first_contact_at\n");
    for i in 0..50 {
        text.push_str(&format!(
            "{i},2025-03-03T{:02}:00:00+08:00,2025-03-03T{:02}:30:00+08:00\n",
            i % 20,
            i % 20
        ));
    }
    text.push_str("x,2025-03-03T09:00:00,\n");
    let some_bad = temp_file("some", "log.csv", &text);
    let (code, out, err) = orgflow(&["fit", &some_bad]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("line 52: created_at has no zone offset"),
        "{err}"
    );
    assert!(err.contains("50 rows read, 1 bad rows left out"), "{err}");
    assert!(
        out.contains("1 bad rows left out"),
        "the count is in the assumptions"
    );
    // The stated zone reads the naive row.
    let (code, _, err) = orgflow(&["fit", &some_bad, "--zone", "+08:00"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("line 52"), "{err}");
    let (code, _, err) = orgflow(&["fit", &some_bad, "--zone", "Beijing"]);
    assert_eq!(code, 2);
    assert!(err.contains("--zone"), "{err}");
    let (code, _, _) = orgflow(&["fit"]);
    assert_eq!(code, 2);
    let (code, _, err) = orgflow(&["fit", "no/such/log.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn events_write_a_header_then_one_row_per_activity() {
    let args = [
        "events",
        "examples/validation/mm1.json",
        "--replication",
        "2",
        "--seed",
        "3",
    ];
    let (code, out, err) = orgflow(&args);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("case_id,activity,unit,start,end,grade,source,link,channel")
    );
    let rows: Vec<&str> = lines.collect();
    assert!(rows.len() > 100);
    assert!(
        rows.iter().all(|r| r.split(',').count() == 9),
        "nine fields per row"
    );
    assert!(rows.iter().any(|r| r.contains(",created,")));
    assert_eq!(orgflow(&args).1, out, "same seed, same bytes");

    let (code, leads, err) = orgflow(&["events", PRESET, "--replication", "0", "--leads"]);
    assert_eq!(code, 0, "{err}");
    assert!(leads.starts_with(
        "lead_id,created_at,source,grade,link,first_contact_at,qualified_at,order_at,channel,lost_at\n"
    ));
    let (code, _, err) = orgflow(&["events", PRESET, "--replication", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("--replication"), "{err}");
}

#[test]
fn the_event_log_round_trips_through_fit_and_backtest() {
    let (code, events, err) = orgflow(&["events", PRESET, "--replication", "0", "--seed", "4"]);
    assert_eq!(code, 0, "{err}");
    let log = temp_file("round", "events.csv", &events);
    let (code, fitted, err) = orgflow(&["fit", &log, "--into", PRESET]);
    assert_eq!(code, 0, "{err}");
    let fitted_file = temp_file("round", "fitted.json", &fitted);
    let (code, out, err) = orgflow(&[
        "backtest",
        &fitted_file,
        &log,
        "--replications",
        "3",
        "--seed",
        "9",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["seed"], 9);
    assert_eq!(json["replications"], 3);
    let rows = json["rows"].as_array().unwrap();
    // Overall, 4 grades, 4 sources; 9 figures each.
    assert_eq!(rows.len(), 9 * 9);
    let figure = |metric: &str| {
        rows.iter()
            .find(|r| r["segment"] == "all" && r["metric"] == metric)
            .unwrap_or_else(|| panic!("{metric}"))
    };
    for metric in [
        "abandonment_rate",
        "conversion_rate",
        "contacted_within_24_hours",
    ] {
        let row = figure(metric);
        let observed = row["observed"]["value"].as_f64().unwrap();
        let simulated = row["simulated"]["value"].as_f64().unwrap();
        assert!(
            (observed - simulated).abs() < 0.03,
            "{metric}: observed {observed}, simulated {simulated}"
        );
    }
    assert!(json["distances"][0]["ks"].as_f64().unwrap() < 0.1);
    assert!(!json["cannot_reproduce"].as_array().unwrap().is_empty());
    let (code, table, err) = orgflow(&["backtest", &fitted_file, &log, "--replications", "2"]);
    assert_eq!(code, 0, "{err}");
    assert!(table.contains("what the model cannot reproduce"), "{table}");
    let (code, _, _) = orgflow(&["backtest", &fitted_file, &log, "--format", "csv"]);
    assert_eq!(code, 2);
}
