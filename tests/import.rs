//! Integration tests of `budgetdb import` (contract §1): the real binary is
//! run in a temporary directory and the database it leaves is read back.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{assert_message, counts, csv, dump, table, Workspace};
use sha2::{Digest, Sha256};

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Asserts the diagnostics' locations, in the order printed.
fn assert_locations(run: &common::Run, expected: &[&str]) {
    assert_eq!(run.locations(), expected, "stderr:\n{}", run.stderr);
}

// ---------------------------------------------------------------------------
// 1. Every kind imports

#[test]
fn reports_store_every_column_with_amounts_in_fen() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        csv(&[
            "year,department,region,unit_count,staff_total,staff_active,staff_retired,pensioners,income_total,carryover_begin,income_current,expenditure_total,expenditure_current,carryover_end,basic_expenditure,project_expenditure,operating_costs",
            "2021,南昌市人力资源和社会保障局,江西省南昌市,6,301,298,3,169,\"1,234.56\",7152.81,127006.76,134159.57,134159.57,0,7841.57,126318,221.16",
        ]),
    );
    let run = ws.import_ok(&["reports.csv"]);
    assert_eq!(run.counts_of("reports"), counts(1, 1, 0, 0));
    assert_eq!(run.counts().len(), 1);
    assert!(
        run.stdout.contains("imported 1 file into "),
        "{}",
        run.stdout
    );
    assert_eq!(
        table(&ws, "SELECT year, department, region, unit_count, staff_total, staff_active, staff_retired, pensioners, income_total_fen, carryover_begin_fen, income_current_fen, expenditure_total_fen, expenditure_current_fen, carryover_end_fen, basic_expenditure_fen, project_expenditure_fen, operating_costs_fen FROM reports"),
        ["2021|南昌市人力资源和社会保障局|江西省南昌市|6|301|298|3|169|1234560000|7152810000|127006760000|134159570000|134159570000|0|7841570000|126318000000|221160000"]
    );
}

#[test]
fn income_stores_source_ids_and_an_optional_code() {
    let ws = Workspace::new();
    ws.write(
        "2021.income.csv",
        csv(&[
            "year,department,source,code,amount",
            "2021,D,财政拨款收入,20801,127006.76",
            "2021,D,superior,,0.5",
            "2021,D,附属单位上缴收入,208,12",
        ]),
    );
    let run = ws.import_ok(&["2021.income.csv"]);
    assert_eq!(run.counts_of("income"), counts(3, 3, 0, 0));
    assert_eq!(
        table(
            &ws,
            "SELECT year, department, source, code, amount_fen FROM income ORDER BY id"
        ),
        [
            "2021|D|fiscal|20801|127006760000",
            "2021|D|superior|NULL|500000",
            "2021|D|affiliated|208|12000000",
        ]
    );
}

#[test]
fn units_are_stored() {
    let ws = Workspace::new();
    ws.write(
        "units.csv",
        csv(&[
            "year,department,unit,unit_type,note",
            "2021,D,南昌市就业创业服务中心,参公事业单位,",
            "2021,D,南昌市劳动监察局,行政单位,又称南昌市劳动保障监察支队",
        ]),
    );
    let run = ws.import_ok(&["units.csv"]);
    assert_eq!(run.counts_of("units"), counts(2, 2, 0, 0));
    assert_eq!(
        table(
            &ws,
            "SELECT year, department, unit, unit_type, note FROM units ORDER BY id"
        ),
        [
            "2021|D|南昌市就业创业服务中心|参公事业单位|NULL",
            "2021|D|南昌市劳动监察局|行政单位|又称南昌市劳动保障监察支队",
        ]
    );
}

#[test]
fn aliases_are_stored() {
    let ws = Workspace::new();
    ws.write(
        "aliases.csv",
        csv(&[
            "alias,canonical",
            "南昌市人社局,南昌市人力资源和社会保障局",
            "人社局,南昌市人社局",
        ]),
    );
    let run = ws.import_ok(&["aliases.csv"]);
    assert_eq!(run.counts_of("aliases"), counts(2, 2, 0, 0));
    assert_eq!(
        table(&ws, "SELECT alias, canonical FROM aliases ORDER BY id"),
        [
            "南昌市人社局|南昌市人力资源和社会保障局",
            "人社局|南昌市人社局"
        ]
    );
}

#[test]
fn function_classes_get_level_and_parent_from_the_code() {
    let ws = Workspace::new();
    ws.write(
        "function_classes.csv",
        csv(&[
            "code,name",
            "208,社会保障和就业支出",
            "20801,人力资源和社会保障管理事务",
            "2080101,行政运行",
        ]),
    );
    let run = ws.import_ok(&["function_classes.csv"]);
    assert_eq!(run.counts_of("function_classes"), counts(3, 3, 0, 0));
    assert_eq!(
        table(
            &ws,
            "SELECT code, name, level, parent FROM function_classes ORDER BY code"
        ),
        [
            "208|社会保障和就业支出|类|NULL",
            "20801|人力资源和社会保障管理事务|款|208",
            "2080101|行政运行|项|20801",
        ]
    );
}

#[test]
fn expenditures_store_fund_ids_and_default_to_all() {
    let ws = Workspace::new();
    ws.write(
        "expenditures.csv",
        csv(&[
            "year,department,fund,code,name,budget_initial,basic,project,total",
            "2021,D,财政拨款,208,社会保障和就业支出,10298.70,100,200.5,300.5",
            "2021,D,,20801,人力资源和社会保障管理事务,,1.5,2,",
            "2021,D,general,2080101,行政运行,-,1,2,3",
        ]),
    );
    let run = ws.import_ok(&["expenditures.csv"]);
    assert_eq!(run.counts_of("expenditures"), counts(3, 3, 0, 0));
    assert_eq!(
        table(&ws, "SELECT year, department, fund, code, name, budget_initial_fen, basic_fen, project_fen, total_fen FROM expenditures ORDER BY id"),
        [
            "2021|D|fiscal|208|社会保障和就业支出|10298700000|100000000|200500000|300500000",
            "2021|D|all|20801|人力资源和社会保障管理事务|NULL|1500000|2000000|3500000",
            "2021|D|general|2080101|行政运行|NULL|1000000|2000000|3000000",
        ]
    );
}

#[test]
fn economic_expenditures_default_to_the_general_fund() {
    let ws = Workspace::new();
    ws.write(
        "economic_expenditures.csv",
        csv(&[
            "year,department,code,name,amount",
            "2021,D,301,工资福利支出,6297.43",
            "2021,D,30101,基本工资,\"1,000\"",
        ]),
    );
    let run = ws.import_ok(&["economic_expenditures.csv"]);
    assert_eq!(run.counts_of("economic_expenditures"), counts(2, 2, 0, 0));
    assert_eq!(
        table(
            &ws,
            "SELECT year, department, fund, code, name, amount_fen FROM economic_expenditures ORDER BY id"
        ),
        [
            "2021|D|general|301|工资福利支出|6297430000",
            "2021|D|general|30101|基本工资|1000000000",
        ]
    );
}

#[test]
fn three_public_stores_category_ids_and_accepts_vehicle_alone() {
    let ws = Workspace::new();
    ws.write(
        "three_public.csv",
        csv(&[
            "year,department,category,budget,actual,batches,persons,vehicles",
            "2021,D,公务用车购置及运行维护费,10,8.5,,,3",
            "2021,D,因公出国(境)费,9.7,0,,2,",
            "2021,D,公务接待费,37.74,1.93,23,231,",
        ]),
    );
    let run = ws.import_ok(&["three_public.csv"]);
    assert_eq!(run.counts_of("three_public"), counts(3, 3, 0, 0));
    assert_eq!(
        table(&ws, "SELECT year, department, category, budget_fen, actual_fen, batches, persons, vehicles FROM three_public ORDER BY id"),
        [
            "2021|D|vehicle|10000000|8500000|NULL|NULL|3",
            "2021|D|outbound|9700000|0|NULL|2|NULL",
            "2021|D|reception|37740000|1930000|23|231|NULL",
        ]
    );
}

#[test]
fn procurement_is_stored() {
    let ws = Workspace::new();
    ws.write(
        "procurement.csv",
        csv(&[
            "year,department,total,goods,works,services,sme,small_micro",
            "2021,D,173.59,171.55,1.95,0.09,25.94,24.82",
        ]),
    );
    let run = ws.import_ok(&["procurement.csv"]);
    assert_eq!(run.counts_of("procurement"), counts(1, 1, 0, 0));
    assert_eq!(
        table(&ws, "SELECT year, department, total_fen, goods_fen, works_fen, services_fen, sme_fen, small_micro_fen FROM procurement"),
        ["2021|D|173590000|171550000|1950000|90000|25940000|24820000"]
    );
}

#[test]
fn assets_are_stored() {
    let ws = Workspace::new();
    ws.write(
        "assets.csv",
        csv(&[
            "year,department,item,quantity,measure,value",
            "2021,D,一般公务用车,3,辆,45.6",
            "2021,D,单价50万元以上通用设备,1.5,台(套),",
        ]),
    );
    let run = ws.import_ok(&["assets.csv"]);
    assert_eq!(run.counts_of("assets"), counts(2, 2, 0, 0));
    assert_eq!(
        table(
            &ws,
            "SELECT year, department, item, quantity, measure, value_fen FROM assets ORDER BY id"
        ),
        [
            "2021|D|一般公务用车|3.0|辆|45600000",
            "2021|D|单价50万元以上通用设备|1.5|台(套)|NULL",
        ]
    );
}

