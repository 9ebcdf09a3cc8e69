//! The one place the stages meet: article → sentences → translation →
//! alignment → record.
//!
//! No AMQP types here: the queue layer hands in a parsed [`Article`] and gets
//! back a [`Record`] or a [`PipelineError`] that says whether a retry can
//! help. `alih translate` uses the same path without a broker.

mod language_checks;
mod notation_guard;
mod retranslate;

use std::{sync::Arc, time::Instant};

use crate::{
    align::{self, AlignInput},
    article::Article,
    language::{self, SourceCheck, TargetCheck},
    mt::{MtError, TranslateRequest, Translation, Translator},
    record::{self, MtUsage, Record, SentencePair, TextPair, WorkerInfo},
    segment::{self, QuotePolicy},
};

/// Why an article produced no record.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The article is not in a language this worker translates.
    #[error("unsupported language: {0}")]
    UnsupportedLanguage(String),
    /// The MT provider failed; [`MtError::is_transient`] says whether to retry.
    #[error(transparent)]
    Mt(#[from] MtError),
    /// The translation came back (mostly) in the source language or another
    /// language than asked: a provider's bad moment, retried like one.
    #[error("{0}")]
    Untranslated(String),
}

impl PipelineError {
    /// Whether trying again later can succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            PipelineError::UnsupportedLanguage(_) => false,
            PipelineError::Mt(error) => error.is_transient(),
            PipelineError::Untranslated(_) => true,
        }
    }

    /// How long the provider asked to wait before trying again, if it said.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            PipelineError::UnsupportedLanguage(_) | PipelineError::Untranslated(_) => None,
            PipelineError::Mt(error) => error.retry_after(),
        }
    }

    /// The `x-alih-error-kind` of a permanent failure (transient ones become
    /// `mt_exhausted` once the retries run out).
    pub fn error_kind(&self) -> &'static str {
        match self {
            PipelineError::UnsupportedLanguage(_) => "unsupported_language",
            PipelineError::Mt(error) => error.error_kind(),
            PipelineError::Untranslated(_) => "mt_exhausted",
        }
    }
}

/// Everything an article needs to become a record.
#[derive(Clone)]
pub struct Pipeline {
    translator: Translator,
    source_lang: String,
    target_lang: String,
    quotes: QuotePolicy,
    check_target_language: bool,
}

impl Pipeline {
    /// A pipeline translating `source_lang` into `target_lang` (the default
    /// when an article names no `target_lang` of its own).
    pub fn new(translator: Translator, source_lang: &str, target_lang: &str) -> Self {
        Self {
            translator,
            source_lang: normalise_lang(source_lang),
            target_lang: normalise_lang(target_lang),
            quotes: QuotePolicy::default(),
            check_target_language: true,
        }
    }

    /// Whether translations are checked for the language asked for
    /// (`mt.check_target_language`, on by default).
    pub fn with_target_language_check(mut self, enabled: bool) -> Self {
        self.check_target_language = enabled;
        self
    }

    /// Cuts multi-sentence quotations as `quotes` says (`segment.quotes`).
    pub fn with_quote_policy(mut self, quotes: QuotePolicy) -> Self {
        self.quotes = quotes;
        self
    }

