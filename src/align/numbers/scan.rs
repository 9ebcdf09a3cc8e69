//! The token scanner: finds mentions in one sentence, left to right.
//!
//! Each position tries the patterns of the category table in a fixed order
//! (identifiers and dates before plain numbers, because their context
//! decides that `0812` or `2023` are not quantities). Patterns that look at
//! context (times, years, eras, scale letters) look at neighbouring tokens
//! only, never across sentences.

use rust_decimal::Decimal;

use super::value::{CoreShape, Kind, Value, format_en, read_core, scaled, written_decimals};
use super::{LeakKind, Mention, Side};
use crate::align::lexicon::{Bound, CURRENCY_PREFIXES, ID, Profile, Separators};
use crate::align::text::{Token, TokenKind, slice, tokenize};

/// Scanner state for one sentence.
pub struct Scanner<'a> {
    pub(super) sentence: usize,
    pub(super) chars: &'a [char],
    pub(super) tokens: Vec<Token>,
    pub(super) profile: &'a Profile,
    pub(super) side: Side,
}

/// A numeric core with its scale and readings, before kind is decided.
pub(super) struct Amount {
    /// Token index after the amount (core + scale word).
    pub(super) next: usize,
    pub(super) value: Decimal,
    pub(super) native: bool,
    pub(super) shape: CoreShape,
    pub(super) scale_power: Option<u32>,
    pub(super) leak: Option<(Decimal, LeakKind, usize, String)>,
}

impl<'a> Scanner<'a> {
    /// Prepares a scanner over one sentence.
    pub fn new(sentence: usize, chars: &'a [char], profile: &'a Profile, side: Side) -> Self {
        Scanner {
            sentence,
            chars,
            tokens: tokenize(chars),
            profile,
            side,
        }
    }

