//! The one place the stages meet: article → sentences → translation →
//! alignment → record.
//!
//! No AMQP types here: the queue layer hands in a parsed [`Article`] and gets
//! back a [`Record`] or a [`PipelineError`] that says whether a retry can
//! help. `alih translate` uses the same path without a broker.
//!
//! [`Pipeline::process`] reads as the flow; `language_checks` refuses a body
//! in another language and flags translations that are not in the one asked
//! for; `retranslate` is the protected second try for numbers alignment
//! could not repair; `notation_guard` withholds the repairs the text
//! contradicts; `assemble` puts the record together from what the stages
//! left; `remember` says which new MT answers came out right and may be
//! cached.

mod assemble;
mod language_checks;
mod notation_guard;
mod remember;
mod retranslate;
mod terms_stage;

use std::{sync::Arc, time::Instant};

use crate::language::target::SentenceStatus;

use assemble::RecordParts;

use crate::{
    align::terms::Glossary,
    align::{self, AlignInput},
    article::Article,
    contract::ErrorKind,
    language::{self, SourceCheck, TargetCheck},
    mt::{GlossaryHandle, MtError, TranslateRequest, Translation, Translator},
    record::{Record, RetranslationNote},
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

    /// Whether alih's own spending cap stopped it: the article waits for the
    /// budget to reset rather than running out of retries.
    pub fn waits_for_budget(&self) -> bool {
        matches!(self, PipelineError::Mt(error) if error.is_budget_spent())
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
    pub fn error_kind(&self) -> ErrorKind {
        match self {
            PipelineError::UnsupportedLanguage(_) => ErrorKind::UnsupportedLanguage,
            PipelineError::Mt(error) => error.error_kind(),
            PipelineError::Untranslated(_) => ErrorKind::MtExhausted,
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
    glossary: GlossaryHandle,
    large_articles: LargeArticles,
}

/// Large articles take turns (`limits.large_article_bytes`,
/// `limits.large_articles_at_once`): each needs tens of megabytes while it
/// is processed, and a prefetch window can fill with them, because small
/// articles finish and make room while large ones stay. Clones of a
/// pipeline share the turns.
#[derive(Clone)]
struct LargeArticles {
    threshold_bytes: usize,
    turns: Arc<tokio::sync::Semaphore>,
}

impl Default for LargeArticles {
    fn default() -> Self {
        let limits = crate::config::LimitsConfig::default();
        LargeArticles {
            threshold_bytes: limits.large_article_bytes,
            turns: Arc::new(tokio::sync::Semaphore::new(limits.large_articles_at_once)),
        }
    }
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
            glossary: GlossaryHandle::default(),
            large_articles: LargeArticles::default(),
        }
    }

    /// Lets messages of at least `threshold_bytes` take [`Self::turn_for`]
    /// `at_once` at a time (`limits.large_article_bytes`,
    /// `limits.large_articles_at_once`).
    pub fn with_large_article_turns(mut self, threshold_bytes: usize, at_once: usize) -> Self {
        self.large_articles = LargeArticles {
            threshold_bytes,
            turns: Arc::new(tokio::sync::Semaphore::new(at_once.max(1))),
        };
        self
    }

    /// Enforces the glossary in force in `glossary` (`mt.glossary`): each
    /// article takes a snapshot when it starts and keeps it to the end.
    pub fn with_glossary(mut self, glossary: GlossaryHandle) -> Self {
        self.glossary = glossary;
        self
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

    /// Waits until a message of `message_bytes` may be processed: at once
    /// when it is not large, else when one of the large articles' turns is
    /// free. Hold the permit until the record is published: the record of a
    /// large article is large too.
    pub async fn turn_for(&self, message_bytes: usize) -> Option<tokio::sync::OwnedSemaphorePermit> {
        if message_bytes < self.large_articles.threshold_bytes {
            return None;
        }
        let turns = Arc::clone(&self.large_articles.turns);
        Some(
            turns
                .acquire_owned()
                .await
                .expect("the large articles' semaphore is never closed"),
        )
    }

    /// Turns one article into its bilingual record: check the body's language,
    /// segment, translate (the title in the same request as the body), check
    /// the translation's language, align, re-translate what alignment could
    /// not repair, withhold the repairs the text contradicts, assemble.
    pub async fn process(&self, article: &Article, attempt: u32) -> Result<Record, PipelineError> {
        let started = Instant::now();
        let glossary = self.glossary.current();
        let target_lang = self.languages_for(article)?;
        let source_check = language_checks::check_source_language(article, &self.source_lang)?;
        let sentences = segment::segment_with(&article.body, self.quotes);
        let texts: Vec<&str> = sentences.iter().map(|sentence| sentence.text(&article.body)).collect();
        let title = article
            .title
            .as_deref()
            .map(str::trim)
            .filter(|title| !title.is_empty());
        let (mut translation, title_target, target_check) = self
            .translate(&texts, title, (&target_lang, &glossary))
            .await
            .map_err(|error| with_target_origin(error, article))?;
        let document = Arc::new(Document {
            sources: texts.iter().map(|text| (*text).to_owned()).collect(),
            paragraphs: sentences.iter().map(|sentence| sentence.paragraph).collect(),
            target_lang: target_lang.clone(),
        });
        let body_reads_as_english = source_check.as_ref().is_some_and(SourceCheck::reads_as_english);
        let term_sources = terms_stage::TermSources {
            sentences: &texts,
            paragraphs: &document.paragraphs,
            target_lang: &target_lang,
        };
        let mut engine_targets = translation.targets.clone();
        let mut first_terms = terms_stage::repair_targets(&term_sources, &glossary, &mut translation.targets);
        let term_retranslations = terms_stage::retranslate_flagged(
            &self.translator,
            (&term_sources, &self.source_lang),
            &glossary,
            &mut translation.targets,
            &mut first_terms,
        )
        .await;
        translation.requests += term_retranslations.requests;
        translation.characters += term_retranslations.characters;
        for (sentence, note) in &term_retranslations.notes {
            // A re-translated sentence's MT output is the re-translation, as for numbers.
            if note.helped {
                engine_targets[*sentence] = translation.targets[*sentence].clone();
            }
        }
        let term_repaired = translation.targets.clone();
        let (mut alignment, mut retranslations) = self
            .align(
                &document,
                (&texts, &glossary),
                &mut translation,
                (&target_lang, body_reads_as_english),
            )
            .await;
        notation_guard::withhold_contradicted_repairs(&mut alignment, body_reads_as_english);
        let terms = terms_stage::check_final(&term_sources, &glossary, &mut alignment, &first_terms);
        retranslations.extend(term_retranslations.notes);
        terms_stage::engine_output(&mut translation.targets, engine_targets, &term_repaired);
        alignment.qa.needs_review |= target_check.any_flagged();

        let unsaved = std::mem::take(&mut translation.unsaved);
        let title_pair = title.zip(title_target.as_deref());
        let keep = remember::answers_to_keep(
            (&alignment, &terms),
            &retranslations,
            texts.len(),
            title_pair.map(|(source, target)| (source, target, target_lang.as_str())),
        );
        // An answer still in the source language (or another one) is never remembered either.
        let in_language_asked = |index: usize| {
            target_check
                .sentences
                .get(index)
                .is_none_or(|verdict| verdict.status == SentenceStatus::Ok)
        };
        let came_out_right = |index: usize| keep.get(index).copied().unwrap_or(false) && in_language_asked(index);
        self.translator.remember(unsaved, came_out_right).await;

        metrics::counter!("alih_sentences_total").increment(sentences.len() as u64);
        metrics::histogram!("alih_processing_duration_seconds").record(started.elapsed().as_secs_f64());
        let parts = RecordParts {
            article,
            attempt,
            source_lang: &self.source_lang,
            target_lang,
            source_lang_detected: source_check.map(|check| check.detected),
            target_check,
            sentences: &sentences,
            sources: &texts,
            title: title.zip(title_target),
            translation,
            alignment,
            retranslations,
            terms,
            glossary_version: Some(glossary.version().to_owned()).filter(|version| !version.is_empty()),
        };
        Ok(parts.into_record())
    }

    /// Translates the sentences and, when there is one, the title as one more
    /// line of the same request (its whitespace collapsed to single spaces),
    /// then checks the sentences came back in the language asked for (an
    /// article that did not is an error; its cached answers are forgotten).
    /// Returns the sentences' translation, the title's and the verdicts.
    async fn translate(
        &self,
        texts: &[&str],
        title: Option<&str>,
        (target_lang, glossary): (&str, &Glossary),
    ) -> Result<(Translation, Option<String>, TargetCheck), PipelineError> {
        let title_one_line = title.map(|title| title.split_whitespace().collect::<Vec<_>>().join(" "));
        let mut lines = texts.to_vec();
        if let Some(title) = &title_one_line {
            lines.push(title);
        }
        let request = TranslateRequest {
            sentences: &lines,
            source_lang: &self.source_lang,
            target_lang,
        };
        let mut translation = self
            .translator
            .translate_with_glossary(&request, Some(glossary))
            .await?;
        let title_target = title_one_line.as_ref().and_then(|_| translation.targets.pop());
        if !self.check_target_language {
            return Ok((translation, title_target, TargetCheck::unchecked(texts.len())));
        }
        let languages = (self.source_lang.as_str(), target_lang);
        // Nothing of an untranslated answer is cached: answers are remembered
        // only after these checks and alignment (`remember`), so the retry asks again.
        let target_check = language_checks::check_translation(texts, &translation.targets, languages)?;
        Ok((translation, title_target, target_check))
    }

    /// Aligns the translation. When that leaves something for review, the
    /// sentences whose numbers are still wrong are re-translated with those
    /// numbers (and the sentence's glossary terms) protected (their cost
    /// added to `translation`), and aligned again if that helped — never for a body that reads as English, whose
    /// numerals the re-translation would render as Indonesian. Returns the
    /// alignment and one note per sentence re-translated.
    async fn align(
        &self,
        document: &Arc<Document>,
        (texts, glossary): (&[&str], &Glossary),
        translation: &mut Translation,
        (target_lang, body_reads_as_english): (&str, bool),
    ) -> (align::Alignment, Vec<(usize, RetranslationNote)>) {
        let alignment = align_off_runtime(document, &translation.targets).await;
        if !alignment.qa.needs_review || body_reads_as_english {
            return (alignment, Vec::new());
        }
        let languages = (self.source_lang.as_str(), target_lang);
        let (notes, cost) = retranslate::retranslate_unresolved(
            &self.translator,
            texts,
            &mut translation.targets,
            (&alignment.numbers, glossary),
            languages,
        )
        .await;
        translation.requests += cost.requests;
        translation.characters += cost.characters;
        if notes.iter().any(|(_, note)| note.helped) {
            return (align_off_runtime(document, &translation.targets).await, notes);
        }
        (alignment, notes)
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
        let origin = target_origin(article);
        if !is_language_code(&target_lang) {
            return Err(PipelineError::UnsupportedLanguage(format!(
                "target_lang {target_lang:?} ({origin}) is not a language code like \"en\" or \"en-GB\""
            )));
        }
        if language::same_language(&target_lang, &self.source_lang) {
            return Err(PipelineError::UnsupportedLanguage(format!(
                "target_lang {target_lang:?} ({origin}) is the source language"
            )));
        }
        Ok(target_lang)
    }
}

/// Where an article's target language came from, for the operator who has
/// to fix it: the producer (the article) or this worker's configuration.
fn target_origin(article: &Article) -> &'static str {
    match article.target_lang {
        Some(_) => "from the article's target_lang",
        None => "from mt.target_lang, as the article names none",
    }
}

/// A provider refusing the language pair is reported with the origin of
/// the target language; other errors pass through unchanged.
fn with_target_origin(error: PipelineError, article: &Article) -> PipelineError {
    match error {
        PipelineError::Mt(MtError::UnsupportedLanguage {
            provider,
            source_lang,
            target_lang,
            message,
        }) => PipelineError::UnsupportedLanguage(format!(
            "{provider} cannot translate {source_lang} to {target_lang} ({}): {message:?}",
            target_origin(article)
        )),
        other => other,
    }
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

    #[tokio::test]
    async fn large_articles_take_turns_and_small_ones_never_wait() {
        use futures_util::FutureExt;
        let pipeline = pipeline_with(FakeProvider::echo()).with_large_article_turns(1000, 2);
        let first = pipeline.turn_for(1000).await.expect("a large article holds a turn");
        let second = pipeline.turn_for(5000).await.expect("a second turn");
        assert!(
            pipeline.turn_for(2000).now_or_never().is_none(),
            "a third large article waits while two hold their turns"
        );
        assert!(
            matches!(pipeline.turn_for(999).now_or_never(), Some(None)),
            "a small article goes on without a turn"
        );
        drop(first);
        assert!(
            matches!(pipeline.turn_for(2000).now_or_never(), Some(Some(_))),
            "a freed turn is taken"
        );
        drop(second);
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
        assert_eq!(error.error_kind(), ErrorKind::MtRejected);
    }

    #[tokio::test]
    async fn an_unsupported_target_language_says_where_it_came_from() {
        let refusing = || {
            FakeProvider::from_fn(|batch| {
                Err(MtError::UnsupportedLanguage {
                    provider: "fake".into(),
                    source_lang: "id".into(),
                    target_lang: batch.target_lang.to_owned(),
                    message: "pair not available".into(),
                })
            })
        };
        for (json, origin) in [
            (
                r#"{"id":"a","body":"Isi.","target_lang":"xx"}"#,
                "the article's target_lang",
            ),
            (r#"{"id":"a","body":"Isi."}"#, "mt.target_lang"),
            (
                r#"{"id":"a","body":"Isi.","target_lang":"not a code"}"#,
                "the article's target_lang",
            ),
        ] {
            let error = run(refusing(), json).await.unwrap_err();
            assert_eq!(error.error_kind(), ErrorKind::UnsupportedLanguage, "{json}");
            assert!(error.to_string().contains(origin), "{json}: {error}");
        }
    }

    #[tokio::test]
    async fn languages_are_checked_before_anything_is_sent() {
        let provider = FakeProvider::echo();
        let log = provider.log();
        let pipeline = pipeline_with(provider);
        for json in [
            r#"{"id":"a","body":"Bonjour.","lang":"fr"}"#,
            r#"{"id":"a","body":"Isi.","target_lang":"id"}"#,
            r#"{"id":"a","body":"Isi.","target_lang":"not a code"}"#,
        ] {
            let error = pipeline.process(&article(json), 1).await.unwrap_err();
            assert_eq!(error.error_kind(), ErrorKind::UnsupportedLanguage, "{json}");
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
