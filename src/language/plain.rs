//! Texts whose language their words settle, so the detectors need not run:
//! a translated sentence that is plainly English ([`is_plainly_english`])
//! and an article's body that is plainly Indonesian ([`is_plainly_indonesian`]).
//!
//! The detectors of [`super::target`] cost about 0.2 ms a sentence, and
//! lingua about 0.3 ms per 1,000 characters of a body: most of a worker's
//! time per article. Most of what an engine returns for an English target
//! is ordinary English prose, and most Indonesian news is written in words
//! Malay spells or says otherwise; a handful of words identify either
//! without doubt, and only the rest needs the detectors. The words and the
//! rules are in `data/plain-english.toml` and `data/plain-indonesian.toml`.

use std::collections::HashSet;
use std::sync::LazyLock;

use serde::Deserialize;

/// Different marker words a plainly English sentence holds.
const MIN_DISTINCT_MARKERS: usize = 3;
/// Share of its words the markers make up, as a fraction (one in four).
const MIN_MARKER_SHARE_DENOMINATOR: usize = 4;

#[derive(Deserialize)]
struct Markers {
    distinctive: HashSet<String>,
    shared: HashSet<String>,
    indonesian_malay: HashSet<String>,
}

static MARKERS: LazyLock<Markers> = LazyLock::new(|| {
    toml::from_str(include_str!("data/plain-english.toml")).expect("src/language/data/plain-english.toml parses")
});

/// Different Indonesian-only words a plainly Indonesian body holds.
const MIN_DISTINCT_INDONESIAN: usize = 3;
/// Share of its words the shared Indonesian–Malay words make up, as a
/// fraction (one in four): Indonesian news has 26–36 %, and a body with a
/// third of its sentences in English still passes a fifth.
const MIN_SHARED_SHARE_DENOMINATOR: usize = 4;

#[derive(Deserialize)]
struct IndonesianMarkers {
    indonesian: HashSet<String>,
    malay: HashSet<String>,
    shared: HashSet<String>,
}

static INDONESIAN_MARKERS: LazyLock<IndonesianMarkers> = LazyLock::new(|| {
    toml::from_str(include_str!("data/plain-indonesian.toml")).expect("src/language/data/plain-indonesian.toml parses")
});

/// Whether `text` is plainly Indonesian: no Malay-only word anywhere, at
/// least three different Indonesian-only ones, and words Indonesian shares
/// with Malay (not English) making up a quarter of it. The caller decides how
/// long a text must be for this to stand in for the detector.
pub fn is_plainly_indonesian(text: &str) -> bool {
    let markers = &*INDONESIAN_MARKERS;
    let mut lowered = String::new();
    let mut words = 0;
    let mut shared = 0;
    let mut distinct_indonesian: Vec<&str> = Vec::new();
    for run in text.split(|character: char| !character.is_alphabetic()) {
        if run.is_empty() {
            continue;
        }
        words += 1;
        lowered.clear();
        lowered.extend(run.chars().flat_map(char::to_lowercase));
        if markers.malay.contains(lowered.as_str()) {
            return false;
        }
        if markers.shared.contains(lowered.as_str()) {
            shared += 1;
        } else if let Some(word) = markers.indonesian.get(lowered.as_str())
            && !distinct_indonesian.contains(&word.as_str())
        {
            distinct_indonesian.push(word.as_str());
        }
    }
    distinct_indonesian.len() >= MIN_DISTINCT_INDONESIAN && shared * MIN_SHARED_SHARE_DENOMINATOR >= words
}

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
    fn indonesian_news_is_plain_and_malay_english_or_mixed_text_is_not() {
        let indonesian = "Pemerintah memastikan bahwa anggaran kesehatan tahun depan naik karena \
                          jumlah pasien terus bertambah, kata juru bicara kementerian di kantornya.";
        let cases: &[(&str, bool)] = &[
            (indonesian, true),
            // One Malay spelling is enough to leave it to lingua.
            (&indonesian.replace("bahwa", "bahawa"), false),
            (
                "Kerajaan memastikan bahawa peruntukan kesihatan tahun depan naik kerana \
                 jumlah pesakit terus bertambah, kata jurucakap kementerian di pejabatnya.",
                false,
            ),
            // English quoting Indonesian words: the shared words are too few.
            (
                "The minister said karena and bahwa are used, and the kesehatan budget in \
                 the pasien records was about the same as the year before.",
                false,
            ),
            // Too few Indonesian-only words to tell it from Malay.
            ("Mereka pergi ke pasar dan membeli ikan untuk makan malam.", false),
        ];
        let wrong: Vec<_> = cases
            .iter()
            .filter(|(text, plain)| is_plainly_indonesian(text) != *plain)
            .collect();
        assert!(wrong.is_empty(), "{wrong:?}");
    }

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
