//! Fuzz `align::align` and `align::analyze`: never panic, and every span on
//! the record lies on character boundaries of the sentence it names.
//!
//! Input: UTF-8 text; lines are sentence pairs `source\ttarget`, a line
//! starting with `#` starts a new paragraph, the first byte picks the target
//! language.
#![no_main]

use alih::align::{AlignInput, align, analyze};
use libfuzzer_sys::fuzz_target;

const LANGS: [&str; 4] = ["en", "ms", "id", "xx"];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lang = LANGS[data.first().map_or(0, |b| *b as usize % LANGS.len())];
    let mut source = Vec::new();
    let mut target = Vec::new();
    let mut paragraphs = Vec::new();
    let mut paragraph = 0;
    for line in text.lines() {
        if line.starts_with('#') {
            paragraph += 1;
        }
        let (s, t) = line.split_once('\t').unwrap_or((line, line));
        source.push(s);
        target.push(t);
        paragraphs.push(paragraph);
    }
    let a = align(&AlignInput {
        source: &source,
        target: &target,
        paragraphs: &paragraphs,
        target_lang: lang,
    });
    assert_eq!(a.repaired_target.len(), target.len());
    for n in &a.numbers {
        if let Some(s) = &n.source {
            let len = source[n.sentence].chars().count();
            assert!(
                s.span[0] <= s.span[1] && s.span[1] <= len,
                "source span {:?} in {len}",
                s.span
            );
        }
        if let Some(t) = &n.target {
            let sentence = t.sentence.unwrap_or(n.sentence);
            let len = a.repaired_target[sentence].chars().count();
            assert!(
                t.span[0] <= t.span[1] && t.span[1] <= len,
                "target span {:?} in {len}",
                t.span
            );
        }
    }
    let s = analyze(&source, &paragraphs);
    assert!(
        s.numbers
            .iter()
            .all(|n| n.source.span[1] <= source[n.sentence].chars().count())
    );
});
