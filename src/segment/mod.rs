//! Sentence segmentation of Indonesian news text: text → sentences with
//! exact spans.
//!
//! Pure: no I/O, deterministic, never panics on any input. Spans are byte
//! offsets into the text handed in (the record layer converts them to the
//! character offsets of the contract); they cover the text in order with only
//! whitespace between them. Paragraphs are separated by `\n`, and a paragraph
//! break always ends a sentence.
//!
//! Inside a paragraph, [`scanner`] finds candidate boundaries by shape (a
//! terminator, closing quotes, whitespace) and [`rules`] decides each one from
//! the word before and the word after, using the word lists of `data/`
//! through [`lexicon`]. [`inline`] adds the two boundaries that come without
//! punctuation in flattened news pages: after an inline `Baca juga:` headline
//! and after a bracketed photo credit. The conventions follow
//! `shared/data/id-seg-hardcases/README.md`: quotes holding several sentences
//! are split, an opening quote belongs to the next sentence, a sentence-final
//! abbreviation (`dll.`, `Tbk.`) ends the sentence.

mod inline;
mod invariants;
mod lexicon;
#[cfg(test)]
mod proptests;
mod punctuation;
mod rules;
mod scanner;
#[cfg(test)]
mod tests;

pub use invariants::check_spans;

/// One sentence of a text: where it sits and which paragraph holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Zero-based index of the `\n`-separated paragraph holding the sentence.
    pub paragraph: usize,
    /// Byte offset of the first character (never whitespace).
    pub start: usize,
    /// Byte offset one past the last character (never whitespace).
    pub end: usize,
}

impl Sentence {
    /// The sentence's text within the `text` it was cut from.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// What to do with a quotation that holds several sentences
/// (configuration `segment.quotes`: `"split"` or `"keep"`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum QuotePolicy {
    /// Split it into its sentences (`“A. | B,” kata X.`): the project's
    /// convention, and that of `shared/data/id-seg-hardcases`.
    #[default]
    #[serde(rename = "split")]
    SplitInside,
    /// Keep it whole (`“A. B,” kata X.`), as the UD Indonesian-CSUI and PUD
    /// gold do; the MT engine then sees the quotation, its marks and its
    /// attribution in one request. A quote mark without a partner in its
    /// paragraph keeps nothing together.
    #[serde(rename = "keep")]
    KeepWhole,
}

/// Splits `text` into sentences, in order, trimmed of surrounding whitespace,
/// splitting inside quotations ([`QuotePolicy::SplitInside`]).
///
/// Only whitespace lies between consecutive sentences; empty paragraphs
/// yield nothing (but still count in the paragraph index).
pub fn segment(text: &str) -> Vec<Sentence> {
    segment_with(text, QuotePolicy::SplitInside)
}

/// Like [`segment`], with a choice of what to do inside quotations.
pub fn segment_with(text: &str, quotes: QuotePolicy) -> Vec<Sentence> {
    let mut sentences = Vec::with_capacity(text.len() / 96 + 1);
    let mut paragraph_offset = 0;
    for (paragraph, line) in text.split('\n').enumerate() {
        let mut push = |start: usize, end: usize| {
            if let Some((start, end)) = trim(line, start, end) {
                sentences.push(Sentence {
                    paragraph,
                    start: paragraph_offset + start,
                    end: paragraph_offset + end,
                });
            }
        };
        let mut sentence_start = 0;
        scanner::cut_paragraph(line, quotes, |cut| {
            push(sentence_start, cut);
            sentence_start = cut;
        });
        push(sentence_start, line.len());
        paragraph_offset += line.len() + 1;
    }
    sentences
}

/// The span `start..end` of `line` without surrounding whitespace, if any
/// text is left.
fn trim(line: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let piece = &line[start..end];
    let trimmed = piece.trim_start();
    let trimmed_start = start + (piece.len() - trimmed.len());
    let trimmed_end = trimmed_start + trimmed.trim_end().len();
    (trimmed_start < trimmed_end).then_some((trimmed_start, trimmed_end))
}
