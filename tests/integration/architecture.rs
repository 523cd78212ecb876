//! The module structure the README promises: no import cycle between the
//! source files of the library.
//!
//! A file imports another when its code (not its comments) names a path
//! into it: `crate::a::b::Item`, `super::c`, or a `use` group
//! (`use crate::a::{b, c::d}`). Each path is resolved to the deepest module
//! with a file (`src/a/b.rs` or `src/a/b/mod.rs`). Cycles are the strongly
//! connected components with more than one file (Tarjan's algorithm).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, as its module path (`["ui", "state"]`).
fn modules(dir: &Path, prefix: &[String], found: &mut BTreeMap<Vec<String>, PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if path.is_dir() {
            if name == "bin" {
                continue;
            }
            let mut inner = prefix.to_vec();
            inner.push(name);
            modules(&path, &inner, found);
        } else if let Some(stem) = name.strip_suffix(".rs") {
            let mut module = prefix.to_vec();
            if stem != "mod" && stem != "lib" {
                module.push(stem.to_string());
            }
            found.insert(module, path);
        }
    }
}

/// The code of a file without comments (line comments, doc comments and
/// block comments), so a documentation link is not an import.
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut in_block = false;
    for line in text.lines() {
        let mut rest = line;
        if in_block {
            match rest.find("*/") {
                Some(end) => {
                    rest = &rest[end + 2..];
                    in_block = false;
                }
                None => continue,
            }
        }
        if let Some(start) = rest.find("/*") {
            in_block = !rest[start..].contains("*/");
            rest = &rest[..start];
        }
        let line = match rest.find("//") {
            Some(start) => &rest[..start],
            None => rest,
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Paths of the form `crate::…` or `super::…` in `code`, with one level of
/// `{…}` groups expanded.
fn paths(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    for root in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(root) {
            let start = from + at;
            from = start + root.len();
            if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
                continue;
            }
            let mut end = start;
            while end < bytes.len()
                && (bytes[end].is_ascii_alphanumeric() || b"_:".contains(&bytes[end]))
            {
                end += 1;
            }
            let head = code[start..end].trim_end_matches(':').to_string();
            if end < bytes.len() && bytes[end] == b'{' && code[start..end].ends_with("::") {
                let close = code[end..].find('}').map_or(bytes.len(), |c| end + c);
                for item in code[end + 1..close].split(',') {
                    let item = item.trim().split([' ', '{']).next().unwrap_or("");
                    if item.is_empty() || item == "self" {
                        found.push(head.clone());
                    } else {
                        found.push(format!("{head}::{item}"));
                    }
                }
            } else {
                found.push(head);
            }
        }
    }
    found
}

/// The module file a path from `module` lands in, if it is another file.
fn resolve(
    path: &str,
    module: &[String],
    files: &BTreeMap<Vec<String>, PathBuf>,
) -> Option<Vec<String>> {
    let mut parts: Vec<&str> = path.split("::").collect();
    let mut base: Vec<String> = Vec::new();
    match parts.first() {
        Some(&"crate") => {
            parts.remove(0);
        }
        Some(&"super") => {
            // `super` of module a::b is `a`, whether the module is
            // `a/b.rs` or `a/b/mod.rs`.
            base = module.to_vec();
            while parts.first() == Some(&"super") {
                parts.remove(0);
                base.pop();
            }
        }
        _ => return None,
    }
    let mut full = base;
    full.extend(parts.iter().map(|p| p.to_string()));
    (1..=full.len())
        .rev()
        .map(|n| full[..n].to_vec())
        .find(|candidate| files.contains_key(candidate))
}

/// Strongly connected components of `graph` with more than one node.
fn cycles(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<String>> {
    struct Tarjan<'a> {
        graph: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on_stack: BTreeSet<&'a Vec<String>>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, node: &'a Vec<String>) {
            let n = self.index.len();
            self.index.insert(node, n);
            self.low.insert(node, n);
            self.stack.push(node);
            self.on_stack.insert(node);
            for next in self.graph.get(node).into_iter().flatten() {
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut component = Vec::new();
                while let Some(top) = self.stack.pop() {
                    self.on_stack.remove(top);
                    component.push(top.join("::"));
                    if top == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut tarjan = Tarjan {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !tarjan.index.contains_key(node) {
            tarjan.visit(node);
        }
    }
    tarjan.found
}

/// The library's file import graph.
fn import_graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    modules(&src, &[], &mut files);
    let mut graph = BTreeMap::new();
    for (module, path) in &files {
        let text = fs::read_to_string(path).unwrap_or_default();
        let targets: BTreeSet<Vec<String>> = paths(&code(&text))
            .iter()
            .filter_map(|p| resolve(p, module, &files))
            .filter(|target| target != module && !target.is_empty())
            .collect();
        graph.insert(module.clone(), targets);
    }
    graph
}

#[test]
fn the_library_has_no_import_cycles() {
    let graph = import_graph();
    // The checker reads the tree: it sees the big modules and their links.
    assert!(graph.len() > 50, "{} files", graph.len());
    let edge = |from: &str, to: &str| {
        let key = |s: &str| s.split("::").map(String::from).collect::<Vec<_>>();
        graph
            .get(&key(from))
            .is_some_and(|targets| targets.contains(&key(to)))
    };
    assert!(edge("ui::app::shell", "ui::state"));
    assert!(edge("sim::engine::journey", "sim::model") || edge("sim::engine", "sim::model"));
    let found = cycles(&graph);
    assert!(found.is_empty(), "import cycles: {found:?}");
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let key = |s: &str| vec![s.to_string()];
    let mut graph = BTreeMap::new();
    graph.insert(key("a"), BTreeSet::from([key("b")]));
    graph.insert(key("b"), BTreeSet::from([key("c")]));
    graph.insert(key("c"), BTreeSet::from([key("a")]));
    graph.insert(key("d"), BTreeSet::from([key("a")]));
    assert_eq!(cycles(&graph), vec![vec!["a", "b", "c"]]);
    // Paths, groups and comments as the code writes them.
    let text = "use super::state::{Action, Edit};\n// crate::ui::nothing\nuse crate::document::{edits, pointer::escape};\n";
    assert_eq!(
        paths(&code(text)),
        vec![
            "crate::document::edits",
            "crate::document::pointer::escape",
            "super::state::Action",
            "super::state::Edit"
        ]
    );
}
