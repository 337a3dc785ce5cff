//! No silent mojibake: a file is read in one encoding from its first byte
//! to its last. A UTF-8 file with a damaged byte, or UTF-8 rows beside
//! GB18030 rows, is an error at the first cell that does not fit, naming
//! both encodings, never text decoded in the wrong one.

mod common;

use common::Workspace;

const HEADER: &str = "year,department,unit,note\n";

/// `rows` units of a department, one per line, as UTF-8.
fn units(department: &str, rows: usize) -> String {
    let mut text = HEADER.to_string();
    for n in 0..rows {
        text.push_str(&format!("2021,{department},二级单位{n},备注{n}\n"));
    }
    text
}

fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn valid_gb18030(bytes: &[u8]) -> bool {
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some()
}

#[test]
fn a_utf8_file_with_one_damaged_byte_is_an_error_at_its_cell_not_gb18030() {
    let ws = Workspace::seeded();
    let good = units("南昌市人社局", 40).into_bytes();
    // Damage one byte of line 3 so that the whole file stays valid GB18030
    // (as UTF-8 Chinese often is, read two bytes at a time).
    let line3 = good
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .nth(1)
        .map(|(i, _)| i + 1)
        .expect("line 3");
    let damaged = (line3..line3 + 40)
        .filter(|&i| good[i] >= 0x80)
        .flat_map(|i| (0x81..=0xFEu8).map(move |b| (i, b)))
        .map(|(i, b)| {
            let mut bytes = good.clone();
            bytes[i] = b;
            bytes
        })
        .find(|bytes| std::str::from_utf8(bytes).is_err() && valid_gb18030(bytes))
        .expect("a damage that GB18030 accepts");
    ws.write("damaged.units.csv", &damaged);
    let before = ws.dump();
    let run = ws.import(&["damaged.units.csv"]);
    run.assert_invalid(1);
    let (location, message) = run.diagnostics().remove(0);
    assert_eq!(location, "damaged.units.csv:3:2", "{}", run.stderr);
    assert!(
        message.contains("not UTF-8") && message.contains("GB18030"),
        "{message}"
    );
    assert_eq!(ws.dump(), before);
}

#[test]
fn utf8_rows_among_gb18030_rows_are_an_error_at_the_first_that_does_not_fit() {
    let ws = Workspace::seeded();
    // One UTF-8 line with an even number of CJK characters (valid GB18030
    // byte pairs), then GB18030 lines that decide the file's encoding.
    let utf8 = units("南昌市人社局", 1);
    let mut bytes = utf8.clone().into_bytes();
    assert!(
        valid_gb18030(&bytes),
        "the UTF-8 line must read as GB18030 too"
    );
    let gb_rows = units("南昌市人力资源和社会保障局", 200);
    bytes.extend(gb18030(&gb_rows[HEADER.len()..]));
    ws.write("mixed.units.csv", &bytes);
    let before = ws.dump();
    let run = ws.import(&["mixed.units.csv"]);
    run.assert_invalid(1);
    let (location, message) = run.diagnostics().remove(0);
    assert_eq!(location, "mixed.units.csv:2:2", "{}", run.stderr);
    assert!(
        message.contains("UTF-8") && message.contains("GB18030"),
        "{message}"
    );
    assert_eq!(ws.dump(), before);
}

#[test]
fn gb18030_then_utf8_after_the_sniffed_prefix_is_an_error_there() {
    let ws = Workspace::seeded();
    let mut bytes = gb18030(&units("南昌市人力资源和社会保障局", 3000));
    assert!(bytes.len() > 64 * 1024);
    bytes.extend("2021,南昌市人社局,后来单位,1\n".as_bytes());
    ws.write("late.units.csv", &bytes);
    let run = ws.import(&["late.units.csv"]);
    run.assert_invalid(1);
    let (location, message) = run.diagnostics().remove(0);
    assert_eq!(location, "late.units.csv:3002:2", "{}", run.stderr);
    assert!(message.contains("UTF-8"), "{message}");
}

#[test]
fn a_genuine_gb18030_file_still_imports_as_gb18030() {
    let ws = Workspace::seeded();
    ws.write(
        "gb.units.csv",
        gb18030(&units("南昌市人力资源和社会保障局", 30)),
    );
    ws.import_ok(&["gb.units.csv"]);
    let names = ws.rows("SELECT DISTINCT department FROM units WHERE unit LIKE '二级单位%'");
    assert_eq!(names.len(), 1, "{names:?}");
    assert_eq!(
        ws.scalar::<String>("SELECT encoding FROM import_files ORDER BY id DESC LIMIT 1"),
        "GB18030"
    );
}
