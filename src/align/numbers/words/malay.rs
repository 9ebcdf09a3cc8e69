//! Indonesian and Malay number words: `dua belas`, `tiga puluh`, `seratus`,
//! `setengah juta`, `nol koma lima`, ordinals `ketiga`, `kedua puluh`.

use rust_decimal::Decimal;

use super::{Acc, WordNumber, pow10, word};
use crate::align::text::Token;

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

pub(super) fn read_malay(tokens: &[Token], start: usize) -> Option<WordNumber> {
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
        } else if w == "koma" && acc.any && tokens.get(i + 1).is_some_and(|t| malay_unit(&t.lower).is_some()) {
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
    let weak = i - start == 1 && first == "satu";
    Some(acc.cardinal(decimals, i - start, weak))
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
