//! Indonesian and Malay number words: `dua belas`, `tiga puluh`, `seratus`,
//! `setengah juta`, `nol koma lima`, ordinals `ketiga`, `kedua puluh`.

use std::sync::LazyLock;

use rust_decimal::Decimal;

use super::data::{WORDS, value_of};
use super::{Acc, WordNumber, pow10, word};
use crate::align::numbers::word_table::WordSet;
use crate::align::text::Token;

fn malay_unit(w: &str) -> Option<i64> {
    value_of(&WORDS.malay.units, w)
}

/// `pedagang kaki lima` (a street vendor), `lahan kosong` (an empty plot):
/// a number word that its neighbours make a plain word.
pub(super) fn not_a_number_here(tokens: &[Token], i: usize) -> bool {
    let Some(current) = word(tokens, i) else {
        return false;
    };
    let previous = i.checked_sub(1).and_then(|previous| word(tokens, previous));
    // `5 kaki lima inci` is a length: after a figure, `kaki` is the unit.
    let after_a_figure = i
        .checked_sub(2)
        .and_then(|at| tokens.get(at))
        .is_some_and(|token| token.kind == crate::align::text::TokenKind::Number || malay_unit(&token.lower).is_some());
    let fixed_name = !after_a_figure
        && WORDS
            .malay
            .not_a_number_after
            .iter()
            .any(|[before, number]| number == current && previous == Some(before.as_str()));
    let among_numbers = |at: Option<usize>| {
        at.and_then(|at| word(tokens, at))
            .is_some_and(|word| malay_unit(word).is_some())
    };
    let lone_digit_word = WORDS
        .malay
        .units_only_among_numbers
        .iter()
        .any(|entry| entry == current)
        && !among_numbers(i.checked_sub(1))
        && !among_numbers(Some(i + 1));
    fixed_name || lone_digit_word
}

/// Every word a Malay or Indonesian cardinal or fraction can start with,
/// deduplicated and sorted by length, then text: units, `se-` compounds and
/// fractions.
static FIRST_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    let malay = &WORDS.malay;
    WordSet::of_words(
        malay
            .units
            .iter()
            .chain(&malay.one_prefixed)
            .chain(&malay.one_prefixed_scales)
            .chain(&malay.fractions)
            .map(|(first_word, _)| first_word.as_str()),
    )
});

fn is_first_word(word: &str) -> bool {
    FIRST_WORDS.contains(word)
}

/// Whether a number can start with `first` (lower case): [`read_malay`]
/// reads none from any word but those of [`FIRST_WORDS`], `pertama`, and
/// `ke-` before one of them (`ketiga`) or before one of them and `-nya` (`ketiganya`).
pub(super) fn may_start_malay(first: &str) -> bool {
    let malay = &WORDS.malay;
    let after_ordinal_prefix = first.strip_prefix(malay.ordinal_prefix.as_str());
    is_first_word(first)
        || first == malay.first_ordinal
        || after_ordinal_prefix.is_some_and(|rest| {
            is_first_word(rest)
                || rest
                    .strip_suffix(malay.collective_suffix.as_str())
                    .is_some_and(is_first_word)
        })
}

/// Every word [`may_start_malay`] says yes to: the first words, `pertama`,
/// and `ke-` before each first word, bare and with `-nya`.
pub(super) fn malay_first_words() -> Vec<String> {
    let malay = &WORDS.malay;
    let ordinal = |first_word: &str| format!("{}{first_word}", malay.ordinal_prefix);
    let collective = |first_word: &str| format!("{}{first_word}{}", malay.ordinal_prefix, malay.collective_suffix);
    FIRST_WORDS
        .words()
        .flat_map(|first_word| [first_word.to_string(), ordinal(first_word), collective(first_word)])
        .chain([malay.first_ordinal.clone()])
        .collect()
}

fn malay_scale(w: &str) -> Option<u32> {
    value_of(&WORDS.malay.scales, w).map(|power| power as u32)
}

