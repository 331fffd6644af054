//! A corpus of workbooks in the layouts 编办 publish, for `qingdan import`: township lists in
//! the national three-part shape (a sheet per part, one sheet with section rows and a header
//! per part, one sheet with a part column, one CSV per part), an older list whose 类别 column
//! holds 权力类型, a workbook with a sheet per level, the county's 属地管理 and 准入 lists, a
//! guidance catalog, and files that are none of these. They carry what real files carry:
//! titles and 文号 lines above merged headers, categories in vertically merged cells, formulas
//! with cached values, hidden rows, columns and sheets, a value under a merged cell, units and
//! numbered sub-items on lines of one cell, sub-items with their own basis, footnotes.
//!
//! `write(dir)` writes them and returns what importing each must give, so tests and
//! `cargo run --example import_corpus` share one description. Names and laws are realistic;
//! the places, documents and people are fictional.

#![allow(dead_code)]

use rust_xlsxwriter::{Format, FormatAlign, Formula, Workbook, Worksheet};
use std::path::{Path, PathBuf};

/// One import of the corpus: its files, options, and what it must give.
pub struct Case {
    pub name: &'static str,
    pub files: Vec<PathBuf>,
    /// `--into` (body code, or catalog id), when the kind needs one.
    pub into: Option<&'static str>,
    pub options: Vec<&'static str>,
    pub expect: Expect,
}

pub struct Expect {
    /// 0, or 1 for a refused file.
    pub status: i32,
    /// The kind the report names (`ListKind::name`), for imports that succeed.
    pub kind: &'static str,
    /// Items per part (基本, 配合, 收回), or for county tables `[n, 0, 0]`.
    pub parts: [usize; 3],
    /// Texts the report must contain (hidden cells by sheet!cell, declared counts …).
    pub report: Vec<String>,
}

/// The county departments the corpus names, for the test site: (code, name).
pub const DEPARTMENTS: [(&str, &str); 15] = [
    ("zhujian", "示例县住房和城乡建设局"),
    ("nongye", "示例县农业农村局"),
    ("ziranziyuan", "示例县自然资源局"),
    ("shengtai", "示例县生态环境局"),
    ("linye", "示例县林业局"),
    ("shichang", "示例县市场监督管理局"),
    ("xiaofang", "示例县消防救援大队"),
    ("jiaoyu", "示例县教育局"),
    ("gongan", "示例县公安局"),
    ("jiaotong", "示例县交通运输局"),
    ("tuiyi", "示例县退役军人事务局"),
    ("yingji", "示例县应急管理局"),
    ("zhifa", "示例县综合行政执法局"),
    ("minzheng", "示例县民政局"),
    ("tongji", "示例县统计局"),
];

