//! `budgetdb extract`: from a published report to contract CSV files.
//!
//! Two readers feed one model, and the model feeds the writers; no file
//! imports one on its own level or above it:
//!
//! 1. [`input`]: the report's bytes → text (UTF-8, GB18030, or a PDF
//!    through pdftotext);
//! 2. [`text`]: the narrative reader (headings and sentences, the figures
//!    of each, what they are about, department and year, evaluations and
//!    indicators) → [`model::Extracted`];
//! 3. [`tables`]: the standard-table reader (a PDF's word boxes or a
//!    workbook's cells → the nine tables' lines, codes and amounts);
//! 4. [`model`]: the report as extracted, data only;
//! 5. [`rows`]: the model → rows of the contract's kinds, and the prior
//!    year's figures that follow from stated changes; [`write`]: the CSV
//!    files; [`summary`]: the per-section account printed to the user.

pub mod input;
pub mod model;
pub mod rows;
pub mod summary;
pub mod tables;
pub mod text;
pub mod write;

pub use input::{decode, PDFTOTEXT_HINT};
pub use model::Section;

use std::path::PathBuf;

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
    pub tables: rows::Tables,
    /// Every file written, with its number of rows.
    pub files: Vec<(PathBuf, usize)>,
    pub accounts: Vec<summary::Account>,
}

/// Reads, extracts and writes.
pub fn run(options: &Options) -> Result<Outcome, Failure> {
    let report = input::read_report(&options.input)?;
    let from_stdin = options.input.as_os_str() == "-";
    let file = match options.input.file_name() {
        _ if from_stdin => input::STDIN_NAME.to_string(),
        Some(name) => name.to_string_lossy().into_owned(),
        None => options.input.display().to_string(),
    };
    let shown = if from_stdin {
        input::STDIN_NAME.to_string()
    } else {
        options.input.display().to_string()
    };
    let mut narrative = report.text;
    let tables = match (report.words, report.workbook) {
        (Some(words), _) => Some(tables::from_pdf(&file, &words).map_err(Failure::Data)?),
        (None, Some(bytes)) => {
            let (read, cells) = tables::from_workbook(&file, bytes).map_err(Failure::Data)?;
            narrative = cells;
            Some(read)
        }
        (None, None) => None,
    };
    if let Some(read) = &tables {
        if !read.errors.is_empty() {
            return Err(Failure::Data(read.errors.join("\n")));
        }
    }
    let doc = text::document::Document::parse(&narrative);
    let read = text::read(&doc, &options.overrides);
    let mut extracted = match (read, &tables) {
        (Ok(found), _) => found,
        // A workbook, or a PDF of tables only: no narrative, still a report.
        (Err(_), Some(read)) if !read.tables.is_empty() => tables_only(&doc, &options.overrides)
            .map_err(|why| Failure::Data(format!("{shown}: {why}")))?,
        (Err(why), _) => return Err(Failure::Data(format!("{shown}: {why}"))),
    };
    extracted.texts = text::publication::read(&narrative, &doc);
    if let Some(read) = tables {
        extracted.tables = read.tables;
        // The tables' asset items join the narrative's, the table's figure
        // first (`Extracted::put_asset`).
        let (assets, notes) = tables::assets::of(&extracted.tables);
        for asset in assets {
            extracted.put_asset(asset);
        }
        for note in notes {
            extracted.note(Section::Assets, note);
        }
        extracted.tables_read = true;
        extracted.file = file;
    }
    let tables = rows::build(&extracted);
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

/// Who and when for a report of tables alone: from the options, or from
/// the titles the sheets or pages print (`某局2024年度部门决算`).
fn tables_only(
    doc: &text::document::Document,
    overrides: &model::Overrides,
) -> Result<model::Extracted, String> {
    let mut out = model::Extracted {
        year: overrides
            .year
            .or_else(|| text::identity::year_of(doc))
            .ok_or("the report's year is not printed in its titles; give it with --year")?,
        ..model::Extracted::default()
    };
    text::identity::name_department(doc, &mut out, overrides.department.as_deref())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../tests/fixtures/extract/nanchang-hrss-2021.txt");

    fn extract_and_build(raw: &str) {
        let doc = text::document::Document::parse(raw);
        if let Ok(found) = text::read(&doc, &model::Overrides::default()) {
            let tables = rows::build(&found);
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
        let doc = text::document::Document::parse(SEED);
        let found = text::read(&doc, &model::Overrides::default()).unwrap();
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
