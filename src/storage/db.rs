//! Opening a budgetdb database: created with the schema on first use,
//! checked on every later use.
//!
//! A budgetdb database carries its own mark (`PRAGMA application_id`) and
//! schema version (`PRAGMA user_version`). Any other SQLite file, or a file
//! that is not SQLite at all, is refused before anything is written to it:
//! pointing `--db` at the wrong file must never damage that file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use rusqlite::{Connection, OpenFlags};

/// The whole schema, applied to a new database.
pub const SCHEMA: &str = include_str!("../../schema.sql");

/// `PRAGMA application_id` of budgetdb databases: "BDB!" in ASCII.
pub const APPLICATION_ID: i64 = 0x4244_4221;

/// Version of `schema.sql`; a database with a lower `user_version` is
/// migrated, one with a higher one was made by a newer budgetdb.
pub const SCHEMA_VERSION: i64 = 5;

/// The SQL that takes a database from one schema version to the next:
/// `MIGRATIONS[i]` turns version `i + 1` into `i + 2`, so its length is
/// always `SCHEMA_VERSION - 1`. A schema change bumps `SCHEMA_VERSION`,
/// edits `schema.sql` (for new databases) and appends its step here (for
/// existing ones).
const MIGRATIONS: &[&str] = &[
    // 2: function_expenditures and function_comparison read only the rows
    // a filter on year and department asks for.
    VIEWS_ONLY,
    // 3: the standard tables (contract v2): fund accounts, disclosures,
    // the 总表's balance terms, the 支出决算表's other columns, the parts of
    // fiscal income, claims against the budget, and every row's source.
    STANDARD_TABLES,
    // 4: provenance (where each row came from, what replaced it) and the
    // files an import skipped as unchanged. Rows imported before it have
    // no recorded source until a file states them again.
    PROVENANCE,
    // 5: the publication's own lines (kind `texts`) and their vocabularies.
    TEXTS_TABLES,
];

/// Schema 4 to 5: the tables of kind `texts`, as `schema.sql` writes them.
const TEXTS_TABLES: &str = "
CREATE TABLE text_roles (
    id    TEXT PRIMARY KEY,
    label TEXT NOT NULL
);
INSERT INTO text_roles (id, label) VALUES
    ('title',       '封面标题'),
    ('heading',     '章节标题'),
    ('contents',    '目录'),
    ('table_title', '表格标题'),
    ('sentence',    '语句'),
    ('comparison',  '预决算比较');
CREATE TABLE relations (
    id    TEXT PRIMARY KEY,
    label TEXT NOT NULL
);
INSERT INTO relations (id, label) VALUES
    ('greater', '大于'),
    ('less',    '小于'),
    ('equal',   '持平');
CREATE TABLE texts (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL,
    department      TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    role            TEXT NOT NULL REFERENCES text_roles (id),
    page            INTEGER,
    text            TEXT NOT NULL,
    relation        TEXT REFERENCES relations (id),
    actual_fen      INTEGER,
    actual_decimals INTEGER,
    budget_fen      INTEGER,
    budget_decimals INTEGER,
    unit            TEXT NOT NULL DEFAULT '万元' CHECK (unit IN ('万元', '元')),
    source          TEXT,
    UNIQUE (year, department, seq)
);
";

/// Schema 2 to 3. New columns go at the end of their tables, where
/// `schema.sql` also puts them, and the new tables are written as there,
/// so a migrated database has the tables, columns and lookup rows of a new
/// one, in the same order (a test compares the two).
const STANDARD_TABLES: &str = "
ALTER TABLE income_sources ADD COLUMN part_of TEXT;
INSERT INTO income_sources (id, label, part_of) VALUES
    ('general',       '一般公共预算财政拨款收入',     'fiscal'),
    ('gov_fund',      '政府性基金预算财政拨款收入',   'fiscal'),
    ('state_capital', '国有资本经营预算财政拨款收入', 'fiscal');
