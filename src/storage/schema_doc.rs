//! `budgetdb schema`: the tables and views with what each column means,
//! read from the comments of the embedded `schema.sql`, so the schema file
//! is the one place the documentation lives.

use rusqlite::Connection;

use crate::io::output::{Cell, Table};

/// A documented table or view.
#[derive(Debug, Default)]
pub struct Object {
    pub name: String,
    /// "table" or "view".
    pub kind: &'static str,
    pub description: String,
    /// (column, comment) as written in schema.sql.
    pub comments: Vec<(String, String)>,
}

/// Reads the tables and views of `schema.sql` with their comments.
pub fn parse(schema: &str) -> Vec<Object> {
    let mut objects = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let mut current: Option<Object> = None;
    for line in schema.lines() {
        let trimmed = line.trim();
        if let Some(object) = current.as_mut() {
            let (code, comment) = match trimmed.split_once("-- ") {
                Some((code, comment)) => (code.trim(), Some(comment.trim())),
                None => (trimmed, None),
            };
            if let (Some(comment), Some(column)) = (comment, column_of(code, object.kind)) {
                object.comments.push((column, comment.to_string()));
            }
            if code.ends_with(';') {
                objects.extend(current.take());
            }
            continue;
        }
        if let Some(comment) = trimmed.strip_prefix("--") {
            let comment = comment.trim();
            if !comment.starts_with("---") {
                pending.push(comment.to_string());
            }
            continue;
        }
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        let created = match words.as_slice() {
            ["CREATE", "TABLE", name, ..] => Some(("table", *name)),
            ["CREATE", "VIEW", name, ..] => Some(("view", *name)),
            _ => None,
        };
        if let Some((kind, name)) = created {
            let object = Object {
                name: name.trim_end_matches('(').to_string(),
                kind,
                description: pending.join(" ").trim().to_string(),
                comments: Vec::new(),
            };
            if trimmed.ends_with(';') {
                objects.push(object);
            } else {
                current = Some(object);
            }
        }
        pending.clear();
    }
    objects
}

/// The column a commented line of a CREATE statement defines.
fn column_of(code: &str, kind: &str) -> Option<String> {
    let code = code.trim_end_matches(',').trim();
    if code.is_empty() {
        return None;
    }
    let name = if kind == "table" {
        let first = code.split_whitespace().next()?;
        if matches!(
            first.to_ascii_uppercase().as_str(),
            "UNIQUE" | "PRIMARY" | "CHECK" | "FOREIGN" | ")" | ");"
        ) {
            return None;
        }
        first.to_string()
    } else {
        let upper = code.to_ascii_uppercase();
        let tail = match upper.rfind(" AS ") {
            Some(at) => &code[at + 4..],
            None => code.split_whitespace().last()?,
        };
        let tail = tail.trim().trim_end_matches(',');
        tail.rsplit('.').next()?.to_string()
    };
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some(name)
}

/// The columns of `object` as the database has them, with their comments.
pub fn columns(conn: &Connection, object: &Object) -> rusqlite::Result<Table> {
    let mut stmt = conn.prepare("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid")?;
    let rows = stmt
        .query_map([&object.name], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let rows = rows
        .into_iter()
        .map(|(name, ty)| {
            let comment = object
                .comments
                .iter()
                .find(|(column, _)| *column == name)
                .map(|(_, comment)| comment.clone())
                .unwrap_or_default();
            vec![Cell::Text(name), Cell::Text(ty), Cell::Text(comment)]
        })
        .collect();
    Ok(Table {
        columns: vec!["column".into(), "type".into(), "meaning".into()],
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_and_view_column_is_documented() {
        let conn = crate::storage::db::open_in_memory().expect("schema");
        let objects = parse(crate::storage::db::SCHEMA);
        assert!(objects
            .iter()
            .any(|o| o.name == "reports" && o.kind == "table"));
        assert!(objects
            .iter()
            .any(|o| o.name == "three_public_comparison" && o.kind == "view"));
        for object in &objects {
            assert!(
                !object.description.is_empty(),
                "{} has no description",
                object.name
            );
            let table = columns(&conn, object).expect("columns");
            assert!(!table.rows.is_empty(), "{} has no columns", object.name);
            for row in &table.rows {
                let undocumented = matches!(&row[2], Cell::Text(t) if t.is_empty());
                let is_id = matches!(&row[0], Cell::Text(t) if t == "id");
                assert!(
                    !undocumented || is_id,
                    "{}.{:?} has no comment",
                    object.name,
                    row[0]
                );
            }
        }
    }
}
