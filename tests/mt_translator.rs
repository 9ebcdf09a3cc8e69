//! The translator's own rules, through the in-process fake provider: one
//! target per sentence, the cache, de-duplication, batching, retries and
//! fallback.

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
    translator.translate(&request(&["Baca juga:", "satu"])).await.unwrap();
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
