//! The reader on forms it was not developed on (bench/heldout_forms.py):
//! each test is one thing a held-out form showed, in words laid out as its
//! PDF printed them.

use super::tests::{code, figures, page, table};
use super::*;
use crate::extract::model::{LineKey, TableId};

#[test]
fn a_unit_line_naming_the_department_first_still_gives_the_unit() {
    // Chongqing: `编制单位：某局` left and `单位：元` right, one printed line.
    let html = page(&[
        ("支出决算表", 300.0, 20.0),
        ("编制单位：某区城市管理局", 30.0, 35.0),
        ("单位：元", 600.0, 35.0),
        ("科目编码", 30.0, 60.0),
        ("科目名称", 150.0, 60.0),
        ("本年支出合计", 400.0, 60.0),
        ("201", 30.0, 80.0),
        ("一般公共服务支出", 150.0, 80.0),
        ("12,345.67", 410.0, 80.0),
    ]);
    let read = from_pdf("x.pdf", &html).unwrap();
    assert_eq!(read.errors, Vec::<String>::new());
    let t = table(&read, TableId::Expenditure);
    assert_eq!(t.unit, crate::model::value::AmountUnit::Yuan);
    assert_eq!(figures(t, 0, code("201")), ["total=1.234567"]);
}

#[test]
fn a_table_number_on_a_line_of_its_own_is_neither_header_nor_figure() {
    // Hunan: `公开02表` right under the title, as Writer prints it in three
    // words; its digits are not the first line of figures.
    let html = page(&[
        ("收入决算表", 300.0, 20.0),
        ("公开", 700.0, 35.0),
        ("02", 722.0, 35.0),
        ("表", 744.0, 35.0),
        ("部门：某公园事务中心", 30.0, 50.0),
        ("单位：万元", 250.0, 50.0),
        ("科目编码", 30.0, 70.0),
        ("科目名称", 150.0, 70.0),
        ("本年收入合计", 400.0, 70.0),
        ("其他收入", 700.0, 70.0),
        ("207", 30.0, 90.0),
        ("文化旅游体育与传媒支出", 150.0, 90.0),
        ("18.61", 420.0, 90.0),
        ("18.61", 720.0, 90.0),
    ]);
    let read = from_pdf("x.pdf", &html).unwrap();
    assert_eq!(read.errors, Vec::<String>::new());
    let t = table(&read, TableId::Income);
    assert_eq!(figures(t, 0, code("207")), ["total=18.61", "other=18.61"]);
}

#[test]
fn a_code_printed_in_its_names_cell_is_the_lines_code_not_a_figure() {
    // Chongqing, Zhejiang: `2010101 行政运行` in one cell under 项目.
    let html = page(&[
        ("一般公共预算财政拨款支出决算表", 200.0, 20.0),
        ("单位：万元", 600.0, 35.0),
        ("项目", 80.0, 60.0),
        ("合计", 400.0, 60.0),
        ("基本支出", 500.0, 60.0),
        ("合计", 80.0, 80.0),
        ("120.50", 400.0, 80.0),
        ("120.50", 520.0, 80.0),
        ("201", 30.0, 100.0),
        ("一般公共服务支出", 70.0, 100.0),
        ("120.50", 400.0, 100.0),
        ("120.50", 520.0, 100.0),
        ("2010101", 30.0, 120.0),
        ("行政运行", 110.0, 120.0),
        ("120.50", 400.0, 120.0),
        ("120.50", 520.0, 120.0),
    ]);
    let read = from_pdf("x.pdf", &html).unwrap();
    assert_eq!(read.errors, Vec::<String>::new());
    let t = table(&read, TableId::GeneralExpenditure);
    let keys: Vec<LineKey> = t.lines.iter().map(|l| l.key.clone()).collect();
    assert_eq!(keys, [LineKey::Total, code("201"), code("2010101")]);
    assert_eq!(
        figures(t, 0, code("2010101")),
        ["total=120.50", "basic=120.50"]
    );
    assert_eq!(t.lines[2].label, "行政运行");
}

