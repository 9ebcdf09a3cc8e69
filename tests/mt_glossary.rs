//! The glossary sent to each provider the way it supports best, against a
//! wiremock double of each documented API: placeholders or "do not
//! translate" markup for LibreTranslate, Google v2, Azure, Apertium and the
//! generic HTTP provider; an instruction and term list for OpenAI-compatible
//! servers; DeepL's glossary API (created once per version, reused by id,
//! the previous version kept) with `<keep>` tags where DeepL takes no
//! glossary for the pair. Every double is an engine that would get the
//! terms wrong if it saw them.

mod mt_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use alih::align::terms::Glossary;
use alih::mt::fake::FakeProvider;
use alih::mt::{MtConfig, MtError, TranslateRequest, Translation, Translator};
use serde_json::{Value, json};
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const GLOSSARY: &str =
    "DPR\tHouse of Representatives\ten\nDPR\tDewan Perwakilan Rakyat\tms\nPartai Gerindra\t\t*\tkeep\n";
const SENTENCE: &str = "Anggota DPR dari Partai Gerindra menolak.";
const HONOURED: &str = "Members House of Representatives from Partai Gerindra refused.";

fn glossary(text: &str) -> Glossary {
    Glossary::parse(text).unwrap()
}

/// An engine without a glossary: it would turn `DPR` into "Parliament" and
/// `Partai` into "Party" if it saw them.
fn engine(text: &str) -> String {
    let mut out = text.to_owned();
    for (indonesian, english) in [
        ("Anggota", "Members"),
        ("dari", "from"),
        ("menolak", "refused"),
        ("DPR", "Parliament"),
        ("Partai", "Party"),
    ] {
        out = out.replace(indonesian, english);
    }
    out
}

/// [`engine`] as an engine in HTML or XML mode: what sits inside
/// `<span translate="no">` or `<keep>` is left alone.
fn engine_marked(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    loop {
        let next = [("<span translate=\"no\">", "</span>"), ("<keep>", "</keep>")]
            .into_iter()
            .filter_map(|(open, close)| rest.find(open).map(|at| (at, open, close)))
            .min_by_key(|(at, _, _)| *at);
        let Some((at, _, close)) = next else {
            out.push_str(&engine(rest));
            return out;
        };
        out.push_str(&engine(&rest[..at]));
        let end = rest[at..].find(close).map_or(rest.len(), |end| at + end + close.len());
        out.push_str(&rest[at..end]);
        rest = &rest[end..];
    }
}

async fn translate_with(
    translator: &Translator,
    glossary: &Glossary,
    target_lang: &str,
    sentences: &[&str],
) -> Result<Translation, MtError> {
    let request = TranslateRequest {
        sentences,
        source_lang: "id",
        target_lang,
    };
    tokio::time::timeout(
        Duration::from_secs(20),
        translator.translate_with_glossary(&request, Some(glossary)),
    )
    .await
    .expect("the provider answers in time")
}

/// Mounts `respond` at `POST at` on a fresh double and returns the translation of SENTENCE.
async fn through(
    provider: &str,
    at: &str,
    respond: impl Fn(&Request) -> ResponseTemplate + Send + Sync + 'static,
) -> (String, Vec<Request>) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(at))
        .respond_with(respond)
        .mount(&server)
        .await;
    let translator = Translator::from_config(&mt_support::config(provider, &server)).unwrap();
    let translation = translate_with(&translator, &glossary(GLOSSARY), "en", &[SENTENCE])
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    (translation.targets[0].clone(), requests)
}

fn body_text(request: &Request) -> String {
    String::from_utf8_lossy(&request.body).into_owned()
}

#[tokio::test]
async fn libretranslate_gets_the_terms_as_translate_no_spans_and_they_come_back_unmarked() {
    let (target, requests) = through("libretranslate", "/translate", |request: &Request| {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let answers: Vec<String> = body["q"]
            .as_array()
            .unwrap()
            .iter()
            .map(|text| engine_marked(text.as_str().unwrap()))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({"translatedText": answers}))
    })
    .await;
    let sent: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(sent["format"], "html");
    assert_eq!(
        sent["q"][0],
        "Anggota <span translate=\"no\">House of Representatives</span> dari <span translate=\"no\">Partai Gerindra</span> menolak."
    );
    assert_eq!(target, HONOURED);
}

