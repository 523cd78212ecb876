//! The results side: run controls with progress and Cancel, KPI cards with
//! intervals, charts, the comparison of two to four scenarios, and sweeps.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::forms::editor::OrgDiagram;
use crate::ui::forms::notes::NotesView;
use crate::ui::results::figures::{self, ChartJob, Figure};
use crate::ui::widgets::browser;
use crate::ui::workers::runner::Snapshot;

use crate::display::{self, kpi_half_width, kpi_interval, kpi_label, kpi_value, safe_file_name};
use crate::document::sweep;
use crate::i18n::{Lang, Text};
use std::collections::BTreeMap;

use crate::report::{self, Comparison, Kpi, Report, Threshold, Verdict};
use crate::ui::results::explain::ExplainView;
use crate::ui::results::figure_view::FigureView;
use crate::ui::results::fit::FitView;
use crate::ui::results::optimise::OptimiseView;
use crate::ui::results::run_bar::RunBar;
use crate::ui::results::sensitivity::SensitivityView;
use crate::ui::results::stale::{StaleNotice, stale_suffix};
use crate::ui::state::{
    Action, AppState, JobKind, Outcome, RunActions, SweepSpec, Theme, View, use_store,
};
use crate::ui::widgets::tabs::{Tab, Tabs, panel_id, tab_id};
use crate::ui::widgets::typing::use_model_value;
use gloo_timers::callback::Timeout;

/// The KPI cards, in the order a workshop reads them; keys are the CLI's.
pub const CARD_KPIS: [Kpi; 14] = [
    Kpi::FirstResponseMinutes,
    Kpi::ContactedWithin60Minutes,
    Kpi::SlaBreachRate,
    Kpi::DecisionLeadTimeMinutes,
    Kpi::ConversionRate,
    Kpi::Orders,
    Kpi::AbandonmentRate,
    Kpi::Satisfaction,
    Kpi::Nps,
    Kpi::CostPerOrder,
    Kpi::TotalCost,
    Kpi::Revenue,
    Kpi::GrossProfit,
    Kpi::ProfitPerLead,
];

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub actions: RunActions,
}

#[function_component]
pub fn ResultsPanel(props: &ResultsProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let state = &state;
    let lang = state.lang;
    const VIEWS: [(View, Text, &str, &str); 7] = [
        (View::Results, Text::TabResults, "results", "tab-results"),
        (View::Compare, Text::TabCompare, "compare", "tab-compare"),
        (View::Explain, Text::TabExplain, "explain", "tab-explain"),
        (
            View::Sensitivity,
            Text::TabSensitivity,
            "sensitivity",
            "tab-sensitivity",
        ),
        (View::Sweep, Text::TabSweep, "sweep", "tab-sweep"),
        (View::Fit, Text::TabFit, "fit", "tab-fit"),
        (
            View::Optimise,
            Text::TabOptimise,
            "optimise",
            "tab-optimise",
        ),
    ];
    let tabs: Vec<Tab> = VIEWS
        .iter()
        .map(|(_, label, key, testid)| Tab {
            key,
            label: lang.text(*label).to_string(),
            testid: testid.to_string(),
        })
        .collect();
    let selected = VIEWS
        .iter()
        .position(|(view, ..)| *view == state.view)
        .unwrap_or(0);
    let on_select = {
        let dispatcher = state.dispatcher();
        Callback::from(move |index: usize| {
            if let Some((view, ..)) = VIEWS.get(index) {
                dispatcher.dispatch(Action::SetView(*view));
            }
        })
    };
    let selected_key = VIEWS
        .get(selected)
        .map(|(_, _, key, _)| *key)
        .unwrap_or("results");
    html! {
        <section class="panel results" data-testid="results-panel" aria-labelledby="results-panel-heading">
            <h2 id="results-panel-heading" class="panel-title">{ lang.text(Text::Results) }</h2>
            <RunSettingsForm />
            <Tabs id="views" label={lang.text(Text::ResultsTabsLabel)} {tabs} {selected} {on_select} />
            <div role="tabpanel" id={panel_id("views")} aria-labelledby={tab_id("views", selected_key)}>
            { match state.view {
                View::Results => html! { <SingleView actions={props.actions.clone()} /> },
                View::Compare => html! { <CompareView actions={props.actions.clone()} /> },
                View::Sweep => html! { <SweepView actions={props.actions.clone()} /> },
                View::Explain => html! { <ExplainView actions={props.actions.clone()} /> },
                View::Sensitivity => html! { <SensitivityView actions={props.actions.clone()} /> },
                View::Fit => html! { <FitView /> },
                View::Optimise => html! { <OptimiseView actions={props.actions.clone()} /> },
            } }
            </div>
        </section>
    }
}

