//! The whole chain built from configuration: fallback between real wire
//! protocols, the cache across articles, rate limits, metrics and the
//! protected re-translation hook.

mod mt_support;

use std::time::Duration;

use alih::mt::fake::FakeProvider;
use alih::mt::{EndpointConfig, MtConfig, ProtectedRequest, ProtectedSpan, Protection, Provider, Translator};
use metrics_exporter_prometheus::PrometheusBuilder;
use mt_support::{config, translate};
use serde_json::{Value, json};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn libretranslate_double(request: &Request) -> ResponseTemplate {
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    let texts: Vec<String> = body["q"]
        .as_array()
        .unwrap()
        .iter()
        .map(|text| format!("lt:{}", text.as_str().unwrap()))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({"translatedText": texts}))
}

#[tokio::test]
async fn deepl_out_of_quota_falls_back_to_libretranslate_with_its_own_settings() {
    let (deepl, libretranslate) = (MockServer::start().await, MockServer::start().await);
    let quota = json!({"message": "Quota for this billing period has been exceeded."});
    Mock::given(path("/v2/translate"))
        .respond_with(ResponseTemplate::new(456).set_body_json(quota))
        .expect(1)
        .mount(&deepl)
        .await;
    Mock::given(path("/translate"))
        .respond_with(libretranslate_double)
        .expect(1)
        .mount(&libretranslate)
        .await;
    let mut config = config("deepl", &deepl);
    config.fallback = vec!["libretranslate".into()];
    config.providers.insert(
        "libretranslate".into(),
        EndpointConfig {
            url: Some(libretranslate.uri()),
            ..EndpointConfig::default()
        },
    );
    let translation = translate(&Translator::from_config(&config).unwrap(), &["Halo."])
        .await
        .unwrap();
    assert_eq!(
        (translation.targets[0].as_str(), translation.provider.as_str()),
        ("lt:Halo.", "libretranslate")
    );
    assert_eq!((translation.requests, translation.characters), (2, 5));
}

#[tokio::test]
async fn a_resent_article_costs_nothing_the_second_time() {
    let server = MockServer::start().await;
    Mock::given(path("/translate"))
        .respond_with(libretranslate_double)
        .expect(1)
        .mount(&server)
        .await;
    let mut config = config("libretranslate", &server);
    config.cache_size = 100;
    let translator = Translator::from_config(&config).unwrap();
    let first = translate(&translator, &["Satu.", "Dua."]).await.unwrap();
    translator.remember(first.unsaved, |_| true).await;
    let again = translate(&translator, &["Satu.", "Dua."]).await.unwrap();
    assert_eq!(again.targets, ["lt:Satu.", "lt:Dua."]);
    assert_eq!((again.requests, again.characters, again.cached_sentences), (0, 0, 2));
}

/// A LibreTranslate server started with a request limit: like Flask-Limiter
/// it answers a request that comes too soon after the previous one with
/// 429 `{"error": "Slowdown: …"}` and no `Retry-After`. It allows one
/// request per `min_spacing`; a client that spaces its requests further
/// apart is never refused, however slow the machine.
struct RateLimitedLibreTranslate {
    min_spacing: Duration,
    last: std::sync::Mutex<Option<std::time::Instant>>,
}

impl wiremock::Respond for RateLimitedLibreTranslate {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let now = std::time::Instant::now();
        let mut last = self.last.lock().expect("not poisoned");
        let too_soon = last.is_some_and(|previous| now.duration_since(previous) < self.min_spacing);
        *last = Some(now);
        if too_soon {
            return ResponseTemplate::new(429).set_body_json(json!({"error": "Slowdown: 4 per 1 second"}));
        }
        libretranslate_double(request)
    }
}

