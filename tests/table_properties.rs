//! Property tests of the two table readers: whatever the bytes, a PDF's
//! word list or a workbook never makes them panic; they read or refuse.
//! (`PROPTEST_CASES` runs more cases, as for `tests/properties.rs`.)

use budgetdb::extract::tables::{from_pdf, from_workbook};
use proptest::prelude::*;
use proptest::test_runner::Config;

fn config(default_cases: u32) -> Config {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = default_cases;
    }
    config
}

/// Workbooks are read as the binary reads them: tried first in its child
/// process, so a damaged one that would make calamine ask for all the
/// memory there is is refused rather than aborting this test.
fn as_the_binary_reads() {
    budgetdb::io::sandbox::enable(env!("CARGO_BIN_EXE_budgetdb").into());
}

fn fixture(relative: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What table pages are made of: titles, unit lines, header words, codes,
/// numbers in every form, notes, and noise.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("收入支出决算总表".to_string()),
        Just("支出决算表".to_string()),
        Just("财政拨款收入支出决算总表".to_string()),
        Just("财政拨款“三公”经费支出决算表".to_string()),
        Just("一般公共预算财政拨款基本支出决算表".to_string()),
        Just("单位：万元".to_string()),
        Just("单位：元".to_string()),
        Just("项目".to_string()),
        Just("科目编码".to_string()),
        Just("科目名称".to_string()),
        Just("合计".to_string()),
        Just("小计".to_string()),
        Just("决算数".to_string()),
        Just("预算数".to_string()),
        Just("基本支出".to_string()),
        Just("类".to_string()),
        Just("款".to_string()),
        Just("一、一般公共预算财政拨款收入".to_string()),
        Just("年初财政拨款结转和结余".to_string()),
        Just("注：本表反映".to_string()),
        Just("本表无数据".to_string()),
        "[0-9]{3}|[0-9]{5}|[0-9]{7}|[0-9]{2}",
        "-?[0-9]{1,3}(,[0-9]{3}){0,3}\\.[0-9]{0,8}",
        "\\([0-9]{1,4}\\.[0-9]{2}\\)",
        "[0-9]{1,3}资本性支出",
        "\\PC{1,6}",
    ]
}

/// A `pdftotext -bbox` document of random words at random places.
fn bbox_document() -> impl Strategy<Value = String> {
    let word = (
        token(),
        0.0f64..800.0,
        0.0f64..800.0,
        1.0f64..120.0,
        0.5f64..20.0,
    );
    let page = prop::collection::vec(word, 0..60);
    prop::collection::vec(page, 1..4).prop_map(|pages| {
        let mut html = String::from("<html><body><doc>\n");
        for words in pages {
            html.push_str("<page width=\"842\" height=\"595\">\n");
            for (text, x, y, w, h) in words {
                let text = text.replace('&', "&amp;").replace('<', "&lt;");
                html.push_str(&format!(
                    "<word xMin=\"{x}\" yMin=\"{y}\" xMax=\"{}\" yMax=\"{}\">{text}</word>\n",
                    x + w,
                    y + h
                ));
            }
            html.push_str("</page>\n");
        }
        html.push_str("</doc></body></html>");
        html
    })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn the_pdf_reader_never_panics_on_any_text(text in "\\PC{0,400}") {
        let _ = from_pdf("x.pdf", &text);
    }

    #[test]
    fn the_pdf_reader_never_panics_on_random_pages(html in bbox_document()) {
        if let Ok(read) = from_pdf("x.pdf", &html) {
            for message in &read.errors {
                prop_assert!(message.starts_with("x.pdf p."), "{}", message);
            }
        }
    }

    #[test]
    fn the_workbook_reader_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        as_the_binary_reads();
        let _ = from_workbook("x.xlsx", bytes.clone());
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend(bytes);
        let _ = from_workbook("x.xlsx", zip);
    }
}

proptest! {
    #![proptest_config(config(48))]

    /// A real workbook with bytes changed: read or refused, never a panic.
    #[test]
    fn the_workbook_reader_never_panics_on_a_damaged_workbook(
        changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..40),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        as_the_binary_reads();
        let mut bytes = fixture("tables/generated/one-column.xlsx");
        for (at, byte) in changes {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        let _ = from_workbook("x.xlsx", bytes);
    }
}
