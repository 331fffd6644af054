//! Helpers shared by the integration tests: temporary sites made from the `qingdan init`
//! starter, running the binary, reading diagnostics with their positions, and small HTML
//! utilities (attribute values, entity decoding, text content).
//!
//! Only std and the crate's own dependencies are used.

#![allow(dead_code)]

use qingdan::diag::{Reporter, Severity};
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

// ---------------------------------------------------------------------------------------------
// Temporary directories

/// A fresh directory under the system temp dir, removed when dropped (set
/// `QINGDAN_KEEP_TMP=1` to keep it for inspection).
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path = std::env::temp_dir().join(format!("qingdan-test-{}-{n}-{tag}", std::process::id()));
        if path.exists() {
            std::fs::remove_dir_all(&path).unwrap();
        }
        std::fs::create_dir_all(&path).unwrap();
        TempDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn join(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.path.join(rel)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("QINGDAN_KEEP_TMP").is_none() {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sites

/// A site in a temporary directory, made from the starter that `qingdan init` writes.
pub struct Site {
    pub tmp: TempDir,
    pub root: PathBuf,
}

/// The starter's list file, the one most tests break.
pub const LIST: &str = "content/lists/dongcun.toml";

impl Site {
    /// `qingdan init` into a new temporary directory (through the library, which the
    /// command calls; `build_output.rs` tests the command itself).
    pub fn init(tag: &str) -> Site {
        let tmp = TempDir::new(tag);
        let root = tmp.join("site");
        qingdan::init::init(&root).expect("init writes the starter site");
        Site { tmp, root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, bytes).unwrap();
    }

    /// Replaces `from` by `to` in a source file; `from` must occur exactly once, so a test
    /// cannot silently patch nothing (or the wrong place) after the starter changes.
    pub fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        let n = text.matches(from).count();
        assert_eq!(n, 1, "expected exactly one `{from}` in {rel}, found {n}:\n{text}");
        self.write(rel, text.replacen(from, to, 1));
    }

    pub fn append(&self, rel: &str, more: &str) {
        let text = self.read(rel);
        self.write(rel, format!("{text}{more}"));
    }

    pub fn rename(&self, from: &str, to: &str) {
        std::fs::rename(self.path(from), self.path(to)).unwrap();
    }

    /// Line and column (1-based, in characters) of `marker` inside the first occurrence of
    /// `context` in the file: where a diagnostic about that text must point.
    pub fn pos(&self, rel: &str, context: &str, marker: &str) -> (usize, usize) {
        pos_in(&self.read(rel), context, marker)
    }

    /// The position just after the end of the line holding `context` (where a parser reports
    /// an unterminated string).
    pub fn end_of_line(&self, rel: &str, context: &str) -> (usize, usize) {
        let text = self.read(rel);
        let start = find_unique_first(&text, context);
        let end = text[start..].find('\n').map(|i| start + i).unwrap_or(text.len());
        offset_to_pos(&text, end)
    }

    /// Runs the library's `check` and resolves every diagnostic to a position.
    pub fn check(&self) -> Vec<Diag> {
        let outcome = qingdan::build::check(&self.root);
        diags_of(&self.root, &outcome)
    }
}

/// Finds `context` in `text` (must exist) and returns its byte offset.
fn find_unique_first(text: &str, context: &str) -> usize {
    text.find(context).unwrap_or_else(|| panic!("`{context}` not found in:\n{text}"))
}

pub fn pos_in(text: &str, context: &str, marker: &str) -> (usize, usize) {
    let start = find_unique_first(text, context);
    let inner = context.find(marker).unwrap_or_else(|| panic!("marker `{marker}` not in `{context}`"));
    offset_to_pos(text, start + inner)
}

pub fn offset_to_pos(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

/// A diagnostic as a publisher sees it: file relative to the site root (with `/`), line and
/// column (0 when the diagnostic is about a whole file), severity, message, label and hint.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diag {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub error: bool,
    pub message: String,
    pub label: Option<String>,
    pub hint: Option<String>,
    /// `Reporter::short`, kept for failure messages.
    pub short: String,
}

impl std::fmt::Display for Diag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file,
            self.line,
            self.column,
            if self.error { "错误" } else { "警告" },
            self.message
        )?;
        if let Some(l) = &self.label {
            write!(f, " [说明: {l}]")?;
        }
        if let Some(h) = &self.hint {
            write!(f, " [提示: {h}]")?;
        }
        Ok(())
    }
}

pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy().to_string()).collect::<Vec<_>>().join("/")
}

