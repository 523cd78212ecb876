//! What the analysis views share: Explain and Sensitivity both run one job
//! whose variants are related scenarios on the same seeds, keep the
//! finished replications, and read any KPI from them without running
//! again; every view picks a KPI ([`KpiSelect`]) or a library scenario
//! ([`ScenarioSelect`]) the same way.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::analysis::crn::Estimate;
use crate::display;
use crate::i18n::Lang;
use crate::report::{Difference, Kpi};
use crate::ui::state::{Outcome, use_store};

/// `values[v][r]`: `kpi` of variant `v` in replication `r`, from a
/// finished run's kept results.
pub fn kpi_values(outcome: &Outcome, kpi: Kpi) -> Vec<Vec<f64>> {
    outcome
        .snapshot
        .results
        .iter()
        .map(|variant| variant.iter().map(|r| kpi.read(&r.kpis)).collect())
        .collect()
}

/// An estimated difference with its sign and interval, in the KPI's unit
/// ("—" where there is none), as the comparison table writes one.
pub fn signed_estimate(kpi: Kpi, estimate: Option<Estimate>, lang: Lang) -> String {
    match estimate {
        Some(e) => display::signed_difference(
            &Difference {
                kpi,
                mean: e.mean,
                ci95: e.ci95,
                significant: false,
                baseline_mean: 0.0,
            },
            lang,
        ),
        None => "—".into(),
    }
}

#[derive(Properties, PartialEq)]
pub struct KpiSelectProps {
    pub lang: Lang,
    pub value: Kpi,
    pub testid: &'static str,
    pub onchange: Callback<Kpi>,
}

/// A choice of any KPI of the registry.
#[function_component]
pub fn KpiSelect(props: &KpiSelectProps) -> Html {
    let onchange = {
        let onchange = props.onchange.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(kpi) = Kpi::parse(&select.value()) {
                onchange.emit(kpi);
            }
        })
    };
    html! {
        <select data-testid={props.testid} {onchange}>
            { for Kpi::ALL.iter().map(|k| html! {
                <option value={k.key()} selected={*k == props.value}>{ k.label(props.lang) }</option>
            }) }
        </select>
    }
}

#[derive(Properties, PartialEq)]
pub struct ScenarioSelectProps {
    /// The chosen scenario's id.
    pub value: AttrValue,
    pub testid: &'static str,
    pub onchange: Callback<String>,
    /// A first choice that is not a library scenario (value "", this
    /// label), such as the Fit view's template.
    #[prop_or_default]
    pub none_label: Option<AttrValue>,
}

/// A choice of any scenario of the library, named in the reader's language.
#[function_component]
pub fn ScenarioSelect(props: &ScenarioSelectProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let lang = state.lang;
    let onchange = {
        let onchange = props.onchange.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            onchange.emit(select.value());
        })
    };
    html! {
        <select data-testid={props.testid} {onchange}>
            if let Some(label) = &props.none_label {
                <option value="" selected={props.value.is_empty()}>{ label.clone() }</option>
            }
            { for state.workspace.scenarios.iter().map(|d| html! {
                <option value={d.id.clone()} selected={*d.id == *props.value}>{ d.name(lang) }</option>
            }) }
        </select>
    }
}