#[test]
fn evaluations_store_method_ids_and_derive_the_grade() {
    let ws = Workspace::new();
    ws.write(
        "evaluations.csv",
        csv(&[
            "year,department,project,method,unit,evaluator,budget_initial,budget_full_year,executed,score,grade",
            "2021,D,档案管理费项目,自评,南昌市就业创业服务中心,,126.3,126.3,126.3,97,",
            "2021,D,系统运维费项目,部门评价,,江西信达管理咨询有限公司,,145.6,145.6,96,优",
            "2021,D,部门整体支出,overall,,,,,,,",
        ]),
    );
    let run = ws.import_ok(&["evaluations.csv"]);
    assert_eq!(run.counts_of("evaluations"), counts(3, 3, 0, 0));
    assert_eq!(
        table(&ws, "SELECT year, department, project, method, unit, evaluator, budget_initial_fen, budget_full_year_fen, executed_fen, score, grade FROM evaluations ORDER BY id"),
        [
            "2021|D|档案管理费项目|self|南昌市就业创业服务中心|NULL|126300000|126300000|126300000|97.0|优",
            "2021|D|系统运维费项目|department|NULL|江西信达管理咨询有限公司|NULL|145600000|145600000|96.0|优",
            "2021|D|部门整体支出|overall|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
        ]
    );
}

#[test]
fn indicators_are_stored_with_their_evaluation_from_the_same_import() {
    let ws = Workspace::new();
    ws.write(
        "in/indicators.csv",
        csv(&[
            "year,department,project,method,level1,level2,level3,target,actual,weight,score,note",
            "2021,D,档案管理费项目,自评,产出指标,数量指标,档案管理数量,=10万,10万,15,15,",
            "2021,D,档案管理费项目,self,满意度指标,,服务对象满意度,≥90%,95%,10,9.5,略有不足",
        ]),
    );
    ws.write(
        "in/zz.evaluations.csv",
        csv(&[
            "year,department,project,method",
            "2021,D,档案管理费项目,self",
        ]),
    );
    let run = ws.import_ok(&["in"]);
    assert_eq!(run.counts_of("evaluations"), counts(1, 1, 0, 0));
    assert_eq!(run.counts_of("indicators"), counts(2, 2, 0, 0));
    assert_eq!(
        table(&ws, "SELECT year, department, project, method, level1, level2, level3, target, actual, weight, score, note FROM indicators ORDER BY id"),
        [
            "2021|D|档案管理费项目|self|产出指标|数量指标|档案管理数量|=10万|10万|15.0|15.0|NULL",
            "2021|D|档案管理费项目|self|满意度指标|NULL|服务对象满意度|≥90%|95%|10.0|9.5|略有不足",
        ]
    );
}

#[test]
fn claims_keep_stated_figures_with_their_printed_decimals() {
    let ws = Workspace::new();
    ws.write(
        "claims.csv",
        csv(&[
            "year,department,metric,value,change,change_pct,budget,execution_pct,share_pct,text",
            "2021,D,carryover_begin,7152.81,4175.84,140.27%,,,,上年结转和结余7152.81万元",
            "2021,D,three_public:公务接待费,1.93,-0.33,-17.1,37.74,5.1,4.10,",
            "2021,D,function:208,11.9,,,,,,",
        ]),
    );
    let run = ws.import_ok(&["claims.csv"]);
    assert_eq!(run.counts_of("claims"), counts(3, 3, 0, 0));
    assert_eq!(
        table(&ws, "SELECT year, department, metric, value_fen, value_decimals, change_fen, change_decimals, change_pct, change_pct_decimals, budget_fen, budget_decimals, execution_pct, execution_pct_decimals, share_pct, share_pct_decimals, unit, text FROM claims ORDER BY id"),
        [
            "2021|D|carryover_begin|7152810000|2|4175840000|2|140.27|2|NULL|NULL|NULL|NULL|NULL|NULL|万元|上年结转和结余7152.81万元",
            "2021|D|three_public:reception|1930000|2|-330000|2|-17.1|1|37740000|2|5.1|1|4.1|2|万元|NULL",
            "2021|D|function:208|11900000|1|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|万元|NULL",
        ]
    );
}

// ---------------------------------------------------------------------------
// 2. The shipped data

/// The kind a file name declares (`KIND.csv` or `NAME.KIND.csv`).
fn kind_of(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    stem.rsplit('.').next().unwrap_or(stem).to_string()
}

fn csv_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read a directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            csv_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "csv" || e == "tsv") {
            found.push(path);
        }
    }
}

#[test]
fn shipped_imports_load_by_default_and_a_second_run_changes_nothing() {
    let ws = Workspace::new();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("imports");
    common::copy_dir(&shipped, &ws.path("imports"));
    let mut files = Vec::new();
    csv_files(&ws.path("imports"), &mut files);
    let kinds: BTreeSet<String> = files.iter().map(|f| kind_of(f)).collect();
    assert!(
        kinds.len() >= 10,
        "the shipped data covers most kinds: {kinds:?}"
    );

    let first = ws.import_ok(&[]);
    let first_counts = first.counts();
    assert_eq!(
        first_counts.keys().cloned().collect::<BTreeSet<_>>(),
        kinds,
        "{}",
        first.stdout
    );
    for (kind, c) in &first_counts {
        assert!(c.rows > 0, "{kind}: {c:?}");
        assert_eq!(*c, counts(c.rows, c.rows, 0, 0), "{kind}");
        let stored: i64 = ws.scalar(&format!("SELECT count(*) FROM {kind}"));
        assert_eq!(stored as u64, c.rows, "{kind}");
    }
    assert!(
        first
            .stdout
            .contains(&format!("imported {} files into ", files.len())),
        "{}",
        first.stdout
    );
    let before = ws.dump();

    let second = ws.import_ok(&[]);
    assert_eq!(
        second.counts().len(),
        first_counts.len(),
        "{}",
        second.stdout
    );
    for (kind, c) in &first_counts {
        assert_eq!(
            second.counts_of(kind),
            counts(c.rows, 0, 0, c.rows),
            "{kind}"
        );
    }
    assert_eq!(ws.dump(), before);
    assert_eq!(ws.scalar::<i64>("SELECT count(*) FROM imports"), 2);
    assert_eq!(
        ws.scalar::<i64>("SELECT count(*) FROM import_files") as usize,
        2 * files.len()
    );
    assert_eq!(
        ws.scalar::<i64>(
            "SELECT count(*) FROM import_files WHERE import_id = 2 AND inserted + replaced > 0"
        ),
        0
    );
}

// ---------------------------------------------------------------------------
// 3. A changed row replaces

#[test]
fn a_changed_row_replaces_the_stored_one_and_counts_are_printed() {
    let ws = Workspace::new();
    let header = "year,department,income_total,operating_costs";
    ws.write(
        "reports.csv",
        csv(&[header, "2021,A,100,1", "2021,B,200,2", "2020,A,50,"]),
    );
    ws.import_ok(&["reports.csv"]);
    let id_of_b: i64 = ws.scalar("SELECT id FROM reports WHERE department = 'B'");

    ws.write(
        "reports.csv",
        csv(&[
            header,
            "2021,A,100,1",
            "2021,B,200.01,",
            "2020,A,50,",
            "2022,A,7,",
        ]),
    );
    let run = ws.import_ok(&["reports.csv"]);
    assert_eq!(run.counts_of("reports"), counts(4, 1, 1, 2));
    assert_eq!(
        table(
            &ws,
            "SELECT id, year, department, income_total_fen, operating_costs_fen FROM reports ORDER BY id"
        ),
        [
            "1|2021|A|100000000|1000000".to_string(),
            format!("{id_of_b}|2021|B|200010000|NULL"),
            "3|2020|A|50000000|NULL".to_string(),
            "4|2022|A|7000000|NULL".to_string(),
        ]
    );
}

/// Rows are written on a guess (like the row before: new or stored); rows
/// that alternate between new and stored keys must still each be counted
/// and written right, and a key repeated in the import still refused.
#[test]
fn rows_alternating_between_new_and_stored_keys_are_each_written_right() {
    let ws = Workspace::new();
    let header = "year,department,income_total";
    ws.write(
        "reports.csv",
        csv(&[header, "2021,A,1", "2021,B,2", "2021,C,3"]),
    );
    ws.import_ok(&["reports.csv"]);
    let lines = [
        header,
        "2021,A,1",
        "2022,A,10",
        "2021,B,2.5",
        "2022,B,20",
        "2022,C,30",
        "2021,C,3",
        "2023,A,100",
    ];
    ws.write("reports.csv", csv(&lines));
    let run = ws.import_ok(&["reports.csv"]);
    assert_eq!(run.counts_of("reports"), counts(7, 4, 1, 2));
    assert_eq!(
        table(
            &ws,
            "SELECT year, department, income_total_fen FROM reports ORDER BY year, department"
        ),
        [
            "2021|A|1000000",
            "2021|B|2500000",
            "2021|C|3000000",
            "2022|A|10000000",
            "2022|B|20000000",
            "2022|C|30000000",
            "2023|A|100000000",
        ]
    );

    // A repeated key after a stored row, and after a new one.
    ws.write(
        "reports.csv",
        csv(&[header, "2024,A,1", "2021,A,1", "2024,A,2", "2021,A,1"]),
    );
    let run = ws.import(&["reports.csv"]);
    run.assert_invalid(2);
    assert_locations(&run, &["reports.csv:4:1", "reports.csv:5:1"]);
    assert_message(&run, "reports.csv:4:1", &["the same key as reports.csv:2"]);
    assert_message(&run, "reports.csv:5:1", &["the same key as reports.csv:3"]);
}

// ---------------------------------------------------------------------------
// 4. Encodings

const UTF8_REPORTS: &str = "import/utf8.reports.csv";
const GB18030_REPORTS: &str = "import/gb18030.reports.csv";

/// Imports `bytes` as `reports.csv` into a fresh database.
fn import_reports_bytes(bytes: &[u8]) -> Workspace {
    let ws = Workspace::new();
    ws.write("reports.csv", bytes);
    ws.import_ok(&["reports.csv"]);
    ws
}

