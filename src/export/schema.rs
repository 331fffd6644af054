//! JSON Schemas (draft 2020-12) of the JSON files, generated from the data dictionary so the
//! published schema always matches what is written. `docs/data.md` explains them in Chinese.

use super::dictionary::{self, Choices, Column, ValueType};
use super::ordered::{Node, Obj};
use crate::model::{Field, Kind, LegalLevel, OfficialType, Parts};
use serde_json::{json, Value};

/// The schemas published under `schema/`, by file stem.
pub const NAMES: [&str; 5] = ["list", "territorial", "admission", "guidance", "bodies"];

/// The schema named `name` (one of `NAMES`); `id` is its absolute URL when the site has one.
pub fn schema(name: &str, id: Option<String>) -> Obj {
    let mut root = Obj::new().with("$schema", "https://json-schema.org/draft/2020-12/schema");
    if let Some(id) = id {
        root.push("$id", id);
    }
    let (title, properties, defs) = match name {
        "list" => list(),
        "territorial" => territorial(),
        "admission" => admission(),
        "guidance" => guidance(),
        _ => bodies(),
    };
    let required: Vec<&str> = properties.keys();
    root.push("title", title);
    root.push("type", "object");
    root.push("required", json!(required));
    root.push("properties", properties.obj);
    root.push("$defs", defs);
    root
}

/// Properties in order, remembering their keys for `required`.
struct Props {
    obj: Obj,
    keys: Vec<String>,
}

impl Props {
    fn new() -> Props {
        Props { obj: Obj::new(), keys: Vec::new() }
    }

    fn add(mut self, key: &str, schema: impl Into<Node>) -> Props {
        self.keys.push(key.into());
        self.obj.push(key, schema);
        self
    }

    fn keys(&self) -> Vec<&str> {
        self.keys.iter().map(String::as_str).collect()
    }
}

fn described(description: &str) -> Obj {
    Obj::new().with("description", description)
}

fn typed(t: &str, nullable: bool) -> Value {
    if nullable {
        json!([t, "null"])
    } else {
        json!(t)
    }
}

fn string(nullable: bool, description: &str) -> Obj {
    described(description).with("type", typed("string", nullable))
}

fn array_of(items: impl Into<Node>, description: &str) -> Obj {
    described(description).with("type", "array").with("items", items)
}

fn reference(def: &str, nullable: bool) -> Obj {
    let r = Obj::new().with("$ref", format!("#/$defs/{def}"));
    if nullable {
        Obj::new().with("anyOf", vec![r, Obj::new().with("type", "null")])
    } else {
        r
    }
}

/// The schema of one column's JSON value.
fn property(c: &Column, nullable: bool) -> Obj {
    let p = Obj::new().with("title", c.header.as_str()).with("description", c.meaning.as_str());
    match c.value {
        ValueType::Text => p.with("type", typed("string", nullable)),
        ValueType::Lines | ValueType::Codes => p.with("type", "array").with("items", Obj::new().with("type", "string")),
        ValueType::Date => p.with("type", typed("string", nullable)).with("format", "date"),
        ValueType::Bool => p.with("type", "boolean"),
        ValueType::Count => p.with("type", typed("integer", true)),
        ValueType::Choice(set) => {
            let mut names: Vec<Value> = set.names().into_iter().map(Value::from).collect();
            if nullable {
                names.push(Value::Null);
            }
            p.with("enum", Value::Array(names))
        }
        ValueType::PowerType => merge(p, reference("power_type", nullable)),
        ValueType::Basis => merge(p, reference("basis", false)),
        ValueType::Number => p.with("type", "number"),
    }
}

fn merge(mut a: Obj, b: Obj) -> Obj {
    for (k, v) in b.into_entries() {
        a.push(&k, v);
    }
    a
}

/// An object with one property per column, all required (absent values are `null`).
fn object(columns: &[Column], non_null: &[&str]) -> Props {
    let mut props = Props::new();
    for c in columns {
        props = props.add(&c.key, property(c, !non_null.contains(&c.key.as_str())));
    }
    props
}

fn closed(props: Props, description: &str) -> Obj {
    let required = props.keys();
    described(description)
        .with("type", "object")
        .with("required", json!(required))
        .with("properties", props.obj)
        .with("additionalProperties", false)
}

