//! Ranges of amounts (`10-12 juta`, `antara 10 dan 12`, `119,52-57`), with
//! one repair covering both ends of a leaked range.

use rust_decimal::Decimal;

use crate::align::lexicon::SHARED;
use crate::align::numbers::scan::Scanner;
use crate::align::numbers::value::{Kind, Value, scaled};
use crate::align::numbers::{Leak, Mention, Side};
use crate::align::text::TokenKind;

use super::calendar::DASHES;

impl Scanner<'_> {
    /// A range after a first mention: `10-12`, `10 hingga 12 juta`, `£3.000-£5.000`.
    pub(in crate::align::numbers) fn range_after(&self, first: &Mention, next: usize) -> Option<(Mention, usize)> {
        let t = self.tok(next)?;
        let dash = t.kind == TokenKind::Punct && DASHES.contains(&t.first_char());
        let word = self.profile.range_words.contains(&t.lower.as_ref())
            || (t.lower == "s" && self.tok(next + 1).is_some_and(|token| token.is_punct('.')));
        if !(dash || word) {
            return None;
        }
        let from_word = self
            .tokens
            .iter()
            .position(|token| token.start == first.start)
            .and_then(|position| position.checked_sub(1))
            .map(|previous| self.lower(previous));
        if word && self.side == Side::Target && from_word.is_some_and(|word| SHARED.change_from_words.contains(word)) {
            return None;
        }
        let mut k = next + 1;
        if t.lower == "s" {
            // `s.d.`
            k = next + 4;
        }
        if !(self.is_number(k) || self.currency_prefix(k).is_some()) {
            return None;
        }
        let (second, after) = self.single(k, None, k)?;
        let lo_raw = first.value.as_num()?;
        let mut hi = second.value.as_num()?;
        let mut lo = lo_raw;
        let compatible = first.kind == second.kind
            || (first.kind == Kind::Cardinal
                && matches!(second.kind, Kind::Percent | Kind::Currency | Kind::PercentagePoints))
            || (second.kind == Kind::Cardinal && first.kind == Kind::Currency)
            || (first.kind == Kind::Year
                && second.kind == Kind::Cardinal
                && second.value.as_num().is_some_and(|value| value < Decimal::from(100)));
        if !compatible {
            return None;
        }
        hi = self.abbreviated_end(first, &second, lo, hi, false);
        if first.kind == Kind::Year && hi < Decimal::from(100) && lo >= Decimal::from(1000) {
            hi += (lo / Decimal::from(100)).trunc() * Decimal::from(100);
        }
        if lo < hi && hi / lo.max(Decimal::ONE) >= Decimal::from(1000) {
            // `10-12 juta`: the scale of the second end applies to the first.
            for p in [3u32, 6, 9, 12] {
                let s = scaled(lo, p);
                if s <= hi && hi < scaled(s, 2) {
                    lo = s;
                    break;
                }
            }
        }
        if lo >= hi {
            return None;
        }
        // A target range must also be one under the Indonesian reading of a leaked end (`£12.000 – £360`).
        if first.leak.is_some() || second.leak.is_some() {
            let lv = first.leak.as_ref().and_then(|leak| leak.value.as_num()).unwrap_or(lo);
            let hv = second.leak.as_ref().and_then(|leak| leak.value.as_num()).unwrap_or(hi);
            if lv >= hv && self.abbreviated_end(first, &second, lv, hv, true) <= lv {
                return None;
            }
        }
        let kind = if first.kind == Kind::Year {
            Kind::Year
        } else {
            Kind::Range
        };
        let mut m = self.mention_span(first.start, second.end, kind, Value::Range(lo, hi));
        m.unit = first.unit.clone().or(second.unit.clone());
        m.approx = first.approx;
        m.native = first.native && second.native;
        m.grouped = first.grouped || second.grouped;
        m.core = first.core;
        m.leak = self.range_leak(first, &second, lo, hi);
        Some((m, after))
    }

    /// One repair covering both ends of a range (`£3.000-£5.000` → `£3,000-£5,000`).
    pub(in crate::align::numbers) fn range_leak(
        &self,
        first: &Mention,
        second: &Mention,
        lo: Decimal,
        hi: Decimal,
    ) -> Option<Leak> {
        let (a, b) = (first.leak.as_ref(), second.leak.as_ref());
        let any = a.or(b)?;
        let lv = a.and_then(|leak| leak.value.as_num()).unwrap_or(lo);
        let hv = b.and_then(|leak| leak.value.as_num()).unwrap_or(hi);
        let start = a.map_or(first.core.map_or(first.start, |(core_start, _)| core_start), |leak| {
            leak.start
        });
        let end = b.map_or(second.core.map_or(second.end, |(_, core_end)| core_end), |leak| {
            leak.end
        });
        if start > end || end > self.chars.len() {
            return None;
        }
        let mut text: Vec<char> = self.chars[start..end].to_vec();
        let mut parts: Vec<&Leak> = [b, a].into_iter().flatten().collect();
        parts.sort_by_key(|leak| std::cmp::Reverse(leak.start));
        for l in parts {
            if l.start < start || l.end > end || l.start > l.end {
                return None;
            }
            text.splice(l.start - start..l.end - start, l.replacement.chars());
        }
        let kind = [a, b]
            .into_iter()
            .flatten()
            .map(|leak| leak.kind)
            .find(|kind| *kind == crate::align::numbers::LeakKind::ScaleAbbreviation)
            .unwrap_or(any.kind);
        Some(Leak {
            value: Value::Range(lv, hv),
            kind,
            start,
            end,
            replacement: text.into_iter().collect(),
        })
    }

    /// `119,52-57`: the second end repeats only the last decimals of the first.
    pub(in crate::align::numbers) fn abbreviated_end(
        &self,
        first: &Mention,
        second: &Mention,
        lo: Decimal,
        hi: Decimal,
        leak_reading: bool,
    ) -> Decimal {
        let indonesian = self.profile.separators == crate::align::lexicon::Separators::DotGroupsCommaDecimal
            || !first.native
            || leak_reading;
        let decimal = if indonesian { ',' } else { '.' };
        let core = |m: &Mention| {
            m.core
                .map(|(start, end)| crate::align::text::slice(self.chars, start, end))
                .unwrap_or_default()
        };
        let (a, b) = (core(first), core(second));
        let d = a.split_once(decimal).map_or(0, |(_, f)| f.len() as u32);
        let k = b.len() as u32;
        if hi >= lo || d == 0 || k > d || !b.chars().all(|character| character.is_ascii_digit()) {
            return hi;
        }
        let base = lo.trunc_with_scale(d - k);
        base + hi / scaled(Decimal::ONE, d)
    }

    pub(in crate::align::numbers) fn mention_span(
        &self,
        start: usize,
        end: usize,
        kind: Kind,
        value: Value,
    ) -> Mention {
        let mut m = self.mention(0, 0, kind, value);
        m.start = start;
        m.end = end;
        m.text = crate::align::text::slice(self.chars, start, end);
        m
    }

    /// `antara 10 dan 12`, `between 10 and 12`.
    pub(in crate::align::numbers) fn between_range(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let (open, join) = self.profile.between?;
        if self.lower(i) != open || !(self.is_number(i + 1) || self.currency_prefix(i + 1).is_some()) {
            return None;
        }
        let (a, n) = self.single(i + 1, None, i + 1)?;
        if self.lower(n) != join {
            return None;
        }
        let (b, after) = self.single(n + 1, None, n + 1)?;
        // `antara 1950-an dan 1970-an` joins two decades, which pair one by one.
        let decade = |end: &Mention| end.text.ends_with(&format!("-{}", SHARED.approximate_suffix));
        if decade(&a) || decade(&b) {
            return None;
        }
        let (lo, hi) = (a.value.as_num()?, b.value.as_num()?);
        if lo >= hi {
            return None;
        }
        let mut m = self.mention_span(a.start, b.end, Kind::Range, Value::Range(lo, hi));
        m.unit = a.unit.or(b.unit);
        m.native = a.native && b.native;
        m.core = a.core;
        Some((vec![m], after))
    }
}
