//! The Fit view: a CRM lead log in, a scenario out (`calibrate`), in this
//! browser — the file is read here and never sent anywhere. The user
//! picks the scenario to start from (or a template) and the log; the view
//! shows what was read (rows, bad rows by line, the dates), every fitted
//! value with its 95 % interval and method, and what the log could not
//! tell; "Add to library" adds the fitted scenario like an import.
//!
//! The fit runs on the main thread once the file is read: a million-row
//! log takes about a second in the browser (`tests/e2e/bench/fit.mjs`).
//! Below the fit: its back-test (`backtest.rs`) and the event-log export
//! (`event_export.rs`).

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::calibrate::{self, fit::FitOptions, log::Log, time::Offset};
use crate::display;
use crate::i18n::{Lang, Text};
use crate::scenario;
use crate::sim::Model;
use crate::ui::results::analysis_kit::ScenarioSelect;
use crate::ui::results::backtest::BacktestPanel;
use crate::ui::results::event_export::EventLogExport;
use crate::ui::state::{Action, Edit, Notice, use_store};
use crate::ui::widgets::browser;

/// The largest log read (bytes): a million-row export is about 110 MB.
const MAX_LOG_BYTES: f64 = 256.0 * 1024.0 * 1024.0;
/// Bad rows listed by line (all are counted).
const BAD_ROWS_SHOWN: usize = 20;

/// Why a log gave no fit, kept as what happened (not as text) so that a
/// change of language rewrites it.
enum Failure {
    /// The time zone field does not read as an offset.
    Zone(String),
    /// The scenario to start from does not read (its id, the first problem).
    Base(String, scenario::ValidationError),
    /// The file could not be read (its name, the browser's reason).
    Read(String, String),
    /// The log or the fit failed.
    Fit(calibrate::Error),
    /// The fitted scenario does not validate (not expected: `fit` returns
    /// only scenarios that do).
    Invalid(scenario::ValidationError),
}

impl Failure {
    fn message(&self, lang: Lang, base_name: impl Fn(&str) -> String) -> String {
        match self {
            Failure::Zone(zone) => format!("{} {zone}", lang.text(Text::FitBadZone)),
            Failure::Base(id, error) => format!(
                "{} “{}”: {}",
                lang.text(Text::ScenarioInvalid),
                base_name(id),
                error.message(lang)
            ),
            Failure::Read(name, reason) => format!("{name}: {reason}"),
            Failure::Fit(error) => error.message(lang),
            Failure::Invalid(error) => error.message(lang),
        }
    }
}

/// A finished fit, as the view shows it, with what the back-test needs.
struct Fitted {
    file: String,
    scenario_json: String,
    rows: usize,
    bad_rows: usize,
    /// The first bad rows (each written in the reader's language when shown).
    bad: Vec<calibrate::log::BadRow>,
    first: String,
    last: String,
    days: i64,
    quantities: Vec<calibrate::fit::Quantity>,
    not_fitted: Vec<calibrate::notes::Note>,
    elapsed_ms: f64,
    /// The fitted scenario, validated, and the log it was fitted to.
    model: Rc<Model>,
    log: Rc<Log>,
}

/// The fit of `text`, or why there is none.
fn fit(
    text: &str,
    file: &str,
    zone: Option<Offset>,
    into: Option<scenario::Scenario>,
) -> Result<Rc<Fitted>, Failure> {
    let started = browser::now_ms();
    let options = FitOptions {
        file_name: file.to_string(),
        into,
    };
    let (log, fitted) = calibrate::fit_text(text, zone, &options).map_err(Failure::Fit)?;
    let scenario_json = serde_json::to_string_pretty(&fitted.scenario)
        .map_err(|e| Failure::Read(file.to_string(), e.to_string()))?;
    // `fit` returns only scenarios that validate; this cannot fail.
    let model = scenario::validate(&fitted.scenario)
        .map_err(|mut errors| Failure::Invalid(errors.swap_remove(0)))?;
    let elapsed_ms = browser::now_ms() - started;
    Ok(Rc::new(Fitted {
        file: file.to_string(),
        scenario_json,
        rows: fitted.rows,
        bad_rows: fitted.bad_rows,
        bad: log.bad.iter().take(BAD_ROWS_SHOWN).cloned().collect(),
        first: fitted.first.clone(),
        last: fitted.last.clone(),
        days: fitted.days,
        quantities: fitted.quantities.clone(),
        not_fitted: fitted.not_fitted.clone(),
        elapsed_ms,
        model: Rc::new(model),
        log: Rc::new(log),
    }))
}

