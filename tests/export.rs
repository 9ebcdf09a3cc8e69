//! `alih export` (and `alih realign`) end to end: the real binary on records, its TMX checked
//! against the TMX 1.4b DTD and its XLIFF against the XLIFF 2 core schema
//! with `xmllint --nonet` and the local copies in tests/fixtures/standards.

mod common;

use std::{
    path::{Path, PathBuf},
    process::{Command, Output, Stdio},
};

const SAMPLE: &str = include_str!("fixtures/records/dw-korut-rusia.ms.json");

fn standards(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/standards")
        .join(file)
}

/// The sample record as one line.
fn sample_line() -> String {
    let record: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    record.to_string()
}

/// A record whose every text is hostile: markup, quotes, and characters XML 1.0 forbids.
fn hostile_line() -> String {
    let mut record: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    record["record_id"] = "hostile-1".into();
    record["article_id"] = "<evil & \"id\">".into();
    record["url"] = "https://e.id/?a=1&b=\"2\"\u{1}".into();
    record["mt"]["model"] = "m\u{0}<1>".into();
    let sentences = record["sentences"].as_array_mut().unwrap();
    sentences[0]["source"] = "Bell\u{7} <script>alert(1)</script> & \"q\" \u{FFFF}\u{1b}[0m ]]> tab\there".into();
    sentences[0]["target"] = "\"><img src=x onerror=alert(1)> \u{0}\u{FFFE} back\\slash\nnew line".into();
    record.to_string()
}

/// The sample record under another article and record id.
fn other_line() -> String {
    let mut record: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    record["record_id"] = "other-1".into();
    record["url"] = "https://other.example/1".into();
    record.to_string()
}