CREATE TABLE standard_tables (
    id         TEXT PRIMARY KEY,
    sort_order INTEGER NOT NULL,
    core       INTEGER NOT NULL
);
INSERT INTO standard_tables (id, sort_order, core) VALUES
    ('收入支出决算总表',                       1,  1),
    ('收入决算表',                             2,  1),
    ('支出决算表',                             3,  1),
    ('财政拨款收入支出决算总表',               4,  1),
    ('一般公共预算财政拨款支出决算表',         5,  1),
    ('一般公共预算财政拨款基本支出决算表',     6,  1),
    ('财政拨款“三公”经费支出决算表',           7,  1),
    ('政府性基金预算财政拨款收入支出决算表',   8,  1),
    ('国有资本经营预算财政拨款收入支出决算表', 9,  1),
    ('国有资产占用情况表',                     10, 0),
    ('机关运行经费支出决算表',                 11, 0),
    ('政府采购情况表',                         12, 0);
CREATE TABLE disclosure_statuses (
    id    TEXT PRIMARY KEY,
    label TEXT NOT NULL
);
INSERT INTO disclosure_statuses (id, label) VALUES
    ('present', '已公开'),
    ('empty',   '无数据'),
    ('missing', '未公开');
ALTER TABLE aliases ADD COLUMN source TEXT;
ALTER TABLE function_classes ADD COLUMN source TEXT;
ALTER TABLE reports ADD COLUMN nonfiscal_balance_used_fen INTEGER;
ALTER TABLE reports ADD COLUMN balance_distribution_fen INTEGER;
ALTER TABLE reports ADD COLUMN source TEXT;
ALTER TABLE income ADD COLUMN provenance TEXT;
ALTER TABLE units ADD COLUMN source TEXT;
ALTER TABLE expenditures ADD COLUMN remit_superior_fen INTEGER;
ALTER TABLE expenditures ADD COLUMN operating_fen INTEGER;
ALTER TABLE expenditures ADD COLUMN affiliated_subsidy_fen INTEGER;
ALTER TABLE expenditures ADD COLUMN source TEXT;
ALTER TABLE economic_expenditures ADD COLUMN source TEXT;
ALTER TABLE three_public ADD COLUMN source TEXT;
ALTER TABLE procurement ADD COLUMN source TEXT;
ALTER TABLE assets ADD COLUMN source TEXT;
ALTER TABLE evaluations ADD COLUMN source TEXT;
ALTER TABLE indicators ADD COLUMN source TEXT;
ALTER TABLE claims ADD COLUMN budget_change_fen INTEGER;
ALTER TABLE claims ADD COLUMN budget_change_decimals INTEGER;
ALTER TABLE claims ADD COLUMN budget_change_pct REAL;
ALTER TABLE claims ADD COLUMN budget_change_pct_decimals INTEGER;
ALTER TABLE claims ADD COLUMN source TEXT;
CREATE TABLE fund_accounts (
    id                  INTEGER PRIMARY KEY,
    year                INTEGER NOT NULL,
    department          TEXT NOT NULL,
    fund                TEXT NOT NULL REFERENCES funds (id) CHECK (fund <> 'all'),
    code                TEXT,
    name                TEXT,
    carryover_begin_fen INTEGER,
    income_fen          INTEGER,
    expenditure_fen     INTEGER,
    basic_fen           INTEGER,
    project_fen         INTEGER,
    carryover_end_fen   INTEGER,
    source              TEXT
);
CREATE UNIQUE INDEX fund_accounts_key ON fund_accounts (year, department, fund, ifnull(code, ''));
CREATE TABLE disclosures (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL,
    department TEXT NOT NULL,
    title      TEXT NOT NULL REFERENCES standard_tables (id),
    status     TEXT NOT NULL REFERENCES disclosure_statuses (id),
    page       INTEGER CHECK (page >= 0),
    note       TEXT,
    source     TEXT,
    UNIQUE (year, department, title)
);
";

