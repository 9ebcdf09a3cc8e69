//! The `alih run` binary as operators run it: signals, health and metrics.

mod common;

use std::{process::Command, time::Duration};

use alih::config::Config;
use common::*;
use nix::sys::signal::Signal;

/// The `alih run` process, killed if a test fails before it exits.
use common::AlihProcess as Worker;

/// Starts `alih run` with `config` passed the way operators do: environment.
fn spawn_binary(config: &Config, http_listen: &str) -> Worker {
    spawn_alih_run(
        config,
        [("ALIH_HTTP__LISTEN", http_listen), ("ALIH_SHUTDOWN__GRACE", "30s")],
    )
}

#[tokio::test]
async fn sigterm_with_articles_in_flight_loses_nothing_and_exits_zero() {
    let mt = libretranslate_echo(Duration::from_millis(800)).await;
    let mut config = test_config(&mt.uri());
    config.amqp.prefetch = 4;
    let (_connection, channel) = test_channel().await;
    // Declare first so articles published before the worker starts are kept.
    alih::queue::topology::declare(&channel, &config.topology, &config.retry)
        .await
        .unwrap();
    let mut child = spawn_binary(&config, "");
    wait_for_consumer(&channel, &config.topology.input_queue, &mut child).await;

    let total = 12;
    for index in 0..total {
        publish_raw(
            &channel,
            &config,
            format!(r#"{{"id":"s{index}","body":"Kalimat {index}. Kalimat lagi."}}"#).as_bytes(),
        )
        .await;
    }
    for _ in 0..100 {
        if !mt.received_requests().await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        !mt.received_requests().await.unwrap().is_empty(),
        "articles are in flight"
    );
    signal(&child, Signal::SIGTERM);
    let status = wait_for_exit(&mut child, Duration::from_secs(30)).await;
    assert!(status.success(), "exit status {status:?}");

    let finished = take(&channel, &config.topology.output_queue, total, Duration::from_secs(1)).await;
    assert!(
        !finished.is_empty(),
        "the in-flight articles were finished, not dropped"
    );
    let left = depth(&channel, &config.topology.input_queue).await as usize;
    assert_eq!(
        finished.len() + left,
        total,
        "every article is either published or still queued"
    );

    let worker = TestWorker::start(&config).await;
    let rest = take(&channel, &config.topology.output_queue, left, Duration::from_secs(30)).await;
    worker.stop().await.unwrap();
    let mut ids: Vec<String> = finished
        .iter()
        .chain(&rest)
        .map(|message| {
            let record = serde_json::from_slice::<serde_json::Value>(&message.delivery.data).unwrap();
            common::assert_valid_record(&record);
            record["article_id"].to_string()
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "all articles published exactly once");
    assert_eq!(depth(&channel, &config.topology.dead_letter_queue).await, 0);
    cleanup(&channel, &config).await;
}

/// Large articles waiting for their turn at SIGTERM go back to the broker
/// unstarted: no MT request is paid for them inside the grace, and a later
/// worker publishes them.
#[tokio::test]
async fn sigterm_hands_back_large_articles_still_waiting_for_their_turn() {
    let mt = libretranslate_echo(Duration::from_millis(800)).await;
    let mut config = test_config(&mt.uri());
    config.amqp.prefetch = 4;
    let (_connection, channel) = test_channel().await;
    alih::queue::topology::declare(&channel, &config.topology, &config.retry)
        .await
        .unwrap();
    // Every article of this test counts as large: one at a time.
    let mut child = spawn_alih_run(
        &config,
        [
            ("ALIH_HTTP__LISTEN", ""),
            ("ALIH_SHUTDOWN__GRACE", "30s"),
            ("ALIH_LIMITS__LARGE_ARTICLE_BYTES", "100"),
        ],
    );
    wait_for_consumer(&channel, &config.topology.input_queue, &mut child).await;

    let total = 3;
    for index in 0..total {
        let body = format!("Kalimat panjang nomor {index} tentang banjir di kota. Kalimat lain tentang hujan deras.");
        publish_raw(
            &channel,
            &config,
            format!(r#"{{"id":"large{index}","body":"{body}"}}"#).as_bytes(),
        )
        .await;
    }
    for _ in 0..100 {
        if !mt.received_requests().await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    signal(&child, Signal::SIGTERM);
    let status = wait_for_exit(&mut child, Duration::from_secs(30)).await;
    assert!(status.success(), "exit status {status:?}");

    let requests = mt.received_requests().await.unwrap().len();
    assert_eq!(requests, 1, "only the article holding the turn was translated");
    let finished = take(&channel, &config.topology.output_queue, total, Duration::from_secs(1)).await;
    assert_eq!(finished.len(), 1, "the article holding the turn was finished");
    assert_eq!(
        depth(&channel, &config.topology.input_queue).await as usize,
        total - 1,
        "the waiting ones are back in the queue"
    );
    let worker = TestWorker::start(&config).await;
    let rest = take(
        &channel,
        &config.topology.output_queue,
        total - 1,
        Duration::from_secs(30),
    )
    .await;
    worker.stop().await.unwrap();
    assert_eq!(rest.len(), total - 1, "a later worker publishes them");
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn sighup_without_a_glossary_keeps_the_worker_consuming() {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let config = test_config(&mt.uri());
    let (_connection, channel) = test_channel().await;
    alih::queue::topology::declare(&channel, &config.topology, &config.retry)
        .await
        .unwrap();
    let mut child = spawn_binary(&config, "");
    wait_for_consumer(&channel, &config.topology.input_queue, &mut child).await;
    // What `systemctl reload alih` sends (deploy/systemd/alih.service ExecReload).
    signal(&child, Signal::SIGHUP);
    publish_raw(
        &channel,
        &config,
        br#"{"id":"after-hup","body":"Kalimat sesudah SIGHUP."}"#,
    )
    .await;
    let records = take(&channel, &config.topology.output_queue, 1, Duration::from_secs(20)).await;
    assert_eq!(records.len(), 1, "the worker outlived the SIGHUP and went on consuming");
    assert!(child.0.try_wait().unwrap().is_none(), "still running");
    signal(&child, Signal::SIGTERM);
    let status = wait_for_exit(&mut child, Duration::from_secs(30)).await;
    assert!(status.success(), "exit status {status:?}");
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn health_readiness_and_metrics_are_served_while_consuming() {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let config = test_config(&mt.uri());
    let listen = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().to_string()
    };
    let (_connection, channel) = test_channel().await;
    alih::queue::topology::declare(&channel, &config.topology, &config.retry)
        .await
        .unwrap();
    let mut child = spawn_binary(&config, &listen);
    wait_for_consumer(&channel, &config.topology.input_queue, &mut child).await;

    let http = reqwest::Client::new();
    let get = |path: &str| http.get(format!("http://{listen}{path}")).send();
    assert_eq!(get("/healthz").await.unwrap().status(), 200);
    assert_eq!(get("/readyz").await.unwrap().status(), 200);
    publish_raw(&channel, &config, &sample_article()).await;
    assert_eq!(
        take(&channel, &config.topology.output_queue, 1, Duration::from_secs(20))
            .await
            .len(),
        1
    );
    // The counters move right after the broker confirms the record, which
    // can be a moment after the test sees it: poll, boundedly.
    let mut metrics = String::new();
    for _ in 0..100 {
        metrics = get("/metrics").await.unwrap().text().await.unwrap();
        if metrics.contains("alih_articles_total{outcome=\"published\"} 1") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for name in [
        "alih_articles_total{outcome=\"published\"} 1",
        "alih_sentences_total",
        "alih_mt_requests_total",
        "alih_mt_characters_total",
        "alih_processing_duration_seconds_bucket",
        "alih_in_flight",
        "alih_alignment_total{item=\"number\",status=\"ok\"}",
        "alih_alignment_total{item=\"quote\",status=\"ok\"}",
        "alih_records_needs_review_total",
        "alih_queue_messages{",
        "role=\"input\"",
        "role=\"failed\"",
    ] {
        assert!(metrics.contains(name), "{name} missing from /metrics:\n{metrics}");
    }
    signal(&child, Signal::SIGINT);
    assert!(wait_for_exit(&mut child, Duration::from_secs(30)).await.success());
    cleanup(&channel, &config).await;
}

#[test]
fn an_invalid_configuration_exits_2_naming_the_key() {
    let output = Command::new(env!("CARGO_BIN_EXE_alih"))
        .arg("topology")
        .env("ALIH_AMQP__PREFETCH", "0")
        .output()
        .expect("alih runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("amqp.prefetch"), "{stderr}");
}

#[test]
fn an_unreachable_broker_is_reported_with_its_address_and_a_fix() {
    let output = Command::new(env!("CARGO_BIN_EXE_alih"))
        .args(["topology", "--amqp-url", "amqp://127.0.0.1:1/%2f"])
        .output()
        .expect("alih runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot reach RabbitMQ at amqp://127.0.0.1:1") && stderr.contains("is it running"),
        "{stderr}"
    );
}
