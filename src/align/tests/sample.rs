//! The canonical sample article through real Apertium `ind|zlm` output.
//!
//! The fixture was produced by segmenting `../shared/samples/dw-korut-rusia.json`
//! with `segment::segment` and translating each sentence with Apertium APy
//! (`langpair=ind|zlm`, `markUnknown=no`); Apertium leaves `12.000` untouched.

use serde::Deserialize;

use crate::align::{AlignInput, Reason, Status, align};

#[derive(Deserialize)]
struct Fixture {
    source: Vec<String>,
    target: Vec<String>,
    paragraphs: Vec<usize>,
    target_lang: String,
}

fn fixture() -> Fixture {
    serde_json::from_str(include_str!("../../../tests/fixtures/align/dw-korut-rusia.ms.json")).expect("fixture parses")
}

#[test]
fn the_sample_has_three_quotes_by_nico_lange_and_the_inner_12000_is_repaired() {
    let f = fixture();
    let source: Vec<&str> = f.source.iter().map(String::as_str).collect();
    let target: Vec<&str> = f.target.iter().map(String::as_str).collect();
    assert!(target[13].contains("12.000"), "Apertium leaves 12.000 untouched");
    let a = align(&AlignInput {
        source: &source,
        target: &target,
        paragraphs: &f.paragraphs,
        target_lang: &f.target_lang,
    });

    let speech: Vec<_> = a.quotes.iter().filter(|quote| quote.depth == 1).collect();
    assert_eq!(speech.len(), 3);
    assert!(
        speech
            .iter()
            .all(|quote| quote.speaker.as_deref() == Some("Nico Lange")),
        "{speech:#?}"
    );
    assert!(
        speech
            .iter()
            .all(|quote| quote.target.is_some() && quote.judgement.status == Status::Ok)
    );

    let third = speech[2];
    assert_eq!(third.sentences, vec![13, 14, 15]);
    assert_eq!(third.numbers.len(), 1);
    let inner = a
        .numbers
        .iter()
        .find(|number| number.id == third.numbers[0])
        .expect("inner number");
    assert_eq!(inner.value, "12000");
    assert_eq!(inner.judgement.status, Status::Ok);
    let repair = inner.repair.as_ref().expect("repaired");
    assert_eq!(
        (repair.from.as_str(), repair.to.as_str(), repair.reason),
        ("12.000", "12,000", Reason::LocaleLeak)
    );
    let target_side = inner.target.as_ref().expect("target side");
    let repaired: Vec<char> = a.repaired_target[13].chars().collect();
    let at: String = repaired[target_side.span[0]..target_side.span[1]].iter().collect();
    assert_eq!(at, "12,000");
    assert!(!a.qa.needs_review);
    assert_eq!(a.qa.numbers.changed + a.qa.numbers.missing + a.qa.numbers.extra, 0);
}

#[test]
fn the_sample_record_matches_its_snapshot() {
    let f = fixture();
    let source: Vec<&str> = f.source.iter().map(String::as_str).collect();
    let target: Vec<&str> = f.target.iter().map(String::as_str).collect();
    let a = align(&AlignInput {
        source: &source,
        target: &target,
        paragraphs: &f.paragraphs,
        target_lang: &f.target_lang,
    });
    insta::assert_json_snapshot!(
        "dw_korut_rusia_ms",
        serde_json::json!({"numbers": a.numbers, "quotes": a.quotes, "qa": a.qa})
    );
}

#[derive(Deserialize)]
struct Pairs {
    source: Vec<String>,
    target: Vec<String>,
}

/// Thirty news sentences across the category table, translated by Apertium:
/// every number survives the engine, so every finding must be `ok`, and no
/// Indonesian separator may remain in a repaired Malay number.
#[test]
fn real_apertium_sentences_align_without_false_findings() {
    let pairs: Pairs = serde_json::from_str(include_str!("../../../tests/fixtures/align/apertium-ms-pairs.json"))
        .expect("fixture parses");
    let mut repaired = 0;
    for (s, t) in pairs.source.iter().zip(&pairs.target) {
        let a = align(&AlignInput {
            source: &[s.as_str()],
            target: &[t.as_str()],
            paragraphs: &[0],
            target_lang: "ms",
        });
        assert!(!a.qa.needs_review, "{s}\n{t}\n{:#?}", a.numbers);
        repaired += a.qa.numbers.repaired;
        for n in a.numbers.iter().filter(|number| {
            number
                .repair
                .as_ref()
                .is_some_and(|repair| repair.reason == Reason::LocaleLeak)
        }) {
            let to = &n.repair.as_ref().map(|repair| repair.to.clone()).unwrap_or_default();
            assert!(
                !to.contains(',') || !to.contains('.') || to.find(',') < to.find('.'),
                "{to}"
            );
        }
    }
    assert_eq!(repaired, 17, "Apertium leaks Indonesian separators");
}