/// Schema 4's tables, as in `schema.sql` (`IF NOT EXISTS`: a database
/// that has them keeps them).
const PROVENANCE: &str = "
CREATE TABLE IF NOT EXISTS row_sources (
    tbl TEXT NOT NULL, first_id INTEGER NOT NULL, last_id INTEGER NOT NULL,
    file_id INTEGER NOT NULL REFERENCES import_files (id), first_line INTEGER NOT NULL,
    PRIMARY KEY (tbl, first_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS row_sources_file ON row_sources (file_id);
CREATE TABLE IF NOT EXISTS row_history (
    id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER NOT NULL, key TEXT NOT NULL,
    file_id INTEGER NOT NULL REFERENCES import_files (id), line INTEGER NOT NULL,
    old_file_id INTEGER REFERENCES import_files (id), old_line INTEGER, changes TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS row_history_row ON row_history (tbl, row_id);
CREATE TABLE IF NOT EXISTS import_skips (
    file_id INTEGER PRIMARY KEY REFERENCES import_files (id),
    same_as INTEGER NOT NULL REFERENCES import_files (id));
";

/// A migration step that changes views only. Views hold no data, and after
/// every migration those of `schema.sql` are made anew ([`refresh_views`]),
/// so such a step has nothing of its own to run and no view's text is
/// ever written twice.
const VIEWS_ONLY: &str = "";

/// How long a writer waits for another writer to finish, unless the
/// environment variable [`BUSY_TIMEOUT_VARIABLE`] gives other seconds.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// Environment variable: seconds to wait for another process's lock.
pub const BUSY_TIMEOUT_VARIABLE: &str = "BUDGETDB_BUSY_TIMEOUT";

/// The wait for another process's lock: [`BUSY_TIMEOUT`] or the environment's.
pub fn busy_timeout() -> Duration {
    std::env::var(BUSY_TIMEOUT_VARIABLE)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or(BUSY_TIMEOUT, Duration::from_secs)
}

/// True when SQLite gave up waiting for another connection's lock.
pub fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// What to tell a user whose command waited for another process's lock
/// in vain, instead of SQLite's bare "database is locked".
pub fn busy_message() -> String {
    format!(
        "another process holds the database's write lock (another `budgetdb import`, or a program writing to the file) and kept it for longer than this command waits ({} s); try again when it has finished, or wait longer with {BUSY_TIMEOUT_VARIABLE}=SECONDS",
        busy_timeout().as_secs()
    )
}

/// An error chain as a user should read it: [`busy_message`] if SQLite
/// gave up waiting for a lock anywhere in it, the whole chain otherwise.
pub fn explain(error: &anyhow::Error) -> String {
    let busy = error
        .chain()
        .any(|cause| cause.downcast_ref::<rusqlite::Error>().is_some_and(is_busy));
    if busy {
        busy_message()
    } else {
        format!("{error:#}")
    }
}

/// A database error as a user should read it: [`busy_message`] for a lock
/// held too long, SQLite's own words otherwise.
pub fn describe(error: rusqlite::Error) -> anyhow::Error {
    if is_busy(&error) {
        anyhow::anyhow!(busy_message())
    } else {
        anyhow::Error::new(error)
    }
}

/// What is at a database path before anything opens it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// Nothing: no database yet.
    Missing,
    /// A file of zero bytes: SQLite reads it as a database without
    /// tables, so it is no database for a reader and a new one for import.
    Empty,
    /// A file with content, to be verified.
    File,
}

/// Looks at `path` without opening it. A directory is refused here, with
/// words a user can act on, instead of SQLite's "disk I/O error".
pub fn locate(path: &Path) -> Result<Found> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Found::Missing),
        Err(e) => {
            Err(anyhow::Error::new(e)
                .context(format!("{}: cannot open the database", path.display())))
        }
        Ok(m) if m.is_dir() => bail!(
            "{} is a directory, not a database file; give --db the path of a file (such as {})",
            path.display(),
            path.join("budget.db").display()
        ),
        Ok(m) if m.len() == 0 => Ok(Found::Empty),
        Ok(_) => Ok(Found::File),
    }
}

/// Opens the database at `path` for reading and writing, creating it with
/// the schema if it does not exist yet (or is an empty file).
pub fn open(path: &Path) -> Result<Connection> {
    if !is_draft(path) {
        remove_stale_drafts(path);
    }
    if locate(path)? == Found::File {
        verify(path)?;
    }
    let conn = Connection::open(path)
        .with_context(|| format!("{}: cannot open the database", path.display()))?;
    configure(&conn)?;
    initialize(&conn).map_err(|e| {
        e.context(format!(
            "{}: cannot create or migrate the schema",
            path.display()
        ))
    })?;
    // Write-ahead logging: queries keep reading the last committed data
    // while an import writes, instead of waiting for it. A transaction is
    // durable and atomic in the log: a crash at any point leaves the last
    // committed state (synchronous stays at SQLite's default, FULL).
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| {
            describe(e).context(format!("{}: cannot open the database", path.display()))
        })?;
    Ok(conn)
}

