//! Finding quoted spans across sentences and paragraphs.
//!
//! Double marks form the top level; Indonesian nests with single marks, so a
//! second double opener inside an open quote is a stray mark (scraped text
//! often has one) and is ignored. A close with nothing open becomes an open
//! (misoriented marks), unless nothing but punctuation follows it. A quote
//! still open at a paragraph break continues when the next paragraph opens
//! with a mark (the reopen-only convention) and is otherwise closed there as
//! unbalanced.

use super::marks::{Direction, Family, at_sentence_end, direction, family};
use super::{Pos, Quote, QuoteKind};
use crate::align::lexicon::Profile;
use crate::align::text::slice;

struct Open {
    mark: Pos,
    glyph: char,
    multi_paragraph: bool,
    /// The opening mark is missing: `mark` is where the quote is taken to start.
    missing: bool,
}

/// Finds the quotes of a text given as sentences with paragraph indices.
pub fn extract(sentences: &[Vec<char>], paragraphs: &[usize], profile: &Profile) -> Vec<Quote> {
    let mut extraction = Extraction {
        sentences,
        profile,
        quotes: Vec::new(),
        double: None,
        single: None,
        orphan_start: (0, 0),
    };
    for (sentence, chars) in sentences.iter().enumerate() {
        let skip_first = extraction.start_sentence(sentence, paragraphs);
        for (index, &mark) in chars.iter().enumerate().skip(usize::from(skip_first)) {
            match family(mark) {
                Some(Family::Double) => extraction.double_mark(sentence, index),
                Some(Family::Single) => extraction.single_mark(sentence, index),
                None => {}
            }
        }
        if extraction.double.is_none() {
            extraction.single = None;
        }
    }
    if let Some(last) = sentences.len().checked_sub(1) {
        let end = (last, sentences[last].len());
        let (single, double) = (extraction.single.take(), extraction.double.take());
        extraction.finish(single, end, None, 2);
        extraction.finish(double, end, None, 1);
    }
    let mut quotes = extraction.quotes;
    quotes.sort_by_key(|quote| (quote.open, quote.depth));
    link_parents(&mut quotes);
    quotes
}

/// The state of one left-to-right pass over the marks of an article.
struct Extraction<'a> {
    sentences: &'a [Vec<char>],
    profile: &'a Profile,
    /// The quotes closed so far.
    quotes: Vec<Quote>,
    /// The open double-mark quote, if any.
    double: Option<Open>,
    /// The open single-mark quote, if any.
    single: Option<Open>,
    /// Where a quote whose opening mark was lost may start: the paragraph start or after the last close.
    orphan_start: Pos,
}

impl Extraction<'_> {
    /// At a paragraph break, a quote still open either continues (the new paragraph reopens it, as
    /// journalists do) or ends with the previous paragraph. Returns whether the first mark of the sentence was
    /// such a reopening mark, to be skipped.
    fn start_sentence(&mut self, sentence: usize, paragraphs: &[usize]) -> bool {
        let sentences = self.sentences;
        let chars = &sentences[sentence];
        let paragraph = paragraphs.get(sentence).copied().unwrap_or(0);
        let new_paragraph = sentence > 0 && paragraphs.get(sentence - 1).copied().unwrap_or(0) != paragraph;
        if new_paragraph {
            self.orphan_start = (sentence, 0);
        }
        if !new_paragraph || self.double.is_none() {
            return false;
        }
        let reopens = chars
            .first()
            .is_some_and(|&first| family(first) == Some(Family::Double))
            && direction(chars, 0) != Direction::Close;
        if reopens {
            if let Some(open) = self.double.as_mut() {
                open.multi_paragraph = true;
            }
            return true;
        }
        let end = (sentence - 1, sentences[sentence - 1].len());
        let double = self.double.take();
        self.finish(double, end, None, 1);
        self.single = None;
        false
    }

    /// A double mark at `(sentence, index)`: closes a quote whose opening was lost, opens a quote, or closes
    /// the open one (and a single-mark quote inside it).
    fn double_mark(&mut self, sentence: usize, index: usize) {
        let sentences = self.sentences;
        let chars = &sentences[sentence];
        let mark = chars[index];
        let position = (sentence, index);
        let way = direction(chars, index);
        let after_punct = index > 0 && matches!(chars[index - 1], ',' | '.' | '!' | '?' | '…');
        let at_end = at_sentence_end(chars, index);
        if self.double.is_none()
            && (way == Direction::Close || way == Direction::Either && at_end)
            && (after_punct || at_end)
        {
            let glyph = if mark == '”' { '“' } else { mark };
            let open = Open {
                mark: self.orphan_start,
                glyph,
                multi_paragraph: false,
                missing: true,
            };
            self.finish(Some(open), position, Some(position), 1);
            self.orphan_start = (sentence, index + 1);
            return;
        }
        let opens = match way {
            Direction::Open | Direction::Either => self.double.is_none(),
            Direction::Close => self.double.is_none() && !at_end,
            Direction::None => return,
        };
        if opens {
            self.double = Some(Open {
                mark: position,
                glyph: mark,
                multi_paragraph: false,
                missing: false,
            });
        } else if way != Direction::Open && self.double.is_some() {
            if self.single.is_some() {
                let single = self.single.take();
                self.finish(single, position, Some(position), 2);
            }
            let double = self.double.take();
            self.finish(double, position, Some(position), 1);
            self.orphan_start = (sentence, index + 1);
        }
    }

    /// A single mark at `(sentence, index)`: opens a quote (inside a double-mark quote, or when a closing
    /// mark follows) or closes the open one.
    fn single_mark(&mut self, sentence: usize, index: usize) {
        let sentences = self.sentences;
        let chars = &sentences[sentence];
        let position = (sentence, index);
        let depth = if self.double.is_some() { 2 } else { 1 };
        match (direction(chars, index), self.single.is_some()) {
            (Direction::Open | Direction::Either, false) if (depth == 2 || has_closer(chars, index)) => {
                self.single = Some(Open {
                    mark: position,
                    glyph: chars[index],
                    multi_paragraph: false,
                    missing: false,
                });
            }
            (Direction::Close | Direction::Either, true) => {
                let single = self.single.take();
                self.finish(single, position, Some(position), depth);
            }
            _ => {}
        }
    }

    fn finish(&mut self, open: Option<Open>, end: Pos, close: Option<Pos>, depth: u8) {
        finish(&mut self.quotes, self.sentences, open, end, close, self.profile, depth);
    }
}

