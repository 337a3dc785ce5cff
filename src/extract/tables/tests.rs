//! The reader on the real sample (its `pdftotext -bbox` output is a
//! fixture, so these tests need no poppler).

use super::*;
use crate::extract::model::{amount, LineKey, TableId, TableStatus};

const PUTUO: &str = include_str!("../../../tests/fixtures/tables/putuo-shgzb-2024.bbox.html");

pub(super) fn table(read: &Read, id: TableId) -> &StandardTable {
    read.tables.iter().find(|t| t.id == id).unwrap()
}

/// `column=amount` of a line, in column order.
pub(super) fn figures(t: &StandardTable, side: u8, key: LineKey) -> Vec<String> {
    t.line(side, &key)
        .unwrap_or_else(|| panic!("{:?} has no line {key:?} on side {side}", t.id))
        .amounts
        .iter()
        .map(|(c, s)| format!("{c}={}", amount(*s)))
        .collect()
}

pub(super) fn code(c: &str) -> LineKey {
    LineKey::Code(c.into())
}

#[test]
fn reads_the_nine_tables_of_the_sample() {
    let read = from_pdf("putuo.pdf", PUTUO).unwrap();
    assert_eq!(read.errors, Vec::<String>::new());
    let found: Vec<(TableId, TableStatus, &str)> = read
        .tables
        .iter()
        .map(|t| (t.id, t.status, t.place.as_str()))
        .collect();
    use TableStatus::{Empty, Present};
    assert_eq!(
        found,
        [
            (TableId::Overview, Present, "p.5"),
            (TableId::Income, Present, "p.6"),
            (TableId::Expenditure, Present, "p.8"),
            (TableId::FiscalOverview, Present, "p.10"),
            (TableId::GeneralExpenditure, Present, "p.12"),
            (TableId::GeneralBasic, Present, "p.13"),
            (TableId::ThreePublic, Empty, "p.14"),
            (TableId::GovFund, Empty, "p.15"),
            (TableId::StateCapital, Empty, "p.16"),
        ]
    );
    for t in &read.tables {
        assert!(t.notes.is_empty(), "{:?}: {:?}", t.id, t.notes);
    }
}

#[test]
fn two_sided_overviews_by_their_labels() {
    let read = from_pdf("putuo.pdf", PUTUO).unwrap();
    let overview = table(&read, TableId::Overview);
    assert_eq!(
        figures(overview, 0, LineKey::Item("general")),
        ["amount=307.82"]
    );
    assert_eq!(
        figures(overview, 0, LineKey::Item("gov_fund")),
        Vec::<String>::new()
    );
    assert_eq!(
        figures(overview, 0, LineKey::Item("income_total")),
        ["amount=307.82"]
    );
    assert_eq!(figures(overview, 1, code("221")), ["amount=29.42"]);
    assert_eq!(
        figures(overview, 1, LineKey::Item("expenditure_current")),
        ["amount=307.82"]
    );
    // Continued on the next page: the 类 lines and totals of page 11.
    let fiscal = table(&read, TableId::FiscalOverview);
    assert_eq!(
        figures(fiscal, 1, code("221")),
        ["fiscal=29.42", "general=29.42"]
    );
    assert_eq!(
        figures(fiscal, 1, LineKey::Item("total")),
        ["fiscal=307.82", "general=307.82"]
    );
    assert_eq!(
        figures(fiscal, 0, LineKey::Item("income")),
        ["fiscal=307.82"]
    );
    assert!(fiscal
        .line(0, &LineKey::Item("carryover_begin:general"))
        .is_some());
    assert_eq!(fiscal.lines.len(), 9 + 29);
}