/// A read-only connection for the read commands (`query`, `sql`, `check`,
/// `schema`), which never create or change a file. It dereferences to the
/// [`Connection`].
///
/// A reader of a write-ahead-log database needs its shared-memory index
/// (`-shm`) and log (`-wal`), and SQLite creates both on first read and
/// leaves them when a read-only connection closes. So a reader that found
/// neither file, and may write to the database and its folder, removes
/// them again when it is done: it closes, then opens the file once
/// read-write without running anything, which SQLite lets the last
/// connection do (checkpoint an empty log and delete both); if any other
/// connection is open, both stay, as they must. A reader that may not
/// write there reads the file as immutable instead (see
/// [`open_read_only`]).
pub struct Reader {
    conn: Option<Connection>,
    /// The database whose `-wal` and `-shm` this reader created.
    created_log_of: Option<PathBuf>,
}

impl std::ops::Deref for Reader {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn
            .as_ref()
            .expect("a reader's connection lives until it is dropped")
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        drop(self.conn.take());
        if let Some(path) = self.created_log_of.take() {
            remove_log_if_last(&path);
        }
    }
}

/// Deletes `path`'s `-wal` and `-shm` if no connection uses them: a
/// read-write connection that closes last checkpoints and deletes them.
fn remove_log_if_last(path: &Path) {
    let Ok(conn) = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return;
    };
    let _ = conn.query_row("PRAGMA application_id", [], |r| r.get::<_, i64>(0));
    let _ = conn.close();
}

/// True for a draft's own path (its name starts with a dot and holds
/// `.new-`), which has no drafts of its own to sweep.
fn is_draft(path: &Path) -> bool {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .is_some_and(|n| n.starts_with('.') && n.contains(".new-"))
}

/// `path` with `suffix` appended to its file name (`budget.db-wal`).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// True when this process may write to `path` (the access(2) check, which
/// also knows read-only mounts and immutable files, even for root).
fn may_write(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c_path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c_path` is a valid NUL-terminated string that outlives the call.
    unsafe { libc::access(c_path.as_ptr(), libc::W_OK) == 0 }
}

/// How a reader opens the file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ReadMode {
    /// `mode=ro`: a normal read-only connection, which takes part in
    /// SQLite's locking and sees the last committed write.
    ReadOnly,
    /// `immutable=1`: the file is read as it is, without locks, log or
    /// shared memory; for a reader that may not write beside it.
    Immutable,
}

/// `file:` URI of `path` with one query parameter: percent-encoded, so
/// any name (with `?`, `#`, `%` or spaces) means itself.
fn uri(path: &Path, parameter: &str) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut text = String::from(if path.is_absolute() {
        "file://"
    } else {
        "file:"
    });
    for &byte in path.as_os_str().as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            text.push(char::from(byte));
        } else {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
    text.push('?');
    text.push_str(parameter);
    text
}

fn connect(path: &Path, mode: ReadMode) -> Result<Connection> {
    let parameter = match mode {
        ReadMode::ReadOnly => "mode=ro",
        ReadMode::Immutable => "mode=ro&immutable=1",
    };
    let conn = Connection::open_with_flags(
        uri(path, parameter),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI,
    )
    .with_context(|| format!("{}: cannot open the database", path.display()))?;
    conn.busy_timeout(busy_timeout())?;
    Ok(conn)
}

/// True when a read-only connection failed for want of writing beside the
/// file (the `-shm` or `-wal` it needs cannot be created or written).
fn needs_write_access(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<rusqlite::Error>()
            .and_then(rusqlite::Error::sqlite_error_code)
            .is_some_and(|code| {
                matches!(
                    code,
                    rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly
                )
            })
    })
}

