//! The scan over one paragraph: find candidate boundaries by their shape,
//! ask the rules about each, and report where sentences are cut.
//!
//! A candidate is a run of terminators and closing quotes or brackets that is
//! followed by whitespace; text without whitespace after a stop (`TEMPO.CO`,
//! `12.000`, `kompas.com`) is never cut. The scan looks at each byte once,
//! plus a few words around each candidate, so it runs at memory speed.

use super::QuotePolicy;
use super::inline::{credit_after, credit_before, credit_ends_sentence, dateline_after_headline, related_link_end};
use super::punctuation::{
    at_gap_or_end, char_at, is_closer, is_hard_closer, is_opener, is_quote_mark, is_terminator, skip_while,
    skip_whitespace, word_after, word_before,
};
use super::rules::{Candidate, NextStart, Terminator, ends_sentence};

/// Longest word, in chars, that is looked up as a possible abbreviation.
const MAX_HEAD_CHARS: usize = 24;
/// Longest prefix of the next word, in bytes, that the rules look at.
const MAX_NEXT_BYTES: usize = 48;
/// Longest quotation, in bytes, kept whole under [`QuotePolicy::KeepWhole`];
/// a quote mark with no partner within this distance is left unpaired.
const MAX_QUOTE_BYTES: usize = 2000;

/// Bytes that may start a candidate: ASCII terminators, the closing bracket
/// of a credit, the straight double quote, and the lead byte of `…`, `“` and
/// the other non-ASCII terminators.
const fn candidate_table() -> [bool; 256] {
    let mut table = [false; 256];
    table[b'.' as usize] = true;
    table[b'!' as usize] = true;
    table[b'?' as usize] = true;
    table[b')' as usize] = true;
    table[b'"' as usize] = true;
    table[0xE2] = true;
    table
}
static IS_CANDIDATE: [bool; 256] = candidate_table();

/// Calls `cut` with each position, in increasing order, where `paragraph`
/// must be cut into sentences. Every cut is followed by whitespace.
pub fn cut_paragraph(paragraph: &str, quotes: QuotePolicy, cut: impl FnMut(usize)) {
    let mut scan = Scan {
        paragraph,
        sentence_start: 0,
        quote_close: None,
        cut,
    };
    let bytes = paragraph.as_bytes();
    let first = skip_whitespace(paragraph, 0);
    let mut pos = match dateline_after_headline(paragraph, first) {
        Some(dateline) => scan.cut_at(dateline, dateline),
        None => scan.begin_sentence(first),
    };
    while let Some(found) = bytes
        .get(pos..)
        .and_then(|rest| rest.iter().position(|&b| IS_CANDIDATE[b as usize]))
    {
        let at = pos + found;
        let Some(c) = char_at(paragraph, at) else { break };
        pos = match c {
            ')' => scan.at_closing_bracket(at),
            '"' | '“' if quotes == QuotePolicy::KeepWhole => scan.at_quote_mark(at, c),
            _ if is_terminator(c) => scan.at_terminator(at),
            _ => at + c.len_utf8(),
        };
    }
}

struct Scan<'a, F> {
    paragraph: &'a str,
    sentence_start: usize,
    /// Under [`QuotePolicy::KeepWhole`], the position of the mark closing the
    /// quotation the scan is in.
    quote_close: Option<usize>,
    cut: F,
}

