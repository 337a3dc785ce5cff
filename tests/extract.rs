//! `budgetdb extract` through the binary: the seed report extracted,
//! imported, queried and checked against the hand-transcribed `imports/`;
//! and every way the input can be wrong.

mod common;

use std::path::Path;

use common::{fixture, Run, Workspace};

/// The seed report's text, as pdftotext wrote it.
const SEED: &str = "extract/nanchang-hrss-2021.txt";

fn extract(ws: &Workspace, input: &str, out: &str) -> Run {
    let mut command = ws.command();
    command.arg("extract").arg(input).arg("--out").arg(out);
    Run::from(command.output().expect("run budgetdb"))
}

fn query_csv(ws: &Workspace, args: &[&str]) -> String {
    let mut command = ws.command();
    command.arg("query").args(args).arg("--format").arg("csv");
    let run = Run::from(command.output().expect("run budgetdb"));
    run.assert_success();
    run.stdout
}

/// One workspace with the seed extracted and imported, one with the
/// shipped hand-made imports.
fn extracted_and_shipped() -> (Workspace, Workspace, Run) {
    let extracted = Workspace::new();
    extracted.write("report.txt", fixture(SEED));
    let run = extract(&extracted, "report.txt", "out");
    run.assert_success();
    extracted.import_ok(&["out"]);
    let shipped = Workspace::new();
    let imports = Path::new(env!("CARGO_MANIFEST_DIR")).join("imports");
    shipped.import_ok(&[imports.to_str().expect("a UTF-8 path")]);
    (extracted, shipped, run)
}

#[test]
fn the_seed_gives_the_same_figures_as_the_hand_transcribed_imports() {
    let (extracted, shipped, _) = extracted_and_shipped();
    for query in [
        &["summary"][..],
        &["summary", "-p", "year=2020"],
        &["three_public"],
        &["functions", "-p", "level=类"],
        &["economic"],
        &["income"],
        &["procurement"],
        &["operating_costs"],
        &["staff"],
    ] {
        let ours = query_csv(&extracted, query);
        assert_eq!(ours, query_csv(&shipped, query), "query {query:?}");
        assert!(ours.lines().count() > 1, "query {query:?} returned no rows");
    }
}

#[test]
fn evaluations_keep_the_scores_grades_and_evaluators_of_the_imports() {
    let (extracted, shipped, _) = extracted_and_shipped();
    let sql = "SELECT project, method, unit, evaluator, score, grade FROM evaluations ORDER BY project, method";
    let ours = extracted.rows(sql);
    // Units are stored under the names the report prints; the imports
    // resolve them through aliases to the same names here.
    assert_eq!(ours, shipped.rows(sql));
    let sql = "SELECT project, method, budget_initial_fen, budget_full_year_fen, executed_fen FROM evaluations WHERE project = '档案管理费项目'";
    assert_eq!(extracted.rows(sql), shipped.rows(sql));
}

#[test]
fn department_evaluation_indicators_match_where_the_outline_keeps_them() {
    let (extracted, shipped, _) = extracted_and_shipped();
    let sql =
        "SELECT level3, weight, score FROM indicators WHERE method = 'department' ORDER BY level3";
    assert_eq!(extracted.rows(sql), shipped.rows(sql));
    // Planned and achieved values, where the analysis states them.
    let stated = "SELECT level3, target, actual FROM indicators WHERE method = 'department' AND actual IS NOT NULL ORDER BY level3";
    let ours = extracted.rows(stated);
    assert_eq!(ours.len(), 4);
    let theirs = shipped.rows(stated);
    for row in &ours {
        assert!(theirs.contains(row), "{row:?} is not among {theirs:?}");
    }
    let totals: Vec<(f64, f64)> = vec![(
        extracted.scalar("SELECT SUM(weight) FROM indicators"),
        extracted.scalar("SELECT SUM(score) FROM indicators"),
    )];
    assert_eq!(totals, [(100.0, 96.0)]);
}

