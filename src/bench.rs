//! Speed measurement in the browser (wasm32 only): the same loop as
//! `orgflow bench`, exported to JavaScript so `tests/e2e/bench/speed.mjs`
//! can time the release build in headless Chromium and compare it with the
//! native CLI on the same case.

use wasm_bindgen::prelude::wasm_bindgen;

use crate::{scenario, sim};

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Leads per second on `case` (`mm5_rho09` or a preset id) over at least
/// `seconds`, seed 1, replications 0, 1, 2, … as the CLI runs them.
/// Returns 0 for an unknown case.
#[wasm_bindgen(js_name = orgflowBench)]
pub fn bench(case: &str, seconds: f64) -> f64 {
    let json = if case == "mm5_rho09" {
        Some(include_str!("../examples/validation/mm5_rho09.json"))
    } else {
        scenario::presets()
            .into_iter()
            .find(|p| p.id == case)
            .map(|p| p.json)
    };
    let Some(model) = json.and_then(|j| scenario::load(j).ok()) else {
        return 0.0;
    };
    let start = now_ms();
    let (mut leads, mut replication) = (0u64, 0u32);
    while replication == 0 || now_ms() - start < seconds * 1000.0 {
        leads += sim::run_replication(&model, 1, replication)
            .funnel
            .leads_including_warmup;
        replication += 1;
    }
    leads as f64 / ((now_ms() - start) / 1000.0)
}
