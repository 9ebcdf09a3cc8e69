//! Quotes and the numbers inside them, aligned between the Indonesian source
//! and its translation — the reason `alih` exists.
//!
//! Pure: no I/O, never panics on any input; a misalignment is data, not an
//! error. The flow (`build` runs it, once, then again on the repaired
//! target, so what is reported `ok` was verified, not assumed):
//!
//! ```text
//! source, target ─┬─ numbers::extract ──── mentions ──┐
//!                 └─ quotes::extract ───── quotes ────┤ (which quote each mention sits in)
//!                                                      ▼
//!                        numbers::pair ──── number links ──┐ (target positions of each quote's numbers)
//!                                                          ▼
//!                        quotes::pair ───── quote links
//!                  number + quote links ─── repair::Edit ──► repair::apply ──► round again
//!                        last round ─────── report ──► findings (numbers[], quotes[], qa)
//! ```
//!
//! Before pairing, `sentences` aligns the sentences of both sides when the
//! target has another structure (merged, split, dropped sentences), and
//! `groups` lays each aligned group out as one text per side: pairing is the
//! same code whatever the structure, and the repair edits are moved back into
//! the target sentence that holds them. One target per source sentence (the
//! pipeline's case) is paired as it is.
//!
//! Number pairing and quote pairing feed each other: number pairing keeps a
//! figure inside the same quotation on both sides, then the number links
//! tell quote pairing which target quote holds the numbers of a source
//! quote, and both ask for [`repair::Edit`]s. Every verdict is one
//! [`Judgement`] (status, reason, note), from the links to the record.
//!
//! Where things go:
//! - a new number pattern: one function in `numbers/patterns/`, registered in
//!   the priority list of `numbers/patterns/mod.rs`;
//! - a new language: a [`lexicon::Profile`] in [`lexicon`], chosen by
//!   [`lexicon::target_profile`]; words read on every side whatever the
//!   language (and the attribution words) are in `align/data/`, which a
//!   linguist reviews without reading code;
//! - a new field on the record: [`findings`] (the types) and `report` (how
//!   links become findings); output formats are not here, they serialise
//!   these types.

pub mod codes;
pub mod findings;
pub mod lexicon;
pub mod numbers;
pub mod quotes;
pub mod repair;
pub mod sentences;
pub mod terms;
pub mod text;

mod build;
mod groups;
mod report;

pub use codes::{Judgement, Note, Reason, Status};
pub use findings::{NumberFinding, NumberSide, Qa, QuoteFinding, Repair, SourceAnalysis, SourceNumber, SourceQuote};

use sentences::Structure;
use serde::Serialize;

/// What the pipeline hands to [`align`].
#[derive(Debug, Clone, Copy)]
pub struct AlignInput<'a> {
    /// Source sentences (Indonesian), in document order.
    pub source: &'a [&'a str],
    /// MT output, in document order: one per source sentence (the pipeline's
    /// case), or any other structure — sentences merged, split or dropped —
    /// which [`sentences`] aligns before pairing.
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
///
/// With as many target as source sentences, target `i` is taken to translate
/// source `i` (the pipeline translates sentence by sentence); with another
/// count, the sentences are aligned first ([`sentences`]).
pub fn align(input: &AlignInput) -> Alignment {
    build::align(input, Structure::OneToOneWhenCountsMatch)
}

/// Like [`align`] for a translation whose sentence structure is not known
/// (`alih align --jsonl`: a document translated as a whole, a human
/// translation): equal counts are aligned too, and stay 1:1 unless a merge
/// and a split elsewhere are clearly more likely.
pub fn align_any_structure(input: &AlignInput) -> Alignment {
    build::align(input, Structure::Unknown)
}

/// Source side only: the numbers and quotes of an Indonesian text.
pub fn analyze(source: &[&str], paragraphs: &[usize]) -> SourceAnalysis {
    build::analyze(source, paragraphs)
}

#[cfg(test)]
mod tests;