    /// Finds every mention, in order.
    pub fn run(&self) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.tokens.len() {
            match self.at(i) {
                Some((mut mentions, next)) => {
                    out.append(&mut mentions);
                    i = self.skip_restatement(next.max(i + 1));
                }
                None => i += 1,
            }
        }
        out
    }

    pub(super) fn tok(&self, i: usize) -> Option<&Token> {
        self.tokens.get(i)
    }

    pub(super) fn lower(&self, i: usize) -> &str {
        self.tok(i).map_or("", |t| t.lower.as_str())
    }

    pub(super) fn is_word(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == TokenKind::Word)
    }

    pub(super) fn is_number(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == TokenKind::Number)
    }

    pub(super) fn attached(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| !t.space_before)
    }

    /// Tries every pattern at token `i`; returns the mentions and the next token.
    fn at(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let t = self.tok(i)?;
        match t.kind {
            TokenKind::Number => self.numeric(i, None, i),
            TokenKind::Punct => self.punct_led(i),
            TokenKind::Word => self.word_led(i),
        }
    }

    fn punct_led(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let t = self.tok(i)?;
        if let Some((code, next)) = self.currency_prefix(i) {
            return self.numeric(next, Some(code), i);
        }
        if t.is_punct('+') && self.is_number(i + 1) && self.attached(i + 1) {
            return self.identifier_run(i, i + 1);
        }
        None
    }

    fn word_led(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        if let Some((code, next)) = self.currency_prefix(i) {
            return self.numeric(next, Some(code), i);
        }
        let t = self.tok(i)?;
        // `ke-2`: Indonesian/Malay hyphenated ordinal.
        if self.profile.ordinal_prefix == Some(t.lower.as_str())
            && self.tok(i + 1).is_some_and(|p| p.is_punct('-') && !p.space_before)
            && self.is_number(i + 2)
        {
            let n = self.tok(i + 2)?;
            let value = read_core(&n.text, Separators::DotGroupsCommaDecimal)?.0;
            return Some((vec![self.mention(i, i + 3, Kind::Ordinal, Value::Num(value))], i + 3));
        }
        // `COVID-19`, `F-16`, `G20`: a name with digits is an identifier.
        if t.first_char().is_uppercase() && !self.profile.months.iter().any(|(m, _)| *m == t.lower) {
            let dash = self.tok(i + 1).is_some_and(|p| p.is_punct('-') && !p.space_before);
            let n = if dash { i + 2 } else { i + 1 };
            if self.is_number(n)
                && self.attached(n)
                && (dash || t.text.chars().all(char::is_uppercase))
                && t.text.chars().count() <= 5
                && self.currency_prefix(i).is_none()
            {
                let digits = self.tok(n)?.text.chars().filter(char::is_ascii_digit).collect();
                return Some((
                    vec![self.mention(i, n + 1, Kind::Identifier, Value::Digits(digits))],
                    n + 1,
                ));
            }
        }
        if let Some(r) = self.roman_ordinal(i) {
            return Some(r);
        }
        if let Some(r) = self.between_range(i) {
            return Some(r);
        }
        if let Some(r) = self.clock_word(i) {
            return Some(r);
        }
        if let Some(r) = self.month_first_date(i) {
            return Some(r);
        }
        if let Some(r) = self.band(i) {
            return Some(r);
        }
        if let Some(&(_, d)) = self.profile.decade_words.iter().find(|(w, _)| *w == t.lower) {
            return Some((vec![self.mention(i, i + 1, Kind::Decade, Value::Decade(d))], i + 1));
        }
        self.number_words(i)
    }

    /// Matches a currency sign or code made of up to three attached tokens before a number.
    pub(super) fn currency_prefix(&self, i: usize) -> Option<(&'static str, usize)> {
        // Every prefix is at most three characters: skip longer words without allocating.
        if self.tok(i)?.lower.chars().count() > 3 {
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
        let start = self.tok(from).map_or(0, |t| t.start);
        let end = self.tok(to.saturating_sub(1)).map_or(start, |t| t.end);
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
        }
    }

    /// Whether the one or two words before token `i` are a hedge.
    pub(super) fn hedged(&self, i: usize) -> Option<Bound> {
        // The longest hedge ending right before token `i` wins (`no more than` over `more than`).
        let mut best: Option<(usize, Bound)> = None;
        for &(h, bound) in self.profile.hedges {
            // Token pieces of the hedge: words, with `-` as its own token (`kira-kira`).
            let parts = || {
                h.split(' ')
                    .flat_map(|w| w.split('-').enumerate())
                    .flat_map(|(m, piece)| [(m > 0).then_some("-"), Some(piece)])
                    .flatten()
            };
            let len = parts().count();
            let Some(start) = i.checked_sub(len) else {
                continue;
            };
            let hit = parts().enumerate().all(|(k, p)| self.lower(start + k) == p);
            if hit && best.is_none_or(|(best_len, _)| len > best_len) {
                best = Some((len, bound));
            }
        }
        best.map(|(_, b)| b)
    }

    /// Reads a numeric core at `i` and an optional scale word after it.
    pub(super) fn amount(&self, i: usize, currency: bool) -> Option<Amount> {
        let core = self.tok(i)?;
        let target = self.side == Side::Target && self.profile.separators != Separators::DotGroupsCommaDecimal;
        let own = read_core(&core.text, self.profile.separators);
        let indonesian = read_core(&core.text, Separators::DotGroupsCommaDecimal);
        let (mut value, shape, native) = match (own, indonesian) {
            (Some((v, s)), _) => (v, s, true),
            (None, Some((v, s))) => (v, s, false),
            (None, None) => {
                let en = read_core(&core.text, Separators::CommaGroupsDotDecimal)?;
                (en.0, en.1, true)
            }
        };
        let mut leak = None;
        if target
            && core.text.contains(['.', ','])
            && let Some((v, _)) = indonesian.filter(|(v, _)| !native || *v != value)
        {
            let decimals = written_decimals(&core.text, Separators::DotGroupsCommaDecimal);
            leak = Some((v, LeakKind::Locale, i + 1, format_en(v, decimals, true)));
        }
        let mut next = i + 1;
        let mut scale_power = None;
        if let Some(w) = self.tok(next).filter(|t| t.kind == TokenKind::Word) {
            let base = w
                .lower
                .strip_suffix("nya")
                .filter(|b| !b.is_empty())
                .unwrap_or(&w.lower);
            let own_scale = self
                .profile
                .scales
                .iter()
                .find(|(s, _)| *s == base)
                .map(|s| s.1)
                .or_else(|| {
                    let letters = w.text.chars().all(|c| c.is_alphabetic()) && w.text.chars().count() <= 2;
                    (currency && letters)
                        .then(|| {
                            self.profile
                                .currency_scales
                                .iter()
                                .find(|(s, _)| *s == w.lower)
                                .map(|s| s.1)
                        })
                        .flatten()
                        .filter(|_| self.side == Side::Target || w.text != "m")
                });
            let id_scale = ID.scales.iter().find(|(s, _)| *s == base).map(|s| s.1).or_else(|| {
                currency
                    .then(|| ID.currency_scales.iter().find(|(s, _)| *s == w.lower).map(|s| s.1))
                    .flatten()
                    .filter(|_| w.text != "m")
            });
            if let Some(p) = own_scale {
                scale_power = Some(p);
                next += 1;
                if target && id_scale.is_some_and(|q| q != p) && self.profile.scales.iter().all(|(s, _)| *s != base) {
                    let idv = scaled(leak.as_ref().map_or(value, |l| l.0), id_scale.unwrap_or(p));
                    leak = Some((
                        idv,
                        LeakKind::ScaleAbbreviation,
                        next,
                        self.render_scaled(&core.text, id_scale.unwrap_or(p)),
                    ));
                }
            } else if let Some(q) = id_scale.filter(|_| target) {
                // An Indonesian scale the target does not know (`jt`, `rb`, `juta` in English).
                next += 1;
                scale_power = Some(q);
                let idv = scaled(leak.as_ref().map_or(value, |l| l.0), q);
                leak = Some((
                    idv,
                    LeakKind::ScaleAbbreviation,
                    next,
                    self.render_scaled(&core.text, q),
                ));
                return Some(Amount {
                    next,
                    value: idv,
                    native: false,
                    shape,
                    scale_power,
                    leak,
                });
            }
        }
        if let Some(p) = scale_power {
            value = scaled(value, p);
            if let Some(l) = leak.as_mut().filter(|l| l.1 == LeakKind::Locale) {
                l.0 = scaled(l.0, p);
            }
        }
        Some(Amount {
            next,
            value,
            native,
            shape,
            scale_power,
            leak,
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
