//! Pairing quotes in document order and judging each pair (sections 8.7–8.9).
//!
//! A monotonic greedy pass: each source quote takes the best unused target
//! quote of the same depth at or after the previous match, within one
//! sentence, scored by length ratio, sentence distance, numbers paired into
//! it and shared anchors (names, digits). Unmatched quotes next to a match
//! that covers them are merges or splits; the rest are `missing` or
//! `extra`, with the reason read from the target text. Safe mark repairs
//! (R7 unquoted, R8 missing open/close mark, R9 boundary) are proposed as
//! edits.

use super::{Family, Quote, QuoteKind, at_end, family};
use crate::align::codes::{Judgement, Note, Reason, Status};
use crate::align::lexicon::{Profile, without_possessive};
use crate::align::repair::{Edit, Owner};
use crate::align::text::{TokenKind, token_texts, tokenize};

/// Everything quote pairing needs to know.
pub struct QuoteInput<'a> {
    /// Source quotes.
    pub src: &'a [Quote],
    /// Target quotes.
    pub tgt: &'a [Quote],
    /// Source sentences as characters.
    pub src_chars: &'a [Vec<char>],
    /// Target sentences as characters.
    pub tgt_chars: &'a [Vec<char>],
    /// Source language data.
    pub src_profile: &'a Profile,
    /// Target language data.
    pub tgt_profile: &'a Profile,
    /// Per source quote: target positions `(sentence, start, end)` of the
    /// numbers paired with its own numbers — number pairing runs first and
    /// feeds quote pairing here.
    pub paired_numbers: &'a [Vec<(usize, usize, usize)>],
}

/// One quote pairing decision.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteLink {
    /// Source quote index.
    pub source: Option<usize>,
    /// Target quote index.
    pub target: Option<usize>,
    /// The verdict on the pair.
    pub judgement: Judgement,
}

/// Pairs quotes; returns the links and the safe edits they call for.
pub fn pair_quotes(input: &QuoteInput) -> (Vec<QuoteLink>, Vec<Edit>) {
    let (src, tgt) = (input.src, input.tgt);
    let anchors = Anchors {
        src: src.iter().map(|quote| anchors(&quote.text)).collect(),
        tgt: tgt.iter().map(|quote| anchors(&quote.text)).collect(),
    };
    let mut tgt_of: Vec<Option<usize>> = vec![None; src.len()];
    let mut used = vec![false; tgt.len()];
    let mut floor = 0;
    for (i, s) in src.iter().enumerate() {
        let best = (floor..tgt.len())
            .take_while(|&candidate| span(&tgt[candidate]).0 <= span(s).1 + 1)
            .filter(|&candidate| {
                !used[candidate] && tgt[candidate].depth == s.depth && distance(s, &tgt[candidate]) <= 1
            })
            .map(|candidate| (candidate, cost(input, &anchors, i, candidate)))
            .filter(|&(candidate, cost)| cost < 1.5 && !fits_next_better(input, &anchors, i, candidate, cost))
            .min_by(|(_, cost), (_, other_cost)| cost.total_cmp(other_cost));
        if let Some((j, _)) = best {
            tgt_of[i] = Some(j);
            used[j] = true;
            if s.depth == 1 {
                floor = j + 1;
            }
        }
    }
    let mut links = Vec::new();
    let mut edits = Vec::new();
    for i in 0..src.len() {
        if let Some(j) = tgt_of[i] {
            links.push(judge_pair(input, i, j, &mut edits));
        } else if let Some(j) = merged_into(input, i, &tgt_of) {
            links.push(QuoteLink {
                source: Some(i),
                target: Some(j),
                judgement: Judgement::of(Status::Ok).noted(Some(Note::Merged)),
            });
        } else {
            links.push(judge_missing(input, i, &mut edits));
        }
    }
    // Indexes both ways, so that a long article's quotes are not each looked for in every link.
    let mut linked_target = vec![false; tgt.len()];
    for link in &links {
        if let Some(j) = link.target {
            linked_target[j] = true;
        }
    }
    let mut source_of_target: Vec<Option<usize>> = vec![None; tgt.len()];
    for (i, paired) in tgt_of.iter().enumerate() {
        if let Some(j) = *paired {
            source_of_target[j] = Some(i);
        }
    }
    for (j, t) in tgt.iter().enumerate() {
        if used[j] || linked_target[j] {
            continue;
        }
        if let Some(i) = split_from(input, j, &source_of_target) {
            // Every source quote has its link, in order.
            if let Some(link) = links.get_mut(i).filter(|link| link.source == Some(i)) {
                link.judgement.note = link.judgement.note.or(Some(Note::Split));
            }
            continue;
        }
        links.push(judge_extra(input, t, j));
    }
    (links, edits)
}

