//! The Sensitivity view: how much each numeric input of one scenario
//! matters. Run makes the plan (`analysis::sensitivity::Plan`: every input
//! at or beneath the chosen paths, down and up by the range) and runs the
//! scenario and every variant as one job in the worker pool on the same
//! seeds, with progress and Cancel. The finished replications are kept, so
//! another KPI is shown at once. A tornado of the largest effects and a
//! table of all of them, each with its 95 % interval.
//!
//! A second mode asks how sure a KPI is given the scenario's stated input
//! ranges (`ui::results::uncertainty`); the view keeps one Run button,
//! whose job follows the mode.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::analysis::sensitivity::{Plan, Sensitivity};
use crate::analysis::uncertainty::candidate_inputs;
use crate::chart::{self, Tornado, TornadoInput};
use crate::display;
use crate::i18n::{Lang, Text};
use crate::report::Kpi;
use crate::ui::results::analysis_kit::{KpiSelect, ScenarioSelect, kpi_values, signed_estimate};
use crate::ui::results::figure_view::FigureView;
use crate::ui::results::figures;
use crate::ui::results::run_bar::RunBar;
use crate::ui::results::stale::StaleNotice;
use crate::ui::results::uncertainty::UncertaintyResults;
use crate::ui::results::uncertainty_ranges::RangesEditor;
use crate::ui::state::{
    JobKind, Outcome, RunActions, SensitivitySpec, Theme, UncertaintySpec, use_store,
};

/// What the view asks.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Each input down and up by a percentage.
    Range,
    /// The scenario's stated ranges drawn per replication.
    Uncertain,
}

#[derive(Properties, PartialEq)]
pub struct SensitivityProps {
    pub actions: RunActions,
}

