//! The contract of [`segment`](super::segment) as a check, shared by the
//! property tests and the fuzz target: spans are non-empty, trimmed, on char
//! boundaries, in order, within one paragraph each, and only whitespace lies
//! between them.

use super::Sentence;

/// Checks `sentences` against `text`; the error names the first violation.
pub fn check_spans(text: &str, sentences: &[Sentence]) -> Result<(), String> {
    let mut covered = 0;
    for (index, sentence) in sentences.iter().enumerate() {
        let Sentence { paragraph, start, end } = *sentence;
        if start < covered || start >= end || end > text.len() {
            return Err(format!(
                "sentence {index}: span {start}..{end} is empty, out of order or out of range"
            ));
        }
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(format!("sentence {index}: span {start}..{end} cuts a character"));
        }
        let gap = &text[covered..start];
        if !gap.chars().all(char::is_whitespace) {
            return Err(format!(
                "sentence {index}: non-whitespace {gap:?} left between sentences"
            ));
        }
        let body = &text[start..end];
        if body.starts_with(char::is_whitespace) || body.ends_with(char::is_whitespace) || body.contains('\n') {
            return Err(format!(
                "sentence {index}: {body:?} is not trimmed or spans a paragraph break"
            ));
        }
        let expected_paragraph = text[..start].bytes().filter(|&b| b == b'\n').count();
        if paragraph != expected_paragraph {
            return Err(format!(
                "sentence {index}: paragraph {paragraph}, expected {expected_paragraph}"
            ));
        }
        covered = end;
    }
    let tail = &text[covered..];
    if !tail.chars().all(char::is_whitespace) {
        return Err(format!("non-whitespace {tail:?} left after the last sentence"));
    }
    Ok(())
}