#[function_component]
pub fn FitView() -> Html {
    let store = use_store();
    let base = use_state(String::new);
    let zone = use_state(String::new);
    let result = use_state(|| None::<Result<Rc<Fitted>, Rc<Failure>>>);
    let busy = use_state(|| false);
    let Some(state) = store else {
        return Html::default();
    };
    let lang = state.lang;
    let on_base = {
        let base = base.clone();
        Callback::from(move |id: String| base.set(id))
    };
    let on_zone = {
        let zone = zone.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            zone.set(input.value());
        })
    };
    let on_file = {
        let state = state.clone();
        let base = base.clone();
        let zone = zone.clone();
        let result = result.clone();
        let busy = busy.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            let zone_text = (*zone).trim().to_string();
            let zone = if zone_text.is_empty() {
                None
            } else {
                match Offset::parse(&zone_text) {
                    Some(offset) => Some(offset),
                    None => {
                        result.set(Some(Err(Rc::new(Failure::Zone(zone_text)))));
                        return;
                    }
                }
            };
            let into = match state.workspace.get(&base) {
                Some(doc) => match scenario::parse(&doc.json) {
                    Ok(parsed) => Some(parsed),
                    Err(mut errors) if !errors.is_empty() => {
                        let first = errors.swap_remove(0);
                        result.set(Some(Err(Rc::new(Failure::Base(doc.id.clone(), first)))));
                        return;
                    }
                    Err(_) => None,
                },
                None => None,
            };
            let result = result.clone();
            let busy = busy.clone();
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let outcome = match browser::read_text(file, MAX_LOG_BYTES).await {
                    Ok(text) => fit(&text, &name, zone, into),
                    Err(reason) => Err(Failure::Read(name, reason)),
                };
                let outcome = outcome.map_err(Rc::new);
                busy.set(false);
                result.set(Some(outcome));
            });
        })
    };
    let on_add = {
        let state = state.clone();
        let result = result.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(Ok(fitted)) = &*result else {
                return;
            };
            let json = fitted.scenario_json.clone();
            state.dispatch(Action::Edit(Edit::workspace(move |ws| {
                ws.add(json.clone(), None);
            })));
            state.dispatch(Action::Notify(Notice {
                error: false,
                text: format!("{} {}", lang.text(Text::FitAdded), fitted.file),
            }));
        })
    };
    html! {
        <div data-testid="fit-view">
            <p class="hint">{ lang.text(Text::FitIntro) }</p>
            <div class="run-settings">
                <label class="field compact">
                    <span>{ lang.text(Text::FitStartFrom) }</span>
                    <ScenarioSelect value={(*base).clone()} testid="fit-base" onchange={on_base}
                        none_label={AttrValue::from(lang.text(Text::FitTemplate))} />
                </label>
                <label class="field compact">
                    <span>{ lang.text(Text::FitZone) }</span>
                    <input type="text" data-testid="fit-zone" placeholder="+08:00" value={(*zone).clone()} onchange={on_zone} />
                </label>
                // The browser's own file control speaks the browser's
                // language: a labelled button in the app's instead.
                <label class={classes!("tool-button", "file-button", "fit-choose", busy.then_some("disabled"))}>
                    { lang.text(Text::FitChoose) }
                    <input type="file" accept=".csv,text/csv" data-testid="fit-input" onchange={on_file} disabled={*busy} />
                </label>
            </div>
            if *busy {
                <p class="progress" role="status" data-testid="fit-busy">{ lang.text(Text::FitReading) }</p>
            }
            { match &*result {
                None => Html::default(),
                Some(Err(failure)) => html! {
                    <p class="notice notice-error" role="alert" data-testid="fit-error">{ format!("{} {}", lang.text(Text::FitFailed), failure.message(lang, |id| state.workspace.get(id).map(|doc| doc.name(lang)).unwrap_or_default())) }</p>
                },
                Some(Ok(fitted)) => html! { <FittedView lang={lang} fitted={fitted.clone()} on_add={on_add} seed={state.workspace.settings.seed} replications={state.workspace.settings.replications} /> },
            } }
            <EventLogExport />
        </div>
    }
}