    /// Turns one article into its bilingual record.
    pub async fn process(&self, article: &Article, attempt: u32) -> Result<Record, PipelineError> {
        let started = Instant::now();
        let target_lang = self.languages_for(article)?;
        let source_check = language_checks::check_source_language(article, &self.source_lang)?;
        let sentences = segment::segment_with(&article.body, self.quotes);
        let mut texts: Vec<&str> = sentences.iter().map(|sentence| sentence.text(&article.body)).collect();
        let title = article
            .title
            .as_deref()
            .map(str::trim)
            .filter(|title| !title.is_empty());
        let title_one_line = title.map(|title| title.split_whitespace().collect::<Vec<_>>().join(" "));
        if let Some(title) = &title_one_line {
            texts.push(title);
        }
        let (mut translation, title_target, target_check) =
            self.translate_checked(&texts, sentences.len(), &target_lang).await?;
        let languages = (self.source_lang.as_str(), target_lang.as_str());
        texts.truncate(sentences.len());

        let paragraphs: Vec<usize> = sentences.iter().map(|sentence| sentence.paragraph).collect();
        let document = Arc::new(Document {
            sources: texts.iter().map(|text| (*text).to_owned()).collect(),
            paragraphs: paragraphs.clone(),
            target_lang: target_lang.clone(),
        });
        let body_reads_as_english = source_check.as_ref().is_some_and(SourceCheck::reads_as_english);
        let mut alignment = align_off_runtime(&document, &translation.targets).await;
        // A protected re-translation renders source numerals as Indonesian:
        // never for a body that reads as English.
        let retranslations = if alignment.qa.needs_review && !body_reads_as_english {
            self.retranslate_unresolved(&document, &texts, &mut translation, &mut alignment, languages)
                .await
        } else {
            Vec::new()
        };
        notation_guard::withhold_contradicted_repairs(&mut alignment, body_reads_as_english);
        alignment.qa.needs_review |= target_check.any_flagged();

        let byte_spans: Vec<(usize, usize)> = sentences
            .iter()
            .map(|sentence| (sentence.start, sentence.end))
            .collect();
        let spans = record::char_spans(&article.body, &byte_spans);
        let sentence_pairs = sentence_pairs(
            &texts,
            std::mem::take(&mut alignment.repaired_target),
            (&spans, &paragraphs),
            &alignment.quotes,
            &retranslations,
            &target_check,
        );

        metrics::counter!("alih_sentences_total").increment(sentences.len() as u64);
        metrics::histogram!("alih_processing_duration_seconds").record(started.elapsed().as_secs_f64());
        Ok(Record {
            schema: record::SCHEMA.to_owned(),
            record_id: record::record_id(&article.id, article.title.as_deref(), &article.body, &target_lang),
            article_id: article.id.clone(),
            source_lang: self.source_lang.clone(),
            target_lang,
            source_lang_detected: source_check.map(|check| check.detected),
            title: title.zip(title_target).map(|(source, target)| TextPair {
                source: source.to_owned(),
                target,
            }),
            url: article.url.clone(),
            source: article.source.clone(),
            published_at: article.published_at.clone(),
            sentences: sentence_pairs,
            quotes: alignment.quotes,
            numbers: alignment.numbers,
            qa: alignment.qa,
            mt: MtUsage {
                provider: translation.provider,
                model: translation.model,
                requests: translation.requests,
                characters: translation.characters,
                cached_sentences: translation.cached_sentences,
            },
            attempt,
            processed_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            worker: WorkerInfo {
                version: env!("CARGO_PKG_VERSION").to_owned(),
            },
        })
    }

    /// Translates `texts` (the sentences, then the title if there is one) and
    /// checks the answers are in the language asked for; returns the
    /// sentences' translation, the title's and the per-sentence verdicts.
    async fn translate_checked(
        &self,
        texts: &[&str],
        sentences: usize,
        target_lang: &str,
    ) -> Result<(Translation, Option<String>, TargetCheck), PipelineError> {
        let request = TranslateRequest {
            sentences: texts,
            source_lang: &self.source_lang,
            target_lang,
        };
        let mut translation = self.translator.translate(&request).await?;
        let title_target = (texts.len() > sentences).then(|| translation.targets.pop()).flatten();
        if !self.check_target_language {
            return Ok((translation, title_target, TargetCheck::unchecked(sentences)));
        }
        let languages = (self.source_lang.as_str(), target_lang);
        let target_check = language_checks::check_translation(&texts[..sentences], &translation.targets, languages)
            .inspect_err(|_| self.translator.forget(&request))?;
        Ok((translation, title_target, target_check))
    }

