//! `qingdan import` on the corpus of `tests/corpus`: every layout a 编办 publishes its lists
//! in, each list kind, hidden content, and files that are no list. Per-part counts, fields
//! sample by sample, the report's hidden cells and declared counts, and refusals.

use crate::corpus;

use qingdan::model::{AdmissionCategory, AdmissionStatus, Field, ItemList, Part, Site};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

fn temp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("import-corpus").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the binary; returns the exit code, stdout and stderr.
fn qingdan<I, S>(args: I) -> (i32, String, String)
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = Command::new(env!("CARGO_BIN_EXE_qingdan")).args(args).env("NO_COLOR", "1").output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A starter site with the corpus's departments and townships, and the corpus written beside.
fn setup(name: &str) -> (PathBuf, Vec<corpus::Case>) {
    let dir = temp(name);
    let site = dir.join("site");
    let (code, _, err) = qingdan([OsStr::new("init"), site.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    corpus::add_bodies(&site);
    // The starter's own list refers to its 属地 and 准入 lists, which the corpus replaces.
    std::fs::remove_file(site.join("content/lists/dongcun.toml")).unwrap();
    let files = dir.join("files");
    std::fs::create_dir_all(&files).unwrap();
    (site, corpus::write(&files))
}

fn import(site: &Path, case: &corpus::Case, extra: &[&str]) -> (i32, String, String) {
    let mut args: Vec<&OsStr> = vec![OsStr::new("import")];
    args.extend(case.files.iter().map(|f| f.as_os_str()));
    if let Some(into) = case.into {
        args.extend([OsStr::new("--into"), OsStr::new(into)]);
    }
    args.extend([OsStr::new("--root"), site.as_os_str()]);
    args.extend(case.options.iter().map(OsStr::new));
    args.extend(extra.iter().map(OsStr::new));
    qingdan(args)
}

fn load(site: &Path) -> Site {
    let loaded = qingdan::source::load(site);
    let errors: Vec<_> = loaded.diags.list.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    loaded.site
}

fn list<'a>(site: &'a Site, code: &str) -> &'a ItemList {
    site.lists.iter().find(|l| l.body.value == code).unwrap_or_else(|| panic!("no list for {code}"))
}

fn counts(list: &ItemList) -> [usize; 3] {
    Part::ALL.map(|p| list.part(p).count())
}

fn case<'a>(cases: &'a [corpus::Case], name: &str) -> &'a corpus::Case {
    cases.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no case {name}"))
}

#[test]
fn every_layout_imports_with_its_counts_and_the_site_checks() {
    let (site, cases) = setup("all");
    // The county tables first, so that the townships' supporting duties agree with them.
    let order: Vec<&corpus::Case> = cases
        .iter()
        .filter(|c| c.expect.kind == "属地管理事项清单")
        .chain(cases.iter().filter(|c| c.expect.kind != "属地管理事项清单"))
        .collect();
    for case in order {
        let (status, _, report) = import(&site, case, &["--force"]);
        assert_eq!(status, case.expect.status, "{}:\n{report}", case.name);
        for expected in &case.expect.report {
            assert!(report.contains(expected.as_str()), "{}: expected {expected:?} in\n{report}", case.name);
        }
        if status != 0 {
            assert!(report.contains("没有写入任何文件"), "{}:\n{report}", case.name);
            continue;
        }
        assert!(report.contains(&format!("内容：{}", case.expect.kind)), "{}:\n{report}", case.name);
        let loaded = load(&site);
        let found = match case.expect.kind {
            "属地管理事项清单" => [loaded.territorial.as_ref().unwrap().matters.len(), 0, 0],
            "职责准入清单" => [loaded.admission.as_ref().unwrap().items.len(), 0, 0],
            "指导目录" => {
                let id = case.into.unwrap();
                [loaded.catalogs.iter().find(|c| c.id.value == id).unwrap().items.len(), 0, 0]
            }
            _ => counts(list(&loaded, case.into.unwrap())),
        };
        assert_eq!(found, case.expect.parts, "{}:\n{report}", case.name);
    }
    // Nothing was written for the refused files.
    for code in ["huamingce", "jiyao"] {
        assert!(!site.join(format!("content/lists/{code}.toml")).exists());
        assert!(!site.join(format!("content/bodies/{code}.toml")).exists());
    }
    let (status, _, err) = qingdan([OsStr::new("check"), OsStr::new("--root"), site.as_os_str()]);
    assert_eq!(status, 0, "qingdan check after importing the corpus:\n{err}");
}

