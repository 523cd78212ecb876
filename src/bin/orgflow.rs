//! The native command-line tool `orgflow`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let arg = std::env::args().nth(1).unwrap_or_default();
    match arg.as_str() {
        "--version" | "-V" => println!("orgflow {}", orgflow::VERSION),
        _ => println!("orgflow {}\n\nUsage: orgflow [--help | --version]", orgflow::VERSION),
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