#[function_component]
pub fn SensitivityView(props: &SensitivityProps) -> Html {
    let store = use_store();
    let kpi = use_state(|| Kpi::Orders);
    let range = use_state(|| crate::analysis::sensitivity::DEFAULT_RANGE_PERCENT);
    let only = use_state(String::new);
    let chosen = use_state(|| None::<String>);
    let mode = use_state(|| Mode::Range);
    let Some(state) = store else {
        return Html::default();
    };
    let lang = state.lang;
    let id = (*chosen)
        .clone()
        .or_else(|| state.workspace.selected.clone())
        .unwrap_or_default();
    let doc = state.workspace.get(&id);
    // The stated ranges, read from the file as it is now (an unreadable
    // file has none; Run then says what is wrong with it).
    let parsed = doc.and_then(|d| crate::scenario::parse(&d.json).ok());
    let ranges = Rc::new(
        parsed
            .as_ref()
            .map(|s| s.uncertainty.clone())
            .unwrap_or_default(),
    );
    // The numbers a range may name (only asked for in that mode).
    let candidates = Rc::new(match (&parsed, *mode) {
        (Some(s), Mode::Uncertain) => candidate_inputs(s),
        _ => Vec::new(),
    });
    let (kind, outcome, label, testid) = match *mode {
        Mode::Range => {
            let valid = doc.is_some() && *range > 0.0 && *range < 100.0;
            let kind = valid.then(|| {
                JobKind::Sensitivity(SensitivitySpec {
                    id: id.clone(),
                    range_percent: *range,
                    only: (*only).clone(),
                    plan: None,
                })
            });
            let outcome = state
                .sensitivity
                .as_ref()
                .filter(|o| matches!(&o.kind, JobKind::Sensitivity(s) if s.id == id));
            (kind, outcome, Text::RunSensitivity, "sensitivity-run")
        }
        Mode::Uncertain => {
            let kind = (doc.is_some() && !ranges.is_empty()).then(|| {
                JobKind::Uncertainty(UncertaintySpec {
                    id: id.clone(),
                    plan: None,
                })
            });
            let outcome = state
                .uncertainty
                .as_ref()
                .filter(|o| matches!(&o.kind, JobKind::Uncertainty(s) if s.id == id));
            (kind, outcome, Text::RunUncertainty, "uncertainty-run")
        }
    };
    let stale = outcome.is_some_and(|o| state.is_stale(o));
    let mode_button = |m: Mode, text: Text, testid: &'static str| {
        let mode = mode.clone();
        let pressed = *mode == m;
        html! {
            <button type="button" class="tool-button" aria-pressed={pressed.to_string()} data-testid={testid}
                onclick={Callback::from(move |_| mode.set(m))}>{ lang.text(text) }</button>
        }
    };
    let on_scenario = {
        let chosen = chosen.clone();
        Callback::from(move |id: String| chosen.set(Some(id)))
    };
    let on_kpi = {
        let kpi = kpi.clone();
        Callback::from(move |k: Kpi| kpi.set(k))
    };
    let on_range = {
        let range = range.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(value) = input.value().trim().parse::<f64>() {
                range.set(value);
            }
        })
    };
    let on_only = {
        let only = only.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            only.set(input.value());
        })
    };
    html! {
        <div data-testid="sensitivity-view">
            <div class="run-settings" role="group">
                { mode_button(Mode::Range, Text::SensitivityModeRange, "sensitivity-mode-range") }
                { mode_button(Mode::Uncertain, Text::SensitivityModeUncertain, "sensitivity-mode-uncertain") }
            </div>
            <p class="hint">{ lang.text(if *mode == Mode::Range { Text::SensitivityIntro } else { Text::UncertaintyIntro }) }</p>
            <div class="run-settings">
                <label class="field compact">
                    <span>{ lang.text(Text::SensitivityScenario) }</span>
                    <ScenarioSelect value={id.clone()} testid="sensitivity-scenario" onchange={on_scenario} />
                </label>
                if *mode == Mode::Range {
                <label class="field compact">
                    <span>{ lang.text(Text::SensitivityRange) }</span>
                    <input type="number" min="1" max="99" step="any" data-testid="sensitivity-range"
                        value={display::number(*range, 0)} onchange={on_range} />
                </label>
                <label class="field compact">
                    <span>{ lang.text(Text::SensitivityOnly) }</span>
                    <input type="text" data-testid="sensitivity-only" placeholder="units[dealer_sales], links"
                        value={(*only).clone()} onchange={on_only} />
                </label>
                }
                <label class="field compact">
                    <span>{ lang.text(Text::ExplainKpi) }</span>
                    <KpiSelect {lang} value={*kpi} testid="sensitivity-kpi" onchange={on_kpi} />
                </label>
            </div>
            if *mode == Mode::Uncertain {
                <RangesEditor lang={lang} doc_id={id.clone()} ranges={ranges.clone()} candidates={candidates.clone()} />
            }
            <RunBar actions={props.actions.clone()} {kind} {label} {testid}
                snapshot={outcome.map(|o| o.snapshot.clone())} />
            if let Some(outcome) = outcome.filter(|o| o.snapshot.finished && o.snapshot.prefix > 0) {
                <StaleNotice lang={lang} {stale} />
                <div class={classes!("results-body", stale.then_some("stale"))}>
                    if *mode == Mode::Range {
                        <SensitivityResults lang={lang} theme={state.theme} outcome={outcome.clone()} kpi={*kpi} {stale} />
                    } else {
                        <UncertaintyResults lang={lang} outcome={outcome.clone()} kpi={*kpi} />
                    }
                </div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ResultsProps {
    lang: Lang,
    theme: Theme,
    outcome: Outcome,
    kpi: Kpi,
    stale: bool,
}

/// The effects from a finished run's per-replication results (variant `m`
/// is the plan's model `m`, the scenario first).
fn sensitivity(plan: &Plan, outcome: &Outcome, kpi: Kpi) -> Sensitivity {
    let values = kpi_values(outcome, kpi);
    plan.sensitivity(kpi, &values)
}

/// The tornado and the table of one finished sensitivity run.
#[function_component]
fn SensitivityResults(props: &ResultsProps) -> Html {
    let lang = props.lang;
    let kpi = props.kpi;
    // The hook runs on every render, before any early return, so the hook
    // order never depends on the outcome (Yew's rule of hooks).
    let drawn = {
        let outcome = props.outcome.clone();
        use_memo(
            (
                props.outcome.snapshot.job,
                props.outcome.snapshot.prefix,
                kpi,
                lang,
                props.theme,
            ),
            move |(_, _, kpi, lang, theme)| {
                let JobKind::Sensitivity(SensitivitySpec {
                    plan: Some(plan), ..
                }) = &outcome.kind
                else {
                    return None;
                };
                let plan: &Rc<Plan> = plan;
                let result = sensitivity(plan, &outcome, *kpi);
                let tornado = Tornado {
                    kpi: *kpi,
                    range_percent: result.range_percent,
                    inputs: result
                        .inputs
                        .iter()
                        .map(|e| TornadoInput {
                            label: e.path.clone(),
                            low: e.effect_low.map(|x| (x.mean, x.ci95)),
                            high: e.effect_high.map(|x| (x.mean, x.ci95)),
                        })
                        .collect(),
                };
                let svg = chart::tornado_svg(
                    &tornado,
                    *lang,
                    figures::chart_theme(*theme),
                    figures::SIZE,
                );
                let figure = figures::figure(&format!("sensitivity-{}", kpi.key()), svg);
                Some((result, figure))
            },
        )
    };
    let Some((result, figure)) = drawn.as_ref() else {
        return Html::default();
    };
    let caption = format!(
        "{} · {}: {} · {} {} · {} {}",
        kpi.label(lang),
        lang.text(Text::SensitivityScenario),
        signed_level(kpi, result, lang),
        result.inputs.len(),
        lang.text(Text::SensitivityInputs),
        result.replications,
        lang.text(Text::ExplainPairs),
    );
    html! {
        <>
            <div class="charts">
                <FigureView lang={lang} figure={figure.clone()} stale={props.stale} />
            </div>
            <table class="compare-table" data-testid="sensitivity-table">
                <caption>{ caption }</caption>
                <thead><tr>
                    <th scope="col">{ lang.text(Text::SensitivityInput) }</th>
                    <th scope="col">{ lang.text(Text::SensitivityLowHigh) }</th>
                    <th scope="col">{ lang.text(Text::SensitivityEffectLow) }</th>
                    <th scope="col">{ lang.text(Text::SensitivityEffectHigh) }</th>
                </tr></thead>
                <tbody>
                    { for result.inputs.iter().map(|e| html! {
                        <tr data-testid="sensitivity-row" data-path={e.path.clone()}
                            data-low={e.effect_low.map(|x| x.mean.to_string()).unwrap_or_default()}
                            data-high={e.effect_high.map(|x| x.mean.to_string()).unwrap_or_default()}>
                            <th scope="row" class="paths">{ e.path.clone() }</th>
                            <td class="num">{ format!("{} / {} / {}", display::input_value(e.low, 4), display::input_value(e.value, 4), display::input_value(e.high, 4)) }</td>
                            <td class="num">{ signed_estimate(kpi, e.effect_low, lang) }</td>
                            <td class="num">{ signed_estimate(kpi, e.effect_high, lang) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if !result.not_varied.is_empty() {
                <details class="all-kpis" data-testid="sensitivity-not-varied">
                    <summary>{ format!("{} {}", result.not_varied.len(), lang.text(Text::SensitivityNotVaried)) }</summary>
                    <ul>
                        { for result.not_varied.iter().map(|n| html! {
                            <li>{ format!("{}: {}", n.path, n.reason(lang, result.range_percent)) }</li>
                        }) }
                    </ul>
                </details>
            }
        </>
    }
}

/// The scenario's own value of the KPI, with its interval.
fn signed_level(kpi: Kpi, result: &Sensitivity, lang: Lang) -> String {
    let mean = display::kpi_value(kpi, result.baseline.mean, lang);
    match result.baseline.ci95 {
        Some(h) => format!(
            "{mean} {}",
            display::kpi_half_width(kpi, result.baseline.mean, h, lang)
        ),
        None => mean,
    }
}
