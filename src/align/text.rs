//! Character-indexed tokens over one sentence.
//!
//! Every span in `align` is `[start, end)` in Unicode scalar values, as the
//! contract asks: the tokenizer walks the text's characters and counts them
//! as it goes (byte offsets only slice the text, never leave this module).
//! Hand-written because the rules (digits joined by `.`/`,`/`:` only when a
//! digit follows, apostrophes only between letters) are specific to numbers
//! and quotes and a general word segmenter would split them differently.
//!
//! Tokens from [`tokenize_borrowed`] borrow their text from the sentence
//! where they can, so most allocate nothing: every sentence of every
//! document is tokenized.

use std::borrow::Cow;
use std::ops::Range;

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
    /// First character index.
    start: usize,
    /// One past the last character index.
    end: usize,
    /// The token's bytes in the text.
    bytes: Range<usize>,
    space_before: bool,
}

/// The character starting at byte `at` of `text` (a character boundary), if any.
fn char_at(text: &str, at: usize) -> Option<char> {
    match *text.as_bytes().get(at)? {
        // Most characters of news text are ASCII: no decoding.
        byte if byte.is_ascii() => Some(char::from(byte)),
        _ => text[at..].chars().next(),
    }
}

/// A walk over a text's characters that knows both the byte and the character offset, so spans
/// come out in characters (the contract) without the text collected into a `Vec<char>` first.
struct Cursor<'a> {
    text: &'a str,
    byte: usize,
    char_index: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        char_at(self.text, self.byte)
    }

    /// The character after the one at the cursor.
    fn peek_second(&self) -> Option<char> {
        let first = self.peek()?;
        char_at(self.text, self.byte + first.len_utf8())
    }

    /// Moves past `count` characters, the first of which is `first` (the others are read here).
    fn advance(&mut self, first: char, count: usize) {
        self.byte += first.len_utf8();
        for _ in 1..count {
            self.byte += self.peek().map_or(0, char::len_utf8);
        }
        self.char_index += count;
    }

    /// Moves past the characters of a token body: characters for which `inside` holds, and a
    /// `joiner` with such a character right after it.
    fn take_while_joined(&mut self, inside: impl Fn(char) -> bool, joiner: impl Fn(char) -> bool) {
        while let Some(next) = self.peek() {
            if inside(next) {
                self.advance(next, 1);
            } else if joiner(next) && self.peek_second().is_some_and(&inside) {
                self.advance(next, 2);
            } else {
                break;
            }
        }
    }
}

fn is_number_joiner(c: char) -> bool {
    matches!(c, '.' | ',' | ':')
}

/// The tokens' spans over a sentence; whitespace is dropped.
fn spans(text: &str) -> Vec<Span> {
    if text.is_ascii() {
        return ascii_spans(text.as_bytes());
    }
    unicode_spans(text)
}

/// [`spans`] of an ASCII text (most sentences of news text), where a byte is a character: the
/// same rules on bytes, without decoding or counting characters apart from bytes.
fn ascii_spans(bytes: &[u8]) -> Vec<Span> {
    let mut spans = Vec::with_capacity(bytes.len() / 4 + 1);
    let is_at = |at: usize, class: fn(&u8) -> bool| bytes.get(at).is_some_and(class);
    let mut at = 0;
    let mut space_before = true;
    while let Some(&first) = bytes.get(at) {
        let start = at;
        at += 1;
        // `char::is_whitespace` on ASCII: `u8::is_ascii_whitespace` and the vertical tab.
        let kind = if first.is_ascii_whitespace() || first == 0x0b {
            space_before = true;
            continue;
        } else if first.is_ascii_digit() {
            loop {
                while is_at(at, u8::is_ascii_digit) {
                    at += 1;
                }
                if !(is_at(at, |&byte| is_number_joiner(char::from(byte))) && is_at(at + 1, u8::is_ascii_digit)) {
                    break;
                }
                at += 2;
            }
            TokenKind::Number
        } else if first.is_ascii_alphabetic() {
            loop {
                while is_at(at, u8::is_ascii_alphabetic) {
                    at += 1;
                }
                if !(is_at(at, |&byte| byte == b'\'') && is_at(at + 1, u8::is_ascii_alphabetic)) {
                    break;
                }
                at += 2;
            }
            TokenKind::Word
        } else {
            TokenKind::Punct
        };
        spans.push(Span {
            kind,
            start,
            end: at,
            bytes: start..at,
            space_before,
        });
        space_before = false;
    }
    spans
}

