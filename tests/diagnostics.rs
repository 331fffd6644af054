//! Diagnostics: each test takes the `qingdan init` starter, breaks one thing, and asserts the
//! exact diagnostics (file, line, column, severity, message) and that the fix is hinted. The
//! positions are computed from the patched file, so they name the text the test wrote.
//!
//! Also: exit codes of the command, and inputs that must never make it panic.

use crate::common;

use common::{assert_diags, qingdan, qingdan_unless_hung, Expect, Site, LIST};

const BODY: &str = "content/bodies/dongcun.toml";

// ---------------------------------------------------------------------------------------------
// TOML syntax

#[test]
fn unterminated_string_is_a_syntax_error_at_the_end_of_its_line() {
    let site = Site::init("unterminated");
    let line = "basis = \"【规章】《社会救助暂行办法》第十一条\"";
    site.replace(LIST, line, line.trim_end_matches('"'));
    let at = site.end_of_line(LIST, "basis = \"【规章】《社会救助暂行办法》第十一条");
    assert_diags(
        &site.check(),
        &[Expect::error(LIST, at, "TOML 语法错误：invalid basic string, expected `\"`").hint("三个双引号")],
    );
}

#[test]
fn bare_chinese_key_gets_the_hint_about_quoting() {
    let site = Site::init("chinese-key");
    site.replace(LIST, "number = \"2\"\n", "number = \"2\"\n事项名称 = \"x\"\n");
    let at = site.pos(LIST, "事项名称 = \"x\"", "事项名称");
    assert_diags(
        &site.check(),
        &[Expect::error(LIST, at, "TOML 语法错误：invalid unquoted key, expected letters, numbers, `-`, `_`")
            .hint("键名不能是不加引号的中文")],
    );
}

#[test]
fn duplicate_key_is_a_syntax_error_with_a_hint() {
    let site = Site::init("duplicate-key");
    site.replace(LIST, "number = \"2\"\n", "number = \"2\"\nnumber = \"3\"\n");
    let at = site.pos(LIST, "number = \"2\"\nnumber = \"3\"", "number = \"3\"");
    let diags = site.check();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!((diags[0].file.as_str(), diags[0].line, diags[0].column), (LIST, at.0, at.1), "{}", diags[0]);
    assert!(diags[0].message.starts_with("TOML 语法错误："), "{}", diags[0]);
    assert!(diags[0].hint.as_deref().is_some_and(|h| h.contains("同一字段只能写一次")), "{}", diags[0]);
}

// ---------------------------------------------------------------------------------------------
// Dates

#[test]
fn impossible_toml_date_is_reported_with_the_date_hint() {
    let site = Site::init("date-toml");
    site.replace(LIST, "effective = 2025-10-01", "effective = 2025-02-30");
    let at = site.pos(LIST, "effective = 2025-02-30", "2025-02-30");
    assert_diags(
        &site.check(),
        &[Expect::error(LIST, at, "TOML 语法错误：invalid date, expected day between 01 and 28")
            .hint("日期写作 2025-10-01")],
    );
}

#[test]
fn impossible_date_written_as_text_is_reported_at_the_value() {
    let site = Site::init("date-text");
    site.replace(LIST, "recalled_on = 2025-10-01", "recalled_on = \"2025-13-01\"");
    let at = site.pos(LIST, "recalled_on = \"2025-13-01\"", "\"2025-13-01\"");
    assert_diags(
        &site.check(),
        &[Expect::error(LIST, at, "字段 `recalled_on` 不是有效日期").hint("日期写作 2025-10-01")],
    );
}

#[test]
fn chinese_date_text_is_accepted() {
    let site = Site::init("date-chinese");
    site.replace(LIST, "recalled_on = 2025-10-01", "recalled_on = \"2025年10月1日\"");
    assert_diags(&site.check(), &[]);
}

// ---------------------------------------------------------------------------------------------
// Fields

#[test]
fn unknown_field_suggests_the_closest_known_field() {
    let site = Site::init("unknown-field");
    site.replace(LIST, "name = \"最低生活保障审核确认\"", "nmae = \"最低生活保障审核确认\"");
    // The item now also lacks its name, which is reported at the item's header.
    let header = site.pos(LIST, "[[basic]]\ncode = \"DC-GF-001\"", "[[basic]]");
    let key = site.pos(LIST, "nmae = ", "nmae");
    assert_diags(
        &site.check(),
        &[
            Expect::error(LIST, header, "[[basic]] 第 4 项缺少必填字段 `name`（名称）").hint("name = "),
            Expect::error(LIST, key, "[[basic]] 第 4 项有未知字段 `nmae`").hint("是否应为 `name`（名称）？"),
        ],
    );
}

#[test]
fn unknown_field_in_a_nested_table_suggests_the_closest_field() {
    let site = Site::init("unknown-nested");
    site.replace(BODY, "scope = \"宅基地、农房建设\"", "scoep = \"宅基地、农房建设\"");
    let at = site.pos(BODY, "scoep = ", "scoep");
    assert_diags(
        &site.check(),
        &[Expect::error(BODY, at, "[[windows]] 第 2 项有未知字段 `scoep`").hint("是否应为 `scope`（受理范围）？")],
    );
}

#[test]
fn wrong_type_names_expected_and_actual_type() {
    let site = Site::init("wrong-type");
    site.replace(LIST, "name = \"最低生活保障审核确认\"", "name = 3");
    let at = site.pos(LIST, "name = 3", "3");
    assert_diags(&site.check(), &[Expect::error(LIST, at, "字段 `name` 应为字符串，实际是整数").hint("name = \"…\"")]);
}

