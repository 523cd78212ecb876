//! The back-test in the Fit view (issue 14.2): the fitted scenario is
//! simulated on the workspace's seed and replications and compared with the
//! log it was fitted to — each figure observed and simulated with its 95 %
//! interval, the first-response distributions' distances, and what the
//! model cannot reproduce. The same `calibrate::backtest` as
//! `orgflow backtest`, so the app and the CLI agree to the bit.
//!
//! Replications run on the main thread, one per turn of the browser (a
//! traced replication of a preset-sized scenario takes tens of
//! milliseconds): progress paints between them, and a new fit or a second
//! click abandons the run in flight.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::calibrate::backtest::{self, Backtest, Metric, Row, Segment};
use crate::calibrate::estimate::Estimate;
use crate::calibrate::log::Log;
use crate::display;
use crate::i18n::{Lang, Text};
use crate::sim::Model;
use crate::ui::state::use_store;
use crate::ui::widgets::browser;

#[derive(Properties)]
pub struct BacktestProps {
    pub lang: Lang,
    /// The fitted scenario, validated.
    pub model: Rc<Model>,
    /// The log it was fitted to.
    pub log: Rc<Log>,
    pub seed: u64,
    pub replications: u32,
}

impl PartialEq for BacktestProps {
    /// The model and the log are compared by identity: a new fit makes
    /// new ones, and comparing a million rows on every render would cost
    /// what the fit does.
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && Rc::ptr_eq(&self.model, &other.model)
            && Rc::ptr_eq(&self.log, &other.log)
            && self.seed == other.seed
            && self.replications == other.replications
    }
}

/// The back-test's button, its progress and its report.
#[function_component]
pub fn BacktestPanel(props: &BacktestProps) -> Html {
    let lang = props.lang;
    let progress = use_state(|| None::<(u32, u32)>);
    let report = use_state(|| None::<Rc<Backtest>>);
    // Counts the runs started: a run stops when it is no longer the last.
    let generation = use_mut_ref(|| 0_u32);
    {
        // Another fit (or other settings) makes the report stale: drop it
        // and abandon a run in flight.
        let report = report.clone();
        let progress = progress.clone();
        let generation = generation.clone();
        let key = (
            Rc::as_ptr(&props.model) as usize,
            Rc::as_ptr(&props.log) as usize,
            props.seed,
            props.replications,
        );
        use_effect_with(key, move |_| {
            *generation.borrow_mut() += 1;
            report.set(None);
            progress.set(None);
            // Leaving the view (or the next change) stops a run in flight
            // rather than simulating for a table nobody will see.
            move || *generation.borrow_mut() += 1
        });
    }
    let on_run = {
        let model = props.model.clone();
        let log = props.log.clone();
        let (seed, replications) = (props.seed, props.replications);
        let progress = progress.clone();
        let report = report.clone();
        let generation = generation.clone();
        Callback::from(move |_: MouseEvent| {
            *generation.borrow_mut() += 1;
            let mine = *generation.borrow();
            report.set(None);
            progress.set(Some((0, replications)));
            let model = model.clone();
            let log = log.clone();
            let progress = progress.clone();
            let report = report.clone();
            let generation = generation.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let Some(simulated) =
                    simulate(&model, seed, replications, &generation, mine, &progress).await
                else {
                    return;
                };
                report.set(Some(Rc::new(backtest::backtest(&model, &log, &simulated))));
                progress.set(None);
            });
        })
    };
    html! {
        <section class="backtest" data-testid="backtest">
            <div class="run-bar">
                <button type="button" class="tool-button" data-testid="backtest-run" onclick={on_run} disabled={progress.is_some()}>
                    { format!("{} ({} {})", lang.text(Text::BacktestRun), props.replications, lang.text(Text::ReplicationsDone)) }
                </button>
                if let Some((done, total)) = *progress {
                    <span class="progress" role="status" data-testid="backtest-progress">
                        { format!("{} {done} / {total}", lang.text(Text::BacktestRunning)) }
                    </span>
                }
            </div>
            if let Some(report) = (*report).clone() {
                <BacktestReport lang={lang} report={report.clone()} seed={props.seed} />
            }
        </section>
    }
}

