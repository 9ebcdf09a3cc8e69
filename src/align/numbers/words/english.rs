//! English number words in the forms newsrooms write them: `twelve`,
//! `twenty-one`, `a hundred`, `two hundred and fifty`,
//! `two-hundred-and-forty-thousand`, `point five`, `one-point-three-billion`,
//! `six-and-a-half-million`, ordinals `third`, `twenty-second`, `hundredth`,
//! fractions `three-quarters`, `half a million`, `a dozen`. The words
//! themselves are in `data/number-words.toml`.

use std::sync::LazyLock;

use rust_decimal::Decimal;

use super::data::{WORDS, value_of};
use super::{Acc, WordNumber, pow10, word};
use crate::align::numbers::word_table::WordSet;
use crate::align::text::Token;

fn english_unit(w: &str) -> Option<i64> {
    value_of(&WORDS.english.units, w)
}

fn english_ordinal(w: &str) -> Option<i64> {
    value_of(&WORDS.english.ordinals, w)
}

fn english_scale(w: &str) -> Option<u32> {
    value_of(&WORDS.english.scales, w).map(|power| power as u32)
}

fn english_scale_ordinal(w: &str) -> Option<u32> {
    value_of(&WORDS.english.scale_ordinals, w).map(|power| power as u32)
}

/// Whether `w` can continue a number after a hyphen (`twenty-one`, `one-hundred-and-five`, `point-three`).
fn continues_number(w: &str) -> bool {
    let english = &WORDS.english;
    english_unit(w).is_some()
        || english_ordinal(w).is_some()
        || english_scale(w).is_some()
        || english_scale_ordinal(w).is_some()
        || [
            &english.hundred,
            &english.hundredth,
            &english.dozen,
            &english.and,
            &english.article,
            &english.point,
        ]
        .iter()
        .any(|entry| entry.as_str() == w)
        || w == english.half
}

/// The token after a hyphen that joins two number words at `i`, if there is one.
fn after_joining_hyphen(tokens: &[Token], i: usize) -> Option<usize> {
    let dash = tokens.get(i)?;
    let next = tokens.get(i + 1)?;
    (dash.is_punct('-') && !dash.space_before && !next.space_before && continues_number(&next.lower)).then_some(i + 1)
}

/// The word at `i`, or after a joining hyphen there; with its index.
fn word_or_hyphenated<'a>(tokens: &'a [Token], i: usize) -> Option<(usize, &'a str)> {
    let at = after_joining_hyphen(tokens, i).unwrap_or(i);
    word(tokens, at).map(|found| (at, found))
}

/// `and a half`, `and-a-half`, `and half` at `i`: the token after `half`.
fn and_a_half(tokens: &[Token], i: usize) -> Option<usize> {
    let english = &WORDS.english;
    if word(tokens, i)? != english.and {
        return None;
    }
    let (mut at, mut next) = word_or_hyphenated(tokens, i + 1)?;
    if next == english.article {
        (at, next) = word_or_hyphenated(tokens, at + 1)?;
    }
    (next == english.half).then_some(at + 1)
}

/// Every word an English number can start with, deduplicated and sorted by
/// length, then text ([`WordSet`]): a
/// lone ordinal, a weak word, a fraction's first word, a unit or the article
/// (`a hundred`). [`read_english`] reads no number from any other word, so
/// the scanner asks this list first for each word of a sentence.
static FIRST_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    let english = &WORDS.english;
    WordSet::of_words(
        english
            .units
            .iter()
            .chain(&english.ordinals)
            .chain(&english.weak_words)
            .map(|(first_word, _)| first_word.as_str())
            .chain(english.fraction_articles.iter().map(String::as_str))
            .chain([
                english.hundredth.as_str(),
                english.half.as_str(),
                english.article.as_str(),
            ]),
    )
});

/// Whether an English number can start with `first` (lower case).
pub(super) fn may_start_english(first: &str) -> bool {
    FIRST_WORDS.contains(first)
}

