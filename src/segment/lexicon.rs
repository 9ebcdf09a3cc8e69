//! The word lists behind the rules, read from the data files in `data/`.
//!
//! The lists are compiled into the binary with `include_str!` and parsed once,
//! on first use. Keeping them as plain text lets a linguist review and extend
//! them without reading Rust; `data/*.txt` documents the format in its header.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// How an abbreviation behaves before the next word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbreviationKind {
    /// Introduces what follows (`Prof.`, `Jl.`, `Rp.`): never ends a sentence.
    Prefix,
    /// Closes a phrase (`dll.`, `Tbk.`, `Okt.`): ends a sentence before a capital.
    Suffix,
    /// An academic degree (`S.H.`, `LL.M.`): a suffix when it follows a comma.
    Degree,
}

/// All word lists, parsed.
#[derive(Debug)]
pub struct Lexicon {
    abbreviations: HashMap<String, AbbreviationKind>,
    related_link_phrases: Vec<String>,
    headline_lowercase_words: HashSet<String>,
    credit_words: Vec<String>,
    label_nouns: HashSet<String>,
}

/// The lexicon of the data files, parsed on first use.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::from_data_files);

impl Lexicon {
    fn from_data_files() -> Self {
        let mut abbreviations = HashMap::new();
        let lists = [
            (include_str!("data/prefix-abbreviations.txt"), AbbreviationKind::Prefix),
            (include_str!("data/suffix-abbreviations.txt"), AbbreviationKind::Suffix),
            (include_str!("data/degrees.txt"), AbbreviationKind::Degree),
        ];
        for (list, kind) in lists {
            for entry in entries(list) {
                let word = entry.strip_suffix('.').unwrap_or(entry);
                for variant in spelling_variants(word) {
                    abbreviations.entry(variant).or_insert(kind);
                }
            }
        }
        let mut related_link_phrases: Vec<String> = entries(include_str!("data/related-link-phrases.txt"))
            .map(str::to_owned)
            .collect();
        // Longest first, so `Baca juga` wins over `Baca`.
        related_link_phrases.sort_by_key(|phrase| std::cmp::Reverse(phrase.len()));
        Lexicon {
            abbreviations,
            related_link_phrases,
            headline_lowercase_words: entries(include_str!("data/headline-lowercase-words.txt"))
                .map(str::to_owned)
                .collect(),
            credit_words: entries(include_str!("data/credit-words.txt"))
                .map(str::to_lowercase)
                .collect(),
            label_nouns: entries(include_str!("data/label-nouns.txt"))
                .map(str::to_owned)
                .collect(),
        }
    }

    /// The kind of `word` (written without its final full stop), if it is a
    /// listed abbreviation.
    pub fn abbreviation(&self, word: &str) -> Option<AbbreviationKind> {
        if word.is_empty() || word.len() > 12 {
            return None;
        }
        self.abbreviations.get(word).copied()
    }

    /// The byte length of the related-link phrase and its colon that `text`
    /// starts with (`Baca juga:`), if any.
    pub fn related_link_prefix(&self, text: &str) -> Option<usize> {
        self.related_link_phrases.iter().find_map(|phrase| {
            let rest = text.strip_prefix(phrase.as_str())?;
            let after = rest.trim_start_matches([' ', '\u{a0}']);
            after.starts_with(':').then(|| text.len() - after.len() + 1)
        })
    }

    /// Whether `word` may stay lower case inside a capitalised headline.
    pub fn is_headline_lowercase_word(&self, word: &str) -> bool {
        self.headline_lowercase_words.contains(word)
    }

    /// Whether a single capital letter after `word` is a numeral or a label
    /// (`kuartal I`, `vitamin C`) rather than an initial. Case-insensitive.
    pub fn is_label_noun(&self, word: &str) -> bool {
        word.len() <= 16 && self.label_nouns.contains(word.to_lowercase().as_str())
    }

    /// Whether `word` opens a bracketed credit (`Foto` in `(Foto: ANTARA)`).
    pub fn is_credit_word(&self, word: &str) -> bool {
        self.credit_words.iter().any(|credit| credit.eq_ignore_ascii_case(word))
    }
}

/// The entries of a data file: one per line, `#` comments and blanks dropped.
fn entries(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|entry| !entry.is_empty())
}

/// An entry as written, plus its capitalised form when written in lower case
/// (a sentence-initial `Tgl.` is the same abbreviation as `tgl.`).
fn spelling_variants(word: &str) -> Vec<String> {
    let mut variants = vec![word.to_owned()];
    let mut chars = word.chars();
    if let Some(first) = chars.next().filter(|character| character.is_lowercase()) {
        variants.push(first.to_uppercase().chain(chars).collect());
    }
    variants
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_abbreviation_is_listed_in_two_files() {
        let mut seen = HashMap::new();
        for (file, list) in [
            ("prefix", include_str!("data/prefix-abbreviations.txt")),
            ("suffix", include_str!("data/suffix-abbreviations.txt")),
            ("degrees", include_str!("data/degrees.txt")),
        ] {
            for entry in entries(list) {
                assert!(
                    entry.ends_with('.'),
                    "{file}: {entry:?} must be written with its full stop"
                );
                if let Some(other) = seen.insert(entry, file) {
                    panic!("{entry:?} is listed in both {other} and {file}");
                }
            }
        }
    }

    #[test]
    fn lower_case_entries_also_match_capitalised() {
        assert_eq!(LEXICON.abbreviation("tgl"), Some(AbbreviationKind::Prefix));
        assert_eq!(LEXICON.abbreviation("Tgl"), Some(AbbreviationKind::Prefix));
        assert_eq!(LEXICON.abbreviation("dll"), Some(AbbreviationKind::Suffix));
        assert_eq!(LEXICON.abbreviation("LL.M"), Some(AbbreviationKind::Degree));
        assert_eq!(LEXICON.abbreviation("Jakarta"), None);
    }

    #[test]
    fn related_link_phrases_need_their_colon() {
        assert_eq!(
            LEXICON.related_link_prefix("Baca juga: Harga"),
            Some("Baca juga:".len())
        );
        assert_eq!(LEXICON.related_link_prefix("Baca: Harga"), Some("Baca:".len()));
        assert_eq!(LEXICON.related_link_prefix("Baca juga berita lain"), None);
    }
}
