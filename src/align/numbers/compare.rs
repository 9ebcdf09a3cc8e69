//! Equality of two mentions by kind class and canonical value (section 8.4 of
//! the notes): what counts as the same number across the two languages.

use rust_decimal::Decimal;

use super::Mention;
use super::value::{Kind, Value};
use crate::align::codes::{Note, Reason};

/// The outcome of comparing a source mention with a target mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The same number, possibly with a note.
    Equal(Option<Note>),
    /// The same sort of number with a different value or unit.
    Differs(Reason),
    /// Not comparable (different kind classes).
    Unrelated,
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Class {
    Quantity,
    Share,
    Band,
    Decade,
    Time,
    Date,
}

fn class(kind: Kind) -> Class {
    match kind {
        Kind::Percent | Kind::PercentagePoints | Kind::BasisPoints => Class::Share,
        Kind::Vague => Class::Band,
        Kind::Decade => Class::Decade,
        Kind::Time => Class::Time,
        Kind::Date => Class::Date,
        _ => Class::Quantity,
    }
}

fn as_decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Num(d) => Some(*d),
        Value::Ratio(n, d) if *d != 0 => Some(Decimal::from(*n) / Decimal::from(*d)),
        Value::Digits(s) => s.trim_start_matches('+').parse().ok(),
        _ => None,
    }
}

/// Compares the values `a` (source) and `b` (target) of mentions of kinds `ka`, `kb`.
pub fn compare_values(ka: Kind, a: &Value, kb: Kind, b: &Value) -> Verdict {
    // A decade rendered as its first year (`1960-an` → `1960`) is a change, not two findings.
    if let Some(v) = decade_vs_year(a, b) {
        return v;
    }
    if let Some(v) = completed_date(ka, a, b).or_else(|| band_vs_figure(ka, a, kb, b)) {
        return v;
    }
    if class(ka) != class(kb) {
        return Verdict::Unrelated;
    }
    match (a, b) {
        (Value::Digits(x), Value::Digits(y)) => digits_verdict(x, y),
        // An account or phone number read as a quantity (`0015645678` →
        // `15,645,678`) lost its leading zeros: the digits differ. Short
        // ones (`RT 05` → `RT 5`, `No. 07`) are the same number.
        (Value::Digits(x), _) | (_, Value::Digits(x)) if x.len() >= 5 && x.starts_with('0') => {
            Verdict::Differs(Reason::Value)
        }
        (Value::Digits(x), other) | (other, Value::Digits(x)) => match as_decimal(other) {
            Some(d) if x.parse::<Decimal>().ok() == Some(d) => Verdict::Equal(None),
            Some(_) => Verdict::Differs(Reason::Value),
            None => Verdict::Unrelated,
        },
        (Value::Range(l1, h1), Value::Range(l2, h2)) => {
            // Every bound is compared: `40-60` → `41-60` changed its lower bound.
            if l1 == l2 && h1 == h2 {
                Verdict::Equal(None)
            } else if h1 == h2 {
                number_verdict(*l1, *l2)
            } else {
                number_verdict(*h1, *h2)
            }
        }
        (Value::Range(lo, hi), other) => match as_decimal(other) {
            Some(d) if d == *lo || d == *hi => Verdict::Differs(Reason::RangeCollapsed),
            Some(d) => number_verdict(*hi, d),
            None => Verdict::Unrelated,
        },
        (other, Value::Range(lo, hi)) => match as_decimal(other) {
            Some(d) if d == *lo || d == *hi => Verdict::Differs(Reason::Value),
            Some(d) => number_verdict(d, *hi),
            None => Verdict::Unrelated,
        },
        (Value::Band(p), Value::Band(q)) => {
            // `miliaran` ↔ `tens of billions`: "tens of X" for "X-an" is accepted.
            equal_or_changed(p == q || (*q == p + 1 && q % 3 == 1 && *q > 1))
        }
        // `60-an` ↔ `the sixties`: a two-digit decade names no century.
        (Value::Decade(x), Value::Decade(y)) => equal_or_changed(if *x < 100 || *y < 100 {
            x % 100 == y % 100
        } else {
            x == y
        }),
        (
            Value::Time {
                minutes: m1,
                utc_offset: o1,
            },
            Value::Time {
                minutes: m2,
                utc_offset: o2,
            },
        ) => time_verdict(*m1, *o1, *m2, *o2),
        (Value::Date { .. }, Value::Date { .. }) => date_verdict(a, b),
        (x, y) => match (as_decimal(x), as_decimal(y)) {
            (Some(p), Some(q)) if p == q => Verdict::Equal(None),
            (Some(p), Some(q)) => number_verdict(p, q),
            _ => Verdict::Unrelated,
        },
    }
}

