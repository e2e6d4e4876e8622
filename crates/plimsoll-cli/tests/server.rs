//! `plimsoll user add`, `plimsoll serve` and `plimsoll audit verify` on a store of
//! real data (DMA's AIVDM sample): the password goes through standard input, the
//! server answers over TCP, and an edited audit entry makes verify fail.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn plimsoll() -> Command {
    Command::new(env!("CARGO_BIN_EXE_plimsoll"))
}

fn store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let data = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("../../tests/data/nmea/dma_aislib_ais250.txt");
    let out = plimsoll().args(["ingest", "--store"]).arg(&store).arg(data).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (dir, store)
}

fn user_add(store: &Path, name: &str, role: &str, password: &str) -> Output {
    let mut child = plimsoll()
        .args(["user", "add", "--store"])
        .arg(store)
        .args(["--name", name, "--role", role])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn audit_verify(store: &Path) -> Output {
    plimsoll().args(["audit", "verify", "--store"]).arg(store).output().unwrap()
}

/// One HTTP/1.1 request; the whole response as text.
fn http(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn users_serve_and_audit_verify() {
    let (_dir, store) = store();
    let out = user_add(&store, "root", "admin", "a long admin password");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "added root (admin)");
    let again = user_add(&store, "root", "viewer", "another password");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let bad_role = user_add(&store, "eve", "superuser", "another password");
    assert!(!bad_role.status.success());

    // Port 0: the server says where it listens.
    let mut server = plimsoll()
        .args(["serve", "--store"])
        .arg(&store)
        .args(["--addr", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(server.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|rest| rest.split('/').next()).unwrap().to_owned();
    let body = r#"{"name":"root","password":"a long admin password"}"#;
    let login = http(
        &addr,
        &format!(
            "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    let openapi = http(&addr, "GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(login.starts_with("HTTP/1.1 200"), "{login}");
    assert!(login.contains("HttpOnly; SameSite=Strict"), "{login}");
    assert!(openapi.contains("\"openapi\": \"3.1.0\""), "{openapi}");

    let ok = audit_verify(&store);
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).starts_with("audit trail intact: 1 entries"));
    let db = rusqlite::Connection::open(store.join("accounts.sqlite")).unwrap();
    db.execute("UPDATE audit_log SET comment = 'root as viewer' WHERE seq = 1", []).unwrap();
    let broken = audit_verify(&store);
    assert!(!broken.status.success());
    assert!(String::from_utf8_lossy(&broken.stderr).contains("broken at entry 1: edited"));
}