fn alih(args: &[&str], stdin: &str) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_alih"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("alih runs");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn xmllint(args: &[&str], file: &Path) {
    let output = Command::new("xmllint")
        .args(["--nonet", "--noout"])
        .args(args)
        .arg(file)
        .output()
        .expect("xmllint is installed (Debian libxml2-utils; deploy/local/test.sh installs it)");
    assert!(
        output.status.success(),
        "{} is not valid: {}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn export_to_file(format: &str, file: &Path, input: &str) -> Output {
    let output = alih(
        &["export", "--format", format, "--output", file.to_str().unwrap()],
        input,
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    output
}

#[test]
fn tmx_export_is_valid_tmx_14b_with_one_unit_per_sentence_pair() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.tmx");
    export_to_file("tmx", &file, &format!("{}\n{}\n", sample_line(), hostile_line()));
    xmllint(&["--dtdvalid", standards("tmx14b.dtd").to_str().unwrap()], &file);
    let text = std::fs::read_to_string(&file).unwrap();
    let record: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    let pairs = record["sentences"].as_array().unwrap().len();
    assert_eq!(text.matches("<tu ").count(), 2 * pairs);
    assert!(text.contains(r#"srclang="id""#));
    assert!(text.contains(r#"<tuv xml:lang="ms">"#));
    assert!(text.contains(r#"<prop type="x-alih-article-id">dw-korut-rusia</prop>"#));
    assert!(text.contains(r#"<prop type="x-alih-provider">apertium</prop>"#));
    assert!(text.contains("repaired (locale_leak): 12.000 → 12,000</prop>"));
}

#[test]
fn xliff_export_is_valid_xliff_2_with_one_file_per_article() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.xlf");
    export_to_file("xliff", &file, &format!("{}\n{}\n", sample_line(), hostile_line()));
    xmllint(&["--schema", standards("xliff_core_2.0.xsd").to_str().unwrap()], &file);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(r#"version="2.1" srcLang="id" trgLang="ms""#));
    assert_eq!(text.matches("<file ").count(), 2);
    assert!(text.contains(r#"state="translated""#));
    assert!(!text.contains(r#"state="initial""#), "the sample needs no review");
}

#[test]
fn xliff_marks_a_pair_with_a_finding_initial_with_a_note_and_splits_target_languages() {
    let mut record: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    let index = record["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .position(|number| !number["repair"].is_null())
        .unwrap();
    let number = &mut record["numbers"][index];
    number["status"] = "changed".into();
    number["reason"] = "value".into();
    number["repair"] = serde_json::Value::Null;
    let sentence = number["sentence"].as_u64().unwrap();
    let mut english = record.clone();
    english["target_lang"] = "en".into();
    english["record_id"] = "english-1".into();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.xlf");
    export_to_file("xliff", &file, &format!("{record}\n{english}\n"));
    let english_file = dir.path().join("out.en.xlf");
    for file in [&file, &english_file] {
        xmllint(&["--schema", standards("xliff_core_2.0.xsd").to_str().unwrap()], file);
    }
    let text = std::fs::read_to_string(&file).unwrap();
    let unit = text.split(&format!(r#"<unit id="u{sentence}">"#)).nth(1).unwrap();
    let unit = unit.split("</unit>").next().unwrap();
    assert!(unit.contains(r#"state="initial""#), "{unit}");
    assert!(unit.contains("changed (value): 12.000 → 12,000</note>"), "{unit}");
    assert!(
        std::fs::read_to_string(&english_file)
            .unwrap()
            .contains(r#"trgLang="en""#)
    );
}

#[test]
fn forbidden_characters_are_replaced_and_markup_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.tmx");
    export_to_file("tmx", &file, &hostile_line());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("Bell\u{FFFD} &lt;script&gt;alert(1)&lt;/script&gt; &amp;"),
        "{text}"
    );
    assert!(text.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt; \u{FFFD}\u{FFFD} back\\slash"));
    assert!(!text.contains("<script") && !text.contains("<img"));
    assert!(!text.contains('\u{0}') && !text.contains('\u{1b}') && !text.contains('\u{FFFF}'));
}

#[test]
fn tsv_has_four_fields_per_pair_with_separators_escaped() {
    let output = alih(
        &["export", "--format", "tsv"],
        &format!("{}\n{}\n", sample_line(), hostile_line()),
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    let record: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    let pairs = record["sentences"].as_array().unwrap().len();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2 * pairs);
    assert!(lines.iter().all(|line| line.split('\t').count() == 4), "{text}");
    let repaired = lines
        .iter()
        .find(|line| line.contains("12,000"))
        .expect("the repaired pair");
    assert!(repaired.ends_with("\trepaired"), "{repaired}");
    let hostile = lines[pairs];
    assert!(
        hostile.contains("tab\\there") && hostile.contains("back\\\\slash\\nnew line"),
        "{hostile}"
    );
}

#[test]
fn a_bad_line_is_reported_with_its_number_skipped_and_fails_the_run() {
    let input = format!("{}\nnot a record\n{}\n", sample_line(), other_line());
    let output = alih(&["export", "--format", "tsv"], &input);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("-: line 2: not an alih.bilingual.v1 record"),
        "{stderr}"
    );
    assert!(stderr.contains("exported 2 record(s)"), "{stderr}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.lines().any(|line| line.starts_with("https://other.example/1\t")),
        "{stdout}"
    );
}

#[test]
fn a_repeated_record_id_is_exported_once() {
    let line = sample_line();
    let output = alih(&["export", "--format", "tsv"], &format!("{line}\n{line}\n"));
    assert!(output.status.success());
    let once = alih(&["export", "--format", "tsv"], &format!("{line}\n"));
    assert_eq!(output.stdout, once.stdout);
    assert!(String::from_utf8_lossy(&output.stderr).contains("1 repeated record id(s) skipped"));
}

#[test]
fn realign_prints_each_record_again_with_aligned_by_and_reports_bad_lines() {
    let input = format!("{}\n{{\"not\": \"a record\"}}\n{}\n", sample_line(), other_line());
    let output = alih(&["realign"], &input);
    assert_eq!(output.status.code(), Some(1), "a bad line fails the run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 2: not an alih.bilingual.v1 record"), "{stderr}");
    let records: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    let original: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    assert_eq!(records[0]["record_id"], original["record_id"]);
    assert_eq!(records[0]["sentences"], original["sentences"]);
    assert_eq!(records[0]["aligned_by"]["version"], env!("CARGO_PKG_VERSION"));
    for record in &records {
        common::assert_valid_record(record);
    }
}
