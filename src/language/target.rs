//! Did the engine translate, and into the language asked for?
//!
//! Two signals, per sentence:
//!
//! - **Detection**, where a detector can tell the target from the source:
//!   lingua for English targets (Indonesian, Malay and English are its
//!   languages), whatlang for targets lingua was not built with (French,
//!   Japanese, …). A sentence read as the source language is
//!   `untranslated`; one read as a third language is `wrong_language`. An
//!   unchanged sentence of names ("Kim Jong Un") reads as no language
//!   clearly and stays `ok`.
//! - **Change**, where no detector can: Indonesian and Malay are too close
//!   for either crate, and Apertium's `ind|zlm` legitimately leaves short
//!   sentences word for word. For such a close pair a single sentence is
//!   never flagged; only an article whose every sentence came back
//!   identical to its source is untranslated.
//!
//! A sentence too short to judge (under [`MIN_LETTERS`] letters) is `ok`,
//! and so is a sentence for an English target that is plainly English by its
//! function words ([`super::plain`]): the detectors are not run on it.

use serde::{Deserialize, Serialize};

use super::plain::is_plainly_english;
use super::source::{DETECTOR, DetectedLanguage};
use super::tags::{primary_language, same_language};

/// Letters a sentence needs before its language is judged.
pub const MIN_LETTERS: usize = 20;
/// Confidence a detection needs before it flags a sentence.
const FLAG_CONFIDENCE: f64 = 0.9;
/// Share of judged sentences that must be untranslated (or in another
/// language) for the whole article to count as not translated.
const ARTICLE_SHARE: f64 = 0.8;
/// Pairs too close for a detector to tell apart.
const CLOSE_PAIRS: &[(&str, &str)] = &[("id", "ms"), ("ms", "id")];

/// What the check says of one translated sentence (the record's sentence `status`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SentenceStatus {
    /// Translated into the language asked for, or too short to tell.
    #[default]
    Ok,
    /// Still in the source language.
    Untranslated,
    /// In a language other than the one asked for.
    WrongLanguage,
}

/// The verdict on one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceVerdict {
    /// `ok`, `untranslated` or `wrong_language`.
    pub status: SentenceStatus,
    /// What the target was detected as, when that flagged it.
    pub detected: Option<DetectedLanguage>,
}

/// The verdicts on every sentence of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetCheck {
    /// One verdict per sentence, in order.
    pub sentences: Vec<SentenceVerdict>,
    /// Whether the article as a whole came back not translated.
    pub article_untranslated: bool,
}

impl TargetCheck {
    /// Every one of `sentences` `ok`: what a pipeline with the check off records.
    pub fn unchecked(sentences: usize) -> TargetCheck {
        TargetCheck {
            sentences: vec![
                SentenceVerdict {
                    status: SentenceStatus::Ok,
                    detected: None,
                };
                sentences
            ],
            article_untranslated: false,
        }
    }

    /// Whether any sentence is flagged.
    pub fn any_flagged(&self) -> bool {
        self.sentences
            .iter()
            .any(|verdict| verdict.status != SentenceStatus::Ok)
    }

    /// How many sentences are flagged, for messages.
    pub fn flagged(&self) -> usize {
        self.sentences
            .iter()
            .filter(|verdict| verdict.status != SentenceStatus::Ok)
            .count()
    }
}

/// Checks each `targets[i]` against `sources[i]`.
pub fn check_targets(sources: &[&str], targets: &[&str], source_lang: &str, target_lang: &str) -> TargetCheck {
    let close = CLOSE_PAIRS
        .iter()
        .any(|(from, to)| same_language(source_lang, from) && same_language(target_lang, to));
    let judged: Vec<usize> = (0..sources.len().min(targets.len()))
        .filter(|&index| letters(sources[index]) >= MIN_LETTERS)
        .collect();
    let mut sentences = vec![
        SentenceVerdict {
            status: SentenceStatus::Ok,
            detected: None,
        };
        sources.len()
    ];
    if close {
        let all_identical =
            !judged.is_empty() && judged.iter().all(|&index| same_words(sources[index], targets[index]));
        return TargetCheck {
            sentences,
            article_untranslated: all_identical,
        };
    }
    for &index in &judged {
        sentences[index] = judge_sentence(targets[index], source_lang, target_lang);
    }
    let flagged = judged
        .iter()
        .filter(|&&index| sentences[index].status != SentenceStatus::Ok)
        .count();
    TargetCheck {
        article_untranslated: !judged.is_empty() && flagged as f64 >= ARTICLE_SHARE * judged.len() as f64,
        sentences,
    }
}

fn judge_sentence(target: &str, source_lang: &str, target_lang: &str) -> SentenceVerdict {
    let ok = SentenceVerdict {
        status: SentenceStatus::Ok,
        detected: None,
    };
    if letters(target) < MIN_LETTERS {
        return ok;
    }
    if primary_language(target_lang) == "en" && is_plainly_english(target) {
        return ok;
    }
    judge_by_detectors(target, source_lang, target_lang)
}

