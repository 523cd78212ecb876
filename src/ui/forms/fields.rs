//! The editor's form controls: one number field, one text field and one
//! select, each labelled, showing the validator's messages for its field
//! path inline, and changing the scenario through [`crate::document::edits`] as one
//! undoable edit (so autosave and undo / redo see every change).

use std::collections::HashMap;
use std::rc::Rc;

use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::document::edits;
use crate::document::pointer::{self, pointer_to_path};
use crate::i18n::Lang;
use crate::scenario::ValidationError;
use crate::scenario::schema::number_rule;
use crate::scenario::vocab::Weekday;
use crate::ui::state::{Action, Edit, Store};
use crate::ui::widgets::typing::{ModelValue, use_model_value};

/// The scenario's validation errors, shared by every field of the editor,
/// indexed by field path. A pasted file may have 150 000 errors: each of the
/// editor's hundreds of fields looks its own up in the index instead of
/// scanning the list, and props compare by identity, not element by element
/// (the list only changes with the scenario text, which builds a new one).
#[derive(Clone, Default)]
pub struct Errors(Rc<ErrorIndex>);

#[derive(Default)]
struct ErrorIndex {
    list: Vec<ValidationError>,
    by_path: HashMap<String, Vec<usize>>,
}

impl Errors {
    pub fn new(list: Vec<ValidationError>) -> Errors {
        let mut by_path: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, error) in list.iter().enumerate() {
            by_path.entry(error.path.clone()).or_default().push(i);
        }
        Errors(Rc::new(ErrorIndex { list, by_path }))
    }

    /// The errors at exactly `path`.
    pub fn at(&self, path: &str) -> Vec<&ValidationError> {
        self.0
            .by_path
            .get(path)
            .map(|found| found.iter().filter_map(|&i| self.0.list.get(i)).collect())
            .unwrap_or_default()
    }

    /// Whether the field at `path` has an error.
    pub fn has(&self, path: &str) -> bool {
        self.0.by_path.contains_key(path)
    }
}

impl std::ops::Deref for Errors {
    type Target = [ValidationError];

    fn deref(&self) -> &[ValidationError] {
        &self.0.list
    }
}

impl PartialEq for Errors {
    fn eq(&self, other: &Errors) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What a form over one scenario gets: the app state it edits through, the
/// scenario's id, its parsed JSON and its validation errors.
#[derive(Properties, PartialEq)]
pub struct ScenarioFormProps {
    pub doc_id: AttrValue,
    pub value: Rc<Value>,
    pub errors: Errors,
}

/// Asks the reducer to apply `edit` to scenario `doc_id` as one undoable
/// edit; an edit that changes nothing records nothing.
pub fn edit_scenario(state: &Store, doc_id: &str, edit: impl Fn(&mut Value) -> bool + 'static) {
    state.dispatch(Action::Edit(Edit::scenario(doc_id, edit)));
}

/// What number fields call: set the number at a pointer, or remove the
/// (optional) field when the input is emptied.
pub fn number_setter(state: &Store, doc_id: &str) -> Callback<(String, Option<f64>)> {
    let state = state.clone();
    let doc_id = doc_id.to_string();
    Callback::from(move |(pointer, number): (String, Option<f64>)| {
        edit_scenario(&state, &doc_id, move |value| match number {
            Some(x) => edits::set_number(value, &pointer, x),
            None => pointer::remove(value, &pointer),
        })
    })
}

/// What text fields and selects call: set the text at a pointer, or remove
/// the field for an empty choice.
pub fn text_setter(state: &Store, doc_id: &str) -> Callback<(String, Option<String>)> {
    let state = state.clone();
    let doc_id = doc_id.to_string();
    Callback::from(move |(pointer, text): (String, Option<String>)| {
        edit_scenario(&state, &doc_id, move |value| {
            edits::set_text(value, &pointer, text.as_deref())
        })
    })
}

/// What checkboxes call: apply `edit` with the box's new state.
pub fn checkbox_setter(
    state: &Store,
    doc_id: &str,
    edit: impl Fn(&mut Value, bool) -> bool + 'static,
) -> Callback<Event> {
    let state = state.clone();
    let doc_id = doc_id.to_string();
    let edit = Rc::new(edit);
    Callback::from(move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        let checked = input.checked();
        let edit = edit.clone();
        edit_scenario(&state, &doc_id, move |value| edit(value, checked));
    })
}

