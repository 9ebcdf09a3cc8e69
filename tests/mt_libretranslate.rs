//! LibreTranslate through a wiremock double of its documented protocol:
//! `POST /translate`, JSON body with `q` as an array, `{"error": …}` bodies.

use std::time::Duration;

use alih::contract::ErrorKind;
use alih::mt::{EndpointConfig, MtConfig, MtError, TranslateRequest, Translator};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn translator(server: &MockServer, tune: impl FnOnce(&mut MtConfig)) -> Translator {
    let mut config = MtConfig {
        provider: "libretranslate".into(),
        endpoint: EndpointConfig {
            url: Some(server.uri()),
            ..EndpointConfig::default()
        },
        retries: 0,
        ..MtConfig::default()
    };
    tune(&mut config);
    Translator::from_config(&config).unwrap()
}

async fn translate(translator: &Translator, sentences: &[&str]) -> Result<alih::mt::Translation, MtError> {
    translator
        .translate(&TranslateRequest {
            sentences,
            source_lang: "id",
            target_lang: "en",
        })
        .await
}

async fn answering(status: u16, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/translate"))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn sentences_travel_as_a_json_array_and_come_back_in_order() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/translate"))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"q": ["Saya makan.", "Dia tidur."], "source": "id", "target": "en", "format": "text"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"translatedText": ["I eat.", "He sleeps."]})))
        .expect(1)
        .mount(&server)
        .await;
    let translation = translate(&translator(&server, |_| {}), &["Saya makan.", "Dia tidur."])
        .await
        .unwrap();
    assert_eq!(translation.targets, ["I eat.", "He sleeps."]);
    assert_eq!(
        (
            translation.provider.as_str(),
            translation.requests,
            translation.characters
        ),
        ("libretranslate", 1, 21)
    );
}

#[tokio::test]
async fn the_api_key_travels_in_the_body() {
    let server = MockServer::start().await;
    Mock::given(body_json(
        json!({"q": ["Halo"], "source": "id", "target": "en", "format": "text", "api_key": "lt-key"}),
    ))
    .respond_with(ResponseTemplate::new(200).set_body_json(json!({"translatedText": ["Hello"]})))
    .expect(1)
    .mount(&server)
    .await;
    let translator = translator(&server, |config| config.endpoint.api_key = Some("lt-key".into()));
    assert_eq!(translate(&translator, &["Halo"]).await.unwrap().targets, ["Hello"]);
}

#[tokio::test]
async fn batches_stay_within_the_configured_batch_size() {
    let server = MockServer::start().await;
    Mock::given(path("/translate"))
        .respond_with(|request: &wiremock::Request| {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
            let texts = body["q"].as_array().unwrap().clone();
            let status = if texts.len() > 2 { 400 } else { 200 };
            ResponseTemplate::new(status).set_body_json(json!({"translatedText": texts}))
        })
        .expect(3)
        .mount(&server)
        .await;
    let translator = translator(&server, |config| config.endpoint.batch_size = Some(2));
    let translation = translate(&translator, &["a", "b", "c", "d", "e"]).await.unwrap();
    assert_eq!((translation.targets.len(), translation.requests), (5, 3));
}

#[tokio::test]
async fn a_400_is_rejected_and_quotes_the_servers_error() {
    let server = answering(
        400,
        json!({"error": "Invalid request: request (60) exceeds text limit (50)"}),
    )
    .await;
    let error = translate(&translator(&server, |_| {}), &["Halo"]).await.unwrap_err();
    assert_eq!(error.error_kind(), ErrorKind::MtRejected);
    assert!(error.to_string().contains("exceeds text limit (50)"), "{error}");
}

#[tokio::test]
async fn an_unsupported_language_is_reported_as_such() {
    let server = answering(400, json!({"error": "xx is not supported"})).await;
    let error = translate(&translator(&server, |_| {}), &["Halo"]).await.unwrap_err();
    assert_eq!(error.error_kind(), ErrorKind::UnsupportedLanguage);
}

