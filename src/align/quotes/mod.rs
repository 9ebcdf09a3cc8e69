//! Quotations: extraction over the whole article (quotes cross sentences and
//! paragraphs), nesting, attribution and speakers.
//!
//! Works on both sides with a language [`Profile`]; glyphs are compared as
//! structure, never as characters (`“…”` and `"…"` are the same quote).

mod attribution;
mod extract;
mod marks;
mod speakers;

pub use attribution::attribute;
pub use extract::extract;
pub use marks::{Family, at_sentence_end as at_end, family};

/// A position: sentence index and character index in that sentence.
pub type Pos = (usize, usize);

/// What a quoted span is used for (PUEBI III.J, III.K).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    /// Direct speech (attributed, or a clause of four or more words).
    Speech,
    /// A term or scare quote (one to three words, no attribution).
    Term,
    /// A title after `lagu`, `film`, `buku`, ….
    Title,
    /// A single-quoted gloss outside speech.
    Gloss,
}

/// One quotation found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// 1 for a top-level quote, 2 for a quote inside a quote.
    pub depth: u8,
    /// Index of the enclosing quote in the same list.
    pub parent: Option<usize>,
    /// The opening mark.
    pub open: Pos,
    /// The closing mark; `None` when the quote is never closed.
    pub close: Option<Pos>,
    /// First character of the content.
    pub start: Pos,
    /// One past the last character of the content.
    pub end: Pos,
    /// The opening glyph.
    pub glyph: char,
    /// The quoted words without marks; sentences joined by a space.
    pub text: String,
    /// Sentences the quote spans, in order.
    pub sentences: Vec<usize>,
    /// The quote continues across a paragraph break.
    pub multi_paragraph: bool,
    /// What the quote is.
    pub kind: QuoteKind,
    /// Who is quoted, when attributed: the fullest name the article gives, or a description.
    pub speaker: Option<String>,
    /// The speaker's role or title as the article gives it (`Kepala BMKG`).
    pub speaker_role: Option<String>,
    /// The attribution was a pronoun or `-nya` (`katanya`, `Ia mengatakan`).
    pub speaker_by_pronoun: bool,
    /// An attribution clause was found next to the quote (or in a neighbouring sentence).
    pub attributed: bool,
    /// Only a closing mark was found; the quote is taken to start at the paragraph start or after the previous quote.
    pub open_missing: bool,
}

impl Quote {
    /// Whether the mention at `sentence`, chars `[s, e)` lies inside the content.
    pub fn contains(&self, sentence: usize, s: usize, e: usize) -> bool {
        (sentence, s) >= self.start && (sentence, e) <= self.end
    }

    /// Number of words in the content.
    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }
}