/// Equal, or changed in value.
fn equal_or_changed(same: bool) -> Verdict {
    if same {
        Verdict::Equal(None)
    } else {
        Verdict::Differs(Reason::Value)
    }
}

/// Two dates: equal where one leaves out the year or the day the other
/// gives; day and month swapped is a date-order change.
fn date_verdict(a: &Value, b: &Value) -> Verdict {
    let (
        Value::Date {
            year: year_a,
            month: month_a,
            day: day_a,
        },
        Value::Date {
            year: year_b,
            month: month_b,
            day: day_b,
        },
    ) = (a, b)
    else {
        return Verdict::Unrelated;
    };
    let years = year_a.is_none() || year_b.is_none() || year_a == year_b;
    if years && month_a == month_b && (day_a == day_b || day_a.is_none() || day_b.is_none()) {
        Verdict::Equal(None)
    } else if years && Some(*month_a) == *day_b && *day_a == Some(*month_b) {
        Verdict::Differs(Reason::DateOrder)
    } else {
        Verdict::Differs(Reason::Value)
    }
}

/// A source year or bare day that the translation completed into a date
/// (`tahun 1936` → `July 1936`, `tanggal 9` → `March 9`): the same date, as
/// long as what the source wrote is kept.
fn completed_date(ka: Kind, a: &Value, b: &Value) -> Option<Verdict> {
    let (Value::Num(written), Value::Date { year, day, .. }) = (a, b) else {
        return None;
    };
    let kept = match ka {
        Kind::Year => year.map(Decimal::from),
        Kind::Date => day.map(Decimal::from),
        _ => return None,
    }?;
    Some(if kept == *written {
        Verdict::Equal(None)
    } else {
        Verdict::Differs(Reason::Value)
    })
}

/// A vague band on one side and a round figure inside it on the other
/// (`sejutaan` ↔ `about a million`, `ratusan` ↔ `hundreds`/`300`).
fn band_vs_figure(ka: Kind, a: &Value, kb: Kind, b: &Value) -> Option<Verdict> {
    let (power, figure, figure_kind) = match (a, b) {
        (Value::Band(power), figure) | (figure, Value::Band(power)) if !matches!(figure, Value::Band(_)) => {
            (*power, figure, if matches!(a, Value::Band(_)) { kb } else { ka })
        }
        _ => return None,
    };
    let value = as_decimal(figure).filter(|_| class(figure_kind) == Class::Quantity && figure_kind != Kind::Year)?;
    let low = Decimal::from(10i64.checked_pow(u32::from(power))?);
    let high = low.checked_mul(Decimal::TEN)?;
    // Only a round figure (`a million`, `300`) restates a band; `1,806` for
    // `ribuan` is a figure the source did not give.
    let round = (value % low).is_zero();
    (low <= value && value < high && round).then_some(Verdict::Equal(None))
}

fn decade_vs_year(a: &Value, b: &Value) -> Option<Verdict> {
    let (decade, other) = match (a, b) {
        (Value::Decade(d), o) | (o, Value::Decade(d)) if !matches!(o, Value::Decade(_)) => (*d, o),
        _ => return None,
    };
    let year = as_decimal(other)?;
    (Decimal::from(decade) == year || (decade < 100 && year % Decimal::from(100) == Decimal::from(decade)))
        .then_some(Verdict::Differs(Reason::Value))
}

fn digits_verdict(x: &str, y: &str) -> Verdict {
    let norm = |s: &str| -> String {
        let d: String = s.chars().filter(char::is_ascii_digit).collect();
        // +62 21 … and 021 … are the same Indonesian number.
        match d.strip_prefix("62") {
            Some(rest) if s.starts_with('+') => format!("0{rest}"),
            _ => d,
        }
    };
    if norm(x) == norm(y) {
        Verdict::Equal(None)
    } else {
        Verdict::Differs(Reason::Value)
    }
}