#[tokio::test]
async fn an_invalid_api_key_is_rejected() {
    let server = answering(403, json!({"error": "Invalid API key"})).await;
    let error = translate(&translator(&server, |_| {}), &["Halo"]).await.unwrap_err();
    assert!(!error.is_transient());
    assert!(error.to_string().contains("Invalid API key"), "{error}");
}

#[tokio::test]
async fn a_429_slowdown_is_transient_without_a_retry_after() {
    let server = answering(429, json!({"error": "Slowdown: 20 per 1 minute"})).await;
    let error = translate(&translator(&server, |_| {}), &["Halo"]).await.unwrap_err();
    assert!(error.is_transient());
    assert_eq!(
        (error.retry_after(), error.error_kind()),
        (None, ErrorKind::MtExhausted)
    );
}

#[tokio::test]
async fn a_500_html_page_is_transient_and_quoted() {
    let server = MockServer::start().await;
    Mock::given(path("/translate"))
        .respond_with(ResponseTemplate::new(500).set_body_string("<h1>Internal Server Error</h1>"))
        .mount(&server)
        .await;
    let error = translate(&translator(&server, |_| {}), &["Halo"]).await.unwrap_err();
    assert!(error.is_transient());
    assert!(error.to_string().contains("Internal Server Error"), "{error}");
}

#[tokio::test]
async fn a_string_where_the_array_belongs_is_malformed() {
    let server = answering(200, json!({"translatedText": "Hello"})).await;
    let error = translate(&translator(&server, |_| {}), &["Halo"]).await.unwrap_err();
    assert!(matches!(error, MtError::Malformed { .. }), "{error}");
}

#[tokio::test]
async fn an_answer_with_the_wrong_count_is_rejected() {
    let server = answering(200, json!({"translatedText": ["Hello"]})).await;
    let error = translate(&translator(&server, |_| {}), &["Halo", "Dunia"])
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            MtError::WrongCount {
                sent: 2,
                received: 1,
                ..
            }
        ),
        "{error}"
    );
}

#[tokio::test]
async fn a_server_slower_than_the_timeout_times_out_transiently() {
    let server = MockServer::start().await;
    Mock::given(path("/translate"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"translatedText": ["Hello"]}))
                .set_delay(Duration::from_secs(10)),
        )
        .mount(&server)
        .await;
    let translator = translator(&server, |config| config.timeout = Duration::from_millis(100));
    let error = translate(&translator, &["Halo"]).await.unwrap_err();
    assert!(
        matches!(error, MtError::Timeout { .. }) && error.is_transient(),
        "{error}"
    );
}

#[tokio::test]
async fn a_server_that_is_not_listening_is_a_transient_connect_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = MtConfig {
        endpoint: EndpointConfig {
            url: Some(format!("http://127.0.0.1:{port}")),
            ..EndpointConfig::default()
        },
        retries: 0,
        ..MtConfig::default()
    };
    let error = translate(&Translator::from_config(&config).unwrap(), &["Halo"])
        .await
        .unwrap_err();
    assert!(
        matches!(error, MtError::Connect { .. }) && error.is_transient(),
        "{error}"
    );
}

#[tokio::test]
async fn protected_numbers_travel_as_html_with_translate_no() {
    let server = MockServer::start().await;
    Mock::given(body_json(json!({"q": ["hingga <span translate=\"no\">12,000</span> tentara"], "source": "id", "target": "en", "format": "html"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"translatedText": ["up to <span translate=\"no\">12,000</span> soldiers"]})))
        .expect(1)
        .mount(&server)
        .await;
    let spans = [alih::mt::ProtectedSpan {
        start: 7,
        end: 13,
        replacement: "12,000".into(),
    }];
    let request = alih::mt::ProtectedRequest {
        sentence: "hingga 12.000 tentara",
        spans: &spans,
        source_lang: "id",
        target_lang: "en",
    };
    let translation = translator(&server, |_| {}).translate_protected(&request).await.unwrap();
    assert_eq!(
        (translation.target.as_str(), translation.spans_kept),
        ("up to 12,000 soldiers", true)
    );
}
