//! Azure Translator v3 through a wiremock double: `api-version=3.0`, `from`,
//! `to`, the subscription key and region headers, `[{"Text"}]` bodies of at
//! most 1,000 elements and 50,000 characters, six-digit error codes.

mod mt_support;

use alih::mt::Translator;
use mt_support::{case, check_errors, check_timeout, config, translate};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Azure v3's documented limits (`../shared/notes/mt-protocols.md` §4), the
/// double's own: at most 1,000 elements and 50,000 characters a request.
const AZURE_MAX_ELEMENTS: usize = 1_000;
const AZURE_MAX_REQUEST_CHARS: usize = 50_000;

fn azure_error(code: u32, message: &str) -> ResponseTemplate {
    let status = u16::try_from(code / 1000).expect("an HTTP status");
    ResponseTemplate::new(status).set_body_json(json!({"error": {"code": code, "message": message}}))
}

/// Echoes each text upper-cased; refuses what Azure refuses, with its
/// six-digit error codes.
fn azure_double(request: &Request) -> ResponseTemplate {
    if request.headers.get("ocp-apim-subscription-key").is_none() {
        return azure_error(
            401000,
            "The request is not authorized because credentials are missing or invalid.",
        );
    }
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    let elements = body.as_array().unwrap();
    if elements.len() > AZURE_MAX_ELEMENTS {
        return azure_error(400072, "The number of elements in the request exceeds the limit.");
    }
    let characters: usize = elements
        .iter()
        .map(|element| element["Text"].as_str().unwrap().chars().count())
        .sum();
    if characters > AZURE_MAX_REQUEST_CHARS {
        return azure_error(400077, "The maximum request size has been exceeded.");
    }
    let answers: Vec<Value> = elements
        .iter()
        .map(
            |element| json!({"translations": [{"text": element["Text"].as_str().unwrap().to_uppercase(), "to": "en"}]}),
        )
        .collect();
    ResponseTemplate::new(200).set_body_json(answers)
}

#[tokio::test]
async fn many_short_sentences_stay_within_1000_elements_a_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/translate"))
        .respond_with(azure_double)
        .mount(&server)
        .await;
    let sentences: Vec<String> = (0..2500).map(|index| format!("k{index}")).collect();
    let sentences: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let translation = translate(&Translator::from_config(&config("azure", &server)).unwrap(), &sentences)
        .await
        .unwrap();
    assert_eq!((translation.targets.len(), translation.requests), (2500, 3));
    assert_eq!(translation.targets[2499], "K2499");
}

#[tokio::test]
async fn the_request_is_exactly_as_azure_documents_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/translate"))
        .and(query_param("api-version", "3.0"))
        .and(query_param("from", "id"))
        .and(query_param("to", "en"))
        .and(header("ocp-apim-subscription-key", "test-key"))
        .and(header("ocp-apim-subscription-region", "westeurope"))
        .and(header("content-type", "application/json; charset=UTF-8"))
        .and(body_json(json!([{"Text": "Saya makan."}, {"Text": "Dia tidur."}])))
        .respond_with(azure_double)
        .expect(1)
        .mount(&server)
        .await;
    let mut config = config("azure", &server);
    config.endpoint.region = Some("westeurope".into());
    let translation = translate(
        &Translator::from_config(&config).unwrap(),
        &["Saya makan.", "Dia tidur."],
    )
    .await
    .unwrap();
    assert_eq!(translation.targets, ["SAYA MAKAN.", "DIA TIDUR."]);
}

#[tokio::test]
async fn a_custom_domain_base_url_gets_translate_appended() {
    let server = MockServer::start().await;
    Mock::given(path("/translator/text/v3.0/translate"))
        .respond_with(azure_double)
        .expect(1)
        .mount(&server)
        .await;
    let mut config = config("azure", &server);
    config.endpoint.url = Some(format!("{}/translator/text/v3.0", server.uri()));
    translate(&Translator::from_config(&config).unwrap(), &["Halo."])
        .await
        .unwrap();
}

#[tokio::test]
async fn requests_stay_within_50000_characters() {
    let server = MockServer::start().await;
    Mock::given(path("/translate"))
        .respond_with(azure_double)
        .expect(3)
        .mount(&server)
        .await;
    let sentence = "a".repeat(999);
    let sentences: Vec<String> = (0..120).map(|index| format!("{index}{sentence}")).collect();
    let sentences: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let translation = translate(&Translator::from_config(&config("azure", &server)).unwrap(), &sentences)
        .await
        .unwrap();
    assert_eq!((translation.targets.len(), translation.requests), (120, 3));
}

#[tokio::test]
async fn azures_error_answers_are_classified_and_quoted() {
    check_errors("azure", "/translate", &[
        case(400, r#"{"error":{"code":400036,"message":"The target language is not valid."}}"#, "unsupported_language", false, "target language is not valid"),
        case(400, r#"{"error":{"code":400077,"message":"The maximum request size has been exceeded."}}"#, "mt_rejected", false, "maximum request size"),
        case(401, "", "mt_rejected", false, "check mt.api_key and mt.region"),
        case(401, r#"{"error":{"code":401000,"message":"The request is not authorized because credentials are missing or invalid."}}"#, "mt_rejected", false, "credentials are missing or invalid"),
        case(400, r#"{"error":{"code":400072,"message":"The number of elements in the request exceeds the limit."}}"#, "mt_rejected", false, "number of elements"),
        case(403, r#"{"error":{"code":403001,"message":"The operation isn't allowed because the subscription has exceeded its free quota."}}"#, "mt_quota", false, "exceeded its free quota"),
        case(413, r#"{"error":{"code":413000,"message":"The data in the request is too large."}}"#, "mt_rejected", false, "too large"),
        case(429, r#"{"error":{"code":429001,"message":"The server rejected the request because the client has exceeded request limits."}}"#, "mt_exhausted", true, "exceeded request limits"),
        mt_support::ErrorCase { retry_after: Some("5"), ..case(429, r#"{"error":{"code":429000,"message":"Too many requests."}}"#, "mt_exhausted", true, "Too many requests.") },
        case(500, r#"{"error":{"code":500000,"message":"An unexpected error occurred."}}"#, "mt_exhausted", true, "unexpected error"),
        case(503, r#"{"error":{"code":503000,"message":"Service is temporarily unavailable."}}"#, "mt_exhausted", true, "temporarily unavailable"),
        case(200, r#"[{"translations":"#, "mt_rejected", false, "EOF"),
        case(200, r#"[]"#, "mt_rejected", false, "returned 0 translations for 1 sentences"),
    ])
    .await;
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    check_timeout(|server| config("azure", server), "/translate").await;
}

#[tokio::test]
async fn protected_numbers_travel_as_html_text() {
    let server = MockServer::start().await;
    Mock::given(query_param("textType", "html"))
        .and(body_json(
            json!([{"Text": "hingga <span translate=\"no\">12,000</span> tentara"}]),
        ))
        .respond_with(azure_double)
        .expect(1)
        .mount(&server)
        .await;
    let translator = Translator::from_config(&config("azure", &server)).unwrap();
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
    let translation = translator.translate_protected(&request).await.unwrap();
    assert!(
        translation.target.contains("12,000") && !translation.target.contains("<span"),
        "{}",
        translation.target
    );
}
