//! DeepL v2 through a wiremock double that checks the request as the docs
//! specify (`/v2/translate`, `DeepL-Auth-Key`, `text` array ≤ 50, `EN-US`)
//! and answers with DeepL's documented success and error bodies.

mod mt_support;

use std::time::Duration;

use alih::mt::{MtError, ProtectedRequest, ProtectedSpan, TranslateRequest, Translator};
use mt_support::{ErrorCase, case, check_errors, config, translate};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// DeepL's documented limits (`../shared/notes/mt-protocols.md` §2.2, §2.5),
/// the double's own: alih's constants must not grade themselves.
const DEEPL_MAX_TEXTS: usize = 50;
const DEEPL_MAX_REQUEST_BYTES: usize = 128 * 1024;

/// Echoes each text upper-cased; refuses what DeepL refuses, the way it
/// does: a missing `DeepL-Auth-Key` with an empty 403, a body over 128 KiB
/// with 413, more than 50 texts with 400, each with DeepL's JSON body.
fn deepl_double(request: &Request) -> ResponseTemplate {
    let authorised = request
        .headers
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("DeepL-Auth-Key "));
    if !authorised {
        return ResponseTemplate::new(403);
    }
    if request.body.len() > DEEPL_MAX_REQUEST_BYTES {
        return ResponseTemplate::new(413).set_body_json(json!({"message": "Request Entity Too Large"}));
    }
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    let texts = body["text"].as_array().unwrap();
    if texts.len() > DEEPL_MAX_TEXTS {
        return ResponseTemplate::new(400).set_body_json(json!({"message": "Too many texts"}));
    }
    let translations: Vec<Value> = texts
        .iter()
        .map(|text| json!({"detected_source_language": "ID", "text": text.as_str().unwrap().to_uppercase()}))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({"translations": translations}))
}

#[tokio::test]
async fn the_request_is_exactly_as_deepl_documents_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .and(header("authorization", "DeepL-Auth-Key test-key"))
        .and(body_json(json!({"text": ["Saya makan.", "Dia tidur."], "source_lang": "ID", "target_lang": "EN-US", "split_sentences": "0"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"translations": [
            {"detected_source_language": "ID", "text": "I eat."}, {"detected_source_language": "ID", "text": "He sleeps."}]})))
        .expect(1)
        .mount(&server)
        .await;
    let translation = translate(
        &Translator::from_config(&config("deepl", &server)).unwrap(),
        &["Saya makan.", "Dia tidur."],
    )
    .await
    .unwrap();
    assert_eq!(translation.targets, ["I eat.", "He sleeps."]);
    assert_eq!((translation.provider.as_str(), translation.characters), ("deepl", 21));
}

#[tokio::test]
async fn british_english_and_the_model_type_are_passed_through() {
    let server = MockServer::start().await;
    Mock::given(body_json(json!({"text": ["Halo."], "source_lang": "ID", "target_lang": "EN-GB", "split_sentences": "0", "model_type": "quality_optimized"})))
        .respond_with(deepl_double)
        .expect(1)
        .mount(&server)
        .await;
    let mut config = config("deepl", &server);
    config.endpoint.model = Some("quality_optimized".into());
    let translator = Translator::from_config(&config).unwrap();
    let request = TranslateRequest {
        sentences: &["Halo."],
        source_lang: "id",
        target_lang: "en-GB",
    };
    let translation = translator.translate(&request).await.unwrap();
    assert_eq!(translation.model.as_deref(), Some("quality_optimized"));
}

#[tokio::test]
async fn more_than_fifty_sentences_go_in_several_requests() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/translate"))
        .respond_with(deepl_double)
        .expect(3)
        .mount(&server)
        .await;
    let sentences: Vec<String> = (0..120).map(|index| format!("kalimat {index}")).collect();
    let sentences: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let translation = translate(&Translator::from_config(&config("deepl", &server)).unwrap(), &sentences)
        .await
        .unwrap();
    assert_eq!((translation.targets.len(), translation.requests), (120, 3));
    assert_eq!(translation.targets[119], "KALIMAT 119");
}

#[tokio::test]
async fn long_sentences_are_split_below_deepls_128_kib_request_cap() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/translate"))
        .respond_with(deepl_double)
        .mount(&server)
        .await;
    // 40 sentences of 5,998 bytes: 239,920 bytes, under 50 texts but
    // nearly twice what one request may carry.
    let sentences: Vec<String> = (0..40)
        .map(|index| format!("{index:02} {}", "kata ".repeat(1199)))
        .collect();
    let sentences: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let translation = translate(&Translator::from_config(&config("deepl", &server)).unwrap(), &sentences)
        .await
        .unwrap();
    assert_eq!(translation.targets.len(), 40);
    let requests = server.received_requests().await.unwrap();
    assert!(
        requests
            .iter()
            .all(|request| request.body.len() <= DEEPL_MAX_REQUEST_BYTES),
        "{:?} bytes",
        requests.iter().map(|request| request.body.len()).collect::<Vec<_>>()
    );
    // 16 sentences (95,968 bytes of text) fit in a request, 17 would not:
    // 16 + 16 + 8.
    assert_eq!((translation.requests, requests.len()), (3, 3));
}