#[tokio::test]
async fn google_v2_gets_html_with_translate_no() {
    let (target, requests) = through("google", "/language/translate/v2", |request: &Request| {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let translations: Vec<Value> = body["q"]
            .as_array()
            .unwrap()
            .iter()
            .map(|text| json!({"translatedText": engine_marked(text.as_str().unwrap())}))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({"data": {"translations": translations}}))
    })
    .await;
    assert!(body_text(&requests[0]).contains("<span translate=\\\"no\\\">House of Representatives</span>"));
    assert_eq!(target, HONOURED);
}

#[tokio::test]
async fn azure_gets_html_with_translate_no() {
    let (target, requests) = through("azure", "/translate", |request: &Request| {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let answers: Vec<Value> = body
            .as_array()
            .unwrap()
            .iter()
            .map(|element| json!({"translations": [{"text": engine_marked(element["Text"].as_str().unwrap()), "to": "en"}]}))
            .collect();
        ResponseTemplate::new(200).set_body_json(answers)
    })
    .await;
    assert!(body_text(&requests[0]).contains("<span translate=\\\"no\\\">Partai Gerindra</span>"));
    assert!(
        requests[0].url.query().unwrap_or("").contains("textType=html"),
        "{}",
        requests[0].url
    );
    assert_eq!(target, HONOURED);
}

#[tokio::test]
async fn apertium_gets_placeholders_it_copies_through_and_malay_rows_apply() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/translate"))
        .and(body_string_contains("q=Anggota+%E2%9F%A60%E2%9F%A7+dari+%E2%9F%A61%E2%9F%A7+menolak."))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"responseData": {"translatedText": "Ahli ⟦0⟧ dari ⟦1⟧ menolak."}, "responseDetails": null, "responseStatus": 200}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let config = mt_support::config("apertium", &server);
    let translator = Translator::from_config(&config).unwrap();
    let translation = translate_with(&translator, &glossary(GLOSSARY), "ms", &[SENTENCE])
        .await
        .unwrap();
    assert_eq!(
        translation.targets,
        ["Ahli Dewan Perwakilan Rakyat dari Partai Gerindra menolak."]
    );
}

#[tokio::test]
async fn the_generic_http_provider_gets_placeholders() {
    use figment::Figment;
    use figment::providers::{Format, Serialized, Toml};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/mt"))
        .respond_with(|request: &Request| {
            let body: Value = serde_json::from_slice(&request.body).unwrap();
            let answers: Vec<Value> = body["texts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|text| json!(engine(text.as_str().unwrap())))
                .collect();
            ResponseTemplate::new(200).set_body_json(json!({"out": answers}))
        })
        .mount(&server)
        .await;
    let toml = format!(
        "provider = \"http\"\nurl = \"{}\"\n[http]\npath = \"/v1/mt\"\nresponse = \"/out\"\nbody = {{ texts = \"{{{{texts}}}}\" }}\n",
        server.uri()
    );
    let base = MtConfig {
        retries: 0,
        cache_size: 0,
        ..MtConfig::default()
    };
    let config: MtConfig = Figment::from(Serialized::defaults(base))
        .merge(Toml::string(&toml))
        .extract()
        .unwrap();
    let translator = Translator::from_config(&config).unwrap();
    let translation = translate_with(&translator, &glossary(GLOSSARY), "en", &[SENTENCE])
        .await
        .unwrap();
    let sent = body_text(&server.received_requests().await.unwrap()[0]);
    assert!(sent.contains("Anggota ⟦0⟧ dari ⟦1⟧ menolak."), "{sent}");
    assert_eq!(translation.targets, [HONOURED]);
}

#[tokio::test]
async fn an_openai_compatible_server_gets_an_instruction_and_the_terms_of_the_batch() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(|request: &Request| {
            let body: Value = serde_json::from_slice(&request.body).unwrap();
            let user: Value = serde_json::from_str(body["messages"][1]["content"].as_str().unwrap()).unwrap();
            let follows = user["glossary"].as_array().is_some_and(|terms| !terms.is_empty());
            let answer = if follows {
                HONOURED
            } else {
                "Parliament members from the Gerindra Party refused."
            };
            let content = json!({"items": [{"id": 0, "translation": answer}]}).to_string();
            ResponseTemplate::new(200)
                .set_body_json(json!({"choices": [{"message": {"content": content}, "finish_reason": "stop"}]}))
        })
        .mount(&server)
        .await;
    let mut config = mt_support::config("openai", &server);
    config.endpoint.model = Some("local".into());
    let translator = Translator::from_config(&config).unwrap();
    let translation = translate_with(&translator, &glossary(GLOSSARY), "en", &[SENTENCE])
        .await
        .unwrap();
    assert_eq!(translation.targets, [HONOURED]);
    let body: Value = serde_json::from_slice(&server.received_requests().await.unwrap()[0].body).unwrap();
    let user: Value = serde_json::from_str(body["messages"][1]["content"].as_str().unwrap()).unwrap();
    assert_eq!(
        user["glossary"],
        json!([{"source": "DPR", "target": "House of Representatives"}, {"source": "Partai Gerindra", "target": "Partai Gerindra"}])
    );
    assert_eq!(
        user["items"][0]["text"], SENTENCE,
        "the LLM sees the sentence itself, not placeholders"
    );
    assert!(
        body["messages"][0]["content"]
            .as_str()
            .unwrap()
            .contains("\"glossary\"")
    );
}

