//! The Explain view: why B differs from A. The user picks the two
//! scenarios and a KPI; Run makes the plan (`analysis::explain::Plan`:
//! the input groups and every coalition of them) and runs each coalition
//! as a variant of one job in the worker pool, on the same seeds, with
//! progress and Cancel like any run. The finished results are kept per
//! replication, so changing the KPI re-explains at once without running
//! again. Shown as a waterfall from A to B and a table, each contribution
//! with its 95 % interval; the contributions add up to the total.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::analysis::explain::{Explanation, Plan};
use crate::chart::{self, Waterfall, WaterfallStep};
use crate::i18n::{Lang, Text};
use crate::report::Kpi;
use crate::ui::results::analysis_kit::{KpiSelect, kpi_values, signed_estimate};
use crate::ui::results::figure_view::FigureView;
use crate::ui::results::figures;
use crate::ui::results::run_bar::RunBar;
use crate::ui::results::stale::StaleNotice;
use crate::ui::state::{ExplainSpec, JobKind, Outcome, RunActions, Theme, use_store};

#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    pub actions: RunActions,
}

/// The explanation of `kpi` from a finished run's per-replication results
/// (variant `c` is the plan's coalition `c`), and A's and B's means.
fn explanation(plan: &Plan, outcome: &Outcome, kpi: Kpi) -> (Explanation, f64, f64) {
    let values = kpi_values(outcome, kpi);
    let mean = |row: Option<&Vec<f64>>| {
        row.filter(|r| !r.is_empty())
            .map_or(f64::NAN, |r| r.iter().sum::<f64>() / r.len() as f64)
    };
    // Coalitions are in ascending order: the empty one (A) first, the
    // grand one (B) last.
    (
        plan.explain(kpi, &values),
        mean(values.first()),
        mean(values.last()),
    )
}