#[tokio::test]
async fn the_rate_limit_spaces_requests_out() {
    let server = MockServer::start().await;
    // Half the 250 ms the configured 4 requests/s allow: back-to-back
    // requests (an ignored rate limit) are milliseconds apart.
    let double = RateLimitedLibreTranslate {
        min_spacing: Duration::from_millis(125),
        last: std::sync::Mutex::new(None),
    };
    Mock::given(path("/translate"))
        .respond_with(double)
        .mount(&server)
        .await;
    let mut config = config("libretranslate", &server);
    config.endpoint.rate_limit = Some(4.0);
    config.endpoint.batch_size = Some(1);
    let translation = translate(&Translator::from_config(&config).unwrap(), &["a", "b", "c"])
        .await
        .expect("no request came too soon");
    assert_eq!(translation.targets, ["lt:a", "lt:b", "lt:c"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[test]
fn requests_characters_and_durations_are_counted_per_provider() {
    let recorder = PrometheusBuilder::new().build_recorder();
    let handle = recorder.handle();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    metrics::with_local_recorder(&recorder, || {
        runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(path("/translate"))
                .respond_with(ResponseTemplate::new(500))
                .up_to_n_times(1)
                .mount(&server)
                .await;
            Mock::given(path("/translate"))
                .respond_with(libretranslate_double)
                .mount(&server)
                .await;
            let mut config = config("libretranslate", &server);
            config.retries = 1;
            translate(&Translator::from_config(&config).unwrap(), &["Halo."])
                .await
                .unwrap();
        })
    });
    let text = handle.render();
    for line in [
        "alih_mt_requests_total{provider=\"libretranslate\",status=\"500\"} 1",
        "alih_mt_requests_total{provider=\"libretranslate\",status=\"ok\"} 1",
        "alih_mt_characters_total{provider=\"libretranslate\"} 5",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    assert!(text.contains("alih_mt_request_duration_seconds"), "{text}");
}

#[test]
fn the_translator_can_be_shared_between_tasks() {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<Translator>();
}

fn with_fake(provider: FakeProvider) -> Translator {
    Translator::with_providers(vec![Box::new(provider) as Box<dyn Provider>], &MtConfig::default())
}

fn protected_request(spans: &[ProtectedSpan]) -> ProtectedRequest<'_> {
    ProtectedRequest {
        sentence: "Harganya 2,5 juta rupiah.",
        spans,
        source_lang: "id",
        target_lang: "en",
    }
}

#[tokio::test]
async fn the_hook_reports_it_helped_when_the_engine_kept_the_number_and_the_recheck_passes() {
    let engine = FakeProvider::map(|text| {
        text.replace("Harganya", "It costs")
            .replace("juta rupiah", "million rupiah")
    });
    let log = engine.log();
    let spans = [ProtectedSpan {
        start: 9,
        end: 12,
        replacement: "2.5".into(),
    }];
    let outcome = with_fake(engine)
        .retranslate_checked(&protected_request(&spans), |target| target.contains("2.5 million"))
        .await
        .unwrap();
    assert!(outcome.helped);
    assert_eq!(outcome.translation.target, "It costs 2.5 million rupiah.");
    assert_eq!(log.requests(), [["Harganya ⟦0⟧ juta rupiah."]]);
}

#[tokio::test]
async fn the_hook_reports_no_help_when_the_engine_dropped_the_placeholder() {
    let engine = FakeProvider::map(|_| "It costs two and a half million rupiah.".into());
    let spans = [ProtectedSpan {
        start: 9,
        end: 12,
        replacement: "2.5".into(),
    }];
    let outcome = with_fake(engine)
        .retranslate_checked(&protected_request(&spans), |_| true)
        .await
        .unwrap();
    assert!(!outcome.helped && !outcome.translation.spans_kept);
}

#[tokio::test]
async fn the_hook_reports_no_help_when_the_recheck_still_fails() {
    let engine =
        FakeProvider::map(|text| text.replace("Harganya", "It costs")).with_protection(Protection::Placeholders);
    let spans = [ProtectedSpan {
        start: 9,
        end: 12,
        replacement: "2.5".into(),
    }];
    let outcome = with_fake(engine)
        .retranslate_checked(&protected_request(&spans), |_| false)
        .await
        .unwrap();
    assert!(outcome.translation.spans_kept && !outcome.helped);
}
