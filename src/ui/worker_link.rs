//! The app's handle on one simulation Web Worker.
//!
//! We drive `web_sys::Worker` directly rather than through gloo-worker's
//! bridge because the app needs three things that bridge does not expose:
//! `terminate()` for a Cancel that stops at once, the `error` event to notice
//! a worker that trapped, and a spawn that reports failure instead of
//! panicking. The worker is a classic script (Trunk builds workers with
//! wasm-bindgen's no-modules target) loaded by a relative URL, so the site
//! works under a GitHub Pages sub-path.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::protocol::{self, FromWorker, ToWorker};

/// Relative URL of the loader Trunk generates for the worker binary.
pub const WORKER_SCRIPT: &str = "./worker_loader.js";

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
        let worker = Worker::new(WORKER_SCRIPT).map_err(|e| format!("{e:?}"))?;
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