#[function_component]
pub fn ExplainView(props: &ExplainProps) -> Html {
    let store = use_store();
    let kpi = use_state(|| Kpi::Orders);
    let chosen = use_state(|| None::<(String, String)>);
    let Some(state) = store else {
        return Html::default();
    };
    let lang = state.lang;
    let docs = &state.workspace.scenarios;
    // What is explained: the user's pick, else the last explanation's
    // pair, else the comparison's first two, else the first two scenarios.
    let last = state.explain.as_ref().and_then(|o| match &o.kind {
        JobKind::Explain(spec) => Some((spec.a.clone(), spec.b.clone())),
        _ => None,
    });
    let fallback = || {
        let ids: Vec<String> = if state.workspace.compare.len() >= 2 {
            state.workspace.compare.clone()
        } else {
            docs.iter().map(|d| d.id.clone()).collect()
        };
        (
            ids.first().cloned().unwrap_or_default(),
            ids.get(1).cloned().unwrap_or_default(),
        )
    };
    let (a, b) = (*chosen).clone().or(last).unwrap_or_else(fallback);
    let valid = a != b && state.workspace.get(&a).is_some() && state.workspace.get(&b).is_some();
    let kind = valid.then(|| {
        JobKind::Explain(ExplainSpec {
            a: a.clone(),
            b: b.clone(),
            plan: None,
        })
    });
    let outcome = state
        .explain
        .as_ref()
        .filter(|o| matches!(&o.kind, JobKind::Explain(s) if s.a == a && s.b == b));
    let stale = outcome.is_some_and(|o| state.is_stale(o));
    let name = |id: &str| {
        state
            .workspace
            .get(id)
            .map(|d| d.name(lang))
            .unwrap_or_default()
    };
    let names = (name(&a), name(&b));
    let select = |side: usize, current: &str, testid: &'static str| {
        let chosen = chosen.clone();
        let (a, b) = (a.clone(), b.clone());
        let onchange = Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let id = select.value();
            chosen.set(Some(if side == 0 {
                (id, b.clone())
            } else {
                (a.clone(), id)
            }));
        });
        html! {
            <select data-testid={testid} {onchange}>
                { for docs.iter().map(|d| html! {
                    <option value={d.id.clone()} selected={d.id == current}>{ d.name(lang) }</option>
                }) }
            </select>
        }
    };
    let on_kpi = {
        let kpi = kpi.clone();
        Callback::from(move |k: Kpi| kpi.set(k))
    };
    html! {
        <div data-testid="explain-view">
            <p class="hint">{ lang.text(Text::ExplainIntro) }</p>
            <div class="run-settings">
                <label class="field compact">
                    <span>{ lang.text(Text::ExplainBaseline) }</span>
                    { select(0, &a, "explain-a") }
                </label>
                <label class="field compact">
                    <span>{ lang.text(Text::ExplainCandidate) }</span>
                    { select(1, &b, "explain-b") }
                </label>
                <label class="field compact">
                    <span>{ lang.text(Text::ExplainKpi) }</span>
                    <KpiSelect {lang} value={*kpi} testid="explain-kpi" onchange={on_kpi} />
                </label>
            </div>
            if !valid { <p class="notice notice-warning" role="status">{ lang.text(Text::ExplainChoose) }</p> }
            <RunBar actions={props.actions.clone()} {kind} label={Text::RunExplain} testid="explain-run"
                snapshot={outcome.map(|o| o.snapshot.clone())} />
            if let Some(outcome) = outcome.filter(|o| o.snapshot.finished && o.snapshot.prefix > 0) {
                <StaleNotice lang={lang} {stale} />
                <div class={classes!("results-body", stale.then_some("stale"))}>
                    <ExplainResults lang={lang} theme={state.theme} outcome={outcome.clone()} kpi={*kpi} {stale} names={names} />
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
    /// A's and B's names in the interface language.
    names: (String, String),
}

/// The waterfall and the table of one finished explanation.
#[function_component]
fn ExplainResults(props: &ResultsProps) -> Html {
    let lang = props.lang;
    let kpi = props.kpi;
    // Recomputed only when the run, the KPI, the language or the theme
    // changes (a waterfall is drawn on the main thread). The hook runs on
    // every render, before any early return, so the hook order never
    // depends on the outcome (Yew's rule of hooks).
    let drawn = {
        let outcome = props.outcome.clone();
        let names = props.names.clone();
        use_memo(
            (
                props.outcome.snapshot.job,
                props.outcome.snapshot.prefix,
                kpi,
                lang,
                props.theme,
            ),
            move |(_, _, kpi, lang, theme)| {
                let JobKind::Explain(ExplainSpec {
                    plan: Some(plan), ..
                }) = &outcome.kind
                else {
                    return None;
                };
                let plan: &Rc<Plan> = plan;
                let (explanation, a_mean, b_mean) = explanation(plan, &outcome, *kpi);
                let waterfall = Waterfall {
                    kpi: *kpi,
                    baseline: (names.0.clone(), a_mean),
                    candidate: (names.1.clone(), b_mean),
                    steps: explanation
                        .contributions
                        .iter()
                        .map(|c| WaterfallStep {
                            label: lang.text(c.group.label()).to_string(),
                            mean: c.estimate.mean,
                            ci95: c.estimate.ci95,
                        })
                        .collect(),
                };
                let theme = figures::chart_theme(*theme);
                let svg = chart::waterfall_svg(&waterfall, *lang, theme, figures::SIZE);
                let figure = figures::figure(&format!("explain-{}", kpi.key()), svg);
                Some((explanation, figure))
            },
        )
    };
    let Some((explanation, figure)) = drawn.as_ref() else {
        return Html::default();
    };
    let design = match explanation.samples {
        None => lang.text(Text::ExplainExact).to_string(),
        Some(n) => format!("{n} {}", lang.text(Text::ExplainSampled)),
    };
    let caption = format!(
        "{} · {} {} · {} · {} {}",
        kpi.label(lang),
        explanation.replications,
        lang.text(Text::ExplainPairs),
        design,
        explanation.coalitions,
        lang.text(Text::ExplainCoalitions)
    );
    html! {
        <>
            <table class="compare-table" data-testid="explain-table">
                <caption>{ caption }</caption>
                <thead><tr>
                    <th scope="col">{ lang.text(Text::ExplainGroup) }</th>
                    <th scope="col">{ lang.text(Text::ExplainContribution) }</th>
                    <th scope="col">{ lang.text(Text::ExplainPaths) }</th>
                </tr></thead>
                <tbody>
                    { for explanation.contributions.iter().map(|c| html! {
                        <tr data-testid="explain-row" data-group={c.group.key()}>
                            <th scope="row">{ lang.text(c.group.label()) }</th>
                            <td class="num" data-mean={c.estimate.mean.to_string()}>{ signed_estimate(kpi, Some(c.estimate), lang) }</td>
                            <td class="paths">{ c.paths.join(", ") }</td>
                        </tr>
                    }) }
                    <tr data-testid="explain-total">
                        <th scope="row">{ lang.text(Text::ExplainTotal) }</th>
                        <td class="num" data-mean={explanation.total.mean.to_string()}>{ signed_estimate(kpi, Some(explanation.total), lang) }</td>
                        <td></td>
                    </tr>
                </tbody>
            </table>
            <div class="charts">
                <FigureView lang={lang} figure={figure.clone()} stale={props.stale} />
            </div>
        </>
    }
}
