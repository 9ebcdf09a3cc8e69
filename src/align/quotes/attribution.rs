//! Attribution: who said a quote.
//!
//! Looks, in order, after the closing mark (`,” kata X`, `,” ujarnya`,
//! `," X said`), before the opening mark (`X mengatakan: “`, `Menurut X, “`),
//! at the end of the previous sentence (`X mengatakan:` then a new paragraph),
//! and finally inherits the speaker of the quote just before (consecutive
//! quotes in neighbouring sentences or paragraphs are the same voice; so are
//! `katanya`/`ujarnya`/`kata dia`).

use super::speakers::{SpeakerWords, speaker_words};
use super::{Quote, QuoteKind};
use crate::align::lexicon::{Profile, SHARED, without_possessive};
use crate::align::text::{Token, TokenKind, tokenize};

/// Fills `speaker` and `attributed` for every top-level quote; `texts` are the
/// sentences, `sentences` their characters and `tokens` their tokens
/// (`tokenize` of each), shared with number extraction.
pub fn attribute(
    quotes: &mut [Quote],
    texts: &[&str],
    sentences: &[Vec<char>],
    tokens: &[Vec<Token>],
    paragraphs: &[usize],
    profile: &Profile,
) {
    let mut previous: Option<(usize, Option<String>)> = None;
    let mut explicit = vec![false; quotes.len()];
    for (n, q) in quotes.iter_mut().enumerate() {
        if q.depth != 1 {
            continue;
        }
        let found = after_close(q, sentences, profile)
            .or_else(|| before_open(q, sentences, tokens, profile))
            .or_else(|| previous_sentence(q, sentences, tokens, paragraphs, profile))
            .or_else(|| next_sentence(q, sentences, tokens, paragraphs, profile));
        explicit[n] = matches!(found, Some(Found::Name(_)));
        let last_sentence = q.sentences.last().copied().unwrap_or(q.open.0);
        let inherited = previous
            .as_ref()
            .filter(|(end, _)| q.open.0 <= end + 2)
            .and_then(|(_, s)| s.clone());
        if found.is_some() && q.kind == QuoteKind::Term {
            q.kind = QuoteKind::Speech;
        }
        match found {
            Some(Found::Name(name)) => {
                q.speaker = Some(name);
                q.attributed = true;
            }
            Some(Found::Pronoun) => {
                q.speaker = inherited.or_else(|| frame_in_previous(q.open.0, sentences, tokens, profile));
                q.attributed = true;
                q.speaker_by_pronoun = true;
            }
            None if q.kind == QuoteKind::Speech => {
                // `Budi menegaskan … . “Kami …”`: a named reporting frame just before.
                let opens_sentence = sentences
                    .get(q.open.0)
                    .is_some_and(|chars| chars[..q.open.1].iter().all(|character| character.is_whitespace()));
                let framed = (opens_sentence && q.open.0 > 0)
                    .then(|| frame_in(q.open.0 - 1, sentences, tokens, profile))
                    .flatten();
                q.speaker = inherited.or(framed);
                q.attributed = q.speaker.is_some();
            }
            None => {}
        }
        if q.kind == QuoteKind::Speech || q.attributed {
            previous = Some((last_sentence, q.speaker.clone()));
        }
    }
    // An unattributed quote right before an explicitly attributed one is the same voice
    // (`“A.” || “B,” kata X.`, the close-and-reopen convention).
    for n in (0..quotes.len()).rev() {
        if quotes[n].depth != 1 || quotes[n].speaker.is_some() || quotes[n].kind != QuoteKind::Speech {
            continue;
        }
        let end = quotes[n].sentences.last().copied().unwrap_or(quotes[n].open.0);
        let next = (n + 1..quotes.len()).find(|&m| quotes[m].depth == 1);
        if let Some(m) = next.filter(|&m| explicit[m] && quotes[m].open.0 <= end + 1) {
            quotes[n].speaker = quotes[m].speaker.clone();
            quotes[n].attributed = true;
        }
    }
    super::speakers::resolve(quotes, texts, sentences, tokens, profile);
}

