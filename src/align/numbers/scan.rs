//! The token scanner: finds mentions in one sentence, left to right.
//!
//! Each position tries the patterns of the category table in a fixed order
//! (identifiers and dates before plain numbers, because their context
//! decides that `0812` or `2023` are not quantities). Patterns that look at
//! context (times, years, eras, scale letters) look at neighbouring tokens
//! only, never across sentences.

use rust_decimal::Decimal;

use super::patterns::{PatternStarts, Reading, patterns_in};
use super::value::{CoreShape, Kind, Value, format_en, read_core, scaled, written_decimals};
use super::{Leak, LeakKind, Mention, Side};
use crate::align::lexicon::{Bound, CURRENCY_PREFIXES, ID, Profile, Separators, without_possessive};
use crate::align::text::{Token, TokenKind, slice};

/// Scanner state for one sentence.
pub struct Scanner<'a> {
    pub(super) sentence: usize,
    pub(super) chars: &'a [char],
    pub(super) tokens: &'a [Token<'a>],
    pub(super) profile: &'a Profile,
    pub(super) side: Side,
    /// The tokens joining a day to the month right after them (`of` before `July`), in
    /// order: most sentences have none, which spares every word the look-ahead for them.
    pub(super) day_to_month_joins: Vec<usize>,
    /// Which patterns may start on which token, for this profile.
    starts: &'static PatternStarts,
}

/// A numeric core with its scale and readings, before kind is decided.
pub(super) struct Amount {
    /// Token index after the amount (core + scale word).
    pub(super) next: usize,
    pub(super) value: Decimal,
    pub(super) native: bool,
    pub(super) shape: CoreShape,
    pub(super) scale_power: Option<u32>,
    pub(super) leak: Option<Leak>,
}

/// A numeric core read under the language's conventions (or, failing that, the Indonesian or English ones).
struct CoreReading {
    value: Decimal,
    shape: CoreShape,
    /// False when only the Indonesian conventions could read it.
    native: bool,
}

/// A scale word after a numeric core, as this language and as Indonesian read it.
struct ScaleWord {
    /// Its power of ten in this language (a scale word, or a scale letter after a currency).
    own: Option<u32>,
    /// Its power of ten in Indonesian.
    indonesian: Option<u32>,
    /// Whether this language lists it as a scale word (not only as a currency letter).
    listed: bool,
}

impl<'a> Scanner<'a> {
    /// Prepares a scanner over one sentence and its tokens (`tokenize(chars)`).
    pub fn new(sentence: usize, chars: &'a [char], tokens: &'a [Token<'a>], profile: &'a Profile, side: Side) -> Self {
        let mut scanner = Scanner {
            sentence,
            chars,
            tokens,
            profile,
            side,
            day_to_month_joins: Vec::new(),
            starts: PatternStarts::of(profile),
        };
        scanner.day_to_month_joins = (0..tokens.len())
            .filter(|&at| super::words::joins_day_to_month(scanner.lower(at)) && scanner.month(at + 1).is_some())
            .collect();
        scanner
    }

    /// Finds every mention, in order.
    pub fn run(&self) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.tokens.len() {
            match self.at(i) {
                Some((mut mentions, next)) => {
                    if let Some(last) = mentions.last_mut() {
                        last.measure = self.measure_at(next);
                    }
                    out.append(&mut mentions);
                    i = self.skip_restatement(next.max(i + 1));
                }
                None => i += 1,
            }
        }
        out
    }

