//! The CLI contract: exit codes, JSON keys, same seed → same bytes.

use std::process::Command;

use serde_json::json;

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

#[test]
fn run_json_has_the_contract_keys_and_is_reproducible() {
    let args = [
        "run",
        "examples/validation/erlang_a.json",
        "--replications",
        "3",
        "--seed",
        "5",
    ];
    let (code, out, err) = orgflow(&args);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["seed"], 5);
    assert_eq!(json["replications"], 3);
    for kpi in [
        "first_response_minutes",
        "conversion_rate",
        "orders",
        "satisfaction",
        "cost_per_order",
        "abandonment_rate",
    ] {
        for stat in ["mean", "ci95", "p10", "p50", "p90"] {
            assert!(json["kpis"][kpi].get(stat).is_some(), "{kpi}.{stat}");
        }
    }
    let unit = &json["units"][0];
    assert_eq!(unit["name"], "server");
    let utilization = unit["utilization"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&utilization));
    assert!(unit["mean_wait_minutes"].as_f64().unwrap() > 0.0);
    assert!(unit["served"].as_f64().unwrap() > 0.0);
    assert_eq!(orgflow(&args).1, out, "same seed, same bytes");
}

#[test]
fn several_files_are_compared() {
    let (code, out, err) = orgflow(&[
        "run",
        "examples/validation/mm1.json",
        "examples/validation/mg1_lognormal.json",
        "--replications",
        "3",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["scenarios"].as_array().unwrap().len(), 2);
    let diff = &json["comparisons"][0]["differences"]["first_response_minutes"];
    assert!(diff["mean"].is_number() && diff["ci95"].is_number());
}

#[test]
fn csv_and_table_formats() {
    let (code, out, _) = orgflow(&[
        "run",
        "examples/validation/mm1.json",
        "--replications",
        "2",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert!(out.starts_with("scenario,section,name,metric,mean,ci95,p10,p50,p90\n"));
    assert!(out.contains(",kpi,first_response_minutes,value,"));
    let (code, out, _) = orgflow(&[
        "run",
        "examples/validation/mm1.json",
        "--replications",
        "2",
        "--format",
        "table",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("First response"));
}

#[test]
fn validate_exit_codes_and_paths() {
    let (code, out, _) = orgflow(&["validate", "examples/validation/mm1.json"]);
    assert_eq!(code, 0);
    assert!(out.contains("valid"));
    let dir = std::env::temp_dir().join(format!("orgflow-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    let text = std::fs::read_to_string(format!(
        "{}/examples/validation/mm1.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .replace("\"headcount\": 1", "\"headcount\": -3");
    std::fs::write(&bad, text).unwrap();
    let (code, _, err) = orgflow(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("units[0].headcount"), "{err}");
    let (code, _, err) = orgflow(&["validate", bad.to_str().unwrap(), "--lang", "zh"]);
    assert_eq!(code, 2);
    assert!(err.contains("超出范围"), "{err}");
    let (code, _, _) = orgflow(&["validate", "does/not/exist.json"]);
    assert_eq!(code, 2);
    let (code, _, _) = orgflow(&["run", "examples/validation/mm1.json", "--replications", "0"]);
    assert_eq!(code, 2);
    let (code, _, _) = orgflow(&["frobnicate"]);
    assert_eq!(code, 2);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn schema_is_printed() {
    let (code, out, _) = orgflow(&["schema"]);
    assert_eq!(code, 0);
    let schema: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(schema["title"], "orgflow scenario, version 1");
}

#[test]
fn bench_reports_the_mm_case() {
    let (code, out, err) = orgflow(&["bench", "--format", "json", "--seconds", "0.05"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let cases = json["cases"].as_array().unwrap();
    assert!(cases[0]["name"].as_str().unwrap().contains("mm"));
    assert!(
        cases
            .iter()
            .all(|c| c["leads_per_second"].as_f64().unwrap() > 0.0)
    );
    assert!(cases.len() >= 6, "the M/M/5 case and five presets");
}

#[test]
fn diff_lists_differences_with_their_assumptions() {
    let pair = [
        "diff",
        "examples/faw_vw_front_middle_back_after.json",
        "examples/digital_user_operations_one_id.json",
    ];
    let (code, out, err) = orgflow(&[&pair[..], &["--format", "json"]].concat());
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let differences = json["differences"].as_array().unwrap();
    assert!(!differences.is_empty());
    for d in differences {
        assert!(d["path"].is_string() && d.get("a").is_some() && d.get("b").is_some());
        for a in d["assumptions"].as_array().unwrap() {
            assert!(a["file"] == "a" || a["file"] == "b", "{a}");
            assert!(a["index"].is_u64() && a["en"].is_string() && a.get("source").is_some());
        }
    }
    let one_id = differences
        .iter()
        .find(|d| d["path"] == "handoffs.one_id")
        .expect("One-ID differs");
    assert_eq!((&one_id["a"], &one_id["b"]), (&json!(false), &json!(true)));
    assert!(json["uncovered"].is_u64());
    // The table is the default; a file compared with itself has nothing.
    let (code, out, _) = orgflow(&pair);
    assert_eq!(code, 0);
    assert!(out.contains("handoffs.one_id"), "{out}");
    let (code, out, _) = orgflow(&["diff", pair[1], pair[1], "--format", "json"]);
    assert_eq!(code, 0);
    let same: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(same, json!({"differences": [], "uncovered": 0}));
    // Invalid input: 2, as for the other commands.
    for args in [
        &["diff", pair[1]][..],
        &["diff", pair[1], "does/not/exist.json"],
        &["diff", pair[1], pair[2], "--format", "csv"],
        &["diff", pair[1], pair[2], "--lang", "zh"],
        &["diff", pair[1], "examples/validation/../../Cargo.toml"],
    ] {
        assert_eq!(orgflow(args).0, 2, "{args:?}");
    }
}

#[test]
fn per_replication_prints_each_replication_in_json_and_csv() {
    let file = "examples/validation/erlang_a.json";
    let (code, out, err) = orgflow(&["run", file, "--replications", "4", "--per-replication"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = json["scenarios"][0]["replications"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    // The summary's mean is the mean of these rows.
    let (_, summary, _) = orgflow(&["run", file, "--replications", "4"]);
    let summary: serde_json::Value = serde_json::from_str(&summary).unwrap();
    let mean = rows
        .iter()
        .map(|r| r["kpis"]["orders"].as_f64().unwrap())
        .sum::<f64>()
        / 4.0;
    assert!((summary["kpis"]["orders"]["mean"].as_f64().unwrap() - mean).abs() < 1e-9);
    let (code, csv, _) = orgflow(&[
        "run",
        file,
        "--replications",
        "4",
        "--per-replication",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].starts_with("scenario,replication,"));
    let (code, _, err) = orgflow(&["run", file, "--per-replication", "--format", "table"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn run_json_has_results_by_grade_and_source_and_warns_on_stderr() {
    let (code, out, err) = orgflow(&[
        "run",
        "examples/faw_vw_front_back_before.json",
        "--replications",
        "2",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    for (list, key) in [("by_grade", "grade"), ("by_source", "source")] {
        let rows = json[list].as_array().unwrap();
        assert!(!rows.is_empty());
        for row in rows {
            assert!(row[key].is_string());
            for field in [
                "leads",
                "first_response_minutes",
                "conversion_rate",
                "abandonment_rate",
            ] {
                assert!(row[field]["mean"].is_number(), "{list} {field}");
                assert!(row[field]["ci95"].is_number(), "{list} {field}");
            }
        }
    }
    assert!(json["units"][0]["ci95"]["mean_queue_length"].is_number());
    assert!(json["units"][0]["ci95"]["served"].is_number());
    assert_eq!(json["warnings"], json!([]));
    assert!(!err.contains("warning"), "{err}");
    // Cut the drain: leads are left in the funnel, and the user is told.
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/faw_vw_front_back_before.json"),
    )
    .unwrap();
    let mut file: serde_json::Value = serde_json::from_str(&text).unwrap();
    file["horizon"]["drain_days"] = json!(0);
    let path = std::env::temp_dir().join(format!("orgflow-no-drain-{}.json", std::process::id()));
    std::fs::write(&path, file.to_string()).unwrap();
    let (code, out, err) = orgflow(&["run", path.to_str().unwrap(), "--replications", "2"]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning:") && err.contains("drain_days"),
        "{err}"
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["warnings"][0]["kind"], "unfinished_rate");
}
