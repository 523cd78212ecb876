//! The browser app's entry point (built by Trunk as the main wasm module).

#[cfg(target_arch = "wasm32")]
fn main() {
    // Turn panics into readable console errors instead of "unreachable".
    console_error_panic_hook::set_once();
    orgflow::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the orgflow app runs in the browser: see README.md (scripts/serve.sh)");
    std::process::exit(2);
}