/// Writes a body file for each department (and the townships the 准入 list names) into a
/// site made by `qingdan init`, so that the names the corpus uses resolve to codes.
pub fn add_bodies(site: &Path) {
    let bodies = site.join("content/bodies");
    for (code, name) in DEPARTMENTS {
        let path = bodies.join(format!("{code}.toml"));
        if !path.exists() {
            std::fs::write(path, format!("code = \"{code}\"\nname = \"{name}\"\nkind = \"部门\"\n")).unwrap();
        }
    }
    for (code, name, kind) in [("tangxi", "塘溪镇", "镇"), ("shimen", "石门镇", "镇"), ("yunling", "云岭乡", "乡")]
    {
        let path = bodies.join(format!("{code}.toml"));
        if !path.exists() {
            std::fs::write(path, format!("code = \"{code}\"\nname = \"{name}\"\nkind = \"{kind}\"\n")).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The content: duties, supporting duties, recalled powers.

/// A basic duty: (category, name, tasks, type, basis, office).
pub struct Duty {
    pub category: &'static str,
    pub name: &'static str,
    pub tasks: &'static str,
    pub power_type: &'static str,
    pub basis: &'static str,
    pub office: &'static str,
}

const fn duty(
    category: &'static str,
    name: &'static str,
    tasks: &'static str,
    power_type: &'static str,
    basis: &'static str,
    office: &'static str,
) -> Duty {
    Duty { category, name, tasks, power_type, basis, office }
}

pub const BASIC: [Duty; 16] = [
    duty(
        "党的建设",
        "加强村（社区）党组织建设",
        "1.指导村（社区）党组织按期换届，抓好“两委”班子建设。\n2.做好党员发展、教育、管理和监督工作。",
        "",
        "《中国共产党农村基层组织工作条例》",
        "党政办公室",
    ),
    duty(
        "党的建设",
        "落实意识形态工作责任制",
        "1.定期分析研判意识形态领域情况。\n2.加强宣传思想文化阵地建设和管理。",
        "",
        "《党委（党组）意识形态工作责任制实施办法》",
        "党政办公室",
    ),
    duty(
        "党的建设",
        "推进党风廉政建设",
        "1.落实全面从严治党主体责任。\n2.开展廉政教育和村级小微权力监督。",
        "",
        "《中国共产党纪律处分条例》",
        "党政办公室",
    ),
    duty(
        "经济发展",
        "优化营商环境",
        "1.做好企业服务和项目代办。\n2.协调解决企业生产经营中的困难。",
        "",
        "《优化营商环境条例》",
        "经济发展办公室",
    ),
    duty(
        "经济发展",
        "做好统计调查工作",
        "1.组织实施辖区统计调查和普查。\n2.做好统计数据质量管理。",
        "",
        "《中华人民共和国统计法》",
        "经济发展办公室",
    ),
    duty(
        "民生服务",
        "最低生活保障审核确认",
        "1.受理低保申请，开展入户调查。\n2.做好民主评议和公示。",
        "行政给付",
        "【法规】《社会救助暂行办法》第十一条",
        "社会事务办公室",
    ),
    duty(
        "民生服务",
        "临时救助",
        "对遭遇突发性、紧迫性、临时性生活困难的家庭给予临时救助。",
        "行政给付",
        "【法规】《社会救助暂行办法》第四十七条",
        "社会事务办公室",
    ),
    duty(
        "民生服务",
        "特困人员认定",
        "受理特困人员供养申请，调查核实后作出认定。",
        "行政确认",
        "【规范性文件】《特困人员认定办法》",
        "社会事务办公室",
    ),
    duty(
        "平安法治",
        "开展矛盾纠纷排查化解",
        "1.组织村（社区）开展矛盾纠纷排查。\n2.做好人民调解工作。",
        "",
        "《中华人民共和国人民调解法》",
        "平安建设办公室",
    ),
    duty(
        "平安法治",
        "农村土地承包经营纠纷调解",
        "调解农村土地承包经营纠纷。",
        "其他行政权力",
        "【法律】《中华人民共和国农村土地承包经营纠纷调解仲裁法》第七条",
        "平安建设办公室",
    ),
    duty(
        "生态环境保护",
        "落实河湖长制",
        "1.组织开展河湖日常巡查。\n2.督促整改河湖问题。",
        "",
        "《关于全面推行河长制的意见》",
        "村镇建设办公室",
    ),
    duty(
        "乡村振兴",
        "农村村民宅基地审批",
        "受理、审核并批准农村村民宅基地申请。",
        "行政许可",
        "【法律】《中华人民共和国土地管理法》第六十二条",
        "村镇建设办公室",
    ),
    duty(
        "乡村振兴",
        "巩固拓展脱贫攻坚成果",
        "1.开展防止返贫动态监测。\n2.落实帮扶措施。",
        "",
        "《中华人民共和国乡村振兴促进法》",
        "经济发展办公室",
    ),
    duty(
        "城乡建设",
        "乡村建设规划许可证核发（村民住宅）",
        "核发村民住宅乡村建设规划许可证。",
        "行政许可",
        "【法律】《中华人民共和国城乡规划法》第四十一条",
        "村镇建设办公室",
    ),
    duty(
        "城乡建设",
        "农村人居环境整治",
        "1.推进农村厕所革命和生活垃圾治理。\n2.开展村庄清洁行动。",
        "",
        "《农村人居环境整治提升五年行动方案（2021—2025年）》",
        "村镇建设办公室",
    ),
    duty(
        "综合保障",
        "落实安全生产属地责任",
        "1.督促生产经营单位落实安全生产主体责任。\n2.组织开展安全隐患排查。",
        "",
        "【法律】《中华人民共和国安全生产法》第九条",
        "平安建设办公室",
    ),
];

/// A supporting duty: (name, departments, their duties, the township's duty, basis).
pub struct Support {
    pub name: &'static str,
    pub departments: &'static [&'static str],
    pub department_duties: &'static [&'static str],
    pub township_duty: &'static str,
    pub basis: &'static str,
}

pub const SUPPORT: [Support; 10] = [
    Support {
        name: "违法建设查处",
        departments: &["县住建局", "县自然资源局"],
        department_duties: &["负责城镇规划区内违法建设的认定和立案查处。", "负责占用耕地建设的认定和查处。"],
        township_duty: "负责日常巡查，发现违法建设及时劝阻、制止并报告。",
        basis: "《中华人民共和国城乡规划法》第六十四条、第六十五条",
    },
    Support {
        name: "秸秆禁烧",
        departments: &["县生态环境局"],
        department_duties: &["负责秸秆露天焚烧的监督管理和查处。"],
        township_duty: "负责宣传劝导和日常巡查，发现焚烧及时制止并报告。",
        basis: "《中华人民共和国大气污染防治法》第七十七条",
    },
    Support {
        name: "森林防火",
        departments: &["县林业局"],
        department_duties: &["负责森林防火期野外用火审批和违法用火查处。"],
        township_duty: "组织村级护林员巡护，做好野外用火管理和先期处置。",
        basis: "《森林防火条例》",
    },
    Support {
        name: "城镇燃气安全监管",
        departments: &["县住建局"],
        department_duties: &["负责燃气行业安全监督管理。"],
        township_duty: "督促餐饮场所安全使用燃气，发现隐患及时报告。",
        basis: "《城镇燃气管理条例》",
    },
    Support {
        name: "食品安全监督管理",
        departments: &["县市场监管局"],
        department_duties: &["负责食品生产经营监督检查和违法行为查处。"],
        township_duty: "做好农村集体聚餐备案指导和食品安全宣传。",
        basis: "《中华人民共和国食品安全法》",
    },
    Support {
        name: "消防安全检查",
        departments: &["县消防救援大队"],
        department_duties: &["负责消防监督检查和火灾隐患查处。"],
        township_duty: "组织开展防火巡查，督促整改一般火灾隐患。",
        basis: "《中华人民共和国消防法》第三十一条",
    },
    Support {
        name: "农村自建房安全管理",
        departments: &["县住建局", "县自然资源局", "县农业农村局"],
        department_duties: &[
            "负责农村自建房质量安全技术指导。",
            "负责规划许可的业务指导。",
            "负责宅基地管理的业务指导。",
        ],
        township_duty: "落实建房“四到场”，开展安全隐患排查。",
        basis: "《中华人民共和国土地管理法》第六十二条",
    },
    Support {
        name: "动物防疫",
        departments: &["县农业农村局"],
        department_duties: &["负责动物疫病监测和强制免疫的组织实施。"],
        township_duty: "组织村级防疫员开展强制免疫，发现疫情及时报告。",
        basis: "《中华人民共和国动物防疫法》",
    },
    Support {
        name: "道路交通安全管理",
        departments: &["县公安局", "县交通运输局"],
        department_duties: &["负责道路交通安全违法行为查处。", "负责农村公路建设养护和安全设施管理。"],
        township_duty: "开展农村交通安全劝导，排查道路安全隐患。",
        basis: "《中华人民共和国道路交通安全法》",
    },
    Support {
        name: "地质灾害防治",
        departments: &["县自然资源局"],
        department_duties: &["负责地质灾害调查评价和监测预警。"],
        township_duty: "组织隐患点巡查和群测群防，做好紧急避险转移。",
        basis: "《地质灾害防治条例》",
    },
];

/// A recalled power: (name, type, receiving department, how the township still acts).
pub struct Recalled {
    pub name: &'static str,
    pub power_type: &'static str,
    pub department: &'static str,
    pub after_recall: &'static str,
    pub basis: &'static str,
}

pub const RECALLED: [Recalled; 12] = [
    Recalled {
        name: "对未取得捕捞许可证擅自进行捕捞的处罚",
        power_type: "行政处罚",
        department: "县农业农村局",
        after_recall: "发现报告",
        basis: "《中华人民共和国渔业法》第四十一条",
    },
    Recalled {
        name: "对在人口集中地区焚烧沥青、油毡、橡胶、塑料、皮革、垃圾等产生有毒有害烟尘和恶臭气体物质的处罚",
        power_type: "行政处罚",
        department: "县生态环境局",
        after_recall: "发现报告、协助配合",
        basis: "《中华人民共和国大气污染防治法》第一百一十九条",
    },
    Recalled {
        name: "对随意倾倒、抛撒或者堆放建筑垃圾的处罚",
        power_type: "行政处罚",
        department: "县综合行政执法局",
        after_recall: "日常巡查、发现报告",
        basis: "《城市建筑垃圾管理规定》第二十六条",
    },
    Recalled {
        name: "对饲养动物未按规定实施强制免疫的处罚",
        power_type: "行政处罚",
        department: "县农业农村局",
        after_recall: "发现报告",
        basis: "《中华人民共和国动物防疫法》",
    },
    Recalled {
        name: "对森林防火期内擅自在森林防火区野外用火的处罚",
        power_type: "行政处罚",
        department: "县林业局",
        after_recall: "劝阻制止、发现报告",
        basis: "《森林防火条例》",
    },
    Recalled {
        name: "对违反农村宅基地管理法律法规行为的监督检查",
        power_type: "行政检查",
        department: "县农业农村局",
        after_recall: "协助配合",
        basis: "《中华人民共和国土地管理法》第六十七条",
    },
    Recalled {
        name: "对生产经营单位安全生产状况的监督检查",
        power_type: "行政检查",
        department: "县应急管理局",
        after_recall: "协助配合",
        basis: "《中华人民共和国安全生产法》",
    },
    Recalled {
        name: "拆除乡、村庄规划区内违法建筑",
        power_type: "行政强制",
        department: "县自然资源局",
        after_recall: "协助配合",
        basis: "《中华人民共和国城乡规划法》第六十五条",
    },
    Recalled {
        name: "对未取得或未按照乡村建设规划许可证建设的处罚",
        power_type: "行政处罚",
        department: "县自然资源局",
        after_recall: "发现报告",
        basis: "《中华人民共和国城乡规划法》第六十五条",
    },
    Recalled {
        name: "对露天焚烧秸秆、落叶等产生烟尘污染物质的处罚",
        power_type: "行政处罚",
        department: "县生态环境局",
        after_recall: "日常巡查、发现报告",
        basis: "《中华人民共和国大气污染防治法》第一百一十九条",
    },
    Recalled {
        name: "对随意倾倒、抛洒、堆放城市生活垃圾的处罚",
        power_type: "行政处罚",
        department: "县综合行政执法局",
        after_recall: "发现报告",
        basis: "《城市生活垃圾管理办法》第四十二条",
    },
    Recalled {
        name: "对擅自占用城市绿化用地的处罚",
        power_type: "行政处罚",
        department: "县住建局",
        after_recall: "发现报告",
        basis: "《城市绿化条例》",
    },
];

// ---------------------------------------------------------------------------------------------
// Writing helpers.

struct Formats {
    title: Format,
    header: Format,
    cell: Format,
}

fn formats() -> Formats {
    let border = rust_xlsxwriter::FormatBorder::Thin;
    Formats {
        title: Format::new().set_bold().set_font_size(16).set_align(FormatAlign::Center),
        header: Format::new().set_bold().set_text_wrap().set_border(border).set_align(FormatAlign::Center),
        cell: Format::new().set_text_wrap().set_border(border).set_align(FormatAlign::Top),
    }
}

fn title(ws: &mut Worksheet, row: u32, last: u16, text: &str, f: &Format) {
    ws.merge_range(row, 0, row, last, text, f).unwrap();
}

fn header(ws: &mut Worksheet, row: u32, labels: &[&str], f: &Format) {
    for (c, l) in labels.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *l, f).unwrap();
    }
}