/// Seed, replications and the optional target interval width.
#[function_component]
fn RunSettingsForm() -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let state = &state;
    let lang = state.lang;
    let settings = &state.workspace.settings;
    let on_seed = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(seed) = input.value().trim().parse::<u64>() {
                dispatcher.dispatch(Action::SetSeed(seed));
            }
        })
    };
    let on_replications = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(n) = input.value().trim().parse::<u32>() {
                dispatcher.dispatch(Action::SetReplications(
                    n.clamp(2, crate::scenario::MAX_REPLICATIONS),
                ));
            }
        })
    };
    let on_target = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let value = input
                .value()
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v > 0.0);
            dispatcher.dispatch(Action::SetTarget(value));
        })
    };
    let seed = use_model_value(settings.seed.to_string());
    let replications = use_model_value(settings.replications.to_string());
    let target = use_model_value(
        settings
            .target_half_width
            .map(|v| v.to_string())
            .unwrap_or_default(),
    );
    html! {
        <div class="run-settings">
            <label class="field compact">
                <span>{ lang.text(Text::Seed) }</span>
                <input type="number" min="0" step="1" data-testid="seed-input" ref={seed.node}
                    oninput={seed.oninput} onblur={seed.onblur} onchange={on_seed} />
            </label>
            <label class="field compact">
                <span>{ lang.text(Text::Replications) }</span>
                <input type="number" min="2" step="1" data-testid="replications-input" ref={replications.node}
                    oninput={replications.oninput} onblur={replications.onblur} onchange={on_replications} />
            </label>
            <label class="field compact">
                <span>{ lang.text(Text::TargetWidth) }</span>
                <input type="number" min="0" step="any" data-testid="target-input" placeholder="–" ref={target.node}
                    oninput={target.oninput} onblur={target.onblur} onchange={on_target} />
            </label>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ViewProps {
    actions: RunActions,
}

/// One scenario: KPI cards, charts, CSV export.
#[function_component]
fn SingleView(props: &ViewProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let state = &state;
    let lang = state.lang;
    let doc = state.selected();
    let outcome: Option<&Outcome> = doc.and_then(|d| state.results.get(&d.id));
    let kind = doc.map(|d| JobKind::Single(d.id.clone()));
    let snapshot = outcome.map(|o| o.snapshot.clone());
    let stale = outcome.is_some_and(|o| state.is_stale(o));
    html! {
        <div data-testid="single-view">
            if let Some(doc) = doc { <h3 class="results-scenario" data-testid="results-scenario">{ doc.name(lang) }</h3> }
            <RunBar actions={props.actions.clone()} kind={kind} label={Text::Run} testid="run-button" snapshot={snapshot.clone()} />
            { match snapshot.as_ref().and_then(|s| s.reports.first().cloned().map(|r| (s.clone(), r))) {
                Some((snapshot, report)) if snapshot.prefix > 0 => html! {
                    <>
                        <StaleNotice lang={lang} {stale} />
                        <div class={classes!("results-body", stale.then_some("stale"))}>
                        <RunSummary lang={lang} snapshot={snapshot.clone()} seed={state.workspace.settings.seed} />
                        <KpiCards lang={lang} report={report.clone()} />
                        <ReportWarnings lang={lang} report={report.clone()} />
                        <AllKpis lang={lang} report={report.clone()} />
                        <Segments lang={lang} report={report.clone()} />
                        // The CSV holds units too, which progress reports leave out.
                        if snapshot.finished { <ExportCsv snapshot={snapshot.clone()} {stale} /> }
                        if let Some(outcome) = outcome.cloned() { <Charts lang={lang} theme={state.theme} outcome={outcome} {stale} materiality={state.workspace.settings.materiality.clone()} /> }
                        </div>
                    </>
                },
                _ => html! { <p class="panel-empty">{ lang.text(Text::ResultsEmpty) }</p> },
            } }
            // Presenting, the room sees the organisation and the assumptions
            // behind the numbers too (the editor is hidden).
            if let (true, Some(doc)) = (state.presenting, doc) {
                <PresentOrganisation lang={lang} json={doc.json.clone()}
                    report={outcome.filter(|o| o.snapshot.finished && !stale).and_then(|o| o.snapshot.reports.first().cloned())} />
            }
            if let Some(doc) = doc { <NotesView lang={lang} json={doc.json.clone()} open={state.presenting} /> }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PresentProps {
    lang: Lang,
    json: AttrValue,
    /// The run's report, for the diagram's counts (finished and up to date).
    report: Option<Rc<Report>>,
}

/// The organisation diagram under the results while presenting (parsed once
/// per scenario text, not on every progress update).
#[function_component]
fn PresentOrganisation(props: &PresentProps) -> Html {
    let value = use_memo(props.json.clone(), |json| {
        serde_json::from_str::<serde_json::Value>(json).unwrap_or_default()
    });
    html! {
        <section class="present-organisation" data-testid="present-organisation">
            <h3>{ props.lang.text(Text::Organisation) }</h3>
            <OrgDiagram value={(*value).clone()} lang={props.lang} focused={None::<usize>} on_unit={None::<Callback<usize>>} report={props.report.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SummaryProps {
    lang: Lang,
    snapshot: Rc<Snapshot>,
    seed: u64,
}

/// "20 replications · seed 42 · 1.3 s", and whether the run is still going.
#[function_component]
fn RunSummary(props: &SummaryProps) -> Html {
    let lang = props.lang;
    let s = &props.snapshot;
    let status = if s.finished {
        lang.text(Text::Finished)
    } else {
        lang.text(Text::Refining)
    };
    // Leads simulated (measurement windows) over wall-clock time, for the
    // pool-throughput benchmark (tests/e2e/bench/app.mjs).
    let leads: f64 = s
        .reports
        .iter()
        .filter_map(|r| r.kpi(Kpi::Leads))
        .map(|k| k.mean * f64::from(s.prefix))
        .sum();
    html! {
        <p class="run-summary" data-testid="run-summary" data-leads={format!("{leads:.0}")} data-simulated-leads={s.simulated_leads.to_string()} data-elapsed-ms={format!("{:.0}", s.elapsed_ms)}>
            { format!("{status} · {} {} · {} {} · {} s", s.prefix, lang.text(Text::ReplicationsDone), lang.text(Text::Seed), props.seed, display::number(s.elapsed_ms / 1000.0, 1)) }
        </p>
    }
}

#[derive(Properties, PartialEq)]
struct KpiProps {
    lang: Lang,
    report: Rc<Report>,
}

/// One card per headline KPI: the mean over replications with its 95 %
/// interval, and the spread of the replications' values, each labelled for
/// what it is. First response also shows the lead-level median and P90 (how
/// long a typical and a slow lead waits), which a room expects from a
/// response-time card.
#[function_component]
fn KpiCards(props: &KpiProps) -> Html {
    let lang = props.lang;
    let report = &props.report;
    let colon = match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    };
    let lead_level = |kpi: Kpi| {
        report
            .kpi(kpi)
            .map(|s| kpi_value(kpi, s.mean, lang))
            .unwrap_or_else(|| "—".into())
    };
    html! {
        <div class="kpi-grid">
            { for CARD_KPIS.iter().map(|&key| {
                let summary = report.kpi(key).cloned().unwrap_or_default();
                html! {
                    <div class="kpi-card" data-testid={format!("kpi-{key}")}>
                        <div class="kpi-label">{ kpi_label(key, lang) }</div>
                        <div class="kpi-value">{ kpi_value(key, summary.mean, lang) }</div>
                        <div class="kpi-ci">{ kpi_interval(key, summary.mean, summary.ci95, lang) }
                            <span class="kpi-ci-label">{ format!(" ({})", lang.text(Text::IntervalOfMean)) }</span></div>
                        if key == Kpi::FirstResponseMinutes {
                            <div class="kpi-leads" data-testid="kpi-lead-percentiles">{ format!("{}{colon}{} {} · P90 {}",
                                lang.text(Text::LeadLevel), lang.text(Text::Median),
                                lead_level(Kpi::FirstResponseP50), lead_level(Kpi::FirstResponseP90)) }</div>
                        }
                        <div class="kpi-bands" title={lang.text(Text::AcrossReplicationsHint)}>
                            { format!("{}{colon}{}", lang.text(Text::AcrossReplications), display::percentiles(key, &summary, lang)) }</div>
                    </div>
                }
            }) }
        </div>
    }
}

/// Every KPI of the registry in one table (the cards show the headline
/// ones): mean, 95 % interval and the spread across replications.
#[function_component]
fn AllKpis(props: &KpiProps) -> Html {
    let lang = props.lang;
    html! {
        <details class="all-kpis" data-testid="all-kpis">
            <summary>{ lang.text(Text::AllKpis) }</summary>
            <table class="compare-table">
                <thead><tr>
                    <th scope="col">{ lang.text(Text::KpiColumn) }</th>
                    <th scope="col">{ lang.text(Text::MeanColumn) }</th>
                    <th scope="col">{ "95 %" }</th>
                    <th scope="col">{ lang.text(Text::SpreadColumn) }</th>
                </tr></thead>
                <tbody>
                { for Kpi::ALL.iter().map(|&key| {
                    let summary = props.report.kpi(key).cloned().unwrap_or_default();
                    html! {
                        <tr data-testid={format!("all-kpi-{}", key.key())}>
                            <th scope="row">{ kpi_label(key, lang) }</th>
                            <td>{ kpi_value(key, summary.mean, lang) }</td>
                            <td>{ kpi_interval(key, summary.mean, summary.ci95, lang) }</td>
                            <td>{ display::percentiles(key, &summary, lang) }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        </details>
    }
}

/// What makes the numbers above less trustworthy, in words.
#[function_component]
fn ReportWarnings(props: &KpiProps) -> Html {
    let lang = props.lang;
    html! {
        <>
        { for props.report.warnings.iter().map(|warning| match warning {
            crate::report::ReportWarning::UnfinishedRate { value, limit } => html! {
                <p class="notice notice-warning" role="status" data-testid="warning-unfinished">
                    { lang.text(Text::UnfinishedWarning)
                        .replace("{value}", &kpi_value(Kpi::UnfinishedRate, *value, lang))
                        .replace("{limit}", &kpi_value(Kpi::UnfinishedRate, *limit, lang)) }
                </p>
            },
        }) }
        </>
    }
}

/// KPIs per lead grade and per source, with intervals.
#[function_component]
fn Segments(props: &KpiProps) -> Html {
    let lang = props.lang;
    // Progress reports carry KPIs only; the segments come with the result.
    if props.report.by_grade.is_empty() && props.report.by_source.is_empty() {
        return html! {};
    }
    let cell = |key: Kpi, s: &crate::report::Summary| -> String {
        let half = kpi_interval(key, s.mean, s.ci95, lang);
        format!("{} {half}", kpi_value(key, s.mean, lang))
    };
    let table = |title: Text, rows: &[crate::report::SegmentSummary], testid: &str| {
        html! {
            <table class="compare-table" data-testid={testid.to_string()}>
                <thead><tr>
                    <th scope="col">{ lang.text(title) }</th>
                    <th scope="col">{ lang.text(Text::LeadsColumn) }</th>
                    <th scope="col">{ lang.text(Text::FirstResponseColumn) }</th>
                    <th scope="col">{ lang.text(Text::ConversionColumn) }</th>
                    <th scope="col">{ lang.text(Text::AbandonmentColumn) }</th>
                </tr></thead>
                <tbody>
                { for rows.iter().map(|row| html! {
                    <tr>
                        <th scope="row">{ row.name.clone() }</th>
                        { for row.columns().into_iter().map(|(kpi, summary)| html! { <td>{ cell(kpi, summary) }</td> }) }
                    </tr>
                }) }
                </tbody>
            </table>
        }
    };
    html! {
        <details class="all-kpis" data-testid="segments">
            <summary>{ lang.text(Text::Segments) }</summary>
            { table(Text::GradeColumn, &props.report.by_grade, "by-grade") }
            { table(Text::SourceColumn, &props.report.by_source, "by-source") }
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct ExportProps {
    snapshot: Rc<Snapshot>,
    stale: bool,
}

/// Results as CSV: one row per KPI per scenario.
#[function_component]
fn ExportCsv(props: &ExportProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let lang = state.lang;
    let snapshot = props.snapshot.clone();
    let suffix = stale_suffix(props.stale);
    let onclick = Callback::from(move |_| {
        let reports = snapshot.reports.iter().map(|r| &**r);
        let csv = report::sheet::results_csv(reports, state.lang);
        let name = snapshot
            .labels
            .first()
            .map(|l| safe_file_name(l))
            .unwrap_or_default();
        browser::download_or_say(
            &state,
            &format!("{name}-results{suffix}.csv"),
            "text/csv",
            csv.as_bytes(),
        );
    });
    html! {
        <div class="button-row">
            <button type="button" class="tool-button" data-testid="export-csv" {onclick}>{ lang.text(Text::ExportCsv) }</button>
            <ExportReport />
        </div>
    }
}

/// The workshop report: one HTML file to print to PDF or mail (see
/// `report::workshop`), of the comparison's scenarios when a comparison has
/// finished, else of the selected scenario.
#[function_component]
fn ExportReport() -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let lang = state.lang;
    let onclick = {
        let state = state.clone();
        Callback::from(move |_| {
            let (name, page) = workshop_report(&state);
            let file = format!("{}-workshop-report.html", safe_file_name(&name));
            browser::download_or_say(&state, &file, "text/html", page.as_bytes());
        })
    };
    html! {
        <button type="button" class="tool-button" data-testid="export-report" title={lang.text(Text::ExportReportHint)} {onclick}>
            { lang.text(Text::ExportReport) }
        </button>
    }
}

/// The report's file-name stem and its HTML.
fn workshop_report(state: &AppState) -> (String, String) {
    use crate::document::notes::Notes;
    use crate::document::org_layout::OrgLayout;
    use crate::report::workshop::{self, Chart, ComparisonPart, Scenario, Workshop};
    let lang = state.lang;
    let materiality = &state.workspace.settings.materiality;
    let draw = |outcome: &Outcome| -> Vec<Chart> {
        figures::jobs(&outcome.kind)
            .into_iter()
            .map(|job| {
                let figure = figures::draw(job, outcome, lang, Theme::Light, materiality);
                Chart {
                    title: figure.title,
                    svg: figure.svg,
                }
            })
            .collect()
    };
    let comparison = state
        .comparison
        .as_ref()
        .filter(|o| o.snapshot.finished && o.snapshot.prefix > 0);
    let ids: Vec<String> = match comparison {
        Some(o) => o
            .kind
            .scenario_ids()
            .into_iter()
            .map(str::to_string)
            .collect(),
        None => state.workspace.selected.iter().cloned().collect(),
    };
    let mut stale = comparison.is_some_and(|o| state.is_stale(o));
    let scenarios: Vec<Scenario> = ids
        .iter()
        .filter_map(|id| state.workspace.get(id))
        .map(|doc| {
            let value: serde_json::Value = serde_json::from_str(&doc.json).unwrap_or_default();
            let outcome = state
                .results
                .get(&doc.id)
                .filter(|o| o.snapshot.finished && o.snapshot.prefix > 0);
            stale |= outcome.is_some_and(|o| state.is_stale(o));
            let report = outcome
                .and_then(|o| o.snapshot.reports.first())
                .map(|r| &**r);
            Scenario {
                name: doc.name(lang),
                notes: Notes::read(&value, lang),
                layout: OrgLayout::of(&value, lang, report),
                report,
                charts: outcome.map(&draw).unwrap_or_default(),
            }
        })
        .collect();
    let comparison_part = comparison.map(|o| ComparisonPart {
        names: o.snapshot.labels.clone(),
        reports: o.snapshot.reports.iter().map(|r| &**r).collect(),
        comparisons: o.snapshot.comparisons.iter().map(Option::as_ref).collect(),
        charts: draw(o),
    });
    let names: Vec<String> = scenarios.iter().map(|s| s.name.clone()).collect();
    let title = format!(
        "{} — {}",
        lang.text(Text::WorkshopReport),
        names.join(" · ")
    );
    let made = js_sys::Date::new_0().to_iso_string();
    let made: String = String::from(made)
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ");
    let page = workshop::html(
        &Workshop {
            title,
            made: format!("{made} UTC"),
            seed: state.workspace.settings.seed,
            scenarios,
            comparison: comparison_part,
            materiality,
            stale,
        },
        lang,
    );
    (names.first().cloned().unwrap_or_default(), page)
}

#[derive(Properties, PartialEq)]
struct ChartsProps {
    lang: Lang,
    theme: Theme,
    outcome: Outcome,
    /// The results no longer match the scenario (see [`StaleNotice`]).
    stale: bool,
    /// The user's materiality thresholds (the difference charts' verdicts).
    materiality: BTreeMap<String, f64>,
}

/// The charts of a finished run. While a run is going only the KPI cards
/// refine. When it finishes, each chart is drawn in its own browser task
/// (a zero-delay timeout per chart), so no single main-thread task draws
/// them all.
#[function_component]
fn Charts(props: &ChartsProps) -> Html {
    if !props.outcome.snapshot.finished {
        return html! { <p class="hint" data-testid="charts-pending">{ props.lang.text(Text::ChartsWhenFinished) }</p> };
    }
    html! {
        <div class="figures">
            { for figures::jobs(&props.outcome.kind).into_iter().map(|job| html! {
                <LazyFigure job={job} outcome={props.outcome.clone()} lang={props.lang} theme={props.theme} stale={props.stale} materiality={props.materiality.clone()} />
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct LazyFigureProps {
    job: ChartJob,
    outcome: Outcome,
    lang: Lang,
    theme: Theme,
    stale: bool,
    materiality: BTreeMap<String, f64>,
}

/// One chart, drawn in a task of its own after the component appears, and
/// again when the run, language or theme changes.
#[function_component]
fn LazyFigure(props: &LazyFigureProps) -> Html {
    let figure = use_state(|| None::<Figure>);
    {
        let figure = figure.clone();
        let outcome = props.outcome.clone();
        let job = props.job;
        let snapshot = (outcome.snapshot.job, outcome.snapshot.prefix);
        // Only a difference chart depends on a materiality threshold, and
        // only on its own KPI's: a changed threshold redraws that chart,
        // not every chart of the view.
        let threshold = match job {
            ChartJob::Difference(kpi) => Some(report::verdict::threshold(kpi, &props.materiality)),
            _ => None,
        };
        let materiality = props.materiality.clone();
        use_effect_with(
            (job, snapshot, props.lang, props.theme, threshold),
            move |(job, _, lang, theme, _)| {
                let (job, lang, theme) = (*job, *lang, *theme);
                // gloo's `Timeout` clears itself when dropped: a chart
                // whose inputs change before it is drawn is drawn once.
                let draw = Timeout::new(0, move || {
                    figure.set(Some(figures::draw(
                        job,
                        &outcome,
                        lang,
                        theme,
                        &materiality,
                    )))
                });
                move || drop(draw)
            },
        );
    }
    match (*figure).clone() {
        Some(figure) => {
            html! { <FigureView lang={props.lang} figure={figure} stale={props.stale} /> }
        }
        None => html! { <figure class="chart chart-pending" aria-busy="true"></figure> },
    }
}

/// Two to four scenarios on common random numbers, with paired differences.
#[function_component]
fn CompareView(props: &ViewProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let state = &state;
    let lang = state.lang;
    let picked = state.workspace.compare.clone();
    let toggle = |id: String| {
        let dispatcher = state.dispatcher();
        let picked = picked.clone();
        Callback::from(move |_: Event| {
            let mut next = picked.clone();
            if let Some(i) = next.iter().position(|p| p == &id) {
                next.remove(i);
            } else if next.len() < 4 {
                next.push(id.clone());
            }
            dispatcher.dispatch(Action::SetCompare(next));
        })
    };
    let kind = (2..=4)
        .contains(&picked.len())
        .then(|| JobKind::Compare(picked.clone()));
    let outcome = state.comparison.clone();
    // Out of date also when the picked scenarios are no longer the ones shown.
    let stale = outcome
        .as_ref()
        .is_some_and(|o| state.is_stale(o) || kind.as_ref() != Some(&o.kind));
    html! {
        <div data-testid="compare-view">
            <fieldset class="compare-picker">
                <legend>{ lang.text(Text::ComparePick) }</legend>
                { for state.workspace.scenarios.iter().map(|doc| {
                    let position = picked.iter().position(|p| p == &doc.id);
                    html! {
                        <label class="checkbox">
                            <input type="checkbox" data-testid={format!("compare-pick-{}", doc.id)} checked={position.is_some()}
                                disabled={position.is_none() && picked.len() >= 4} onchange={toggle(doc.id.clone())} />
                            { doc.name(lang) }
                            if position == Some(0) { <span class="badge badge-pending">{ lang.text(Text::Baseline) }</span> }
                        </label>
                    }
                }) }
            </fieldset>
            <RunBar actions={props.actions.clone()} kind={kind} label={Text::RunCompare} testid="compare-run" snapshot={outcome.as_ref().map(|o| o.snapshot.clone())} />
            if let Some(outcome) = outcome.filter(|o| o.snapshot.prefix > 0) {
                <StaleNotice lang={lang} {stale} />
                <div class={classes!("results-body", stale.then_some("stale"))}>
                <ComparisonTable lang={lang} snapshot={outcome.snapshot.clone()} materiality={state.workspace.settings.materiality.clone()} />
                <MaterialityForm />
                if outcome.snapshot.finished { <div class="button-row"><ExportReport /></div> }
                <Charts lang={lang} theme={state.theme} outcome={outcome.clone()} {stale} materiality={state.workspace.settings.materiality.clone()} />
                </div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct TableProps {
    lang: Lang,
    snapshot: Rc<Snapshot>,
    materiality: BTreeMap<String, f64>,
}

/// A paired difference as text and its verdict: better or worse only when
/// its 95 % interval excludes zero and it reaches the KPI's materiality
/// threshold (see `report::verdict`).
fn verdict(
    key: Kpi,
    comparison: &Comparison,
    lang: Lang,
    materiality: &BTreeMap<String, f64>,
) -> (String, Verdict) {
    let Some(d) = comparison.differences.iter().find(|d| d.kpi == key) else {
        return ("—".into(), Verdict::NotApplicable);
    };
    let verdict = d.verdict(report::verdict::threshold(key, materiality));
    if verdict == Verdict::NotApplicable {
        return ("—".into(), verdict);
    }
    (display::signed_difference(d, lang), verdict)
}

#[function_component]
fn ComparisonTable(props: &TableProps) -> Html {
    let lang = props.lang;
    let s = &props.snapshot;
    let verdict_text = |verdict: Verdict| lang.text(verdict.words());
    html! {
        <div class="table-wrap">
        <table class="compare-table" data-testid="compare-table">
            <caption>{ format!("{} · {} {}", lang.text(Text::PairedNote), s.prefix, lang.text(Text::ReplicationsDone)) }</caption>
            <thead><tr>
                <th scope="col">{ lang.text(Text::Kpi) }</th>
                { for s.labels.iter().enumerate().map(|(i, label)| html! {
                    <th scope="col">{ label.clone() }{ if i == 0 { format!(" ({})", lang.text(Text::Baseline)) } else { String::new() } }</th>
                }) }
            </tr></thead>
            <tbody>
            { for CARD_KPIS.iter().map(|&key| html! {
                <tr data-testid={format!("compare-row-{key}")}>
                    <th scope="row">{ kpi_label(key, lang) }</th>
                    { for s.reports.iter().enumerate().map(|(i, report)| {
                        let summary = report.kpi(key).cloned().unwrap_or_default();
                        let value = format!("{} {}", kpi_value(key, summary.mean, lang), summary.ci95.map(|h| kpi_half_width(key, summary.mean, h, lang)).unwrap_or_default());
                        match s.comparisons.get(i).and_then(|c| c.as_ref()) {
                            Some(comparison) => {
                                let (diff, verdict) = verdict(key, comparison, lang, &props.materiality);
                                let class = verdict.key();
                                html! { <td>{ value }<div class={classes!("diff", class)} data-verdict={class}>{ format!("Δ {diff} · {}", verdict_text(verdict)) }</div></td> }
                            }
                            None => html! { <td>{ value }</td> },
                        }
                    }) }
                </tr>
            }) }
            // Payback: each candidate's transition cost over its monthly
            // gross-profit gain on the baseline (none for the baseline).
            <tr data-testid="compare-row-payback">
                <th scope="row">{ lang.text(Text::PaybackRow) }</th>
                { for s.reports.iter().enumerate().map(|(i, _)| {
                    match s.comparisons.get(i).and_then(|c| c.as_ref()) {
                        Some(comparison) => html! { <td data-testid="payback">{ display::payback(&comparison.payback, lang) }</td> },
                        None => html! { <td>{ "—" }</td> },
                    }
                }) }
            </tr>
            </tbody>
        </table>
        </div>
    }
}

/// The materiality thresholds of the headline KPIs, editable: a difference
/// smaller than its threshold is "no material difference" however narrow
/// its interval. Emptying a field goes back to the default.
#[function_component]
fn MaterialityForm() -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let lang = state.lang;
    let overrides = &state.workspace.settings.materiality;
    html! {
        <details class="materiality" data-testid="materiality">
            <summary>{ lang.text(Text::MaterialityTitle) }</summary>
            <p class="hint">{ lang.text(Text::MaterialityHint) }</p>
            <div class="materiality-grid">
            { for CARD_KPIS.iter().map(|&kpi| {
                let rule = report::verdict::threshold(kpi, overrides);
                let unit = match (rule, kpi.unit()) {
                    (Threshold::Relative(_), _) => lang.text(Text::MaterialityPercentOfBaseline),
                    (Threshold::Absolute(_), crate::report::KpiUnit::Share) => lang.text(Text::MaterialityPoints),
                    (Threshold::Absolute(_), _) => lang.text(Text::MaterialityUnits),
                };
                let onchange = {
                    let dispatcher = state.dispatcher();
                    Callback::from(move |e: Event| {
                        let input: HtmlInputElement = e.target_unchecked_into();
                        let value = input.value().trim().parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0);
                        dispatcher.dispatch(Action::SetMateriality(kpi, value));
                    })
                };
                html! {
                    <label class="field compact">
                        <span>{ kpi_label(kpi, lang) }</span>
                        <span class="input-with-unit">
                            <input type="number" min="0" step="any" data-testid="materiality-input" data-kpi={kpi.key()}
                                value={display::number(rule.shown(kpi), 2).replace(',', "")} {onchange} />
                            <span class="unit">{ unit }</span>
                        </span>
                    </label>
                }
            }) }
            </div>
        </details>
    }
}

/// "Dealer sales · Headcount": whose number and which.
fn parameter_label(parameter: &sweep::Parameter, lang: Lang) -> String {
    format!("{} · {}", parameter.owner, lang.text(parameter.field))
}

/// One parameter over a range, each KPI charted with its interval band.
#[function_component]
fn SweepView(props: &ViewProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let state = &state;
    let lang = state.lang;
    let doc = state.selected().cloned();
    let params = doc
        .as_ref()
        .map(|d| sweep::parameters(&d.json))
        .unwrap_or_default();
    let chosen = use_state(|| 0usize);
    let from = use_state(|| None::<f64>);
    let to = use_state(|| None::<f64>);
    let steps = use_state(|| 5u32);
    let param = params.get(*chosen).cloned();
    let (default_from, default_to) = param.as_ref().map_or((1.0, 2.0), sweep::default_range);
    let (lo, hi) = (from.unwrap_or(default_from), to.unwrap_or(default_to));
    let values = sweep::values(lo, hi, *steps, param.as_ref().is_some_and(|p| p.integer));
    let kind = doc
        .as_ref()
        .zip(param.as_ref())
        .filter(|_| *steps >= 2)
        .map(|(d, p)| {
            JobKind::Sweep(SweepSpec {
                scenario: d.id.clone(),
                path: p.pointer.clone(),
                label: parameter_label(p, lang),
                values: values.clone(),
            })
        });
    let number_setter = |handle: UseStateHandle<Option<f64>>| {
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            handle.set(
                input
                    .value()
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite()),
            );
        })
    };
    let on_param = {
        let chosen = chosen.clone();
        let (from, to) = (from.clone(), to.clone());
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            chosen.set(select.value().parse().unwrap_or(0));
            from.set(None);
            to.set(None);
        })
    };
    let on_steps = {
        let steps = steps.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            steps.set(input.value().parse::<u32>().unwrap_or(5).clamp(2, 12));
        })
    };
    let outcome = state.sweep.clone();
    let stale = outcome
        .as_ref()
        .is_some_and(|o| state.is_stale(o) || kind.as_ref() != Some(&o.kind));
    let from_field = use_model_value(lo.to_string());
    let to_field = use_model_value(hi.to_string());
    let steps_field = use_model_value(steps.to_string());
    html! {
        <div data-testid="sweep-view">
            <div class="sweep-form">
                <label class="field">
                    <span>{ lang.text(Text::SweepParameter) }</span>
                    <select data-testid="sweep-parameter" onchange={on_param}>
                        { for params.iter().enumerate().map(|(i, p)| html! { <option value={i.to_string()} selected={i == *chosen}>{ parameter_label(p, lang) }</option> }) }
                    </select>
                </label>
                <label class="field compact"><span>{ lang.text(Text::From) }</span>
                    <input type="number" step="any" data-testid="sweep-from" ref={from_field.node}
                        oninput={from_field.oninput} onblur={from_field.onblur} onchange={number_setter(from.clone())} /></label>
                <label class="field compact"><span>{ lang.text(Text::To) }</span>
                    <input type="number" step="any" data-testid="sweep-to" ref={to_field.node}
                        oninput={to_field.oninput} onblur={to_field.onblur} onchange={number_setter(to.clone())} /></label>
                <label class="field compact"><span>{ lang.text(Text::Steps) }</span>
                    <input type="number" min="2" max="12" data-testid="sweep-steps" ref={steps_field.node}
                        oninput={steps_field.oninput} onblur={steps_field.onblur} onchange={on_steps} /></label>
            </div>
            <RunBar actions={props.actions.clone()} kind={kind} label={Text::RunSweep} testid="sweep-run" snapshot={outcome.as_ref().map(|o| o.snapshot.clone())} />
            if let Some(outcome) = outcome.filter(|o| o.snapshot.prefix > 0) {
                <StaleNotice lang={lang} {stale} />
                <div class={classes!("results-body", stale.then_some("stale"))}>
                <SweepTable lang={lang} outcome={outcome.clone()} />
                <Charts lang={lang} theme={state.theme} outcome={outcome.clone()} {stale} materiality={state.workspace.settings.materiality.clone()} />
                </div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SweepTableProps {
    lang: Lang,
    outcome: Outcome,
}

#[function_component]
fn SweepTable(props: &SweepTableProps) -> Html {
    let lang = props.lang;
    let s = &props.outcome.snapshot;
    let JobKind::Sweep(spec) = &props.outcome.kind else {
        return html! {};
    };
    html! {
        <div class="table-wrap">
        <table class="compare-table" data-testid="sweep-table">
            <caption>{ format!("{} · {} {}", spec.label, s.prefix, lang.text(Text::ReplicationsDone)) }</caption>
            <thead><tr>
                <th scope="col">{ spec.label.clone() }</th>
                { for CARD_KPIS.iter().map(|&key| html! { <th scope="col">{ kpi_label(key, lang) }</th> }) }
            </tr></thead>
            <tbody>
            { for s.reports.iter().zip(&spec.values).map(|(report, x)| html! {
                <tr>
                    <th scope="row">{ display::number(*x, 2) }</th>
                    { for CARD_KPIS.iter().map(|&key| {
                        let summary = report.kpi(key).cloned().unwrap_or_default();
                        html! { <td>{ kpi_value(key, summary.mean, lang) }<div class="kpi-ci">{ summary.ci95.map(|h| kpi_half_width(key, summary.mean, h, lang)).unwrap_or_default() }</div></td> }
                    }) }
                </tr>
            }) }
            </tbody>
        </table>
        </div>
    }
}