/// Opens the database read-only, for the read commands: no statement on
/// this connection can change the file, and no file is created. A missing
/// or empty database is an error that says to import first.
///
/// A reader that may not write to the database's folder or file, and
/// finds no `-wal` beside it (so no writer is at work), opens it with
/// `immutable=1`, as it does when SQLite cannot open it read-only for
/// want of the `-shm` file. Such a reader does not take part in locking:
/// it does not see a write that another process makes while it reads, and
/// a write checkpointed during a long query could give it an inconsistent
/// result; run the reader again after the write.
///
/// A database of an older schema is migrated first, which writes (the one
/// exception; a reader that may not write gets the migration's error).
pub fn open_read_only(path: &Path) -> Result<Reader> {
    match locate(path)? {
        Found::Missing => bail!(
            "no database at {}; run `budgetdb import` first",
            path.display()
        ),
        Found::Empty => bail!(
            "{} is empty (0 bytes): no database yet; run `budgetdb import` first",
            path.display()
        ),
        Found::File => {}
    }
    let log_present = sibling(path, "-wal").exists() || sibling(path, "-shm").exists();
    let may_clean_up = may_write(path) && may_write(&folder_of(path));
    let mut mode = if log_present || may_clean_up {
        ReadMode::ReadOnly
    } else {
        ReadMode::Immutable
    };
    let (conn, state) = loop {
        let attempt = connect(path, mode).and_then(|conn| {
            let state = verify_on(&conn, path)?;
            Ok((conn, state))
        });
        match attempt {
            Err(e) if mode == ReadMode::ReadOnly && needs_write_access(&e) => {
                mode = ReadMode::Immutable;
            }
            other => break other?,
        }
    };
    let mut reader = Reader {
        conn: Some(conn),
        created_log_of: (mode == ReadMode::ReadOnly && !log_present).then(|| path.to_path_buf()),
    };
    if state == State::NeedsMigration {
        drop(reader);
        drop(open(path)?);
        reader = Reader {
            conn: Some(connect(path, mode)?),
            created_log_of: None,
        };
    }
    reader.pragma_update(None, "query_only", true)?;
    Ok(reader)
}

/// [`open_read_only`], or where there is no database yet (missing or
/// empty), an in-memory one with the schema: `budgetdb schema` describes
/// the schema a database would have, without creating one.
pub fn open_read_only_or_blank(path: &Path) -> Result<Reader> {
    match locate(path)? {
        Found::Missing | Found::Empty => Ok(Reader {
            conn: Some(open_in_memory()?),
            created_log_of: None,
        }),
        Found::File => open_read_only(path),
    }
}

/// A database being built under a temporary name beside the file it is
/// meant to become (see [`Draft::publish`]); removed if never published.
///
/// The name is `.NAME.new-PID-RANDOM`, created exclusively: no two drafts
/// share a name even when process ids repeat (every run in a container is
/// often process 1), so a killed import's draft is never opened again.
/// The draft holds an exclusive `flock` for as long as it lives; a draft
/// nobody holds a lock on and not written for [`STALE_DRAFT_AGE`] is a
/// killed import's, which the next import removes
/// ([`remove_stale_drafts`]). (`flock` and SQLite's POSIX locks do not
/// interfere; the lock's descriptor is closed only after SQLite's.)
pub struct Draft {
    target: PathBuf,
    draft: PathBuf,
    _lock: std::fs::File,
}

/// How long a draft nobody holds must have been left unwritten before an
/// import removes it: longer than the moment between creating a draft and
/// locking it.
pub const STALE_DRAFT_AGE: Duration = Duration::from_secs(60);

/// The start of every draft's name beside `target`.
fn draft_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "budget.db".to_string());
    format!(".{name}.new-")
}

/// The folder `path` is in (`.` for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Takes `file`'s exclusive `flock`, without waiting when `wait` is false;
/// false when another process holds it.
fn lock_exclusive(file: &std::fs::File, wait: bool) -> bool {
    use std::os::unix::io::AsRawFd;
    let operation = if wait {
        libc::LOCK_EX
    } else {
        libc::LOCK_EX | libc::LOCK_NB
    };
    // SAFETY: the descriptor is open for the duration of the call.
    unsafe { libc::flock(file.as_raw_fd(), operation) == 0 }
}

/// Removes the drafts beside `target` that killed imports left: those no
/// process holds a lock on, unwritten for [`STALE_DRAFT_AGE`], with the
/// journal, log and shared-memory files SQLite kept beside them. Anything
/// that cannot be read or removed is left as it is.
pub fn remove_stale_drafts(target: &Path) {
    let prefix = draft_prefix(target);
    let Ok(entries) = std::fs::read_dir(folder_of(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let sidecar = ["-journal", "-wal", "-shm"]
            .iter()
            .any(|suffix| name.ends_with(suffix));
        if !name.starts_with(&prefix) || sidecar {
            continue;
        }
        let path = entry.path();
        let old_enough = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= STALE_DRAFT_AGE);
        if !old_enough {
            continue;
        }
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        if lock_exclusive(&file, false) {
            for suffix in ["-journal", "-wal", "-shm", ""] {
                let _ = std::fs::remove_file(sibling(&path, suffix));
            }
        }
    }
}

