//! The speaker pass's word lists, one set per language, from `../../data/speaker-words.txt`:
//! role heads, abbreviations of roles, descriptions, demonstratives and capitalised words that
//! are never names.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The word lists of one language, from `data/speaker-words.txt`.
#[derive(Debug, Default)]
pub struct SpeakerWords {
    role_heads: Vec<String>,
    abbreviations: Vec<(String, String)>,
    descriptions: Vec<String>,
    description_stops: Vec<String>,
    demonstratives: Vec<String>,
    not_names: Vec<String>,
}

static SPEAKER_WORDS: LazyLock<HashMap<String, SpeakerWords>> =
    LazyLock::new(|| parse_speaker_words(include_str!("../../data/speaker-words.txt")));

static NO_WORDS: LazyLock<SpeakerWords> = LazyLock::new(SpeakerWords::default);

/// The lists for a language code; Malay reads the Indonesian ones, unknown languages none.
pub fn speaker_words(code: &str) -> &'static SpeakerWords {
    let code = if code == "ms" { "id" } else { code };
    SPEAKER_WORDS.get(code).unwrap_or(&NO_WORDS)
}

fn parse_speaker_words(text: &str) -> HashMap<String, SpeakerWords> {
    let mut languages: HashMap<String, SpeakerWords> = HashMap::new();
    let mut section: Option<(String, String)> = None;
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(header) = line.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            let mut parts = header.split_whitespace();
            section = parts
                .next()
                .zip(parts.next())
                .map(|(name, lang)| (name.to_owned(), lang.to_owned()));
            continue;
        }
        let Some((name, lang)) = &section else { continue };
        let words = languages.entry(lang.clone()).or_default();
        let entry = line.to_lowercase();
        match name.as_str() {
            "role_heads" => words.role_heads.push(entry),
            "abbreviations" => {
                if let Some((short, expansion)) = entry.split_once('=') {
                    words
                        .abbreviations
                        .push((short.trim().to_owned(), expansion.trim().to_owned()));
                }
            }
            "descriptions" => words.descriptions.push(entry),
            "description_stops" => words.description_stops.push(entry),
            "demonstratives" => words.demonstratives.push(entry),
            "not_names" => words.not_names.push(entry),
            _ => {}
        }
    }
    languages
}

impl SpeakerWords {
    /// Whether `lower` opens a role or title (`menteri`, `kepala`) or abbreviates one (`menkeu`).
    pub fn is_role_head(&self, lower: &str) -> bool {
        self.role_heads.iter().any(|head| head == lower) || self.abbreviation(lower).is_some()
    }

    pub(super) fn abbreviation(&self, lower: &str) -> Option<&str> {
        self.abbreviations
            .iter()
            .find(|(short, _)| short == lower)
            .map(|(_, expansion)| expansion.as_str())
    }

    /// Whether `lower` is a demonstrative that points back to someone named (`itu`).
    pub fn is_demonstrative(&self, lower: &str) -> bool {
        self.demonstratives.iter().any(|word| word == lower)
    }

    /// Whether every word of `text` is a capitalised word that is never a name (`Kamis`, `Jawa Tengah`).
    pub fn is_never_a_name(&self, text: &str) -> bool {
        text.split_whitespace()
            .all(|word| self.is_not_name(&word.to_lowercase()))
    }

    pub(super) fn is_not_name(&self, lower: &str) -> bool {
        self.not_names.iter().any(|word| word == lower)
    }

    /// Whether `lower` opens a description of an unnamed speaker (`seorang`, `warga`).
    pub fn is_description(&self, lower: &str) -> bool {
        self.descriptions.iter().any(|word| word == lower)
    }

    /// Whether `lower` ends a description (`yang`, `di`, `saat`).
    pub fn is_description_stop(&self, lower: &str) -> bool {
        self.description_stops.iter().any(|word| word == lower)
    }
}
