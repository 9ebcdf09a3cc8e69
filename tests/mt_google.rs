//! Google Translation v2 through a wiremock double: `key` in the query,
//! `format: "text"` always, at most 128 segments, quota as 403.

mod mt_support;

use alih::mt::{ProtectedRequest, ProtectedSpan, Translator};
use mt_support::{case, check_errors, check_timeout, config, translate};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PATH: &str = "/language/translate/v2";

/// Google v2's documented hard limits (`../shared/notes/mt-protocols.md`
/// §3.1), the double's own: at most 128 segments and 100K bytes a request.
const GOOGLE_MAX_SEGMENTS: usize = 128;
const GOOGLE_MAX_REQUEST_BYTES: usize = 100_000;

fn google_error(message: &str) -> ResponseTemplate {
    let error = json!({"error": {"code": 400, "message": message, "errors": [{"message": message, "domain": "global", "reason": "invalid"}]}});
    ResponseTemplate::new(400).set_body_json(error)
}

/// Echoes each text upper-cased; refuses what Google refuses, with its
/// JSON error body.
fn google_double(request: &Request) -> ResponseTemplate {
    if request.body.len() > GOOGLE_MAX_REQUEST_BYTES {
        return google_error("Request payload size exceeds the limit: 100000 bytes.");
    }
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    let texts = body["q"].as_array().unwrap();
    if texts.len() > GOOGLE_MAX_SEGMENTS {
        return google_error("Too many text segments");
    }
    let translations: Vec<Value> = texts
        .iter()
        .map(|text| json!({"translatedText": text.as_str().unwrap().to_uppercase()}))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({"data": {"translations": translations}}))
}

#[tokio::test]
async fn long_sentences_are_split_below_googles_request_size_cap() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(google_double)
        .mount(&server)
        .await;
    // 60 sentences of 4,000 characters, 8,000 bytes each (two-byte é):
    // 480,000 bytes, under 128 segments but several requests' worth.
    let sentences: Vec<String> = (0..60).map(|index| format!("{index:02}{}", "é".repeat(3998))).collect();
    let sentences: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let translation = translate(
        &Translator::from_config(&config("google", &server)).unwrap(),
        &sentences,
    )
    .await
    .unwrap();
    assert_eq!(translation.targets.len(), 60);
    let requests = server.received_requests().await.unwrap();
    assert!(
        requests
            .iter()
            .all(|request| request.body.len() <= GOOGLE_MAX_REQUEST_BYTES),
        "{:?} bytes",
        requests.iter().map(|request| request.body.len()).collect::<Vec<_>>()
    );
    // One sentence a request: two would pass the 5,000 codepoints Google
    // recommends per request.
    assert_eq!((translation.requests, requests.len()), (60, 60));
}

#[tokio::test]
async fn the_key_is_a_query_parameter_and_the_format_is_text() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .and(query_param("key", "test-key"))
        .and(body_json(
            json!({"q": ["Saya lapar.", "Dia tidur."], "source": "id", "target": "en", "format": "text"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"data": {"translations": [{"translatedText": "I'm hungry."}, {"translatedText": "He sleeps."}]}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let translation = translate(
        &Translator::from_config(&config("google", &server)).unwrap(),
        &["Saya lapar.", "Dia tidur."],
    )
    .await
    .unwrap();
    assert_eq!(translation.targets, ["I'm hungry.", "He sleeps."]);
}

#[tokio::test]
async fn requests_stay_within_128_segments() {
    let server = MockServer::start().await;
    Mock::given(path(PATH))
        .respond_with(google_double)
        .expect(3)
        .mount(&server)
        .await;
    let sentences: Vec<String> = (0..300).map(|index| format!("k{index}")).collect();
    let sentences: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let translation = translate(
        &Translator::from_config(&config("google", &server)).unwrap(),
        &sentences,
    )
    .await
    .unwrap();
    assert_eq!((translation.targets.len(), translation.requests), (300, 3));
}

#[tokio::test]
async fn googles_error_answers_are_classified_and_quoted() {
    check_errors("google", PATH, &[
        case(400, r#"{"error":{"code":400,"message":"Bad language pair: id|xx","errors":[{"message":"Bad language pair: id|xx","domain":"global","reason":"badRequest"}]}}"#, "unsupported_language", false, "Bad language pair"),
        case(400, r#"{"error":{"code":400,"message":"Too many text segments","errors":[{"reason":"invalid"}]}}"#, "mt_rejected", false, "Too many text segments"),
        case(403, r#"{"error":{"code":403,"message":"Daily Limit Exceeded","errors":[{"message":"Daily Limit Exceeded","domain":"usageLimits","reason":"dailyLimitExceeded"}]}}"#, "mt_quota", false, "Daily Limit Exceeded"),
        case(403, r#"{"error":{"code":403,"message":"User Rate Limit Exceeded","errors":[{"message":"User Rate Limit Exceeded","domain":"usageLimits","reason":"userRateLimitExceeded"}]}}"#, "mt_exhausted", true, "User Rate Limit Exceeded"),
        case(403, r#"{"error":{"code":403,"message":"The request is missing a valid API key.","status":"PERMISSION_DENIED"}}"#, "mt_rejected", false, "missing a valid API key"),
        case(413, "", "mt_rejected", false, "HTTP 413"),
        case(429, r#"{"error":{"code":429,"message":"Quota exceeded for quota metric"}}"#, "mt_exhausted", true, "Quota exceeded for quota metric"),
        case(500, r#"{"error":{"code":500,"message":"Internal error encountered."}}"#, "mt_exhausted", true, "Internal error encountered."),
        case(503, r#"{"error":{"code":503,"message":"The service is currently unavailable."}}"#, "mt_exhausted", true, "currently unavailable"),
        case(200, "<html>not json</html>", "mt_rejected", false, "not json"),
        case(200, r#"{"data":{"translations":[{"translatedText":"a"},{"translatedText":"b"}]}}"#, "mt_rejected", false, "returned 2 translations for 1 sentences"),
    ])
    .await;
}

#[tokio::test]
async fn protected_numbers_travel_as_html_with_translate_no_and_come_back_unescaped() {
    let server = MockServer::start().await;
    Mock::given(query_param("key", "test-key"))
        .and(body_json(json!({"q": ["hingga <span translate=\"no\">12,000</span> tentara"], "source": "id", "target": "en", "format": "html"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"translations": [{"translatedText": "up to <span translate=\"no\">12,000</span> soldiers&#39;"}]}})))
        .expect(1)
        .mount(&server)
        .await;
    let translator = Translator::from_config(&config("google", &server)).unwrap();
    let spans = [ProtectedSpan {
        start: 7,
        end: 13,
        replacement: "12,000".into(),
    }];
    let request = ProtectedRequest {
        sentence: "hingga 12.000 tentara",
        spans: &spans,
        source_lang: "id",
        target_lang: "en",
    };
    let translation = translator.translate_protected(&request).await.unwrap();
    assert_eq!(
        (translation.target.as_str(), translation.spans_kept),
        ("up to 12,000 soldiers'", true)
    );
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    check_timeout(|server| config("google", server), PATH).await;
}