#[test]
fn gb18030_and_bom_files_import_exactly_like_utf8() {
    let utf8 = common::fixture(UTF8_REPORTS);
    let gb18030 = common::fixture(GB18030_REPORTS);
    assert!(
        std::str::from_utf8(&gb18030).is_err(),
        "the GB18030 fixture must not be valid UTF-8"
    );
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(&utf8);

    let plain = import_reports_bytes(&utf8);
    let with_bom = import_reports_bytes(&bom);
    let chinese = import_reports_bytes(&gb18030);

    let expected = [
        "2021|南昌市人力资源和社会保障局|江西省南昌市|6|301|134159570000|134159570000|221160000",
        "2020|南昌市财政局|江西省南昌市|NULL|12|40986320000|40986320000|NULL",
    ];
    let sql = "SELECT year, department, region, unit_count, staff_total, income_total_fen, expenditure_total_fen, operating_costs_fen FROM reports ORDER BY id";
    assert_eq!(table(&plain, sql), expected);
    assert_eq!(plain.dump(), with_bom.dump());
    assert_eq!(plain.dump(), chinese.dump());

    let encoding = |ws: &Workspace| ws.scalar::<String>("SELECT encoding FROM import_files");
    assert_eq!(encoding(&plain), "UTF-8");
    assert_eq!(encoding(&with_bom), "UTF-8");
    assert_eq!(encoding(&chinese), "GB18030");
}

/// `year,department,region,income_total` and 2,000 ASCII rows: more than
/// the 64 KiB the reader looks at to tell the encoding.
fn ascii_reports_prefix() -> Vec<u8> {
    let mut text = String::from("year,department,region,income_total\n");
    for i in 0..2000 {
        text.push_str(&format!(
            "2021,Department number {i:04},An ASCII region name padding the line,{i}.25\n"
        ));
    }
    assert!(text.len() > 64 * 1024 + 1024);
    text.into_bytes()
}

/// The data rows of a fixture (its bytes after the header line).
fn data_rows(fixture: &[u8]) -> &[u8] {
    let newline = fixture
        .iter()
        .position(|b| *b == b'\n')
        .expect("a header line");
    &fixture[newline + 1..]
}

#[test]
fn gb18030_first_seen_after_64_kib_of_ascii_is_detected() {
    // The fixtures' data rows cut to their first three fields (year,
    // department, region), plus an ASCII income_total.
    let rows = |fixture: &[u8]| -> Vec<u8> {
        let mut out = Vec::new();
        for line in data_rows(fixture).split(|b| *b == b'\n') {
            if line.is_empty() {
                continue;
            }
            let fields: Vec<&[u8]> = line.split(|b| *b == b',').take(3).collect();
            out.extend_from_slice(&fields.join(&b","[..]));
            out.extend_from_slice(b",1.5\n");
        }
        out
    };
    let mut gb = ascii_reports_prefix();
    gb.extend(rows(&common::fixture(GB18030_REPORTS)));
    let mut utf8 = ascii_reports_prefix();
    utf8.extend(rows(&common::fixture(UTF8_REPORTS)));
    assert!(std::str::from_utf8(&gb).is_err());

    let from_gb = import_reports_bytes(&gb);
    let from_utf8 = import_reports_bytes(&utf8);
    assert_eq!(
        table(
            &from_gb,
            "SELECT year, department, region, income_total_fen FROM reports WHERE id > 2000 ORDER BY id"
        ),
        [
            "2021|南昌市人力资源和社会保障局|江西省南昌市|1500000",
            "2020|南昌市财政局|江西省南昌市|1500000",
        ]
    );
    assert_eq!(from_gb.scalar::<i64>("SELECT count(*) FROM reports"), 2002);
    assert_eq!(from_gb.dump(), from_utf8.dump());
    assert_eq!(
        from_gb.scalar::<String>("SELECT encoding FROM import_files"),
        "GB18030"
    );
}

#[test]
fn late_gb18030_is_detected_even_when_its_first_chinese_cell_is_valid_utf8() {
    // 系统 in GB18030 is CF B5 CD B3, which is also valid UTF-8 (ϵͳ); the
    // rest of the row, 南昌市人社局, is not.
    let mut bytes = b"year,department,unit,note\n".to_vec();
    for i in 0..2000 {
        bytes.extend_from_slice(
            format!("2021,Department {i:04},Unit {i:04} with an ASCII name padding the line,\n")
                .as_bytes(),
        );
    }
    assert!(bytes.len() > 64 * 1024);
    bytes.extend_from_slice(
        b"2021,Late,\xcf\xb5\xcd\xb3,\xc4\xcf\xb2\xfd\xca\xd0\xc8\xcb\xc9\xe7\xbe\xd6\n",
    );
    let ws = Workspace::new();
    ws.write("units.csv", &bytes);
    ws.import_ok(&["units.csv"]);
    assert_eq!(
        table(
            &ws,
            "SELECT unit, note FROM units WHERE department = 'Late'"
        ),
        ["系统|南昌市人社局"]
    );
    assert_eq!(
        ws.scalar::<String>("SELECT encoding FROM import_files"),
        "GB18030"
    );
}

#[test]
fn tsv_files_are_tab_separated() {
    let ws = Workspace::new();
    ws.write(
        "2021.reports.tsv",
        "year\tdepartment\tincome_total\n2021\tA\t1,234.56\n",
    );
    let run = ws.import_ok(&["2021.reports.tsv"]);
    assert_eq!(run.counts_of("reports"), counts(1, 1, 0, 0));
    assert_eq!(
        table(&ws, "SELECT department, income_total_fen FROM reports"),
        ["A|1234560000"]
    );
}

// ---------------------------------------------------------------------------
// 5. Headers

#[test]
fn chinese_headers_name_the_columns() {
    let ws = Workspace::new();
    ws.write(
        "in/three_public.csv",
        csv(&[
            "年度,部门,项目,预算数,决算数,批次,人次,车辆数",
            "2021,D,公务接待费,37.74,1.93,23,231,",
        ]),
    );
    ws.write(
        "in/expenditures.csv",
        csv(&[
            "年度,部门名称,资金性质,科目编码,科目名称,年初预算数,基本支出,项目支出,合计",
            "2021,D,一般公共预算财政拨款,208,社会保障和就业支出,1,2,3,5",
        ]),
    );
    ws.write(
        "in/evaluations.csv",
        csv(&[
            "年度,部门,项目名称,评价方式,实施单位,评价机构,年初预算数,全年预算数,全年执行数,得分,等级",
            "2021,D,档案管理费项目,绩效自评,中心,机构,1,2,3,85,良好",
        ]),
    );
    ws.write(
        "in/income.csv",
        csv(&["年份,部门,收入来源,科目编码,金额", "2021,D,事业收入,,4"]),
    );
    ws.import_ok(&["in"]);
    assert_eq!(
        table(&ws, "SELECT year, department, category, budget_fen, actual_fen, batches, persons, vehicles FROM three_public"),
        ["2021|D|reception|37740000|1930000|23|231|NULL"]
    );
    assert_eq!(
        table(&ws, "SELECT year, department, fund, code, name, budget_initial_fen, basic_fen, project_fen, total_fen FROM expenditures"),
        ["2021|D|general|208|社会保障和就业支出|1000000|2000000|3000000|5000000"]
    );
    assert_eq!(
        table(&ws, "SELECT year, department, project, method, unit, evaluator, budget_initial_fen, budget_full_year_fen, executed_fen, score, grade FROM evaluations"),
        ["2021|D|档案管理费项目|self|中心|机构|1000000|2000000|3000000|85.0|良"]
    );
    assert_eq!(
        table(
            &ws,
            "SELECT year, department, source, code, amount_fen FROM income"
        ),
        ["2021|D|business|NULL|4000000"]
    );
}

#[test]
fn header_matching_ignores_surrounding_spaces_case_and_full_width_forms() {
    let ws = Workspace::new();
    ws.write(
        "three_public.csv",
        csv(&[
            " Year ,DEPARTMENT,\u{3000}Category\u{3000},ＢＵＤＧＥＴ, 决算数 ",
            "2021,D,因公出国（境）费,1,2",
            "2021,D,因公出国(境)费用,3,4",
        ]),
    );
    // The second row names the same category with half-width brackets and
    // another accepted label, so it is a duplicate: both spellings matched.
    let run = ws.import(&["three_public.csv"]);
    run.assert_invalid(1);
    assert_locations(&run, &["three_public.csv:3:1"]);

    ws.write(
        "three_public.csv",
        csv(&[
            " Year ,DEPARTMENT,\u{3000}Category\u{3000},ＢＵＤＧＥＴ, 决算数 ",
            "2021,D,因公出国(境)费,1,2",
        ]),
    );
    ws.import_ok(&["three_public.csv"]);
    assert_eq!(
        table(
            &ws,
            "SELECT year, department, category, budget_fen, actual_fen FROM three_public"
        ),
        ["2021|D|outbound|1000000|2000000"]
    );
}

#[test]
fn a_repeated_column_is_an_error() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        csv(&["year,department,收入总计,income_total", "2021,D,1,1"]),
    );
    let run = ws.import(&["reports.csv"]);
    run.assert_invalid(1);
    assert_locations(&run, &["reports.csv:1:4"]);
    assert_message(&run, "reports.csv:1:4", &["repeats column 3"]);
    assert!(!ws.db().exists());
}

#[test]
fn a_missing_required_column_is_an_error() {
    let ws = Workspace::new();
    ws.write("income.csv", csv(&["year,department,amount", "2021,D,1"]));
    let run = ws.import(&["income.csv"]);
    run.assert_invalid(1);
    assert_locations(&run, &["income.csv:1"]);
    assert_message(
        &run,
        "income.csv:1",
        &["missing required column source (收入来源)"],
    );
}

// ---------------------------------------------------------------------------
// 6. Value syntax

#[test]
fn amounts_accept_the_contract_forms() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        csv(&[
            "year,department,income_total",
            "2021,A,1234.56",
            "2021,B,\"1,234.56\"",
            "2021,C,-3.2",
            "2021,D,１２３.４",
            "2021,E, 1234.56 ",
            "2021,F,0.000001",
            "2021,G,\"1,234,567.123456\"",
            "2021,H,\u{3000}１２３４．５６\u{3000}",
        ]),
    );
    ws.import_ok(&["reports.csv"]);
    assert_eq!(
        table(
            &ws,
            "SELECT department, income_total_fen FROM reports ORDER BY department"
        ),
        [
            "A|1234560000",
            "B|1234560000",
            "C|-3200000",
            "D|123400000",
            "E|1234560000",
            "F|1",
            "G|1234567123456",
            "H|1234560000",
        ]
    );
}

