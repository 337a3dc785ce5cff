//! Tables as Parquet files: column types from the declared SQLite types
//! (INTEGER → INT64, REAL → DOUBLE, anything else → UTF-8 string), every
//! column optional, so NULL stays NULL. Amounts stay INTEGER 分 (the
//! `_fen` columns), codes stay strings (`'2080101'`), so sums read back
//! are exactly those of `budgetdb sql`.
//!
//! Rows are read in table order and written in row groups of
//! [`ROW_GROUP`] rows: memory stays the same however large the table.
//! Plain encoding, no compression (the crate is built without codecs).

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use parquet::basic::{LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use rusqlite::types::ValueRef;
use rusqlite::Connection;

use super::Written;

/// Rows per row group.
pub const ROW_GROUP: usize = 65_536;

/// A column's Parquet type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Integer,
    Real,
    Text,
}

/// Values of one column for the row group being filled.
enum Values {
    Integer(Vec<i64>),
    Real(Vec<f64>),
    Text(Vec<ByteArray>),
}

struct Column {
    name: String,
    kind: Kind,
    values: Values,
    /// 1 where the row has a value, 0 where it is NULL.
    defined: Vec<i16>,
}

/// Writes every table of `conn` as `dir/TABLE.parquet`.
pub fn write_all(conn: &Connection, dir: &Path) -> Result<Vec<Written>> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    let mut written = Vec::new();
    for table in super::tables(conn)? {
        let path = dir.join(format!("{table}.parquet"));
        let rows = write_table(conn, &table, &path)
            .with_context(|| format!("{}: cannot write table {table}", path.display()))?;
        written.push(Written { table, path, rows });
    }
    Ok(written)
}

fn columns_of(conn: &Connection, table: &str) -> Result<Vec<Column>> {
    // table_xinfo also lists generated columns, which `SELECT *` returns.
    let mut stmt = conn.prepare("SELECT name, type FROM pragma_table_xinfo(?1) ORDER BY cid")?;
    let columns = stmt
        .query_map([table], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(columns
        .into_iter()
        .map(|(name, declared)| {
            let declared = declared.to_ascii_uppercase();
            let kind = if declared.contains("INT") {
                Kind::Integer
            } else if declared.contains("REAL")
                || declared.contains("FLOA")
                || declared.contains("DOUB")
            {
                Kind::Real
            } else {
                Kind::Text
            };
            Column {
                name,
                kind,
                values: match kind {
                    Kind::Integer => Values::Integer(Vec::new()),
                    Kind::Real => Values::Real(Vec::new()),
                    Kind::Text => Values::Text(Vec::new()),
                },
                defined: Vec::new(),
            }
        })
        .collect())
}

fn schema(table: &str, columns: &[Column]) -> Result<Type> {
    let fields = columns
        .iter()
        .map(|c| {
            let (physical, logical) = match c.kind {
                Kind::Integer => (PhysicalType::INT64, None),
                Kind::Real => (PhysicalType::DOUBLE, None),
                Kind::Text => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)),
            };
            Type::primitive_type_builder(&c.name, physical)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(logical)
                .build()
                .map(Arc::new)
        })
        .collect::<parquet::errors::Result<Vec<_>>>()?;
    Ok(Type::group_type_builder(table)
        .with_fields(fields)
        .build()?)
}

fn write_table(conn: &Connection, table: &str, path: &Path) -> Result<u64> {
    let mut columns = columns_of(conn, table)?;
    let schema = Arc::new(schema(table, &columns)?);
    let properties = Arc::new(WriterProperties::builder().build());
    let file = File::create(path)?;
    let mut writer = SerializedFileWriter::new(file, schema, properties)?;
    let list = columns
        .iter()
        .map(|c| format!("\"{}\"", c.name.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("SELECT {list} FROM \"{}\"", table.replace('"', "\"\""));
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut total = 0u64;
    let mut in_group = 0usize;
    while let Some(row) = rows.next()? {
        for (i, column) in columns.iter_mut().enumerate() {
            push(column, row.get_ref(i)?, total)?;
        }
        total += 1;
        in_group += 1;
        if in_group == ROW_GROUP {
            flush(&mut writer, &mut columns)?;
            in_group = 0;
        }
    }
    if in_group > 0 || total == 0 {
        flush(&mut writer, &mut columns)?;
    }
    writer.close()?;
    Ok(total)
}

fn push(column: &mut Column, value: ValueRef, row: u64) -> Result<()> {
    if value == ValueRef::Null {
        column.defined.push(0);
        return Ok(());
    }
    column.defined.push(1);
    match (&mut column.values, value) {
        (Values::Integer(v), ValueRef::Integer(i)) => v.push(i),
        (Values::Real(v), ValueRef::Real(r)) => v.push(r),
        (Values::Real(v), ValueRef::Integer(i)) => v.push(i as f64),
        (Values::Text(v), ValueRef::Text(t)) => v.push(ByteArray::from(t.to_vec())),
        (Values::Text(v), ValueRef::Integer(i)) => v.push(ByteArray::from(i.to_string().into_bytes())),
        (Values::Text(v), ValueRef::Real(r)) => v.push(ByteArray::from(r.to_string().into_bytes())),
        (_, other) => bail!(
            "column {} of row {} holds a {:?} value where its declared type wants {:?}; fix it with SQL before exporting",
            column.name,
            row + 1,
            other.data_type(),
            column.kind
        ),
    }
    Ok(())
}

fn flush(writer: &mut SerializedFileWriter<File>, columns: &mut [Column]) -> Result<()> {
    let mut group = writer.next_row_group()?;
    for column in columns.iter_mut() {
        let Some(mut out) = group.next_column()? else {
            bail!("the Parquet writer expects fewer columns");
        };
        match &mut column.values {
            Values::Integer(v) => {
                out.typed::<Int64Type>()
                    .write_batch(v, Some(&column.defined), None)?;
                v.clear();
            }
            Values::Real(v) => {
                out.typed::<DoubleType>()
                    .write_batch(v, Some(&column.defined), None)?;
                v.clear();
            }
            Values::Text(v) => {
                out.typed::<ByteArrayType>()
                    .write_batch(v, Some(&column.defined), None)?;
                v.clear();
            }
        }
        column.defined.clear();
        out.close()?;
    }
    group.close()?;
    Ok(())
}