#[test]
fn three_public_grouped_in_boxes_twice_the_fonts_height() {
    // Chromium (linxiang-park-2024 of the held-out bench, its header and
    // figures as pdftotext gives them): each head's box reaches down over
    // the line under it.
    let html =
        format!("<doc><page width=\"612\" height=\"792\">\n{CHROMIUM_THREE_PUBLIC}\n</page></doc>");
    let read = from_pdf("x.pdf", &html).unwrap();
    assert_eq!(read.errors, Vec::<String>::new());
    let t = table(&read, TableId::ThreePublic);
    assert_eq!(
        figures(t, 0, LineKey::Total),
        [
            "budget:total=28.25",
            "budget:vehicle=26.16",
            "budget:vehicle_purchase=18.51",
            "budget:vehicle_operation=7.65",
            "budget:reception=2.09",
            "actual:total=28.05",
            "actual:vehicle=25.96",
            "actual:vehicle_purchase=18.51",
            "actual:vehicle_operation=7.45",
            "actual:reception=2.09",
        ]
    );
}

const CHROMIUM_THREE_PUBLIC: &str = r#"<word xMin="218.273428" yMin="31.019997" xMax="393.707958" yMax="61.439998">财政拨款“三公”经费支出决算表</word>
<word xMin="537.164040" yMin="59.754747" xMax="578.249277" yMax="85.748247">公开07表</word>
<word xMin="426.058580" yMin="84.504746" xMax="526.020611" yMax="110.498246">部门：某公园事务中心</word>
<word xMin="528.258286" yMin="84.504746" xMax="578.240022" yMax="110.498246">单位：万元</word>
<word xMin="156.539056" yMin="102.149995" xMax="183.539193" yMax="125.549995">预算数</word>
<word xMin="428.414045" yMin="102.149995" xMax="455.414181" yMax="125.549995">决算数</word>
<word xMin="149.531244" yMin="118.649994" xMax="239.531859" yMax="142.049994">公务用车购置及运行费</word>
<word xMin="421.382795" yMin="118.649994" xMax="511.383410" yMax="142.049994">公务用车购置及运行费</word>
<word xMin="63.492185" yMin="126.899994" xMax="126.492595" yMax="150.299994">因公出国（境）</word>
<word xMin="266.941399" yMin="126.899994" xMax="302.941604" yMax="150.299994">公务接待</word>
<word xMin="335.343736" yMin="126.899994" xMax="398.344146" yMax="150.299994">因公出国（境）</word>
<word xMin="538.816388" yMin="126.899994" xMax="574.816593" yMax="150.299994">公务接待</word>
<word xMin="38.238280" yMin="132.899994" xMax="56.238348" yMax="156.299994">合计</word>
<word xMin="310.089835" yMin="132.899994" xMax="328.089903" yMax="156.299994">合计</word>
<word xMin="157.312493" yMin="135.149994" xMax="202.312767" yMax="158.549994">公务用车购</word>
<word xMin="213.585929" yMin="135.149994" xMax="258.586202" yMax="158.549994">公务用车运</word>
<word xMin="429.164045" yMin="135.149994" xMax="474.164318" yMax="158.549994">公务用车购</word>
<word xMin="485.437480" yMin="135.149994" xMax="530.437753" yMax="158.549994">公务用车运</word>
<word xMin="88.242184" yMin="139.649993" xMax="97.242184" yMax="163.049994">费</word>
<word xMin="280.441398" yMin="139.649993" xMax="289.441398" yMax="163.049994">费</word>
<word xMin="360.093735" yMin="139.649993" xMax="369.093735" yMax="163.049994">费</word>
<word xMin="552.316387" yMin="139.649993" xMax="561.316387" yMax="163.049994">费</word>
<word xMin="129.257807" yMin="141.149993" xMax="147.257876" yMax="164.549993">小计</word>
<word xMin="170.812493" yMin="147.899993" xMax="188.812561" yMax="171.299993">置费</word>
<word xMin="401.109358" yMin="141.149993" xMax="419.109427" yMax="164.549993">小计</word>
<word xMin="442.664044" yMin="147.899993" xMax="460.664112" yMax="171.299993">置费</word>
<word xMin="227.085928" yMin="147.899993" xMax="245.085996" yMax="171.299993">行费</word>
<word xMin="498.937479" yMin="147.899993" xMax="516.937548" yMax="171.299993">行费</word>
<word xMin="35.999999" yMin="164.399992" xMax="58.482131" yMax="187.799992">28.25</word>
<word xMin="127.019526" yMin="164.399992" xMax="149.501658" yMax="187.799992">26.16</word>
<word xMin="183.902340" yMin="164.399992" xMax="206.384472" yMax="187.799992">18.51</word>
<word xMin="244.558587" yMin="164.399992" xMax="262.045683" yMax="187.799992">7.65</word>
<word xMin="286.605461" yMin="164.399992" xMax="304.092556" yMax="187.799992">2.09</word>
<word xMin="307.851550" yMin="164.399992" xMax="330.333682" yMax="187.799992">28.05</word>
<word xMin="398.871081" yMin="164.399992" xMax="421.353213" yMax="187.799992">25.96</word>
<word xMin="455.753891" yMin="164.399992" xMax="478.236023" yMax="187.799992">18.51</word>
<word xMin="516.410138" yMin="164.399992" xMax="533.897234" yMax="187.799992">7.45</word>
<word xMin="558.503887" yMin="164.399992" xMax="575.990982" yMax="187.799992">2.09</word>
<word xMin="33.749999" yMin="188.004741" xMax="283.652914" yMax="213.998241">注：本表反映部门本年度“三公”经费支出预决算情况。</word>"#;

