//! The delivery guarantee against the real broker, one consumer branch per
//! test: where an article ends up, with which headers, when the broker
//! refuses, returns or cannot take its outcome. Each test makes the broker
//! behave that way for certain (a queue that rejects every publish, an
//! exchange with nothing bound, a deleted exchange) instead of waiting for
//! chance, and synchronises on what the broker or the MT double observed.

mod common;

use std::time::Duration;

use common::*;
use lapin::{
    Channel,
    options::{ExchangeDeleteOptions, QueueBindOptions, QueueDeclareOptions, QueueDeleteOptions},
    types::{AMQPValue, FieldTable},
};
use wiremock::{Mock, MockServer, ResponseTemplate, matchers};

const WAIT: Duration = Duration::from_secs(20);
/// What the worker files when the broker refuses a record, as on the wire.
const KIND_TRANSIENT: &str = "transient";
const KIND_INTERNAL: &str = "internal";

/// A private queue bound to `exchange` for every routing key, which the
/// broker refuses to store anything in: `x-max-length: 0` with
/// `x-overflow: reject-publish` makes it answer each publish with
/// `basic.nack`.
async fn bind_rejecting_queue(channel: &Channel, exchange: &str) -> String {
    let name = unique("rejecting");
    let mut arguments = FieldTable::default();
    arguments.insert("x-max-length".into(), AMQPValue::LongLongInt(0));
    arguments.insert("x-overflow".into(), AMQPValue::LongString("reject-publish".into()));
    arguments.insert("x-expires".into(), AMQPValue::LongLongInt(600_000));
    channel
        .queue_declare(name.as_str().into(), QueueDeclareOptions::default(), arguments)
        .await
        .expect("declare the rejecting queue");
    bind(channel, &name, exchange, "#").await;
    name
}

