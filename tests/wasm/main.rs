//! Browser tests: compiled to wasm32 and run in headless Chromium by
//! wasm-bindgen-test-runner (see .cargo/config.toml and scripts/test.sh).

#![cfg(target_arch = "wasm32")]

use orgflow::i18n::{ALL_TEXTS, Lang, Text};
use orgflow::protocol::{self, FromWorker};
use orgflow::ui::app::storage;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Yields to the browser so Yew can render and effects can run.
async fn next_tick(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
fn string_tables_are_complete_in_the_browser_build() {
    for &key in ALL_TEXTS {
        assert!(!Lang::Zh.text(key).is_empty());
        assert!(!Lang::En.text(key).is_empty());
    }
}

#[wasm_bindgen_test]
fn worker_messages_round_trip_through_a_typed_array() {
    let message = FromWorker::Ready {
        version: orgflow::VERSION.into(),
    };
    let array = js_sys::Uint8Array::from(protocol::encode(&message).as_slice());
    assert_eq!(protocol::decode::<FromWorker>(&array.to_vec()), Ok(message));
}

#[wasm_bindgen_test]
fn storage_is_namespaced_and_round_trips() {
    assert!(storage::write("test-key", "值 value"));
    assert_eq!(storage::read("test-key").as_deref(), Some("值 value"));
    let raw = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item("orgflow.v1.test-key").ok().flatten());
    assert_eq!(raw.as_deref(), Some("值 value"));
    assert_eq!(storage::read("never-written"), None);
}

#[wasm_bindgen_test]
async fn app_renders_and_language_switch_is_remembered() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    assert!(storage::write(storage::keys::LANG, "en"));
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    yew::Renderer::<orgflow::ui::app::shell::App>::with_root(root.clone()).render();
    next_tick(100).await;

    let heading = root.query_selector("h1").ok().flatten().expect("a heading");
    assert_eq!(heading.text_content().as_deref(), Some("orgflow"));
    let results = root
        .query_selector("#results-panel-heading")
        .ok()
        .flatten()
        .expect("results");
    assert_eq!(
        results.text_content().as_deref(),
        Some(Lang::En.text(Text::Results))
    );

    let toggle: web_sys::HtmlElement = root
        .query_selector("[data-testid=lang-toggle]")
        .ok()
        .flatten()
        .expect("a language switch")
        .unchecked_into();
    toggle.click();
    next_tick(50).await;
    assert_eq!(
        results.text_content().as_deref(),
        Some(Lang::Zh.text(Text::Results))
    );
    // That the choice is remembered across a reload is checked end to end
    // (tests/e2e/specs/shell.test.mjs); the effect that writes it runs on
    // Yew's scheduler, too late to check reliably here.
}

/// Runs `replications` replications of an example in the browser and
/// returns the digest the native tests pin (tests/golden).
fn browser_digest(example: &str, seed: u64, replications: u32) -> String {
    let model = orgflow::scenario::load(example).expect("the example validates");
    let results: Vec<_> = (0..replications)
        .map(|r| orgflow::sim::run_replication(&model, seed, r))
        .collect();
    orgflow::report::digest(&results)
}

#[wasm_bindgen_test]
fn the_browser_gives_the_same_bits_as_native_on_mm1() {
    let digest = browser_digest(include_str!("../../examples/validation/mm1.json"), 1, 2);
    assert_eq!(
        digest,
        include_str!("../golden/mm1-seed1-reps0-1.digest").trim()
    );
}

#[wasm_bindgen_test]
fn the_browser_gives_the_same_bits_as_native_on_a_full_preset() {
    let digest = browser_digest(
        include_str!("../../examples/faw_vw_front_middle_back_after.json"),
        1,
        2,
    );
    assert_eq!(
        digest,
        include_str!("../golden/faw_vw_front_middle_back_after-seed1-reps0-1.digest").trim()
    );
}

