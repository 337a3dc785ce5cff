//! A PDF's words with their boxes, from `pdftotext -bbox` (or
//! `-bbox-layout`; only the `<page>` and `<word>` elements are read).
//!
//! poppler's output is a flat XHTML document: one `<page width height>`
//! per page, one `<word xMin yMin xMax yMax>TEXT</word>` per word, the
//! text escaped as HTML. The parser accepts anything: what it cannot read
//! is skipped, never a panic.

use super::layout::{Page, Piece, Place};

/// The pages of a `pdftotext -bbox` document, numbered from 1.
pub fn pages(html: &str) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut chunks = html.split("<page ");
    chunks.next(); // the head
    for (index, chunk) in chunks.enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let pieces = chunk.split("<word ").skip(1).filter_map(word).collect();
        pages.push(Page::new(Place::Page(number), pieces));
    }
    pages
}

fn word(chunk: &str) -> Option<Piece> {
    let (attributes, rest) = chunk.split_once('>')?;
    let (text, _) = rest.split_once("</word>")?;
    let number = |name: &str| -> Option<f64> {
        let start = attributes.find(&format!("{name}=\""))? + name.len() + 2;
        let end = start + attributes[start..].find('"')?;
        attributes[start..end]
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
    };
    let (x0, y0, x1, y1) = (
        number("xMin")?,
        number("yMin")?,
        number("xMax")?,
        number("yMax")?,
    );
    let text = unescape(text);
    if text.trim().is_empty() || x1 < x0 || y1 < y0 {
        return None;
    }
    Some(Piece {
        text,
        x0,
        x1,
        y0,
        y1,
        cell: None,
    })
}

/// The five entities poppler writes, and numeric ones.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
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

/// True when no page has a word: a scan, or a PDF of images.
pub fn has_no_text(pages: &[Page]) -> bool {
    pages.iter().all(|p| p.lines.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<html><head><title>x</title></head><body><doc>
  <page width="841.9" height="595.3">
    <word xMin="76.68" yMin="95.37" xMax="113.34" yMax="109.08">2101101</word>
    <word xMin="132.24" yMin="96.91" xMax="195.12" yMax="107.39">行政&amp;单位</word>
  </page>
  <page width="841.9" height="595.3">
    <word xMin="bad" yMin="1" xMax="2" yMax="3">skipped</word>
    <word xMin="1" yMin="1" xMax="20" yMax="11">&#x4E00;&lt;&bogus;</word>
  </page>
</doc></body></html>"#;

    #[test]
    fn reads_words_and_their_boxes_page_by_page() {
        let pages = pages(DOC);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].place, Place::Page(1));
        assert_eq!(pages[0].lines[0].text(), "2101101行政&单位");
        assert_eq!(pages[1].lines.len(), 1);
        assert_eq!(pages[1].lines[0].pieces[0].text, "一<&bogus;");
        assert!((pages[0].lines[0].pieces[0].x0 - 76.68).abs() < 1e-9);
    }

    #[test]
    fn a_document_without_words_has_no_text() {
        assert!(has_no_text(&pages(
            "<doc><page width=\"1\" height=\"1\"></page></doc>"
        )));
        assert!(!has_no_text(&pages(DOC)));
    }
}
