//! The browser tests: the server on a loopback port over the small test store
//! (see `common`), driven by `web/tests/e2e.mjs` (playwright-core and Debian's
//! Chromium): log in, the map screenshot, filters, an event with its dossier,
//! a confirmation, the audit entry, the ledger, a vessel, hostile input.
//!
//! Needs `node`, `web/node_modules` (`npm ci` in `web/`) and `/usr/bin/chromium`
//! (or `PLIMSOLL_CHROMIUM`). Where one is missing the test says so and passes,
//! unless `PLIMSOLL_BROWSER_TESTS` is set (as `.ci/run` does): then it fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use plimsoll_server::accounts::Role;
use plimsoll_server::{app, AppState};

const PASSWORD: &str = "correct horse battery";
/// The whole browser run, at most (it takes about half a minute on a debug build).
const RUN_TIMEOUT: Duration = Duration::from_secs(600);

fn web_dir() -> PathBuf {
    std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("web")
}

/// What is missing to run the browser tests, if anything.
fn missing() -> Vec<String> {
    let mut missing = Vec::new();
    let chromium = std::env::var("PLIMSOLL_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).is_file() {
        missing.push(format!("{chromium} (apt-get install chromium)"));
    }
    if Command::new("node").arg("--version").stdout(Stdio::null()).status().map_or(true, |s| !s.success()) {
        missing.push("node (Node.js 20 or later)".into());
    }
    if !web_dir().join("node_modules/playwright-core/package.json").is_file() {
        missing.push(format!("{}/node_modules/playwright-core (npm ci there)", web_dir().display()));
    }
    missing
}

#[test]
fn the_web_ui_in_chromium() {
    let missing = missing();
    if !missing.is_empty() {
        let what = missing.join(", ");
        if std::env::var_os("PLIMSOLL_BROWSER_TESTS").is_some() {
            panic!("PLIMSOLL_BROWSER_TESTS is set but the browser tests cannot run: missing {what}");
        }
        eprintln!(
            "SKIPPED the browser tests: missing {what} (set PLIMSOLL_BROWSER_TESTS=1 to make this a failure)"
        );
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    common::build_store(dir.path(), true);
    let store = dir.path().join("store");
    let state = AppState::open(&store).unwrap();
    for (name, role) in [("vic", Role::Viewer), ("ana", Role::Analyst), ("root", Role::Admin)] {
        state.accounts.add_user(name, role, PASSWORD, "test").unwrap();
    }

    // The server on its own runtime, on a port the system picks.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    runtime.spawn(async move { axum::serve(listener, app(state)).await });

    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let mut child = Command::new("node")
        .arg("tests/e2e.mjs")
        .arg(format!("http://{addr}"))
        .current_dir(web_dir())
        .env("PLIMSOLL_E2E_PASSWORD", PASSWORD)
        .env("PLIMSOLL_E2E_OUT", &out)
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > RUN_TIMEOUT {
            let _ = child.kill();
            panic!("the browser tests took over {RUN_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(status.success(), "the browser tests failed ({status}); screenshots in {}", out.display());
    runtime.shutdown_timeout(Duration::from_secs(1));
}