/// Whether target quote `j` is plainly the translation of the next source
/// quote rather than of quote `i` (`“A,” kata X, “B.”` translated as
/// `X said A, “B.”`): then `i` is left to be judged missing, not paired
/// with `B` in order.
fn fits_next_better(input: &QuoteInput, anchors: &Anchors, i: usize, j: usize, cost_here: f64) -> bool {
    let next = i + 1;
    if next >= input.src.len() || input.src[next].depth != input.src[i].depth {
        return false;
    }
    let (target, alone) = (chars_of(&input.tgt[j]), chars_of(&input.src[next]));
    let holds_both = length_misfit(input.tgt_profile, alone + chars_of(&input.src[i]), target)
        < length_misfit(input.tgt_profile, alone, target);
    !holds_both && distance(&input.src[next], &input.tgt[j]) <= 1 && cost(input, anchors, next, j) + 0.3 < cost_here
}

fn span(q: &Quote) -> (usize, usize) {
    (
        q.sentences.first().copied().unwrap_or(q.open.0),
        q.sentences.last().copied().unwrap_or(q.end.0),
    )
}

fn distance(a: &Quote, b: &Quote) -> usize {
    let ((a0, a1), (b0, b1)) = (span(a), span(b));
    if a1 < b0 { b0 - a1 } else { a0.saturating_sub(b1) }
}

/// A quote's anchors (numbers, and capitalised words past the first), sorted and deduplicated.
fn anchors(text: &str) -> Vec<String> {
    // Borrowed texts: only the few kept become strings.
    let mut anchors: Vec<String> = token_texts(text)
        .enumerate()
        .filter(|(position, (kind, token_text))| {
            *kind == TokenKind::Number
                || (*position > 0
                    && *kind == TokenKind::Word
                    && token_text.chars().next().is_some_and(char::is_uppercase)
                    && token_text.chars().count() > 1)
        })
        .map(|(_, (_, token_text))| token_text.into_owned())
        .collect();
    anchors.sort_unstable();
    anchors.dedup();
    anchors
}

/// How many anchors two sorted, deduplicated lists share.
fn shared_anchors(source: &[String], target: &[String]) -> usize {
    let (mut source_index, mut target_index, mut shared) = (0, 0, 0);
    while source_index < source.len() && target_index < target.len() {
        match source[source_index].cmp(&target[target_index]) {
            std::cmp::Ordering::Equal => {
                shared += 1;
                source_index += 1;
                target_index += 1;
            }
            std::cmp::Ordering::Less => source_index += 1,
            std::cmp::Ordering::Greater => target_index += 1,
        }
    }
    shared
}

/// Expected target/source length ratio of a translated quotation.
fn length_ratio(profile: &Profile) -> f64 {
    if profile.code == "en" { 0.93 } else { 1.0 }
}

fn chars_of(quote: &Quote) -> f64 {
    quote.text.chars().count().max(1) as f64
}

/// How far a target length is from what `source_chars` would translate to (log scale).
fn length_misfit(profile: &Profile, source_chars: f64, target_chars: f64) -> f64 {
    ((target_chars / source_chars).ln() - length_ratio(profile).ln()).abs()
}

/// The anchors of every source and target quote, tokenized once.
struct Anchors {
    src: Vec<Vec<String>>,
    tgt: Vec<Vec<String>>,
}

