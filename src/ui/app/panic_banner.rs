//! What the user sees when the app itself panics: a banner saying that
//! something went wrong, whether their work is saved (autosave writes every
//! change at once, which makes that true unless the last save failed), and
//! a link to reload.
//!
//! The banner is plain DOM built after the panic, without Yew: the wasm
//! instance cannot be trusted once it has panicked. Its reload control is
//! a link, so it works without calling back into wasm.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::i18n::{Lang, Text};
use crate::ui::app::storage::{self, keys};

/// Whether the last save wrote everything. Read after a panic, when the
/// app's state can no longer be trusted, so it lives outside it.
static SAVED: AtomicBool = AtomicBool::new(true);

/// Called after every save.
pub fn set_saved(saved: bool) {
    SAVED.store(saved, Ordering::Relaxed);
}

/// Installs the panic hook: console message first, then the banner.
/// Through Yew, because its renderer otherwise replaces any hook set with
/// `std::panic::set_hook` by its own console-only one.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show();
    }));
}

fn show() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    if document
        .query_selector("[data-testid=panic-banner]")
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    let lang = storage::read(keys::LANG)
        .map(|tag| Lang::from_tag(&tag))
        .unwrap_or_default();
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    let _ = banner.set_attribute("class", "panic-banner");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "panic-banner");
    let text = if SAVED.load(Ordering::Relaxed) {
        Text::PanicBanner
    } else {
        Text::PanicBannerUnsaved
    };
    banner.set_text_content(Some(lang.text(text)));
    if let Ok(link) = document.create_element("a") {
        let _ = link.set_attribute("href", "./");
        link.set_text_content(Some(lang.text(Text::Reload)));
        let _ = banner.append_child(&link);
    }
    let _ = body.prepend_with_node_1(&banner);
}