fn text(ws: &mut Worksheet, row: u32, col: u16, value: &str, f: &Format) {
    if value.is_empty() {
        ws.write_blank(row, col, f).unwrap();
    } else {
        ws.write_string_with_format(row, col, value, f).unwrap();
    }
}

/// 序号 as a formula with its cached value, as lists numbered with =ROW()-n are saved.
fn number_formula(ws: &mut Worksheet, row: u32, offset: u32, f: &Format) {
    let formula = Formula::new(format!("=ROW()-{offset}")).set_result((row + 1 - offset).to_string());
    ws.write_formula_with_format(row, 0, formula, f).unwrap();
}

fn lines(names: &[&str]) -> String {
    names.join("\n")
}

/// "县住建局：…\n县自然资源局：…" for several departments, the one duty for one.
fn duties_text(s: &Support) -> String {
    if s.departments.len() == 1 {
        return s.department_duties[0].to_string();
    }
    s.departments.iter().zip(s.department_duties).map(|(d, t)| format!("{d}：{t}")).collect::<Vec<_>>().join("\n")
}

// ---------------------------------------------------------------------------------------------
// The files.

/// 塘溪镇: one sheet per part, counts in the sheet names, a hidden sheet of a superseded
/// version, categories merged down the 类别 column, 序号 as formulas, a hidden row and a hidden
/// column, two units on two lines of one 承办机构 cell, numbered sub-items in one cell, an item
/// whose two sub-items each have their own rows and basis, a two-level header over the
/// departments' and the township's duties, a value under a merged cell, a footnote.
fn township_sheets(dir: &Path) -> Case {
    let path = dir.join("塘溪镇履行职责事项清单（分表）.xlsx");
    let mut wb = Workbook::new();
    let f = formats();

    // 基本履职事项
    let ws = wb.add_worksheet();
    let basic_count = BASIC.len() + 1;
    ws.set_name(format!("基本履职事项清单（{basic_count}项）")).unwrap();
    let cols = [
        "序号",
        "类别",
        "事项名称",
        "子项名称",
        "具体工作事项",
        "权力类型",
        "履职依据",
        "承办机构",
        "内部编号",
        "备注",
    ];
    title(ws, 0, cols.len() as u16 - 1, "塘溪镇基本履职事项清单", &f.title);
    title(ws, 1, cols.len() as u16 - 1, "文号：青编办〔2025〕8号　施行日期：2025年10月1日", &f.cell);
    header(ws, 2, &cols, &f.header);
    let mut row = 3u32;
    let mut hidden_row = None;
    let mut categories: Vec<(u32, &str)> = Vec::new();
    for (i, d) in BASIC.iter().enumerate() {
        categories.push((row, d.category));
        if i == 4 {
            categories.push((row + 1, d.category));
            // A superseded duty, hidden rather than deleted.
            hidden_row = Some(row);
            ws.write_string(row, 0, "0").unwrap();
            ws.write_string(row, 1, d.category).unwrap();
            ws.write_string(row, 2, "（已取消）协助开展企业年报催报").unwrap();
            ws.set_row_hidden(row).unwrap();
            row += 1;
        }
        number_formula(ws, row, if hidden_row.is_some() { 4 } else { 3 }, &f.cell);
        text(ws, row, 1, d.category, &f.cell);
        text(ws, row, 2, d.name, &f.cell);
        let sub = if d.name == "最低生活保障审核确认" {
            "1.低保新申请；2.低保复核；3.低保停发"
        } else {
            ""
        };
        text(ws, row, 3, sub, &f.cell);
        text(ws, row, 4, d.tasks, &f.cell);
        text(ws, row, 5, d.power_type, &f.cell);
        text(ws, row, 6, d.basis, &f.cell);
        let office = if d.name == "农村人居环境整治" {
            "村镇建设办公室\n综合行政执法队"
        } else {
            d.office
        };
        text(ws, row, 7, office, &f.cell);
        text(ws, row, 8, &format!("TX-{:03}", i + 1), &f.cell);
        text(ws, row, 9, "", &f.cell);
        row += 1;
    }
    // An item whose two sub-items have rows of their own, each with its own basis.
    let n = BASIC.len() as u32 + 1;
    let offset = 4;
    ws.merge_range(row, 0, row + 1, 0, "", &f.cell).unwrap();
    ws.write_formula_with_format(row, 0, Formula::new(format!("=ROW()-{offset}")).set_result(n.to_string()), &f.cell)
        .unwrap();
    ws.merge_range(row, 1, row + 1, 1, "综合保障", &f.cell).unwrap();
    ws.merge_range(row, 2, row + 1, 2, "退役军人服务保障", &f.cell).unwrap();
    text(ws, row, 3, "1.退役军人信息采集", &f.cell);
    text(ws, row + 1, 3, "2.优抚对象定期抚恤金发放初审", &f.cell);
    ws.merge_range(row, 4, row + 1, 4, "做好退役军人服务站建设和日常服务。", &f.cell).unwrap();
    text(ws, row, 5, "", &f.cell);
    text(ws, row + 1, 5, "行政给付", &f.cell);
    text(ws, row, 6, "《退役军人保障法》第十二条", &f.cell);
    text(ws, row + 1, 6, "《军人抚恤优待条例》第二十条", &f.cell);
    ws.merge_range(row, 7, row + 1, 7, "社会事务办公室", &f.cell).unwrap();
    row += 2;
    // The 类别 cells of consecutive items merged into one, as printed lists do (the hidden row
    // lies inside one such group).
    let mut groups: Vec<(u32, u32, &str)> = Vec::new();
    for (r, c) in categories {
        match groups.last_mut() {
            Some((_, last, cat)) if *cat == c && *last + 1 == r => *last = r,
            _ => groups.push((r, r, c)),
        }
    }
    for (first, last, cat) in groups.into_iter().filter(|(a, b, _)| b > a) {
        ws.merge_range(first, 1, last, 1, cat, &f.cell).unwrap();
    }
    ws.set_column_hidden(8).unwrap();
    title(ws, row + 1, cols.len() as u16 - 1, "备注：本清单所列事项由塘溪镇人民政府负责解释。", &f.cell);

    // 配合履职事项: a two-level header over the duties.
    let ws = wb.add_worksheet();
    ws.set_name(format!("配合履职事项清单（{}项）", SUPPORT.len())).unwrap();
    title(ws, 0, 5, "塘溪镇配合履职事项清单", &f.title);
    for (c, l) in [(0u16, "序号"), (1, "事项名称"), (2, "对应上级部门"), (5, "履职依据")] {
        ws.merge_range(1, c, 2, c, l, &f.header).unwrap();
    }
    ws.merge_range(1, 3, 1, 4, "职责分工", &f.header).unwrap();
    text(ws, 2, 3, "上级部门职责", &f.header);
    text(ws, 2, 4, "乡镇（街道）配合职责", &f.header);
    for (i, s) in SUPPORT.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_number_with_format(r, 0, (i + 1) as f64, &f.cell).unwrap();
        text(ws, r, 1, s.name, &f.cell);
        text(ws, r, 2, &lines(s.departments), &f.cell);
        text(ws, r, 3, &duties_text(s), &f.cell);
        text(ws, r, 4, s.township_duty, &f.cell);
        text(ws, r, 5, s.basis, &f.cell);
    }

    // 上级部门收回事项: a value left under a merged 备注 cell.
    let ws = wb.add_worksheet();
    ws.set_name(format!("上级部门收回事项清单（{}项）", RECALLED.len())).unwrap();
    let cols = ["序号", "事项名称", "权力类型", "承接部门", "工作方式", "收回时间", "实施依据", "备注"];
    title(ws, 0, 7, "塘溪镇上级部门收回事项清单", &f.title);
    header(ws, 1, &cols, &f.header);
    for (i, x) in RECALLED.iter().enumerate() {
        let r = 2 + i as u32;
        ws.write_number_with_format(r, 0, (i + 1) as f64, &f.cell).unwrap();
        text(ws, r, 1, x.name, &f.cell);
        text(ws, r, 2, x.power_type, &f.cell);
        text(ws, r, 3, x.department, &f.cell);
        text(ws, r, 4, x.after_recall, &f.cell);
        text(ws, r, 5, "2025-10-01", &f.cell);
        text(ws, r, 6, x.basis, &f.cell);
    }
    ws.merge_range(2, 7, 3, 7, "两项合并收回", &f.cell).unwrap();
    ws.write_string(3, 7, "草稿：待定").unwrap();

    // A superseded version, hidden.
    let ws = wb.add_worksheet();
    ws.set_name("旧版（作废）").unwrap();
    header(ws, 0, &["序号", "事项名称", "权力类型"], &f.header);
    ws.write_string(1, 0, "1").unwrap();
    ws.write_string(1, 1, "旧版事项").unwrap();
    ws.write_string(1, 2, "行政许可").unwrap();
    ws.set_hidden(true);
    wb.save(&path).unwrap();

    let hidden = hidden_row.unwrap_or(0) + 1;
    let basic_sheet = format!("基本履职事项清单（{basic_count}项）");
    Case {
        name: "乡镇·每部分一张表",
        files: vec![path],
        into: Some("tangxi"),
        options: vec![],
        expect: Expect {
            status: 0,
            kind: "乡镇（街道）履行职责事项清单",
            parts: [basic_count, SUPPORT.len(), RECALLED.len()],
            report: vec![
                format!("{basic_sheet}!A{hidden}: 第 {hidden} 行是隐藏行"),
                format!("{basic_sheet}!I3: I 列是隐藏列，其中 17 个单元格没有导入：I3、I4"),
                "上级部门收回事项清单（12项）!H4: 这个单元格被合并单元格 H3:H4 遮住".into(),
                "旧版（作废）: 隐藏的工作表，没有导入".into(),
                format!("与表名所列 {basic_count} 项一致"),
                "与表名所列 10 项一致".into(),
                "与表名所列 12 项一致".into(),
            ],
        },
    }
}

