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
fn a_comparison_has_the_payback_of_its_transition_cost() {
    let (code, out, err) = orgflow(&[
        "run",
        "examples/faw_vw_front_back_before.json",
        "examples/faw_vw_front_middle_back_after.json",
        "--replications",
        "4",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    for kpi in [
        "revenue",
        "gross_profit",
        "profit_per_lead",
        "cost_per_order",
    ] {
        assert!(
            json["scenarios"][1]["kpis"][kpi]["mean"].is_number(),
            "{kpi}"
        );
    }
    let payback = &json["comparisons"][0]["payback_months"];
    let gain = payback["monthly_gross_profit_difference"]["mean"]
        .as_f64()
        .unwrap();
    assert_eq!(payback["transition_cost"], 30_000_000.0);
    // Which design earns more is the model's answer, not this test's: the
    // payback follows from whatever the gain is.
    if gain > 0.0 {
        assert_eq!(payback["mean"].as_f64(), Some(30_000_000.0 / gain));
        assert!(payback["ci95"].is_number() && payback["reason"].is_null());
    } else {
        assert!(payback["mean"].is_null(), "{payback}");
        assert_eq!(payback["reason"], "profit_not_higher");
    }
    // Two queueing models without money: no gain, so never.
    let (_, out, _) = orgflow(&[
        "run",
        "examples/validation/mm1.json",
        "examples/validation/mg1_lognormal.json",
        "--replications",
        "2",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let payback = &json["comparisons"][0]["payback_months"];
    assert!(payback["mean"].is_null(), "{payback}");
    assert_eq!(payback["reason"], "profit_not_higher");
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
            assert!(
                a["index"].is_u64()
                    && a["en"].is_string()
                    && a["zh"].is_string()
                    && a.get("source").is_some()
            );
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

/// A scratch directory for one test's files.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("orgflow-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_refused_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::OsStr::from_bytes(b"scen\xffario.json");
    let output = Command::new(env!("CARGO_BIN_EXE_orgflow"))
        .arg("validate")
        .arg(name)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[cfg(unix)]
#[test]
fn endless_input_is_refused_at_the_size_cap() {
    let started = std::time::Instant::now();
    let (code, _, err) = orgflow(&["run", "/dev/zero"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("larger than 2097152 bytes"), "{err}");
    assert!(
        started.elapsed().as_secs() < 20,
        "stopped reading at the cap"
    );
    // Just over the cap in an ordinary file, too.
    let dir = scratch("big");
    let big = dir.join("big.json");
    std::fs::write(&big, " ".repeat(2 * 1024 * 1024 + 1)).unwrap();
    let (code, _, err) = orgflow(&["validate", big.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("larger than"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = scratch("bom");
    let file = dir.join("bom.json");
    std::fs::write(&file, format!("\u{feff}{}", example("validation/mm1.json"))).unwrap();
    let (code, out, err) = orgflow(&["validate", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("valid"), "{out}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn repeated_keys_are_refused_with_their_path() {
    let dir = scratch("dup");
    let file = dir.join("dup.json");
    let text = example("validation/mm1.json").replacen(
        "\"headcount\": 1",
        "\"headcount\": 1, \"headcount\": 9",
        1,
    );
    std::fs::write(&file, text).unwrap();
    let (code, _, err) = orgflow(&["validate", file.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("units[0].headcount"), "{err}");
    assert!(err.contains("more than once"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_flood_of_errors_is_capped() {
    // A grade mix naming 100,000 grades: one error at the mix, not one per key.
    let mut value: serde_json::Value =
        serde_json::from_str(&example("validation/mm1.json")).unwrap();
    let mix: serde_json::Map<String, serde_json::Value> =
        (0..100_000).map(|i| (format!("g{i}"), json!(-1))).collect();
    value["sources"][0]["grade_mix_percent"] = serde_json::Value::Object(mix);
    let dir = scratch("flood");
    let file = dir.join("flood.json");
    std::fs::write(&file, value.to_string()).unwrap();
    let (code, _, err) = orgflow(&["validate", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("sources[0].grade_mix_percent: allows at most 16"),
        "{err}"
    );
    assert!(err.lines().count() < 20, "{} lines", err.lines().count());
    // Errors of other kinds are printed up to a cap, then counted.
    let mut value: serde_json::Value =
        serde_json::from_str(&example("validation/mm1.json")).unwrap();
    for i in 0..500 {
        value[format!("unknown_{i}")] = json!(1);
    }
    std::fs::write(&file, value.to_string()).unwrap();
    let (code, _, err) = orgflow(&["validate", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 101, "{err}");
    assert!(err.ends_with("… and 400 more errors\n"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_is_an_internal_error() {
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "exec '{}' presets >&-",
            env!("CARGO_BIN_EXE_orgflow")
        ))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot write output"));
}

#[test]
fn help_after_a_command_prints_the_usage() {
    for args in [
        &["run", "--help"][..],
        &["validate", "-h"],
        &["diff", "a", "--help"],
    ] {
        let (code, out, err) = orgflow(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains("Usage:"), "{args:?}: {out}");
    }
}

/// mm1.json with its scenario and unit named `name`.
fn named(name: &str) -> serde_json::Value {
    let mut value: serde_json::Value =
        serde_json::from_str(&example("validation/mm1.json")).unwrap();
    value["name"]["en"] = json!(name);
    value["units"][0]["name"] = json!(name);
    value["sources"][0]["entry_unit"] = json!(name);
    value
}

#[test]
fn csv_cells_that_look_like_formulas_are_neutralised() {
    let dir = scratch("formula");
    let file = dir.join("formula.json");
    let hostile = "=HYPERLINK(\"http://evil.example\",\"open\")";
    std::fs::write(&file, named(hostile).to_string()).unwrap();
    let path = file.to_str().unwrap();
    let (code, out, err) = orgflow(&["run", path, path, "--replications", "2", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let mut rows = 0;
    for line in out.lines().skip(1) {
        // Every cell holding the name starts with the quote that makes it text.
        assert!(line.starts_with("\"'=HYPERLINK("), "{line}");
        rows += 1;
    }
    assert!(rows > 20);
    assert!(out.contains(",unit,\"'=HYPERLINK("), "{out}");
    // Numbers stay numbers, negative ones included.
    assert!(
        out.lines()
            .any(|l| l.contains(",difference,") && l.contains(",paired,"))
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn control_characters_in_names_are_escaped_on_the_terminal() {
    let dir = scratch("control");
    let file = dir.join("control.json");
    let hostile = "desk\u{1b}]0;owned\u{7}\u{1b}[2J";
    std::fs::write(&file, named(hostile).to_string()).unwrap();
    let path = file.to_str().unwrap();
    for format in ["table", "csv"] {
        let (code, out, err) = orgflow(&["run", path, "--replications", "2", "--format", format]);
        assert_eq!(code, 0, "{err}");
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{format}: raw control characters"
        );
        assert!(
            out.contains("desk\\u{1b}]0;owned\\u{7}\\u{1b}[2J"),
            "{format}: {out}"
        );
    }
    // Error output: a reference to the hostile name that does not exist.
    let mut value = named("desk");
    value["sources"][0]["entry_unit"] = json!(hostile);
    std::fs::write(&file, value.to_string()).unwrap();
    let (code, _, err) = orgflow(&["validate", path]);
    assert_eq!(code, 2);
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{7}'),
        "raw control characters: {err:?}"
    );
    assert!(err.contains("\\u{1b}"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// `orgflow run` with `--threads N` appended.
fn run_on_threads(args: &[&str], threads: &str) -> (i32, String, String) {
    let mut all = args.to_vec();
    all.extend(["--threads", threads]);
    orgflow(&all)
}

#[test]
fn the_output_is_the_same_bytes_for_any_number_of_threads() {
    for file in [
        "examples/faw_vw_front_back_before.json",
        "examples/faw_vw_front_middle_back_after.json",
    ] {
        let args = ["run", file, "--replications", "6", "--format", "json"];
        let (code, one, err) = run_on_threads(&args, "1");
        assert_eq!(code, 0, "{file}: {err}");
        for threads in ["2", "3"] {
            let (code, out, err) = run_on_threads(&args, threads);
            assert_eq!(code, 0, "{file} on {threads} threads: {err}");
            assert!(out == one, "{file}: 1 and {threads} threads differ");
        }
    }
    // Several files (paired comparisons) and per-replication rows too.
    let pair = [
        "run",
        "examples/faw_vw_front_back_before.json",
        "examples/faw_vw_front_middle_back_after.json",
        "--replications",
        "5",
        "--per-replication",
    ];
    let (code, one, err) = run_on_threads(&pair, "1");
    assert_eq!(code, 0, "{err}");
    assert!(run_on_threads(&pair, "2").1 == one);
}

#[test]
fn early_stopping_stops_at_the_same_replication_for_any_number_of_threads() {
    let dir = scratch("threads");
    // Half-width 5 is met at the minimum of 3 replications; 0.4 only after
    // 7, inside the second batch on 2 threads and the third on 3, so the
    // replications run past it must be discarded.
    for half_width in [5.0, 0.4] {
        let mut scenario: serde_json::Value =
            serde_json::from_str(&example("validation/mm1.json")).unwrap();
        scenario["run"] = json!({"target_ci95": {
            "kpi": "first_response_minutes",
            "half_width": half_width,
            "min_replications": 3
        }});
        let file = dir.join(format!("mm1_target_{half_width}.json"));
        std::fs::write(&file, scenario.to_string()).unwrap();
        let file = file.to_str().unwrap();
        let args = ["run", file, "--replications", "12", "--format", "json"];
        let (code, one, err) = run_on_threads(&args, "1");
        assert_eq!(code, 0, "{err}");
        let json: serde_json::Value = serde_json::from_str(&one).unwrap();
        let stopped_at = json["replications"].as_u64().unwrap();
        assert!(
            (3..12).contains(&stopped_at),
            "half-width {half_width}: stops early, not before the minimum: {stopped_at}"
        );
        for threads in ["2", "3"] {
            let (code, out, err) = run_on_threads(&args, threads);
            assert_eq!(code, 0, "{threads} threads: {err}");
            let json: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(
                json["replications"].as_u64(),
                Some(stopped_at),
                "half-width {half_width}, {threads} threads"
            );
            assert!(
                out == one,
                "half-width {half_width}: 1 and {threads} threads differ"
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_bad_thread_count_is_invalid_input() {
    for bad in ["0", "abc", "257", "-1", ""] {
        let (code, out, err) = run_on_threads(&["run", "examples/validation/mm1.json"], bad);
        assert_eq!(code, 2, "--threads {bad:?}: {err}");
        assert!(out.is_empty());
        assert!(err.contains("--threads must be 1–256"), "{err}");
    }
    let (code, _, err) = orgflow(&["bench", "--threads", "2"]);
    assert_eq!(code, 2, "bench runs on one thread: {err}");
}

#[test]
fn explain_prints_contributions_that_add_up_to_the_total() {
    let dir = scratch("explain");
    let mut b: serde_json::Value = serde_json::from_str(&example("validation/mm1.json")).unwrap();
    b["units"][0]["headcount"] = json!(2);
    b["customer"] = json!({"base": 7});
    let b_file = dir.join("b.json");
    std::fs::write(&b_file, b.to_string()).unwrap();
    let b_file = b_file.to_string_lossy().into_owned();
    let args = [
        "explain",
        "examples/validation/mm1.json",
        b_file.as_str(),
        "--kpi",
        "first_response_minutes",
        "--replications",
        "4",
        "--format",
        "json",
    ];
    let (code, out, err) = orgflow(&args);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["kpi"], "first_response_minutes");
    assert_eq!(json["replications"], 4);
    assert_eq!(json["method"], "exact");
    let total = json["total"]["mean"].as_f64().unwrap();
    assert!(json["total"]["ci95"].is_number());
    // A second server at ρ = 0.8 shortens the wait a lot.
    assert!(total < -1.0, "{total}");
    let contributions = json["contributions"].as_array().unwrap();
    let groups: Vec<&str> = contributions
        .iter()
        .map(|c| c["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["headcount", "satisfaction_weights"]);
    for c in contributions {
        assert!(c["mean"].is_number() && c["ci95"].is_number(), "{c}");
        assert!(c["paths"].as_array().is_some_and(|p| !p.is_empty()), "{c}");
    }
    assert_eq!(
        contributions[0]["paths"],
        json!(["units[server].headcount"])
    );
    // Satisfaction weights do not move the first response at all.
    assert_eq!(contributions[1]["mean"].as_f64(), Some(0.0));
    let sum: f64 = contributions
        .iter()
        .map(|c| c["mean"].as_f64().unwrap())
        .sum();
    assert!((sum - total).abs() < 1e-9 * total.abs(), "{sum} vs {total}");
    // The same bytes on any number of threads; a table on request.
    assert!(run_on_threads(&args, "1").1 == run_on_threads(&args, "2").1);
    let (code, table, err) = orgflow(&args[..7]);
    assert_eq!(code, 0, "{err}");
    assert!(
        table.contains("headcount") && table.contains("total (B − A)"),
        "{table}"
    );
    // Bad arguments are invalid input naming the argument.
    for (bad, says) in [
        (&["--kpi", "profit"][..], "--kpi"),
        (&["--format", "csv"][..], "--format"),
        (&["--samples", "0"][..], "--samples"),
    ] {
        let mut all = args[..3].to_vec();
        all.extend(bad);
        let (code, _, err) = orgflow(&all);
        assert_eq!(code, 2, "{bad:?}");
        assert!(err.contains(says), "{bad:?}: {err}");
    }
    assert_eq!(orgflow(&["explain", "examples/validation/mm1.json"]).0, 2);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn sensitivity_prints_each_input_either_way_against_the_baseline() {
    let args = [
        "sensitivity",
        "examples/validation/mm1.json",
        "--input",
        "units[server].service_minutes",
        "--input",
        "sources[poisson].leads_per_day",
        "--kpi",
        "first_response_minutes",
        "--range",
        "10",
        "--replications",
        "4",
        "--format",
        "json",
    ];
    let (code, out, err) = orgflow(&args);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["kpi"], "first_response_minutes");
    assert!(json["baseline"]["mean"].as_f64().unwrap() > 0.0);
    assert!(json["baseline"]["ci95"].is_number());
    let inputs = json["inputs"].as_array().unwrap();
    let paths: Vec<&str> = inputs.iter().map(|i| i["path"].as_str().unwrap()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths.contains(&"units[server].service_minutes.contact.mean"));
    assert!(paths.contains(&"sources[poisson].leads_per_day"));
    let load = inputs
        .iter()
        .find(|i| i["path"] == "sources[poisson].leads_per_day")
        .unwrap();
    assert_eq!(
        (load["low"].as_f64(), load["high"].as_f64()),
        (Some(1036.8), Some(1267.2))
    );
    for input in inputs {
        for side in ["effect_low", "effect_high"] {
            assert!(
                input[side]["mean"].is_number() && input[side]["ci95"].is_number(),
                "{input}"
            );
        }
        // At ρ = 0.8, less work waits less and more waits more.
        assert!(
            input["effect_low"]["mean"].as_f64().unwrap() < 0.0,
            "{input}"
        );
        assert!(
            input["effect_high"]["mean"].as_f64().unwrap() > 0.0,
            "{input}"
        );
    }
    assert!(run_on_threads(&args, "1").1 == run_on_threads(&args, "2").1);
    let (code, _, err) = orgflow(&[
        "sensitivity",
        "examples/validation/mm1.json",
        "--input",
        "units[nobody]",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--input units[nobody]"), "{err}");
    let (code, _, err) = orgflow(&[
        "sensitivity",
        "examples/validation/mm1.json",
        "--range",
        "150",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--range"), "{err}");
}

#[test]
fn explain_samples_permutations_beyond_eight_groups_and_says_how_many() {
    let (code, out, err) = orgflow(&[
        "explain",
        "examples/faw_vw_front_back_before.json",
        "examples/faw_vw_front_middle_back_after.json",
        "--replications",
        "2",
        "--samples",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["method"], "sampled");
    assert_eq!(json["samples"], 2);
    let contributions = json["contributions"].as_array().unwrap();
    assert!(contributions.len() > 8, "{out}");
    assert_eq!(contributions[0]["group"], "structure");
    let total = json["total"]["mean"].as_f64().unwrap();
    let sum: f64 = contributions
        .iter()
        .map(|c| c["mean"].as_f64().unwrap())
        .sum();
    assert!((sum - total).abs() < 1e-9 * total.abs(), "{sum} vs {total}");
    // The breach settings of the link whose breach unit is new moved to
    // the structure group, and the output says why.
    let moved = json["moved"].as_array().unwrap();
    assert!(
        moved.iter().any(|m| m["path"] == "links[dealer].on_breach"
            && m["to"] == "structure"
            && m["because"]
                .as_str()
                .is_some_and(|b| b.contains("breach_unit"))),
        "{moved:?}"
    );
    // The orders of the fixed cost do not change: exactly 0.
    let costs = contributions
        .iter()
        .find(|c| c["group"] == "costs")
        .unwrap();
    assert_eq!(costs["mean"].as_f64(), Some(0.0));
}

#[test]
fn optimise_prints_the_contract_keys_the_same_for_any_threads_and_saves() {
    let dir = scratch("optimise");
    let saved = dir.join("optimised.json");
    let saved_text = saved.to_string_lossy().into_owned();
    let args = [
        "optimise",
        "examples/validation/mm5_rho09.json",
        "--target",
        "contacted_within_15_minutes>=0.99",
        "--vary",
        "server",
        "--replications",
        "4",
        "--format",
        "json",
    ];
    let (code, one, err) = run_on_threads(&args, "1");
    assert_eq!(code, 0, "{err}");
    let (code, two, err) = run_on_threads(&args, "2");
    assert_eq!(code, 0, "{err}");
    assert!(one == two, "1 and 2 threads differ");
    let json: serde_json::Value = serde_json::from_str(&one).unwrap();
    for key in [
        "feasible",
        "headcount",
        "kpis",
        "cost",
        "evaluations",
        "path",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["feasible"], json!(true));
    assert!(json["headcount"]["server"].as_u64().is_some());
    let mut with_save = args.to_vec();
    with_save.extend(["--save", &saved_text]);
    let (code, _, err) = orgflow(&with_save);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = orgflow(&["validate", &saved_text]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("valid"));
    // Bad targets and units are invalid input, naming the bad part.
    for (bad, says) in [
        (vec!["--target", "speed>=1"], "\"speed\" is not a KPI"),
        (vec!["--target", "orders=3"], "KPI>=VALUE"),
        (
            vec!["--target", "orders>=1", "--vary", "nobody"],
            "\"nobody\" is not a unit",
        ),
        (vec![], "at least one --target"),
    ] {
        let mut all = vec!["optimise", "examples/validation/mm1.json"];
        all.extend(bad);
        let (code, _, err) = orgflow(&all);
        assert_eq!(code, 2, "{all:?}");
        assert!(err.contains(says), "{err}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn uncertainty_reports_the_interval_from_the_ranges_beside_chance() {
    // The FAW-VW "after" preset states four ranges (all judgement).
    let args = [
        "uncertainty",
        "examples/faw_vw_front_middle_back_after.json",
        "--kpi",
        "orders",
        "--replications",
        "6",
        "--format",
        "json",
    ];
    let (code, out, err) = orgflow(&args);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["kpi"], "orders");
    assert_eq!(json["replications"], 6);
    for part in ["randomness", "input_uncertainty", "combined"] {
        let p = &json[part];
        let (lo, mean, hi) = (
            p["p2_5"].as_f64().unwrap(),
            p["mean"].as_f64().unwrap(),
            p["p97_5"].as_f64().unwrap(),
        );
        assert!(lo <= mean && mean <= hi, "{part}: {p}");
        assert!(p["sd"].as_f64().unwrap() > 0.0, "{part}: {p}");
    }
    let inputs = json["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 4);
    assert!(
        inputs
            .iter()
            .all(|i| i["source"].as_str().unwrap().starts_with("judgement"))
    );
    assert!(run_on_threads(&args, "1").1 == run_on_threads(&args, "2").1);
    // A file without ranges is refused with what is missing.
    let (code, _, err) = orgflow(&["uncertainty", "examples/validation/mm1.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("uncertainty"), "{err}");
}
