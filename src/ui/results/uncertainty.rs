//! The Sensitivity view's second question: how sure is a KPI, given that
//! some inputs are guesses? The scenario states ranges (its `uncertainty`
//! list); Run makes the plan (`analysis::uncertainty::Plan`: the ranges
//! checked against the scenario) and runs the scenario at its most likely
//! values and, on the same seeds, with each replication's own draws (the
//! workers draw), as one job with progress and Cancel. The result: the
//! KPI's band from chance alone, from the ranges alone and from both, and
//! which range drives the spread.

use std::rc::Rc;

use yew::prelude::*;

use crate::analysis::uncertainty::{Spread, Uncertainty};
use crate::display;
use crate::i18n::{Lang, Text};
use crate::report::Kpi;
use crate::ui::results::analysis_kit::{kpi_values, signed_estimate};
use crate::ui::state::{JobKind, Outcome, UncertaintySpec};

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub lang: Lang,
    pub outcome: Outcome,
    pub kpi: Kpi,
}

/// The three bands and the inputs' rank correlations of a finished run.
#[function_component]
pub fn UncertaintyResults(props: &ResultsProps) -> Html {
    let lang = props.lang;
    let kpi = props.kpi;
    // Recomputed only when the run or the KPI changes; the hook runs on
    // every render, before any early return (Yew's rule of hooks).
    let result = {
        let outcome = props.outcome.clone();
        use_memo(
            (
                props.outcome.snapshot.job,
                props.outcome.snapshot.prefix,
                kpi,
            ),
            move |(_, _, kpi)| {
                let JobKind::Uncertainty(UncertaintySpec {
                    plan: Some(plan), ..
                }) = &outcome.kind
                else {
                    return None;
                };
                let values = kpi_values(&outcome, *kpi);
                let (base, drawn) = (values.first()?, values.get(1)?);
                Some(plan.uncertainty(*kpi, base, drawn))
            },
        )
    };
    let Some(result) = result.as_ref() else {
        return Html::default();
    };
    let caption = format!(
        "{} · {} {}",
        kpi.label(lang),
        result.replications,
        lang.text(Text::UncertaintyReplications)
    );
    let value = |x: f64| display::kpi_value(kpi, x, lang);
    let row = |key: &'static str, label: Text, s: Spread| {
        html! {
            <tr data-testid="uncertainty-row" data-part={key}
                data-low={s.p2_5.to_string()} data-mean={s.mean.mean.to_string()} data-high={s.p97_5.to_string()}>
                <th scope="row">{ lang.text(label) }</th>
                <td class="num">{ value(s.mean.mean) }</td>
                <td class="num">{ format!("{} – {}", value(s.p2_5), value(s.p97_5)) }</td>
                <td class="num">{ value(s.sd) }</td>
            </tr>
        }
    };
    html! {
        <>
            <table class="compare-table" data-testid="uncertainty-table">
                <caption>{ caption }</caption>
                <thead><tr>
                    <th scope="col">{ lang.text(Text::UncertaintyFrom) }</th>
                    <th scope="col">{ lang.text(Text::UncertaintyMean) }</th>
                    <th scope="col">{ lang.text(Text::UncertaintyBand) }</th>
                    <th scope="col">{ lang.text(Text::UncertaintySd) }</th>
                </tr></thead>
                <tbody>
                    { row("randomness", Text::UncertaintyRandomness, result.randomness) }
                    { row("input_uncertainty", Text::UncertaintyInputs, result.inputs_only) }
                    { row("combined", Text::UncertaintyBoth, result.combined) }
                </tbody>
            </table>
            <p class="hint" data-testid="uncertainty-shift">
                { format!("{}: {}", lang.text(Text::UncertaintyShift), signed_estimate(kpi, Some(result.shift), lang)) }
            </p>
            <Drivers lang={lang} result={Rc::new(result.clone())} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct DriversProps {
    lang: Lang,
    result: Rc<Uncertainty>,
}

/// Each range and how its draws move with the KPI, strongest first.
#[function_component]
fn Drivers(props: &DriversProps) -> Html {
    let lang = props.lang;
    let mut inputs: Vec<_> = props.result.inputs.iter().collect();
    inputs.sort_by(|a, b| {
        b.rank_correlation
            .abs()
            .total_cmp(&a.rank_correlation.abs())
    });
    html! {
        <table class="compare-table" data-testid="uncertainty-drivers">
            <caption>{ lang.text(Text::UncertaintyDrivers) }</caption>
            <thead><tr>
                <th scope="col">{ lang.text(Text::SensitivityInput) }</th>
                <th scope="col">{ lang.text(Text::UncertaintyMinModeMax) }</th>
                <th scope="col">{ lang.text(Text::UncertaintyCorrelation) }</th>
            </tr></thead>
            <tbody>
                { for inputs.iter().map(|e| html! {
                    <tr data-testid="uncertainty-driver" data-path={e.input.path.clone()} data-correlation={e.rank_correlation.to_string()}>
                        <th scope="row" class="paths">{ e.input.path.clone() }</th>
                        <td class="num">{ format!("{} / {} / {}", display::input_value(e.input.min, 4), display::input_value(e.input.most_likely, 4), display::input_value(e.input.max, 4)) }</td>
                        <td class="num">{ display::number(e.rank_correlation, 2) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
