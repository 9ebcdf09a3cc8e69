//! What `align` and `analyze` put on the record: the contract's `numbers[]`,
//! `quotes[]` and `qa` objects, serialised with the contract's field names.

use serde::{Deserialize, Serialize};

use super::codes::{Judgement, Note, Reason, Status};
use super::numbers::Kind;

/// One side of a number: its text as written and its `[start, end)` char span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NumberSide {
    /// The mention as written (in the repaired target, for the target side).
    pub text: String,
    /// `[start, end)` in characters into the sentence.
    pub span: [usize; 2],
    /// The sentence holding it, when its index differs from the finding's `sentence` (as before `target_sentence`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sentence: Option<usize>,
}

/// A safe repair applied to the target text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Repair {
    /// The text before the repair.
    pub from: String,
    /// The text after the repair.
    pub to: String,
    /// Why (`locale_leak`, `scale_abbrev_leak`, `year_grouped`, `unquoted`, `close_mark_missing`, …).
    pub reason: Reason,
}

/// A number on the record (`numbers[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NumberFinding {
    /// `n1`, `n2`, … in document order.
    pub id: String,
    /// Source sentence index (for an `extra`: the source sentence its target sentence is aligned with).
    pub sentence: usize,
    /// Target sentence index of the target side (`null` when `missing`); `target.span` counts into it.
    #[serde(default)]
    pub target_sentence: Option<usize>,
    /// The quote it sits in (`q1`), if any.
    pub quote: Option<String>,
    /// What sort of number.
    pub kind: Kind,
    /// Canonical value, e.g. `"12000"`, `"10..12"`, `"10:30+07"`, `"2024-11-25"`.
    pub value: String,
    /// ISO currency, `%`, `pp`, `bp`, time zone or era.
    pub unit: Option<String>,
    /// A hedge qualifies it (`sekitar`, `-an`).
    #[serde(default)]
    pub approx: bool,
    /// Source side (`null` for an `extra`).
    pub source: Option<NumberSide>,
    /// Target side (`null` when `missing`).
    pub target: Option<NumberSide>,
    /// `status` (`ok | missing | changed | extra`), `reason` when not `ok`, and `note`, written as flat fields.
    #[serde(flatten)]
    pub judgement: Judgement,
    /// The repair applied, if any.
    pub repair: Option<Repair>,
}

/// A quote on the record (`quotes[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QuoteFinding {
    /// `q1`, `q2`, … in document order.
    pub id: String,
    /// Who is quoted, when attributed (here or in a neighbouring sentence): the fullest name
    /// the article gives, as written in the source, or a description (`seorang pedagang`).
    pub speaker: Option<String>,
    /// The speaker's role or title as the source gives it (`Kepala BMKG`), when it does.
    pub speaker_role: Option<String>,
    /// Source sentences the quote spans (for an `extra`: those its target sentences are aligned with).
    pub sentences: Vec<usize>,
    /// The first target sentence the target quote spans (`null` when `missing`).
    #[serde(default)]
    pub target_sentence: Option<usize>,
    /// The quoted source words without marks (`null` for an `extra`).
    pub source: Option<String>,
    /// The quoted target words without marks (`null` when `missing`).
    pub target: Option<String>,
    /// `status` (`ok | missing | changed | extra`), `reason` when not `ok`, and `note`, written as flat fields.
    #[serde(flatten)]
    pub judgement: Judgement,
    /// Ids of the numbers inside the quote.
    pub numbers: Vec<String>,
    /// 1 for a quote, 2 for a quote inside a quote.
    pub depth: u8,
    /// The enclosing quote's id for a nested quote.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub parent: Option<String>,
    /// The repair applied to the marks, if any.
    pub repair: Option<Repair>,
}

/// Counts per status for one item type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NumberCounts {
    /// `ok` (including repaired).
    pub ok: u32,
    /// `changed`.
    pub changed: u32,
    /// `missing`.
    pub missing: u32,
    /// `extra`.
    pub extra: u32,
    /// How many `ok` numbers needed a repair.
    pub repaired: u32,
}

