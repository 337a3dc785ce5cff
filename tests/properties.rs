//! Property tests (the project's fuzzing): random input through the value
//! parser and through the real importer.
//!
//! CI runs a few hundred cases per property. A long run sets
//! `PROPTEST_CASES`, e.g. `PROPTEST_CASES=200000 cargo test --release
//! --test properties` (see docs/reliability.md for what such runs found).
//! A failing case that proptest finds is saved under
//! `proptest-regressions/` and replayed first by every later run; commit it.

use std::path::{Path, PathBuf};

use budgetdb::import::{self, Failure, Options};
use budgetdb::model::kinds::{Kind, ValueType, KINDS};
use budgetdb::model::value::{self, AmountUnit, CodeKind};
use proptest::prelude::*;
use proptest::test_runner::Config;
use rust_decimal::Decimal;

/// `default_cases` unless `PROPTEST_CASES` says otherwise.
fn config(default_cases: u32) -> Config {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = default_cases;
    }
    config
}

/// Text that looks like a number, or nearly: what a hand-typed or exported
/// cell holds.
fn numberish() -> impl Strategy<Value = String> {
    prop_oneof![
        "[-+]?[0-9]{1,12}(\\.[0-9]{0,9})?",
        "[-+]?[0-9]{1,3}(,[0-9]{1,4}){0,3}(\\.[0-9]{1,7})?",
        "[-+ ]?[0-9.,eE%]{0,10}",
        "[０-９．，－]{1,8}",
        "(NaN|nan|inf|-inf|Infinity|1e5|1E-3|—|-|/|－|)",
        "\\PC{0,8}",
    ]
}

/// A well-formed amount: sign, digits (grouped or not), at most 6 decimals.
fn valid_amount() -> impl Strategy<Value = (String, Decimal)> {
    (
        any::<bool>(),
        0u64..1_000_000_000_000,
        any::<bool>(),
        proptest::option::of("[0-9]{1,6}"),
    )
        .prop_map(|(negative, whole, grouped, fraction)| {
            let digits = whole.to_string();
            let mut shown = String::new();
            for (i, c) in digits.chars().enumerate() {
                if grouped && i > 0 && (digits.len() - i) % 3 == 0 {
                    shown.push(',');
                }
                shown.push(c);
            }
            let mut plain = digits;
            if let Some(fraction) = &fraction {
                shown.push('.');
                shown.push_str(fraction);
                plain.push('.');
                plain.push_str(fraction);
            }
            if negative {
                shown.insert(0, '-');
                plain.insert(0, '-');
            }
            let exact: Decimal = plain.parse().expect("a plain decimal");
            (shown, exact)
        })
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn value_parsers_never_panic(text in numberish()) {
        let normalized = value::normalize(&text);
        let _ = value::parse_decimal(&normalized);
        let _ = value::parse_amount(&normalized, AmountUnit::Wan);
        let _ = value::parse_amount(&normalized, AmountUnit::Yuan);
        let _ = value::parse_percent(&normalized);
        let _ = value::parse_count(&normalized);
        let _ = value::parse_year(&normalized);
        let _ = value::parse_code(&normalized, CodeKind::Functional);
        let _ = value::parse_code(&normalized, CodeKind::Economic);
        let _ = value::fold_for_matching(&text);
        let _ = value::is_empty_marker(&normalized);
    }

    #[test]
    fn accepted_amounts_are_exact_and_round_trip((text, exact) in valid_amount()) {
        let (fen, decimals) = value::parse_amount(&text, AmountUnit::Wan)
            .map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        prop_assert_eq!(Decimal::from(fen), exact * Decimal::from(value::FEN_PER_WAN));
        prop_assert_eq!(decimals, exact.scale());
        let printed = value::format_amount(fen, AmountUnit::Wan);
        prop_assert_eq!(value::parse_amount(&printed, AmountUnit::Wan).map(|p| p.0), Ok(fen));
        // Full-width digits and surrounding spaces read the same.
        let wide: String = text
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                _ => c,
            })
            .collect();
        let wide = format!("　{wide} ");
        prop_assert_eq!(value::parse_amount(&value::normalize(&wide), AmountUnit::Wan), Ok((fen, decimals)));
    }

    #[test]
    fn any_fen_amount_formats_and_parses_back(fen in any::<i64>(), yuan in any::<bool>()) {
        let unit = if yuan { AmountUnit::Yuan } else { AmountUnit::Wan };
        let printed = value::format_amount(fen, unit);
        prop_assert_eq!(value::parse_amount(&printed, unit).map(|p| p.0), Ok(fen), "{}", printed);
    }

    #[test]
    fn rejected_forms_stay_rejected(
        (text, _) in valid_amount(),
        fault in prop_oneof![
            Just(".5".to_string()),
            Just("1234567".to_string()),
            Just("e5".to_string()),
            Just("E-2".to_string()),
            Just("a".to_string()),
            Just("..1".to_string()),
            "[g-zG-Z]{1,3}",
        ],
    ) {
        // A second fraction, an eighth decimal, an exponent or letters.
        let broken = if fault == "1234567" {
            match text.split_once('.') {
                Some((whole, _)) => format!("{whole}.{fault}"),
                None => format!("{text}.{fault}"),
            }
        } else if fault == ".5" {
            format!("{text}.5.5")
        } else {
            format!("{text}{fault}")
        };
        prop_assert!(value::parse_amount(&broken, AmountUnit::Wan).is_err(), "{} was accepted", broken);
        prop_assert!(value::parse_decimal(&broken).is_err(), "{} was accepted", broken);
    }

    #[test]
    fn counts_and_years_accept_exactly_their_forms(n in any::<i64>()) {
        let text = n.to_string();
        prop_assert_eq!(value::parse_count(&text).is_ok(), n >= 0);
        prop_assert_eq!(value::parse_year(&text).is_ok(), (1990..=2100).contains(&n));
        let fraction = format!("{text}.5");
        prop_assert!(value::parse_count(&fraction).is_err());
        prop_assert!(value::parse_year(&fraction).is_err());
    }
}

