//! Speakers: the person a quotation's attribution names, resolved over the whole article.
//!
//! [`attribution`](super::attribution) finds the words next to a quote that name its speaker
//! as they are written there: `Dimas`, `Kepala Pusat Data`, `Menkeu`, `Mendag Zulkifli`,
//! `seorang pembeli`. Newsrooms introduce a person once, in full and with a role
//! (`Kepala Pusat Data BNPB, Dimas A. Prakoso, mengatakan …`), and then use a short name,
//! the role alone, an abbreviation of the role or a pronoun. This pass maps each attributed
//! form to the fullest name the article gives and to the role given with it:
//!
//! - a name → the longest run of name words around any of its occurrences
//!   (`Dimas` → `Dimas A. Prakoso`, `Idzes` → `Jay Idzes`);
//! - a role, or an abbreviated role (`Menkeu` = `Menteri Keuangan`) → the person the
//!   article gave that role to before the quote;
//! - a role and a name together (`Mendag Zulkifli`, `Menteri Keuangan Sri Mulyani`) → the name;
//! - a pronoun (`katanya`, `Ia mengatakan`) → a person newly named between the previous
//!   quotation and this one (`… Siti Aminah (52), mengaku … “…,” tuturnya.`), else the
//!   previous speaker (already inherited by attribution);
//! - a description (`seorang pedagang`, `warga`) stays as written.
//!
//! Language words (role heads, abbreviations, descriptions, capitalised words that are never
//! names) live in `../../data/speaker-words.txt` (read by [`words`]); [`lookup`] finds names in
//! the article. Pure and total: any input gives an answer.

mod lookup;
mod words;

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use self::lookup::TokenIndex;
pub use self::words::{SpeakerWords, speaker_words};
use super::Quote;
use crate::align::lexicon::{Profile, SHARED};
use crate::align::text::{Token, TokenKind};

/// The article's sentences, tokenized once, with the language's word lists.
struct Article<'a> {
    sentences: &'a [Vec<char>],
    tokens: &'a [Vec<Token<'a>>],
    words: &'a SpeakerWords,
    profile: &'a Profile,
    /// Names attributed to some quote without a role in front (`kata Dimas`): known people.
    known_names: Vec<String>,
    /// Each sentence as a string (names are searched in them).
    texts: &'a [&'a str],
    /// Each sentence in lower case, built on first use (roles are searched in them).
    lower_texts: OnceCell<Vec<String>>,
    /// The sentences holding a token, by the token's text, built on first use. A name
    /// occurs as whole tokens only where its first token does, so a look-up reads those
    /// sentences alone: linear in the article, where reading every sentence for every name
    /// was quadratic.
    sentences_by_token: OnceCell<TokenIndex<'a>>,
    /// The mentions of each name looked up so far: a long article's speakers are looked up
    /// once per quote, and each look-up reads every sentence holding the name.
    occurrences_by_name: RefCell<HashMap<String, Rc<[Mention]>>>,
    /// The fullest form of each name resolved so far (it depends on the whole article alone).
    fullest_by_name: RefCell<HashMap<String, Speaker>>,
}

/// A resolved speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Speaker {
    name: String,
    role: Option<String>,
}

/// Where a name was found: sentence and token range `[start, end)`.
#[derive(Debug, Clone, Copy)]
struct Mention {
    sentence: usize,
    start: usize,
    end: usize,
}

