//! Writes deterministic contract CSVs for benchmarks:
//! `cargo run --release --example gen -- OUT_DIR DEPARTMENTS YEARS [--by-department]`.
//!
//! By default three files (`bench.reports.csv`, `bench.expenditures.csv`,
//! `bench.three_public.csv`); with `--by-department` the same rows as one
//! folder per department (`OUT_DIR/0042/bench.expenditures.csv`, …), the
//! layout of a collection of reports, where re-importing after one
//! department changed should read only that department's files.
//!
//! For each department and year: one `reports` row, four `three_public`
//! rows, and 50 `expenditures` rows (fund `all`, 项 codes spread over
//! several 类/款, with basic, project, total and budget_initial). 2000
//! departments × 10 years give 1,000,000 expenditure rows.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// 类/款 prefixes the generated 项 codes are spread over.
const KUAN: [&str; 10] = [
    "20101", "20103", "20501", "20502", "20801", "20805", "21001", "21101", "21302", "22102",
];
const FIRST_YEAR: u32 = 2015;

/// 科目名称 for the generated 项, cycled, so rows are as long as real ones
/// (2000 departments × 10 years make an expenditures file of about 90 MB).
const NAMES: [&str; 10] = [
    "行政运行",
    "一般行政管理事务",
    "机关服务",
    "信息化建设",
    "社会保险经办机构",
    "劳动保障监察",
    "就业管理事务",
    "其他人力资源和社会保障管理事务支出",
    "事业运行",
    "其他社会保障和就业支出",
];

/// A small deterministic generator (xorshift), so runs are reproducible
/// without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// An amount in 分 below `max_wan` 万元.
    fn fen(&mut self, max_wan: u64) -> u64 {
        self.next() % (max_wan * 1_000_000 / 10_000) * 10_000
    }
}

fn wan(fen: u64) -> String {
    format!("{}.{:02}", fen / 1_000_000, fen % 1_000_000 / 10_000)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(out), Some(departments), Some(years)) = (
        args.first().map(PathBuf::from),
        args.get(1).and_then(|s| s.parse::<u32>().ok()),
        args.get(2).and_then(|s| s.parse::<u32>().ok()),
    ) else {
        eprintln!("usage: gen OUT_DIR DEPARTMENTS YEARS [--by-department]");
        return ExitCode::from(2);
    };
    let by_department = args.get(3).is_some_and(|a| a == "--by-department");
    match write_all(&out, departments, years, by_department) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The three files rows are written to.
struct Files {
    reports: BufWriter<File>,
    three_public: BufWriter<File>,
    expenditures: BufWriter<File>,
}

impl Files {
    fn create(dir: &std::path::Path) -> std::io::Result<Files> {
        std::fs::create_dir_all(dir)?;
        let open =
            |name: &str| File::create(dir.join(name)).map(|f| BufWriter::with_capacity(1 << 20, f));
        let mut files = Files {
            reports: open("bench.reports.csv")?,
            three_public: open("bench.three_public.csv")?,
            expenditures: open("bench.expenditures.csv")?,
        };
        writeln!(files.reports, "year,department,region,staff_total,income_total,expenditure_total,basic_expenditure,project_expenditure")?;
        writeln!(
            files.three_public,
            "year,department,category,budget,actual,batches,persons"
        )?;
        writeln!(
            files.expenditures,
            "year,department,fund,code,name,budget_initial,basic,project,total"
        )?;
        Ok(files)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.reports.flush()?;
        self.three_public.flush()?;
        self.expenditures.flush()
    }
}

fn write_all(
    out: &std::path::Path,
    departments: u32,
    years: u32,
    by_department: bool,
) -> std::io::Result<()> {
    let mut files = Files::create(out)?;
    let mut rng = Rng(0x2021_0BDB_5EED_0001);
    for d in 0..departments {
        let department = format!("测试市第{d:04}局");
        if by_department {
            files.flush()?;
            files = Files::create(&out.join(format!("{d:04}")))?;
        }
        let Files {
            reports,
            three_public,
            expenditures,
        } = &mut files;
        for y in 0..years {
            let year = FIRST_YEAR + y;
            let (mut basic_sum, mut project_sum) = (0, 0);
            for item in 0..50u32 {
                let kuan = KUAN[(item % 10) as usize];
                let code = format!("{kuan}{:02}", item / 10 + 1);
                let basic = rng.fen(500);
                let project = rng.fen(2000);
                let budget = rng.fen(2500);
                basic_sum += basic;
                project_sum += project;
                writeln!(
                    expenditures,
                    "{year},{department},all,{code},{},{},{},{},{}",
                    NAMES[(item / 5 % 10) as usize],
                    wan(budget),
                    wan(basic),
                    wan(project),
                    wan(basic + project)
                )?;
            }
            let total = basic_sum + project_sum;
            writeln!(
                reports,
                "{year},{department},测试省,{},{},{},{},{}",
                100 + rng.next() % 400,
                wan(total),
                wan(total),
                wan(basic_sum),
                wan(project_sum)
            )?;
            for category in [
                "outbound",
                "vehicle_purchase",
                "vehicle_operation",
                "reception",
            ] {
                let budget = rng.fen(50);
                let actual = budget / 2;
                if category == "reception" {
                    writeln!(
                        three_public,
                        "{year},{department},{category},{},{},{},{}",
                        wan(budget),
                        wan(actual),
                        rng.next() % 50,
                        rng.next() % 500
                    )?;
                } else {
                    writeln!(
                        three_public,
                        "{year},{department},{category},{},{},,",
                        wan(budget),
                        wan(actual)
                    )?;
                }
            }
        }
    }
    files.flush()?;
    if by_department {
        // The top-level files were only headers.
        for name in [
            "bench.reports.csv",
            "bench.three_public.csv",
            "bench.expenditures.csv",
        ] {
            std::fs::remove_file(out.join(name))?;
        }
    }
    Ok(())
}
