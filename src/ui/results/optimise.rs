//! The Optimise view: "how many people, where, to hit the targets?" The
//! user writes targets (`contacted_within_60_minutes>=0.8; …`) and,
//! optionally, the units to vary; Run makes the search
//! (`analysis::optimise::Search`) and runs its first batch of designs in
//! the worker pool (progress and Cancel, like any run). When a batch
//! finishes, the app (`ui::app::shell`, so the search goes on whichever
//! view is shown) hands its results to the search and runs the next
//! batch, until the search has its answer: the least-cost headcount that
//! meets every target with 95 % confidence, the KPIs of that design, and
//! the path of designs tried. "Save as a new scenario" adds the answer to
//! the library. Cancel stops the search for good (see `Search::cancel`):
//! the view says after how many designs, with the path so far.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::analysis::optimise::{Evaluation, Search};
use crate::display;
use crate::i18n::{Lang, Text};
use crate::report::Kpi;
use crate::ui::results::analysis_kit::ScenarioSelect;
use crate::ui::results::run_bar::RunBar;
use crate::ui::results::stale::StaleNotice;
use crate::ui::state::{Action, Edit, JobKind, Notice, OptimiseSpec, RunActions, use_store};

/// The targets a new view starts with (the example).
const DEFAULT_TARGETS: &str = "contacted_within_60_minutes>=0.8; abandonment_rate<=0.05";

#[derive(Properties, PartialEq)]
pub struct OptimiseProps {
    pub actions: RunActions,
}

#[function_component]
pub fn OptimiseView(props: &OptimiseProps) -> Html {
    let store = use_store();
    let targets = use_state(|| DEFAULT_TARGETS.to_string());
    let vary = use_state(String::new);
    let chosen = use_state(|| None::<String>);
    let Some(state) = store else {
        return Html::default();
    };
    let lang = state.lang;
    let id = (*chosen)
        .clone()
        .or_else(|| state.workspace.selected.clone())
        .unwrap_or_default();
    let kind = state.workspace.get(&id).is_some().then(|| {
        JobKind::Optimise(OptimiseSpec {
            id: id.clone(),
            targets: (*targets).clone(),
            vary: (*vary).clone(),
            search: None,
            accepted: Rc::default(),
        })
    });
    let outcome = state
        .optimise
        .as_ref()
        .filter(|o| matches!(&o.kind, JobKind::Optimise(s) if s.id == id));
    let stale = outcome.is_some_and(|o| state.is_stale(o));
    let search = outcome.and_then(|o| match &o.kind {
        JobKind::Optimise(spec) => spec.search.clone(),
        _ => None,
    });
    // The search is cancelled in place: the flag is what re-renders it.
    let cancelled = search.as_ref().is_some_and(|s| s.borrow().is_cancelled());
    let on_scenario = {
        let chosen = chosen.clone();
        Callback::from(move |id: String| chosen.set(Some(id)))
    };
    let on_targets = {
        let targets = targets.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            targets.set(input.value());
        })
    };
    let on_vary = {
        let vary = vary.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            vary.set(input.value());
        })
    };
    html! {
        <div data-testid="optimise-view">
            <p class="hint">{ lang.text(Text::OptimiseIntro) }</p>
            <div class="run-settings">
                <label class="field compact">
                    <span>{ lang.text(Text::SensitivityScenario) }</span>
                    <ScenarioSelect value={id.clone()} testid="optimise-scenario" onchange={on_scenario} />
                </label>
                <label class="field compact wide">
                    <span>{ lang.text(Text::OptimiseTargets) }</span>
                    <input type="text" data-testid="optimise-targets" value={(*targets).clone()} onchange={on_targets} />
                </label>
                <label class="field compact wide">
                    <span>{ lang.text(Text::OptimiseVary) }</span>
                    <input type="text" data-testid="optimise-vary" placeholder="dealer_sales, call_center"
                        value={(*vary).clone()} onchange={on_vary} />
                </label>
            </div>
            <RunBar actions={props.actions.clone()} {kind} label={Text::RunOptimise} testid="optimise-run"
                snapshot={outcome.map(|o| o.snapshot.clone())} />
            if let Some(search) = search {
                <StaleNotice lang={lang} {stale} />
                <div class={classes!("results-body", stale.then_some("stale"))}>
                    <SearchView lang={lang} search={search} job={outcome.map_or(0, |o| o.snapshot.job)} taken={state.optimise_batches} {cancelled} />
                </div>
            }
        </div>
    }
}

#[derive(Properties)]
struct SearchProps {
    lang: Lang,
    search: Rc<std::cell::RefCell<Search>>,
    /// The latest batch's job: the search changes in place, so this is
    /// what tells a new render from an old one.
    job: u32,
    /// Batches the search has taken (its last one changes no job).
    taken: u32,
    /// Cancel stopped the search (it changes no job either).
    cancelled: bool,
}

impl PartialEq for SearchProps {
    fn eq(&self, other: &Self) -> bool {
        (self.lang, self.job, self.taken, self.cancelled)
            == (other.lang, other.job, other.taken, other.cancelled)
            && Rc::ptr_eq(&self.search, &other.search)
    }
}