/// A random 64-bit number: std's hasher keys are random per process.
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}

impl Draft {
    /// Creates the draft's (empty) file beside `target`, under a name
    /// nobody has used, and locks it; first removes stale drafts.
    pub fn new(target: &Path) -> Result<Draft> {
        remove_stale_drafts(target);
        let prefix = draft_prefix(target);
        let mut attempts = 0;
        loop {
            let draft = target.with_file_name(format!(
                "{prefix}{}-{:016x}",
                std::process::id(),
                random_u64()
            ));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&draft)
            {
                Ok(lock) => {
                    lock_exclusive(&lock, true);
                    return Ok(Draft {
                        target: target.to_path_buf(),
                        draft,
                        _lock: lock,
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempts < 8 => {
                    attempts += 1;
                }
                Err(e) => {
                    return Err(anyhow::Error::new(e).context(format!(
                        "{}: cannot create the database's draft",
                        draft.display()
                    )))
                }
            }
        }
    }

    /// Where to build it.
    pub fn path(&self) -> &Path {
        &self.draft
    }

    /// Opens the draft for building. Nobody else sees the file until it is
    /// published, and a draft that fails is removed, so it needs no log for
    /// readers or for crash safety: pages are written once, into the file,
    /// instead of into the write-ahead log and again by the checkpoint. The
    /// journal kept in memory still lets a failed import roll back.
    pub fn open(&self) -> Result<Connection> {
        let conn = open(&self.draft)?;
        conn.pragma_update(None, "journal_mode", "MEMORY")?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        Ok(conn)
    }

    /// Turns the built draft into what [`open`] makes (write-ahead logging
    /// from now on) and makes it durable, before it may be published: a
    /// crash after publishing must find every page on disk.
    pub fn finish(&self, conn: Connection) -> Result<()> {
        let cannot = || format!("{}: cannot complete the new database", self.draft.display());
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(describe)
            .with_context(cannot)?;
        conn.close()
            .map_err(|(_, e)| describe(e))
            .with_context(cannot)?;
        std::fs::File::open(&self.draft)
            .and_then(|file| file.sync_all())
            .with_context(cannot)
    }

    /// Gives the finished draft (its connections closed) its real name, if
    /// no file has that name yet: `Ok(false)` when one has appeared since.
    /// A hard link never replaces a file, so two first imports at once
    /// cannot overwrite each other; where links are not supported, a
    /// rename after a last check.
    pub fn publish(self) -> Result<bool> {
        let published = match std::fs::hard_link(&self.draft, &self.target) {
            Ok(()) => true,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
            Err(_) if !self.target.exists() => {
                std::fs::rename(&self.draft, &self.target).with_context(|| {
                    format!("{}: cannot create the database", self.target.display())
                })?;
                true
            }
            Err(_) => false,
        };
        Ok(published)
    }
}

impl Drop for Draft {
    fn drop(&mut self) {
        for suffix in ["-wal", "-shm", "-journal", ""] {
            let _ = std::fs::remove_file(sibling(&self.draft, suffix));
        }
    }
}

/// An in-memory database with the schema, for `--dry-run` on a database
/// that does not exist yet.
pub fn open_in_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    configure(&conn)?;
    initialize(&conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(busy_timeout())?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

/// What [`verify`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// A budgetdb database of this version, or an empty SQLite file.
    Ready,
    /// A budgetdb database of an older version that can be migrated.
    NeedsMigration,
}

/// Checks, through a read-only connection, that `path` is a budgetdb
/// database this version can use.
fn verify(path: &Path) -> Result<State> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("{}: cannot open the database", path.display()))?;
    conn.busy_timeout(busy_timeout())?;
    verify_on(&conn, path)
}