/// Passive or bare attribution in the sentence after the quote: `Demikian dikatakan Budi.`, `Kata Budi.`
fn next_sentence(
    q: &Quote,
    sentences: &[Vec<char>],
    tokens_of: &[Vec<Token>],
    paragraphs: &[usize],
    profile: &Profile,
) -> Option<Found> {
    let (s, k) = q.close?;
    if !super::marks::at_sentence_end(sentences.get(s)?, k) {
        return None;
    }
    let next = sentences.get(s + 1)?;
    if paragraphs
        .get(s + 1)
        .is_some_and(|&p| paragraphs.get(s).is_some_and(|&o| o + 1 < p))
    {
        return None;
    }
    let tokens = tokens_of.get(s + 1)?;
    let words: Vec<usize> = (0..tokens.len())
        .filter(|&i| tokens[i].kind == TokenKind::Word)
        .take(8)
        .collect();
    for (n, &i) in words.iter().enumerate() {
        let w = tokens[i].lower.as_ref();
        let passive = SHARED.passive_reporting_verbs.contains(w);
        let bare = n <= 1
            && is_say_after(profile, w)
            && (n == 0 || SHARED.attribution_openers.contains(&tokens[words[0]].lower));
        if passive || bare {
            let mut j = i + 1;
            if tokens
                .get(j)
                .is_some_and(|token| SHARED.agent_markers.contains(&token.lower))
            {
                j += 1;
            }
            if let Some(name) = capitalised_run(tokens, j, next) {
                return Some(Found::Name(name));
            }
        }
    }
    None
}

enum Found {
    Name(String),
    Pronoun,
}

fn is_say_after(profile: &Profile, w: &str) -> bool {
    profile.say_after.contains(&w) || profile.say_after.contains(&without_possessive(w))
}

fn after_close(q: &Quote, sentences: &[Vec<char>], profile: &Profile) -> Option<Found> {
    let (s, k) = q.close?;
    let chars = sentences.get(s)?;
    let tail = &chars[(k + 1).min(chars.len())..];
    let tokens = tokenize(tail);
    let mut i = 0;
    while tokens
        .get(i)
        .is_some_and(|token| token.kind == TokenKind::Punct && matches!(token.first_char(), ',' | '—' | '–' | '-'))
    {
        i += 1;
    }
    let first = tokens.get(i)?;
    if first.kind != TokenKind::Word {
        return None;
    }
    if is_say_after(profile, &first.lower) {
        if first.lower.ends_with("nya") && !profile.say_after.contains(&first.lower.as_ref())
            || profile.pronouns.contains(&first.lower.as_ref())
        {
            return Some(Found::Pronoun);
        }
        let [according, to] = &SHARED.according_to;
        if first.lower == *according && tokens.get(i + 1).is_some_and(|token| token.lower == *to) {
            i += 1;
        }
        let next = tokens.get(i + 1)?;
        if profile.pronouns.contains(&next.lower.as_ref()) || next.lower == SHARED.possessive_suffix {
            return Some(Found::Pronoun);
        }
        return described_name(&tokens, i + 1, tail, speaker_words(profile.code))
            .map(Found::Name)
            .or(Some(Found::Pronoun));
    }
    // `," Budi said` / `," he said`.
    if profile.pronouns.contains(&first.lower.as_ref())
        && tokens
            .get(i + 1)
            .is_some_and(|token| is_say_after(profile, &token.lower))
    {
        return Some(Found::Pronoun);
    }
    let (name, after) = capitalised_run_end(&tokens, i, tail)?;
    tokens
        .get(after)
        .filter(|token| is_say_after(profile, &token.lower))
        .map(|_| Found::Name(name))
}

fn before_open(q: &Quote, sentences: &[Vec<char>], tokens: &[Vec<Token>], profile: &Profile) -> Option<Found> {
    let (s, k) = q.open;
    let head = &sentences.get(s)?[..k];
    // The tokens of the head are the sentence's tokens before `k`: a quotation mark (or the
    // character after one) starts a token of its own, so no token runs across `k`.
    let tokens = tokens.get(s)?;
    frame(&tokens[..tokens.partition_point(|token| token.end <= k)], head, profile)
}