pub fn diags_of(root: &Path, outcome: &qingdan::build::Outcome) -> Vec<Diag> {
    let mut reporter = Reporter::new(&outcome.map, false);
    outcome
        .diags
        .list
        .iter()
        .map(|d| {
            let short = reporter.short(d);
            let (file, line, column) = match (reporter.position(d), &d.location) {
                (Some(p), _) => (relative(root, &p.path), p.line, p.column),
                (None, qingdan::diag::Location::File(path)) => (relative(root, path), 0, 0),
                (None, qingdan::diag::Location::Cell { file, .. }) => (relative(root, file), 0, 0),
                (None, _) => (String::new(), 0, 0),
            };
            Diag {
                file,
                line,
                column,
                error: d.severity == Severity::Error,
                message: d.message.clone(),
                label: d.label.clone(),
                hint: d.hint.clone(),
                short,
            }
        })
        .collect()
}

/// What a test expects of one diagnostic. The message is compared exactly; the hint must exist
/// and contain every given fragment (the suggestion), or must be absent if `no_hint`.
#[derive(Clone, Debug)]
pub struct Expect {
    pub file: String,
    pub at: (usize, usize),
    pub error: bool,
    pub message: String,
    pub hint: Vec<String>,
    pub no_hint: bool,
    pub label: Option<String>,
}

impl Expect {
    pub fn error(file: &str, at: (usize, usize), message: impl Into<String>) -> Expect {
        Expect {
            file: file.into(),
            at,
            error: true,
            message: message.into(),
            hint: Vec::new(),
            no_hint: false,
            label: None,
        }
    }

    pub fn warning(file: &str, at: (usize, usize), message: impl Into<String>) -> Expect {
        Expect { error: false, ..Expect::error(file, at, message) }
    }

    /// The hint must exist and contain `fragment`.
    pub fn hint(mut self, fragment: impl Into<String>) -> Expect {
        self.hint.push(fragment.into());
        self
    }

    pub fn no_hint(mut self) -> Expect {
        self.no_hint = true;
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Expect {
        self.label = Some(label.into());
        self
    }

    fn matches(&self, d: &Diag) -> bool {
        d.file == self.file
            && (d.line, d.column) == self.at
            && d.error == self.error
            && d.message == self.message
            && self.label.as_ref().is_none_or(|l| d.label.as_ref() == Some(l))
            && if self.no_hint {
                d.hint.is_none()
            } else {
                self.hint.iter().all(|h| d.hint.as_ref().is_some_and(|dh| dh.contains(h.as_str())))
                    && (self.hint.is_empty() || d.hint.is_some())
            }
    }
}

impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file,
            self.at.0,
            self.at.1,
            if self.error { "错误" } else { "警告" },
            self.message
        )?;
        if let Some(l) = &self.label {
            write!(f, " [说明: {l}]")?;
        }
        if self.no_hint {
            write!(f, " [no hint]")?;
        } else if !self.hint.is_empty() {
            write!(f, " [提示 contains: {}]", self.hint.join(" | "))?;
        }
        Ok(())
    }
}

/// Asserts that `actual` is exactly `expected`: same number, and each in the same order.
#[track_caller]
pub fn assert_diags(actual: &[Diag], expected: &[Expect]) {
    let ok = actual.len() == expected.len() && actual.iter().zip(expected).all(|(a, e)| e.matches(a));
    if !ok {
        let a: Vec<String> = actual.iter().map(|d| format!("  {d}")).collect();
        let e: Vec<String> = expected.iter().map(|d| format!("  {d}")).collect();
        panic!(
            "diagnostics differ\nexpected ({}):\n{}\nactual ({}):\n{}",
            e.len(),
            e.join("\n"),
            a.len(),
            a.join("\n")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The binary

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}\n--- stdout\n{}\n--- stderr\n{}", self.code, self.stdout, self.stderr)
    }
}

/// Runs `qingdan` with `args`, without colour, and with backtraces off so a panic shows as
/// the standard "panicked" line.
pub fn qingdan<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    qingdan_in(Path::new("."), args)
}

