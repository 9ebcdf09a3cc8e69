//! Number words: a small grammar per language family.
//!
//! Written by hand: `text2num` has no Indonesian or Malay, and the grammar
//! is tiny (`se-`, `belas`, `puluh`, `ratus`, `ribu`, `juta`, `miliar`,
//! `triliun`, `koma`; English `-teen`, `-ty`, `hundred`, `point`).

use rust_decimal::Decimal;

use crate::align::lexicon::WordGrammar;
use crate::align::text::{Token, TokenKind};

mod data;
mod english;
mod malay;

pub use english::of_a_percent;
use english::{english_first_words, may_start_english, read_english};
use malay::{malay_first_words, may_start_malay, read_malay};

/// A number read from words.
#[derive(Debug, Clone, PartialEq)]
pub struct WordNumber {
    /// Its value (fractions already applied: `setengah juta` = 500000).
    pub value: Decimal,
    /// A bare fraction (`sepertiga`), as numerator and denominator.
    pub ratio: Option<(u32, u32)>,
    /// Tokens consumed.
    pub len: usize,
    /// An ordinal (`ketiga`, `third`).
    pub ordinal: bool,
    /// The reading is weak (`satu`, `one`, `second`, `kedua`).
    pub weak: bool,
}

/// Whether a number word at `tokens[i]` is, in its context, no number at all
/// (`pedagang kaki lima`, `lahan kosong`).
pub fn not_a_number_here(tokens: &[Token], i: usize, grammar: WordGrammar) -> bool {
    match grammar {
        WordGrammar::Malay => malay::not_a_number_here(tokens, i),
        WordGrammar::English | WordGrammar::None => false,
    }
}

/// Whether `word` (lower case), capitalised before a number word, makes it a place name (`Pulau Seribu`).
pub fn heads_a_name(word: &str) -> bool {
    data::WORDS.malay.name_heads.iter().any(|head| head == word)
}

/// Whether `word` joins an ordinal day to its month (`of`).
pub fn joins_day_to_month(word: &str) -> bool {
    data::WORDS.english.day_of_month == word
}

/// Whether `word` announces a bare day of the month (`tanggal`).
pub fn announces_a_day(word: &str) -> bool {
    data::WORDS.malay.day_words.iter().any(|entry| entry == word)
}

/// Every word [`announces_a_day`] says yes to.
pub fn day_announcing_words() -> Vec<String> {
    data::WORDS.malay.day_words.clone()
}

/// Whether a band phrase is too loose to stand alone as a number (`scores`).
pub fn weak_band(phrase: &str) -> bool {
    data::WORDS.english.weak_bands.iter().any(|band| band == phrase)
}

/// The minutes after midnight of a day part that is a time only sometimes (`siang`).
pub fn weak_clock_word(word: &str, grammar: WordGrammar) -> Option<u32> {
    match grammar {
        WordGrammar::Malay => data::value_of(&data::WORDS.malay.weak_clock_words, word).map(|minutes| minutes as u32),
        WordGrammar::English | WordGrammar::None => None,
    }
}

/// Every word [`weak_clock_word`] reads in `grammar`.
pub fn weak_clock_words(grammar: WordGrammar) -> Vec<String> {
    match grammar {
        WordGrammar::Malay => data::WORDS
            .malay
            .weak_clock_words
            .iter()
            .map(|(word, _)| word.clone())
            .collect(),
        WordGrammar::English | WordGrammar::None => Vec::new(),
    }
}

/// The unit code of a unit of measure written after a figure (`km`, `miles` → `mi`).
pub fn measure(word: &str) -> Option<&'static str> {
    let words: &'static data::NumberWords = &data::WORDS;
    words
        .measures
        .units
        .iter()
        .find(|[written, _]| written == word)
        .map(|[_, code]| code.as_str())
}

/// Whether `word` sits between a month and its ordinal day (`March the third`).
pub fn between_month_and_day(word: &str) -> bool {
    data::WORDS.english.month_day_article == word
}

pub(super) fn pow10(p: u32) -> i64 {
    10i64.pow(p)
}

/// Accumulates a cardinal the usual way: `small` below a thousand, `total` above.
#[derive(Default)]
pub(super) struct Acc {
    pub(super) total: i64,
    pub(super) small: i64,
    pub(super) last: i64,
    pub(super) any: bool,
}