/// Counts per status for quotes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QuoteCounts {
    /// `ok`.
    pub ok: u32,
    /// `changed`.
    pub changed: u32,
    /// `missing`.
    pub missing: u32,
    /// `extra`.
    pub extra: u32,
}

/// The record's `qa` summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Qa {
    /// Number findings by status.
    pub numbers: NumberCounts,
    /// Quote findings by status.
    pub quotes: QuoteCounts,
    /// Glossary term findings by status (all zero without a glossary).
    #[serde(default)]
    pub terms: super::terms::TermCounts,
    /// A flagged (not repaired) finding remains.
    pub needs_review: bool,
}

impl Qa {
    /// Summarises findings.
    pub fn from_findings(numbers: &[NumberFinding], quotes: &[QuoteFinding]) -> Qa {
        let mut qa = Qa::default();
        for number in numbers {
            match number.judgement.status {
                Status::Ok => qa.numbers.ok += 1,
                Status::Changed => qa.numbers.changed += 1,
                Status::Missing => qa.numbers.missing += 1,
                Status::Extra => qa.numbers.extra += 1,
            }
            qa.numbers.repaired += u32::from(number.repair.is_some());
        }
        for quote in quotes {
            match quote.judgement.status {
                Status::Ok => qa.quotes.ok += 1,
                Status::Changed => qa.quotes.changed += 1,
                Status::Missing => qa.quotes.missing += 1,
                Status::Extra => qa.quotes.extra += 1,
            }
        }
        qa.needs_review = numbers.iter().any(|number| !number.judgement.is_ok())
            || quotes.iter().any(|quote| !quote.judgement.is_ok());
        qa
    }

    /// `(item, status, count)` for the `alih_alignment_total{item,status}` counter.
    pub fn counts(&self) -> [(&'static str, &'static str, u64); 11] {
        let n = &self.numbers;
        let q = &self.quotes;
        let [term_ok, term_changed, term_missing] = self.terms.metric_counts();
        [
            ("number", "ok", n.ok.into()),
            ("number", "changed", n.changed.into()),
            ("number", "missing", n.missing.into()),
            ("number", "extra", n.extra.into()),
            ("quote", "ok", q.ok.into()),
            ("quote", "changed", q.changed.into()),
            ("quote", "missing", q.missing.into()),
            ("quote", "extra", q.extra.into()),
            term_ok,
            term_changed,
            term_missing,
        ]
    }
}

/// A number found by `analyze` (source side only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceNumber {
    /// `n1`, `n2`, ….
    pub id: String,
    /// Sentence index.
    pub sentence: usize,
    /// The quote it sits in.
    pub quote: Option<String>,
    /// What sort of number.
    pub kind: Kind,
    /// Canonical value.
    pub value: String,
    /// Unit, if any.
    pub unit: Option<String>,
    /// A hedge qualifies it.
    pub approx: bool,
    /// Text and span.
    pub source: NumberSide,
}

/// A quote found by `analyze` (source side only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceQuote {
    /// `q1`, `q2`, ….
    pub id: String,
    /// Who is quoted: the fullest name the article gives, or a description.
    pub speaker: Option<String>,
    /// The speaker's role or title, when the article gives one.
    pub speaker_role: Option<String>,
    /// Sentences spanned.
    pub sentences: Vec<usize>,
    /// Quoted words without marks.
    pub source: String,
    /// Ids of the numbers inside.
    pub numbers: Vec<String>,
    /// Nesting depth.
    pub depth: u8,
    /// `source_unbalanced`, `multi_paragraph` or `term_quote`.
    pub note: Option<Note>,
}

/// The result of [`analyze`](super::analyze).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceAnalysis {
    /// Numbers found in the source.
    pub numbers: Vec<SourceNumber>,
    /// Quotes found in the source.
    pub quotes: Vec<SourceQuote>,
}
