//! The number words of each grammar, read once from `data/number-words.toml`.

use std::sync::LazyLock;

/// A word and the number it stands for.
pub(super) type Valued = Vec<(String, i64)>;

/// English number words (`[english]` in the data file, which documents each key).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EnglishWords {
    pub units: Valued,
    pub ordinals: Valued,
    pub hundred: String,
    pub hundredth: String,
    pub scales: Valued,
    pub scale_ordinals: Valued,
    pub dozen: String,
    pub and: String,
    pub article: String,
    pub point: String,
    pub denominators: Valued,
    pub half: String,
    pub weak_alone: Vec<String>,
    pub day_of_month: String,
    pub month_day_article: String,
    pub weak_words: Valued,
    pub weak_bands: Vec<String>,
    pub fraction_articles: Vec<String>,
    pub of_a_percent: Vec<[String; 2]>,
}

/// Indonesian and Malay number words (`[malay]`).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MalayWords {
    pub units: Valued,
    pub units_only_among_numbers: Vec<String>,
    pub not_a_number_after: Vec<[String; 2]>,
    pub collective_suffix: String,
    pub name_heads: Vec<String>,
    pub day_words: Vec<String>,
    pub weak_clock_words: Valued,
    pub scales: Valued,
    pub one_prefixed: Valued,
    pub one_prefixed_scales: Valued,
    pub fractions: Valued,
    pub teens_word: String,
    pub tens_word: String,
    pub hundreds_word: String,
    pub dozen_word: String,
    pub decimal_word: String,
    pub one_prefix: String,
    pub fraction_prefix: String,
    pub ordinal_prefix: String,
    pub first_ordinal: String,
    pub weak_alone: Vec<String>,
}

/// Units of measure (`[measures]`).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Measures {
    pub units: Vec<[String; 2]>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NumberWords {
    pub english: EnglishWords,
    pub malay: MalayWords,
    pub measures: Measures,
}

/// The number words, parsed on first use from the file compiled into the binary.
pub(super) static WORDS: LazyLock<NumberWords> = LazyLock::new(|| {
    toml::from_str(include_str!("../../data/number-words.toml"))
        .unwrap_or_else(|error| panic!("src/align/data/number-words.toml does not parse: {error}"))
});

/// The value of `word` in a word list.
pub(super) fn value_of(list: &Valued, word: &str) -> Option<i64> {
    list.iter().find(|(entry, _)| entry == word).map(|&(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_words_file_parses() {
        assert_eq!(value_of(&WORDS.english.units, "ninety"), Some(90));
        assert_eq!(value_of(&WORDS.malay.units, "sembilan"), Some(9));
        assert_eq!(value_of(&WORDS.malay.scales, "juta"), Some(6));
        assert_eq!(value_of(&WORDS.malay.one_prefixed_scales, "seribu"), Some(3));
        assert_eq!(WORDS.malay.teens_word, "belas");
    }
}
