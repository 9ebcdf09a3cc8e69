//! OpenAI-compatible chat completions through a wiremock double: bearer
//! auth, sentences as a JSON array with ids, a JSON schema, and a reply that
//! is only trusted when it is exactly the JSON asked for.

mod mt_support;

use alih::mt::{MtConfig, Translator};
use mt_support::{case, check_errors_with, check_timeout, config, translate};
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn completion(content: &str, finish_reason: &str) -> Value {
    json!({"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "qwen2.5-7b",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}})
}

/// A model's refusal as OpenAI sends it: no content, the reason in `refusal`.
fn refusal(reason: &str) -> String {
    json!({"id": "chatcmpl-2", "object": "chat.completion", "created": 1, "model": "gpt-4o",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": null, "refusal": reason}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}})
    .to_string()
}

/// Reads the items the translator sent and answers each upper-cased.
fn llm_double(request: &Request) -> ResponseTemplate {
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    let user: Value = serde_json::from_str(body["messages"][1]["content"].as_str().unwrap()).unwrap();
    let items: Vec<Value> = user["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| json!({"id": item["id"], "translation": item["text"].as_str().unwrap().to_uppercase()}))
        .collect();
    ResponseTemplate::new(200).set_body_json(completion(&json!({"items": items}).to_string(), "stop"))
}

fn self_hosted(server: &MockServer) -> MtConfig {
    let mut config = config("openai", server);
    config.endpoint.url = Some(format!("{}/v1", server.uri()));
    config.endpoint.model = Some("qwen2.5-7b".into());
    config
}

#[tokio::test]
async fn sentences_go_as_a_json_array_with_ids_to_chat_completions() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(header("authorization", "Bearer test-key"))
        .and(body_partial_json(
            json!({"model": "qwen2.5-7b", "temperature": 0, "stream": false,
            "response_format": {"type": "json_schema", "json_schema": {"name": "translations", "strict": true}}}),
        ))
        .respond_with(llm_double)
        .expect(1)
        .mount(&server)
        .await;
    let translation = translate(
        &Translator::from_config(&self_hosted(&server)).unwrap(),
        &["Saya makan.", "Dia tidur."],
    )
    .await
    .unwrap();
    assert_eq!(translation.targets, ["SAYA MAKAN.", "DIA TIDUR."]);
    assert_eq!(
        (translation.provider.as_str(), translation.model.as_deref()),
        ("openai", Some("qwen2.5-7b"))
    );
    let sent: Value = serde_json::from_slice(&server.received_requests().await.unwrap()[0].body).unwrap();
    let user: Value = serde_json::from_str(sent["messages"][1]["content"].as_str().unwrap()).unwrap();
    assert_eq!(
        user,
        json!({"source_lang": "id", "target_lang": "en", "items": [{"id": 0, "text": "Saya makan."}, {"id": 1, "text": "Dia tidur."}]})
    );
}

#[tokio::test]
async fn a_self_hosted_server_needs_no_key_but_a_model() {
    let server = MockServer::start().await;
    let mut config = self_hosted(&server);
    config.endpoint.api_key = None;
    assert!(Translator::from_config(&config).is_ok());
    config.endpoint.model = None;
    let message = Translator::from_config(&config).err().unwrap().to_string();
    assert!(
        message.starts_with("mt.model is required for provider openai; set ALIH_MT__MODEL"),
        "{message}"
    );
}

#[tokio::test]
async fn openai_itself_needs_a_key() {
    let config = MtConfig {
        provider: "openai".into(),
        ..MtConfig::default()
    };
    let message = Translator::from_config(&config).err().unwrap().to_string();
    assert!(
        message.starts_with("mt.api_key is required for provider openai"),
        "{message}"
    );
}

#[tokio::test]
async fn replies_that_are_cut_commented_or_short_are_errors_and_http_errors_are_classified() {
    let body = |content: &str, finish: &str| completion(content, finish).to_string();
    let item = r#"{"items":[{"id":0,"translation":"Hello."}]}"#;
    check_errors_with(self_hosted, "/v1/chat/completions", &[
        case(200, body(item, "length"), "mt_exhausted", true, "finish_reason \"length\""),
        case(200, body(&format!("Sure! Here is the translation:\n{item}"), "stop"), "mt_exhausted", true, "the answer begins \"Sure! Here is"),
        case(200, body(r#"{"items":[]}"#, "stop"), "mt_exhausted", true, "0 translations came back for 1 sentences"),
        case(200, body(r#"{"items":[{"id":3,"translation":"Hello."}]}"#, "stop"), "mt_exhausted", true, "ids are not exactly"),
        case(200, refusal("I'm sorry, I can't help with that request."), "mt_rejected", false, "the model refused: I'm sorry, I can't help with that request."),
        case(200, body("", "content_filter"), "mt_rejected", false, "content filter"),
        case(400, r#"{"error":{"message":"'messages' is a required property","type":"invalid_request_error","param":null,"code":null}}"#, "mt_rejected", false, "'messages' is a required property"),
        case(401, r#"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}"#, "mt_rejected", false, "Incorrect API key provided"),
        mt_support::ErrorCase { retry_after: Some("3"), ..case(429, r#"{"error":{"message":"Rate limit reached","type":"rate_limit_error"}}"#, "mt_exhausted", true, "Rate limit reached") },
        case(500, r#"{"error":{"message":"The server had an error","type":"server_error"}}"#, "mt_exhausted", true, "The server had an error"),
        case(503, r#"{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}"#, "mt_exhausted", true, "Loading model"),
        case(200, "{", "mt_exhausted", true, "not a chat completion"),
    ])
    .await;
}

#[tokio::test]
async fn retry_after_ms_is_read_before_retry_after() {
    let server = MockServer::start().await;
    let answer = ResponseTemplate::new(429)
        .insert_header("retry-after-ms", "1500")
        .insert_header("retry-after", "9");
    Mock::given(path("/v1/chat/completions"))
        .respond_with(answer)
        .mount(&server)
        .await;
    let error = translate(&Translator::from_config(&self_hosted(&server)).unwrap(), &["Halo."])
        .await
        .unwrap_err();
    assert_eq!(error.retry_after(), Some(std::time::Duration::from_millis(1500)));
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    check_timeout(self_hosted, "/v1/chat/completions").await;
}

/// The items the request sent, as `(id, text)`.
fn sent_items(request: &Request) -> Vec<(Value, String)> {
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    let user: Value = serde_json::from_str(body["messages"][1]["content"].as_str().unwrap()).unwrap();
    user["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| (item["id"].clone(), item["text"].as_str().unwrap().to_uppercase()))
        .collect()
}

/// A double that answers the way LLMs do: the request's own keys echoed
/// beside `items`, the JSON inside a fenced block, the items in reverse order.
fn chatty_llm(request: &Request) -> ResponseTemplate {
    let items: Vec<Value> = sent_items(request)
        .into_iter()
        .rev()
        .map(|(id, text)| json!({"id": id, "translation": text}))
        .collect();
    let reply = json!({"source_lang": "id", "target_lang": "en", "items": items});
    let content = format!("Here is the translation:\n```json\n{reply:#}\n```");
    ResponseTemplate::new(200).set_body_json(completion(&content, "stop"))
}

#[tokio::test]
async fn an_answer_with_echoed_keys_in_a_code_fence_and_out_of_order_is_used_in_id_order() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/chat/completions"))
        .respond_with(chatty_llm)
        .expect(1)
        .mount(&server)
        .await;
    let translator = Translator::from_config(&self_hosted(&server)).unwrap();
    let translation = translate(&translator, &["Saya makan.", "Dia tidur.", "Kami pulang."])
        .await
        .unwrap();
    assert_eq!(translation.targets, ["SAYA MAKAN.", "DIA TIDUR.", "KAMI PULANG."]);
}

#[tokio::test]
async fn a_bare_array_of_items_is_accepted() {
    let server = MockServer::start().await;
    let bare = |request: &Request| {
        let items: Vec<Value> = sent_items(request)
            .into_iter()
            .map(|(id, text)| json!({"id": id, "translation": text}))
            .collect();
        ResponseTemplate::new(200).set_body_json(completion(&Value::from(items).to_string(), "stop"))
    };
    Mock::given(path("/v1/chat/completions"))
        .respond_with(bare)
        .mount(&server)
        .await;
    let translator = Translator::from_config(&self_hosted(&server)).unwrap();
    assert_eq!(translate(&translator, &["Halo."]).await.unwrap().targets, ["HALO."]);
}

#[tokio::test]
async fn an_answer_one_item_short_is_retried_inside_the_request_and_then_used() {
    let server = MockServer::start().await;
    let short = completion(r#"{"items":[{"id":0,"translation":"I eat."}]}"#, "stop");
    Mock::given(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(short))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1/chat/completions"))
        .respond_with(llm_double)
        .mount(&server)
        .await;
    let mut config = self_hosted(&server);
    config.retries = 2;
    config.max_retry_wait = std::time::Duration::from_millis(10);
    let translation = translate(
        &Translator::from_config(&config).unwrap(),
        &["Saya makan.", "Dia tidur."],
    )
    .await
    .unwrap();
    assert_eq!(translation.targets, ["SAYA MAKAN.", "DIA TIDUR."]);
    assert_eq!(translation.requests, 2, "the short answer, then the retry");
}

#[tokio::test]
async fn an_answer_cut_at_the_length_limit_every_time_is_exhausted_with_its_beginning_quoted() {
    let server = MockServer::start().await;
    let cut = completion(r#"{"items":[{"id":0,"translation":"I ea"#, "length");
    Mock::given(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(cut))
        .expect(3)
        .mount(&server)
        .await;
    let mut config = self_hosted(&server);
    config.retries = 2;
    config.max_retry_wait = std::time::Duration::from_millis(10);
    let error = translate(&Translator::from_config(&config).unwrap(), &["Saya makan."])
        .await
        .unwrap_err();
    assert_eq!(
        (error.error_kind().as_str(), error.is_transient()),
        ("mt_exhausted", true)
    );
    assert!(
        error
            .to_string()
            .contains(r#"the answer begins "{\"items\":[{\"id\":0,\"translation\":\"I ea""#),
        "{error}"
    );
}

#[tokio::test]
async fn a_refusal_is_rejected_without_a_retry() {
    let server = MockServer::start().await;
    let refusal = json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": null,
        "refusal": "I'm sorry, I cannot help with that request."}, "finish_reason": "stop"}]});
    Mock::given(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(refusal))
        .expect(1)
        .mount(&server)
        .await;
    let mut config = self_hosted(&server);
    config.retries = 2;
    let error = translate(&Translator::from_config(&config).unwrap(), &["Saya makan."])
        .await
        .unwrap_err();
    assert_eq!(
        (error.error_kind().as_str(), error.is_transient()),
        ("mt_rejected", false)
    );
}

#[tokio::test]
async fn structured_output_can_be_turned_off_for_a_server_that_rejects_it() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/chat/completions"))
        .respond_with(llm_double)
        .mount(&server)
        .await;
    let mut config = self_hosted(&server);
    config.endpoint.structured_output = Some(false);
    translate(&Translator::from_config(&config).unwrap(), &["Halo."])
        .await
        .unwrap();
    let sent: Value = serde_json::from_slice(&server.received_requests().await.unwrap()[0].body).unwrap();
    assert!(sent.get("response_format").is_none(), "{sent}");
}
