//! `budgetdb report`: the page of the shipped data, years in every chart,
//! one year, unknown and empty departments, escaping, `--all`.

mod common;

use std::fmt::Write as _;

use common::{Run, Workspace};

const NANCHANG: &str = "南昌市人力资源和社会保障局";

fn report(ws: &Workspace, args: &[&str]) -> Run {
    let mut command = ws.command();
    command.arg("report").args(args);
    Run::from(command.output().expect("run budgetdb"))
}

/// The page `report` writes for `args` (to standard output).
fn page(ws: &Workspace, args: &[&str]) -> String {
    let run = report(ws, args);
    run.assert_success();
    run.stdout
}

/// The SVG of the chart in `<figure id="ID">`.
fn chart<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<figure id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let rest = &html[start..];
    &rest[..rest.find("</figure>").expect("figure closes")]
}

const CHARTS: [&str; 5] = [
    "chart-totals",
    "chart-basic-project",
    "chart-three-public",
    "chart-operating-costs",
    "chart-classes",
];

#[test]
fn shipped_report_shows_headline_figures_tables_and_every_finding() {
    let ws = Workspace::seeded();
    let html = page(&ws, &["--department", "南昌市人社局"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.contains(&format!("<h1>{NANCHANG}</h1>")),
        "alias resolved"
    );
    // Headline figures with the year before and the change (万元, grouped).
    for figure in [
        "134,159.57",
        "40,986.32",
        "93,173.25",
        "227.33",
        "221.16",
        "-121.47",
    ] {
        assert!(html.contains(&format!(">{figure}<")), "{figure} missing");
    }
    // 三公 execution, procurement SME share, evaluation scores.
    assert!(
        html.contains(">5.11<") && html.contains(">4.07<"),
        "三公 execution"
    );
    assert!(
        html.contains(">14.94<") && html.contains(">14.30<"),
        "SME shares"
    );
    assert!(html.contains("档案管理费项目") && html.contains(">97<"));
    for id in CHARTS {
        let svg = chart(&html, id);
        assert!(
            svg.contains("<svg") && svg.contains(">2020</text>") && svg.contains(">2021</text>"),
            "{id}"
        );
    }
    // Every finding of `check`, with its sentence, escaped as HTML.
    let mut check = ws.command();
    check.args(["check", "--format", "json"]);
    let run = Run::from(check.output().expect("run check"));
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).expect("check json");
    let findings = findings.as_array().expect("an array");
    assert!(findings.len() >= 8);
    assert_eq!(
        html.matches("<article class=\"finding ").count(),
        findings.len()
    );
    for finding in findings {
        let rule = finding["rule"].as_str().unwrap_or_default();
        let subject = finding["subject"].as_str().unwrap_or_default();
        let article = format!(
            "<article class=\"finding {}\" data-rule=\"{rule}\" data-year=\"{}\" data-subject=\"{subject}\">",
            finding["severity"].as_str().unwrap_or_default(),
            finding["year"]
        );
        assert_eq!(html.matches(&article).count(), 1, "{article}");
        if let Some(label) = finding["subject_label"].as_str() {
            assert!(html.contains(label), "subject label {label}");
        }
        if let Some(source) = finding["source"].as_str() {
            assert!(html.contains(&format!("来源：{source}")), "source {source}");
        }
        if let Some(text) = finding["text"].as_str() {
            let escaped = text.replace('&', "&amp;").replace('"', "&quot;");
            assert!(html.contains(&escaped), "sentence missing: {text}");
        }
    }
    assert!(html.contains("错误 2 · 警告 0 · 提示 6"));
    // Self-contained: nothing to fetch (the SVG namespace is a name, not a fetch).
    let fetchable = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!fetchable.contains("http:") && !fetchable.contains("https:"));
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("src="));
}