impl Acc {
    pub(super) fn unit(&mut self, u: i64) {
        self.small += u;
        self.last = u;
        self.any = true;
    }
    pub(super) fn multiply_last(&mut self, by: i64) {
        let last = if self.any && self.last > 0 { self.last } else { 1 };
        self.small = self.small - if self.any { self.last } else { 0 } + last * by;
        self.last = 0;
        self.any = true;
    }
    pub(super) fn scale(&mut self, power: u32) {
        let s = pow10(power);
        let chunk = if self.small == 0 { 1 } else { self.small };
        if self.total > 0 && self.total < s {
            self.total = (self.total + chunk).saturating_mul(s);
        } else {
            self.total = self.total.saturating_add(chunk.saturating_mul(s));
        }
        self.small = 0;
        self.last = 0;
        self.any = true;
    }
    pub(super) fn value(&self) -> i64 {
        self.total.saturating_add(self.small)
    }

    /// The cardinal read so far, spanning `len` tokens, with the digits
    /// read after `koma`/`point` as its decimals.
    pub(super) fn cardinal(&self, decimals: Option<String>, len: usize, weak: bool) -> WordNumber {
        let mut value = Decimal::from(self.value());
        if let Some(digits) = decimals.filter(|digits| !digits.is_empty()) {
            value = format!("{}.{}", self.value(), digits).parse().unwrap_or(value);
        }
        WordNumber {
            value,
            ratio: None,
            len,
            ordinal: false,
            weak,
        }
    }
}

/// Reads a number written in words starting at `tokens[i]`, if any.
pub fn read(tokens: &[Token], i: usize, grammar: WordGrammar) -> Option<WordNumber> {
    if !may_start_number(tokens, i, grammar) {
        return None;
    }
    match grammar {
        WordGrammar::Malay => read_malay(tokens, i),
        WordGrammar::English => read_english(tokens, i),
        WordGrammar::None => None,
    }
}

/// A cheap test that [`read`] may find a number at `tokens[i]`: false only
/// where it certainly finds none.
pub fn may_start_number(tokens: &[Token], i: usize, grammar: WordGrammar) -> bool {
    match grammar {
        WordGrammar::English => word(tokens, i).is_some_and(may_start_english),
        WordGrammar::Malay => word(tokens, i).is_some_and(may_start_malay),
        WordGrammar::None => false,
    }
}

/// Every word on which [`may_start_number`] is true, for tables built once per
/// language that ask it of many words at a time.
pub fn number_first_words(grammar: WordGrammar) -> Vec<String> {
    match grammar {
        WordGrammar::English => english_first_words(),
        WordGrammar::Malay => malay_first_words(),
        WordGrammar::None => Vec::new(),
    }
}

pub(super) fn word<'a>(tokens: &'a [Token], i: usize) -> Option<&'a str> {
    tokens
        .get(i)
        .filter(|token| token.kind == TokenKind::Word)
        .map(|token| token.lower.as_ref())
}

#[cfg(test)]
mod tests {
    use super::{may_start_number, number_first_words};
    use crate::align::lexicon::WordGrammar;
    use crate::align::text::tokenize;

    fn may_start(word: &str, grammar: WordGrammar) -> bool {
        let chars: Vec<char> = word.chars().collect();
        may_start_number(&tokenize(&chars), 0, grammar)
    }

    #[test]
    fn the_first_words_are_exactly_those_a_number_may_start_with() {
        for grammar in [WordGrammar::English, WordGrammar::Malay, WordGrammar::None] {
            let listed = number_first_words(grammar);
            for word in &listed {
                assert!(may_start(word, grammar), "{word} is listed for {grammar:?}");
            }
            let others = [
                "the",
                "police",
                "mengatakan",
                "ke",
                "kenya",
                "nya",
                "dan",
                "and",
                "hundreds",
                "tigaan",
            ];
            for word in others
                .into_iter()
                .filter(|word| !listed.iter().any(|listed| listed == word))
            {
                assert!(!may_start(word, grammar), "{word} is not listed for {grammar:?}");
            }
        }
        assert!(
            number_first_words(WordGrammar::Malay)
                .iter()
                .any(|word| word == "ketiganya")
        );
    }
}