/// Simulates the replications one per browser turn; `None` once a later
/// run (or a new fit) has taken over.
async fn simulate(
    model: &Model,
    seed: u64,
    replications: u32,
    generation: &RefCell<u32>,
    mine: u32,
    progress: &UseStateHandle<Option<(u32, u32)>>,
) -> Option<Vec<Log>> {
    let mut simulated = Vec::with_capacity(replications as usize);
    for r in 0..replications {
        browser::next_turn().await;
        if *generation.borrow() != mine {
            return None;
        }
        simulated.push(backtest::simulated_log(model, seed, r));
        progress.set(Some((r + 1, replications)));
    }
    browser::next_turn().await;
    (*generation.borrow() == mine).then_some(simulated)
}

#[derive(Properties, PartialEq)]
struct ReportProps {
    lang: Lang,
    report: Rc<Backtest>,
    /// The seed it ran on (written into the JSON export, as the CLI does).
    seed: u64,
}

/// One figure as the table shows it: a share as a percentage, a rate or
/// minutes with one decimal.
fn figure(metric: Metric, x: f64) -> String {
    if metric.is_share() {
        format!("{} %", display::number(x * 100.0, 1))
    } else {
        display::number(x, 1)
    }
}

fn estimate_text(metric: Metric, e: &Option<Estimate>) -> String {
    match e {
        None => "–".to_string(),
        Some(Estimate {
            value,
            ci95: Some((lo, hi)),
        }) => format!(
            "{} [{}, {}]",
            figure(metric, *value),
            figure(metric, *lo),
            figure(metric, *hi)
        ),
        Some(Estimate { value, ci95: None }) => figure(metric, *value),
    }
}

fn segment_text(segment: &Segment, lang: Lang) -> String {
    match segment {
        Segment::All => lang.text(Text::BacktestAll).to_string(),
        Segment::Grade(name) => format!("{} {name}", lang.text(Text::BacktestGrade)),
        Segment::Source(name) => format!("{} {name}", lang.text(Text::BacktestSource)),
    }
}

