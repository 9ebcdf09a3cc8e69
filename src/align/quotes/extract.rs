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
    let mut quotes = Vec::new();
    let mut double: Option<Open> = None;
    let mut single: Option<Open> = None;
    // Where a quote whose opening mark was lost may start: the paragraph start or after the last close.
    let mut orphan_start: Pos = (0, 0);
    for (s, chars) in sentences.iter().enumerate() {
        let paragraph = paragraphs.get(s).copied().unwrap_or(0);
        let new_paragraph = s > 0 && paragraphs.get(s - 1).copied().unwrap_or(0) != paragraph;
        if new_paragraph {
            orphan_start = (s, 0);
        }
        let mut skip_first = false;
        if new_paragraph && let Some(open) = double.as_mut() {
            let reopens = chars.first().is_some_and(|&c| family(c) == Some(Family::Double))
                && direction(chars, 0) != Direction::Close;
            if reopens {
                open.multi_paragraph = true;
                skip_first = true;
            } else {
                let end = (s - 1, sentences[s - 1].len());
                finish(&mut quotes, sentences, double.take(), end, None, profile, 1);
                single = None;
            }
        }
        for k in 0..chars.len() {
            if skip_first && k == 0 {
                continue;
            }
            let Some(fam) = family(chars[k]) else {
                continue;
            };
            let dir = direction(chars, k);
            match fam {
                Family::Double => {
                    let after_punct = k > 0 && matches!(chars[k - 1], ',' | '.' | '!' | '?' | '…');
                    if double.is_none()
                        && (dir == Direction::Close || dir == Direction::Either && at_sentence_end(chars, k))
                        && (after_punct || at_sentence_end(chars, k))
                    {
                        let glyph = if chars[k] == '”' { '“' } else { chars[k] };
                        let open = Open {
                            mark: orphan_start,
                            glyph,
                            multi_paragraph: false,
                            missing: true,
                        };
                        finish(&mut quotes, sentences, Some(open), (s, k), Some((s, k)), profile, 1);
                        orphan_start = (s, k + 1);
                        continue;
                    }
                    let opens = match dir {
                        Direction::Open => double.is_none(),
                        Direction::Close => double.is_none() && !at_sentence_end(chars, k),
                        Direction::Either => double.is_none(),
                        Direction::None => continue,
                    };
                    if opens {
                        double = Some(Open {
                            mark: (s, k),
                            glyph: chars[k],
                            multi_paragraph: false,
                            missing: false,
                        });
                    } else if dir != Direction::Open && double.is_some() {
                        if single.is_some() {
                            finish(&mut quotes, sentences, single.take(), (s, k), Some((s, k)), profile, 2);
                        }
                        finish(&mut quotes, sentences, double.take(), (s, k), Some((s, k)), profile, 1);
                        orphan_start = (s, k + 1);
                    }
                }
                Family::Single => {
                    let depth = if double.is_some() { 2 } else { 1 };
                    match (dir, single.is_some()) {
                        (Direction::Open | Direction::Either, false) if (depth == 2 || has_closer(chars, k)) => {
                            single = Some(Open {
                                mark: (s, k),
                                glyph: chars[k],
                                multi_paragraph: false,
                                missing: false,
                            });
                        }
                        (Direction::Close | Direction::Either, true) => {
                            finish(
                                &mut quotes,
                                sentences,
                                single.take(),
                                (s, k),
                                Some((s, k)),
                                profile,
                                depth,
                            );
                        }
                        _ => {}
                    }
                }
            }
        }
        if double.is_none() {
            single = None;
        }
    }
    if let Some(last) = sentences.len().checked_sub(1) {
        let end = (last, sentences[last].len());
        finish(&mut quotes, sentences, single.take(), end, None, profile, 2);
        finish(&mut quotes, sentences, double.take(), end, None, profile, 1);
    }
    quotes.sort_by_key(|q| (q.open, q.depth));
    link_parents(&mut quotes);
    quotes
}

/// Whether a right-flanking single mark follows position `k` in the sentence.
fn has_closer(chars: &[char], k: usize) -> bool {
    (k + 1..chars.len()).any(|j| {
        family(chars[j]) == Some(Family::Single) && matches!(direction(chars, j), Direction::Close | Direction::Either)
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
        if s != start.0 && piece.starts_with(|c| family(c) == Some(Family::Double)) {
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
