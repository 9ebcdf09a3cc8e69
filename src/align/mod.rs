//! Quotes and the numbers inside them, aligned between the Indonesian source
//! and its translation — the reason `alih` exists.
//!
//! Pure: no I/O, never panics on any input; a misalignment is data, not an
//! error. The flow, one module per step:
//!
//! 1. [`numbers`] extracts numeric mentions per sentence and language into
//!    exact canonical values; [`quotes`] finds quotations across sentences
//!    and paragraphs and their speakers. Language data lives in [`lexicon`].
//! 2. [`pair`] pairs numbers within aligned windows; [`quote_pair`] pairs
//!    quotes in document order.
//! 3. [`repair`] applies the safe repairs (locale and scale-letter leaks,
//!    grouped years, missing or misplaced marks) to the target, and the whole
//!    check runs again on the repaired text, so what is reported `ok` was
//!    verified, not assumed.
//! 4. [`findings`] is what goes on the record, with the codes of [`codes`].

pub mod codes;
pub mod findings;
pub mod lexicon;
pub mod numbers;
pub mod pair;
pub mod quote_pair;
pub mod quotes;
pub mod repair;
pub mod text;

mod build;

pub use codes::{Note, Reason, Status};
pub use findings::{NumberFinding, NumberSide, Qa, QuoteFinding, Repair, SourceAnalysis, SourceNumber, SourceQuote};

use serde::Serialize;

/// What the pipeline hands to [`align`].
#[derive(Debug, Clone, Copy)]
pub struct AlignInput<'a> {
    /// Source sentences (Indonesian), in document order.
    pub source: &'a [&'a str],
    /// MT output, one per source sentence.
    pub target: &'a [&'a str],
    /// Paragraph index of each source sentence (same length as `source`).
    pub paragraphs: &'a [usize],
    /// ISO 639-1 target language: `en`, `ms`, …; unknown → a generic Latin-script profile.
    pub target_lang: &'a str,
}

/// What [`align`] returns: the record's `numbers`, `quotes`, repaired target sentences and `qa`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alignment {
    /// The record's `numbers[]`.
    pub numbers: Vec<NumberFinding>,
    /// The record's `quotes[]`.
    pub quotes: Vec<QuoteFinding>,
    /// Target sentences after safe repairs (same length as the target).
    pub repaired_target: Vec<String>,
    /// The record's `qa` summary.
    pub qa: Qa,
}

/// Aligns quotes and numbers of a source and its translation, repairing what is safe.
pub fn align(input: &AlignInput) -> Alignment {
    build::align(input)
}

/// Source side only: the numbers and quotes of an Indonesian text.
pub fn analyze(source: &[&str], paragraphs: &[usize]) -> SourceAnalysis {
    build::analyze(source, paragraphs)
}

#[cfg(test)]
mod tests;