#[test]
fn writes_the_file_given_and_shows_the_year_asked_for() {
    let ws = Workspace::seeded();
    report(
        &ws,
        &[
            "--department",
            NANCHANG,
            "--year",
            "2020",
            "--out",
            "r.html",
        ],
    )
    .assert_success();
    let html = String::from_utf8(ws.read("r.html")).expect("utf-8");
    assert!(html.contains("2020年度部门决算"));
    assert!(html.contains("“三公”经费（2020年，万元）"));
}

#[test]
fn unknown_department_suggests_and_no_data_is_a_clear_error() {
    let ws = Workspace::seeded();
    let run = report(&ws, &["--department", "南昌市人力资源和社会保障"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("no department \"南昌市人力资源和社会保障\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("did you mean \"{NANCHANG}\"")),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());

    let run = report(&ws, &["--department", NANCHANG, "--year", "2019"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("in 2019; its years are 2020, 2021"),
        "{}",
        run.stderr
    );

    ws.write("more/aliases.csv", "alias,canonical\n旧局,新局\n");
    ws.import_ok(&["more"]);
    let run = report(&ws, &["--department", "旧局"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("no data is loaded for department \"新局\""),
        "{}",
        run.stderr
    );

    let missing = Workspace::new();
    let run = report(&missing, &["--department", NANCHANG]);
    run.assert_code(1);
    assert!(run.stderr.contains("no database at"), "{}", run.stderr);
    assert!(!missing.db().exists(), "a report creates no database");

    let empty = Workspace::new();
    empty.write(
        "a/aliases.csv",
        "alias,canonical
人社局,南昌市人力资源和社会保障局
",
    );
    empty.import_ok(&["a"]);
    let run = report(&empty, &["--department", "人社局"]);
    run.assert_code(1);
    assert!(run.stderr.contains("holds no data yet"), "{}", run.stderr);
    let run = report(&empty, &[]);
    run.assert_code(2);
}

/// A department with `years` years of every kind a chart draws.
fn generated(ws: &Workspace, name: &str, years: std::ops::Range<i64>) {
    let (mut reports, mut three, mut spending, mut procurement) = (
        String::from("year,department,income_total,expenditure_total,income_current,expenditure_current,basic_expenditure,project_expenditure,operating_costs\n"),
        String::from("year,department,category,budget,actual\n"),
        String::from("year,department,fund,code,name,total\n"),
        String::from("year,department,total,goods,sme\n"),
    );
    for (i, year) in years.enumerate() {
        let n = i as i64 + 1;
        let _ = writeln!(
            reports,
            "{year},{name},{},{},{},{},{},{},{}",
            1000 * n,
            1000 * n,
            900 * n,
            950 * n,
            300 * n,
            650 * n,
            40 + n
        );
        for (category, amount) in [("outbound", 1), ("vehicle_operation", 3), ("reception", 2)] {
            let _ = writeln!(
                three,
                "{year},{name},{category},{},{}",
                amount * 2 * n,
                amount * n
            );
        }
        let _ = writeln!(
            spending,
            "{year},{name},all,201,一般公共服务支出,{}",
            500 * n
        );
        let _ = writeln!(
            spending,
            "{year},{name},all,208,社会保障和就业支出,{}",
            450 * n
        );
        let _ = writeln!(
            procurement,
            "{year},{name},{},{},{}",
            100 * n,
            100 * n,
            30 * n
        );
    }
    let slug = name.len();
    ws.write(&format!("gen{slug}/reports.csv"), reports);
    ws.write(&format!("gen{slug}/three_public.csv"), three);
    ws.write(&format!("gen{slug}/expenditures.csv"), spending);
    ws.write(&format!("gen{slug}/procurement.csv"), procurement);
    ws.import_ok(&[&format!("gen{slug}")]);
}

#[test]
fn five_years_appear_in_every_chart() {
    let ws = Workspace::new();
    generated(&ws, "测试市五年局", 2017..2022);
    let html = page(&ws, &["--department", "测试市五年局"]);
    for id in CHARTS {
        let svg = chart(&html, id);
        for year in 2017..2022 {
            assert!(
                svg.contains(&format!(">{year}</text>")),
                "{id} lacks {year}"
            );
            assert!(
                svg.contains(&format!(" {year}年：")),
                "{id} has no bar for {year}"
            );
        }
        assert!(!svg.contains("无数据"), "{id}");
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{id}");
    }
    assert!(html.contains("2017、2018、2019、2020、2021"));
    // 三公 total of 2021 (n = 5): 5 + 15 + 10 = 30 against 24 in 2020.
    assert!(html.contains(">30.00<") && html.contains(">25.00<"));
}

#[test]
fn one_year_draws_every_chart_without_gaps_or_broken_numbers() {
    let ws = Workspace::new();
    generated(&ws, "测试市一年局", 2021..2022);
    let html = page(&ws, &["--department", "测试市一年局"]);
    for id in CHARTS {
        let svg = chart(&html, id);
        assert!(
            svg.contains(">2021</text>") && svg.contains("class=\"bar\""),
            "{id}"
        );
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{id}");
    }
    // No year before: the change columns stay empty rather than invented.
    assert!(html.contains("<td>收入总计</td><td class=\"n\">1,000.00</td><td class=\"n\"></td><td class=\"n\"></td><td class=\"n\"></td>"));
}

#[test]
fn data_is_escaped() {
    let ws = Workspace::new();
    let name = "<script>alert(1)</script>&局";
    ws.write(
        "x/reports.csv",
        format!("year,department,region,income_total\n2021,\"{name}\",\"<b>\"\"省\"\"</b>\",1\n"),
    );
    ws.write(
        "x/claims.csv",
        format!("year,department,metric,value,text,source\n2021,\"{name}\",income_total,2,收入总计2万元。,\"报告.pdf p.3 <表一>\"\n"),
    );
    ws.import_ok(&["x"]);
    let html = page(&ws, &["--department", name]);
    // The finding on the claim names where the figure came from.
    assert!(html.contains("data-rule=\"claim.value\""), "{html}");
    assert!(html.contains("来源：报告.pdf p.3 &lt;表一&gt;"));
    assert!(!html.contains("<script>") && !html.contains("<b>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;局"));
    assert!(html.contains("&lt;b&gt;&quot;省&quot;&lt;/b&gt;"));
}

#[test]
fn all_writes_a_page_per_department_and_a_ranked_index() {
    let ws = Workspace::seeded();
    generated(&ws, "测试市五年局", 2017..2022);
    generated(&ws, "测试/市一年局", 2021..2022);
    let run = report(&ws, &["--all", "--out", "site"]);
    run.assert_success();
    assert!(
        run.stderr
            .contains("wrote 3 department pages and index.html into site"),
        "{}",
        run.stderr
    );
    let index = String::from_utf8(ws.read("site/index.html")).expect("utf-8");
    for file in [
        format!("{NANCHANG}.html"),
        "测试市五年局.html".into(),
        "测试_市一年局.html".into(),
    ] {
        assert!(index.contains(&format!("href=\"{file}\"")), "{file}");
        assert!(ws.path("site").join(&file).is_file(), "{file}");
    }
    // Ranked by 三公 change: 五年局 +25 %, 南昌 +20.63 %, the one-year one last.
    let at = |name: &str| index.find(name).unwrap_or_else(|| panic!("{name}"));
    assert!(at("测试市五年局") < at(NANCHANG) && at(NANCHANG) < at("测试/市一年局"));
    assert!(index.contains(">25.00<") && index.contains(">20.63<"));
    // The findings count of 南昌: 2 errors, 0 warnings, 6 notes.
    let row = &index[at(NANCHANG)..];
    let row = &row[..row.find("</tr>").expect("row ends")];
    assert!(
        row.ends_with("<td class=\"n\">2</td><td class=\"n\">0</td><td class=\"n\">6</td>"),
        "{row}"
    );

    let run = report(&ws, &["--all", "--out", "y2017", "--year", "2017"]);
    run.assert_success();
    assert!(
        run.stderr.contains("wrote 1 department page ") && run.stderr.contains("2 without data"),
        "{}",
        run.stderr
    );
}