#[test]
fn township_fields_land_where_they_belong() {
    let (site, cases) = setup("fields");
    for name in [
        "属地管理",
        "乡镇·每部分一张表",
        "乡镇·一张表分三段",
        "乡镇·清单部分一列",
        "乡镇·每部分一个CSV",
        "类别列是权力类型",
    ] {
        let (status, _, report) = import(&site, case(&cases, name), &["--force"]);
        assert_eq!(status, 0, "{name}:\n{report}");
    }
    let loaded = load(&site);

    // A sheet per part: title from the parts' titles, 文号 and date from the line under it,
    // the footnote as the list's notes.
    let tangxi = list(&loaded, "tangxi");
    assert_eq!(tangxi.title.as_deref(), Some("塘溪镇履行职责事项清单"));
    assert_eq!(tangxi.document.as_deref(), Some("青编办〔2025〕8号"));
    assert_eq!(tangxi.effective.map(|d| d.to_string()).as_deref(), Some("2025-10-01"));
    assert_eq!(tangxi.notes.as_deref(), Some("备注：本清单所列事项由塘溪镇人民政府负责解释。"));
    let basic: Vec<_> = tangxi.part(Part::Basic).collect();
    // Categories merged down the column reach every item under them.
    for (item, duty) in basic.iter().zip(corpus::BASIC.iter()) {
        assert_eq!(item.name, duty.name);
        assert_eq!(item.category.as_deref(), Some(duty.category), "{}", item.name);
        assert_eq!(item.tasks.as_deref(), Some(duty.tasks), "{}", item.name);
    }
    // 序号 from formulas, counting past the hidden row.
    let numbers: Vec<&str> = basic.iter().map(|i| i.number.as_deref().unwrap_or("")).collect();
    assert_eq!(numbers[..6], ["1", "2", "3", "4", "5", "6"]);
    assert!(!basic.iter().any(|i| i.name.contains("已取消")), "the hidden row is not published");
    assert!(basic.iter().all(|i| i.extra("内部编号").is_empty()), "the hidden column is not published");
    // Numbered sub-items on one line; two units on two lines of one cell.
    let dibao = basic.iter().find(|i| i.name == "最低生活保障审核确认").unwrap();
    assert_eq!(dibao.sub_items, ["1.低保新申请", "2.低保复核", "3.低保停发"]);
    let env = basic.iter().find(|i| i.name == "农村人居环境整治").unwrap();
    assert_eq!(env.extra("承办机构"), "村镇建设办公室\n综合行政执法队");
    // Each sub-item keeps its own basis; the item's text says which is whose.
    let veterans = basic.iter().find(|i| i.name == "退役军人服务保障").unwrap();
    assert_eq!(veterans.sub_items, ["1.退役军人信息采集", "2.优抚对象定期抚恤金发放初审"]);
    assert_eq!(veterans.basis.text, "", "no basis shared by both sub-items");
    assert_eq!(veterans.sub_item_fields.len(), 2);
    assert_eq!(veterans.sub_item_fields[0].get(Field::Basis), Some("《退役军人保障法》第十二条"));
    assert_eq!(veterans.sub_item_fields[1].get(Field::Basis), Some("《军人抚恤优待条例》第二十条"));
    assert_eq!(
        veterans.text(Field::Basis),
        "1.退役军人信息采集：《退役军人保障法》第十二条\n2.优抚对象定期抚恤金发放初审：《军人抚恤优待条例》第二十条"
    );
    assert_eq!(veterans.category.as_deref(), Some("综合保障"));
    // Supporting duties: each department with its own duty, under the two-level header.
    let support: Vec<_> = tangxi.part(Part::Support).collect();
    for (item, s) in support.iter().zip(corpus::SUPPORT.iter()) {
        assert_eq!(item.name, s.name);
        assert_eq!(item.departments.len(), s.departments.len(), "{}", item.name);
        assert_eq!(item.township_duty.as_deref(), Some(s.township_duty));
        for (r, duty) in item.departments.iter().zip(s.department_duties) {
            assert_eq!(r.duty.as_deref(), Some(*duty), "{}", item.name);
        }
    }
    let codes: Vec<&str> = support[6].departments.iter().map(|r| r.department.value.as_str()).collect();
    assert_eq!(codes, ["zhujian", "ziranziyuan", "nongye"]);
    // Recalled powers: the receiving department, 工作方式, date; the value under the merged
    // 备注 is not published.
    let recalled: Vec<_> = tangxi.part(Part::Recalled).collect();
    for (item, r) in recalled.iter().zip(corpus::RECALLED.iter()) {
        assert_eq!(item.name, r.name);
        assert_eq!(item.after_recall.as_deref(), Some(r.after_recall));
        assert_eq!(item.power_type.as_ref().unwrap().raw, r.power_type);
        assert_eq!(item.recalled_on.map(|d| d.to_string()).as_deref(), Some("2025-10-01"));
    }
    assert_eq!(recalled[1].note.as_deref(), Some("两项合并收回"));
    assert_eq!(recalled[0].departments[0].department.value, "nongye");

    // Three tables in one sheet: categories from section rows, parts from the rows above each
    // header, 配合部门 and 收回部门 under their 2025 names.
    let shimen = list(&loaded, "shimen");
    assert_eq!(counts(shimen), [corpus::BASIC.len(), corpus::SUPPORT.len(), corpus::RECALLED.len()]);
    for (item, duty) in shimen.part(Part::Basic).zip(corpus::BASIC.iter()) {
        assert_eq!(item.category.as_deref(), Some(duty.category), "{}", item.name);
    }
    let burning = shimen.part(Part::Support).find(|i| i.name == "秸秆禁烧").unwrap();
    assert_eq!(burning.departments[0].department.value, "shengtai");
    assert!(shimen.part(Part::Recalled).all(|i| i.power_type.is_some()), "原权力类型 is the type");
    let fishing = shimen.part(Part::Recalled).next().unwrap();
    assert_eq!(
        (fishing.departments[0].department.value.as_str(), fishing.after_recall.as_deref()),
        ("nongye", Some("发现报告"))
    );

    // A part column named in the publisher's words.
    let yunling = list(&loaded, "yunling");
    assert_eq!(counts(yunling), [8, 5, 6]);
    assert_eq!(yunling.items[0].category.as_deref(), Some("党的建设"));

    // One CSV per part, the part taken from each file's name.
    let dongshan = list(&loaded, "dongshan");
    assert_eq!(dongshan.title.as_deref(), Some("东山镇履行职责事项清单"));
    // "事项类别" holding categories of duties is the category, the 权力类型 column the type.
    for (item, duty) in dongshan.part(Part::Basic).zip(corpus::BASIC.iter()) {
        assert_eq!(item.category.as_deref(), Some(duty.category));
        assert_eq!(item.power_type.as_ref().map(|t| t.raw.as_str()).unwrap_or(""), duty.power_type);
    }
    let gbk = dongshan.part(Part::Support).nth(6).unwrap();
    assert_eq!(gbk.departments.len(), 3, "several departments, one per line, in a GBK file");

    // "类别" holding 权力类型 is read as the type, and the report says so.
    let beishan = list(&loaded, "beishan");
    assert!(beishan.items.iter().all(|i| i.power_type.as_ref().is_some_and(|t| t.official.is_some())));
    assert!(beishan.items.iter().all(|i| i.category.is_none()));
}