fn time_verdict(m1: u32, o1: Option<i16>, m2: u32, o2: Option<i16>) -> Verdict {
    let day = 24 * 60;
    if m1 % day == m2 % day && (o1 == o2 || o1.is_none() || o2.is_none()) {
        return Verdict::Equal(None);
    }
    if let (Some(a), Some(b)) = (o1, o2) {
        let utc1 = (m1 as i64 - a as i64 * 60).rem_euclid(day as i64);
        let utc2 = (m2 as i64 - b as i64 * 60).rem_euclid(day as i64);
        if utc1 == utc2 {
            return Verdict::Equal(Some(Note::TzConvertedDuplicate));
        }
    }
    Verdict::Differs(Reason::Value)
}

/// Classifies two different numbers: scale (a power of a thousand), precision, or value.
fn number_verdict(a: Decimal, b: Decimal) -> Verdict {
    if a == b {
        return Verdict::Equal(None);
    }
    if !a.is_zero() && !b.is_zero() {
        let (big, small) = if a.abs() > b.abs() {
            (a.abs(), b.abs())
        } else {
            (b.abs(), a.abs())
        };
        if let Some(ratio) = big.checked_div(small) {
            for p in [3u32, 6, 9, 12] {
                if ratio == Decimal::from(10i64.pow(p)) {
                    return Verdict::Differs(Reason::Scale);
                }
            }
        }
    }
    if a.scale() > b.scale() {
        let dp = b.normalize().scale();
        if a.round_dp(dp) == b || a.trunc_with_scale(dp) == b {
            return Verdict::Differs(Reason::Precision);
        }
    }
    Verdict::Differs(Reason::Value)
}

/// Compares a source mention with a target mention (values, kinds and units).
pub fn compare(src: &Mention, tgt: &Mention) -> Verdict {
    // `usia 40-an` is an age in the forties: `in their forties`.
    if let (Kind::Cardinal, Value::Num(approx), Value::Decade(decade)) = (src.kind, &src.value, &tgt.value)
        && src.approx
        && *decade < 100
        && *approx == Decimal::from(*decade)
    {
        return Verdict::Equal(None);
    }
    let verdict = compare_values(src.kind, &src.value, tgt.kind, &tgt.value);
    // `150 km` → `150 miles`: the same figure in another unit is a changed number.
    if let (Verdict::Equal(_), Some(source_unit), Some(target_unit)) = (verdict, src.measure, tgt.measure)
        && source_unit != target_unit
    {
        return Verdict::Differs(Reason::Unit);
    }
    // `12/3/2024` for `3/12/2024` is the same date read month first (US style), not a swap.
    if verdict == Verdict::Differs(Reason::DateOrder) && tgt.ambiguous_date {
        return Verdict::Equal(Some(Note::DmyAmbiguous));
    }
    let Verdict::Equal(note) = verdict else {
        return verdict;
    };
    // Indonesian news writes `naik 1%` for a rise of one percentage point, and
    // translators write the point: only the reverse is a changed unit.
    let points_for_percent = src.kind == Kind::Percent && tgt.kind == Kind::PercentagePoints;
    if src.kind != tgt.kind && class(src.kind) == Class::Share && !points_for_percent {
        return Verdict::Differs(Reason::Unit);
    }
    if let (Some(a), Some(b)) = (src.bound, tgt.bound)
        && a.contradicts(b)
    {
        return Verdict::Differs(Reason::Value);
    }
    let era = |m: &Mention| {
        if m.kind == Kind::Year { m.unit.clone() } else { None }
    };
    if let (Some(a), Some(b)) = (era(src), era(tgt))
        && a != b
    {
        return Verdict::Differs(Reason::Unit);
    }
    let currency = |m: &Mention| {
        if matches!(m.kind, Kind::Currency | Kind::Range) {
            m.unit.clone().filter(|unit| unit.len() == 3)
        } else {
            None
        }
    };
    match (currency(src), currency(tgt)) {
        (Some(a), Some(b)) if a != b => Verdict::Differs(Reason::Currency),
        (Some(_), None) => Verdict::Equal(note.or(Some(Note::CurrencyDropped))),
        _ => {
            if src.kind == Kind::Date && (src.ambiguous_date || tgt.ambiguous_date) {
                return Verdict::Equal(Some(Note::DmyAmbiguous));
            }
            if src.approx && !tgt.approx {
                return Verdict::Equal(note.or(Some(Note::HedgeDropped)));
            }
            Verdict::Equal(note)
        }
    }
}
