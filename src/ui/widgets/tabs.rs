//! A tab list following the WAI-ARIA tabs pattern: `role="tab"` buttons
//! with `aria-selected` and `aria-controls`, a roving tabindex (only the
//! selected tab is in the Tab order), Left / Right to move between tabs
//! (wrapping), Home / End for the first and last; selection follows focus.
//! The caller renders one panel with [`panel_id`] and labels it with the
//! selected tab's [`tab_id`].

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::a11y::tab_key_target;

/// One tab.
#[derive(Clone, PartialEq)]
pub struct Tab {
    /// Part of the DOM id: unique within the tab list.
    pub key: &'static str,
    pub label: String,
    pub testid: String,
}

/// The DOM id of tab `key` of the tab list `list`.
pub fn tab_id(list: &str, key: &str) -> String {
    format!("{list}-tab-{key}")
}

/// The DOM id of the panel the tab list `list` controls.
pub fn panel_id(list: &str) -> String {
    format!("{list}-panel")
}

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    /// The tab list's id prefix (unique on the page).
    pub id: AttrValue,
    /// The accessible name of the tab list.
    pub label: AttrValue,
    pub tabs: Vec<Tab>,
    pub selected: usize,
    pub on_select: Callback<usize>,
}

fn focus(id: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

#[function_component]
pub fn Tabs(props: &TabsProps) -> Html {
    let count = props.tabs.len();
    let panel = panel_id(&props.id);
    html! {
        <div class="tabs" role="tablist" aria-label={props.label.clone()}>
            { for props.tabs.iter().enumerate().map(|(index, tab)| {
                let selected = index == props.selected;
                let onclick = {
                    let on_select = props.on_select.clone();
                    Callback::from(move |_: MouseEvent| on_select.emit(index))
                };
                let onkeydown = {
                    let on_select = props.on_select.clone();
                    let ids: Vec<String> = props.tabs.iter().map(|t| tab_id(&props.id, t.key)).collect();
                    Callback::from(move |event: KeyboardEvent| {
                        if let Some(next) = tab_key_target(&event.key(), index, count) {
                            // The page's own arrow keys (presentation mode)
                            // must not act on the same press.
                            event.prevent_default();
                            event.stop_propagation();
                            on_select.emit(next);
                            if let Some(id) = ids.get(next) {
                                focus(id);
                            }
                        }
                    })
                };
                html! {
                    <button type="button" role="tab" id={tab_id(&props.id, tab.key)}
                        class={classes!("tab", selected.then_some("selected"))}
                        aria-selected={selected.to_string()} aria-controls={panel.clone()}
                        tabindex={if selected { "0" } else { "-1" }}
                        data-testid={tab.testid.clone()} {onclick} {onkeydown}>
                        { tab.label.clone() }
                    </button>
                }
            }) }
        </div>
    }
}