#[tokio::test]
async fn deepls_error_answers_are_classified_and_quoted() {
    check_errors(
        "deepl",
        "/v2/translate",
        &[
            case(
                400,
                r#"{"message":"Value for 'target_lang' not supported."}"#,
                "unsupported_language",
                false,
                "target_lang",
            ),
            case(
                400,
                r#"{"message":"Parameter 'text' not specified"}"#,
                "mt_rejected",
                false,
                "Parameter 'text' not specified",
            ),
            case(403, "", "mt_rejected", false, "check mt.api_key"),
            case(
                413,
                r#"{"message":"Request Entity Too Large"}"#,
                "mt_rejected",
                false,
                "Too Large",
            ),
            case(
                456,
                r#"{"message":"Quota for this billing period has been exceeded."}"#,
                "mt_quota",
                false,
                "Quota for this billing period",
            ),
            case(429, "", "mt_exhausted", true, "(empty body)"),
            case(
                429,
                r#"{"message":"Too many requests. Please wait and resend."}"#,
                "mt_exhausted",
                true,
                "Please wait and resend",
            ),
            case(
                403,
                r#"{"message":"Authorization failure, check auth_key"}"#,
                "mt_rejected",
                false,
                "Authorization failure",
            ),
            ErrorCase {
                retry_after: Some("120"),
                ..case(429, "", "mt_exhausted", true, "HTTP 429")
            },
            case(529, "", "mt_exhausted", true, "HTTP 529"),
            case(500, "", "mt_exhausted", true, "HTTP 500"),
            ErrorCase {
                retry_after: Some("60"),
                ..case(503, "", "mt_exhausted", true, "HTTP 503")
            },
            case(200, r#"{"translations": [{"text": "#, "mt_rejected", false, "EOF"),
            case(
                200,
                r#"{"translations": []}"#,
                "mt_rejected",
                false,
                "returned 0 translations for 1 sentences",
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn a_429_with_retry_after_waits_that_long_before_trying_again() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/translate"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "2"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/v2/translate"))
        .respond_with(deepl_double)
        .mount(&server)
        .await;
    let mut config = config("deepl", &server);
    config.retries = 1;
    let translation = translate(&Translator::from_config(&config).unwrap(), &["Halo."])
        .await
        .unwrap();
    // How long it waited is `endpoint::tests::the_providers_retry_after_replaces_the_backoff`
    // (no clock in this test): here, that a 429 within mt.max_retry_wait
    // is retried in the request, once.
    assert_eq!((translation.targets[0].as_str(), translation.requests), ("HALO.", 2));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_429_without_retry_after_backs_off_and_tries_again() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/translate"))
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(path("/v2/translate"))
        .respond_with(deepl_double)
        .mount(&server)
        .await;
    let mut config = config("deepl", &server);
    config.retries = 2;
    let translation = translate(&Translator::from_config(&config).unwrap(), &["Halo."])
        .await
        .unwrap();
    assert_eq!(translation.requests, 3);
}

#[tokio::test]
async fn a_retry_after_longer_than_mt_max_retry_wait_is_left_to_the_queue() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/translate"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "300"))
        .expect(1)
        .mount(&server)
        .await;
    let mut config = config("deepl", &server);
    config.retries = 3;
    let error = translate(&Translator::from_config(&config).unwrap(), &["Halo."])
        .await
        .unwrap_err();
    assert_eq!(error.retry_after(), Some(Duration::from_secs(300)));
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/translate"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let mut config = config("deepl", &server);
    config.timeout = Duration::from_millis(100);
    let error = translate(&Translator::from_config(&config).unwrap(), &["Halo."])
        .await
        .unwrap_err();
    assert!(matches!(error, MtError::Timeout { .. }), "{error}");
}

#[tokio::test]
async fn protected_numbers_travel_as_ignored_xml_tags() {
    let server = MockServer::start().await;
    Mock::given(body_json(
        json!({"text": ["hingga <keep>12,000</keep> tentara &amp; polisi"], "source_lang": "ID", "target_lang": "EN-US",
        "split_sentences": "0", "tag_handling": "xml", "ignore_tags": ["keep"]}),
    ))
    .respond_with(
        ResponseTemplate::new(200)
            .set_body_json(json!({"translations": [{"text": "up to <keep>12,000</keep> soldiers &amp; police"}]})),
    )
    .expect(1)
    .mount(&server)
    .await;
    let translator = Translator::from_config(&config("deepl", &server)).unwrap();
    let spans = [ProtectedSpan {
        start: 7,
        end: 13,
        replacement: "12,000".into(),
    }];
    let request = ProtectedRequest {
        sentence: "hingga 12.000 tentara & polisi",
        spans: &spans,
        source_lang: "id",
        target_lang: "en",
    };
    let translation = translator.translate_protected(&request).await.unwrap();
    assert_eq!(
        (translation.target.as_str(), translation.spans_kept),
        ("up to 12,000 soldiers & police", true)
    );
}

#[test]
fn deepl_without_a_key_names_the_key_and_its_variable() {
    let config = alih::mt::MtConfig {
        provider: "deepl".into(),
        ..alih::mt::MtConfig::default()
    };
    let message = Translator::from_config(&config).err().unwrap().to_string();
    assert_eq!(
        message,
        "mt.api_key is required for provider deepl; set ALIH_MT__API_KEY"
    );
}
