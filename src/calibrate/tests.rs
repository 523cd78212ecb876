//! The round trip: simulate a known scenario, export its lead log and its
//! event log, read them back, fit, and recover the inputs.

use super::events::{event_log, lead_log};
use super::fit::{FitOptions, Fitted, fit};
use super::log::parse;
use super::notes::Note;
use crate::scenario;
use crate::sim::run_replication_traced;

/// A scenario whose inputs the fit must recover: two grades with
/// exponential patience, two sources on two links with different profiles,
/// teams that close at night and on weekends (so first responses spread
/// from minutes to days and the decay is identified), two channels, and
/// `conversion_sensitivity` 0 (the estimators' `c(S′) = 1`).
pub const KNOWN: &str = include_str!("round_trip.json");

fn quantity(fitted: &Fitted, path: &str) -> f64 {
    fitted
        .quantities
        .iter()
        .find(|q| q.path == path)
        .map_or(f64::NAN, |q| q.value)
}

fn close(what: &str, got: f64, want: f64, relative: f64) {
    assert!(
        (got / want - 1.0).abs() <= relative,
        "{what}: fitted {got}, true {want} (tolerance {:.0} %)",
        relative * 100.0
    );
}

fn fitted_from(csv: &str, into: bool) -> Fitted {
    let log = parse(csv, None).expect("the exported log reads back");
    assert_eq!(log.bad_count, 0, "{:?}", log.bad.first());
    let base = scenario::parse(KNOWN).expect("known scenario");
    fit(
        &log,
        &FitOptions {
            file_name: "round_trip.csv".into(),
            into: into.then_some(base),
        },
    )
    .expect("fits")
}

#[test]
fn round_trip_recovers_the_inputs() {
    let model = scenario::load(KNOWN).expect("valid");
    let (_, trace) = run_replication_traced(&model, 1, 0);
    let leads = lead_log(&model, &trace);
    let events = event_log(&model, &trace);
    for (form, csv) in [("lead log", &leads), ("event log", &events)] {
        let fitted = fitted_from(csv, true);
        let s = &fitted.scenario;
        // Arrivals: 56 days of Poisson arrivals, ± 5 %.
        close("web leads/day", s.sources[0].leads_per_day, 120.0, 0.05);
        close("walk-in leads/day", s.sources[1].leads_per_day, 40.0, 0.05);
        // Grade mix: ± 2 percentage points.
        let web_h = s.sources[0]
            .grade_mix_percent
            .as_ref()
            .and_then(|m| m.get("H").copied())
            .unwrap_or(f64::NAN);
        let walk_h = s.sources[1]
            .grade_mix_percent
            .as_ref()
            .and_then(|m| m.get("H").copied())
            .unwrap_or(f64::NAN);
        assert!((web_h - 30.0).abs() < 2.0, "{form}: web H share {web_h}");
        assert!(
            (walk_h - 60.0).abs() < 3.0,
            "{form}: walk-in H share {walk_h}"
        );
        // Profiles: the evening peak and the weekend.
        let hourly = s.sources[0].hourly_profile.clone().unwrap_or_default();
        close("web 20:00 factor", hourly[20], 2.0 / (24.9 / 24.0), 0.12);
        let weekday = s.sources[1].weekday_profile.clone().unwrap_or_default();
        close(
            "walk-in Saturday factor",
            weekday[5],
            1.6 / (7.4 / 7.0),
            0.12,
        );
        // Patience: the exponential shape is chosen, mean ± 15 %.
        for grade in &s.grades {
            let kind = grade.patience_minutes.as_ref().map(|d| d.kind.as_str());
            assert_eq!(kind, Some("exponential"), "{form}: {}", grade.name);
        }
        close(
            "H patience",
            quantity(&fitted, "grades[H].patience_minutes.mean"),
            240.0,
            0.15,
        );
        close(
            "C patience",
            quantity(&fitted, "grades[C].patience_minutes.mean"),
            900.0,
            0.15,
        );
        // The decay and qualification.
        close(
            "tau",
            quantity(&fitted, "funnel.response_decay_minutes"),
            120.0,
            0.25,
        );
        let floor = quantity(&fitted, "funnel.response_floor");
        assert!((floor - 0.05).abs() < 0.02, "{form}: floor {floor}");
        close(
            "q_H",
            quantity(&fitted, "grades[H].qualify_probability"),
            0.6,
            0.1,
        );
        close(
            "q_C",
            quantity(&fitted, "grades[C].qualify_probability"),
            0.25,
            0.1,
        );
        // Close rates: ± 0.04.
        let dealers = quantity(&fitted, "funnel.channels[dealers].close_rate");
        let online = quantity(&fitted, "funnel.channels[online].close_rate");
        assert!((dealers - 0.3).abs() < 0.04, "{form}: dealers {dealers}");
        assert!((online - 0.5).abs() < 0.05, "{form}: online {online}");
        assert!(scenario::validate(s).is_ok());
    }
}