fn cost(input: &QuoteInput, anchors: &Anchors, i: usize, j: usize) -> f64 {
    let (s, t) = (&input.src[i], &input.tgt[j]);
    let len = length_misfit(input.tgt_profile, chars_of(s), chars_of(t));
    let pos = 0.5 * distance(s, t) as f64;
    let inner = input.paired_numbers.get(i).map_or(0, |numbers| {
        numbers
            .iter()
            .filter(|&&(sentence, start, end)| !t.contains(sentence, start, end))
            .count()
    });
    let shared = shared_anchors(&anchors.src[i], &anchors.tgt[j]).min(3);
    len + pos + inner as f64 - 0.3 * shared as f64
}

/// The target quote that a neighbouring source quote was paired with, when
/// it also holds quote `i`: same depth, same sentences, and as long as both
/// source quotes together rather than the neighbour alone. Without the
/// length check a second quote turned into indirect speech ("He added that
/// ...") passed as merged into the first.
fn merged_into(input: &QuoteInput, i: usize, tgt_of: &[Option<usize>]) -> Option<usize> {
    let s = &input.src[i];
    [i.checked_sub(1), Some(i + 1)]
        .into_iter()
        .flatten()
        .filter_map(|neighbour| Some((neighbour, tgt_of.get(neighbour).copied().flatten()?)))
        .find(|&(k, j)| {
            let t = &input.tgt[j];
            let (alone, both) = (chars_of(&input.src[k]), chars_of(&input.src[k]) + chars_of(s));
            let misfit = |source_chars| length_misfit(input.tgt_profile, source_chars, chars_of(t));
            t.depth == s.depth
                && s.sentences.iter().all(|sentence| t.sentences.contains(sentence))
                && misfit(both) < misfit(alone)
        })
        .map(|(_, j)| j)
}

/// The source quote, paired with a target quote next to `j`, that `j` was split from (the first
/// in source order when both neighbours qualify).
fn split_from(input: &QuoteInput, j: usize, source_of_target: &[Option<usize>]) -> Option<usize> {
    let t = &input.tgt[j];
    [j.checked_sub(1), Some(j + 1)]
        .into_iter()
        .flatten()
        .filter_map(|neighbour| source_of_target.get(neighbour).copied().flatten())
        .filter(|&source_index| {
            let source = &input.src[source_index];
            source.depth == t.depth && t.sentences.iter().all(|sentence| source.sentences.contains(sentence))
        })
        .min()
}

fn judge_pair(input: &QuoteInput, i: usize, j: usize, edits: &mut Vec<Edit>) -> QuoteLink {
    let (s, t) = (&input.src[i], &input.tgt[j]);
    let changed = Judgement::of(Status::Changed);
    let mut judgement = Judgement::of(Status::Ok);
    if s.close.is_some() && t.close.is_none() {
        judgement = changed.because(Reason::CloseMarkMissing);
        if let Some(e) = close_mark_edit(input, s, i) {
            edits.push(e);
        }
    } else if (t.open_missing && !s.open_missing) || (span(t).0 > span(s).0 && s.open.1 == 0) {
        judgement = changed.because(Reason::OpenMarkMissing);
        if s.open.1 == 0 {
            edits.push(Edit {
                sentence: span(s).0,
                start: 0,
                end: 0,
                replacement: open_glyph(s).to_string(),
                reason: Reason::OpenMarkMissing,
                owner: Owner::Quote(i),
            });
        }
    } else if let Some(e) = boundary_edit(input, s, t, i) {
        judgement = changed.because(Reason::Boundary);
        edits.extend(e);
    }
    let note = if s.close.is_none() {
        Some(Note::SourceUnbalanced)
    } else if s.multi_paragraph || t.multi_paragraph {
        Some(Note::MultiParagraph)
    } else if matches!(s.kind, QuoteKind::Term | QuoteKind::Gloss) {
        Some(Note::TermQuote)
    } else if glyph_class(s.glyph) != glyph_class(t.glyph) {
        Some(Note::GlyphStyle)
    } else {
        None
    };
    QuoteLink {
        source: Some(i),
        target: Some(j),
        judgement: judgement.noted(note),
    }
}

fn glyph_class(c: char) -> (bool, bool) {
    (c == '"' || c == '\'', family(c) == Some(Family::Double))
}

fn open_glyph(s: &Quote) -> char {
    s.glyph
}