#[test]
fn county_tables_become_their_sources() {
    let (site, cases) = setup("county");
    for name in ["属地管理", "职责准入", "指导目录"] {
        let (status, _, report) = import(&site, case(&cases, name), &["--force"]);
        assert_eq!(status, 0, "{name}:\n{report}");
    }
    let loaded = load(&site);
    let t = loaded.territorial.as_ref().unwrap();
    assert_eq!(t.title, "青山县乡镇（街道）属地管理事项主体责任和配合责任清单");
    assert_eq!(t.document.as_deref(), Some("青编办〔2024〕9号"));
    assert_eq!(t.effective.map(|d| d.to_string()).as_deref(), Some("2024-07-01"));
    assert_eq!(t.notes.as_deref(), Some("注：本清单适用于全县各乡镇（街道），由县委编办负责解释。"));
    let domains: Vec<&str> = t.matters.iter().map(|m| m.domain.as_str()).collect();
    assert_eq!(domains, ["城乡建设", "城乡建设", "城乡建设", "生态环境", "应急管理", "应急管理"], "merged 领域");
    let first = &t.matters[0];
    assert_eq!(first.code.value, "SD-001");
    let primary: Vec<&str> = first.primary.iter().map(|d| d.value.as_str()).collect();
    assert_eq!(primary, ["zhujian", "ziranziyuan"]);
    assert_eq!(first.supporting[0].value, "gongan");
    assert_eq!(first.township_duty, corpus::SUPPORT[0].township_duty);
    assert!(t.matters.iter().all(|m| m.note.as_deref().is_none_or(|n| !n.contains("张三"))), "hidden 填报人 column");

    let a = loaded.admission.as_ref().unwrap();
    assert_eq!(
        (a.title.as_str(), a.document.as_deref()),
        ("青山县乡镇（街道）职责准入清单", Some("青编办〔2025〕3号"))
    );
    assert_eq!(a.items.len(), 4);
    let first = &a.items[0];
    assert_eq!(
        (first.department.value.as_str(), first.category, first.status),
        ("minzheng", AdmissionCategory::Assistance, AdmissionStatus::Admitted)
    );
    assert!(first.long_term && first.townships.is_empty(), "长期, 全县各乡镇");
    assert_eq!(first.approved_on.to_string(), "2025-03-01", "the list's date");
    assert_eq!(first.document, "青编办〔2025〕3号");
    let forest = &a.items[2];
    let townships: Vec<&str> = forest.townships.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(townships, ["tangxi", "shimen"]);
    assert_eq!(
        (forest.period_from.map(|d| d.to_string()), forest.period_to.map(|d| d.to_string()), forest.status),
        (Some("2025-10-01".into()), Some("2026-04-30".into()), AdmissionStatus::Adjusted)
    );
    assert_eq!((a.items[1].category, a.items[3].status), (AdmissionCategory::Signboard, AdmissionStatus::Exited));

    let c = loaded.catalogs.iter().find(|c| c.id.value == "dongjiang-zhifa").unwrap();
    assert_eq!(c.title, "东江省乡镇（街道）综合行政执法事项指导目录");
    assert_eq!(
        (c.issuer.as_deref(), c.document.as_deref()),
        (Some("东江省人民政府办公厅"), Some("东政办发〔2024〕12号"))
    );
    assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2024-03-01"));
    assert_eq!(c.items[0].id.value, "DJ-CF-001");
    assert_eq!(c.items[0].department.as_ref().map(|d| d.value.as_str()), Some("nongye"));
    assert!(c.items.iter().all(|i| i.power_type.official.is_some()));
}

