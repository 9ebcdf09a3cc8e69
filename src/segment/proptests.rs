//! Property tests: for any text, segmentation never panics, is deterministic
//! and keeps the span contract of [`check_spans`]. Texts are drawn both from
//! arbitrary Unicode and from fragments chosen to hit the rules (abbreviations,
//! quotes, credits, related links, stray punctuation, odd whitespace).

use proptest::{prelude::*, test_runner::FileFailurePersistence};

use super::lexicon::LEXICON;
use super::{QuotePolicy, check_spans, segment, segment_with};

#[rustfmt::skip]
const FRAGMENTS: &[&str] = &[
    "Kata", "dia", "Prof.", "dr.", "Jl.", "No.", "Rp.", "dll.", "Tbk.", "LL.M.", "S.H.,", "B.J.", "M.", "a.n.",
    "12.000", "3,5", "10.30", "TEMPO.CO", "kompas.com", "1.", "iPhone", "2024", ".", "..", "...", "…", "!", "?",
    "?!", "“", "”", "\"", "'", "‘", "’", "(", ")", "(Foto:", "ANTARA/Rizky)", "(ant/rdn)", "Baca", "juga:",
    "Harga", "Naik", "di", "Kenaikan", "ini", "é", "ß", "İ", "🙂", "\u{a0}", "\u{200b}", "\u{2029}", " ", "  ",
    "\n", "\r\n", "\t",
];

fn fragment_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(FRAGMENTS),
            prop::sample::select(&[" ", "", "\n", " \u{a0}"][..]),
        ),
        0..60,
    )
    .prop_map(|parts| parts.into_iter().flat_map(|(word, gap)| [word, gap]).collect())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![fragment_text(), any::<String>(), "[a-zA-Z .!?…”“\"'()\n]{0,200}"]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn spans_cover_the_text_in_order_with_only_whitespace_between(text in any_text()) {
        for quotes in [QuotePolicy::SplitInside, QuotePolicy::KeepWhole] {
            let sentences = segment_with(&text, quotes);
            prop_assert_eq!(check_spans(&text, &sentences), Ok(()), "text {:?}", text);
        }
    }

    #[test]
    fn segmentation_is_deterministic(text in any_text()) {
        prop_assert_eq!(segment(&text), segment(&text));
    }

    #[test]
    fn sentences_never_join_across_a_terminator_before_a_capital_after_plain_words(
        words in prop::collection::vec("[a-z]{3,9}", 2..6),
    ) {
        // `kata kata. Kata kata.`: ordinary lower-case words give no reason to hold.
        prop_assume!(words.last().is_some_and(|last| LEXICON.abbreviation(last).is_none()));
        let first = words.join(" ");
        let text = format!("{first}. Sesudah {first}.");
        prop_assert_eq!(segment(&text).len(), 2, "text {:?}", text);
    }
}