// ---------------------------------------------------------------------------
// The row importer.

/// A cell of a column of this type: plausible, or when `noisy` sometimes not.
fn cell(ty: ValueType, noisy: bool) -> BoxedStrategy<String> {
    let plausible: BoxedStrategy<String> = match ty {
        ValueType::Year => "20[0-2][0-9]".boxed(),
        ValueType::Name => prop_oneof![
            Just("测试局".to_string()),
            Just("南昌市人力资源和社会保障局".to_string()),
            Just("南昌市人社局".to_string()),
            Just("甲局".to_string()),
            Just("乙局".to_string()),
        ]
        .boxed(),
        ValueType::Text => "[a-z测试局 ]{0,8}".boxed(),
        ValueType::Count => "[0-9]{1,4}".boxed(),
        ValueType::Amount | ValueType::StatedAmount | ValueType::Number => {
            "-?[0-9]{1,5}(\\.[0-9]{1,2})?".boxed()
        }
        ValueType::StatedPercent => "[0-9]{1,3}(\\.[0-9]{1,2})?%?".boxed(),
        ValueType::Code(_) => "[0-9]{3,7}".boxed(),
        ValueType::Term(vocabulary) => {
            let mut words: Vec<String> = vocabulary
                .terms
                .iter()
                .flat_map(|t| std::iter::once(t.id).chain(t.names.iter().copied()))
                .map(str::to_string)
                .collect();
            words.push("unknown".to_string());
            proptest::sample::select(words).boxed()
        }
        ValueType::Metric => prop_oneof![
            Just("income_total".to_string()),
            Just("function:208".to_string()),
            Just("econ:301".to_string()),
            Just("three_public:reception".to_string()),
            Just("procurement:sme".to_string()),
            "[a-z_:0-9]{1,12}",
        ]
        .boxed(),
        ValueType::ImportUnit => Just(String::new()).boxed(),
    };
    if !noisy {
        return plausible;
    }
    let edge = match ty {
        ValueType::Year => prop_oneof!["[0-9]{2,5}", Just("2021年".to_string())].boxed(),
        ValueType::Count => prop_oneof!["-[0-9]", numberish()].boxed(),
        _ => numberish().boxed(),
    };
    prop_oneof![
        6 => plausible,
        2 => edge,
        1 => Just(String::new()),
        1 => "[\",\\r\\n\\t\u{0} ]{1,3}",
        1 => "\\PC{0,6}",
    ]
    .boxed()
}

/// One generated import file.
#[derive(Debug, Clone)]
struct CaseFile {
    kind: &'static Kind,
    tsv: bool,
    bytes: Vec<u8>,
}