/// A double of DeepL's glossary endpoints, with the pairs it supports.
async fn deepl_double(pairs: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/glossary-language-pairs"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"supported_languages": pairs})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(|request: &Request| {
            let body: Value = serde_json::from_slice(&request.body).unwrap();
            let with_glossary = body["glossary_id"].is_string();
            let translations: Vec<Value> = body["text"]
                .as_array()
                .unwrap()
                .iter()
                .map(|text| {
                    let text = text.as_str().unwrap();
                    let answer = if with_glossary {
                        HONOURED.to_owned()
                    } else {
                        engine_marked(text)
                    };
                    json!({"detected_source_language": "ID", "text": answer})
                })
                .collect();
            ResponseTemplate::new(200).set_body_json(json!({"translations": translations}))
        })
        .mount(&server)
        .await;
    server
}

fn created(id: &str, name: &str) -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(json!({
        "glossary_id": id, "name": name, "ready": true, "source_lang": "id", "target_lang": "en",
        "creation_time": "2026-12-03T23:00:00.000Z", "entry_count": 2
    }))
}

fn id_and_en() -> Value {
    json!([{"source_lang": "id", "target_lang": "en"}, {"source_lang": "en", "target_lang": "id"}])
}

#[tokio::test]
async fn deepl_creates_one_glossary_per_version_and_reuses_its_id() {
    let server = deepl_double(id_and_en()).await;
    Mock::given(method("GET"))
        .and(path("/v2/glossaries"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"glossaries": []})))
        .mount(&server)
        .await;
    let version = glossary(GLOSSARY).version().to_owned();
    Mock::given(method("POST"))
        .and(path("/v2/glossaries"))
        .and(body_string_contains(format!("\"name\":\"alih-{version}-id-en\"")))
        .and(body_string_contains(
            "\"entries\":\"DPR\\tHouse of Representatives\\nPartai Gerindra\\tPartai Gerindra\\n\"",
        ))
        .and(body_string_contains("\"entries_format\":\"tsv\""))
        .respond_with(created("g-1", "alih"))
        .expect(1)
        .mount(&server)
        .await;
    let translator = Translator::from_config(&mt_support::config("deepl", &server)).unwrap();
    for _ in 0..2 {
        let translation = translate_with(&translator, &glossary(GLOSSARY), "en", &[SENTENCE])
            .await
            .unwrap();
        assert_eq!(translation.targets, [HONOURED]);
    }
    let translate_bodies: Vec<Value> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|request| request.url.path() == "/v2/translate")
        .map(|request| serde_json::from_slice(&request.body).unwrap())
        .collect();
    assert_eq!(translate_bodies.len(), 2);
    for body in translate_bodies {
        assert_eq!(
            (body["glossary_id"].as_str(), body["source_lang"].as_str()),
            (Some("g-1"), Some("ID"))
        );
        assert_eq!(body["text"][0], SENTENCE);
    }
}

