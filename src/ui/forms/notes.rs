//! "Description and assumptions": the scenario's description and the list
//! of assumptions behind its parameters (each with its source). A workshop
//! writes down why a number is what it is next to the number's scenario, so
//! the file carries its own evidence.
//!
//! [`NotesForm`] edits them in both languages in the editor (every change
//! through [`crate::document::edits`] as one undoable edit); [`NotesView`] shows them
//! in the interface language under the results, where a presentation needs
//! them.

use std::rc::Rc;

use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::document::edits;
use crate::document::notes::Notes;
use crate::i18n::{Lang, Text};
use crate::ui::forms::fields::{FieldErrors, ScenarioFormProps, click_edit, edit_scenario};
use crate::ui::state::{Store, use_store};
use crate::ui::widgets::typing::{ModelValue, use_model_value};

/// The schema's longest description or assumption text (characters).
const MAX_TEXT: &str = "2000";
/// The schema's longest source (characters).
const MAX_SOURCE: &str = "500";

fn text_at<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

/// A callback that applies `change` with the committed text as one edit.
fn text_edit(
    state: &Store,
    doc_id: &str,
    change: impl Fn(&mut Value, &str) -> bool + 'static,
) -> Callback<String> {
    let state = state.clone();
    let doc_id = doc_id.to_string();
    let change = Rc::new(change);
    Callback::from(move |text: String| {
        let change = change.clone();
        edit_scenario(&state, &doc_id, move |v| change(v, &text))
    })
}

