//! `qingdan import`: the six real workbooks in ../shared/samples/real/, synthetic files for
//! each quirk real files have, bad input, the export/import round trip and emit → load.

use calamine::{Data, Reader};
use qingdan::model::Field;
use qingdan::model::{Basis, Date, Item, ItemList, Located, Origin, Part, PowerType, Responsible, Span, Status};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples/real")
}

/// A fresh empty directory for one test.
fn temp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("import").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A new site from `qingdan init`.
fn site(name: &str) -> PathBuf {
    let dir = temp(name).join("site");
    let (code, err) = qingdan([OsStr::new("init"), dir.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    dir
}

/// Runs the binary; returns the exit code and stderr.
fn qingdan<I, S>(args: I) -> (i32, String)
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = Command::new(env!("CARGO_BIN_EXE_qingdan")).args(args).env("NO_COLOR", "1").output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn import(site: &Path, code: &str, files: &[&Path], extra: &[&str]) -> (i32, String) {
    let mut args: Vec<&OsStr> = vec![OsStr::new("import")];
    args.extend(files.iter().map(|f| f.as_os_str()));
    args.extend([OsStr::new("--into"), OsStr::new(code), OsStr::new("--root"), site.as_os_str()]);
    args.extend(extra.iter().map(OsStr::new));
    qingdan(args)
}

fn check_passes(site: &Path) {
    let (code, err) = qingdan([OsStr::new("check"), OsStr::new("--root"), site.as_os_str()]);
    assert_eq!(code, 0, "qingdan check failed after import:\n{err}");
}

fn load_list(site: &Path, code: &str) -> ItemList {
    let loaded = qingdan::source::load(site);
    let errors: Vec<_> = loaded.diags.list.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    loaded.site.lists.into_iter().find(|l| l.body.value == code).unwrap_or_else(|| panic!("no list for {code}"))
}

fn list_path(site: &Path, code: &str) -> PathBuf {
    site.join("content/lists").join(format!("{code}.toml"))
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

// ---------------------------------------------------------------------------------------------
// The six real workbooks.

/// (file, body code, items the publisher numbered)
const REAL: [(&str, &str, usize); 6] = [
    ("agriculture-2024.xls", "nongyenongcun", 311),
    ("civil-defense.xlsx", "renfang", 17),
    ("finance-2025.xlsx", "caizheng", 19),
    ("government-offices-2024.xls", "jiguanshiwu", 10),
    ("medical-security-2024.xls", "yibao", 17),
    ("statistics-2025.xlsx", "tongji", 3),
];

#[test]
fn real_workbooks_import_with_declared_counts_and_pass_check() {
    let site = site("real");
    for (file, code, expected) in REAL {
        let path = samples().join(file);
        let (status, report) = import(&site, code, &[&path], &["--name", &format!("测试{code}")]);
        assert_eq!(status, 0, "{file}:\n{report}");
        let list = load_list(&site, code);
        assert_eq!(list.items.len(), expected, "{file}:\n{report}");
        // Every sheet whose name declares a count got exactly that many items.
        for line in report.lines().filter(|l| l.starts_with("  ") && l.contains("生成")) {
            let name = line.trim().split('：').next().unwrap();
            if let Some(open) = name.find('（') {
                let declared: String = name[open..].chars().filter(char::is_ascii_digit).collect();
                assert!(line.contains(&format!("与表名所列 {declared} 项一致")), "{file}: {line}\n{report}");
            }
        }
        assert!(!report.contains("工作表名称写明"), "{file}: count mismatch\n{report}");
    }
    check_passes(&site);
    let list = load_list(&site, "nongyenongcun");
    // "2,3" was two items, named as the row enumerated them.
    let split: Vec<&Item> =
        list.items.iter().filter(|i| i.extra.iter().any(|(k, v)| k == "原表序号" && v == "2,3")).collect();
    assert_eq!(split.len(), 2);
    assert_eq!(split[0].name, "农业植物检疫证书核发");
    assert_eq!(split[1].number.as_deref(), Some("3"));
    // "1.0" is "1". The levy's sheet hides the rows of the other two levels: only the visible
    // row is published, and the report names the hidden cells.
    assert!(list.items.iter().all(|i| !i.number.as_deref().unwrap_or("").ends_with(".0")));
    let levy: Vec<&Item> = list.items.iter().filter(|i| i.name == "对渔业资源增殖保护费的征收").collect();
    assert_eq!(levy.len(), 1);
    assert_eq!(levy[0].subject.as_deref(), Some("地州市农业农村局"));
    // A missing 权力类型 comes from the sheet name.
    let slaughter = list.items.iter().find(|i| i.name == "畜禽定点屠宰厂（场）审查").unwrap();
    assert_eq!(slaughter.power_type.as_ref().unwrap().label(), "行政许可");

    // Vertically merged sub-items: one item with both, "无" is no sub-item.
    let list = load_list(&site, "renfang");
    let air = list.items.iter().find(|i| i.name == "应建防空地下室的民用建筑项目报建审批").unwrap();
    assert_eq!(air.sub_items.len(), 2, "{:?}", air.sub_items);
    assert!(list.items.iter().filter(|i| i.name != air.name).all(|i| i.sub_items.is_empty()));
    assert_eq!(list.title.as_deref(), Some("克拉玛依市人防系统权责清单指导目录"));

    // Line breaks inside words in narrow columns are layout: "事项\n名称", "行政\n处罚".
    let list = load_list(&site, "tongji");
    assert!(list.items[0].name.starts_with("对拒绝配合统计调查"), "{}", list.items[0].name);
    assert_eq!(list.items[0].power_type.as_ref().unwrap().raw, "行政处罚");
    assert_eq!(list.items[2].power_type.as_ref().unwrap().raw, "行政检查");

    let (_, report) = import(&site, "nongyenongcun", &[&samples().join("agriculture-2024.xls")], &["--dry-run"]);
    assert!(
        report.contains("行政征收（ 1 项）!A2: 第 2 行是隐藏行，其中 13 个单元格没有导入：A2、B2、D2")
            && report.contains("行政征收（ 1 项）!F3: 第 3 行是隐藏行"),
        "{report}"
    );
    // Taken in on request: a row repeating 序号 and name is the same item, another 行使主体.
    let (status, report) =
        import(&site, "nongyenongcun", &[&samples().join("agriculture-2024.xls")], &["--include-hidden", "--force"]);
    assert_eq!(status, 0, "{report}");
    assert!(report.contains("第 2 行是隐藏行，按 --include-hidden 导入了其中 13 个单元格"), "{report}");
    let list = load_list(&site, "nongyenongcun");
    let levy = list.items.iter().find(|i| i.name == "对渔业资源增殖保护费的征收").unwrap();
    let subject = levy.subject.as_deref().unwrap();
    assert!(
        subject.contains("自治区农业农村厅")
            && subject.contains("县市区农业农村局")
            && subject.contains("地州市农业农村局"),
        "{subject}"
    );
}

#[test]
fn real_workbooks_lose_no_cell_text() {
    for (file, code, _) in REAL {
        let site = site(&format!("cells-{code}"));
        let path = samples().join(file);
        let (status, report) = import(&site, code, &[&path], &[]);
        assert_eq!(status, 0, "{file}:\n{report}");
        let list = load_list(&site, code);
        let body = qingdan::source::load(&site).site.bodies.into_iter().find(|b| b.code.value == code).unwrap();

        let mut values: Vec<String> = vec![
            squash(list.title.as_deref().unwrap_or("")),
            squash(&body.name),
            squash(list.notes.as_deref().unwrap_or("")),
        ];
        for item in &list.items {
            values.extend(Field::ALL.iter().map(|f| squash(&item.text(*f))));
            values.extend(item.extra.iter().map(|(_, v)| squash(v)));
            values.extend(item.sub_items.iter().map(|s| squash(s)));
        }
        let whole: std::collections::HashSet<&str> = values.iter().map(String::as_str).collect();
        let model = values.join("\u{0}");
        let text = std::fs::read_to_string(list_path(&site, code)).unwrap();
        let comments: String =
            text.lines().filter(|l| l.starts_with('#')).map(squash).collect::<Vec<_>>().join("\u{0}");

        let bytes = std::fs::read(&path).unwrap();
        let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let mut checked = 0;
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).unwrap();
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let cell = |d: &Data| match d {
                Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                Data::String(s) => s.clone(),
                Data::Empty => String::new(),
                other => other.to_string(),
            };
            let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(cell).collect()).collect();
            let Some(header) = rows.iter().position(|r| r.iter().any(|c| squash(c) == "序号")) else { continue };
            let sub_items_col = rows[header].iter().position(|c| squash(c) == "子项名称");
            for (r, row) in rows.iter().enumerate() {
                if r == header {
                    continue;
                }
                let filled = row.iter().filter(|c| !squash(c).is_empty()).count();
                for (c, text) in row.iter().enumerate() {
                    let t = squash(text);
                    if t.is_empty() || (Some(c) == sub_items_col && t == "无") {
                        continue;
                    }
                    checked += 1;
                    let in_model = whole.contains(t.as_str()) || model.contains(&t);
                    // Cells the publisher hid are not published, and the report names each.
                    let cell = format!("{}{}", column_letter(c + c0 as usize), r + r0 as usize + 1);
                    let reported_hidden = report.lines().any(|l| {
                        l.contains(&format!("{name}!")) && l.contains("没有导入：") && {
                            let listed = l.split("没有导入：").nth(1).unwrap_or("");
                            listed.split(['、', '（']).any(|c| c == cell)
                        }
                    });
                    // Each sheet's own title, where the list's is what they share, is a comment.
                    let outside_table = r < header || filled == 1;
                    assert!(
                        in_model || reported_hidden || (outside_table && comments.contains(&t)),
                        "{file}: {name}!{cell} lost: {text:?}"
                    );
                }
            }
        }
        assert!(checked > 0, "{file}: no cells checked");
        check_passes(&site);
    }
}