/// Replaces each top-level quote's attributed form by the fullest name the article gives and
/// fills `speaker_role`; see the module doc for the rules.
/// `texts` are the sentences, `sentences` their characters and `tokens` their tokens.
pub fn resolve(
    quotes: &mut [Quote],
    texts: &[&str],
    sentences: &[Vec<char>],
    tokens: &[Vec<Token>],
    profile: &Profile,
) {
    if !quotes.iter().any(|quote| quote.depth == 1) {
        // Nothing to resolve: spare tokenizing the article.
        return;
    }
    let words = speaker_words(profile.code);
    let mut known_names: Vec<String> = Vec::new();
    for raw in quotes.iter().filter_map(|quote| quote.speaker.as_ref()) {
        let first = raw.split_whitespace().next().unwrap_or("");
        let named = first.chars().next().is_some_and(char::is_uppercase) && !words.is_role_head(&first.to_lowercase());
        if named && !known_names.contains(raw) {
            known_names.push(raw.clone());
        }
    }
    let article = Article {
        sentences,
        tokens,
        words,
        profile,
        known_names,
        texts,
        lower_texts: OnceCell::new(),
        sentences_by_token: OnceCell::new(),
        occurrences_by_name: RefCell::default(),
        fullest_by_name: RefCell::default(),
    };
    let mut previous_speech_end: Option<usize> = None;
    for quote in quotes.iter_mut().filter(|quote| quote.depth == 1) {
        if quote.speaker_by_pronoun
            && let Some(newly_named) = article.person_named_between(previous_speech_end, quote.open)
        {
            quote.speaker = Some(newly_named.name.clone());
        }
        if let Some(raw) = quote.speaker.take() {
            let speaker = article.resolve_form(&raw, quote.open.0);
            quote.speaker = Some(speaker.name);
            quote.speaker_role = speaker.role;
        }
        if quote.attributed {
            previous_speech_end = quote.sentences.last().copied().or(Some(quote.open.0));
        }
    }
}

impl<'a> Article<'a> {
    /// The speaker an attributed form stands for, looking at the article up to sentence `before`.
    fn resolve_form(&self, raw: &str, before: usize) -> Speaker {
        let first_word = raw.split_whitespace().next().unwrap_or("");
        if !first_word.chars().next().is_some_and(char::is_uppercase) {
            // A description (`seorang pedagang`) is kept as the article wrote it.
            return Speaker {
                name: raw.to_owned(),
                role: None,
            };
        }
        if !self.words.is_role_head(&first_word.to_lowercase()) {
            return self.fullest(raw);
        }
        if let Some((role, name)) = self.known_name_after_role(raw) {
            let speaker = self.fullest(&name);
            return Speaker {
                role: speaker.role.or(Some(self.expand_role(&role))),
                ..speaker
            };
        }
        if let Some(speaker) = self.holder_of_role(raw, before) {
            return speaker;
        }
        match self.split_role_and_name(raw) {
            Some((role, name)) => Speaker { name, role: Some(role) },
            None => Speaker {
                name: raw.to_owned(),
                role: None,
            },
        }
    }

    /// `Mendag Zulkifli` where `Zulkifli` is named elsewhere without the role: (`Mendag`, `Zulkifli`).
    fn known_name_after_role(&self, raw: &str) -> Option<(String, String)> {
        let words: Vec<&str> = raw.split_whitespace().collect();
        (1..words.len()).find_map(|split| {
            let name = words[split..].join(" ");
            let starts_like_a_name = !is_acronym(words[split])
                && !self.words.is_role_head(&words[split].to_lowercase())
                && !self.words.is_not_name(&words[split].to_lowercase());
            if !starts_like_a_name {
                return None;
            }
            let role_word_before = words[split - 1];
            let named_alone = self.occurrences(&name).iter().any(|mention| {
                let tokens = &self.tokens[mention.sentence];
                mention.start == 0 || tokens[mention.start - 1].text != role_word_before
            });
            named_alone.then(|| (words[..split].join(" "), name))
        })
    }

    /// The person the article gave `role` (or its expansion) to, last before sentence `before`.
    fn holder_of_role(&self, role: &str, before: usize) -> Option<Speaker> {
        let role_words = role.split_whitespace().count();
        let expanded = self.expand_role(role);
        let forms = [role.to_lowercase(), expanded];
        (0..=before.min(self.sentences.len().saturating_sub(1)))
            .rev()
            .find_map(|sentence| {
                let lower = &self.lower_texts()[sentence];
                forms.iter().find_map(|form| {
                    let end_byte = find_words(lower, form)?.1;
                    let char_end = lower[..end_byte].chars().count();
                    let tokens = &self.tokens[sentence];
                    let after = tokens.iter().position(|token| token.start >= char_end)?;
                    self.run_after_role(sentence, after, role_words)
                        .or_else(|| self.first_name_from(sentence, after))
                })
            })
    }

