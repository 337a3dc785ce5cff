//! The malformed-input corpus: every file of `tests/malformed/` is imported
//! on its own into a database that already holds the shipped data, and
//! must fail with exit status 1, a diagnostic at the location and with the
//! words `tests/malformed/EXPECTED` gives, no panic, and the database
//! exactly as it was (data and import log, byte for byte).

mod common;

use std::path::Path;

use common::{copy_dir, dump, Workspace};

/// One line of `EXPECTED`.
struct Expectation {
    file: String,
    generated: bool,
    /// `None` for an input that must import successfully.
    location: Option<String>,
    fragment: String,
}

fn corpus_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/malformed"))
}

fn expectations() -> Vec<Expectation> {
    let text = std::fs::read_to_string(corpus_dir().join("EXPECTED")).expect("read EXPECTED");
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let parts: Vec<&str> = line.split(" | ").map(str::trim).collect();
            let [file, location, fragment] = parts.as_slice() else {
                panic!("EXPECTED: malformed line {line:?}");
            };
            let (file, generated) = match file.strip_suffix(" (generated)") {
                Some(file) => (file, true),
                None => (*file, false),
            };
            Expectation {
                file: file.to_string(),
                generated,
                location: (*location != "ok").then(|| location.to_string()),
                fragment: fragment.to_string(),
            }
        })
        .collect()
}

/// The inputs too large to keep in the repository.
fn generated(file: &str) -> Vec<u8> {
    match file {
        "huge-field.units.csv" => {
            let mut bytes = "year,department,unit,note\n2021,测试局,单位甲,"
                .as_bytes()
                .to_vec();
            bytes.resize(bytes.len() + 10 * 1024 * 1024, b'x');
            bytes.push(b'\n');
            bytes
        }
        other => panic!("EXPECTED names {other} as generated, but the test cannot make it"),
    }
}

#[test]
fn the_corpus_has_at_least_40_inputs_and_expected_lists_each_once() {
    let expected = expectations();
    assert!(expected.len() >= 40, "only {} inputs", expected.len());
    let mut listed: Vec<&str> = expected
        .iter()
        .filter(|e| !e.generated)
        .map(|e| e.file.as_str())
        .collect();
    listed.sort();
    let before = listed.len();
    listed.dedup();
    assert_eq!(before, listed.len(), "a file is listed twice in EXPECTED");
    let mut present: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("read the corpus")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name != "EXPECTED")
        .collect();
    present.sort();
    assert_eq!(present, listed, "files and EXPECTED disagree");
}

#[test]
fn every_malformed_input_fails_at_its_location_and_changes_nothing() {
    let ws = Workspace::new();
    copy_dir(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/imports")),
        &ws.path("imports"),
    );
    ws.import_ok(&[]);
    let before_data = dump(&ws.db(), false);
    let mut before = dump(&ws.db(), true);
    let mut before_bytes = ws.read(common::DB);
    let mut failures = Vec::new();
    for expectation in expectations() {
        let bytes = if expectation.generated {
            generated(&expectation.file)
        } else {
            std::fs::read(corpus_dir().join(&expectation.file)).expect("read a corpus file")
        };
        ws.write(&expectation.file, bytes);
        let run = ws.import(&[&expectation.file]);
        if run.stderr.contains("panicked") {
            failures.push(format!("{}: panicked:\n{}", expectation.file, run.stderr));
            continue;
        }
        let Some(location) = &expectation.location else {
            if run.code != Some(0) {
                failures.push(format!(
                    "{}: expected success:\n{}",
                    expectation.file, run.stderr
                ));
            }
            // A successful import adds to the log; the data must be the same.
            if dump(&ws.db(), false) != before_data {
                failures.push(format!("{}: the data changed", expectation.file));
            }
            before = dump(&ws.db(), true);
            before_bytes = ws.read(common::DB);
            continue;
        };
        let found = run
            .diagnostics()
            .iter()
            .any(|(at, message)| at == location && message.contains(&expectation.fragment));
        let summary_ok = run
            .stderr
            .lines()
            .any(|l| l.starts_with("budgetdb import: ") && l.ends_with("nothing was imported"));
        if run.code != Some(1) || !found || !summary_ok {
            failures.push(format!(
                "{}: expected exit 1 and \"{location}: …{}…\", got exit {:?}:\n{}",
                expectation.file, expectation.fragment, run.code, run.stderr
            ));
        }
        for (at, _) in run.diagnostics() {
            if !at.starts_with(&expectation.file) {
                failures.push(format!(
                    "{}: diagnostic for another file: {at}",
                    expectation.file
                ));
            }
        }
        if dump(&ws.db(), true) != before || ws.read(common::DB) != before_bytes {
            failures.push(format!("{}: the database changed", expectation.file));
            before = dump(&ws.db(), true);
            before_bytes = ws.read(common::DB);
        }
        std::fs::remove_file(ws.path(&expectation.file)).expect("remove the input");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
