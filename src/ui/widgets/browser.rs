//! Thin, failure-tolerant wrappers over the browser APIs the app uses:
//! downloads, reading picked files, the URL fragment, SVG → PNG.
//!
//! Each returns a `Result` with a short technical reason; callers turn it
//! into a message in the user's language. Nothing here panics.

use gloo_file::{Blob, ObjectUrl};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlAnchorElement, HtmlCanvasElement, HtmlImageElement};

use crate::i18n::Text;
use crate::ui::state::{Action, Notice, Store};

fn reason(value: JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

fn document() -> Result<web_sys::Document, String> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| "no document".to_string())
}

/// Offers a download like [`download`] and, where the browser refuses, says
/// so in the notice bar in the user's language (every export button).
pub fn download_or_say(state: &Store, file_name: &str, mime: &str, bytes: &[u8]) {
    if let Err(reason) = download(file_name, mime, bytes) {
        state.dispatch(Action::Notify(Notice {
            error: true,
            text: format!("{} {reason}", state.lang.text(Text::ExportFailed)),
        }));
    }
}

/// Today's date in the browser's time zone, `YYYY-MM-DD` (file names).
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// Offers `bytes` as a download named `file_name`.
pub fn download(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let anchor: HtmlAnchorElement = document()?
        .create_element("a")
        .map_err(reason)?
        .unchecked_into();
    // gloo-file's `ObjectUrl` revokes the URL when dropped, at the end of
    // this function: the click has started the download by then.
    let url = ObjectUrl::from(Blob::new_with_options(bytes, Some(mime)));
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    Ok(())
}

/// Milliseconds since the page loaded (`performance.now()`), 0 where the
/// browser has no clock to offer.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Gives the browser a turn (a zero-delay timeout): long work on the main
/// thread awaits this between steps so progress paints and clicks land.
pub async fn next_turn() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = web_sys::window()
            .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Reads a picked file as UTF-8 text, refusing files over `limit` bytes
/// before reading any of it.
pub async fn read_text(file: web_sys::File, limit: f64) -> Result<String, String> {
    let blob = Blob::from(file);
    if blob.size() as f64 > limit {
        return Err(format!("{} bytes > {limit}", blob.size()));
    }
    gloo_file::futures::read_as_text(&blob)
        .await
        .map_err(|e| e.to_string())
}

/// The URL fragment without `#`, or empty.
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// The page's address without its fragment, for building share links.
pub fn address_without_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// Removes the fragment from the address bar without reloading, so a
/// reload does not import the shared scenario a second time.
pub fn clear_fragment() {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ =
            history.replace_state_with_url(&JsValue::NULL, "", Some(&address_without_fragment()));
    }
}

/// Puts text on the clipboard when the browser allows it (it may not in a
/// non-secure context or without permission; the link stays on screen).
pub fn copy_to_clipboard(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

/// Moves keyboard focus to the element with id `id`, if it is there and
/// can take focus (a disabled button cannot: focus then stays put).
pub fn focus_element(id: &str) {
    if let Some(element) = document()
        .ok()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Like [`focus_element`], once the current render has been applied (the
/// element may only be shown by the action just dispatched).
pub fn focus_element_soon(id: &str) {
    let id = id.to_string();
    gloo_timers::callback::Timeout::new(0, move || focus_element(&id)).forget();
}

/// Clicks the element with id `id` as the user would (a disabled button
/// ignores it), after first leaving the focused field so that a value typed
/// but not yet committed is applied before the click's handler reads the state.
pub fn commit_and_click(id: &str) {
    let Ok(document) = document() else { return };
    if let Some(active) = document
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = active.blur();
    }
    let id = id.to_string();
    // After the blur's change event has been handled and rendered.
    gloo_timers::callback::Timeout::new(0, move || {
        if let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            element.click();
        }
    })
    .forget();
}

/// An SVG document as a `data:` URL, to show it in an `<img>`: an image
/// cannot run scripts, so even a hostile label in a chart stays inert.
pub fn svg_data_url(svg: &str) -> String {
    let encoded = js_sys::encode_uri_component(svg);
    format!("data:image/svg+xml;charset=utf-8,{}", String::from(encoded))
}

/// Renders an SVG to PNG bytes at `scale` × its size (for crisp slides)
/// and offers it as a download.
pub async fn download_svg_as_png(
    file_name: String,
    svg: String,
    width: u32,
    height: u32,
    scale: f64,
) -> Result<(), String> {
    let image = HtmlImageElement::new().map_err(reason)?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        image.set_onload(Some(&resolve));
        image.set_onerror(Some(&reject));
    });
    image.set_src(&svg_data_url(&svg));
    JsFuture::from(loaded).await.map_err(reason)?;

    let canvas: HtmlCanvasElement = document()?
        .create_element("canvas")
        .map_err(reason)?
        .unchecked_into();
    canvas.set_width((f64::from(width) * scale) as u32);
    canvas.set_height((f64::from(height) * scale) as u32);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(reason)?
        .ok_or_else(|| "no 2d context".to_string())?
        .unchecked_into();
    context.scale(scale, scale).map_err(reason)?;
    context
        .draw_image_with_html_image_element(&image, 0.0, 0.0)
        .map_err(reason)?;
    let data_url = canvas.to_data_url_with_type("image/png").map_err(reason)?;
    let base64 = data_url.split_once(',').map(|(_, b)| b).unwrap_or_default();
    let binary = web_sys::window()
        .ok_or("no window")?
        .atob(base64)
        .map_err(reason)?;
    let png: Vec<u8> = binary.chars().map(|c| c as u8).collect();
    download(&file_name, "image/png", &png)
}