    /// Re-translates the sentences whose numbers stayed wrong with the numbers
    /// protected, and aligns again where that helped.
    async fn retranslate_unresolved(
        &self,
        document: &Arc<Document>,
        texts: &[&str],
        translation: &mut Translation,
        alignment: &mut align::Alignment,
        languages: (&str, &str),
    ) -> Vec<(usize, record::RetranslationNote)> {
        let (notes, cost) = retranslate::retranslate_unresolved(
            &self.translator,
            texts,
            &mut translation.targets,
            &alignment.numbers,
            languages,
        )
        .await;
        translation.requests += cost.requests;
        translation.characters += cost.characters;
        if notes.iter().any(|(_, note)| note.helped) {
            *alignment = align_off_runtime(document, &translation.targets).await;
        }
        notes
    }

    /// Checks the article's declared source language (as a tag: `id-ID` and
    /// `in` are Indonesian) and picks its target language.
    fn languages_for(&self, article: &Article) -> Result<String, PipelineError> {
        if let Some(lang) = &article.lang {
            let lang = normalise_lang(lang);
            if !language::same_language(&lang, &self.source_lang) {
                return Err(PipelineError::UnsupportedLanguage(format!(
                    "article is in {lang:?} but this worker translates {:?} (mt.source_lang)",
                    self.source_lang
                )));
            }
        }
        let target_lang = article
            .target_lang
            .as_deref()
            .map_or_else(|| self.target_lang.clone(), normalise_lang);
        if !is_language_code(&target_lang) {
            return Err(PipelineError::UnsupportedLanguage(format!(
                "target_lang {target_lang:?} is not a language code like \"en\" or \"en-GB\""
            )));
        }
        if language::same_language(&target_lang, &self.source_lang) {
            return Err(PipelineError::UnsupportedLanguage(format!(
                "target_lang {target_lang:?} is the source language"
            )));
        }
        Ok(target_lang)
    }
}

/// One [`SentencePair`] per source sentence: its repaired target, span,
/// quotes, re-translation note and language verdict.
fn sentence_pairs(
    sources: &[&str],
    targets: Vec<String>,
    (spans, paragraphs): (&[[usize; 2]], &[usize]),
    quotes: &[align::QuoteFinding],
    retranslations: &[(usize, record::RetranslationNote)],
    target_check: &TargetCheck,
) -> Vec<SentencePair> {
    sources
        .iter()
        .zip(targets)
        .zip(spans)
        .enumerate()
        .map(|(index, ((source, target), span))| {
            let verdict = target_check.sentences.get(index);
            SentencePair {
                index,
                paragraph: paragraphs[index],
                source: (*source).to_owned(),
                target,
                source_span: *span,
                quotes: quotes
                    .iter()
                    .filter(|quote| quote.sentences.contains(&index))
                    .map(|quote| quote.id.clone())
                    .collect(),
                status: verdict.map(|verdict| verdict.status).unwrap_or_default(),
                target_lang_detected: verdict.and_then(|verdict| verdict.detected.clone()),
                retranslation: retranslations
                    .iter()
                    .find(|(sentence, _)| *sentence == index)
                    .map(|(_, note)| note.clone()),
            }
        })
        .collect()
}

/// The source side of an article, shared with blocking alignment tasks.
struct Document {
    sources: Vec<String>,
    paragraphs: Vec<usize>,
    target_lang: String,
}

/// Alignment is CPU work that grows with the article (hundreds of
/// milliseconds for the largest): it runs on the blocking pool so other
/// articles and the health endpoint keep their runtime threads. A panic in
/// it is passed on to the caller, which files the article as `internal`.
async fn align_off_runtime(document: &Arc<Document>, targets: &[String]) -> align::Alignment {
    let document = Arc::clone(document);
    let targets = targets.to_vec();
    let aligned = tokio::task::spawn_blocking(move || {
        let sources: Vec<&str> = document.sources.iter().map(String::as_str).collect();
        let targets: Vec<&str> = targets.iter().map(String::as_str).collect();
        align::align(&AlignInput {
            source: &sources,
            target: &targets,
            paragraphs: &document.paragraphs,
            target_lang: &document.target_lang,
        })
    })
    .await;
    aligned.unwrap_or_else(|error| match error.try_into_panic() {
        Ok(panic) => std::panic::resume_unwind(panic),
        Err(error) => panic!("alignment task cancelled: {error}"),
    })
}