#[test]
fn three_public_grouped_by_budget_and_actual_names_all_twelve_columns() {
    // The national form: 预算数 over six columns, 决算数 over six, each word
    // only as wide as its text; 公务用车购置及运行费 over 小计 and its parts.
    let heads = [
        "合计",
        "因公出国费",
        "小计",
        "公务用车购置费",
        "公务用车运行费",
        "公务接待费",
    ];
    let mut words: Vec<(String, f64, f64)> = vec![
        ("财政拨款“三公”经费支出决算表".into(), 250.0, 20.0),
        ("单位：万元".into(), 700.0, 35.0),
        ("预算数".into(), 192.0, 55.0),
        ("决算数".into(), 652.0, 55.0),
    ];
    for group in 0..2 {
        let x = 20.0 + 460.0 * f64::from(group);
        words.push(("公务用车购置及运行费".into(), x + 210.0, 70.0));
        for (i, h) in heads.iter().enumerate() {
            let y = if (2..5).contains(&i) { 85.0 } else { 75.0 };
            words.push(((*h).into(), x + 75.0 * i as f64, y));
            words.push((format!("{}.00", i + 1), x + 75.0 * i as f64, 105.0));
        }
    }
    let words: Vec<(&str, f64, f64)> = words.iter().map(|(t, x, y)| (t.as_str(), *x, *y)).collect();
    let html = page(&words);
    let read = from_pdf("x.pdf", &html).unwrap();
    assert_eq!(read.errors, Vec::<String>::new());
    let t = table(&read, TableId::ThreePublic);
    let columns: Vec<&str> = t.lines[0].amounts.iter().map(|(c, _)| *c).collect();
    assert_eq!(
        columns,
        [
            "budget:total",
            "budget:outbound",
            "budget:vehicle",
            "budget:vehicle_purchase",
            "budget:vehicle_operation",
            "budget:reception",
            "actual:total",
            "actual:outbound",
            "actual:vehicle",
            "actual:vehicle_purchase",
            "actual:vehicle_operation",
            "actual:reception",
        ]
    );
}