/// `X mengatakan (bahwa) :`, `Menurut X,`, `X said:` at the end of `tokens`.
fn frame(tokens: &[Token], chars: &[char], profile: &Profile) -> Option<Found> {
    let mut end = tokens.len();
    while end > 0 && tokens[end - 1].kind == TokenKind::Punct {
        end -= 1;
    }
    if end == 0 {
        return None;
    }
    if profile.complementisers.contains(&tokens[end - 1].lower.as_ref()) {
        end -= 1;
    }
    let verb = end.checked_sub(1)?;
    if profile.say_before.contains(&tokens[verb].lower.as_ref()) || is_say_after(profile, &tokens[verb].lower) {
        let mut j = verb;
        while j > 0 && SHARED.words_between_verb_and_speaker.contains(&tokens[j - 1].lower) {
            j -= 1;
        }
        if j > 0 && profile.pronouns.contains(&tokens[j - 1].lower.as_ref()) {
            return Some(Found::Pronoun);
        }
        return capitalised_run_back(tokens, j, chars).map(Found::Name).or_else(|| {
            // `kata X, “…”` (PUEBI III.B.6): the verb comes first.
            capitalised_run(tokens, verb + 1, chars).map(Found::Name)
        });
    }
    // `Menurut X, “…`
    let according = tokens
        .iter()
        .rposition(|token| profile.according_to.contains(&token.lower.as_ref()))?;
    let mut start = according + 1;
    if tokens
        .get(start)
        .is_some_and(|token| token.lower == SHARED.according_to[1])
    {
        start += 1;
    }
    capitalised_run(tokens, start, chars).map(Found::Name)
}

fn previous_sentence(
    q: &Quote,
    sentences: &[Vec<char>],
    tokens: &[Vec<Token>],
    paragraphs: &[usize],
    profile: &Profile,
) -> Option<Found> {
    let (s, k) = q.open;
    let head_empty = sentences.get(s)?[..k].iter().all(|character| character.is_whitespace());
    if !head_empty || s == 0 || paragraphs.get(s.wrapping_sub(1)).is_none() {
        return None;
    }
    let prev = &sentences[s - 1];
    let ends_colon = prev
        .iter()
        .rev()
        .find(|character| !character.is_whitespace())
        .is_some_and(|&c| c == ':' || c == ',');
    if !ends_colon {
        return None;
    }
    frame(tokens.get(s - 1)?, prev, profile)
}

/// A named reporting frame (`Budi menegaskan …`) in sentence `s` only.
fn frame_in(s: usize, sentences: &[Vec<char>], tokens: &[Vec<Token>], profile: &Profile) -> Option<String> {
    let chars = sentences.get(s)?;
    let tokens = tokens.get(s)?;
    tokens.iter().enumerate().find_map(|(verb_at, token)| {
        if profile.say_before.contains(&token.lower.as_ref()) {
            capitalised_run_back(tokens, verb_at, chars)
        } else {
            None
        }
    })
}

/// A named reporting frame (`Budi mengatakan bahwa …`) in sentence `s` or the two before it, nearest first.
fn frame_in_previous(s: usize, sentences: &[Vec<char>], tokens: &[Vec<Token>], profile: &Profile) -> Option<String> {
    (s.saturating_sub(2)..=s)
        .rev()
        .find_map(|sentence| frame_in(sentence, sentences, tokens, profile))
}

fn is_name_token(t: &Token) -> bool {
    t.kind == TokenKind::Word && (t.first_char().is_uppercase())
}

/// The speaker after a reporting verb, past a lower-case description:
/// `kata juru bicara Kemenlu, Budi Santoso` → `Budi Santoso`; `kata Budi` → `Budi`;
/// `kata seorang pedagang, Ujang (48)` → `Ujang`; `ujar seorang pembeli` → `seorang pembeli`.
fn described_name(tokens: &[Token], i: usize, chars: &[char], words: &SpeakerWords) -> Option<String> {
    let mut k = i;
    while k < i + 6
        && tokens
            .get(k)
            .is_some_and(|token| token.kind == TokenKind::Word && !is_name_token(token))
    {
        k += 1;
    }
    // A described speaker's own name after a comma (`seorang pedagang, Ujang`), not a day.
    if k > i
        && tokens.get(k).is_some_and(|token| token.is_punct(','))
        && let Some(name) = capitalised_run(tokens, k + 1, chars).filter(|name| !words.is_never_a_name(name))
    {
        return Some(name);
    }
    let run = capitalised_run_end(tokens, k, chars).filter(|(name, _)| k == i || !words.is_never_a_name(name));
    let Some((first, after)) = run else {
        // `ujar politikus asal Medan itu`: a description pointing back to someone named.
        let anaphor = k > i
            && (k..k + 4).any(|index| {
                tokens
                    .get(index)
                    .is_some_and(|token| words.is_demonstrative(&token.lower))
            });
        return if anaphor {
            None
        } else {
            description(tokens, i, chars, words)
        };
    };
    // An appositive name after a comma (`… Kemenlu, Budi Santoso`, `Kepala BPBD Agam, Hendri`)
    // names the person.
    if tokens.get(after).is_some_and(|token| token.is_punct(','))
        && let Some(name) = capitalised_run(tokens, after + 1, chars).filter(|name| !words.is_never_a_name(name))
        && (k > i || words.is_role_head(&tokens[k].lower))
    {
        return Some(name);
    }
    Some(first)
}

