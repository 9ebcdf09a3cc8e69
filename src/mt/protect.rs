//! Protected re-translation: the alignment stage's last resort for a number
//! that is still wrong after safe repair. The sentence goes to the engine
//! once more with the number already written in target format and marked
//! "do not translate" in the way that engine documents; the answer is then
//! checked to still hold it.
//!
//! Per provider: DeepL `tag_handling=xml` + `ignore_tags`; Google, Azure and
//! LibreTranslate HTML with `translate="no"`; placeholders `⟦0⟧` elsewhere
//! (APy copies them through, notes §6.4; the LLM prompt says to keep them).
//! The sentence cache is bypassed: the input carries markup, and the point is
//! a fresh answer.

use super::provider::{KEEP_TAG, Protection, TextFormat};
use crate::align::terms::{self, Glossary};

/// A stretch of the source sentence to be written as `replacement` and left untranslated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectedSpan {
    /// Start, in characters (Unicode scalar values) into the sentence.
    pub start: usize,
    /// End (exclusive), in characters.
    pub end: usize,
    /// What the target must hold instead, already in target format (`12,000`).
    pub replacement: String,
}

impl ProtectedSpan {
    /// The glossary terms of `sentence`, each to be written as the glossary
    /// says for `target_lang` and left untranslated.
    pub fn for_terms(glossary: &Glossary, sentence: &str, target_lang: &str) -> Vec<ProtectedSpan> {
        terms::protected_spans(glossary, sentence, target_lang)
            .into_iter()
            .map(|(start, end, replacement)| ProtectedSpan {
                start,
                end,
                replacement,
            })
            .collect()
    }
}

/// One sentence to re-translate with protected spans.
#[derive(Debug, Clone, Copy)]
pub struct ProtectedRequest<'a> {
    /// The source sentence.
    pub sentence: &'a str,
    /// Non-overlapping spans in the sentence; invalid ones are ignored with a warning.
    pub spans: &'a [ProtectedSpan],
    /// ISO 639-1 source code.
    pub source_lang: &'a str,
    /// ISO 639-1 target code.
    pub target_lang: &'a str,
}

/// The re-translated sentence and whether the engine kept every protected span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectedTranslation {
    /// The target with the markup removed and the replacements in place.
    pub target: String,
    /// Whether every replacement came back intact.
    pub spans_kept: bool,
    /// The provider that answered.
    pub provider: String,
    /// Its model, if it has one.
    pub model: Option<String>,
    /// HTTP requests made, failed tries included.
    pub requests: u32,
    /// Characters sent in the answered request.
    pub characters: u64,
}

/// The spans that lie inside the sentence, sorted, without overlaps.
pub(crate) fn valid_spans(sentence: &str, spans: &[ProtectedSpan]) -> Vec<ProtectedSpan> {
    let length = sentence.chars().count();
    let mut sorted: Vec<ProtectedSpan> = spans.to_vec();
    sorted.sort_by_key(|span| span.start);
    let mut valid: Vec<ProtectedSpan> = Vec::new();
    for span in sorted {
        let overlaps = valid.last().is_some_and(|last| span.start < last.end);
        if span.start >= span.end || span.end > length || overlaps {
            tracing::warn!(
                start = span.start,
                end = span.end,
                length,
                "Ignoring a protected span outside the sentence or overlapping another."
            );
            continue;
        }
        valid.push(span);
    }
    valid
}

/// The sentence marked up for `protection`, and the format to send it in.
pub(crate) fn mark(sentence: &str, spans: &[ProtectedSpan], protection: Protection) -> (String, TextFormat) {
    let chars: Vec<char> = sentence.chars().collect();
    let markup = protection != Protection::Placeholders;
    let plain = |from: usize, to: usize| {
        let text: String = chars[from..to].iter().collect();
        if markup { escape(&text) } else { text }
    };
    let mut marked = String::new();
    let mut position = 0;
    for (index, span) in spans.iter().enumerate() {
        marked.push_str(&plain(position, span.start));
        marked.push_str(&match protection {
            Protection::Placeholders => placeholder(index),
            Protection::HtmlTranslateNo => format!("<span translate=\"no\">{}</span>", escape(&span.replacement)),
            Protection::XmlIgnoreTags => format!("<{KEEP_TAG}>{}</{KEEP_TAG}>", escape(&span.replacement)),
        });
        position = span.end;
    }
    marked.push_str(&plain(position, chars.len()));
    let format = match protection {
        Protection::Placeholders => TextFormat::Plain,
        Protection::HtmlTranslateNo => TextFormat::Html,
        Protection::XmlIgnoreTags => TextFormat::Xml,
    };
    (marked, format)
}

