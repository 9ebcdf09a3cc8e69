//! Shared helpers of the provider tests: a translator pointed at a wiremock
//! double, and a table-driven check of how error answers are classified.

#![allow(dead_code)] // each test file uses its own subset

use std::time::Duration;

use alih::contract::ErrorKind;
use alih::mt::{EndpointConfig, MtConfig, MtError, TranslateRequest, Translation, Translator};
use secrecy::ExposeSecret;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A config for `provider` at the double, with key `test-key`, no retries and no cache.
pub fn config(provider: &str, server: &MockServer) -> MtConfig {
    MtConfig {
        provider: provider.into(),
        endpoint: EndpointConfig {
            url: Some(server.uri()),
            api_key: Some("test-key".into()),
            ..EndpointConfig::default()
        },
        retries: 0,
        cache_size: 0,
        ..MtConfig::default()
    }
}

/// Translates Indonesian sentences to English.
pub async fn translate(translator: &Translator, sentences: &[&str]) -> Result<Translation, MtError> {
    translator
        .translate(&TranslateRequest {
            sentences,
            source_lang: "id",
            target_lang: "en",
        })
        .await
}

/// One error answer and what alih must make of it.
pub struct ErrorCase {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<&'static str>,
    pub kind: ErrorKind,
    pub transient: bool,
    /// Text of the provider's that the error message must quote.
    pub quoted: &'static str,
}

/// Answers `POST path` with each case in turn and checks the classification.
pub async fn check_errors(provider: &str, at: &str, cases: &[ErrorCase]) {
    check_errors_with(|server| config(provider, server), at, cases).await;
}

/// [`check_errors`] with a config of the caller's (built around the double).
pub async fn check_errors_with(configure: impl Fn(&MockServer) -> MtConfig, at: &str, cases: &[ErrorCase]) {
    for case in cases {
        let server = MockServer::start().await;
        let mut answer = ResponseTemplate::new(case.status).set_body_raw(case.body.clone(), "application/json");
        if let Some(retry_after) = case.retry_after {
            answer = answer.insert_header("retry-after", retry_after);
        }
        Mock::given(method("POST"))
            .and(path(at))
            .respond_with(answer)
            .expect(1)
            .mount(&server)
            .await;
        let config = configure(&server);
        let provider = config.provider.clone();
        let translator = Translator::from_config(&config).unwrap();
        let error = translate(&translator, &["Halo."]).await.unwrap_err();
        let context = format!("{provider} HTTP {} {}: {error}", case.status, case.body);
        assert_eq!(
            (error.error_kind(), error.is_transient()),
            (case.kind, case.transient),
            "{context}"
        );
        assert!(error.to_string().contains(case.quoted), "{context}");
        if let Some(key) = &config.endpoint.api_key {
            assert!(
                !error.to_string().contains(key.expose_secret()),
                "the key leaked: {context}"
            );
        }
        let expected_wait = case
            .retry_after
            .and_then(|seconds| seconds.parse().ok())
            .map(Duration::from_secs);
        assert_eq!(error.retry_after(), expected_wait, "{context}");
    }
}

/// `status`, `body`, kind (its wire string, as the tables read best) and
/// transience: most cases have no `Retry-After`.
pub fn case(status: u16, body: impl Into<String>, kind: &str, transient: bool, quoted: &'static str) -> ErrorCase {
    ErrorCase {
        status,
        body: body.into(),
        retry_after: None,
        kind: kind.parse().unwrap_or_else(|error| panic!("case table: {error}")),
        transient,
        quoted,
    }
}

/// Checks that an answer slower than `mt.timeout` is a transient timeout.
pub async fn check_timeout(configure: impl Fn(&MockServer) -> MtConfig, at: &str) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let mut config = configure(&server);
    config.timeout = Duration::from_millis(100);
    let error = translate(&Translator::from_config(&config).unwrap(), &["Halo."])
        .await
        .unwrap_err();
    assert!(
        matches!(error, MtError::Timeout { .. }) && error.is_transient(),
        "{error}"
    );
    assert_eq!(error.error_kind(), ErrorKind::MtExhausted);
}
