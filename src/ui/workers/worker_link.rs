//! The app's handle on one simulation Web Worker.
//!
//! We drive `web_sys::Worker` directly rather than through gloo-worker's
//! bridge because the app needs three things that bridge does not expose:
//! `terminate()` for a Cancel that stops at once, the `error` event to notice
//! a worker that trapped, and a spawn that reports failure instead of
//! panicking. For the same reason the handlers are the worker's own
//! `onmessage` / `onerror` slots, detached in `Drop` right before
//! `terminate()`, not gloo-events listeners. The start-up script's `blob:`
//! URL is gloo-file's, as for downloads. The worker is a classic script (Trunk builds workers with
//! wasm-bindgen's no-modules target) whose files are found relative to the
//! page, so the site works under a GitHub Pages sub-path.
//!
//! Content-Security-Policy: a worker loaded from the site's own URL takes
//! its policy from that script's HTTP headers only, which a static host
//! cannot set, so it would run with none. A worker started from a `blob:`
//! URL inherits the page's policy instead (the `<meta>` one included). So
//! the worker starts from a two-line `blob:` script that loads the glue and
//! the module from the site: it runs under the page's policy (scripts only
//! from the site, no `eval`, connections only to the site).

use gloo_file::{Blob, ObjectUrl};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Url, Worker};

use crate::protocol::{self, FromWorker, ToWorker};

/// The worker's wasm-bindgen glue and module, relative to the page (Trunk
/// gives a worker's files fixed names).
pub const WORKER_GLUE: &str = "./worker.js";
pub const WORKER_WASM: &str = "./worker_bg.wasm";

fn reason(value: JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

/// The worker's start-up script: load the glue, then instantiate the
/// module, both by absolute URL (a `blob:` script has no base to resolve
/// relative ones against).
fn bootstrap_source() -> Result<String, String> {
    let page = web_sys::window()
        .ok_or("no window")?
        .location()
        .href()
        .map_err(reason)?;
    let absolute = |relative: &str| -> Result<String, String> {
        let url = Url::new_with_base(relative, &page).map_err(reason)?.href();
        // A JSON string is a valid JavaScript string literal.
        serde_json::to_string(&url).map_err(|e| e.to_string())
    };
    Ok(format!(
        "importScripts({});\nwasm_bindgen({{ module_or_path: {} }});\n",
        absolute(WORKER_GLUE)?,
        absolute(WORKER_WASM)?
    ))
}

/// Starts a worker from the start-up script in a `blob:` URL.
fn start_worker() -> Result<Worker, String> {
    let source = bootstrap_source()?;
    let url = ObjectUrl::from(Blob::new_with_options(
        source.as_str(),
        Some("text/javascript"),
    ));
    // `new Worker` resolves the URL at once; dropping `url` at the end of
    // this function revokes it, as it is no longer needed.
    Worker::new(&url).map_err(reason)
}

/// Something that happened on the worker's side.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkerEvent {
    Message(FromWorker),
    /// The worker trapped, failed to load, or sent bytes we cannot read.
    Crashed(String),
}

/// A running worker and the closures that keep its handlers alive.
pub struct WorkerLink {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl WorkerLink {
    /// Starts a worker; `on_event` receives its messages and crashes.
    pub fn spawn(on_event: impl Fn(WorkerEvent) + Clone + 'static) -> Result<WorkerLink, String> {
        let worker = start_worker()?;
        let on_message = {
            let on_event = on_event.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
                on_event(match protocol::decode::<FromWorker>(&bytes) {
                    Ok(message) => WorkerEvent::Message(message),
                    Err(e) => WorkerEvent::Crashed(e.to_string()),
                });
            })
        };
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            on_event(WorkerEvent::Crashed(event.message()));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(WorkerLink {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Posts a message; a failure here means the worker is gone.
    pub fn send(&self, message: &ToWorker) -> Result<(), String> {
        let bytes = js_sys::Uint8Array::from(protocol::encode(message).as_slice());
        self.worker
            .post_message(&bytes)
            .map_err(|e| format!("{e:?}"))
    }
}

impl Drop for WorkerLink {
    fn drop(&mut self) {
        // Stop at once, even in the middle of a replication; detach the
        // handlers first so no late message reaches a dropped closure.
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}