    /// The first person's name in `sentence` from token `from` on, within the clause.
    fn first_name_from(&self, sentence: usize, from: usize) -> Option<Speaker> {
        let tokens = &self.tokens[sentence];
        let clause_end = (from..tokens.len())
            .find(|&index| {
                let token = &tokens[index];
                token.kind == TokenKind::Punct && matches!(token.first_char(), '.' | ';' | '“' | '"' | ':')
            })
            .unwrap_or(tokens.len());
        let known = self
            .known_names
            .iter()
            .filter_map(|name| {
                let mentions = self.occurrences(name);
                let in_sentence = &mentions[mentions.partition_point(|mention| mention.sentence < sentence)..];
                let first_start = in_sentence
                    .iter()
                    .take_while(|mention| mention.sentence == sentence)
                    .map(|mention| mention.start)
                    .filter(|start| (from..clause_end).contains(start))
                    .min()?;
                Some((first_start, name))
            })
            .min_by_key(|(start, _)| *start);
        if let Some((_, name)) = known {
            return Some(self.fullest(name));
        }
        for index in from..tokens.len().min(from + 16) {
            let token = &tokens[index];
            if token.kind == TokenKind::Punct && matches!(token.first_char(), '.' | ';' | '“' | '"' | ':') {
                return None;
            }
            if !self.is_name_word(token) || self.words.is_role_head(&token.lower) {
                continue;
            }
            let end = self.extend_right(sentence, index + 1);
            let name = self.text(sentence, index, end);
            // Unknown elsewhere: two name words or more that end the role phrase.
            let ends_phrase = tokens
                .get(end)
                .is_none_or(|next| next.kind == TokenKind::Punct || !next.first_char().is_uppercase());
            if ends_phrase
                && self.word_count(Mention {
                    sentence,
                    start: index,
                    end,
                }) >= 2
            {
                return Some(self.fullest(&name));
            }
        }
        None
    }

    /// `Bupati Tapin Muhammad Yamani Noor`: the role's own capitalised run goes on into the
    /// name; its field or place (`Tapin`) is told from the name as in [`Self::split_role_and_name`].
    fn run_after_role(&self, sentence: usize, after: usize, role_words: usize) -> Option<Speaker> {
        let tokens = &self.tokens[sentence];
        if !tokens
            .get(after)
            .is_some_and(|token| token.is_capitalised() && token.space_before)
        {
            return None;
        }
        let mut end = after;
        while tokens.get(end).is_some_and(|token| {
            let initial_or_rank = |index: usize| {
                tokens[index].text.chars().count() <= 2 || super::attribution::is_rank(&tokens[index].lower)
            };
            (token.is_capitalised() && token.space_before)
                || (token.is_punct('.')
                    && !token.space_before
                    && initial_or_rank(end - 1)
                    && tokens.get(end + 1).is_some())
        }) {
            end += 1;
        }
        let start = after.checked_sub(1)?;
        let run = self.text(sentence, start.saturating_sub(role_words.saturating_sub(1)), end);
        let (_, name) = self.split_role_and_name(&run)?;
        Some(self.fullest(&name))
    }

