//! The number patterns, as one list in priority order ([`PATTERNS`]).
//!
//! At each token the scanner tries the patterns that start on that kind of
//! token (a number, a word, a punctuation mark) and, for patterns that start
//! only on certain words, on that word ([`Start`]), in list order; the first
//! that reads something wins and scanning resumes after it. Context comes
//! first: dates, times and identifiers before plain amounts, because their
//! context decides that `0812` or `2023` are not quantities.
//!
//! To add a pattern: write it as a `Scanner` method in the file of its
//! family (amounts and currencies in `amount.rs`, ranges in `range.rs`,
//! times, dates and decades in `calendar.rs`, identifiers, ordinals, bands
//! and number words in `lexical.rs`), register it here at its priority, and
//! add its table cases to `align/tests/numbers.rs`. Its words go into the
//! language data, never into the code.

mod amount;
mod calendar;
mod lexical;
mod range;
mod starts;

pub(in crate::align::numbers) use starts::{PatternStarts, patterns_in};

use crate::align::lexicon::Profile;
use crate::align::numbers::Mention;
use crate::align::numbers::scan::Scanner;
use crate::align::text::TokenKind;

use starts::{
    band_first_words, between_openers, clock_words, currency_prefix_starts, day_words, decade_words, month_names,
    number_first_words, ordinal_prefixes,
};

/// What a pattern made of the tokens at one position.
pub(in crate::align::numbers) enum Reading {
    /// Mentions found, and the token after them.
    Found(Vec<Mention>, usize),
    /// The pattern owns this position (a currency sign before digits) but read no number: no later pattern tries it.
    Claimed,
    /// Not this pattern: the next one tries.
    Pass,
}

impl From<Option<(Vec<Mention>, usize)>> for Reading {
    fn from(found: Option<(Vec<Mention>, usize)>) -> Reading {
        match found {
            Some((mentions, next)) => Reading::Found(mentions, next),
            None => Reading::Pass,
        }
    }
}

/// One number pattern: where it may start and how it reads from there.
pub(in crate::align::numbers) struct Pattern {
    /// The kinds of token the pattern starts on.
    pub starts_on: &'static [TokenKind],
    /// Which tokens of those kinds it may start on.
    pub start: Start,
    /// Reads from the token at the given index.
    pub read: fn(&Scanner, usize) -> Reading,
}

/// Which tokens of its kinds a pattern may start on.
pub(in crate::align::numbers) enum Start {
    /// Any: the pattern looks at the token's shape itself.
    AnyToken,
    /// Only a token whose lower-case text the function lists for the profile (words, signs): on any other
    /// token the pattern reads nothing, so the scanner does not try it there.
    Listed(fn(&Profile) -> Vec<String>),
}

const NUMBER: &[TokenKind] = &[TokenKind::Number];
const WORD: &[TokenKind] = &[TokenKind::Word];
const PUNCT: &[TokenKind] = &[TokenKind::Punct];
const WORD_OR_PUNCT: &[TokenKind] = &[TokenKind::Punct, TokenKind::Word];

/// Every number pattern, highest priority first.
#[rustfmt::skip]
pub(in crate::align::numbers) const PATTERNS: &[Pattern] = &[
    // Led by digits: context patterns, then the plain amount.
    Pattern { starts_on: NUMBER, start: Start::AnyToken, read: |scanner, at| scanner.day_month_date(at).into() }, // day month date: `25 November 2024`
    Pattern { starts_on: NUMBER, start: Start::AnyToken, read: |scanner, at| scanner.time(at).into() }, // time of day: `pukul 10.30 WIB`, `7 p.m.`
    Pattern { starts_on: NUMBER, start: Start::AnyToken, read: |scanner, at| scanner.identifier(at).into() }, // identifier: `No. 15`, `0812-3456-7890`
    Pattern { starts_on: NUMBER, start: Start::AnyToken, read: |scanner, at| scanner.numeric_date(at).into() }, // numeric date: `25/11/2024`
    Pattern { starts_on: NUMBER, start: Start::AnyToken, read: |scanner, at| scanner.decade(at).into() }, // decade: `1950-an`, `1990s`
    Pattern { starts_on: NUMBER, start: Start::AnyToken, read: |scanner, at| scanner.ordinal_of_month(at).into() }, // ordinal day of a month: `1st of July`
    Pattern { starts_on: NUMBER, start: Start::AnyToken, read: |scanner, at| scanner.suffixed_ordinal(at).into() }, // suffixed ordinal: `2nd`
    Pattern { starts_on: NUMBER, start: Start::AnyToken, read: |scanner, at| scanner.amount_or_range(at).into() }, // amount or range: `12.000`, `3,5 persen`, `10-12`
    // Led by a word or a sign.
    Pattern { starts_on: WORD_OR_PUNCT, start: Start::Listed(currency_prefix_starts), read: |scanner, at| scanner.currency_amount(at) }, // currency sign or code: `Rp 5.000`, `US$3`
    Pattern { starts_on: PUNCT, start: Start::AnyToken, read: |scanner, at| scanner.plus_identifier(at).into() }, // international phone number: `+62 21 5701234`
    Pattern { starts_on: WORD, start: Start::Listed(ordinal_prefixes), read: |scanner, at| scanner.hyphenated_ordinal(at) }, // hyphenated ordinal: `ke-2`
    Pattern { starts_on: WORD, start: Start::AnyToken, read: |scanner, at| scanner.name_with_digits(at).into() }, // name with digits: `COVID-19`, `G20`
    Pattern { starts_on: WORD, start: Start::AnyToken, read: |scanner, at| scanner.roman_ordinal(at).into() }, // Roman ordinal: `abad XX`, `World War II`
    Pattern { starts_on: WORD, start: Start::Listed(between_openers), read: |scanner, at| scanner.between_range(at).into() }, // between range: `antara 10 dan 12`
    Pattern { starts_on: WORD, start: Start::Listed(clock_words), read: |scanner, at| scanner.clock_word(at).into() }, // clock word: `noon`, `midnight`
    Pattern { starts_on: WORD, start: Start::Listed(month_names), read: |scanner, at| scanner.month_the_ordinal(at).into() }, // month, the, ordinal day: `March the third`
    Pattern { starts_on: WORD, start: Start::Listed(month_names), read: |scanner, at| scanner.month_first_date(at).into() }, // month first date: `November 25, 2024`
    Pattern { starts_on: WORD, start: Start::Listed(day_words), read: |scanner, at| scanner.day_of_month(at).into() }, // day without its month: `tanggal 9`
    Pattern { starts_on: WORD, start: Start::Listed(number_first_words), read: |scanner, at| scanner.ordinal_of_month(at).into() }, // ordinal day of a month: `the first of July`
    Pattern { starts_on: WORD, start: Start::Listed(band_first_words), read: |scanner, at| scanner.band(at).into() }, // band: `ratusan`, `tens of thousands`
    Pattern { starts_on: WORD, start: Start::Listed(decade_words), read: |scanner, at| scanner.decade_word(at).into() }, // decade word: `sixties`
    Pattern { starts_on: WORD, start: Start::Listed(number_first_words), read: |scanner, at| scanner.number_words(at).into() }, // number words: `dua belas`, `twelve`
];