#[test]
fn hidden_content_is_reported_and_taken_in_on_request() {
    let (site, cases) = setup("hidden");
    let sheets = case(&cases, "乡镇·每部分一张表");
    let (status, _, report) = import(&site, sheets, &["--force"]);
    assert_eq!(status, 0, "{report}");
    let before = counts(list(&load(&site), "tangxi"));
    let (status, _, report) = import(&site, sheets, &["--force", "--include-hidden"]);
    assert_eq!(status, 0, "{report}");
    assert!(report.contains("按 --include-hidden 导入了其中 2 个单元格：A8、C8"), "{report}");
    assert!(report.contains("隐藏的工作表，按 --include-hidden 导入"), "{report}");
    let loaded = load(&site);
    let tangxi = list(&loaded, "tangxi");
    let after = counts(tangxi);
    // The hidden row's superseded duty and the hidden sheet's item are in.
    assert_eq!(after[0], before[0] + 2, "{report}");
    assert!(tangxi.items.iter().any(|i| i.name == "（已取消）协助开展企业年报催报"));
    assert!(tangxi.items.iter().any(|i| i.name == "旧版事项"));
    assert!(tangxi.items.iter().any(|i| !i.extra("内部编号").is_empty()));
}

#[test]
fn levels_are_never_merged_and_one_can_be_chosen() {
    let (site, cases) = setup("levels");
    let unchosen = case(&cases, "两级清单（未选择）");
    let (status, _, report) = import(&site, unchosen, &[]);
    assert_eq!(status, 1, "{report}");
    assert!(
        report.contains("用 --level 县级 只导入其中一级") || report.contains("用 --level 市级 只导入其中一级"),
        "{report}"
    );
    assert!(!site.join("content/lists/shichang.toml").exists());
    let (status, _, report) = import(&site, unchosen, &["--sheet", "市级"]);
    assert_eq!(status, 0, "{report}");
    let loaded = load(&site);
    let l = list(&loaded, "shichang");
    assert_eq!(l.items.len(), 3);
    assert_eq!(l.items[0].subject.as_deref(), Some("市市场监督管理局"));
    let (status, _, report) = import(&site, case(&cases, "两级清单（--level 县级）"), &["--force"]);
    assert_eq!(status, 0, "{report}");
    let loaded = load(&site);
    assert_eq!(list(&loaded, "shichang").items[0].subject.as_deref(), Some("县市场监督管理局"));
    let (status, _, report) = import(&site, unchosen, &["--level", "省级", "--force"]);
    assert_eq!(status, 1, "{report}");
    assert!(report.contains("工作簿中没有“省级”的清单"), "{report}");
}

