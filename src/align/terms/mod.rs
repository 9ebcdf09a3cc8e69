//! Terms: the glossary a newsroom controls, found in the source and checked
//! in the translation like numbers — the third thing alih guards.
//!
//! Pure: no I/O, never panics. `glossary` parses the TSV the caller read;
//! `find` finds a term through Indonesian morphology (`DPR`, `DPR-nya`,
//! `anggota DPR`, clitics from `data/term-clitics.txt`); `pair` looks for
//! each occurrence's expected rendering in the same target sentence and
//! repairs what is safe:
//!
//! - the engine left a term in the source language (`DPR`) where the
//!   glossary has a translation: the translation is put in
//!   (`term_untranslated`); on a `case` row only the term with the row's own
//!   capitals counts (`AS` left as `AS`, never the English word `as`);
//! - a case-sensitive term came back with other capitals (`TEMPO`): the
//!   glossary's form is put back (`term_case`). Found only in lower case, or
//!   only as a sentence's capitalised first word (`us`, `president`, `Us`),
//!   it may be an ordinary word: flagged `changed` (`term_case`), never edited.
//!
//! A `keep` name the engine translated is flagged `changed`
//! (`term_translated`) when a word of it survives, `missing` otherwise:
//! where the engine's rendering begins and ends is not knowable here, so the
//! pipeline's protected re-translation is the repair for it. Like numbers,
//! [`check`] runs a second round on the repaired target, so an `ok` was
//! verified: no term is `ok` unless its target holds the expected text.

mod find;
mod glossary;
mod pair;

pub use glossary::{Glossary, GlossaryEntry, GlossaryError};

use serde::{Deserialize, Serialize};

use super::codes::{Judgement, Status};
use super::findings::{QuoteFinding, Repair};

/// One side of a term: its text as written and its `[start, end)` char span in the sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TermSide {
    /// The term as written (in the repaired target, for the target side).
    pub text: String,
    /// `[start, end)` in characters into the sentence.
    pub span: [usize; 2],
}

/// A glossary term on the record (`terms[]`), shaped like a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TermFinding {
    /// `t1`, `t2`, … in document order.
    pub id: String,
    /// Source sentence index.
    pub sentence: usize,
    /// The target sentence searched (the same index as `sentence`: sentences are paired one to one).
    pub target_sentence: Option<usize>,
    /// The quote the term sits in (`q1`), if any.
    pub quote: Option<String>,
    /// The term as the source writes it.
    pub source: TermSide,
    /// What the glossary says the translation must hold.
    pub expected: String,
    /// Where the translation holds it (`null` when `missing`).
    pub target: Option<TermSide>,
    /// `status` (`ok | changed | missing`), `reason`, `note`, written as flat fields.
    #[serde(flatten)]
    pub judgement: Judgement,
    /// The repair applied, if any.
    pub repair: Option<Repair>,
    /// The glossary row is a `keep` (do-not-translate) row.
    pub keep: bool,
}

/// Counts of term findings by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TermCounts {
    /// `ok` (including repaired).
    pub ok: u32,
    /// `changed`.
    pub changed: u32,
    /// `missing`.
    pub missing: u32,
    /// How many `ok` terms needed a repair.
    pub repaired: u32,
}

impl TermCounts {
    /// Counts `findings` by status.
    pub fn of(findings: &[TermFinding]) -> TermCounts {
        let mut counts = TermCounts::default();
        for finding in findings {
            match finding.judgement.status {
                Status::Ok => counts.ok += 1,
                Status::Changed => counts.changed += 1,
                Status::Missing | Status::Extra => counts.missing += 1,
            }
            counts.repaired += u32::from(finding.repair.is_some());
        }
        counts
    }

    /// Whether any term is flagged (not `ok`).
    pub fn any_flagged(&self) -> bool {
        self.changed + self.missing > 0
    }

    /// `(item, status, count)` for `alih_alignment_total{item="term",status}`.
    pub fn metric_counts(&self) -> [(&'static str, &'static str, u64); 3] {
        [
            ("term", "ok", self.ok.into()),
            ("term", "changed", self.changed.into()),
            ("term", "missing", self.missing.into()),
        ]
    }
}

/// What [`check`] needs.
#[derive(Debug, Clone, Copy)]
pub struct TermsInput<'a> {
    /// Source sentences, in document order.
    pub source: &'a [&'a str],
    /// Target sentences, one per source sentence.
    pub target: &'a [&'a str],
    /// Paragraph index of each source sentence.
    pub paragraphs: &'a [usize],
    /// The glossary in force for this article.
    pub glossary: &'a Glossary,
    /// The target language (`en`, `en-GB`, `ms`): picks the glossary rows.
    pub target_lang: &'a str,
    /// The record's quotes, to say which quote a term sits in (may be empty).
    pub quotes: &'a [QuoteFinding],
    /// Apply the safe repairs; `false` only checks (the target is returned unchanged).
    pub repair: bool,
}

/// The terms of an article and the target after their safe repairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermsCheck {
    /// The record's `terms[]`.
    pub findings: Vec<TermFinding>,
    /// Target sentences after the repairs (same length as the target).
    pub repaired_target: Vec<String>,
}

/// Finds every glossary term of the source, pairs it with the target,
/// repairs what is safe and verifies the result in a second round.
pub fn check(input: &TermsInput) -> TermsCheck {
    pair::check(input)
}

/// Source side only: where glossary terms occur in `sentence`, as
/// `(start, end, expected)` character spans, for protecting them from the
/// engine before translation.
pub fn protected_spans(glossary: &Glossary, sentence: &str, target_lang: &str) -> Vec<(usize, usize, String)> {
    let entries = glossary.for_target(target_lang);
    find::find_terms(sentence, &entries)
        .into_iter()
        .map(|occurrence| (occurrence.span.0, occurrence.span.1, occurrence.entry.target.clone()))
        .collect()
}

/// The glossary rows whose source term occurs in `sentences`, as
/// `(source, target)`, for an engine that takes a term list (an LLM).
pub fn terms_in(glossary: &Glossary, sentences: &[&str], target_lang: &str) -> Vec<(String, String)> {
    let entries = glossary.for_target(target_lang);
    let mut terms: Vec<(String, String)> = Vec::new();
    for sentence in sentences {
        for occurrence in find::find_terms(sentence, &entries) {
            let term = (occurrence.entry.source.clone(), occurrence.entry.target.clone());
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
    }
    terms
}

/// Keeps the repairs of a first check on a second one over the same source
/// (the pipeline checks again after numbers and quotes changed the target)
/// where the term is still `ok`: occurrences come in the same order, so they
/// match by position.
pub fn carry_repairs(first: &[TermFinding], second: &mut [TermFinding]) {
    for (earlier, later) in first.iter().zip(second.iter_mut()) {
        let same = earlier.source == later.source && earlier.sentence == later.sentence;
        if later.repair.is_none() && later.judgement.is_ok() && same {
            later.repair = earlier.repair.clone();
        }
    }
}

#[cfg(test)]
mod tests;
