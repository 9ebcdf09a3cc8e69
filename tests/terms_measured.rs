//! The terms guard measured on articles written with the sample glossary's
//! terms (`tests/fixtures/terms/articles.jsonl`, `deploy/config/glossary.tsv`):
//! every occurrence found, no term `ok` whose target lacks the expected
//! text, and with an engine that ignores the glossary (a word-by-word
//! double) every term it got wrong repaired or flagged. `--nocapture`
//! prints the figures.

use std::time::Duration;

use alih::align::Status;
use alih::align::terms::{Glossary, TermFinding};
use alih::article::Article;
use alih::mt::fake::FakeProvider;
use alih::mt::{GlossaryHandle, GlossaryHandling, MtConfig, Translator};
use alih::pipeline::Pipeline;
use alih::record::Record;

/// Term occurrences per article, counted by hand (exact forms and inflected ones).
const EXPECTED_OCCURRENCES: &[(&str, usize)] = &[
    ("terms-dpr", 8),
    ("terms-kpk", 11),
    ("terms-ekonomi", 9),
    ("terms-dunia", 13),
];

/// A word-by-word engine that knows no glossary: a small dictionary, other
/// words copied.
fn word_by_word(text: &str) -> String {
    const DICTIONARY: &[(&str, &str)] = &[
        ("anggota", "member"),
        ("dari", "from"),
        ("partai", "party"),
        ("menolak", "reject"),
        ("keputusan", "decision"),
        ("kata", "said"),
        ("wakil", "deputy"),
        ("presiden", "president"),
        ("utara", "north"),
        ("selatan", "south"),
        ("bintang", "star"),
        ("ketua", "chairman"),
        ("majalah", "magazine"),
        ("harian", "daily"),
        ("mahkamah", "court"),
        ("konstitusi", "constitution"),
        ("menteri", "minister"),
        ("luar", "outside"),
        ("negeri", "country"),
        ("pertahanan", "defence"),
        ("bank", "bank"),
        ("amerika", "america"),
        ("serikat", "union"),
        ("rusia", "russia"),
        ("ukraina", "ukraine"),
        ("dan", "and"),
        ("di", "in"),
        ("istana", "palace"),
        ("agung", "great"),
        ("kejaksaan", "prosecution"),
        ("koordinator", "coordinator"),
        ("bidang", "field"),
        ("perekonomian", "economy"),
        ("gubernur", "governor"),
        ("pemimpin", "leader"),
    ];
    text.split(' ')
        .map(|word| {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            match DICTIONARY
                .iter()
                .find(|(indonesian, _)| indonesian.eq_ignore_ascii_case(bare))
            {
                Some((_, english)) if !bare.is_empty() => word.replacen(bare, english, 1),
                _ => word.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn articles() -> Vec<Article> {
    include_str!("fixtures/terms/articles.jsonl")
        .lines()
        .map(|line| Article::parse(line.as_bytes(), 1 << 20).unwrap())
        .collect()
}

/// [`word_by_word`] that also drops the `⟦n⟧` tokens it is asked to keep:
/// the protected re-translation cannot help it either.
fn word_by_word_losing_placeholders(text: &str) -> String {
    word_by_word(text)
        .split(' ')
        .filter(|word| !word.contains('⟦'))
        .collect::<Vec<_>>()
        .join(" ")
}

async fn records(engine: fn(&str) -> String, handling: GlossaryHandling) -> Vec<Record> {
    let glossary = Glossary::parse(include_str!("../deploy/config/glossary.tsv")).unwrap();
    let provider = FakeProvider::map(engine).with_glossary_handling(handling);
    let translator = Translator::with_providers(vec![Box::new(provider)], &MtConfig::default());
    let pipeline = Pipeline::new(translator, "id", "en")
        .with_target_language_check(false)
        .with_glossary(GlossaryHandle::fixed(glossary));
    let mut records = Vec::new();
    for article in articles() {
        let record = tokio::time::timeout(Duration::from_secs(20), pipeline.process(&article, 1))
            .await
            .expect("the pipeline finishes")
            .unwrap();
        records.push(record);
    }
    records
}

/// The target text at the finding's span, and whether it is the expected text.
fn holds_expected(record: &Record, term: &TermFinding) -> bool {
    let Some(side) = &term.target else { return false };
    let sentence = &record.sentences[term.target_sentence.unwrap_or(term.sentence)].target;
    let at: String = sentence
        .chars()
        .skip(side.span[0])
        .take(side.span[1] - side.span[0])
        .collect();
    at.to_lowercase() == term.expected.to_lowercase()
}

fn check_every_occurrence_found(records: &[Record]) {
    for (record, &(id, expected)) in records.iter().zip(EXPECTED_OCCURRENCES) {
        assert_eq!(record.article_id, id);
        let found: Vec<&str> = record.terms.iter().map(|term| term.source.text.as_str()).collect();
        assert_eq!(found.len(), expected, "{id}: {found:?}");
    }
}

#[tokio::test]
async fn with_placeholders_every_term_is_found_and_comes_out_as_the_glossary_says() {
    let records = records(word_by_word, GlossaryHandling::Protect).await;
    check_every_occurrence_found(&records);
    let terms: Vec<(&Record, &TermFinding)> = records
        .iter()
        .flat_map(|record| record.terms.iter().map(move |term| (record, term)))
        .collect();
    let ok = terms
        .iter()
        .filter(|(record, term)| term.judgement.status == Status::Ok && holds_expected(record, term))
        .count();
    eprintln!(
        "placeholders: {} occurrences found, {ok} ok with the expected text at the span",
        terms.len()
    );
    assert_eq!(ok, terms.len());
}

/// Counts (right by itself, repaired, flagged), checking that no term is
/// `ok` without the expected text and that a flagged term flags the record.
fn tally(records: &[Record]) -> (usize, usize, usize) {
    let (mut right_by_itself, mut repaired, mut flagged) = (0, 0, 0);
    for record in records {
        for term in &record.terms {
            match (term.judgement.status, &term.repair) {
                (Status::Ok, repair) => {
                    assert!(holds_expected(record, term), "ok without the expected text: {term:?}");
                    if repair.is_some() {
                        repaired += 1
                    } else {
                        right_by_itself += 1
                    }
                }
                _ => {
                    flagged += 1;
                    assert!(
                        record.qa.needs_review,
                        "{}: a flagged term must flag the record",
                        record.article_id
                    );
                }
            }
        }
        let not_ok = record.terms.iter().filter(|term| !term.judgement.is_ok()).count() as u32;
        assert_eq!(record.qa.terms.changed + record.qa.terms.missing, not_ok);
    }
    (right_by_itself, repaired, flagged)
}

#[tokio::test]
async fn an_engine_ignoring_the_glossary_has_every_wrong_term_repaired() {
    let records = records(word_by_word, GlossaryHandling::Native).await;
    check_every_occurrence_found(&records);
    let (right_by_itself, repaired, flagged) = tally(&records);
    eprintln!("ignoring engine: {right_by_itself} right by itself, {repaired} repaired, {flagged} flagged");
    assert!(repaired > 0);
    assert_eq!(flagged, 0, "the protected re-translation puts every term in");
}

#[tokio::test]
async fn an_engine_ignoring_even_protected_terms_has_every_wrong_term_repaired_or_flagged() {
    let records = records(word_by_word_losing_placeholders, GlossaryHandling::Native).await;
    check_every_occurrence_found(&records);
    let (right_by_itself, repaired, flagged) = tally(&records);
    eprintln!("engine losing placeholders: {right_by_itself} right by itself, {repaired} repaired, {flagged} flagged");
    assert!(repaired > 0 && flagged > 0);
}