#[test]
fn what_is_no_list_is_refused_saying_what_it_holds() {
    let (site, cases) = setup("unknown");
    for name in ["花名册（不是清单）", "会议纪要（不是清单）"] {
        let c = case(&cases, name);
        let (status, _, report) = import(&site, c, &[]);
        assert_eq!(status, 1, "{name}:\n{report}");
        assert!(report.contains("无法判断这是哪一种清单。表格中有：工作表"), "{report}");
        assert!(report.contains("--as"), "{report}");
        assert!(!site.join(format!("content/lists/{}.toml", c.into.unwrap())).exists());
    }
    // Told what it is, a file is read as that: the roster has no item names, so it still fails,
    // naming the missing header.
    let (status, _, report) = import(&site, case(&cases, "花名册（不是清单）"), &["--as", "属地管理", "--dry-run"]);
    assert_eq!(status, 1, "{report}");
    assert!(report.contains("找不到属地管理事项清单的表头"), "{report}");
    // A wrong --as value is a usage error.
    let (status, _, report) = import(&site, case(&cases, "属地管理"), &["--as", "通讯录"]);
    assert_eq!(status, 2, "{report}");
    assert!(report.contains("不是清单类型，可选：乡镇清单"), "{report}");
}

#[test]
fn the_report_is_also_json() {
    let (site, cases) = setup("json");
    let (status, out, err) = import(&site, case(&cases, "乡镇·每部分一张表"), &["--report", "json", "--dry-run"]);
    assert_eq!(status, 0, "{err}");
    assert!(err.is_empty(), "the JSON report goes to stdout alone: {err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let file = &json["files"][0];
    assert_eq!(file["kind"], "乡镇（街道）履行职责事项清单");
    let sheet = file["sheets"].as_array().unwrap().iter().find(|s| s["name"] == "配合履职事项清单（10项）").unwrap();
    assert_eq!(sheet["parts"], serde_json::json!([0, 10, 0]));
    assert_eq!(sheet["declared"], 10);
    let hidden = file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("隐藏行"))
        .unwrap();
    assert_eq!((hidden["severity"].as_str(), hidden["cell"].as_str()), (Some("warning"), Some("A8")));
    assert!(hidden["sheet"].as_str().unwrap().starts_with("基本履职事项清单"));
    assert_eq!(json["dry_run"], true);
    assert_eq!(json["exit_code"], 0);
    let facts: Vec<&str> = file["facts"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert!(facts.contains(&"清单名称") && facts.contains(&"文号"), "{facts:?}");
}

#[test]
fn notes_facts_and_sub_items_show_on_the_pages() {
    let (site, cases) = setup("pages");
    for name in ["属地管理", "乡镇·每部分一张表"] {
        let (status, _, report) = import(&site, case(&cases, name), &["--force"]);
        assert_eq!(status, 0, "{name}:\n{report}");
    }
    let out = site.parent().unwrap().join("public");
    let (status, _, err) =
        qingdan([OsStr::new("build"), OsStr::new("--root"), site.as_os_str(), OsStr::new("--out"), out.as_os_str()]);
    assert_eq!(status, 0, "{err}");
    let page = std::fs::read_to_string(out.join("tangxi/index.html")).unwrap();
    assert!(page.contains("塘溪镇履行职责事项清单") && page.contains("青编办〔2025〕8号"), "title and 文号");
    assert!(page.contains("备注：本清单所列事项由塘溪镇人民政府负责解释。"), "the list's notes");
    let territorial = std::fs::read_to_string(out.join("territorial/index.html")).unwrap();
    assert!(territorial.contains("注：本清单适用于全县各乡镇（街道），由县委编办负责解释。"));
    let loaded = load(&site);
    let veterans = list(&loaded, "tangxi").items.iter().find(|i| i.name == "退役军人服务保障").unwrap();
    let item = std::fs::read_to_string(out.join(format!("tangxi/{}.html", veterans.code.value))).unwrap();
    let subs = item.split("各子项").nth(1).expect("a section for the sub-items");
    let first = subs.find("1.退役军人信息采集").unwrap();
    let second = subs.find("2.优抚对象定期抚恤金发放初审").unwrap();
    let basis = subs.find("《退役军人保障法》第十二条").unwrap();
    let other = subs.find("《军人抚恤优待条例》第二十条").unwrap();
    assert!(first < basis && basis < second && second < other, "each basis under its own sub-item");
}

/// docs/import.md lists, for each field of each table, exactly the headers import recognises
/// (declared in model::field and model::fields).
#[test]
fn the_docs_list_every_header_import_reads() {
    use qingdan::model::fields::{label, Table, TABLE_HEADERS};
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/import.md")).unwrap();
    let section = |title: &str| -> std::collections::BTreeMap<String, Vec<String>> {
        let start = doc.find(title).unwrap_or_else(|| panic!("docs/import.md has no {title}"));
        doc[start..]
            .lines()
            .skip_while(|l| !l.starts_with("| `"))
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                let cells: Vec<&str> = l.split('|').collect();
                let key = cells[1].trim().trim_start_matches('`').split('`').next().unwrap().to_string();
                (key, cells[2].trim().split('、').map(str::to_string).collect())
            })
            .collect()
    };
    let items = section("乡镇清单和部门清单的事项：");
    for f in Field::ALL {
        let s = f.spec();
        let mut declared: Vec<String> = vec![s.label.to_string()];
        for h in s.part_labels.iter().map(|(_, l)| *l).chain(s.synonyms.iter().copied()) {
            if !declared.iter().any(|d| d == h) {
                declared.push(h.to_string());
            }
        }
        assert_eq!(items.get(s.key), Some(&declared), "docs/import.md: {}", s.key);
    }
    assert_eq!(items.len(), Field::ALL.len());
    for (title, table) in [
        ("属地管理事项清单：", Table::Matters),
        ("职责准入清单：\n", Table::Admissions),
        ("指导目录：\n", Table::Guidance),
    ] {
        let rows = section(title);
        let mut n = 0;
        for (_, key, synonyms) in TABLE_HEADERS.iter().filter(|(t, _, _)| *t == table) {
            let mut declared: Vec<String> = Vec::new();
            for h in std::iter::once(label(key)).chain(synonyms.iter().copied()).filter(|h| h != key) {
                if !declared.iter().any(|d| d == h) {
                    declared.push(h.to_string());
                }
            }
            assert_eq!(rows.get(*key), Some(&declared), "docs/import.md {title}: {key}");
            n += 1;
        }
        assert_eq!(rows.len(), n, "{title}");
    }
}