/// [`verify`] on a connection already open on `path`.
fn verify_on(conn: &Connection, path: &Path) -> Result<State> {
    let read = |pragma: &str| -> Result<i64> {
        conn.pragma_query_value(None, pragma, |row| row.get(0))
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => anyhow::anyhow!(
                    "{}: not an SQLite database; budgetdb leaves it untouched (use --db to choose another file)",
                    path.display()
                ),
                _ => describe(e).context(format!("{}: cannot read the database", path.display())),
            })
    };
    let application_id = read("application_id")?;
    let version = read("user_version")?;
    if application_id == 0 && version == 0 {
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(describe)?;
        if tables == 0 {
            return Ok(State::Ready); // an empty SQLite file: ours to initialize
        }
    }
    if application_id != APPLICATION_ID {
        bail!(
            "{}: an SQLite database, but not a budgetdb one; budgetdb leaves it untouched (use --db to choose another file)",
            path.display()
        );
    }
    if version > SCHEMA_VERSION {
        bail!(
            "{}: made by a newer budgetdb (schema version {version}; this one knows up to {SCHEMA_VERSION}); upgrade budgetdb",
            path.display()
        );
    }
    if version < SCHEMA_VERSION {
        if migrations_from(version, MIGRATIONS).is_none() {
            bail!(
                "{}: a budgetdb database of schema version {version}, which this budgetdb (schema version {SCHEMA_VERSION}) cannot migrate; budgetdb leaves it untouched: import the data into a new database (use --db to choose another file)",
                path.display()
            );
        }
        return Ok(State::NeedsMigration);
    }
    Ok(State::Ready)
}

/// The steps of `steps` that take version `from` to the last version, or
/// `None` when there is no path (version 0 is "no schema", not a version).
fn migrations_from<'a>(from: i64, steps: &'a [&'a str]) -> Option<&'a [&'a str]> {
    let index = usize::try_from(from.checked_sub(1)?).ok()?;
    steps.get(index..)
}

/// Applies the schema to a new database, or migrates an older one.
fn initialize(conn: &Connection) -> Result<()> {
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(describe)?;
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    conn.execute_batch("BEGIN IMMEDIATE").map_err(describe)?;
    // Another process may have initialized it while this one waited.
    let result = conn
        .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
        .map_err(anyhow::Error::from)
        .and_then(|version| match version {
            0 => conn
                .execute_batch(SCHEMA)
                .and_then(|()| {
                    conn.execute_batch(&format!(
                        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"
                    ))
                })
                .map_err(anyhow::Error::from),
            _ => migrate(conn, version, MIGRATIONS),
        });
    match result {
        Ok(()) => conn.execute_batch("COMMIT").map_err(describe)?,
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e);
        }
    }
    Ok(())
}

/// Runs the steps from `version` on, inside the caller's transaction, and
/// records each new version, so a failure part-way leaves nothing changed.
fn migrate(conn: &Connection, version: i64, steps: &[&str]) -> Result<()> {
    let Some(todo) = migrations_from(version, steps) else {
        bail!("schema version {version} cannot be migrated");
    };
    for (n, step) in todo.iter().enumerate() {
        let to = version + n as i64 + 1;
        conn.execute_batch(step)
            .with_context(|| format!("migrating the schema to version {to}"))?;
        conn.pragma_update(None, "user_version", to)?;
    }
    refresh_views(conn).context("re-creating the views")
}

