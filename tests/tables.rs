//! The standard tables through the binary: the real sample PDF (nine
//! tables, three of them empty) extracted, imported and checked, every one
//! of its figures found in the database; and the inputs a table reader
//! must refuse. The PDF tests need pdftotext (poppler-utils), which `.ci/run`
//! installs; without it they are skipped (see `common::no_pdftotext`).

mod common;

use common::{fixture, Run, Workspace};

const SAMPLE: &str = "tables/putuo-shgzb-2024.pdf";

fn extract(ws: &Workspace, input: &str, out: &str) -> Run {
    let mut command = ws.command();
    command.arg("extract").arg(input).arg("--out").arg(out);
    Run::from(command.output().expect("run budgetdb"))
}

fn sample_imported() -> (Workspace, Run) {
    let ws = Workspace::new();
    ws.write("report.pdf", fixture(SAMPLE));
    let run = extract(&ws, "report.pdf", "out");
    run.assert_success();
    ws.import_ok(&["out"]);
    (ws, run)
}

/// 分 of a printed 万元 amount.
fn fen(printed: &str) -> i64 {
    let (whole, fraction) = printed.split_once('.').unwrap_or((printed, ""));
    let fraction = format!("{fraction:0<6}");
    whole.parse::<i64>().unwrap() * 1_000_000 + fraction.parse::<i64>().unwrap()
}

