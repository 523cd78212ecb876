//! Refuses to run inside another page's frame (clickjacking).
//!
//! The right defence is the `frame-ancestors 'none'` directive of a
//! Content-Security-Policy *header* (or `X-Frame-Options: DENY`), but a
//! static host such as GitHub Pages cannot send headers, and browsers ignore
//! `frame-ancestors` in a `<meta>` tag. So the app checks for itself, from
//! its own wasm (no inline script needed): when the page is not the top
//! window, it shows a short notice with a link that opens it in the top
//! window, and never mounts the app, so a framing page cannot trick a user
//! into clicking its buttons. A frame sandboxed without scripts never runs
//! the app at all.

use wasm_bindgen::JsValue;

use crate::i18n::{Lang, Text};
use crate::ui::app::storage::{self, keys};

/// Whether this page is shown inside a frame. A top window that cannot be
/// read counts as a frame.
pub fn framed() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    match window.top() {
        Ok(Some(top)) => !js_sys::Object::is(&JsValue::from(top), &JsValue::from(window)),
        _ => true,
    }
}

/// Replaces the page with the notice and a link that opens the app in the
/// top window.
pub fn show_notice() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(body) = window.document().and_then(|d| d.body()) else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let lang = storage::read(keys::LANG)
        .map(|tag| Lang::from_tag(&tag))
        .unwrap_or_default();
    let Ok(notice) = document.create_element("p") else {
        return;
    };
    let _ = notice.set_attribute("class", "notice notice-error");
    let _ = notice.set_attribute("data-testid", "framed-notice");
    notice.set_text_content(Some(lang.text(Text::FramedNotice)));
    if let Ok(link) = document.create_element("a") {
        let href = window.location().href().unwrap_or_default();
        let _ = link.set_attribute("href", &href);
        let _ = link.set_attribute("target", "_top");
        let _ = link.set_attribute("rel", "noopener");
        link.set_text_content(Some(lang.text(Text::OpenDirectly)));
        let _ = notice.append_child(&document.create_text_node(" "));
        let _ = notice.append_child(&link);
    }
    body.set_inner_html("");
    let _ = body.append_child(&notice);
}
