//! Re-alignment without MT: a stored record's source and translation are
//! checked again by this alih's aligner (`alih realign`). The record id,
//! the texts and the `mt` block stay; `numbers`, `quotes`, `qa`, the
//! repaired targets and `aligned_by` are new.
//!
//! The translation checked is the MT output before repairs: the record's
//! `mt_target` where a repair changed the sentence. Records written before
//! `mt_target` existed get their number repairs undone from each repair's
//! `from` at its target span; a repaired quotation mark cannot be undone
//! that way and is checked as repaired. Glossary terms are not checked
//! again (no glossary here): their in-place repairs are redone on the MT
//! output, and `terms` and `qa.terms` stay as they were. `mt_target` stays
//! the engine's text, so a sentence whose only repair was a term keeps it.

use crate::{
    align::{self, AlignInput, Alignment, NumberFinding},
    record::{self, AlignedBy, Record},
};

/// The record aligned again by this alih.
pub fn realign(record: &Record) -> Record {
    // The engine's text: `mt_target` says it where the final target differs.
    let engine_texts = original_translations(record);
    let mut translations = engine_texts.clone();
    redo_term_repairs(&mut translations, &record.terms);
    let alignment = align_again(record, &translations);
    let mut realigned = record.clone();
    for ((pair, repaired), engine_text) in realigned
        .sentences
        .iter_mut()
        .zip(alignment.repaired_target)
        .zip(engine_texts)
    {
        pair.quotes = record::quote_ids_of(&alignment.quotes, pair.index);
        pair.mt_target = (repaired != engine_text).then_some(engine_text);
        pair.target = repaired;
    }
    realigned.numbers = alignment.numbers;
    realigned.quotes = alignment.quotes;
    // Terms are not checked again (realign has no glossary): their findings
    // and counts stay, and still flag the record.
    realigned.qa = alignment.qa;
    realigned.qa.terms = record.qa.terms;
    realigned.qa.needs_review |= record.qa.terms.any_flagged();
    realigned.aligned_by = Some(AlignedBy {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    });
    realigned
}

/// The one call into the aligner, as the pipeline makes it.
fn align_again(record: &Record, translations: &[String]) -> Alignment {
    let sources: Vec<&str> = record.sentences.iter().map(|pair| pair.source.as_str()).collect();
    let targets: Vec<&str> = translations.iter().map(String::as_str).collect();
    let paragraphs: Vec<usize> = record.sentences.iter().map(|pair| pair.paragraph).collect();
    align::align(&AlignInput {
        source: &sources,
        target: &targets,
        paragraphs: &paragraphs,
        target_lang: &record.target_lang,
    })
}

/// Each sentence's MT output before repairs, as well as the record tells it.
fn original_translations(record: &Record) -> Vec<String> {
    record
        .sentences
        .iter()
        .map(|pair| match &pair.mt_target {
            Some(translation) => translation.clone(),
            None => undo_number_repairs(&pair.target, pair.index, &record.numbers),
        })
        .collect()
}

/// Puts the record's in-place glossary term repairs back into the MT output
/// (`mt_target` is the engine's text before them): the engine's rendering
/// is replaced where it stands as whole words (`DPR`, never the start of
/// `DPRD`), at the occurrence nearest the term's place in the final target.
fn redo_term_repairs(translations: &mut [String], terms: &[crate::align::terms::TermFinding]) {
    for term in terms {
        let Some(repair) = &term.repair else { continue };
        let sentence = term.target_sentence.unwrap_or(term.sentence);
        let Some(translation) = translations.get_mut(sentence) else {
            continue;
        };
        // `translations` is the engine's text (`mt_target`, or the target
        // where nothing was repaired), so `from` still stands where the
        // repair was made, even when `to` occurs elsewhere in the sentence.
        if repair.from.is_empty() {
            continue;
        }
        let near = term.target.as_ref().map_or(0, |side| side.span[0]);
        let nearest = whole_word_occurrences(translation, &repair.from)
            .into_iter()
            .min_by_key(|(_, char_start)| char_start.abs_diff(near));
        if let Some((byte_start, _)) = nearest {
            translation.replace_range(byte_start..byte_start + repair.from.len(), &repair.to);
        }
    }
}

/// Where `word` occurs in `text` with no letter or digit touching it on
/// either side, as (byte offset, character offset).
fn whole_word_occurrences(text: &str, word: &str) -> Vec<(usize, usize)> {
    let is_word_char = |character: Option<char>| character.is_some_and(char::is_alphanumeric);
    text.match_indices(word)
        .filter(|(start, _)| {
            let before = text[..*start].chars().next_back();
            let after = text[start + word.len()..].chars().next();
            !is_word_char(before) && !is_word_char(after)
        })
        .map(|(start, _)| (start, text[..start].chars().count()))
        .collect()
}