/// Every word [`may_start_english`] says yes to.
pub(super) fn english_first_words() -> Vec<String> {
    FIRST_WORDS.words().map(str::to_string).collect()
}

/// A lone ordinal word (`third`, `hundredth`): weak, it may be a position or a date.
fn lone_ordinal(first: &str) -> Option<WordNumber> {
    let value = english_ordinal(first).or_else(|| (first == WORDS.english.hundredth).then_some(100))?;
    Some(WordNumber {
        value: Decimal::from(value),
        ratio: None,
        len: 1,
        ordinal: true,
        weak: true,
    })
}

/// A cardinal being read word by word.
#[derive(Default)]
struct EnglishReading {
    acc: Acc,
    /// The digits after `point`, once it was read.
    decimals: Option<String>,
    /// A scale after the decimals (`one-point-three-billion`).
    decimal_scale: Option<u32>,
    /// `and a half` read, not yet taken by a scale.
    half: bool,
    /// The number ended on an ordinal word (`twenty-second`).
    ordinal: bool,
}

/// What one word did to the number being read.
enum Step {
    /// Part of the number; the next word is at this token.
    Next(usize),
    /// The number's last word (an ordinal or a scale after decimals).
    Last,
    /// Not part of the number.
    Stop,
}

impl EnglishReading {
    fn step(&mut self, tokens: &[Token], current: &str, i: usize, start: usize) -> Step {
        let english = &WORDS.english;
        let acc = &mut self.acc;
        let next_word = word_or_hyphenated(tokens, i + 1).map(|(_, next)| next);
        if let Some(decimals) = self.decimals.as_mut() {
            if let Some(unit) = english_unit(current).filter(|unit| *unit < 10) {
                decimals.push(char::from(b'0' + unit as u8));
                return Step::Next(i + 1);
            }
            if let Some(power) = english_scale(current) {
                self.decimal_scale = Some(power);
                return Step::Last;
            }
            return Step::Stop;
        }
        let ends_ten = acc.any && acc.small % 100 != 0 && acc.small % 10 == 0 && acc.last >= 20;
        if current == english.article
            && i == start
            && next_word
                .is_some_and(|next| next == english.hundred || next == english.dozen || english_scale(next).is_some())
        {
            acc.unit(1);
        } else if let Some(unit) = english_unit(current) {
            if acc.any && acc.last != 0 && !(ends_ten && unit < 10) {
                return Step::Stop;
            }
            acc.unit(unit);
        } else if current == english.hundred && acc.any {
            acc.multiply_last(100);
        } else if current == english.dozen && acc.any && acc.small < 100 {
            acc.multiply_last(12);
        } else if let Some(power) = english_scale(current).filter(|_| acc.any) {
            acc.scale(power);
            if std::mem::take(&mut self.half) {
                acc.total = acc.total.saturating_add(pow10(power) / 2);
            }
        } else if let Some(after) = and_a_half(tokens, i).filter(|_| acc.any && !self.half) {
            self.half = true;
            return Step::Next(after);
        } else if current == english.and
            && acc.any
            && next_word.is_some_and(|next| english_unit(next).is_some() || english_ordinal(next).is_some())
            && acc.small % 100 == 0
            && acc.value() >= 100
        {
        } else if current == english.point
            && acc.any
            && next_word.is_some_and(|next| english_unit(next).is_some_and(|unit| unit < 10))
        {
            self.decimals = Some(String::new());
        } else if let Some(ordinal) = english_ordinal(current)
            .filter(|ordinal| acc.any && !self.half && (acc.last == 0 || ends_ten && *ordinal < 10))
        {
            acc.unit(ordinal);
            self.ordinal = true;
            return Step::Last;
        } else if current == english.hundredth && acc.any {
            acc.multiply_last(100);
            self.ordinal = true;
            return Step::Last;
        } else if let Some(power) = english_scale_ordinal(current).filter(|_| acc.any) {
            acc.scale(power);
            self.ordinal = true;
            return Step::Last;
        } else {
            return Step::Stop;
        }
        Step::Next(i + 1)
    }