    /// `Menteri Keuangan Sri Mulyani` with nothing else to go on: role words, then the name.
    fn split_role_and_name(&self, raw: &str) -> Option<(String, String)> {
        let words: Vec<&str> = raw.split_whitespace().collect();
        // A rank is the last word before the name (`Kapolres Metro Bekasi AKBP Dedi`).
        let last_rank = words
            .iter()
            .rposition(|word| super::attribution::is_rank(&word.trim_end_matches('.').to_lowercase()));
        if let Some(rank) = last_rank.filter(|&rank| rank + 1 < words.len()) {
            let role_end = (0..rank)
                .rev()
                .find(|&index| !super::attribution::is_rank(&words[index].trim_end_matches('.').to_lowercase()))
                .map_or(0, |index| index + 1);
            return Some((words[..role_end].join(" "), words[rank + 1..].join(" ")));
        }
        let mut split = 0;
        while split < words.len() && self.words.is_role_head(&words[split].to_lowercase()) {
            split += 1;
        }
        let field_word = words
            .get(split)
            .is_some_and(|word| !is_acronym(word) && !self.words.is_not_name(&word.to_lowercase()));
        if field_word && words.len() > split + 1 {
            split += 1;
        }
        while split < words.len() && {
            let lower = words[split].trim_end_matches('.').to_lowercase();
            is_acronym(words[split]) || self.words.is_not_name(&lower) || super::attribution::is_rank(&lower)
        } {
            split += 1;
        }
        (split > 0 && split < words.len()).then(|| (words[..split].join(" "), words[split..].join(" ")))
    }

    fn expand_role(&self, role: &str) -> String {
        let lower = role.to_lowercase();
        let mut words = lower.splitn(2, ' ');
        let first = words.next().unwrap_or("");
        match self.words.abbreviation(first) {
            Some(expansion) => [expansion, words.next().unwrap_or("")].join(" ").trim().to_owned(),
            None => role.to_owned(),
        }
    }

    /// The fullest form of `name` in the article, with the role given at that mention.
    fn fullest(&self, name: &str) -> Speaker {
        if let Some(speaker) = self.fullest_by_name.borrow().get(name) {
            return speaker.clone();
        }
        let speaker = self.find_fullest(name);
        self.fullest_by_name
            .borrow_mut()
            .insert(name.to_owned(), speaker.clone());
        speaker
    }

    fn find_fullest(&self, name: &str) -> Speaker {
        let best = self
            .occurrences(name)
            .iter()
            .map(|mention| self.widen(*mention))
            .max_by_key(|mention| (self.word_count(*mention), std::cmp::Reverse(mention.sentence)));
        match best {
            Some(mention) => Speaker {
                name: self.text(mention.sentence, mention.start, mention.end),
                role: self.role_at(mention),
            },
            None => Speaker {
                name: name.to_owned(),
                role: None,
            },
        }
    }

    /// A mention grown to the whole name around it: right over name words, initials and
    /// hyphenated parts; left (two words at most) only for a single word that nothing
    /// followed (a family name: `Idzes` → `Jay Idzes`).
    fn widen(&self, mention: Mention) -> Mention {
        let end = self.extend_right(mention.sentence, mention.end);
        let mut start = mention.start;
        if end == mention.end && self.word_count(mention) == 1 {
            let tokens = &self.tokens[mention.sentence];
            let mut words_added = 0;
            while start > 0 && words_added < 2 {
                let previous = &tokens[start - 1];
                let hyphen_joined = start >= 2
                    && previous.is_punct('-')
                    && !previous.space_before
                    && !tokens[start].space_before
                    && tokens[start - 2].kind == TokenKind::Word;
                if hyphen_joined {
                    start -= 2;
                } else if self.is_name_word(previous) && !self.words.is_role_head(&previous.lower) {
                    start -= 1;
                    words_added += 1;
                } else {
                    break;
                }
            }
        }
        Mention { start, end, ..mention }
    }

