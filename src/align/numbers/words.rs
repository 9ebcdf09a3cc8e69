//! Number words: a small grammar per language family.
//!
//! Written by hand: `text2num` has no Indonesian or Malay, and the grammar
//! is tiny (`se-`, `belas`, `puluh`, `ratus`, `ribu`, `juta`, `miliar`,
//! `triliun`, `koma`; English `-teen`, `-ty`, `hundred`, `point`).

use rust_decimal::Decimal;

use crate::align::lexicon::WordGrammar;
use crate::align::text::{Token, TokenKind};

/// A number read from words.
#[derive(Debug, Clone, PartialEq)]
pub struct WordNumber {
    /// Its value (fractions already applied: `setengah juta` = 500000).
    pub value: Decimal,
    /// A bare fraction (`sepertiga`), as numerator and denominator.
    pub ratio: Option<(u32, u32)>,
    /// Tokens consumed.
    pub len: usize,
    /// An ordinal (`ketiga`, `third`).
    pub ordinal: bool,
    /// The reading is weak (`satu`, `one`, `second`, `kedua`).
    pub weak: bool,
}

fn malay_unit(w: &str) -> Option<i64> {
    Some(match w {
        "nol" | "kosong" => 0,
        "satu" | "se" => 1,
        "dua" => 2,
        "tiga" => 3,
        "empat" => 4,
        "lima" => 5,
        "enam" => 6,
        "tujuh" => 7,
        "delapan" | "lapan" => 8,
        "sembilan" => 9,
        _ => return None,
    })
}

fn malay_scale(w: &str) -> Option<u32> {
    Some(match w {
        "ribu" => 3,
        "juta" => 6,
        "miliar" | "milyar" | "bilion" => 9,
        "triliun" | "trilyun" | "trilion" => 12,
        _ => return None,
    })
}

/// `sepuluh` → 10, `seratus` → 100, `seribu` → 1000 (the `se-` compounds).
fn malay_se_word(w: &str) -> Option<(i64, Option<u32>)> {
    Some(match w {
        "sepuluh" => (10, None),
        "selusin" => (12, None),
        "sebelas" => (11, None),
        "seratus" => (100, None),
        "seribu" => (1, Some(3)),
        "sejuta" => (1, Some(6)),
        "semiliar" | "sebilion" => (1, Some(9)),
        "setriliun" => (1, Some(12)),
        _ => return None,
    })
}

fn malay_fraction(w: &str) -> Option<u32> {
    Some(match w {
        "setengah" | "seperdua" => 2,
        "sepertiga" => 3,
        "seperempat" => 4,
        "seperlima" => 5,
        "sepersepuluh" => 10,
        _ => return None,
    })
}

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
    if let Some(i) = UNITS.iter().position(|u| *u == w) {
        return Some(i as i64);
    }
    TENS.iter()
        .position(|t| *t == w)
        .map(|i| (i as i64 + 2) * 10)
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
    if let Some(i) = ORD.iter().position(|u| *u == w) {
        return Some(i as i64);
    }
    TENS.iter()
        .position(|t| *t == w)
        .map(|i| (i as i64 + 3) * 10)
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

fn pow10(p: u32) -> i64 {
    10i64.pow(p)
}

/// Accumulates a cardinal the usual way: `small` below a thousand, `total` above.
#[derive(Default)]
struct Acc {
    total: i64,
    small: i64,
    last: i64,
    any: bool,
}

impl Acc {
    fn unit(&mut self, u: i64) {
        self.small += u;
        self.last = u;
        self.any = true;
    }
    fn multiply_last(&mut self, by: i64) {
        let last = if self.any && self.last > 0 {
            self.last
        } else {
            1
        };
        self.small = self.small - if self.any { self.last } else { 0 } + last * by;
        self.last = 0;
        self.any = true;
    }
    fn scale(&mut self, power: u32) {
        let s = pow10(power);
        let chunk = if self.small == 0 { 1 } else { self.small };
        if self.total > 0 && self.total < s {
            self.total = (self.total + chunk).saturating_mul(s);
        } else {
            self.total = self.total.saturating_add(chunk.saturating_mul(s));
        }
        self.small = 0;
        self.last = 0;
        self.any = true;
    }
    fn value(&self) -> i64 {
        self.total.saturating_add(self.small)
    }
}

/// Reads a number written in words starting at `tokens[i]`, if any.
pub fn read(tokens: &[Token], i: usize, grammar: WordGrammar) -> Option<WordNumber> {
    match grammar {
        WordGrammar::Malay => read_malay(tokens, i),
        WordGrammar::English => read_english(tokens, i),
        WordGrammar::None => None,
    }
}

fn word(tokens: &[Token], i: usize) -> Option<&str> {
    tokens
        .get(i)
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| t.lower.as_str())
}