#[test]
fn backtest_of_the_true_scenario_agrees_with_its_log() {
    use super::backtest::{Metric, Segment, backtest, simulated_log};
    let model = scenario::load(KNOWN).expect("valid");
    let (_, trace) = run_replication_traced(&model, 1, 0);
    let observed = parse(&lead_log(&model, &trace), None).expect("reads back");
    let simulated: Vec<_> = (0..4).map(|r| simulated_log(&model, 2, r)).collect();
    let report = backtest(&model, &observed, &simulated);
    // 1 + 2 grades + 2 sources segments, 9 figures each.
    assert_eq!(report.rows.len(), 5 * Metric::ALL.len());
    assert_eq!(report.distances.len(), 3, "all links, brand, dealer");
    for row in &report.rows {
        let (Some(obs), Some(sim)) = (row.observed, row.simulated) else {
            panic!("{row:?}: both sides present");
        };
        if row.segment == Segment::All && row.metric != Metric::FirstResponseP50 {
            let tolerance = match row.metric {
                Metric::LeadsPerDay => 6.0,
                Metric::FirstResponseP90 => 0.15 * obs.value,
                _ => 0.02,
            };
            assert!((obs.value - sim.value).abs() < tolerance, "{row:?}");
        }
    }
    let all = &report.distances[0];
    assert!(all.link.is_none());
    assert!(all.ks < 0.05, "same model, other seed: KS {}", all.ks);
    let json = report.to_json_value();
    assert_eq!(json["replications"], 4);
    assert_eq!(json["rows"][0]["segment"], "all");
    assert_eq!(json["rows"][0]["metric"], "leads_per_day");
    assert!(json["rows"][0]["observed"]["ci95"].is_array());
    assert!(json["rows"][0]["simulated"]["value"].is_number());
    assert!(json["distances"][0]["ks"].is_number());
    assert!(json["rows"][0]["overlap"].is_boolean());
    // The true scenario against its own log: most figures' intervals meet.
    let flags: Vec<bool> = report.rows.iter().filter_map(|r| r.overlap()).collect();
    let overlapping = flags.iter().filter(|&&o| o).count();
    assert!(
        overlapping * 10 >= flags.len() * 8,
        "{overlapping} of {}",
        flags.len()
    );
    assert!(json["distances"][0]["wasserstein_minutes"].is_number());
    assert!(json["cannot_reproduce"].is_array());
    let mut table = String::new();
    report.table(&mut table);
    assert!(table.contains("contacted_within_60_minutes"));
    assert!(table.contains("KS "));
}

