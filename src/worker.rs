//! The Web Worker side of [`crate::protocol`] (wasm32 only).
//!
//! The worker binary calls [`start`]: it installs the message handler and
//! announces itself with `Ready`. Simulations run here, never on the main
//! thread, and the worker answers with numbers only (charts are drawn on the
//! main thread, because plotters' text layout needs the DOM).
//!
//! This side stays on `web_sys` (`DedicatedWorkerGlobalScope`, its
//! `onmessage` slot) rather than gloo-worker: the app's half
//! ([`crate::ui::workers::worker_link`]) drives a plain `Worker` so it can
//! `terminate()` it and hear its `error` event, and gloo-worker's registrar
//! speaks its own message protocol, which that plain `Worker` does not.
//! The one handler lives as long as the worker, so a gloo-events listener
//! (which exists to be removed on drop) would add nothing.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::analysis::uncertainty::Plan;
use crate::i18n::Lang;
use crate::protocol::{self, FromWorker, RunChunk, ToWorker};
use crate::scenario;
use crate::sim::{self, Model};

/// What a chunk runs, prepared once per `(job, variant)`: a validated
/// model, or the plan that draws a model per replication (a scenario's
/// uncertain inputs). A job sends several chunks of the same variant;
/// re-validating each would waste time. Only the current job's are kept.
enum Prepared {
    Model(Box<Model>),
    Draws(Box<Plan>),
}

struct ModelCache {
    job: u32,
    models: Vec<(u32, Prepared)>,
}

thread_local! {
    static CACHE: RefCell<ModelCache> = const { RefCell::new(ModelCache { job: u32::MAX, models: Vec::new() }) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(message: &FromWorker) {
    let bytes = js_sys::Uint8Array::from(protocol::encode(message).as_slice());
    // A failed post means the app has gone away; there is no one to tell.
    let _ = scope().post_message(&bytes);
}

fn ready() -> FromWorker {
    FromWorker::Ready {
        version: crate::VERSION.to_string(),
    }
}

fn messages(errors: &[scenario::ValidationError]) -> Vec<String> {
    errors.iter().map(|e| e.message(Lang::En)).collect()
}

fn prepare(chunk: &RunChunk) -> Result<Prepared, Vec<String>> {
    if !chunk.draws {
        return scenario::load(&chunk.scenario_json)
            .map(|model| Prepared::Model(Box::new(model)))
            .map_err(|e| messages(&e));
    }
    let parsed = scenario::parse(&chunk.scenario_json).map_err(|e| messages(&e))?;
    Plan::new(&parsed, chunk.seed)
        .map(|plan| Prepared::Draws(Box::new(plan)))
        .map_err(|e| vec![e.message(Lang::En)])
}

/// Runs the chunk's replications with what it needs, prepared once per
/// `(job, variant)`, posting each result as it ends.
fn run_prepared(chunk: &RunChunk) -> Result<(), Vec<String>> {
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.job != chunk.job {
            cache.job = chunk.job;
            cache.models.clear();
        }
        if !cache
            .models
            .iter()
            .any(|(variant, _)| *variant == chunk.variant)
        {
            let prepared = prepare(chunk)?;
            cache.models.push((chunk.variant, prepared));
        }
        let Some((_, prepared)) = cache
            .models
            .iter()
            .find(|(variant, _)| *variant == chunk.variant)
        else {
            return Ok(());
        };
        for &replication in &chunk.replications {
            let result = match prepared {
                Prepared::Model(model) => sim::run_replication(model, chunk.seed, replication),
                Prepared::Draws(plan) => {
                    // Replication r's model is its own draws: the same
                    // whichever worker runs it.
                    let model = plan
                        .model_at(replication)
                        .map_err(|e| vec![e.message(Lang::En)])?;
                    sim::run_replication(&model, chunk.seed, replication)
                }
            };
            post(&FromWorker::Replication {
                job: chunk.job,
                variant: chunk.variant,
                result: Box::new(result),
            });
        }
        Ok(())
    })
}

fn run_chunk(chunk: RunChunk) {
    let (job, variant) = (chunk.job, chunk.variant);
    post(&FromWorker::Started { job, variant });
    match run_prepared(&chunk) {
        Ok(()) => post(&FromWorker::ChunkDone { job, variant }),
        Err(errors) => post(&FromWorker::Invalid {
            job,
            variant,
            errors,
        }),
    }
}

fn handle(message: ToWorker) {
    match message {
        ToWorker::Hello => post(&ready()),
        ToWorker::Run(chunk) => run_chunk(chunk),
        #[cfg(feature = "test-hooks")]
        ToWorker::CrashForTest => panic!("worker crash requested by a test"),
        #[cfg(feature = "test-hooks")]
        ToWorker::CloseForTest => scope().close(),
        // Release builds carry no way to break a worker on request.
        #[cfg(not(feature = "test-hooks"))]
        ToWorker::CrashForTest | ToWorker::CloseForTest => {}
    }
}

/// Installs the message handler and posts `Ready`.
pub fn start() {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
        match protocol::decode::<ToWorker>(&bytes) {
            Ok(message) => handle(message),
            Err(e) => post(&FromWorker::Unreadable {
                reason: e.to_string(),
            }),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    post(&ready());
}
