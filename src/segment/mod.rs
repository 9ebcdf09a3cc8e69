//! Sentence segmentation: text → sentences with exact spans.
//!
//! Pure: no I/O, no allocation beyond the returned list, never panics on any
//! input. Spans are byte offsets into the text handed in (the record layer
//! converts them to the character offsets of the contract). Paragraphs are
//! separated by `\n`; a paragraph break always ends a sentence.

mod abbreviations;

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

/// Splits `text` into sentences, in order, trimmed of surrounding whitespace.
///
/// Only whitespace lies between consecutive sentences; empty paragraphs
/// yield nothing (but still count in the paragraph index).
pub fn segment(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut paragraph_start = 0;
    for (paragraph, line) in text.split('\n').enumerate() {
        split_paragraph(line, paragraph_start, paragraph, &mut sentences);
        paragraph_start += line.len() + 1;
    }
    sentences
}

/// First, deliberately simple rule set: a sentence ends after `.`, `!`, `?`
/// or `…` (plus closing quotes and brackets) when whitespace and then an
/// upper-case letter, digit or opening quote follow, unless the word before
/// the full stop is a known abbreviation or a single initial.
fn split_paragraph(line: &str, offset: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut end = i + 1;
            while end < chars.len() && matches!(chars[end].1, '.' | '!' | '?' | '…') {
                end += 1;
            }
            while end < chars.len() && is_closing(chars[end].1) {
                end += 1;
            }
            let mut next = end;
            while next < chars.len() && chars[next].1.is_whitespace() {
                next += 1;
            }
            let gap = next > end;
            let starts_sentence = next < chars.len()
                && (chars[next].1.is_uppercase() || chars[next].1.is_ascii_digit() || is_opening(chars[next].1));
            if gap && starts_sentence && !(c == '.' && ends_with_abbreviation(&chars[start..i])) {
                push_trimmed(line, chars[start].0, byte_at(&chars, end, line), offset, paragraph, out);
                start = next;
                i = next;
                continue;
            }
            i = end;
        } else {
            i += 1;
        }
    }
    if start < chars.len() {
        push_trimmed(line, chars[start].0, line.len(), offset, paragraph, out);
    }
}

fn byte_at(chars: &[(usize, char)], index: usize, line: &str) -> usize {
    chars.get(index).map_or(line.len(), |&(byte, _)| byte)
}

fn push_trimmed(line: &str, start: usize, end: usize, offset: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let piece = &line[start..end];
    let trimmed_start = start + (piece.len() - piece.trim_start().len());
    let trimmed_end = start + piece.trim_end().len();
    if trimmed_start < trimmed_end {
        out.push(Sentence { paragraph, start: offset + trimmed_start, end: offset + trimmed_end });
    }
}

fn ends_with_abbreviation(before: &[(usize, char)]) -> bool {
    let word: String = before
        .iter()
        .rev()
        .take_while(|(_, c)| !c.is_whitespace() && !is_opening(*c))
        .map(|&(_, c)| c)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    is_initial || abbreviations::is_abbreviation(&word)
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']')
}

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '(' | '[')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<&str> = segment(text).iter().map(|s| s.text(text)).collect();
        assert_eq!(got, expected, "segmenting {text:?}");
    }

    #[test]
    fn splits_on_full_stops_before_capitals() {
        check("Satu dua. Tiga empat.", &["Satu dua.", "Tiga empat."]);
    }

    #[test]
    fn keeps_thousands_and_decimals_together() {
        check("Ada 12.000 tentara dan 3,5 persen.", &["Ada 12.000 tentara dan 3,5 persen."]);
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        check("Dr. Ani bertemu Prof. Budi. Lalu pulang.", &["Dr. Ani bertemu Prof. Budi.", "Lalu pulang."]);
        check("Susilo B. Yudhoyono datang.", &["Susilo B. Yudhoyono datang."]);
    }

    #[test]
    fn paragraph_breaks_end_sentences() {
        let text = "Judul tanpa titik\nIsi pertama. Isi kedua";
        let sentences = segment(text);
        assert_eq!(sentences.len(), 3);
        assert_eq!(sentences[0].paragraph, 0);
        assert_eq!(sentences[2].paragraph, 1);
        assert_eq!(sentences[2].text(text), "Isi kedua");
    }

    #[test]
    fn opening_quotes_start_the_next_sentence() {
        check("Ia pergi. “Saya lelah,” katanya.", &["Ia pergi.", "“Saya lelah,” katanya."]);
    }
}