/// `$defs` shared by the schemas: 权力类型 and 实施依据 as the model serializes them.
fn common_defs() -> Obj {
    let official: Vec<Value> = OfficialType::ALL.iter().map(|t| Value::from(t.name())).chain([Value::Null]).collect();
    let levels: Vec<Value> = [
        LegalLevel::Law,
        LegalLevel::Regulation,
        LegalLevel::Rule,
        LegalLevel::StateCouncilDecision,
        LegalLevel::NormativeDocument,
        LegalLevel::Other,
    ]
    .iter()
    .map(|l| Value::from(l.name()))
    .collect();
    let power_type = Props::new()
        .add("raw", string(false, "原表所写的权力类型，照录"))
        .add("official", described("对应的官方权力类型；无法确定时为 null").with("enum", Value::Array(official)));
    let source = Props::new()
        .add("level", described("效力层级：原文【】标签所写，或由标题推断").with("enum", Value::Array(levels)))
        .add("level_inferred", described("层级是否由标题推断（原文未加【】标签）").with("type", "boolean"))
        .add("title", string(false, "法律、法规、规章或文件的名称，不含《》"))
        .add("articles", array_of(Obj::new().with("type", "string"), "引用的条款，如 第六十二条第四款"));
    let basis = Props::new()
        .add("text", string(false, "依据原文，照录"))
        .add("sources", array_of(reference("legal_source", false), "从原文识别出的依据，按出现顺序"));
    Obj::new()
        .with("power_type", closed(power_type, "权力类型"))
        .with("legal_source", closed(source, "一项法律依据"))
        .with("basis", closed(basis, "实施依据"))
}

/// The 办事指南 as the model serializes it; keys as in the sources' `[<part>.guide]`.
fn guide() -> Obj {
    let count = |d: &str| described(d).with("type", typed("integer", true)).with("minimum", 0);
    let file = |d: &str| string(true, d);
    let material = Props::new()
        .add("name", string(false, "材料名称"))
        .add("form", string(true, "原件、复印件等"))
        .add("copies", count("份数"))
        .add("blank", file("空白表格：网站上的文件路径（files/ 之下）"))
        .add("sample", file("样表（填写示例）：网站上的文件路径（files/ 之下）"));
    let step = Props::new().add("name", string(false, "步骤")).add("limit", string(true, "该步骤的时限"));
    let question = Props::new().add("question", string(false, "问题")).add("answer", string(false, "解答"));
    let props = Props::new()
        .add("service_code", string(true, Field::GuideCode.spec().meaning))
        .add("conditions", string(true, "受理条件"))
        .add("materials", array_of(closed(material, "一种申请材料"), "申请材料，按顺序"))
        .add("steps", array_of(closed(step, "一个办理步骤"), "办理流程，按顺序"))
        .add("legal_limit", string(true, "法定时限"))
        .add("promised_limit", string(true, "承诺时限"))
        .add("fee", described("是否收费").with("type", typed("boolean", true)))
        .add("fee_standard", string(true, "收费标准"))
        .add("fee_basis", string(true, "收费依据"))
        .add("visits", count("到现场次数"))
        .add("result", string(true, "办理结果"))
        .add("questions", array_of(closed(question, "一个常见问题"), "常见问题"))
        .add("online", string(true, "网上办理地址"))
        .add("mobile", string(true, "移动端办理地址"));
    closed(props, "办事指南；没有时为 null")
}

fn list() -> (&'static str, Props, Obj) {
    // The 办事指南's cells are one structured object in JSON (`guide`).
    let columns: Vec<Column> = dictionary::field_columns()
        .iter()
        .filter(|c| !matches!(c.cell, dictionary::Cell::Field(f) if f.spec().kind == Kind::Guide))
        .cloned()
        .collect();
    // Never null: the part, and what every part requires.
    let non_null: Vec<&str> =
        Field::ALL.iter().filter(|f| **f == Field::Part || f.spec().required == Parts::ALL).map(|f| f.key()).collect();
    let mut item = object(&columns, &non_null);
    item = item.add("guide", reference("guide", true));
    item = item.add(
        "sub_item_fields",
        array_of(
            described("一个子项：name 子项名称，其余为该子项自己的字段（键名同事项字段）")
                .with("type", "object")
                .with("required", json!(["name"]))
                .with("additionalProperties", Obj::new().with("type", "string")),
            "子项各自的字段（原表中各子项分行填写的依据、层级等），按子项顺序",
        ),
    );
    item = item.add(
        "extra",
        described("原表中没有对应字段的其他列：列名 → 内容，按原表顺序")
            .with("type", "object")
            .with("additionalProperties", Obj::new().with("type", "string")),
    );
    let kinds: Vec<Value> = Choices::BodyKind.names().into_iter().map(Value::from).chain([Value::Null]).collect();
    let body = Props::new()
        .add("code", string(false, "主体代码"))
        .add("name", string(true, "主体名称"))
        .add("kind", described("主体类型").with("enum", Value::Array(kinds)));
    let props = Props::new()
        .add("schema", string(false, "本文件所依据的 JSON Schema 的地址"))
        .add("body", closed(body, "清单所属的实施主体"))
        .add("title", string(false, "清单名称"))
        .add("document", string(true, "发布或调整清单的文件文号"))
        .add("effective", described("施行日期").with("type", typed("string", true)).with("format", "date"))
        .add("notes", string(true, "清单附的备注、说明，每行一条"))
        .add("items", array_of(reference("item", false), "事项，按原表顺序（基本、配合、收回三部分依次排列）"));
    (
        "权责清单（履行职责事项清单）",
        props,
        common_defs()
            .with("guide", guide())
            .with("item", closed(item, "一个事项；键名与源文件 content/lists/*.toml 相同")),
    )
}

