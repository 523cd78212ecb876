//! The simulation Web Worker's entry point (built by Trunk as a no-modules
//! worker; the app starts it from a `blob:` script that loads `worker.js`,
//! see `ui::worker_link`).

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    orgflow::worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the orgflow worker runs inside the browser app: see README.md");
    std::process::exit(2);
}
