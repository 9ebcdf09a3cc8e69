//! The pipeline's last step: the article and what segmentation, MT and
//! alignment made of it, put together as the [`Record`]. Pure, no I/O;
//! every field of the record is filled here and only here.

use crate::{
    align::{Alignment, QuoteFinding},
    article::Article,
    language::{DetectedLanguage, TargetCheck},
    mt::Translation,
    record::{self, MtUsage, Record, RetranslationNote, SentencePair, TextPair, WorkerInfo},
    segment::Sentence,
};

/// Everything a record is made of, as the stages left it.
pub(super) struct RecordParts<'a> {
    /// The article as it arrived.
    pub article: &'a Article,
    /// Which delivery attempt this is (1 = first).
    pub attempt: u32,
    /// The worker's source language.
    pub source_lang: &'a str,
    /// The language the article was translated into.
    pub target_lang: String,
    /// What the body was detected as, when the detector knows the source language.
    pub source_lang_detected: Option<DetectedLanguage>,
    /// Per sentence: whether its translation is in the language asked for.
    pub target_check: TargetCheck,
    /// The body's sentences, in order.
    pub sentences: &'a [Sentence],
    /// Their texts, as they were translated.
    pub sources: &'a [&'a str],
    /// The trimmed headline and its translation, when the article has one.
    pub title: Option<(&'a str, String)>,
    /// What MT answered and what it cost, re-translations included.
    pub translation: Translation,
    /// The findings and the repaired targets.
    pub alignment: Alignment,
    /// One note per sentence that was re-translated with its numbers protected.
    pub retranslations: Vec<(usize, RetranslationNote)>,
}

impl RecordParts<'_> {
    /// The bilingual record.
    pub fn into_record(self) -> Record {
        let article = self.article;
        let sentences = sentence_pairs(
            &article.body,
            self.sentences,
            self.sources,
            self.alignment.repaired_target,
            &self.alignment.quotes,
            &self.retranslations,
            &self.target_check,
        );
        Record {
            schema: record::SCHEMA.to_owned(),
            record_id: record::record_id(&article.id, article.title.as_deref(), &article.body, &self.target_lang),
            article_id: article.id.clone(),
            source_lang: self.source_lang.to_owned(),
            target_lang: self.target_lang,
            source_lang_detected: self.source_lang_detected,
            title: self.title.map(|(source, target)| TextPair {
                source: source.to_owned(),
                target,
            }),
            url: article.url.clone(),
            source: article.source.clone(),
            published_at: article.published_at.clone(),
            sentences,
            quotes: self.alignment.quotes,
            numbers: self.alignment.numbers,
            qa: self.alignment.qa,
            mt: MtUsage {
                provider: self.translation.provider,
                model: self.translation.model,
                requests: self.translation.requests,
                characters: self.translation.characters,
                cached_sentences: self.translation.cached_sentences,
            },
            attempt: self.attempt,
            processed_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            worker: WorkerInfo {
                version: env!("CARGO_PKG_VERSION").to_owned(),
            },
        }
    }
}

/// One pair per sentence: its text, its (repaired) translation, its span in
/// the body in characters, the quotes it belongs to, its re-translation and
/// whether its translation is in the language asked for.
fn sentence_pairs(
    body: &str,
    sentences: &[Sentence],
    sources: &[&str],
    targets: Vec<String>,
    quotes: &[QuoteFinding],
    retranslations: &[(usize, RetranslationNote)],
    target_check: &TargetCheck,
) -> Vec<SentencePair> {
    let byte_spans: Vec<(usize, usize)> = sentences
        .iter()
        .map(|sentence| (sentence.start, sentence.end))
        .collect();
    let spans = record::char_spans(body, &byte_spans);
    sources
        .iter()
        .zip(targets)
        .zip(spans)
        .zip(sentences)
        .enumerate()
        .map(|(index, (((source, target), span), sentence))| SentencePair {
            status: target_check
                .sentences
                .get(index)
                .map(|verdict| verdict.status)
                .unwrap_or_default(),
            target_lang_detected: target_check
                .sentences
                .get(index)
                .and_then(|verdict| verdict.detected.clone()),
            index,
            paragraph: sentence.paragraph,
            source: (*source).to_owned(),
            target,
            source_span: span,
            quotes: quotes
                .iter()
                .filter(|quote| quote.sentences.contains(&index))
                .map(|quote| quote.id.clone())
                .collect(),
            retranslation: retranslations
                .iter()
                .find(|(retranslated, _)| *retranslated == index)
                .map(|(_, note)| note.clone()),
        })
        .collect()
}
