//! Is the article's body in the language the worker translates from?
//!
//! `lingua` (built with English, Indonesian and Malay only) weighs the three
//! languages whose mix-ups cost numbers: Malay and English write `12,000`
//! where Indonesian writes `12.000`. `whatlang` (69 languages, no Malay)
//! only names a body lingua cannot place among the three (French reads as
//! "English" to a three-language model; Chinese has no Latin letters).
//!
//! Short texts and Indonesian vs Malay are close calls: a single Indonesian
//! sentence reads as Malay with 0.99 confidence about one time in ten
//! (measured on `indonlg-news`), while joined articles of five sentences
//! never did. So a verdict is [`Evidence::Clear`] only past a length that
//! depends on how far apart the languages are; below it the article goes
//! through and the record says what was seen.

use std::sync::LazyLock;

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use serde::{Deserialize, Serialize};

use super::plain::is_plainly_indonesian;
use super::tags::same_language;

/// The languages lingua weighs; each adds its model (2–5 MB) to the binary.
const LINGUA_LANGUAGES: [Language; 3] = [Language::English, Language::Indonesian, Language::Malay];

/// Letters a body needs before "not Indonesian" can be clear for a language
/// far from it (about 12 words of English).
const CLEAR_DISTANT_LETTERS: usize = 60;
/// Letters a body needs before Malay vs Indonesian can be clear (about 200
/// words: three times the longest Indonesian text seen read as Malay).
const CLEAR_CLOSE_LETTERS: usize = 1_200;
/// Confidence a verdict needs to be clear.
const CLEAR_CONFIDENCE: f64 = 0.95;
/// Malay is written like Indonesian: a clear Malay verdict needs more.
const CLEAR_CLOSE_CONFIDENCE: f64 = 0.99;

/// Characters of the body the detector reads: detection time grows with
/// the text (about 0.3 ms per 1,000 characters, release build), and the
/// first 4,000 hold far more than the clearest verdict needs.
const SAMPLE_CHARS: usize = 4_000;

/// Built once; lingua loads each language model on first use and keeps it.
pub(super) static DETECTOR: LazyLock<LanguageDetector> =
    LazyLock::new(|| LanguageDetectorBuilder::from_languages(&LINGUA_LANGUAGES).build());

/// What the detector made of a text: the record's `source_lang_detected`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DetectedLanguage {
    /// Language code: ISO 639-1 (`id`, `ms`, `en`) where lingua placed it,
    /// ISO 639-3 (`fra`, `cmn`) where only whatlang could name it.
    pub lang: String,
    /// The detector's confidence in `lang`, 0 to 1, two decimals.
    pub confidence: f64,
}

/// How much a verdict can be relied on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// Long enough and far enough apart to act on.
    Clear,
    /// Short, mixed or close: reported, not acted on.
    Weak,
}

/// The verdict on one body.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceCheck {
    /// The most likely language.
    pub detected: DetectedLanguage,
    /// Whether it is clear enough to refuse an article on.
    pub evidence: Evidence,
    /// The language's English name, for messages.
    pub name: String,
}

impl SourceCheck {
    /// Whether the body is clearly in a language other than `expected`.
    pub fn is_clearly_not(&self, expected: &str) -> bool {
        self.evidence == Evidence::Clear && !same_language(&self.detected.lang, expected)
    }

    /// Whether the body reads as English, whose numerals mean something else
    /// in Indonesian notation (`12,000`); even a weak verdict counts here.
    pub fn reads_as_english(&self) -> bool {
        same_language(&self.detected.lang, "en")
    }

    /// One line for `x-alih-error`.
    pub fn describe(&self) -> String {
        format!(
            "the body reads as {} ({}, confidence {:.2})",
            self.name, self.detected.lang, self.detected.confidence
        )
    }
}

/// Identifies the language of `body`: by its words when it is long enough
/// for a clear verdict and plainly Indonesian (see [`super::plain`]), else
/// by lingua.
pub fn check_source(body: &str) -> SourceCheck {
    let text = body
        .char_indices()
        .nth(SAMPLE_CHARS)
        .map_or(body, |(cut, _)| &body[..cut]);
    let letters = text.chars().filter(|character| character.is_alphabetic()).count();
    if letters >= CLEAR_CLOSE_LETTERS && is_plainly_indonesian(text) {
        return plainly_indonesian();
    }
    check_with_detector(text, letters)
}