/// An unnamed speaker as the article describes them (`seorang pembeli`, `warga`), up to
/// the first word that ends a description (`yang`, `di`).
fn description(tokens: &[Token], i: usize, chars: &[char], words: &SpeakerWords) -> Option<String> {
    let head = tokens
        .get(i)
        .filter(|head| head.kind == TokenKind::Word && words.is_description(&head.lower))?;
    let mut end = i + 1;
    while end < i + 6
        && tokens.get(end).is_some_and(|word| {
            word.kind == TokenKind::Word && !is_name_token(word) && !words.is_description_stop(&word.lower)
        })
    {
        end += 1;
    }
    Some(chars[head.start..tokens[end - 1].end].iter().collect())
}

/// The capitalised run starting at token `i`, as written.
fn capitalised_run(tokens: &[Token], i: usize, chars: &[char]) -> Option<String> {
    capitalised_run_end(tokens, i, chars).map(|(n, _)| n)
}

fn capitalised_run_end(tokens: &[Token], i: usize, chars: &[char]) -> Option<(String, usize)> {
    if !tokens.get(i).is_some_and(is_name_token) {
        return None;
    }
    let mut j = i + 1;
    loop {
        match tokens.get(j) {
            Some(t) if is_name_token(t) && t.space_before => j += 1,
            Some(t)
                if t.is_punct('.')
                    && !t.space_before
                    && (tokens[j - 1].text.chars().count() <= 2 || is_rank(&tokens[j - 1].lower))
                    && tokens.get(j + 1).is_some_and(is_name_token) =>
            {
                j += 1
            }
            Some(t)
                if t.kind == TokenKind::Word
                    && SHARED.name_particles.contains(&t.lower)
                    && tokens.get(j + 1).is_some_and(is_name_token) =>
            {
                j += 1
            }
            _ => break,
        }
    }
    Some((name_after_ranks(tokens, i, j, chars), j))
}

/// Whether `word` (lower case) is a rank or honorific written before a name.
pub(super) fn is_rank(word: &str) -> bool {
    SHARED.ranks_before_name.contains(word)
}

/// The name in tokens `[i, j)`: what follows the last rank or honorific, if a name follows it.
fn name_after_ranks(tokens: &[Token], i: usize, j: usize, chars: &[char]) -> String {
    let mut start = i;
    for k in i..j {
        let is_rank = SHARED.ranks_before_name.contains(&tokens[k].lower);
        let next = if tokens.get(k + 1).is_some_and(|token| token.is_punct('.')) {
            k + 2
        } else {
            k + 1
        };
        if is_rank && next < j && tokens.get(next).is_some_and(is_name_token) {
            start = next;
        }
    }
    chars[tokens[start].start..tokens[j - 1].end].iter().collect()
}

/// The capitalised run ending just before token `end`.
fn capitalised_run_back(tokens: &[Token], end: usize, chars: &[char]) -> Option<String> {
    let mut i = end;
    while i > 0
        && (is_name_token(&tokens[i - 1])
            || (tokens[i - 1].is_punct('.') && i >= 2 && tokens[i - 2].text.chars().count() <= 2)
            || (SHARED.name_particles.contains(&tokens[i - 1].lower) && i < end))
    {
        i -= 1;
    }
    if i == end {
        return None;
    }
    Some(name_after_ranks(tokens, i, end, chars))
}