#[test]
fn amounts_reject_malformed_numbers_at_their_cell() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        csv(&[
            "year,department,income_total",
            "2021,A,12..3",
            "2021,B,abc",
            "2021,C,1.2.3",
            "2021,D,1.1234567",
            "2021,E,NaN",
            "2021,F,1e5",
        ]),
    );
    let run = ws.import(&["reports.csv"]);
    run.assert_invalid(6);
    assert_locations(
        &run,
        &[
            "reports.csv:2:3",
            "reports.csv:3:3",
            "reports.csv:4:3",
            "reports.csv:5:3",
            "reports.csv:6:3",
            "reports.csv:7:3",
        ],
    );
    assert_message(
        &run,
        "reports.csv:2:3",
        &["income_total: \"12..3\" is not a number"],
    );
    assert_message(
        &run,
        "reports.csv:3:3",
        &["income_total: \"abc\" is not a number"],
    );
    assert_message(
        &run,
        "reports.csv:4:3",
        &["income_total: \"1.2.3\" is not a number"],
    );
    assert_message(
        &run,
        "reports.csv:5:3",
        &["income_total: \"1.1234567\" has 7 decimal places; at most 6"],
    );
    assert_message(
        &run,
        "reports.csv:6:3",
        &["income_total: \"NaN\" is not a number"],
    );
    assert_message(
        &run,
        "reports.csv:7:3",
        &["income_total: \"1e5\" uses exponent notation"],
    );
    assert!(!ws.db().exists());
}

#[test]
fn empty_cells_and_dashes_are_null_not_zero() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        csv(&[
            "year,department,income_total,unit_count,region",
            "2021,A,,,",
            "2021,B,—,—,—",
            "2021,C,-,-,-",
            "2021,D,－,－,－",
            "2021,E,/,/,/",
            "2021,F,0,0,0",
        ]),
    );
    let run = ws.import_ok(&["reports.csv"]);
    assert_eq!(run.counts_of("reports"), counts(6, 6, 0, 0));
    assert_eq!(
        table(
            &ws,
            "SELECT department, income_total_fen, unit_count, region FROM reports ORDER BY department"
        ),
        [
            "A|NULL|NULL|NULL",
            "B|NULL|NULL|NULL",
            "C|NULL|NULL|NULL",
            "D|NULL|NULL|NULL",
            "E|NULL|NULL|NULL",
            "F|0|0|0",
        ]
    );
}

#[test]
fn percents_accept_a_trailing_percent_sign() {
    let ws = Workspace::new();
    ws.write(
        "claims.csv",
        csv(&[
            "year,department,metric,change_pct,share_pct",
            "2021,D,income_total,12.5,100",
            "2021,D,income_current,12.5%,100%",
            "2021,D,carryover_begin,１２.５％,-3.25 %",
        ]),
    );
    ws.import_ok(&["claims.csv"]);
    assert_eq!(
        table(&ws, "SELECT metric, change_pct, change_pct_decimals, share_pct, share_pct_decimals FROM claims ORDER BY id"),
        [
            "income_total|12.5|1|100.0|0",
            "income_current|12.5|1|100.0|0",
            "carryover_begin|12.5|1|-3.25|2",
        ]
    );
}

#[test]
fn years_accept_four_digits_and_a_nian_suffix() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        csv(&[
            "year,department",
            "2021,A",
            "2021年,B",
            "1990,C",
            "2100年,D",
            "２０１９,E",
        ]),
    );
    ws.import_ok(&["reports.csv"]);
    assert_eq!(
        table(
            &ws,
            "SELECT department, year FROM reports ORDER BY department"
        ),
        ["A|2021", "B|2021", "C|1990", "D|2100", "E|2019"]
    );
}

#[test]
fn years_reject_short_out_of_range_and_fractional_years() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        csv(&[
            "department,year",
            "A,2021",
            "B,21",
            "C,1899",
            "D,2021.5",
            "E,2101",
            "F,二〇二一",
        ]),
    );
    let run = ws.import(&["reports.csv"]);
    run.assert_invalid(5);
    assert_locations(
        &run,
        &[
            "reports.csv:3:2",
            "reports.csv:4:2",
            "reports.csv:5:2",
            "reports.csv:6:2",
            "reports.csv:7:2",
        ],
    );
    assert_message(
        &run,
        "reports.csv:3:2",
        &["year: year \"21\" is out of range"],
    );
    assert_message(
        &run,
        "reports.csv:4:2",
        &["year: year \"1899\" is out of range"],
    );
    assert_message(&run, "reports.csv:5:2", &["year: \"2021.5\" is not a year"]);
    assert_message(
        &run,
        "reports.csv:6:2",
        &["year: year \"2101\" is out of range"],
    );
    assert_message(
        &run,
        "reports.csv:7:2",
        &["year: \"二〇二一\" is not a year"],
    );
}

#[test]
fn counts_must_be_non_negative_whole_numbers() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        csv(&[
            "year,department,unit_count,staff_total",
            "2021,A,3,\"1,200\"",
            "2021,B,3.5,0",
            "2021,C,-1,1",
        ]),
    );
    let run = ws.import(&["reports.csv"]);
    run.assert_invalid(2);
    assert_locations(&run, &["reports.csv:3:3", "reports.csv:4:3"]);
    assert_message(
        &run,
        "reports.csv:3:3",
        &["unit_count: \"3.5\" is not a whole number"],
    );
    assert_message(&run, "reports.csv:4:3", &["unit_count: \"-1\" is negative"]);

    ws.write(
        "reports.csv",
        csv(&[
            "year,department,unit_count,staff_total",
            "2021,A,3,\"1,200\"",
            "2021,B,0,0",
        ]),
    );
    ws.import_ok(&["reports.csv"]);
    assert_eq!(
        table(
            &ws,
            "SELECT department, unit_count, staff_total FROM reports ORDER BY department"
        ),
        ["A|3|1200", "B|0|0"]
    );
}

#[test]
fn functional_codes_have_three_five_or_seven_digits() {
    let ws = Workspace::new();
    let header = "year,department,code,total";
    ws.write(
        "expenditures.csv",
        csv(&[header, "2021,D,208,1", "2021,D,20801,1", "2021,D,2080101,1"]),
    );
    ws.import_ok(&["expenditures.csv"]);
    assert_eq!(
        table(&ws, "SELECT code FROM expenditures ORDER BY id"),
        ["208", "20801", "2080101"]
    );

    ws.write(
        "bad.expenditures.csv",
        csv(&[
            header,
            "2021,E,20a01,1",
            "2021,E,2080,1",
            "2021,E,208010,1",
            "2021,E,20801011,1",
        ]),
    );
    let run = ws.import(&["bad.expenditures.csv"]);
    run.assert_invalid(4);
    assert_locations(
        &run,
        &[
            "bad.expenditures.csv:2:3",
            "bad.expenditures.csv:3:3",
            "bad.expenditures.csv:4:3",
            "bad.expenditures.csv:5:3",
        ],
    );
    assert_message(
        &run,
        "bad.expenditures.csv:2:3",
        &["code: code \"20a01\" must be digits only"],
    );
    assert_message(
        &run,
        "bad.expenditures.csv:3:3",
        &["code: code \"2080\" has 4 digits; a functional code has 3 (类), 5 (款) or 7 (项) digits"],
    );
    assert_message(&run, "bad.expenditures.csv:4:3", &["has 6 digits"]);
    assert_message(&run, "bad.expenditures.csv:5:3", &["has 8 digits"]);
}

#[test]
fn economic_codes_have_three_or_five_digits() {
    let ws = Workspace::new();
    let header = "year,department,code,amount";
    ws.write(
        "economic_expenditures.csv",
        csv(&[header, "2021,D,301,1", "2021,D,30101,1"]),
    );
    ws.import_ok(&["economic_expenditures.csv"]);
    assert_eq!(
        table(&ws, "SELECT code FROM economic_expenditures ORDER BY id"),
        ["301", "30101"]
    );

    ws.write(
        "bad.economic_expenditures.csv",
        csv(&[header, "2021,E,3010101,1", "2021,E,3011,1", "2021,E,30a,1"]),
    );
    let run = ws.import(&["bad.economic_expenditures.csv"]);
    run.assert_invalid(3);
    assert_locations(
        &run,
        &[
            "bad.economic_expenditures.csv:2:3",
            "bad.economic_expenditures.csv:3:3",
            "bad.economic_expenditures.csv:4:3",
        ],
    );
    assert_message(
        &run,
        "bad.economic_expenditures.csv:2:3",
        &["code \"3010101\" has 7 digits; an economic code has 3 (类) or 5 (款) digits"],
    );
}

#[test]
fn terms_must_name_a_known_id_or_label() {
    let ws = Workspace::new();
    ws.write(
        "three_public.csv",
        csv(&[
            "year,department,category,actual",
            "2021,D,公务接待,1",
            "2021,D,会议费,1",
        ]),
    );
    let run = ws.import(&["three_public.csv"]);
    run.assert_invalid(2);
    assert_locations(&run, &["three_public.csv:2:3", "three_public.csv:3:3"]);
    assert_message(
        &run,
        "three_public.csv:2:3",
        &["category: unknown category \"公务接待\"", "did you mean"],
    );
    assert_message(
        &run,
        "three_public.csv:3:3",
        &["unknown category \"会议费\""],
    );
}

