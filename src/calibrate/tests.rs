//! The round trip: simulate a known scenario, export its lead log and its
//! event log, read them back, fit, and recover the inputs.

use super::events::{event_log, lead_log};
use super::fit::{FitOptions, Fitted, fit};
use super::log::parse;
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
        eprintln!("{form}: {:#?}", fitted.quantities);
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
        // Patience: ± 15 %.
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
