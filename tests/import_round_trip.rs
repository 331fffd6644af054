//! Export → import is exact for every list kind: the downloads qingdan publishes (each list's
//! XLSX and CSV, the 属地管理 and 准入 lists, the guidance catalogs) imported into a copy of
//! the site give back the sources field by field. Run on the example county of this
//! repository, as a new user would round-trip its downloads, and on the import corpus, whose
//! lists carry what the example may not (sub-items with their own basis, notes, several
//! departments with their duties).

use crate::common;
use crate::corpus;

use qingdan::import::{self, Options};
use qingdan::model::{AdmissionList, Catalog, Field, ItemList, Part, Site, TerritorialList};
use qingdan::write::Output;
use std::path::{Path, PathBuf};

fn temp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("import-round-trip").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A site's sources (qingdan.toml and content/) copied into `to`.
fn copy_site(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    std::fs::copy(from.join("qingdan.toml"), to.join("qingdan.toml")).unwrap();
    common::copy_dir(&from.join("content"), &to.join("content"));
}

fn load(root: &Path) -> Site {
    load_only(root, None)
}

/// The site with only the lists named (all with `None`): comparing one list needs one.
fn load_only(root: &Path, lists: Option<&[&str]>) -> Site {
    let only: Option<std::collections::BTreeSet<String>> = lists.map(|l| l.iter().map(|s| s.to_string()).collect());
    let loaded = qingdan::source::load_lists_of(root, only.as_ref());
    let errors: Vec<_> = loaded.diags.list.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", root.display());
    loaded.site
}

/// Where the exporter writes: a plain directory.
struct Dir(PathBuf);

impl Output for Dir {
    fn dir(&self) -> &Path {
        &self.0
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::write(self.0.join(rel), bytes)
    }
}

/// The site's open data, as the website publishes it, into `out/data/`.
fn export(site: &Site, out: &Path) -> PathBuf {
    let index = qingdan::derive::Index::new(site);
    let exporter = qingdan::export::Exporter::new(&index, "data/");
    let dir = Dir(out.to_path_buf());
    let paths = exporter.paths();
    dir.create_dirs(&paths.iter().map(String::as_str).collect::<Vec<_>>()).unwrap();
    exporter.write(&dir).unwrap();
    out.join("data")
}

fn import_file(site: &Path, file: &Path, into: Option<&str>) {
    let opts = Options {
        files: vec![file.to_path_buf()],
        into: into.map(str::to_string),
        root: site.to_path_buf(),
        name: None,
        kind: None,
        list_kind: None,
        encoding: None,
        include_hidden: false,
        sheets: Vec::new(),
        level: None,
        force: true,
        dry_run: false,
    };
    let outcome = import::run(&opts).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    assert_eq!(outcome.exit_code(), 0, "{}:\n{}", file.display(), outcome.render());
}

/// Lists compared as their sources say, but for the title of a list that has none: its
/// downloads carry the title the website shows, which comes back written.
fn same_list(a: &ItemList, b: &ItemList, what: &str, site: &Site) {
    let body = site.bodies.iter().find(|x| x.code.value == a.body.value);
    let title = |l: &ItemList| match (&l.title, body) {
        (Some(t), _) => t.clone(),
        (None, Some(b)) if b.kind.is_grassroots() => format!("{}履行职责事项清单", b.name),
        (None, Some(b)) => format!("{}权责清单", b.name),
        (None, None) => String::new(),
    };
    assert_eq!(title(a), title(b), "{what}: title");
    assert_eq!(a.document, b.document, "{what}: document");
    assert_eq!(a.effective, b.effective, "{what}: effective");
    assert_eq!(a.notes, b.notes, "{what}: notes");
    for part in Part::ALL {
        let x: Vec<_> = a.part(part).collect();
        let y: Vec<_> = b.part(part).collect();
        assert_eq!(x.len(), y.len(), "{what}: {}", part.name());
        for (i, j) in x.iter().zip(&y) {
            for f in Field::ALL {
                assert_eq!(i.own_text(*f), j.own_text(*f), "{what}: {} {}", i.code.value, f.label());
                assert_eq!(i.text(*f), j.text(*f), "{what}: {} {}", i.code.value, f.label());
            }
            assert_eq!(i.extra, j.extra, "{what}: {} extra", i.code.value);
            assert_eq!(i.sub_items, j.sub_items, "{what}: {} sub_items", i.code.value);
            assert_eq!(i.sub_item_fields, j.sub_item_fields, "{what}: {} sub_item_fields", i.code.value);
        }
    }
}