#[tokio::test]
async fn deepl_reuses_a_glossary_another_worker_made_and_deletes_only_versions_two_back() {
    let server = deepl_double(id_and_en()).await;
    let first = glossary(GLOSSARY);
    let second = glossary(&format!("{GLOSSARY}KPK\t\t*\tkeep\n"));
    let third = glossary(&format!("{GLOSSARY}KPK\tCorruption Eradication Commission\ten\n"));
    let listing = Arc::new(Mutex::new(vec![
        json!({"glossary_id": "g-old", "name": "alih-000000000000-id-en", "ready": true, "source_lang": "id", "target_lang": "en", "entry_count": 1}),
        json!({"glossary_id": "g-1", "name": format!("alih-{}-id-en", first.version()), "ready": true, "source_lang": "id", "target_lang": "en", "entry_count": 2}),
        json!({"glossary_id": "g-other", "name": "newsroom-manual", "ready": true, "source_lang": "id", "target_lang": "en", "entry_count": 9}),
    ]));
    let shown = Arc::clone(&listing);
    Mock::given(method("GET"))
        .and(path("/v2/glossaries"))
        .respond_with(move |_: &Request| {
            ResponseTemplate::new(200).set_body_json(json!({"glossaries": *shown.lock().unwrap()}))
        })
        .mount(&server)
        .await;
    for (version, id) in [(&second, "g-2"), (&third, "g-3")] {
        let added = Arc::clone(&listing);
        Mock::given(method("POST"))
            .and(path("/v2/glossaries"))
            .and(body_string_contains(version.version()))
            .respond_with(move |_: &Request| {
                let info = json!({"glossary_id": id, "name": format!("alih-{id}"), "ready": true, "source_lang": "id", "target_lang": "en", "entry_count": 3});
                added.lock().unwrap().push(info.clone());
                ResponseTemplate::new(201).set_body_json(info)
            })
            .expect(1)
            .mount(&server)
            .await;
    }
    let removed = Arc::clone(&listing);
    Mock::given(method("DELETE"))
        .respond_with(move |request: &Request| {
            let id = request.url.path().rsplit('/').next().unwrap_or_default().to_owned();
            removed
                .lock()
                .unwrap()
                .retain(|info| info["glossary_id"] != id.as_str());
            ResponseTemplate::new(204)
        })
        .mount(&server)
        .await;
    let translator = Translator::from_config(&mt_support::config("deepl", &server)).unwrap();
    for version in [&first, &second, &third] {
        translate_with(&translator, version, "en", &[SENTENCE]).await.unwrap();
    }
    let requests = server.received_requests().await.unwrap();
    let deleted: Vec<&str> = requests
        .iter()
        .filter(|request| request.method.as_str() == "DELETE")
        .map(|request| request.url.path())
        .collect();
    // first: g-1 reused, nothing deleted (a starting worker cannot know
    // what others use); second: g-2 created, g-1 kept as the previous, g-old
    // goes; third: g-3 created, g-2 kept, g-1 goes. Never another tool's glossary.
    assert_eq!(deleted, ["/v2/glossaries/g-old", "/v2/glossaries/g-1"]);
    let ids: Vec<String> = requests
        .iter()
        .filter(|request| request.url.path() == "/v2/translate")
        .map(|request| {
            serde_json::from_slice::<Value>(&request.body).unwrap()["glossary_id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids, ["g-1", "g-2", "g-3"]);
}

#[tokio::test]
async fn deepl_without_glossaries_for_the_pair_protects_the_terms_with_keep_tags() {
    let server = deepl_double(json!([{"source_lang": "de", "target_lang": "en"}])).await;
    let translator = Translator::from_config(&mt_support::config("deepl", &server)).unwrap();
    let translation = translate_with(&translator, &glossary(GLOSSARY), "en", &[SENTENCE])
        .await
        .unwrap();
    assert_eq!(translation.targets, [HONOURED]);
    let body: Value = serde_json::from_slice(&server.received_requests().await.unwrap().last().unwrap().body).unwrap();
    assert_eq!(body["tag_handling"], "xml");
    assert_eq!(body["ignore_tags"], json!(["keep"]));
    assert_eq!(
        body["text"][0],
        "Anggota <keep>House of Representatives</keep> dari <keep>Partai Gerindra</keep> menolak."
    );
    assert!(body.get("glossary_id").is_none());
}

#[tokio::test]
async fn a_glossary_with_no_row_for_the_target_is_no_glossary_for_deepl() {
    let server = deepl_double(id_and_en()).await;
    let translator = Translator::from_config(&mt_support::config("deepl", &server)).unwrap();
    let malay_only = glossary("DPR\tDewan Perwakilan Rakyat\tms\nAS\tAS\tms\tcase\n");
    let translation = translate_with(&translator, &malay_only, "en", &[SENTENCE])
        .await
        .unwrap();
    assert_eq!(translation.targets, [engine(SENTENCE)]);
    let requests = server.received_requests().await.unwrap();
    let paths: Vec<&str> = requests.iter().map(|request| request.url.path()).collect();
    assert_eq!(paths, ["/v2/translate"]);
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body["text"][0], SENTENCE);
    assert!(body.get("glossary_id").is_none(), "{body}");
    assert!(body.get("tag_handling").is_none(), "{body}");
}

#[tokio::test]
async fn deepls_glossary_errors_are_classified_and_quoted() {
    let cases = [
        (
            400,
            json!({"message": "Invalid glossary entries provided", "detail": "Duplicate source entry"}),
            "mt_rejected",
            false,
            "Invalid glossary entries provided",
        ),
        (403, json!({"message": "Forbidden"}), "mt_rejected", false, "mt.api_key"),
        (
            456,
            json!({"message": "Quota for this billing period has been exceeded."}),
            "mt_quota",
            false,
            "Quota for this billing period",
        ),
        (
            503,
            json!({"message": "Service unavailable"}),
            "mt_exhausted",
            true,
            "Service unavailable",
        ),
    ];
    for (status, body, kind, transient, quoted) in cases {
        let server = deepl_double(id_and_en()).await;
        Mock::given(method("GET"))
            .and(path("/v2/glossaries"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"glossaries": []})))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/v2/glossaries"))
            .respond_with(ResponseTemplate::new(status).set_body_json(body.clone()))
            .mount(&server)
            .await;
        let translator = Translator::from_config(&mt_support::config("deepl", &server)).unwrap();
        let error = translate_with(&translator, &glossary(GLOSSARY), "en", &[SENTENCE])
            .await
            .unwrap_err();
        let context = format!("HTTP {status} {body}: {error}");
        assert_eq!(
            (error.error_kind().to_string().as_str(), error.is_transient()),
            (kind, transient),
            "{context}"
        );
        assert!(error.to_string().contains(quoted), "{context}");
    }
}

