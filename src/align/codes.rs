//! The status, reason and note codes of the record.
//!
//! These are exactly the codes of section 8.8 of the numbers-and-quotes notes
//! (`../shared/notes/numbers-quotes.md`), which the contract refers to; they
//! are the only values `status`, `reason` and `note` ever take.

use serde::{Deserialize, Serialize};

/// The outcome of aligning one number or quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Present on both sides and equal (possibly after a recorded repair).
    Ok,
    /// Present on both sides but different.
    Changed,
    /// In the source, not in the translation.
    Missing,
    /// In the translation, not in the source.
    Extra,
}

impl Status {
    /// The code as written on the record and in metrics labels.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Changed => "changed",
            Status::Missing => "missing",
            Status::Extra => "extra",
        }
    }
}

/// Why a finding is not `ok`, or why a repair was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Indonesian separators left in the translation (`12.000`).
    LocaleLeak,
    /// An Indonesian scale abbreviation left in the translation (`Rp2 M`).
    ScaleAbbrevLeak,
    /// A year written with a group separator (`2,023`).
    YearGrouped,
    /// A different value.
    Value,
    /// Off by a power of a thousand.
    Scale,
    /// A different currency.
    Currency,
    /// A different unit (percent vs percentage points).
    Unit,
    /// A range rendered as one of its ends.
    RangeCollapsed,
    /// Day and month swapped into a different date.
    DateOrder,
    /// Decimals dropped or rounded.
    Precision,
    /// A parenthesised amount in another currency added by the translation.
    ConversionAdded,
    /// A changed number inside the quote.
    InnerNumber,
    /// The attribution moved inside the quotation marks.
    Boundary,
    /// The opening mark of a multi-sentence quote is missing.
    OpenMarkMissing,
    /// The closing mark of a multi-sentence quote is missing.
    CloseMarkMissing,
    /// A nested quote changed.
    NestedChanged,
    /// The quoted words are there but without marks.
    Unquoted,
    /// The quote became indirect speech.
    IndirectSpeech,
    /// A nested quote lost its marks.
    NestedDropped,
    /// Marks added around a term.
    Added,
    /// Marks added around reported speech: a fabricated direct quote.
    IndirectToDirect,
    /// A glossary term left in the source language where the glossary gives a translation.
    TermUntranslated,
    /// A `keep` term (a name) the engine translated.
    TermTranslated,
    /// A case-sensitive glossary term written with other capitalisation.
    TermCase,
}

/// A remark that is not an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Note {
    /// Different quotation glyphs (`“…”` → `"…"`).
    GlyphStyle,
    /// Two source quotes became one target quote.
    Merged,
    /// One source quote became two target quotes.
    Split,
    /// A hedge (`sekitar`) was not translated.
    HedgeDropped,
    /// A target time is the converted duplicate of a matched time.
    TzConvertedDuplicate,
    /// The source quote is not closed.
    SourceUnbalanced,
    /// The quote spans paragraphs.
    MultiParagraph,
    /// A quoted term, not speech.
    TermQuote,
    /// A numeric date readable either way round.
    DmyAmbiguous,
    /// The currency was dropped (warning).
    CurrencyDropped,
}

/// The verdict on one number or quote: its status, the reason when it is not
/// `ok` (or why it was repaired), and a remark that is not an error. Pairing
/// produces it, the findings carry it unchanged (flattened into the record's
/// `status`, `reason` and `note` fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Judgement {
    /// `ok | missing | changed | extra`.
    pub status: Status,
    /// Reason code when not `ok`.
    pub reason: Option<Reason>,
    /// A note that is not an error.
    pub note: Option<Note>,
}

impl Judgement {
    /// A judgement with this status and neither reason nor note.
    pub const fn of(status: Status) -> Judgement {
        Judgement {
            status,
            reason: None,
            note: None,
        }
    }

    /// The same judgement with this reason.
    pub const fn because(self, reason: Reason) -> Judgement {
        Judgement {
            reason: Some(reason),
            ..self
        }
    }

    /// The same judgement with this note (or none).
    pub const fn noted(self, note: Option<Note>) -> Judgement {
        Judgement { note, ..self }
    }

    /// Whether the status is `ok`.
    pub fn is_ok(&self) -> bool {
        self.status == Status::Ok
    }
}
