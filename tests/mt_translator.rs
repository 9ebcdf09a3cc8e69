//! The translator's own rules, through the in-process fake provider: one
//! target per sentence, the cache, de-duplication, batching, retries and
//! fallback.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use alih::contract::ErrorKind;
use alih::mt::fake::FakeProvider;
use alih::mt::{BatchLimits, MtConfig, MtError, Provider, TranslateRequest, Translator};

fn config() -> MtConfig {
    MtConfig {
        retries: 2,
        max_retry_wait: Duration::from_millis(50),
        ..MtConfig::default()
    }
}

fn request<'a>(sentences: &'a [&'a str]) -> TranslateRequest<'a> {
    TranslateRequest {
        sentences,
        source_lang: "id",
        target_lang: "en",
    }
}

fn upper() -> FakeProvider {
    FakeProvider::map(|text| text.to_uppercase())
}

fn unavailable(provider: &str) -> MtError {
    MtError::Unavailable {
        provider: provider.into(),
        status: 503,
        message: "down".into(),
        retry_after: None,
    }
}

fn boxed(provider: FakeProvider) -> Vec<Box<dyn Provider>> {
    vec![Box::new(provider)]
}

#[tokio::test]
async fn every_sentence_gets_exactly_one_target_in_order() {
    let translator = Translator::with_providers(boxed(upper().with_limits(BatchLimits::new(2, 1000))), &config());
    let translation = translator.translate(&request(&["satu", "dua", "tiga"])).await.unwrap();
    assert_eq!(translation.targets, ["SATU", "DUA", "TIGA"]);
    assert_eq!(
        (
            translation.provider.as_str(),
            translation.requests,
            translation.characters
        ),
        ("fake", 2, 11)
    );
}

#[tokio::test]
async fn a_provider_answering_with_the_wrong_count_is_an_error_not_padding() {
    let short = FakeProvider::from_fn(|batch| Ok(batch.texts[1..].iter().map(|text| text.to_string()).collect()));
    let translator = Translator::with_providers(boxed(short), &config());
    let error = translator.translate(&request(&["satu", "dua"])).await.unwrap_err();
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
    assert_eq!(error.error_kind(), ErrorKind::MtRejected);
}

#[tokio::test]
async fn blank_sentences_are_never_sent() {
    let provider = upper();
    let log = provider.log();
    let translator = Translator::with_providers(boxed(provider), &config());
    let translation = translator.translate(&request(&["satu", "  ", ""])).await.unwrap();
    assert_eq!(translation.targets, ["SATU", "  ", ""]);
    assert_eq!(log.requests(), [["satu"]]);
}

#[tokio::test]
async fn a_sentence_seen_before_is_answered_from_the_cache() {
    let provider = upper();
    let log = provider.log();
    let translator = Translator::with_providers(boxed(provider), &config());
    let first = translator.translate(&request(&["Baca juga:", "satu"])).await.unwrap();
    translator.remember(first.unsaved, |_| true).await;
    let second = translator.translate(&request(&["Baca juga:", "dua"])).await.unwrap();
    assert_eq!(second.targets, ["BACA JUGA:", "DUA"]);
    assert_eq!((second.cached_sentences, second.characters), (1, 3));
    assert_eq!(log.requests(), [vec!["Baca juga:", "satu"], vec!["dua"]]);
}

#[tokio::test]
async fn identical_sentences_in_one_request_are_sent_once() {
    let provider = upper();
    let log = provider.log();
    let translator = Translator::with_providers(
        boxed(provider),
        &MtConfig {
            cache_size: 0,
            ..config()
        },
    );
    let translation = translator
        .translate(&request(&["Baca juga:", "satu", "Baca juga:"]))
        .await
        .unwrap();
    assert_eq!(translation.targets, ["BACA JUGA:", "SATU", "BACA JUGA:"]);
    assert_eq!(translation.cached_sentences, 1);
    assert_eq!(log.requests(), [["Baca juga:", "satu"]]);
}

#[tokio::test]
async fn with_the_cache_off_a_sentence_is_sent_again() {
    let provider = upper();
    let log = provider.log();
    let translator = Translator::with_providers(
        boxed(provider),
        &MtConfig {
            cache_size: 0,
            ..config()
        },
    );
    translator.translate(&request(&["satu"])).await.unwrap();
    translator.translate(&request(&["satu"])).await.unwrap();
    assert_eq!(log.calls(), 2);
}

#[tokio::test]
async fn a_transient_failure_is_retried_and_every_request_counted() {
    let provider = upper().failing_with([unavailable("fake")]);
    let translator = Translator::with_providers(boxed(provider), &config());
    let translation = translator.translate(&request(&["satu"])).await.unwrap();
    assert_eq!((translation.targets[0].as_str(), translation.requests), ("SATU", 2));
}

#[tokio::test]
async fn a_permanent_failure_is_not_retried() {
    let rejected = MtError::Rejected {
        provider: "fake".into(),
        status: 400,
        message: "bad".into(),
    };
    let provider = upper().failing_with([rejected]);
    let log = provider.log();
    let translator = Translator::with_providers(boxed(provider), &config());
    let error = translator.translate(&request(&["satu"])).await.unwrap_err();
    assert_eq!((error.error_kind(), log.calls()), (ErrorKind::MtRejected, 1));
}

#[tokio::test]
async fn transient_failures_past_the_retries_report_mt_exhausted() {
    let provider = upper().failing_with((0..3).map(|_| unavailable("fake")));
    let log = provider.log();
    let translator = Translator::with_providers(boxed(provider), &config());
    let error = translator.translate(&request(&["satu"])).await.unwrap_err();
    assert!(error.is_transient());
    assert_eq!((error.error_kind(), log.calls()), (ErrorKind::MtExhausted, 3));
}

#[tokio::test]
async fn the_fallback_answers_when_the_primary_is_out_of_quota_and_the_record_names_it() {
    let quota = MtError::Quota {
        provider: "deepl".into(),
        status: 456,
        message: "Quota exceeded".into(),
    };
    let primary = upper().named("deepl").failing_with([quota]);
    let fallback = FakeProvider::map(|text| format!("lt:{text}")).named("libretranslate");
    let translator = Translator::with_providers(vec![Box::new(primary), Box::new(fallback)], &config());
    let translation = translator.translate(&request(&["satu"])).await.unwrap();
    assert_eq!(
        (translation.targets[0].as_str(), translation.provider.as_str()),
        ("lt:satu", "libretranslate")
    );
    assert_eq!(translation.requests, 2);
}

#[tokio::test]
async fn a_rejected_request_does_not_fall_back() {
    let rejected = MtError::Rejected {
        provider: "deepl".into(),
        status: 403,
        message: "Forbidden".into(),
    };
    let primary = upper().named("deepl").failing_with([rejected]);
    let fallback = FakeProvider::echo().named("libretranslate");
    let log = fallback.log();
    let translator = Translator::with_providers(vec![Box::new(primary), Box::new(fallback)], &config());
    assert!(translator.translate(&request(&["satu"])).await.is_err());
    assert_eq!(log.calls(), 0);
}

#[tokio::test]
async fn after_a_partial_failure_the_fallback_translates_only_what_is_left() {
    let flaky = FakeProvider::from_fn(|batch| match batch.texts {
        ["dua"] => Err(MtError::Quota {
            provider: "deepl".into(),
            status: 456,
            message: "Quota exceeded".into(),
        }),
        texts => Ok(texts.iter().map(|text| text.to_uppercase()).collect()),
    })
    .named("deepl")
    .with_limits(BatchLimits::new(1, 1000));
    let fallback = FakeProvider::map(|text| format!("lt:{text}")).named("libretranslate");
    let log = fallback.log();
    let translator = Translator::with_providers(vec![Box::new(flaky), Box::new(fallback)], &config());
    let translation = translator.translate(&request(&["satu", "dua"])).await.unwrap();
    assert_eq!(translation.targets, ["SATU", "lt:dua"]);
    assert_eq!(translation.provider, "deepl,libretranslate");
    assert_eq!(log.requests(), [["dua"]]);
}

#[tokio::test]
async fn an_answer_nobody_vouched_for_is_not_cached() {
    let provider = upper();
    let log = provider.log();
    let translator = Translator::with_providers(boxed(provider), &config());
    let first = translator.translate(&request(&["satu", "dua"])).await.unwrap();
    // The caller found "dua" flagged: only "satu" is remembered.
    translator.remember(first.unsaved, |index| index == 0).await;
    let second = translator.translate(&request(&["satu", "dua"])).await.unwrap();
    assert_eq!((second.cached_sentences, second.characters), (1, 3));
    assert_eq!(log.requests(), [vec!["satu", "dua"], vec!["dua"]]);
}

#[tokio::test]
async fn a_spent_budget_sends_nothing_and_hands_the_sentences_to_the_fallback() {
    let (paid, free) = (upper().named("paid"), FakeProvider::echo().named("free"));
    let (paid_log, free_log) = (paid.log(), free.log());
    let mut config = config();
    config.budget.characters_per_day = Some(10);
    let translator = Translator::with_providers(vec![Box::new(paid), Box::new(free)], &config);
    let first = translator.translate(&request(&["satu dua"])).await.unwrap();
    assert_eq!((first.provider.as_str(), first.characters), ("paid", 8));
    // 8 + 10 characters would pass the cap of 10: none of them goes to "paid".
    let second = translator.translate(&request(&["tiga empat"])).await.unwrap();
    assert_eq!(
        (second.provider.as_str(), second.targets[0].as_str()),
        ("free", "tiga empat")
    );
    assert_eq!((paid_log.calls(), free_log.calls()), (1, 1));
}

#[tokio::test]
async fn a_spent_budget_without_fallback_is_a_transient_error_that_says_when_it_resets() {
    let provider = upper();
    let log = provider.log();
    let mut config = config();
    config.budget.characters_per_month = Some(3);
    let translator = Translator::with_providers(boxed(provider), &config);
    let error = translator.translate(&request(&["empat"])).await.unwrap_err();
    assert!(error.is_transient() && error.is_budget_spent(), "{error}");
    assert!(error.retry_after().is_some_and(|wait| wait > Duration::ZERO));
    assert!(error.to_string().contains("characters_per_month of 3"), "{error}");
    assert_eq!(log.calls(), 0);
}

/// A provider that answers upper-case after a pause (longest for the first
/// batch, so later batches finish first) and records how many of its
/// requests were in flight at once; the first request fails transiently.
struct Overlapping {
    in_flight: Arc<AtomicUsize>,
    most_at_once: Arc<AtomicUsize>,
    failed_once: AtomicBool,
}

#[async_trait::async_trait]
impl Provider for Overlapping {
    fn name(&self) -> &str {
        "overlapping"
    }

    fn limits(&self) -> BatchLimits {
        BatchLimits::new(2, 1000)
    }

    async fn translate(&self, batch: &alih::mt::Batch<'_>) -> Result<Vec<String>, MtError> {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_at_once.fetch_max(now, Ordering::SeqCst);
        // The pause only lets requests overlap; no assertion depends on its length.
        let pause = if batch.texts[0] == "satu" { 40 } else { 10 };
        tokio::time::sleep(Duration::from_millis(pause)).await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        if !self.failed_once.swap(true, Ordering::SeqCst) {
            return Err(unavailable("overlapping"));
        }
        Ok(batch.texts.iter().map(|text| text.to_uppercase()).collect())
    }
}

#[tokio::test]
async fn the_batches_of_one_request_go_out_together_within_max_in_flight_and_come_back_in_order() {
    let most_at_once = Arc::new(AtomicUsize::new(0));
    let provider = Overlapping {
        in_flight: Default::default(),
        most_at_once: Arc::clone(&most_at_once),
        failed_once: Default::default(),
    };
    let config = MtConfig {
        max_in_flight: 3,
        ..config()
    };
    let translator = Translator::with_providers(vec![Box::new(provider)], &config);
    let sentences = [
        "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
    ];
    let translation = translator.translate(&request(&sentences)).await.unwrap();
    let expected: Vec<String> = sentences.iter().map(|text| text.to_uppercase()).collect();
    assert_eq!(translation.targets, expected);
    // Five batches of two, one of them tried twice.
    assert_eq!(translation.requests, 6);
    assert_eq!(most_at_once.load(Ordering::SeqCst), 3);
}
