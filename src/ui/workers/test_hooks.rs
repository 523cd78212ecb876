//! Triggers for the end-to-end tests of failure handling, exported to
//! JavaScript (`window.wasmBindings`). They only break things on purpose —
//! a worker trap, a main-thread panic — so the tests can check that the
//! app recovers and the user's work survives; they read or change no data.
//!
//! Built only with the `test-hooks` feature (`scripts/build.sh --test-hooks`,
//! which `scripts/test.sh` uses for the end-to-end tests): the published
//! site carries none of them.

use wasm_bindgen::prelude::wasm_bindgen;

/// Makes every simulation worker trap; returns how many were asked.
#[wasm_bindgen(js_name = orgflowCrashWorkersForTest)]
pub fn crash_workers() -> u32 {
    crate::ui::workers::runner::current_pool()
        .map(|pool| pool.crash_workers_for_test())
        .unwrap_or(0)
}

/// Makes every simulation worker close itself silently (no error event);
/// returns how many were asked.
#[wasm_bindgen(js_name = orgflowCloseWorkersForTest)]
pub fn close_workers() -> u32 {
    crate::ui::workers::runner::current_pool()
        .map(|pool| pool.close_workers_for_test())
        .unwrap_or(0)
}

/// Panics on the main thread, as a bug in the app would.
#[wasm_bindgen(js_name = orgflowPanicForTest)]
pub fn panic_main_thread() {
    panic!("main-thread panic requested by a test");
}
