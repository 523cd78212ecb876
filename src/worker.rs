//! The Web Worker side of [`crate::protocol`] (wasm32 only).
//!
//! The worker binary calls [`start`]: it installs the message handler and
//! announces itself with `Ready`. Simulations run here, never on the main
//! thread, and the worker answers with numbers only (charts are drawn on the
//! main thread, because plotters' text layout needs the DOM).

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol::{self, FromWorker, ToWorker};

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(message: &FromWorker) {
    let bytes = js_sys::Uint8Array::from(protocol::encode(message).as_slice());
    // A failed post means the app has gone away; there is no one to tell.
    let _ = scope().post_message(&bytes);
}

fn ready() -> FromWorker {
    FromWorker::Ready { version: crate::VERSION.to_string() }
}

fn handle(message: ToWorker) {
    match message {
        ToWorker::Hello => post(&ready()),
    }
}

/// Installs the message handler and posts `Ready`.
pub fn start() {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
        match protocol::decode::<ToWorker>(&bytes) {
            Ok(message) => handle(message),
            Err(e) => post(&FromWorker::Unreadable { reason: e.to_string() }),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    post(&ready());
}