fn column_letter(c: usize) -> String {
    let mut n = c + 1;
    let mut s = String::new();
    while n > 0 {
        s.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    s
}

#[test]
fn format_is_read_from_the_bytes_not_the_name() {
    let dir = temp("magic");
    let site = site("magic");
    let xls_as_xlsx = dir.join("机关事务.xlsx");
    std::fs::copy(samples().join("government-offices-2024.xls"), &xls_as_xlsx).unwrap();
    let (status, report) = import(&site, "jiguan", &[&xls_as_xlsx], &[]);
    assert_eq!(status, 0, "{report}");
    assert!(report.contains("Excel 97-2003") && report.contains("扩展名是 .xlsx"), "{report}");
    assert_eq!(load_list(&site, "jiguan").items.len(), 10);

    let xlsx_as_xls = dir.join("统计.xls");
    std::fs::copy(samples().join("statistics-2025.xlsx"), &xlsx_as_xls).unwrap();
    let (status, report) = import(&site, "tongji", &[&xlsx_as_xls], &[]);
    assert_eq!(status, 0, "{report}");
    assert_eq!(load_list(&site, "tongji").items.len(), 3);
    check_passes(&site);
}

// ---------------------------------------------------------------------------------------------
// Synthetic files.

const CSV: &str = "某镇权责清单,,,,,\n\
单位：东山镇,,,,,\n\
职权名称,序号,权利类型,法定依据,事项主体,审批时限\n\
农村村民宅基地审批,1.0,行政许可,《土地管理法》第六十二条,东山镇人民政府,20个工作日\n\
,,,,东山镇农业农村办,\n\
\n\
对乱倒垃圾的处罚,2,行政 处罚,\"《城市市容和环境卫生管理条例》第三十六条\n第三十七条\",东山镇人民政府,十天\n\
\"甲乙确认（两项：甲确认、乙确认）\",\"3,4\",行政确认,《某条例》,东山镇人民政府,\n";

fn check_csv_import(site: &Path, code: &str) {
    let list = load_list(site, code);
    let names: Vec<&str> = list.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["农村村民宅基地审批", "对乱倒垃圾的处罚", "甲确认", "乙确认"]);
    let numbers: Vec<&str> = list.items.iter().map(|i| i.number.as_deref().unwrap()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4"]);
    let first = &list.items[0];
    assert_eq!(first.subject.as_deref(), Some("东山镇人民政府\n东山镇农业农村办"), "continuation row adds a 行使主体");
    assert_eq!(first.extra, vec![("审批时限".to_string(), "20个工作日".to_string())]);
    assert_eq!(first.origin, None, "no 来源 column: no origin is assumed");
    assert_eq!(list.items[1].power_type.as_ref().unwrap().raw, "行政处罚");
    assert!(list.items[1].basis.text.contains("第三十六条\n第三十七条"));
    assert_eq!(list.items[1].extra("审批时限"), "十天");
    assert_eq!(list.title.as_deref(), Some("某镇权责清单"));
    let body = std::fs::read_to_string(site.join("content/bodies").join(format!("{code}.toml"))).unwrap();
    assert!(body.contains("name = \"东山镇\"") && body.contains("kind = \"镇\""), "{body}");
}

#[test]
fn csv_in_every_encoding_publishers_use() {
    let dir = temp("csv");
    let site = site("csv");
    let gb18030_text = CSV.replace("十天", "㐀𠀾天");
    let variants: Vec<(&str, Vec<u8>, &[&str])> = vec![
        ("utf8", CSV.as_bytes().to_vec(), &[]),
        ("bom", [b"\xEF\xBB\xBF".as_slice(), CSV.as_bytes()].concat(), &[]),
        ("gbk", encoding_rs::GBK.encode(CSV).0.into_owned(), &[]),
        ("gb18030", encoding_rs::GB18030.encode(&gb18030_text).0.into_owned(), &[]),
        ("forced", encoding_rs::GBK.encode(CSV).0.into_owned(), &["--encoding", "gbk"]),
    ];
    for (name, bytes, options) in variants {
        let path = dir.join(format!("{name}.csv"));
        std::fs::write(&path, &bytes).unwrap();
        let code = format!("dongshan-{name}");
        let (status, report) = import(&site, &code, &[&path], options);
        assert_eq!(status, 0, "{name}:\n{report}");
        if name == "gb18030" {
            assert_eq!(load_list(&site, &code).items[1].extra("审批时限"), "㐀𠀾天", "{report}");
        } else {
            check_csv_import(&site, &code);
        }
        assert!(report.contains("序号“3,4”表示 2 项"), "{report}");
        if name == "gbk" {
            assert!(report.contains("GBK/GB18030 编码（自动识别）"), "{report}");
        }
    }
    check_passes(&site);
}

/// A workbook with what real files do: titles, "部门名称：", a two-level merged header,
/// vertically merged item rows, formulas, "1.0", "2,3", "无", numbered sub-items, a note row,
/// a local type, a wrong declared count and an empty sheet.
fn synthetic_xlsx(path: &Path) {
    use rust_xlsxwriter::{Format, Formula, Workbook};
    let mut wb = Workbook::new();
    let f = Format::new();
    let ws = wb.add_worksheet();
    ws.set_name("行政处罚（4项）").unwrap();
    ws.merge_range(0, 0, 0, 8, "测试局2025年权责清单", &f).unwrap();
    ws.write_string(1, 0, "部门名称：测试局").unwrap();
    for (c, h) in [
        (0, "序号"),
        (1, "事项\n名称"),
        (2, "子项名称"),
        (3, "权力 类型"),
        (4, "实施依据"),
        (5, "行使主体"),
        (8, "审批时限"),
    ] {
        ws.merge_range(2, c, 3, c, h, &f).unwrap();
    }
    ws.merge_range(2, 6, 2, 7, "实施层级及权限", &f).unwrap();
    ws.write_string(3, 6, "层级").unwrap();
    ws.write_string(3, 7, "权限").unwrap();
    ws.write_formula(4, 0, Formula::new("=ROW()-4").set_result("1")).unwrap();
    for (c, v) in [
        (1, "对违法行为甲的处罚"),
        (2, "无"),
        (3, "行政 处罚"),
        (4, "【法律】《甲法》第一条"),
        (5, "测试局"),
        (6, "市级"),
        (7, "全部"),
        (8, "20日"),
    ] {
        ws.write_string(4, c, v).unwrap();
    }
    ws.merge_range(5, 0, 6, 0, "2.0", &f).unwrap();
    ws.merge_range(5, 1, 6, 1, "对乙的处罚", &f).unwrap();
    ws.merge_range(5, 3, 6, 3, "行政\n处罚", &f).unwrap();
    ws.merge_range(5, 7, 6, 7, "本级", &f).unwrap();
    ws.merge_range(5, 8, 6, 8, "10日", &f).unwrap();
    ws.write_string(5, 2, "1.乙子项一\n2.乙子项二").unwrap();
    ws.write_string(5, 4, "《乙法》第二条").unwrap();
    ws.write_string(6, 4, "《乙条例》第三条").unwrap();
    ws.write_string(5, 5, "测试局").unwrap();
    ws.write_string(6, 5, "区分局").unwrap();
    ws.write_string(5, 6, "市级").unwrap();
    ws.write_string(6, 6, "区级").unwrap();
    for (c, v) in [(0, "3,4"), (1, "丙丁处罚（两项：丙处罚、丁处罚）"), (3, "行政处罚"), (4, "《丙法》"), (5, "测试局")]
    {
        ws.write_string(7, c, v).unwrap();
    }
    ws.merge_range(9, 0, 9, 8, "备注：以上事项均为测试。", &f).unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("行政确认（3项）").unwrap();
    for (c, h) in ["序号", "事项名称", "权力类型", "实施依据"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 1.0).unwrap();
    for (c, v) in [(1, "戊确认"), (2, "行政\n确认"), (3, "《戊法》")] {
        ws.write_string(1, c, v).unwrap();
    }
    ws.write_number(2, 0, 2.0).unwrap();
    for (c, v) in [(1, "己调解"), (2, "行政调解"), (3, "《己法》")] {
        ws.write_string(2, c, v).unwrap();
    }
    wb.add_worksheet().set_name("Sheet3").unwrap();
    wb.save(path).unwrap();
}

#[test]
fn merged_two_level_headers_continuations_and_numbering() {
    let dir = temp("xlsx");
    let site = site("xlsx");
    let path = dir.join("测试局.xlsx");
    synthetic_xlsx(&path);
    let (status, report) = import(&site, "ceshi", &[&path], &[]);
    assert_eq!(status, 0, "{report}");
    assert!(report.contains("行政处罚（4项）：读取 5 行，生成 4 项"), "{report}");
    assert!(report.contains("与表名所列 4 项一致"), "{report}");
    assert!(report.contains("行政确认（3项）: 工作表名称写明 3 项，实际导入 2 项"), "{report}");
    assert!(report.contains("Sheet3：空工作表"), "{report}");
    assert!(report.contains("行政处罚（4项）!A10: 表格中的说明文字"), "{report}");
    assert!(report.contains("“行政调解”是地方使用的类型"), "{report}");

    let list = load_list(&site, "ceshi");
    assert_eq!(list.title.as_deref(), Some("测试局2025年权责清单"));
    let items = &list.items;
    assert_eq!(items.len(), 6);
    let first = &items[0];
    assert_eq!(first.number.as_deref(), Some("1"), "formula's cached value");
    assert!(first.sub_items.is_empty(), "无 is no sub-item");
    assert_eq!(first.power_type.as_ref().unwrap().raw, "行政处罚");
    assert_eq!(first.level.as_deref(), Some("市级\n全部"));
    assert_eq!(first.extra("审批时限"), "20日");
    let second = &items[1];
    assert_eq!(second.number.as_deref(), Some("2"));
    assert_eq!(second.sub_items, ["1.乙子项一", "2.乙子项二"]);
    assert_eq!(second.basis.text, "《乙法》第二条\n《乙条例》第三条");
    assert_eq!(second.subject.as_deref(), Some("测试局\n区分局"));
    assert_eq!(second.level.as_deref(), Some("市级\n区级\n本级"));
    assert_eq!(second.extra("审批时限"), "10日");
    assert_eq!((items[2].name.as_str(), items[3].name.as_str()), ("丙处罚", "丁处罚"));
    assert_eq!(items[3].extra("原表序号"), "3,4");
    assert_eq!(items[4].power_type.as_ref().unwrap().label(), "行政确认");
    assert!(items[5].power_type.as_ref().unwrap().is_local());
    let codes: Vec<&str> = items.iter().map(|i| i.code.value.as_str()).collect();
    assert_eq!(codes, ["CESHI-CF-001", "CESHI-CF-002", "CESHI-CF-003", "CESHI-CF-004", "CESHI-QR-001", "CESHI-QT-001"]);
    let text = std::fs::read_to_string(list_path(&site, "ceshi")).unwrap();
    // A note under the table is the list's, shown with it.
    assert_eq!(list.notes.as_deref(), Some("备注：以上事项均为测试。"), "{text}");
    check_passes(&site);

    // The same import again: refused without --force, identical with it.
    let (status, report) = import(&site, "ceshi", &[&path], &[]);
    assert_eq!(status, 2, "{report}");
    assert!(report.contains("--force"), "{report}");
    let (status, report) = import(&site, "ceshi", &[&path], &["--force"]);
    assert_eq!(status, 0, "{report}");
    assert_eq!(std::fs::read_to_string(list_path(&site, "ceshi")).unwrap(), text, "import is deterministic");
}

// ---------------------------------------------------------------------------------------------
// Bad input.

#[test]
fn bad_files_fail_clearly_and_write_nothing() {
    use rust_xlsxwriter::Workbook;
    let dir = temp("bad");
    let site = site("bad");
    let corrupt = dir.join("损坏.xlsx");
    std::fs::write(&corrupt, b"PK\x03\x04 this is not really a zip archive at all").unwrap();
    let cfb = dir.join("损坏.xls");
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend(std::iter::repeat_n(0x5Au8, 2000));
    std::fs::write(&cfb, bytes).unwrap();
    let empty_file = dir.join("空文件.xlsx");
    std::fs::write(&empty_file, b"").unwrap();
    let empty_book = dir.join("空工作簿.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("第一页").unwrap();
    wb.save(&empty_book).unwrap();
    let no_header = dir.join("没有表头.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("说明").unwrap();
    ws.write_string(0, 0, "本表为填报说明").unwrap();
    ws.write_string(1, 0, "请按要求填写").unwrap();
    wb.save(&no_header).unwrap();
    let web = dir.join("网页.xls");
    std::fs::write(&web, "<html><body><table><tr><td>序号</td></tr></table></body></html>").unwrap();
    let good = dir.join("good.csv");
    std::fs::write(&good, CSV).unwrap();

    let cases: [(&Path, &str); 6] = [
        (&corrupt, "损坏"),
        (&cfb, "损坏"),
        (&empty_file, "空的"),
        (&empty_book, "第一页"),
        (&no_header, "无法判断这是哪一种清单。表格中有：工作表“说明”第 1 行：A1“本表为填报说明”"),
        (&web, "网页"),
    ];
    for (file, expected) in cases {
        let (status, report) = import(&site, "bad", &[file], &[]);
        assert_eq!(status, 1, "{}:\n{report}", file.display());
        assert!(report.contains(&file.display().to_string()), "names the file:\n{report}");
        assert!(report.contains(expected), "{}: expected {expected:?}:\n{report}", file.display());
        assert!(!report.contains("panicked"), "{report}");
        assert!(!list_path(&site, "bad").exists());
        assert!(!site.join("content/bodies/bad.toml").exists());
    }
    // A good file with a bad one: nothing is written at all.
    let (status, report) = import(&site, "bad", &[&good, &corrupt], &[]);
    assert_eq!(status, 1, "{report}");
    assert!(!list_path(&site, "bad").exists());
    // Usage errors.
    assert_eq!(import(&site, "Bad Code", &[&good], &[]).0, 2);
    assert_eq!(import(&site, "bad", &[&good], &["--kind", "村"]).0, 2);
    assert_eq!(import(&site, "bad", &[&good], &["--encoding", "no-such"]).0, 2);
    let missing = dir.join("不存在.csv");
    let (status, report) = import(&site, "bad", &[&missing], &[]);
    assert_eq!(status, 1, "{report}");
    assert!(report.contains("文件不存在"), "{report}");
    // --dry-run reports without writing.
    let (status, report) = import(&site, "bad", &[&good], &["--dry-run"]);
    assert_eq!(status, 0, "{report}");
    assert!(report.contains("试运行") && !list_path(&site, "bad").exists(), "{report}");
    check_passes(&site);
}

/// Item codes become page file names (`<body>/<code>.html`): published codes that cannot be
/// one everywhere (Windows device names, over 64 bytes, the same as another but for case)
/// are replaced, so what import writes passes `check`; a body code that cannot be a
/// directory name is refused.
#[test]
fn published_codes_that_cannot_be_file_names_are_replaced() {
    let dir = temp("codes");
    let site = site("codes");
    let long = format!("TX-{}", "9".repeat(62));
    let csv = dir.join("编码.csv");
    let rows = [
        ("CON", "甲审批"),
        ("aux.1", "乙审批"),
        (long.as_str(), "丙审批"),
        ("TX-XK-001", "丁审批"),
        ("tx-xk-001", "戊审批"),
        ("TX-XK-002", "己审批"),
    ];
    let mut text = "事项编码,事项名称,权力类型,实施依据\n".to_string();
    for (code, name) in rows {
        text.push_str(&format!("{code},{name},行政许可,《某法》\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let (status, report) = import(&site, "codes", &[&csv], &["--name", "测试局"]);
    assert_eq!(status, 0, "{report}");
    for code in ["CON", "aux.1", long.as_str()] {
        assert!(report.contains(&format!("事项编码“{code}”不能用作网页的文件名")), "{code}:\n{report}");
    }
    assert!(report.contains("事项编码“tx-xk-001”与前面的事项重复"), "{report}");
    let list = load_list(&site, "codes");
    let codes: Vec<&str> = list.items.iter().map(|i| i.code.value.as_str()).collect();
    assert_eq!(codes, ["CODES-XK-001", "CODES-XK-002", "CODES-XK-003", "TX-XK-001", "CODES-XK-004", "TX-XK-002"]);
    let original = |i: usize| list.items[i].extra.iter().find(|(k, _)| k == "事项编码").map(|(_, v)| v.clone());
    assert_eq!(original(0).as_deref(), Some("CON"));
    assert_eq!(original(4).as_deref(), Some("tx-xk-001"));
    check_passes(&site);

    // Generated codes stay within the limit however long the body's code is.
    let body = "b".repeat(64);
    let (status, report) = import(&site, &body, &[&csv], &["--name", "长代码局"]);
    assert_eq!(status, 0, "{report}");
    let list = load_list(&site, &body);
    assert!(
        list.items.iter().all(|i| i.code.value.len() <= 64),
        "{:?}",
        list.items.iter().map(|i| &i.code.value).collect::<Vec<_>>()
    );
    check_passes(&site);

    for (code, why) in [("con", "在 Windows 上是设备名 CON"), (&"b".repeat(65)[..], "长 65 字节，超过 64 字节的上限")]
    {
        let (status, report) = import(&site, code, &[&csv], &[]);
        assert_eq!(status, 2, "{report}");
        assert!(report.contains(&format!("主体代码 `{code}` {why}，不能用作网站的目录名")), "{report}");
        assert!(!list_path(&site, code).exists());
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile files: bounded before anything large is allocated, refused with the limit, never an
// abort. Every file is generated here (the largest is 2 MB on disk).

/// A zip archive written by hand, so a part can be given as raw deflate data with any
/// declared size: `(name, deflate data, CRC-32, declared unpacked size)`.
fn zip_archive(parts: &[(String, Vec<u8>, u32, u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, data, crc, size) in parts {
        let offset = out.len() as u32;
        let fields = |sig: &[u8], central: bool| {
            let mut h = sig.to_vec();
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // version needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(8u16.to_le_bytes()); // deflate
            h.extend([0, 0, 0x21, 0]); // time, date (1980-01-01)
            h.extend(crc.to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend(size.to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend([0; 8]); // comment, disk, internal and external attributes
                h.extend([0; 2]);
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(fields(b"PK\x03\x04", false));
        out.extend(data);
        directory.extend(fields(b"PK\x01\x02", true));
    }
    let start = out.len() as u32;
    out.extend(&directory);
    out.extend(b"PK\x05\x06\0\0\0\0");
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((directory.len() as u32).to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend([0, 0]);
    out
}

/// Raw deflate data of `bytes` that ends on a byte boundary and refers to nothing before it,
/// so such pieces can be concatenated; `last` ends the stream.
fn deflate_piece(bytes: &[u8], last: bool) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let mut c = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(bytes.len() / 2 + 1024);
    let flush = if last { FlushCompress::Finish } else { FlushCompress::Sync };
    loop {
        let consumed = c.total_in() as usize;
        out.reserve(1 << 16);
        let status = c.compress_vec(&bytes[consumed..], &mut out, flush).unwrap();
        if c.total_in() as usize == bytes.len()
            && (status == flate2::Status::StreamEnd || !last)
            && out.len() < out.capacity()
        {
            return out;
        }
    }
}

fn crc(bytes: &[u8]) -> flate2::Crc {
    let mut c = flate2::Crc::new();
    c.update(bytes);
    c
}

/// A real workbook (from rust_xlsxwriter, sheet “表一” with a header and one item) whose
/// sheet XML is padded with `padding_mb` MiB of spaces inside <sheetData>, declaring
/// `declared` as that part's size (`None`: its true size), with a merged range `merge`.
fn padded_xlsx(padding_mb: usize, declared: Option<u32>, merge: Option<&str>) -> Vec<u8> {
    use std::io::Read;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("表一").unwrap();
    for (c, v) in ["序号", "事项名称", "权力类型", "1", "宅基地审批", "行政许可"].iter().enumerate()
    {
        ws.write_string((c / 3) as u32, (c % 3) as u16, *v).unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut xml = Vec::new();
        f.read_to_end(&mut xml).unwrap();
        if name != "xl/worksheets/sheet1.xml" {
            parts.push((name, deflate_piece(&xml, true), crc(&xml).sum(), xml.len() as u32));
            continue;
        }
        if let Some(range) = merge {
            let end = xml.windows(12).position(|w| w == b"</sheetData>").unwrap() + 12;
            let merges = format!("<mergeCells count=\"1\"><mergeCell ref=\"{range}\"/></mergeCells>");
            xml.splice(end..end, merges.into_bytes());
        }
        let at = xml.windows(11).position(|w| w == b"<sheetData>").unwrap() + 11;
        let (head, tail) = xml.split_at(at);
        let spaces = vec![b' '; 1 << 20];
        let (piece, piece_crc) = (deflate_piece(&spaces, false), crc(&spaces));
        let mut data = deflate_piece(head, false);
        let mut sum = crc(head);
        for _ in 0..padding_mb {
            data.extend(&piece);
            sum.combine(&piece_crc);
        }
        data.extend(deflate_piece(tail, true));
        sum.combine(&crc(tail));
        let size = head.len() + (padding_mb << 20) + tail.len();
        parts.push((name, data, sum.sum(), declared.unwrap_or(size as u32)));
    }
    zip_archive(&parts)
}

/// Imports a hostile file: it must fail with exit code 1 (not a signal), name the file and
/// say each of `expected`, write nothing and not panic.
fn refused(site: &Path, file: &Path, expected: &[&str]) -> String {
    let (status, report) = import(site, "hostile", &[file], &[]);
    assert_eq!(status, 1, "{}: exit code (-1 is a signal, such as an abort):\n{report}", file.display());
    assert!(report.contains(&file.display().to_string()), "names the file:\n{report}");
    for e in expected {
        assert!(report.contains(e), "{}: expected {e:?}:\n{report}", file.display());
    }
    assert!(report.contains("docs/import.md"), "the hint points at the limits:\n{report}");
    assert!(!report.contains("panicked"), "{report}");
    assert!(!list_path(site, "hostile").exists());
    report
}

#[test]
fn hostile_spreadsheets_are_refused_at_the_limits_without_aborting() {
    use rust_xlsxwriter::Workbook;
    let dir = temp("hostile");
    let site = site("hostile");
    let header = |ws: &mut rust_xlsxwriter::Worksheet| {
        for (c, h) in ["序号", "事项名称", "权力类型"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
    };

    // One value in the last cell Excel has: calamine would allocate 17 billion cells.
    let corner = dir.join("最后一格.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("清单").unwrap();
    header(ws);
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save(&corner).unwrap();
    assert!(std::fs::metadata(&corner).unwrap().len() < 10_000);
    let report = refused(&site, &corner, &["清单!XFD1048576", "第 1048576 行", "最多 100000 行"]);
    assert!(report.contains("Ctrl+End"), "{report}");
    // Far to the right in the first row.
    let wide = dir.join("很宽.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    header(ws);
    ws.write_string(0, 1_000, "远处的一格").unwrap();
    wb.save(&wide).unwrap();
    refused(&site, &wide, &["Sheet1!ALM1", "第 1001 列（ALM 列）", "最多 1000 列"]);
    // Within both limits, but too many cells from A1.
    let area = dir.join("范围.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    header(ws);
    ws.write_string(99_999, 999, "右下角").unwrap();
    wb.save(&area).unwrap();
    refused(&site, &area, &["Sheet1!ALL100000", "100000 行 × 1000 列", "最多 5000000 个单元格"]);
    // A blank cell far away changes nothing and is ignored: this one imports.
    let blank = dir.join("远处空白.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    header(ws);
    for (c, v) in ["1", "宅基地审批", "行政许可"].iter().enumerate() {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    ws.write_string(1_048_575, 16_383, "  ").unwrap();
    wb.save(&blank).unwrap();
    let (status, report) = import(&site, "hostile", &[&blank], &["--dry-run"]);
    assert_eq!(status, 0, "{report}");
    assert!(report.contains("生成 1 项"), "{report}");

    // A zip bomb: 513 MiB of spaces in the sheet, 1.6 MB on disk, refused from its directory.
    let bomb = dir.join("炸弹.xlsx");
    std::fs::write(&bomb, padded_xlsx(513, None, None)).unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 3_000_000);
    refused(&site, &bomb, &["解压后共 514 MB", "工作表“表一”（xl/worksheets/sheet1.xml）", "解压后最多 512 MB"]);
    // A bomb that lies about its size in the directory: unpacking stops at the declared size.
    let liar = dir.join("谎报.xlsx");
    std::fs::write(&liar, padded_xlsx(64, Some(100_000), None)).unwrap();
    let (status, report) = import(&site, "hostile", &[&liar], &[]);
    assert_eq!(status, 1, "{report}");
    assert!(report.contains("损坏") && !report.contains("panicked"), "{report}");
    // The bomb's own sheet, honestly sized and small, imports: the padding is only white
    // space, and a merge over the rest of the sheet is blank.
    let fine = dir.join("留白.xlsx");
    std::fs::write(&fine, padded_xlsx(2, None, Some("A3:XFD1048576"))).unwrap();
    let (status, report) = import(&site, "hostile", &[&fine], &["--dry-run"]);
    assert_eq!(status, 0, "{report}");
    assert!(report.contains("生成 1 项"), "{report}");

    // A real .xls, patched: a value moved to IV65536 (calamine would fill 65536 × 256 cells),
    // and a DIMENSIONS record claiming 4 billion rows (calamine would reserve room for them
    // and abort).
    let real = std::fs::read(samples().join("government-offices-2024.xls")).unwrap();
    let patched = |signature: &[u8], at: usize, value: &[u8], name: &str| {
        let mut bytes = real.clone();
        let i = bytes.windows(signature.len()).rposition(|w| w == signature).unwrap();
        bytes[i + at..i + at + value.len()].copy_from_slice(value);
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let corner_xls = patched(&[0xFD, 0, 10, 0], 4, &[0xFF, 0xFF, 0xFF, 0], "最后一格.xls");
    refused(&site, &corner_xls, &["机关事务管理局!IV65536", "65536 行 × 256 列", "最多 5000000 个单元格"]);
    let dims_xls = patched(&[0, 2, 14, 0], 8, &[0xFF; 4], "虚报范围.xls");
    refused(&site, &dims_xls, &["虚报范围.xls: 机关事务管理局: 错误", "共 4294967295 行", "最多 100000 行"]);

    // A CSV line of a million cells, and a CSV of too many rows.
    let wide_csv = dir.join("百万列.csv");
    let mut text = "序号,事项名称,权力类型\n1,宅基地审批,行政许可".to_string();
    text.push_str(&",x".repeat(1_000_000));
    std::fs::write(&wide_csv, text + "\n").unwrap();
    refused(&site, &wide_csv, &["百万列!BDWGQ2", "第 1000003 列", "最多 1000 列"]);
    let long_csv = dir.join("十万行.csv");
    let mut text = "序号,事项名称,权力类型\n".to_string();
    for n in 1..=100_000 {
        text.push_str(&format!("{n},事项{n},行政许可\n"));
    }
    std::fs::write(&long_csv, text).unwrap();
    refused(&site, &long_csv, &["十万行!C100001", "第 100001 行", "最多 100000 行"]);

    // A file too large to read into memory: refused by its size (a sparse file, no disk used).
    let huge = dir.join("巨大.csv");
    std::fs::File::create(&huge).unwrap().set_len(300 << 20).unwrap();
    refused(&site, &huge, &["文件有 300 MB", "每个文件最多 256 MB"]);
    check_passes(&site);
}

// ---------------------------------------------------------------------------------------------
// Round trips.

/// The starter site's list, made richer: sub-items, an extra column, a suspended item, a phone.
fn rich_list(site: &Path) -> ItemList {
    let mut list = load_list(site, "dongcun");
    let first = &mut list.items[0];
    first.sub_items = vec!["宅基地新申请".into(), "宅基地变更".into()];
    first.extra = vec![("审批时限".into(), "20个工作日".into())];
    first.supervision_phone = Some("0571-12345".into());
    first.note = Some("说明：\"引号\" 与 \\ 反斜杠".into());
    list.items[1].status = Status::Suspended;
    list
}

fn write_list(site: &Path, list: &ItemList) {
    std::fs::write(list_path(site, &list.body.value), qingdan::source::emit::list(list, &[])).unwrap();
}

fn table(list: &ItemList) -> (Vec<String>, Vec<Vec<String>>) {
    let mut headers: Vec<String> = Field::ALL.iter().map(|f| f.label().to_string()).collect();
    for item in &list.items {
        for (k, _) in &item.extra {
            if !headers.contains(k) {
                headers.push(k.clone());
            }
        }
    }
    let n = Field::ALL.len();
    let rows = list
        .items
        .iter()
        .map(|i| {
            let fields = Field::ALL.iter().map(|f| i.text(*f).into_owned());
            fields.chain(headers[n..].iter().map(|h| i.extra(h).to_string())).collect()
        })
        .collect();
    (headers, rows)
}

fn assert_same_items(a: &ItemList, b: &ItemList) {
    assert_eq!(a.items.len(), b.items.len());
    for (x, y) in a.items.iter().zip(&b.items) {
        for f in Field::ALL {
            assert_eq!(x.text(*f), y.text(*f), "{} {}", x.code.value, f.label());
        }
        assert_eq!(x.extra, y.extra, "{}", x.code.value);
        assert_eq!(x.sub_items, y.sub_items, "{}", x.code.value);
    }
}

#[test]
fn item_columns_round_trip_through_csv_and_xlsx() {
    let dir = temp("round-trip");
    let site = site("round-trip");
    let original = rich_list(&site);
    write_list(&site, &original);
    check_passes(&site);
    let original = load_list(&site, "dongcun");
    let (headers, rows) = table(&original);

    let csv_path = dir.join("dongcun.csv");
    let mut w = csv::Writer::from_path(&csv_path).unwrap();
    w.write_record(&headers).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    let (status, report) = import(&site, "dongcun", &[&csv_path], &["--force"]);
    assert_eq!(status, 0, "{report}");
    assert_same_items(&original, &load_list(&site, "dongcun"));
    check_passes(&site);

    // The layout of qingdan's XLSX export: one sheet per part, title and facts merged above
    // the header, 清单部分 last.
    let xlsx_path = dir.join("dongcun.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let format = rust_xlsxwriter::Format::new();
    let part_col = headers.iter().position(|h| h == "清单部分").unwrap();
    let order: Vec<usize> = (0..headers.len()).filter(|&c| c != part_col).chain([part_col]).collect();
    for part in Part::ALL {
        let ws = wb.add_worksheet();
        ws.set_name(part.name()).unwrap();
        let last = order.len() as u16 - 1;
        ws.merge_range(0, 0, 0, last, "东村镇履行职责事项清单", &format).unwrap();
        ws.merge_range(1, 0, 1, last, "实施主体：东村镇　文号：示编办〔2025〕1号　施行日期：2025年10月1日", &format)
            .unwrap();
        for (c, &h) in order.iter().enumerate() {
            ws.write_string(2, c as u16, &headers[h]).unwrap();
        }
        let part_rows = rows.iter().filter(|r| r[part_col] == part.name());
        for (r, row) in part_rows.enumerate() {
            for (c, &h) in order.iter().enumerate() {
                if !row[h].is_empty() {
                    ws.write_string(r as u32 + 3, c as u16, &row[h]).unwrap();
                }
            }
        }
    }
    wb.save(&xlsx_path).unwrap();
    let (status, report) = import(&site, "dongcun", &[&xlsx_path], &["--force"]);
    assert_eq!(status, 0, "{report}");
    let imported = load_list(&site, "dongcun");
    assert_same_items(&original, &imported);
    assert_eq!(imported.title, original.title);
    assert_eq!(imported.document, original.document);
    assert_eq!(imported.effective, original.effective);
    check_passes(&site);
}

#[test]
fn emitted_sources_load_back_unchanged() {
    let site = site("emit");
    let tricky = [
        "引号\"在中间\"",
        "\"\"\"三个引号\"\"\"",
        "结尾引号\"",
        "反斜杠\\n 不是换行 \\",
        "多行\n第二行\n\n第四行\t制表",
        "控制字符\u{1}\u{8}\u{7f}与回车\r\n",
        "'单引号' 和 '''三个'''",
        "# 不是注释\n[[basic]]\nname = \"不是表\"",
    ];
    let item = |n: usize, part: Part| {
        let text = |k: usize| tricky[(n + k) % tricky.len()].to_string();
        let mut item = Item::new(part, Located::new(format!("T-{n:03}"), Span::default()), text(0));
        item.number = Some(format!("{n}"));
        item.category = Some(text(5));
        item.subcategory = Some(text(6));
        item.tasks = Some(tricky.join("\n"));
        item.sub_items = tricky.iter().map(|s| s.to_string()).collect();
        item.power_type = (part != Part::Support).then(|| Located::new(PowerType::parse("行政 处罚"), Span::default()));
        item.basis = Basis::parse(&text(1));
        item.subject = Some(text(2));
        item.level = Some(text(3));
        item.duties = Some(tricky.join("\n"));
        item.note = Some(text(4));
        item.origin = (part == Part::Basic).then_some(Origin::Delegated);
        let responsible = |code: &str, duty: Option<String>| Responsible {
            department: Located::new(code.into(), Span::default()),
            duty,
        };
        item.departments = match part {
            Part::Support if n.is_multiple_of(2) => vec![responsible("nongye", Some(tricky[5].to_string()))],
            Part::Support => vec![responsible("nongye", Some(text(5))), responsible("shuili", Some(text(6)))],
            _ => vec![responsible("nongye", None)],
        };
        item.status = if n.is_multiple_of(2) { Status::Active } else { Status::Suspended };
        item.township_duty = (part == Part::Support).then(|| tricky[6].to_string());
        item.territorial = (part == Part::Support).then(|| Located::new("SD-001".into(), Span::default()));
        item.assigned_by = (part == Part::Basic).then(|| Located::new("nongye".into(), Span::default()));
        item.admission = (part == Part::Basic).then(|| Located::new("ZR-001".into(), Span::default()));
        item.recalled_on = (part == Part::Recalled).then(|| Date::new(2025, 10, 1).unwrap());
        item.recall_document = (part == Part::Recalled).then(|| "示编办〔2025〕1号".to_string());
        item.after_recall = (part == Part::Recalled).then(|| tricky[7].to_string());
        if part == Part::Basic {
            item.events = vec![text(2), "生育".into()];
            let mut guide = qingdan::model::Guide {
                conditions: Some(tricky.join("\n")),
                fee: Some(n.is_multiple_of(2)),
                fee_standard: Some(text(3)),
                visits: Some(n as u32),
                ..Default::default()
            };
            guide.materials.push(qingdan::model::Material { name: text(4), copies: Some(3), ..Default::default() });
            guide.steps.push(qingdan::model::Step { name: text(5), limit: Some(text(6)) });
            guide.questions.push(qingdan::model::Question { question: text(7), answer: tricky.join("\n") });
            item.guide = Some(Box::new(guide));
        }
        item.extra = vec![
            ("部门职责".into(), tricky[0].into()),
            ("a.b".into(), tricky[1].into()),
            ("say \"x\"".into(), tricky[2].into()),
            ("追责 对象".into(), tricky[4].into()),
            ("plain_key".into(), tricky[3].into()),
        ];
        item
    };
    let list = ItemList {
        body: Located::new("dongcun".into(), Span::default()),
        title: Some("标题\"带引号\"".into()),
        document: Some("示编办〔2025〕1号".into()),
        effective: Date::new(2025, 10, 1),
        notes: Some("备注：1.本清单由县委编办负责解释。\n2.“引号”".into()),
        items: (0..8).map(|n| item(n, Part::ALL[n % 3])).collect(),
        span: Span::default(),
    };
    let comments = vec!["注释\n第二行 \"\"\" ' [[basic]]".to_string()];
    std::fs::write(list_path(&site, "dongcun"), qingdan::source::emit::list(&list, &comments)).unwrap();
    let loaded = load_list(&site, "dongcun");
    assert_eq!(loaded.title, list.title);
    assert_eq!(loaded.document, list.document);
    assert_eq!(loaded.effective, list.effective);
    // The loader reads parts in order; compare part by part.
    for part in Part::ALL {
        let a: Vec<&Item> = list.part(part).collect();
        let b: Vec<&Item> = loaded.part(part).collect();
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            for f in Field::ALL {
                assert_eq!(x.text(*f), y.text(*f), "{} {}", x.code.value, f.key());
            }
            assert_eq!(x.extra, y.extra);
            assert_eq!(x.sub_items, y.sub_items);
            assert_eq!(x.basis, y.basis);
            assert_eq!(x.events, y.events);
            let json = |i: &Item| serde_json::to_value(&i.guide).unwrap();
            assert_eq!(json(x), json(y), "{} 办事指南", x.code.value);
        }
    }
}