#[tokio::test]
async fn a_deepl_glossary_gone_missing_is_created_again_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/glossary-language-pairs"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"supported_languages": id_and_en()})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/glossaries"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"glossaries": []})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/glossaries"))
        .respond_with(created("g-new", "alih"))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Glossary not found"})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"translations": [{"text": HONOURED}]})))
        .mount(&server)
        .await;
    let translator = Translator::from_config(&mt_support::config("deepl", &server)).unwrap();
    let translation = translate_with(&translator, &glossary(GLOSSARY), "en", &[SENTENCE])
        .await
        .unwrap();
    assert_eq!(translation.targets, [HONOURED]);
}

#[tokio::test]
async fn a_glossary_change_never_serves_a_cached_translation_made_under_another() {
    let provider = FakeProvider::map(engine);
    let log = provider.log();
    let config = MtConfig::default();
    let translator = Translator::with_providers(vec![Box::new(provider)], &config);
    let first = glossary(GLOSSARY);
    let changed = glossary("DPR\tParliament of Indonesia\ten\nPartai Gerindra\t\t*\tkeep\n");
    let mut under_first = translate_with(&translator, &first, "en", &[SENTENCE]).await.unwrap();
    translator
        .remember(std::mem::take(&mut under_first.unsaved), |_| true)
        .await;
    let again = translate_with(&translator, &first, "en", &[SENTENCE]).await.unwrap();
    let under_changed = translate_with(&translator, &changed, "en", &[SENTENCE]).await.unwrap();
    assert_eq!(under_first.targets, [HONOURED]);
    assert_eq!(
        (again.targets.clone(), again.cached_sentences),
        (under_first.targets.clone(), 1)
    );
    assert_eq!(
        under_changed.targets,
        ["Members Parliament of Indonesia from Partai Gerindra refused."]
    );
    assert_eq!(under_changed.cached_sentences, 0);
    assert_eq!(
        log.calls(),
        2,
        "the same version is answered from the cache, a new one asks again"
    );
}