/// A back-test against a scenario whose teams answer ten times slower than
/// the one that made the log names, in words, the figures that miss and
/// the links whose first responses are apart; the true scenario against
/// its own log names no link.
#[test]
fn backtest_names_what_the_model_does_not_reproduce() {
    use super::backtest::{KS_APART, Limit, Metric, backtest, simulated_log};
    let model = scenario::load(KNOWN).expect("valid");
    let (_, trace) = run_replication_traced(&model, 1, 0);
    let observed = parse(&lead_log(&model, &trace), None).expect("reads back");
    let same = backtest(
        &model,
        &observed,
        &[simulated_log(&model, 2, 0), simulated_log(&model, 2, 1)],
    );
    assert!(
        !same
            .limits
            .iter()
            .any(|l| matches!(l, Limit::ResponsesApart { .. })),
        "{:?}",
        same.limits
    );
    let mut slow: serde_json::Value = serde_json::from_str(KNOWN).expect("json");
    for unit in slow["units"].as_array_mut().expect("units") {
        if let Some(contact) = unit["service_minutes"].get_mut("contact") {
            for key in ["mean", "value"] {
                if let Some(x) = contact.get(key).and_then(serde_json::Value::as_f64) {
                    contact[key] = serde_json::json!(x * 10.0);
                }
            }
        }
    }
    let slow = scenario::load(&slow.to_string()).expect("valid");
    let report = backtest(
        &slow,
        &observed,
        &[simulated_log(&slow, 2, 0), simulated_log(&slow, 2, 1)],
    );
    let apart: Vec<&Limit> = report
        .limits
        .iter()
        .filter(|l| matches!(l, Limit::ResponsesApart { ks, .. } if *ks > KS_APART))
        .collect();
    assert!(!apart.is_empty(), "{:?}", report.limits);
    assert!(
        report.limits.iter().any(|l| matches!(
            l,
            Limit::Missed { metric: Metric::ContactedWithin15Minutes, observed, simulated } if simulated < observed
        )),
        "{:?}",
        report.limits
    );
    // In words, in both languages, and in the JSON's list.
    let json = report.to_json_value();
    let words: Vec<&str> = json["cannot_reproduce"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(serde_json::Value::as_str)
        .collect();
    assert!(
        words.iter().any(|w| w.contains("intervals do not overlap")),
        "{words:?}"
    );
    assert!(
        words
            .iter()
            .any(|w| w.contains("distributed unlike the log's")),
        "{words:?}"
    );
    assert!(
        apart[0]
            .message(crate::i18n::Lang::Zh)
            .contains("首次响应分布与日志不同")
    );
}

#[test]
fn backtest_says_what_the_log_lacks() {
    use super::backtest::{Limit, backtest, simulated_log};
    let model = scenario::load(KNOWN).expect("valid");
    let text = "lead_id,created_at,grade\n1,2024-01-01T10:00:00Z,H\n2,2024-01-02T10:00:00Z,X\n";
    let observed = parse(text, None).expect("valid");
    let report = backtest(&model, &observed, &[simulated_log(&model, 1, 0)]);
    assert!(
        report
            .limits
            .contains(&Limit::MissingColumn("first_contact_at"))
    );
    assert!(report.limits.contains(&Limit::UnknownName {
        list: "grade",
        name: "X".into()
    }));
    // Figures the log cannot show are left out, not zero.
    assert!(
        report
            .rows
            .iter()
            .filter(|r| r.metric == super::backtest::Metric::Conversion)
            .all(|r| r.observed.is_none())
    );
    assert!(report.distances.is_empty());
}

#[test]
fn a_fitted_template_validates_and_names_its_file() {
    let model = scenario::load(KNOWN).expect("valid");
    let (_, trace) = run_replication_traced(&model, 3, 0);
    let fitted = fitted_from(&lead_log(&model, &trace), false);
    let s = &fitted.scenario;
    assert!(scenario::validate(s).is_ok());
    assert_eq!(s.sources.len(), 2);
    assert_eq!(s.links.len(), 2);
    assert!(s.assumptions.iter().all(|a| a.en.contains("round_trip.csv")
        && a.en.contains(&format!("{} rows", fitted.rows))
        && a.source.as_deref() == Some("round_trip.csv")));
    assert!(s.assumptions.iter().any(|a| {
        a.covers
            .contains(&"funnel.response_decay_minutes".to_string())
    }));
    // Every fitted scenario path is covered by an assumption.
    for q in &fitted.quantities {
        if q.path.starts_with("observed.") {
            continue;
        }
        let field = q.path.trim_end_matches(".mean");
        assert!(
            s.assumptions
                .iter()
                .any(|a| a.covers.iter().any(|c| c == field)),
            "{} is not covered",
            q.path
        );
    }
    let json = serde_json::to_string(s).expect("serialises");
    assert!(scenario::load(&json).is_ok(), "prints a valid scenario");
}

#[test]
fn odd_logs_fit_or_fail_cleanly() {
    use crate::sim::rng::{Purpose, open01, stream};
    // Random logs: random column subsets and orders, times from minutes to
    // years apart, some unreadable, empty or before the arrival, a few
    // names. Whatever comes in, parsing and fitting return; a fitted
    // scenario always loads as a file.
    let columns = [
        "lead_id",
        "created_at",
        "source",
        "grade",
        "link",
        "first_contact_at",
        "qualified_at",
        "order_at",
        "channel",
        "lost_at",
    ];
    let rng = std::cell::RefCell::new(stream(99, Purpose::Service, 0));
    let u = || open01(&mut rng.borrow_mut());
    let mut fitted_logs = 0;
    for case in 0..150 {
        let header: Vec<&str> = columns.iter().copied().filter(|_| u() < 0.7).collect();
        let mut text = header.join(",");
        text.push('\n');
        let rows = (u() * 300.0) as usize;
        for i in 0..rows {
            let created = (u() * 40.0 * 1440.0) as i64;
            let cells: Vec<String> = header
                .iter()
                .map(|&c| {
                    let stamp = |minutes: i64| {
                        let mut s = String::new();
                        super::time::format_utc(
                            super::events::epoch_ms() + minutes * 60_000,
                            &mut s,
                        );
                        s
                    };
                    let later = || {
                        let r = u();
                        if r < 0.4 {
                            String::new()
                        } else if r < 0.45 {
                            "garbage".to_string()
                        } else if r < 0.5 {
                            stamp(created - 30)
                        } else {
                            stamp(created + (libm::exp(u() * 12.0)) as i64)
                        }
                    };
                    match c {
                        "lead_id" => format!("{i}"),
                        "created_at" if u() < 0.03 => "2024-02-30T00:00Z".to_string(),
                        "created_at" => stamp(created),
                        "source" => ["web", "show", ""][(u() * 3.0) as usize % 3].to_string(),
                        "grade" => ["H", "A", "C", ""][(u() * 4.0) as usize % 4].to_string(),
                        "link" => ["brand", "dealer"][(u() * 2.0) as usize % 2].to_string(),
                        "channel" => {
                            ["dealers", "online", ""][(u() * 3.0) as usize % 3].to_string()
                        }
                        _ => later(),
                    }
                })
                .collect();
            text.push_str(&cells.join(","));
            text.push('\n');
        }
        let Ok(log) = parse(&text, None) else {
            continue;
        };
        let into = (case % 3 == 0).then(|| scenario::parse(KNOWN).expect("known"));
        if let Ok(fitted) = fit(
            &log,
            &FitOptions {
                file_name: "odd.csv".into(),
                into,
            },
        ) {
            let json = serde_json::to_string(&fitted.scenario).expect("serialises");
            assert!(scenario::load(&json).is_ok(), "case {case}");
            fitted_logs += 1;
        }
    }
    assert!(fitted_logs > 20, "only {fitted_logs} logs were fitted");
}

#[test]
fn names_the_base_lacks_are_added_like_their_neighbours() {
    let text = "lead_id,created_at,source,grade,link,first_contact_at,qualified_at,order_at,channel\n\
                1,2024-01-01T10:00:00Z,web,H,brand,2024-01-01T10:05:00Z,2024-01-01T10:30:00Z,2024-01-02T10:00:00Z,dealers\n\
                2,2024-01-01T11:00:00Z,fair,Z,kiosk,2024-01-01T11:20:00Z,2024-01-01T11:40:00Z,,pop_up\n\
                3,2024-01-02T11:00:00Z,fair,Z,kiosk,2024-01-02T13:00:00Z,,,\n";
    let log = parse(text, None).expect("valid");
    let base = scenario::parse(KNOWN).expect("known");
    let fitted = fit(
        &log,
        &FitOptions {
            file_name: "new_names.csv".into(),
            into: Some(base),
        },
    )
    .expect("fits");
    let s = &fitted.scenario;
    assert!(s.grades.iter().any(|g| g.name == "Z"));
    let fair = s
        .sources
        .iter()
        .find(|x| x.name == "fair")
        .expect("source added");
    assert_eq!(fair.leads_per_day, 1.0, "2 leads over 2 days");
    let kiosk = s
        .links
        .iter()
        .find(|l| l.name == "kiosk")
        .expect("link added");
    assert_eq!(
        kiosk.entry_unit, "brand_team",
        "the first link's entry unit"
    );
    let funnel = s.funnel.as_ref().expect("funnel");
    let pop_up = funnel
        .channels
        .iter()
        .find(|c| c.name == "pop_up")
        .expect("channel added");
    assert_eq!(pop_up.unit, "dealer_team", "like the first channel");
    assert_eq!(pop_up.close_rate, 0.0, "one prospect, no order");
    // The base's sources the log does not mention keep their rates.
    let walk_in = s
        .sources
        .iter()
        .find(|x| x.name == "walk_in")
        .expect("kept");
    assert_eq!(walk_in.leads_per_day, 40.0);
    assert!(
        fitted.not_fitted.contains(&Note::SourceWithoutLeads {
            source: "walk_in".to_string()
        }),
        "{:?}",
        fitted.not_fitted
    );
}

#[test]
fn fit_text_reads_and_fits_in_one_step() {
    use super::{Error, fit_text};
    use crate::i18n::Lang;
    let options = FitOptions {
        file_name: "log.csv".into(),
        into: None,
    };
    let Err(error) = fit_text("lead_id\n1\n", None, &options) else {
        panic!("no created_at column");
    };
    assert!(matches!(error, Error::Log(_)));
    assert!(error.message(Lang::En).contains("created_at"));
    assert!(error.message(Lang::Zh).contains("缺少"));
    let text = "lead_id,created_at\n1,2024-01-01T10:00:00Z\n2,2024-01-01T11:00\n";
    let (log, fitted) = fit_text(text, None, &options).expect("one valid row");
    assert_eq!((log.rows.len(), log.bad_count), (1, 1));
    assert_eq!(fitted.bad_rows, 1);
}

#[test]
fn a_base_without_a_funnel_keeps_none() {
    // A queueing model: one always-open desk, no funnel.
    let base = r#"{"version": 1, "name": {"en": "desk", "zh": "柜台"}, "horizon": {"days": 7},
        "grades": [{"name": "all", "share_percent": 100, "expected_response_minutes": 60}],
        "sources": [{"name": "web", "leads_per_day": 10, "entry_unit": "desk"}],
        "units": [{"name": "desk", "headcount": 1, "service_minutes": {"contact": {"kind": "exponential", "mean": 5}}}]}"#;
    let base = scenario::parse(base).expect("valid base");
    let text = "lead_id,created_at,first_contact_at,qualified_at,order_at,channel\n\
                1,2024-01-01T10:00:00Z,2024-01-01T10:05:00Z,2024-01-01T10:30:00Z,,dealers\n\
                2,2024-01-02T10:00:00Z,2024-01-02T10:15:00Z,,,\n";
    let log = parse(text, None).expect("valid");
    let fitted = fit(
        &log,
        &FitOptions {
            file_name: "q.csv".into(),
            into: Some(base),
        },
    )
    .expect("fits the arrivals");
    assert!(fitted.scenario.funnel.is_none());
    assert_eq!(fitted.scenario.sources[0].leads_per_day, 1.0);
    assert!(fitted.not_fitted.contains(&Note::NoFunnel));
}