/// 石门镇: the three parts one under another in one sheet, each after a section row
/// ("二、配合履职事项（共10项）") and under its own header; the basic part in category
/// sections ("（一）党的建设（3项）") without a 类别 column.
fn township_sections(dir: &Path) -> Case {
    let path = dir.join("石门镇履行职责事项清单（单表分段）.xlsx");
    let mut wb = Workbook::new();
    let f = formats();
    let ws = wb.add_worksheet();
    ws.set_name("履职事项清单").unwrap();
    title(ws, 0, 5, "石门镇履行职责事项清单", &f.title);
    let mut row = 1u32;
    title(ws, row, 5, &format!("一、基本履职事项（共{}项）", BASIC.len()), &f.cell);
    row += 1;
    header(ws, row, &["序号", "事项名称", "具体工作事项", "权力类型", "履职依据", "承办机构"], &f.header);
    row += 1;
    let mut n = 0;
    let mut category = "";
    let numerals = ["一", "二", "三", "四", "五", "六", "七", "八"];
    let mut k = 0;
    for d in &BASIC {
        if d.category != category {
            category = d.category;
            let count = BASIC.iter().filter(|x| x.category == category).count();
            title(ws, row, 5, &format!("（{}）{}（{}项）", numerals[k], category, count), &f.cell);
            k += 1;
            row += 1;
        }
        n += 1;
        ws.write_number_with_format(row, 0, n as f64, &f.cell).unwrap();
        text(ws, row, 1, d.name, &f.cell);
        text(ws, row, 2, d.tasks, &f.cell);
        text(ws, row, 3, d.power_type, &f.cell);
        text(ws, row, 4, d.basis, &f.cell);
        text(ws, row, 5, d.office, &f.cell);
        row += 1;
    }
    row += 1;
    title(ws, row, 5, &format!("二、配合履职事项（共{}项）", SUPPORT.len()), &f.cell);
    row += 1;
    header(ws, row, &["序号", "事项名称", "配合部门", "上级部门职责", "乡镇（街道）配合职责", "履职依据"], &f.header);
    row += 1;
    for (i, s) in SUPPORT.iter().enumerate() {
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.cell).unwrap();
        text(ws, row, 1, s.name, &f.cell);
        text(ws, row, 2, &s.departments.join("、"), &f.cell);
        text(ws, row, 3, &duties_text(s), &f.cell);
        text(ws, row, 4, s.township_duty, &f.cell);
        text(ws, row, 5, s.basis, &f.cell);
        row += 1;
    }
    row += 1;
    // The count declared here is wrong on purpose: the report must say so.
    title(ws, row, 5, &format!("三、上级部门收回事项（共{}项）", RECALLED.len() + 1), &f.cell);
    row += 1;
    header(ws, row, &["序号", "事项名称", "原权力类型", "收回部门", "乡镇（街道）工作方式", "实施依据"], &f.header);
    row += 1;
    for (i, x) in RECALLED.iter().enumerate() {
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.cell).unwrap();
        text(ws, row, 1, x.name, &f.cell);
        text(ws, row, 2, x.power_type, &f.cell);
        text(ws, row, 3, x.department, &f.cell);
        text(ws, row, 4, x.after_recall, &f.cell);
        text(ws, row, 5, x.basis, &f.cell);
        row += 1;
    }
    wb.save(&path).unwrap();
    Case {
        name: "乡镇·一张表分三段",
        files: vec![path],
        into: Some("shimen"),
        options: vec![],
        expect: Expect {
            status: 0,
            kind: "乡镇（街道）履行职责事项清单",
            parts: [BASIC.len(), SUPPORT.len(), RECALLED.len()],
            report: vec![format!("写明 {} 项，其下实际导入 {} 项", RECALLED.len() + 1, RECALLED.len())],
        },
    }
}

