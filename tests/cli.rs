//! The command line as a new user meets it: help that answers, flags only
//! where they mean something, configuration errors in the user's words.
//! No broker and no MT provider is needed.

use std::{
    io::Write,
    process::{Command, Output, Stdio},
};

/// Runs `alih args…` with `stdin`, in a clean environment (no ALIH_* leaking in).
fn alih(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_alih"))
        .args(args)
        .env_remove("ALIH_CONFIG")
        .env_remove("ALIH_LOG_FORMAT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("alih starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("stdin takes the input");
    child.wait_with_output().expect("alih exits")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn broker_and_mt_flags_are_unknown_to_commands_that_use_neither() {
    for args in [
        ["segment", "--jsonl", "--amqp-url", "http://x"].as_slice(),
        &["segment", "--jsonl", "--provider", "bing"],
        &["analyze", "--mt-url", "http://x"],
        &["align", "--jsonl", "--provider", "deepl"],
        &["config", "--amqp-url", "amqp://x"],
        &["topology", "--provider", "deepl"],
        &["publish", "a.json", "--mt-url", "http://x"],
    ] {
        let output = alih(args, "");
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("unexpected argument"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn run_help_names_the_config_file_the_environment_pattern_the_endpoints_and_the_exit_codes() {
    let help = stdout(&alih(&["run", "--help"], ""));
    for needle in [
        "--config",
        "ALIH_CONFIG",
        "ALIH_<SECTION>__<KEY>",
        "/healthz",
        "/readyz",
        "/metrics",
        "Exit codes",
        "--amqp-url",
        "--provider",
        "NOTIFY_SOCKET",
    ] {
        assert!(help.contains(needle), "`alih run --help` lacks {needle:?}:\n{help}");
    }
}

#[test]
fn alih_config_prints_every_key_from_the_shipped_example() {
    let output = alih(&["config"], "");
    assert!(output.status.success());
    let shipped = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/config/alih.toml"))
        .expect("the example is readable");
    assert_eq!(stdout(&output), shipped);
}

#[test]
fn alih_config_check_validates_a_file_and_names_the_bad_key() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let good = directory.path().join("good.toml");
    std::fs::write(
        &good,
        "[amqp]\nurl = \"amqp://user:hunter2@broker:5672/%2f\"\nprefetch = 4\n",
    )
    .expect("write");
    let output = alih(
        &["config", "--check", "--config", good.to_str().expect("utf-8 path")],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let effective: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(effective["amqp"]["prefetch"], 4);
    assert!(!stdout(&output).contains("hunter2"));

    let bad = directory.path().join("bad.toml");
    std::fs::write(&bad, "[mt]\ntimeout = -5\n").expect("write");
    let output = alih(
        &["config", "--check", "--config", bad.to_str().expect("utf-8 path")],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("mt.timeout = -5") && message.contains("\"30s\""),
        "{message}"
    );
    assert!(
        !message.contains("figment") && !message.contains("untagged"),
        "{message}"
    );
}

#[test]
fn segment_prints_only_documents_on_stdout_and_the_timing_on_stderr_when_asked() {
    let input = "{\"doc\": \"d\", \"text\": \"Satu. Dua.\"}\n";
    let output = alih(&["segment", "--jsonl"], input);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON line"))
        .collect();
    assert_eq!(lines, [serde_json::json!({"doc": "d", "sentences": ["Satu.", "Dua."]})]);

    let output = alih(&["segment", "--jsonl", "--timing"], input);
    assert_eq!(stdout(&output).lines().count(), 1);
    assert!(stderr(&output).contains("elapsed_s"), "{}", stderr(&output));
}

/// The first line of `help` under its "Input" paragraph that is a JSON object.
fn example_line(help: &str) -> String {
    let input = &help[help.find("Input (stdin)").expect("an Input paragraph")..];
    input
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with('{'))
        .expect("an example line")
        .to_owned()
}

#[test]
fn analyze_and_align_help_show_their_input_fields_with_an_example_line_that_works() {
    for (command, fields) in [
        (["analyze"].as_slice(), ["\"id\"", "\"body\""].as_slice()),
        (&["align", "--jsonl"], &["\"source\"", "\"target\"", "target_lang"]),
    ] {
        let help = stdout(&alih(&[command, &["--help"]].concat(), ""));
        for field in fields {
            assert!(help.contains(field), "{command:?} --help lacks {field}:\n{help}");
        }
        let example = example_line(&help);
        let output = alih(command, &format!("{example}\n"));
        assert!(output.status.success(), "{command:?} on {example}: {}", stderr(&output));
        let result: serde_json::Value = serde_json::from_str(stdout(&output).trim()).expect("one JSON line");
        assert!(result["id"].is_string(), "{result}");
    }
}

#[test]
fn translate_takes_the_articles_target_language_and_says_where_a_bad_one_came_from() {
    let article = r#"{"id": "a1", "body": "Harga naik."}"#;
    let output = alih(&["translate", "-", "--article-target-lang", "id"], article);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("the article's target_lang") && message.contains("unsupported_language"),
        "{message}"
    );
}

#[test]
fn a_bare_number_for_a_duration_flag_is_refused_with_the_form() {
    let output = alih(&["publish", "a.json", "--wait-timeout", "120"], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("\"30s\""), "{}", stderr(&output));
}

#[test]
fn align_pairs_three_source_sentences_with_two_target_sentences_and_repairs_the_right_one() {
    let line = serde_json::json!({
        "id": "merged",
        "source": [
            "Polisi menangkap 12 orang di Jakarta.",
            "Mereka membawa 3 pucuk senjata api.",
            "Barang bukti senilai 12.000 dolar disita."
        ],
        "target": [
            "Police arrested 12 people in Jakarta who were carrying 3 firearms.",
            "Evidence worth 12.000 dollars was seized."
        ],
        "target_lang": "en"
    });
    let output = alih(&["align", "--jsonl"], &format!("{line}\n"));
    assert!(output.status.success(), "{}", stderr(&output));
    let result: serde_json::Value = serde_json::from_str(stdout(&output).trim()).expect("one JSON line");
    let sentences: Vec<(u64, u64, &str)> = result["numbers"]
        .as_array()
        .expect("numbers")
        .iter()
        .map(|number| {
            (
                number["sentence"].as_u64().unwrap(),
                number["target_sentence"].as_u64().unwrap(),
                number["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(sentences, [(0, 0, "ok"), (1, 0, "ok"), (2, 1, "ok")], "{result}");
    assert_eq!(
        result["repaired_target"],
        serde_json::json!([
            "Police arrested 12 people in Jakarta who were carrying 3 firearms.",
            "Evidence worth 12,000 dollars was seized."
        ])
    );
    assert_eq!(result["qa"]["needs_review"], false);
}

#[test]
fn align_takes_a_target_given_as_text_and_segments_it() {
    let line = serde_json::json!({
        "id": "text",
        "source": ["Polisi menangkap 12 orang yang membawa 3 pucuk senjata api di Jakarta pada hari Senin."],
        "target": "Police arrested 12 people in Jakarta on Monday. They were carrying 3 firearms.",
        "target_lang": "en"
    });
    let output = alih(&["align", "--jsonl"], &format!("{line}\n"));
    assert!(output.status.success(), "{}", stderr(&output));
    let result: serde_json::Value = serde_json::from_str(stdout(&output).trim()).expect("one JSON line");
    assert_eq!(result["repaired_target"].as_array().map(Vec::len), Some(2), "{result}");
    let target_sentences: Vec<u64> = result["numbers"]
        .as_array()
        .expect("numbers")
        .iter()
        .map(|number| number["target_sentence"].as_u64().unwrap())
        .collect();
    assert_eq!(target_sentences, [0, 1], "{result}");
}