#[test]
fn code_tables_with_wrapped_names_and_blank_cells() {
    let read = from_pdf("putuo.pdf", PUTUO).unwrap();
    let spending = table(&read, TableId::Expenditure);
    assert_eq!(
        figures(spending, 0, LineKey::Total),
        ["total=307.82", "basic=105.58", "project=202.24"]
    );
    assert_eq!(
        figures(spending, 0, code("2013999")),
        ["total=202.24", "project=202.24"]
    );
    let wrapped = spending.line(0, &code("2080505")).unwrap();
    assert_eq!(wrapped.label, "机关事业单位基本养老保险缴费支出");
    assert_eq!(wrapped.source, "putuo.pdf p.8 支出决算表");
    let income = table(&read, TableId::Income);
    assert_eq!(
        figures(income, 0, code("2210201")),
        ["total=17.70", "fiscal=17.70"]
    );
    assert_eq!(income.lines.len(), 18);
    // The 合计 line printed at the bottom, a 类 name wrapped over the code.
    let general = table(&read, TableId::GeneralExpenditure);
    assert_eq!(general.lines.last().unwrap().key, LineKey::Total);
    assert_eq!(
        general.line(0, &code("201")).unwrap().label,
        "一般公共服务支出"
    );
    assert_eq!(general.lines.len(), 18);
}

#[test]
fn the_economic_table_by_its_two_halves() {
    let read = from_pdf("putuo.pdf", PUTUO).unwrap();
    let basic = table(&read, TableId::GeneralBasic);
    assert_eq!(figures(basic, 0, code("30113")), ["amount=17.70"]);
    assert_eq!(figures(basic, 1, code("30239")), ["amount=2.43"]);
    assert_eq!(figures(basic, 1, code("310")), ["amount=0.00"]);
    assert_eq!(
        basic.line(1, &code("31007")).unwrap().label,
        "信息网络及软件购置更新"
    );
    assert_eq!(
        basic.line(0, &code("30399")).unwrap().label,
        "其他对个人和家庭的补助"
    );
    assert_eq!(
        figures(basic, 0, LineKey::Item("personnel")),
        ["amount=95.36"]
    );
    assert_eq!(figures(basic, 1, LineKey::Item("public")), ["amount=10.23"]);
    assert_eq!(basic.lines.iter().filter(|l| l.side == 0).count(), 28);
    assert_eq!(basic.lines.iter().filter(|l| l.side == 1).count(), 39);
}

#[test]
fn a_scan_and_nothing_are_told_apart() {
    let scan = "<doc><page width=\"595\" height=\"842\"></page><page width=\"595\" height=\"842\"></page></doc>";
    let why = from_pdf("scan.pdf", scan).unwrap_err();
    assert!(
        why.contains("scan.pdf: its 2 page(s) have no text layer"),
        "{why}"
    );
    assert!(from_pdf("x.pdf", "garbage")
        .unwrap_err()
        .contains("no page"));
}

/// A page of words, each `(text, x0, y0)` 10 points high and 10 a character.
pub(super) fn page(words: &[(&str, f64, f64)]) -> String {
    let mut html = String::from("<doc><page width=\"842\" height=\"595\">\n");
    for (text, x, y) in words {
        let width = text.chars().count() as f64 * 10.0;
        html.push_str(&format!(
            "<word xMin=\"{x}\" yMin=\"{y}\" xMax=\"{}\" yMax=\"{}\">{text}</word>\n",
            x + width,
            y + 10.0
        ));
    }
    html.push_str("</page></doc>");
    html
}

