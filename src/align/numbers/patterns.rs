//! The patterns tried by the scanner, one method per row family of the
//! category table: identifiers, times, dates, decades, amounts with their
//! scale/percent/currency/era suffixes, ranges, bands and number words.

use rust_decimal::Decimal;

use super::scan::Scanner;
use crate::align::numbers::value::{CoreShape, Kind, Value, roman, scaled};
use crate::align::numbers::{Leak, Mention, Side, words};
use crate::align::text::TokenKind;

const DASHES: [char; 3] = ['-', '–', '—'];

/// A clock qualifier: its name, UTC offset if known, and whether it means p.m.
type Clock = (String, Option<i16>, Option<bool>);

impl Scanner<'_> {
    /// A mention led by a number at token `i` (with a currency prefix starting at `from`).
    pub(super) fn numeric(&self, i: usize, currency: Option<&'static str>, from: usize) -> Option<(Vec<Mention>, usize)> {
        if currency.is_none() {
            if let Some(r) = self.day_month_date(i).or_else(|| self.time(i)) {
                return Some(r);
            }
            if let Some(r) = self.identifier(i) {
                return Some(r);
            }
            if let Some(r) = self.numeric_date(i).or_else(|| self.decade(i)) {
                return Some(r);
            }
            if let Some(r) = self.suffixed_ordinal(i) {
                return Some(r);
            }
        }
        let (first, next) = self.single(i, currency, from)?;
        if let Some((range, after)) = self.range_after(&first, next) {
            return Some((vec![range], after));
        }
        Some((vec![first], next))
    }

    /// An amount with its suffixes (scale, percent, points, currency word, era), no range.
    fn single(&self, i: usize, currency: Option<&'static str>, from: usize) -> Option<(Mention, usize)> {
        if !self.is_number(i) {
            let (code, next) = self.currency_prefix(i)?;
            return self.single(next, Some(code), i);
        }
        let amount = self.amount(i, currency.is_some())?;
        let mut next = amount.next;
        let mut kind = if currency.is_some() { Kind::Currency } else { Kind::Cardinal };
        let mut unit = currency.map(str::to_string);
        let mut value = Value::Num(amount.value);
        let mut strong_year = false;
        let core_text = self.tok(i)?.text.clone();
        let plain = amount.shape == CoreShape::Plain;
        if let Some((points, n)) = self.percent_suffix(next) {
            kind = points;
            unit = Some(match points {
                Kind::PercentagePoints => "pp",
                Kind::BasisPoints => "bp",
                _ => "%",
            }.to_string());
            next = n;
        } else if let Some((code, n)) = self.currency_word(next) {
            kind = Kind::Currency;
            unit = Some(code.to_string());
            next = n;
        } else if let Some((bc, n)) = self.era(next).filter(|_| plain && currency.is_none() && amount.scale_power.is_none()) {
            kind = Kind::Year;
            unit = Some(if bc { "BC" } else { "AD" }.to_string());
            next = n;
            strong_year = true;
        } else if currency.is_none() && amount.scale_power.is_none() && plain {
            let year_word = i.checked_sub(1).is_some_and(|p| self.profile.year_before.contains(&self.lower(p)));
            let month_before = i.checked_sub(1).is_some_and(|p| self.month(p).is_some());
            let n: u32 = core_text.parse().unwrap_or(0);
            let four = core_text.len() == 4 && (1000..=2100).contains(&n);
            let era_before = i.checked_sub(1).is_some_and(|p| matches!(self.lower(p), "ad" | "ce"));
            if four || ((year_word || month_before) && core_text.len() <= 4 && n > 0) || era_before {
                kind = Kind::Year;
                strong_year = year_word || month_before || era_before;
            }
        }
        // `3.000-an`: approximate (decades were handled before).
        let mut approx = self.hedged(from);
        if self.tok(next).is_some_and(|t| t.is_punct('-') && !t.space_before) && self.lower(next + 1) == "an" {
            approx = true;
            next += 2;
        }
        let mut m = self.mention(from, next, kind, value.clone());
        if kind == Kind::Year {
            value = Value::Num(amount.value);
            m.value = value;
        }
        m.unit = unit;
        m.approx = approx;
        m.native = amount.native;
        m.grouped = matches!(amount.shape, CoreShape::Grouped | CoreShape::GroupedDecimal);
        m.strong_year = strong_year;
        let core = self.tok(i)?;
        m.core = Some((core.start, core.end));
        m.leak = amount.leak.map(|(v, k, end_tok, replacement)| Leak {
            value: Value::Num(v),
            kind: k,
            start: core.start,
            end: self.tok(end_tok.saturating_sub(1)).map_or(core.end, |t| t.end),
            replacement,
        });
        Some((m, next))
    }

    /// `5 persen`, `5%`, `5 per cent`, `0,25 poin persentase`, `25 basis poin`.
    fn percent_suffix(&self, j: usize) -> Option<(Kind, usize)> {
        let w = self.lower(j);
        for &(a, b, code) in self.profile.points_words {
            if w == a && self.lower(j + 1) == b {
                return Some((if code == "pp" { Kind::PercentagePoints } else { Kind::BasisPoints }, j + 2));
            }
        }
        if w == "bps" {
            return Some((Kind::BasisPoints, j + 1));
        }
        if self.profile.percent_words.contains(&w) || (w == "%" && self.tok(j).is_some()) {
            if self.lower(j + 1) == "poin" {
                return Some((Kind::PercentagePoints, j + 2));
            }
            return Some((Kind::Percent, j + 1));
        }
        if w == "per" && self.lower(j + 1) == "cent" {
            return Some((Kind::Percent, j + 2));
        }
        None
    }

    /// `rupiah`, `dolar AS`, `US dollars`, `euros` after an amount.
    fn currency_word(&self, j: usize) -> Option<(&'static str, usize)> {
        let (skip, w) = if matches!(self.lower(j), "us" | "as") && self.is_word(j + 1) { (1, self.lower(j + 1)) } else { (0, self.lower(j)) };
        let &(_, code) = self.profile.currency_words.iter().find(|(c, _)| *c == w)?;
        let mut next = j + skip + 1;
        if matches!(self.lower(next), "as" | "amerika" | "us" | "singapura" | "australia" | "hongkong") {
            next += 1;
            if self.lower(next) == "serikat" {
                next += 1;
            }
        }
        Some((code, next))
    }

    /// An era marker after a year: `M`, `SM`, `Masehi`, `AD`, `B.C.E.`.
    fn era(&self, j: usize) -> Option<(bool, usize)> {
        let t = self.tok(j).filter(|t| t.kind == TokenKind::Word)?;
        let mut joined = t.lower.clone();
        let mut k = j + 1;
        // Join dotted abbreviations: B . C . E .
        while t.text.chars().count() == 1 && self.tok(k).is_some_and(|p| p.is_punct('.') && !p.space_before) {
            match self.tok(k + 1).filter(|n| n.kind == TokenKind::Word && !n.space_before && n.text.chars().count() == 1) {
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
        self.profile.eras.iter().find(|(e, _)| *e == joined).map(|&(_, bc)| (bc, k))
    }

    /// The month number of the word at `j`.
    pub(super) fn month(&self, j: usize) -> Option<u8> {
        let t = self.tok(j).filter(|t| t.kind == TokenKind::Word)?;
        // `may`, `mar`, `jan` are months only when capitalised.
        if !t.first_char().is_uppercase() {
            return None;
        }
        self.profile.months.iter().find(|(m, _)| *m == t.lower).map(|m| m.1)
    }

    /// A range after a first mention: `10-12`, `10 hingga 12 juta`, `£3.000-£5.000`.
    fn range_after(&self, first: &Mention, next: usize) -> Option<(Mention, usize)> {
        let t = self.tok(next)?;
        let dash = t.kind == TokenKind::Punct && DASHES.contains(&t.first_char());
        let word = self.profile.range_words.contains(&t.lower.as_str()) || (t.lower == "s" && self.tok(next + 1).is_some_and(|p| p.is_punct('.')));
        if !(dash || word) {
            return None;
        }
        let from_word = self.tokens.iter().position(|x| x.start == first.start).and_then(|k| k.checked_sub(1)).map(|k| self.lower(k));
        if word && self.side == Side::Target && matches!(from_word, Some("from" | "dari" | "daripada")) {
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
            || (first.kind == Kind::Cardinal && matches!(second.kind, Kind::Percent | Kind::Currency | Kind::PercentagePoints))
            || (second.kind == Kind::Cardinal && first.kind == Kind::Currency)
            || (first.kind == Kind::Year && second.kind == Kind::Cardinal && second.value.as_num().is_some_and(|v| v < Decimal::from(100)));
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
            let lv = first.leak.as_ref().and_then(|l| l.value.as_num()).unwrap_or(lo);
            let hv = second.leak.as_ref().and_then(|l| l.value.as_num()).unwrap_or(hi);
            if lv >= hv && self.abbreviated_end(first, &second, lv, hv, true) <= lv {
                return None;
            }
        }
        let kind = if first.kind == Kind::Year { Kind::Year } else { Kind::Range };
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
    fn range_leak(&self, first: &Mention, second: &Mention, lo: Decimal, hi: Decimal) -> Option<Leak> {
        let (a, b) = (first.leak.as_ref(), second.leak.as_ref());
        let any = a.or(b)?;
        let lv = a.and_then(|l| l.value.as_num()).unwrap_or(lo);
        let hv = b.and_then(|l| l.value.as_num()).unwrap_or(hi);
        let start = a.map_or(first.core.map_or(first.start, |c| c.0), |l| l.start);
        let end = b.map_or(second.core.map_or(second.end, |c| c.1), |l| l.end);
        if start > end || end > self.chars.len() {
            return None;
        }
        let mut text: Vec<char> = self.chars[start..end].to_vec();
        let mut parts: Vec<&Leak> = [b, a].into_iter().flatten().collect();
        parts.sort_by_key(|l| std::cmp::Reverse(l.start));
        for l in parts {
            if l.start < start || l.end > end || l.start > l.end {
                return None;
            }
            text.splice(l.start - start..l.end - start, l.replacement.chars());
        }
        let kind = [a, b].into_iter().flatten().map(|l| l.kind).find(|k| *k == super::LeakKind::ScaleAbbreviation).unwrap_or(any.kind);
        Some(Leak { value: Value::Range(lv, hv), kind, start, end, replacement: text.into_iter().collect() })
    }

    /// `119,52-57`: the second end repeats only the last decimals of the first.
    fn abbreviated_end(&self, first: &Mention, second: &Mention, lo: Decimal, hi: Decimal, leak_reading: bool) -> Decimal {
        let indonesian = self.profile.separators == crate::align::lexicon::Separators::DotGroupsCommaDecimal || !first.native || leak_reading;
        let decimal = if indonesian { ',' } else { '.' };
        let core = |m: &Mention| m.core.map(|(s, e)| crate::align::text::slice(self.chars, s, e)).unwrap_or_default();
        let (a, b) = (core(first), core(second));
        let d = a.split_once(decimal).map_or(0, |(_, f)| f.len() as u32);
        let k = b.len() as u32;
        if hi >= lo || d == 0 || k > d || !b.chars().all(|c| c.is_ascii_digit()) {
            return hi;
        }
        let base = lo.trunc_with_scale(d - k);
        base + hi / scaled(Decimal::ONE, d)
    }

    fn mention_span(&self, start: usize, end: usize, kind: Kind, value: Value) -> Mention {
        let mut m = self.mention(0, 0, kind, value);
        m.start = start;
        m.end = end;
        m.text = crate::align::text::slice(self.chars, start, end);
        m
    }

    /// `antara 10 dan 12`, `between 10 and 12`.
    pub(super) fn between_range(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let (open, join) = self.profile.between?;
        if self.lower(i) != open || !(self.is_number(i + 1) || self.currency_prefix(i + 1).is_some()) {
            return None;
        }
        let (a, n) = self.single(i + 1, None, i + 1)?;
        if self.lower(n) != join {
            return None;
        }
        let (b, after) = self.single(n + 1, None, n + 1)?;
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

    /// `0812-3456-7890`, `No. 15`, `Pasal 23`, `+62 21 5701234`, long digit strings.
    fn identifier(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let core = &self.tok(i)?.text;
        let plain = core.chars().all(|c| c.is_ascii_digit());
        let mut p = i.checked_sub(1);
        if p.is_some_and(|j| self.tok(j).is_some_and(|t| t.is_punct('.') || t.is_punct(':') || t.is_punct('('))) {
            p = p.and_then(|j| j.checked_sub(1));
        }
        let keyword = p.is_some_and(|j| self.profile.identifier_before.contains(&self.lower(j)));
        let leading_zero = plain && core.len() > 1 && core.starts_with('0');
        let long = plain && core.len() >= 8;
        let phone = plain && core.starts_with('0') && self.tok(i + 1).is_some_and(|t| t.is_punct('-')) && self.is_number(i + 2);
        let area = self.tok(i.wrapping_sub(1)).is_some_and(|t| t.is_punct('(')) && leading_zero && self.tok(i + 1).is_some_and(|t| t.is_punct(')'));
        if !(keyword && plain || leading_zero || long || phone || area) {
            return None;
        }
        self.identifier_run(if area { i - 1 } else { i }, i)
    }

    /// Joins digits separated by hyphens, spaces or brackets into one identifier.
    pub(super) fn identifier_run(&self, from: usize, i: usize) -> Option<(Vec<Mention>, usize)> {
        let mut digits = String::new();
        let mut k = i;
        let mut last = i;
        while let Some(t) = self.tok(k) {
            match t.kind {
                TokenKind::Number if t.text.chars().all(|c| c.is_ascii_digit() || c == '.') => {
                    digits.extend(t.text.chars().filter(char::is_ascii_digit));
                    last = k;
                    k += 1;
                }
                TokenKind::Punct if matches!(t.first_char(), '-' | ')' | '(') && self.is_number(k + 1) && digits.len() < 16 => k += 1,
                _ => break,
            }
            if self.is_number(k) && self.tok(k).is_some_and(|t| t.space_before) && !(self.tok(k - 1).is_some_and(|t| t.is_punct(')')) || from < i) {
                break;
            }
        }
        if self.tok(from).is_some_and(|t| t.is_punct('+')) {
            digits.insert(0, '+');
        }
        Some((vec![self.mention(from, last + 1, Kind::Identifier, Value::Digits(digits))], last + 1))
    }

    /// `pukul 10.30 WIB`, `10:30 a.m.`, `at 23.45`, `19.00-21.00`, `(0330 GMT)`.
    fn time(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let core = self.tok(i)?.text.clone();
        let before = i.checked_sub(1).is_some_and(|p| self.profile.time_before.contains(&self.lower(p)));
        let (zone, after_zone) = self.time_word(i + 1);
        let colon = core.contains(':');
        // `06.30-10 pagi`: the zone or day part after the second end applies to the first.
        let dash_next = self.tok(i + 1).is_some_and(|t| DASHES.contains(&t.first_char())) && self.is_number(i + 2);
        let range_zone = dash_next && core.contains('.') && self.time_word(i + 3).0.is_some();
        let context = before || zone.is_some() || colon || range_zone;
        let minutes = parse_clock(&core, context)?;
        if !context {
            return None;
        }
        // `pada 2.30 persen` is not a time.
        if self.percent_suffix(i + 1).is_some() {
            return None;
        }
        let (mut first, mut next) = (self.clock_mention(i, i + 1, minutes, zone.clone()), if zone.is_some() { after_zone } else { i + 1 });
        let dash = self.tok(next).is_some_and(|t| DASHES.contains(&t.first_char()) || self.profile.range_words.contains(&t.lower.as_str()));
        if dash && self.is_number(next + 1)
            && let Some(m2) = parse_clock(&self.tok(next + 1)?.text, true) {
                let (zone2, after2) = self.time_word(next + 2);
                let end = if zone2.is_some() { after2 } else { next + 2 };
                if zone.is_none() && zone2.is_some() {
                    first = self.clock_mention(i, i + 1, minutes, zone2.clone());
                }
                let second = self.clock_mention(next + 1, end, m2, zone2.or(zone));
                next = end;
                return Some((vec![first, second], next));
            }
        first.end = self.tok(next - 1).map_or(first.end, |t| t.end);
        first.text = crate::align::text::slice(self.chars, first.start, first.end);
        Some((vec![first], next))
    }

    fn clock_mention(&self, from: usize, to: usize, minutes: u32, zone: Option<Clock>) -> Mention {
        let mut minutes = minutes;
        let mut offset = None;
        let mut unit = None;
        if let Some((name, off, pm)) = zone {
            offset = off;
            match pm {
                Some(true) if minutes < 12 * 60 => minutes += 12 * 60,
                Some(false) if (12 * 60..13 * 60).contains(&minutes) => minutes -= 12 * 60,
                _ => {}
            }
            if off.is_some() {
                unit = Some(name.to_uppercase());
            }
        }
        let mut m = self.mention(from, to, Kind::Time, Value::Time { minutes, utc_offset: offset });
        m.unit = unit;
        m
    }

    /// A zone or am/pm word at `j` (`WIB`, `a.m.`, `pm`, `malam`): (name, UTC offset, is pm).
    fn time_word(&self, j: usize) -> (Option<Clock>, usize) {
        let w = self.lower(j).to_string();
        let dotted = if (w == "a" || w == "p") && self.tok(j + 1).is_some_and(|t| t.is_punct('.')) && self.lower(j + 2) == "m" {
            let end = if self.tok(j + 3).is_some_and(|t| t.is_punct('.')) { j + 4 } else { j + 3 };
            Some((format!("{w}.m"), end))
        } else {
            None
        };
        let (name, end) = dotted.unwrap_or((w, j + 1));
        let Some(&(_, off)) = self.profile.time_after.iter().find(|(z, _)| *z == name) else {
            return (None, j);
        };
        let pm = match name.as_str() {
            "pm" | "p.m" | "petang" | "malam" | "sore" => Some(true),
            "am" | "a.m" | "pagi" => Some(false),
            _ => None,
        };
        (Some((name, off, pm)), end)
    }

    /// `25/11/2024`, `(25/11)`, `11-11-2013`, `2012/2013`.
    fn numeric_date(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let sep = self.tok(i + 1).filter(|t| (t.is_punct('/') || t.is_punct('-')) && !t.space_before)?.first_char();
        let a: u32 = self.tok(i)?.text.parse().ok()?;
        let b_tok = self.tok(i + 2).filter(|t| t.kind == TokenKind::Number && !t.space_before)?;
        let b: u32 = b_tok.text.parse().ok()?;
        let has_third = self.tok(i + 3).is_some_and(|t| t.first_char() == sep && !t.space_before) && self.is_number(i + 4) && self.attached(i + 4);
        if !has_third {
            // `2012/2013` is a period of years, handled as a range of years.
            if sep != '/' || a > 31 || b > 31 || !self.tok(i.wrapping_sub(1)).is_some_and(|t| t.is_punct('(')) {
                return None;
            }
            let (day, month, ambiguous) = dmy(a, b, self.side, self.profile.code)?;
            let mut m = self.mention(i, i + 3, Kind::Date, Value::Date { year: None, month, day: Some(day) });
            m.ambiguous_date = ambiguous;
            return Some((vec![m], i + 3));
        }
        let y_text = &self.tok(i + 4)?.text;
        let mut year: i32 = y_text.parse().ok()?;
        if y_text.len() == 2 {
            year += 2000;
        } else if y_text.len() != 4 {
            return None;
        }
        let (day, month, ambiguous) = dmy(a, b, self.side, self.profile.code)?;
        let mut m = self.mention(i, i + 5, Kind::Date, Value::Date { year: Some(year), month, day: Some(day) });
        m.ambiguous_date = ambiguous;
        Some((vec![m], i + 5))
    }

    /// `25 November 2026`, `25 Nov`, `1 Juni`.
    fn day_month_date(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let day: u8 = self.tok(i)?.text.parse().ok().filter(|d| (1..=31).contains(d))?;
        let month = self.month(i + 1)?;
        let mut next = i + 2;
        if self.tok(next).is_some_and(|t| t.is_punct('.')) {
            next += 1;
        }
        let year = self.year_at(next);
        if year.is_some() {
            next += 1;
        } else if self.tok(next).is_some_and(|t| t.is_punct('.')) || next == i + 3 {
            next = i + 2;
        }
        let m = self.mention(i, next, Kind::Date, Value::Date { year, month, day: Some(day) });
        Some((vec![m], next))
    }

    fn year_at(&self, j: usize) -> Option<i32> {
        let t = self.tok(j).filter(|t| t.kind == TokenKind::Number)?;
        (t.text.len() == 4).then(|| t.text.parse().ok()).flatten()
    }

    /// `November 25, 2026`, `Nov. 25`, `Juni 2024`.
    pub(super) fn month_first_date(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let month = self.month(i)?;
        let mut k = i + 1;
        if self.tok(k).is_some_and(|t| t.is_punct('.') && !t.space_before) {
            k += 1;
        }
        if let Some(year) = self.year_at(k) {
            return Some((vec![self.mention(i, k + 1, Kind::Date, Value::Date { year: Some(year), month, day: None })], k + 1));
        }
        let day: u8 = self.tok(k).filter(|t| t.kind == TokenKind::Number)?.text.parse().ok().filter(|d| (1..=31).contains(d))?;
        let mut next = k + 1;
        let mut year = None;
        if self.tok(next).is_some_and(|t| t.is_punct(',')) && self.year_at(next + 1).is_some() {
            year = self.year_at(next + 1);
            next += 2;
        } else if let Some(y) = self.year_at(next) {
            year = Some(y);
            next += 1;
        }
        Some((vec![self.mention(i, next, Kind::Date, Value::Date { year, month, day: Some(day) })], next))
    }

    /// `1950-an`, `tahun 60-an`, `’90-an`, `1950s`, `'60s`.
    fn decade(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let core = self.tok(i)?.text.clone();
        let n: i32 = core.parse().ok()?;
        let (suffix_end, ok) = if self.tok(i + 1).is_some_and(|t| t.is_punct('-') && !t.space_before) && self.lower(i + 2) == "an" {
            (i + 3, true)
        } else if self.attached(i + 1) && matches!(self.lower(i + 1), "an" | "s") {
            (i + 2, true)
        } else if self.tok(i + 1).is_some_and(|t| crate::align::text::is_apostrophe(t.first_char()) && !t.space_before) && self.lower(i + 2) == "s" && self.attached(i + 2) {
            (i + 3, true)
        } else {
            (0, false)
        };
        if !ok || n % 10 != 0 {
            return None;
        }
        let elided = i.checked_sub(1).is_some_and(|p| self.tok(p).is_some_and(|t| crate::align::text::is_apostrophe(t.first_char()) || t.is_punct('‘')) && !self.tok(i).is_some_and(|t| t.space_before));
        let year_word = i.checked_sub(1).is_some_and(|p| matches!(self.lower(p), "tahun" | "the" | "era" | "dekade"));
        let value = match core.len() {
            4 if (1000..=2100).contains(&n) => n,
            2 if elided || year_word || self.lower(i + 1) == "s" => n,
            _ => return None,
        };
        let from = if elided { i - 1 } else { i };
        Some((vec![self.mention(from, suffix_end, Kind::Decade, Value::Decade(value))], suffix_end))
    }

    /// `2nd`, `45th`, `21st`.
    fn suffixed_ordinal(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        if !self.attached(i + 1) || !matches!(self.lower(i + 1), "st" | "nd" | "rd" | "th") {
            return None;
        }
        let n: u64 = self.tok(i)?.text.parse().ok()?;
        Some((vec![self.mention(i, i + 2, Kind::Ordinal, Value::Num(Decimal::from(n)))], i + 2))
    }

    /// `abad XX`, `Perang Dunia II`, `World War II`.
    pub(super) fn roman_ordinal(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let t = self.tok(i)?;
        let n = roman(&t.text)?;
        let p = i.checked_sub(1)?;
        if !self.profile.roman_before.contains(&self.lower(p)) {
            return None;
        }
        Some((vec![self.mention(i, i + 1, Kind::Ordinal, Value::Num(Decimal::from(n)))], i + 1))
    }

    /// `ratusan`, `puluhan ribu`, `tens of thousands`, `beribu-ribu`.
    pub(super) fn band(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let mut best: Option<(u8, usize)> = None;
        let mut phrase = String::new();
        let mut k = i;
        for _ in 0..4 {
            let t = self.tok(k)?;
            if t.kind == TokenKind::Punct && t.first_char() == '-' && !t.space_before {
                phrase.push('-');
                k += 1;
                continue;
            }
            if t.kind != TokenKind::Word {
                break;
            }
            if !phrase.is_empty() && !phrase.ends_with('-') {
                phrase.push(' ');
            }
            phrase.push_str(&t.lower);
            k += 1;
            if let Some(&(_, p)) = self.profile.bands.iter().find(|(b, _)| *b == phrase) {
                best = Some((p, k));
            }
        }
        let (p, end) = best?;
        Some((vec![self.mention(i, end, Kind::Vague, Value::Band(p))], end))
    }

    /// Numbers written in words, with percent and currency suffixes.
    pub(super) fn number_words(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let t = self.tok(i)?;
        let prev = i.checked_sub(1).map(|p| self.lower(p)).unwrap_or("");
        if prev == "salah" || (i > 0 && t.is_capitalised() && !self.tok(i - 1).is_some_and(|p| matches!(p.first_char(), '"' | '“' | '(' | '‘'))) {
            return None;
        }
        let w = words::read(&self.tokens, i, self.profile.words)?;
        let mut next = i + w.len;
        // `satu-satunya`, `dua-dua`, `one of`, `satu per satu`.
        if self.tok(next).is_some_and(|p| p.is_punct('-')) && w.len == 1 || (w.weak && w.ratio.is_none() && !w.ordinal && matches!(self.lower(next), "of" | "per")) {
            return None;
        }
        let mut kind = if w.ordinal { Kind::Ordinal } else if w.ratio.is_some() { Kind::Fraction } else { Kind::Cardinal };
        let mut value = match w.ratio {
            Some((n, d)) => Value::Ratio(n, d),
            None => Value::Num(w.value),
        };
        let mut weak = w.weak;
        let mut unit = None;
        if w.ordinal && (self.side == Side::Source || self.profile.code == "ms") {
            // `kedua negara` = both countries, `ketiga tersangka` = the three suspects.
            // An ordinal follows its noun (`putaran kedua`); before a noun at a phrase start it is collective.
            let following = self.tok(next).filter(|n| n.kind == TokenKind::Word && !n.is_capitalised());
            let phrase_start = i == 0 || matches!(prev, "di" | "ke" | "dari" | "pada" | "untuk" | "bagi" | "oleh" | "dengan" | "antara" | "dan" | "bahwa" | "bahawa" | "kepada" | "terhadap" | "para");
            if w.value > Decimal::ONE && phrase_start && following.is_some_and(|n| !matches!(n.lower.as_str(), "kali" | "kalinya")) {
                kind = Kind::Cardinal;
                weak = true;
            }
        }
        if !w.ordinal && w.ratio.is_none() {
            if let Some((k, n)) = self.percent_suffix(next) {
                kind = k;
                unit = Some("%".to_string());
                next = n;
            } else if let Some((code, n)) = self.currency_word(next) {
                kind = Kind::Currency;
                unit = Some(code.to_string());
                next = n;
            }
        }
        if let (Kind::Fraction, Some((n, d))) = (kind, w.ratio) {
            value = Value::Ratio(n, d);
        }
        let mut m = self.mention(i, next, kind, value);
        m.unit = unit;
        m.confident = !weak;
        m.approx = self.hedged(i);
        Some((vec![m], next))
    }

    /// Skips a parenthesised restatement in words: `1 (satu) tahun`.
    pub(super) fn skip_restatement(&self, next: usize) -> usize {
        if !self.tok(next).is_some_and(|t| t.is_punct('(')) {
            return next;
        }
        let mut k = next + 1;
        let mut saw_number = false;
        while let Some(t) = self.tok(k) {
            if t.is_punct(')') {
                return if saw_number { k + 1 } else { next };
            }
            if t.kind != TokenKind::Word || k > next + 12 {
                return next;
            }
            if words::read(&self.tokens, k, self.profile.words).is_some() {
                saw_number = true;
            }
            k += 1;
        }
        next
    }
}

/// Minutes since midnight of a clock core (`10.30`, `10:30`, `01.35.20`, `0330`), if valid.
fn parse_clock(core: &str, context: bool) -> Option<u32> {
    let parts: Vec<&str> = core.split(['.', ':']).collect();
    if parts.len() == 1 {
        let n: u32 = core.parse().ok()?;
        if core.len() == 4 && context {
            let (h, m) = (n / 100, n % 100);
            return (h < 24 && m < 60 && core.starts_with('0')).then_some(h * 60 + m);
        }
        return (context && n <= 24 && core.len() <= 2).then(|| n * 60);
    }
    if parts.len() > 3 || parts[0].len() > 2 || parts[1..].iter().any(|p| p.len() != 2) {
        return None;
    }
    let h: u32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    (h <= 24 && m < 60).then_some(h * 60 + m)
}

/// Day and month of a numeric date `a/b`; English targets may write month first.
fn dmy(a: u32, b: u32, side: Side, lang: &str) -> Option<(u8, u8, bool)> {
    let a8 = u8::try_from(a).ok()?;
    let b8 = u8::try_from(b).ok()?;
    if a == 0 || b == 0 {
        return None;
    }
    if b <= 12 && a <= 31 {
        return Some((a8, b8, a <= 12 && a != b));
    }
    if side == Side::Target && lang == "en" && a <= 12 && b <= 31 {
        return Some((b8, a8, false));
    }
    None
}