/// What lingua says of a body, and whatlang when lingua cannot place it.
fn check_with_detector(text: &str, letters: usize) -> SourceCheck {
    let values = DETECTOR.compute_language_confidence_values(text);
    let Some(&(language, confidence)) = values.first().filter(|(_, confidence)| *confidence > 0.0) else {
        return check_unplaced(text, letters);
    };
    let lang = language.iso_code_639_1().to_string();
    let close = language == Language::Malay;
    let clear = if close {
        letters >= CLEAR_CLOSE_LETTERS && confidence >= CLEAR_CLOSE_CONFIDENCE
    } else {
        letters >= CLEAR_DISTANT_LETTERS && confidence >= CLEAR_CONFIDENCE
    };
    let check = SourceCheck {
        detected: DetectedLanguage {
            lang,
            confidence: round(confidence),
        },
        evidence: if clear { Evidence::Clear } else { Evidence::Weak },
        name: language.to_string(),
    };
    if language == Language::English && clear {
        return name_other_than_english(text, check);
    }
    check
}

/// The verdict on a body long enough for a clear verdict whose words show
/// it is Indonesian: what lingua says of such bodies (Indonesian at 1.00,
/// measured in `data/plain-indonesian.toml`), without its cost.
fn plainly_indonesian() -> SourceCheck {
    SourceCheck {
        detected: DetectedLanguage {
            lang: "id".to_owned(),
            confidence: 1.0,
        },
        evidence: Evidence::Clear,
        name: Language::Indonesian.to_string(),
    }
}

/// A text with no letters of English, Indonesian or Malay: whatlang names it.
fn check_unplaced(text: &str, letters: usize) -> SourceCheck {
    match whatlang::detect(text) {
        Some(info) => SourceCheck {
            detected: DetectedLanguage {
                lang: info.lang().code().to_owned(),
                confidence: round(info.confidence()),
            },
            evidence: if info.is_reliable() && letters >= CLEAR_DISTANT_LETTERS / 3 {
                Evidence::Clear
            } else {
                Evidence::Weak
            },
            name: info.lang().eng_name().to_owned(),
        },
        None => SourceCheck {
            detected: DetectedLanguage {
                lang: "und".to_owned(),
                confidence: 0.0,
            },
            evidence: Evidence::Weak,
            name: "no known language".to_owned(),
        },
    }
}

/// lingua knows three languages, so French reads as "English": when
/// whatlang reliably names another language that is not Indonesian or a
/// relative, that name is the truer one. The evidence stays clear.
fn name_other_than_english(text: &str, english: SourceCheck) -> SourceCheck {
    let Some(info) = whatlang::detect(text).filter(whatlang::Info::is_reliable) else {
        return english;
    };
    let related = [whatlang::Lang::Eng, whatlang::Lang::Ind, whatlang::Lang::Jav];
    if related.contains(&info.lang()) {
        return english;
    }
    SourceCheck {
        detected: DetectedLanguage {
            lang: info.lang().code().to_owned(),
            confidence: round(info.confidence()),
        },
        evidence: Evidence::Clear,
        name: info.lang().eng_name().to_owned(),
    }
}