    fn extend_right(&self, sentence: usize, mut end: usize) -> usize {
        let tokens = &self.tokens[sentence];
        loop {
            let Some(next) = tokens.get(end) else { return end };
            let joined_word = tokens
                .get(end + 1)
                .is_some_and(|word| word.kind == TokenKind::Word && !word.space_before);
            let name_word = self.is_name_word(next) && next.space_before;
            let initial_stop = next.is_punct('.')
                && !next.space_before
                && end > 0
                && tokens[end - 1].text.chars().count() <= 2
                && tokens.get(end + 1).is_some_and(|word| self.is_name_word(word));
            if name_word || initial_stop {
                end += 1;
            } else if next.is_punct('-') && !next.space_before && joined_word {
                end += 2;
            } else if SHARED.name_particles.contains(&next.lower)
                && tokens.get(end + 1).is_some_and(|word| self.is_name_word(word))
            {
                end += 1;
            } else {
                return end;
            }
        }
    }

    /// A capitalised word that can be part of a person's name.
    fn is_name_word(&self, token: &Token) -> bool {
        token.is_capitalised()
            && !is_acronym(&token.text)
            && !self.words.is_not_name(&token.lower)
            && !super::attribution::is_rank(&token.lower)
            && !self.profile.say_after.contains(&token.lower.as_ref())
            && !self.profile.pronouns.contains(&token.lower.as_ref())
            && !self.profile.according_to.contains(&token.lower.as_ref())
            && !self.profile.say_before.contains(&token.lower.as_ref())
            && !self.profile.complementisers.contains(&token.lower.as_ref())
    }

    /// The role or title given with the name at `mention`: a role phrase right before it
    /// (`Kepala BMKG Dwikorita`, `Ekonom Indef, Esther`), else an apposition after it
    /// (`Dedi (39), warga Desa Cibeureum`).
    fn role_at(&self, mention: Mention) -> Option<String> {
        let tokens = &self.tokens[mention.sentence];
        let window_start = mention.start.saturating_sub(16);
        let mut head = None;
        let mut lower_case_run = 0;
        for index in (window_start..mention.start).rev() {
            let token = &tokens[index];
            let after_rank = index > 0 && super::attribution::is_rank(&tokens[index - 1].lower);
            if token.kind == TokenKind::Punct
                && matches!(token.first_char(), '.' | ';' | '“' | '”' | '"' | ':')
                && !after_rank
            {
                break;
            }
            if token.kind == TokenKind::Word && self.words.is_role_head(&token.lower) {
                head = Some(index);
                lower_case_run = 0;
            } else if token.kind == TokenKind::Word
                && !token.is_capitalised()
                && !ROLE_CONNECTORS.contains(&token.lower.as_ref())
            {
                // A role's own lower-case words (`Jaksa penuntut umum KPK`), three at most.
                lower_case_run += 1;
                if lower_case_run > 3 {
                    break;
                }
            }
        }
        let mut role_end = mention.start;
        while role_end > 0 && {
            let token = &tokens[role_end - 1];
            token.is_punct(',') || super::attribution::is_rank(&token.lower) || token.is_punct('.')
        } {
            role_end -= 1;
        }
        if let Some(head) = head.filter(|&head| head < role_end) {
            let role = self.text(mention.sentence, head, role_end);
            // `tersangka, berinisial AS`: a lower-case lead-in after the role's last comma is not role.
            return Some(match role.rsplit_once(',') {
                Some((kept, lead_in)) if !lead_in.chars().any(char::is_uppercase) => kept.to_owned(),
                _ => role,
            });
        }
        self.apposition_after(mention)
    }

    /// `Dedi (39), warga Desa Cibeureum,` → `warga Desa Cibeureum`.
    fn apposition_after(&self, mention: Mention) -> Option<String> {
        let tokens = &self.tokens[mention.sentence];
        let mut index = mention.end;
        if tokens.get(index).is_some_and(|token| token.is_punct('('))
            && tokens
                .get(index + 1)
                .is_some_and(|token| token.kind == TokenKind::Number)
            && tokens.get(index + 2).is_some_and(|token| token.is_punct(')'))
        {
            index += 3;
        }
        if !tokens.get(index).is_some_and(|token| token.is_punct(',')) {
            return None;
        }
        let head = index + 1;
        if !tokens
            .get(head)
            .is_some_and(|token| self.words.is_role_head(&token.lower))
        {
            return None;
        }
        let end = (head..tokens.len())
            .find(|&index| tokens[index].kind == TokenKind::Punct)
            .unwrap_or(tokens.len());
        Some(self.text(mention.sentence, head, end))
    }

