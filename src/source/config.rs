use super::table::{FileCx, Table};
use crate::model::SiteConfig;
use std::path::Path;

pub fn read(cx: &mut FileCx, t: &mut Table, _path: &Path) -> Option<SiteConfig> {
    let title = t.req_text(cx, "title");
    let jurisdiction = t.req_text(cx, "jurisdiction");
    let base_url = t.text(cx, "base_url");
    if let Some(url) = &base_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            cx.error_at(url.span, "`base_url` 须以 https:// 或 http:// 开头").hint =
                Some("例如 base_url = \"https://qd.example.gov.cn/\"".into());
        }
    }
    Some(SiteConfig {
        title: title.map(|v| v.value).unwrap_or_default(),
        jurisdiction: jurisdiction.unwrap_or_default(),
        base_url: base_url.map(|v| v.value),
        publisher: t.text(cx, "publisher").map(|v| v.value),
        organizer: t.text(cx, "organizer").map(|v| v.value),
        site_code: t.text(cx, "site_code").map(|v| v.value),
        icp: t.text(cx, "icp").map(|v| v.value),
        police_record: t.text(cx, "police_record").map(|v| v.value),
        description: t.text(cx, "description").map(|v| v.value),
        province: t.text(cx, "province"),
        parent: None,
    })
}

/// The configuration used when `qingdan.toml` could not be read; `check` has already
/// reported why.
pub fn empty() -> SiteConfig {
    SiteConfig {
        title: String::new(),
        jurisdiction: Default::default(),
        base_url: None,
        publisher: None,
        organizer: None,
        site_code: None,
        icp: None,
        police_record: None,
        description: None,
        province: None,
        parent: None,
    }
}
