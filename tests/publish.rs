//! `alih publish`, as a producer or an operator uses it.

mod common;

use std::{io::Write, time::Duration};

use common::*;

#[tokio::test]
async fn publishing_jsonl_sends_the_valid_articles_and_names_the_invalid_lines() {
    let config = test_config("http://127.0.0.1:9");
    let mut file = tempfile::NamedTempFile::new().unwrap();
    writeln!(file, r#"{{"id":"one","body":"Satu."}}"#).unwrap();
    writeln!(file, r#"{{"id":"","body":"Id kosong."}}"#).unwrap();
    writeln!(file).unwrap();
    writeln!(file, r#"{{"id":"two","body":"Dua."}}"#).unwrap();
    let output = alih_command(&config).arg("publish").arg(file.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "invalid input is a failure: {stderr}");
    assert!(
        stderr.contains(&format!("{}:2:", file.path().display())) && stderr.contains("invalid_article"),
        "{stderr}"
    );
    assert!(stderr.contains("published 2 article(s)"), "{stderr}");

    let (_connection, channel) = test_channel().await;
    let queued = take(&channel, &config.topology.input_queue, 2, Duration::from_secs(5)).await;
    let ids: Vec<String> = queued
        .iter()
        .map(|message| String::from_utf8_lossy(&message.delivery.data).into_owned())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(
        ids[0].contains("\"one\"") && ids[1].contains("\"two\""),
        "in order: {ids:?}"
    );
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn publish_wait_prints_each_articles_record_without_taking_it_from_the_output_queue() {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let config = test_config(&mt.uri());
    let worker = TestWorker::start(&config).await;
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/dw-korut-rusia.json");
    let output = tokio::task::spawn_blocking({
        let mut command = alih_command(&config);
        command.args(["publish", "--wait", "--wait-timeout", "30s", fixture]);
        move || command.output().unwrap()
    })
    .await
    .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let record: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON record on stdout");
    assert_eq!(record["article_id"], "dw-korut-rusia");

    let (_connection, channel) = test_channel().await;
    assert_eq!(
        take(&channel, &config.topology.output_queue, 1, Duration::from_secs(5))
            .await
            .len(),
        1
    );
    worker.stop().await.unwrap();
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn publish_with_a_target_language_sets_it_on_every_article() {
    let config = test_config("http://127.0.0.1:9");
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/dw-korut-rusia.json");
    let output = alih_command(&config)
        .args(["publish", "--article-target-lang", "ms", fixture])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let (_connection, channel) = test_channel().await;
    let queued = take(&channel, &config.topology.input_queue, 1, Duration::from_secs(5)).await;
    let article: serde_json::Value = serde_json::from_slice(&queued[0].delivery.data).unwrap();
    assert_eq!(article["target_lang"], "ms");
    assert_eq!(
        queued[0]
            .delivery
            .properties
            .message_id()
            .as_ref()
            .map(|id| id.as_str()),
        Some("dw-korut-rusia")
    );
    cleanup(&channel, &config).await;
}