/// [`spans`] of any text.
fn unicode_spans(text: &str) -> Vec<Span> {
    // About one token per five characters in news text: sized once instead of grown.
    let mut spans = Vec::with_capacity(text.len() / 4 + 1);
    let mut cursor = Cursor {
        text,
        byte: 0,
        char_index: 0,
    };
    let mut space_before = true;
    while let Some(c) = cursor.peek() {
        let (start, byte_start) = (cursor.char_index, cursor.byte);
        cursor.advance(c, 1);
        if c.is_whitespace() {
            space_before = true;
            continue;
        }
        let kind = if is_digit(c) {
            cursor.take_while_joined(is_digit, is_number_joiner);
            TokenKind::Number
        } else if is_letter(c) {
            cursor.take_while_joined(is_letter, is_apostrophe);
            TokenKind::Word
        } else {
            TokenKind::Punct
        };
        spans.push(Span {
            kind,
            start,
            end: cursor.char_index,
            bytes: byte_start..cursor.byte,
            space_before,
        });
        space_before = false;
    }
    spans
}

/// A token's text as written, digits of other scripts in ASCII.
fn owned_text(written: &str, kind: TokenKind) -> String {
    if kind != TokenKind::Number {
        return written.to_string();
    }
    written
        .chars()
        .map(|character| ascii_digit(character).unwrap_or(character))
        .collect()
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
    let text: String = chars.iter().collect();
    spans(&text)
        .iter()
        .map(|span| token(span, Cow::Owned(owned_text(&text[span.bytes.clone()], span.kind))))
        .collect()
}

/// The tokens of [`tokenize`], borrowing their text from `text` where they can.
pub fn tokenize_borrowed(text: &str) -> Vec<Token<'_>> {
    borrowed_texts(text)
        .map(|(span, token_text)| token(&span, token_text))
        .collect()
}

/// The kind and text of each token of [`tokenize_borrowed`], without the lower
/// case, which costs an allocation per capitalised word: for readers of the
/// written text alone.
pub fn token_texts(text: &str) -> impl Iterator<Item = (TokenKind, Cow<'_, str>)> {
    borrowed_texts(text).map(|(span, token_text)| (span.kind, token_text))
}

/// Each token's span with its text, borrowed from `text` where it can be.
fn borrowed_texts(text: &str) -> impl Iterator<Item = (Span, Cow<'_, str>)> {
    spans(text).into_iter().map(move |span| {
        let written = &text[span.bytes.clone()];
        // Digits of other scripts are read as ASCII: such a number owns its text.
        let token_text = if span.kind == TokenKind::Number && !written.is_ascii() {
            Cow::Owned(owned_text(written, span.kind))
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
            texts_and_lower_cases(tokenize_borrowed(text)),
            texts_and_lower_cases(tokenize(&chars)),
            "borrowed tokens of {text:?}"
        );
    }

    /// Everything a span says, comparable.
    fn spans_of(spans: Vec<Span>) -> Vec<(TokenKind, usize, usize, Range<usize>, bool)> {
        spans
            .into_iter()
            .map(|span| (span.kind, span.start, span.end, span.bytes, span.space_before))
            .collect()
    }

    #[test]
    fn ascii_text_is_split_as_any_text() {
        for text in [
            "Rp1.234.567,89. pukul 10:30, ke-2 Ma'ruf '90 x''y 'a' 1.,2 3:4: 5.5.5 a1b2",
            " \t\r\n\x0b\x0c\x1cZ 12. .5 , ' abc' \"Kata,\" katanya.",
            "",
        ] {
            assert_eq!(
                spans_of(ascii_spans(text.as_bytes())),
                spans_of(unicode_spans(text)),
                "spans of {text:?}"
            );
        }
    }

    proptest::proptest! {
        /// The byte walk for ASCII sentences and the character walk for any
        /// other write the same rules twice; they must cut alike.
        #[test]
        fn the_ascii_walk_cuts_every_ascii_text_as_the_character_walk_does(
            text in "[a-zA-Z0-9 \t\r\n\x0b\x0c\x1c'\".,:;()%-]{0,80}",
        ) {
            proptest::prop_assert_eq!(spans_of(ascii_spans(text.as_bytes())), spans_of(unicode_spans(&text)));
        }

        /// Character spans are counted while the walk goes over bytes: each
        /// token's span must hold its text, in any script.
        #[test]
        fn every_token_span_holds_the_token_text(
            text in "[a-zA-Zéü0-9 '’\".,:“”—１２\u{0660}-\u{0669}ñ東京-]{0,60}",
        ) {
            let chars: Vec<char> = text.chars().collect();
            for token in tokenize_borrowed(&text) {
                let written: String = chars[token.start..token.end].iter().collect();
                if token.kind == TokenKind::Number {
                    // Digits of other scripts are given in ASCII; the span still covers as many characters.
                    proptest::prop_assert_eq!(written.chars().count(), token.text.chars().count());
                } else {
                    proptest::prop_assert_eq!(&written, &token.text);
                }
            }
        }
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
