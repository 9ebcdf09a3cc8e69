//! What the fuzz targets check, shared by `fuzz/fuzz_targets/*` (run by
//! `cargo fuzz`) and `tests/fuzz_seeds.rs` (their seeds in every
//! `cargo test`, so the checks run in CI even where no fuzzer is installed).
#![allow(dead_code)] // each user calls one of them

use alih::{
    align::{AlignInput, align, analyze},
    segment::{QuotePolicy, check_spans, segment_with},
};

/// `align` and `analyze` never panic, and every span on the record lies on
/// character boundaries of the sentence it names.
///
/// Input: UTF-8 text; lines are sentence pairs `source\ttarget`, a line
/// starting with `#` starts a new paragraph, the first byte picks the
/// target language.
pub fn check_align(data: &[u8]) {
    const LANGS: [&str; 4] = ["en", "ms", "id", "xx"];
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lang = LANGS[data.first().map_or(0, |byte| *byte as usize % LANGS.len())];
    let mut source = Vec::new();
    let mut target = Vec::new();
    let mut paragraphs = Vec::new();
    let mut paragraph = 0;
    for line in text.lines() {
        if line.starts_with('#') {
            paragraph += 1;
        }
        let (source_sentence, target_sentence) = line.split_once('\t').unwrap_or((line, line));
        source.push(source_sentence);
        target.push(target_sentence);
        paragraphs.push(paragraph);
    }
    let aligned = align(&AlignInput {
        source: &source,
        target: &target,
        paragraphs: &paragraphs,
        target_lang: lang,
    });
    assert_eq!(aligned.repaired_target.len(), target.len());
    for number in &aligned.numbers {
        if let Some(side) = &number.source {
            let len = source[number.sentence].chars().count();
            assert!(
                side.span[0] <= side.span[1] && side.span[1] <= len,
                "source span {:?} in {len}",
                side.span
            );
        }
        if let Some(side) = &number.target {
            let sentence = side.sentence.unwrap_or(number.sentence);
            let len = aligned.repaired_target[sentence].chars().count();
            assert!(
                side.span[0] <= side.span[1] && side.span[1] <= len,
                "target span {:?} in {len}",
                side.span
            );
        }
    }
    let analysed = analyze(&source, &paragraphs);
    assert!(
        analysed
            .numbers
            .iter()
            .all(|number| number.source.span[1] <= source[number.sentence].chars().count())
    );
}

/// For any bytes (read as UTF-8, lossily), both quote policies return
/// without panicking and keep the span contract: non-empty trimmed spans
/// on char boundaries, in order, within one paragraph, with only
/// whitespace between them.
pub fn check_segment(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for quotes in [QuotePolicy::SplitInside, QuotePolicy::KeepWhole] {
        let sentences = segment_with(&text, quotes);
        if let Err(violation) = check_spans(&text, &sentences) {
            panic!("{violation} in {text:?} ({quotes:?})");
        }
    }
}