/// The engine's answer with markup removed and replacements in place, and
/// whether every protected span survived.
pub(crate) fn unmark(answer: &str, spans: &[ProtectedSpan], protection: Protection) -> (String, bool) {
    let (open, close) = match protection {
        Protection::Placeholders => {
            let mut target = answer.to_owned();
            let mut kept = true;
            for (index, span) in spans.iter().enumerate() {
                let token = placeholder(index);
                kept &= target.matches(&token).count() == 1;
                target = target.replace(&token, &span.replacement);
            }
            return (target, kept);
        }
        Protection::HtmlTranslateNo => ("<span translate=\"no\">".to_owned(), "</span>".to_owned()),
        Protection::XmlIgnoreTags => (format!("<{KEEP_TAG}>"), format!("</{KEEP_TAG}>")),
    };
    let tags_kept = answer.matches(&open).count() == spans.len() && answer.matches(&close).count() == spans.len();
    let target = unescape(&answer.replace(&open, "").replace(&close, ""));
    let replacements_kept = spans.iter().all(|span| {
        let needed = spans
            .iter()
            .filter(|other| other.replacement == span.replacement)
            .count();
        target.matches(&span.replacement).count() >= needed
    });
    (target, tags_kept && replacements_kept)
}

fn placeholder(index: usize) -> String {
    format!("⟦{index}⟧")
}

/// Escapes text for an HTML or XML body.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Undoes the entity escaping engines apply in HTML/XML mode (`&#39;`,
/// `&quot;`, `&amp;`, numeric references). Hand-written: five named entities
/// and numeric references are all these engines emit, not worth a crate.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest
            .find(';')
            .filter(|&end| end <= 10)
            .and_then(|end| Some((decode(&rest[1..end])?, end)));
        match decoded {
            Some((character, end)) => {
                out.push(character);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode(entity: &str) -> Option<char> {
    match entity {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = entity.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans() -> Vec<ProtectedSpan> {
        vec![ProtectedSpan {
            start: 7,
            end: 13,
            replacement: "12,000".into(),
        }]
    }

    const SENTENCE: &str = "hingga 12.000 tentara & <polisi>";

    #[test]
    fn each_protection_marks_the_span_its_engine_understands() {
        let check = |protection, expected: &str| assert_eq!(mark(SENTENCE, &spans(), protection).0, expected);
        check(Protection::Placeholders, "hingga ⟦0⟧ tentara & <polisi>");
        check(
            Protection::HtmlTranslateNo,
            "hingga <span translate=\"no\">12,000</span> tentara &amp; &lt;polisi&gt;",
        );
        check(
            Protection::XmlIgnoreTags,
            "hingga <keep>12,000</keep> tentara &amp; &lt;polisi&gt;",
        );
    }

    #[test]
    fn a_kept_span_comes_back_in_place_without_markup() {
        let check = |answer: &str, protection, expected: (&str, bool)| {
            let (target, kept) = unmark(answer, &spans(), protection);
            assert_eq!((target.as_str(), kept), expected, "{answer}");
        };
        check(
            "up to ⟦0⟧ soldiers",
            Protection::Placeholders,
            ("up to 12,000 soldiers", true),
        );
        check("up to soldiers", Protection::Placeholders, ("up to soldiers", false));
        check(
            "up to ⟦0⟧ ⟦0⟧ soldiers",
            Protection::Placeholders,
            ("up to 12,000 12,000 soldiers", false),
        );
        check(
            "up to <span translate=\"no\">12,000</span> soldiers &amp; &#39;police&#39;",
            Protection::HtmlTranslateNo,
            ("up to 12,000 soldiers & 'police'", true),
        );
        check(
            "up to 12.000 soldiers",
            Protection::HtmlTranslateNo,
            ("up to 12.000 soldiers", false),
        );
        check(
            "up to <keep>12,000</keep> soldiers &lt;x&gt;",
            Protection::XmlIgnoreTags,
            ("up to 12,000 soldiers <x>", true),
        );
    }

    #[test]
    fn spans_outside_the_sentence_or_overlapping_are_dropped() {
        let span = |start, end| ProtectedSpan {
            start,
            end,
            replacement: "x".into(),
        };
        let valid = valid_spans("abcdef", &[span(4, 6), span(0, 2), span(1, 3), span(5, 9), span(3, 3)]);
        assert_eq!(valid, [span(0, 2), span(4, 6)]);
    }

    #[test]
    fn unescape_leaves_unknown_entities_and_lone_ampersands_alone() {
        assert_eq!(unescape("a &amp; b &#x41;&#66; &nbsp; & c"), "a & b AB &nbsp; & c");
    }
}
