//! Which files an import reads, and the kind of each.

use std::path::{Path, PathBuf};

use crate::io::diag::Diagnostic;
use crate::model::kinds::{self, Kind, KINDS};

/// A file to import and the kind it was read as.
#[derive(Debug)]
pub struct ImportFile {
    pub path: PathBuf,
    /// The path as messages and the import log show it.
    pub display: String,
    pub kind: &'static Kind,
}

/// The files found, and paths named on the command line that were skipped
/// because they are not `.csv` or `.tsv` (the contract ignores other files;
/// a named one is mentioned so the user knows).
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
/// sorted order; in them, files that are not `.csv` or `.tsv` are skipped,
/// as are hidden files and office lock files (`~$…`).
pub fn discover(
    paths: &[PathBuf],
    kind_override: Option<&str>,
) -> Result<Discovered, DiscoverError> {
    let mut found: Vec<PathBuf> = Vec::new();
    let mut skipped = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walk = walkdir::WalkDir::new(path).sort_by_file_name().into_iter();
            for entry in walk.filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name())) {
                match entry {
                    Ok(entry) if entry.file_type().is_file() && is_table_file(entry.path()) => {
                        found.push(entry.into_path());
                    }
                    Ok(_) => {}
                    Err(e) => problems.push(Diagnostic::file(
                        &display(path),
                        format!("cannot read the directory: {e}"),
                    )),
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
    let forced = match kind_override {
        Some(name) => {
            let Some(kind) = kinds::find(name) else {
                return Err(DiscoverError::Usage(format!(
                    "--kind {name}: unknown kind{}; expected one of {}",
                    did_you_mean(name),
                    kind_names()
                )));
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
        match forced.or_else(|| kind_from_name(&path)) {
            Some(kind) => files.push(ImportFile {
                path,
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
            .then_with(|| a.path.cmp(&b.path))
    });
    Ok(Discovered { files, skipped })
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.starts_with("~$")
}

fn is_table_file(path: &Path) -> bool {
    path.extension()
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
