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
