//! The layout shows the architecture: data flows one way, from sources to model to checks to
//! derivations to pages, and a layer never calls back up. Each top-level module of `src/` has a
//! layer here; a module may use only modules of lower layers (`crate::<module>` anywhere in its
//! files). docs/architecture.md draws the same layers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Layers, lowest first.
const LAYERS: &[&[&str]] = &[
    &["model", "urls", "error", "timing", "memory", "leftovers"],
    &["diag", "progress"],
    &["source"],
    &["write", "derive"],
    &["check", "diff"],
    &["history"],
    &["export", "search"],
    &["import", "render"],
    &["build", "serve", "init"],
    &["cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file of `src/` belongs to.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy().to_string();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (!["lib", "main"].contains(&name.as_str())).then_some(name)
}

/// `crate::x` paths in a file, outside comments.
fn uses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.push(name);
            }
            rest = after;
        }
        // `use crate::{a, b}` names several modules at once.
        if let Some(group) = code.trim().strip_prefix("use crate::{") {
            out.extend(group.split([',', '}']).map(|s| s.trim().split("::").next().unwrap_or("").to_string()));
        }
    }
    out
}

#[test]
fn no_layer_uses_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut edges: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else { continue };
        let text = std::fs::read_to_string(file).unwrap();
        for used in uses(&text) {
            if used != module && layer(&used).is_some() {
                let rel = file.strip_prefix(&src).unwrap().display().to_string();
                edges.entry((module.clone(), used)).or_default().push(rel);
            }
        }
    }
    let mut wrong = Vec::new();
    for ((from, to), places) in &edges {
        let (Some(a), Some(b)) = (layer(from), layer(to)) else { continue };
        if b >= a {
            wrong.push(format!("{from} (layer {a}) uses {to} (layer {b}) in {}", places.join(", ")));
        }
    }
    let unknown: Vec<String> = files.iter().filter_map(|f| module_of(&src, f)).filter(|m| layer(m).is_none()).collect();
    assert!(unknown.is_empty(), "modules without a layer (add them to LAYERS and docs/architecture.md): {unknown:?}");
    assert!(wrong.is_empty(), "dependencies that go up or sideways:\n{}", wrong.join("\n"));
    assert!(edges.len() > 30, "the scan found the modules' dependencies ({} edges)", edges.len());
}

/// Sibling files of one module (`src/<m>/<file>.rs`, not its `mod.rs`) that a file names, as
/// `super::<file>` or `crate::<m>::<file>`.
fn sibling_uses(text: &str, module: &str, siblings: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for prefix in ["super::".to_string(), format!("crate::{module}::")] {
            let mut rest = code;
            while let Some(at) = rest.find(&prefix) {
                let after = &rest[at + prefix.len()..];
                let mut names = vec![after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()];
                // `use super::{a, b::C}` names several siblings at once.
                if let Some(group) = after.strip_prefix('{') {
                    let group = group.split('}').next().unwrap_or("");
                    names = group.split(',').map(|s| s.trim().split("::").next().unwrap_or("").to_string()).collect();
                }
                out.extend(names.into_iter().filter(|n| siblings.contains(n)));
                rest = after;
            }
        }
    }
    out
}

/// A cycle in a small graph, as the list of its nodes, if there is one.
fn cycle(graph: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, Vec<String>>,
        path: &mut Vec<String>,
        done: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            return Some(path[at..].to_vec());
        }
        if done.iter().any(|d| d == node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.push(node.to_string());
        None
    }
    let mut done = Vec::new();
    graph.keys().find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_import_circle_between_the_files_of_a_module() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut circles = Vec::new();
    let mut scanned = 0;
    for dir in std::fs::read_dir(&src).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()) {
        let module = dir.file_name().unwrap().to_string_lossy().to_string();
        let files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs") && !p.ends_with("mod.rs"))
            .collect();
        let siblings: Vec<String> =
            files.iter().map(|f| f.file_stem().unwrap().to_string_lossy().to_string()).collect();
        let mut graph = BTreeMap::new();
        for (file, name) in files.iter().zip(&siblings) {
            let text = std::fs::read_to_string(file).unwrap();
            // Unit tests may reach anywhere; only the module's own code counts.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let mut used = sibling_uses(code, &module, &siblings);
            used.retain(|u| u != name);
            used.sort();
            used.dedup();
            scanned += used.len();
            graph.insert(name.clone(), used);
        }
        if let Some(c) = cycle(&graph) {
            circles.push(format!("src/{module}/: {} → {}", c.join(" → "), c[0]));
        }
    }
    assert!(
        circles.is_empty(),
        "files of a module that use each other (move what both need into a third file):\n{}",
        circles.join("\n")
    );
    assert!(scanned > 20, "the scan found the files' dependencies ({scanned} edges)");
}

/// Templates take every path from `urls` (`{{ root }}{{ urls.home }}`, `url_item(…)`), so the
/// URL scheme lives in src/urls.rs alone.
#[test]
fn templates_write_no_paths_of_their_own() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut written = Vec::new();
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        checked += text.matches("{{ root }}").count();
        for (n, line) in text.lines().enumerate() {
            let mut rest = line;
            while let Some(at) = rest.find("{{ root }}") {
                rest = &rest[at + "{{ root }}".len()..];
                if rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '/' || c == '#') {
                    written.push(format!("{}:{}: {}", path.file_name().unwrap().to_string_lossy(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        written.is_empty(),
        "paths written in templates (use urls.* or url_*() from src/urls.rs):\n{}",
        written.join("\n")
    );
    assert!(checked > 20, "the templates link through root ({checked} links)");
}

/// With one test binary (`autotests = false`), a file in tests/ that tests/main.rs does not
/// declare would never run.
#[test]
fn every_test_file_is_part_of_the_test_binary() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let main = std::fs::read_to_string(dir.join("main.rs")).unwrap();
    let mut missing = Vec::new();
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let is_module = path.extension().is_some_and(|x| x == "rs") || path.join("mod.rs").is_file();
        if !is_module || name == "main" {
            continue;
        }
        files += 1;
        if !main.lines().any(|l| l.trim() == format!("mod {name};")) {
            missing.push(name);
        }
    }
    assert!(missing.is_empty(), "test files that tests/main.rs does not declare (add `mod <name>;`): {missing:?}");
    assert!(files > 10, "tests/ holds the test modules ({files})");
}
