//! QR codes for printed lists (公示栏): a citizen scans the paper on the notice board and gets
//! the page online. Generated at build time as a small inline SVG (no image files, no script,
//! nothing fetched), one path of horizontal runs of dark modules.

use qrcode::{Color, EcLevel, QrCode};
use std::fmt::Write as _;

/// Quiet zone around the code, in modules (the standard asks for 4).
const QUIET: usize = 4;

/// An SVG QR code of `url`, labelled `label` for screen readers; `None` if the text is too
/// long for a QR code.
pub fn svg(url: &str, label: &str) -> Option<String> {
    // Level M survives a crease or a stain on a notice board and keeps the code small.
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET;
    let mut path = String::with_capacity(width * width);
    for y in 0..width {
        let row = &colors[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                let _ = write!(path, "M{} {}h{}v1h-{}z", start + QUIET, y + QUIET, x - start, x - start);
            } else {
                x += 1;
            }
        }
    }
    let label = label.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;");
    Some(format!(
        "<svg class=\"qr-code\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"{label}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_has_the_finder_patterns_and_a_quiet_zone() {
        let svg = svg("https://qd.example.gov.cn/tangxi/", "二维码").unwrap();
        assert!(svg.starts_with("<svg class=\"qr-code\""));
        // Version 3 (29 modules) for this length at level M, plus 4 modules each side.
        assert!(svg.contains("viewBox=\"0 0 37 37\""), "{svg}");
        // The top-left finder pattern starts with a run of 7 dark modules at (4, 4).
        assert!(svg.contains("M4 4h7v1h-7z"), "{svg}");
        assert!(svg.contains("aria-label=\"二维码\""));
    }

    #[test]
    fn the_same_url_gives_the_same_svg() {
        assert_eq!(svg("https://a.example/x/", "x"), svg("https://a.example/x/", "x"));
        assert_ne!(svg("https://a.example/x/", "x"), svg("https://a.example/y/", "x"));
    }
}