fn round(confidence: f64) -> f64 {
    (confidence * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/language")
            .join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    }

    fn check(text: &str) -> (String, Evidence) {
        let verdict = check_source(text);
        (verdict.detected.lang, verdict.evidence)
    }

    #[test]
    fn each_body_gets_the_verdict_its_evidence_allows() {
        let sample = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/dw-korut-rusia.txt"
        ))
        .expect("the sample article");
        let cases: &[(&str, &str, Evidence)] = &[
            (&sample, "id", Evidence::Clear),
            (&fixture("english.txt"), "en", Evidence::Clear),
            (&fixture("malay.txt"), "ms", Evidence::Clear),
            (&fixture("mixed.txt"), "id", Evidence::Clear),
            (&fixture("french.txt"), "fra", Evidence::Clear),
            // Javanese is not among lingua's languages: it reads as its neighbour Indonesian.
            (&fixture("javanese.txt"), "id", Evidence::Clear),
        ];
        for (text, lang, evidence) in cases {
            assert_eq!(check(text), ((*lang).to_owned(), *evidence), "{}", &text[..40]);
        }
    }

    /// Articles of 20 sentences: the Indonesian of `sentences.tsv`, and the
    /// same sentences turned into Malay by Apertium.
    fn articles_of_twenty(lines: impl Iterator<Item = String>) -> Vec<String> {
        let lines: Vec<String> = lines.collect();
        lines.chunks(20).map(|chunk| chunk.join(" ")).collect()
    }

    fn indonesian_articles() -> Vec<String> {
        articles_of_twenty(
            fixture("sentences.tsv")
                .lines()
                .filter_map(|line| line.strip_prefix("id\t").map(str::to_owned)),
        )
    }

    fn malay_articles() -> Vec<String> {
        articles_of_twenty(
            fixture("malay-apertium.txt")
                .lines()
                .filter(|line| !line.starts_with('#'))
                .map(str::to_owned),
        )
    }

    #[test]
    fn a_plainly_indonesian_body_gets_the_verdict_lingua_gives_it() {
        let mut plain = 0;
        for article in indonesian_articles() {
            let letters = article.chars().filter(|character| character.is_alphabetic()).count();
            if letters < CLEAR_CLOSE_LETTERS {
                continue;
            }
            plain += usize::from(is_plainly_indonesian(&article));
            assert_eq!(
                check_source(&article),
                check_with_detector(&article, letters),
                "{}",
                &article[..80]
            );
        }
        // Most news is plainly Indonesian, or the shortcut saves nothing.
        assert!(plain >= 7, "{plain} of 10 articles plainly Indonesian");
    }

    #[test]
    fn an_article_with_english_sentences_mixed_in_gets_the_verdict_lingua_gives_it() {
        let tsv = fixture("sentences.tsv");
        let sentences_of = |lang: &str| -> Vec<&str> {
            tsv.lines()
                .filter_map(|line| line.strip_prefix(lang)?.strip_prefix('\t'))
                .collect()
        };
        let (indonesian, english) = (sentences_of("id"), sentences_of("en"));
        let mut plain = 0;
        // Every second, third or fourth sentence in English: quotes left untranslated, a bilingual piece.
        for every in [2, 3, 4] {
            for (chunk, sentences) in indonesian.chunks(20).enumerate() {
                let mixed: Vec<&str> = sentences
                    .iter()
                    .enumerate()
                    .map(|(index, sentence)| {
                        if index % every == 0 {
                            english[(chunk * 20 + index) % english.len()]
                        } else {
                            sentence
                        }
                    })
                    .collect();
                let body = mixed.join(" ");
                let letters = body.chars().filter(|character| character.is_alphabetic()).count();
                plain += usize::from(letters >= CLEAR_CLOSE_LETTERS && is_plainly_indonesian(&body));
                let (shortcut, detector) = (check_source(&body), check_with_detector(&body, letters));
                assert_eq!(
                    (&shortcut.detected.lang, shortcut.evidence),
                    (&detector.detected.lang, detector.evidence),
                    "one in {every}: {}",
                    &body[..80]
                );
            }
        }
        // Some mixed articles still take the shortcut (3 of 30 when written), or this compares nothing.
        assert!(plain > 0, "no mixed article took the shortcut");
    }

    #[test]
    fn malay_is_never_plainly_indonesian_and_lingua_still_judges_it() {
        for article in malay_articles() {
            assert!(!is_plainly_indonesian(&article), "{}", &article[..80]);
        }
        let malay = fixture("malay.txt");
        assert!(!is_plainly_indonesian(&malay));
        assert_eq!(check(&malay), ("ms".to_owned(), Evidence::Clear));
    }

    #[test]
    fn short_or_close_bodies_are_weak_evidence_whatever_they_read_as() {
        let malay = fixture("malay.txt");
        let first_malay_sentence = malay.lines().next().expect("a line");
        for text in [first_malay_sentence, "Troops: 12,000.", "Ya.", "OK.", "12.000", "—"] {
            let verdict = check_source(text);
            assert_eq!(verdict.evidence, Evidence::Weak, "{text}: {verdict:?}");
            assert!(!verdict.is_clearly_not("id"), "{text}");
        }
    }

    #[test]
    fn only_a_clear_verdict_for_another_language_refuses_and_the_description_names_it() {
        let english = check_source(&fixture("english.txt"));
        assert!(english.is_clearly_not("id") && english.reads_as_english());
        assert!(!english.is_clearly_not("en-GB"));
        assert_eq!(english.describe(), "the body reads as English (en, confidence 1.00)");
        let french = check_source(&fixture("french.txt"));
        assert!(french.describe().contains("French (fra"), "{}", french.describe());
    }
}