#[test]
fn unit_yuan_reads_every_amount_of_the_invocation_in_yuan() {
    let ws = Workspace::new();
    ws.write(
        "in/reports.csv",
        csv(&["year,department,income_total", "2021,D,1234567.89"]),
    );
    ws.write(
        "in/claims.csv",
        csv(&[
            "year,department,metric,value",
            "2021,D,income_total,\"1,234,567.89\"",
        ]),
    );
    let run = ws.import_ok(&["--unit", "元", "in"]);
    assert_eq!(run.counts_of("reports"), counts(1, 1, 0, 0));
    assert_eq!(
        ws.scalar::<i64>("SELECT income_total_fen FROM reports"),
        123_456_789
    );
    assert_eq!(
        table(&ws, "SELECT value_fen, value_decimals, unit FROM claims"),
        ["123456789|2|元"]
    );
    assert_eq!(ws.scalar::<String>("SELECT unit FROM imports"), "元");

    // A fraction of a 分 cannot be stored exactly.
    ws.write(
        "fine.reports.csv",
        csv(&["year,department,income_total", "2022,D,0.001"]),
    );
    let run = ws.import(&["--unit", "元", "fine.reports.csv"]);
    run.assert_invalid(1);
    assert_message(&run, "fine.reports.csv:2:3", &["finer than 1 分"]);
}

#[test]
fn an_unknown_unit_is_a_usage_error() {
    let ws = Workspace::new();
    ws.write("reports.csv", csv(&["year,department", "2021,D"]));
    let run = ws.import(&["--unit", "千元", "reports.csv"]);
    run.assert_code(2);
    assert!(!ws.db().exists());
}

// ---------------------------------------------------------------------------
// 7. Columns and kinds

#[test]
fn an_unknown_column_is_an_error_with_a_suggestion_where_one_fits() {
    let ws = Workspace::new();
    ws.write(
        "three_public.csv",
        csv(&[
            "year,department,category,budgt,remarks",
            "2021,D,reception,1,x",
        ]),
    );
    let run = ws.import(&["three_public.csv"]);
    run.assert_invalid(2);
    assert_locations(&run, &["three_public.csv:1:4", "three_public.csv:1:5"]);
    assert_message(
        &run,
        "three_public.csv:1:4",
        &["unknown column \"budgt\" for kind three_public (did you mean \"budget\"?)"],
    );
    let remarks = run.message_at("three_public.csv:1:5");
    assert!(remarks.starts_with("unknown column \"remarks\" for kind three_public; its columns are year, department, category, budget, actual"), "{remarks}");
    assert!(!remarks.contains("did you mean"), "{remarks}");
    assert!(!ws.db().exists());
}

#[test]
fn a_file_name_that_names_no_kind_is_an_error() {
    let ws = Workspace::new();
    ws.write("data.csv", csv(&["year,department", "2021,D"]));
    ws.write("2021.three_publc.csv", csv(&["year,department", "2021,D"]));
    let run = ws.import(&["data.csv", "2021.three_publc.csv"]);
    run.assert_invalid(2);
    assert_locations(&run, &["data.csv", "2021.three_publc.csv"]);
    assert_message(
        &run,
        "data.csv",
        &["cannot tell the kind of this file from its name"],
    );
    assert_message(
        &run,
        "2021.three_publc.csv",
        &["(did you mean \"three_public\"?)", "or pass --kind"],
    );
    assert!(!ws.db().exists());
}

#[test]
fn kind_option_overrides_the_file_name_of_a_single_file() {
    let ws = Workspace::new();
    ws.write("data.csv", csv(&["year,department,unit", "2021,D,U"]));
    ws.write("reports.csv", csv(&["year,department,unit", "2021,D,V"]));
    let run = ws.import_ok(&["--kind", "units", "data.csv"]);
    assert_eq!(run.counts_of("units"), counts(1, 1, 0, 0));
    let run = ws.import_ok(&["--kind", "units", "reports.csv"]);
    assert_eq!(run.counts_of("units"), counts(1, 1, 0, 0));
    assert_eq!(run.counts().len(), 1);
    assert_eq!(table(&ws, "SELECT unit FROM units ORDER BY id"), ["U", "V"]);
    assert_eq!(ws.scalar::<i64>("SELECT count(*) FROM reports"), 0);
    assert_eq!(
        table(&ws, "SELECT path, kind FROM import_files ORDER BY id"),
        ["data.csv|units", "reports.csv|units"]
    );
}

#[test]
fn kind_option_with_several_files_is_a_usage_error() {
    let ws = Workspace::new();
    ws.write("a.csv", csv(&["year,department", "2021,D"]));
    ws.write("b.csv", csv(&["year,department", "2021,E"]));
    let run = ws.import(&["--kind", "reports", "a.csv", "b.csv"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("--kind applies to a single file"),
        "{}",
        run.stderr
    );
    assert!(!ws.db().exists());

    ws.write("dir/a.csv", csv(&["year,department", "2021,D"]));
    ws.write("dir/b.csv", csv(&["year,department", "2021,E"]));
    let run = ws.import(&["--kind", "reports", "dir"]);
    run.assert_code(2);
    assert!(!ws.db().exists());
}

#[test]
fn an_unknown_kind_option_is_a_usage_error() {
    let ws = Workspace::new();
    ws.write("a.csv", csv(&["year,department", "2021,D"]));
    let run = ws.import(&["--kind", "report", "a.csv"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("--kind report: unknown kind (did you mean \"reports\"?)"),
        "{}",
        run.stderr
    );
    assert!(!ws.db().exists());
}

// ---------------------------------------------------------------------------
// 8. Locations

/// Six problems on lines 2, 3, 5, 6 and 8; line 3 holds a quoted cell that
/// runs over two lines, so everything after it is one line further down.
const BAD_THREE_PUBLIC: [&str; 8] = [
    "year,department,category,budget,actual,batches,persons,vehicles",
    "2021,D,outbound,abc,1,,,",
    "2021,D,reception,1,2,\"two",
    "batches\",,",
    "2021,D,会议费,1,2,,,",
    "2021,D,vehicle_purchase,1,2,,,-1",
    "2021,D,vehicle_operation,1,2,,,",
    "2021年,,vehicle_operation,1,1.2.3,,,",
];

const BAD_THREE_PUBLIC_LOCATIONS: [&str; 6] = [
    "bad.three_public.csv:2:4",
    "bad.three_public.csv:3:6",
    "bad.three_public.csv:5:3",
    "bad.three_public.csv:6:8",
    "bad.three_public.csv:8:5",
    "bad.three_public.csv:8:2",
];

fn assert_bad_three_public(run: &common::Run) {
    run.assert_invalid(6);
    assert_locations(run, &BAD_THREE_PUBLIC_LOCATIONS);
    assert_message(
        run,
        "bad.three_public.csv:2:4",
        &["budget: \"abc\" is not a number"],
    );
    assert_message(run, "bad.three_public.csv:3:6", &["batches: \"two"]);
    assert_message(
        run,
        "bad.three_public.csv:5:3",
        &["category: unknown category \"会议费\""],
    );
    assert_message(
        run,
        "bad.three_public.csv:6:8",
        &["vehicles: \"-1\" is negative"],
    );
    assert_message(
        run,
        "bad.three_public.csv:8:5",
        &["actual: \"1.2.3\" is not a number"],
    );
    assert_message(run, "bad.three_public.csv:8:2", &["department is required"]);
}

#[test]
fn every_bad_row_is_reported_at_its_line_and_column() {
    let ws = Workspace::new();
    ws.write("bad.three_public.csv", csv(&BAD_THREE_PUBLIC));
    let run = ws.import(&["bad.three_public.csv"]);
    assert_bad_three_public(&run);
    assert!(!ws.db().exists());
}

#[test]
fn crlf_files_report_the_lines_an_editor_shows() {
    let ws = Workspace::new();
    let text: String = BAD_THREE_PUBLIC
        .iter()
        .map(|line| format!("{line}\r\n"))
        .collect();
    ws.write("bad.three_public.csv", text);
    let run = ws.import(&["bad.three_public.csv"]);
    assert_bad_three_public(&run);
}

#[test]
fn blank_lines_count_toward_line_numbers() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        "\nyear,department,unit_count\n2021,A,x\n\n2022,B,y\n\n\n2023,C,z",
    );
    let run = ws.import(&["reports.csv"]);
    run.assert_invalid(3);
    assert_locations(
        &run,
        &["reports.csv:3:3", "reports.csv:5:3", "reports.csv:8:3"],
    );
}

#[test]
fn an_empty_required_cell_is_reported_at_its_column() {
    let ws = Workspace::new();
    ws.write(
        "income.csv",
        csv(&[
            "year,department,source,amount",
            "2021,D,fiscal,",
            "2021,D,,5",
        ]),
    );
    let run = ws.import(&["income.csv"]);
    run.assert_invalid(2);
    assert_locations(&run, &["income.csv:2:4", "income.csv:3:3"]);
    assert_message(&run, "income.csv:2:4", &["amount is required"]);
    assert_message(&run, "income.csv:3:3", &["source is required"]);
}

#[test]
fn at_most_100_problems_are_reported() {
    let ws = Workspace::new();
    let mut lines = vec!["year,department,income_total".to_string()];
    lines.extend((0..150).map(|i| format!("2021,D{i},x")));
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    ws.write("reports.csv", csv(&lines));
    let run = ws.import(&["reports.csv"]);
    run.assert_code(1);
    let locations = run.locations();
    assert_eq!(locations.len(), 100, "{}", run.stderr);
    assert_eq!(locations[0], "reports.csv:2:3");
    assert_eq!(locations[99], "reports.csv:101:3");
    assert!(
        run.stderr.lines().any(|l| l
            == "budgetdb import: 100 problems found (stopped after the first 100); nothing was imported"),
        "{}",
        run.stderr
    );
    assert!(!ws.db().exists());
}

// ---------------------------------------------------------------------------
// 9. Failed imports write nothing

