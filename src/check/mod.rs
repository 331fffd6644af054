//! Checks on the loaded model: references, uniqueness, consistency. Loading has already
//! reported syntax and shape; these are the problems only the whole site can show.

mod admission;
mod bodies;
mod duties;
mod guidance;
mod guide;
mod items;
mod names;
mod territorial;

pub use names::{file_name_problem, NameProblem, MAX_CODE_BYTES};

use crate::derive::Index;
use crate::diag::{closest, Diagnostic};
use crate::model::{BodyKind, Located};
use std::collections::{BTreeSet, HashMap};

/// Checks the whole site. `broken` names bodies whose files could not be read: references to
/// them are not reported again.
pub fn check(index: &Index, broken: &BTreeSet<String>) -> Vec<Diagnostic> {
    let cx = Cx { index, broken };
    let mut out = Vec::new();
    bodies::check(&cx, &mut out);
    items::check(&cx, &mut out);
    territorial::check(&cx, &mut out);
    admission::check(&cx, &mut out);
    guidance::check(&cx, &mut out);
    out
}

/// What every check reads.
struct Cx<'a, 's> {
    index: &'a Index<'s>,
    broken: &'a BTreeSet<String>,
}

/// Reports codes used twice, pointing at the second use and naming the first.
fn unique<'a>(out: &mut Vec<Diagnostic>, what: &str, codes: impl IntoIterator<Item = &'a Located<String>>) {
    let mut seen: HashMap<&str, &Located<String>> = HashMap::new();
    for code in codes {
        if let Some(first) = seen.get(code.value.as_str()) {
            let same_file = first.span.file == code.span.file;
            out.push(
                Diagnostic::at(code.span, format!("{what} `{}` 重复", code.value))
                    .label(if same_file {
                        "与前面的一项重复".to_string()
                    } else {
                        "已在其他文件中使用".to_string()
                    })
                    .hint(format!("{what}须唯一：请改用一个未使用的{what}")),
            );
        } else {
            seen.insert(&code.value, code);
        }
    }
}

/// Checks that `code` names an existing body of one of the `kinds`.
fn body_ref(cx: &Cx, out: &mut Vec<Diagnostic>, code: &Located<String>, kinds: &[BodyKind], what: &str) {
    let index = cx.index;
    if cx.broken.contains(&code.value) {
        return;
    }
    match index.body(&code.value) {
        Some(b) if kinds.contains(&b.kind) => {}
        Some(b) => out.push(
            Diagnostic::at(code.span, format!("`{}`（{}）不是{what}", code.value, b.name))
                .label(format!("这是一个{}", b.kind.name())),
        ),
        None => {
            let candidates = index.site.bodies.iter().filter(|b| kinds.contains(&b.kind));
            let names: Vec<(&str, &str)> = candidates.map(|b| (b.code.value.as_str(), b.name.as_str())).collect();
            // A publisher may write the name (住建局) where the code (zhujian) is expected.
            let by_name = names.iter().find(|(_, n)| is_abbreviation(&code.value, n));
            let hint = by_name
                .map(|(c, n)| format!("{n}的代码是 `{c}`"))
                .or_else(|| {
                    closest(&code.value, names.iter().map(|(c, _)| *c))
                        .map(|c| format!("是否应为 `{c}`（{}）？", index.body_name(c)))
                })
                .unwrap_or_else(|| format!("{what}的代码见 content/bodies/ 下的文件名"));
            out.push(Diagnostic::at(code.span, format!("找不到{what} `{}`", code.value)).hint(hint));
        }
    }
}

/// Whether `short` abbreviates `name` the way Chinese names are shortened: its characters
/// appear in `name` in order (住建局 → 青山县住房和城乡建设局).
fn is_abbreviation(short: &str, name: &str) -> bool {
    let mut rest = name.chars();
    !short.is_ascii() && short.chars().all(|c| rest.any(|n| n == c))
}