fn close_glyph(s: &Quote) -> char {
    match s.glyph {
        '“' => '”',
        '‘' => '’',
        '„' => '“',
        '«' => '»',
        c => c,
    }
}

/// R8: insert the closing mark where the source closes (sentence end or before the attribution).
fn close_mark_edit(input: &QuoteInput, s: &Quote, i: usize) -> Option<Edit> {
    let (cs, ck) = s.close?;
    let src = input.src_chars.get(cs)?;
    let tgt = input.tgt_chars.get(cs)?;
    let at = if at_end(src, ck) {
        tgt.len()
    } else {
        attribution_comma(tgt, input.tgt_profile)? + 1
    };
    Some(Edit {
        sentence: cs,
        start: at,
        end: at,
        replacement: close_glyph(s).to_string(),
        reason: Reason::CloseMarkMissing,
        owner: Owner::Quote(i),
    })
}

/// The index of the comma that starts a trailing attribution (`, Budi said.`, `, kata Budi.`).
fn attribution_comma(chars: &[char], profile: &Profile) -> Option<usize> {
    let tokens = tokenize(chars);
    let say = |w: &str| profile.say_after.contains(&w) || profile.say_after.contains(&without_possessive(w));
    tokens.iter().enumerate().rev().find_map(|(k, comma)| {
        if !comma.is_punct(',') {
            return None;
        }
        let rest = &tokens[k + 1..];
        let words: Vec<&str> = rest
            .iter()
            .filter(|token| token.kind == TokenKind::Word)
            .map(|token| token.lower.as_ref())
            .collect();
        let near = words.iter().take(5).any(|word| say(word));
        let short = words.len() <= 12;
        (near && short && rest.first().is_some_and(|token| token.kind == TokenKind::Word)).then_some(comma.start)
    })
}

/// The comma closing a leading attribution (`Budi said, We ...`): the first
/// comma right after a speech verb, within the sentence's first 24 tokens.
fn frame_comma(chars: &[char], profile: &Profile) -> Option<usize> {
    let tokens = tokenize(chars);
    tokens.iter().take(24).enumerate().find_map(|(at, token)| {
        let after_say = at > 0 && {
            let word = tokens[at - 1].lower.as_ref();
            profile.say_after.contains(&word) || profile.say_before.contains(&word)
        };
        (token.is_punct(',') && after_say).then_some(token.start)
    })
}

/// R9: the attribution ended up inside the target marks; move the close mark before it.
fn boundary_edit(input: &QuoteInput, s: &Quote, t: &Quote, i: usize) -> Option<Vec<Edit>> {
    if !s.attributed || s.close.is_none() {
        return None;
    }
    let (cs, ck) = t.close?;
    let chars = input.tgt_chars.get(cs)?;
    let inside = &chars[..ck];
    let comma = attribution_comma(inside, input.tgt_profile)?;
    let start_bound = if t.open.0 == cs { t.open.1 } else { 0 };
    if comma <= start_bound {
        return None;
    }
    let glyph = chars[ck].to_string();
    Some(vec![
        Edit {
            sentence: cs,
            start: comma + 1,
            end: comma + 1,
            replacement: glyph,
            reason: Reason::Boundary,
            owner: Owner::Quote(i),
        },
        Edit {
            sentence: cs,
            start: ck,
            end: ck + 1,
            replacement: String::new(),
            reason: Reason::Boundary,
            owner: Owner::Quote(i),
        },
    ])
}

fn has_marks(chars: &[char]) -> bool {
    chars.iter().any(|&mark| family(mark) == Some(Family::Double))
}

fn words_of(chars: &[char]) -> Vec<String> {
    tokenize(chars)
        .into_iter()
        .filter(|token| token.kind == TokenKind::Word)
        .map(|token| token.lower.into_owned())
        .collect()
}