#[test]
fn check_finds_the_same_two_errors_as_on_the_imports() {
    let (extracted, shipped, _) = extracted_and_shipped();
    let errors = |ws: &Workspace| {
        let mut command = ws.command();
        command.args(["check", "--format", "json"]);
        let run = Run::from(command.output().expect("run budgetdb"));
        run.assert_code(1);
        let findings: serde_json::Value = serde_json::from_str(&run.stdout).expect("json findings");
        let mut errors: Vec<(String, String)> = findings
            .as_array()
            .expect("an array of findings")
            .iter()
            .filter(|f| f["severity"] == "error")
            .map(|f| (f["rule"].to_string(), f["subject"].to_string()))
            .collect();
        errors.sort();
        errors
    };
    let ours = errors(&extracted);
    assert_eq!(
        ours,
        [
            (
                "\"claim.change_pct\"".to_string(),
                "\"econ:310\"".to_string()
            ),
            (
                "\"claim.change_pct\"".to_string(),
                "\"three_public:outbound\"".to_string()
            ),
        ]
    );
    assert_eq!(ours, errors(&shipped));
}

#[test]
fn prints_what_it_found_and_missed_per_section_and_marks_prior_figures_as_derived() {
    let (extracted, _, run) = extracted_and_shipped();
    for expected in [
        "2021 南昌市人力资源和社会保障局",
        "收入决算 (income)",
        "income:fiscal is printed in 元 but read as 万元",
        "derived vehicle_operation actual = 0",
        "missing: indicators of 档案管理费项目 (self)",
        "reception 23 batches, 231 persons",
        "next: budgetdb import out",
    ] {
        assert!(
            run.stdout.contains(expected),
            "no {expected:?} in:\n{}",
            run.stdout
        );
    }
    let readme = String::from_utf8(extracted.read("out/prior/README.md")).expect("UTF-8");
    assert!(
        readme.contains(
            "| derived.reports.csv | income_total | 40986.32 | carryover_begin + income_current"
        ),
        "{readme}"
    );
    assert!(
        readme.contains(
            "| derived.economic_expenditures.csv | econ:310 | 3.00 | 14.90 − 11.9 (stated change) |"
        ),
        "{readme}"
    );
    let prior = String::from_utf8(extracted.read("out/prior/derived.reports.csv")).expect("UTF-8");
    assert!(
        prior.starts_with("year,department,region,unit_count,"),
        "{prior}"
    );
    assert!(
        prior.contains("2020,南昌市人力资源和社会保障局,"),
        "{prior}"
    );
}

#[test]
fn extracting_again_replaces_the_files_and_removes_stale_ones() {
    let ws = Workspace::new();
    ws.write(
        "stale/procurement.csv",
        "year,department,total\n2019,某局,1\n",
    );
    ws.write(
        "stale/prior/derived.three_public.csv",
        "year,department,category,actual\n2019,某局,reception,1\n",
    );
    ws.write("stale/notes.txt", "kept");
    ws.write(
        "small.txt",
        "某市某局2022年度部门决算\n一、收入决算情况说明\n本部门 2022 年度收入总计 10 万元，其中本年收入合计 10 万元。\n",
    );
    extract(&ws, "small.txt", "stale").assert_success();
    assert!(!ws.path("stale/procurement.csv").exists());
    assert!(!ws.path("stale/prior/derived.three_public.csv").exists());
    assert!(ws.path("stale/notes.txt").exists());
    let reports = String::from_utf8(ws.read("stale/reports.csv")).expect("UTF-8");
    assert!(reports.contains("2022,某市某局,"), "{reports}");
    ws.import_ok(&["stale"]);
    assert_eq!(
        ws.scalar::<i64>("SELECT income_total_fen FROM reports"),
        10_000_000
    );
}

#[test]
fn nothing_recognisable_is_a_data_failure_with_a_clear_message() {
    let ws = Workspace::new();
    ws.write("empty.txt", "");
    ws.write(
        "garbage.bin",
        (0..=255u8).cycle().take(5000).collect::<Vec<u8>>(),
    );
    ws.write("prose.txt", "这是一段没有任何数字的文字。\n第一部分 概况\n");
    for input in ["empty.txt", "garbage.bin", "prose.txt"] {
        let run = extract(&ws, input, "out");
        run.assert_code(1);
        assert!(
            run.stderr
                .contains("no figures of a 部门决算 were recognised"),
            "{input}: {}",
            run.stderr
        );
        assert!(!ws.path("out").exists(), "{input}: wrote files");
    }
}

