//! The scenario library: presets, the user's scenarios, and what can be
//! done with them (new, duplicate, rename, delete, undo / redo, import,
//! export, share).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::display::safe_file_name;
use crate::document::share;
use crate::document::workshop_file;
use crate::document::workspace::Workspace;
use crate::i18n::{Lang, Text};
use crate::scenario;
use crate::ui::state::{Action, Edit, Notice, Store, use_store};
use crate::ui::widgets::browser;
use crate::ui::widgets::typing::{ModelValue, use_model_value};

/// Imported files larger than this are refused before reading: a workshop
/// file (scenarios and their results) may be this large; a scenario file
/// over its own, smaller cap is refused after reading, by the validator.
const MAX_IMPORT_BYTES: f64 = workshop_file::MAX_FILE_BYTES as f64;

fn edit(state: &Store, change: impl Fn(&mut Workspace) + 'static) {
    state.dispatch(Action::Edit(Edit::workspace(change)));
}

fn notify(state: &Store, error: bool, text: String) {
    state.dispatch(Action::Notify(Notice { error, text }));
}

/// Checks an imported file and adds it, or explains every problem. A
/// workshop file (see `document::workshop_file`) opens with its results.
fn import_text(state: &Store, file_name: &str, text: String) {
    let lang = state.lang;
    if let Some(value) = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .filter(workshop_file::is_workshop)
    {
        match workshop_file::read(&value) {
            Ok(opened) => state.dispatch(Action::OpenWorkshop {
                opened: std::rc::Rc::new(opened),
                name: file_name.to_string(),
            }),
            Err(error) => notify(
                state,
                true,
                format!(
                    "{} {file_name}: {}",
                    lang.text(Text::ImportFailed),
                    error.message(lang)
                ),
            ),
        }
        return;
    }
    if text.len() as u64 > scenario::MAX_FILE_BYTES {
        let limit = scenario::MAX_FILE_BYTES;
        notify(
            state,
            true,
            format!(
                "{} {file_name}: {} bytes > {limit}",
                lang.text(Text::ImportFailed),
                text.len()
            ),
        );
        return;
    }
    match scenario::parse(&text) {
        Ok(_) => {
            edit(state, move |ws| {
                ws.add(text.clone(), None);
            });
            notify(
                state,
                false,
                format!("{} {file_name}", lang.text(Text::Imported)),
            );
        }
        Err(errors) => {
            let details: Vec<String> = errors.iter().take(8).map(|e| e.message(lang)).collect();
            let more = errors.len().saturating_sub(8);
            let mut text = format!(
                "{} {file_name}: {}",
                lang.text(Text::ImportFailed),
                details.join("; ")
            );
            if more > 0 {
                text.push_str(&format!(" (+{more})"));
            }
            notify(state, true, text);
        }
    }
}

#[derive(Properties, PartialEq)]
struct RenameInputProps {
    name: String,
    onchange: Callback<Event>,
}

/// The new-name field: a component of its own so that it keeps what is
/// typed across re-renders from the moment it appears.
#[function_component]
fn RenameInput(props: &RenameInputProps) -> Html {
    let ModelValue {
        node,
        oninput,
        onblur,
    } = use_model_value(props.name.clone());
    html! {
        <input type="text" data-testid="rename-input" maxlength="120" ref={node}
            {oninput} {onblur} onchange={props.onchange.clone()} />
    }
}

