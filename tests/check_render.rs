//! `check` for a person at a terminal: blocks and a compact table that fit
//! the width, subjects in Chinese, a few findings per rule with a count.

mod common;

use common::{Run, Workspace};
use unicode_width::UnicodeWidthStr;

fn run(ws: &Workspace, args: &[&str]) -> Run {
    ws.check(args)
}

fn assert_fits(text: &str, width: usize) {
    for line in text.lines() {
        assert!(line.width() <= width, "{} cells: {line}", line.width());
    }
}

#[test]
fn blocks_on_the_shipped_data_fit_100_cells_with_chinese_subjects() {
    let ws = Workspace::seeded();
    let json = run(&ws, &["--format", "json"]);
    let all: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let count = all.as_array().expect("array").len();
    assert!(count >= 8, "{count}");
    let blocks = run(&ws, &["--format", "blocks", "--width", "100"]);
    blocks.assert_code(1);
    assert_fits(&blocks.stdout, 100);
    // Every finding shown, each with its subject in Chinese.
    assert_eq!(
        blocks.stdout.matches("  --> ").count(),
        count,
        "{}",
        blocks.stdout
    );
    for subject in ["资本性支出 (310)", "因公出国（境）费", "自评项目资金"] {
        assert!(
            blocks.stdout.contains(subject),
            "{subject}: {}",
            blocks.stdout
        );
    }
    assert!(blocks
        .stdout
        .contains("== 2021年度 南昌市人力资源和社会保障局"));
    assert!(blocks
        .stdout
        .contains("错误[claim.change_pct]: 陈述的增减率与计算不符"));
    assert!(blocks
        .stdout
        .contains("  陈述 397.67  计算 396.67  差额 1.00"));
    assert!(blocks.stdout.contains("  原文 “资本性支出14.90万元"));
    assert!(!blocks.stdout.contains("econ:310"), "{}", blocks.stdout);
    assert!(
        blocks.stderr.contains("claim.change_pct: 2 个错误"),
        "{}",
        blocks.stderr
    );
    assert!(
        blocks.stderr.contains("\n共 2 个错误，0 个警告，"),
        "{}",
        blocks.stderr
    );

    // The compact table fits too, at the default width when not a terminal.
    let table = run(&ws, &["--format", "table"]);
    assert_fits(&table.stdout, 100);
    assert_eq!(table.stdout.lines().count(), count + 2, "{}", table.stdout);
    // $COLUMNS gives the width when there is no terminal and no --width.
    let narrow = Run::from(
        ws.command()
            .args(["check", "--format", "blocks"])
            .env("COLUMNS", "60")
            .output()
            .expect("runs"),
    );
    assert_fits(&narrow.stdout, 60);
    assert!(
        narrow.stdout.lines().any(|l| l.width() > 50),
        "uses the width"
    );

    // English on request; ids stay as they are.
    let english = run(&ws, &["--format", "blocks", "--lang", "en"]);
    assert_fits(&english.stdout, 100);
    assert!(
        english.stdout.contains("error[claim.change_pct]"),
        "{}",
        english.stdout
    );
    assert!(english.stdout.contains("econ:310: 资本性支出 (310)"));
    assert!(
        english.stderr.contains("claim.change_pct: 2 errors")
            && english.stderr.contains("\n2 errors, 0 warnings, "),
        "{}",
        english.stderr
    );
}

#[test]
fn a_few_findings_per_rule_unless_all() {
    let ws = Workspace::new();
    let mut rows = String::from("year,department,code,total\n");
    for i in 0..12 {
        rows.push_str(&format!("2021,甲局,9{i:02},1\n"));
    }
    ws.write("e.expenditures.csv", rows);
    ws.import_ok(&["e.expenditures.csv"]);
    let blocks = run(&ws, &["--format", "blocks"]);
    blocks.assert_success();
    assert_eq!(
        blocks
            .stdout
            .matches("警告[hierarchy.unknown_code]")
            .count(),
        5
    );
    assert!(
        blocks
            .stderr
            .contains("hierarchy.unknown_code: 12 个警告，只显示前 5 个（--all 显示全部）"),
        "{}",
        blocks.stderr
    );
    let all = run(&ws, &["--format", "blocks", "--all"]);
    assert_eq!(
        all.stdout.matches("警告[hierarchy.unknown_code]").count(),
        12
    );
    assert!(
        all.stderr.contains("hierarchy.unknown_code: 12 个警告\n"),
        "{}",
        all.stderr
    );
    // Scripts get every finding, every field.
    let csv = run(&ws, &["--format", "csv"]);
    assert_eq!(csv.stdout.lines().count(), 13);
    assert!(csv.stdout.starts_with(
        "severity,rule,year,department,subject,expected,found,difference,case,text,subject_label,source,file,line,locations\r\n"
    ));
}

/// The words of a block a reader reads (subject, why) hold no English:
/// every id a rule writes (`reports.income_total`, `fund_accounts general`,
/// `fiscal, superior`) is put in the report's words.
#[test]
fn subjects_and_reasons_speak_chinese_on_every_kind_of_finding() {
    for fixture in ["shipped", "every_kind", "sample"] {
        if fixture == "sample" && common::no_pdftotext() {
            continue;
        }
        let ws = match fixture {
            "shipped" => Workspace::seeded(),
            "every_kind" => {
                let ws = Workspace::new();
                common::copy_dir(
                    &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("tests/fixtures/every_kind"),
                    &ws.path("every_kind"),
                );
                ws.import_ok(&["every_kind"]);
                ws
            }
            _ => {
                let ws = Workspace::new();
                ws.write("report.pdf", common::fixture("tables/putuo-shgzb-2024.pdf"));
                Run::from(
                    ws.command()
                        .args(["extract", "report.pdf", "--out", "out"])
                        .output()
                        .expect("runs"),
                )
                .assert_success();
                ws.import_ok(&["out"]);
                ws
            }
        };
        let blocks = run(&ws, &["--format", "blocks", "--width", "100", "--all"]);
        assert!(
            blocks.stdout.contains("  事项 "),
            "{fixture}: {}",
            blocks.stdout
        );
        let mut english = Vec::new();
        for line in blocks.stdout.lines() {
            let read = line.starts_with("  事项 ") || line.starts_with("  原因 ");
            let has_word = line
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| w.len() >= 3);
            if read && has_word {
                english.push(line.to_string());
            }
        }
        assert!(english.is_empty(), "{fixture}: {english:#?}");
    }
}
