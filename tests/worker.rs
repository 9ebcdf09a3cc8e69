//! The worker against a real RabbitMQ and an MT double: articles in,
//! records or failed messages out, nothing lost.

mod common;

use std::time::Duration;

use alih::segment;
use common::*;
use wiremock::{Mock, MockServer, ResponseTemplate, matchers};

const WAIT: Duration = Duration::from_secs(20);

/// The sample's numbers an echoing engine leaves in Indonesian notation
/// (sentence index, as left, as repaired), read off the fixture by hand:
/// every thousands dot among its 22 sentences, none of them a decimal.
const LEAKED_THOUSANDS: [(usize, &str, &str); 5] = [
    (6, "12.000", "12,000"),
    (7, "1.500", "1,500"),
    (8, "3.000", "3,000"),
    (13, "12.000", "12,000"),
    (16, "10.000", "10,000"),
];

#[tokio::test]
async fn the_sample_article_comes_out_as_one_record_with_a_target_per_source_sentence() {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let config = test_config(&mt.uri());
    let worker = TestWorker::start(&config).await;
    let (_connection, channel) = test_channel().await;

    publish_raw(&channel, &config, &sample_article()).await;
    let records = take(&channel, &config.topology.output_queue, 1, WAIT).await;
    assert_eq!(records.len(), 1, "one record expected");
    let message = &records[0];
    let record: serde_json::Value = serde_json::from_slice(&message.delivery.data).expect("record is JSON");
    assert_valid_record(&record);

    let article: serde_json::Value = serde_json::from_slice(&sample_article()).unwrap();
    let body = article["body"].as_str().unwrap();
    let expected = segment::segment(body);
    let sentences = record["sentences"].as_array().expect("sentences");
    assert_eq!((sentences.len(), expected.len()), (22, 22));
    for (index, sentence) in sentences.iter().enumerate() {
        let source = sentence["source"].as_str().unwrap();
        assert_eq!(source, expected[index].text(body));
        // The double answers "EN" + source; alignment then repairs the
        // Indonesian thousands dots it left (a locale leak) in place.
        let mut expected_target = format!("EN{source}");
        for (_, from, to) in LEAKED_THOUSANDS.iter().filter(|(sentence, ..)| *sentence == index) {
            assert!(expected_target.contains(from), "sentence {index} holds {from}");
            expected_target = expected_target.replacen(from, to, 1);
        }
        assert_eq!(
            sentence["target"].as_str().unwrap(),
            expected_target,
            "target {index} belongs to its source"
        );
        let [start, end] = [0, 1].map(|at| sentence["source_span"][at].as_u64().unwrap() as usize);
        let by_chars: String = body.chars().skip(start).take(end - start).collect();
        assert_eq!(by_chars, source, "span of sentence {index} is in characters");
    }
    assert_eq!(record["schema"], "alih.bilingual.v1");
    assert_eq!(record["article_id"], "dw-korut-rusia");
    assert_eq!(record["mt"]["provider"], "libretranslate");
    let leaked = sentences
        .iter()
        .find(|sentence| sentence["source"].as_str().unwrap().contains("hingga 12.000"))
        .unwrap();
    assert!(
        leaked["target"].as_str().unwrap().contains("hingga 12,000"),
        "the leaked 12.000 is repaired"
    );
    let repairs: Vec<(u64, &str, &str, &str)> = record["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|number| number["repair"].is_object())
        .map(|number| {
            let repair = &number["repair"];
            (
                number["sentence"].as_u64().unwrap(),
                repair["from"].as_str().unwrap(),
                repair["to"].as_str().unwrap(),
                repair["reason"].as_str().unwrap(),
            )
        })
        .collect();
    let expected_repairs: Vec<(u64, &str, &str, &str)> = LEAKED_THOUSANDS
        .iter()
        .map(|&(sentence, from, to)| (sentence as u64, from, to, "locale_leak"))
        .collect();
    assert_eq!(repairs, expected_repairs, "exactly the leaked thousands are repaired");
    assert!(record["quotes"].is_array() && record["qa"].is_object());
    assert_eq!(message.delivery.routing_key.as_str(), "id.en");
    let message_id = message
        .delivery
        .properties
        .message_id()
        .as_ref()
        .map(|id| id.to_string());
    assert_eq!(message_id.as_deref(), record["record_id"].as_str());

    worker.stop().await.expect("clean stop");
    assert_eq!(
        depth(&channel, &config.topology.input_queue).await,
        0,
        "the article was acked"
    );
    assert_eq!(depth(&channel, &config.topology.dead_letter_queue).await, 0);
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn every_kind_of_bad_input_lands_in_the_failed_queue_and_the_worker_keeps_going() {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let mut config = test_config(&mt.uri());
    config.limits.max_article_bytes = 4096;
    let worker = TestWorker::start(&config).await;
    let (_connection, channel) = test_channel().await;

    let too_large = format!(r#"{{"id":"big","body":"{}"}}"#, "Kata. ".repeat(1000));
    let bad: Vec<(Vec<u8>, &str)> = vec![
        (b"this is not json".to_vec(), "invalid_json"),
        (b"{\"id\":\"x\",\"body\":\"Teks \xff.\"}".to_vec(), "invalid_json"),
        (b"[\"an\", \"array\"]".to_vec(), "invalid_article"),
        (br#"{"body":"Tanpa id."}"#.to_vec(), "invalid_article"),
        (br#"{"id":"","body":"Id kosong."}"#.to_vec(), "invalid_article"),
        (br#"{"id":"no-body"}"#.to_vec(), "invalid_article"),
        (br#"{"id":"empty-body","body":"   "}"#.to_vec(), "invalid_article"),
        (br#"{"id":42,"body":"Id angka."}"#.to_vec(), "invalid_article"),
        (
            br#"{"id":"wrong-body","body":{"text":"x"}}"#.to_vec(),
            "invalid_article",
        ),
        (too_large.into_bytes(), "too_large"),
        (
            br#"{"id":"french","body":"Bonjour.","lang":"fr"}"#.to_vec(),
            "unsupported_language",
        ),
    ];
    for (payload, _) in &bad {
        publish_raw(&channel, &config, payload).await;
    }
    publish_raw(&channel, &config, br#"{"id":"good","body":"Artikel yang baik."}"#).await;

    let failed = take(&channel, &config.topology.dead_letter_queue, bad.len(), WAIT).await;
    assert_eq!(failed.len(), bad.len());
    for (payload, kind) in &bad {
        let filed = failed
            .iter()
            .find(|message| &message.delivery.data == payload)
            .expect("each bad message is filed as it came");
        assert_eq!(header(filed, "x-alih-error-kind").as_deref(), Some(*kind));
        assert!(header(filed, "x-alih-error").is_some_and(|error| !error.is_empty()));
        assert_eq!(header(filed, "x-alih-attempts").as_deref(), Some("1"));
        let first_failed_at = header(filed, "x-alih-first-failed-at").expect("first failure time");
        assert!(
            chrono::DateTime::parse_from_rfc3339(&first_failed_at).is_ok(),
            "{first_failed_at}"
        );
    }
    let records = take(&channel, &config.topology.output_queue, 1, WAIT).await;
    assert_eq!(records.len(), 1, "the worker kept going after the bad input");
    assert!(!worker.handle.is_finished());
    worker.stop().await.expect("clean stop");
    assert_eq!(depth(&channel, &config.topology.input_queue).await, 0);
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn a_transient_mt_failure_waits_in_a_retry_queue_and_then_succeeds() {
    let mt = libretranslate_503_once().await;
    let config = test_config(&mt.uri());
    let worker = TestWorker::start(&config).await;
    let (_connection, channel) = test_channel().await;

    publish_raw(&channel, &config, br#"{"id":"flaky","body":"Satu kalimat."}"#).await;
    let records = take(&channel, &config.topology.output_queue, 1, WAIT).await;
    assert_eq!(records.len(), 1);
    let record: serde_json::Value = serde_json::from_slice(&records[0].delivery.data).unwrap();
    assert_valid_record(&record);
    assert_eq!(record["attempt"], 2, "the second attempt produced the record");
    worker.stop().await.expect("clean stop");
    assert_eq!(depth(&channel, &config.topology.dead_letter_queue).await, 0);
    assert_eq!(depth(&channel, &config.topology.input_queue).await, 0);
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn an_mt_outage_past_the_last_retry_delay_is_filed_as_mt_exhausted() {
    let mt = MockServer::start().await;
    Mock::given(matchers::method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_json(serde_json::json!({"error": "model crashed"})))
        .mount(&mt)
        .await;
    let config = test_config(&mt.uri());
    let worker = TestWorker::start(&config).await;
    let (_connection, channel) = test_channel().await;

    publish_raw(&channel, &config, br#"{"id":"doomed","body":"Satu kalimat."}"#).await;
    let failed = take(&channel, &config.topology.dead_letter_queue, 1, WAIT).await;
    assert_eq!(failed.len(), 1);
    assert_eq!(header(&failed[0], "x-alih-error-kind").as_deref(), Some("mt_exhausted"));
    let attempts = config.retry.delays.len() + 1;
    assert_eq!(header(&failed[0], "x-alih-attempts"), Some(attempts.to_string()));
    assert!(
        header(&failed[0], "x-alih-error").unwrap().contains("model crashed"),
        "the provider's own words are kept"
    );
    assert_eq!(header(&failed[0], "x-alih-article-id").as_deref(), Some("doomed"));
    assert_eq!(mt.received_requests().await.unwrap().len(), attempts);
    worker.stop().await.expect("clean stop");
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn an_article_rejected_with_400_lands_in_the_failed_queue_at_once() {
    let mt = MockServer::start().await;
    Mock::given(matchers::method("POST"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(serde_json::json!({"error": "Invalid request: request (2) exceeds text limit (1)"})),
        )
        .mount(&mt)
        .await;
    let config = test_config(&mt.uri());
    let worker = TestWorker::start(&config).await;
    let (_connection, channel) = test_channel().await;

    publish_raw(&channel, &config, br#"{"id":"rejected","body":"Satu kalimat."}"#).await;
    let failed = take(&channel, &config.topology.dead_letter_queue, 1, WAIT).await;
    assert_eq!(failed.len(), 1);
    assert_eq!(header(&failed[0], "x-alih-error-kind").as_deref(), Some("mt_rejected"));
    assert_eq!(header(&failed[0], "x-alih-attempts").as_deref(), Some("1"));
    assert_eq!(
        mt.received_requests().await.unwrap().len(),
        1,
        "a permanent error is not retried"
    );
    worker.stop().await.expect("clean stop");
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn several_workers_on_one_queue_share_the_articles_without_duplicates() {
    let mt = libretranslate_echo(Duration::from_millis(20)).await;
    let config = test_config(&mt.uri());
    let first = TestWorker::start(&config).await;
    let second = TestWorker::start(&config).await;
    let (_connection, channel) = test_channel().await;

    let total = 40;
    for index in 0..total {
        publish_raw(
            &channel,
            &config,
            format!(r#"{{"id":"a{index}","body":"Kalimat nomor {index}."}}"#).as_bytes(),
        )
        .await;
    }
    let records = take(&channel, &config.topology.output_queue, total, WAIT).await;
    let mut ids: Vec<String> = records
        .iter()
        .map(|message| {
            let record = serde_json::from_slice::<serde_json::Value>(&message.delivery.data).unwrap();
            assert_valid_record(&record);
            record["article_id"].to_string()
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total);
    first.stop().await.expect("clean stop");
    second.stop().await.expect("clean stop");
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn an_article_that_makes_alih_panic_is_filed_as_internal_and_the_worker_goes_on() {
    let config = test_config("http://127.0.0.1:9");
    let provider = alih::mt::fake::FakeProvider::from_fn(|batch| {
        assert!(
            !batch.texts.iter().any(|text| text.contains("BOOM")),
            "a bug met this sentence"
        );
        Ok(batch.texts.iter().map(|text| text.to_string()).collect())
    });
    let translator = alih::mt::Translator::with_providers(vec![Box::new(provider)], &config.mt);
    let worker = TestWorker::start_with(&config, translator).await;
    let (_connection, channel) = test_channel().await;

    publish_raw(&channel, &config, br#"{"id":"bomb","body":"Kalimat BOOM."}"#).await;
    publish_raw(&channel, &config, br#"{"id":"fine","body":"Kalimat biasa."}"#).await;
    let failed = take(&channel, &config.topology.dead_letter_queue, 1, WAIT).await;
    assert_eq!(failed.len(), 1);
    assert_eq!(header(&failed[0], "x-alih-error-kind").as_deref(), Some("internal"));
    assert!(
        header(&failed[0], "x-alih-error")
            .unwrap()
            .contains("a bug met this sentence")
    );
    assert_eq!(take(&channel, &config.topology.output_queue, 1, WAIT).await.len(), 1);
    worker.stop().await.expect("clean stop");
    assert_eq!(
        depth(&channel, &config.topology.input_queue).await,
        0,
        "nothing is left unacked"
    );
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn with_output_file_set_each_published_record_is_also_a_line_in_the_day_file() {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let mut config = test_config(&mt.uri());
    let dir = tempfile::tempdir().unwrap();
    let pattern = dir.path().join("records-{date}-{worker}.jsonl");
    config.output.file = Some(pattern.to_str().unwrap().to_owned());
    let worker = TestWorker::start(&config).await;
    let (_connection, channel) = test_channel().await;

    publish_raw(&channel, &config, &sample_article()).await;
    publish_raw(
        &channel,
        &config,
        br#"{"id":"second","body":"Dua kalimat. Ini yang kedua."}"#,
    )
    .await;
    let records = take(&channel, &config.topology.output_queue, 2, WAIT).await;
    assert_eq!(records.len(), 2);
    // Stopping waits for in-flight articles, whose lines are written before their ack.
    worker.stop().await.expect("clean stop");

    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "one file for one worker and day: {files:?}");
    let name = files[0].file_name().unwrap().to_str().unwrap().to_owned();
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    assert!(name.starts_with(&format!("records-{today}-")), "{name}");
    assert!(name.ends_with(&format!("-{}.jsonl", std::process::id())), "{name}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let mut from_file: Vec<serde_json::Value> = text.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    let mut from_queue: Vec<serde_json::Value> = records
        .iter()
        .map(|message| serde_json::from_slice(&message.delivery.data).unwrap())
        .collect();
    for list in [&mut from_file, &mut from_queue] {
        list.sort_by_key(|record| record["article_id"].to_string());
    }
    assert_eq!(from_file, from_queue, "the file holds exactly what was published");
    for record in &from_file {
        assert_valid_record(record);
    }
}