fn territorial() -> (&'static str, Props, Obj) {
    let non_null = ["code", "domain", "name", "primary", "primary_duty", "township_duty", "supporting", "basis"];
    let matter = object(&dictionary::matter_columns(), &non_null);
    let props = Props::new()
        .add("schema", string(false, "本文件所依据的 JSON Schema 的地址"))
        .add("title", string(false, "清单名称"))
        .add("document", string(true, "文号"))
        .add("effective", described("施行日期").with("type", typed("string", true)).with("format", "date"))
        .add("notes", string(true, "清单附的备注、说明，每行一条"))
        .add("matters", array_of(reference("matter", false), "属地管理事项，按原表顺序"));
    ("属地管理事项主体责任和配合责任清单", props, common_defs().with("matter", closed(matter, "一个属地管理事项")))
}

fn admission() -> (&'static str, Props, Obj) {
    let nullable = ["basis", "reason", "period_from", "period_to", "staff", "funds", "note"];
    let columns = dictionary::admission_columns();
    let non_null: Vec<&str> = columns.iter().map(|c| c.key.as_str()).filter(|k| !nullable.contains(k)).collect();
    let item = object(&columns, &non_null);
    let props = Props::new()
        .add("schema", string(false, "本文件所依据的 JSON Schema 的地址"))
        .add("title", string(false, "清单名称"))
        .add("document", string(true, "文号"))
        .add("notes", string(true, "清单附的备注、说明，每行一条"))
        .add("items", array_of(reference("admission", false), "准入事项，按原表顺序"))
        .add("procedure", string(true, "准入程序（Markdown）"));
    ("乡镇（街道）职责准入清单", props, common_defs().with("admission", closed(item, "一个准入事项")))
}

fn guidance() -> (&'static str, Props, Obj) {
    let statuses: Vec<Value> = Choices::Coverage.names().into_iter().map(Value::from).collect();
    let item = object(&dictionary::guidance_columns(), &["id", "name", "type", "summary"]).add(
        "coverage",
        described("各乡镇（街道）的承接情况：乡镇代码 → 状态，按乡镇顺序")
            .with("type", "object")
            .with("additionalProperties", Obj::new().with("enum", Value::Array(statuses))),
    );
    let count = |d: &str| described(d).with("type", "integer").with("minimum", 0u64);
    let totals = Props::new()
        .add("own", count("乡镇原有（法定）的事项数"))
        .add("delegated", count("已下放的事项数"))
        .add("entrusted", count("已委托的事项数"))
        .add("not_delegated", count("未下放的事项数"))
        .add("recalled", count("已收回的事项数"));
    let township = Props::new().add("code", string(false, "主体代码")).add("name", string(false, "名称"));
    let props = Props::new()
        .add("schema", string(false, "本文件所依据的 JSON Schema 的地址"))
        .add("id", string(false, "指导目录代码"))
        .add("title", string(false, "指导目录名称"))
        .add("issuer", string(true, "发布机关"))
        .add("document", string(true, "文号"))
        .add("date", described("发布日期").with("type", typed("string", true)).with("format", "date"))
        .add("notes", string(true, "目录附的备注、说明，每行一条"))
        .add("townships", array_of(closed(township, "乡镇（街道）"), "覆盖矩阵的列：本县各乡镇（街道）"))
        .add("totals", closed(totals, "全县汇总（按事项计：某事项有乡镇承接即计为承接）"))
        .add("items", array_of(reference("guidance_item", false), "目录事项，按原表顺序"));
    ("指导目录及承接情况", props, common_defs().with("guidance_item", closed(item, "一个目录事项及其承接情况")))
}

fn bodies() -> (&'static str, Props, Obj) {
    let loose = |d: &str| described(d).with("type", json!(["object", "null"]));
    let body = object(&dictionary::body_list_columns(), &["code", "name", "kind"])
        .add("intro", string(true, "主体简介（Markdown）"))
        .add("service_center", loose("便民服务中心：name、address、phone、hours 和窗口 windows（name、phone、scope）"))
        .add(
            "offices",
            array_of(described("内设机构").with("type", "object"), "内设机构：name 名称、duties 职责、phone 电话"),
        );
    let props = Props::new()
        .add("schema", string(false, "本文件所依据的 JSON Schema 的地址"))
        .add("bodies", array_of(reference("body", false), "全部实施主体：县、乡镇（街道）、县直部门"));
    ("实施主体名录", props, common_defs().with("body", closed(body, "一个实施主体")))
}