/// `sepuluh` → 10, `seratus` → 100, `seribu` → 1000 (the `se-` compounds):
/// a value, and the power of ten it is one of when it is a scale.
fn malay_se_word(w: &str) -> Option<(i64, Option<u32>)> {
    let malay = &WORDS.malay;
    value_of(&malay.one_prefixed, w)
        .map(|value| (value, None))
        .or_else(|| value_of(&malay.one_prefixed_scales, w).map(|power| (1, Some(power as u32))))
}

fn malay_fraction(w: &str) -> Option<u32> {
    value_of(&WORDS.malay.fractions, w).map(|denominator| denominator as u32)
}

pub(super) fn read_malay(tokens: &[Token], start: usize) -> Option<WordNumber> {
    let malay = &WORDS.malay;
    let first = word(tokens, start)?;
    if let Some(collective) = read_collective(first) {
        return Some(collective);
    }
    if let Some(n) = first
        .strip_prefix(malay.ordinal_prefix.as_str())
        .filter(|_| first != malay.ordinal_prefix)
        && (malay_unit(n).is_some_and(|u| u > 1) || malay_se_word(n).is_some())
    {
        return read_malay_ordinal(tokens, start);
    }
    if first == malay.first_ordinal {
        return Some(WordNumber {
            value: Decimal::ONE,
            ratio: None,
            len: 1,
            ordinal: true,
            weak: true,
        });
    }
    let mut reading = MalayReading::default();
    let mut i = start;
    while let Some(current) = word(tokens, i) {
        match reading.step(tokens, current, &mut i, start) {
            Step::Next => i += 1,
            Step::Stop => break,
            Step::Done(number) => return Some(number),
        }
    }
    if let Some((numerator, denominator)) = reading.ratio {
        return Some(WordNumber {
            value: Decimal::from(numerator) / Decimal::from(denominator),
            ratio: Some((numerator, denominator)),
            len: i - start,
            ordinal: false,
            weak: false,
        });
    }
    if !reading.acc.any || i == start {
        return None;
    }
    let weak = i - start == 1 && malay.weak_alone.iter().any(|alone| alone == first);
    Some(reading.acc.cardinal(reading.decimals, i - start, weak))
}

/// What one word did to a number being read.
enum Step {
    /// It was part of the number: read the next word.
    Next,
    /// It was not: the number ends before it.
    Stop,
    /// It completed the number (a fraction).
    Done(WordNumber),
}

/// A cardinal being read word by word.
#[derive(Default)]
struct MalayReading {
    acc: Acc,
    /// The digits after `koma`, once it was read.
    decimals: Option<String>,
    /// A bare fraction (`sepertiga`) as numerator and denominator.
    ratio: Option<(u32, u32)>,
}

impl MalayReading {
    /// Reads `current`, the word at `*i`; a fraction may consume the scale word after it.
    fn step(&mut self, tokens: &[Token], current: &str, i: &mut usize, start: usize) -> Step {
        let malay = &WORDS.malay;
        let acc = &mut self.acc;
        if let Some(decimals) = self.decimals.as_mut() {
            match malay_unit(current) {
                Some(unit) => decimals.push(char::from(b'0' + unit as u8)),
                None => return Step::Stop,
            }
        } else if let Some(unit) = malay_unit(current).filter(|_| current != malay.one_prefix) {
            if acc.any && acc.last != 0 && acc.small % 10 != 0 {
                return Step::Stop;
            }
            acc.unit(unit);
        } else if current == malay.teens_word && acc.any && acc.last > 0 && acc.last < 10 {
            acc.small += 10;
            acc.last = 0;
        } else if current == malay.tens_word && acc.any && acc.last > 0 {
            acc.multiply_last(10);
        } else if current == malay.hundreds_word && acc.any && acc.last > 0 {
            acc.multiply_last(100);
        } else if current == malay.dozen_word && acc.any && acc.last > 0 {
            acc.multiply_last(12);
        } else if let Some((value, scale)) = malay_se_word(current) {
            match scale {
                Some(power) => {
                    acc.small += value;
                    acc.scale(power);
                }
                None => acc.unit(value),
            }
            acc.last = 0;
        } else if let Some(power) = malay_scale(current).filter(|_| acc.any) {
            acc.scale(power);
        } else if current == malay.decimal_word
            && acc.any
            && tokens.get(*i + 1).is_some_and(|next| malay_unit(&next.lower).is_some())
        {
            self.decimals = Some(String::new());
        } else if let Some(denominator) = malay_fraction(current) {
            return self.fraction(tokens, denominator, i, start);
        } else if let Some(denominator) = current
            .strip_prefix(malay.fraction_prefix.as_str())
            .and_then(|rest| malay_unit(rest).or(malay_se_word(rest).map(|(value, _)| value)))
        {
            if acc.any && acc.total == 0 && acc.small > 0 && denominator > 1 {
                let numerator = acc.small;
                return Step::Done(WordNumber {
                    value: Decimal::from(numerator) / Decimal::from(denominator),
                    ratio: Some((numerator as u32, denominator as u32)),
                    len: *i + 1 - start,
                    ordinal: false,
                    weak: false,
                });
            }
            return Step::Stop;
        } else {
            return Step::Stop;
        }
        Step::Next
    }