#[derive(Properties)]
struct FittedProps {
    lang: Lang,
    fitted: Rc<Fitted>,
    on_add: Callback<MouseEvent>,
    /// The back-test's run settings (the workspace's).
    seed: u64,
    replications: u32,
}

impl PartialEq for FittedProps {
    /// A fit is compared by identity: each fit makes a new one.
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && Rc::ptr_eq(&self.fitted, &other.fitted)
            && self.on_add == other.on_add
            && self.seed == other.seed
            && self.replications == other.replications
    }
}

/// What was read and fitted.
#[function_component]
fn FittedView(props: &FittedProps) -> Html {
    let lang = props.lang;
    let f = &props.fitted;
    let summary = format!(
        "{}: {} {} · {} {} · {} – {} ({} {}) · {} ms",
        f.file,
        display::number(f.rows as f64, 0),
        lang.text(Text::FitRows),
        display::number(f.bad_rows as f64, 0),
        lang.text(Text::FitBadRows),
        f.first,
        f.last,
        f.days,
        lang.text(Text::FitDays),
        display::number(f.elapsed_ms, 0),
    );
    let interval = |ci: Option<(f64, f64)>| {
        ci.map_or_else(
            || "–".to_string(),
            |(lo, hi)| {
                format!(
                    "{} – {}",
                    display::input_value(lo, 4),
                    display::input_value(hi, 4)
                )
            },
        )
    };
    html! {
        <>
            <p data-testid="fit-summary" data-rows={f.rows.to_string()} data-bad={f.bad_rows.to_string()}>{ summary }</p>
            if !f.bad.is_empty() {
                <details class="all-kpis" data-testid="fit-bad-rows">
                    <summary>{ format!("{} {}", display::number(f.bad_rows as f64, 0), lang.text(Text::FitBadRows)) }</summary>
                    <ul>{ for f.bad.iter().map(|b| html! { <li>{ b.message(lang) }</li> }) }</ul>
                </details>
            }
            <div class="run-bar">
                <button type="button" class="primary-button" data-testid="fit-add" onclick={props.on_add.clone()}>{ lang.text(Text::FitAdd) }</button>
            </div>
            <table class="compare-table" data-testid="fit-quantities">
                <caption>{ lang.text(Text::FitQuantities) }</caption>
                <thead><tr>
                    <th scope="col">{ lang.text(Text::FitField) }</th>
                    <th scope="col">{ lang.text(Text::FitValue) }</th>
                    <th scope="col">{ lang.text(Text::FitInterval) }</th>
                    <th scope="col">{ lang.text(Text::FitMethod) }</th>
                    <th scope="col">{ "n" }</th>
                </tr></thead>
                <tbody>
                    { for f.quantities.iter().map(|q| html! {
                        <tr data-testid="fit-quantity" data-path={q.path.clone()} data-value={q.value.to_string()}>
                            <th scope="row" class="paths">{ q.path.clone() }</th>
                            <td class="num">{ display::input_value(q.value, 4) }</td>
                            <td class="num">{ interval(q.ci95) }</td>
                            <td>{ q.method.message(lang) }</td>
                            <td class="num">{ display::number(q.n as f64, 0) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if !f.not_fitted.is_empty() {
                <details class="all-kpis" data-testid="fit-notes" open=true>
                    <summary>{ lang.text(Text::FitNotFitted) }</summary>
                    <ul>{ for f.not_fitted.iter().map(|n| html! { <li>{ n.message(lang) }</li> }) }</ul>
                </details>
            }
            <BacktestPanel lang={lang} model={f.model.clone()} log={f.log.clone()} seed={props.seed} replications={props.replications} />
        </>
    }
}