/// 云岭乡: one sheet, the part in a column of its own ("清单类别").
fn township_column(dir: &Path) -> Case {
    let path = dir.join("云岭乡履行职责事项清单.xlsx");
    let mut wb = Workbook::new();
    let f = formats();
    let ws = wb.add_worksheet();
    ws.set_name("Sheet1").unwrap();
    let cols = [
        "序号",
        "清单类别",
        "类别",
        "事项名称",
        "权力类型",
        "对应上级部门",
        "上级部门职责",
        "乡镇（街道）配合职责",
        "承接部门",
        "工作方式",
    ];
    title(ws, 0, cols.len() as u16 - 1, "云岭乡履行职责事项清单", &f.title);
    header(ws, 1, &cols, &f.header);
    let mut row = 2u32;
    let mut n = 0;
    for d in BASIC.iter().take(8) {
        n += 1;
        ws.write_number(row, 0, n as f64).unwrap();
        for (c, v) in [(1u16, "基本履职事项"), (2, d.category), (3, d.name), (4, d.power_type)] {
            text(ws, row, c, v, &f.cell);
        }
        row += 1;
    }
    for s in SUPPORT.iter().take(5) {
        n += 1;
        ws.write_number(row, 0, n as f64).unwrap();
        for (c, v) in [
            (1u16, "配合履职事项"),
            (3, s.name),
            (5, &lines(s.departments)),
            (6, &duties_text(s)),
            (7, s.township_duty),
        ] {
            text(ws, row, c, v, &f.cell);
        }
        row += 1;
    }
    for x in RECALLED.iter().take(6) {
        n += 1;
        ws.write_number(row, 0, n as f64).unwrap();
        for (c, v) in
            [(1u16, "上级部门收回事项"), (3, x.name), (4, x.power_type), (8, x.department), (9, x.after_recall)]
        {
            text(ws, row, c, v, &f.cell);
        }
        row += 1;
    }
    wb.save(&path).unwrap();
    Case {
        name: "乡镇·清单部分一列",
        files: vec![path],
        into: Some("yunling"),
        options: vec![],
        expect: Expect {
            status: 0, kind: "乡镇（街道）履行职责事项清单", parts: [8, 5, 6], report: vec![]
        },
    }
}

