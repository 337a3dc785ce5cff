//! The command-line conventions sqlite-utils, xsv and DuckDB users expect:
//! short forms of --format, --no-headers, --quiet, completions, a man page,
//! `query NAME --help`.

mod common;

use common::{Run, Workspace};

fn run(ws: &Workspace, args: &[&str]) -> Run {
    Run::from(ws.command().args(args).output().expect("runs"))
}

fn ok(ws: &Workspace, args: &[&str]) -> String {
    let run = run(ws, args);
    run.assert_success();
    run.stdout
}

#[test]
fn short_forms_of_format_and_no_headers() {
    let ws = Workspace::seeded();
    let sql = "select 1 as a, 'x\ty' as b, 2.5 as c";
    assert_eq!(ok(&ws, &["sql", sql, "--csv"]), "a,b,c\r\n1,x\ty,2.50\r\n");
    assert_eq!(
        ok(&ws, &["sql", sql, "--csv", "--no-headers"]),
        "1,x\ty,2.50\r\n"
    );
    assert_eq!(
        ok(&ws, &["sql", "select 1 as a, 'x' as b", "--tsv"]),
        "a\tb\n1\tx\n"
    );
    assert_eq!(
        ok(&ws, &["sql", "select 1 as a union all select 2", "--nl"]),
        "{\"a\": 1}\n{\"a\": 2}\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&ws, &["sql", "select 1 as a", "--json"])).expect("json");
    assert_eq!(json[0]["a"], 1);
    assert_eq!(
        ok(&ws, &["sql", "select 1 as a", "--no-headers"]).trim(),
        "1",
        "table without its header lines"
    );
    // The same for saved queries and check.
    let tsv = ok(&ws, &["query", "three_public", "-p", "year=2021", "--tsv"]);
    assert!(tsv.starts_with("year\tdepartment\tcategory\t"), "{tsv}");
    let findings = run(&ws, &["check", "--nl"]);
    assert_eq!(findings.code, Some(1));
    for line in findings.stdout.lines() {
        let finding: serde_json::Value = serde_json::from_str(line).expect("one object a line");
        assert!(finding["rule"].is_string());
    }
    // Two formats at once are a usage error.
    run(&ws, &["sql", "select 1", "--csv", "--json"]).assert_code(2);
    run(&ws, &["sql", "select 1", "--csv", "--format", "json"]).assert_code(2);
}

#[test]
fn quiet_keeps_notes_off_stderr_but_not_errors() {
    let ws = Workspace::seeded();
    let loud = run(&ws, &["check"]);
    assert!(loud.stderr.contains("共 2 个错误"), "{}", loud.stderr);
    let quiet = run(&ws, &["--quiet", "check"]);
    quiet.assert_code(1);
    assert_eq!(quiet.stderr, "");
    assert_eq!(quiet.stdout, loud.stdout);
    let empty = run(&ws, &["-q", "query", "functions", "-p", "year=2020"]);
    empty.assert_success();
    assert_eq!(empty.stderr, "");
    let error = run(&ws, &["-q", "query", "summary", "-p", "year=2023"]);
    error.assert_code(1);
    assert!(
        error.stderr.contains("no data for year 2023"),
        "{}",
        error.stderr
    );
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    let ws = Workspace::new();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef budgetdb"),
        ("fish", "complete -c budgetdb"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[budgetdb]"),
    ] {
        let script = ok(&ws, &["completions", shell]);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(
            script.contains("three_public") || script.contains("check"),
            "{shell}"
        );
    }
    run(&ws, &["completions", "tcsh"]).assert_code(2);
    let man = ok(&ws, &["manpage"]);
    assert!(
        man.starts_with(".ie") || man.contains(".TH budgetdb 1"),
        "{man}"
    );
    assert!(man.contains("budgetdb"));
    assert!(!ws.db().exists(), "neither writes a database");
}

#[test]
fn query_help_shows_the_parameters_with_meaning_and_default() {
    let ws = Workspace::new();
    let help = ok(&ws, &["query", "functions", "--help"]);
    assert!(
        help.starts_with("functions: Expenditure by functional code"),
        "{help}"
    );
    assert!(
        help.contains("  fund        text     fund id or Chinese name"),
        "{help}"
    );
    assert!(help.contains("default: fiscal"), "{help}");
    assert!(
        help.contains("  year        integer  fiscal year"),
        "{help}"
    );
    assert!(help.contains("Defined in: built-in"), "{help}");
    let general = ok(&ws, &["query", "--help"]);
    assert!(general.contains("Usage: budgetdb query"), "{general}");
    assert!(general.contains("--no-headers"), "{general}");
    let unknown = run(&ws, &["query", "nope", "--help"]);
    unknown.assert_code(2);
    assert!(
        unknown.stderr.contains("no saved query \"nope\""),
        "{}",
        unknown.stderr
    );
}

#[test]
fn import_summary_and_problems_as_json() {
    let ws = Workspace::new();
    ws.write(
        "a.three_public.csv",
        "year,department,category,actual\n2021,甲局,reception,1.5\n",
    );
    let ok = ws.import(&["a.three_public.csv", "--format", "json"]);
    ok.assert_success();
    let summary: serde_json::Value = serde_json::from_str(&ok.stdout).expect("json");
    assert_eq!(summary["imported"], true);
    assert_eq!(summary["files"], 1);
    assert_eq!(summary["kinds"][0]["kind"], "three_public");
    assert_eq!(summary["kinds"][0]["inserted"], 1);
    ws.write(
        "b.three_public.csv",
        "year,department,category,actual\n2021,甲局,reception,abc\n",
    );
    let bad = ws.import(&["b.three_public.csv", "--format", "json"]);
    bad.assert_code(1);
    let problems: serde_json::Value = serde_json::from_str(&bad.stdout).expect("json");
    assert_eq!(problems["imported"], false);
    assert_eq!(problems["problems"][0]["path"], "b.three_public.csv");
    assert_eq!(problems["problems"][0]["line"], 2);
    assert_eq!(problems["problems"][0]["column"], 4);
    assert!(problems["problems"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("abc"));
}

fn with_stdin(ws: &Workspace, args: &[&str], input: impl Into<Vec<u8>>) -> Run {
    Run::from(
        ws.command()
            .args(args)
            .write_stdin(input)
            .output()
            .expect("runs"),
    )
}

#[test]
fn import_reads_standard_input_as_the_kind_given() {
    let ws = Workspace::seeded();
    let rows = "year,department,category,actual\n2021,标准输入测试局,reception,2.5\n";
    let imported = with_stdin(&ws, &["import", "-", "--kind", "three_public"], rows);
    imported.assert_success();
    assert_eq!(
        ws.scalar::<i64>("SELECT actual_fen FROM three_public WHERE department = '标准输入测试局'"),
        2_500_000
    );
    assert_eq!(
        ws.scalar::<String>("SELECT path FROM import_files ORDER BY id DESC LIMIT 1"),
        "<stdin>"
    );

    // Problems are located in <stdin>, and nothing is written.
    let before = ws.dump();
    let bad = "year,department,category,actual\n2021,标准输入测试局,reception,abc\n";
    let failed = with_stdin(&ws, &["import", "-", "--kind", "three_public"], bad);
    failed.assert_code(1);
    common::assert_message(&failed, "<stdin>:2:4", &["actual", "not a number"]);
    assert_eq!(ws.dump(), before);

    // A stream has no name to tell its kind by, and cannot be read twice.
    let no_kind = with_stdin(&ws, &["import", "-"], rows);
    no_kind.assert_code(2);
    assert!(
        no_kind.stderr.contains("needs --kind"),
        "{}",
        no_kind.stderr
    );
    let mixed = with_stdin(
        &ws,
        &["import", "-", "imports", "--kind", "three_public"],
        rows,
    );
    mixed.assert_code(2);
    assert!(mixed.stderr.contains("only path"), "{}", mixed.stderr);
    assert_eq!(ws.dump(), before);
}

#[test]
fn extract_reads_a_report_from_standard_input() {
    let ws = Workspace::new();
    let text = common::fixture("extract/nanchang-hrss-2021.txt");
    let from_file = {
        ws.write("report.txt", &text);
        let run = run(&ws, &["extract", "report.txt", "--out", "from-file"]);
        run.assert_success();
        ws.read("from-file/three_public.csv")
    };
    let piped = with_stdin(&ws, &["extract", "-", "--out", "piped"], text);
    piped.assert_success();
    assert_eq!(ws.read("piped/three_public.csv"), from_file);

    let empty = with_stdin(&ws, &["extract", "-", "--out", "empty"], "");
    empty.assert_code(1);
    assert!(
        empty.stderr.contains("<stdin>: nothing was read"),
        "{}",
        empty.stderr
    );
    assert!(!ws.path("empty").exists());
}
