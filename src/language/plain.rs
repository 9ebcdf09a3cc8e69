//! A translated sentence that is plainly English, told by its function words.
//!
//! The detectors of [`super::target`] cost about 0.2 ms a sentence, most of
//! a worker's time per article. Most of what an engine returns for an
//! English target is ordinary English prose, which a handful of function
//! words identify without doubt; only the rest needs the detectors. The
//! words and the rule are in `data/plain-english.toml`.

use std::collections::HashSet;
use std::sync::LazyLock;

use serde::Deserialize;

/// Different marker words a plainly English sentence holds.
const MIN_DISTINCT_MARKERS: usize = 3;
/// Share of its words the markers make up, as a fraction (one in four).
const MIN_MARKER_SHARE_DENOMINATOR: usize = 4;

#[derive(Deserialize)]
struct WordLists {
    distinctive: Vec<String>,
    shared: Vec<String>,
    indonesian_malay: Vec<String>,
}

struct Markers {
    distinctive: HashSet<String>,
    shared: HashSet<String>,
    indonesian_malay: HashSet<String>,
}

static MARKERS: LazyLock<Markers> = LazyLock::new(|| {
    let lists: WordLists =
        toml::from_str(include_str!("data/plain-english.toml")).expect("src/language/data/plain-english.toml parses");
    Markers {
        distinctive: lists.distinctive.into_iter().collect(),
        shared: lists.shared.into_iter().collect(),
        indonesian_malay: lists.indonesian_malay.into_iter().collect(),
    }
});

/// Whether `text` is plainly English: enough English function words, one of
/// them English's own, and no Indonesian or Malay one anywhere.
pub fn is_plainly_english(text: &str) -> bool {
    let markers = &*MARKERS;
    let mut lowered = String::new();
    let holds_indonesian_word = text
        .split(|character: char| !character.is_alphabetic())
        .filter(|run| !run.is_empty())
        .any(|run| {
            lowered.clear();
            lowered.extend(run.chars().flat_map(char::to_lowercase));
            markers.indonesian_malay.contains(lowered.as_str())
        });
    if holds_indonesian_word {
        return false;
    }
    let mut words = 0;
    let mut marker_count = 0;
    let mut distinct: Vec<&str> = Vec::new();
    let mut any_distinctive = false;
    for token in text.split_whitespace() {
        if !token.chars().any(char::is_alphabetic) {
            continue;
        }
        words += 1;
        let Some(word) = standalone_word(token, &mut lowered) else {
            continue;
        };
        let (marker, distinctive) = if let Some(found) = markers.distinctive.get(word) {
            (found, true)
        } else if let Some(found) = markers.shared.get(word) {
            (found, false)
        } else {
            continue;
        };
        marker_count += 1;
        any_distinctive |= distinctive;
        if !distinct.contains(&marker.as_str()) {
            distinct.push(marker.as_str());
        }
    }
    any_distinctive && distinct.len() >= MIN_DISTINCT_MARKERS && marker_count * MIN_MARKER_SHARE_DENOMINATOR >= words
}

/// The token as a lower-case word, when it is one word standing alone:
/// letters only once an opening bracket and closing punctuation are set
/// aside, in small letters or with one capital (`WITH` in a code listing
/// or a shouted headline is not prose).
fn standalone_word<'buffer>(token: &str, lowered: &'buffer mut String) -> Option<&'buffer str> {
    let word = token
        .trim_start_matches('(')
        .trim_end_matches([',', '.', ';', ':', '!', '?', ')']);
    let mut characters = word.chars();
    let first = characters.next()?;
    let rest_lower = characters.clone().all(|character| character.is_lowercase());
    if !first.is_alphabetic() || !rest_lower || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    lowered.clear();
    lowered.extend(word.chars().flat_map(char::to_lowercase));
    Some(lowered.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_prose_is_plain_and_everything_doubtful_is_not() {
        let cases: &[(&str, bool)] = &[
            (
                "The government allocated a budget for the social assistance programme.",
                true,
            ),
            ("He said that the 12,000 troops had been sent to the border.", true),
            // Indonesian left in: the detectors judge it.
            ("The government said bahwa the budget was approved.", false),
            (
                "Pemerintah mengalokasikan anggaran untuk program bantuan sosial tersebut.",
                false,
            ),
            // Dutch and German share short words with English, not these.
            (
                "Als het bestand gegeven is, mag het niet worden gewijzigd of verwijderd.",
                false,
            ),
            ("Die Regierung hat das Budget in der Sitzung also genehmigt.", false),
            ("Le gouvernement a alloué un budget au programme d'aide sociale.", false),
            // Words of other languages that are also English words.
            ("Hij had een gebroken been, maar het was in orde.", false),
            ("Le but a été atteint, on a gagné.", false),
            ("El are o casa in Bucuresti, a spus el.", false),
            ("Le he dicho a mi hermano que has ganado.", false),
            // Partly untranslated.
            (
                "The minister said the budget would be discussed, kata Sri Mulyani kepada wartawan.",
                false,
            ),
            ("He said that the budget yaitu the state budget was approved.", false),
            ("They said the kerajaan has approved bahawa the budget was fine.", false),
            // Code and shouting are not prose; quoted flags are not words.
            ("DO-ALSO-Regeln werden in WITH nicht unterstützt, FROM the list.", false),
            ("close: tweede argument moet 'to' of 'from' zijn", false),
            // Too few markers to be sure.
            ("Polish miners rescued", false),
            ("Kim Jong Un.", false),
        ];
        let wrong: Vec<_> = cases
            .iter()
            .filter(|(text, plain)| is_plainly_english(text) != *plain)
            .collect();
        assert!(wrong.is_empty(), "{wrong:?}");
    }
}
