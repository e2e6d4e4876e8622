//! `plimsoll simulate`: output files, determinism by seed, errors with lines.

use std::fs;
use std::process::Command;

fn simulate(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_plimsoll")).arg("simulate").args(args).output().unwrap()
}

#[test]
fn writes_nmea_and_truth_deterministically() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let args = |seed: &str, name: &str| {
        let out = out(name);
        let args =
            ["--scenario", "east-china-sea", "--vessels", "2", "--hours", "24", "--seed", seed, "--out"];
        let output = simulate(&[&args[..], &[out.as_str()]].concat());
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let stdout = String::from_utf8(output.stdout).unwrap();
        // Six in the pattern, two wearing the stolen identity, nineteen confounders, two
        // in the background.
        assert!(stdout.contains("29 vessels") && stdout.contains("sts_transfer: 3"), "{stdout}");
        let sanctions = fs::read_to_string(dir.path().join(name).join("sanctions.csv")).unwrap();
        assert_eq!(sanctions.lines().count(), 5, "a header and four designations: {sanctions}");
        assert!(dir.path().join(name).join("confounders.jsonl").exists());
        (
            fs::read(dir.path().join(name).join("ais.nmea")).unwrap(),
            fs::read(dir.path().join(name).join("truth.jsonl")).unwrap(),
        )
    };
    let first = args("9", "a");
    assert!(!first.0.is_empty() && !first.1.is_empty());
    assert_eq!(first, args("9", "b"));
    assert_ne!(first.0, args("10", "c").0);
}

#[test]
fn a_bad_scenario_file_names_field_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    fs::write(&path, "name = \"x\"\nstart = \"2018-01-01T00:00:00Z\"\nduration_hours = -1.0\n").unwrap();
    let output = simulate(&["--scenario", path.to_str().unwrap(), "--out", dir.path().to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("duration_hours"), "{stderr}");

    let output = simulate(&["--scenario", "no-such-scenario", "--out", dir.path().to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("east-china-sea"));
}
