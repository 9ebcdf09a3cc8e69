//! Character-indexed tokens over one sentence.
//!
//! Every span in `align` is `[start, end)` in Unicode scalar values, as the
//! contract asks, so the tokenizer works on a `Vec<char>` and never on bytes.
//! Hand-written because the rules (digits joined by `.`/`,`/`:` only when a
//! digit follows, apostrophes only between letters) are specific to numbers
//! and quotes and a general word segmenter would split them differently.
//!
//! Tokens from [`tokenize_borrowed`] borrow their text from the sentence
//! where they can, so most allocate nothing: every sentence of every
//! document is tokenized.

use std::borrow::Cow;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Digits, possibly joined by single `.`, `,` or `:` between digits.
    Number,
    /// Letters, possibly joined by an apostrophe between letters.
    Word,
    /// Any other single non-space character.
    Punct,
}

/// One token of a sentence; its text is borrowed from the sentence where it can be.
#[derive(Debug, Clone)]
pub struct Token<'a> {
    /// What the token is made of.
    pub kind: TokenKind,
    /// First character index.
    pub start: usize,
    /// One past the last character index.
    pub end: usize,
    /// The token's text as written (digits of other scripts in ASCII).
    pub text: Cow<'a, str>,
    /// The token's text in lower case (for lexicon look-ups).
    pub lower: Cow<'a, str>,
    /// Whether whitespace (or the sentence start) precedes the token.
    pub space_before: bool,
}

impl Token<'_> {
    /// The first character of the token.
    pub fn first_char(&self) -> char {
        self.text.chars().next().unwrap_or(' ')
    }

    /// Whether the token is the given punctuation character.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokenKind::Punct && self.first_char() == c
    }

    /// Whether the token is a word starting with an upper-case letter.
    pub fn is_capitalised(&self) -> bool {
        self.kind == TokenKind::Word && self.first_char().is_uppercase()
    }
}

/// Maps decimal digits of other scripts (full-width, Arabic-Indic, …) to ASCII.
pub fn ascii_digit(c: char) -> Option<char> {
    // Most characters are ASCII, where only `0`-`9` are digits.
    if c.is_ascii() {
        return c.is_ascii_digit().then_some(c);
    }
    c.to_digit(10).map(|d| char::from(b'0' + d as u8)).or_else(|| {
        let zero = match c as u32 {
            0xFF10..=0xFF19 => 0xFF10,
            0x0660..=0x0669 => 0x0660,
            0x06F0..=0x06F9 => 0x06F0,
            0x0966..=0x096F => 0x0966,
            _ => return None,
        };
        char::from_digit(c as u32 - zero, 10)
    })
}

fn is_digit(c: char) -> bool {
    ascii_digit(c).is_some()
}

/// Whether `c` is a letter for the tokenizer.
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    c.is_alphabetic() && !is_digit(c)
}

/// Whether `c` is an apostrophe-like mark that may sit inside a word.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Where a token lies and what it is made of, before its text is taken.
struct Span {
    kind: TokenKind,
    start: usize,
    end: usize,
    space_before: bool,
}

/// The tokens' spans over a sentence (as chars); whitespace is dropped.
fn spans(chars: &[char]) -> Vec<Span> {
    // About one token per five characters in news text: sized once instead of grown.
    let mut spans = Vec::with_capacity(chars.len() / 4 + 1);
    let mut i = 0;
    let mut space_before = true;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            space_before = true;
            i += 1;
            continue;
        }
        let start = i;
        let kind = if is_digit(c) {
            i += 1;
            while i < chars.len() {
                if is_digit(chars[i]) {
                    i += 1;
                } else if matches!(chars[i], '.' | ',' | ':') && chars.get(i + 1).is_some_and(|&n| is_digit(n)) {
                    i += 2;
                } else {
                    break;
                }
            }
            TokenKind::Number
        } else if is_letter(c) {
            i += 1;
            while i < chars.len() {
                if is_letter(chars[i]) {
                    i += 1;
                } else if is_apostrophe(chars[i]) && chars.get(i + 1).is_some_and(|&n| is_letter(n)) {
                    i += 2;
                } else {
                    break;
                }
            }
            TokenKind::Word
        } else {
            i += 1;
            TokenKind::Punct
        };
        spans.push(Span {
            kind,
            start,
            end: i,
            space_before,
        });
        space_before = false;
    }
    spans
}

