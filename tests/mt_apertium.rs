//! Apertium APy: the real server (Indonesian → Malay) and a wiremock double
//! for what a healthy server does not do on demand (truncation, errors).
//!
//! The real-server tests read `APY_URL` (default `http://127.0.0.1:2737`).
//! When it is unreachable they skip with a printed reason, unless
//! `ALIH_REQUIRE_APY` is set (CI sets it), in which case they fail.

use std::time::Duration;

use alih::contract::ErrorKind;
use alih::mt::{EndpointConfig, MtConfig, MtError, TranslateRequest, Translation, Translator};
use serde_json::json;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use alih::mt::{ProtectedRequest, ProtectedSpan};

fn translator_at(url: &str) -> Translator {
    let config = MtConfig {
        provider: "apertium".into(),
        endpoint: EndpointConfig {
            url: Some(url.into()),
            ..EndpointConfig::default()
        },
        retries: 0,
        cache_size: 0,
        ..MtConfig::default()
    };
    Translator::from_config(&config).unwrap()
}

async fn to_malay(translator: &Translator, sentences: &[&str]) -> Result<Translation, MtError> {
    translator
        .translate(&TranslateRequest {
            sentences,
            source_lang: "id",
            target_lang: "ms",
        })
        .await
}

/// The real APy, or `None` (with the reason printed) when it is down and not required.
async fn real_apy() -> Option<Translator> {
    let url = std::env::var("APY_URL").unwrap_or_else(|_| "http://127.0.0.1:2737".into());
    let probe = reqwest::Client::new()
        .get(format!("{url}/listPairs"))
        .timeout(Duration::from_secs(5))
        .send()
        .await;
    let problem = match probe {
        Ok(response) if response.status().is_success() => return Some(translator_at(&url)),
        Ok(response) => format!("it answered HTTP {}", response.status()),
        Err(error) => format!(
            "{error}: {}",
            std::error::Error::source(&error)
                .map(ToString::to_string)
                .unwrap_or_default()
        ),
    };
    let required = std::env::var("ALIH_REQUIRE_APY").is_ok_and(|value| !value.is_empty() && value != "0");
    assert!(
        !required,
        "ALIH_REQUIRE_APY is set but APy at {url} is not usable: {problem}"
    );
    eprintln!(
        "skipping: APy at {url} is not reachable ({problem}); start it (notes §6.1), set APY_URL, or set ALIH_REQUIRE_APY=1 to fail instead"
    );
    None
}

#[tokio::test]
async fn the_real_apy_translates_indonesian_to_malay_sentence_by_sentence() {
    let Some(translator) = real_apy().await else { return };
    let sentences = [
        "Pekan lalu, dinas intelijen Korea Selatan melaporkan bahwa Pyongyang bermaksud menyediakan hingga 12.000 tentara.",
        "“Sejauh ini hanya ada sedikit informasi nyata,” kata Nico Lange.",
        "Dia pergi ke pasar.",
    ];
    let translation = to_malay(&translator, &sentences).await.unwrap();
    assert_eq!(translation.targets.len(), 3);
    assert!(
        translation.targets[0].contains("bahawa") && translation.targets[0].contains("12.000"),
        "{:?}",
        translation.targets
    );
    assert!(
        translation.targets[1].starts_with("“Setakat ini"),
        "{:?}",
        translation.targets
    );
    assert!(
        !translation.targets.iter().any(|target| target.contains('*')),
        "markUnknown=no leaves no '*': {:?}",
        translation.targets
    );
    assert_eq!((translation.provider.as_str(), translation.requests), ("apertium", 1));
}

