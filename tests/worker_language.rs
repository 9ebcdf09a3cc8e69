//! The worker against a real RabbitMQ for the language checks and LLM
//! answers: a body not in Indonesian is refused, an untranslated answer and
//! an unusable LLM answer are retried through the wait queues before they
//! are filed as `mt_exhausted`.

mod common;

use std::time::Duration;

use alih::config::Config;
use common::*;
use lapin::message::BasicGetMessage;
use wiremock::{Mock, MockServer, ResponseTemplate, matchers};

const WAIT: Duration = Duration::from_secs(20);

fn openai_config(mt: &MockServer) -> Config {
    let mut config = test_config(&format!("{}/v1", mt.uri()));
    config.mt.provider = "openai".into();
    config.mt.endpoint.model = Some("qwen2.5-7b".into());
    config.mt.check_target_language = true;
    config
}

fn completion(content: &str) -> serde_json::Value {
    serde_json::json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]})
}

/// Runs a worker until `article` is filed; the connection is returned to keep the channel open.
async fn failed_one(config: &Config, article: &[u8]) -> (lapin::Connection, lapin::Channel, Vec<BasicGetMessage>) {
    let worker = TestWorker::start(config).await;
    let (connection, channel) = test_channel().await;
    publish_raw(&channel, config, article).await;
    let failed = take(&channel, &config.topology.dead_letter_queue, 1, WAIT).await;
    worker.stop().await.expect("clean stop");
    (connection, channel, failed)
}

#[tokio::test]
async fn an_english_article_labelled_indonesian_is_refused_with_what_was_detected() {
    let mt = MockServer::start().await;
    let config = openai_config(&mt);
    let body = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/language/english.txt"
    ))
    .unwrap();
    let article = serde_json::json!({"id": "english", "lang": "id-ID", "body": body}).to_string();
    let (_connection, channel, failed) = failed_one(&config, article.as_bytes()).await;
    assert_eq!(failed.len(), 1);
    assert_eq!(
        header(&failed[0], "x-alih-error-kind").as_deref(),
        Some("unsupported_language")
    );
    let error = header(&failed[0], "x-alih-error").unwrap();
    assert!(error.contains("English (en, confidence 1.00)"), "{error}");
    assert!(
        mt.received_requests().await.unwrap().is_empty(),
        "nothing was sent to translate"
    );
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn an_llm_answer_that_stays_unusable_is_retried_inside_the_request_and_through_the_queues() {
    let mt = MockServer::start().await;
    Mock::given(matchers::method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(completion("Sorry, as a language model I will summarise instead.")),
        )
        .mount(&mt)
        .await;
    let mut config = openai_config(&mt);
    config.mt.retries = 1;
    config.mt.max_retry_wait = Duration::from_millis(20);
    let (_connection, channel, failed) = failed_one(&config, br#"{"id":"llm","body":"Satu kalimat."}"#).await;
    assert_eq!(header(&failed[0], "x-alih-error-kind").as_deref(), Some("mt_exhausted"));
    let attempts = config.retry.delays.len() + 1;
    assert_eq!(header(&failed[0], "x-alih-attempts"), Some(attempts.to_string()));
    let error = header(&failed[0], "x-alih-error").unwrap();
    assert!(
        error.contains("the answer begins \"Sorry, as a language model"),
        "{error}"
    );
    assert_eq!(
        mt.received_requests().await.unwrap().len(),
        attempts * 2,
        "two tries per attempt"
    );
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn an_article_that_comes_back_untranslated_every_time_is_filed_as_mt_exhausted() {
    let mt = MockServer::start().await;
    let echo = |request: &wiremock::Request| {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        let user: serde_json::Value = serde_json::from_str(body["messages"][1]["content"].as_str().unwrap()).unwrap();
        let items: Vec<serde_json::Value> = user["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| serde_json::json!({"id": item["id"], "translation": item["text"]}))
            .collect();
        ResponseTemplate::new(200).set_body_json(completion(&serde_json::json!({"items": items}).to_string()))
    };
    Mock::given(matchers::method("POST"))
        .respond_with(echo)
        .mount(&mt)
        .await;
    let config = openai_config(&mt);
    let body = "Pemerintah mengalokasikan anggaran untuk program bantuan sosial tersebut.";
    let article = serde_json::json!({"id": "echoed", "body": body}).to_string();
    let (_connection, channel, failed) = failed_one(&config, article.as_bytes()).await;
    assert_eq!(header(&failed[0], "x-alih-error-kind").as_deref(), Some("mt_exhausted"));
    let error = header(&failed[0], "x-alih-error").unwrap();
    assert!(error.contains("came back untranslated"), "{error}");
    let attempts = config.retry.delays.len() + 1;
    assert_eq!(
        mt.received_requests().await.unwrap().len(),
        attempts,
        "each retry reached the engine, not the cache"
    );
    cleanup(&channel, &config).await;
}
