//! Which new MT answers may enter the translation memory: only those whose
//! numbers, quotes and glossary terms came out right after safe repair. A flagged answer is
//! never stored, so it is asked for again next time instead of being served
//! from the cache for as long as the entry lives.

use crate::{
    align::{self, AlignInput, Alignment, Status, terms::TermFinding},
    record::RetranslationNote,
};

/// One flag per request position — the body's sentences, then the title
/// when there is one — saying whether its answer came out right.
///
/// A sentence is kept unless a number, quote or glossary term finding that
/// touches it is not `ok`, or it needed a protected re-translation (its first answer was
/// wrong, whatever the retry gave). The title is not part of the
/// alignment: it is checked on its own.
pub fn answers_to_keep(
    (alignment, terms): (&Alignment, &[TermFinding]),
    retranslated: &[(usize, RetranslationNote)],
    sentences: usize,
    title: Option<(&str, &str, &str)>,
) -> Vec<bool> {
    let mut keep = vec![true; sentences];
    let mut flag = |sentence: usize| {
        if let Some(slot) = keep.get_mut(sentence) {
            *slot = false;
        }
    };
    for finding in alignment
        .numbers
        .iter()
        .filter(|finding| finding.judgement.status != Status::Ok)
    {
        flag(finding.sentence);
        for side in [&finding.source, &finding.target].into_iter().flatten() {
            side.sentence.into_iter().for_each(&mut flag);
        }
    }
    for quote in alignment
        .quotes
        .iter()
        .filter(|quote| quote.judgement.status != Status::Ok)
    {
        quote.sentences.iter().copied().for_each(&mut flag);
    }
    for term in terms.iter().filter(|term| !term.judgement.is_ok()) {
        flag(term.sentence);
        term.target_sentence.into_iter().for_each(&mut flag);
    }
    for (sentence, _) in retranslated {
        flag(*sentence);
    }
    if let Some((source, target, target_lang)) = title {
        keep.push(title_came_out_right(source, target, target_lang));
    }
    keep
}

fn title_came_out_right(source: &str, target: &str, target_lang: &str) -> bool {
    let alignment = align::align(&AlignInput {
        source: &[source],
        target: &[target],
        paragraphs: &[0],
        target_lang,
    });
    !alignment.qa.needs_review
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aligned(source: &[&str], target: &[&str]) -> Alignment {
        align::align(&AlignInput {
            source,
            target,
            paragraphs: &vec![0; source.len()],
            target_lang: "en",
        })
    }

    #[test]
    fn only_sentences_whose_numbers_and_quotes_came_out_right_are_kept() {
        let source = ["Ada 12.000 tentara.", "Dia pulang.", "“Kami siap,” kata Budi."];
        let target = ["There are 12 soldiers.", "He went home.", "Budi said something."];
        let keep = answers_to_keep((&aligned(&source, &target), &[]), &[], 3, None);
        assert_eq!(keep, [false, true, false]);
    }

    #[test]
    fn a_repaired_number_is_right_but_a_retranslated_sentence_is_not_kept() {
        let source = ["Ada 12.000 tentara.", "Dia pulang."];
        let target = ["There are 12.000 soldiers.", "He went home."];
        let alignment = aligned(&source, &target);
        assert!(!alignment.qa.needs_review, "the locale leak is repaired");
        assert_eq!(answers_to_keep((&alignment, &[]), &[], 2, None), [true, true]);
        let note = RetranslationNote {
            helped: true,
            provider: "fake".into(),
        };
        assert_eq!(answers_to_keep((&alignment, &[]), &[(1, note)], 2, None), [true, false]);
    }

    #[test]
    fn the_title_is_checked_on_its_own() {
        let alignment = aligned(&["Dia pulang."], &["He went home."]);
        let keep = |title| answers_to_keep((&alignment, &[]), &[], 1, Some(title));
        assert_eq!(keep(("Harga naik 5%", "Prices up 5%", "en")), [true, true]);
        assert_eq!(keep(("Harga naik 5%", "Prices up", "en")), [true, false]);
    }

    #[test]
    fn a_sentence_with_a_flagged_glossary_term_is_not_kept() {
        use crate::align::terms::{self, Glossary, TermsInput};
        let glossary = Glossary::parse("DPR\tHouse of Representatives\ten\n").expect("glossary");
        let source = ["Anggota DPR datang.", "Dia pulang.", "Anggota DPR pulang."];
        let target = [
            "members Parliament came.",
            "He went home.",
            "members House of Representatives went home.",
        ];
        let findings = terms::check(&TermsInput {
            source: &source,
            target: &target,
            paragraphs: &[0, 0, 0],
            glossary: &glossary,
            target_lang: "en",
            quotes: &[],
            repair: false,
        })
        .findings;
        assert!(!findings[0].judgement.is_ok(), "{findings:?}");
        let alignment = aligned(&source, &target);
        assert_eq!(
            answers_to_keep((&alignment, &findings), &[], 3, None),
            [false, true, true]
        );
    }
}
