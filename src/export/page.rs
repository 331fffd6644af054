//! What the data page shows: every file with its size, grouped, and the data dictionary.
//! Plain serializable values; the theme's `data.html` lays them out.

use super::dictionary::{self, Column};
use super::{Dataset, Group};
use serde::Serialize;

#[derive(Serialize)]
pub struct PageData {
    pub groups: Vec<GroupView>,
    /// datapackage.json and the schemas.
    pub metadata: Vec<FileView>,
    pub dictionary: Vec<Section>,
    pub file_count: usize,
    pub total_size: String,
}

#[derive(Serialize)]
pub struct GroupView {
    pub id: &'static str,
    pub title: &'static str,
    pub rows: Vec<RowView>,
}

#[derive(Serialize)]
pub struct RowView {
    pub title: String,
    /// Code of the body, for a link to its page.
    pub body: Option<String>,
    /// One cell per format of `FORMATS`, `None` where the dataset has no such file.
    pub files: Vec<Option<FileView>>,
}

#[derive(Serialize)]
pub struct FileView {
    /// Relative to the data page.
    pub href: String,
    pub format: &'static str,
    pub bytes: u64,
    pub size: String,
}

#[derive(Serialize)]
pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub note: &'static str,
    pub fields: Vec<FieldView>,
}

#[derive(Serialize)]
pub struct FieldView {
    pub key: String,
    pub header: String,
    pub meaning: String,
    pub kind: String,
}

/// A size as people read it: 12.3 KB, 4.5 MB.
pub fn size_text(bytes: u64) -> String {
    let kb = bytes as f64 / 1024.0;
    if kb < 1024.0 {
        format!("{kb:.1} KB")
    } else {
        format!("{:.1} MB", kb / 1024.0)
    }
}

fn file_view(f: &super::DataFile, prefix: &str) -> FileView {
    FileView {
        href: f.path.strip_prefix(prefix).unwrap_or(&f.path).to_string(),
        format: f.format,
        bytes: f.bytes,
        size: size_text(f.bytes),
    }
}

fn fields(columns: impl IntoIterator<Item = Column>) -> Vec<FieldView> {
    columns
        .into_iter()
        .map(|c| FieldView { key: c.key, header: c.header, meaning: c.meaning, kind: c.value.describe() })
        .collect()
}

/// The data page's content for the datasets written under `prefix` (the page's directory).
pub fn page_context(datasets: &[Dataset], prefix: &str) -> PageData {
    let blocks = [
        (Group::County, "county", "全县数据"),
        (Group::Grassroots, "townships", "乡镇（街道）履行职责事项清单"),
        (Group::Departments, "departments", "县直部门权责清单"),
    ];
    let groups = blocks
        .into_iter()
        .map(|(group, id, title)| GroupView {
            id,
            title,
            rows: datasets
                .iter()
                .filter(|d| d.group == group)
                .map(|d| RowView {
                    title: d.title.clone(),
                    body: d.body.clone(),
                    files: super::FORMATS
                        .iter()
                        .map(|f| d.files.iter().find(|x| x.format == *f).map(|x| file_view(x, prefix)))
                        .collect(),
                })
                .collect(),
        })
        .filter(|g| !g.rows.is_empty())
        .collect();
    let metadata = datasets
        .iter()
        .filter(|d| d.group == Group::Metadata)
        .flat_map(|d| &d.files)
        .map(|f| file_view(f, prefix))
        .collect();
    let all = datasets.iter().flat_map(|d| &d.files);
    let file_count = all.clone().count();
    let total_size = size_text(all.map(|f| f.bytes).sum());
    PageData { groups, metadata, dictionary: dictionary_sections(), file_count, total_size }
}

/// The data dictionary, one section per kind of table.
pub fn dictionary_sections() -> Vec<Section> {
    let mut items = fields(dictionary::item_columns([]));
    items.push(FieldView {
        key: "extra".into(),
        header: "（原表列名）".into(),
        meaning: "原表中没有对应字段的其他列，照录原列名和内容，排在最后".into(),
        kind: "文本；JSON 中为对象 extra：列名 → 内容".into(),
    });
    let mut guidance = fields(dictionary::guidance_columns());
    guidance.push(FieldView {
        key: "coverage".into(),
        header: "（各乡镇名称）".into(),
        meaning: "每个乡镇（街道）一列：该乡镇承接该事项的情况，由其清单推算".into(),
        kind: format!(
            "{}；JSON 中为对象 coverage：乡镇代码 → 状态",
            dictionary::coverage_column("", "").value.describe()
        ),
    });
    vec![
        Section {
            id: "dict-items",
            title: "权责清单（每个主体一份，以及全部事项）",
            note: "CSV 每行一个事项，第一列“清单部分”区分基本、配合、收回三部分；XLSX 每部分一张工作表，只列出该部分用到的列。全部事项 all-items.csv 在最前面另有“实施主体代码”“实施主体”两列。",
            fields: items,
        },
        Section {
            id: "dict-territorial",
            title: "属地管理事项清单",
            note: "每行一个属地管理事项。",
            fields: fields(dictionary::matter_columns()),
        },
        Section { id: "dict-admission", title: "职责准入清单", note: "每行一个准入事项。", fields: fields(dictionary::admission_columns()) },
        Section {
            id: "dict-guidance",
            title: "指导目录及承接情况",
            note: "每行一个目录事项，后面每个乡镇（街道）一列。",
            fields: guidance,
        },
        Section {
            id: "dict-overview-townships",
            title: "全县概况：各乡镇（街道）事项数",
            note: "overview-townships.csv：每个有清单的乡镇（街道）一行，最后两行为合计和平均（主体代码为空）。",
            fields: fields(dictionary::overview_township_columns()),
        },
        Section {
            id: "dict-overview-categories",
            title: "全县概况：各类别事项数",
            note: "overview-categories.csv：各乡镇（街道）清单中的每个类别一行。",
            fields: fields(dictionary::overview_category_columns()),
        },
        Section {
            id: "dict-overview-departments",
            title: "全县概况：各县直部门事项数",
            note: "overview-departments.csv：乡镇（街道）清单中出现的每个县直部门一行；一个事项对应多个部门时，每个部门各计一次。",
            fields: fields(dictionary::overview_department_columns()),
        },
        Section {
            id: "dict-overview-differences",
            title: "全县概况：乡镇（街道）之间的差异",
            note: "overview-differences.csv：按规范化的事项名称（忽略空格、全半角标点）在同一部分中比较，每个独有或缺少的事项一行。",
            fields: fields(dictionary::overview_difference_columns()),
        },
        Section {
            id: "dict-bodies",
            title: "实施主体名录",
            note: "其他表中的主体代码（如“相关部门”）都可在此查到名称。JSON 另含简介、便民服务中心和内设机构。",
            fields: fields(dictionary::body_list_columns()),
        },
    ]
}
