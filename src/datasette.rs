//! `budgetdb datasette-metadata`: a metadata file that makes the database
//! explain itself in [Datasette](https://datasette.io) (0.65): the
//! description of every table, view and column from the comments of
//! `schema.sql`, the label column of each vocabulary table (so a foreign
//! key shows 财政拨款, not `fiscal`), units, and every saved query as a
//! canned query.
//!
//! Everything is derived — tables from `schema_doc`, queries from
//! `query::load` — so a table or query added later appears without a
//! change here. Datasette binds an omitted parameter of a canned query as
//! '' rather than NULL; the built-in queries read every parameter through
//! `NULLIF(:p, '')`, so both mean "all".

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::query::SavedQuery;
use crate::storage::schema_doc::Object;

/// The column that names a vocabulary row in the tables that have one.
const LABEL_COLUMN: &str = "label";

/// Datasette's `units` take Pint units; 分 and 万元 are not among them, so
/// amounts carry their unit in the description and only percentages get
/// a unit here.
fn unit_of(column: &str) -> Option<&'static str> {
    (column.ends_with("_pct")).then_some("percent")
}

/// The name Datasette gives a database file: its stem.
pub fn database_name(path: &std::path::Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "budget".to_string())
}

/// The metadata document for the database Datasette calls `database`.
pub fn metadata(
    database: &str,
    objects: &[Object],
    queries: &BTreeMap<String, SavedQuery>,
) -> Value {
    let mut tables = Map::new();
    for object in objects {
        let mut table = Map::new();
        table.insert("description".into(), json!(object.description));
        let columns: Map<String, Value> = object
            .comments
            .iter()
            .map(|(column, comment)| (column.clone(), json!(comment)))
            .collect();
        if object.comments.iter().any(|(c, _)| c == LABEL_COLUMN) {
            table.insert("label_column".into(), json!(LABEL_COLUMN));
        }
        let units: Map<String, Value> = object
            .comments
            .iter()
            .filter_map(|(column, _)| unit_of(column).map(|u| (column.clone(), json!(u))))
            .collect();
        if !units.is_empty() {
            table.insert("units".into(), Value::Object(units));
        }
        table.insert("columns".into(), Value::Object(columns));
        tables.insert(object.name.clone(), Value::Object(table));
    }
    let canned: Map<String, Value> = queries
        .values()
        .map(|q| {
            let params: Vec<&str> = q.params.iter().map(|(name, _)| name.as_str()).collect();
            let described: Vec<String> = q
                .params
                .iter()
                .map(|(name, meaning)| format!("{name}: {meaning}"))
                .collect();
            let description = if described.is_empty() {
                q.description.clone()
            } else {
                format!(
                    "{} Parameters (leave empty for all): {}.",
                    q.description,
                    described.join("; ")
                )
            };
            (
                q.name.clone(),
                json!({
                    "title": q.name,
                    "description": description,
                    "sql": q.sql,
                    "params": params,
                }),
            )
        })
        .collect();
    json!({
        "title": "budgetdb: 部门决算",
        "description": "Chinese government final accounts (部门决算) loaded by budgetdb. Amounts are INTEGER 分 in columns ending in _fen (1 万元 = 1,000,000 分) and 万元 in the views; percentages are REAL.",
        "about": "budgetdb",
        "databases": {
            database: {
                "description": "Tables hold one row per figure under canonical department names; the *_comparison views put each year next to the year before. `budgetdb schema` prints the same descriptions.",
                "tables": tables,
                "queries": canned,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{db, schema_doc};

    fn generated() -> Value {
        let objects = schema_doc::parse(db::SCHEMA);
        let queries = crate::query::load(None).expect("built-in queries");
        metadata("budget", &objects, &queries)
    }

    #[test]
    fn every_table_view_and_query_is_described() {
        let doc = generated();
        let database = &doc["databases"]["budget"];
        let tables = database["tables"].as_object().expect("tables");
        for object in schema_doc::parse(db::SCHEMA) {
            let table = &tables[&object.name];
            assert!(
                !table["description"].as_str().unwrap_or("").is_empty(),
                "{}",
                object.name
            );
            assert_eq!(
                table["columns"].as_object().map(Map::len),
                Some(object.comments.len()),
                "{}",
                object.name
            );
        }
        assert_eq!(
            tables["reports"]["columns"]["income_total_fen"],
            "收入总计, 分"
        );
        assert_eq!(tables["funds"]["label_column"], "label");
        assert_eq!(tables["three_public_categories"]["label_column"], "label");
        assert!(tables["reports"].get("label_column").is_none());
        assert_eq!(
            tables["three_public_comparison"]["units"]["execution_pct"],
            "percent"
        );
        let queries = database["queries"].as_object().expect("queries");
        for query in crate::query::load(None).expect("queries").values() {
            let canned = &queries[&query.name];
            assert_eq!(canned["sql"], json!(query.sql));
            assert!(canned["params"]
                .as_array()
                .is_some_and(|p| p.contains(&json!("department"))));
        }
    }

    #[test]
    fn the_database_is_named_as_datasette_names_it() {
        assert_eq!(
            database_name(std::path::Path::new("data/budget.db")),
            "budget"
        );
        assert_eq!(database_name(std::path::Path::new("南昌.sqlite")), "南昌");
    }
}