/// `qingdan` run from the directory `cwd` (for relative paths such as `--out .`).
pub fn qingdan_in<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .current_dir(cwd)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run qingdan");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `qingdan` with `args`, for commands that must not hang (a FIFO among the sources): a run
/// that has not ended after two minutes is killed and fails the test.
pub fn qingdan_unless_hung<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    use std::io::Read;
    let args: Vec<std::ffi::OsString> = args.into_iter().map(|a| a.as_ref().to_os_string()).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(&args)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run qingdan");
    let mut pipes = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let stdout = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = pipes.0.read_to_string(&mut s);
        s
    });
    let stderr = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = pipes.1.read_to_string(&mut s);
        s
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("qingdan {args:?} hangs: killed after two minutes");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Run { code: status.code().unwrap_or(-1), stdout: stdout.join().unwrap(), stderr: stderr.join().unwrap() }
}

/// Makes a FIFO (named pipe) at `path`.
pub fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only reads it.
    let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
    assert_eq!(rc, 0, "mkfifo {}: {}", path.display(), std::io::Error::last_os_error());
}

// ---------------------------------------------------------------------------------------------
// Output trees

/// Every file under `dir`, by path relative to it (with `/`), with its bytes.
/// Copies a directory tree (a site's sources into a scratch site).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.insert(relative(base, &p), std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The HTML pages of a tree, as text.
pub fn html_pages(tree: &BTreeMap<String, Vec<u8>>) -> Vec<(&str, String)> {
    tree.iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p.as_str(), String::from_utf8(b.clone()).unwrap_or_else(|_| panic!("{p} is not UTF-8"))))
        .collect()
}

/// Builds `root` into `out` through the library and asserts success (no errors, no failure).
pub fn build_ok(root: &Path, out: &Path) -> qingdan::build::Outcome {
    let outcome = qingdan::build::build(root, out, &qingdan::progress::Progress::hidden());
    let diags = diags_of(root, &outcome);
    assert!(
        outcome.ok() && outcome.stats.is_some(),
        "build of {} failed: {:?}\n{}",
        root.display(),
        outcome.failure,
        diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
    );
    outcome
}

/// Resolves a relative link from the page at `page` (a path relative to the output root)
/// to a path relative to the output root; `None` if it climbs above the root.
pub fn resolve(page: &str, link: &str) -> Option<String> {
    let mut parts: Vec<String> = Path::new(page)
        .parent()
        .map(|p| p.components().map(|c| c.as_os_str().to_string_lossy().to_string()).collect())
        .unwrap_or_default();
    for c in Path::new(link).components() {
        match c {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::Normal(s) => parts.push(s.to_string_lossy().to_string()),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

// ---------------------------------------------------------------------------------------------
// HTML

/// Escapes text the way the brief's comparison wants: `&`, `<`, `>`, `"`.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Undoes the escapes templates may add beyond `escape` (`'` and `/`), so pages can be
/// compared with `escape(text)`.
pub fn normalize_extra_escapes(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
}

/// Decodes the character references templates and Markdown produce.
pub fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16).ok().and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// One start tag: its name (lower case) and its attributes (values decoded).
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// The start tags of a page, in order. A small scanner for the well-formed HTML the templates
/// write (quoted attribute values, no `>` inside them after escaping).
pub fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off + 1;
        if html[start..].starts_with("!--") {
            i = html[start..].find("-->").map(|e| start + e + 3).unwrap_or(html.len());
            continue;
        }
        if start >= bytes.len() || !(bytes[start].is_ascii_alphabetic()) {
            i = start;
            continue;
        }
        // Find the end of the tag, skipping quoted values.
        let mut j = start;
        let mut quote: Option<u8> = None;
        while j < bytes.len() {
            let b = bytes[j];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'>' => break,
                None => {}
            }
            j += 1;
        }
        let inner = &html[start..j.min(html.len())];
        out.push(parse_tag(inner));
        i = (j + 1).min(html.len());
    }
    out
}

fn parse_tag(inner: &str) -> Tag {
    let inner = inner.trim_end_matches('/');
    let name_end = inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len());
    let name = inner[..name_end].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let key_end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = after[1..].find(q).map(|e| e + 1).unwrap_or(after.len());
                    (&after[1..end], after.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            attrs.push((key, decode(value)));
            rest = next.trim_start();
        } else {
            attrs.push((key, String::new()));
        }
        if key_end == 0 && !rest.is_empty() {
            rest = &rest[1..];
        }
    }
    Tag { name, attrs }
}

/// The text of a page without tags, entities decoded and runs of white space collapsed.
pub fn text_content(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = decode(&text);
    let mut out = String::with_capacity(decoded.len());
    let mut space = false;
    for c in decoded.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// The `id` attributes of a page.
pub fn ids(html: &str) -> Vec<String> {
    tags(html).into_iter().filter_map(|t| t.attr("id").map(str::to_string)).collect()
}
