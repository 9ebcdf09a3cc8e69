//! English number words: `twelve`, `twenty-one`, `a hundred`, `two hundred
//! and fifty`, `point five`, ordinals `third`, fractions `three-quarters`,
//! `half a million`, `a dozen`.

use rust_decimal::Decimal;

use super::{Acc, WordNumber, pow10, word};
use crate::align::text::Token;

fn english_unit(w: &str) -> Option<i64> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = UNITS.iter().position(|unit| *unit == w) {
        return Some(i as i64);
    }
    TENS.iter().position(|tens| *tens == w).map(|i| (i as i64 + 2) * 10)
}

fn english_ordinal(w: &str) -> Option<i64> {
    const ORD: [&str; 21] = [
        "zeroth",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    const TENS: [&str; 7] = [
        "thirtieth",
        "fortieth",
        "fiftieth",
        "sixtieth",
        "seventieth",
        "eightieth",
        "ninetieth",
    ];
    if let Some(i) = ORD.iter().position(|ordinal| *ordinal == w) {
        return Some(i as i64);
    }
    TENS.iter().position(|tens| *tens == w).map(|i| (i as i64 + 3) * 10)
}

fn english_scale(w: &str) -> Option<u32> {
    Some(match w {
        "thousand" => 3,
        "million" => 6,
        "billion" => 9,
        "trillion" => 12,
        _ => return None,
    })
}

pub(super) fn read_english(tokens: &[Token], start: usize) -> Option<WordNumber> {
    let first = word(tokens, start)?;
    if let Some(o) = english_ordinal(first) {
        return Some(WordNumber {
            value: Decimal::from(o),
            ratio: None,
            len: 1,
            ordinal: true,
            weak: true,
        });
    }
    if let Some(w) = read_english_fraction(tokens, start) {
        return Some(w);
    }
    let mut acc = Acc::default();
    let mut i = start;
    let mut decimals: Option<String> = None;
    while let Some(w) = word(tokens, i) {
        if let Some(d) = decimals.as_mut() {
            match english_unit(w).filter(|unit| *unit < 10) {
                Some(u) => d.push(char::from(b'0' + u as u8)),
                None => break,
            }
        } else if w == "a"
            && i == start
            && matches!(
                word(tokens, i + 1),
                Some("hundred" | "thousand" | "million" | "billion" | "trillion" | "dozen")
            )
        {
            acc.unit(1);
        } else if let Some(u) = english_unit(w) {
            let ends_ten = acc.any && acc.small % 100 != 0 && acc.small % 10 == 0 && acc.last >= 20;
            if acc.any && acc.last != 0 && !(ends_ten && u < 10) {
                break;
            }
            acc.unit(u);
        } else if w == "hundred" && acc.any {
            acc.multiply_last(100);
        } else if w == "dozen" && acc.any && acc.small < 100 {
            acc.multiply_last(12);
        } else if let Some(p) = english_scale(w).filter(|_| acc.any) {
            acc.scale(p);
        } else if w == "and"
            && acc.any
            && word(tokens, i + 1).is_some_and(|next| english_unit(next).is_some())
            && acc.small % 100 == 0
            && acc.value() >= 100
        {
        } else if w == "point"
            && acc.any
            && word(tokens, i + 1).is_some_and(|next| english_unit(next).is_some_and(|unit| unit < 10))
        {
            decimals = Some(String::new());
        } else {
            break;
        }
        i += 1;
        if tokens.get(i).is_some_and(|token| token.is_punct('-'))
            && word(tokens, i + 1).and_then(english_unit).is_some_and(|unit| unit < 10)
        {
            i += 1;
        }
    }
    if !acc.any {
        return None;
    }
    let weak = i - start == 1 && first == "one";
    Some(acc.cardinal(decimals, i - start, weak))
}

fn english_denominator(w: &str) -> Option<u32> {
    Some(match w {
        "half" | "halves" => 2,
        "third" | "thirds" => 3,
        "quarter" | "quarters" => 4,
        "fifth" | "fifths" => 5,
        "tenth" | "tenths" => 10,
        _ => return None,
    })
}

fn read_english_fraction(tokens: &[Token], start: usize) -> Option<WordNumber> {
    let first = word(tokens, start)?;
    let (numerator, mut i) = match first {
        "a" | "one" => (1, start + 1),
        "half" => (1, start),
        _ => match english_unit(first).filter(|unit| (2..10).contains(unit)) {
            Some(u) => (u as u32, start + 1),
            None => return None,
        },
    };
    if tokens.get(i).is_some_and(|token| token.is_punct('-')) {
        i += 1;
    }
    let d = english_denominator(word(tokens, i)?)?;
    if first == "half" || (first == "a" && d == 2) {
        // `half a million`
        if let (Some("a"), Some(p)) = (word(tokens, i + 1), word(tokens, i + 2).and_then(english_scale)) {
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
        weak: first == "half",
    })
}
