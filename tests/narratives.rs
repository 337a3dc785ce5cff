//! The narrative corpus (`tests/fixtures/narratives/`): report texts of many
//! provinces and years, rebuilt from published ones, each with the figures
//! its sentences state and the real arithmetic issues it has. Every text is
//! extracted, imported and checked through the binary, and scored:
//!
//! - **false errors**: an error `check` reports that the expected file does
//!   not list (must be none: a report whose arithmetic is right is never
//!   charged);
//! - **issues found**: the listed issues `check` reports as errors (must be
//!   all of them);
//! - **figures in the right field**: of the printed figures the expected
//!   file lists, the share that ends up in the right claims field (or count
//!   column) with the right value; a figure in the field with another value
//!   is *wrong*, one absent *missing*; fields extracted that the file does
//!   not list are *extra* (reported, not scored).
//!
//! `bench/narratives` prints the score of every text (this test with
//! `--nocapture`); docs/extract.md §10 records it.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use common::{Run, Workspace};
use rusqlite::types::Value;
use rust_decimal::Decimal;
use serde_json::Value as Json;

/// The share of stated figures that must land in the right field.
const RIGHT_FIELD_THRESHOLD: f64 = 0.90;

/// A claims field: its name in the expected file and its column.
const AMOUNT_FIELDS: [&str; 4] = ["value", "change", "budget", "budget_change"];
const PERCENT_FIELDS: [&str; 4] = [
    "change_pct",
    "execution_pct",
    "share_pct",
    "budget_change_pct",
];

#[derive(Default, Debug)]
struct Score {
    name: String,
    given_department: bool,
    expected: usize,
    right: usize,
    wrong: Vec<String>,
    missing: Vec<String>,
    extra: Vec<String>,
    false_errors: Vec<String>,
    issues: usize,
    issues_found: usize,
    issues_missed: Vec<String>,
    /// Issues whose rule this build does not have.
    issues_unchecked: Vec<String>,
}

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/narratives");
    let mut texts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the corpus folder")
        .map(|e| e.expect("a corpus entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    texts.sort();
    texts
}

fn expected_of(text: &Path) -> Json {
    let path = text.with_extension("expected.json");
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A printed amount in 万元 as exact 分.
fn fen(printed: &str) -> i64 {
    let value: Decimal = printed.parse().expect("an amount in the expected file");
    (value * Decimal::from(1_000_000))
        .trunc()
        .try_into()
        .expect("an amount that fits")
}

fn as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Integer(n) => Some(*n),
        _ => None,
    }
}

fn as_f64(value: &Value) -> Option<f64> {
    match value {
        Value::Real(x) => Some(*x),
        Value::Integer(n) => Some(*n as f64),
        _ => None,
    }
}

/// The claims of `year`, by metric: column name → value.
fn claims(ws: &Workspace, year: i64) -> BTreeMap<String, BTreeMap<String, Value>> {
    let columns: Vec<String> = ws
        .rows("SELECT name FROM pragma_table_info('claims')")
        .into_iter()
        .filter_map(|row| match &row[0] {
            Value::Text(name) => Some(name.clone()),
            _ => None,
        })
        .collect();
    let sql = format!(
        "SELECT {} FROM claims WHERE year = {year}",
        columns.join(", ")
    );
    let mut out = BTreeMap::new();
    for row in ws.rows(&sql) {
        let fields: BTreeMap<String, Value> = columns.iter().cloned().zip(row).collect();
        if let Some(Value::Text(metric)) = fields.get("metric") {
            out.insert(metric.clone(), fields);
        }
    }
    out
}

/// A count the expected file names (`staff_active`, `reception.batches`,
/// `vehicles`), as stored.
fn count(ws: &Workspace, year: i64, key: &str) -> Option<i64> {
    let sql = match key.split_once('.') {
        Some((category, column)) => format!(
            "SELECT {column} FROM three_public WHERE year = {year} AND category = '{category}'"
        ),
        None if key == "vehicles" => {
            format!("SELECT MAX(vehicles) FROM three_public WHERE year = {year}")
        }
        None => format!("SELECT {key} FROM reports WHERE year = {year}"),
    };
    ws.rows(&sql).first().and_then(|row| as_i64(&row[0]))
}

