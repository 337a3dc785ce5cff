//! Inputs an attacker (or an unlucky export) makes: symbolic links in an
//! import folder, a header whose quote is never closed, names carrying
//! terminal escapes, invisible or direction-changing characters, and
//! alias chains of any length.

mod common;

use std::os::unix::fs::symlink;

use common::Workspace;

const REPORT: &str = "year,department,income_total\n2021,测试局,1\n";

#[test]
fn symlinked_files_and_folders_in_an_import_folder_are_followed() {
    let ws = Workspace::new();
    ws.write("elsewhere/a.reports.csv", REPORT);
    ws.write(
        "elsewhere/more/b.units.csv",
        "year,department,unit\n2021,测试局,单位甲\n",
    );
    std::fs::create_dir_all(ws.path("imports")).expect("dir");
    symlink(
        ws.path("elsewhere/a.reports.csv"),
        ws.path("imports/a.reports.csv"),
    )
    .expect("link");
    symlink(ws.path("elsewhere/more"), ws.path("imports/more")).expect("link");
    let run = ws.import_ok(&["imports"]);
    assert!(run.stdout.contains("imported 2 files"), "{}", run.stdout);
    assert_eq!(ws.scalar::<i64>("SELECT count(*) FROM reports"), 1);
    assert_eq!(ws.scalar::<i64>("SELECT count(*) FROM units"), 1);
}

#[test]
fn a_symlink_loop_in_an_import_folder_is_an_error_that_names_it() {
    let ws = Workspace::new();
    ws.write("imports/a.reports.csv", REPORT);
    symlink(ws.path("imports"), ws.path("imports/again")).expect("link");
    let run = ws.import(&["imports"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("again") && run.stderr.contains("loop"),
        "{}",
        run.stderr
    );
    assert!(!ws.db().exists());
}

#[test]
fn a_broken_symlink_in_an_import_folder_is_an_error_that_names_it() {
    let ws = Workspace::new();
    ws.write("imports/a.reports.csv", REPORT);
    symlink(ws.path("nowhere.csv"), ws.path("imports/b.reports.csv")).expect("link");
    let run = ws.import(&["imports"]);
    run.assert_code(1);
    assert!(run.stderr.contains("b.reports.csv"), "{}", run.stderr);
    assert!(!ws.db().exists());
}

#[test]
fn a_quote_left_open_in_the_header_is_reported_where_it_opens() {
    let ws = Workspace::new();
    ws.write(
        "q.reports.csv",
        "year,\"department,income_total\n2021,测试局,1\n2020,测试局,2\n",
    );
    let run = ws.import(&["q.reports.csv"]);
    run.assert_invalid(1);
    let message = run.message_at("q.reports.csv:1:2");
    assert!(message.contains("never closed"), "{message}");
}

#[test]
fn names_with_controls_invisible_or_bidi_characters_are_refused_at_their_cell() {
    let ws = Workspace::seeded();
    let before = ws.dump();
    for (bad, what) in [
        ("测试\u{1b}[31m局", "U+001B"),
        ("测试\u{200b}局", "U+200B"),
        ("测试局\u{200f}", "U+200F"),
        ("\u{202e}局试测", "U+202E"),
        ("测试\u{feff}局", "U+FEFF"),
        ("测试\u{85}局", "U+0085"),
    ] {
        ws.write(
            "bad.reports.csv",
            format!("year,department,income_total\n2021,{bad},1\n"),
        );
        let run = ws.import(&["bad.reports.csv"]);
        run.assert_invalid(1);
        let message = run.message_at("bad.reports.csv:2:2");
        assert!(message.contains(what), "{bad:?}: {message}");
        assert_eq!(ws.dump(), before, "{bad:?}");
    }
    // A byte-order mark in the middle of a file, where a second file was
    // pasted after the first.
    ws.write(
        "pasted.aliases.csv",
        "alias,canonical\n甲,乙\n\u{feff}丙,丁\n",
    );
    let run = ws.import(&["pasted.aliases.csv"]);
    run.assert_invalid(1);
    assert!(
        run.message_at("pasted.aliases.csv:3:1").contains("U+FEFF"),
        "{}",
        run.stderr
    );
    // Free text may hold line breaks and tabs, never escapes.
    ws.write(
        "note.units.csv",
        "year,department,unit,note\n2021,测试局,单位,\"两行\n\t备注\"\n",
    );
    ws.import_ok(&["note.units.csv"]);
    ws.write(
        "esc.units.csv",
        "year,department,unit,note\n2021,测试局,单位,\u{1b}]0;title\u{7}\n",
    );
    let run = ws.import(&["esc.units.csv"]);
    run.assert_invalid(1);
    assert!(run.message_at("esc.units.csv:2:4").contains("U+001B"));
}

#[test]
fn alias_chains_resolve_to_their_end_at_any_length_and_cycles_are_refused() {
    let ws = Workspace::new();
    let links = 100;
    let mut aliases = String::from("alias,canonical\n");
    for n in 0..links {
        aliases.push_str(&format!("名称{n},名称{}\n", n + 1));
    }
    ws.write("chain.aliases.csv", &aliases);
    ws.write(
        "r.reports.csv",
        "year,department,income_total\n2021,名称0,1\n",
    );
    ws.import_ok(&["chain.aliases.csv", "r.reports.csv"]);
    assert_eq!(
        ws.scalar::<String>("SELECT department FROM reports"),
        format!("名称{links}")
    );
    assert_eq!(
        ws.scalar::<String>("SELECT canonical FROM alias_resolution WHERE alias = '名称0'"),
        format!("名称{links}")
    );
    ws.write(
        "cycle.aliases.csv",
        format!("alias,canonical\n名称{links},名称0\n"),
    );
    let run = ws.import(&["cycle.aliases.csv"]);
    run.assert_invalid(1);
    assert!(run.stderr.contains("cycle"), "{}", run.stderr);
}
