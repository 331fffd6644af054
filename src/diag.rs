//! Diagnostics: every problem names its place (file:line:col, or sheet!cell for spreadsheets),
//! says what is wrong and how to fix it, and is rendered in the style of rustc.

use crate::model::Span;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Where a problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A range in a loaded source file.
    Span(Span),
    /// A whole file (missing, unreadable, or not a file we know).
    File(PathBuf),
    /// A cell of a spreadsheet, as `sheet!B7`.
    Cell { file: PathBuf, sheet: String, cell: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    /// A short note under the underlined text.
    pub label: Option<String>,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, message: message.into(), location, label: None, hint: None }
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Self::error(location, message) }
    }

    pub fn at(span: Span, message: impl Into<String>) -> Self {
        Self::error(Location::Span(span), message)
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The files diagnostics refer to. Only paths are kept: at province scale the sources are
/// gigabytes, so the text is read again only when a diagnostic must be shown.
#[derive(Default, Debug)]
pub struct SourceMap {
    files: Vec<PathBuf>,
}

impl SourceMap {
    pub fn add(&mut self, path: PathBuf) -> u32 {
        self.files.push(path);
        (self.files.len() - 1) as u32
    }

    pub fn path(&self, file: u32) -> &Path {
        &self.files[file as usize]
    }
}

/// A resolved position: path, 1-based line and column (in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// Renders diagnostics for a terminal or a log, and resolves their positions.
pub struct Reporter<'a> {
    map: &'a SourceMap,
    texts: HashMap<u32, String>,
    renderer: Renderer,
}

impl<'a> Reporter<'a> {
    pub fn new(map: &'a SourceMap, color: bool) -> Self {
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        Reporter { map, texts: HashMap::new(), renderer }
    }

    fn text(&mut self, file: u32) -> &str {
        let map = self.map;
        // Invalid UTF-8 shows as U+FFFD: a diagnostic can point at the first invalid byte.
        self.texts.entry(file).or_insert_with(|| {
            std::fs::read(map.path(file)).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
        })
    }

    /// `path:line:col` of a diagnostic, or the path and sheet!cell for spreadsheets.
    pub fn position(&mut self, d: &Diagnostic) -> Option<Position> {
        match &d.location {
            Location::Span(span) => {
                let text = self.text(span.file);
                let start = (span.start as usize).min(text.len());
                let before = &text[..floor_char_boundary(text, start)];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                Some(Position { path: self.map.path(span.file).to_path_buf(), line, column })
            }
            _ => None,
        }
    }

    /// One line per diagnostic: `path:line:col: 错误: message`, for logs and tests.
    pub fn short(&mut self, d: &Diagnostic) -> String {
        let place = match (&d.location, self.position(d)) {
            (_, Some(p)) => format!("{}:{}:{}", p.path.display(), p.line, p.column),
            (Location::File(path), None) => path.display().to_string(),
            (Location::Cell { file, sheet, cell }, None) => format!("{}: {}!{}", file.display(), sheet, cell),
            (Location::Span(_), None) => String::new(),
        };
        format!("{place}: {}: {}", severity_name(d.severity), d.message)
    }

    /// The full rustc-style report with the source line underlined and the hint below.
    pub fn render(&mut self, d: &Diagnostic) -> String {
        let level = match d.severity {
            Severity::Error => Level::ERROR.with_name("错误"),
            Severity::Warning => Level::WARNING.with_name("警告"),
        };
        let title = level.primary_title(d.message.as_str());
        let mut group = match &d.location {
            Location::Span(span) => {
                let span = *span;
                let path = self.map.path(span.file).display().to_string();
                let text = self.text(span.file).to_string();
                let range = clamp_range(&text, span.range());
                let mut annotation = AnnotationKind::Primary.span(range);
                if let Some(label) = &d.label {
                    annotation = annotation.label(label.clone());
                }
                let snippet = Snippet::source(text).path(path).fold(true).annotation(annotation);
                Group::with_title(title).element(snippet)
            }
            Location::File(path) => {
                Group::with_title(title).element(annotate_snippets::Origin::path(path.display().to_string()))
            }
            Location::Cell { file, sheet, cell } => Group::with_title(title)
                .element(annotate_snippets::Origin::path(format!("{}: {}!{}", file.display(), sheet, cell))),
        };
        if let Some(label) = d.label.as_ref().filter(|_| !matches!(d.location, Location::Span(_))) {
            group = group.element(Level::NOTE.with_name("说明").message(label.clone()));
        }
        let mut report = vec![group];
        if let Some(hint) = &d.hint {
            report.push(Group::with_title(Level::HELP.with_name("提示").secondary_title(hint.clone())));
        }
        self.renderer.render(&report)
    }
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn clamp_range(text: &str, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = floor_char_boundary(text, r.start.min(text.len()));
    let end = floor_char_boundary(text, r.end.min(text.len())).max(start);
    start..end
}

/// All diagnostics of a run, errors and warnings together, in a stable order.
#[derive(Default, Debug)]
pub struct Diagnostics {
    pub list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.list.extend(other);
    }

    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.list.len() - self.error_count()
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    /// Sorts by file and position so output is the same on every run, whatever the thread order.
    pub fn sort(&mut self) {
        self.list.sort_by_key(sort_key);
    }
}

fn sort_key(d: &Diagnostic) -> (u32, String, u32, Severity, String) {
    match &d.location {
        Location::Span(s) => (s.file, String::new(), s.start, d.severity, d.message.clone()),
        Location::File(p) => (u32::MAX, p.display().to_string(), 0, d.severity, d.message.clone()),
        Location::Cell { file, sheet, cell } => {
            (u32::MAX, format!("{}!{}!{}", file.display(), sheet, cell), 0, d.severity, d.message.clone())
        }
    }
}

/// "Did you mean": the candidate closest to `word`, if it is close enough to be a likely typo.
/// Uses Jaro-Winkler, which counts characters (not bytes) and so works for Chinese.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