fn judge_missing(input: &QuoteInput, i: usize, edits: &mut Vec<Edit>) -> QuoteLink {
    let s = &input.src[i];
    let missing = |reason| QuoteLink {
        source: Some(i),
        target: None,
        judgement: Judgement::of(Status::Missing).because(reason),
    };
    if s.depth == 2 {
        return missing(Reason::NestedDropped);
    }
    // Indirect speech first: wrapping `Budi said they would not ...` in
    // marks would fabricate a quotation.
    let tgt_words: Vec<String> = s
        .sentences
        .iter()
        .filter_map(|&sentence| input.tgt_chars.get(sentence))
        .flat_map(|chars| words_of(chars))
        .collect();
    let src_chars: Vec<char> = s.text.chars().collect();
    let src_first = words_of(&src_chars)
        .iter()
        .any(|word| input.src_profile.first_person.contains(&word.as_str()));
    let tgt_first = tgt_words
        .iter()
        .any(|word| input.tgt_profile.first_person.contains(&word.as_str()));
    let complement = tgt_words.windows(2).any(|pair| {
        let (verb, joiner) = (pair[0].as_str(), pair[1].as_str());
        (input.tgt_profile.say_after.contains(&verb) || input.tgt_profile.say_before.contains(&verb))
            && input.tgt_profile.complementisers.contains(&joiner)
    });
    if complement || (src_first && !tgt_first && !input.tgt_profile.first_person.is_empty()) {
        return missing(Reason::IndirectSpeech);
    }
    if let Some(e) = wrap_edits(input, s, i) {
        edits.extend(e);
    }
    missing(Reason::Unquoted)
}

/// R7: the source quote is the whole sentence but for its attribution and the target lost the marks.
fn wrap_edits(input: &QuoteInput, s: &Quote, i: usize) -> Option<Vec<Edit>> {
    let (cs, ck) = s.close?;
    if s.sentences.len() != 1 || !s.attributed || s.kind != QuoteKind::Speech {
        return None;
    }
    let src = input.src_chars.get(cs)?;
    let tgt = input.tgt_chars.get(cs)?;
    if has_marks(tgt) {
        return None;
    }
    let (open, close) = (open_glyph(s).to_string(), close_glyph(s).to_string());
    let edit = |at: usize, text: &String| Edit {
        sentence: cs,
        start: at,
        end: at,
        replacement: text.clone(),
        reason: Reason::Unquoted,
        owner: Owner::Quote(i),
    };
    if at_end(src, ck) {
        // `X mengatakan: “…”` → `X said: …`: quote everything after the target's colon.
        let head_ends_frame = src[..s.open.1]
            .iter()
            .rev()
            .find(|mark| !mark.is_whitespace())
            .is_some_and(|&mark| mark == ':' || mark == ',');
        let colon = tgt
            .iter()
            .position(|&mark| mark == ':')
            .or_else(|| frame_comma(tgt, input.tgt_profile))?;
        let mut at = colon + 1;
        while tgt.get(at).is_some_and(|mark| mark.is_whitespace()) {
            at += 1;
        }
        if !head_ends_frame || s.open.1 == 0 || at >= tgt.len() {
            return None;
        }
        return Some(vec![edit(at, &open), edit(tgt.len(), &close)]);
    }
    if s.open.1 != 0 {
        return None;
    }
    let comma = attribution_comma(tgt, input.tgt_profile)?;
    Some(vec![
        Edit {
            sentence: cs,
            start: 0,
            end: 0,
            replacement: open,
            reason: Reason::Unquoted,
            owner: Owner::Quote(i),
        },
        Edit {
            sentence: cs,
            start: comma + 1,
            end: comma + 1,
            replacement: close,
            reason: Reason::Unquoted,
            owner: Owner::Quote(i),
        },
    ])
}

fn judge_extra(input: &QuoteInput, t: &Quote, j: usize) -> QuoteLink {
    let mut reason = Reason::Added;
    if t.kind == QuoteKind::Speech {
        let reporting = t
            .sentences
            .iter()
            .filter_map(|&sentence| input.src_chars.get(sentence))
            .any(|chars| {
                words_of(chars).iter().any(|word| {
                    input.src_profile.say_before.contains(&word.as_str())
                        || input.src_profile.complementisers.contains(&word.as_str())
                })
            });
        if reporting {
            reason = Reason::IndirectToDirect;
        }
    }
    let note = (t.kind == QuoteKind::Term).then_some(Note::TermQuote);
    QuoteLink {
        source: None,
        target: Some(j),
        judgement: Judgement::of(Status::Extra).because(reason).noted(note),
    }
}