fn same_territorial(a: &TerritorialList, b: &TerritorialList, what: &str) {
    assert_eq!(
        (&a.title, &a.document, a.effective, &a.notes),
        (&b.title, &b.document, b.effective, &b.notes),
        "{what}"
    );
    assert_eq!(a.matters.len(), b.matters.len(), "{what}");
    let codes = |v: &[qingdan::model::Located<String>]| v.iter().map(|c| c.value.clone()).collect::<Vec<_>>();
    for (x, y) in a.matters.iter().zip(&b.matters) {
        let at = format!("{what}: {}", x.code.value);
        assert_eq!(
            (&x.code.value, &x.number, &x.domain, &x.name),
            (&y.code.value, &y.number, &y.domain, &y.name),
            "{at}"
        );
        assert_eq!(
            (codes(&x.primary), &x.primary_duty, &x.township_duty),
            (codes(&y.primary), &y.primary_duty, &y.township_duty),
            "{at}"
        );
        assert_eq!((codes(&x.supporting), &x.supporting_duty), (codes(&y.supporting), &y.supporting_duty), "{at}");
        assert_eq!((&x.basis.text, &x.note), (&y.basis.text, &y.note), "{at}");
    }
}

fn same_admission(a: &AdmissionList, b: &AdmissionList, what: &str) {
    assert_eq!((&a.title, &a.document, &a.notes), (&b.title, &b.document, &b.notes), "{what}");
    assert_eq!(a.items.len(), b.items.len(), "{what}");
    let codes = |v: &[qingdan::model::Located<String>]| v.iter().map(|c| c.value.clone()).collect::<Vec<_>>();
    for (x, y) in a.items.iter().zip(&b.items) {
        let at = format!("{what}: {}", x.code.value);
        assert_eq!(
            (&x.code.value, &x.department.value, &x.title, &x.content),
            (&y.code.value, &y.department.value, &y.title, &y.content),
            "{at}"
        );
        assert_eq!(
            (x.category, &x.basis, &x.reason, codes(&x.townships)),
            (y.category, &y.basis, &y.reason, codes(&y.townships)),
            "{at}"
        );
        assert_eq!((x.period_from, x.period_to, x.long_term), (y.period_from, y.period_to, y.long_term), "{at}");
        assert_eq!(
            (&x.staff, &x.funds, &x.approved_by, &x.document),
            (&y.staff, &y.funds, &y.approved_by, &y.document),
            "{at}"
        );
        assert_eq!((x.approved_on, x.status, &x.note), (y.approved_on, y.status, &y.note), "{at}");
    }
}

fn same_catalog(a: &Catalog, b: &Catalog, what: &str) {
    assert_eq!(
        (&a.title, &a.issuer, &a.document, a.date, &a.notes),
        (&b.title, &b.issuer, &b.document, b.date, &b.notes),
        "{what}"
    );
    assert_eq!(a.items.len(), b.items.len(), "{what}");
    for (x, y) in a.items.iter().zip(&b.items) {
        let dept = |d: &Option<qingdan::model::Located<String>>| d.as_ref().map(|d| d.value.clone());
        assert_eq!(
            (&x.id.value, &x.number, &x.name, &x.power_type.value.raw, dept(&x.department), &x.note),
            (&y.id.value, &y.number, &y.name, &y.power_type.value.raw, dept(&y.department), &y.note),
            "{what}: {}",
            x.id.value
        );
    }
}