    /// `setengah`, `seperempat`: alone a ratio (or a fraction of the scale after it, `setengah juta`), after a
    /// cardinal its fractional part (`dua setengah`).
    fn fraction(&mut self, tokens: &[Token], denominator: u32, i: &mut usize, start: usize) -> Step {
        if !self.acc.any {
            self.ratio = Some((1, denominator));
            *i += 1;
            if let Some(power) = word(tokens, *i).and_then(malay_scale) {
                return Step::Done(WordNumber {
                    value: Decimal::from(pow10(power)) / Decimal::from(denominator),
                    ratio: None,
                    len: *i + 1 - start,
                    ordinal: false,
                    weak: false,
                });
            }
            return Step::Stop;
        }
        Step::Done(WordNumber {
            value: Decimal::from(self.acc.value()) + Decimal::ONE / Decimal::from(denominator),
            ratio: None,
            len: *i + 1 - start,
            ordinal: false,
            weak: false,
        })
    }
}

/// `keduanya` (the two of them), `ketiganya`: a weak count, since English
/// may say `both` or `the two`.
fn read_collective(first: &str) -> Option<WordNumber> {
    let unit = first
        .strip_prefix(WORDS.malay.ordinal_prefix.as_str())?
        .strip_suffix(WORDS.malay.collective_suffix.as_str())
        .and_then(malay_unit)
        .filter(|unit| *unit > 1)?;
    Some(WordNumber {
        value: Decimal::from(unit),
        ratio: None,
        len: 1,
        ordinal: false,
        weak: true,
    })
}

fn read_malay_ordinal(tokens: &[Token], start: usize) -> Option<WordNumber> {
    let malay = &WORDS.malay;
    let first = word(tokens, start)?;
    // The caller checked that `first` starts with the ordinal prefix.
    let rest = first.strip_prefix(malay.ordinal_prefix.as_str())?;
    let mut acc = Acc::default();
    match malay_se_word(rest) {
        Some((v, Some(p))) => {
            acc.small = v;
            acc.scale(p);
        }
        Some((v, None)) => acc.unit(v),
        None => acc.unit(malay_unit(rest)?),
    }
    let mut i = start + 1;
    while let Some(w) = word(tokens, i) {
        if w == malay.teens_word && acc.last > 0 {
            acc.small += 10;
        } else if w == malay.tens_word && acc.last > 0 {
            acc.multiply_last(10);
        } else if w == malay.hundreds_word && acc.last > 0 {
            acc.multiply_last(100);
        } else {
            match malay_unit(w) {
                Some(u) if acc.last == 0 && acc.small % 10 == 0 && u > 0 => acc.unit(u),
                _ => break,
            }
        }
        i += 1;
    }
    Some(WordNumber {
        value: Decimal::from(acc.value()),
        ratio: None,
        len: i - start,
        ordinal: true,
        weak: true,
    })
}