/// A text with no full stop, over the sentence limit (1 MiB): when it is the
/// whole file the failure says the sentence was skipped, not only that
/// nothing was found; beside a report it is a note of the account.
#[test]
fn a_sentence_over_the_limit_is_named_whether_or_not_it_is_the_whole_file() {
    let ws = Workspace::new();
    // Folded, `，` is one byte: the 2 MiB read are over the limit.
    let long = "12.5万元，".repeat((2 << 20) / "12.5万元，".len());
    ws.write("long.txt", &long);
    let run = extract(&ws, "long.txt", "out");
    run.assert_code(1);
    let expected = "bytes, longer than the 1048576 read";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(!ws.path("out").exists(), "wrote files");

    let mut report = fixture(SEED);
    report.extend_from_slice(format!("\n{long}\n").as_bytes());
    ws.write("report.txt", report);
    let run = extract(&ws, "report.txt", "out");
    run.assert_success();
    assert!(run.stdout.contains(expected), "{}", run.stdout);
}

/// Found by `bench/fuzz`: a report holding characters import refuses
/// (an escape sequence, zero-width and bidirectional marks, a byte-order
/// mark, a bell) or a sentence longer than import's longest field
/// extracted into CSV files that import then refused.
#[test]
fn what_extract_writes_from_a_damaged_report_imports() {
    let ws = Workspace::new();
    let seed = String::from_utf8(fixture(SEED)).expect("UTF-8");
    let hostile = seed.replacen(
        "本部门 2021 年度收入总计",
        "本部门\u{1b}[31m 2021 年度\u{200b}收入\u{feff}总计\u{202e}\u{7}",
        1,
    );
    assert_ne!(hostile, seed);
    let long = seed.replacen(
        "本部门 2021 年度收入总计 134159.57 万元，",
        &format!(
            "本部门 2021 年度收入总计 134159.57 万元，{}",
            "说明".repeat(20_000)
        ),
        1,
    );
    assert_ne!(long, seed);
    for (name, text) in [("hostile.txt", hostile), ("long.txt", long)] {
        ws.write(name, text);
        let out = format!("out-{name}");
        extract(&ws, name, &out).assert_success();
        let claims = std::fs::read_to_string(ws.path(&out).join("claims.csv")).expect("claims.csv");
        assert!(
            claims.contains("134159.57"),
            "{name}: no income total claim"
        );
        ws.import_ok(&[&out]);
    }
}

/// Found by `bench/fuzz` (extract's time grew with the square of such a
/// sentence): each figure restated in a long sentence got a note quoting
/// the whole sentence. A note quotes its start.
#[test]
fn a_note_quotes_the_start_of_a_long_sentence_not_all_of_it() {
    let ws = Workspace::new();
    let sentence = "收入总计12.5万元，较上年增加1.5万元，收入总计13.5万元，".repeat(300);
    ws.write(
        "report.txt",
        format!("南昌市测试局2021年度部门决算\n{sentence}。\n"),
    );
    let run = extract(&ws, "report.txt", "out");
    run.assert_success();
    assert!(
        run.stdout.contains("is stated again with other figures"),
        "{}",
        run.stdout
    );
    let longest = run.stdout.lines().map(str::len).max().unwrap_or(0);
    assert!(
        longest < 2_000,
        "a line of {longest} bytes for a sentence of {}",
        sentence.len()
    );
}