/// `"EN_us"` → `"en-US"`: lower-case language, upper-case region.
fn normalise_lang(code: &str) -> String {
    let mut parts = code.trim().split(['-', '_']);
    let language = parts.next().unwrap_or_default().to_ascii_lowercase();
    match parts.next() {
        Some(region) if !region.is_empty() => format!("{language}-{}", region.to_ascii_uppercase()),
        _ => language,
    }
}

fn is_language_code(code: &str) -> bool {
    let (language, region) = code.split_once('-').unwrap_or((code, ""));
    (2..=3).contains(&language.len())
        && language.bytes().all(|byte| byte.is_ascii_lowercase())
        && region.len() <= 4
        && region.bytes().all(|byte| byte.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mt::{MtConfig, fake::FakeProvider};

    fn pipeline_with(provider: FakeProvider) -> Pipeline {
        let translator = Translator::with_providers(vec![Box::new(provider)], &MtConfig::default());
        // These fakes answer in Indonesian on purpose; `language_checks` tests the check.
        Pipeline::new(translator, "id", "en").with_target_language_check(false)
    }

    fn article(json: &str) -> Article {
        Article::parse(json.as_bytes(), 1 << 20).expect("valid test article")
    }

    async fn run(provider: FakeProvider, json: &str) -> Result<Record, PipelineError> {
        pipeline_with(provider).process(&article(json), 1).await
    }

    #[tokio::test]
    async fn every_source_sentence_gets_its_own_target_in_order() {
        let record = run(
            FakeProvider::map(|text| format!("<{text}>")),
            r#"{"id":"a","body":"Satu. Dua.\n\nTiga."}"#,
        )
        .await
        .unwrap();
        let pairs: Vec<(usize, &str, &str)> = record
            .sentences
            .iter()
            .map(|pair| (pair.paragraph, pair.source.as_str(), pair.target.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [(0, "Satu.", "<Satu.>"), (0, "Dua.", "<Dua.>"), (2, "Tiga.", "<Tiga.>")]
        );
        assert_eq!(record.sentences[2].source_span, [12, 17]);
        assert_eq!(record.title, None);
    }

    #[tokio::test]
    async fn segment_quotes_keep_translates_a_multi_sentence_quotation_as_one_sentence() {
        let json = r#"{"id":"a","body":"“Kami siap. Kami tidak takut,” kata Budi. Sidang ditunda."}"#;
        let split = run(FakeProvider::echo(), json).await.unwrap();
        assert_eq!(split.sentences.len(), 3);
        let kept = pipeline_with(FakeProvider::echo())
            .with_quote_policy(QuotePolicy::KeepWhole)
            .process(&article(json), 1)
            .await
            .unwrap();
        let sources: Vec<&str> = kept.sentences.iter().map(|pair| pair.source.as_str()).collect();
        assert_eq!(
            sources,
            ["“Kami siap. Kami tidak takut,” kata Budi.", "Sidang ditunda."]
        );
        assert_eq!(kept.quotes.len(), 1, "one quotation, inside one sentence");
    }

    #[tokio::test]
    async fn the_title_is_translated_with_the_body_but_kept_apart() {
        let record = run(
            FakeProvider::map(str::to_uppercase),
            r#"{"id":"a","title":"Judul\nberita","body":"Isi."}"#,
        )
        .await
        .unwrap();
        let title = record.title.expect("title pair");
        assert_eq!(
            (title.source.as_str(), title.target.as_str()),
            ("Judul\nberita", "JUDUL BERITA")
        );
        assert_eq!(record.sentences.len(), 1);
        assert_eq!(record.sentences[0].target, "ISI.");
    }

    #[tokio::test]
    async fn the_record_id_ignores_attempt_and_provider() {
        let json = r#"{"id":"a","body":"Isi."}"#;
        let first = run(FakeProvider::echo().named("one"), json).await.unwrap();
        let second = pipeline_with(FakeProvider::map(str::to_uppercase).named("two"))
            .process(&article(json), 3)
            .await
            .unwrap();
        assert_eq!(first.record_id, second.record_id);
        assert_eq!((second.attempt, second.mt.provider.as_str()), (3, "two"));
    }

    #[tokio::test]
    async fn a_provider_answering_with_the_wrong_count_is_a_permanent_error() {
        let short =
            FakeProvider::from_fn(|batch| Ok(batch.texts.iter().skip(1).map(|text| text.to_string()).collect()));
        let error = run(short, r#"{"id":"a","body":"Satu. Dua."}"#).await.unwrap_err();
        assert!(!error.is_transient());
        assert_eq!(error.error_kind(), "mt_rejected");
    }

    #[tokio::test]
    async fn languages_are_checked_before_anything_is_sent() {
        let provider = FakeProvider::echo();
        let log = provider.log();
        let pipeline = pipeline_with(provider);
        for (json, expected) in [
            (r#"{"id":"a","body":"Bonjour.","lang":"fr"}"#, "unsupported_language"),
            (r#"{"id":"a","body":"Isi.","target_lang":"id"}"#, "unsupported_language"),
            (
                r#"{"id":"a","body":"Isi.","target_lang":"not a code"}"#,
                "unsupported_language",
            ),
        ] {
            let error = pipeline.process(&article(json), 1).await.unwrap_err();
            assert_eq!(error.error_kind(), expected, "{json}");
        }
        assert_eq!(log.calls(), 0);
        for json in [
            r#"{"id":"a","body":"Isi.","lang":"ID"}"#,
            r#"{"id":"a","body":"Isi.","lang":"in"}"#,
        ] {
            assert!(pipeline.process(&article(json), 1).await.is_ok(), "{json}");
        }
        let record = pipeline
            .process(&article(r#"{"id":"a","body":"Isi.","target_lang":"en_gb"}"#), 1)
            .await
            .unwrap();
        assert_eq!(record.target_lang, "en-GB");
    }

    #[tokio::test]
    async fn a_number_the_engine_got_wrong_is_retranslated_protected_and_the_record_says_it_helped() {
        // The engine turns twelve thousand into twelve, unless the number is protected.
        let engine = FakeProvider::map(|text| text.replace("12.000", "12").replace("mengirim", "sent"));
        let record = run(
            engine,
            r#"{"id":"a","body":"Korea Utara mengirim 12.000 tentara. Lalu pulang."}"#,
        )
        .await
        .unwrap();
        let sentence = &record.sentences[0];
        assert_eq!(sentence.target, "Korea Utara sent 12,000 tentara.");
        let note = sentence.retranslation.as_ref().expect("a retranslation was tried");
        assert!(note.helped);
        assert_eq!(record.sentences[1].retranslation, None);
        assert!(!record.qa.needs_review, "{:?}", record.numbers);
        assert_eq!(record.mt.requests, 2, "one batch, one protected retry");
    }

    #[tokio::test]
    async fn a_retranslation_that_does_not_help_leaves_the_finding_flagged() {
        let engine = FakeProvider::map(|text| text.replace("12.000", "12").replace("⟦", "").replace("⟧", ""));
        let record = run(engine, r#"{"id":"a","body":"Ada 12.000 tentara."}"#).await.unwrap();
        let note = record.sentences[0].retranslation.as_ref().expect("tried");
        assert!(!note.helped);
        assert!(record.qa.needs_review);
        assert_eq!(record.sentences[0].target, "Ada 12 tentara.");
    }
}
