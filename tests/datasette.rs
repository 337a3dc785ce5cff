//! Datasette support: `datasette-metadata`, and the built-in queries
//! taking an empty parameter (what Datasette binds for an omitted one) as
//! no parameter. `tests/datasette/run` checks the same against Datasette
//! itself.

mod common;

use std::path::Path;

use common::{Run, Workspace};
use serde_json::Value;

fn run(ws: &Workspace, args: &[&str]) -> Run {
    let mut command = ws.command();
    command.args(args);
    Run::from(command.output().expect("run budgetdb"))
}

fn ok(ws: &Workspace, args: &[&str]) -> String {
    let run = run(ws, args);
    run.assert_success();
    run.stdout
}

/// Every built-in query with its parameters.
fn queries(ws: &Workspace) -> Vec<(String, Vec<String>)> {
    let listed: Value =
        serde_json::from_str(&ok(ws, &["query", "--list", "--format", "json"])).expect("json");
    listed
        .as_array()
        .expect("a list")
        .iter()
        .map(|q| {
            let params = q["parameters"]
                .as_str()
                .unwrap_or_default()
                .split(", ")
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            (q["name"].as_str().unwrap_or_default().to_string(), params)
        })
        .collect()
}

#[test]
fn an_empty_parameter_is_no_parameter() {
    let ws = Workspace::seeded();
    // The shipped report has no fund accounts or disclosures: one of each,
    // so that `funds` and `disclosures` return rows too.
    ws.write(
        "more/fund_accounts.csv",
        "year,department,fund,income,expenditure\n2021,南昌市人力资源和社会保障局,fiscal,127006.76,125\n",
    );
    ws.write(
        "more/disclosures.csv",
        "year,department,table,status\n2021,南昌市人力资源和社会保障局,支出决算表,present\n",
    );
    ws.import_ok(&["more"]);
    let all = queries(&ws);
    assert!(all.len() >= 12);
    for (name, params) in &all {
        let none = ok(&ws, &["query", name, "--format", "json", "--exact"]);
        assert!(none.len() > 10, "{name} returns rows on the shipped data");
        let mut args = vec![
            "query".to_string(),
            name.clone(),
            "--format".into(),
            "json".into(),
            "--exact".into(),
        ];
        for param in params {
            args.extend(["-p".to_string(), format!("{param}=")]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(
            ok(&ws, &args),
            none,
            "query {name} with every parameter empty"
        );

        // The SQL itself, as Datasette runs it: '' bound for every parameter.
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("queries/{name}.sql")),
        )
        .expect("the query's file");
        let mut args = vec![
            "sql".to_string(),
            "-".into(),
            "--format".into(),
            "json".into(),
        ];
        for param in params {
            args.extend(["-p".to_string(), format!("{param}=")]);
        }
        let mut command = ws.command();
        command.args(&args).write_stdin(text);
        let sql = Run::from(command.output().expect("run sql"));
        sql.assert_success();
        assert_eq!(sql.stdout, none, "the SQL of {name} with '' bound");
    }
    // A given value still filters.
    let year = ok(
        &ws,
        &[
            "query",
            "summary",
            "--format",
            "csv",
            "-p",
            "year=2020",
            "-p",
            "department=",
        ],
    );
    assert!(
        year.lines().skip(1).all(|l| l.starts_with("2020,")),
        "{year}"
    );
}

#[test]
fn metadata_describes_every_table_and_offers_every_query() {
    let ws = Workspace::seeded();
    let mut command = assert_cmd::Command::cargo_bin("budgetdb").expect("the binary");
    command
        .current_dir(ws.root())
        .env_remove("BUDGETDB_DB")
        .args(["--db", "data/my.budget.db", "datasette-metadata"]);
    let doc = Run::from(command.output().expect("run"));
    doc.assert_success();
    let doc: Value = serde_json::from_str(&doc.stdout).expect("JSON");
    assert!(
        doc["databases"].get("my.budget").is_some(),
        "named after the file's stem"
    );

    ok(&ws, &["datasette-metadata", "--out", "metadata.json"]);
    let doc: Value = serde_json::from_slice(&ws.read("metadata.json")).expect("the file is JSON");
    let database = &doc["databases"]["budget"];
    let tables = database["tables"].as_object().expect("tables");
    let stored: Vec<Vec<rusqlite::types::Value>> = ws.rows(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'",
    );
    for row in stored {
        let rusqlite::types::Value::Text(name) = &row[0] else {
            panic!("a name")
        };
        assert!(tables.contains_key(name), "{name} is not described");
    }
    assert_eq!(tables["expenditures"]["columns"]["fund"], "资金性质");
    assert_eq!(tables["income_sources"]["label_column"], "label");
    let canned = database["queries"].as_object().expect("queries");
    for (name, params) in queries(&ws) {
        let query = &canned[&name];
        assert!(
            query["sql"]
                .as_str()
                .is_some_and(|s| s.contains("NULLIF(:")),
            "{name}"
        );
        let declared: Vec<String> = query["params"]
            .as_array()
            .expect("params")
            .iter()
            .filter_map(|p| p.as_str().map(str::to_string))
            .collect();
        assert_eq!(declared, params, "{name}");
    }

    // A user's query is offered too.
    ws.write("queries/mine.sql", "-- name: mine\n-- description: mine\n-- param year: a year\nSELECT NULLIF(:year, '') AS y;\n");
    let doc: Value = serde_json::from_str(&ok(&ws, &["datasette-metadata"])).expect("JSON");
    assert_eq!(
        doc["databases"]["budget"]["queries"]["mine"]["params"][0],
        "year"
    );
}
