//! 办事指南 (`model::Guide`): what loading cannot see in one table — a fee without its
//! standard, a material listed twice, a guide no citizen can act on.

use crate::diag::{Diagnostic, Location};
use crate::model::{Guide, Item};
use std::collections::HashSet;

pub(super) fn check(item: &Item, out: &mut Vec<Diagnostic>) {
    let Some(g) = item.guide.as_deref() else { return };
    let at = || Location::Span(g.span);
    if g.fee == Some(true) && g.fee_standard.is_none() {
        out.push(
            Diagnostic::warning(at(), format!("“{}”的办事指南写了收费，但没有写收费标准", item.name))
                .hint("在 [guide] 中添加 fee_standard = \"…\" 和 fee_basis = \"…\"；不收费时写 fee = false"),
        );
    }
    let mut seen = HashSet::new();
    for m in &g.materials {
        if !seen.insert(m.name.as_str()) {
            out.push(
                Diagnostic::warning(at(), format!("“{}”的办事指南中申请材料“{}”写了两次", item.name, m.name))
                    .hint("同一材料只列一次，原件和复印件写在 form 中，例如 form = \"原件和复印件\""),
            );
        }
    }
    if g.materials.is_empty() && g.steps.is_empty() && g.conditions.is_none() && !has_address(g) {
        out.push(
            Diagnostic::warning(
                at(),
                format!("“{}”的办事指南没有受理条件、申请材料、办理流程或网上办理地址", item.name),
            )
            .hint("一次性告知单打印这些内容：至少写申请材料（[[…guide.materials]]）"),
        );
    }
}

fn has_address(g: &Guide) -> bool {
    g.online.is_some() || g.mobile.is_some()
}
