//! `alih run` and its glossary: SIGHUP swaps it, every record names the
//! version it was made with, and a file that no longer parses keeps the
//! glossary in force and the worker running. Real RabbitMQ, random names,
//! everything deleted at the end.

mod common;

use std::time::Duration;

use alih::align::terms::Glossary;
use common::*;
use nix::sys::signal::Signal;

/// Publishes one article and returns its record's glossary version and first target.
async fn translate_one(channel: &lapin::Channel, config: &alih::config::Config, id: &str) -> (String, String) {
    let article = format!(r#"{{"id":"{id}","body":"Anggota DPR menolak."}}"#);
    publish_raw(channel, config, article.as_bytes()).await;
    let records = take(channel, &config.topology.output_queue, 1, Duration::from_secs(20)).await;
    assert_eq!(records.len(), 1, "a record for {id}");
    let record: serde_json::Value = serde_json::from_slice(&records[0].delivery.data).unwrap();
    (
        record["mt"]["glossary_version"].as_str().unwrap_or_default().to_owned(),
        record["sentences"][0]["target"].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn sighup_swaps_the_glossary_and_a_bad_file_keeps_the_one_in_force() {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let config = test_config(&mt.uri());
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("glossary.tsv");
    let first = "DPR\tHouse of Representatives\ten\n";
    let second = "DPR\tParliament\ten\n";
    std::fs::write(&path, first).unwrap();
    let version = |text: &str| Glossary::parse(text).unwrap().version().to_owned();

    let (_connection, channel) = test_channel().await;
    alih::queue::topology::declare(&channel, &config.topology, &config.retry)
        .await
        .unwrap();
    let mut worker = spawn_alih_run(&config, [("ALIH_MT__GLOSSARY", &path)]);
    wait_for_consumer(&channel, &config.topology.input_queue, &mut worker).await;

    let (seen, target) = translate_one(&channel, &config, "g1").await;
    assert_eq!(seen, version(first));
    assert!(target.contains("House of Representatives"), "{target}");

    std::fs::write(&path, second).unwrap();
    signal(&worker, Signal::SIGHUP);
    let mut swapped = None;
    for attempt in 0..20 {
        let (seen, target) = translate_one(&channel, &config, &format!("g2-{attempt}")).await;
        if seen == version(second) {
            swapped = Some(target);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let target = swapped.expect("the new glossary is in force after SIGHUP");
    assert!(target.contains("Parliament"), "{target}");

    std::fs::write(&path, "DPR Parliament en\n").unwrap();
    signal(&worker, Signal::SIGHUP);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (seen, _) = translate_one(&channel, &config, "g3").await;
    assert_eq!(seen, version(second), "a bad file keeps the glossary in force");
    assert!(worker.0.try_wait().unwrap().is_none(), "the worker keeps running");

    signal(&worker, Signal::SIGTERM);
    for _ in 0..300 {
        if worker.0.try_wait().unwrap().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    cleanup(&channel, &config).await;
}
