//! Which files an import reads, and the kind of each.

use std::path::{Path, PathBuf};

use crate::io::diag::Diagnostic;
pub use crate::io::rows::Origin;
use crate::io::workbook::{self, Workbook};
use crate::model::kinds::{self, Kind, KINDS};

/// A table to import (a delimited file, one sheet of a workbook, or
/// standard input) and the kind it was read as.
#[derive(Debug)]
pub struct ImportFile {
    pub origin: Origin,
    /// The path (and sheet, as `PATH!SHEET`) as messages and the import
    /// log show it; `<stdin>` for standard input.
    pub display: String,
    pub kind: &'static Kind,
}

/// How messages and the import log name standard input.
pub const STDIN_NAME: &str = "<stdin>";

impl ImportFile {
    /// The file's size in bytes, for the progress bar (0 for standard input,
    /// whose size is not known before it ends).
    pub fn size(&self) -> u64 {
        match &self.origin {
            Origin::File(path) | Origin::Sheet { path, .. } => {
                std::fs::metadata(path).map_or(0, |m| m.len())
            }
            Origin::Stdin => 0,
        }
    }

    /// The delimited file on disk, when the records come from one: only
    /// such a file can be recognised as unchanged before it is read, or
    /// read a second time.
    pub fn delimited_path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File(path) => Some(path),
            Origin::Sheet { .. } | Origin::Stdin => None,
        }
    }
}

/// The files found, and the files skipped because they are not `.csv`,
/// `.tsv`, `.xlsx` or `.xls` (the contract ignores other files; each is
/// named, so that a file the user meant to import is not passed over in
/// silence).
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<ImportFile>,
    pub skipped: Vec<String>,
}

/// What went wrong finding the files: a usage error (exit 2) or problems
/// with the files themselves (exit 1).
#[derive(Debug)]
pub enum DiscoverError {
    Usage(String),
    Files(Vec<Diagnostic>),
}

/// Expands `paths` into the files to import, in processing order: by kind
/// (see [`KINDS`]), then by path. Directories are walked recursively in
/// sorted order; in them, files that are not `.csv`, `.tsv`, `.xlsx` or `.xls` are skipped,
/// as are hidden files and office lock files (`~$…`).
pub fn discover(
    paths: &[PathBuf],
    kind_override: Option<&str>,
) -> Result<Discovered, DiscoverError> {
    let mut found: Vec<PathBuf> = Vec::new();
    let mut skipped = Vec::new();
    let mut problems = Vec::new();
    let from_stdin = paths.iter().any(|p| p.as_os_str() == "-");
    if from_stdin {
        return stdin_only(paths, kind_override);
    }
    for path in paths {
        if path.is_dir() {
            // Symbolic links are followed (a folder of links to the files
            // is a common layout); walkdir detects a link back to a folder
            // being walked, which is an error rather than a walk forever.
            let walk = walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter();
            for entry in walk.filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name())) {
                match entry {
                    Ok(entry) if entry.file_type().is_file() && is_table_file(entry.path()) => {
                        found.push(entry.into_path());
                    }
                    Ok(entry) if entry.file_type().is_file() => skipped.push(display(entry.path())),
                    Ok(_) => {}
                    Err(e) => problems.push(walk_problem(path, &e)),
                }
            }
        } else if path.is_file() {
            if is_table_file(path) {
                found.push(path.clone());
            } else {
                skipped.push(display(path));
            }
        } else {
            problems.push(Diagnostic::file(
                &display(path),
                "no such file or directory",
            ));
        }
    }

    if !problems.is_empty() {
        return Err(DiscoverError::Files(problems));
    }
    // The same file reached twice (through a link, or named twice) is read once.
    let mut seen = std::collections::HashSet::new();
    found.retain(|path| seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())));
    let forced = match kind_override {
        Some(name) => {
            let Some(kind) = kinds::find(name) else {
                return Err(unknown_kind(name));
            };
            if found.len() != 1 {
                return Err(DiscoverError::Usage(format!(
                    "--kind applies to a single file, but the paths given hold {} files",
                    found.len()
                )));
            }
            Some(kind)
        }
        None => None,
    };

    let mut files = Vec::with_capacity(found.len());
    for path in found {
        let shown = display(&path);
        let kind = forced.or_else(|| kind_from_name(&path));
        if workbook::is_workbook(&path) {
            sheets(path, kind, &mut files, &mut problems);
            continue;
        }
        match kind {
            Some(kind) => files.push(ImportFile {
                origin: Origin::File(path),
                display: shown,
                kind,
            }),
            None => problems.push(Diagnostic::file(&shown, unknown_kind_message(&path))),
        }
    }
    if !problems.is_empty() {
        return Err(DiscoverError::Files(problems));
    }
    files.sort_by(|a, b| {
        kinds::order(a.kind)
            .cmp(&kinds::order(b.kind))
            .then_with(|| a.origin.cmp(&b.origin))
    });
    // (A stable sort: a workbook's sheets of one kind stay in workbook order.)
    Ok(Discovered { files, skipped })
}

