use super::table::{FileCx, Table};
use crate::model::{Body, BodyKind, Office, ServiceCenter, Window};
use std::path::Path;

pub fn read(cx: &mut FileCx, t: &mut Table, path: &Path) -> Option<Body> {
    let code = t.req_text(cx, "code");
    let name = t.req_text(cx, "name");
    let kind = t.req_choice(cx, "kind", BodyKind::NAMES);
    let service_center = t.table(cx, "service_center").and_then(|mut sc| {
        let center = read_service_center(cx, &mut sc);
        sc.finish(cx);
        center
    });
    let offices = t
        .tables(cx, "offices")
        .into_iter()
        .filter_map(|mut o| {
            let name = o.req_text(cx, "name");
            let duties = o.text(cx, "duties").map(|v| v.value);
            let phone = o.text(cx, "phone").map(|v| v.value);
            o.finish(cx);
            Some(Office { name: name?, duties, phone })
        })
        .collect();
    let body = Body {
        official_code: t.text(cx, "official_code").map(|v| v.value),
        address: t.text(cx, "address").map(|v| v.value),
        phone: t.text(cx, "phone").map(|v| v.value),
        hours: t.text(cx, "hours").map(|v| v.value),
        website: t.text(cx, "website").map(|v| v.value),
        supervision_phone: t.text(cx, "supervision_phone").map(|v| v.value),
        intro: t.text(cx, "intro").map(|v| v.value),
        service_center,
        offices,
        span: t.span(cx),
        code: code?,
        name: name?.value,
        kind: kind?,
    };
    super::check_file_name(cx, path, &body.code);
    Some(body)
}

fn read_service_center(cx: &mut FileCx, t: &mut Table) -> Option<ServiceCenter> {
    let name = t.req_text(cx, "name");
    let windows = t
        .tables(cx, "windows")
        .into_iter()
        .filter_map(|mut w| {
            let name = w.req_text(cx, "name");
            let phone = w.text(cx, "phone").map(|v| v.value);
            let scope = w.text(cx, "scope").map(|v| v.value);
            w.finish(cx);
            Some(Window { name: name?, phone, scope })
        })
        .collect();
    Some(ServiceCenter {
        address: t.text(cx, "address").map(|v| v.value),
        phone: t.text(cx, "phone").map(|v| v.value),
        hours: t.text(cx, "hours").map(|v| v.value),
        windows,
        name: name?.value,
    })
}
