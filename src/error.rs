//! One error type for whatever stops a command, with its Chinese message, its hint and its exit
//! code in one place. Problems in the sources are not errors but diagnostics (`diag`), reported
//! all at once with their file:line:col; an `Error` is what ends a run: a command used wrongly,
//! a file that cannot be written, a theme that does not render.

use std::fmt;
use std::io;

#[derive(Debug)]
pub enum Error {
    /// The command was used wrongly (an unknown version, a directory that is not a site, an
    /// output directory that must not be replaced): exit code 2.
    Usage { message: String, hint: Option<String> },
    /// A file or directory could not be read, written, created or removed.
    Io { path: String, source: io::Error },
    /// A template failed (`themes/default/templates/<name>` line n).
    Template(minijinja::Error),
    /// Something could not be produced (a spreadsheet, a JSON file, the search index).
    Failed { what: String, detail: String },
    /// A version's sources have errors; `qingdan check` shows them.
    BrokenVersion(String),
    /// What `qingdan verify` checked differs from the releases as published (each difference
    /// is printed before): exit code 3, so scripts can tell it from a failure to check.
    Mismatch { count: usize },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Usage { message: message.into(), hint: Some(hint.into()) }
    }

    /// A usage error whose message says what to do.
    pub fn usage_text(message: impl Into<String>) -> Error {
        Error::Usage { message: message.into(), hint: None }
    }

    pub fn io(path: impl fmt::Display, source: io::Error) -> Error {
        Error::Io { path: path.to_string(), source }
    }

    pub fn failed(what: impl fmt::Display, detail: impl fmt::Display) -> Error {
        Error::Failed { what: what.to_string(), detail: detail.to_string() }
    }

    /// A version asked for by id that the site does not have.
    pub fn unknown_version(id: &str, known: &[&str], current: &str) -> Error {
        let known = if known.is_empty() { "无".to_string() } else { known.join("、") };
        Error::usage(format!("版本 `{id}` 不存在。已有版本：{known}"), format!("当前内容写作 {current}"))
    }

    /// 2 for a command used wrongly, 3 for files that differ from the published releases, 1 for
    /// everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage { .. } => 2,
            Error::Mismatch { .. } => 3,
            _ => 1,
        }
    }

    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::Usage { hint, .. } => hint.as_deref(),
            Error::BrokenVersion(_) => Some("先运行 qingdan check，按提示改正"),
            Error::Mismatch { .. } => {
                Some("上面列出了每个不一致的文件、应有的和实际的 SHA-256；以发布单位公布的版本为准")
            }
            _ => None,
        }
    }

    /// Prints `错误：…` and the hint to stderr and gives the exit code.
    pub fn report(&self) -> i32 {
        eprintln!("错误：{self}");
        if let Some(hint) = self.hint() {
            eprintln!("提示：{hint}");
        }
        self.exit_code()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage { message, .. } => f.write_str(message),
            Error::Io { path, source } => write!(f, "无法读写 {path}：{source}"),
            Error::Template(e) => {
                write!(f, "模板错误：{e}")?;
                if let (Some(name), Some(line)) = (e.name(), e.line()) {
                    write!(f, "（themes/default/templates/{name} 第 {line} 行）")?;
                }
                Ok(())
            }
            Error::Failed { what, detail } => write!(f, "无法生成 {what}：{detail}"),
            Error::BrokenVersion(id) => write!(f, "版本 `{id}` 的源文件有错误"),
            Error::Mismatch { count } => write!(f, "有 {count} 处与公布的版本不一致"),
        }
    }
}

impl std::error::Error for Error {}

impl From<minijinja::Error> for Error {
    fn from(e: minijinja::Error) -> Error {
        Error::Template(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_exit_with_two_and_others_with_one() {
        let unknown = Error::unknown_version("2030", &["2025-10-01"], "current");
        assert_eq!(unknown.exit_code(), 2);
        assert_eq!(unknown.to_string(), "版本 `2030` 不存在。已有版本：2025-10-01");
        assert_eq!(unknown.hint(), Some("当前内容写作 current"));
        let io = Error::io("public/index.html", io::Error::new(io::ErrorKind::StorageFull, "disk full"));
        assert_eq!(io.exit_code(), 1);
        assert!(io.to_string().starts_with("无法读写 public/index.html"));
        assert_eq!(Error::Mismatch { count: 2 }.exit_code(), 3);
    }
}
