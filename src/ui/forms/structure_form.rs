//! The "build the organisation" form: the names of the units, lead
//! sources, grades, links and channels, each renamable, removable and with
//! an Add button. Every change goes through [`crate::document::structure`] as one
//! undoable edit; renames follow into every reference, and what a removal
//! leaves dangling is shown by the validator at its field.

use std::cell::Cell;
use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::document::edits::names;
use crate::document::structure::{self, Kind};
use crate::i18n::{Lang, Text};
use crate::ui::forms::fields::{Errors, FieldErrors, TextField, click_edit, edit_scenario};
use crate::ui::state::{Store, use_store};

#[derive(Properties, PartialEq)]
pub struct StructureFormProps {
    pub doc_id: AttrValue,
    pub value: Rc<Value>,
    pub errors: Errors,
    /// Called with the index of a unit just added (to show it in the unit
    /// form).
    pub on_unit_added: Callback<usize>,
}

fn legend(kind: Kind) -> Text {
    match kind {
        Kind::Unit => Text::Units,
        Kind::Source => Text::LeadSources,
        Kind::Grade => Text::Grades,
        Kind::Link => Text::LinksList,
        Kind::Channel => Text::ChannelsList,
    }
}

fn add_text(kind: Kind) -> Text {
    match kind {
        Kind::Unit => Text::AddUnit,
        Kind::Source => Text::AddSource,
        Kind::Grade => Text::AddGrade,
        Kind::Link => Text::AddLink,
        Kind::Channel => Text::AddChannel,
    }
}

/// The validator's path of a list (`funnel.channels`).
fn list_path(kind: Kind) -> String {
    kind.list().trim_start_matches('/').replace('/', ".")
}

#[function_component]
pub fn StructureForm(props: &StructureFormProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let lang = state.lang;
    html! {
        <section class="structure-form" data-testid="structure-form" aria-labelledby="structure-form-heading">
            <h3 id="structure-form-heading">{ lang.text(Text::BuildOrganisation) }</h3>
            <p class="hint">{ lang.text(Text::BuildHint) }</p>
            <div class="structure-lists">
                { for Kind::ALL.iter().map(|kind| kind_list(props, &state, *kind, lang)) }
            </div>
            <p class="hint">{ lang.text(Text::KeepOneHint) }</p>
        </section>
    }
}

fn kind_list(props: &StructureFormProps, state: &Store, kind: Kind, lang: Lang) -> Html {
    let doc_id = props.doc_id.to_string();
    let list = names(&props.value, kind.list());
    let key = kind.key();
    let last_one = kind.needs_one() && list.len() <= 1;
    let on_add = {
        let state = state.clone();
        let doc_id = doc_id.clone();
        let on_unit_added = props.on_unit_added.clone();
        Callback::from(move |_: MouseEvent| {
            // The reducer applies the edit during `dispatch` (yew's
            // use_reducer updates its state synchronously), so the index
            // is known when `edit_scenario` returns.
            let added = Rc::new(Cell::new(None));
            let slot = added.clone();
            edit_scenario(&state, &doc_id, move |value| {
                slot.set(structure::add(value, kind));
                slot.get().is_some()
            });
            if let (Kind::Unit, Some(index)) = (kind, added.get()) {
                on_unit_added.emit(index);
            }
        })
    };
    let on_rename = |index: usize| {
        let state = state.clone();
        let doc_id = doc_id.clone();
        Callback::from(move |(_, text): (String, Option<String>)| {
            let text = text.unwrap_or_default();
            edit_scenario(&state, &doc_id, move |value| {
                structure::rename(value, kind, index, &text)
            });
        })
    };
    let on_remove = |index: usize| {
        click_edit(state, &doc_id, move |value| {
            structure::remove(value, kind, index)
        })
    };
    let kind_text = lang.text(legend(kind));
    html! {
        <fieldset class="names" data-testid={format!("names-{key}")}>
            <legend>{ kind_text }</legend>
            if list.is_empty() {
                <p class="hint">{ lang.text(Text::NoneYet) }</p>
            }
            { for list.iter().enumerate().map(|(i, name)| html! {
                <div class="name-row">
                    <TextField pointer={format!("{}/{i}/name", kind.list())}
                        label={format!("{kind_text} {} · {}", i + 1, lang.text(Text::ItemName))}
                        value={name.clone()} errors={props.errors.clone()} {lang}
                        on_set={on_rename(i)} testid={format!("name-{key}-{i}")} />
                    <button type="button" class="tool-button small danger" data-testid={format!("remove-{key}-{i}")}
                        aria-label={format!("{} · {name}", lang.text(Text::Remove))} disabled={last_one}
                        title={last_one.then(|| lang.text(Text::KeepOneHint))} onclick={on_remove(i)}>
                        { lang.text(Text::Remove) }
                    </button>
                </div>
            }) }
            <FieldErrors path={list_path(kind)} errors={props.errors.clone()} {lang} />
            <button type="button" class="tool-button small" data-testid={format!("add-{key}")} onclick={on_add}>
                { lang.text(add_text(kind)) }
            </button>
        </fieldset>
    }
}