/// Issue 12's mojibake, in extract's own decoder (found writing the
/// fuzzer's department check): UTF-8 Chinese in runs of an even number of
/// characters is valid GB18030 too (two bytes at a time), so a UTF-8
/// report with one damaged byte was read whole as GB18030, all mojibake,
/// and nothing was recognised. It is read as UTF-8, the damage replaced.
#[test]
fn a_utf8_report_with_a_damaged_byte_is_read_as_utf8() {
    let ws = Workspace::new();
    let text = "南昌市测试管理局2021年度部门决算\n第一部分 南昌市测试管理局部门概况\n\
                本部门的2021年度收入总计100.5万元，其中的本年收入合计90.5万元\n\
                本部门的2021年度支出总计100.5万元，其中的本年支出合计90.5万元\n";
    let mut bytes = text.as_bytes().to_vec();
    let at = text.find("收入总计").expect("the sentence");
    bytes[at] = 0xC5; // 收's lead byte: now invalid UTF-8, still valid GB18030
    assert!(std::str::from_utf8(&bytes).is_err());
    let (_, _, errors) = encoding_rs::GB18030.decode(&bytes);
    assert!(
        !errors,
        "the damaged text must be valid GB18030 for the test to mean anything"
    );
    ws.write("report.txt", bytes);
    let run = extract(&ws, "report.txt", "out");
    run.assert_success();
    let reports = std::fs::read_to_string(ws.path("out").join("reports.csv")).expect("reports.csv");
    assert!(reports.contains("2021,南昌市测试管理局"), "{reports}");
    assert!(reports.contains("100.5"), "{reports}");
}

#[test]
fn a_truncated_report_extracts_what_it_has() {
    let ws = Workspace::new();
    let seed = String::from_utf8(fixture(SEED)).expect("UTF-8");
    let cut: String = seed.lines().take(180).collect::<Vec<_>>().join("\n");
    ws.write("cut.txt", cut);
    let run = extract(&ws, "cut.txt", "out");
    run.assert_success();
    assert!(
        run.stdout.contains("missing: operating_costs"),
        "{}",
        run.stdout
    );
    ws.import_ok(&["out"]);
}

#[test]
fn usage_errors_and_pdfs() {
    let ws = Workspace::new();
    let run = extract(&ws, "missing.txt", "out");
    run.assert_code(2);
    assert!(
        run.stderr.contains("missing.txt: no such file"),
        "{}",
        run.stderr
    );
    let mut command = ws.command();
    command.args(["extract", "report.txt"]);
    Run::from(command.output().expect("run budgetdb")).assert_code(2);
    ws.write("report.txt", fixture(SEED));
    let mut command = ws.command();
    command.args(["extract", "report.txt", "--out", "out", "--year", "21"]);
    Run::from(command.output().expect("run budgetdb")).assert_code(2);
    // Not a real PDF: without pdftotext the message says how to get the
    // text; with it, pdftotext's own complaint is passed on.
    ws.write("report.pdf", "%PDF-1.4 not really");
    let run = extract(&ws, "report.pdf", "out");
    run.assert_code(1);
    assert!(run.stderr.contains("pdftotext"), "{}", run.stderr);
}

#[test]
fn year_and_department_can_be_given() {
    let ws = Workspace::new();
    ws.write("bare.txt", "本部门收入总计 10 万元。\n");
    let run = extract(&ws, "bare.txt", "out");
    run.assert_code(1);
    assert!(run.stderr.contains("--year"), "{}", run.stderr);
    let mut command = ws.command();
    command.args([
        "extract",
        "bare.txt",
        "--out",
        "out",
        "--year",
        "2022",
        "--department",
        "某局",
    ]);
    Run::from(command.output().expect("run budgetdb")).assert_success();
    ws.import_ok(&["out"]);
    assert_eq!(
        ws.scalar::<String>("SELECT department FROM reports WHERE year = 2022"),
        "某局"
    );
}

/// A report of another template, written for this test: amounts in 元 with
/// thousands spaces, 与上年相比/比上年/持平, sections reordered and missing,
/// a general-fund 类 list, 人员经费/公用经费 instead of economic 类, a page
/// number between paragraphs.
const VARIANT: &str = "extract/variant-yuan-2022.txt";