/// A checkbox per weekday, Monday first, each checked where `days` holds
/// its key and test-id'd `{testid}-{key}`: the opening days of a unit and
/// the days of a shift block are picked alike.
pub fn day_checks(
    lang: Lang,
    days: &[&str],
    testid: &str,
    on_day: impl Fn(Weekday) -> Callback<Event>,
) -> Html {
    html! {
        { for Weekday::ALL.into_iter().map(|day| html! {
            <label class="day">
                <input type="checkbox" data-testid={format!("{testid}-{}", day.key())}
                    checked={days.contains(&day.key())} onchange={on_day(day)} />
                { lang.text(day.label()) }
            </label>
        }) }
    }
}

/// What buttons call: apply `edit` when clicked.
pub fn click_edit(
    state: &Store,
    doc_id: &str,
    edit: impl Fn(&mut Value) -> bool + 'static,
) -> Callback<MouseEvent> {
    let state = state.clone();
    let doc_id = doc_id.to_string();
    let edit = Rc::new(edit);
    Callback::from(move |_: MouseEvent| {
        let edit = edit.clone();
        edit_scenario(&state, &doc_id, move |value| edit(value))
    })
}

/// A DOM id for the error messages of the field at `pointer`.
pub fn error_id(pointer: &str) -> String {
    let safe: String = pointer
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("err{safe}")
}

#[derive(Properties, PartialEq)]
pub struct FieldErrorsProps {
    /// The validator's path (`units[0].routes`).
    pub path: AttrValue,
    pub errors: Errors,
    pub lang: Lang,
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

/// The validator's messages for one field path, each with the path and
/// the allowed range, in the current language.
#[function_component]
pub fn FieldErrors(props: &FieldErrorsProps) -> Html {
    let found = props.errors.at(&props.path);
    if found.is_empty() {
        return html! {};
    }
    html! {
        <span class="field-errors" id={props.id.clone()}>
            { for found.iter().map(|e| html! {
                <span class="field-error" role="alert" data-testid="field-error">{ e.message(props.lang) }</span>
            }) }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    /// JSON pointer of the number (`/units/0/headcount`).
    pub pointer: AttrValue,
    /// The accessible name (also shown by the surrounding label or table).
    pub label: AttrValue,
    pub value: Option<f64>,
    pub errors: Errors,
    pub lang: Lang,
    pub on_set: Callback<(String, Option<f64>)>,
    /// Emptying the field removes it (optional fields).
    #[prop_or_default]
    pub clearable: bool,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A number input with the schema's range and step and the validator's
/// messages for its field.
#[function_component]
pub fn NumberField(props: &NumberFieldProps) -> Html {
    let pointer = props.pointer.to_string();
    let path = pointer_to_path(&pointer);
    let invalid = props.errors.has(&path);
    let rule = number_rule(&pointer);
    let min = rule.and_then(|r| r.min).map(|m| m.to_string());
    let max = rule.and_then(|r| r.max).map(|m| m.to_string());
    let step = if rule.is_some_and(|r| r.integer) {
        "1"
    } else {
        "any"
    };
    let onchange = {
        let on_set = props.on_set.clone();
        let pointer = pointer.clone();
        let clearable = props.clearable;
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let text = input.value();
            let text = text.trim();
            if text.is_empty() {
                if clearable {
                    on_set.emit((pointer.clone(), None));
                }
            } else if let Ok(number) = text.parse::<f64>() {
                on_set.emit((pointer.clone(), Some(number)));
            }
        })
    };
    let described = error_id(&pointer);
    let ModelValue {
        node,
        oninput,
        onblur,
    } = use_model_value(props.value.map(|v| v.to_string()).unwrap_or_default());
    html! {
        <>
            <input type="number" {step} {min} {max} aria-label={props.label.clone()}
                aria-invalid={invalid.to_string()} aria-describedby={invalid.then(|| described.clone())}
                data-field={pointer.clone()} data-testid={props.testid.clone()}
                ref={node} {oninput} {onblur} {onchange} />
            <FieldErrors path={path} errors={props.errors.clone()} lang={props.lang} id={AttrValue::from(described)} />
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub pointer: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub errors: Errors,
    pub lang: Lang,
    /// Called with the pointer and the trimmed text.
    pub on_set: Callback<(String, Option<String>)>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    #[prop_or_default]
    pub class: Option<AttrValue>,
    /// The validator's path of the object this field belongs to, when that
    /// object's messages are about this field too (a shift block's "from
    /// must be before to" is about its from and to), and the id of the
    /// element that shows them: the field is then marked invalid and
    /// described by them as well.
    #[prop_or_default]
    pub also: Option<(AttrValue, AttrValue)>,
}

/// A short text input (clock times, lists of numbers) with the validator's
/// messages for its field.
#[function_component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let pointer = props.pointer.to_string();
    let path = pointer_to_path(&pointer);
    let own = props.errors.has(&path);
    let also = props
        .also
        .as_ref()
        .filter(|(path, _)| props.errors.has(path))
        .map(|(_, id)| id.to_string());
    let invalid = own || also.is_some();
    let onchange = {
        let on_set = props.on_set.clone();
        let pointer = pointer.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            on_set.emit((pointer.clone(), Some(input.value().trim().to_string())));
        })
    };
    let described = error_id(&pointer);
    let ModelValue {
        node,
        oninput,
        onblur,
    } = use_model_value(props.value.to_string());
    html! {
        <>
            <input type="text" class={props.class.clone()} aria-label={props.label.clone()} placeholder={props.placeholder.clone()}
                aria-invalid={invalid.to_string()}
                aria-describedby={invalid.then(|| own.then(|| described.clone()).into_iter().chain(also).collect::<Vec<_>>().join(" "))}
                data-field={pointer.clone()} data-testid={props.testid.clone()} spellcheck="false"
                ref={node} {oninput} {onblur} {onchange} />
            <FieldErrors path={path} errors={props.errors.clone()} lang={props.lang} id={AttrValue::from(described)} />
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub pointer: AttrValue,
    pub label: AttrValue,
    /// The current value ("" for none).
    pub value: AttrValue,
    /// (value, shown text) pairs.
    pub options: Vec<(String, String)>,
    /// Offer an empty choice with this text (removes the field).
    #[prop_or_default]
    pub none: Option<AttrValue>,
    pub errors: Errors,
    pub lang: Lang,
    pub on_set: Callback<(String, Option<String>)>,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    #[prop_or_default]
    pub disabled: bool,
}