#[function_component]
pub fn NotesForm(props: &ScenarioFormProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let lang = state.lang;
    let value = &props.value;
    let assumptions = value
        .get("assumptions")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let description_area = |language: &'static str, label: Text| {
        let on_text = text_edit(&state, &props.doc_id, move |v, text| {
            edits::set_description(v, language, text)
        });
        html! {
            <label class="notes-field">
                <span>{ lang.text(label) }</span>
                <NotesText value={text_at(value, &format!("/description/{language}")).to_string()}
                    testid={format!("description-{language}")} multiline=true {on_text} />
            </label>
        }
    };
    let on_add = click_edit(&state, &props.doc_id, |v| {
        edits::add_assumption(v).is_some()
    });
    let full = assumptions >= edits::MAX_ASSUMPTIONS;
    let row = |index: usize| {
        let field = |key: &'static str, label: Text| {
            let on_text = text_edit(&state, &props.doc_id, move |v, text| {
                edits::set_assumption(v, index, key, text)
            });
            let current = text_at(value, &format!("/assumptions/{index}/{key}")).to_string();
            let testid = format!("assumption-{index}-{key}");
            let aria = format!(
                "{} {} · {}",
                lang.text(Text::Assumption),
                index + 1,
                lang.text(label)
            );
            html! {
                <label class={classes!("notes-field", (key == "source").then_some("notes-source"))}>
                    <span aria-hidden="true">{ lang.text(label) }</span>
                    <NotesText value={current} {testid} label={aria} multiline={key != "source"} {on_text} />
                </label>
            }
        };
        let on_remove = click_edit(&state, &props.doc_id, move |v| {
            edits::remove_assumption(v, index)
        });
        html! {
            <li key={index} class="assumption" data-testid={format!("assumption-{index}")}>
              <div class="assumption-body">
                { field("en", Text::InEnglish) }
                { field("zh", Text::InChinese) }
                { covers_line(&covers_of(value, index), index, lang) }
                <div class="assumption-foot">
                    { field("source", Text::AssumptionSource) }
                    <button type="button" class="small" data-testid={format!("assumption-{index}-remove")}
                        aria-label={format!("{} · {} {}", lang.text(Text::Remove), lang.text(Text::Assumption), index + 1)}
                        onclick={on_remove}>{ lang.text(Text::Remove) }</button>
                </div>
              </div>
            </li>
        }
    };
    html! {
        <details class="notes-form" data-testid="notes-form">
            <summary>{ format!("{} ({assumptions})", lang.text(Text::DescriptionAndAssumptions)) }</summary>
            <p class="hint">{ lang.text(Text::NotesHint) }</p>
            <div class="notes-description">
                { description_area("en", Text::DescriptionEnglish) }
                { description_area("zh", Text::DescriptionChinese) }
            </div>
            <FieldErrors path="description" errors={props.errors.clone()} lang={lang} />
            <h4>{ lang.text(Text::AssumptionsTitle) }</h4>
            if assumptions > 0 {
                <ol class="assumptions" data-testid="assumptions-list">{ for (0..assumptions).map(row) }</ol>
            }
            <FieldErrors path="assumptions" errors={props.errors.clone()} lang={lang} />
            <button type="button" data-testid="assumption-add" onclick={on_add} disabled={full}
                title={full.then(|| lang.text(Text::AssumptionsFull))}>
                { lang.text(Text::AddAssumption) }
            </button>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct NotesTextProps {
    value: String,
    testid: String,
    /// The accessible name when no surrounding label gives one.
    #[prop_or_default]
    label: Option<String>,
    /// A text area (descriptions, assumptions) or a one-line input (sources).
    #[prop_or_default]
    multiline: bool,
    on_text: Callback<String>,
}

/// A text committed when it loses focus (one undo step per change, not
/// per key), trimmed.
#[function_component]
fn NotesText(props: &NotesTextProps) -> Html {
    let onchange = {
        let on_text = props.on_text.clone();
        Callback::from(move |event: Event| {
            let text = match event.target_dyn_into::<HtmlTextAreaElement>() {
                Some(area) => area.value(),
                None => event.target_unchecked_into::<HtmlInputElement>().value(),
            };
            on_text.emit(text.trim().to_string());
        })
    };
    let (testid, label) = (props.testid.clone(), props.label.clone());
    let ModelValue {
        node,
        oninput,
        onblur,
    } = use_model_value(props.value.to_string());
    if props.multiline {
        html! {
            <textarea rows="3" maxlength={MAX_TEXT} data-testid={testid} aria-label={label}
                ref={node} {oninput} {onblur} {onchange} />
        }
    } else {
        html! {
            <input type="text" maxlength={MAX_SOURCE} data-testid={testid} aria-label={label}
                ref={node} {oninput} {onblur} {onchange} />
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct NotesViewProps {
    pub lang: Lang,
    /// The scenario file's text.
    pub json: AttrValue,
    /// Shown unfolded (presentation mode).
    #[prop_or_default]
    pub open: bool,
}

/// The description and the assumptions, read-only, in the interface
/// language (the other language where the current one is empty).
#[function_component]
pub fn NotesView(props: &NotesViewProps) -> Html {
    let lang = props.lang;
    // Parsed once per text, not on every progress update of a run.
    let value = use_memo(props.json.clone(), |json| {
        serde_json::from_str::<Value>(json).unwrap_or_default()
    });
    let notes = Notes::read(&value, lang);
    if notes.is_empty() {
        return html! {};
    }
    html! {
        <details class="results-notes" data-testid="results-notes" open={props.open}>
            <summary>{ format!("{} ({})", lang.text(Text::DescriptionAndAssumptions), notes.assumptions.len()) }</summary>
            if !notes.description.is_empty() { <p>{ notes.description.clone() }</p> }
            if !notes.assumptions.is_empty() {
                <ol class="assumption-list">
                    { for notes.assumptions.iter().map(|a| html! {
                        <li>
                            { a.text.clone() }
                            if !a.source.is_empty() {
                                <span class="assumption-source">{ format!(" — {}: {}", lang.text(Text::AssumptionSource), a.source) }</span>
                            }
                            { covers_line(&a.covers, a.index, lang) }
                        </li>
                    }) }
                </ol>
            }
        </details>
    }
}

/// The field paths assumption `index` covers (what `orgflow diff` matches
/// differences against), shown as read-only text: renames keep them up to
/// date, and a workshop sees which inputs each assumption explains.
/// The scenario paths assumption `index` says it covers.
fn covers_of(value: &Value, index: usize) -> Vec<String> {
    value
        .pointer(&format!("/assumptions/{index}/covers"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

fn covers_line(covers: &[String], index: usize, lang: Lang) -> Html {
    if covers.is_empty() {
        return html! {};
    }
    html! {
        <p class="assumption-covers" data-testid={format!("assumption-{index}-covers")}>
            { match lang {
                Lang::Zh => format!("{}：{}", lang.text(Text::AssumptionCovers), covers.join("，")),
                Lang::En => format!("{}: {}", lang.text(Text::AssumptionCovers), covers.join(", ")),
            } }
        </p>
    }
}