/// 东山镇: one CSV per part (UTF-8 with BOM, GBK, UTF-8), named after the part.
fn township_csvs(dir: &Path) -> Case {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut basic = "东山镇基本履职事项清单,,,,\r\n序号,事项类别,事项名称,权力类型,履职依据\r\n".to_string();
    for (i, d) in BASIC.iter().enumerate() {
        basic.push_str(&format!("{},{},{},{},{}\r\n", i + 1, d.category, quote(d.name), d.power_type, quote(d.basis)));
    }
    let mut support = "序号,事项名称,对应上级部门,上级部门职责,乡镇（街道）配合职责\r\n".to_string();
    for (i, s) in SUPPORT.iter().enumerate() {
        support.push_str(&format!(
            "{},{},{},{},{}\r\n",
            i + 1,
            s.name,
            quote(&lines(s.departments)),
            quote(&duties_text(s)),
            quote(s.township_duty)
        ));
    }
    let mut recalled = "序号,事项名称,权力类型,承接部门,工作方式\r\n".to_string();
    for (i, x) in RECALLED.iter().enumerate() {
        recalled.push_str(&format!(
            "{},{},{},{},{}\r\n",
            i + 1,
            quote(x.name),
            x.power_type,
            x.department,
            x.after_recall
        ));
    }
    let files = [
        (dir.join("东山镇基本履职事项清单.csv"), [b"\xEF\xBB\xBF".as_slice(), basic.as_bytes()].concat()),
        (dir.join("东山镇配合履职事项清单.csv"), encoding_rs::GBK.encode(&support).0.into_owned()),
        (dir.join("东山镇上级部门收回事项清单.csv"), recalled.into_bytes()),
    ];
    for (p, bytes) in &files {
        std::fs::write(p, bytes).unwrap();
    }
    Case {
        name: "乡镇·每部分一个CSV",
        files: files.into_iter().map(|(p, _)| p).collect(),
        into: Some("dongshan"),
        options: vec![],
        expect: Expect {
            status: 0,
            kind: "乡镇（街道）履行职责事项清单",
            parts: [BASIC.len(), SUPPORT.len(), RECALLED.len()],
            report: vec![
                "GBK/GB18030 编码（自动识别）".into(),
                "“事项类别”列填的是职责类别（如“党的建设”），不是权力类型，按类别导入".into(),
            ],
        },
    }
}

