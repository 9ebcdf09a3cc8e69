//! Canonical values: what a number means, independent of how it is written.
//!
//! Values are exact (`rust_decimal`), never floats. Numeric cores are parsed
//! by hand because the Indonesian rules (dot groups, comma decimals, years
//! never grouped) are exactly what general parsers get wrong; `icu_decimal`
//! has no parsing API.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::align::lexicon::Separators;

/// What sort of number a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A plain quantity (`12.000`, `dua belas`, `1,5 juta`).
    Cardinal,
    /// An amount of money; `unit` holds the ISO code.
    Currency,
    /// A percentage.
    Percent,
    /// Percentage points.
    PercentagePoints,
    /// Basis points.
    BasisPoints,
    /// An ordinal (`ke-2`, `2nd`, `abad XX`).
    Ordinal,
    /// A range (`10-12`, `antara 10 dan 12`).
    Range,
    /// A vague band (`ratusan`, `thousands`).
    Vague,
    /// A decade (`1950-an`, `the Sixties`).
    Decade,
    /// A time of day.
    Time,
    /// A calendar date.
    Date,
    /// A year.
    Year,
    /// Digits compared as a string (phones, law numbers, accounts).
    Identifier,
    /// A fraction (`setengah`, `three-quarters`).
    Fraction,
}

/// The canonical value of a mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// An exact number.
    Num(Decimal),
    /// A range `[low, high]`.
    Range(Decimal, Decimal),
    /// Minutes since midnight and the UTC offset in hours, if stated.
    Time {
        /// Minutes since midnight.
        minutes: u32,
        /// Hours east of UTC (`WIB` = 7), when the text says.
        utc_offset: Option<i16>,
    },
    /// A calendar date; year and day may be unknown.
    Date {
        /// The year, when written.
        year: Option<i32>,
        /// The month, 1–12.
        month: u8,
        /// The day of the month, when written.
        day: Option<u8>,
    },
    /// A vague band, as the power of ten of its smallest member (`ratusan` = 2).
    Band(u8),
    /// A decade; two-digit decades (`’90-an`) are kept below 100.
    Decade(i32),
    /// A digit string compared exactly.
    Digits(String),
    /// A fraction `numerator/denominator` in lowest terms (`sepertiga` = 1/3).
    Ratio(u32, u32),
}

impl Value {
    /// The canonical string written on the record (`"12000"`, `"10..12"`, `"10:30+07"`).
    pub fn canonical(&self) -> String {
        match self {
            Value::Num(d) => d.normalize().to_string(),
            Value::Range(lo, hi) => format!("{}..{}", lo.normalize(), hi.normalize()),
            Value::Time { minutes, utc_offset } => {
                let base = format!("{:02}:{:02}", minutes / 60, minutes % 60);
                match utc_offset {
                    Some(o) => format!("{base}{o:+03}"),
                    None => base,
                }
            }
            Value::Date { year, month, day } => {
                // ISO 8601: `2024-11-25`, `2024-11`, and `--11-25` when the year is not given.
                match (year, day) {
                    (Some(y), Some(d)) => format!("{y:04}-{month:02}-{d:02}"),
                    (Some(y), None) => format!("{y:04}-{month:02}"),
                    (None, Some(d)) => format!("--{month:02}-{d:02}"),
                    (None, None) => format!("--{month:02}"),
                }
            }
            Value::Band(p) => format!("1e{p}+"),
            Value::Decade(d) if *d < 100 => format!("'{d:02}s"),
            Value::Decade(d) => format!("{d}s"),
            Value::Digits(s) => s.clone(),
            Value::Ratio(n, d) => format!("{n}/{d}"),
        }
    }

    /// The number, if this value is a single number.
    pub fn as_num(&self) -> Option<Decimal> {
        match self {
            Value::Num(d) => Some(*d),
            _ => None,
        }
    }
}

/// How a numeric core is written, which decides its readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoreShape {
    /// Only digits.
    Plain,
    /// Groups of three after the first separator kind, no other separator (`12.000`, `12,000`).
    Grouped,
    /// One separator between digits that is not a group of three (`3,5`, `3.5`).
    Decimal,
    /// Groups and a decimal part (`1.234.567,89`).
    GroupedDecimal,
    /// Anything else (`10:30`, `1.2.3`).
    Other,
}

/// Classifies a numeric core written with `group` and `decimal` marks.
fn shape(core: &str, group: char, decimal: char) -> CoreShape {
    if core.chars().all(|character| character.is_ascii_digit()) {
        return CoreShape::Plain;
    }
    let (int_part, frac) = match core.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (core, None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.chars().all(|character| character.is_ascii_digit())) {
        return CoreShape::Other;
    }
    let groups: Vec<&str> = int_part.split(group).collect();
    let grouped = groups.len() > 1;
    let valid_groups = !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups[0].chars().all(|character| character.is_ascii_digit())
        && groups[1..]
            .iter()
            .all(|group| group.len() == 3 && group.chars().all(|character| character.is_ascii_digit()));
    match (grouped, frac.is_some()) {
        (true, _) if !valid_groups => CoreShape::Other,
        (true, false) => CoreShape::Grouped,
        (true, true) => CoreShape::GroupedDecimal,
        (false, true) if int_part.chars().all(|character| character.is_ascii_digit()) => CoreShape::Decimal,
        _ => CoreShape::Other,
    }
}

