//! A real crash loop against the real broker: the `alih` binary is killed
//! while an article is in flight, again and again, until the input queue's
//! delivery limit makes RabbitMQ dead-letter it; then `alih failed list`
//! and `alih failed replay` handle the copy the broker made (its own
//! `x-death`, not one written by a test).

mod common;

use std::{
    process::{Child, Stdio},
    time::Duration,
};

use common::*;
use nix::{sys::signal::Signal, unistd::Pid};
use tokio::{
    io::AsyncReadExt,
    net::{TcpListener, TcpStream},
    sync::mpsc,
};

const WAIT: Duration = Duration::from_secs(30);
const DELIVERY_LIMIT: u32 = 2;

/// An MT endpoint that reads each request and never answers, reporting
/// every request it received: the article is then certainly in flight.
async fn silent_mt() -> (String, mpsc::UnboundedReceiver<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let (received, requests) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(hold(stream, received.clone()));
        }
    });
    (url, requests)
}

/// Reads one request head, reports it, then keeps the connection open
/// without a word until the client goes away.
async fn hold(mut stream: TcpStream, received: mpsc::UnboundedSender<()>) {
    let mut head = Vec::new();
    let mut buffer = [0_u8; 4096];
    while let Ok(read) = stream.read(&mut buffer).await {
        if read == 0 {
            return;
        }
        head.extend_from_slice(&buffer[..read]);
        if head.windows(4).any(|window| window == b"\r\n\r\n") {
            break;
        }
    }
    let _ = received.send(());
    while matches!(stream.read(&mut buffer).await, Ok(read) if read > 0) {}
}

fn start_worker(config: &alih::config::Config) -> Child {
    alih_command(config)
        .arg("run")
        .env("ALIH_MT__TIMEOUT", "10m")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("alih runs")
}

/// Waits until the article is ready in `input` again or has reached
/// `failed`; returns whether it reached the failed queue.
async fn article_returned(channel: &lapin::Channel, input: &str, failed: &str) -> bool {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if depth(channel, failed).await == 1 {
            return true;
        }
        if depth(channel, input).await == 1 {
            return false;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the killed worker's article went neither back to {input} nor to {failed}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_worker_killed_on_the_same_article_again_and_again_ends_with_it_filed_as_delivery_limit() {
    let (mt_url, mut requests) = silent_mt().await;
    let mut config = test_config(&mt_url);
    config.topology.delivery_limit = DELIVERY_LIMIT;
    let (_connection, channel) = test_channel().await;
    alih::queue::topology::declare(&channel, &config.topology, &config.retry)
        .await
        .expect("topology");
    let article = br#"{"id":"crasher","body":"Kalimat yang membuat crash."}"#;
    publish_raw(&channel, &config, article).await;
    let (input, failed) = (&config.topology.input_queue, &config.topology.dead_letter_queue);

    let mut kills = 0;
    loop {
        assert!(
            kills <= DELIVERY_LIMIT + 1,
            "the broker never applied its delivery limit"
        );
        let mut worker = start_worker(&config);
        tokio::time::timeout(WAIT, requests.recv())
            .await
            .expect("the worker took the article to the MT engine")
            .expect("double alive");
        nix::sys::signal::kill(Pid::from_raw(worker.id() as i32), Signal::SIGKILL).expect("kill");
        worker.wait().expect("reaped");
        kills += 1;
        if article_returned(&channel, input, failed).await {
            break;
        }
    }
    // Returned more often than the limit allows: delivered limit + 1 times.
    assert_eq!(kills, DELIVERY_LIMIT + 1);
    assert_eq!(depth(&channel, input).await, 0);

    let (code, stats, stderr) = alih_failed(&config, &["stats"]);
    assert_eq!(code, 0, "{stderr}");
    let counts: Vec<Vec<&str>> = stats.lines().map(|line| line.split_whitespace().collect()).collect();
    assert_eq!(counts, [vec!["delivery_limit", "1"], vec!["total", "1"]]);

    let (code, list, stderr) = alih_failed(&config, &["list"]);
    assert_eq!(code, 0, "{stderr}");
    let rows: Vec<Vec<&str>> = list
        .lines()
        .skip(1)
        .map(|line| line.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 1, "{list}");
    assert_eq!(&rows[0][..4], ["crasher", "delivery_limit", "-", "0"], "{list}");

    let (code, output, stderr) = alih_failed(&config, &["replay"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(output.contains("moved 1 message(s) (delivery_limit 1)"), "{output}");
    let moved = take(&channel, input, 1, WAIT).await;
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].delivery.data, article);
    assert_eq!(header(&moved[0], "x-alih-replays").as_deref(), Some("1"));
    assert_eq!(
        header(&moved[0], "x-alih-last-error-kind").as_deref(),
        Some("delivery_limit")
    );
    assert!(
        header(&moved[0], "x-death").is_none(),
        "the broker's x-death is dropped"
    );
    assert_eq!(depth(&channel, failed).await, 0);
    cleanup(&channel, &config).await;
}

fn alih_failed(config: &alih::config::Config, args: &[&str]) -> (i32, String, String) {
    let output = alih_command(config)
        .arg("failed")
        .args(args)
        .output()
        .expect("alih runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
