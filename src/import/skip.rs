//! Which files an import need not read: the same bytes were read before
//! and every row they stated is still stored as they stated it.
//!
//! A file is skipped when an earlier import read a file with the same
//! SHA-256, as the same kind, in the same unit (the only option that
//! changes how a file reads; a new one must join the fingerprint here),
//! and that file still owns every row it wrote: its runs in `row_sources`
//! cover as many rows as it read. A later file that replaced one of its
//! rows, or stated it again, took that row over, so the file is read
//! again. The rows keep the names they were stored under; an alias learned
//! since renamed them as it would rename the file's rows if they were
//! read (`Importer::rename_stored`), and an import that changes an
//! existing alias reads every file after it (see `parse.rs`).
//!
//! The fingerprint is looked at before a file's rows are: its SHA-256 is
//! computed first, for files of a kind and unit that an earlier intact
//! file has, which costs one extra pass over the bytes of a file that
//! then turns out to be changed.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use rusqlite::Connection;
use sha2::{Digest, Sha256};

/// An earlier read of a file whose rows all stand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Intact {
    /// Its `import_files.id`.
    pub file_id: i64,
    pub rows: u64,
    pub encoding: String,
}

/// The files of earlier imports that a file of this import may stand for.
#[derive(Debug, Default)]
pub struct Skippable {
    by_fingerprint: HashMap<(String, String), Intact>,
    kinds: HashSet<String>,
}

impl Skippable {
    /// Nothing is skipped (`--force`, or a dry run into a new database).
    pub fn none() -> Skippable {
        Skippable::default()
    }

    /// The intact files read in `unit`, the latest read of each fingerprint.
    pub fn load(conn: &Connection, unit: &str) -> rusqlite::Result<Skippable> {
        let mut stmt = conn.prepare(
            "SELECT f.id, f.kind, f.sha256, f.rows, f.encoding
               FROM import_files f
               JOIN imports i ON i.id = f.import_id
               LEFT JOIN (SELECT file_id, sum(last_id - first_id + 1) AS owned
                            FROM row_sources GROUP BY file_id) s ON s.file_id = f.id
              WHERE i.unit = ?1
                AND f.id NOT IN (SELECT file_id FROM import_skips)
                AND ifnull(s.owned, 0) = f.rows
              ORDER BY f.id",
        )?;
        let mut skippable = Skippable::default();
        let rows = stmt.query_map([unit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        for row in rows {
            let (file_id, kind, sha256, rows, encoding) = row?;
            skippable.kinds.insert(kind.clone());
            skippable.by_fingerprint.insert(
                (kind, sha256),
                Intact {
                    file_id,
                    rows: rows.max(0) as u64,
                    encoding,
                },
            );
        }
        Ok(skippable)
    }

    /// Whether any file of `kind` may be skipped, so that hashing it first pays.
    pub fn has_kind(&self, kind: &str) -> bool {
        self.kinds.contains(kind)
    }

    /// The intact earlier read of these bytes, if any.
    pub fn find(&self, kind: &str, sha256: &str) -> Option<&Intact> {
        self.by_fingerprint
            .get(&(kind.to_string(), sha256.to_string()))
    }
}

/// The SHA-256 of a file's bytes, hex, as the import log records it.
pub fn sha256_of(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}