/// The value of a core under one separator convention, with its shape.
pub fn read_core(core: &str, separators: Separators) -> Option<(Decimal, CoreShape)> {
    let (group, decimal) = match separators {
        Separators::DotGroupsCommaDecimal => ('.', ','),
        Separators::CommaGroupsDotDecimal => (',', '.'),
    };
    let s = shape(core, group, decimal);
    if s == CoreShape::Other {
        return None;
    }
    let normalised: String = core
        .chars()
        .filter(|&character| character != group)
        .map(|character| if character == decimal { '.' } else { character })
        .collect();
    normalised.parse::<Decimal>().ok().map(|value| (value, s))
}

/// Writes `value` with English-style marks (`1,234,567.89`), keeping at least `min_fraction` decimals.
///
/// Hand-written rather than `icu_decimal`: the repair must keep the digits
/// the source wrote (`12,50` → `12.50`), which a locale formatter rounds.
pub fn format_en(value: Decimal, min_fraction: u32, group: bool) -> String {
    let mut v = value;
    // rust_decimal holds at most 28 decimals; asking for more would overflow its formatter.
    let min_fraction = min_fraction.min(28);
    if v.scale() < min_fraction {
        v.rescale(min_fraction);
    }
    let text = v.to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int_part, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut grouped = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if group && i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A numeral of the Indonesian source read the way the extractor reads it:
/// Indonesian marks (`12.000`, `3,50`), else English ones (`1.5`); returns
/// its value and the decimals written.
pub fn read_source_numeral(core: &str) -> Option<(Decimal, u32)> {
    [Separators::DotGroupsCommaDecimal, Separators::CommaGroupsDotDecimal]
        .into_iter()
        .find_map(|separators| {
            read_core(core, separators).map(|(value, _)| (value, written_decimals(core, separators)))
        })
}

/// The number of decimals written in a core under a convention (`3,50` → 2).
pub fn written_decimals(core: &str, separators: Separators) -> u32 {
    let decimal = match separators {
        Separators::DotGroupsCommaDecimal => ',',
        Separators::CommaGroupsDotDecimal => '.',
    };
    core.split_once(decimal).map_or(0, |(_, f)| f.len() as u32)
}

/// Multiplies by a power of ten exactly; saturates instead of overflowing.
pub fn scaled(value: Decimal, power: u32) -> Decimal {
    let factor = Decimal::from_i128_with_scale(10i128.pow(power.min(27)), 0);
    value.checked_mul(factor).unwrap_or(Decimal::MAX)
}

/// Parses a Roman numeral (`XX`, `II`), upper case only, 1..=3999.
pub fn roman(text: &str) -> Option<u32> {
    // The numerals are ASCII: comparing bytes turns most words away on their first.
    if text.is_empty()
        || text.len() > 12
        || !text
            .bytes()
            .all(|byte| matches!(byte, b'I' | b'V' | b'X' | b'L' | b'C' | b'D' | b'M'))
    {
        return None;
    }
    let digit = |c: char| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        _ => 1000,
    };
    let chars: Vec<u32> = text.chars().map(digit).collect();
    let mut total = 0;
    for (i, &d) in chars.iter().enumerate() {
        if chars.get(i + 1).is_some_and(|&n| n > d) {
            total -= d as i64;
        } else {
            total += d as i64;
        }
    }
    (1..4000).contains(&total).then_some(total as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Separators::*;

    #[test]
    fn cores_read_per_convention() {
        let id = |s: &str| read_core(s, DotGroupsCommaDecimal).map(|(d, _)| d.normalize().to_string());
        let en = |s: &str| read_core(s, CommaGroupsDotDecimal).map(|(d, _)| d.normalize().to_string());
        assert_eq!(id("12.000").as_deref(), Some("12000"));
        assert_eq!(id("1.234.567,89").as_deref(), Some("1234567.89"));
        assert_eq!(id("3,5").as_deref(), Some("3.5"));
        assert_eq!(en("12.000").as_deref(), Some("12"));
        assert_eq!(en("1.234.567,89"), None);
        assert_eq!(en("12,000").as_deref(), Some("12000"));
        assert_eq!(format_en(Decimal::new(123456789, 2), 0, true), "1,234,567.89");
        assert_eq!(roman("XX"), Some(20));
        assert_eq!(roman("IV"), Some(4));
    }
}
