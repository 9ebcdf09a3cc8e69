//! `alih failed stats|list|replay` against a real RabbitMQ: reading leaves
//! the failed queue as it was, replay moves exactly what was asked for,
//! keeps the rest in order, and a worker then processes it once.

mod common;

use std::time::Duration;

use alih::{
    config::Config,
    contract::ErrorKind,
    queue::{self, failed, headers},
};
use common::*;
use lapin::{
    BasicProperties, Channel,
    types::{AMQPValue, FieldArray, FieldTable},
};
use tokio_util::sync::CancellationToken;

const WAIT: Duration = Duration::from_secs(20);

/// A failed article as the worker files it.
fn failed_article(article_id: &str, kind: ErrorKind) -> (Vec<u8>, FieldTable) {
    let body = format!(r#"{{"id":"{article_id}","body":"Kalimat untuk {article_id}."}}"#).into_bytes();
    (
        body,
        headers::with_failure(
            None,
            kind,
            &format!("{kind} happened to {article_id}"),
            3,
            Some(article_id),
        ),
    )
}

/// A message as the broker dead-letters it from the input queue, headers
/// written here so the tests can seed many at once; `tests/crash_loop.rs`
/// makes the real broker produce one and runs list and replay on it.
fn crash_looped_article(config: &Config, article_id: &str) -> (Vec<u8>, FieldTable) {
    let body = format!(r#"{{"id":"{article_id}","body":"Kalimat yang membuat crash."}}"#).into_bytes();
    let input = config.topology.input_queue.as_str();
    let mut death = FieldTable::default();
    death.insert("queue".into(), AMQPValue::LongString(input.into()));
    death.insert("reason".into(), AMQPValue::LongString("delivery_limit".into()));
    death.insert("count".into(), AMQPValue::LongLongInt(1));
    death.insert(
        "exchange".into(),
        AMQPValue::LongString(config.topology.input_exchange.as_str().into()),
    );
    death.insert("time".into(), AMQPValue::Timestamp(1_764_000_000));
    let mut table = FieldTable::default();
    table.insert(
        "x-death".into(),
        AMQPValue::FieldArray(FieldArray::from(vec![AMQPValue::FieldTable(death)])),
    );
    table.insert(
        "x-first-death-reason".into(),
        AMQPValue::LongString("delivery_limit".into()),
    );
    table.insert("x-first-death-queue".into(), AMQPValue::LongString(input.into()));
    (body, table)
}

/// Declares the topology and files `messages` in the failed queue, in order.
async fn seed(channel: &Channel, config: &Config, messages: &[(Vec<u8>, FieldTable)]) {
    queue::topology::declare(channel, &config.topology, &config.retry)
        .await
        .expect("topology");
    for (body, table) in messages {
        let properties = BasicProperties::default()
            .with_content_type("application/json".into())
            .with_delivery_mode(2)
            .with_headers(table.clone());
        publish_confirmed(channel, "", &config.topology.dead_letter_queue, body, properties).await;
    }
}

/// Empties `queue` and returns the bodies, in order. Called once whatever
/// filled the queue has been confirmed, so the queue's own count says
/// there is nothing more (no waiting for something not to arrive).
async fn drain(channel: &Channel, queue: &str, expected: usize) -> Vec<Vec<u8>> {
    let taken = take(channel, queue, expected, Duration::from_secs(5)).await;
    assert_eq!(
        depth(channel, queue).await,
        0,
        "more than {expected} message(s) in {queue}"
    );
    taken.into_iter().map(|message| message.delivery.data).collect()
}

fn bodies(messages: &[(Vec<u8>, FieldTable)]) -> Vec<Vec<u8>> {
    messages.iter().map(|(body, _)| body.clone()).collect()
}

/// Runs `alih failed ARGS…`, returning exit code and stdout.
fn alih_failed(config: &Config, args: &[&str]) -> (i32, String, String) {
    let output = alih_command(config)
        .arg("failed")
        .args(args)
        .output()
        .expect("alih runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    (output.status.code().unwrap_or(-1), stdout, stderr)
}

fn mixed_messages(config: &Config) -> Vec<(Vec<u8>, FieldTable)> {
    let mut messages = Vec::new();
    for index in 0..12 {
        let kind = [ErrorKind::MtExhausted, ErrorKind::InvalidArticle, ErrorKind::MtRejected][index % 3];
        messages.push(failed_article(&format!("a{index}"), kind));
    }
    messages.push(crash_looped_article(config, "looper"));
    messages.push((
        b"not json at all".to_vec(),
        headers::with_failure(None, ErrorKind::InvalidJson, "expected value", 1, None),
    ));
    messages
}

#[tokio::test]
async fn stats_and_list_count_by_kind_and_leave_the_queue_exactly_as_it_was() {
    let config = test_config("http://127.0.0.1:9");
    let (_connection, channel) = test_channel().await;
    let messages = mixed_messages(&config);
    seed(&channel, &config, &messages).await;

    let (code, stats, stderr) = alih_failed(&config, &["stats"]);
    assert_eq!(code, 0, "{stderr}");
    let rows: Vec<Vec<&str>> = stats.lines().map(|line| line.split_whitespace().collect()).collect();
    assert_eq!(
        rows,
        [
            vec!["invalid_article", "4"],
            vec!["mt_exhausted", "4"],
            vec!["mt_rejected", "4"],
            vec!["delivery_limit", "1"],
            vec!["invalid_json", "1"],
            vec!["total", "14"]
        ]
    );

    let (code, list, stderr) = alih_failed(&config, &["list"]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = list.lines().skip(1).collect();
    assert_eq!(lines.len(), messages.len());
    assert!(
        lines[0].starts_with("a0 ")
            && lines[0].contains("mt_exhausted")
            && lines[0].contains("mt_exhausted happened to a0")
    );
    assert_eq!(lines[0].split_whitespace().nth(2), Some("3"), "attempts");
    let looper: Vec<&str> = lines[12].split_whitespace().collect();
    assert_eq!(
        &looper[..5],
        ["looper", "delivery_limit", "-", "0", "2025-11-24T16:00:00Z"]
    );
    assert!(lines[12].contains("dead-lettered by RabbitMQ"));
    assert!(
        lines[13].starts_with("- ") && lines[13].contains("invalid_json"),
        "no id: {}",
        lines[13]
    );

    assert_eq!(
        drain(&channel, &config.topology.dead_letter_queue, messages.len()).await,
        bodies(&messages),
        "same messages, same order"
    );
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn list_filters_by_kind_and_stops_at_the_limit() {
    let config = test_config("http://127.0.0.1:9");
    let (_connection, channel) = test_channel().await;
    let messages = mixed_messages(&config);
    seed(&channel, &config, &messages).await;

    let (code, list, stderr) = alih_failed(&config, &["list", "--error-kind", "mt_rejected", "--limit", "3"]);
    assert_eq!(code, 0, "{stderr}");
    let ids: Vec<&str> = list
        .lines()
        .skip(1)
        .map(|line| line.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ids, ["a2", "a5", "a8"]);

    assert_eq!(
        drain(&channel, &config.topology.dead_letter_queue, messages.len()).await,
        bodies(&messages)
    );
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn replay_with_a_filter_moves_exactly_the_matching_messages_and_keeps_the_rest_in_order() {
    let config = test_config("http://127.0.0.1:9");
    let (_connection, channel) = test_channel().await;
    let messages = mixed_messages(&config);
    seed(&channel, &config, &messages).await;

    let (code, output, stderr) = alih_failed(&config, &["replay", "--error-kind", "mt_exhausted"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(output.contains("moved 4 message(s) (mt_exhausted 4)"), "{output}");

    let moved = take(&channel, &config.topology.input_queue, 5, Duration::from_secs(5)).await;
    let moved_ids: Vec<String> = moved
        .iter()
        .map(|message| header(message, "x-alih-article-id").unwrap())
        .collect();
    assert_eq!(moved_ids, ["a0", "a3", "a6", "a9"], "all matching, in order");
    for message in &moved {
        assert_eq!(header(message, "x-alih-replays").as_deref(), Some("1"));
        assert_eq!(header(message, "x-alih-attempts").as_deref(), Some("0"));
        assert_eq!(
            header(message, "x-alih-last-error-kind").as_deref(),
            Some("mt_exhausted")
        );
        assert!(
            header(message, "x-alih-error-kind").is_none(),
            "nothing in the input looks failed"
        );
        assert!(header(message, "x-alih-first-failed-at").is_some(), "history is kept");
    }
    let kept: Vec<Vec<u8>> = messages
        .iter()
        .filter(|(_, table)| headers::string(Some(table), headers::ERROR_KIND).as_deref() != Some("mt_exhausted"))
        .map(|(body, _)| body.clone())
        .collect();
    assert_eq!(
        drain(&channel, &config.topology.dead_letter_queue, kept.len()).await,
        kept,
        "the rest, in order"
    );
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn a_dry_run_prints_what_would_move_and_changes_nothing() {
    let config = test_config("http://127.0.0.1:9");
    let (_connection, channel) = test_channel().await;
    let messages = mixed_messages(&config);
    seed(&channel, &config, &messages).await;

    let (code, output, stderr) = alih_failed(&config, &["replay", "--dry-run", "--error-kind", "delivery_limit"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(output.lines().nth(1).unwrap().starts_with("looper "), "{output}");
    assert!(
        output.contains("would move 1 message(s) (delivery_limit 1)") && output.contains("nothing was changed"),
        "{output}"
    );

    assert_eq!(
        drain(&channel, &config.topology.input_queue, 0).await,
        Vec::<Vec<u8>>::new()
    );
    assert_eq!(
        drain(&channel, &config.topology.dead_letter_queue, messages.len()).await,
        bodies(&messages)
    );
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn replay_moves_at_most_the_limit_and_an_article_id_selects_one() {
    let config = test_config("http://127.0.0.1:9");
    let (_connection, channel) = test_channel().await;
    let messages: Vec<_> = (0..6)
        .map(|index| failed_article(&format!("b{index}"), ErrorKind::MtQuota))
        .collect();
    seed(&channel, &config, &messages).await;

    let (code, output, stderr) = alih_failed(&config, &["replay", "--limit", "2"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(output.contains("moved 2 message(s)"), "{output}");
    let request = failed::ReplayRequest {
        filter: failed::Filter {
            article_id: Some("b4".into()),
            ..failed::Filter::default()
        },
        ..failed::ReplayRequest::default()
    };
    let connection = queue::connect(&config.amqp, "test").await.unwrap();
    let topology = &config.topology;
    let mut moved = Vec::new();
    let pass = failed::replay(
        &connection,
        &topology.dead_letter_queue,
        &topology.input_queue,
        &request,
        &CancellationToken::new(),
        |message| moved.push(message.article_id.clone().unwrap()),
    )
    .await
    .expect("replay");
    assert_eq!(moved, ["b4"]);
    assert_eq!((pass.depth, pass.examined), (4, 4));

    let input: Vec<String> = take(&channel, &topology.input_queue, 4, Duration::from_secs(5))
        .await
        .iter()
        .map(|m| header(m, "x-alih-article-id").unwrap())
        .collect();
    assert_eq!(input, ["b0", "b1", "b4"]);
    let rest = [&messages[2], &messages[3], &messages[5]].map(|(body, _)| body.clone());
    assert_eq!(drain(&channel, &topology.dead_letter_queue, 3).await, rest);
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn replayed_articles_are_processed_once_by_a_running_worker() {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let config = test_config(&mt.uri());
    let (_connection, channel) = test_channel().await;
    let mut messages: Vec<_> = (0..5)
        .map(|index| failed_article(&format!("c{index}"), ErrorKind::MtExhausted))
        .collect();
    messages.push(failed_article("stays", ErrorKind::InvalidArticle));
    seed(&channel, &config, &messages).await;
    let worker = TestWorker::start(&config).await;

    let (code, output, stderr) = alih_failed(&config, &["replay", "--error-kind", "mt_exhausted"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(output.contains("moved 5 message(s)"), "{output}");
    let records = take(&channel, &config.topology.output_queue, 5, WAIT).await;
    let mut ids: Vec<String> = records
        .iter()
        .map(|message| {
            serde_json::from_slice::<serde_json::Value>(&message.delivery.data).unwrap()["article_id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        ["c0", "c1", "c2", "c3", "c4"],
        "each replayed article once, nothing else"
    );
    for record in &records {
        let record: serde_json::Value = serde_json::from_slice(&record.delivery.data).unwrap();
        assert_eq!(record["attempt"], 1, "attempts start afresh after a replay");
    }
    worker.stop().await.expect("clean stop");
    assert_eq!(depth(&channel, &config.topology.input_queue).await, 0);
    assert_eq!(
        depth(&channel, &config.topology.output_queue).await,
        0,
        "no record twice, once the worker has settled everything"
    );
    assert_eq!(
        drain(&channel, &config.topology.dead_letter_queue, 1).await,
        [messages[5].0.clone()]
    );
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn a_crash_looped_article_is_replayed_without_the_brokers_death_record_but_with_its_time() {
    let config = test_config("http://127.0.0.1:9");
    let (_connection, channel) = test_channel().await;
    seed(&channel, &config, &[crash_looped_article(&config, "looper")]).await;

    let (code, _, stderr) = alih_failed(&config, &["replay", "--article-id", "looper"]);
    assert_eq!(code, 0, "{stderr}");
    let moved = take(&channel, &config.topology.input_queue, 1, Duration::from_secs(5)).await;
    assert_eq!(moved.len(), 1);
    assert!(header(&moved[0], "x-death").is_none(), "x-death is dropped");
    assert_eq!(
        header(&moved[0], "x-alih-first-failed-at").as_deref(),
        Some("2025-11-24T16:00:00Z")
    );
    assert_eq!(
        header(&moved[0], "x-alih-last-error-kind").as_deref(),
        Some("delivery_limit")
    );
    assert_eq!(header(&moved[0], "x-alih-replays").as_deref(), Some("1"));
    assert_eq!(
        header(&moved[0], "x-first-death-reason").as_deref(),
        Some("delivery_limit"),
        "the broker's summary stays"
    );
    cleanup(&channel, &config).await;
}

/// The broker's own `x-death` for the input queue would make it drop the
/// message as a dead-letter cycle when it next leaves a retry queue; the
/// replay strips it, so the article survives a transient failure.
#[tokio::test]
async fn a_replayed_crash_looped_article_survives_a_retry_tier() {
    let mt = libretranslate_503_once().await;
    let config = test_config(&mt.uri());
    let (_connection, channel) = test_channel().await;
    seed(&channel, &config, &[crash_looped_article(&config, "looper")]).await;
    let worker = TestWorker::start(&config).await;

    let (code, output, stderr) = alih_failed(&config, &["replay"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(output.contains("moved 1 message(s) (delivery_limit 1)"), "{output}");
    let records = take(&channel, &config.topology.output_queue, 1, WAIT).await;
    assert_eq!(records.len(), 1, "the article came through the retry queue");
    let record: serde_json::Value = serde_json::from_slice(&records[0].delivery.data).unwrap();
    assert_eq!(
        (record["article_id"].as_str(), record["attempt"].as_u64()),
        (Some("looper"), Some(2))
    );
    worker.stop().await.expect("clean stop");
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn an_empty_failed_queue_is_reported_as_such() {
    let config = test_config("http://127.0.0.1:9");
    let (_connection, channel) = test_channel().await;
    seed(&channel, &config, &[]).await;
    let (code, stats, stderr) = alih_failed(&config, &["stats"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stats.split_whitespace().collect::<Vec<_>>(), ["total", "0"]);
    let (code, output, stderr) = alih_failed(&config, &["replay"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        output.contains("moved 0 message(s)") && output.contains("0 of 0 stay"),
        "{output}"
    );
    cleanup(&channel, &config).await;
}

#[test]
fn a_missing_failed_queue_names_the_setting_and_the_fix() {
    let config = test_config("http://127.0.0.1:9");
    let (code, _, stderr) = alih_failed(&config, &["stats"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("does not exist")
            && stderr.contains("topology.dead_letter_queue")
            && stderr.contains("alih topology"),
        "{stderr}"
    );
}

#[test]
fn a_zero_limit_is_a_usage_error() {
    let config = test_config("http://127.0.0.1:9");
    let (code, _, stderr) = alih_failed(&config, &["replay", "--limit", "0"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("at least 1"), "{stderr}");
}

/// Failed articles with an error text near the header's 1,000-character
/// cap, so each line `alih failed replay` prints is about 1 KB.
fn failed_articles_with_long_errors(total: usize) -> Vec<(Vec<u8>, FieldTable)> {
    (0..total)
        .map(|index| {
            let article_id = format!("k{index:03}");
            let body = format!(r#"{{"id":"{article_id}","body":"Kalimat untuk {article_id}."}}"#).into_bytes();
            let error = format!("{article_id}: {}", "the provider said no. ".repeat(45));
            (
                body,
                headers::with_failure(None, ErrorKind::MtExhausted, &error, 3, Some(&article_id)),
            )
        })
        .collect()
}

/// What an interrupted replay left behind.
struct Interrupted {
    moved: Vec<String>,
    stayed: Vec<String>,
    code: Option<i32>,
    stdout: String,
}

/// Lines of `alih failed replay` the test reads before it sends the signal.
const LINES_BEFORE_SIGNAL: usize = 5;

/// Starts `alih failed replay` over `total` failed articles and sends
/// `signal` once it has printed [`LINES_BEFORE_SIGNAL`] moved messages.
/// Until the signal is sent the test stops reading its stdout, so the
/// replay blocks once the pipe (64 KiB on Linux, about 64 of its 1 KB
/// lines) is full: it is certainly stopped mid-way, not by luck.
async fn interrupted_replay(signal: nix::sys::signal::Signal) -> Interrupted {
    let config = test_config("http://127.0.0.1:9");
    let (_connection, channel) = test_channel().await;
    let total = 400;
    seed(&channel, &config, &failed_articles_with_long_errors(total)).await;

    let mut replay = alih_command(&config)
        .args(["failed", "replay"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("alih runs");
    let (reached, has_reached) = std::sync::mpsc::channel();
    let (resume, may_resume) = std::sync::mpsc::channel::<()>();
    let stdout = replay.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        use std::io::BufRead;
        let mut lines = std::io::BufReader::new(stdout).lines();
        let mut seen = Vec::new();
        // The header line, then one line per moved message.
        for line in lines.by_ref().take(LINES_BEFORE_SIGNAL + 1) {
            seen.push(line.expect("utf-8"));
        }
        let _ = reached.send(());
        let _ = may_resume.recv();
        seen.extend(lines.map(|line| line.expect("utf-8")));
        seen.join("\n")
    });
    has_reached
        .recv_timeout(Duration::from_secs(30))
        .expect("the replay moved its first messages");
    let pid = nix::unistd::Pid::from_raw(replay.id() as i32);
    nix::sys::signal::kill(pid, signal).expect("signal sent");
    resume.send(()).expect("reader alive");
    let status = replay.wait().expect("reaped");
    let stdout = reader.join().expect("reader");

    let moved = article_ids_in(&channel, &config.topology.input_queue).await;
    let stayed = article_ids_in(&channel, &config.topology.dead_letter_queue).await;
    let mut all: Vec<String> = moved.iter().chain(&stayed).cloned().collect();
    all.sort();
    all.dedup();
    assert_eq!(
        all.len(),
        total,
        "nothing lost ({} moved, {} stayed)",
        moved.len(),
        stayed.len()
    );
    assert!(
        moved.is_sorted() && stayed.is_sorted(),
        "both queues in the original order"
    );
    assert!(
        moved.len() >= LINES_BEFORE_SIGNAL && !stayed.is_empty(),
        "interrupted mid-way: {} moved, {} stayed",
        moved.len(),
        stayed.len()
    );
    cleanup(&channel, &config).await;
    Interrupted {
        moved,
        stayed,
        code: status.code(),
        stdout,
    }
}

/// The article ids in `queue`, in order, once no consumer holds it any
/// more (the broker then has taken back whatever the replay held unacked).
async fn article_ids_in(channel: &Channel, queue: &str) -> Vec<String> {
    let passive = lapin::options::QueueDeclareOptions {
        passive: true,
        ..Default::default()
    };
    let deadline = tokio::time::Instant::now() + WAIT;
    let ready = loop {
        let state = channel
            .queue_declare(queue.into(), passive, FieldTable::default())
            .await
            .expect("queue exists");
        if state.consumer_count() == 0 {
            break state.message_count() as usize;
        }
        assert!(tokio::time::Instant::now() < deadline, "{queue} is still consumed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let taken = take(channel, queue, ready, WAIT).await;
    assert_eq!(taken.len(), ready);
    taken
        .iter()
        .map(|message| header(message, "x-alih-article-id").unwrap())
        .collect()
}

#[tokio::test]
async fn a_replay_killed_midway_loses_nothing_and_keeps_the_rest_in_order() {
    let interrupted = interrupted_replay(nix::sys::signal::Signal::SIGKILL).await;
    assert!(
        interrupted.moved.len() + interrupted.stayed.len() <= 401,
        "at most the message between confirm and ack is in both"
    );
}

#[tokio::test]
async fn ctrl_c_stops_a_replay_cleanly_after_the_message_in_hand() {
    let interrupted = interrupted_replay(nix::sys::signal::Signal::SIGINT).await;
    assert_eq!(interrupted.code, Some(0));
    assert_eq!(
        interrupted.moved.len() + interrupted.stayed.len(),
        400,
        "no duplicate when stopped with Ctrl-C"
    );
    let printed = interrupted.stdout.lines().filter(|line| line.starts_with('k')).count();
    assert_eq!(printed, interrupted.moved.len(), "one line per moved message");
    assert!(
        interrupted
            .stdout
            .contains("interrupted: the rest stay in the failed queue, in order"),
        "{}",
        interrupted.stdout
    );
}

#[tokio::test]
async fn a_second_reader_is_refused_while_the_queue_is_held() {
    let config = test_config("http://127.0.0.1:9");
    let (connection, channel) = test_channel().await;
    seed(&channel, &config, &[failed_article("held", ErrorKind::Internal)]).await;
    let holder = connection.create_channel().await.unwrap();
    let queue = config.topology.dead_letter_queue.as_str();
    let _consumer = holder
        .basic_consume(
            queue.into(),
            "holder".into(),
            lapin::options::BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await
        .unwrap();

    let (code, _, stderr) = alih_failed(&config, &["stats"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("another consumer holds it"), "{stderr}");
    holder.close(200, "done".into()).await.unwrap();
    assert_eq!(
        drain(&channel, queue, 1).await,
        [failed_article("held", ErrorKind::Internal).0]
    );
    cleanup(&channel, &config).await;
}
