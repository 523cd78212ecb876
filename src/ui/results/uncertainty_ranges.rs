//! The scenario's stated input ranges (its `uncertainty` list), listed and
//! edited in the Sensitivity view's "Uncertain inputs" mode: a workshop
//! states a range where it is unsure — an input picked from the
//! scenario's numbers, min / most likely / max, and where the range comes
//! from — without editing the file. Adding and removing are document
//! edits (`document::edits`), undoable like any form change; the range is
//! checked here in words before it is added, and against the scenario
//! (each end valid) when the run is planned.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::display;
use crate::document::edits;
use crate::i18n::{Lang, Text};
use crate::scenario::format::UncertainInput;
use crate::ui::forms::fields::edit_scenario;
use crate::ui::state::use_store;

#[derive(Properties, PartialEq)]
pub struct RangesProps {
    pub lang: Lang,
    /// The scenario whose ranges these are.
    pub doc_id: AttrValue,
    pub ranges: Rc<Vec<UncertainInput>>,
    /// Every number a range may name, with the scenario's value.
    pub candidates: Rc<Vec<(String, f64)>>,
}

/// The ranges (each removable), or how to state one, and the form that
/// adds one.
#[function_component]
pub fn RangesEditor(props: &RangesProps) -> Html {
    let lang = props.lang;
    let Some(state) = use_store() else {
        return Html::default();
    };
    let remove = |index: usize| {
        let state = state.clone();
        let doc_id = props.doc_id.to_string();
        Callback::from(move |_: MouseEvent| {
            edit_scenario(&state, &doc_id, move |value| {
                edits::remove_uncertain_input(value, index)
            });
        })
    };
    html! {
        <>
            if props.ranges.is_empty() {
                <p class="hint" data-testid="uncertainty-none">{ lang.text(Text::UncertaintyNone) }</p>
            } else {
                <table class="compare-table" data-testid="uncertainty-ranges">
                    <caption>{ lang.text(Text::UncertaintyRanges) }</caption>
                    <thead><tr>
                        <th scope="col">{ lang.text(Text::SensitivityInput) }</th>
                        <th scope="col">{ lang.text(Text::UncertaintyMinModeMax) }</th>
                        <th scope="col">{ lang.text(Text::UncertaintySource) }</th>
                        <th scope="col"><span class="visually-hidden">{ lang.text(Text::Remove) }</span></th>
                    </tr></thead>
                    <tbody>
                        { for props.ranges.iter().enumerate().map(|(i, r)| html! {
                            <tr data-testid="uncertainty-range" data-input={r.input.clone()}>
                                <th scope="row" class="paths">{ r.input.clone() }</th>
                                <td class="num">{ format!("{} / {} / {}", display::input_value(r.min, 4), display::input_value(r.most_likely, 4), display::input_value(r.max, 4)) }</td>
                                <td>{ r.source.clone().unwrap_or_default() }</td>
                                <td>
                                    <button type="button" class="tool-button small" data-testid="uncertainty-remove"
                                        aria-label={format!("{} {}", lang.text(Text::Remove), r.input)} onclick={remove(i)}>
                                        { lang.text(Text::Remove) }
                                    </button>
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            <AddRange lang={lang} doc_id={props.doc_id.clone()} candidates={props.candidates.clone()} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct AddProps {
    lang: Lang,
    doc_id: AttrValue,
    candidates: Rc<Vec<(String, f64)>>,
}

/// The typed values of the add form (text, so a half-typed number stays
/// as typed).
#[derive(Clone, Default, PartialEq)]
struct Draft {
    input: String,
    min: String,
    most_likely: String,
    max: String,
    source: String,
}

/// Why a typed range cannot be added, if it cannot.
fn check(draft: &Draft, candidates: &[(String, f64)], lang: Lang) -> Result<[f64; 3], String> {
    let input = draft.input.trim();
    if !candidates.iter().any(|(p, _)| p == input) {
        return Err(format!("{} “{input}”", lang.text(Text::SensitivityNoInput)));
    }
    let number = |text: &str| text.trim().parse::<f64>().ok().filter(|x| x.is_finite());
    match (
        number(&draft.min),
        number(&draft.most_likely),
        number(&draft.max),
    ) {
        (Some(min), Some(mode), Some(max)) if min <= mode && mode <= max && min < max => {
            Ok([min, mode, max])
        }
        _ => Err(lang.text(Text::UncertaintyBadRange).to_string()),
    }
}

/// One new range: the input (typed with suggestions), its three values
/// (filled from the scenario's value ± 20 % when an input is picked) and
/// the source.
#[function_component]
fn AddRange(props: &AddProps) -> Html {
    let lang = props.lang;
    let draft = use_state(Draft::default);
    let problem = use_state(|| None::<String>);
    let Some(state) = use_store() else {
        return Html::default();
    };
    let field = |set: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = (*draft).clone();
            set(&mut next, input.value());
            draft.set(next);
        })
    };
    let on_input = {
        let draft = draft.clone();
        let candidates = props.candidates.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let path = input.value().trim().to_string();
            let mut next = Draft {
                input: path.clone(),
                ..(*draft).clone()
            };
            // A picked input starts at its value ± 20 %, to adjust.
            if let Some((_, x)) = candidates.iter().find(|(p, _)| *p == path) {
                let (lo, hi) = if *x < 0.0 {
                    (1.2 * x, 0.8 * x)
                } else {
                    (0.8 * x, 1.2 * x)
                };
                let (lo, hi) = if lo == hi {
                    (x - 1.0, x + 1.0)
                } else {
                    (lo, hi)
                };
                next.min = display::input_value(lo, 4);
                next.most_likely = display::input_value(*x, 4);
                next.max = display::input_value(hi, 4);
            }
            draft.set(next);
        })
    };
    let on_add = {
        let draft = draft.clone();
        let problem = problem.clone();
        let candidates = props.candidates.clone();
        let doc_id = props.doc_id.to_string();
        Callback::from(
            move |_: MouseEvent| match check(&draft, &candidates, lang) {
                Ok(values) => {
                    let input = draft.input.trim().to_string();
                    let source = draft.source.clone();
                    edit_scenario(&state, &doc_id, move |value| {
                        edits::add_uncertain_input(value, &input, values, &source)
                    });
                    problem.set(None);
                    draft.set(Draft::default());
                }
                Err(reason) => problem.set(Some(reason)),
            },
        )
    };
    let number = |label: Text, value: &str, testid: &'static str, set: fn(&mut Draft, String)| {
        html! {
            <label class="field compact">
                <span>{ lang.text(label) }</span>
                <input type="number" step="any" data-testid={testid} value={value.to_string()} onchange={field(set)} />
            </label>
        }
    };
    html! {
        <fieldset class="add-range" data-testid="uncertainty-add">
            <legend>{ lang.text(Text::UncertaintyAdd) }</legend>
            <div class="run-settings">
                <label class="field compact wide">
                    <span>{ lang.text(Text::SensitivityInput) }</span>
                    <input type="text" list="uncertainty-candidates" data-testid="uncertainty-input"
                        placeholder="units[dealer_sales].headcount" value={draft.input.clone()} onchange={on_input} />
                    <datalist id="uncertainty-candidates">
                        { for props.candidates.iter().map(|(p, _)| html! { <option value={p.clone()} /> }) }
                    </datalist>
                </label>
                { number(Text::UncertaintyMin, &draft.min, "uncertainty-min", |d, v| d.min = v) }
                { number(Text::UncertaintyMostLikely, &draft.most_likely, "uncertainty-most-likely", |d, v| d.most_likely = v) }
                { number(Text::UncertaintyMax, &draft.max, "uncertainty-max", |d, v| d.max = v) }
                <label class="field compact">
                    <span>{ lang.text(Text::UncertaintySource) }</span>
                    <input type="text" data-testid="uncertainty-source" placeholder={lang.text(Text::UncertaintyJudgement)}
                        value={draft.source.clone()} onchange={field(|d, v| d.source = v)} />
                </label>
            </div>
            if let Some(reason) = (*problem).clone() {
                <p class="field-error" role="alert" data-testid="uncertainty-add-error">{ reason }</p>
            }
            <button type="button" class="tool-button" data-testid="uncertainty-add-button" onclick={on_add}>{ lang.text(Text::UncertaintyAddButton) }</button>
        </fieldset>
    }
}