#[test]
fn a_failed_import_leaves_the_database_unchanged() {
    let ws = Workspace::new();
    ws.write(
        "good/reports.csv",
        csv(&["year,department,income_total", "2021,A,1", "2021,B,2"]),
    );
    ws.write(
        "good/three_public.csv",
        csv(&["year,department,category,actual", "2021,A,reception,3"]),
    );
    ws.import_ok(&["good"]);
    let before = dump(&ws.db(), true);
    let bytes_before = ws.read(common::DB);

    // Valid replacements and insertions in several files, one bad cell.
    ws.write(
        "next/reports.csv",
        csv(&["year,department,income_total", "2021,A,10", "2022,C,3"]),
    );
    ws.write(
        "next/three_public.csv",
        csv(&["year,department,category,actual", "2021,A,reception,4"]),
    );
    ws.write(
        "next/units.csv",
        csv(&["year,department,unit", "2021,A,U", "20x1,A,V"]),
    );
    ws.write(
        "next/aliases.csv",
        csv(&["alias,canonical", "A,Department A"]),
    );
    let run = ws.import(&["next"]);
    run.assert_invalid(1);
    assert_locations(&run, &["next/units.csv:3:1"]);
    assert_eq!(dump(&ws.db(), true), before);
    assert_eq!(ws.read(common::DB), bytes_before);
    assert!(!ws.path("budget.db-journal").exists());
}

#[test]
fn a_failed_first_import_leaves_no_database_file() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        csv(&["year,department,income_total", "2021,A,1", "2021,B,abc"]),
    );
    let run = ws.import(&["reports.csv"]);
    run.assert_invalid(1);
    assert!(!ws.db().exists());
    assert!(!ws.path("budget.db-journal").exists());
    assert!(!ws.path("budget.db-wal").exists());
    assert!(!ws.path("budget.db-shm").exists());
}

// ---------------------------------------------------------------------------
// 10. Dry run

#[test]
fn dry_run_on_a_new_database_creates_nothing_yet_reports_counts() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        csv(&["year,department,income_total", "2021,A,1", "2021,B,2"]),
    );
    let run = ws.import_ok(&["--dry-run", "reports.csv"]);
    assert_eq!(run.counts_of("reports"), counts(2, 2, 0, 0));
    assert!(
        run.stdout
            .contains("dry run: 1 file valid; nothing was written to"),
        "{}",
        run.stdout
    );
    assert!(!ws.db().exists());
}

#[test]
fn dry_run_on_an_existing_database_changes_nothing_yet_reports_counts() {
    let ws = Workspace::new();
    let header = "year,department,income_total";
    ws.write("reports.csv", csv(&[header, "2021,A,1", "2021,B,2"]));
    ws.import_ok(&["reports.csv"]);
    let before = dump(&ws.db(), true);
    let bytes_before = ws.read(common::DB);

    ws.write(
        "reports.csv",
        csv(&[header, "2021,A,1", "2021,B,2.5", "2021,C,3"]),
    );
    let run = ws.import_ok(&["--dry-run", "reports.csv"]);
    assert_eq!(run.counts_of("reports"), counts(3, 1, 1, 1));
    assert_eq!(dump(&ws.db(), true), before);
    assert_eq!(ws.read(common::DB), bytes_before);
}

#[test]
fn dry_run_still_reports_invalid_data() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        csv(&["year,department,income_total", "2021,A,x"]),
    );
    let run = ws.import(&["--dry-run", "reports.csv"]);
    run.assert_invalid(1);
    assert_locations(&run, &["reports.csv:2:3"]);
    assert!(!ws.db().exists());
}

// ---------------------------------------------------------------------------
// 11. Duplicate keys

#[test]
fn a_duplicate_key_within_a_file_names_both_lines() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        csv(&[
            "year,department,income_total",
            "2021,A,1",
            "2021,B,2",
            "2021,A,3",
        ]),
    );
    let run = ws.import(&["reports.csv"]);
    run.assert_invalid(1);
    assert_locations(&run, &["reports.csv:4:1"]);
    assert_message(
        &run,
        "reports.csv:4:1",
        &[
            "duplicate key (2021, A) of reports",
            "the same key as reports.csv:2",
        ],
    );
    assert!(!ws.db().exists());
}

#[test]
fn a_duplicate_key_across_files_names_both_files() {
    let ws = Workspace::new();
    let header = "year,department,category,actual";
    ws.write(
        "a.three_public.csv",
        csv(&[header, "2021,A,reception,1", "2021,A,outbound,1"]),
    );
    ws.write(
        "b.three_public.csv",
        csv(&[header, "2020,A,outbound,1", "2021,A,公务接待费,1"]),
    );
    let run = ws.import(&["b.three_public.csv", "a.three_public.csv"]);
    run.assert_invalid(1);
    assert_locations(&run, &["b.three_public.csv:3:1"]);
    assert_message(
        &run,
        "b.three_public.csv:3:1",
        &[
            "duplicate key (2021, A, reception)",
            "the same key as a.three_public.csv:2",
        ],
    );
}

#[test]
fn duplicates_identical_to_stored_rows_are_still_duplicates() {
    let ws = Workspace::new();
    let header = "year,department,income_total";
    ws.write("first.reports.csv", csv(&[header, "2021,A,1"]));
    ws.import_ok(&["first.reports.csv"]);
    let before = dump(&ws.db(), true);

    ws.write("again.reports.csv", csv(&[header, "2021,A,1", "2021,A,1"]));
    let run = ws.import(&["again.reports.csv"]);
    run.assert_invalid(1);
    assert_locations(&run, &["again.reports.csv:3:1"]);
    assert_message(
        &run,
        "again.reports.csv:3:1",
        &["the same key as again.reports.csv:2"],
    );
    assert_eq!(dump(&ws.db(), true), before);
}

#[test]
fn keys_with_an_empty_part_and_keys_naming_an_alias_are_duplicates_too() {
    let ws = Workspace::new();
    ws.write(
        "in/income.csv",
        csv(&[
            "year,department,source,code,amount",
            "2021,南昌市人社局,fiscal,,1",
            "2021,南昌市人力资源和社会保障局,财政拨款收入,—,2",
        ]),
    );
    ws.write(
        "in/aliases.csv",
        csv(&["alias,canonical", "南昌市人社局,南昌市人力资源和社会保障局"]),
    );
    let run = ws.import(&["in"]);
    run.assert_invalid(1);
    assert_locations(&run, &["in/income.csv:3:1"]);
    assert_message(
        &run,
        "in/income.csv:3:1",
        &[
            "duplicate key (2021, 南昌市人力资源和社会保障局, fiscal, (empty)) of income",
            "the same key as in/income.csv:2",
        ],
    );
}

// ---------------------------------------------------------------------------
// 12. Derived rules

#[test]
fn expenditure_total_is_derived_from_basic_and_project_when_empty() {
    let ws = Workspace::new();
    ws.write(
        "expenditures.csv",
        csv(&[
            "year,department,code,basic,project,total",
            "2021,D,208,1.25,2.5,",
            "2021,D,213,1.25,2.5,3.75",
            "2021,D,221,,,9",
            "2021,D,229,4,,",
            "2021,D,20801,4,,7",
            "2021,D,2080101,,,",
        ]),
    );
    ws.import_ok(&["expenditures.csv"]);
    assert_eq!(
        table(
            &ws,
            "SELECT code, basic_fen, project_fen, total_fen FROM expenditures ORDER BY id"
        ),
        [
            "208|1250000|2500000|3750000",
            "213|1250000|2500000|3750000",
            "221|NULL|NULL|9000000",
            // An empty part is unknown, so no total can be derived.
            "229|4000000|NULL|NULL",
            "20801|4000000|NULL|7000000",
            "2080101|NULL|NULL|NULL",
        ]
    );
}

#[test]
fn expenditure_total_disagreeing_with_basic_plus_project_is_an_error() {
    let ws = Workspace::new();
    ws.write(
        "expenditures.csv",
        csv(&[
            "year,department,code,basic,project,total",
            "2021,D,208,1,2,3",
            "2021,D,213,1,2,3.01",
        ]),
    );
    let run = ws.import(&["expenditures.csv"]);
    run.assert_invalid(1);
    assert_locations(&run, &["expenditures.csv:3:6"]);
    assert_message(
        &run,
        "expenditures.csv:3:6",
        &["total 3.01 is not basic 1.00 + project 2.00 = 3.00"],
    );
}

#[test]
fn vehicle_with_one_of_its_parts_in_the_same_file_is_an_error() {
    let ws = Workspace::new();
    ws.write(
        "three_public.csv",
        csv(&[
            "year,department,category,actual",
            "2021,D,vehicle,5",
            "2021,D,outbound,1",
            "2021,D,vehicle_purchase,2",
            "2021,E,vehicle,5",
            "2020,D,vehicle_operation,1",
        ]),
    );
    let run = ws.import(&["three_public.csv"]);
    run.assert_invalid(2);
    assert_locations(&run, &["three_public.csv:2:3", "three_public.csv:4:3"]);
    assert_message(
        &run,
        "three_public.csv:2:3",
        &["vehicle for 2021 D is given together with vehicle_purchase"],
    );
    assert_message(
        &run,
        "three_public.csv:4:3",
        &["vehicle_purchase for 2021 D is given together with vehicle"],
    );
    assert!(!ws.db().exists());
}

#[test]
fn vehicle_with_one_of_its_parts_in_another_file_is_an_error() {
    let ws = Workspace::new();
    ws.write(
        "a.three_public.csv",
        csv(&[
            "year,department,category,actual",
            "2021,D,公务用车购置及运行维护费,5",
        ]),
    );
    ws.write(
        "b.three_public.csv",
        csv(&[
            "year,department,actual,category",
            "2021,D,1,reception",
            "2021,D,3,公务用车运行维护费",
        ]),
    );
    let run = ws.import(&["a.three_public.csv", "b.three_public.csv"]);
    run.assert_invalid(2);
    assert_locations(&run, &["a.three_public.csv:2:3", "b.three_public.csv:3:4"]);
    assert_message(
        &run,
        "b.three_public.csv:3:4",
        &["vehicle_operation for 2021 D is given together with vehicle"],
    );
}

