//! The preview server's routes: the site's files (each HTML page with the reload script added
//! before `</body>`), the script itself, and an event stream (server-sent events) carrying the
//! build status: a new build id makes pages reload, an error shows the overlay.

use super::files::{content_type, resolve, Resolved};
use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream};
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::watch;

/// Where the preview's own endpoints live; no site file can be there (dot-free codes only).
pub const PREFIX: &str = "/__qingdan";
const SCRIPT: &str = include_str!("reload.js");

/// The state of the served site, as pages learn it.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Status {
    /// Changes with every successful build.
    pub build: u64,
    /// The diagnostics of the last build, when it failed.
    pub error: Option<String>,
}

#[derive(Clone)]
struct App {
    out: Arc<PathBuf>,
    status: watch::Receiver<Status>,
}

pub fn router(out: PathBuf, status: watch::Receiver<Status>) -> Router {
    Router::new()
        .route(&format!("{PREFIX}/reload.js"), get(script))
        .route(&format!("{PREFIX}/events"), get(events))
        .fallback(get(file))
        .with_state(App { out: Arc::new(out), status })
}

async fn script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], SCRIPT)
        .into_response()
}

/// Sends the current status at once, then every change.
async fn events(State(app): State<App>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = stream::unfold((app.status, true), |(mut rx, first)| async move {
        if !first && rx.changed().await.is_err() {
            return None;
        }
        let data = serde_json::to_string(&*rx.borrow_and_update()).unwrap_or_default();
        Some((Ok(Event::default().event("status").data(data)), (rx, false)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn file(State(app): State<App>, uri: Uri) -> Response {
    match resolve(&app.out, uri.path()) {
        Resolved::File(path) => match tokio::fs::read(&path).await {
            Ok(bytes) => respond(StatusCode::OK, content_type(&path), bytes),
            Err(_) => not_found(&app).await,
        },
        Resolved::Slash(location) => {
            let location = match uri.query() {
                Some(q) => format!("{location}?{q}"),
                None => location,
            };
            (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, location)]).into_response()
        }
        Resolved::NotFound => not_found(&app).await,
        Resolved::Forbidden => (StatusCode::FORBIDDEN, "403 禁止访问：路径在网站目录之外").into_response(),
    }
}

/// The site's own 404 page, with the 404 status; before the first good build, a page that
/// waits for it (the overlay shows the errors, and it reloads once the site exists).
async fn not_found(app: &App) -> Response {
    match tokio::fs::read(app.out.join(crate::urls::NOT_FOUND)).await {
        Ok(bytes) => respond(StatusCode::NOT_FOUND, "text/html; charset=utf-8", bytes),
        Err(_) => respond(StatusCode::SERVICE_UNAVAILABLE, "text/html; charset=utf-8", WAITING.as_bytes().to_vec()),
    }
}

const WAITING: &str = "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>网站尚未生成</title></head>\n\
<body><h1>网站尚未生成</h1><p>源文件有错误，请按终端中的提示修改。保存后网站自动生成，本页自动刷新。</p></body></html>\n";

/// A file response; pages get the reload script. Nothing is cached: the next edit must show.
fn respond(status: StatusCode, content_type: &'static str, bytes: Vec<u8>) -> Response {
    let body = if content_type.starts_with("text/html") { inject(bytes) } else { bytes };
    (status, [(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-store")], body).into_response()
}

/// Adds the reload script before the last `</body>`, or at the end.
fn inject(mut page: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{PREFIX}/reload.js\" defer></script>");
    let at = page.windows(7).rposition(|w| w == b"</body>").unwrap_or(page.len());
    page.splice(at..at, tag.into_bytes());
    page
}

#[cfg(test)]
mod tests {
    #[test]
    fn script_goes_before_the_last_body_end() {
        let page = super::inject(b"<html><body><p>&lt;/body&gt;</p></body></html>".to_vec());
        let page = String::from_utf8(page).unwrap();
        assert!(page.ends_with("<script src=\"/__qingdan/reload.js\" defer></script></body></html>"), "{page}");
        assert_eq!(
            String::from_utf8(super::inject(b"x".to_vec())).unwrap(),
            "x<script src=\"/__qingdan/reload.js\" defer></script>"
        );
    }
}
