//! Protected re-translation: the last resort for a number that is still
//! wrong after alignment's safe repairs.
//!
//! The sentence goes to the engine once more with the number pre-rendered in
//! target notation and marked "do not translate"; the answer is kept only if
//! re-aligning it shows every number of the sentence intact. The record says
//! per sentence whether it was tried and whether it helped.
//!
//! The new answer replaces the whole sentence, so the sentence's glossary
//! terms are protected in the same request, written as the glossary says:
//! a term the glossary stage repaired before alignment stays repaired.

use rust_decimal::Decimal;
use tracing::warn;

use crate::{
    align::{self, AlignInput, NumberFinding, Status, lexicon, numbers::Kind, terms::Glossary},
    language::notation::is_english_grouped,
    mt::{ProtectedRequest, ProtectedSpan, Translator},
    record::RetranslationNote,
};

/// What the re-translations cost, for the record's `mt` block.
#[derive(Debug, Default)]
pub struct RetranslationCost {
    /// HTTP requests made.
    pub requests: u32,
    /// Characters sent.
    pub characters: u64,
}

/// Re-translates each sentence holding an unresolved number whose source can
/// be written in target notation, with the sentence's `glossary` terms
/// protected too; replaces the target where that helped.
/// Returns one note per sentence tried.
pub async fn retranslate_unresolved(
    translator: &Translator,
    sources: &[&str],
    targets: &mut [String],
    (numbers, glossary): (&[NumberFinding], &Glossary),
    languages: (&str, &str),
) -> (Vec<(usize, RetranslationNote)>, RetranslationCost) {
    let (source_lang, target_lang) = languages;
    let mut notes = Vec::new();
    let mut cost = RetranslationCost::default();
    for (sentence, mut spans) in protectable_spans(numbers, sources.len(), target_lang) {
        spans.extend(term_spans(glossary, sources[sentence], target_lang, &spans));
        let request = ProtectedRequest {
            sentence: sources[sentence],
            spans: &spans,
            source_lang,
            target_lang,
        };
        let all_numbers_intact = |candidate: &str| numbers_intact(sources[sentence], candidate, target_lang);
        match translator.retranslate_checked(&request, all_numbers_intact).await {
            Ok(outcome) => {
                cost.requests += outcome.translation.requests;
                cost.characters += outcome.translation.characters;
                if outcome.helped {
                    targets[sentence] = outcome.translation.target;
                }
                notes.push((
                    sentence,
                    RetranslationNote {
                        helped: outcome.helped,
                        provider: outcome.translation.provider,
                    },
                ));
            }
            // The first translation stands; its findings stay flagged.
            Err(error) => warn!(sentence, %error, "Protected re-translation failed; keeping the first translation."),
        }
    }
    (notes, cost)
}

/// Unresolved numbers grouped by sentence, as spans with their target rendering.
fn protectable_spans(
    numbers: &[NumberFinding],
    sentences: usize,
    target_lang: &str,
) -> Vec<(usize, Vec<ProtectedSpan>)> {
    if !lexicon::writes_english_notation(target_lang) {
        return Vec::new();
    }
    let mut by_sentence: Vec<(usize, Vec<ProtectedSpan>)> = Vec::new();
    for finding in numbers
        .iter()
        .filter(|finding| matches!(finding.judgement.status, Status::Changed | Status::Missing))
    {
        let Some(source) = &finding.source else { continue };
        if source.sentence.is_some() || finding.sentence >= sentences {
            continue;
        }
        let Some(replacement) = render_in_english_notation(finding.kind, &source.text) else {
            continue;
        };
        let span = ProtectedSpan {
            start: source.span[0],
            end: source.span[1],
            replacement,
        };
        match by_sentence
            .iter_mut()
            .find(|(sentence, _)| *sentence == finding.sentence)
        {
            Some((_, spans)) => spans.push(span),
            None => by_sentence.push((finding.sentence, vec![span])),
        }
    }
    by_sentence
}

/// The glossary terms of `source` as spans written as the glossary says,
/// leaving out any that overlaps a number's span (the number comes first).
fn term_spans(glossary: &Glossary, source: &str, target_lang: &str, numbers: &[ProtectedSpan]) -> Vec<ProtectedSpan> {
    ProtectedSpan::for_terms(glossary, source, target_lang)
        .into_iter()
        .filter(|term| {
            numbers
                .iter()
                .all(|number| term.end <= number.start || number.end <= term.start)
        })
        .collect()
}

/// `12.000` → `12,000`, `3,5%` → `3.5%`, `2023` → `2023`; `None` for
/// anything with words or units, which only the engine can render.
fn render_in_english_notation(kind: Kind, source_text: &str) -> Option<String> {
    let (numeral, suffix) = match kind {
        Kind::Cardinal | Kind::Year => (source_text, ""),
        Kind::Percent => (source_text.strip_suffix('%')?.trim_end(), "%"),
        _ => return None,
    };
    if numeral.is_empty() || !numeral.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    // `12,000` is not Indonesian notation: reading it as twelve would corrupt it.
    if is_english_grouped(numeral) {
        return None;
    }
    if kind == Kind::Year {
        return numeral.chars().all(|c| c.is_ascii_digit()).then(|| numeral.to_owned());
    }
    let (value, decimals) = align::numbers::read_source_numeral(numeral)?;
    Some(format!(
        "{}{suffix}",
        align::numbers::format_en(value, decimals, value.abs() >= Decimal::from(1000))
    ))
}

/// Whether every number of `source` is `ok` against `candidate`.
fn numbers_intact(source: &str, candidate: &str, target_lang: &str) -> bool {
    let alignment = align::align(&AlignInput {
        source: &[source],
        target: &[candidate],
        paragraphs: &[0],
        target_lang,
    });
    alignment
        .numbers
        .iter()
        .all(|finding| finding.judgement.status == Status::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_notation_targets_are_the_profiles_that_write_it_whatever_the_code_spelling() {
        for lang in ["en", "en-GB", "en_US", "EN", "ms", "zlm", "ms-MY"] {
            assert!(lexicon::writes_english_notation(lang), "{lang}");
        }
        for lang in ["id", "de", "fr", "ja", "xx", ""] {
            assert!(!lexicon::writes_english_notation(lang), "{lang}");
        }
    }

    #[test]
    fn plain_numerals_are_rendered_in_english_notation_and_the_rest_left_to_the_engine() {
        let cases: &[(Kind, &str, Option<&str>)] = &[
            (Kind::Cardinal, "12.000", Some("12,000")),
            (Kind::Cardinal, "1.234.567,89", Some("1,234,567.89")),
            (Kind::Cardinal, "3,50", Some("3.50")),
            (Kind::Cardinal, "750", Some("750")),
            (Kind::Percent, "3,5%", Some("3.5%")),
            (Kind::Percent, "12 %", Some("12%")),
            (Kind::Year, "2023", Some("2023")),
            (Kind::Cardinal, "1,5 juta", None),
            (Kind::Currency, "Rp 5.000", None),
            (Kind::Time, "10.30", None),
            (Kind::Cardinal, "dua belas", None),
            // Read as the extractor reads it: an English decimal in the source stays 1.5, never 15.
            (Kind::Cardinal, "1.5", Some("1.5")),
            (Kind::Cardinal, "1.23.4", None),
            (Kind::Cardinal, "12,000", None),
        ];
        for (kind, source, expected) in cases {
            assert_eq!(
                render_in_english_notation(*kind, source).as_deref(),
                *expected,
                "{kind:?} {source}"
            );
        }
    }
}