/// Drops the views `schema.sql` defines and creates them again from it
/// (other views, which a user may have added, are left alone).
fn refresh_views(conn: &Connection) -> Result<()> {
    let schema = Connection::open_in_memory()?;
    schema.execute_batch(SCHEMA)?;
    let mut stmt =
        schema.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'view' ORDER BY rowid")?;
    let views = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (name, _) in &views {
        conn.execute_batch(&format!(
            "DROP VIEW IF EXISTS \"{}\"",
            name.replace('"', "\"\"")
        ))?;
    }
    for (_, sql) in &views {
        conn.execute_batch(sql)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::vocab;

    #[test]
    fn schema_vocabularies_match_the_code() {
        let conn = open_in_memory().expect("schema applies");
        for vocabulary in vocab::ALL {
            let id_column = if vocabulary.table == "grades" {
                "grade"
            } else {
                "id"
            };
            let mut stmt = conn
                .prepare(&format!(
                    "SELECT {id_column} FROM {} ORDER BY 1",
                    vocabulary.table
                ))
                .expect("lookup table exists");
            let mut in_schema: Vec<String> = stmt
                .query_map([], |r| r.get(0))
                .expect("query runs")
                .collect::<rusqlite::Result<_>>()
                .expect("rows read");
            let mut in_code: Vec<String> =
                vocabulary.terms.iter().map(|t| t.id.to_string()).collect();
            in_schema.sort();
            in_code.sort();
            assert_eq!(in_schema, in_code, "{}", vocabulary.table);
        }
    }

    #[test]
    fn migrations_run_in_order_and_a_failing_step_changes_nothing() {
        let steps = ["CREATE TABLE two (x)", "CREATE TABLE three (y)"];
        assert_eq!(migrations_from(0, &steps), None);
        assert_eq!(migrations_from(1, &steps), Some(&steps[..]));
        assert_eq!(migrations_from(3, &steps), Some(&steps[2..]));
        assert_eq!(migrations_from(4, &steps), None);
        assert_eq!(MIGRATIONS.len() as i64, SCHEMA_VERSION - 1);

        let conn = Connection::open_in_memory().expect("memory");
        conn.execute_batch("PRAGMA user_version = 1; BEGIN")
            .expect("begin");
        migrate(&conn, 1, &steps).expect("migrates");
        conn.execute_batch("COMMIT").expect("commit");
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, 3);
        conn.execute("INSERT INTO three (y) VALUES (1)", [])
            .expect("the last step ran");

        let conn = Connection::open_in_memory().expect("memory");
        conn.execute_batch("PRAGMA user_version = 1; BEGIN")
            .expect("begin");
        let error = migrate(&conn, 1, &["CREATE TABLE two (x)", "NOT SQL"])
            .expect_err("the second step fails");
        assert!(format!("{error:#}").contains("version 3"), "{error:#}");
        conn.execute_batch("ROLLBACK").expect("rollback");
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, 1);
        assert!(
            conn.prepare("SELECT x FROM two").is_err(),
            "step one was undone"
        );
    }

    /// Every table's columns (name, type, not null, default, key) and
    /// every index, of the database behind `conn`.
    fn shape(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare(
                "SELECT m.type, m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk
                   FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p
                  WHERE m.type = 'table' ORDER BY m.name, p.cid",
            )
            .expect("prepare");
        let mut shape: Vec<String> = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{}:{}.{} {} {} {:?} {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, i64>(6)?
                ))
            })
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        let mut stmt = conn
            .prepare("SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index' ORDER BY name")
            .expect("prepare");
        shape.extend(
            stmt.query_map([], |r| {
                Ok(format!(
                    "index:{} on {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?
                ))
            })
            .expect("query")
            .map(|r| r.expect("row")),
        );
        shape
    }

    #[test]
    fn a_migrated_version_2_database_has_the_shape_and_vocabularies_of_a_new_one() {
        let migrated = Connection::open_in_memory().expect("memory");
        migrated
            .execute_batch(include_str!("../../tests/fixtures/schema-v2.sql"))
            .expect("the version 2 schema applies");
        migrated
            .execute_batch(&format!(
                "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 2;"
            ))
            .expect("mark it");
        initialize(&migrated).expect("migrates");
        let new = open_in_memory().expect("schema applies");
        assert_eq!(shape(&migrated), shape(&new));
        for vocabulary in vocab::ALL {
            let sql = format!("SELECT * FROM {} ORDER BY 1", vocabulary.table);
            let read = |conn: &Connection| -> Vec<String> {
                let mut stmt = conn.prepare(&sql).expect("prepare");
                let width = stmt.column_count();
                stmt.query_map([], |r| {
                    (0..width)
                        .map(|i| {
                            r.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect::<rusqlite::Result<Vec<_>>>()
                        .map(|v| v.join("|"))
                })
                .expect("query")
                .collect::<rusqlite::Result<_>>()
                .expect("rows")
            };
            assert_eq!(read(&migrated), read(&new), "{}", vocabulary.table);
        }
        let version: i64 = migrated
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, SCHEMA_VERSION);
    }

    #[test]
    fn a_lock_held_too_long_is_explained_wherever_it_is_in_the_chain() {
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some("database is locked".into()),
        );
        let error = anyhow::Error::new(busy).context("reading the findings");
        let message = explain(&error);
        assert!(
            message.contains("another process holds the database's write lock"),
            "{message}"
        );
        assert!(!message.contains("database is locked"), "{message}");
        let other = anyhow::anyhow!("no such table: x");
        assert_eq!(explain(&other), "no such table: x");
    }

    #[test]
    fn every_kind_column_exists_in_its_table() {
        let conn = open_in_memory().expect("schema applies");
        for kind in crate::model::kinds::KINDS {
            for column in kind.columns {
                for db_column in column.db_columns() {
                    conn.prepare(&format!("SELECT {db_column} FROM {}", kind.table))
                        .unwrap_or_else(|e| panic!("{}.{db_column}: {e}", kind.table));
                }
            }
        }
    }
}
