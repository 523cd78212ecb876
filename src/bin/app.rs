//! The browser app's entry point (built by Trunk as the main wasm module).

#[cfg(target_arch = "wasm32")]
fn main() {
    // Panics become a readable console error and a banner that says the
    // work is saved and offers a reload.
    orgflow::ui::app::panic_banner::install();
    orgflow::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the orgflow app runs in the browser: see README.md (scripts/serve.sh)");
    std::process::exit(2);
}