#[test]
fn duties_need_no_type_basis_or_origin() {
    // The national format's basic duties often have no 权力类型, no single legal article and no
    // 来源: such an item is valid in every part.
    let site = Site::init("duty-shape");
    site.replace(LIST, "basis = \"【规章】《社会救助暂行办法》第十一条\"\n", "");
    site.replace(LIST, "type = \"行政给付\"\norigin = \"法定\"\n", "");
    site.replace(LIST, "type = \"行政处罚\"\ndepartment = \"zhujian\"", "department = \"zhujian\"");
    assert_diags(&site.check(), &[]);
}

#[test]
fn missing_department_in_a_support_item() {
    let site = Site::init("missing-dept");
    site.replace(LIST, "department = \"zhujian\"\ndepartment_duty = \"负责违法建设的认定和立案查处。\"\n", "");
    let at = site.pos(LIST, "[[support]]", "[[support]]");
    assert_diags(
        &site.check(),
        &[Expect::error(LIST, at, "[[support]] 第 1 项缺少必填字段 `department`（对应上级部门）")
            .hint("[[departments]]")],
    );
}

#[test]
fn several_departments_each_with_its_duty() {
    let site = Site::init("several-depts");
    site.replace(LIST, "department = \"zhujian\"\ndepartment_duty = \"负责违法建设的认定和立案查处。\"\n", "");
    let text = site.read(LIST);
    let at = text.find("\n[[recalled]]").unwrap();
    let nested = "\n[[support.departments]]\ndepartment = \"zhujian\"\nduty = \"负责立案查处。\"\n\n\
                  [[support.departments]]\ndepartment = \"nongye\"\nduty = \"负责农用地上违法建设的认定。\"\n";
    std::fs::write(site.path(LIST), format!("{}{nested}{}", &text[..at], &text[at..])).unwrap();
    // nongye is neither primary nor supporting for SD-001 on the county's territorial list.
    let at = site.pos(LIST, "department = \"zhujian\"\nduty", "\"zhujian\"");
    assert_diags(
        &site.check(),
        &[Expect::error(
            LIST,
            at,
            "配合事项“违法建设查处”与属地管理事项 `SD-001`的主体责任部门不一致：示例县农业农村局（`nongye`）不是该事项的主体责任或配合部门",
        )
        .hint("写明主体责任部门为示例县住房和城乡建设局（`zhujian`）")],
    );
    // With the matter's own primary department only, the lists agree and the two duties load.
    site.replace(LIST, "department = \"nongye\"\nduty", "department = \"zhujian\"\nduty");
    let loaded = qingdan::source::load(&site.root);
    let item = loaded.site.lists[0].items.iter().find(|i| i.code.value == "DC-PH-001").unwrap();
    let duties: Vec<Option<&str>> = item.departments.iter().map(|r| r.duty.as_deref()).collect();
    assert_eq!(duties, [Some("负责立案查处。"), Some("负责农用地上违法建设的认定。")]);
}

#[test]
fn a_support_item_names_fewer_primary_departments_than_the_territorial_list() {
    let site = Site::init("territorial-mismatch");
    site.replace("content/territorial.toml", "primary = [\"zhujian\"]", "primary = [\"zhujian\", \"nongye\"]");
    let at = site.pos(LIST, "department = \"zhujian\"\ndepartment_duty", "\"zhujian\"");
    assert_diags(
        &site.check(),
        &[Expect::error(
            LIST,
            at,
            "配合事项“违法建设查处”与属地管理事项 `SD-001`的主体责任部门不一致：缺少示例县农业农村局（`nongye`）",
        )
        .hint("两份清单须一致")],
    );
    // Matched by name when the item does not name the matter.
    site.replace(LIST, "territorial = \"SD-001\"\n", "");
    let diags = site.check();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0].message.contains("（按事项名称对应）"), "{diags:?}");
    assert!(diags[0].hint.as_deref().unwrap_or("").contains("territorial = \"SD-001\""), "{diags:?}");
}

#[test]
fn a_duty_handed_down_without_admission_is_outside_the_lists() {
    let site = Site::init("no-admission");
    site.replace(LIST, "admission = \"ZR-001\"\n", "");
    let at = site.pos(LIST, "assigned_by = \"nongye\"", "\"nongye\"");
    assert_diags(
        &site.check(),
        &[Expect::warning(
            LIST,
            at,
            "“协助开展农作物秸秆综合利用情况统计”由示例县农业农村局（`nongye`）交办，但没有对应的准入事项（清单之外无事项）",
        )
        .hint("admission = \"准入事项编码\"")],
    );
    // An exited admission does not admit it either.
    site.replace(LIST, "assigned_by = \"nongye\"", "assigned_by = \"nongye\"\nadmission = \"ZR-001\"");
    site.replace("content/admission.toml", "status = \"准入\"", "status = \"退出\"");
    let at = site.pos(LIST, "admission = \"ZR-001\"", "\"ZR-001\"");
    assert_diags(
        &site.check(),
        &[Expect::warning(LIST, at, "“协助开展农作物秸秆综合利用情况统计”的交办没有有效的准入依据：准入事项 `ZR-001` 已退出，不能再据此交办（清单之外无事项）")
            .hint("重新申请准入")],
    );
}

#[test]
fn empty_required_field_is_reported_at_the_value() {
    let site = Site::init("empty-required");
    site.replace(LIST, "name = \"最低生活保障审核确认\"", "name = \"  \"");
    let at = site.pos(LIST, "name = \"  \"", "\"  \"");
    assert_diags(&site.check(), &[Expect::error(LIST, at, "必填字段 `name`（名称）不能为空")]);
}

// ---------------------------------------------------------------------------------------------
// 权力类型

