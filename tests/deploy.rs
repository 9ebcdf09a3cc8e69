//! The operator files in `deploy/` checked by the tools that will read them:
//! `promtool` for the alert rules (syntax and the rules' own unit tests),
//! `systemd-analyze verify` for the unit, and the metric names the rules and
//! the dashboard use against those alih exports.
//!
//! Where a tool is missing the check prints a loud SKIP line, unless
//! `ALIH_REQUIRE_DEPLOY_TOOLS` is set (deploy/local/test.sh sets it after
//! fetching promtool), in which case it fails.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

const REPOSITORY: &str = env!("CARGO_MANIFEST_DIR");

fn deploy_file(relative: &str) -> PathBuf {
    Path::new(REPOSITORY).join("deploy").join(relative)
}

/// The tool at `$env_var`, else `name` on PATH; `None` (after a loud SKIP
/// line) when neither runs and the tools are not required.
fn tool(name: &str, env_var: &str) -> Option<PathBuf> {
    let candidate = std::env::var_os(env_var).map_or_else(|| PathBuf::from(name), PathBuf::from);
    if Command::new(&candidate).arg("--version").output().is_ok() {
        return Some(candidate);
    }
    let required = std::env::var("ALIH_REQUIRE_DEPLOY_TOOLS").is_ok_and(|value| !value.is_empty() && value != "0");
    assert!(
        !required,
        "ALIH_REQUIRE_DEPLOY_TOOLS is set but {name} does not run (set {env_var} or put it on PATH)"
    );
    eprintln!("SKIP: {name} not found (set {env_var} or run deploy/local/test.sh, which fetches it)");
    None
}

fn run_ok(command: &mut Command) {
    let output = command.output().expect("the tool runs");
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_alert_rules_pass_promtool_check_and_their_unit_tests() {
    let Some(promtool) = tool("promtool", "PROMTOOL") else {
        return;
    };
    let rules = deploy_file("prometheus/alih-rules.yml");
    run_ok(Command::new(&promtool).args(["check", "rules"]).arg(&rules));
    let tests = deploy_file("prometheus/alih-rules.test.yml");
    run_ok(
        Command::new(&promtool)
            .args(["test", "rules"])
            .arg(&tests)
            .current_dir(deploy_file("prometheus")),
    );
}

#[test]
fn the_systemd_unit_passes_systemd_analyze_verify() {
    let Some(systemd_analyze) = tool("systemd-analyze", "SYSTEMD_ANALYZE") else {
        return;
    };
    // verify insists that ExecStart exists: point it at the binary under test.
    let unit = std::fs::read_to_string(deploy_file("systemd/alih.service")).expect("the unit is readable");
    assert!(unit.contains("\nType=notify\n"), "the unit waits for READY=1");
    let unit = unit.replace(
        "ExecStart=/usr/local/bin/alih",
        &format!("ExecStart={}", env!("CARGO_BIN_EXE_alih")),
    );
    let directory = tempfile::tempdir().expect("temporary directory");
    let path = directory.path().join("alih.service");
    std::fs::write(&path, unit).expect("the copy is written");
    run_ok(Command::new(systemd_analyze).arg("verify").arg(&path));
}

/// Every `alih_…` metric name in `text`, histogram suffixes removed.
fn metric_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split(|character: char| !(character.is_ascii_alphanumeric() || character == '_'))
        .filter(|word| word.starts_with("alih_") && word.len() > "alih_".len())
        .map(|word| {
            ["_bucket", "_sum", "_count"]
                .iter()
                .fold(word, |name, suffix| name.strip_suffix(suffix).unwrap_or(name))
                .to_owned()
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn the_rules_and_the_dashboard_use_only_metrics_alih_exports() {
    let exported = std::fs::read_to_string(Path::new(REPOSITORY).join("src/telemetry.rs")).expect("readable");
    let exported = metric_names(&exported);
    for file in ["prometheus/alih-rules.yml", "grafana/alih.json"] {
        let text = std::fs::read_to_string(deploy_file(file)).expect("readable");
        let used = metric_names(&text);
        assert!(!used.is_empty(), "{file} uses alih metrics");
        for name in used {
            assert!(
                exported.contains(&name),
                "{file} uses {name}, which src/telemetry.rs does not describe"
            );
        }
    }
}

#[test]
fn the_dashboard_and_the_deploy_readme_point_at_the_alert_rules() {
    for file in ["grafana/alih.json", "README.md"] {
        let text = std::fs::read_to_string(deploy_file(file)).expect("readable");
        assert!(
            text.contains("prometheus/alih-rules.yml"),
            "{file} does not mention the alert rules"
        );
    }
    let dashboard: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(deploy_file("grafana/alih.json")).expect("readable"))
            .expect("the dashboard is JSON");
    let annotations = dashboard["annotations"]["list"].as_array().expect("annotations");
    assert!(
        annotations
            .iter()
            .any(|annotation| annotation["expr"].as_str().is_some_and(|expr| expr.contains("ALERTS"))),
        "the dashboard shows firing alerts"
    );
}