/// A token's text from its characters, digits of other scripts in ASCII.
fn owned_text(chars: &[char], kind: TokenKind) -> String {
    let mut text = String::with_capacity(chars.len());
    text.extend(chars.iter().map(|&character| {
        if kind == TokenKind::Number {
            ascii_digit(character).unwrap_or(character)
        } else {
            character
        }
    }));
    text
}

/// The lower case of a token's text: the same borrowed text when it has no upper case.
fn lower_of<'a>(text: &Cow<'a, str>) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(borrowed)
            if borrowed
                .bytes()
                .all(|byte| byte.is_ascii() && !byte.is_ascii_uppercase()) =>
        {
            Cow::Borrowed(borrowed)
        }
        // For ASCII the full Unicode mapping is the ASCII one.
        _ if text.is_ascii() => Cow::Owned(text.to_ascii_lowercase()),
        _ => Cow::Owned(text.to_lowercase()),
    }
}

fn token<'a>(span: &Span, text: Cow<'a, str>) -> Token<'a> {
    Token {
        kind: span.kind,
        start: span.start,
        end: span.end,
        lower: lower_of(&text),
        text,
        space_before: span.space_before,
    }
}

/// Splits a sentence (as chars) into tokens that own their text; whitespace is dropped.
pub fn tokenize(chars: &[char]) -> Vec<Token<'static>> {
    spans(chars)
        .iter()
        .map(|span| token(span, Cow::Owned(owned_text(&chars[span.start..span.end], span.kind))))
        .collect()
}

/// The tokens of [`tokenize`], borrowing their text from `text` where they
/// can; `chars` must be `text.chars()`.
pub fn tokenize_borrowed<'a>(text: &'a str, chars: &[char]) -> Vec<Token<'a>> {
    borrowed_texts(text, chars)
        .map(|(span, token_text)| token(&span, token_text))
        .collect()
}

/// The kind and text of each token of [`tokenize_borrowed`], without the lower
/// case, which costs an allocation per capitalised word: for readers of the
/// written text alone. `chars` must be `text.chars()`.
pub fn token_texts<'a>(text: &'a str, chars: &[char]) -> impl Iterator<Item = (TokenKind, Cow<'a, str>)> {
    borrowed_texts(text, chars).map(|(span, token_text)| (span.kind, token_text))
}

/// Each token's span with its text, borrowed from `text` where it can be.
fn borrowed_texts<'a>(text: &'a str, chars: &[char]) -> impl Iterator<Item = (Span, Cow<'a, str>)> {
    let (mut byte, mut char_index) = (0, 0);
    spans(chars).into_iter().map(move |span| {
        let mut byte_at = |char_wanted: usize| {
            while char_index < char_wanted {
                byte += chars[char_index].len_utf8();
                char_index += 1;
            }
            byte
        };
        let written = &text[byte_at(span.start)..byte_at(span.end)];
        // Digits of other scripts are read as ASCII: such a number owns its text.
        let token_text = if span.kind == TokenKind::Number && !written.is_ascii() {
            Cow::Owned(owned_text(&chars[span.start..span.end], span.kind))
        } else {
            Cow::Borrowed(written)
        };
        (span, token_text)
    })
}

/// The text of `chars[start..end]`, clamped to the slice.
pub fn slice(chars: &[char], start: usize, end: usize) -> String {
    let end = end.min(chars.len());
    let start = start.min(end);
    chars[start..end].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let chars: Vec<char> = text.chars().collect();
        let got: Vec<String> = tokenize(&chars)
            .into_iter()
            .map(|token| token.text.into_owned())
            .collect();
        assert_eq!(got, expected, "tokenizing {text:?}");
        let texts_and_lower_cases = |tokens: Vec<Token>| -> Vec<(String, String)> {
            tokens
                .into_iter()
                .map(|token| (token.text.into_owned(), token.lower.into_owned()))
                .collect()
        };
        assert_eq!(
            texts_and_lower_cases(tokenize_borrowed(text, &chars)),
            texts_and_lower_cases(tokenize(&chars)),
            "borrowed tokens of {text:?}"
        );
    }

    #[test]
    fn numbers_keep_inner_separators_only_between_digits() {
        check("Rp1.234.567,89.", &["Rp", "1.234.567,89", "."]);
        check("pukul 10:30, ke-2", &["pukul", "10:30", ",", "ke", "-", "2"]);
        check("Ma'ruf Don’t '90", &["Ma'ruf", "Don’t", "'", "90"]);
        check("１２.０００", &["12.000"]);
        check("Ibu Kota ÉTAT ǅemal ٣٤", &["Ibu", "Kota", "ÉTAT", "ǅemal", "34"]);
    }
}