#[test]
fn unknown_power_type_suggests_the_closest_official_type() {
    let site = Site::init("power-type-typo");
    site.replace(LIST, "type = \"行政给付\"", "type = \"行政处法\"");
    let at = site.pos(LIST, "type = \"行政处法\"", "\"行政处法\"");
    let diags = site.check();
    assert_diags(
        &diags,
        &[Expect::error(LIST, at, "未知的权力类型“行政处法”").label("不是官方权力类型").hint("是否应为“行政处罚”？")],
    );
    // The hint lists every official type.
    let hint = diags[0].hint.as_deref().unwrap();
    for t in [
        "行政许可",
        "行政处罚",
        "行政强制",
        "行政征收",
        "行政给付",
        "行政检查",
        "行政确认",
        "行政奖励",
        "行政裁决",
        "其他行政权力",
        "公共服务",
    ] {
        assert!(hint.contains(t), "hint lacks {t}: {hint}");
    }
}

#[test]
fn local_power_type_is_a_warning_and_the_site_still_builds() {
    let site = Site::init("power-type-local");
    site.replace(LIST, "type = \"行政给付\"", "type = \"行政调解\"");
    let at = site.pos(LIST, "type = \"行政调解\"", "\"行政调解\"");
    assert_diags(
        &site.check(),
        &[Expect::warning(LIST, at, "“行政调解”不是官方权力类型，按原文保留").hint("官方类型")],
    );
    let out = site.tmp.join("out");
    let run = qingdan(["build", "--root", site.root.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stderr.contains("共 0 个错误，1 个警告。"), "{run}");
    let page = std::fs::read_to_string(out.join("dongcun/DC-GF-001.html")).unwrap();
    assert!(page.contains("行政调解"), "the local type is shown as written");
}

#[test]
fn spaced_official_type_is_accepted_without_diagnostics() {
    let site = Site::init("power-type-spaced");
    site.replace(LIST, "type = \"行政给付\"", "type = \"行政 处罚\"");
    assert_diags(&site.check(), &[]);
}

// ---------------------------------------------------------------------------------------------
// Codes and references

#[test]
fn duplicate_item_code_points_at_the_second_use() {
    let site = Site::init("duplicate-code");
    site.replace(LIST, "code = \"DC-GF-001\"", "code = \"DC-XK-001\"");
    let text = site.read(LIST);
    let second = text.match_indices("code = \"DC-XK-001\"").nth(1).expect("two uses").0 + "code = ".len();
    let at = common::offset_to_pos(&text, second);
    assert_diags(
        &site.check(),
        &[Expect::error(LIST, at, "事项编码 `DC-XK-001` 重复").label("与前面的一项重复").hint("须唯一")],
    );
}

/// Codes become file names (`<body>/<code>.html`); the site is copied to Windows, macOS and
/// web servers, so a code must be a file name on all of them.
#[test]
fn item_codes_that_are_windows_device_names_are_rejected() {
    let site = Site::init("device-item-codes");
    let codes = [("DC-XK-001", "con.txt", "CON"), ("DC-GF-001", "Aux", "AUX"), ("DC-CF-001", "lpt9.1", "LPT9")];
    for (old, new, _) in codes {
        site.replace(LIST, &format!("code = \"{old}\""), &format!("code = \"{new}\""));
    }
    let expected: Vec<Expect> = codes
        .iter()
        .map(|(_, code, device)| {
            let context = format!("code = \"{code}\"");
            let at = site.pos(LIST, &context, &format!("\"{code}\""));
            Expect::error(LIST, at, format!("事项编码 `{code}` 在 Windows 上是设备名 {device}，不能用作文件名"))
                .hint("CON、PRN、AUX、NUL、COM0–COM9、LPT0–LPT9")
                .hint("如 TX-XK-001")
        })
        .collect();
    assert_diags(&site.check(), &expected);
}

#[test]
fn item_codes_that_differ_only_by_case_are_rejected_at_the_second() {
    let site = Site::init("case-item-codes");
    site.replace(LIST, "code = \"DC-GF-001\"", "code = \"dc-xk-001\"");
    let at = site.pos(LIST, "code = \"dc-xk-001\"", "\"dc-xk-001\"");
    assert_diags(
        &site.check(),
        &[Expect::error(LIST, at, "事项编码 `dc-xk-001` 与 `DC-XK-001` 只有大小写不同")
            .label("与前面的一项只有大小写不同")
            .hint("不区分大小写")
            .hint("DC-XK-001.html 和 dc-xk-001.html")],
    );
}

#[test]
fn item_code_longer_than_64_bytes_is_rejected() {
    let site = Site::init("long-item-code");
    let longest = format!("DC-{}", "X".repeat(61));
    let too_long = format!("DC-{}", "Y".repeat(62));
    site.replace(LIST, "code = \"DC-XK-001\"", &format!("code = \"{longest}\""));
    site.replace(LIST, "code = \"DC-GF-001\"", &format!("code = \"{too_long}\""));
    let at = site.pos(LIST, &format!("code = \"{too_long}\""), &format!("\"{too_long}\""));
    assert_diags(
        &site.check(),
        &[Expect::error(LIST, at, format!("事项编码 `{too_long}` 长 65 字节，超过 64 字节的上限"))
            .hint("缩短到 64 个字母或数字以内")],
    );
}

#[test]
fn body_codes_that_are_device_names_or_too_long_are_rejected() {
    let site = Site::init("device-body-codes");
    let long = "x".repeat(65);
    for code in ["com1", "nul", long.as_str()] {
        site.write(
            &format!("content/bodies/{code}.toml"),
            format!("code = \"{code}\"\nname = \"示例县某局\"\nkind = \"部门\"\n"),
        );
    }
    let at = |code: &str| {
        site.pos(&format!("content/bodies/{code}.toml"), &format!("code = \"{code}\""), &format!("\"{code}\""))
    };
    assert_diags(
        &site.check(),
        &[
            Expect::error(
                "content/bodies/com1.toml",
                at("com1"),
                "主体代码 `com1` 在 Windows 上是设备名 COM1，不能用作文件名",
            )
            .hint("如 tangxi"),
            Expect::error(
                "content/bodies/nul.toml",
                at("nul"),
                "主体代码 `nul` 在 Windows 上是设备名 NUL，不能用作文件名",
            )
            .hint("如 tangxi"),
            Expect::error(
                &format!("content/bodies/{long}.toml"),
                at(&long),
                format!("主体代码 `{long}` 长 65 字节，超过 64 字节的上限"),
            )
            .hint("如 tangxi"),
        ],
    );
}

#[test]
fn guidance_catalog_named_like_a_device_is_rejected() {
    let site = Site::init("device-catalog");
    site.rename("content/guidance/zhifa.toml", "content/guidance/prn.toml");
    assert_diags(
        &site.check(),
        &[Expect::error(
            "content/guidance/prn.toml",
            (1, 1),
            "指导目录文件名 `prn` 在 Windows 上是设备名 PRN，不能用作文件名",
        )
        .hint("如 dongjiang-zhifa")],
    );
}

#[test]
fn unknown_office_suggests_the_closest_office() {
    let site = Site::init("office-typo");
    site.replace(LIST, "office = \"社会事务办公室\"", "office = \"社会事物办公室\"");
    let at = site.pos(LIST, "office = \"社会事物办公室\"", "\"社会事物办公室\"");
    assert_diags(
        &site.check(),
        &[Expect::error(LIST, at, "东村镇没有名为“社会事物办公室”的内设机构").hint("是否应为“社会事务办公室”？")],
    );
}

#[test]
fn unknown_office_without_a_close_name_says_where_to_add_it() {
    let site = Site::init("office-missing");
    site.replace(LIST, "office = \"社会事务办公室\"", "office = \"档案管理室\"");
    let at = site.pos(LIST, "office = \"档案管理室\"", "\"档案管理室\"");
    assert_diags(
        &site.check(),
        &[Expect::error(LIST, at, "东村镇没有名为“档案管理室”的内设机构")
            .hint("content/bodies/dongcun.toml 的 [[offices]]")],
    );
}

#[test]
fn unknown_window_suggests_the_closest_window() {
    let site = Site::init("window-typo");
    site.replace(LIST, "window = \"社会事务窗口\"", "window = \"社会事务窗\"");
    let at = site.pos(LIST, "window = \"社会事务窗\"", "\"社会事务窗\"");
    assert_diags(
        &site.check(),
        &[Expect::error(LIST, at, "东村镇的便民服务中心没有“社会事务窗”").hint("是否应为“社会事务窗口”？")],
    );
}

#[test]
fn unknown_department_suggests_the_closest_code_and_names_it() {
    let site = Site::init("department-typo");
    site.replace(LIST, "department = \"nongye\"", "department = \"nongy\"");
    let at = site.pos(LIST, "department = \"nongy\"", "\"nongy\"");
    assert_diags(
        &site.check(),
        &[Expect::error(LIST, at, "找不到县直部门 `nongy`").hint("是否应为 `nongye`（示例县农业农村局）？")],
    );
}

#[test]
fn department_given_by_abbreviation_gets_its_code_in_the_hint() {
    let site = Site::init("department-abbrev");
    site.replace(LIST, "department = \"zhujian\"\ndepartment_duty", "department = \"住建局\"\ndepartment_duty");
    let at = site.pos(LIST, "department = \"住建局\"", "\"住建局\"");
    assert_diags(
        &site.check(),
        &[Expect::error(LIST, at, "找不到县直部门 `住建局`").hint("示例县住房和城乡建设局的代码是 `zhujian`")],
    );
}

#[test]
fn reference_to_a_body_of_the_wrong_kind_names_its_kind() {
    let site = Site::init("department-wrong-kind");
    site.replace(LIST, "department = \"nongye\"", "department = \"dongcun\"");
    let at = site.pos(LIST, "department = \"dongcun\"", "\"dongcun\"");
    assert_diags(&site.check(), &[Expect::error(LIST, at, "`dongcun`（东村镇）不是县直部门").label("这是一个镇")]);
}

#[test]
fn unknown_guidance_item_suggests_the_closest_id() {
    let site = Site::init("guidance-typo");
    site.replace(LIST, "guidance = \"ZF-001\"", "guidance = \"ZF-01\"");
    let at = site.pos(LIST, "guidance = \"ZF-01\"", "\"ZF-01\"");
    assert_diags(&site.check(), &[Expect::error(LIST, at, "找不到指导目录事项 `ZF-01`").hint("是否应为 `ZF-001`？")]);
}

#[test]
fn territorial_department_reference_is_checked() {
    let site = Site::init("territorial-ref");
    let file = "content/territorial.toml";
    site.replace(file, "primary = [\"nongye\"]", "primary = [\"nongy\"]");
    let at = site.pos(file, "primary = [\"nongy\"]", "\"nongy\"");
    assert_diags(&site.check(), &[Expect::error(file, at, "找不到县直部门 `nongy`").hint("`nongye`")]);
}

// ---------------------------------------------------------------------------------------------
// Bodies

#[test]
fn body_file_name_must_match_its_code() {
    let site = Site::init("file-name");
    site.rename("content/bodies/nongye.toml", "content/bodies/nongyeju.toml");
    let file = "content/bodies/nongyeju.toml";
    let at = site.pos(file, "code = \"nongye\"", "\"nongye\"");
    assert_diags(
        &site.check(),
        &[Expect::error(file, at, "文件名 `nongyeju` 与代码 `nongye` 不一致").hint("把文件改名为 nongye.toml")],
    );
}

#[test]
fn list_file_name_must_match_its_body() {
    let site = Site::init("list-file-name");
    site.rename(LIST, "content/lists/dong.toml");
    let file = "content/lists/dong.toml";
    let at = site.pos(file, "body = \"dongcun\"", "\"dongcun\"");
    assert_diags(
        &site.check(),
        &[Expect::error(file, at, "文件名 `dong` 与代码 `dongcun` 不一致").hint("把文件改名为 dongcun.toml")],
    );
}

#[test]
fn reserved_body_code_is_rejected() {
    let site = Site::init("reserved");
    let file = "content/bodies/static.toml";
    site.write(file, "code = \"static\"\nname = \"示例县静态局\"\nkind = \"部门\"\n");
    let at = site.pos(file, "code = \"static\"", "\"static\"");
    assert_diags(&site.check(), &[Expect::error(file, at, "主体代码 `static` 是网站保留的路径").hint("换一个代码")]);
}

#[test]
fn body_code_with_capitals_is_rejected() {
    let site = Site::init("code-capitals");
    let file = "content/bodies/Xicun.toml";
    site.write(file, "code = \"Xicun\"\nname = \"示例县西村局\"\nkind = \"部门\"\n");
    let at = site.pos(file, "code = \"Xicun\"", "\"Xicun\"");
    assert_diags(&site.check(), &[Expect::error(file, at, "主体代码 `Xicun` 只能包含小写字母、数字和 -").hint("拼音")]);
}

#[test]
fn township_without_a_list_is_a_warning() {
    let site = Site::init("no-list");
    let file = "content/bodies/xicun.toml";
    site.write(file, "code = \"xicun\"\nname = \"西村镇\"\nkind = \"镇\"\n");
    let at = site.pos(file, "code = \"xicun\"", "\"xicun\"");
    assert_diags(&site.check(), &[Expect::warning(file, at, "西村镇还没有权责清单").hint("content/lists/xicun.toml")]);
}

// ---------------------------------------------------------------------------------------------
// Admission

#[test]
fn admission_period_ending_before_it_starts() {
    let site = Site::init("admission-period");
    let file = "content/admission.toml";
    site.replace(file, "long_term = true", "period_to = 2024-12-31");
    let at = site.pos(file, "code = \"ZR-001\"", "\"ZR-001\"");
    assert_diags(
        &site.check(),
        &[Expect::error(
            file,
            at,
            "准入事项“协助开展农作物秸秆综合利用情况统计”的截止日期 2024-12-31 早于起始日期 2025-01-01",
        )
        .hint("period_from 和 period_to")],
    );
}

#[test]
fn admission_without_a_period_end() {
    let site = Site::init("admission-no-end");
    let file = "content/admission.toml";
    site.replace(file, "long_term = true\n", "");
    let at = site.pos(file, "[[item]]", "[[item]]");
    assert_diags(&site.check(), &[Expect::error(file, at, "[[item]] 第 1 项没有写明期限").hint("long_term = true")]);
}

// ---------------------------------------------------------------------------------------------
// Site configuration. README promises 文件:行:列 for every problem; these point at the value.

#[test]
fn bad_base_url_points_at_the_value() {
    let site = Site::init("base-url");
    let file = "qingdan.toml";
    site.replace(file, "jurisdiction = \"county\"\n", "jurisdiction = \"county\"\nbase_url = \"qd.example.gov.cn\"\n");
    let at = site.pos(file, "base_url = \"qd.example.gov.cn\"", "\"qd.example.gov.cn\"");
    assert_diags(
        &site.check(),
        &[Expect::error(file, at, "`base_url` 须以 https:// 或 http:// 开头").hint("https://")],
    );
}

#[test]
fn unknown_jurisdiction_points_at_the_value_in_the_site_config() {
    let site = Site::init("jurisdiction");
    let file = "qingdan.toml";
    site.replace(file, "jurisdiction = \"county\"", "jurisdiction = \"countyx\"");
    let at = site.pos(file, "jurisdiction = \"countyx\"", "\"countyx\"");
    assert_diags(
        &site.check(),
        &[Expect::error(file, at, "`jurisdiction` 指向的主体 `countyx` 不存在").hint("kind = \"县\"")],
    );
}

// ---------------------------------------------------------------------------------------------
// One problem, one report

#[test]
fn a_broken_body_file_is_reported_once_without_follow_on_errors() {
    // The body file exists but does not parse: its syntax error is the one problem. Telling the
    // publisher that the body "does not exist" and to "add content/bodies/dongcun.toml" (a file
    // that is right there) sends them the wrong way.
    let site = Site::init("broken-body");
    site.replace(BODY, "name = \"东村镇\"\n", "name = \"东村镇\n");
    let at = site.end_of_line(BODY, "name = \"东村镇");
    assert_diags(
        &site.check(),
        &[Expect::error(BODY, at, "TOML 语法错误：invalid basic string, expected `\"`").hint("三个双引号")],
    );
}

// ---------------------------------------------------------------------------------------------
// Many problems in one run

fn break_many_files(site: &Site) -> Vec<Expect> {
    // bodies/dongcun.toml: unknown field in an office.
    site.replace(BODY, "duties = \"负责村镇规划建设、农村宅基地管理\"", "dutys = \"负责村镇规划建设、农村宅基地管理\"");
    // lists/dongcun.toml: a typo in a type, an unknown office, and a local type (warning).
    site.replace(LIST, "type = \"行政给付\"", "type = \"行政处法\"");
    site.replace(LIST, "office = \"社会事务办公室\"", "office = \"社会事物办公室\"");
    site.replace(LIST, "type = \"行政处罚\"\norigin = \"下放\"", "type = \"行政调解\"\norigin = \"下放\"");
    // guidance/zhifa.toml: a duplicate id.
    let guidance = "content/guidance/zhifa.toml";
    site.replace(guidance, "id = \"ZF-003\"", "id = \"ZF-001\"");
    // territorial.toml: an unknown department.
    let territorial = "content/territorial.toml";
    site.replace(territorial, "primary = [\"nongye\"]", "primary = [\"nongy\"]");
    // admission.toml: a category that does not exist.
    let admission = "content/admission.toml";
    site.replace(admission, "category = \"报表填报\"", "category = \"报表\"");
    // pages/about.md: an unknown front matter field (positions are offset by the `+++` line).
    let page = "content/pages/about.md";
    site.replace(page, "order = 1", "ordr = 1");

    let text = site.read(guidance);
    let dup = text.match_indices("id = \"ZF-001\"").nth(1).unwrap().0 + "id = ".len();
    vec![
        Expect::error(BODY, site.pos(BODY, "dutys = ", "dutys"), "[[offices]] 第 4 项有未知字段 `dutys`")
            .hint("`duties`"),
        Expect::error(LIST, site.pos(LIST, "type = \"行政处法\"", "\"行政处法\""), "未知的权力类型“行政处法”")
            .hint("行政处罚"),
        Expect::error(
            LIST,
            site.pos(LIST, "office = \"社会事物办公室\"", "\"社会事物办公室\""),
            "东村镇没有名为“社会事物办公室”的内设机构",
        )
        .hint("社会事务办公室"),
        Expect::warning(
            LIST,
            site.pos(LIST, "type = \"行政调解\"", "\"行政调解\""),
            "“行政调解”不是官方权力类型，按原文保留",
        ),
        Expect::error(guidance, common::offset_to_pos(&text, dup), "指导目录事项编号 `ZF-001` 重复").hint("须唯一"),
        Expect::error(territorial, site.pos(territorial, "[\"nongy\"]", "\"nongy\""), "找不到县直部门 `nongy`")
            .hint("`nongye`"),
        Expect::error(
            admission,
            site.pos(admission, "category = \"报表\"", "\"报表\""),
            "字段 `category` 的值“报表”无效",
        )
        .hint("是否应为“报表填报”？"),
        Expect::error(page, site.pos(page, "ordr = 1", "ordr"), "有未知字段 `ordr`").hint("`order`"),
        // The admission item with the bad category is not loaded, so the duty it admitted has
        // no admission to refer to.
        Expect::error(LIST, site.pos(LIST, "admission = \"ZR-001\"", "\"ZR-001\""), "找不到准入事项 `ZR-001`"),
    ]
}

#[test]
fn every_problem_in_every_file_is_reported_in_one_run_in_a_stable_order() {
    let site = Site::init("many");
    let mut expected = break_many_files(&site);
    let first = site.check();
    let second = site.check();
    assert_eq!(first, second, "two runs give the same diagnostics in the same order");

    // Exactly the expected diagnostics (compared in a canonical order here; the run's own
    // order is checked below).
    let key = |file: &str, at: (usize, usize)| (file.to_string(), at);
    let mut actual = first.clone();
    actual.sort_by_key(|d| key(&d.file, (d.line, d.column)));
    expected.sort_by_key(|e| key(&e.file, e.at));
    assert_diags(&actual, &expected);

    // The run's order: each file's diagnostics together, by position within the file.
    let mut seen_files: Vec<&str> = Vec::new();
    for pair in first.windows(2) {
        if pair[0].file == pair[1].file {
            assert!(
                (pair[0].line, pair[0].column) <= (pair[1].line, pair[1].column),
                "out of order: {} then {}",
                pair[0],
                pair[1]
            );
        }
    }
    for d in &first {
        if seen_files.last() != Some(&d.file.as_str()) {
            assert!(!seen_files.contains(&d.file.as_str()), "diagnostics of {} are not together", d.file);
            seen_files.push(&d.file);
        }
    }
    let broken: std::collections::BTreeSet<&str> = expected.iter().map(|e| e.file.as_str()).collect();
    assert_eq!(seen_files.len(), broken.len(), "every broken file is reported: {seen_files:?}");

    // The command prints the same, with the count, and exits 1.
    let errors = expected.iter().filter(|e| e.error).count();
    let warnings = expected.len() - errors;
    let run = qingdan(["check", "--root", site.root.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains(&format!("共 {errors} 个错误，{warnings} 个警告。")), "{run}");
    // Each report is its title (the message) and then ` --> path:line:col`, in the checked order.
    let mut last = 0;
    for d in &first {
        let place = format!("{}:{}:{}", site.path(&d.file).display(), d.line, d.column);
        let at = run.stderr[last..].find(&place).map(|i| last + i);
        let at = at.unwrap_or_else(|| panic!("{place} not in output after byte {last}:\n{run}"));
        assert!(run.stderr[last..at].contains(&d.message), "`{}` not printed before {place}:\n{run}", d.message);
        last = at + place.len();
    }
    assert_eq!(run.stderr, qingdan(["check", "--root", site.root.to_str().unwrap()]).stderr, "same output every run");
}

#[test]
fn rendered_report_shows_the_place_the_source_line_and_the_hint() {
    let site = Site::init("rendered");
    site.replace(LIST, "office = \"社会事务办公室\"", "office = \"社会事物办公室\"");
    let (line, col) = site.pos(LIST, "office = \"社会事物办公室\"", "\"社会事物办公室\"");
    let run = qingdan(["check", "--root", site.root.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{run}");
    let place = format!("--> {}:{line}:{col}", site.path(LIST).display());
    assert!(run.stderr.contains(&place), "expected `{place}` in\n{run}");
    assert!(run.stderr.contains(&format!("{line} | office = \"社会事物办公室\"")), "source line shown:\n{run}");
    assert!(run.stderr.contains("错误: 东村镇没有名为“社会事物办公室”的内设机构"), "{run}");
    assert!(run.stderr.contains("提示: 是否应为“社会事务办公室”？"), "{run}");
    assert!(run.stderr.contains("共 1 个错误，0 个警告。"), "{run}");
    assert!(!run.stderr.contains('\u{1b}'), "no colour codes with NO_COLOR / not a terminal");
}

// ---------------------------------------------------------------------------------------------
// Exit codes

#[test]
fn exit_code_is_0_for_a_good_site_and_1_for_content_errors() {
    let site = Site::init("exit-1");
    let root = site.root.to_str().unwrap().to_string();
    let good = qingdan(["check", "--root", &root]);
    assert_eq!(good.code, 0, "{good}");
    assert!(good.stderr.contains("检查通过"), "{good}");
    site.replace(LIST, "name = \"最低生活保障审核确认\"", "name = 3");
    for command in ["check", "build"] {
        let run = qingdan([command, "--root", &root]);
        assert_eq!(run.code, 1, "{command}: {run}");
        assert!(run.stderr.contains("字段 `name` 应为字符串，实际是整数"), "{command}: {run}");
    }
    assert!(!site.path("public").exists(), "a failed build writes no site");
}

#[test]
fn exit_code_is_2_when_root_is_not_a_site() {
    let tmp = common::TempDir::new("not-a-site");
    let missing = tmp.join("does-not-exist");
    for root in [tmp.path(), missing.as_path()] {
        for command in ["check", "build"] {
            let run = qingdan([command, "--root", root.to_str().unwrap()]);
            assert_eq!(run.code, 2, "{command} --root {}: {run}", root.display());
            assert!(run.stderr.contains("qingdan.toml"), "the message names the missing file: {run}");
        }
    }
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "nothing written");
}

#[test]
fn exit_code_is_2_for_usage_errors() {
    for args in [vec!["frobnicate"], vec![], vec!["init"], vec!["build", "--no-such-flag"], vec!["check", "--root"]] {
        let run = qingdan(&args);
        assert_eq!(run.code, 2, "qingdan {args:?}: {run}");
        assert!(!run.stderr.contains("panicked"), "{run}");
    }
    let help = qingdan(["--help"]);
    assert_eq!(help.code, 0, "{help}");
}

// ---------------------------------------------------------------------------------------------
// Files that are not UTF-8 text, or not files

/// A source saved in another encoding is reported at its first invalid byte, not just by name,
/// and GBK (the usual case on Chinese Windows) is recognised.
#[test]
fn invalid_utf8_is_reported_at_the_first_invalid_byte() {
    let site = Site::init("utf8-gbk");
    let at = site.pos(BODY, "name = \"东村镇\"", "东");
    let text = site.read(BODY);
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    site.write(BODY, &gbk);
    let diags: Vec<_> = site.check().into_iter().filter(|d| d.file == BODY).collect();
    assert_diags(
        &diags,
        &[Expect::error(BODY, at, "文件不是 UTF-8 编码")
            .label("第一个无效的字节：0xB6")
            .hint("GBK")
            .hint("另存为 UTF-8")],
    );

    // A stray Latin-1 byte in the middle of a line.
    let site = Site::init("utf8-latin1");
    let at = site.pos(LIST, "name = \"农村村民宅基地审批\"", "审批");
    let text = site.read(LIST);
    let bytes = text.replacen("宅基地审批", "宅基地\u{0}", 1).into_bytes();
    let bytes: Vec<u8> = bytes.into_iter().map(|b| if b == 0 { 0xE9 } else { b }).collect();
    site.write(LIST, bytes);
    let diags: Vec<_> = site.check().into_iter().filter(|d| d.file == LIST).collect();
    assert_diags(&diags, &[Expect::error(LIST, at, "文件不是 UTF-8 编码").label("第一个无效的字节：0xE9")]);
    assert!(!diags[0].hint.as_ref().unwrap().contains("GBK"), "not text in GBK: {}", diags[0]);
    // The terminal shows the line with the place marked.
    let run = qingdan(["check", "--root", site.root.to_str().unwrap()]);
    let place = format!("{LIST}:{}:{}", at.0, at.1);
    assert!(run.code == 1 && run.stderr.contains(&place), "{place} in {run}");
}

/// A FIFO (or socket, or device) among the sources is refused by name and never opened:
/// reading one waits forever, and skipping it would drop a list without a word.
#[test]
fn a_fifo_among_the_sources_is_refused_by_name_and_never_opened() {
    let site = Site::init("fifo");
    let root = site.root.to_str().unwrap().to_string();
    let run = qingdan(["release", "--root", &root, "--title", "首次公布", "--effective", "2025-10-01"]);
    assert_eq!(run.code, 0, "{run}");
    let fifos = [
        "content/lists/zhujian.toml",
        "content/pages/notice.md",
        "content/territorial.toml",
        "content/admission.md",
        "themes/default/templates/item.html",
        "history/2025-10-01/content/admission.md",
    ];
    for rel in fifos {
        let _ = std::fs::remove_file(site.path(rel));
        common::mkfifo(&site.path(rel));
    }
    for command in ["check", "build"] {
        let run = qingdan_unless_hung([command, "--root", &root]);
        assert_eq!(run.code, 1, "{run}");
        for rel in fifos {
            let named = run.stderr.lines().any(|l| l.contains(rel));
            assert!(named, "qingdan {command} names {rel}:\n{run}");
        }
        assert_eq!(run.stderr.matches("命名管道（FIFO）").count(), fifos.len(), "{run}");
        assert!(!run.stderr.contains("被删除"), "the snapshot's FIFO is what it is, not a missing file: {run}");
        assert!(!site.path("public").exists());
    }

    // The site configuration itself.
    let site = Site::init("fifo-config");
    std::fs::remove_file(site.path("qingdan.toml")).unwrap();
    common::mkfifo(&site.path("qingdan.toml"));
    let run = qingdan_unless_hung(["check", "--root", site.root.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("qingdan.toml") && run.stderr.contains("命名管道（FIFO）"), "{run}");
}

// ---------------------------------------------------------------------------------------------
// Nothing makes it panic

/// Deterministic pseudo-random bytes (no dependency needed).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

#[test]
fn garbage_input_is_an_error_never_a_panic() {
    let deep_arrays = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let deep_tables = format!("x = {}1{}\n", "{a=".repeat(100_000), "}".repeat(100_000));
    let long_line = format!("title = \"{}", "长".repeat(350_000)); // > 1 MB, unterminated
    let long_ascii = "x".repeat(1 << 20);
    let mut utf8_garbage = String::new();
    for (i, c) in "[[]]]{=\"'\\#\n,.=[[basic]] = = \"\"\"'''".chars().cycle().take(5000).enumerate() {
        utf8_garbage.push(c);
        if i % 97 == 0 {
            utf8_garbage.push('镇');
        }
    }
    let mut binary = noise(64 * 1024, 0x9e37_79b9_7f4a_7c15);
    binary[0] = 0; // a NUL early, as in real binary files
    let mut invalid_utf8 = b"title = \"".to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe, 0xc3, 0x28, b'"', b'\n']);

    let cases: Vec<(&str, &str, Vec<u8>)> = vec![
        ("garbage text as a list", LIST, utf8_garbage.clone().into_bytes()),
        ("garbage text as the site config", "qingdan.toml", utf8_garbage.into_bytes()),
        ("empty body file", BODY, Vec::new()),
        ("empty site config", "qingdan.toml", Vec::new()),
        ("empty list file", LIST, Vec::new()),
        ("invalid UTF-8", "content/territorial.toml", invalid_utf8.clone()),
        ("invalid UTF-8 page", "content/pages/about.md", invalid_utf8),
        ("binary file as .toml", "content/guidance/binary.toml", binary.clone()),
        ("binary file as a body", BODY, binary.clone()),
        ("binary file as a page", "content/pages/about.md", binary),
        ("deeply nested arrays", "content/guidance/deep.toml", deep_arrays.into_bytes()),
        ("deeply nested inline tables", "content/admission.toml", deep_tables.into_bytes()),
        ("1 MB single line", "content/admission.toml", long_line.into_bytes()),
        ("1 MB single line without a key", LIST, long_ascii.into_bytes()),
        ("front matter that is not TOML", "content/pages/about.md", b"+++\n[[[\n+++\n".to_vec()),
        ("front matter without a title", "content/pages/about.md", b"+++\n+++\n".to_vec()),
        ("page without front matter", "content/pages/about.md", b"# title only\n".to_vec()),
        ("huge integer", LIST, b"body = \"dongcun\"\nnumber = 99999999999999999999999999\n".to_vec()),
        ("array where a table is expected", LIST, b"body = \"dongcun\"\nbasic = [1, \"x\", [2]]\n".to_vec()),
        ("table where text is expected", BODY, b"code = { a = 1 }\nname = []\nkind = 3\n".to_vec()),
        ("NUL bytes in a string", LIST, b"body = \"dong\0cun\"\n".to_vec()),
        ("CRLF and a BOM", BODY, "\u{feff}code = \"dongcun\"\r\nname = \"东村镇\r\n".as_bytes().to_vec()),
    ];
    let mut failures = Vec::new();
    for (what, file, bytes) in cases {
        let site = Site::init("garbage");
        site.write(file, &bytes);
        let out = site.tmp.join("out");
        for args in [
            vec!["check", "--root", site.root.to_str().unwrap()],
            vec!["build", "--root", site.root.to_str().unwrap(), "--out", out.to_str().unwrap()],
        ] {
            let run = qingdan(&args);
            if run.code != 1 || run.stderr.contains("panicked") || !run.stderr.contains("错误") {
                let mut shown = run.to_string();
                shown.truncate(3000);
                failures.push(format!("{what} ({file}), qingdan {}: {shown}", args[0]));
            }
        }
        if out.exists() {
            failures.push(format!("{what}: a failed build wrote {}", out.display()));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn pathological_markdown_builds_without_panic() {
    let site = Site::init("markdown-deep");
    let mut page = String::from("+++\ntitle = \"深\"\n+++\n");
    page.push_str(&">".repeat(50_000));
    page.push_str(" 引用\n\n");
    page.push_str(&"*".repeat(50_000));
    page.push_str("\n\n");
    page.push_str(&"[".repeat(50_000));
    page.push_str("\n\n");
    page.push_str(&"- ".repeat(20_000));
    page.push_str("列表\n\n| a | b |\n|---|---|\n| <script> | 1 |\n");
    site.write("content/pages/deep.md", page);
    let out = site.tmp.join("out");
    let run = qingdan(["build", "--root", site.root.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    assert!(!run.stderr.contains("panicked"), "{run}");
    let html = std::fs::read_to_string(out.join("pages/deep.html")).unwrap();
    assert!(html.contains("引用") && html.contains("列表"), "the page keeps its text");
    // The one script element is the theme's own (static/site.js, on every page).
    assert!(!html.contains("<script>") && html.matches("<script").count() == 1, "raw HTML is shown as text");
}

/// The whole report `qingdan check` prints for a site broken in many files, as a publisher reads
/// it, compared with `tests/snapshots/check-many-files.txt`. A change to how diagnostics look
/// shows up here as a diff to review; `QINGDAN_UPDATE_SNAPSHOTS=1 cargo test` rewrites the file.
#[test]
fn the_rendered_report_matches_its_snapshot() {
    let site = Site::init("snapshot");
    break_many_files(&site);
    let run = common::qingdan_in(&site.root, ["check"]);
    assert_eq!(run.code, 1, "{run}");
    let snapshot = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/check-many-files.txt");
    if std::env::var_os("QINGDAN_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
        std::fs::write(&snapshot, &run.stderr).unwrap();
    }
    let expected =
        std::fs::read_to_string(&snapshot).expect("the snapshot exists (QINGDAN_UPDATE_SNAPSHOTS=1 writes it)");
    assert_eq!(run.stderr, expected, "the report changed; review it and update the snapshot");
}