/// A select for an enumeration or a name from the scenario. A value that
/// is not among the options (a dangling reference) stays selectable, so
/// the control shows what the file says while the validator explains it.
#[function_component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let pointer = props.pointer.to_string();
    let path = pointer_to_path(&pointer);
    let invalid = props.errors.has(&path);
    let onchange = {
        let on_set = props.on_set.clone();
        let pointer = pointer.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let value = select.value();
            on_set.emit((pointer.clone(), (!value.is_empty()).then_some(value)));
        })
    };
    let current = props.value.to_string();
    let known = current.is_empty() || props.options.iter().any(|(v, _)| *v == current);
    let described = error_id(&pointer);
    // An option's `selected` attribute stops counting once the user has
    // picked something; set the property so undo and other edits show.
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(
            (current.clone(), props.options.clone()),
            move |(current, _)| {
                if let Some(select) = node.cast::<HtmlSelectElement>() {
                    select.set_value(current);
                }
            },
        );
    }
    html! {
        <>
            <select ref={node} aria-label={props.label.clone()} aria-invalid={invalid.to_string()}
                aria-describedby={invalid.then(|| described.clone())} disabled={props.disabled}
                data-field={pointer.clone()} data-testid={props.testid.clone()} {onchange}>
                if let Some(none) = &props.none {
                    <option value="" selected={current.is_empty()}>{ none.clone() }</option>
                }
                if !known {
                    <option value={current.clone()} selected=true>{ current.clone() }</option>
                }
                { for props.options.iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={*value == current}>{ text.clone() }</option>
                }) }
            </select>
            <FieldErrors path={path} errors={props.errors.clone()} lang={props.lang} id={AttrValue::from(described)} />
        </>
    }
}

/// The `(value, text)` options of a list of names shown as themselves.
pub fn name_options(names: &[String]) -> Vec<(String, String)> {
    names.iter().map(|n| (n.clone(), n.clone())).collect()
}

#[derive(Properties, PartialEq)]
pub struct PickerProps {
    /// The accessible name.
    pub label: AttrValue,
    pub value: AttrValue,
    pub options: Vec<(String, String)>,
    pub on_pick: Callback<String>,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A select that chooses what a form shows (not a scenario value); it
/// follows its `value` even after the user has used it.
#[function_component]
pub fn Picker(props: &PickerProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(
            (props.value.clone(), props.options.clone()),
            move |(current, _)| {
                if let Some(select) = node.cast::<HtmlSelectElement>() {
                    select.set_value(current);
                }
            },
        );
    }
    let onchange = {
        let on_pick = props.on_pick.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            on_pick.emit(select.value());
        })
    };
    html! {
        <select ref={node} aria-label={props.label.clone()} data-testid={props.testid.clone()} {onchange}>
            { for props.options.iter().map(|(value, text)| html! {
                <option value={value.clone()} selected={*value == props.value.as_str()}>{ text.clone() }</option>
            }) }
        </select>
    }
}

/// Options `0`, `1`, … for a list of names, to pick an item by index.
pub fn index_options(names: &[String]) -> Vec<(String, String)> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| (i.to_string(), n.clone()))
        .collect()
}
