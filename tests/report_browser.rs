//! The report of the shipped data, opened in headless Chromium: it renders
//! with no console error, its charts have a size and bars, the headline
//! figures and every `check` finding are in the page, and a screenshot is
//! taken.
//!
//! Chromium is driven through the DevTools protocol over
//! `--remote-debugging-pipe` (JSON messages separated by NUL on file
//! descriptors 3 and 4, connected here to two named pipes), so the test
//! needs no WebSocket client, no Node and no crate beyond serde_json.
//!
//! Without Chromium the test is skipped with a message, except where
//! `CI` or `BUDGETDB_REQUIRE_CHROMIUM` is set (`.ci/run` sets it and
//! installs Chromium): there a missing browser fails it. The browser is
//! `BUDGETDB_CHROMIUM`, else `chromium` or `chromium-browser` on PATH.

mod common;

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use common::{Run, Workspace};
use serde_json::{json, Value};

/// How long one protocol answer or event may take on a busy 2-core machine.
const PATIENCE: Duration = Duration::from_secs(90);

fn required() -> bool {
    ["CI", "BUDGETDB_REQUIRE_CHROMIUM"].iter().any(|v| {
        std::env::var(v).is_ok_and(|value| !value.is_empty() && value != "0" && value != "false")
    })
}

fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("BUDGETDB_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// A headless Chromium and the two ends of its protocol pipe.
struct Browser {
    child: Child,
    to: File,
    from: Receiver<Value>,
    next_id: u64,
    /// Events received while waiting for answers, in order.
    events: Vec<Value>,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(chromium: &Path) -> Browser {
        let profile = tempfile::tempdir().expect("a profile folder");
        let to_path = profile.path().join("to-browser");
        let from_path = profile.path().join("from-browser");
        for fifo in [&to_path, &from_path] {
            let status = Command::new("mkfifo")
                .arg(fifo)
                .status()
                .expect("run mkfifo");
            assert!(status.success(), "mkfifo {}", fifo.display());
        }
        let user_data = profile.path().join("user-data");
        std::fs::create_dir(&user_data).expect("an empty user data folder");
        let child = Command::new("sh")
            .arg("-c")
            .arg("exec \"$0\" \"$@\" 3<\"$TO_BROWSER\" 4>\"$FROM_BROWSER\"")
            .arg(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--window-size=1000,1400",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", user_data.display()))
            .arg("about:blank")
            .env("TO_BROWSER", &to_path)
            .env("FROM_BROWSER", &from_path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");

        // Opening a named pipe blocks until the other side opens it, so
        // both ends are opened on threads and waited for with a limit.
        let (to_tx, to_rx) = channel();
        std::thread::spawn(move || {
            let _ = to_tx.send(std::fs::OpenOptions::new().write(true).open(&to_path));
        });
        let (tx, from) = channel();
        std::thread::spawn(move || {
            let Ok(file) = File::open(&from_path) else {
                return;
            };
            let mut reader = BufReader::new(file);
            let mut message = Vec::new();
            while reader.read_until(0, &mut message).is_ok_and(|n| n > 0) {
                if message.last() == Some(&0) {
                    message.pop();
                }
                if let Ok(value) = serde_json::from_slice::<Value>(&message) {
                    if tx.send(value).is_err() {
                        return;
                    }
                }
                message.clear();
            }
        });
        let to = to_rx
            .recv_timeout(PATIENCE)
            .expect("chromium opens its protocol pipe")
            .expect("open the pipe to chromium");
        Browser {
            child,
            to,
            from,
            next_id: 0,
            events: Vec::new(),
            _profile: profile,
        }
    }

    /// Sends `method` (to `session`, or to the browser) and returns its result.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).expect("serialise");
        bytes.push(0);
        self.to.write_all(&bytes).expect("write to chromium");
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let value = self
                .from
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no answer from chromium to {method} (did it start?)"));
            if value["id"] == json!(id) {
                assert!(value.get("error").is_none(), "{method}: {value}");
                return value["result"].clone();
            }
            self.events.push(value);
        }
    }

    /// Waits for the event `method` of `session`.
    fn wait_for(&mut self, session: &str, method: &str) {
        let matches = |v: &Value| v["method"] == json!(method) && v["sessionId"] == json!(session);
        if self.events.iter().any(matches) {
            return;
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let value = self
                .from
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("chromium sent no {method}"));
            let found = matches(&value);
            self.events.push(value);
            if found {
                return;
            }
        }
    }

    /// Opens `url` in a new tab and waits for it to load; returns the session.
    fn open(&mut self, url: &str) -> String {
        let target = self.call(None, "Target.createTarget", json!({ "url": "about:blank" }));
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target["targetId"], "flatten": true }),
        );
        let session = attached["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            self.call(Some(&session), domain, json!({}));
        }
        self.call(Some(&session), "Page.navigate", json!({ "url": url }));
        self.wait_for(&session, "Page.loadEventFired");
        session
    }

    /// The value of a JavaScript expression evaluated in the page.
    fn evaluate(&mut self, session: &str, expression: &str) -> Value {
        let result = self.call(
            Some(session),
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        );
        assert!(result.get("exceptionDetails").is_none(), "{result}");
        result["result"]["value"].clone()
    }

    /// Console errors, uncaught exceptions and error log entries (failed
    /// loads, blocked requests) of `session` so far.
    fn errors(&mut self, session: &str) -> Vec<String> {
        // A round trip makes sure events sent before it have arrived.
        self.evaluate(session, "1");
        self.events
            .iter()
            .filter(|e| e["sessionId"] == json!(session))
            .filter_map(|e| {
                let params = &e["params"];
                match e["method"].as_str()? {
                    "Runtime.consoleAPICalled"
                        if matches!(params["type"].as_str(), Some("error" | "assert")) =>
                    {
                        Some(format!("console.{}: {}", params["type"], params["args"]))
                    }
                    "Runtime.exceptionThrown" => {
                        Some(format!("exception: {}", params["exceptionDetails"]))
                    }
                    "Log.entryAdded" if params["entry"]["level"] == json!("error") => {
                        Some(format!("log: {}", params["entry"]))
                    }
                    _ => None,
                }
            })
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.next_id += 1;
        let mut bytes =
            serde_json::to_vec(&json!({ "id": self.next_id, "method": "Browser.close" }))
                .unwrap_or_default();
        bytes.push(0);
        let _ = self.to.write_all(&bytes);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first bytes of standard base64 `text`, enough for a PNG header.
fn base64_prefix(text: &str, bytes: usize) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes() {
        let Some(value) = ALPHABET.iter().position(|a| *a == c) else {
            break;
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            if out.len() == bytes {
                break;
            }
        }
    }
    out
}