#[function_component]
pub fn LibraryPanel() -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let state = state.clone();
    let lang = state.lang;
    let selected = state.selected().cloned();
    let renaming = use_state(|| false);

    let on_preset = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            let preset = select.value();
            if !preset.is_empty() {
                edit(&state, move |ws| ws.open_preset(&preset));
            }
        })
    };
    let on_select = |id: String| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Select(id.clone())))
    };
    let on_new = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            edit(&state, |ws| {
                ws.add(crate::document::workspace::blank_scenario_json(), None);
            })
        })
    };
    let on_duplicate = {
        let state = state.clone();
        let id = selected.as_ref().map(|d| d.id.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(id) = id.clone() {
                edit(&state, move |ws| ws.duplicate(&id));
            }
        })
    };
    // Delete asks first (and stays undoable): a workshop's scenario is
    // one click from gone otherwise.
    let confirming_delete = use_state(|| false);
    let on_delete = {
        let confirming_delete = confirming_delete.clone();
        Callback::from(move |_: MouseEvent| confirming_delete.set(true))
    };
    let on_delete_cancel = {
        let confirming_delete = confirming_delete.clone();
        Callback::from(move |_: MouseEvent| confirming_delete.set(false))
    };
    let on_delete_confirm = {
        let state = state.clone();
        let confirming_delete = confirming_delete.clone();
        let id = selected.as_ref().map(|d| d.id.clone());
        Callback::from(move |_: MouseEvent| {
            confirming_delete.set(false);
            if let Some(id) = id.clone() {
                edit(&state, move |ws| ws.delete(&id));
            }
        })
    };
    // A preset stays the baseline: an edited one says so and resets in one
    // click (undoable like any edit). Worked out when the scenarios change,
    // not on every render (progress updates render several times a second).
    let modified = use_memo(state.workspace.scenarios.clone(), |scenarios| {
        scenarios
            .iter()
            .filter(|d| d.modified_preset().is_some())
            .map(|d| d.id.clone())
            .collect::<Vec<String>>()
    });
    let modified_preset = selected.as_ref().filter(|d| modified.contains(&d.id));
    let on_reset = {
        let state = state.clone();
        let id = selected.as_ref().map(|d| d.id.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(id) = id.clone() {
                edit(&state, move |ws| {
                    ws.reset_to_preset(&id);
                });
            }
        })
    };
    let on_rename_toggle = {
        let renaming = renaming.clone();
        Callback::from(move |_: MouseEvent| renaming.set(!*renaming))
    };
    let on_rename = {
        let state = state.clone();
        let id = selected.as_ref().map(|d| d.id.clone());
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(id) = id.clone() {
                let name = input.value();
                edit(&state, move |ws| ws.rename(&id, lang, name.trim()));
            }
        })
    };
    let undo = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Undo))
    };
    let redo = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Redo))
    };
    let on_import = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            // Let the same file be picked again after fixing it.
            input.set_value("");
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                match browser::read_text(file, MAX_IMPORT_BYTES).await {
                    Ok(text) => import_text(&state, &name, text),
                    Err(reason) => notify(
                        &state,
                        true,
                        format!("{} {name}: {reason}", state.lang.text(Text::ImportFailed)),
                    ),
                }
            });
        })
    };
    let on_export = {
        let state = state.clone();
        let doc = selected.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(doc) = &doc else { return };
            let file = format!("{}.json", safe_file_name(&doc.name(lang)));
            browser::download_or_say(&state, &file, "application/json", doc.json.as_bytes());
        })
    };
    let on_save_workshop = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let text = workshop_file::write(&state.workshop_file());
            let file = format!("orgflow-workshop-{}.json", browser::today());
            browser::download_or_say(&state, &file, "application/json", text.as_bytes());
        })
    };
    let share_link = use_state(|| None::<String>);
    let on_share = {
        let state = state.clone();
        let doc = selected.clone();
        let share_link = share_link.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(doc) = &doc else { return };
            match share::encode(&doc.json) {
                Ok(fragment) => {
                    let link = format!("{}#{fragment}", browser::address_without_fragment());
                    browser::copy_to_clipboard(&link);
                    share_link.set(Some(link));
                }
                Err(error) => {
                    share_link.set(None);
                    notify(
                        &state,
                        true,
                        format!("{} {}", error.message(lang), lang.text(Text::ShareUseFile)),
                    );
                }
            }
        })
    };

    let presets = scenario::presets();
    let selected_preset = selected
        .as_ref()
        .and_then(|d| d.preset.clone())
        .unwrap_or_default();
    html! {
        <section class="panel library" data-testid="scenario-panel" aria-labelledby="scenario-panel-heading">
            <h2 id="scenario-panel-heading" class="panel-title">{ lang.text(Text::Scenarios) }</h2>
            <label class="field">
                <span>{ lang.text(Text::Presets) }</span>
                <select data-testid="preset-select" onchange={on_preset}>
                    <option value="" selected={selected_preset.is_empty()}>{ lang.text(Text::PickPreset) }</option>
                    { for presets.iter().map(|p| html! {
                        <option value={p.id} selected={selected_preset == p.id}>
                            { match lang { Lang::Zh => p.name.zh.clone(), Lang::En => p.name.en.clone() } }
                        </option>
                    }) }
                </select>
            </label>
            <ul class="scenario-list" data-testid="scenario-list">
                { for state.workspace.scenarios.iter().map(|doc| {
                    let current = Some(&doc.id) == state.workspace.selected.as_ref();
                    html! {
                        <li>
                            <button type="button" class={classes!("scenario-item", current.then_some("current"))}
                                aria-current={current.then_some("true")} onclick={on_select(doc.id.clone())}>
                                { doc.name(lang) }
                                if modified.contains(&doc.id) {
                                    <span class="badge badge-pending" data-testid="preset-modified">{ lang.text(Text::PresetModified) }</span>
                                }
                            </button>
                        </li>
                    }
                }) }
            </ul>
            if *renaming {
                <label class="field">
                    <span>{ lang.text(Text::NewName) }</span>
                    <RenameInput name={selected.as_ref().map(|d| d.name(lang)).unwrap_or_default()} onchange={on_rename} />
                </label>
            }
            <div class="button-row">
                <button type="button" class="tool-button" data-testid="new-button" onclick={on_new}>{ lang.text(Text::New) }</button>
                <button type="button" class="tool-button" data-testid="duplicate-button" onclick={on_duplicate}>{ lang.text(Text::Duplicate) }</button>
                <button type="button" class="tool-button" data-testid="rename-button" aria-pressed={renaming.to_string()} onclick={on_rename_toggle}>{ lang.text(Text::Rename) }</button>
                <button type="button" class="tool-button danger" data-testid="delete-button" onclick={on_delete}>{ lang.text(Text::Delete) }</button>
            </div>
            if *confirming_delete {
                <div class="confirm" role="alertdialog" aria-labelledby="delete-question" data-testid="delete-confirmation">
                    <p id="delete-question">{ lang.text(Text::DeleteQuestion).replace("{name}", &selected.as_ref().map(|d| d.name(lang)).unwrap_or_default()) }</p>
                    <div class="button-row">
                        <button type="button" class="tool-button danger" data-testid="delete-confirm" onclick={on_delete_confirm}>{ lang.text(Text::Delete) }</button>
                        <button type="button" class="tool-button" data-testid="delete-cancel" onclick={on_delete_cancel}>{ lang.text(Text::Keep) }</button>
                    </div>
                </div>
            }
            if modified_preset.is_some() {
                <div class="button-row">
                    <button type="button" class="tool-button" data-testid="preset-reset" title={lang.text(Text::PresetResetHint)} onclick={on_reset}>{ lang.text(Text::PresetReset) }</button>
                </div>
            }
            <div class="button-row">
                <button type="button" class="tool-button" data-testid="undo-button" disabled={state.past.is_empty()} onclick={undo} title="Ctrl+Z">{ lang.text(Text::Undo) }</button>
                <button type="button" class="tool-button" data-testid="redo-button" disabled={state.future.is_empty()} onclick={redo} title="Ctrl+Y">{ lang.text(Text::Redo) }</button>
            </div>
            <div class="button-row">
                <label class="tool-button file-button">
                    { lang.text(Text::Import) }
                    <input type="file" accept=".json,application/json" data-testid="import-input" onchange={on_import} />
                </label>
                <button type="button" class="tool-button" data-testid="export-json" onclick={on_export}>{ lang.text(Text::ExportJson) }</button>
                <button type="button" class="tool-button" data-testid="share-button" onclick={on_share}>{ lang.text(Text::Share) }</button>
                <button type="button" class="tool-button" data-testid="export-workshop" title={lang.text(Text::SaveWorkshopHint)} onclick={on_save_workshop}>{ lang.text(Text::SaveWorkshop) }</button>
            </div>
            if let Some(link) = (*share_link).clone() {
                <label class="field">
                    <span>{ lang.text(Text::ShareLinkCopied) }</span>
                    <input type="text" readonly=true data-testid="share-link" value={link} />
                </label>
            }
        </section>
    }
}