fn score_text(text: &Path) -> Score {
    let expected = expected_of(text);
    let name = text
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("?")
        .to_string();
    let year = expected["year"].as_i64().expect("a year");
    let mut score = Score {
        name,
        ..Score::default()
    };
    let ws = Workspace::new();
    ws.write("report.txt", std::fs::read(text).expect("the report text"));
    let extract = |given: Option<&str>| {
        let mut command = ws.command();
        command.args(["extract", "report.txt", "--out", "out"]);
        if let Some(department) = given {
            command.args(["--department", department]);
        }
        Run::from(command.output().expect("run budgetdb"))
    };
    let mut run = extract(None);
    // A text whose title names no department (a county's "三公" summary)
    // is given it: the department is not what the corpus measures.
    if run.stderr.contains("--department") {
        run = extract(expected["department"].as_str());
        score.given_department = true;
    }
    let extracted = match run.code {
        Some(0) => true,
        Some(1) if run.stderr.contains("no figures") => false,
        _ => panic!("{}: extract failed: {run:?}", score.name),
    };
    let mut findings = Vec::new();
    if extracted {
        ws.import_ok(&["out"]);
        let mut command = ws.command();
        command.args(["check", "--format", "json"]);
        let check = Run::from(command.output().expect("run budgetdb"));
        let parsed: Json = serde_json::from_str(&check.stdout)
            .unwrap_or_else(|e| panic!("{}: check output: {e}: {check:?}", score.name));
        findings = parsed.as_array().cloned().unwrap_or_default();
    }
    let stored = if extracted {
        claims(&ws, year)
    } else {
        BTreeMap::new()
    };
    let no_claims = serde_json::Map::new();
    let listed = expected["claims"].as_object().unwrap_or(&no_claims);
    for (metric, fields) in listed {
        for (field, printed) in fields.as_object().expect("claim fields") {
            let printed = printed.as_str().expect("a printed figure");
            score.expected += 1;
            let what = format!("{metric}.{field}={printed}");
            let row = stored.get(metric);
            let found = row.and_then(|r| {
                let column = if AMOUNT_FIELDS.contains(&field.as_str()) {
                    format!("{field}_fen")
                } else {
                    field.clone()
                };
                r.get(&column).cloned()
            });
            let right = match (&found, AMOUNT_FIELDS.contains(&field.as_str())) {
                (None | Some(Value::Null), _) => {
                    score.missing.push(what);
                    continue;
                }
                (Some(v), true) => as_i64(v) == Some(fen(printed)),
                (Some(v), false) => {
                    let want: f64 = printed.parse().expect("a printed percentage");
                    as_f64(v).is_some_and(|x| (x - want).abs() < 1e-9)
                }
            };
            if right {
                score.right += 1;
            } else {
                score.wrong.push(format!("{what} (found {found:?})"));
            }
        }
    }
    for (metric, row) in &stored {
        let listed_fields = listed.get(metric).and_then(Json::as_object);
        for field in AMOUNT_FIELDS.iter().chain(PERCENT_FIELDS.iter()) {
            let column = if AMOUNT_FIELDS.contains(field) {
                format!("{field}_fen")
            } else {
                field.to_string()
            };
            let present = row.get(&column).is_some_and(|v| *v != Value::Null);
            if present && !listed_fields.is_some_and(|f| f.contains_key(*field)) {
                score.extra.push(format!("{metric}.{field}"));
            }
        }
    }
    if let Some(counts) = expected["counts"].as_object() {
        for (key, want) in counts {
            score.expected += 1;
            let want = want.as_i64().expect("a count");
            let what = format!("{key}={want}");
            let found = if extracted {
                count(&ws, year, key)
            } else {
                None
            };
            match found {
                None => score.missing.push(what),
                Some(n) if n == want => score.right += 1,
                Some(n) => score.wrong.push(format!("{what} (found {n})")),
            }
        }
    }
    let issues: Vec<(String, String)> = expected["issues"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| {
                    (
                        i["rule"].as_str().unwrap_or_default().to_string(),
                        i["subject"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let errors: Vec<(String, String, String)> = findings
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["subject"].as_str().unwrap_or_default().to_string(),
                f["case"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    score.issues = issues.len();
    for (rule, subject) in &issues {
        if !budgetdb::check::RULES.contains(&rule.as_str()) {
            // A rule this build does not have yet cannot find it.
            score.issues_unchecked.push(format!("{rule} {subject}"));
            score.issues -= 1;
            continue;
        }
        if errors.iter().any(|(r, s, _)| r == rule && s == subject) {
            score.issues_found += 1;
        } else {
            score.issues_missed.push(format!("{rule} {subject}"));
        }
    }
    for (rule, subject, case) in &errors {
        if !issues.iter().any(|(r, s)| r == rule && s == subject) {
            score.false_errors.push(format!("{rule} {subject}: {case}"));
        }
    }
    score
}

fn all_scores() -> Vec<Score> {
    corpus().iter().map(|t| score_text(t)).collect()
}

fn report(scores: &[Score]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<38} {:>5} {:>5} {:>5} {:>5} {:>5} {:>6} {:>7}",
        "text", "figs", "right", "wrong", "miss", "extra", "false", "issues"
    );
    for s in scores {
        let _ = writeln!(
            out,
            "{:<38} {:>5} {:>5} {:>5} {:>5} {:>5} {:>6} {:>3}/{:<3}",
            format!("{}{}", s.name, if s.given_department { " *" } else { "" }),
            s.expected,
            s.right,
            s.wrong.len(),
            s.missing.len(),
            s.extra.len(),
            s.false_errors.len(),
            s.issues_found,
            s.issues
        );
        for line in s
            .false_errors
            .iter()
            .map(|e| format!("false error: {e}"))
            .chain(s.issues_missed.iter().map(|e| format!("issue missed: {e}")))
            .chain(
                s.issues_unchecked
                    .iter()
                    .map(|e| format!("issue not checkable by this build: {e}")),
            )
            .chain(s.wrong.iter().map(|e| format!("wrong: {e}")))
            .chain(s.missing.iter().map(|e| format!("missing: {e}")))
            .chain(s.extra.iter().map(|e| format!("extra: {e}")))
        {
            let _ = writeln!(out, "    {line}");
        }
    }
    let total = |f: fn(&Score) -> usize| scores.iter().map(f).sum::<usize>();
    let (expected, right) = (total(|s| s.expected), total(|s| s.right));
    let _ = writeln!(
        out,
        "{} texts: {right} of {expected} figures in the right field ({:.1}%), {} wrong, {} missing, {} extra; {} false errors; {} of {} issues found",
        scores.len(),
        100.0 * right as f64 / expected.max(1) as f64,
        total(|s| s.wrong.len()),
        total(|s| s.missing.len()),
        total(|s| s.extra.len()),
        total(|s| s.false_errors.len()),
        total(|s| s.issues_found),
        total(|s| s.issues),
    );
    let unchecked = total(|s| s.issues_unchecked.len());
    if unchecked > 0 {
        let _ = writeln!(
            out,
            "{unchecked} more issues need a rule this build does not have"
        );
    }
    let _ = writeln!(
        out,
        "* the department was given (--department): the text names none"
    );
    out
}

#[test]
fn the_corpus_is_big_and_varied_enough() {
    let texts = corpus();
    assert!(texts.len() >= 20, "{} texts", texts.len());
    let mut provinces = std::collections::BTreeSet::new();
    let mut years = std::collections::BTreeSet::new();
    let mut with_issues = 0;
    for text in &texts {
        let expected = expected_of(text);
        provinces.insert(expected["province"].as_str().unwrap_or("").to_string());
        years.insert(expected["year"].as_i64().unwrap_or(0));
        if expected["issues"].as_array().is_some_and(|a| !a.is_empty()) {
            with_issues += 1;
        }
    }
    assert!(provinces.len() >= 8, "{provinces:?}");
    assert!(years.len() >= 3, "{years:?}");
    assert!(with_issues >= 5, "{with_issues} texts with a real issue");
}

/// The whole score, printed (`bench/narratives`, or `--nocapture`), and
/// held to: no false error, every issue found, ≥ 90 % of the figures in
/// the right field.
#[test]
fn the_corpus_scores() {
    let scores = all_scores();
    let printed = report(&scores);
    println!("{printed}");
    let false_errors: usize = scores.iter().map(|s| s.false_errors.len()).sum();
    assert_eq!(false_errors, 0, "false errors: see the score above");
    let missed: usize = scores.iter().map(|s| s.issues_missed.len()).sum();
    assert_eq!(missed, 0, "issues missed: see the score above");
    let expected: usize = scores.iter().map(|s| s.expected).sum();
    let right: usize = scores.iter().map(|s| s.right).sum();
    assert!(
        right as f64 >= RIGHT_FIELD_THRESHOLD * expected as f64,
        "only {right} of {expected} figures in the right field: see the score above"
    );
}