#[test]
fn vehicle_after_its_parts_were_stored_is_an_error() {
    let ws = Workspace::new();
    let header = "year,department,category,actual";
    ws.write(
        "parts.three_public.csv",
        csv(&[
            header,
            "2021,D,vehicle_purchase,1",
            "2021,D,vehicle_operation,2",
        ]),
    );
    ws.import_ok(&["parts.three_public.csv"]);
    ws.write("total.three_public.csv", csv(&[header, "2021,D,vehicle,3"]));
    let run = ws.import(&["total.three_public.csv"]);
    run.assert_invalid(1);
    assert_locations(&run, &["total.three_public.csv:2:3"]);
    assert_message(
        &run,
        "total.three_public.csv:2:3",
        &[
            "vehicle for 2021 D is given together with ",
            "vehicle_purchase",
            "vehicle_operation",
        ],
    );
}

#[test]
fn evaluation_grade_is_derived_from_the_score() {
    let ws = Workspace::new();
    ws.write(
        "evaluations.csv",
        csv(&[
            "year,department,project,method,score,grade",
            "2021,D,P1,self,97,",
            "2021,D,P2,self,90,",
            "2021,D,P3,self,89.99,",
            "2021,D,P4,self,80,",
            "2021,D,P5,self,79.5,",
            "2021,D,P6,self,60,",
            "2021,D,P7,self,59.9,",
            "2021,D,P8,self,0,",
            "2021,D,P9,self,85,良好",
            "2021,D,P10,self,,差",
        ]),
    );
    ws.import_ok(&["evaluations.csv"]);
    assert_eq!(
        table(
            &ws,
            "SELECT project, score, grade FROM evaluations ORDER BY id"
        ),
        [
            "P1|97.0|优",
            "P2|90.0|优",
            "P3|89.99|良",
            "P4|80.0|良",
            "P5|79.5|中",
            "P6|60.0|中",
            "P7|59.9|差",
            "P8|0.0|差",
            "P9|85.0|良",
            "P10|NULL|差",
        ]
    );
}

#[test]
fn evaluation_grade_disagreeing_with_the_score_is_an_error() {
    let ws = Workspace::new();
    ws.write(
        "evaluations.csv",
        csv(&[
            "year,department,project,method,score,grade",
            "2021,D,P1,self,85,优",
            "2021,D,P2,self,90,良",
            "2021,D,P3,self,101,",
        ]),
    );
    let run = ws.import(&["evaluations.csv"]);
    run.assert_invalid(3);
    assert_locations(
        &run,
        &[
            "evaluations.csv:2:6",
            "evaluations.csv:3:6",
            "evaluations.csv:4:5",
        ],
    );
    assert_message(
        &run,
        "evaluations.csv:2:6",
        &["grade 优 disagrees with score 85, which is 良"],
    );
    assert_message(
        &run,
        "evaluations.csv:3:6",
        &["grade 良 disagrees with score 90, which is 优"],
    );
    assert_message(&run, "evaluations.csv:4:5", &["score 101 is outside 0–100"]);
}

#[test]
fn an_indicator_without_its_evaluation_is_an_error() {
    let ws = Workspace::new();
    ws.write(
        "evaluations.csv",
        csv(&["year,department,project,method", "2021,D,P,self"]),
    );
    ws.write(
        "indicators.csv",
        csv(&[
            "year,department,project,method,level1,level3,weight,score",
            "2021,D,P,self,产出指标,数量,10,9",
            "2021,D,P,department,产出指标,数量,10,9",
            "2021,D,Q,self,产出指标,数量,10,9",
            "2020,D,P,self,产出指标,数量,10,9",
        ]),
    );
    let run = ws.import(&["evaluations.csv", "indicators.csv"]);
    run.assert_invalid(3);
    assert_locations(
        &run,
        &[
            "indicators.csv:3:3",
            "indicators.csv:4:3",
            "indicators.csv:5:3",
        ],
    );
    assert_message(
        &run,
        "indicators.csv:3:3",
        &["no evaluation of \"P\" (部门评价) for 2021 D"],
    );
    assert!(!ws.db().exists());
}

#[test]
fn an_indicator_of_an_evaluation_stored_earlier_is_accepted() {
    let ws = Workspace::new();
    ws.write(
        "evaluations.csv",
        csv(&["year,department,project,method", "2021,D,P,self"]),
    );
    ws.import_ok(&["evaluations.csv"]);
    ws.write(
        "indicators.csv",
        csv(&[
            "year,department,project,method,level1,level3,weight,score",
            "2021,D,P,自评,产出指标,数量,10,10",
        ]),
    );
    let run = ws.import_ok(&["indicators.csv"]);
    assert_eq!(run.counts_of("indicators"), counts(1, 1, 0, 0));
    assert_eq!(
        table(
            &ws,
            "SELECT project, method, level1, level2, level3, weight, score FROM indicators"
        ),
        ["P|self|产出指标|NULL|数量|10.0|10.0"]
    );
}

#[test]
fn an_indicator_scoring_more_than_its_weight_is_an_error() {
    let ws = Workspace::new();
    ws.write(
        "evaluations.csv",
        csv(&["year,department,project,method", "2021,D,P,self"]),
    );
    ws.write(
        "indicators.csv",
        csv(&[
            "year,department,project,method,level1,level3,weight,score",
            "2021,D,P,self,产出指标,数量,10,10",
            "2021,D,P,self,产出指标,质量,10,10.5",
        ]),
    );
    let run = ws.import(&["evaluations.csv", "indicators.csv"]);
    run.assert_invalid(1);
    assert_locations(&run, &["indicators.csv:3:8"]);
    assert_message(
        &run,
        "indicators.csv:3:8",
        &["score 10.5 is more than the indicator's weight 10"],
    );
}

// ---------------------------------------------------------------------------
// 13. Aliases

#[test]
fn rows_naming_an_alias_are_stored_under_the_canonical_name() {
    let ws = Workspace::new();
    // The aliases file sorts after the data files, in a later directory.
    ws.write(
        "in/a-2021/reports.csv",
        csv(&["year,department,income_total", "2021,南昌市人社局,1"]),
    );
    ws.write(
        "in/a-2021/units.csv",
        csv(&[
            "year,department,unit",
            "2021,南昌市人社局,南昌市社会保险事业服务中",
            "2021,南昌市人社局,南昌市就业创业服务中心",
        ]),
    );
    ws.write(
        "in/z-names/aliases.csv",
        csv(&[
            "alias,canonical",
            "南昌市人社局,南昌市人力资源和社会保障局",
            "南昌市社会保险事业服务中,南昌市社会保险事业服务中心",
        ]),
    );
    let run = ws.import_ok(&["in"]);
    assert_eq!(run.counts_of("aliases"), counts(2, 2, 0, 0));
    assert_eq!(
        table(
            &ws,
            "SELECT year, department, income_total_fen FROM reports"
        ),
        ["2021|南昌市人力资源和社会保障局|1000000"]
    );
    assert_eq!(
        table(&ws, "SELECT department, unit FROM units ORDER BY id"),
        [
            "南昌市人力资源和社会保障局|南昌市社会保险事业服务中心",
            "南昌市人力资源和社会保障局|南昌市就业创业服务中心",
        ]
    );
}

#[test]
fn stored_rows_are_renamed_when_their_name_becomes_an_alias() {
    let ws = Workspace::new();
    ws.write(
        "data/reports.csv",
        csv(&[
            "year,department,income_total",
            "2021,南昌市人社局,1",
            "2021,Other,2",
        ]),
    );
    ws.write(
        "data/evaluations.csv",
        csv(&[
            "year,department,project,method,unit",
            "2021,南昌市人社局,P,self,旧中心",
        ]),
    );
    ws.import_ok(&["data"]);

    ws.write(
        "aliases.csv",
        csv(&[
            "alias,canonical",
            "南昌市人社局,南昌市人力资源和社会保障局",
            "旧中心,新中心",
        ]),
    );
    let run = ws.import_ok(&["aliases.csv"]);
    assert_eq!(run.counts_of("aliases"), counts(2, 2, 0, 0));
    assert_eq!(
        table(
            &ws,
            "SELECT department, income_total_fen FROM reports ORDER BY id"
        ),
        ["南昌市人力资源和社会保障局|1000000", "Other|2000000"]
    );
    assert_eq!(
        table(&ws, "SELECT department, unit FROM evaluations"),
        ["南昌市人力资源和社会保障局|新中心"]
    );

    // Importing the old data again now updates the renamed rows in place.
    let run = ws.import_ok(&["data"]);
    assert_eq!(run.counts_of("reports"), counts(2, 0, 0, 2));
    assert_eq!(run.counts_of("evaluations"), counts(1, 0, 0, 1));
}

#[test]
fn an_alias_that_would_merge_stored_rows_is_an_error() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        csv(&[
            "year,department,income_total",
            "2021,Old,1",
            "2021,New,2",
            "2020,Old,3",
        ]),
    );
    ws.import_ok(&["reports.csv"]);
    let before = dump(&ws.db(), true);
    ws.write("aliases.csv", csv(&["alias,canonical", "Old,New"]));
    let run = ws.import(&["aliases.csv"]);
    run.assert_invalid(1);
    assert_locations(&run, &["aliases.csv:2:1"]);
    assert_message(
        &run,
        "aliases.csv:2:1",
        &["reports holds rows under both \"Old\" and \"New\" with the same key"],
    );
    assert_eq!(dump(&ws.db(), true), before);
}

#[test]
fn alias_cycles_and_self_aliases_are_errors() {
    let ws = Workspace::new();
    ws.write(
        "aliases.csv",
        csv(&["alias,canonical", "A,B", "B,C", "C,A", "D,D"]),
    );
    let run = ws.import(&["aliases.csv"]);
    run.assert_invalid(2);
    assert_locations(&run, &["aliases.csv:4:1", "aliases.csv:5:1"]);
    assert_message(&run, "aliases.csv:4:1", &["would make a cycle"]);
    assert_message(
        &run,
        "aliases.csv:5:1",
        &["alias \"D\" is the same as its canonical name"],
    );
}

// ---------------------------------------------------------------------------
// 14. The import log

