//! Whether a numeral is written the English way (`12,000`, `1,234,567.5`),
//! which Indonesian never does: there a dot groups thousands and a comma
//! starts the decimals. A source numeral like that contradicts any repair
//! that reads the source as Indonesian.

/// Whether `numeral` groups thousands with commas (`12,000`, `1,500.25`,
/// `Rp 12,000`); `12.000`, `3,5` and `2024` are not.
pub fn is_english_grouped(numeral: &str) -> bool {
    numeral
        .split(|character: char| !(character.is_ascii_digit() || character == ',' || character == '.'))
        .any(is_english_grouped_token)
}

fn is_english_grouped_token(token: &str) -> bool {
    let token = token.trim_matches(|character| character == ',' || character == '.');
    let (whole, fraction) = token.split_once('.').unwrap_or((token, ""));
    if !fraction.chars().all(|character| character.is_ascii_digit()) || !whole.contains(',') {
        return false;
    }
    let mut groups = whole.split(',');
    let lead = groups.next().unwrap_or_default();
    (1..=3).contains(&lead.len())
        && !lead.starts_with('0')
        && lead.chars().all(|character| character.is_ascii_digit())
        && groups.all(|group| group.len() == 3 && group.chars().all(|character| character.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_comma_grouped_thousands_are_english_notation() {
        for english in ["12,000", "1,234,567", "1,500.25", "Rp 12,000", "US$2,500", "12,000%"] {
            assert!(is_english_grouped(english), "{english}");
        }
        for other in [
            "12.000",
            "3,5",
            "2024",
            "1.234.567,89",
            "12,0000",
            "0,750",
            "3.5",
            "12, 000",
            "",
        ] {
            assert!(!is_english_grouped(other), "{other}");
        }
    }
}