/// `target` with each number repair of sentence `index` put back, right to
/// left so earlier spans stay valid; a span that no longer holds the
/// repair's `to` is left alone.
fn undo_number_repairs(target: &str, index: usize, numbers: &[NumberFinding]) -> String {
    let mut repairs: Vec<([usize; 2], &str, &str)> = numbers
        .iter()
        .filter_map(|number| {
            let repair = number.repair.as_ref()?;
            let side = number.target.as_ref()?;
            (side.sentence.unwrap_or(number.sentence) == index).then_some((
                side.span,
                repair.to.as_str(),
                repair.from.as_str(),
            ))
        })
        .collect();
    repairs.sort_by_key(|(span, _, _)| std::cmp::Reverse(span[0]));
    let mut characters: Vec<char> = target.chars().collect();
    for ([start, end], to, from) in repairs {
        let holds_repair =
            end <= characters.len() && start <= end && characters[start..end].iter().copied().eq(to.chars());
        if holds_repair {
            characters.splice(start..end, from.chars());
        }
    }
    characters.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Record {
        serde_json::from_str(include_str!("../tests/fixtures/records/dw-korut-rusia.ms.json")).expect("fixture record")
    }

    #[test]
    fn realigning_keeps_the_id_and_translations_and_says_who_aligned() {
        let record = sample();
        let realigned = realign(&record);
        assert_eq!(realigned.record_id, record.record_id);
        assert_eq!(realigned.mt, record.mt);
        let targets = |record: &Record| {
            record
                .sentences
                .iter()
                .map(|pair| pair.target.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(targets(&realigned), targets(&record));
        assert_eq!(realigned.numbers, record.numbers);
        assert_eq!(realigned.quotes, record.quotes);
        assert_eq!(realigned.qa, record.qa);
        let aligned_by = realigned.aligned_by.expect("aligned_by set");
        assert_eq!(aligned_by.version, env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn without_mt_target_the_number_repairs_are_undone_from_their_from_values() {
        let mut record = sample();
        for pair in &mut record.sentences {
            pair.mt_target = None;
        }
        let translations = original_translations(&record);
        let repaired = record
            .numbers
            .iter()
            .find(|number| number.repair.is_some())
            .expect("a repaired number");
        let sentence = repaired.sentence;
        assert!(record.sentences[sentence].target.contains("12,000"));
        assert!(translations[sentence].contains("12.000"), "{}", translations[sentence]);
        assert_eq!(
            realign(&record).sentences[sentence].target,
            sample().sentences[sentence].target
        );
    }

    /// The sample cut to one sentence whose only repair was the glossary term
    /// `DPR` → `House of Representatives` (the engine wrote `engine`).
    fn one_term_repaired(source: &str, engine: &str, target: &str) -> Record {
        let mut record = sample();
        record.sentences.truncate(1);
        let pair = &mut record.sentences[0];
        (pair.source, pair.target) = (source.to_owned(), target.to_owned());
        pair.mt_target = Some(engine.to_owned());
        (pair.index, pair.paragraph, pair.quotes) = (0, 0, Vec::new());
        record.numbers.clear();
        record.quotes.clear();
        let source_start = source.find("DPR ").expect("DPR in the source");
        let target_start = target.chars().count() - " came.".chars().count() - "House of Representatives".len();
        let term = serde_json::json!({
            "id": "t1", "sentence": 0, "target_sentence": 0, "quote": null,
            "source": {"text": "DPR", "span": [source_start, source_start + 3]},
            "expected": "House of Representatives",
            "target": {"text": "House of Representatives", "span": [target_start, target_start + 24]},
            "status": "ok",
            "repair": {"from": "DPR", "to": "House of Representatives", "reason": "term_untranslated"},
            "keep": false
        });
        record.terms = vec![serde_json::from_value(term).expect("a term finding")];
        record.qa.terms = crate::align::terms::TermCounts::of(&record.terms);
        record
    }

    #[test]
    fn a_term_repair_is_redone_on_the_whole_word_not_inside_a_longer_one() {
        let record = one_term_repaired(
            "DPRD dan DPR datang.",
            "DPRD and DPR came.",
            "DPRD and House of Representatives came.",
        );
        let realigned = realign(&record);
        assert_eq!(realigned.sentences[0].target, "DPRD and House of Representatives came.");
        assert_eq!(realigned.sentences[0].mt_target.as_deref(), Some("DPRD and DPR came."));
    }

    #[test]
    fn a_term_repair_is_redone_where_the_engine_also_translated_the_term_elsewhere() {
        let record = one_term_repaired(
            "DPR dan anggota DPR datang.",
            "House of Representatives and DPR came.",
            "House of Representatives and House of Representatives came.",
        );
        let realigned = realign(&record);
        assert_eq!(
            realigned.sentences[0].target,
            "House of Representatives and House of Representatives came."
        );
    }

    #[test]
    fn a_sentence_whose_only_repair_was_a_term_keeps_the_engines_text() {
        let record = one_term_repaired(
            "Anggota DPR datang.",
            "members DPR came.",
            "members House of Representatives came.",
        );
        let realigned = realign(&record);
        assert_eq!(realigned.sentences[0].target, "members House of Representatives came.");
        assert_eq!(realigned.sentences[0].mt_target.as_deref(), Some("members DPR came."));
        assert!(!realigned.qa.needs_review, "{:?}", realigned.qa);
    }

    #[test]
    fn a_record_whose_translation_was_edited_gets_new_findings() {
        let mut record = sample();
        let repaired = record
            .numbers
            .iter()
            .find(|number| number.repair.is_some())
            .expect("a repaired number");
        let sentence = repaired.sentence;
        let pair = &mut record.sentences[sentence];
        pair.mt_target = Some(pair.target.replace("12,000", "1,200"));
        let realigned = realign(&record);
        assert!(realigned.qa.needs_review, "{:?}", realigned.qa);
        assert_eq!(realigned.qa.numbers.changed, record.qa.numbers.changed + 1);
    }
}