#[test]
fn every_figure_of_the_sample_lands_under_its_kind_key_and_column() {
    if common::no_pdftotext() {
        return;
    }
    let (ws, _) = sample_imported();
    let expected = String::from_utf8(fixture("tables/putuo-shgzb-2024.figures.tsv"))
        .expect("the figure list is UTF-8");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for line in expected.lines().filter(|l| !l.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [table, page, key, column, printed, sql] = fields[..] else {
            panic!("a malformed line: {line}");
        };
        let stored: Option<i64> = ws.scalar(sql);
        if stored != Some(fen(printed)) {
            wrong.push(format!(
                "{table} {page} {key} {column} {printed}: {stored:?} from {sql}"
            ));
        }
        checked += 1;
    }
    assert_eq!(checked, 205);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_sample_says_which_tables_it_carries_and_where_each_row_came_from() {
    if common::no_pdftotext() {
        return;
    }
    let (ws, run) = sample_imported();
    let disclosures = ws.rows("SELECT title, status, page FROM disclosures ORDER BY page");
    let statuses: Vec<String> = disclosures
        .iter()
        .map(|r| format!("{:?} {:?} {:?}", r[0], r[1], r[2]))
        .collect();
    assert_eq!(statuses.len(), 9, "{statuses:?}");
    let empty: i64 = ws.scalar("SELECT count(*) FROM disclosures WHERE status = 'empty'");
    assert_eq!(empty, 3);
    let empty_titles: String = ws.scalar(
        "SELECT group_concat(title, ',') FROM (SELECT title FROM disclosures WHERE status = 'empty' ORDER BY page)",
    );
    assert_eq!(
        empty_titles,
        "财政拨款“三公”经费支出决算表,政府性基金预算财政拨款收入支出决算表,国有资本经营预算财政拨款收入支出决算表"
    );
    let source: String =
        ws.scalar("SELECT source FROM expenditures WHERE fund = 'all' AND code = '2080505'");
    assert_eq!(source, "report.pdf p.8 支出决算表");
    let source: String =
        ws.scalar("SELECT source FROM expenditures WHERE fund = 'fiscal' AND code = '221'");
    assert_eq!(source, "report.pdf p.11 财政拨款收入支出决算总表");
    let provenance: String =
        ws.scalar("SELECT provenance FROM income WHERE source = 'fiscal' AND code = '2210203'");
    assert_eq!(provenance, "report.pdf p.7 收入决算表");
    assert!(
        run.stdout.contains("决算表 (the standard tables)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("财政拨款“三公”经费支出决算表 p.14 (empty)"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_sample_tables_hold_their_own_identities() {
    if common::no_pdftotext() {
        return;
    }
    let (ws, _) = sample_imported();
    let mut command = ws.command();
    command.args(["check", "--format", "json"]);
    let run = Run::from(command.output().expect("run budgetdb"));
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).expect("check's json");
    let errors: Vec<String> = findings
        .as_array()
        .expect("an array of findings")
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| format!("{} {}", f["rule"], f["subject"]))
        .collect();
    // The narrative states growth of 100% on a prior of zero twice: those
    // are the text's errors; no table identity is charged.
    assert!(
        errors.iter().all(|e| e.starts_with("\"claim.")),
        "{errors:#?}"
    );
}

/// Every figure a reading found: `TABLE SIDE KEY COLUMN 分`, sorted.
fn figures_of(read: &budgetdb::extract::tables::Read) -> Vec<String> {
    use budgetdb::extract::model::LineKey;
    let mut out: Vec<String> = read
        .tables
        .iter()
        .flat_map(|t| {
            t.lines.iter().flat_map(move |l| {
                let key = match &l.key {
                    LineKey::Code(c) => format!("code:{c}"),
                    LineKey::Total => "total".to_string(),
                    LineKey::Item(i) => format!("item:{i}"),
                };
                l.amounts.iter().map(move |(column, stated)| {
                    format!(
                        "{}\t{}\t{key}\t{column}\t{}",
                        t.id.title(),
                        l.side,
                        stated.fen
                    )
                })
            })
        })
        .collect();
    out.sort();
    out
}

/// The figures a generator wrote, in the same form.
fn figures_written(layout: &str) -> Vec<String> {
    let text = String::from_utf8(fixture(&format!("tables/generated/{layout}.figures.tsv")))
        .expect("UTF-8");
    let mut out: Vec<String> = text
        .lines()
        .map(|line| {
            let (rest, amount) = line.rsplit_once('\t').expect("five fields");
            format!("{rest}\t{}", fen(amount))
        })
        .collect();
    out.sort();
    out
}

fn differences(found: &[String], written: &[String]) -> String {
    let missing: Vec<&String> = written.iter().filter(|w| !found.contains(w)).collect();
    let extra: Vec<&String> = found.iter().filter(|f| !written.contains(f)).collect();
    format!("missing {missing:#?}\nextra {extra:#?}")
}

fn pdf_words(relative: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative);
    let output = std::process::Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(output.status.success(), "pdftotext {}", path.display());
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn generated_workbooks_round_trip_figure_for_figure() {
    // three-columns.xls: the same workbook saved by LibreOffice as Excel 97;
    // one-column.ods as OpenDocument, its merged header cells read from the
    // archive's content.xml (calamine gives none for .ods).
    for (layout, extension) in [
        ("one-column", "xlsx"),
        ("three-columns", "xlsx"),
        ("three-columns", "xls"),
        ("one-column", "ods"),
    ] {
        let bytes = fixture(&format!("tables/generated/{layout}.{extension}"));
        let (read, _) = budgetdb::extract::tables::from_workbook("book.xlsx", bytes).unwrap();
        assert_eq!(read.errors, Vec::<String>::new(), "{layout}");
        let (found, written) = (figures_of(&read), figures_written(layout));
        assert!(
            found == written,
            "{layout}.xlsx: {}",
            differences(&found, &written)
        );
    }
}

#[test]
fn their_libreoffice_pdfs_round_trip_figure_for_figure() {
    if common::no_pdftotext() {
        return;
    }
    for layout in ["one-column", "three-columns"] {
        let words = pdf_words(&format!("tables/generated/{layout}.pdf"));
        let read = budgetdb::extract::tables::from_pdf("book.pdf", &words).unwrap();
        assert_eq!(read.errors, Vec::<String>::new(), "{layout}");
        let (found, written) = (figures_of(&read), figures_written(layout));
        assert!(
            found == written,
            "{layout}.pdf: {}",
            differences(&found, &written)
        );
    }
}

#[test]
fn generated_reports_extract_import_and_check_without_an_error() {
    for file in [
        "one-column.xlsx",
        "three-columns.xlsx",
        "one-column.pdf",
        "three-columns.pdf",
    ] {
        if file.ends_with(".pdf") && common::no_pdftotext() {
            continue;
        }
        let ws = Workspace::new();
        ws.write(file, fixture(&format!("tables/generated/{file}")));
        let run = extract(&ws, file, "out");
        run.assert_success();
        assert!(
            run.stdout.starts_with("2024 某区示范局"),
            "{file}: {}",
            run.stdout
        );
        ws.import_ok(&["out"]);
        let mut command = ws.command();
        command.args(["check", "--format", "json"]);
        let check = Run::from(command.output().expect("run budgetdb"));
        assert_eq!(check.code, Some(0), "{file}: {}", check.stdout);
        let present: i64 = ws.scalar("SELECT count(*) FROM disclosures WHERE status = 'present'");
        assert_eq!(present, 8, "{file}");
        let source: String =
            ws.scalar("SELECT source FROM expenditures WHERE fund = 'all' AND code = '2210203'");
        if file.ends_with(".pdf") {
            // 支出决算表 goes on to another page; its last line is printed there.
            let first: i64 = ws.scalar("SELECT page FROM disclosures WHERE title = '支出决算表'");
            let page: i64 = source
                .strip_prefix(&format!("{file} p."))
                .and_then(|rest| rest.strip_suffix(" 支出决算表"))
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{file}: {source}"));
            assert!(
                page > first,
                "{file}: {source}, the table starts on p.{first}"
            );
        } else {
            assert!(
                source.starts_with(&format!("{file} 支出决算表!A")),
                "{file}: {source}"
            );
        }
    }
}

/// Runs extract on a bad input: exit 1, the message, and no file written.
fn refused(name: &str, bytes: Vec<u8>) -> String {
    let ws = Workspace::new();
    ws.write(name, bytes);
    let run = extract(&ws, name, "out");
    assert_eq!(run.code, Some(1), "{name}: {run:?}");
    assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
    assert!(!ws.path("out").exists(), "{name}: wrote files");
    run.stderr
}

#[test]
fn bad_inputs_are_refused_with_the_place_and_nothing_written() {
    if !common::no_pdftotext() {
        let sample = fixture(SAMPLE);
        let cut = refused("cut.pdf", sample[..30_000].to_vec());
        assert!(
            cut.contains("cut.pdf: the PDF is damaged or not a PDF"),
            "{cut}"
        );
        let locked = refused("locked.pdf", fixture("tables/bad/encrypted.pdf"));
        assert!(
            locked.contains("locked.pdf: the PDF is encrypted"),
            "{locked}"
        );
        let scan = refused("scan.pdf", fixture("tables/bad/no-text.pdf"));
        assert!(
            scan.contains("scan.pdf: its 2 page(s) have no text layer"),
            "{scan}"
        );
    }
    let zip = refused("book.xlsx", fixture("tables/bad/renamed-zip.xlsx"));
    assert!(
        zip.contains("book.xlsx: this is a zip archive but not an Excel workbook"),
        "{zip}"
    );
    // calamine indexes past the end of a damaged stream: a panic inside it
    // is this file refused, as `import` refuses it.
    let damaged = refused("damaged.xls", fixture("tables/bad/damaged.xls"));
    assert!(
        damaged.contains("damaged.xls: cannot read the workbook: the workbook is damaged"),
        "{damaged}"
    );
    let merged = refused("merged.xlsx", fixture("tables/bad/merged-across-data.xlsx"));
    assert!(
        merged.contains("merged.xlsx 支出决算表!C6: a merged cell across the lines of 支出决算表"),
        "{merged}"
    );
    let unknown = refused("unknown.xlsx", fixture("tables/bad/unknown-column.xlsx"));
    assert!(
        unknown.contains("unknown.xlsx 支出决算表 支出决算表: the figure 1 is in a column the tool cannot place (header \"调整数\")"),
        "{unknown}"
    );
}

#[test]
fn a_pdf_piped_in_reads_as_the_same_pdf_on_disk() {
    if common::no_pdftotext() {
        return;
    }
    let ws = Workspace::new();
    ws.write("report.pdf", fixture(SAMPLE));
    extract(&ws, "report.pdf", "from-file").assert_success();
    let piped = Run::from(
        ws.command()
            .args(["extract", "-", "--out", "piped"])
            .write_stdin(fixture(SAMPLE))
            .output()
            .expect("run budgetdb"),
    );
    piped.assert_success();
    let from_file = String::from_utf8(ws.read("from-file/expenditures.csv")).expect("UTF-8");
    let from_pipe = String::from_utf8(ws.read("piped/expenditures.csv")).expect("UTF-8");
    // The same figures; the source names standard input.
    assert_eq!(from_pipe, from_file.replace("report.pdf p.", "<stdin> p."));
    assert!(from_pipe.contains("<stdin> p."), "{from_pipe}");
}

#[test]
fn the_sample_narrative_counts_its_vehicles_and_equipment_as_assets() {
    if common::no_pdftotext() {
        return;
    }
    let (ws, run) = sample_imported();
    let items: String = ws.scalar(
        "SELECT group_concat(line, '; ') FROM (SELECT item || ' ' || quantity || measure \
         || ifnull(' ' || value_fen, '') AS line FROM assets ORDER BY rowid)",
    );
    assert_eq!(
        items,
        "车辆总数 0.0辆; 部级领导干部用车 0.0辆; 主要领导干部用车 0.0辆; 机要通信用车 0.0辆; \
         应急保障用车 0.0辆; 执法执勤用车 0.0辆; 特种专业技术用车 0.0辆; 离退休干部用车 0.0辆; \
         其他用车 0.0辆; 单价100万元(含)以上设备(不含车辆) 0.0台(套)"
    );
    assert!(
        run.stdout
            .contains("国有资产占用 (assets)\n  found:   车辆总数 0辆; 部级领导干部用车 0辆"),
        "{}",
        run.stdout
    );
}

/// The optional tables' figures as extract wrote them: `KIND ITEM COLUMN
/// VALUE`, amounts and counts in 分 of 万元 (a count n as n × 10⁶), sorted.
fn optional_figures_written(ws: &Workspace, out: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (kind, columns) in [
        ("assets", &["quantity", "measure", "value"][..]),
        (
            "procurement",
            &["total", "goods", "works", "services", "sme", "small_micro"][..],
        ),
        ("reports", &["operating_costs"][..]),
    ] {
        let path = format!("{out}/{kind}.csv");
        if !ws.path(&path).exists() {
            continue;
        }
        let bytes = ws.read(&path);
        let mut reader = csv::Reader::from_reader(&bytes[..]);
        let headers = reader.headers().expect("a header").clone();
        for record in reader.records() {
            let record = record.expect("a CSV row");
            let cell = |name: &str| {
                headers
                    .iter()
                    .position(|h| h == name)
                    .and_then(|i| record.get(i))
                    .unwrap_or_default()
                    .to_string()
            };
            let item = if kind == "assets" {
                cell("item")
            } else {
                String::new()
            };
            for column in columns {
                let value = cell(column);
                if value.is_empty() {
                    continue;
                }
                let value = if *column == "measure" {
                    value
                } else {
                    fen(&value).to_string()
                };
                found.push(format!("{kind}\t{item}\t{column}\t{value}"));
            }
        }
    }
    found.sort();
    found
}

fn optional_figures_expected(layout: &str) -> Vec<String> {
    let text = String::from_utf8(fixture(&format!("tables/generated/{layout}.expected.tsv")))
        .expect("UTF-8");
    let mut out: Vec<String> = text
        .lines()
        .map(|line| {
            let (rest, value) = line.rsplit_once('\t').expect("four fields");
            if rest.ends_with("\tmeasure") {
                line.to_string()
            } else {
                format!("{rest}\t{}", fen(value))
            }
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_optional_tables_round_trip_through_workbook_and_pdf_then_check_clean() {
    for layout in ["optional-down", "optional-combined", "optional-across"] {
        for extension in ["xlsx", "pdf"] {
            if extension == "pdf" && common::no_pdftotext() {
                continue;
            }
            let file = format!("{layout}.{extension}");
            let ws = Workspace::new();
            ws.write(&file, fixture(&format!("tables/generated/{file}")));
            let run = extract(&ws, &file, "out");
            run.assert_success();
            let (found, written) = (
                optional_figures_written(&ws, "out"),
                optional_figures_expected(layout),
            );
            assert!(written.len() >= 6, "{layout}: {written:?}");
            assert!(
                found == written,
                "{file}: {}\n{}",
                differences(&found, &written),
                run.stdout
            );
            ws.import_ok(&["out"]);
            let check = ws.check(&["--format", "json"]);
            assert_eq!(check.code, Some(0), "{file}: {}", check.stdout);
            let findings: serde_json::Value =
                serde_json::from_str(&check.stdout).expect("check's json");
            let errors = findings
                .as_array()
                .expect("an array of findings")
                .iter()
                .filter(|f| f["severity"] == "error")
                .count();
            assert_eq!(errors, 0, "{file}: {}", check.stdout);
            let present: String = ws.scalar(
                "SELECT group_concat(title, ',') FROM (SELECT title FROM disclosures \
                 WHERE status = 'present' ORDER BY title)",
            );
            let expected = match layout {
                "optional-across" => "国有资产占用情况表,政府采购情况表",
                _ => "国有资产占用情况表,政府采购情况表,机关运行经费支出决算表",
            };
            assert_eq!(present, expected, "{file}");
            let empty: String = ws.scalar(
                "SELECT ifnull(group_concat(title, ','), '') FROM disclosures WHERE status = 'empty'",
            );
            let expected = if layout == "optional-across" {
                "机关运行经费支出决算表"
            } else {
                ""
            };
            assert_eq!(empty, expected, "{file}");
        }
    }
}