/// An older township list whose "类别" column holds 权力类型.
fn category_types(dir: &Path) -> Case {
    let path = dir.join("北山镇权责清单（2021年版）.xlsx");
    let mut wb = Workbook::new();
    let f = formats();
    let ws = wb.add_worksheet();
    ws.set_name("权责清单").unwrap();
    title(ws, 0, 4, "北山镇权责清单", &f.title);
    header(ws, 1, &["序号", "类别", "事项名称", "实施依据", "承办机构"], &f.header);
    let powers: Vec<&Duty> = BASIC.iter().filter(|d| !d.power_type.is_empty()).collect();
    for (i, d) in powers.iter().enumerate() {
        let r = 2 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        text(ws, r, 1, d.power_type, &f.cell);
        text(ws, r, 2, d.name, &f.cell);
        text(ws, r, 3, d.basis, &f.cell);
        text(ws, r, 4, d.office, &f.cell);
    }
    wb.save(&path).unwrap();
    Case {
        name: "类别列是权力类型",
        files: vec![path],
        into: Some("beishan"),
        options: vec!["--name", "北山镇"],
        expect: Expect {
            status: 0,
            kind: "乡镇（街道）履行职责事项清单",
            parts: [powers.len(), 0, 0],
            report: vec!["“类别”列填的是权力类型".into()],
        },
    }
}

/// A department's list with a sheet for the prefecture level and one for the county level.
fn two_levels(dir: &Path, level: Option<&'static str>) -> Case {
    let path = dir.join("市场监管两级权责清单.xlsx");
    if !path.exists() {
        let mut wb = Workbook::new();
        let f = formats();
        for (sheet, who) in [("市级", "市市场监督管理局"), ("县级", "县市场监督管理局")] {
            let ws = wb.add_worksheet();
            ws.set_name(sheet).unwrap();
            title(ws, 0, 3, &format!("示例市场监管系统权责清单（{sheet}）"), &f.title);
            header(ws, 1, &["序号", "事项名称", "权力类型", "行使主体"], &f.header);
            for (i, name) in ["食品经营许可", "对食品生产经营者的监督检查", "对生产经营不符合食品安全标准食品的处罚"]
                .iter()
                .enumerate()
            {
                let r = 2 + i as u32;
                ws.write_number(r, 0, (i + 1) as f64).unwrap();
                ws.write_string(r, 1, *name).unwrap();
                ws.write_string(r, 2, ["行政许可", "行政检查", "行政处罚"][i]).unwrap();
                ws.write_string(r, 3, who).unwrap();
            }
        }
        wb.save(&path).unwrap();
    }
    match level {
        None => Case {
            name: "两级清单（未选择）",
            files: vec![path],
            into: Some("shichang"),
            options: vec![],
            expect: Expect {
                status: 1,
                kind: "",
                parts: [0; 3],
                report: vec!["工作簿中有 2 级清单：工作表“市级”（市级）、工作表“县级”（县级）".into()],
            },
        },
        Some(level) => Case {
            name: "两级清单（--level 县级）",
            files: vec![path],
            into: Some("shichang"),
            options: vec!["--level", level],
            expect: Expect {
                status: 0,
                kind: "部门权责清单",
                parts: [3, 0, 0],
                report: vec!["市级：另一级的清单".into()],
            },
        },
    }
}

/// The county's 属地管理 list: 领域 merged down its matters, department names, a hidden
/// column, a footnote.
fn territorial(dir: &Path) -> Case {
    let path = dir.join("青山县属地管理事项清单.xlsx");
    let mut wb = Workbook::new();
    let f = formats();
    let ws = wb.add_worksheet();
    ws.set_name("属地管理事项").unwrap();
    let cols = [
        "序号",
        "领域",
        "事项名称",
        "主体责任部门",
        "主体责任",
        "乡镇（街道）配合责任",
        "配合部门",
        "配合部门职责",
        "法律依据",
        "填报人",
    ];
    title(ws, 0, cols.len() as u16 - 1, "青山县乡镇（街道）属地管理事项主体责任和配合责任清单", &f.title);
    title(ws, 1, cols.len() as u16 - 1, "文号：青编办〔2024〕9号　施行日期：2024年7月1日", &f.cell);
    header(ws, 2, &cols, &f.header);
    let matters: [(&str, usize); 6] =
        [("城乡建设", 0), ("城乡建设", 3), ("城乡建设", 6), ("生态环境", 1), ("应急管理", 2), ("应急管理", 5)];
    for (i, (domain, s)) in matters.iter().enumerate() {
        let s = &SUPPORT[*s];
        let r = 3 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        text(ws, r, 1, domain, &f.cell);
        text(ws, r, 2, s.name, &f.cell);
        text(ws, r, 3, &s.departments.join("、"), &f.cell);
        text(ws, r, 4, &duties_text(s), &f.cell);
        text(ws, r, 5, s.township_duty, &f.cell);
        text(ws, r, 6, if i == 0 { "县公安局" } else { "" }, &f.cell);
        text(ws, r, 7, if i == 0 { "依法处置阻碍执法的违法行为" } else { "" }, &f.cell);
        text(ws, r, 8, s.basis, &f.cell);
        text(ws, r, 9, "张三", &f.cell);
    }
    ws.merge_range(3, 1, 5, 1, "城乡建设", &f.cell).unwrap();
    ws.merge_range(7, 1, 8, 1, "应急管理", &f.cell).unwrap();
    ws.set_column_hidden(9).unwrap();
    title(ws, 10, cols.len() as u16 - 1, "注：本清单适用于全县各乡镇（街道），由县委编办负责解释。", &f.cell);
    wb.save(&path).unwrap();
    Case {
        name: "属地管理",
        files: vec![path],
        into: None,
        options: vec![],
        expect: Expect {
            status: 0,
            kind: "属地管理事项清单",
            parts: [6, 0, 0],
            report: vec!["属地管理事项!J3: J 列是隐藏列，其中 7 个单元格没有导入：J3、J4".into()],
        },
    }
}