#[wasm_bindgen_test]
fn the_workspace_is_saved_per_scenario_and_read_back_in_the_browser() {
    use orgflow::document::persist::{self, Store};
    use orgflow::document::workspace::Workspace;
    use orgflow::ui::app::storage::LocalStore;

    let mut store = LocalStore;
    for key in store.keys() {
        if key.starts_with(storage::NAMESPACE) {
            store.remove(&key);
        }
    }
    let mut loaded = persist::load(&mut store);
    assert!(loaded.problems.is_empty());
    let mut workspace: Workspace = loaded.workspace.clone();
    let id = workspace.add(
        orgflow::document::workspace::blank_scenario_json().replace("新方案", "前中后台方案"),
        None,
    );
    let report = persist::save(&mut store, &mut loaded.synced, &workspace);
    assert!(!report.failed);
    assert!(
        store
            .get(&format!("{}scenario.{id}", storage::NAMESPACE))
            .is_some_and(|record| record.contains("前中后台方案"))
    );
    let again = persist::load(&mut store);
    assert_eq!(again.workspace.scenarios, workspace.scenarios);
}

/// The failure triggers of the end-to-end tests exist only with the
/// `test-hooks` feature: a build without it (the published site, and these
/// tests) exports none of them.
#[cfg(not(feature = "test-hooks"))]
#[wasm_bindgen_test]
fn builds_without_the_feature_export_no_test_hooks() {
    let exports = wasm_bindgen::exports();
    let has = |name: &str| {
        js_sys::Reflect::get(&exports, &name.into()).is_ok_and(|value| !value.is_undefined())
    };
    assert!(has("memory"), "the exports object is the module's");
    for hook in [
        "orgflowPanicForTest",
        "orgflowCrashWorkersForTest",
        "orgflowCloseWorkersForTest",
    ] {
        assert!(!has(hook), "{hook} is exported");
    }
}

#[wasm_bindgen_test]
fn exported_csv_cells_cannot_be_formulas_in_the_browser_build() {
    assert_eq!(
        orgflow::report::csv_field("=HYPERLINK(\"x\")"),
        "\"'=HYPERLINK(\"\"x\"\")\""
    );
    assert_eq!(orgflow::report::csv_field("-12.5"), "-12.5");
}

/// An edit is an intent the reducer applies to the state as it is when the
/// edit arrives: two edits made from the same rendered state (two fields
/// changed before a re-render) both land, each one undo step. When the
/// action carried a whole workspace built from the rendered state, the
/// second replaced the first.
#[wasm_bindgen_test]
fn two_edits_from_the_same_render_both_land_and_undo_one_at_a_time() {
    use orgflow::document::edits;
    use orgflow::document::workspace::Workspace;
    use orgflow::ui::state::{Action, AppState, Edit, Theme};
    use std::rc::Rc;
    use yew::Reducible;

    let rendered = Rc::new(AppState::new(
        Lang::En,
        Theme::Light,
        Workspace::from_presets(),
    ));
    let id = rendered
        .workspace
        .selected()
        .map(|d| d.id.clone())
        .unwrap_or_default();
    let read = |state: &AppState, pointer: &str| {
        let doc = state
            .workspace
            .get(&id)
            .map(|d| d.json.clone())
            .unwrap_or_default();
        serde_json::from_str::<serde_json::Value>(&doc)
            .ok()
            .and_then(|v| v.pointer(pointer).cloned())
    };
    let first = Action::Edit(Edit::scenario(&id, |v| {
        edits::set_number(v, "/units/0/headcount", 97.0)
    }));
    let second = Action::Edit(Edit::scenario(&id, |v| {
        edits::set_text(v, "/units/0/name", Some("Hub"))
    }));
    let after_first = rendered.clone().reduce(first);
    let after_both = after_first.reduce(second);
    assert_eq!(
        read(&after_both, "/units/0/headcount"),
        Some(serde_json::json!(97))
    );
    assert_eq!(
        read(&after_both, "/units/0/name"),
        Some(serde_json::json!("Hub"))
    );
    assert_eq!(after_both.past.len(), 2);
    let undone = after_both.reduce(Action::Undo);
    assert_eq!(
        read(&undone, "/units/0/headcount"),
        Some(serde_json::json!(97))
    );
    assert_ne!(
        read(&undone, "/units/0/name"),
        Some(serde_json::json!("Hub"))
    );
    // An edit that changes nothing records no undo step.
    let unchanged = undone
        .clone()
        .reduce(Action::Edit(Edit::scenario(&id, |_| false)));
    assert_eq!(unchanged.past.len(), undone.past.len());
}