/// The search so far, or its answer.
#[function_component]
fn SearchView(props: &SearchProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let lang = props.lang;
    let search = props.search.borrow();
    let outcome = search.outcome();
    let done = search.is_done();
    if !done && props.cancelled {
        return html! {
            <>
                <p class="hint" role="status" data-testid="optimise-cancelled" data-designs={outcome.evaluations.to_string()}>
                    { lang.text(Text::OptimiseCancelled).replace("{n}", &outcome.evaluations.to_string()) }
                </p>
                <SearchPath {lang} path={Rc::new(outcome.path)} />
            </>
        };
    }
    if !done {
        return html! {
            <p class="hint" role="status" data-testid="optimise-searching">
                { format!("{} · {} {}", lang.text(Text::OptimiseSearching), outcome.evaluations, lang.text(Text::OptimiseDesigns)) }
            </p>
        };
    }
    let on_save = {
        let state = state.clone();
        let search = props.search.clone();
        Callback::from(move |_: MouseEvent| {
            let scenario = search.borrow().optimised_scenario();
            let Ok(json) = serde_json::to_string_pretty(&scenario) else {
                return;
            };
            state.dispatch(Action::Edit(Edit::workspace(move |ws| {
                ws.add(json.clone(), None);
            })));
            state.dispatch(Action::Notify(Notice {
                error: false,
                text: lang.text(Text::OptimiseSaved).to_string(),
            }));
        })
    };
    let verdict = if outcome.feasible {
        lang.text(Text::OptimiseFeasible)
    } else {
        lang.text(Text::OptimiseInfeasible)
    };
    let target_value = |kpi, x: f64| display::kpi_value(kpi, x, lang);
    html! {
        <>
            <p data-testid="optimise-verdict" data-feasible={outcome.feasible.to_string()}>
                <strong>{ verdict }</strong>
                { format!(" · {} {} · {} ¥{}{}", outcome.evaluations, lang.text(Text::OptimiseDesigns),
                    lang.text(Text::OptimiseCost), display::number(outcome.cost, 0),
                    if outcome.limited { format!(" · {}", lang.text(Text::OptimiseLimited)) } else { String::new() }) }
            </p>
            <table class="compare-table" data-testid="optimise-headcount">
                <caption>{ lang.text(Text::OptimiseHeadcount) }</caption>
                <thead><tr>
                    <th scope="col">{ lang.text(Text::OptimiseUnit) }</th>
                    <th scope="col">{ lang.text(Text::OptimisePeople) }</th>
                </tr></thead>
                <tbody>
                    { for outcome.headcount.iter().map(|(unit, n)| html! {
                        <tr data-testid="optimise-unit" data-unit={unit.clone()} data-headcount={n.to_string()}>
                            <th scope="row">{ unit.clone() }</th>
                            <td class="num">{ n.to_string() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <table class="compare-table" data-testid="optimise-targets-met">
                <caption>{ lang.text(Text::OptimiseTargetsMet) }</caption>
                <tbody>
                    // Each target with its own KPI's estimate (the outcome
                    // lists every KPI, in the registry's order).
                    { for outcome.targets.iter().filter_map(|t| outcome.kpi(t.kpi).map(|e| (t, e))).map(|(t, e)| html! {
                        <tr data-testid="optimise-target" data-kpi={t.kpi.key()} data-mean={e.mean.to_string()}>
                            <th scope="row">{ t.kpi.label(lang) }</th>
                            <td class="num">{ format!("{} {}", t, lang.text(Text::OptimiseTarget)) }</td>
                            <td class="num">{ format!("{} {}", target_value(t.kpi, e.mean), e.ci95.map_or_else(|| "–".to_string(), |h| display::kpi_half_width(t.kpi, e.mean, h, lang))) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <details class="all-kpis" data-testid="optimise-all-kpis">
                <summary>{ lang.text(Text::OptimiseAllKpis) }</summary>
                <table class="compare-table">
                    <thead><tr>
                        <th scope="col">{ lang.text(Text::KpiColumn) }</th>
                        <th scope="col">{ lang.text(Text::MeanColumn) }</th>
                        <th scope="col">{ "95 %" }</th>
                    </tr></thead>
                    <tbody>
                        // Every KPI of the registry, as the Results view's
                        // table shows a run's (the outcome lists them in
                        // the registry's order).
                        { for Kpi::ALL.iter().filter_map(|&kpi| outcome.kpi(kpi).map(|e| (kpi, e))).map(|(kpi, e)| html! {
                            <tr data-testid={format!("optimise-kpi-{}", kpi.key())} data-mean={e.mean.to_string()}>
                                <th scope="row">{ display::kpi_label(kpi, lang) }</th>
                                <td>{ display::kpi_value(kpi, e.mean, lang) }</td>
                                <td>{ display::kpi_interval(kpi, e.mean, e.ci95, lang) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </details>
            <SearchPath {lang} path={Rc::new(outcome.path)} />
            <div class="run-bar">
                <button type="button" class="tool-button" data-testid="optimise-save" onclick={on_save}>{ lang.text(Text::OptimiseSave) }</button>
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct SearchPathProps {
    lang: Lang,
    path: Rc<Vec<Evaluation>>,
}

/// Every design the search evaluated, in order (a finished search's and a
/// cancelled one's alike).
#[function_component]
fn SearchPath(props: &SearchPathProps) -> Html {
    let lang = props.lang;
    html! {
        <details class="all-kpis" data-testid="optimise-path">
            <summary>{ format!("{} ({})", lang.text(Text::OptimisePath), props.path.len()) }</summary>
            <ol>
                { for props.path.iter().map(|e| html! {
                    <li>{ format!("{} · {} · ¥{} · {}{}",
                        lang.text(e.step.label()),
                        e.headcount.iter().map(u32::to_string).collect::<Vec<_>>().join(" / "),
                        display::number(e.cost, 0),
                        lang.text(if e.feasible { Text::OptimiseDesignMet } else { Text::OptimiseDesignNotMet }),
                        if e.chosen { " ✓" } else { "" }) }</li>
                }) }
            </ol>
        </details>
    }
}
