//! Item names as compared across lists and releases: the same matter is often written with
//! half- or full-width brackets, or with spaces a spreadsheet kept.

/// The name used for matching: whitespace removed, full-width brackets and punctuation folded.
pub fn normalize_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '，' => ',',
            '、' => ',',
            '；' => ';',
            '：' => ':',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_full_width_punctuation() {
        assert_eq!(
            normalize_name("乡村建设规划许可证核发（村民住宅）"),
            normalize_name("乡村建设规划许可证核发 (村民住宅)")
        );
    }
}