async fn bind(channel: &Channel, queue: &str, exchange: &str, routing_key: &str) {
    channel
        .queue_bind(
            queue.into(),
            exchange.into(),
            routing_key.into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await
        .expect("bind");
}

async fn delete_queue(channel: &Channel, queue: &str) {
    channel
        .queue_delete(queue.into(), QueueDeleteOptions::default())
        .await
        .expect("delete queue");
}

/// Waits until the double has received `count` requests.
async fn wait_for_requests(mt: &MockServer, count: usize) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while mt.received_requests().await.unwrap_or_default().len() < count {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the MT double did not receive {count} request(s) within {WAIT:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The names of the queues RabbitMQ's `x-death` header says a message has
/// been dead-lettered from, newest first.
fn death_queues(message: &lapin::message::BasicGetMessage) -> Vec<String> {
    let Some(AMQPValue::FieldArray(deaths)) = message
        .delivery
        .properties
        .headers()
        .as_ref()
        .and_then(|table| table.inner().get("x-death").cloned())
    else {
        return Vec::new();
    };
    deaths
        .as_slice()
        .iter()
        .filter_map(|death| match death {
            AMQPValue::FieldTable(table) => match table.inner().get("queue") {
                Some(AMQPValue::LongString(queue)) => Some(queue.to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_record_the_broker_nacks_is_not_acked_as_published_but_parked_in_the_first_retry_queue() {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let mut config = test_config(&mt.uri());
    // Records go only to the queue the test binds, which refuses them.
    config.topology.output_queue = String::new();
    config.retry.delays = vec![Duration::from_secs(60), Duration::from_secs(120)];
    let worker = TestWorker::start(&config).await;
    let (_connection, channel) = test_channel().await;
    let rejecting = bind_rejecting_queue(&channel, &config.topology.output_exchange).await;

    publish_raw(&channel, &config, br#"{"id":"refused","body":"Satu kalimat."}"#).await;
    let first_retry = alih::queue::topology::retry_queue_name(&config.topology.input_queue, config.retry.delays[0]);
    assert_eq!(first_retry, format!("{}.retry.60s", config.topology.input_queue));
    let parked = take(&channel, &first_retry, 1, WAIT).await;
    assert_eq!(parked.len(), 1, "the article waits in the first retry queue");
    assert_eq!(
        parked[0].delivery.data, br#"{"id":"refused","body":"Satu kalimat."}"#,
        "the article itself, not the record"
    );
    assert_eq!(header(&parked[0], "x-alih-error-kind").as_deref(), Some(KIND_TRANSIENT));
    assert_eq!(header(&parked[0], "x-alih-attempts").as_deref(), Some("1"));
    assert_eq!(header(&parked[0], "x-alih-article-id").as_deref(), Some("refused"));
    let error = header(&parked[0], "x-alih-error").expect("error header");
    assert!(
        error.contains("refused the message") && error.contains("(nack)"),
        "{error}"
    );

    worker.stop().await.expect("clean stop");
    // Stopping hands back anything unacked: the input is empty only if the
    // article was acked, and it was acked only for its retry copy.
    assert_eq!(depth(&channel, &config.topology.input_queue).await, 0);
    assert_eq!(depth(&channel, &config.topology.dead_letter_queue).await, 0);
    assert_eq!(depth(&channel, &rejecting).await, 0);
    assert_eq!(mt.received_requests().await.unwrap().len(), 1, "translated once");
    delete_queue(&channel, &rejecting).await;
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn a_record_the_broker_keeps_refusing_is_filed_as_internal_after_the_last_retry_delay() {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let mut config = test_config(&mt.uri());
    config.topology.output_queue = String::new();
    config.retry.delays = vec![Duration::from_millis(200)];
    config.mt.cache_size = 0;
    let worker = TestWorker::start(&config).await;
    let (_connection, channel) = test_channel().await;
    let rejecting = bind_rejecting_queue(&channel, &config.topology.output_exchange).await;

    publish_raw(&channel, &config, br#"{"id":"unwanted","body":"Satu kalimat."}"#).await;
    let failed = take(&channel, &config.topology.dead_letter_queue, 1, WAIT).await;
    assert_eq!(failed.len(), 1);
    assert_eq!(header(&failed[0], "x-alih-error-kind").as_deref(), Some(KIND_INTERNAL));
    assert_eq!(header(&failed[0], "x-alih-attempts").as_deref(), Some("2"));
    let error = header(&failed[0], "x-alih-error").expect("error header");
    assert!(
        error.contains("gave up after 2 attempts") && error.contains("(nack)"),
        "{error}"
    );
    let retry_queue = format!("{}.retry.200ms", config.topology.input_queue);
    assert!(
        death_queues(&failed[0]).contains(&retry_queue),
        "it waited in {retry_queue} once: {:?}",
        death_queues(&failed[0])
    );
    worker.stop().await.expect("clean stop");
    assert_eq!(depth(&channel, &config.topology.input_queue).await, 0);
    assert_eq!(
        mt.received_requests().await.unwrap().len(),
        2,
        "translated once per attempt"
    );
    delete_queue(&channel, &rejecting).await;
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn an_outcome_that_cannot_be_published_leaves_the_article_unacked_until_the_delivery_limit_files_it() {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let mut config = test_config(&mt.uri());
    config.topology.output_queue = String::new();
    config.topology.delivery_limit = 2;
    config.retry.delays = vec![Duration::from_secs(60)];
    // Every delivery translates again, so the double counts deliveries.
    config.mt.cache_size = 0;
    let worker = TestWorker::start(&config).await;
    let (_connection, channel) = test_channel().await;
    let rejecting = bind_rejecting_queue(&channel, &config.topology.output_exchange).await;
    // The record is refused and the retry copy has nowhere to go (its queue
    // is gone, so the mandatory publish comes back): no outcome is ever
    // confirmed, so the article must never be acked.
    let retry_queue = alih::queue::topology::retry_queue_name(&config.topology.input_queue, config.retry.delays[0]);
    delete_queue(&channel, &retry_queue).await;

    publish_raw(&channel, &config, br#"{"id":"homeless","body":"Satu kalimat."}"#).await;
    let failed = take(&channel, &config.topology.dead_letter_queue, 1, WAIT).await;
    assert_eq!(failed.len(), 1, "the broker filed the article after its delivery limit");
    assert_eq!(
        header(&failed[0], "x-first-death-reason").as_deref(),
        Some("delivery_limit")
    );
    assert_eq!(death_queues(&failed[0]), [config.topology.input_queue.clone()]);
    assert_eq!(
        header(&failed[0], "x-alih-error-kind"),
        None,
        "alih itself never managed to file it"
    );
    // Delivered once, then again after each of the 2 allowed returns.
    assert_eq!(mt.received_requests().await.unwrap().len(), 3);
    worker.stop().await.expect("clean stop");
    assert_eq!(depth(&channel, &config.topology.input_queue).await, 0);
    delete_queue(&channel, &rejecting).await;
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn an_unroutable_record_is_filed_as_internal() {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let config = test_config(&mt.uri());
    let worker = TestWorker::start(&config).await;
    let (_connection, channel) = test_channel().await;
    // Keep the (auto-deleting) output exchange alive with a binding no
    // record matches, then take away the output queue: records are returned.
    let bystander = unique("bystander");
    channel
        .queue_declare(
            bystander.as_str().into(),
            QueueDeclareOptions {
                auto_delete: true,
                ..QueueDeclareOptions::default()
            },
            FieldTable::default(),
        )
        .await
        .expect("declare");
    bind(
        &channel,
        &bystander,
        &config.topology.output_exchange,
        "no.record.matches",
    )
    .await;
    delete_queue(&channel, &config.topology.output_queue).await;

    publish_raw(&channel, &config, br#"{"id":"nowhere","body":"Satu kalimat."}"#).await;
    let failed = take(&channel, &config.topology.dead_letter_queue, 1, WAIT).await;
    assert_eq!(failed.len(), 1);
    assert_eq!(header(&failed[0], "x-alih-error-kind").as_deref(), Some(KIND_INTERNAL));
    assert_eq!(header(&failed[0], "x-alih-attempts").as_deref(), Some("1"));
    assert_eq!(header(&failed[0], "x-alih-article-id").as_deref(), Some("nowhere"));
    let error = header(&failed[0], "x-alih-error").expect("error header");
    assert!(error.contains("unroutable"), "{error}");
    assert_eq!(failed[0].delivery.data, br#"{"id":"nowhere","body":"Satu kalimat."}"#);
    worker.stop().await.expect("clean stop");
    assert_eq!(depth(&channel, &config.topology.input_queue).await, 0);
    delete_queue(&channel, &bystander).await;
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn without_an_output_queue_records_are_published_without_mandatory_and_the_article_is_acked() {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let mut config = test_config(&mt.uri());
    config.topology.output_queue = String::new();
    let worker = TestWorker::start(&config).await;
    let (_connection, channel) = test_channel().await;

    publish_raw(&channel, &config, br#"{"id":"unbound","body":"Satu kalimat."}"#).await;
    wait_for_requests(&mt, 1).await;
    // Stopping waits for the article in flight to be settled.
    worker.stop().await.expect("clean stop");
    assert_eq!(depth(&channel, &config.topology.input_queue).await, 0, "acked");
    assert_eq!(
        depth(&channel, &config.topology.dead_letter_queue).await,
        0,
        "an unroutable record is the operator's choice here, not a failure"
    );
    for delay in &config.retry.delays {
        let retry = alih::queue::topology::retry_queue_name(&config.topology.input_queue, *delay);
        assert_eq!(depth(&channel, &retry).await, 0, "{retry}");
    }
    assert_eq!(mt.received_requests().await.unwrap().len(), 1);
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn a_publish_channel_the_broker_closes_ends_the_session_and_a_new_one_publishes_the_article() {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let config = test_config(&mt.uri());
    let worker = TestWorker::start(&config).await;
    let (_connection, channel) = test_channel().await;
    // Publishing to an exchange that does not exist is a channel error: the
    // broker closes the worker's publish channel. The article cannot be
    // settled on that session; the next session declares the topology
    // again (the exchange with it) and the broker redelivers the article.
    channel
        .exchange_delete(
            config.topology.output_exchange.as_str().into(),
            ExchangeDeleteOptions::default(),
        )
        .await
        .expect("delete the output exchange");

    publish_raw(&channel, &config, br#"{"id":"stranded","body":"Satu kalimat."}"#).await;
    let records = take(&channel, &config.topology.output_queue, 1, WAIT).await;
    assert_eq!(records.len(), 1, "the article came through on a new session");
    let record: serde_json::Value = serde_json::from_slice(&records[0].delivery.data).expect("record");
    assert_eq!(record["article_id"], "stranded");
    assert!(!worker.handle.is_finished(), "the worker carried on");
    worker.stop().await.expect("clean stop");
    assert_eq!(depth(&channel, &config.topology.input_queue).await, 0, "acked once");
    assert_eq!(depth(&channel, &config.topology.dead_letter_queue).await, 0);
    assert_eq!(depth(&channel, &config.topology.output_queue).await, 0, "one record");
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn a_429_with_retry_after_7_waits_in_the_first_retry_queue_at_least_that_long() {
    let mt = MockServer::start().await;
    Mock::given(matchers::method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "7")
                .set_body_json(serde_json::json!({"error": "Slowdown: 1 per 1 second"})),
        )
        .mount(&mt)
        .await;
    let mut config = test_config(&mt.uri());
    config.retry.delays = [1, 5, 30, 120].map(Duration::from_secs).to_vec();
    let worker = TestWorker::start(&config).await;
    let (_connection, channel) = test_channel().await;

    publish_raw(&channel, &config, br#"{"id":"throttled","body":"Satu kalimat."}"#).await;
    let input = &config.topology.input_queue;
    let parked = take(&channel, &format!("{input}.retry.30s"), 1, WAIT).await;
    assert_eq!(parked.len(), 1, "7 s skips the 1 s and 5 s queues");
    assert_eq!(header(&parked[0], "x-alih-error-kind").as_deref(), Some(KIND_TRANSIENT));
    assert_eq!(header(&parked[0], "x-alih-attempts").as_deref(), Some("1"));
    let error = header(&parked[0], "x-alih-error").expect("error header");
    assert!(error.contains("429") && error.contains("Slowdown"), "{error}");
    worker.stop().await.expect("clean stop");
    for shorter in ["1s", "5s", "120s"] {
        assert_eq!(
            depth(&channel, &format!("{input}.retry.{shorter}")).await,
            0,
            "{shorter}"
        );
    }
    assert_eq!(depth(&channel, input).await, 0, "acked once parked");
    assert_eq!(mt.received_requests().await.unwrap().len(), 1);
    cleanup(&channel, &config).await;
}