fn quote(field: &str, delimiter: char) -> String {
    if field.contains([delimiter, '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Header names: the kind's English names, sometimes a Chinese alias, a
/// column dropped or an unknown one added.
fn case_file() -> impl Strategy<Value = CaseFile> {
    (0..KINDS.len(), any::<bool>(), any::<u64>(), any::<bool>())
        .prop_flat_map(|(k, tsv, seed, noisy)| {
            let kind: &'static Kind = KINDS[k];
            let columns: Vec<_> = kind
                .columns
                .iter()
                .filter(|c| !matches!(c.ty, ValueType::ImportUnit))
                .collect();
            let headers: Vec<String> = columns
                .iter()
                .enumerate()
                .map(|(i, c)| match (seed >> (i % 60)) & 3 {
                    1 => c.aliases.first().copied().unwrap_or(c.name).to_string(),
                    _ => c.name.to_string(),
                })
                .collect();
            let row = columns
                .iter()
                .map(|c| cell(c.ty, noisy))
                .collect::<Vec<_>>();
            (
                Just(kind),
                Just(tsv),
                Just(headers),
                proptest::collection::vec(row, 0..6),
                0u8..4, // encoding: UTF-8, UTF-8 with BOM, GB18030, UTF-8 with CRLF
                if noisy { 0u8..8 } else { 7u8..8 }, // structural damage; 7 is none
                any::<usize>(),
                any::<u8>(),
            )
        })
        .prop_map(|(kind, tsv, headers, rows, encoding, damage, at, byte)| {
            let delimiter = if tsv { '\t' } else { ',' };
            let separator = delimiter.to_string();
            let line_end = if encoding == 3 { "\r\n" } else { "\n" };
            let mut headers = headers;
            let mut rows = rows;
            match damage {
                0 if !headers.is_empty() => {
                    headers.remove(at % headers.len());
                }
                1 => headers.push("bogus".to_string()),
                // Two rows with one key: the second must be refused.
                7 if rows.len() > 1 && at % 4 == 0 => {
                    let first = rows[0].clone();
                    rows.push(first);
                }
                2 if !rows.is_empty() => {
                    let n = rows.len();
                    rows[at % n].push("extra".to_string());
                }
                3 if !rows.is_empty() => {
                    let n = rows.len();
                    rows[at % n].pop();
                }
                _ => {}
            }
            let mut text = headers.join(&separator) + line_end;
            for row in &rows {
                let fields: Vec<String> = row.iter().map(|f| quote(f, delimiter)).collect();
                text.push_str(&fields.join(&separator));
                text.push_str(line_end);
            }
            let mut bytes = match encoding {
                1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
                2 => encoding_rs::GB18030.encode(&text).0.into_owned(),
                _ => text.into_bytes(),
            };
            match damage {
                4 if !bytes.is_empty() => {
                    let n = bytes.len();
                    bytes[at % n] = byte;
                }
                5 => {
                    let n = bytes.len() + 1;
                    bytes.insert(at % n, byte);
                }
                6 if !bytes.is_empty() => {
                    let n = bytes.len();
                    bytes.truncate(at % n);
                }
                _ => {}
            }
            CaseFile { kind, tsv, bytes }
        })
}

/// A database holding the shipped data, made once and copied for each case.
fn template() -> &'static Path {
    static TEMPLATE: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    let (_, path) = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db = dir.path().join("template.db");
        let options = Options {
            paths: vec![PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/imports"
            ))],
            kind: None,
            unit: None,
            dry_run: false,
            force: false,
            ..Options::default()
        };
        import::import(&db, &options).expect("the shipped data imports");
        (dir, db)
    });
    path
}

/// Every row of every table, as text: equal fingerprints, equal data.
fn fingerprint(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("tables");
    let mut out = String::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT * FROM \"{table}\" ORDER BY {}",
                // `row_sources` has no rowid; its key comes first.
                if table == "row_sources" {
                    "1, 2"
                } else {
                    "rowid"
                }
            ))
            .expect("select");
        let width = stmt.column_count();
        let rows = stmt
            .query_map([], |row| {
                (0..width)
                    .map(|i| row.get::<_, rusqlite::types::Value>(i))
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .expect("rows");
        out.push_str(&table);
        for row in rows {
            out.push_str(&format!("{:?}\n", row.expect("row")));
        }
    }
    out
}

proptest! {
    #![proptest_config(config(64))]

    /// Random files through the real import: it never panics and never
    /// fails on its own account; it either imports (and a second run
    /// changes nothing) or reports located problems and leaves the
    /// database as it was.
    #[test]
    fn random_files_import_or_fail_cleanly_with_the_database_unchanged(case in case_file()) {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db = dir.path().join("budget.db");
        std::fs::copy(template(), &db).expect("copy the template");
        let name = format!("case.{}.{}", case.kind.name, if case.tsv { "tsv" } else { "csv" });
        let file = dir.path().join(&name);
        std::fs::write(&file, &case.bytes).expect("write the case");
        let before = fingerprint(&db);
        let options = Options {
            paths: vec![file.clone()],
            kind: None,
            unit: None,
            dry_run: false,
            force: false,
            ..Options::default()
        };
        let lines = case.bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u64 + 1;
        match import::import(&db, &options) {
            Ok(summary) => {
                // Read again (not skipped as unchanged), every row compared.
                let again = import::import(&db, &Options { force: true, ..options })
                    .map_err(|e| TestCaseError::fail(format!("second import failed: {e:?}")))?;
                for (first, second) in summary.files.iter().zip(&again.files) {
                    prop_assert_eq!(second.counts.rows, first.counts.rows);
                    prop_assert_eq!(second.counts.unchanged, first.counts.rows, "re-import changed rows");
                }
            }
            Err(Failure::Invalid(diagnostics)) => {
                prop_assert!(!diagnostics.is_empty());
                for d in &diagnostics {
                    prop_assert_eq!(&d.path, &file.display().to_string());
                    prop_assert!(d.line.unwrap_or(1) <= lines, "{} is past the end", d);
                    prop_assert!(!d.message.is_empty());
                }
                prop_assert_eq!(fingerprint(&db), before, "a failed import changed the database");
            }
            Err(Failure::Usage(message)) => prop_assert!(false, "usage error: {}", message),
            Err(Failure::Fatal(error)) => prop_assert!(false, "fatal error: {:#}", error),
        }
    }
}