    /// The unit of measure at token `i`, right after a figure (`150 km`, `123cm`).
    fn measure_at(&self, i: usize) -> Option<&'static str> {
        let token = self.tok(i).filter(|token| token.kind == TokenKind::Word)?;
        super::words::measure(&token.lower)
    }

    pub(super) fn tok(&self, i: usize) -> Option<&Token<'a>> {
        self.tokens.get(i)
    }

    pub(super) fn lower(&self, i: usize) -> &str {
        self.tok(i).map_or("", |token| token.lower.as_ref())
    }

    pub(super) fn is_word(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|token| token.kind == TokenKind::Word)
    }

    pub(super) fn is_number(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|token| token.kind == TokenKind::Number)
    }

    pub(super) fn attached(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|token| !token.space_before)
    }

    /// Tries the patterns that may start on token `i`, in priority order; returns the mentions and the next
    /// token.
    fn at(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        for pattern in patterns_in(self.starts.candidates(self.tok(i)?)) {
            match (pattern.read)(self, i) {
                Reading::Found(mentions, next) => return Some((mentions, next)),
                Reading::Claimed => return None,
                Reading::Pass => {}
            }
        }
        None
    }

    /// Matches a currency sign or code made of up to three attached tokens before a number.
    pub(super) fn currency_prefix(&self, i: usize) -> Option<(&'static str, usize)> {
        // Every prefix is at most three characters and starts with the first token (never
        // empty): skip any other token without allocating, most of them on the first byte.
        let first = &self.tok(i)?.lower;
        if first.chars().count() > 3
            || !CURRENCY_PREFIXES.iter().any(|(prefix, _)| {
                prefix.as_bytes().first() == first.as_bytes().first() && prefix.starts_with(first.as_ref())
            })
        {
            return None;
        }
        let mut joined = String::new();
        let mut best = None;
        for k in 0..3 {
            let t = self.tok(i + k)?;
            if k > 0 && t.space_before {
                break;
            }
            if t.kind == TokenKind::Number {
                break;
            }
            joined.push_str(&t.lower);
            if let Some(&(_, code)) = CURRENCY_PREFIXES.iter().find(|(p, _)| *p == joined) {
                let next = i + k + 1;
                let word_prefix = joined.chars().next().is_some_and(char::is_alphabetic);
                // `Rp2`, `Rp 2`, `US$3`, `RM 5`; a code word needs an upper-case start (`rm` is not ringgit).
                if self.is_number(next) && (!word_prefix || self.tok(i)?.first_char().is_uppercase()) {
                    best = Some((code, next));
                }
            }
        }
        best
    }

    /// Builds a mention over tokens `[from, to)`.
    pub(super) fn mention(&self, from: usize, to: usize, kind: Kind, value: Value) -> Mention {
        let start = self.tok(from).map_or(0, |token| token.start);
        let end = self.tok(to.saturating_sub(1)).map_or(start, |token| token.end);
        Mention {
            sentence: self.sentence,
            start,
            end,
            text: slice(self.chars, start, end),
            kind,
            value,
            unit: None,
            approx: false,
            bound: None,
            confident: true,
            native: true,
            grouped: false,
            strong_year: false,
            ambiguous_date: false,
            leak: None,
            core: None,
            measure: None,
        }
    }

    /// Whether the one or two words before token `i` are a hedge.
    pub(super) fn hedged(&self, i: usize) -> Option<Bound> {
        // The longest hedge ending right before token `i` wins (`no more than` over `more than`).
        let mut best: Option<(usize, Bound)> = None;
        let previous = self.lower(i.checked_sub(1)?);
        for &(h, bound) in self.profile.hedges {
            // Only a hedge whose last piece is the word before can end there.
            if !last_piece_is(h, previous) {
                continue;
            }
            // Token pieces of the hedge: words, with `-` as its own token (`kira-kira`).
            let parts = || {
                h.split(' ')
                    .flat_map(|word| word.split('-').enumerate())
                    .flat_map(|(m, piece)| [(m > 0).then_some("-"), Some(piece)])
                    .flatten()
            };
            let len = parts().count();
            let Some(start) = i.checked_sub(len) else {
                continue;
            };
            let hit = parts()
                .enumerate()
                .all(|(offset, piece)| self.lower(start + offset) == piece);
            if hit && best.is_none_or(|(best_len, _)| len > best_len) {
                best = Some((len, bound));
            }
        }
        best.map(|(_, b)| b)
    }

    /// Reads a numeric core at `i` and an optional scale word after it.
    pub(super) fn amount(&self, i: usize, currency: bool) -> Option<Amount> {
        let core = self.tok(i)?;
        let reading = self.read_amount_core(&core.text)?;
        let mut leak = self.locale_leak(i, &reading);
        let mut next = i + 1;
        let mut scale_power = None;
        let leak_base = |leak: &Option<Leak>| {
            leak.as_ref()
                .and_then(|leak| leak.value.as_num())
                .unwrap_or(reading.value)
        };
        match self.scale_word(next, currency) {
            Some(ScaleWord {
                own: Some(power),
                indonesian,
                listed,
            }) => {
                scale_power = Some(power);
                next += 1;
                if self.leaks_possible() && indonesian.is_some_and(|theirs| theirs != power) && !listed {
                    let power = indonesian.unwrap_or(power);
                    leak = Some(self.scale_leak(i, next, scaled(leak_base(&leak), power), power));
                }
            }
            Some(ScaleWord {
                own: None,
                indonesian: Some(power),
                ..
            }) if self.leaks_possible() => {
                // An Indonesian scale the target does not know (`jt`, `rb`, `juta` in English).
                next += 1;
                let value = scaled(leak_base(&leak), power);
                return Some(Amount {
                    next,
                    value,
                    native: false,
                    shape: reading.shape,
                    scale_power: Some(power),
                    leak: Some(self.scale_leak(i, next, value, power)),
                });
            }
            _ => {}
        }
        let mut value = reading.value;
        if let Some(power) = scale_power {
            value = scaled(value, power);
            if let Some(leak) = leak.as_mut().filter(|leak| leak.kind == LeakKind::Locale)
                && let Value::Num(leaked) = &mut leak.value
            {
                *leaked = scaled(*leaked, power);
            }
        }
        Some(Amount {
            next,
            value,
            native: reading.native,
            shape: reading.shape,
            scale_power,
            leak,
        })
    }

    /// Whether a mention here can carry an Indonesian reading: a target written with comma groups.
    fn leaks_possible(&self) -> bool {
        self.side == Side::Target && self.profile.separators != Separators::DotGroupsCommaDecimal
    }

    /// Reads a core with the language's separators, else the Indonesian ones, else the English ones.
    fn read_amount_core(&self, core: &str) -> Option<CoreReading> {
        let own = read_core(core, self.profile.separators);
        let indonesian = read_core(core, Separators::DotGroupsCommaDecimal);
        let ((value, shape), native) = match (own, indonesian) {
            (Some(own), _) => (own, true),
            (None, Some(indonesian)) => (indonesian, false),
            (None, None) => match read_core(core, Separators::CommaGroupsDotDecimal) {
                Some(english) => (english, true),
                None => (self.malformed_core(core)?, true),
            },
        };
        Some(CoreReading { value, shape, native })
    }

    /// A target core whose groups no convention reads (`2,216,24`, a digit
    /// dropped from `2,216,243`): its digits, so it pairs as a changed figure
    /// instead of vanishing. Never on the source, where such cores are
    /// versions and codes.
    fn malformed_core(&self, core: &str) -> Option<(Decimal, CoreShape)> {
        let grouped_digits = core
            .chars()
            .all(|character| character.is_ascii_digit() || character == ',')
            || core
                .chars()
                .all(|character| character.is_ascii_digit() || character == '.');
        if self.side != Side::Target || !grouped_digits {
            return None;
        }
        let digits: String = core.chars().filter(char::is_ascii_digit).collect();
        Some((digits.parse().ok()?, CoreShape::Other))
    }

    /// `12.000` in an English target: the Indonesian reading of the core at token `i`, when it differs.
    fn locale_leak(&self, i: usize, reading: &CoreReading) -> Option<Leak> {
        let core = self.tok(i)?;
        if !self.leaks_possible() || !core.text.contains(['.', ',']) {
            return None;
        }
        let (value, _) = read_core(&core.text, Separators::DotGroupsCommaDecimal)
            .filter(|(value, _)| !reading.native || *value != reading.value)?;
        let decimals = written_decimals(&core.text, Separators::DotGroupsCommaDecimal);
        Some(Leak {
            value: Value::Num(value),
            kind: LeakKind::Locale,
            start: core.start,
            end: core.end,
            replacement: format_en(value, decimals, true),
        })
    }

    /// An Indonesian scale abbreviation left in a target: the core at `i` up to (not including) token `next`.
    fn scale_leak(&self, i: usize, next: usize, value: Decimal, power: u32) -> Leak {
        let core = self.tok(i);
        let start = core.map_or(0, |core| core.start);
        let core_end = core.map_or(0, |core| core.end);
        Leak {
            value: Value::Num(value),
            kind: LeakKind::ScaleAbbreviation,
            start,
            end: self.tok(next.saturating_sub(1)).map_or(core_end, |token| token.end),
            replacement: self.render_scaled(core.map_or("", |core| core.text.as_ref()), power),
        }
    }

    /// The scale word at token `j`, if any: `ribu`, `juta`, `million`, or a scale letter after a currency (`Rp2 M`).
    fn scale_word(&self, j: usize, currency: bool) -> Option<ScaleWord> {
        let word = self.tok(j).filter(|token| token.kind == TokenKind::Word)?;
        let base = without_possessive(&word.lower);
        let power_in =
            |scales: &[(&str, u32)], key: &str| scales.iter().find(|(scale, _)| *scale == key).map(|&(_, power)| power);
        let letters = word.text.chars().all(char::is_alphabetic) && word.text.chars().count() <= 2;
        // A lower-case `m` is metres on the source side, never miliar.
        let lower_case_m = word.text == "m";
        let own = power_in(self.profile.scales, base).or_else(|| {
            (currency && letters)
                .then(|| power_in(self.profile.currency_scales, &word.lower))
                .flatten()
                .filter(|_| self.side == Side::Target || !lower_case_m)
        });
        let indonesian = power_in(ID.scales, base).or_else(|| {
            currency
                .then(|| power_in(ID.currency_scales, &word.lower))
                .flatten()
                .filter(|_| !lower_case_m)
        });
        let listed = self.profile.scales.iter().any(|(scale, _)| *scale == base);
        (own.is_some() || indonesian.is_some()).then_some(ScaleWord {
            own,
            indonesian,
            listed,
        })
    }

    /// How the target writes `core` (read the Indonesian way) times 10^power.
    pub(super) fn render_scaled(&self, core: &str, power: u32) -> String {
        let (v, _) = read_core(core, Separators::DotGroupsCommaDecimal).unwrap_or((Decimal::ZERO, CoreShape::Plain));
        let decimals = written_decimals(core, Separators::DotGroupsCommaDecimal);
        let word = match power {
            3 => self.profile.scale_render[0],
            6 => self.profile.scale_render[1],
            9 => self.profile.scale_render[2],
            12 => self.profile.scale_render[3],
            _ => "",
        };
        if power == 3 || word.is_empty() {
            return format_en(scaled(v, power), 0, true);
        }
        format!("{} {}", format_en(v, decimals, true), word)
    }
}

/// Whether the last piece of `hedge` (after its last space or hyphen) is
/// `word`: `hedge.rsplit([' ', '-']).next() == Some(word)` without splitting
/// every hedge of the language for every number.
fn last_piece_is(hedge: &str, word: &str) -> bool {
    hedge
        .strip_suffix(word)
        .is_some_and(|before| before.is_empty() || before.ends_with([' ', '-']))
        && !word.contains([' ', '-'])
}

#[cfg(test)]
mod tests {
    use super::last_piece_is;

    #[test]
    fn the_last_piece_of_a_hedge_is_what_follows_its_last_space_or_hyphen() {
        let hedges = ["sekitar", "lebih dari", "kira-kira", "no more than", "up to-", ""];
        let words = ["dari", "kira", "than", "more than", "to", "", "-", "ar", "kira-kira"];
        for hedge in hedges {
            for word in words {
                let split = hedge.rsplit([' ', '-']).next() == Some(word);
                assert_eq!(last_piece_is(hedge, word), split, "{hedge:?} ends in {word:?}");
            }
        }
    }
}
