/// Splits `+++`-delimited TOML front matter from a Markdown document.
/// Returns (front matter, body); without front matter the whole text is the body.
pub fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = t.strip_prefix("+++").and_then(|r| r.strip_prefix('\n').or_else(|| r.strip_prefix("\r\n"))) else {
        return (None, t);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return (Some(&rest[..offset]), &rest[offset + line.len()..]);
        }
        offset += line.len();
    }
    (None, t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let (fm, body) = split_front_matter("+++\ntitle = \"关于\"\n+++\n正文\n");
        assert_eq!(fm, Some("title = \"关于\"\n"));
        assert_eq!(body, "正文\n");
        assert_eq!(split_front_matter("# 无头\n"), (None, "# 无头\n"));
        assert_eq!(split_front_matter("+++\n未闭合"), (None, "+++\n未闭合"));
    }
}
