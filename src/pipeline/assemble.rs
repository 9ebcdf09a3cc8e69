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
    /// The glossary terms of the article (`terms[]`).
    pub terms: Vec<crate::align::terms::TermFinding>,
    /// The version of the glossary in force for the article, if any.
    pub glossary_version: Option<String>,
    /// One note per sentence that was re-translated with its numbers protected.
    pub retranslations: Vec<(usize, RetranslationNote)>,
}

impl RecordParts<'_> {
    /// The bilingual record.
    pub fn into_record(self) -> Record {
        let article = self.article;
        let texts = SentenceTexts {
            sources: self.sources,
            targets: self.alignment.repaired_target,
            mt_targets: &self.translation.targets,
        };
        let sentences = sentence_pairs(
            &article.body,
            self.sentences,
            texts,
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
            terms: self.terms,
            qa: self.alignment.qa,
            mt: MtUsage {
                provider: self.translation.provider,
                model: self.translation.model,
                requests: self.translation.requests,
                characters: self.translation.characters,
                cached_sentences: self.translation.cached_sentences,
                glossary_version: self.glossary_version,
            },
            attempt: self.attempt,
            processed_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            worker: WorkerInfo {
                version: env!("CARGO_PKG_VERSION").to_owned(),
            },
            aligned_by: None,
        }
    }
}

/// The texts of the sentences: source, repaired target and the MT output before repair.
struct SentenceTexts<'a> {
    sources: &'a [&'a str],
    targets: Vec<String>,
    mt_targets: &'a [String],
}

/// One pair per sentence: its text, its (repaired) translation, the MT
/// output where a repair changed it, its span in the body in characters, the
/// quotes it belongs to, its re-translation and whether its translation is in
/// the language asked for.
fn sentence_pairs(
    body: &str,
    sentences: &[Sentence],
    texts: SentenceTexts<'_>,
    quotes: &[QuoteFinding],
    retranslations: &[(usize, RetranslationNote)],
    target_check: &TargetCheck,
) -> Vec<SentencePair> {
    let byte_spans: Vec<(usize, usize)> = sentences
        .iter()
        .map(|sentence| (sentence.start, sentence.end))
        .collect();
    let spans = record::char_spans(body, &byte_spans);
    let SentenceTexts {
        sources,
        targets,
        mt_targets,
    } = texts;
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
            mt_target: mt_targets.get(index).filter(|mt_target| **mt_target != target).cloned(),
            target,
            source_span: span,
            quotes: record::quote_ids_of(quotes, index),
            retranslation: note_of(retranslations, index),
        })
        .collect()
}

/// The re-translation note of sentence `index`: a sentence tried for a term
/// and for a number has two, and the record shows the one that helped (the
/// number's, the later, when both did), else the first.
fn note_of(retranslations: &[(usize, RetranslationNote)], index: usize) -> Option<RetranslationNote> {
    let mut tried = retranslations
        .iter()
        .filter(|(retranslated, _)| *retranslated == index)
        .map(|(_, note)| note);
    let first = tried.next()?;
    let helped = std::iter::once(first).chain(tried).find(|note| note.helped);
    Some(helped.unwrap_or(first).clone())
}