/// The observed and simulated figures, the distances and the limits.
#[function_component]
fn BacktestReport(props: &ReportProps) -> Html {
    let lang = props.lang;
    let b = &props.report;
    let store = use_store();
    // The report as files: the CLI's JSON (`orgflow backtest --format
    // json`, seed included) and a CSV for a spreadsheet.
    let export = |json: bool| {
        let store = store.clone();
        let report = props.report.clone();
        let seed = props.seed;
        Callback::from(move |_: MouseEvent| {
            let Some(state) = &store else { return };
            let stem = format!("{}-backtest", display::safe_file_name(&report.scenario));
            if json {
                let mut value = report.to_json_value();
                value["seed"] = serde_json::json!(seed);
                let text = serde_json::to_string_pretty(&value).map(|t| t + "\n");
                if let Ok(text) = text {
                    browser::download_or_say(
                        state,
                        &format!("{stem}.json"),
                        "application/json",
                        text.as_bytes(),
                    );
                }
            } else {
                browser::download_or_say(
                    state,
                    &format!("{stem}.csv"),
                    "text/csv",
                    report.csv().as_bytes(),
                );
            }
        })
    };
    let value_attr = |e: &Option<Estimate>| e.map(|e| e.value.to_string()).unwrap_or_default();
    let caption = format!(
        "{} · {} {} · {} {}",
        lang.text(Text::BacktestTitle),
        display::number(b.observed_leads as f64, 0),
        lang.text(Text::BacktestObservedLeads),
        b.replications,
        lang.text(Text::ReplicationsDone)
    );
    let head = html! {
        <thead><tr>
            <th scope="col">{ lang.text(Text::BacktestSegment) }</th>
            <th scope="col">{ lang.text(Text::BacktestFigure) }</th>
            <th scope="col">{ lang.text(Text::BacktestObserved) }</th>
            <th scope="col">{ lang.text(Text::BacktestSimulated) }</th>
            <th scope="col">{ lang.text(Text::BacktestOverlap) }</th>
        </tr></thead>
    };
    let row = |r: &Row| {
        let (segment, name) = r.segment.key();
        let overlap = match r.overlap() {
            Some(true) => "✓",
            Some(false) => "≠",
            None => "–",
        };
        html! {
            <tr data-testid="backtest-row" data-segment={segment} data-name={name.to_string()}
                data-metric={r.metric.key()} data-observed={value_attr(&r.observed)}
                data-simulated={value_attr(&r.simulated)}>
                <th scope="row">{ segment_text(&r.segment, lang) }</th>
                <td>{ lang.text(r.metric.label()) }</td>
                <td class="num">{ estimate_text(r.metric, &r.observed) }</td>
                <td class="num">{ estimate_text(r.metric, &r.simulated) }</td>
                <td class="num">{ overlap }</td>
            </tr>
        }
    };
    // The whole log first; grades and sources folded below it.
    let (overall, segments): (Vec<&Row>, Vec<&Row>) =
        b.rows.iter().partition(|r| r.segment == Segment::All);
    let quantiles = |q: &[f64; 4]| {
        q.iter()
            .map(|x| display::number(*x, 1))
            .collect::<Vec<_>>()
            .join(" / ")
    };
    html! {
        <>
            <table class="compare-table" data-testid="backtest-table">
                <caption>{ caption }</caption>
                { head.clone() }
                <tbody>{ for overall.iter().map(|r| row(r)) }</tbody>
            </table>
            if !segments.is_empty() {
                <details class="all-kpis" data-testid="backtest-segments">
                    <summary>{ lang.text(Text::BacktestBySegment) }</summary>
                    <table class="compare-table">
                        { head }
                        <tbody>{ for segments.iter().map(|r| row(r)) }</tbody>
                    </table>
                </details>
            }
            <div class="button-row">
                <button type="button" class="tool-button small" data-testid="backtest-export-csv" onclick={export(false)}>{ lang.text(Text::ExportCsv) }</button>
                <button type="button" class="tool-button small" data-testid="backtest-export-json" onclick={export(true)}>{ lang.text(Text::BacktestExportJson) }</button>
            </div>
            if !b.distances.is_empty() {
                <table class="compare-table" data-testid="backtest-distances">
                    <caption>{ lang.text(Text::BacktestDistance) }</caption>
                    <thead><tr>
                        <th scope="col">{ lang.text(Text::BacktestLink) }</th>
                        <th scope="col">{ "KS" }</th>
                        <th scope="col">{ lang.text(Text::BacktestWasserstein) }</th>
                        <th scope="col">{ format!("{} P10 / P50 / P90 / P99", lang.text(Text::BacktestObserved)) }</th>
                        <th scope="col">{ format!("{} P10 / P50 / P90 / P99", lang.text(Text::BacktestSimulated)) }</th>
                    </tr></thead>
                    <tbody>
                        { for b.distances.iter().map(|d| html! {
                            <tr data-testid="backtest-distance" data-ks={d.ks.to_string()}>
                                <th scope="row">{ d.link.clone().unwrap_or_else(|| lang.text(Text::BacktestAllLinks).to_string()) }</th>
                                <td class="num">{ display::number(d.ks, 3) }</td>
                                <td class="num">{ display::number(d.wasserstein_minutes, 1) }</td>
                                <td class="num">{ quantiles(&d.observed_quantiles) }</td>
                                <td class="num">{ quantiles(&d.simulated_quantiles) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            if !b.limits.is_empty() {
                <details class="all-kpis" data-testid="backtest-limits" open=true>
                    <summary>{ lang.text(Text::BacktestCannotReproduce) }</summary>
                    <ul>{ for b.limits.iter().map(|l| html! { <li>{ l.message(lang) }</li> }) }</ul>
                </details>
            }
        </>
    }
}
