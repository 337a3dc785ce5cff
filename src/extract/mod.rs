//! `budgetdb extract`: from a report's text to contract CSV files.
//!
//! Most figures of a 部门决算 sit in its narrative, written to the Ministry
//! of Finance's template. The pipeline, one module per step:
//!
//! 1. [`text`]: pdftotext output → headings and sentences, lines joined,
//!    stray spaces and page numbers removed, full-width forms folded;
//! 2. [`scan`]: the figures of a sentence (amounts, percentages, counts);
//! 3. [`labels`] and [`sentences`]: what each figure is (the label before
//!    it) and how it qualifies its subject (change, budget, execution,
//!    share);
//! 4. [`model`]: the report's units, staff, claims and expenditure by 类;
//!    [`identity`]: its department and year; [`evaluations`], [`indicators`];
//! 5. [`tables`]: rows of the contract's kinds, and the prior year's
//!    figures that follow from stated changes; [`write`]: the CSV files;
//!    [`summary`]: the per-section account printed to the user.

pub mod evaluations;
pub mod identity;
pub mod indicators;
pub mod labels;
pub mod model;
pub mod scan;
pub mod sentences;
pub mod summary;
pub mod tables;
pub mod text;
pub mod three_public;
pub mod write;

use std::path::{Path, PathBuf};

use crate::metric::Metric;

/// What to extract and where to.
#[derive(Debug, Clone)]
pub struct Options {
    /// The report: text as pdftotext writes it, or a PDF.
    pub input: PathBuf,
    /// The folder the CSV files go to (created if missing).
    pub out: PathBuf,
    pub overrides: model::Overrides,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum Failure {
    /// The command was called wrongly (exit status 2).
    Usage(String),
    /// The input could not be read or holds no report (exit status 1).
    Data(String),
}

/// A finished extraction.
#[derive(Debug)]
pub struct Outcome {
    pub extracted: model::Extracted,
    pub tables: tables::Tables,
    /// Every file written, with its number of rows.
    pub files: Vec<(PathBuf, usize)>,
    pub accounts: Vec<summary::Account>,
}

/// The parts of a report `extract` gives an account of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Basics,
    Income,
    Expenditure,
    Functions,
    Economic,
    ThreePublic,
    OperatingCosts,
    Procurement,
    Evaluations,
    Indicators,
}

impl Section {
    pub const ALL: [Section; 10] = [
        Section::Basics,
        Section::Income,
        Section::Expenditure,
        Section::Functions,
        Section::Economic,
        Section::ThreePublic,
        Section::OperatingCosts,
        Section::Procurement,
        Section::Evaluations,
        Section::Indicators,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Basics => "部门基本情况 (department, year, units, staff)",
            Section::Income => "收入决算 (income)",
            Section::Expenditure => "支出决算 (expenditure)",
            Section::Functions => "财政拨款支出 by 类 (fiscal expenditure by function)",
            Section::Economic => {
                "一般公共预算财政拨款基本支出 by 类 (basic expenditure by economic class)"
            }
            Section::ThreePublic => "“三公”经费 (three public expenses)",
            Section::OperatingCosts => "机关运行经费 (operating costs)",
            Section::Procurement => "政府采购 (procurement)",
            Section::Evaluations => "预算绩效 (evaluations)",
            Section::Indicators => "绩效指标 (indicators)",
        }
    }

    /// The section a claim metric belongs to.
    pub fn of_metric(metric: &Metric) -> Section {
        match metric {
            Metric::Report("operating_costs") => Section::OperatingCosts,
            Metric::Report(c) if c.starts_with("income") || *c == "carryover_begin" => {
                Section::Income
            }
            Metric::Report(_) => Section::Expenditure,
            Metric::Income(_) => Section::Income,
            Metric::Function(_) => Section::Functions,
            Metric::Econ(_) => Section::Economic,
            Metric::ThreePublic(_) => Section::ThreePublic,
            Metric::Procurement(_) => Section::Procurement,
            Metric::Evaluations(_) | Metric::Evaluation(_) => Section::Evaluations,
        }
    }

    /// The section a kind's rows belong to.
    pub fn of_kind(kind: &str) -> Section {
        match kind {
            "three_public" => Section::ThreePublic,
            "procurement" => Section::Procurement,
            "economic_expenditures" => Section::Economic,
            "expenditures" => Section::Functions,
            "income" => Section::Income,
            "evaluations" => Section::Evaluations,
            "indicators" => Section::Indicators,
            _ => Section::Basics,
        }
    }
}

/// Reads, extracts and writes.
pub fn run(options: &Options) -> Result<Outcome, Failure> {
    let raw = read_input(&options.input)?;
    let doc = text::Document::parse(&raw);
    let extracted = model::extract(&doc, &options.overrides)
        .map_err(|why| Failure::Data(format!("{}: {why}", options.input.display())))?;
    let tables = tables::build(&extracted);
    let files = write::write_all(&tables, &options.out, extracted.year - 1)
        .map_err(|e| Failure::Data(format!("{e:#}")))?;
    let accounts = summary::accounts(&extracted, &tables);
    Ok(Outcome {
        extracted,
        tables,
        files,
        accounts,
    })
}

/// The report's text: a text file (UTF-8, or GB18030 as Chinese Windows
/// saves it), or a PDF converted by pdftotext.
fn read_input(path: &Path) -> Result<String, Failure> {
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

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../tests/fixtures/extract/nanchang-hrss-2021.txt");

    fn extract_and_build(raw: &str) {
        let doc = text::Document::parse(raw);
        if let Ok(found) = model::extract(&doc, &model::Overrides::default()) {
            let tables = tables::build(&found);
            let _ = summary::render(&summary::accounts(&found, &tables));
        }
    }

    #[test]
    fn never_panics_on_a_report_cut_anywhere() {
        let chars: Vec<char> = SEED.chars().collect();
        for end in (0..chars.len()).step_by(211) {
            extract_and_build(&chars[..end].iter().collect::<String>());
        }
        for start in (0..chars.len()).step_by(997) {
            extract_and_build(&chars[start..].iter().collect::<String>());
        }
    }

    #[test]
    fn never_panics_on_garbage() {
        let mut state: u32 = 7;
        let mut bytes = Vec::new();
        for _ in 0..20_000 {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            bytes.push((state >> 16) as u8);
        }
        extract_and_build(&decode(&bytes));
        let soup: String = "万元%，。（一）1.2.3、较上年增加减少占完成预算的第一部分年度"
            .chars()
            .cycle()
            .take(5_000)
            .collect();
        extract_and_build(&soup);
    }

    #[test]
    fn decodes_gb18030_text() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("收入总计 5 万元");
        assert_eq!(decode(&bytes), "收入总计 5 万元");
        assert_eq!(decode(b"\xEF\xBB\xBFabc"), "abc");
    }

    #[test]
    fn the_seed_extracts_in_full() {
        let doc = text::Document::parse(SEED);
        let found = model::extract(&doc, &model::Overrides::default()).unwrap();
        assert_eq!(
            (found.year, found.department.as_str()),
            (2021, "南昌市人力资源和社会保障局")
        );
        assert_eq!(found.short_name.as_deref(), Some("南昌市人社局"));
        assert_eq!(found.claims.len(), 36);
        assert_eq!(found.indicators.len(), 18);
        assert_eq!(found.evaluations.len(), 4);
    }
}