    fn number(&self, len: usize, weak: bool) -> WordNumber {
        let mut number = self.acc.cardinal(self.decimals.clone(), len, weak);
        if let Some(power) = self.decimal_scale {
            number.value = number
                .value
                .checked_mul(Decimal::from(pow10(power)))
                .unwrap_or(number.value);
        }
        if self.half {
            number.value += Decimal::new(5, 1);
        }
        number.ordinal = self.ordinal;
        number
    }
}

pub(super) fn read_english(tokens: &[Token], start: usize) -> Option<WordNumber> {
    let first = word(tokens, start)?;
    if let Some(ordinal) = lone_ordinal(first) {
        return Some(ordinal);
    }
    if let Some(value) = value_of(&WORDS.english.weak_words, first) {
        return Some(WordNumber {
            value: Decimal::from(value),
            ratio: None,
            len: 1,
            ordinal: false,
            weak: true,
        });
    }
    if let Some(fraction) = read_english_fraction(tokens, start) {
        return Some(fraction);
    }
    let mut reading = EnglishReading::default();
    let mut i = start;
    // One past the last word that belongs to the number (a hyphen after it does not).
    let mut end = start;
    while let Some(current) = word(tokens, i) {
        match reading.step(tokens, current, i, start) {
            Step::Next(next) => {
                end = next;
                i = after_joining_hyphen(tokens, next).unwrap_or(next);
            }
            Step::Last => {
                end = i + 1;
                break;
            }
            Step::Stop => break,
        }
    }
    if !reading.acc.any {
        return None;
    }
    let weak = end - start == 1 && WORDS.english.weak_alone.iter().any(|alone| alone == first);
    Some(reading.number(end - start, weak))
}

fn english_denominator(w: &str) -> Option<u32> {
    value_of(&WORDS.english.denominators, w).map(|denominator| denominator as u32)
}

fn read_english_fraction(tokens: &[Token], start: usize) -> Option<WordNumber> {
    let english = &WORDS.english;
    let first = word(tokens, start)?;
    let article = english.fraction_articles.iter().any(|entry| entry == first);
    let (numerator, mut i) = if article || english_unit(first) == Some(1) {
        (1, start + 1)
    } else if first == english.half {
        (1, start)
    } else {
        match english_unit(first).filter(|unit| (2..10).contains(unit)) {
            Some(u) => (u as u32, start + 1),
            None => return None,
        }
    };
    if tokens.get(i).is_some_and(|token| token.is_punct('-')) {
        i += 1;
    }
    let d = english_denominator(word(tokens, i)?)?;
    if first == english.half || (first == english.article && d == 2) {
        // `half a million`
        if let (Some(article), Some(p)) = (word(tokens, i + 1), word(tokens, i + 2).and_then(english_scale))
            && article == english.article
        {
            let value = Decimal::from(pow10(p)) / Decimal::from(2);
            return Some(WordNumber {
                value,
                ratio: None,
                len: i + 3 - start,
                ordinal: false,
                weak: false,
            });
        }
    }
    let value = Decimal::from(numerator) / Decimal::from(d);
    Some(WordNumber {
        value,
        ratio: Some((numerator, d)),
        len: i + 1 - start,
        ordinal: false,
        weak: first == english.half,
    })
}

/// `of a` / `of one` at `i` (before `percent` or `percentage point`): the token after it.
pub fn of_a_percent(tokens: &[Token], i: usize) -> Option<usize> {
    let (first, second) = (word(tokens, i)?, word(tokens, i + 1)?);
    WORDS
        .english
        .of_a_percent
        .iter()
        .any(|[of, a]| of == first && a == second)
        .then_some(i + 2)
}
