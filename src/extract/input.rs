//! Reading a report: a text file (UTF-8 or GB18030) or a PDF through
//! pdftotext.

use std::path::Path;

use super::Failure;

/// The report's text: a text file (UTF-8, or GB18030 as Chinese Windows
/// saves it), or a PDF converted by pdftotext.
pub fn read_input(path: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(path).map_err(|e| {
        let what = if e.kind() == std::io::ErrorKind::NotFound {
            "no such file".to_string()
        } else {
            e.to_string()
        };
        Failure::Usage(format!(
            "{}: {what}; expected the report's text (.txt) or a .pdf",
            path.display()
        ))
    })?;
    let is_pdf = bytes.starts_with(b"%PDF")
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if is_pdf {
        return pdf_text(path);
    }
    Ok(decode(&bytes))
}

/// Text from bytes: UTF-8 if valid, else GB18030 if that decodes cleanly,
/// else UTF-8 with invalid bytes replaced.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        String::from_utf8_lossy(bytes).into_owned()
    } else {
        text.into_owned()
    }
}

/// How to get the text when pdftotext is not there.
pub const PDFTOTEXT_HINT: &str = "reading a PDF needs pdftotext from poppler-utils (Debian/Ubuntu: apt install poppler-utils; macOS: brew install poppler; Windows: the poppler binaries); or convert it yourself with `pdftotext report.pdf report.txt` and pass the .txt";

fn pdf_text(path: &Path) -> Result<String, Failure> {
    let output = std::process::Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(path)
        .arg("-")
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Failure::Data(format!("{}: {PDFTOTEXT_HINT}", path.display()))
            } else {
                Failure::Data(format!("{}: cannot run pdftotext: {e}", path.display()))
            }
        })?;
    if !output.status.success() {
        return Err(Failure::Data(format!(
            "{}: pdftotext failed: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(decode(&output.stdout))
}
