//! The output: a bilingual record, schema `alih.bilingual.v1`.
//!
//! These types are the wire contract (`CONTRACT.md`); renaming a field is a
//! breaking change for every consumer. Spans are `[start, end)` in Unicode
//! scalar values, as the contract says, not bytes.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Schema name written into every record.
pub const SCHEMA: &str = "alih.bilingual.v1";

/// One article, sentence by sentence, in both languages.
///
/// Consumers must ignore fields they do not know: `v1` grows by optional
/// fields (see the README's schema evolution policy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Record {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Stable hash of article id, title, body and target language.
    pub record_id: String,
    /// The producer's article id.
    pub article_id: String,
    /// ISO 639-1 source language.
    pub source_lang: String,
    /// ISO 639-1 target language.
    pub target_lang: String,
    /// What the language detector read the body as (`{"lang","confidence"}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_lang_detected: Option<crate::language::DetectedLanguage>,
    /// The headline and its translation, when the article had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<TextPair>,
    /// Copied from the article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Copied from the article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Copied from the article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    /// One entry per source sentence, in order.
    pub sentences: Vec<SentencePair>,
    /// Quotations found and aligned.
    pub quotes: Vec<crate::align::QuoteFinding>,
    /// Numeric mentions found and aligned.
    pub numbers: Vec<crate::align::NumberFinding>,
    /// Glossary terms found in the source and checked in the translation
    /// (`mt.glossary`); empty without a glossary.
    #[serde(default)]
    pub terms: Vec<crate::align::terms::TermFinding>,
    /// Counts of the alignment findings.
    pub qa: crate::align::Qa,
    /// What the translation cost.
    pub mt: MtUsage,
    /// Which delivery attempt produced this record (1 = first).
    pub attempt: u32,
    /// RFC 3339 time the record was built.
    pub processed_at: String,
    /// The worker that built it.
    pub worker: WorkerInfo,
    /// Present when `alih realign` aligned the stored texts again: which
    /// alih did it and when; `qa`, `numbers`, `quotes` and the repaired
    /// targets are then its work, the translations still `worker`'s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aligned_by: Option<AlignedBy>,
}

/// The `aligned_by` block of a re-aligned record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AlignedBy {
    /// The alih version whose checker produced the findings.
    pub version: String,
    /// RFC 3339 time of the re-alignment.
    pub at: String,
}

/// A source text and its translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TextPair {
    /// Original text.
    pub source: String,
    /// Machine translation.
    pub target: String,
}

/// One sentence and its translation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SentencePair {
    /// Position in `sentences`.
    pub index: usize,
    /// Zero-based `\n`-separated paragraph of the body.
    pub paragraph: usize,
    /// The sentence as it stands in the body.
    pub source: String,
    /// Its translation (after safe repairs).
    pub target: String,
    /// The MT output before repairs, present only when a repair changed it,
    /// so `alih realign` can check the original translation again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mt_target: Option<String>,
    /// `[start, end)` in characters into the article body.
    pub source_span: [usize; 2],
    /// Ids of the quotes this sentence is part of.
    pub quotes: Vec<String>,
    /// `ok`, or `untranslated` / `wrong_language` when the target is not in
    /// the language asked for (then `qa.needs_review` is true).
    #[serde(default)]
    pub status: crate::language::target::SentenceStatus,
    /// What the target was detected as, when that flagged it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_lang_detected: Option<crate::language::DetectedLanguage>,
    /// Present when a number stayed wrong after safe repair and the sentence
    /// was translated once more with the number protected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retranslation: Option<RetranslationNote>,
}

/// A protected re-translation of one sentence, and whether it helped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RetranslationNote {
    /// Whether the new translation kept every number and replaced the first one.
    pub helped: bool,
    /// The provider that answered it.
    pub provider: String,
}

/// The `mt` block: who translated and what it cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MtUsage {
    /// Provider that answered (after any fallback).
    pub provider: String,
    /// Model, where the provider has one.
    pub model: Option<String>,
    /// HTTP requests sent.
    pub requests: u32,
    /// Characters sent for translation.
    pub characters: u64,
    /// Sentences answered from the worker's cache instead.
    pub cached_sentences: u32,
    /// The version (content hash) of the glossary the article was translated
    /// and checked with; absent without a glossary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glossary_version: Option<String>,
}

/// The `worker` block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WorkerInfo {
    /// alih's version.
    pub version: String,
}

