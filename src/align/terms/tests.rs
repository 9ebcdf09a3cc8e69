//! `check(source, target) → findings` tables for the terms guard.

use super::*;

const GLOSSARY: &str = "DPR\tHouse of Representatives\ten\n\
    Korea Utara\tNorth Korea\ten\n\
    Partai Gerindra\t\t*\tkeep\n\
    Tempo\t\t*\tkeep,case\n\
    Bintang\t\t*\tkeep,case\n\
    Polda Metro Jaya\tJakarta Metropolitan Police\ten\n";

fn run(source: &[&str], target: &[&str]) -> TermsCheck {
    let glossary = Glossary::parse(GLOSSARY).unwrap();
    check(&TermsInput {
        source,
        target,
        paragraphs: &[0],
        glossary: &glossary,
        target_lang: "en",
        quotes: &[],
        repair: true,
    })
}

/// One line per finding: `source → target status[/reason][ repaired]`.
fn summary(result: &TermsCheck) -> Vec<String> {
    result
        .findings
        .iter()
        .map(|finding| {
            let target = finding.target.as_ref().map_or("-", |side| side.text.as_str());
            let reason = finding
                .judgement
                .reason
                .map(|reason| format!("/{reason:?}"))
                .unwrap_or_default();
            let repaired = if finding.repair.is_some() { " repaired" } else { "" };
            format!(
                "{} → {target} {}{reason}{repaired}",
                finding.source.text,
                finding.judgement.status.as_str()
            )
        })
        .collect()
}

fn check_one(source: &str, target: &str, expected: &[&str], repaired: &str) {
    let result = run(&[source], &[target]);
    assert_eq!(summary(&result), expected, "{source} → {target}");
    assert_eq!(result.repaired_target, [repaired], "{source} → {target}");
    for finding in &result.findings {
        if finding.judgement.is_ok() {
            let side = finding.target.as_ref().expect("an ok term has a target");
            let at: String = repaired
                .chars()
                .skip(side.span[0])
                .take(side.span[1] - side.span[0])
                .collect();
            assert_eq!(at.to_lowercase(), finding.expected.to_lowercase(), "{finding:?}");
        }
    }
}

#[test]
fn a_term_rendered_as_the_glossary_says_is_ok() {
    check_one(
        "Anggota DPR-nya menolak.",
        "Its House of Representatives members refused.",
        &["DPR → House of Representatives ok"],
        "Its House of Representatives members refused.",
    );
    check_one(
        "Korea Utara dan Partai Gerindra.",
        "North Korea and Partai Gerindra.",
        &["Korea Utara → North Korea ok", "Partai Gerindra → Partai Gerindra ok"],
        "North Korea and Partai Gerindra.",
    );
}

#[test]
fn a_term_left_untranslated_is_repaired_in_place() {
    check_one(
        "Anggota DPR menolak.",
        "DPR members refused.",
        &["DPR → House of Representatives ok repaired"],
        "House of Representatives members refused.",
    );
}

#[test]
fn a_case_sensitive_name_with_other_capitals_is_repaired() {
    check_one(
        "Majalah Tempo melaporkan.",
        "The TEMPO magazine reported.",
        &["Tempo → Tempo ok repaired"],
        "The Tempo magazine reported.",
    );
}

#[test]
fn a_name_in_capitals_opening_the_sentence_is_repaired() {
    check_with_sample_glossary(
        "Tempo melaporkan hal itu.",
        "TEMPO reported it.",
        &["Tempo → Tempo ok repaired"],
        "Tempo reported it.",
    );
}

#[test]
fn a_case_sensitive_name_found_only_in_lower_case_is_flagged_not_edited() {
    check_one(
        "Majalah Tempo melaporkan.",
        "The tempo magazine reported.",
        &["Tempo → tempo changed/TermCase"],
        "The tempo magazine reported.",
    );
}

/// The sample glossary's `case` rows against English words that spell them.
fn check_with_sample_glossary(source: &str, target: &str, expected: &[&str], repaired: &str) {
    let glossary = Glossary::parse(include_str!("../../../deploy/config/glossary.tsv")).unwrap();
    let result = check(&TermsInput {
        source: &[source],
        target: &[target],
        paragraphs: &[0],
        glossary: &glossary,
        target_lang: "en",
        quotes: &[],
        repair: true,
    });
    assert_eq!(summary(&result), expected, "{source} → {target}");
    assert_eq!(result.repaired_target, [repaired], "{source} → {target}");
}

#[test]
fn english_words_that_spell_a_case_sensitive_term_are_never_edited() {
    let unchanged = |source: &str, target: &str, expected: &[&str]| {
        check_with_sample_glossary(source, target, expected, target);
    };
    unchanged(
        "Presiden AS mengatakan hal itu kepada kami.",
        "The American president told us that.",
        &["Presiden → president changed/TermCase", "AS → us changed/TermCase"],
    );
    unchanged(
        "Menteri itu datang sebagai tamu AS.",
        "The minister came as a guest.",
        &["AS → - missing"],
    );
    unchanged(
        "Presiden datang.",
        "The president came.",
        &["Presiden → president changed/TermCase"],
    );
    unchanged("AS menolak.", "Us officials refused.", &["AS → Us changed/TermCase"]);
    unchanged("AS menolak.", "As officials refused.", &["AS → - missing"]);
}

#[test]
fn a_case_sensitive_acronym_the_engine_left_is_translated() {
    check_with_sample_glossary(
        "Pejabat AS menolak.",
        "AS officials refused.",
        &["AS → US ok repaired"],
        "US officials refused.",
    );
}