/// The detectors' verdict on a sentence long enough to judge.
fn judge_by_detectors(target: &str, source_lang: &str, target_lang: &str) -> SentenceVerdict {
    let ok = SentenceVerdict {
        status: SentenceStatus::Ok,
        detected: None,
    };
    let Some(detected) = detect_target(target, target_lang) else {
        return ok;
    };
    if same_language(&detected.lang, target_lang) {
        return ok;
    }
    let close_to_source = CLOSE_PAIRS
        .iter()
        .any(|(from, to)| same_language(source_lang, from) && same_language(&detected.lang, to));
    let status = if same_language(&detected.lang, source_lang) || close_to_source {
        SentenceStatus::Untranslated
    } else {
        SentenceStatus::WrongLanguage
    };
    SentenceVerdict {
        status,
        detected: Some(detected),
    }
}

/// lingua when the target is one of its languages (its three are where the
/// mix-ups happen) and it is at least [`FLAG_CONFIDENCE`] sure, else whatlang
/// when it calls itself reliable; `None` when neither can say.
fn detect_target(text: &str, target_lang: &str) -> Option<DetectedLanguage> {
    let target = primary_language(target_lang);
    if ["en", "id", "ms"].contains(&target.as_str()) {
        let values = DETECTOR.compute_language_confidence_values(text);
        let &(language, _) = values.first()?;
        // Indonesian and Malay split their share between them: what counts is how sure it is *not* the target.
        let target_share = values
            .iter()
            .find(|(candidate, _)| candidate.iso_code_639_1().to_string() == target)
            .map_or(0.0, |(_, confidence)| *confidence);
        let lingua = DetectedLanguage {
            lang: language.iso_code_639_1().to_string(),
            confidence: ((1.0 - target_share) * 100.0).round() / 100.0,
        };
        // Three languages only: French reads as English to lingua; whatlang can say otherwise.
        return match detect_broadly(text) {
            Some(other) if lingua.lang == "en" && !["en", "id", "jv"].contains(&other.lang.as_str()) => Some(other),
            _ => (lingua.lang == target || lingua.confidence >= FLAG_CONFIDENCE).then_some(lingua),
        };
    }
    detect_broadly(text)
}

/// whatlang's verdict when it is sure, in the tag form alih compares.
fn detect_broadly(text: &str) -> Option<DetectedLanguage> {
    let info = whatlang::detect(text).filter(whatlang::Info::is_reliable)?;
    let code = info.lang().code();
    let lang = iso_639_1_of(info.lang()).map_or_else(|| primary_language(code), str::to_owned);
    Some(DetectedLanguage {
        lang,
        confidence: (info.confidence() * 100.0).round() / 100.0,
    })
}

/// whatlang's ISO 639-3 code as ISO 639-1 where the target tag would use it.
fn iso_639_1_of(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang;
    Some(match lang {
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Nld => "nl",
        Lang::Rus => "ru",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        Lang::Cmn => "zh",
        Lang::Ara => "ar",
        Lang::Vie => "vi",
        Lang::Tha => "th",
        Lang::Tgl => "tl",
        Lang::Jav => "jv",
        Lang::Eng => "en",
        Lang::Ind => "id",
        _ => return None,
    })
}

fn letters(text: &str) -> usize {
    text.chars().filter(|character| character.is_alphabetic()).count()
}