/// The deterministic record id: the same article always hashes the same,
/// whichever worker, attempt or provider handled it, so consumers can drop
/// duplicates by `message_id`. Fields are length-prefixed so that moving
/// text between title and body changes the id.
pub fn record_id(article_id: &str, title: Option<&str>, body: &str, target_lang: &str) -> String {
    let mut hasher = Sha256::new();
    for field in [article_id, title.unwrap_or(""), body, target_lang] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    let digest = hasher.finalize();
    digest[..16].iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Ids of the quotes sentence `index` is part of (a pair's `quotes`).
pub fn quote_ids_of(quotes: &[crate::align::QuoteFinding], index: usize) -> Vec<String> {
    quotes
        .iter()
        .filter(|quote| quote.sentences.contains(&index))
        .map(|quote| quote.id.clone())
        .collect()
}

/// Converts byte offsets (ascending starts) into character offsets of `text`
/// in one pass.
pub fn char_spans(text: &str, byte_spans: &[(usize, usize)]) -> Vec<[usize; 2]> {
    let mut boundaries: Vec<usize> = byte_spans.iter().flat_map(|&(start, end)| [start, end]).collect();
    boundaries.sort_unstable();
    boundaries.dedup();
    let mut char_at = std::collections::HashMap::with_capacity(boundaries.len());
    let mut next = boundaries.iter().peekable();
    let ends = text
        .char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(text.len()));
    for (chars_seen, byte) in ends.enumerate() {
        while let Some(&&boundary) = next.peek() {
            if boundary > byte {
                break;
            }
            char_at.insert(boundary, chars_seen);
            next.next();
        }
    }
    byte_spans
        .iter()
        .map(|(start, end)| [char_at[start], char_at[end]])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_id_is_stable_and_depends_on_every_field() {
        let base = record_id("a", Some("T"), "Isi.", "en");
        assert_eq!(base, record_id("a", Some("T"), "Isi.", "en"));
        assert_eq!(base.len(), 32);
        for other in [
            record_id("b", Some("T"), "Isi.", "en"),
            record_id("a", None, "Isi.", "en"),
            record_id("a", Some("T"), "Isi!", "en"),
            record_id("a", Some("T"), "Isi.", "ms"),
            record_id("a", Some(""), "TIsi.", "en"),
        ] {
            assert_ne!(base, other);
        }
    }

    /// The recipe, written down so it can be checked without this code:
    /// SHA-256 over the four fields article id, title (absent = ""), body
    /// and target language, in that order, each preceded by its UTF-8 byte
    /// length as a big-endian u64; the id is the first 16 bytes of the
    /// digest as lowercase hex. The values below came from Python's
    /// `hashlib` following that recipe, not from this function:
    ///
    /// ```text
    /// h = hashlib.sha256()
    /// for f in (article_id, title or "", body, target_lang):
    ///     h.update(struct.pack(">Q", len(f.encode()))); h.update(f.encode())
    /// h.hexdigest()[:32]
    /// ```
    ///
    /// Consumers drop duplicates by this id across worker versions, so a
    /// change here is a breaking change of the wire contract.
    #[test]
    fn the_record_id_follows_its_documented_recipe() {
        let body = "Pemerintah mengirim 12.000 tentara.";
        let title = Some("Korea Utara kirim tentara ke Rusia");
        let cases: &[(&str, Option<&str>, &str, &str, &str)] = &[
            ("dw-korut-rusia", title, body, "en", "75975d4430f13f360761badf7576e12a"),
            ("dw-korut-rusia", None, body, "en", "8ed980cc3e81e14986fe9fa821895e89"),
            (
                "dw-korut-rusia",
                Some(""),
                body,
                "en",
                "8ed980cc3e81e14986fe9fa821895e89",
            ),
            ("dw-korut-rusia", title, body, "ms", "20f4307cd99a2b3df93a0feefa7cfb7d"),
            (
                "kompas-2026-0042",
                Some("Menteri: “Harga naik”"),
                "“Harga beras naik 5 persen,” kata Menteri. Café—naïve ✓ 🇮🇩.",
                "en",
                "b283dfb35a74a9896b4e3acfbf9d6ba3",
            ),
        ];
        for &(article_id, title, body, target_lang, expected) in cases {
            assert_eq!(
                record_id(article_id, title, body, target_lang),
                expected,
                "{article_id} {title:?} → {target_lang}"
            );
        }
    }

    #[test]
    fn byte_spans_become_character_spans() {
        let text = "“Ya,” kata Ani. Éé ok.";
        let first = text.find("kata").unwrap();
        let second = text.find("Éé").unwrap();
        let spans = char_spans(text, &[(0, first + 4), (second, text.len())]);
        assert_eq!(spans, vec![[0, 10], [16, 22]]);
        assert_eq!(text.chars().count(), 22);
    }
}
