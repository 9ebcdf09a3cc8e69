//! `mt.glossary` from the command line: a bad line stops start-up with exit 2
//! and says where and what to write; `alih config --check` validates the file.

use std::process::{Command, Output};

fn alih(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_alih"))
        .args(args)
        .env_remove("ALIH_CONFIG")
        .env_remove("ALIH_MT__GLOSSARY")
        .output()
        .expect("alih runs")
}

fn config_with_glossary(directory: &std::path::Path, glossary: &str) -> String {
    let glossary_path = directory.join("glossary.tsv");
    std::fs::write(&glossary_path, glossary).expect("write glossary");
    let config = directory.join("alih.toml");
    std::fs::write(
        &config,
        format!("[mt]\nglossary = {:?}\n", glossary_path.to_str().unwrap()),
    )
    .expect("write config");
    config.to_str().expect("utf-8 path").to_owned()
}

#[test]
fn config_check_reports_the_glossary_it_loaded() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let config = config_with_glossary(
        directory.path(),
        "# terms\nDPR\tHouse of Representatives\ten\nTempo\t\t*\tkeep,case\n",
    );
    let output = alih(&["config", "--check", "--config", &config]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("has 2 rows (version "), "{stderr}");
}

#[test]
fn a_bad_glossary_line_is_a_usage_error_that_names_the_line_and_the_fix() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let config = config_with_glossary(directory.path(), "DPR\tHouse of Representatives\ten\nKPK KPK en\n");
    for command in [vec!["config", "--check"], vec!["translate", "-"]] {
        let mut args = command.clone();
        args.extend(["--config", &config]);
        let output = alih(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{command:?}: {stderr}");
        assert!(
            stderr.contains("glossary.tsv\": line 2: 1 column(s) where 3 or 4 are needed"),
            "{command:?}: {stderr}"
        );
        assert!(
            stderr.contains("separated by tabs (not spaces)"),
            "{command:?}: {stderr}"
        );
    }
}