const MEASURE: &str = r#"JSON.stringify({
  charts: [...document.querySelectorAll('figure svg')].map(svg => {
    const box = svg.getBoundingClientRect();
    const bars = [...svg.querySelectorAll('rect.bar')].filter(r => r.getBoundingClientRect().height > 0).length;
    return { id: svg.closest('figure').id, width: box.width, height: box.height, bars,
             years: [...svg.querySelectorAll('text.year')].map(t => t.textContent) };
  }),
  findings: [...document.querySelectorAll('article.finding')].map(a => ({
    rule: a.dataset.rule, year: a.dataset.year, subject: a.dataset.subject, text: a.innerText })),
  text: document.body.innerText,
  fonts: document.fonts.status
})"#;

#[test]
fn the_shipped_report_renders_in_chromium() {
    let Some(chromium) = find_chromium() else {
        assert!(
            !required(),
            "chromium is required here (CI or BUDGETDB_REQUIRE_CHROMIUM is set) but was not found: \
             install it (Debian: apt-get install chromium) or set BUDGETDB_CHROMIUM"
        );
        eprintln!("skipped: no chromium on PATH (Debian: apt-get install chromium)");
        return;
    };
    let ws = Workspace::seeded();
    let mut command = ws.command();
    command.args([
        "report",
        "--department",
        "南昌市人社局",
        "--out",
        "report.html",
    ]);
    Run::from(command.output().expect("run budgetdb")).assert_success();
    ws.write(
        "probe.html",
        "<!DOCTYPE html><title>probe</title><script>console.error('probe error')</script>",
    );

    let mut browser = Browser::start(&chromium);

    // The console check itself can fail: a page that logs an error is caught.
    let probe = browser.open(&format!("file://{}", ws.path("probe.html").display()));
    let errors = browser.errors(&probe);
    assert!(
        errors.iter().any(|e| e.contains("probe error")),
        "{errors:?}"
    );

    let session = browser.open(&format!("file://{}", ws.path("report.html").display()));
    let measured = browser.evaluate(&session, MEASURE);
    let measured: Value =
        serde_json::from_str(measured.as_str().expect("a JSON string")).expect("JSON");
    assert_eq!(
        browser.errors(&session),
        Vec::<String>::new(),
        "console errors"
    );

    let charts = measured["charts"].as_array().expect("charts");
    let ids: Vec<&str> = charts.iter().filter_map(|c| c["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "chart-totals",
            "chart-basic-project",
            "chart-three-public",
            "chart-operating-costs",
            "chart-classes"
        ]
    );
    for chart in charts {
        let (width, height) = (
            chart["width"].as_f64().unwrap_or(0.0),
            chart["height"].as_f64().unwrap_or(0.0),
        );
        assert!(width > 100.0 && height > 100.0, "{chart}");
        assert!(chart["bars"].as_u64().unwrap_or(0) >= 1, "{chart}");
        assert_eq!(chart["years"], json!(["2020", "2021"]), "{chart}");
    }

    // What a reader sees: headline figures and every finding of `check`.
    let text = measured["text"].as_str().expect("page text");
    for figure in [
        "134,159.57",
        "40,986.32",
        "93,173.25",
        "227.33",
        "221.16",
        "20.63",
    ] {
        assert!(text.contains(figure), "{figure} not shown");
    }
    let mut check = ws.command();
    check.args(["check", "--format", "json"]);
    let findings: Value =
        serde_json::from_str(&Run::from(check.output().expect("run check")).stdout).expect("json");
    let findings = findings.as_array().expect("findings");
    let shown = measured["findings"].as_array().expect("findings shown");
    assert_eq!(shown.len(), findings.len(), "one block per finding");
    for finding in findings {
        let rule = finding["rule"].as_str().unwrap_or_default();
        let subject = finding["subject"].as_str().unwrap_or_default();
        let year = finding["year"].to_string();
        let block = shown
            .iter()
            .find(|b| {
                b["rule"] == json!(rule)
                    && b["subject"] == json!(subject)
                    && b["year"] == json!(year)
            })
            .unwrap_or_else(|| panic!("finding {rule} {year} {subject} not shown"));
        let text = block["text"].as_str().unwrap_or_default();
        assert!(
            text.contains(rule) && text.contains(&format!("{year}年")),
            "{text}"
        );
        for part in ["text", "subject_label", "source"] {
            if let Some(expected) = finding[part].as_str() {
                assert!(
                    text.contains(expected),
                    "{part} not shown: {expected} in {text}"
                );
            }
        }
    }

    let shot = browser.call(
        Some(&session),
        "Page.captureScreenshot",
        json!({ "format": "png", "captureBeyondViewport": true }),
    );
    let data = shot["data"].as_str().expect("screenshot data");
    let header = base64_prefix(data, 24);
    assert_eq!(&header[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let width = u32::from_be_bytes(header[16..20].try_into().expect("4 bytes"));
    let height = u32::from_be_bytes(header[20..24].try_into().expect("4 bytes"));
    assert!(
        width >= 900 && height >= 2000,
        "the whole page: {width}×{height}"
    );
    assert!(data.len() > 50_000, "a screenshot with content");
}