#[test]
fn codes_in_three_columns_inherit_the_part_left_blank_and_yuan_are_exact() {
    let html = page(&[
        ("支出决算表", 300.0, 20.0),
        ("单位：元", 600.0, 35.0),
        ("科目编码", 40.0, 50.0),
        ("科目名称", 200.0, 60.0),
        ("本年支出合计", 400.0, 60.0),
        ("基本支出", 520.0, 60.0),
        ("类", 30.0, 70.0),
        ("款", 70.0, 70.0),
        ("项", 110.0, 70.0),
        ("201", 25.0, 90.0),
        ("一般公共服务支出", 180.0, 90.0),
        ("1,234,567.89", 400.0, 90.0),
        ("1,234,567.89", 500.0, 90.0),
        ("01", 70.0, 110.0),
        ("人大事务", 180.0, 110.0),
        ("(1,000.00)", 420.0, 110.0),
        ("01", 110.0, 130.0),
        ("行政运行", 180.0, 130.0),
        ("500", 440.0, 130.0),
        ("合计", 180.0, 150.0),
        ("1,234,567.89", 400.0, 150.0),
        ("注：本表反映", 30.0, 170.0),
    ]);
    let read = from_pdf("x.pdf", &html).unwrap();
    assert_eq!(read.errors, Vec::<String>::new());
    let t = table(&read, TableId::Expenditure);
    assert_eq!(t.unit, crate::model::value::AmountUnit::Yuan);
    let keys: Vec<LineKey> = t.lines.iter().map(|l| l.key.clone()).collect();
    assert_eq!(
        keys,
        [code("201"), code("20101"), code("2010101"), LineKey::Total]
    );
    assert_eq!(
        figures(t, 0, code("201")),
        ["total=123.456789", "basic=123.456789"]
    );
    assert_eq!(figures(t, 0, code("20101")), ["total=-0.100000"]);
    assert_eq!(figures(t, 0, code("2010101")), ["total=0.0500"]);
}

/// Pages of words, each `(text, x0, y0)` 10 points high and 10 a character.
fn pages(pages: &[&[(&str, f64, f64)]]) -> String {
    let mut html = String::from("<doc>\n");
    for words in pages {
        html.push_str("<page width=\"1000\" height=\"595\">\n");
        for (text, x, y) in *words {
            let width = text.chars().count() as f64 * 10.0;
            html.push_str(&format!(
                "<word xMin=\"{x}\" yMin=\"{y}\" xMax=\"{}\" yMax=\"{}\">{text}</word>\n",
                x + width,
                y + 10.0
            ));
        }
        html.push_str("</page>\n");
    }
    html.push_str("</doc>");
    html
}

#[test]
fn a_table_of_figures_of_one_width_takes_the_alignment_of_the_tables_before() {
    // Figures flush right in their cells. The first table's figures differ
    // in width, which shows it; the second's are all `300.00`, and its wide
    // 项目支出 cell puts its figure nearer the narrow 年末 header than its own.
    let general: &[(&str, f64, f64)] = &[
        ("一般公共预算财政拨款支出决算表", 250.0, 20.0),
        ("单位：万元", 600.0, 35.0),
        ("科目编码", 40.0, 50.0),
        ("科目名称", 160.0, 50.0),
        ("合计", 390.0, 50.0),
        ("基本支出", 480.0, 50.0),
        ("项目支出", 580.0, 50.0),
        ("201", 40.0, 70.0),
        ("一般公共服务支出", 110.0, 70.0),
        ("150.75", 395.0, 70.0),
        ("120.50", 495.0, 70.0),
        ("30.25", 605.0, 70.0),
        ("20101", 40.0, 90.0),
        ("人大事务", 110.0, 90.0),
        ("120.50", 395.0, 90.0),
        ("120.50", 495.0, 90.0),
        ("2010101", 40.0, 110.0),
        ("行政运行", 110.0, 110.0),
        ("120.50", 395.0, 110.0),
        ("120.50", 495.0, 110.0),
        ("20103", 40.0, 130.0),
        ("政府办公厅", 110.0, 130.0),
        ("30.25", 405.0, 130.0),
        ("30.25", 605.0, 130.0),
        ("2010350", 40.0, 150.0),
        ("事业运行", 110.0, 150.0),
        ("30.25", 405.0, 150.0),
        ("30.25", 605.0, 150.0),
        ("合计", 110.0, 170.0),
        ("150.75", 395.0, 170.0),
        ("120.50", 495.0, 170.0),
        ("30.25", 605.0, 170.0),
        ("注：本表反映", 40.0, 190.0),
    ];
    let mut fund: Vec<(&str, f64, f64)> = vec![
        ("政府性基金预算财政拨款收入支出决算表", 250.0, 20.0),
        ("单位：万元", 800.0, 35.0),
        ("科目编码", 40.0, 50.0),
        ("科目名称", 160.0, 50.0),
        ("年初结转和结余", 305.0, 50.0),
        ("本年收入", 400.0, 50.0),
        ("本年支出", 590.0, 50.0),
        ("年末结转和结余", 845.0, 50.0),
        ("合计", 490.0, 65.0),
        ("基本支出", 560.0, 65.0),
        ("项目支出", 710.0, 65.0),
    ];
    for (i, (code, name)) in [
        ("", "合计"),
        ("212", "城乡社区支出"),
        ("21208", "国有土地使用权出让收入安排的支出"),
        ("2120899", "其他国有土地使用权出让收入安排的支出"),
    ]
    .into_iter()
    .enumerate()
    {
        let y = 90.0 + 20.0 * i as f64;
        if !code.is_empty() {
            fund.push((code, 40.0, y));
        }
        fund.push((name, 110.0, y));
        fund.extend([
            ("300.00", 395.0, y),
            ("300.00", 475.0, y),
            ("300.00", 775.0, y),
        ]);
    }
    fund.push(("注：本表反映", 40.0, 190.0));
    let read = from_pdf("x.pdf", &pages(&[general, &fund])).unwrap();
    assert_eq!(read.errors, Vec::<String>::new());
    assert_eq!(
        figures(table(&read, TableId::GeneralExpenditure), 0, code("201")),
        ["total=150.75", "basic=120.50", "project=30.25"]
    );
    let fund = table(&read, TableId::GovFund);
    for key in [LineKey::Total, code("212"), code("2120899")] {
        assert_eq!(
            figures(fund, 0, key),
            ["income=300.00", "expenditure=300.00", "project=300.00"]
        );
    }
}

