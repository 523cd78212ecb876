//! Text the user is typing survives re-renders.
//!
//! Yew writes an input's `value` on every render in which the DOM differs
//! from it, and the app re-renders on every run progress update, another
//! tab's save and every notice: a field being typed in would be reset
//! mid-word. Fields that commit on `change` therefore leave `value` out of
//! the markup and take it from [`use_model_value`], which writes the DOM
//! only when the model's value changed, and never while the user is typing
//! in that field (from the first keystroke until it loses focus, when it
//! shows the model's value again).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// What a field needs: its `ref`, and `oninput` / `onblur` handlers.
pub struct ModelValue {
    pub node: NodeRef,
    pub oninput: Callback<InputEvent>,
    pub onblur: Callback<FocusEvent>,
}

/// Shows `value` in the input or text area the returned `node` is put on.
#[hook]
pub fn use_model_value(value: String) -> ModelValue {
    let node = use_node_ref();
    let typing = use_mut_ref(|| false);
    let latest: Rc<RefCell<String>> = use_mut_ref(String::new);
    latest.borrow_mut().clone_from(&value);
    {
        let node = node.clone();
        let typing = typing.clone();
        use_effect_with(value, move |value| {
            if !*typing.borrow() {
                show(&node, value);
            }
        });
    }
    let oninput = {
        let typing = typing.clone();
        Callback::from(move |_: InputEvent| *typing.borrow_mut() = true)
    };
    let onblur = {
        let node = node.clone();
        Callback::from(move |_: FocusEvent| {
            *typing.borrow_mut() = false;
            show(&node, &latest.borrow());
        })
    };
    ModelValue {
        node,
        oninput,
        onblur,
    }
}

fn show(node: &NodeRef, value: &str) {
    if let Some(element) = node.get() {
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            if input.value() != value {
                input.set_value(value);
            }
        } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>()
            && area.value() != value
        {
            area.set_value(value);
        }
    }
}