fn read_malay(tokens: &[Token], start: usize) -> Option<WordNumber> {
    let first = word(tokens, start)?;
    if let Some(n) = first.strip_prefix("ke").filter(|_| first != "ke")
        && (malay_unit(n).is_some_and(|u| u > 1) || malay_se_word(n).is_some())
    {
        return read_malay_ordinal(tokens, start);
    }
    if first == "pertama" {
        return Some(WordNumber {
            value: Decimal::ONE,
            ratio: None,
            len: 1,
            ordinal: true,
            weak: true,
        });
    }
    let mut acc = Acc::default();
    let mut i = start;
    let mut decimals: Option<String> = None;
    let mut ratio = None;
    while let Some(w) = word(tokens, i) {
        if let Some(d) = decimals.as_mut() {
            match malay_unit(w) {
                Some(u) => d.push(char::from(b'0' + u as u8)),
                None => break,
            }
        } else if let Some(u) = malay_unit(w).filter(|_| w != "se") {
            if acc.any && acc.last != 0 && acc.small % 10 != 0 {
                break;
            }
            acc.unit(u);
        } else if w == "belas" && acc.any && acc.last > 0 && acc.last < 10 {
            acc.small += 10;
            acc.last = 0;
        } else if w == "puluh" && acc.any && acc.last > 0 {
            acc.multiply_last(10);
        } else if w == "ratus" && acc.any && acc.last > 0 {
            acc.multiply_last(100);
        } else if w == "lusin" && acc.any && acc.last > 0 {
            acc.multiply_last(12);
        } else if let Some((v, scale)) = malay_se_word(w) {
            match scale {
                Some(p) => {
                    acc.small += v;
                    acc.scale(p);
                }
                None => acc.unit(v),
            }
            acc.last = 0;
        } else if let Some(p) = malay_scale(w).filter(|_| acc.any) {
            acc.scale(p);
        } else if w == "koma"
            && acc.any
            && tokens
                .get(i + 1)
                .is_some_and(|t| malay_unit(&t.lower).is_some())
        {
            decimals = Some(String::new());
        } else if let Some(d) = malay_fraction(w) {
            if !acc.any {
                ratio = Some((1, d));
                i += 1;
                if let Some(p) = word(tokens, i).and_then(malay_scale) {
                    let value = Decimal::from(pow10(p)) / Decimal::from(d);
                    return Some(WordNumber {
                        value,
                        ratio: None,
                        len: i + 1 - start,
                        ordinal: false,
                        weak: false,
                    });
                }
                break;
            }
            let v = Decimal::from(acc.value()) + Decimal::ONE / Decimal::from(d);
            return Some(WordNumber {
                value: v,
                ratio: None,
                len: i + 1 - start,
                ordinal: false,
                weak: false,
            });
        } else if let Some(d) = w
            .strip_prefix("per")
            .and_then(|r| malay_unit(r).or(malay_se_word(r).map(|x| x.0)))
        {
            if acc.any && acc.total == 0 && acc.small > 0 && d > 1 {
                let n = acc.small;
                return Some(WordNumber {
                    value: Decimal::from(n) / Decimal::from(d),
                    ratio: Some((n as u32, d as u32)),
                    len: i + 1 - start,
                    ordinal: false,
                    weak: false,
                });
            }
            break;
        } else {
            break;
        }
        i += 1;
    }
    if let Some((n, d)) = ratio {
        return Some(WordNumber {
            value: Decimal::from(n) / Decimal::from(d),
            ratio: Some((n, d)),
            len: i - start,
            ordinal: false,
            weak: false,
        });
    }
    if !acc.any || i == start {
        return None;
    }
    let mut value = Decimal::from(acc.value());
    if let Some(d) = decimals.filter(|d| !d.is_empty()) {
        value = format!("{}.{}", acc.value(), d).parse().unwrap_or(value);
    }
    let weak = i - start == 1 && first == "satu";
    Some(WordNumber {
        value,
        ratio: None,
        len: i - start,
        ordinal: false,
        weak,
    })
}

fn read_malay_ordinal(tokens: &[Token], start: usize) -> Option<WordNumber> {
    let first = word(tokens, start)?;
    let rest = &first[2..];
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
        match w {
            "belas" if acc.last > 0 => acc.small += 10,
            "puluh" if acc.last > 0 => acc.multiply_last(10),
            "ratus" if acc.last > 0 => acc.multiply_last(100),
            _ => match malay_unit(w) {
                Some(u) if acc.last == 0 && acc.small % 10 == 0 && u > 0 => acc.unit(u),
                _ => break,
            },
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

fn read_english(tokens: &[Token], start: usize) -> Option<WordNumber> {
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
            match english_unit(w).filter(|u| *u < 10) {
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
            && word(tokens, i + 1).is_some_and(|n| english_unit(n).is_some())
            && acc.small % 100 == 0
            && acc.value() >= 100
        {
        } else if w == "point"
            && acc.any
            && word(tokens, i + 1).is_some_and(|n| english_unit(n).is_some_and(|u| u < 10))
        {
            decimals = Some(String::new());
        } else {
            break;
        }
        i += 1;
        if tokens.get(i).is_some_and(|t| t.is_punct('-'))
            && word(tokens, i + 1)
                .and_then(english_unit)
                .is_some_and(|u| u < 10)
        {
            i += 1;
        }
    }
    if !acc.any {
        return None;
    }
    let mut value = Decimal::from(acc.value());
    if let Some(d) = decimals.filter(|d| !d.is_empty()) {
        value = format!("{}.{}", acc.value(), d).parse().unwrap_or(value);
    }
    let weak = i - start == 1 && first == "one";
    Some(WordNumber {
        value,
        ratio: None,
        len: i - start,
        ordinal: false,
        weak,
    })
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
        _ => match english_unit(first).filter(|u| (2..10).contains(u)) {
            Some(u) => (u as u32, start + 1),
            None => return None,
        },
    };
    if tokens.get(i).is_some_and(|t| t.is_punct('-')) {
        i += 1;
    }
    let d = english_denominator(word(tokens, i)?)?;
    if first == "half" || (first == "a" && d == 2) {
        // `half a million`
        if let (Some("a"), Some(p)) = (
            word(tokens, i + 1),
            word(tokens, i + 2).and_then(english_scale),
        ) {
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