#[test]
fn wrapped_headers_side_by_side_are_not_heads_of_their_neighbours() {
    // Writer: each narrow cell's wrapped header is centred on its own, so
    // `基本` and `经营` share a line lower than `上缴`; 经营 is not a head
    // over the 上缴 column beside it.
    let html = page(&[
        ("支出决算表", 300.0, 20.0),
        ("单位：万元", 600.0, 35.0),
        ("科目编码", 30.0, 70.0),
        ("基本", 200.0, 58.0),
        ("支出", 200.0, 70.0),
        ("上缴", 280.0, 52.0),
        ("经营", 340.0, 58.0),
        ("对附属", 400.0, 52.0),
        ("上级", 280.0, 64.0),
        ("单位补", 400.0, 64.0),
        ("支出", 340.0, 70.0),
        ("支出", 280.0, 76.0),
        ("助支出", 400.0, 76.0),
        ("201", 30.0, 95.0),
        ("1.00", 200.0, 95.0),
        ("2.00", 280.0, 95.0),
        ("4.00", 340.0, 95.0),
        ("3.00", 400.0, 95.0),
    ]);
    let read = from_pdf("x.pdf", &html).unwrap();
    assert_eq!(read.errors, Vec::<String>::new());
    let t = table(&read, TableId::Expenditure);
    assert_eq!(
        figures(t, 0, code("201")),
        [
            "basic=1.00",
            "remit_superior=2.00",
            "operating=4.00",
            "affiliated_subsidy=3.00"
        ]
    );
}

#[test]
fn the_national_economic_table_in_three_parts() {
    national_economic_table(500.0, 560.0);
}

#[test]
fn the_national_economic_table_with_its_head_in_the_gap_between_parts() {
    // Writer from python-docx: 公用经费 centred over six columns falls in the
    // gap between the second part's 决算数 and the third part's 科目编码.
    // The third part's codes start left of their centred header.
    national_economic_table(515.0, 530.0);
}

/// 人员经费 over the first part, 公用经费 over the other two; 公用经费合计
/// centred across the last parts, its figure in the last column.
fn national_economic_table(public_head_at: f64, third_codes_at: f64) {
    let mut words: Vec<(&str, f64, f64)> = vec![
        ("一般公共预算财政拨款基本支出决算表", 200.0, 20.0),
        ("单位：万元", 700.0, 35.0),
        ("人员经费", 100.0, 55.0),
        ("公用经费", public_head_at, 55.0),
    ];
    for part in 0..3 {
        let x = 20.0 + 270.0 * f64::from(part);
        words.extend([
            ("科目编码", x, 70.0),
            ("科目名称", x + 90.0, 70.0),
            ("决算数", x + 190.0, 70.0),
        ]);
    }
    words.extend([
        ("301", 20.0, 90.0),
        ("工资福利支出", 110.0, 90.0),
        ("37.88", 210.0, 90.0),
        ("302", 290.0, 90.0),
        ("商品和服务支出", 380.0, 90.0),
        ("9.58", 490.0, 90.0),
        ("30216", third_codes_at, 90.0),
        ("培训费", 650.0, 90.0),
        ("0.48", 770.0, 90.0),
        ("人员经费合计", 70.0, 110.0),
        ("37.88", 210.0, 110.0),
        ("公用经费合计", 470.0, 110.0),
        ("10.06", 770.0, 110.0),
    ]);
    let read = from_pdf("x.pdf", &page(&words)).unwrap();
    assert_eq!(read.errors, Vec::<String>::new());
    let t = table(&read, TableId::GeneralBasic);
    assert_eq!(figures(t, 0, code("301")), ["amount=37.88"]);
    assert_eq!(figures(t, 1, code("302")), ["amount=9.58"]);
    assert_eq!(figures(t, 2, code("30216")), ["amount=0.48"]);
    assert_eq!(figures(t, 2, LineKey::Item("public")), ["amount=10.06"]);
    assert_eq!(figures(t, 0, LineKey::Item("personnel")), ["amount=37.88"]);
    assert!(t.notes.is_empty(), "{:?}", t.notes);
}

#[test]
fn zhejiangs_tables_by_code_are_the_standard_ones_those_by_unit_are_not() {
    let id = |line: &str| catalogue::title(line).map(|s| s.id);
    assert_eq!(id("（三）收入决算表（分科目）"), Some(TableId::Income));
    assert_eq!(id("（五）支出决算表（分科目）"), Some(TableId::Expenditure));
    assert_eq!(id("（二）收入决算表（分单位）"), None);
    assert_eq!(id("（四）支出决算表（分单位）"), None);
}