/// Whether two texts have the same words, ignoring case, spacing and punctuation.
fn same_words(left: &str, right: &str) -> bool {
    let words = |text: &str| -> Vec<String> {
        text.split(|character: char| !character.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    words(left) == words(right)
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDONESIAN: &str = "Pemerintah mengalokasikan anggaran untuk program bantuan sosial tersebut.";
    const ENGLISH: &str = "The government allocated a budget for the social assistance programme.";
    const FRENCH: &str = "Le gouvernement a alloué un budget au programme d'aide sociale pour les familles.";

    fn statuses(sources: &[&str], targets: &[&str], target_lang: &str) -> (Vec<SentenceStatus>, bool) {
        let check = check_targets(sources, targets, "id", target_lang);
        let statuses = check.sentences.iter().map(|verdict| verdict.status).collect();
        (statuses, check.article_untranslated)
    }

    #[test]
    fn a_sentence_left_in_indonesian_is_untranslated_and_one_in_french_wrong_language() {
        let sources = [INDONESIAN, INDONESIAN, INDONESIAN, INDONESIAN, INDONESIAN];
        let (statuses, untranslated) = statuses(&sources, &[ENGLISH, INDONESIAN, FRENCH, ENGLISH, ENGLISH], "en");
        use SentenceStatus::*;
        assert_eq!(statuses, [Ok, Untranslated, WrongLanguage, Ok, Ok]);
        assert!(!untranslated, "two of five flagged is not a whole article");
    }

    #[test]
    fn an_echoed_article_is_untranslated_as_a_whole() {
        let sources = [INDONESIAN, INDONESIAN, "Ya."];
        let (statuses, untranslated) = statuses(&sources, &sources, "en");
        assert_eq!(statuses[2], SentenceStatus::Ok, "too short to judge");
        assert!(untranslated);
    }

    #[test]
    fn names_and_short_sentences_left_unchanged_are_not_flagged() {
        let sources = [
            "Penulis: David Ehl & Julian Ryall / DW Indonesia",
            "Kim Jong Un.",
            INDONESIAN,
        ];
        let targets = [
            "Penulis: David Ehl & Julian Ryall / DW Indonesia",
            "Kim Jong Un.",
            ENGLISH,
        ];
        let (statuses, untranslated) = statuses(&sources, &targets, "en");
        assert!(!untranslated);
        assert_eq!(statuses[1], SentenceStatus::Ok);
        assert_eq!(statuses[2], SentenceStatus::Ok);
    }

    #[test]
    fn indonesian_to_malay_flags_no_sentence_and_only_an_article_echoed_whole() {
        let sources = [INDONESIAN, "Harga cabai naik dibandingkan bulan lalu menurut laporan."];
        let malay = [
            "Kerajaan memperuntukkan belanjawan untuk program bantuan sosial tersebut.",
            sources[1],
        ];
        let (statuses, untranslated) = statuses(&sources, &malay, "ms");
        assert!(statuses.iter().all(|status| *status == SentenceStatus::Ok));
        assert!(!untranslated, "one sentence unchanged is normal for ind|zlm");
        assert!(statuses_of_echo(&sources));
    }

    /// Sentences by language: human English news, Indonesian news, and
    /// the same news facts written in eleven other languages.
    fn fixture_sentences() -> Vec<(String, String)> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/language/sentences.tsv");
        std::fs::read_to_string(path)
            .expect("the sentence fixture")
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_once('\t'))
            .map(|(lang, sentence)| (lang.to_owned(), sentence.to_owned()))
            .collect()
    }

    /// The shortcut is taken for most English prose and for nothing else:
    /// no sentence of another language is called plainly English. Where it
    /// disagrees with the detectors, the sentence is English and the
    /// detectors were wrong (a sentence of Indonesian place names read as
    /// Indonesian); those are listed so a change in them is seen.
    #[test]
    fn plain_english_is_taken_for_english_prose_only() {
        let sentences = fixture_sentences();
        let mut plain_english = 0;
        let mut english = 0;
        let mut not_english = Vec::new();
        let mut detectors_flag = Vec::new();
        for (lang, sentence) in &sentences {
            let judged = letters(sentence) >= MIN_LETTERS;
            let plain = judged && is_plainly_english(sentence);
            if lang == "en" && judged {
                english += 1;
                plain_english += usize::from(plain);
            }
            if plain && lang != "en" {
                not_english.push(format!("{lang}: {sentence}"));
            }
            if plain && judge_by_detectors(sentence, "id", "en").status != SentenceStatus::Ok {
                detectors_flag.push(sentence.as_str());
            }
        }
        assert!(not_english.is_empty(), "{not_english:#?}");
        assert_eq!(
            detectors_flag,
            [
                "Most of the complainants are garment companies in Marunda Kawasan Berikat Nusantara (KBN), Cakung, and Cilincing."
            ]
        );
        assert!(
            plain_english * 10 >= english * 7,
            "only {plain_english} of {english} English sentences take the shortcut"
        );
    }

    /// The same comparison over a large corpus, by hand: a directory of
    /// `LANG.txt` files, one text per line (`ALIH_LANGUAGE_CORPUS`).
    #[test]
    #[ignore = "needs a corpus: ALIH_LANGUAGE_CORPUS=dir cargo test --lib plain_english_over_a_corpus -- --ignored --nocapture"]
    fn plain_english_over_a_corpus() {
        let dir = std::env::var("ALIH_LANGUAGE_CORPUS").expect("ALIH_LANGUAGE_CORPUS names a directory");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("the corpus directory")
            .map(|entry| entry.expect("an entry").path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "txt"))
            .collect();
        paths.sort();
        let mut disagreements = 0;
        for path in paths {
            let text = String::from_utf8_lossy(&std::fs::read(&path).expect("a corpus file")).into_owned();
            let (mut judged, mut plain, mut flagged_plain) = (0, 0, 0);
            for line in text.lines().filter(|line| letters(line) >= MIN_LETTERS) {
                judged += 1;
                if is_plainly_english(line) {
                    plain += 1;
                    if judge_by_detectors(line, "id", "en").status != SentenceStatus::Ok {
                        flagged_plain += 1;
                        println!("  detectors flag: {line}");
                    }
                }
            }
            disagreements += flagged_plain;
            println!(
                "{}: {judged} judged, {plain} plainly English, {flagged_plain} of those flagged by the detectors",
                path.display()
            );
        }
        println!("disagreements: {disagreements}");
    }

    fn statuses_of_echo(sources: &[&str]) -> bool {
        check_targets(sources, sources, "id", "ms-MY").article_untranslated
    }
}
