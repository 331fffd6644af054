//! Codes that become file and directory names: a body's code is its directory (`tangxi/`,
//! `data/tangxi.csv`), an item's code its page (`tangxi/TX-XK-001.html`), a guidance
//! catalog's id its page (`guidance/<id>.html`). The site is built on Linux but copied to
//! Windows PCs, macOS and web servers, so a code must make a file name that works on all of
//! them: not a Windows device name, not too long, and (checked per list) not the same as
//! another code but for case.

use crate::diag::Diagnostic;
use crate::model::Located;
use std::collections::HashMap;

/// Longest code, in bytes. A page's path is `<body>/<code>.html`: two 64-byte codes leave
/// more than 120 characters of Windows' 260-character path limit for the folder the site is
/// copied to, and stay far below the 255 bytes a file name may have anywhere. Real codes
/// (TX-XK-001, 330212-XK-00100-001) are under 30.
pub const MAX_CODE_BYTES: usize = 64;

/// Names Windows reserves for devices, whatever the case and whatever follows a dot
/// (`con.txt`, `AUX.1`): a file or directory of that name cannot be created there.
const DEVICES: [&str; 4] = ["CON", "PRN", "AUX", "NUL"];
const NUMBERED_DEVICES: [&str; 2] = ["COM", "LPT"];

/// Why `code` cannot be a file or directory name everywhere; `None` when it can.
pub fn file_name_problem(code: &str) -> Option<NameProblem> {
    let stem = code.split('.').next().unwrap_or(code).to_ascii_uppercase();
    let numbered = stem.len() == 4 && NUMBERED_DEVICES.contains(&&stem[..3]) && stem.as_bytes()[3].is_ascii_digit();
    if DEVICES.contains(&stem.as_str()) || numbered {
        Some(NameProblem::Device(stem))
    } else if code.len() > MAX_CODE_BYTES {
        Some(NameProblem::TooLong(code.len()))
    } else {
        None
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum NameProblem {
    /// A Windows device name (upper case, without what followed the dot).
    Device(String),
    /// The code's length in bytes.
    TooLong(usize),
}

/// Reports a code that cannot be a file name everywhere. `what` names the code (事项编码),
/// `example` is a good one for the hint.
pub(super) fn portable(out: &mut Vec<Diagnostic>, what: &str, code: &Located<String>, example: &str) {
    let Some(problem) = file_name_problem(&code.value) else { return };
    let diagnostic = match problem {
        NameProblem::Device(device) => Diagnostic::at(
            code.span,
            format!("{what} `{}` 在 Windows 上是设备名 {device}，不能用作文件名", code.value),
        )
        .hint(format!(
            "Windows 把 CON、PRN、AUX、NUL、COM0–COM9、LPT0–LPT9（不分大小写，后面加“.扩展名”也一样）留给设备，网站复制到 Windows 电脑或服务器上时无法保存这个文件；请换一个{what}，如 {example}"
        )),
        NameProblem::TooLong(len) => Diagnostic::at(
            code.span,
            format!("{what} `{}` 长 {len} 字节，超过 {MAX_CODE_BYTES} 字节的上限", code.value),
        )
        .hint(format!(
            "{what}用作网站的文件名，加上网站所在的目录，太长的路径在 Windows 等系统上无法保存；请缩短到 {MAX_CODE_BYTES} 个字母或数字以内，如 {example}"
        )),
    };
    out.push(diagnostic);
}

/// Reports codes that differ from an earlier one only by case (`dc-xk-001` after
/// `DC-XK-001`): Windows and macOS file systems ignore case, so their pages would be one
/// file. Codes used twice exactly are `unique`'s to report.
pub(super) fn case_collisions<'a>(
    out: &mut Vec<Diagnostic>,
    what: &str,
    codes: impl IntoIterator<Item = &'a Located<String>>,
) {
    let mut seen: HashMap<String, &Located<String>> = HashMap::new();
    for code in codes {
        match seen.get(&code.value.to_ascii_lowercase()) {
            Some(first) if first.value != code.value => out.push(
                Diagnostic::at(code.span, format!("{what} `{}` 与 `{}` 只有大小写不同", code.value, first.value))
                    .label("与前面的一项只有大小写不同")
                    .hint(format!(
                        "Windows 和 macOS 的文件系统不区分大小写，两项的网页 {}.html 和 {}.html 会成为同一个文件；请改用不同的{what}",
                        first.value, code.value
                    )),
            ),
            Some(_) => {}
            None => {
                seen.insert(code.value.to_ascii_lowercase(), code);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_names_in_any_case_and_with_an_extension() {
        for code in [
            "CON",
            "con",
            "Prn",
            "aux",
            "NUL",
            "COM1",
            "com9",
            "LPT1",
            "lpt9",
            "con.txt",
            "AUX.1",
            "nul.tar.gz",
            "COM0",
        ] {
            assert!(matches!(file_name_problem(code), Some(NameProblem::Device(_))), "{code}");
        }
        for code in ["CONS", "ACON", "COM10", "COMX", "LPT", "TX-XK-001", "con-1", "auxiliary", "nul_1", ".con"] {
            assert_eq!(file_name_problem(code), None, "{code}");
        }
        assert_eq!(file_name_problem("Com3.html"), Some(NameProblem::Device("COM3".into())));
    }

    #[test]
    fn length_limit_in_bytes() {
        assert_eq!(file_name_problem(&"A".repeat(MAX_CODE_BYTES)), None);
        assert_eq!(file_name_problem(&"A".repeat(MAX_CODE_BYTES + 1)), Some(NameProblem::TooLong(MAX_CODE_BYTES + 1)));
    }
}