#[test]
fn a_title_ending_a_page_has_its_table_on_the_next_between_browser_margins() {
    // Chromium moved a long table to the next page: its title and unit line
    // stay behind, above the page's address; the next page begins with the
    // date and time.
    let html = pages(&[
        &[
            ("12/3/26, 1:19 PM", 20.0, 10.0),
            ("表2 收入决算表", 300.0, 30.0),
            ("编制单位：某区城市管理局", 20.0, 45.0),
            ("单位：元", 600.0, 45.0),
            ("file:///tmp/report.html", 20.0, 570.0),
            ("2/13", 700.0, 570.0),
        ],
        &[
            ("12/3/26, 1:19 PM", 20.0, 10.0),
            ("项目", 60.0, 40.0),
            ("本年收入合计", 300.0, 40.0),
            ("事业收入", 500.0, 40.0),
            ("205 教育支出", 20.0, 60.0),
            ("76,003.99", 300.0, 60.0),
            ("76,003.99", 500.0, 60.0),
            ("file:///tmp/report.html", 20.0, 570.0),
            ("3/13", 700.0, 570.0),
        ],
    ]);
    let read = from_pdf("x.pdf", &html).unwrap();
    assert_eq!(read.errors, Vec::<String>::new());
    let t = table(&read, TableId::Income);
    assert_eq!(
        figures(t, 0, code("205")),
        ["total=7.600399", "business=7.600399"]
    );
}

/// Pages of words, each `(text, x0, y0)` 10 points high and 10 a character.
fn pages(pages: &[&[(&str, f64, f64)]]) -> String {
    let mut html = String::from("<doc>\n");
    for words in pages {
        html.push_str("<page width=\"842\" height=\"595\">\n");
        for (text, x, y) in *words {
            for (i, word) in text.split(' ').enumerate() {
                let width = word.chars().count() as f64 * 10.0;
                let x = x + 90.0 * i as f64;
                html.push_str(&format!(
                    "<word xMin=\"{x}\" yMin=\"{y}\" xMax=\"{}\" yMax=\"{}\">{word}</word>\n",
                    x + width,
                    y + 10.0
                ));
            }
        }
        html.push_str("</page>\n");
    }
    html.push_str("</doc>");
    html
}

#[test]
fn wrapped_headers_on_one_line_are_not_heads_of_the_columns_between() {
    // Writer, 政府性基金预算财政拨款收入支出决算表: `年初结` / `转和结` / `余`
    // and `年末结` / … start on one line; 年初结 is no head over 本年收入 and
    // 合计 beside it.
    let html = page(&[
        ("政府性基金预算财政拨款收入支出决算表", 186.0, 20.0),
        ("单位：元", 527.0, 35.0),
        ("本年支出", 300.0, 56.0),
        ("功能分类科", 62.0, 62.0),
        ("年初结", 175.0, 62.0),
        ("年末结", 385.0, 62.0),
        ("目编码", 71.0, 75.0),
        ("转和结", 175.0, 75.0),
        ("本年收入", 212.0, 75.0),
        ("转和结", 385.0, 75.0),
        ("余", 184.0, 88.0),
        ("余", 394.0, 88.0),
        ("合计", 271.0, 100.0),
        ("项目支出", 338.0, 100.0),
        ("212", 58.0, 130.0),
        ("4.00", 212.0, 130.0),
        ("4.00", 271.0, 130.0),
        ("4.00", 338.0, 130.0),
    ]);
    let read = from_pdf("x.pdf", &html).unwrap();
    assert_eq!(read.errors, Vec::<String>::new());
    let t = table(&read, TableId::GovFund);
    assert_eq!(
        figures(t, 0, code("212")),
        [
            "income=0.000400",
            "expenditure=0.000400",
            "project=0.000400"
        ]
    );
}