impl<F: FnMut(usize)> Scan<'_, F> {
    /// Cuts at `end`; the next sentence's first char is at `next`.
    /// Returns where scanning resumes.
    fn cut_at(&mut self, end: usize, next: usize) -> usize {
        (self.cut)(end);
        self.sentence_start = end;
        self.begin_sentence(next)
    }

    /// A sentence starts at `start`: an inline related-article link may end
    /// it without punctuation. Returns where scanning resumes.
    fn begin_sentence(&mut self, start: usize) -> usize {
        match related_link_end(self.paragraph, start) {
            Some(end) => self.cut_at(end, end),
            None => start,
        }
    }

    fn at_terminator(&mut self, at: usize) -> usize {
        let text = self.paragraph;
        let run_end = skip_while(text, at, |c| is_terminator(c) || is_closer(c));
        if !at_gap_or_end(text, run_end) {
            return run_end;
        }
        if self.quote_close.is_some_and(|close| run_end <= close) {
            return run_end; // inside a quotation kept whole
        }
        let terminator = classify_terminator(&text[at..run_end]);
        let (end, next) = absorb_stray_punctuation(text, run_end);
        if next >= text.len() {
            return text.len();
        }
        if text.as_bytes()[next] == b'(' && credit_after(text, next).is_some() {
            return next; // `kendaraan. (Foto: ...)`: the credit stays with this sentence
        }
        let quote_closed = text[at..run_end].contains(is_quote_mark);
        let candidate = self.candidate(at, terminator, quote_closed, next);
        if ends_sentence(&candidate) {
            self.cut_at(end, next)
        } else {
            end
        }
    }

    /// An opening quote mark pairs with the next closing one within reach;
    /// an unpaired mark opens nothing (`“Kami akan terus berjuang. Ini ...`).
    fn at_quote_mark(&mut self, at: usize, mark: char) -> usize {
        let after = at + mark.len_utf8();
        let text = self.paragraph;
        let opens = mark == '“'
            || (text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || is_opener(c))
                && !at_gap_or_end(text, after));
        if opens && self.quote_close.is_none_or(|close| close < at) {
            let closing = if mark == '“' { '”' } else { '"' };
            let mut reach = (after + MAX_QUOTE_BYTES).min(text.len());
            while !text.is_char_boundary(reach) {
                reach -= 1;
            }
            self.quote_close = text[after..reach].find(closing).map(|offset| after + offset);
        }
        after
    }

    fn at_closing_bracket(&mut self, at: usize) -> usize {
        let after = at + 1;
        let credit_ends = credit_before(self.paragraph, at)
            .filter(|&open| open >= self.sentence_start)
            .and_then(|_| credit_ends_sentence(self.paragraph, after));
        match credit_ends {
            Some(next) => self.cut_at(after, next),
            None => after,
        }
    }

    fn candidate(&self, at: usize, terminator: Terminator, quote_closed: bool, next: usize) -> Candidate<'_> {
        let text = self.paragraph;
        let next_word = word_after(text, next, MAX_NEXT_BYTES);
        let mut candidate = Candidate {
            terminator,
            quote_closed,
            head: None,
            previous: None,
            head_starts_sentence: false,
            next: classify_next(next_word),
            next_word,
        };
        if terminator != Terminator::FullStop {
            return candidate;
        }
        let Some((head_start, head)) = word_before(text, at, MAX_HEAD_CHARS) else {
            return candidate;
        };
        candidate.head = Some(head.trim_start_matches(is_opener));
        let before_head = text.get(self.sentence_start..head_start).unwrap_or_default().trim_end();
        candidate.head_starts_sentence = before_head.trim_start_matches(is_opener).is_empty();
        if !candidate.head_starts_sentence {
            let previous_end = self.sentence_start + before_head.len();
            candidate.previous = word_before(text, previous_end, MAX_HEAD_CHARS).map(|(_, word)| word);
        }
        candidate
    }
}

fn classify_terminator(run: &str) -> Terminator {
    if run.contains(['!', '?', '‼', '⁇', '⁈', '⁉']) {
        Terminator::Mark
    } else if run.contains('…') || run.matches('.').count() > 1 {
        Terminator::Ellipsis
    } else {
        Terminator::FullStop
    }
}

/// Terminators, closing quotes and lone quote marks after a space still
/// belong to the sentence before (`di Ukraina . .`, `tepat. ”`, `ini? '"
/// ujar`). Returns the sentence's end and the start of what follows.
fn absorb_stray_punctuation(text: &str, run_end: usize) -> (usize, usize) {
    let mut end = run_end;
    let mut next = skip_whitespace(text, end);
    while char_at(text, next).is_some_and(|c| is_terminator(c) || is_hard_closer(c) || is_quote_mark(c)) {
        let stray_end = skip_while(text, next, |c| is_terminator(c) || is_closer(c) || is_quote_mark(c));
        if !at_gap_or_end(text, stray_end) {
            break;
        }
        end = stray_end;
        next = skip_whitespace(text, end);
    }
    (end, next)
}

fn classify_next(word: &str) -> NextStart {
    let body = word.trim_start_matches(is_opener);
    let mut chars = body.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => NextStart::Capital,
        Some(c) if c.is_lowercase() => {
            // `iPhone`, `e-KTP`: a brand written in lower case still starts a sentence
            let inner_capital = chars
                .take_while(|&c| c.is_alphanumeric() || c == '-')
                .any(char::is_uppercase);
            if inner_capital {
                NextStart::Capital
            } else {
                NextStart::Lowercase
            }
        }
        Some(c) if c.is_numeric() => NextStart::Digit,
        _ => NextStart::Other,
    }
}