/// An import of standard input: `-` alone, with `--kind` (a stream has no
/// name to tell its kind by).
fn stdin_only(paths: &[PathBuf], kind: Option<&str>) -> Result<Discovered, DiscoverError> {
    if paths.len() != 1 {
        return Err(DiscoverError::Usage(
            "- (standard input) must be the only path of an import; import files and folders in a second run".to_string(),
        ));
    }
    let Some(name) = kind else {
        return Err(DiscoverError::Usage(format!(
            "- (standard input) needs --kind, as a stream has no name to tell its kind by; pass --kind KIND, where KIND is one of {}",
            kind_names()
        )));
    };
    let Some(kind) = kinds::find(name) else {
        return Err(unknown_kind(name));
    };
    Ok(Discovered {
        files: vec![ImportFile {
            origin: Origin::Stdin,
            display: STDIN_NAME.to_string(),
            kind,
        }],
        skipped: Vec::new(),
    })
}

fn unknown_kind(name: &str) -> DiscoverError {
    DiscoverError::Usage(format!(
        "--kind {name}: unknown kind{}; expected one of {}",
        did_you_mean(name),
        kind_names()
    ))
}

/// The sheets of a workbook as tables to import: each non-empty sheet, of
/// the kind the file name (or `--kind`) gives, else of the kind its own
/// name gives. Empty sheets (Excel's "Sheet2", "Sheet3") are passed over;
/// a sheet with data and no kind is an error, never skipped.
fn sheets(
    path: PathBuf,
    kind: Option<&'static Kind>,
    files: &mut Vec<ImportFile>,
    problems: &mut Vec<Diagnostic>,
) {
    let shown = display(&path);
    let sheets = match Workbook::open(&path).and_then(|mut book| book.sheets()) {
        Ok(sheets) => sheets,
        Err(e) => return problems.push(Diagnostic::file(&shown, e.message)),
    };
    for sheet in sheets.into_iter().filter(|s| !s.empty) {
        let display = format!("{shown}!{}", sheet.name);
        match kind.or_else(|| kinds::find_by_sheet_name(&sheet.name)) {
            Some(kind) => files.push(ImportFile {
                origin: Origin::Sheet {
                    path: path.clone(),
                    sheet: sheet.name,
                },
                display,
                kind,
            }),
            None => problems.push(Diagnostic::file(
                &display,
                unknown_sheet_message(&sheet.name),
            )),
        }
    }
}

fn unknown_sheet_message(sheet: &str) -> String {
    let names = KINDS
        .iter()
        .flat_map(|k| std::iter::once(k.name).chain(k.chinese.iter().copied()));
    let hint = kinds::suggest(sheet, names)
        .map(|s| format!(" (did you mean \"{s}\"?)"))
        .unwrap_or_default();
    let listing: Vec<String> = KINDS
        .iter()
        .map(|k| format!("{} ({})", k.name, k.chinese.first().copied().unwrap_or("")))
        .collect();
    format!(
        "cannot tell the kind of this sheet from its name{hint}; name each sheet after its kind, or name the workbook KIND.xlsx (NAME.KIND.xlsx) when all its sheets are of one kind, or pass --kind; the kinds are {}",
        listing.join(", ")
    )
}

/// What went wrong walking `root`, in words: a link that loops back, a
/// link to nothing, or the system's error.
fn walk_problem(root: &Path, error: &walkdir::Error) -> Diagnostic {
    let at = error.path().map_or_else(|| display(root), display);
    let message = if let Some(ancestor) = error.loop_ancestor() {
        format!(
            "a symbolic link that loops back to {}, which is already being read; remove the link or point it elsewhere",
            display(ancestor)
        )
    } else if error
        .io_error()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound)
    {
        "a symbolic link to a file or folder that does not exist; remove it or fix its target"
            .to_string()
    } else {
        format!("cannot read the directory: {error}")
    };
    Diagnostic::file(&at, message)
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.starts_with("~$")
}

fn is_table_file(path: &Path) -> bool {
    workbook::is_workbook(path)
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("tsv"))
}

/// The kind a file name declares: `KIND.csv` or `ANYTHING.KIND.csv`.
pub fn kind_from_name(path: &Path) -> Option<&'static Kind> {
    let stem = path.file_stem()?.to_str()?;
    let last = stem.rsplit('.').next()?;
    KINDS
        .iter()
        .copied()
        .find(|k| k.name.eq_ignore_ascii_case(last))
}

fn unknown_kind_message(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let last = stem.rsplit('.').next().unwrap_or(stem);
    format!(
        "cannot tell the kind of this file from its name{}; name it KIND.csv or NAME.KIND.csv, or pass --kind, where KIND is one of {}",
        did_you_mean(last),
        kind_names()
    )
}

fn did_you_mean(name: &str) -> String {
    kinds::suggest(name, KINDS.iter().map(|k| k.name))
        .map(|s| format!(" (did you mean \"{s}\"?)"))
        .unwrap_or_default()
}

fn kind_names() -> String {
    KINDS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_comes_from_the_last_name_part() {
        let kind = |name: &str| kind_from_name(Path::new(name)).map(|k| k.name);
        assert_eq!(kind("three_public.csv"), Some("three_public"));
        assert_eq!(
            kind("2021-nanchang-hrss.three_public.csv"),
            Some("three_public")
        );
        assert_eq!(kind("dir/a.b.reports.tsv"), Some("reports"));
        assert_eq!(kind("2021.csv"), None);
        assert_eq!(kind("reports.backup.csv"), None);
    }
}
