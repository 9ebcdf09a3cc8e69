//! Amounts: a numeric core with its sign, scale, percent, points, currency
//! and era suffixes (ranges of amounts are in `range.rs`).

use rust_decimal::Decimal;

use crate::align::lexicon::{Bound, SHARED};
use crate::align::numbers::Mention;
use crate::align::numbers::patterns::Reading;
use crate::align::numbers::scan::Amount;
use crate::align::numbers::scan::Scanner;
use crate::align::numbers::value::{CoreShape, Kind, Value};
use crate::align::text::TokenKind;

/// What the words after an amount make of it.
struct AmountSuffix {
    kind: Kind,
    /// ISO currency code, `%`, `pp`, `bp` or an era.
    unit: Option<String>,
    /// The token after the amount and its suffix.
    next: usize,
    /// Context says it is certainly a year (an era, `tahun`, a month before it).
    strong_year: bool,
}

impl Scanner<'_> {
    /// An amount led by the number at token `i`, or a range of two.
    pub(in crate::align::numbers) fn amount_or_range(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        self.amount_from(i, None, i)
    }

    /// `Rp 5.000`, `US$3`, `RM 5`: an amount after a currency sign or code at token `i`. Once the sign is there,
    /// the position is the currency's even if no amount can be read.
    pub(in crate::align::numbers) fn currency_amount(&self, i: usize) -> Reading {
        match self.currency_prefix(i) {
            Some((code, next)) => match self.amount_from(next, Some(code), i) {
                Some((mentions, after)) => Reading::Found(mentions, after),
                None => Reading::Claimed,
            },
            None => Reading::Pass,
        }
    }

    /// The amount at token `i` (its currency prefix starting at `from`), extended to a range when one follows.
    fn amount_from(&self, i: usize, currency: Option<&'static str>, from: usize) -> Option<(Vec<Mention>, usize)> {
        let (first, next) = self.single(i, currency, from)?;
        if let Some((range, after)) = self.range_after(&first, next) {
            return Some((vec![range], after));
        }
        Some((vec![first], next))
    }

    /// An amount with its suffixes (scale, percent, points, currency word, era), no range.
    pub(in crate::align::numbers) fn single(
        &self,
        i: usize,
        currency: Option<&'static str>,
        from: usize,
    ) -> Option<(Mention, usize)> {
        if !self.is_number(i) {
            let (code, next) = self.currency_prefix(i)?;
            return self.single(next, Some(code), i);
        }
        let amount = self.amount(i, currency.is_some())?;
        let suffix = self.amount_suffix(i, &amount, currency)?;
        let mut next = suffix.next;
        // `3.000-an`: approximate (decades were handled before).
        let bound = self.hedged(from).or_else(|| self.postposed_more(next));
        let mut approx = bound.is_some();
        if self
            .tok(next)
            .is_some_and(|dash| dash.is_punct('-') && !dash.space_before)
            && self.lower(next + 1) == SHARED.approximate_suffix
        {
            approx = true;
            next += 2;
        }
        let mut mention = self.mention(from, next, suffix.kind, Value::Num(amount.value));
        mention.unit = suffix.unit;
        mention.approx = approx;
        mention.bound = bound;
        mention.confident = !self.multiplier(next);
        mention.native = amount.native;
        mention.grouped = matches!(amount.shape, CoreShape::Grouped | CoreShape::GroupedDecimal);
        mention.strong_year = suffix.strong_year;
        let core = self.tok(i)?;
        mention.core = Some((core.start, core.end));
        mention.leak = amount.leak;
        if from == i && self.negative_sign(i) {
            self.negate(&mut mention, i - 1);
        }
        Some((mention, next))
    }

    /// What follows the amount at token `i` says what it is: a percent or points, a currency word, an era, or
    /// (for a plain four-digit figure or after `tahun`) a year.
    fn amount_suffix(&self, i: usize, amount: &Amount, currency: Option<&'static str>) -> Option<AmountSuffix> {
        let next = amount.next;
        let core_text = &self.tok(i)?.text;
        let plain = amount.shape == CoreShape::Plain;
        let mut suffix = AmountSuffix {
            kind: if currency.is_some() {
                Kind::Currency
            } else {
                Kind::Cardinal
            },
            unit: currency.map(str::to_string),
            next,
            strong_year: false,
        };
        if let Some((points, after)) = self.percent_suffix(next) {
            let unit = match points {
                Kind::PercentagePoints => "pp",
                Kind::BasisPoints => "bp",
                _ => "%",
            };
            (suffix.kind, suffix.unit, suffix.next) = (points, Some(unit.to_string()), after);
        } else if let Some((code, after)) = self.currency_word(next) {
            (suffix.kind, suffix.unit, suffix.next) = (Kind::Currency, Some(code.to_string()), after);
        } else if let Some((before_common_era, after)) = self.era(next).filter(|&(_, after)| {
            // A one-letter era (`M`, `H`) needs a year-sized number or `tahun`/`abad` before it.
            let one_letter = after == next + 1 && self.tok(next).is_some_and(|era| era.text.chars().count() == 1);
            let year_like = amount.value >= Decimal::from(100)
                || i.checked_sub(1)
                    .is_some_and(|before| SHARED.year_words_before_era.contains(self.lower(before)));
            plain && currency.is_none() && amount.scale_power.is_none() && (!one_letter || year_like)
        }) {
            let era = if before_common_era { "BC" } else { "AD" };
            (suffix.kind, suffix.unit, suffix.next) = (Kind::Year, Some(era.to_string()), after);
            suffix.strong_year = true;
        } else if currency.is_none() && amount.scale_power.is_none() && plain {
            let year_word = i
                .checked_sub(1)
                .is_some_and(|before| self.profile.year_before.contains(&self.lower(before)));
            let month_before = i.checked_sub(1).is_some_and(|before| self.month(before).is_some());
            let figure: u32 = core_text.parse().unwrap_or(0);
            let four_digits = core_text.len() == 4 && (1000..=2100).contains(&figure);
            let era_before = i
                .checked_sub(1)
                .is_some_and(|before| SHARED.eras_before_year.contains(self.lower(before)));
            if four_digits || ((year_word || month_before) && core_text.len() <= 4 && figure > 0) || era_before {
                suffix.kind = Kind::Year;
                suffix.strong_year = year_word || month_before || era_before;
            }
        }
        Some(suffix)
    }

    /// `1.000 lebih peserta`: a postposed "more" after the amount means "at least", unless it compares (`lebih
    /// dari`, `lebih besar`). Read on every side: engines leave the Indonesian word in place.
    fn postposed_more(&self, next: usize) -> Option<Bound> {
        let more = self.lower(next) == SHARED.postposed_more;
        (more && !SHARED.not_after_postposed_more.contains(self.lower(next + 1))).then_some(Bound::AtLeast)
    }

    /// `-5`, `−5`, `minus 5`: a sign before the number (not a range dash, not `COVID-19`).
    fn negative_sign(&self, i: usize) -> bool {
        let Some(p) = i.checked_sub(1) else {
            return false;
        };
        let Some(t) = self.tok(p) else { return false };
        if SHARED.minus_words.contains(&t.lower) {
            return true;
        }
        let dash = t.kind == TokenKind::Punct && matches!(t.first_char(), '-' | '−');
        let before_ok = p == 0
            || t.space_before
            || self
                .tok(p - 1)
                .is_some_and(|token| matches!(token.first_char(), '(' | '[' | ':'));
        dash && self.attached(i) && before_ok
    }

    /// Makes `m` negative and extends it back to the sign at token `sign`.
    fn negate(&self, m: &mut Mention, sign: usize) {
        let neg = |v: &Value| match v {
            Value::Num(d) => Value::Num(-*d),
            other => other.clone(),
        };
        m.value = neg(&m.value);
        if let Some(l) = m.leak.as_mut() {
            l.value = neg(&l.value);
        }
        if let Some(t) = self.tok(sign) {
            m.start = t.start;
            m.text = crate::align::text::slice(self.chars, m.start, m.end);
        }
    }

    /// `5 persen`, `5%`, `5 per cent`, `0,25 poin persentase`, `25 basis poin`.
    pub(in crate::align::numbers) fn percent_suffix(&self, j: usize) -> Option<(Kind, usize)> {
        let w = self.lower(j);
        for &(a, b, code) in self.profile.points_words {
            if w == a && self.lower(j + 1) == b {
                return Some((
                    if code == "pp" {
                        Kind::PercentagePoints
                    } else {
                        Kind::BasisPoints
                    },
                    j + 2,
                ));
            }
        }
        if SHARED.basis_point_abbreviations.contains(w) {
            return Some((Kind::BasisPoints, j + 1));
        }
        if self.profile.percent_words.contains(&w) || (w == "%" && self.tok(j).is_some()) {
            if SHARED.points_after_percent.contains(self.lower(j + 1)) {
                return Some((Kind::PercentagePoints, j + 2));
            }
            return Some((Kind::Percent, j + 1));
        }
        // `per cent`, `per-cent`.
        let [per, cent] = &SHARED.percent_two_words;
        let hyphen = usize::from(self.tok(j + 1).is_some_and(|dash| dash.is_punct('-')));
        if w == per && self.lower(j + 1 + hyphen) == cent {
            return Some((Kind::Percent, j + 2 + hyphen));
        }
        None
    }

    /// `rupiah`, `dolar AS`, `US dollars`, `euros` after an amount.
    pub(in crate::align::numbers) fn currency_word(&self, j: usize) -> Option<(&'static str, usize)> {
        let (skip, w) = if SHARED.currency_country_before.contains(self.lower(j)) && self.is_word(j + 1) {
            (1, self.lower(j + 1))
        } else {
            (0, self.lower(j))
        };
        let &(_, code) = self.profile.currency_words.iter().find(|(c, _)| *c == w)?;
        let mut next = j + skip + 1;
        if SHARED.currency_country_after.contains(self.lower(next)) {
            next += 1;
            if SHARED.currency_country_second_word.contains(self.lower(next)) {
                next += 1;
            }
        }
        Some((code, next))
    }

    /// An era marker after a year: `M`, `SM`, `Masehi`, `AD`, `B.C.E.`.
    pub(in crate::align::numbers) fn era(&self, j: usize) -> Option<(bool, usize)> {
        let t = self.tok(j).filter(|token| token.kind == TokenKind::Word)?;
        let mut joined = t.lower.to_string();
        let mut k = j + 1;
        // Join dotted abbreviations: B . C . E .
        while t.text.chars().count() == 1
            && self
                .tok(k)
                .is_some_and(|token| token.is_punct('.') && !token.space_before)
        {
            match self
                .tok(k + 1)
                .filter(|token| token.kind == TokenKind::Word && !token.space_before && token.text.chars().count() == 1)
            {
                Some(n) => {
                    joined.push_str(&n.lower);
                    k += 2;
                }
                None => {
                    k += 1;
                    break;
                }
            }
        }
        // A lower-case `m` is metres, never Masehi.
        if t.text == "m" {
            return None;
        }
        self.profile
            .eras
            .iter()
            .find(|(e, _)| *e == joined)
            .map(|&(_, bc)| (bc, k))
    }

    /// The month number of the word at `j`.
    pub(in crate::align::numbers) fn month(&self, j: usize) -> Option<u8> {
        let t = self.tok(j).filter(|token| token.kind == TokenKind::Word)?;
        // `may`, `mar`, `jan` are months only when capitalised.
        if !t.first_char().is_uppercase() {
            return None;
        }
        self.profile
            .months
            .iter()
            .find(|(month, _)| *month == t.lower)
            .map(|&(_, number)| number)
    }
}