#[test]
fn another_template_in_yuan_extracts_imports_and_checks_clean() {
    let ws = Workspace::new();
    ws.write("report.txt", fixture(VARIANT));
    let run = extract(&ws, "report.txt", "out");
    run.assert_success();
    assert!(
        run.stdout.contains("basic:personnel 520.00"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("missing: income_total; carryover_begin"),
        "{}",
        run.stdout
    );
    ws.import_ok(&["out"]);
    let fen = |sql: &str| ws.scalar::<i64>(sql);
    assert_eq!(
        fen("SELECT income_current_fen FROM reports WHERE year = 2022"),
        825_000_000
    );
    assert_eq!(
        fen("SELECT income_current_fen FROM reports WHERE year = 2021"),
        860_000_000
    );
    assert_eq!(fen("SELECT staff_total FROM reports WHERE year = 2022"), 42);
    assert_eq!(
        ws.rows("SELECT source, amount_fen FROM income ORDER BY source"),
        ws.rows("SELECT 'fiscal', 800000000 UNION ALL SELECT 'other', 25000000")
    );
    assert_eq!(
        ws.rows("SELECT year, fund, code, total_fen FROM expenditures ORDER BY year, code"),
        ws.rows(
            "VALUES (2021, 'general', '213', 680000000), (2021, 'general', '221', 90000000), \
             (2022, 'general', '213', 700000000), (2022, 'general', '221', 90000000)"
        )
    );
    let three_public = query_csv(&ws, &["three_public", "-p", "year=2022"]);
    assert!(
        three_public.contains("公务用车运行维护费,,3.00,,3.50,-0.50,-14.29"),
        "{three_public}"
    );
    assert!(
        three_public.contains("合计,,3.60,,4.00,-0.40,-10.00"),
        "{three_public}"
    );
    assert_eq!(
        fen("SELECT batches FROM three_public WHERE year = 2022 AND category = 'reception'"),
        12
    );
    // A stated amount in 元 keeps its precision: 2 decimals of 元 are 6 of 万元.
    assert_eq!(
        fen("SELECT value_decimals FROM claims WHERE metric = 'operating_costs'"),
        6
    );
    assert_eq!(
        fen("SELECT change_fen FROM claims WHERE metric = 'three_public:outbound'"),
        0
    );
    let mut command = ws.command();
    command.arg("check");
    let check = Run::from(command.output().expect("run budgetdb"));
    check.assert_success();
}

#[test]
fn whatever_extract_writes_imports() {
    let seed = String::from_utf8(fixture(SEED)).expect("UTF-8");
    let lines: Vec<&str> = seed.lines().collect();
    for n in 1..=8 {
        let ws = Workspace::new();
        let start = lines.len() * (n - 1) / 10;
        let end = lines.len() * (n + 2) / 10;
        ws.write("part.txt", lines[start..end.min(lines.len())].join("\n"));
        let mut command = ws.command();
        command.args([
            "extract",
            "part.txt",
            "--out",
            "out",
            "--year",
            "2021",
            "--department",
            "某局",
        ]);
        let run = Run::from(command.output().expect("run budgetdb"));
        match run.code {
            Some(0) => {
                ws.import_ok(&["out"]);
            }
            Some(1) => assert!(
                run.stderr.contains("no figures"),
                "lines {start}..{end}: {}",
                run.stderr
            ),
            _ => panic!("lines {start}..{end}: {run:?}"),
        }
    }
}

#[test]
fn derived_files_are_named_so_in_the_import_log() {
    let (extracted, _, _) = extracted_and_shipped();
    let paths: Vec<String> = extracted
        .rows("SELECT path FROM import_files WHERE path LIKE '%prior%' ORDER BY path")
        .into_iter()
        .map(|row| format!("{:?}", row[0]))
        .collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(
        paths.iter().all(|p| p.contains("prior/derived.")),
        "{paths:?}"
    );
}

#[test]
fn the_account_says_what_was_not_attributed_and_why() {
    let ws = Workspace::new();
    ws.write("report.txt", fixture("narratives/19-sichuan-2023-unit.txt"));
    let run = extract(&ws, "report.txt", "out");
    run.assert_success();
    for expected in [
        "not recorded: 3.46 stated for 2022 (another year than the report's) was left out",
        "basic:personnel 489.18",
    ] {
        assert!(
            run.stdout.contains(expected),
            "no {expected:?} in:\n{}",
            run.stdout
        );
    }
    ws.write(
        "report.txt",
        fixture("narratives/07-guangdong-2017-zhanjiang.txt"),
    );
    let run = extract(&ws, "report.txt", "out");
    assert!(
        run.stdout
            .contains("not recorded: 5 after \"购置及运行维护费\": no subject the reader knows"),
        "{}",
        run.stdout
    );
}
