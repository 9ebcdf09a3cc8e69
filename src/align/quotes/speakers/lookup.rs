//! How the speaker pass finds names in an article: each sentence as text, an index of the
//! sentences holding each token for long articles, and every name's mentions looked up once.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use super::{Article, Mention, find_words};
use crate::align::text::{Token, tokenize};

/// The sentences holding each token text, in order. foldhash: the index hashes every token
/// of a long article, and SipHash's resistance to chosen keys buys nothing here. Sentence
/// numbers as `u32`: half the memory of a long article's index.
pub(super) type TokenIndex<'a> = HashMap<&'a str, Vec<u32>, foldhash::fast::RandomState>;

/// A sentence's number in the token index. A worker's article is bounded by the message size
/// limit; an `align --jsonl` document of 4 billion sentences would need hundreds of gigabytes
/// of memory first. Past `u32::MAX` the number saturates (never a panic).
fn sentence_number(sentence: usize) -> u32 {
    u32::try_from(sentence).unwrap_or(u32::MAX)
}

/// From this many sentences on, names are looked up through an index of the article's tokens.
const INDEX_FROM_SENTENCES: usize = 200;

impl<'a> Article<'a> {
    pub(super) fn texts(&self) -> &[&str] {
        self.texts
    }

    pub(super) fn lower_texts(&self) -> &[String] {
        self.lower_texts
            .get_or_init(|| self.texts().iter().map(|text| text.to_lowercase()).collect())
    }

    /// The sentences holding a token whose text is `token_text`, in order. A news-sized
    /// article is looked up about once, so reading its tokens costs less than building the
    /// index; a long one builds the index, so that many look-ups stay linear.
    fn sentences_holding(&self, token_text: &str) -> Cow<'_, [u32]> {
        if self.tokens.len() < INDEX_FROM_SENTENCES {
            let holding = self
                .tokens
                .iter()
                .enumerate()
                .filter(|(_, tokens)| tokens.iter().any(|token| token.text == token_text))
                .map(|(sentence, _)| sentence_number(sentence))
                .collect();
            return Cow::Owned(holding);
        }
        self.sentences_by_token()
            .get(token_text)
            .map_or(Cow::Borrowed(&[]), |sentences| Cow::Borrowed(sentences.as_slice()))
    }

    fn sentences_by_token(&self) -> &TokenIndex<'a> {
        self.sentences_by_token.get_or_init(|| {
            // Keyed by the tokens' own text: the article's tokens outlive the index. Not sized
            // by the token count: distinct texts are far fewer (a 1 MiB article's index was
            // 10.75 MB sized so).
            let tokens: &'a [Vec<Token<'a>>] = self.tokens;
            let mut index = TokenIndex::default();
            for (sentence, tokens) in tokens.iter().enumerate() {
                let sentence = sentence_number(sentence);
                for token in tokens {
                    let sentences = index.entry(token.text.as_ref()).or_default();
                    if sentences.last() != Some(&sentence) {
                        sentences.push(sentence);
                    }
                }
            }
            index
        })
    }

    /// Every mention of `name` as whole words, in document order.
    pub(super) fn occurrences(&self, name: &str) -> Rc<[Mention]> {
        if let Some(mentions) = self.occurrences_by_name.borrow().get(name) {
            return Rc::clone(mentions);
        }
        let mentions: Rc<[Mention]> = self.find_occurrences(name).into();
        self.occurrences_by_name
            .borrow_mut()
            .insert(name.to_owned(), Rc::clone(&mentions));
        mentions
    }

    fn find_occurrences(&self, name: &str) -> Vec<Mention> {
        let mut mentions = Vec::new();
        // A mention starts and ends on token boundaries, so its first token reads as the
        // name's own first token: only the sentences holding that token can have one.
        let name_chars: Vec<char> = name.chars().collect();
        let Some(first_token) = tokenize(&name_chars).into_iter().next() else {
            return mentions;
        };
        for sentence in self
            .sentences_holding(first_token.text.as_ref())
            .iter()
            .map(|&sentence| sentence as usize)
        {
            let text = &self.texts()[sentence];
            let mut from = 0;
            while let Some((start_byte, end_byte)) = find_words(&text[from..], name) {
                let (start_byte, end_byte) = (from + start_byte, from + end_byte);
                let start_char = text[..start_byte].chars().count();
                let end_char = start_char + text[start_byte..end_byte].chars().count();
                let tokens = &self.tokens[sentence];
                let start = tokens.iter().position(|token| token.start == start_char);
                let end = tokens.iter().position(|token| token.end == end_char);
                if let Some((start, end)) = start.zip(end) {
                    mentions.push(Mention {
                        sentence,
                        start,
                        end: end + 1,
                    });
                }
                from = end_byte;
            }
        }
        mentions
    }
}
