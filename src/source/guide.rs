//! `[<part>.guide]`: an item's 办事指南 (`model::Guide`). The files its materials name (blank
//! forms, filled samples) must exist under `content/files/`; the site serves them as they are.

use super::table::{FileCx, Table};
use crate::model::{Guide, Located, Material, Question, Step};
use std::path::Path;

/// Where the files a guide names live, under `content/`, and where the site serves them.
pub const FILES_DIR: &str = "files";

pub fn read(cx: &mut FileCx, t: &mut Table, list_path: &Path) -> Option<Box<Guide>> {
    let mut g = t.table(cx, "guide")?;
    let content = list_path.parent().and_then(Path::parent).unwrap_or(Path::new("."));
    let mut guide = Guide {
        service_code: g.text(cx, "service_code").map(|v| v.value),
        conditions: g.text(cx, "conditions").map(|v| v.value),
        legal_limit: g.text(cx, "legal_limit").map(|v| v.value),
        promised_limit: g.text(cx, "promised_limit").map(|v| v.value),
        fee: g.bool(cx, "fee"),
        fee_standard: g.text(cx, "fee_standard").map(|v| v.value),
        fee_basis: g.text(cx, "fee_basis").map(|v| v.value),
        visits: count(cx, &mut g, "visits"),
        result: g.text(cx, "result").map(|v| v.value),
        online: address(cx, &mut g, "online"),
        mobile: address(cx, &mut g, "mobile"),
        span: g.span(cx),
        ..Guide::default()
    };
    for mut m in g.tables(cx, "materials") {
        let name = m.req_text(cx, "name");
        let material = Material {
            name: String::new(),
            form: m.text(cx, "form").map(|v| v.value),
            copies: count(cx, &mut m, "copies"),
            blank: file(cx, &mut m, "blank", content),
            sample: file(cx, &mut m, "sample", content),
        };
        m.finish(cx);
        if let Some(name) = name {
            guide.materials.push(Material { name: name.value, ..material });
        }
    }
    for mut s in g.tables(cx, "steps") {
        let name = s.req_text(cx, "name");
        let limit = s.text(cx, "limit").map(|v| v.value);
        s.finish(cx);
        if let Some(name) = name {
            guide.steps.push(Step { name: name.value, limit });
        }
    }
    for mut q in g.tables(cx, "questions") {
        let question = q.req_text(cx, "question");
        let answer = q.req_text(cx, "answer");
        q.finish(cx);
        if let (Some(question), Some(answer)) = (question, answer) {
            guide.questions.push(Question { question: question.value, answer: answer.value });
        }
    }
    g.finish(cx);
    Some(Box::new(guide))
}

/// A small count (份数, 到现场次数): a whole number from 0 to 99.
fn count(cx: &mut FileCx, t: &mut Table, key: &'static str) -> Option<u32> {
    let n = t.int(cx, key)?;
    if (0..100).contains(&n) {
        return Some(n as u32);
    }
    let span = t.span(cx);
    cx.error_at(span, format!("字段 `{key}` 的值 {n} 不是 0 到 99 之间的整数")).hint = Some(format!("写成 {key} = 1"));
    None
}

/// An online-service address: absolute, since it is printed as a QR code.
fn address(cx: &mut FileCx, t: &mut Table, key: &'static str) -> Option<Located<String>> {
    let v = t.text(cx, key)?;
    if !(v.value.starts_with("https://") || v.value.starts_with("http://")) || v.value.contains(char::is_whitespace) {
        cx.error_at(v.span, format!("`{key}` 不是完整的网址")).hint =
            Some("写完整的地址，以 https:// 开头，例如 online = \"https://zwfw.example.gov.cn/item/123\"".into());
        return None;
    }
    Some(v)
}

/// A file under `content/files/`, named by its path there with `/`.
fn file(cx: &mut FileCx, t: &mut Table, key: &'static str, content: &Path) -> Option<Located<String>> {
    let v = t.text(cx, key)?;
    let safe = !v.value.starts_with('/')
        && !v.value.contains('\\')
        && !v.value.contains(':')
        && v.value.split('/').all(|part| !part.is_empty() && part != "." && part != "..");
    if !safe {
        cx.error_at(v.span, format!("`{key}` 的文件路径“{}”不可用", v.value)).hint =
            Some(format!("写 content/{FILES_DIR}/ 下的相对路径，用 / 分隔，例如 {key} = \"forms/申请表.docx\""));
        return None;
    }
    let path = content.join(FILES_DIR).join(&v.value);
    if !path.is_file() {
        cx.error_at(v.span, format!("找不到文件 content/{FILES_DIR}/{}", v.value)).hint =
            Some(format!("把文件放到 content/{FILES_DIR}/{}，或改正文件名", v.value));
        return None;
    }
    Some(v)
}