/// Whether a right-flanking single mark follows position `k` in the sentence.
fn has_closer(chars: &[char], k: usize) -> bool {
    (k + 1..chars.len()).any(|at| {
        family(chars[at]) == Some(Family::Single)
            && matches!(direction(chars, at), Direction::Close | Direction::Either)
    })
}

fn finish(
    quotes: &mut Vec<Quote>,
    sentences: &[Vec<char>],
    open: Option<Open>,
    end: Pos,
    close: Option<Pos>,
    profile: &Profile,
    depth: u8,
) {
    let Some(open) = open else { return };
    let start = if open.missing {
        open.mark
    } else {
        (open.mark.0, open.mark.1 + 1)
    };
    let mut text = String::new();
    let mut covered = Vec::new();
    let last = end.0.min(sentences.len().saturating_sub(1));
    for (s, chars) in sentences.iter().enumerate().take(last + 1).skip(start.0) {
        let from = if s == start.0 { start.1 } else { 0 };
        let to = if s == end.0 { end.1 } else { chars.len() };
        let mut piece = slice(chars, from, to);
        if s != start.0 && piece.starts_with(|character| family(character) == Some(Family::Double)) {
            piece.remove(0);
        }
        let piece = piece.trim();
        if !piece.is_empty() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(piece);
        }
        covered.push(s);
    }
    // The comma of `“…,” kata X` belongs to the attribution, not to the words.
    let text = text.trim_end_matches(',').trim_end().to_string();
    if text.is_empty() {
        return;
    }
    let words = text.split_whitespace().count();
    let title = title_context(sentences, open.mark, profile);
    let kind = if title {
        QuoteKind::Title
    } else if open.glyph != '"' && family(open.glyph) == Some(Family::Single) && depth == 1 {
        QuoteKind::Gloss
    } else if words <= 3 && !text.ends_with(['.', '!', '?', ',']) {
        QuoteKind::Term
    } else {
        QuoteKind::Speech
    };
    quotes.push(Quote {
        depth,
        parent: None,
        open: open.mark,
        close,
        start,
        end,
        glyph: open.glyph,
        text,
        sentences: covered,
        multi_paragraph: open.multi_paragraph,
        kind,
        speaker: None,
        speaker_role: None,
        speaker_by_pronoun: false,
        attributed: false,
        open_missing: open.missing,
    });
}

fn title_context(sentences: &[Vec<char>], mark: Pos, profile: &Profile) -> bool {
    let before = slice(&sentences[mark.0], 0, mark.1).to_lowercase();
    let last = before
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphabetic());
    profile.title_before.contains(&last)
}

fn link_parents(quotes: &mut [Quote]) {
    for i in 0..quotes.len() {
        if quotes[i].depth == 2 {
            let (s, e) = (quotes[i].open, quotes[i].end);
            quotes[i].parent = (0..quotes.len())
                .rev()
                .find(|&j| quotes[j].depth == 1 && quotes[j].start <= s && e <= quotes[j].end);
            if quotes[i].parent.is_none() {
                quotes[i].depth = 1;
            }
        }
    }
}