/// The county's 准入 list: one 期限 column ("长期" or a range), a category in words.
fn admission(dir: &Path) -> Case {
    let path = dir.join("青山县乡镇（街道）职责准入清单.xlsx");
    let mut wb = Workbook::new();
    let f = formats();
    let ws = wb.add_worksheet();
    ws.set_name("准入事项").unwrap();
    let cols = [
        "序号",
        "申请部门",
        "准入事项",
        "事项内容及要求",
        "准入类别",
        "准入依据",
        "准入理由",
        "涉及乡镇",
        "期限",
        "经费保障",
        "状态",
    ];
    title(ws, 0, cols.len() as u16 - 1, "青山县乡镇（街道）职责准入清单", &f.title);
    title(ws, 1, cols.len() as u16 - 1, "文号：青编办〔2025〕3号　施行日期：2025年3月1日", &f.cell);
    header(ws, 2, &cols, &f.header);
    let rows: [[&str; 10]; 4] = [
        [
            "县民政局",
            "协助开展困难群众救助对象动态排查",
            "每季度组织村（社区）对低保、特困对象入户走访排查。",
            "协助事项",
            "《社会救助暂行办法》",
            "需要依托村（社区）熟悉情况的优势。",
            "全县各乡镇（街道）",
            "长期",
            "每村每年2000元（费随事转）",
            "准入",
        ],
        [
            "县应急管理局",
            "乡镇（街道）应急管理站挂牌",
            "在平安建设办公室加挂“应急管理站”牌子。",
            "挂牌",
            "《中华人民共和国安全生产法》第九条",
            "落实明确安全生产监管机构的法定要求。",
            "",
            "长期",
            "",
            "准入",
        ],
        [
            "县林业局",
            "森林防火期村级护林员巡护管理",
            "森林防火期组织村级护林员每日巡护。",
            "协助事项",
            "《森林防火条例》",
            "林区面积大，需属地组织巡护。",
            "塘溪镇、石门镇",
            "2025-10-01至2026-04-30",
            "县财政安排护林员补助",
            "调整",
        ],
        [
            "县统计局",
            "月度经济数据填报",
            "每月填报辖区规上企业经济数据。",
            "报表填报",
            "",
            "",
            "",
            "2025-01-01至2025-06-30",
            "",
            "退出",
        ],
    ];
    for (i, cells) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        for (c, v) in cells.iter().enumerate() {
            text(ws, r, c as u16 + 1, v, &f.cell);
        }
    }
    wb.save(&path).unwrap();
    Case {
        name: "职责准入",
        files: vec![path],
        into: None,
        options: vec![],
        expect: Expect {
            status: 0,
            kind: "职责准入清单",
            parts: [4, 0, 0],
            report: vec!["4 项准入事项的批准日期按清单的施行日期导入".into()],
        },
    }
}

/// A province's guidance catalog: a sheet per 权力类型 with counts, no type column.
fn guidance(dir: &Path) -> Case {
    let path = dir.join("东江省乡镇综合行政执法事项指导目录.xlsx");
    let mut wb = Workbook::new();
    let f = formats();
    let penalties: Vec<&Recalled> = RECALLED.iter().filter(|r| r.power_type == "行政处罚").collect();
    let checks: Vec<&Recalled> = RECALLED.iter().filter(|r| r.power_type != "行政处罚").collect();
    for (sheet, items, prefix) in [("行政处罚", &penalties, "DJ-CF"), ("行政检查和强制", &checks, "DJ-JC")] {
        let ws = wb.add_worksheet();
        ws.set_name(format!("{sheet}（{}项）", items.len())).unwrap();
        title(ws, 0, 4, "东江省乡镇（街道）综合行政执法事项指导目录", &f.title);
        title(ws, 1, 4, "发布机关：东江省人民政府办公厅　文号：东政办发〔2024〕12号　日期：2024年3月1日", &f.cell);
        header(ws, 2, &["序号", "目录编号", "事项名称", "权力类型", "县级主管部门"], &f.header);
        for (i, x) in items.iter().enumerate() {
            let r = 3 + i as u32;
            ws.write_number(r, 0, (i + 1) as f64).unwrap();
            text(ws, r, 1, &format!("{prefix}-{:03}", i + 1), &f.cell);
            text(ws, r, 2, x.name, &f.cell);
            text(ws, r, 3, x.power_type, &f.cell);
            text(ws, r, 4, x.department, &f.cell);
        }
    }
    wb.save(&path).unwrap();
    Case {
        name: "指导目录",
        files: vec![path],
        into: Some("dongjiang-zhifa"),
        options: vec![],
        expect: Expect {
            status: 0, kind: "指导目录", parts: [penalties.len() + checks.len(), 0, 0], report: vec![]
        },
    }
}

/// Files that are no list at all: refused, saying what they hold.
fn unknown(dir: &Path) -> Vec<Case> {
    let roster = dir.join("村干部花名册.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("花名册").unwrap();
    for (c, h) in ["姓名", "性别", "职务", "联系电话"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "张三").unwrap();
    wb.save(&roster).unwrap();
    let minutes = dir.join("会议纪要.csv");
    std::fs::write(&minutes, "关于做好秸秆禁烧工作的会议纪要\n时间：2025年9月1日\n参会人员：各村支部书记\n").unwrap();
    vec![
        Case {
            name: "花名册（不是清单）",
            files: vec![roster],
            into: Some("huamingce"),
            options: vec![],
            expect: Expect {
                status: 1,
                kind: "",
                parts: [0; 3],
                report: vec!["工作表“花名册”第 1 行：A1“姓名” B1“性别”".into()],
            },
        },
        Case {
            name: "会议纪要（不是清单）",
            files: vec![minutes],
            into: Some("jiyao"),
            options: vec![],
            expect: Expect {
                status: 1, kind: "", parts: [0; 3], report: vec!["无法判断这是哪一种清单".into()]
            },
        },
    ]
}

/// Writes the whole corpus into `dir` (which must exist) and returns the imports to run, in
/// order.
pub fn write(dir: &Path) -> Vec<Case> {
    let mut cases = vec![
        township_sheets(dir),
        township_sections(dir),
        township_column(dir),
        township_csvs(dir),
        category_types(dir),
        two_levels(dir, None),
        two_levels(dir, Some("县级")),
        territorial(dir),
        admission(dir),
        guidance(dir),
    ];
    cases.extend(unknown(dir));
    cases
}
