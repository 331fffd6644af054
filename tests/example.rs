//! The bundled example county (青山县: the repository's own `content/` and `history/`):
//!
//! - it is exactly what `scripts/county.py` generates, for the current content and for each of
//!   the four releases, so the example can be re-made from its tables and nobody edits the
//!   generated lists by hand (docs/example.md);
//! - it has the shape of the lists townships published in 2025 (issue 13): per township about
//!   100–140 基本, 60–110 配合 and 90–140 收回 items, one town at pilot scale, 20 or more
//!   Party-building duties, every category used, streets without 乡村振兴.

use crate::common;

use common::TempDir;
use qingdan::model::{BodyKind, Part};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// Every file under `dir`, by path relative to it, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::tree(dir)
}

/// A copy of the site in which `scripts/county.py` has written `state`; `release`: as frozen,
/// without the 办事指南 added after the last release.
fn generated(state: u8, release: bool) -> TempDir {
    let tmp = TempDir::new(&format!("example-state-{state}"));
    std::fs::copy(Path::new(REPO).join("qingdan.toml"), tmp.join("qingdan.toml")).unwrap();
    common::copy_dir(&Path::new(REPO).join("content"), &tmp.join("content"));
    if release {
        std::fs::remove_dir_all(tmp.join("content/files")).unwrap();
    }
    let out = Command::new("python3")
        .arg(Path::new(REPO).join("scripts/county.py"))
        .args(["--root", tmp.path().to_str().unwrap(), "--state", &state.to_string(), "--quiet"])
        .args(release.then_some("--release"))
        .output()
        .expect("python3 is needed to run scripts/county.py");
    assert!(
        out.status.success(),
        "scripts/county.py --state {state} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    tmp
}

#[track_caller]
fn assert_same_files(expected: &Path, actual: &Path, what: &str) {
    let (want, got) = (files(expected), files(actual));
    let missing: Vec<&String> = want.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<&String> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    let differ: Vec<&String> = want.keys().filter(|k| got.get(*k).is_some_and(|b| b != &want[*k])).collect();
    assert!(
        missing.is_empty() && extra.is_empty() && differ.is_empty(),
        "{what}: generated files differ from {} (missing {missing:?}, extra {extra:?}, different {differ:?}); \
         regenerate with scripts/county-releases",
        expected.display()
    );
}

#[test]
fn the_current_content_is_what_the_generator_writes() {
    let tmp = generated(4, false);
    assert_same_files(&Path::new(REPO).join("content"), &tmp.join("content"), "content/");
}

#[test]
fn each_release_is_a_state_of_the_generator() {
    let history = Path::new(REPO).join("history");
    let mut ids: Vec<String> = std::fs::read_dir(&history)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && n != "CHAIN")
        .collect();
    ids.sort();
    assert_eq!(ids.len(), 4, "the example has four releases: {ids:?}");
    for (state, id) in (1u8..).zip(&ids) {
        let tmp = generated(state, true);
        assert_same_files(&history.join(id).join("content"), &tmp.join("content"), &format!("release {id}"));
    }
}

#[test]
fn the_example_checks_clean_and_has_the_national_three_part_shape() {
    let root = Path::new(REPO);
    let checked = qingdan::build::check(root);
    let problems: Vec<String> = checked.diags.list.iter().map(|d| format!("{d:?}")).collect();
    assert!(problems.is_empty(), "the example checks without errors or warnings: {problems:#?}");

    let site = qingdan::source::load(root).site;
    let mut rows = Vec::new();
    for body in &site.bodies {
        let street = body.kind == BodyKind::Street;
        if !(street || matches!(body.kind, BodyKind::Town | BodyKind::Township)) {
            continue;
        }
        let list = site.list(&body.code).unwrap_or_else(|| panic!("{} has a list", body.name));
        let count = |part: Part| list.items.iter().filter(|i| i.part == part).count();
        let (basic, support, recalled) = (count(Part::Basic), count(Part::Support), count(Part::Recalled));
        let categories: Vec<&str> =
            list.items.iter().filter(|i| i.part == Part::Basic).filter_map(|i| i.category.as_deref()).collect();
        assert_eq!(categories.len(), basic, "{}: every basic item has a category", body.name);
        let party = categories.iter().filter(|c| **c == "党的建设").count();
        assert!(party >= 20, "{}: {party} 党的建设 duties, the lists have twenty or more", body.name);
        for category in ["党的建设", "经济发展", "民生服务", "平安法治", "生态环境保护", "城乡建设", "综合保障"]
        {
            assert!(categories.contains(&category), "{}: no basic item in {category}", body.name);
        }
        assert_eq!(categories.contains(&"乡村振兴"), !street, "{}: 乡村振兴 is for 乡 and 镇 only", body.name);
        if street {
            for category in ["城市管理", "社区治理"] {
                assert!(categories.contains(&category), "{}: a street has {category} duties", body.name);
            }
        }
        let duties = list.items.iter().filter(|i| i.part == Part::Basic && i.power_type.is_none()).count();
        assert!(
            duties * 2 > basic,
            "{}: most basic items are duties without a 权力类型 ({duties} of {basic})",
            body.name
        );
        assert!((100..=140).contains(&basic), "{}: {basic} basic items", body.name);
        assert!((60..=110).contains(&support), "{}: {support} supporting items", body.name);
        rows.push((body.name.clone(), basic, support, recalled));
    }
    assert!(rows.len() >= 10, "at least ten townships and streets: {}", rows.len());
    rows.sort_by_key(|r| std::cmp::Reverse(r.3));
    let (pilot, others) = rows.split_first().unwrap();
    assert!((320..=360).contains(&pilot.3), "{} is at pilot scale (about 340 recalled): {}", pilot.0, pilot.3);
    for (name, _, _, recalled) in others {
        assert!((90..=140).contains(recalled), "{name}: {recalled} recalled items");
    }
    let total: usize = rows.iter().map(|r| r.1 + r.2 + r.3).sum();
    let shifted: usize = rows.iter().map(|r| r.2 + r.3).sum();
    let share = shifted as f64 / total as f64;
    assert!(
        (0.6..=0.7).contains(&share),
        "配合 + 收回 are about two thirds of all items (nationally 65.6%): {share:.3}"
    );
    for (name, basic, support, recalled) in &rows {
        eprintln!("{name}: 基本 {basic}, 配合 {support}, 收回 {recalled}");
    }
}
