//! The language checks around translation: the body before it is sent
//! (refused when clearly not the worker's source language), the answers
//! after (flagged per sentence, the whole article retried when it came back
//! untranslated).

use crate::{
    article::Article,
    language::{self, SourceCheck, TargetCheck, same_language},
};

use super::PipelineError;

/// Languages the source detector can weigh; for another `mt.source_lang`
/// the body is not checked.
const DETECTABLE_SOURCES: &[&str] = &["id", "ms", "en"];

/// Identifies the body's language; an article clearly in another language
/// than `source_lang` fails as `unsupported_language`, whatever its `lang`
/// says. `None` when the detector cannot weigh `source_lang`.
pub fn check_source_language(article: &Article, source_lang: &str) -> Result<Option<SourceCheck>, PipelineError> {
    if !DETECTABLE_SOURCES
        .iter()
        .any(|detectable| same_language(detectable, source_lang))
    {
        return Ok(None);
    }
    let check = language::check_source(&article.body);
    if check.is_clearly_not(source_lang) {
        return Err(PipelineError::UnsupportedLanguage(format!(
            "{}, not {source_lang:?} (mt.source_lang); send it to a worker for that language",
            check.describe()
        )));
    }
    Ok(Some(check))
}

/// Checks every translated sentence; an article that came back (mostly)
/// untranslated or in another language is an error a retry may fix.
pub fn check_translation(
    sources: &[&str],
    targets: &[String],
    languages: (&str, &str),
) -> Result<TargetCheck, PipelineError> {
    let (source_lang, target_lang) = languages;
    let targets: Vec<&str> = targets.iter().map(String::as_str).collect();
    let check = language::check_targets(sources, &targets, source_lang, target_lang);
    if check.article_untranslated {
        return Err(PipelineError::Untranslated(format!(
            "the translation into {target_lang:?} came back untranslated or in another language \
             ({} of {} sentences flagged); the provider may have had a bad moment, so it is retried",
            check.flagged().max(1),
            sources.len()
        )));
    }
    Ok(check)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use crate::{
        article::Article,
        language::target::SentenceStatus,
        mt::{MtConfig, Translator, fake::FakeProvider},
        pipeline::{Pipeline, PipelineError},
        record::Record,
    };

    fn fixture(name: &str) -> String {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/language/");
        std::fs::read_to_string(format!("{path}{name}")).expect("a language fixture")
    }

    fn article_with(body: &str, lang: Option<&str>) -> Article {
        let json = serde_json::json!({"id": "a", "body": body, "lang": lang});
        Article::parse(json.to_string().as_bytes(), 1 << 20).expect("valid test article")
    }

    async fn run(provider: FakeProvider, body: &str, target_lang: &str) -> Result<Record, PipelineError> {
        let translator = Translator::with_providers(vec![Box::new(provider)], &MtConfig::default());
        Pipeline::new(translator, "id", target_lang)
            .process(&article_with(body, Some("id")), 1)
            .await
    }

    /// An engine that answers in English and copies the numbers as the source wrote them.
    fn english_engine() -> FakeProvider {
        FakeProvider::map(|text| {
            let numbers: Vec<&str> = text
                .split(|character: char| !(character.is_ascii_digit() || character == ',' || character == '.'))
                .map(|token| token.trim_matches(|character| character == ',' || character == '.'))
                .filter(|token| !token.is_empty())
                .collect();
            format!(
                "Officials said the figure was {} and that more people were affected than expected.",
                numbers.join(" and ")
            )
        })
    }

    #[tokio::test]
    async fn a_body_clearly_in_another_language_is_refused_whatever_its_lang_says() {
        for (name, detected) in [
            ("english.txt", "(en, confidence"),
            ("malay.txt", "(ms, confidence"),
            ("french.txt", "(fra, confidence"),
        ] {
            let error = run(FakeProvider::echo(), &fixture(name), "en").await.unwrap_err();
            assert_eq!(error.error_kind().as_str(), "unsupported_language", "{name}");
            assert!(error.to_string().contains(detected), "{name}: {error}");
        }
    }

    #[tokio::test]
    async fn a_short_english_body_goes_through_but_its_12_000_is_never_turned_into_12_point_000() {
        let record = run(english_engine(), "Troops sent: 12,000.", "en").await.unwrap();
        let detected = record
            .source_lang_detected
            .as_ref()
            .expect("the record says what was detected");
        assert_eq!(detected.lang, "en");
        assert!(
            record.sentences[0].target.contains("12,000"),
            "{}",
            record.sentences[0].target
        );
        assert!(
            record.numbers.iter().all(|number| number.repair.is_none()),
            "{:?}",
            record.numbers
        );
    }

    #[tokio::test]
    async fn an_english_grouped_numeral_in_an_indonesian_article_is_flagged_not_repaired() {
        // An Indonesian article quoting an English figure: the body is clearly Indonesian.
        let body = fixture("mixed.txt").replace("5 percent", "12,000 jobs");
        let record = run(english_engine(), &body, "en").await.unwrap();
        assert_eq!(record.source_lang_detected.as_ref().unwrap().lang, "id");
        let first = &record.sentences[0].target;
        assert!(first.contains("12,000") && !first.contains("12.000"), "{first}");
        let flagged = record
            .numbers
            .iter()
            .find(|number| number.source.as_ref().is_some_and(|side| side.text.contains("12,000")));
        assert!(
            flagged.is_some_and(|number| number.repair.is_none()),
            "{:?}",
            record.numbers
        );
    }

    #[tokio::test]
    async fn a_short_malay_body_goes_through_and_keeps_its_english_notation() {
        let malay = fixture("malay.txt");
        let first = malay.lines().next().unwrap();
        let record = run(english_engine(), first, "en").await.unwrap();
        let target = &record.sentences[0].target;
        assert!(target.contains("12,000"), "{target}");
        assert!(record.numbers.iter().all(|number| number.repair.is_none()));
    }

    #[tokio::test]
    async fn javanese_goes_through_with_its_numbers_uncorrupted() {
        // Javanese writes numbers as Indonesian does: `12.000` is twelve thousand, and the copied notation is repaired.
        let record = run(english_engine(), &fixture("javanese.txt"), "en").await.unwrap();
        let targets: String = record.sentences.iter().map(|pair| pair.target.as_str()).collect();
        assert!(targets.contains("12,000") && !targets.contains("12.000"), "{targets}");
    }

    #[tokio::test]
    async fn indonesian_tags_in_any_form_are_indonesian() {
        for lang in ["id", "id-ID", "in", "ID", "id_ID"] {
            let translator = Translator::with_providers(
                vec![Box::new(FakeProvider::map(|_| "Done here now.".into()))],
                &MtConfig::default(),
            );
            let article = article_with("Isi berita.", Some(lang));
            let record = Pipeline::new(translator, "id", "en").process(&article, 1).await;
            assert!(record.is_ok(), "{lang}: {:?}", record.err());
        }
    }

    #[tokio::test]
    async fn a_sentence_left_in_indonesian_is_flagged_and_needs_review() {
        let body = "Pemerintah mengalokasikan anggaran untuk program bantuan sosial tersebut.\n\
                    Harga cabai naik tajam dibandingkan bulan lalu menurut laporan resmi.";
        let engine = FakeProvider::map(|text| {
            if text.starts_with("Pemerintah") {
                "The government allocated a budget for the social assistance programme.".into()
            } else {
                text.to_owned()
            }
        });
        let record = run(engine, body, "en").await.unwrap();
        let statuses: Vec<SentenceStatus> = record.sentences.iter().map(|pair| pair.status).collect();
        assert_eq!(statuses, [SentenceStatus::Ok, SentenceStatus::Untranslated]);
        assert!(record.qa.needs_review);
        assert_eq!(record.sentences[1].target_lang_detected.as_ref().unwrap().lang, "id");
    }

    #[tokio::test]
    async fn an_article_that_came_back_untranslated_is_transient_and_not_served_from_the_cache_again() {
        let calls = std::sync::Arc::new(AtomicUsize::new(0));
        let counter = std::sync::Arc::clone(&calls);
        // The first answer echoes the source; later ones translate.
        let engine = FakeProvider::map(move |text| match counter.fetch_add(1, Ordering::SeqCst) {
            0 => text.to_owned(),
            _ => "The government allocated a budget for the social assistance programme.".into(),
        });
        let translator = Translator::with_providers(vec![Box::new(engine)], &MtConfig::default());
        let pipeline = Pipeline::new(translator, "id", "en");
        let article = article_with(
            "Pemerintah mengalokasikan anggaran untuk program bantuan sosial tersebut.",
            None,
        );
        let error = pipeline.process(&article, 1).await.unwrap_err();
        assert!(error.is_transient());
        assert_eq!(error.error_kind().as_str(), "mt_exhausted");
        let record = pipeline
            .process(&article, 2)
            .await
            .expect("the retry reaches the engine again");
        assert_eq!(record.sentences[0].status, SentenceStatus::Ok);
        assert_eq!(record.mt.cached_sentences, 0);
    }

    #[tokio::test]
    async fn indonesian_to_malay_with_words_left_unchanged_is_not_flagged() {
        let body = "Pemerintah mengalokasikan anggaran untuk program bantuan sosial tersebut.\n\
                    Harga cabai naik tajam dibandingkan bulan lalu menurut laporan resmi.";
        let engine = FakeProvider::map(|text| text.replace("Pemerintah", "Kerajaan").replace("anggaran", "belanjawan"));
        let record = run(engine, body, "ms").await.unwrap();
        assert!(record.sentences.iter().all(|pair| pair.status == SentenceStatus::Ok));
        let echoed = run(FakeProvider::echo(), body, "ms").await.unwrap_err();
        assert!(echoed.is_transient(), "{echoed}");
    }
}