#[test]
fn the_import_log_records_every_file_with_its_sha256_kind_and_counts() {
    let ws = Workspace::new();
    let reports = csv(&["year,department,income_total", "2021,A,1", "2021,B,2"]);
    let units = csv(&["year,department,unit", "2021,A,U"]);
    ws.write("in/units.csv", &units);
    ws.write("in/x.reports.csv", &reports);
    ws.write("in/notes.txt", "not imported");
    ws.import_ok(&["in"]);

    let changed = csv(&[
        "year,department,income_total",
        "2021,A,1",
        "2021,B,3",
        "2021,C,4",
    ]);
    ws.write("in/x.reports.csv", &changed);
    ws.import_ok(&["in"]);

    assert_eq!(
        table(&ws, "SELECT import_id, path, sha256, kind, encoding, rows, inserted, replaced, unchanged FROM import_files ORDER BY import_id, path"),
        [
            format!("1|in/units.csv|{}|units|UTF-8|1|1|0|0", sha256_hex(units.as_bytes())),
            format!("1|in/x.reports.csv|{}|reports|UTF-8|2|2|0|0", sha256_hex(reports.as_bytes())),
            format!("2|in/units.csv|{}|units|UTF-8|1|0|0|1", sha256_hex(units.as_bytes())),
            format!("2|in/x.reports.csv|{}|reports|UTF-8|3|1|1|1", sha256_hex(changed.as_bytes())),
        ]
    );
    assert_eq!(
        table(&ws, "SELECT id, unit, version, finished_at IS NOT NULL, started_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z' FROM imports ORDER BY id"),
        [
            format!("1|万元|{}|1|1", env!("CARGO_PKG_VERSION")),
            format!("2|万元|{}|1|1", env!("CARGO_PKG_VERSION")),
        ]
    );
    let sha: String = ws.scalar("SELECT sha256 FROM import_files WHERE id = 1");
    assert_eq!(sha.len(), 64);
    assert!(sha
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
}

#[test]
fn the_import_log_hashes_the_bytes_as_saved() {
    // The hash covers the BOM and the original encoding, not the decoded text.
    let ws = Workspace::new();
    let gb18030 = common::fixture(GB18030_REPORTS);
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(&common::fixture(UTF8_REPORTS));
    ws.write("gb.reports.csv", &gb18030);
    ws.write("bom.reports.csv", &bom);
    ws.import_ok(&["gb.reports.csv"]);
    ws.import_ok(&["bom.reports.csv"]);
    assert_eq!(
        table(&ws, "SELECT path, sha256, encoding, rows, inserted, unchanged FROM import_files ORDER BY id"),
        [
            format!("gb.reports.csv|{}|GB18030|2|2|0", sha256_hex(&gb18030)),
            format!("bom.reports.csv|{}|UTF-8|2|0|2", sha256_hex(&bom)),
        ]
    );
}

// ---------------------------------------------------------------------------
// 15. Databases that are not ours

#[test]
fn an_sqlite_database_of_another_application_is_refused_and_left_untouched() {
    let ws = Workspace::new();
    {
        let conn = rusqlite::Connection::open(ws.db()).expect("create a foreign database");
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
            .expect("fill it");
    }
    let bytes = ws.read(common::DB);
    ws.write("reports.csv", csv(&["year,department", "2021,D"]));

    let run = ws.import(&["reports.csv"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("an SQLite database, but not a budgetdb one"),
        "{}",
        run.stderr
    );
    assert_eq!(ws.read(common::DB), bytes);

    let run = ws.import(&["--dry-run", "reports.csv"]);
    run.assert_code(1);
    assert_eq!(ws.read(common::DB), bytes);
    assert!(!ws.path("budget.db-journal").exists());
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let ws = Workspace::new();
    let mut text = b"year,department\n2021,D\n".repeat(200);
    text.extend_from_slice("说明：这不是数据库。\n".as_bytes());
    ws.write(common::DB, &text);
    ws.write("reports.csv", csv(&["year,department", "2021,D"]));

    let run = ws.import(&["reports.csv"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("not an SQLite database"),
        "{}",
        run.stderr
    );
    assert_eq!(ws.read(common::DB), text);

    ws.write(common::DB, b"hello");
    let run = ws.import(&["reports.csv"]);
    run.assert_code(1);
    assert_eq!(ws.read(common::DB), b"hello");
}

// ---------------------------------------------------------------------------
// 16. Odd files

#[test]
fn short_and_long_rows_are_errors_at_the_first_missing_or_extra_field() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        csv(&[
            "year,department,income_total",
            "2021,A",
            "2021,B,1,extra",
            "2021,C,1",
            "2021",
        ]),
    );
    let run = ws.import(&["reports.csv"]);
    run.assert_invalid(3);
    assert_locations(
        &run,
        &["reports.csv:2:3", "reports.csv:3:4", "reports.csv:5:2"],
    );
    assert_message(
        &run,
        "reports.csv:2:3",
        &["the row has 2 fields but the header has 3"],
    );
    assert_message(
        &run,
        "reports.csv:3:4",
        &["the row has 4 fields but the header has 3"],
    );
}

#[test]
fn an_empty_file_is_an_error() {
    let ws = Workspace::new();
    ws.write("reports.csv", "");
    let run = ws.import(&["reports.csv"]);
    run.assert_invalid(1);
    assert_locations(&run, &["reports.csv"]);
    assert_message(&run, "reports.csv", &["the file is empty"]);
    assert!(!ws.db().exists());
}

#[test]
fn a_header_only_file_imports_nothing_and_succeeds() {
    let ws = Workspace::new();
    ws.write("reports.csv", "year,department,income_total\n");
    ws.write("units.csv", "year,department,unit");
    let run = ws.import_ok(&["reports.csv", "units.csv"]);
    assert_eq!(run.counts_of("reports"), counts(0, 0, 0, 0));
    assert_eq!(run.counts_of("units"), counts(0, 0, 0, 0));
    assert_eq!(ws.scalar::<i64>("SELECT count(*) FROM reports"), 0);
    assert_eq!(
        table(&ws, "SELECT path, rows FROM import_files ORDER BY path"),
        ["reports.csv|0", "units.csv|0"]
    );
}

#[test]
fn rows_of_empty_cells_are_skipped() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        csv(&[
            "year,department,income_total",
            "2021,A,1",
            ",,",
            " , , ",
            "2021,B,2",
        ]),
    );
    let run = ws.import_ok(&["reports.csv"]);
    assert_eq!(run.counts_of("reports"), counts(2, 2, 0, 0));
}

#[test]
fn a_nul_byte_is_an_error_at_its_field() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        b"year,department,income_total\n2021,A,1\n2021,B\0C,2\n",
    );
    let run = ws.import(&["reports.csv"]);
    run.assert_invalid(1);
    assert_locations(&run, &["reports.csv:3:2"]);
    assert_message(&run, "reports.csv:3:2", &["NUL byte"]);
    assert!(!ws.db().exists());
}

#[test]
fn a_utf16_file_is_refused_with_advice() {
    let ws = Workspace::new();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "year,department\n2021,D\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    ws.write("reports.csv", &bytes);
    let run = ws.import(&["reports.csv"]);
    run.assert_invalid(1);
    assert_message(&run, "reports.csv", &["UTF-16"]);
}

#[test]
fn a_csv_of_unknown_kind_in_a_directory_is_an_error() {
    let ws = Workspace::new();
    ws.write("in/reports.csv", csv(&["year,department", "2021,D"]));
    ws.write("in/sub/notes.csv", csv(&["a,b", "1,2"]));
    let run = ws.import(&["in"]);
    run.assert_invalid(1);
    assert_locations(&run, &["in/sub/notes.csv"]);
    assert_message(&run, "in/sub/notes.csv", &["cannot tell the kind"]);
    assert!(!ws.db().exists());
}

#[test]
fn other_files_in_a_directory_are_skipped_and_named() {
    let ws = Workspace::new();
    ws.write("in/reports.csv", csv(&["year,department", "2021,D"]));
    ws.write("in/README.txt", "year,department\nnot,data\n");
    ws.write("in/notes.md", "# notes");
    ws.write("in/sub/report.pdf", b"%PDF-1.4");
    ws.write("in/.hidden.csv", "not,read\n");
    ws.write("in/~$reports.csv", "not,read\n");
    let run = ws.import_ok(&["in"]);
    assert_eq!(run.counts_of("reports"), counts(1, 1, 0, 0));
    let skipped: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("budgetdb import: skipped "))
        .collect();
    assert_eq!(
        skipped,
        [
            "in/README.txt: not a .csv, .tsv, .xlsx or .xls file",
            "in/notes.md: not a .csv, .tsv, .xlsx or .xls file",
            "in/sub/report.pdf: not a .csv, .tsv, .xlsx or .xls file",
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("imported 1 file into "),
        "{}",
        run.stdout
    );
    assert_eq!(
        table(&ws, "SELECT path FROM import_files"),
        ["in/reports.csv"]
    );
}

#[test]
fn a_missing_path_is_an_error() {
    let ws = Workspace::new();
    let run = ws.import(&["nowhere.reports.csv"]);
    run.assert_invalid(1);
    assert_message(&run, "nowhere.reports.csv", &["no such file or directory"]);
    assert!(!ws.db().exists());
}

#[test]
fn a_named_file_that_is_not_csv_or_tsv_is_skipped_with_a_note() {
    let ws = Workspace::new();
    ws.write("reports.csv", csv(&["year,department", "2021,D"]));
    ws.write("notes.txt", "year,department\nnot,data\n");
    let run = ws.import_ok(&["reports.csv", "notes.txt"]);
    assert_eq!(run.counts_of("reports"), counts(1, 1, 0, 0));
    assert!(
        run.stderr
            .contains("skipped notes.txt: not a .csv, .tsv, .xlsx or .xls file"),
        "{}",
        run.stderr
    );
    assert_eq!(table(&ws, "SELECT path FROM import_files"), ["reports.csv"]);
}