    /// A person newly named after the previous quotation and before this one: a name with an
    /// age (`Siti Aminah (52)`) or in apposition to a role (`Jaksa KPK, Yuliana Pasaribu,`),
    /// the last one if several.
    fn person_named_between(&self, previous_end: Option<usize>, open: (usize, usize)) -> Option<Speaker> {
        let first = previous_end.map_or(0, |end| end + 1);
        (first..=open.0).rev().find_map(|sentence| {
            let tokens = self.tokens.get(sentence)?;
            let limit = if sentence == open.0 {
                tokens
                    .iter()
                    .position(|token| token.start >= open.1)
                    .unwrap_or(tokens.len())
            } else {
                tokens.len()
            };
            (0..limit)
                .rev()
                .find_map(|end| self.introduced_name_ending_at(sentence, end + 1))
        })
    }

    /// The name whose run of name words ends before token `end`, if the article introduces a
    /// person there (an age after it, or a role phrase and a comma before it).
    fn introduced_name_ending_at(&self, sentence: usize, end: usize) -> Option<Speaker> {
        let tokens = &self.tokens[sentence];
        if !self.is_name_word(&tokens[end - 1]) || tokens.get(end).is_some_and(|token| self.is_name_word(token)) {
            return None;
        }
        let mut start = end - 1;
        while start > 0 && self.is_name_word(&tokens[start - 1]) && tokens[start].space_before {
            start -= 1;
        }
        let mention = Mention { sentence, start, end };
        let aged = tokens.get(end).is_some_and(|token| token.is_punct('('))
            && tokens.get(end + 1).is_some_and(|token| token.kind == TokenKind::Number);
        // `…, H. Ahmad Zainuddin,`: ranks and honorifics between the comma and the name.
        let mut before_name = start;
        while before_name > 0
            && (super::attribution::is_rank(&tokens[before_name - 1].lower) || tokens[before_name - 1].is_punct('.'))
        {
            before_name -= 1;
        }
        let appositive = before_name > 0
            && tokens[before_name - 1].is_punct(',')
            && tokens.get(end).is_some_and(|token| token.is_punct(','))
            && self.word_count(mention) >= 2
            && self.role_at(mention).is_some();
        (aged || appositive).then(|| self.fullest(&self.text(sentence, start, end)))
    }

    fn text(&self, sentence: usize, start: usize, end: usize) -> String {
        let tokens = &self.tokens[sentence];
        self.sentences[sentence][tokens[start].start..tokens[end - 1].end]
            .iter()
            .collect()
    }

    fn word_count(&self, mention: Mention) -> usize {
        self.tokens[mention.sentence][mention.start..mention.end]
            .iter()
            .filter(|token| token.kind == TokenKind::Word)
            .count()
    }
}

/// Lower-case words that may sit inside a role phrase (`Duta Besar RI untuk Sudan`).
const ROLE_CONNECTORS: &[&str] = &["dari", "untuk", "dan", "bidang", "di", "of", "for", "and"];

/// All capitals, two letters or more (`BNPB`, `KPU`): an institution, not a name.
fn is_acronym(word: &str) -> bool {
    word.chars().filter(|character| character.is_alphabetic()).count() >= 2
        && word.chars().all(|character| !character.is_lowercase())
}

/// Byte range of the first occurrence of `needle` in `haystack` as whole words.
fn find_words(haystack: &str, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(offset) = haystack[from..].find(needle) {
        let start = from + offset;
        let end = start + needle.len();
        let before_ok = !haystack[..start].chars().next_back().is_some_and(char::is_alphanumeric);
        let after_ok = !haystack[end..].chars().next().is_some_and(char::is_alphanumeric);
        if before_ok && after_ok {
            return Some((start, end));
        }
        from = start + haystack[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}
