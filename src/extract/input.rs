//! Reading a report: a text file (UTF-8 or GB18030) or a PDF through
//! pdftotext.

use std::path::Path;

use super::Failure;

/// What a report's file holds, as the readers take it.
pub struct Input {
    /// The narrative's text (empty for a workbook).
    pub text: String,
    /// A PDF's words with their boxes (`pdftotext -bbox`), for the tables.
    pub words: Option<String>,
    /// A workbook's bytes (.xlsx, .xls, .ods), for the tables.
    pub workbook: Option<Vec<u8>>,
}

/// A report: its text, and for a PDF its words with their boxes. `-`
/// reads standard input, whatever it holds (text, a PDF or a workbook,
/// told apart by its first bytes).
pub fn read_report(path: &Path) -> Result<Input, Failure> {
    if path.as_os_str() == "-" {
        return read_stdin();
    }
    if is_workbook(path) {
        let bytes =
            std::fs::read(path).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
        return Ok(Input {
            text: String::new(),
            words: None,
            workbook: Some(bytes),
        });
    }
    let text = read_input(path)?;
    let words = if is_pdf(path) {
        Some(run_pdftotext(
            path,
            &path.display().to_string(),
            &["-bbox"],
        )?)
    } else {
        None
    };
    Ok(Input {
        text,
        words,
        workbook: None,
    })
}

/// How messages name standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// A report piped in. A PDF goes to a file of its own for pdftotext (which
/// reads files), removed when done.
fn read_stdin() -> Result<Input, Failure> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
        .map_err(|e| Failure::Data(format!("{STDIN_NAME}: cannot read: {e}")))?;
    if bytes.is_empty() {
        return Err(Failure::Data(format!(
            "{STDIN_NAME}: nothing was read; expected the report's text, a PDF or a workbook"
        )));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Ok(Input {
            text: String::new(),
            words: None,
            workbook: Some(bytes),
        });
    }
    if !bytes.starts_with(b"%PDF") {
        return Ok(Input {
            text: decode(&bytes),
            words: None,
            workbook: None,
        });
    }
    let spooled = Spooled::write(&bytes).map_err(|e| {
        Failure::Data(format!(
            "{STDIN_NAME}: cannot keep the PDF for pdftotext: {e}"
        ))
    })?;
    Ok(Input {
        text: run_pdftotext(&spooled.path, STDIN_NAME, &[])?,
        words: Some(run_pdftotext(&spooled.path, STDIN_NAME, &["-bbox"])?),
        workbook: None,
    })
}

/// A file in the temporary folder, removed when dropped.
struct Spooled {
    path: std::path::PathBuf,
}

impl Spooled {
    fn write(bytes: &[u8]) -> std::io::Result<Spooled> {
        use std::io::Write as _;
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path =
            std::env::temp_dir().join(format!("budgetdb-stdin-{}-{stamp}.pdf", std::process::id()));
        // create_new: never write through a file or link someone else put there.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        let spooled = Spooled { path };
        file.write_all(bytes)?;
        Ok(spooled)
    }
}

impl Drop for Spooled {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A spreadsheet by its name, or by its first bytes (a zip, as .xlsx is,
/// or an OLE file, as .xls is).
fn is_workbook(path: &Path) -> bool {
    let by_name = path.extension().is_some_and(|e| {
        ["xlsx", "xlsm", "xls", "ods"]
            .iter()
            .any(|w| e.eq_ignore_ascii_case(w))
    });
    let by_bytes = std::fs::File::open(path)
        .and_then(|mut f| {
            let mut head = [0u8; 4];
            std::io::Read::read_exact(&mut f, &mut head).map(|_| head)
        })
        .is_ok_and(|head| &head == b"PK\x03\x04" || head == [0xD0, 0xCF, 0x11, 0xE0]);
    by_name || by_bytes
}

fn is_pdf(path: &Path) -> bool {
    let starts_pdf = std::fs::File::open(path)
        .and_then(|mut f| {
            let mut head = [0u8; 4];
            std::io::Read::read_exact(&mut f, &mut head).map(|_| head)
        })
        .is_ok_and(|head| &head == b"%PDF");
    starts_pdf
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

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

/// Text from bytes: UTF-8 if valid, or mostly UTF-8 with some damage
/// (the damaged bytes replaced: read as GB18030, where UTF-8 Chinese is
/// usually valid too, the whole report was mojibake); else GB18030 if that
/// decodes cleanly, else UTF-8 with invalid bytes replaced. The import's
/// choice (`reader::mostly_utf8`), without its plausibility test: a
/// report's text holds form feeds.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    if crate::io::reader::mostly_utf8(bytes) {
        return String::from_utf8_lossy(bytes).into_owned();
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
    run_pdftotext(path, &path.display().to_string(), &[])
}

/// pdftotext's output for a PDF, or a message a user can act on: poppler
/// missing, an encrypted file, a damaged one. Messages name the PDF `shown`.
fn run_pdftotext(path: &Path, shown: &str, options: &[&str]) -> Result<String, Failure> {
    let output = std::process::Command::new("pdftotext")
        .args(options)
        .arg("-enc")
        .arg("UTF-8")
        .arg(path)
        .arg("-")
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Failure::Data(format!("{}: {PDFTOTEXT_HINT}", shown))
            } else {
                Failure::Data(format!("{}: cannot run pdftotext: {e}", shown))
            }
        })?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let why = if stderr.contains("password") || stderr.contains("ncrypt") {
            "the PDF is encrypted (it needs a password to open); save an unprotected copy and extract that".to_string()
        } else if stderr.contains("Couldn't")
            || stderr.contains("Syntax Error")
            || stderr.contains("May not be a PDF")
        {
            format!(
                "the PDF is damaged or not a PDF (cut short?), pdftotext says: {}",
                first_line(&stderr)
            )
        } else {
            format!("pdftotext failed: {}", first_line(&stderr))
        };
        return Err(Failure::Data(format!("{}: {why}", shown)));
    }
    Ok(decode(&output.stdout))
}

fn first_line(text: &str) -> &str {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
}