#[test]
fn labels_wrapped_over_printed_lines_are_one_line_of_the_overview() {
    // Writer and Word print a narrow label column four lines high, the
    // figure on one of them; items without figures wrap too.
    let html = page(&[
        ("收入支出决算总表", 250.0, 20.0),
        ("单位：万元", 500.0, 35.0),
        ("收入", 60.0, 50.0),
        ("支出", 360.0, 50.0),
        ("项目", 40.0, 65.0),
        ("决算数", 180.0, 65.0),
        ("项目", 300.0, 65.0),
        ("决算数", 460.0, 65.0),
        ("一、一般公共", 30.0, 90.0),
        ("一、一般公共服务", 300.0, 90.0),
        ("预算财政拨", 30.0, 100.0),
        ("372.36", 180.0, 100.0),
        ("支出", 300.0, 100.0),
        ("372.36", 460.0, 100.0),
        ("款收入", 30.0, 110.0),
        ("二、政府性基", 30.0, 125.0),
        ("二、外交支出", 300.0, 125.0),
        ("金预算财政拨", 30.0, 135.0),
        ("款收入", 30.0, 145.0),
        ("本年收入合计", 30.0, 160.0),
        ("372.36", 180.0, 160.0),
        ("本年支出合计", 300.0, 160.0),
        ("372.36", 460.0, 160.0),
        ("年初结转和", 30.0, 175.0),
        ("0.55", 200.0, 180.0),
        ("结余", 30.0, 185.0),
        ("注：本表反映", 30.0, 200.0),
    ]);
    let read = from_pdf("x.pdf", &html).unwrap();
    assert_eq!(read.errors, Vec::<String>::new());
    let t = table(&read, TableId::Overview);
    assert_eq!(t.notes, Vec::<String>::new());
    assert_eq!(figures(t, 0, LineKey::Item("general")), ["amount=372.36"]);
    assert_eq!(
        figures(t, 0, LineKey::Item("income_current")),
        ["amount=372.36"]
    );
    assert_eq!(
        figures(t, 0, LineKey::Item("carryover_begin")),
        ["amount=0.55"]
    );
    assert_eq!(figures(t, 1, code("201")), ["amount=372.36"]);
    assert_eq!(
        figures(t, 1, LineKey::Item("expenditure_current")),
        ["amount=372.36"]
    );
    assert_eq!(t.lines.len(), 7, "{:#?}", t.lines);
}
