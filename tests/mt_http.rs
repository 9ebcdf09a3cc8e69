//! The generic `http` provider, configured from TOML as a user would, against
//! a wiremock double of a made-up JSON service.

mod mt_support;

use alih::mt::{MtConfig, Translator};
use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use mt_support::{case, check_errors_with, check_timeout, translate};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The `[mt]` section as TOML (with `URL` replaced by the double's address), loaded like the app does.
fn load(server: &MockServer, toml: &str) -> MtConfig {
    let toml = toml.replace("URL", &server.uri());
    let figment = Figment::from(Serialized::defaults(MtConfig {
        retries: 0,
        cache_size: 0,
        ..MtConfig::default()
    }));
    figment.merge(Toml::string(&toml)).extract().unwrap()
}

const SERVICE: &str = r#"
provider = "http"
url = "URL"
api_key = "secret-key"
[http]
path = "/v1/mt"
response = "/result/translations"
item = "/text"
body = { texts = "{{texts}}", pair = "{{source_lang}}-{{target_lang}}", options = { domain = "news" } }
headers = { "X-Api-Key" = "{{api_key}}", "X-Client" = "alih" }
"#;

fn service_double(request: &Request) -> ResponseTemplate {
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    let translations: Vec<Value> = body["texts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|text| json!({"text": text.as_str().unwrap().to_uppercase()}))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({"result": {"translations": translations}}))
}

#[tokio::test]
async fn the_template_becomes_the_body_and_the_pointer_finds_the_answers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/mt"))
        .and(header("x-api-key", "secret-key"))
        .and(header("x-client", "alih"))
        .and(body_json(
            json!({"texts": ["Saya makan.", "Dia tidur."], "pair": "id-en", "options": {"domain": "news"}}),
        ))
        .respond_with(service_double)
        .expect(1)
        .mount(&server)
        .await;
    let translator = Translator::from_config(&load(&server, SERVICE)).unwrap();
    let translation = translate(&translator, &["Saya makan.", "Dia tidur."]).await.unwrap();
    assert_eq!(translation.targets, ["SAYA MAKAN.", "DIA TIDUR."]);
    assert_eq!(translation.provider, "http");
}

#[tokio::test]
async fn a_body_template_given_as_json_text_works_like_a_table() {
    let server = MockServer::start().await;
    Mock::given(body_json(json!({"q": ["Halo."], "to": "en"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(["Hello."])))
        .expect(1)
        .mount(&server)
        .await;
    let config = load(
        &server,
        "provider = 'http'\nurl = 'URL'\n[http]\nbody = '{\"q\": \"{{texts}}\", \"to\": \"{{target_lang}}\"}'\n",
    );
    let translation = translate(&Translator::from_config(&config).unwrap(), &["Halo."])
        .await
        .unwrap();
    assert_eq!(translation.targets, ["Hello."]);
}

#[tokio::test]
async fn errors_and_answers_of_the_wrong_shape_are_classified() {
    let configure = |server: &MockServer| {
        let mut config = load(server, SERVICE);
        config.endpoint.http.path = "/translate".into();
        config
    };
    check_errors_with(
        configure,
        "/translate",
        &[
            case(
                400,
                r#"{"detail":"unknown field"}"#,
                "mt_rejected",
                false,
                "unknown field",
            ),
            case(401, r#"{"error":"bad key"}"#, "mt_rejected", false, "bad key"),
            case(413, "payload too large", "mt_rejected", false, "payload too large"),
            case(429, "", "mt_exhausted", true, "HTTP 429"),
            case(500, "boom", "mt_exhausted", true, "boom"),
            case(503, "", "mt_exhausted", true, "HTTP 503"),
            case(
                200,
                r#"{"result":{}}"#,
                "mt_rejected",
                false,
                "no array at mt.http.response",
            ),
            case(
                200,
                r#"{"result":{"translations":[{"txt":"a"}]}}"#,
                "mt_rejected",
                false,
                "no string at mt.http.item",
            ),
            case(
                200,
                r#"{"result":{"translations":[]}}"#,
                "mt_rejected",
                false,
                "returned 0 translations for 1 sentences",
            ),
            case(200, "not json", "mt_rejected", false, "not json"),
        ],
    )
    .await;
}

#[tokio::test]
async fn a_template_without_the_texts_placeholder_is_refused_at_start_up() {
    let server = MockServer::start().await;
    let config = load(
        &server,
        "provider = 'http'\nurl = 'URL'\n[http]\nbody = { q = 'texts' }\n",
    );
    let message = Translator::from_config(&config).err().unwrap().to_string();
    assert!(
        message.starts_with("mt.http.body is invalid: the template must hold the string \"{{texts}}\""),
        "{message}"
    );
}

#[tokio::test]
async fn a_template_using_the_key_requires_one() {
    let server = MockServer::start().await;
    let config = load(
        &server,
        "provider = 'http'\nurl = 'URL'\n[http]\nbody = { q = '{{texts}}', key = '{{api_key}}' }\n",
    );
    let message = Translator::from_config(&config).err().unwrap().to_string();
    assert_eq!(
        message,
        "mt.api_key is required for provider http; set ALIH_MT__API_KEY"
    );
}

#[tokio::test]
async fn the_http_provider_needs_a_url_and_a_body() {
    let config = MtConfig {
        provider: "http".into(),
        ..MtConfig::default()
    };
    let message = Translator::from_config(&config).err().unwrap().to_string();
    assert!(message.starts_with("mt.url is required for provider http"), "{message}");
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    check_timeout(|server| load(server, SERVICE), "/v1/mt").await;
}