/// Exports `root`'s site, imports every download into a copy of it, and compares.
fn round_trip(root: &Path, work: &Path) -> usize {
    let original = load(root);
    let data = export(&original, &work.join("out"));
    let mut compared = 0;
    for format in ["xlsx", "csv"] {
        let copy = work.join(format!("copy-{format}"));
        copy_site(root, &copy);
        for list in &original.lists {
            let code = &list.body.value;
            import_file(&copy, &data.join(format!("{code}.{format}")), Some(code));
            let imported = load_only(&copy, Some(&[code.as_str()]));
            let back = imported.lists.iter().find(|l| &l.body.value == code).unwrap();
            same_list(list, back, &format!("{code}.{format}"), &original);
            compared += 1;
        }
        if let Some(t) = &original.territorial {
            import_file(&copy, &data.join(format!("territorial.{format}")), None);
            same_territorial(
                t,
                load_only(&copy, Some(&[])).territorial.as_ref().unwrap(),
                &format!("territorial.{format}"),
            );
            compared += 1;
        }
        if let Some(a) = &original.admission {
            import_file(&copy, &data.join(format!("admission.{format}")), None);
            same_admission(a, load_only(&copy, Some(&[])).admission.as_ref().unwrap(), &format!("admission.{format}"));
            compared += 1;
        }
        for c in &original.catalogs {
            let id = &c.id.value;
            // The file's name says the catalog's id: no --into needed.
            import_file(&copy, &data.join(format!("guidance-{id}.{format}")), None);
            let back = load_only(&copy, Some(&[]));
            same_catalog(
                c,
                back.catalogs.iter().find(|x| &x.id.value == id).unwrap(),
                &format!("guidance-{id}.{format}"),
            );
            compared += 1;
        }
    }
    compared
}

#[test]
fn the_example_countys_downloads_import_back_exactly() {
    let work = temp("example");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = load(root);
    let expected = 2 * (site.lists.len() + site.catalogs.len() + 2);
    assert_eq!(round_trip(root, &work), expected);
}

#[test]
fn the_corpus_imports_and_exports_back_exactly() {
    let work = temp("corpus");
    let site = work.join("site");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_qingdan")).arg("init").arg(&site).output().unwrap();
    assert!(status.status.success());
    corpus::add_bodies(&site);
    std::fs::remove_file(site.join("content/lists/dongcun.toml")).unwrap();
    let files = work.join("files");
    std::fs::create_dir_all(&files).unwrap();
    let cases = corpus::write(&files);
    let territorial = cases.iter().filter(|c| c.expect.kind == "属地管理事项清单");
    for case in territorial.chain(cases.iter().filter(|c| c.expect.status == 0 && c.expect.kind != "属地管理事项清单"))
    {
        let mut opts = Options {
            files: case.files.clone(),
            into: case.into.map(str::to_string),
            root: site.clone(),
            name: None,
            kind: None,
            list_kind: None,
            encoding: None,
            include_hidden: false,
            sheets: Vec::new(),
            level: None,
            force: true,
            dry_run: false,
        };
        let arg = |name: &str| case.options.iter().position(|a| *a == name).map(|i| case.options[i + 1].to_string());
        opts.name = arg("--name");
        opts.level = arg("--level");
        let outcome = import::run(&opts).unwrap();
        assert_eq!(outcome.exit_code(), 0, "{}:\n{}", case.name, outcome.render());
    }
    let loaded = load(&site);
    let tangxi = loaded.lists.iter().find(|l| l.body.value == "tangxi").unwrap();
    assert!(
        tangxi.notes.is_some() && tangxi.items.iter().any(|i| !i.sub_item_fields.is_empty()),
        "the corpus has what is checked"
    );
    assert!(round_trip(&site, &work.join("trip")) >= 14);
}

/// The six real workbooks, imported and then exported: their downloads come back as imported.
/// Department lists keep their own 部门职责 column among the other columns (it is not the
/// 上级部门职责 of a supporting duty), and civil defense's sub-items keep their own basis.
#[test]
fn real_workbooks_round_trip_through_their_downloads() {
    let work = temp("real");
    let site = work.join("site");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_qingdan")).arg("init").arg(&site).output().unwrap();
    assert!(status.status.success());
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples/real");
    for (file, code) in [
        ("agriculture-2024.xls", "nongyenongcun"),
        ("civil-defense.xlsx", "renfang"),
        ("finance-2025.xlsx", "caizheng"),
        ("government-offices-2024.xls", "jiguanshiwu"),
        ("medical-security-2024.xls", "yibao"),
        ("statistics-2025.xlsx", "tongji"),
    ] {
        import_file(&site, &samples.join(file), Some(code));
    }
    let loaded = load(&site);
    let offices = loaded.lists.iter().find(|l| l.body.value == "jiguanshiwu").unwrap();
    assert!(offices.items.iter().all(|i| !i.extra("部门职责").is_empty() && i.departments.is_empty()));
    let air = loaded.lists.iter().find(|l| l.body.value == "renfang").unwrap();
    assert!(air.items.iter().any(|i| i.sub_item_fields.len() == 2));
    assert_eq!(round_trip(&site, &work.join("trip")), 2 * (loaded.lists.len() + loaded.catalogs.len() + 2));
}