#[tokio::test]
async fn a_long_article_is_split_into_requests_apy_does_not_truncate() {
    let Some(translator) = real_apy().await else { return };
    let sentence = "Pekan lalu, dinas intelijen NIS Korea Selatan melaporkan bahwa Pyongyang bermaksud menyediakan hingga 12.000 tentara untuk perang.";
    let sentences: Vec<String> = (0..400).map(|index| format!("{index}. {sentence}")).collect();
    let sentences: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let translation = to_malay(&translator, &sentences).await.unwrap();
    assert_eq!(translation.targets.len(), 400);
    assert!(
        translation.requests > 10,
        "{} requests for {} characters",
        translation.requests,
        translation.characters
    );
    assert!(
        translation.targets[399].starts_with("399. ") && translation.targets[399].ends_with("perang."),
        "{}",
        translation.targets[399]
    );
}

#[tokio::test]
async fn a_pair_apy_has_not_installed_is_an_unsupported_language() {
    let Some(translator) = real_apy().await else { return };
    let request = TranslateRequest {
        sentences: &["Dia pergi ke pasar."],
        source_lang: "id",
        target_lang: "en",
    };
    let error = translator.translate(&request).await.unwrap_err();
    assert_eq!(error.error_kind(), ErrorKind::UnsupportedLanguage, "{error}");
    assert!(error.to_string().contains("That pair is not installed"), "{error}");
}

#[tokio::test]
async fn the_request_is_form_encoded_with_apy_codes_and_marks_off() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/translate"))
        .and(body_string_contains("langpair=ind%7Czlm"))
        .and(body_string_contains("markUnknown=no"))
        .and(body_string_contains("q=satu%0Adua+tiga"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"responseData": {"translatedText": "satu\ndua tiga"}, "responseDetails": null, "responseStatus": 200})))
        .expect(1)
        .mount(&server)
        .await;
    let translation = to_malay(&translator_at(&server.uri()), &["satu", "dua\ntiga"])
        .await
        .unwrap();
    assert_eq!(translation.targets, ["satu", "dua tiga"]);
}

#[tokio::test]
async fn a_truncated_answer_is_caught_by_the_line_count() {
    let server = MockServer::start().await;
    Mock::given(path("/translate"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"responseData": {"translatedText": "satu\ndu"}, "responseDetails": null, "responseStatus": 200}),
        ))
        .mount(&server)
        .await;
    let error = to_malay(&translator_at(&server.uri()), &["satu", "dua", "tiga"])
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            MtError::WrongCount {
                sent: 3,
                received: 2,
                ..
            }
        ),
        "{error}"
    );
}

#[tokio::test]
async fn a_sentence_too_long_for_one_apy_request_is_not_sent() {
    let server = MockServer::start().await;
    Mock::given(path("/translate"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let huge = "kata ".repeat(2_000);
    let error = to_malay(&translator_at(&server.uri()), &[&huge]).await.unwrap_err();
    assert!(
        matches!(error, MtError::TooLong { .. }) && error.error_kind() == ErrorKind::MtRejected,
        "{error}"
    );
}

#[tokio::test]
async fn a_503_pipeline_timeout_is_transient() {
    let server = MockServer::start().await;
    let body =
        json!({"status": "error", "code": 503, "message": "Service Unavailable", "explanation": "internal error"});
    Mock::given(path("/translate"))
        .respond_with(ResponseTemplate::new(503).set_body_json(body))
        .mount(&server)
        .await;
    let error = to_malay(&translator_at(&server.uri()), &["satu"]).await.unwrap_err();
    assert!(error.is_transient(), "{error}");
    assert!(error.to_string().contains("internal error"), "{error}");
}

#[tokio::test]
async fn the_real_apy_copies_placeholders_through_so_protected_numbers_survive() {
    let Some(translator) = real_apy().await else { return };
    let spans = [ProtectedSpan {
        start: 24,
        end: 30,
        replacement: "12,000".into(),
    }];
    let request = ProtectedRequest {
        sentence: "Pyongyang akan mengirim 12.000 tentara ke Rusia.",
        spans: &spans,
        source_lang: "id",
        target_lang: "ms",
    };
    let translation = translator.translate_protected(&request).await.unwrap();
    assert!(translation.spans_kept, "{translation:?}");
    assert!(translation.target.contains("12,000 tentera"), "{}", translation.target);
}