#[test]
fn a_keep_name_the_engine_translated_is_flagged() {
    check_one(
        "Partai Gerindra menang.",
        "The Gerindra Party won.",
        &["Partai Gerindra → Gerindra changed/TermTranslated"],
        "The Gerindra Party won.",
    );
    check_one(
        "Bintang datang.",
        "Star came.",
        &["Bintang → - missing/TermTranslated"],
        "Star came.",
    );
}

#[test]
fn a_translated_term_the_engine_rendered_otherwise_is_missing() {
    check_one(
        "Polda Metro Jaya menangkap dua orang.",
        "Metro Jaya Police arrested two people.",
        &["Polda Metro Jaya → - missing"],
        "Metro Jaya Police arrested two people.",
    );
}

#[test]
fn two_occurrences_need_two_renderings() {
    check_one(
        "DPR dan DPR.",
        "House of Representatives and DPR.",
        &[
            "DPR → House of Representatives ok",
            "DPR → House of Representatives ok repaired",
        ],
        "House of Representatives and House of Representatives.",
    );
}

#[test]
fn a_term_inside_a_quotation_links_to_that_quote() {
    let glossary = Glossary::parse(GLOSSARY).unwrap();
    let source = ["“DPR harus menolak rencana itu,” kata Bintang."];
    let target = ["“The House of Representatives must reject the plan,” Bintang said."];
    let alignment = crate::align::align(&crate::align::AlignInput {
        source: &source,
        target: &target,
        paragraphs: &[0],
        target_lang: "en",
    });
    assert_eq!(alignment.quotes.len(), 1, "{:?}", alignment.quotes);
    let result = check(&TermsInput {
        source: &source,
        target: &target,
        paragraphs: &[0],
        glossary: &glossary,
        target_lang: "en",
        quotes: &alignment.quotes,
        repair: true,
    });
    let quotes: Vec<(&str, Option<&str>)> = result
        .findings
        .iter()
        .map(|finding| (finding.source.text.as_str(), finding.quote.as_deref()))
        .collect();
    assert_eq!(
        quotes,
        [("DPR", Some(alignment.quotes[0].id.as_str())), ("Bintang", None)]
    );
}

#[test]
fn repairs_survive_a_second_check_of_the_final_target() {
    let first = run(&["Anggota DPR menolak."], &["DPR members refused."]);
    let targets: Vec<&str> = first.repaired_target.iter().map(String::as_str).collect();
    let mut second = run(&["Anggota DPR menolak."], &targets);
    assert!(second.findings[0].repair.is_none());
    carry_repairs(&first.findings, &mut second.findings);
    assert_eq!(second.findings, first.findings);
}

#[test]
fn counts_and_the_flag_follow_the_findings() {
    let result = run(
        &["DPR, Bintang dan Polda Metro Jaya."],
        &["DPR, Star and Jakarta Metropolitan Police."],
    );
    let counts = TermCounts::of(&result.findings);
    assert_eq!(
        (counts.ok, counts.changed, counts.missing, counts.repaired),
        (2, 0, 1, 1)
    );
    assert!(counts.any_flagged());
}

#[test]
fn protected_spans_and_term_lists_come_from_the_source() {
    let glossary = Glossary::parse(GLOSSARY).unwrap();
    assert_eq!(
        protected_spans(&glossary, "Anggota DPR-nya dari Partai Gerindra.", "en"),
        [
            (8, 11, "House of Representatives".to_owned()),
            (21, 36, "Partai Gerindra".to_owned())
        ]
    );
    assert_eq!(
        terms_in(&glossary, &["DPR dan DPR", "Korea Utara"], "en"),
        [
            ("DPR".to_owned(), "House of Representatives".to_owned()),
            ("Korea Utara".to_owned(), "North Korea".to_owned())
        ]
    );
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn sentence() -> impl Strategy<Value = String> {
        let words = prop::sample::select(vec![
            "DPR",
            "DPR-nya",
            "dpr",
            "Korea",
            "Utara",
            "Partai",
            "Gerindra",
            "Tempo",
            "tempo",
            "Bintang",
            "“",
            "”",
            "-nya",
            "lah",
            ",",
            ".",
            "House",
            "of",
            "Representatives",
            "North",
            "ẞ",
            "İ",
            "🇮🇩",
            "  ",
            "⟦0⟧",
        ]);
        prop::collection::vec(words, 0..24).prop_map(|words| words.join(" "))
    }

    proptest! {
        #[test]
        fn terms_never_panic_and_spans_stay_inside_their_sentences(
            source in prop::collection::vec(sentence(), 1..4),
            target in prop::collection::vec(sentence(), 0..5),
        ) {
            let sources: Vec<&str> = source.iter().map(String::as_str).collect();
            let targets: Vec<&str> = target.iter().map(String::as_str).collect();
            let result = run(&sources, &targets);
            prop_assert_eq!(result.repaired_target.len(), targets.len());
            for finding in &result.findings {
                let length = sources[finding.sentence].chars().count();
                prop_assert!(finding.source.span[0] < finding.source.span[1] && finding.source.span[1] <= length);
                if let Some(side) = &finding.target {
                    let repaired = &result.repaired_target[finding.sentence];
                    prop_assert!(side.span[1] <= repaired.chars().count());
                    let at: String = repaired.chars().skip(side.span[0]).take(side.span[1] - side.span[0]).collect();
                    prop_assert_eq!(&at, &side.text);
                    if finding.judgement.is_ok() {
                        prop_assert_eq!(at.to_lowercase(), finding.expected.to_lowercase());
                    }
                }
            }
        }
    }
}
