//! Numeric mentions: extraction per language into canonical values.
//!
//! One scanner ([`scan`]) driven by a language [`Profile`](crate::align::lexicon::Profile)
//! handles every row of the category table in the notes (groups, decimals,
//! scale words and letters, currency, percent and points, ordinals, ranges,
//! hedges, bands, decades, times, dates, years, identifiers, number words,
//! fractions). On a target sentence it also computes the Indonesian reading
//! of what it finds, so a leaked `12.000` or `Rp2 M` can be recognised and
//! repaired.

mod compare;
pub mod pair;
mod patterns;
pub(crate) mod scan;
mod value;
mod word_table;
mod words;

pub use compare::{Verdict, compare, compare_values};
pub use value::{Kind, Value, format_en, read_core, read_source_numeral, roman};

use crate::align::lexicon::Profile;
use crate::align::text::{Token, tokenize};

/// Which side of the bitext a sentence is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The Indonesian source.
    Source,
    /// The machine translation.
    Target,
}

/// Why a target mention carries an Indonesian reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeakKind {
    /// Indonesian separators left in place (`12.000`, `3,5`).
    Locale,
    /// An Indonesian scale abbreviation left in place (`Rp2 M`, `Rp4,5 jt`).
    ScaleAbbreviation,
}

/// The Indonesian reading of a target mention and how to write it in the target.
#[derive(Debug, Clone, PartialEq)]
pub struct Leak {
    /// The value under Indonesian conventions.
    pub value: Value,
    /// Which leak this would be.
    pub kind: LeakKind,
    /// Character span (in the sentence) to replace.
    pub start: usize,
    /// End of that span.
    pub end: usize,
    /// The text to put there.
    pub replacement: String,
}

/// One number found in one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Sentence index.
    pub sentence: usize,
    /// First character of the mention in the sentence.
    pub start: usize,
    /// One past its last character.
    pub end: usize,
    /// The mention as written.
    pub text: String,
    /// What sort of number it is.
    pub kind: Kind,
    /// Its canonical value under this language's conventions.
    pub value: Value,
    /// ISO currency code, `%`, `pp`, `bp`, a time zone, or an era (`BC`).
    pub unit: Option<String>,
    /// A hedge (`sekitar`, `about`, `-an`) qualifies it.
    pub approx: bool,
    /// Which way the hedge bounds it, when it says (`lebih dari` = at least).
    pub bound: Option<crate::align::lexicon::Bound>,
    /// False for readings that only pair and never report missing/extra (`satu`, `kedua`, `second`).
    pub confident: bool,
    /// False when the value could only be read with Indonesian conventions (a leak on a target).
    pub native: bool,
    /// The numeric core was written with group separators (`2,023`).
    pub grouped: bool,
    /// Context says this is certainly a year (`tahun 2023`, a date, an era).
    pub strong_year: bool,
    /// A numeric date whose day and month could be swapped (`5/12/2024`).
    pub ambiguous_date: bool,
    /// On a target: the Indonesian reading, when it differs.
    pub leak: Option<Leak>,
    /// Character span of the (first) numeric core, for repairs.
    pub core: Option<(usize, usize)>,
    /// The unit of measure written after it (`km`, `mi`), compared but not reported.
    pub measure: Option<&'static str>,
}

/// Extracts the numeric mentions of one sentence, in order, non-overlapping.
pub fn extract(sentence: usize, text: &str, profile: &Profile, side: Side) -> Vec<Mention> {
    let chars: Vec<char> = text.chars().collect();
    extract_tokenized(sentence, &chars, &tokenize(&chars), profile, side)
}

/// [`extract`] over a sentence already split into characters and tokens
/// (`tokens` must be `tokenize(chars)`), so the tokens are shared with quotes.
pub fn extract_tokenized(
    sentence: usize,
    chars: &[char],
    tokens: &[Token],
    profile: &Profile,
    side: Side,
) -> Vec<Mention> {
    scan::Scanner::new(sentence, chars, tokens, profile, side).run()
}
