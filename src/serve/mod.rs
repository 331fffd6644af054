//! `qingdan serve`: a preview server on the local machine that follows the sources. The site is
//! built into the output directory as by `build`; after each edit `build::session` rebuilds what
//! changed and the pages reload (`http`); a broken edit leaves the last good site served and
//! shows its diagnostics over the page. Sources are watched by `watch`; request paths are
//! confined to the output by `files`.

pub mod files;
mod http;
mod watch;

pub use http::Status;
pub use watch::Sources;

use std::net::SocketAddr;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::sync::watch as channel;

/// The running server.
pub struct Preview {
    status: channel::Sender<Status>,
    addr: SocketAddr,
    _runtime: tokio::runtime::Runtime,
}

impl Preview {
    /// Binds `addr` at once (so a port in use is reported before anything else) and serves the
    /// files of `out` from two worker threads.
    pub fn start(out: &Path, addr: SocketAddr) -> std::io::Result<Preview> {
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
        let (status, rx) = channel::channel(Status { build: build_id(), error: None });
        let router = http::router(out.to_path_buf(), rx);
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        runtime.spawn(async move {
            if let Err(e) = axum::serve(listener, router).await {
                eprintln!("错误：预览服务器停止：{e}");
            }
        });
        Ok(Preview { status, addr, _runtime: runtime })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Tells the open pages about a build: a successful one makes them reload; a failed one
    /// (`error`, the diagnostics as text) shows over the page that is still served.
    pub fn publish(&self, error: Option<String>) {
        self.status.send_modify(|status| {
            if error.is_none() {
                status.build = build_id();
            }
            status.error = error;
        });
    }
}

/// A build id unique across restarts of the server, so pages open before a restart reload.
fn build_id() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_micros() as u64).unwrap_or_default()
}
