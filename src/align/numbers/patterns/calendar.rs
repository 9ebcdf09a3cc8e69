//! Calendar patterns: times of day (`pukul 10.30 WIB`, `7 p.m.`), numeric and
//! written dates, and decades (`1950-an`, `'60s`).

use rust_decimal::Decimal;

use crate::align::lexicon::SHARED;
use crate::align::numbers::scan::Scanner;
use crate::align::numbers::value::{Kind, Value};
use crate::align::numbers::{Mention, Side, words};
use crate::align::text::TokenKind;

/// Dash characters that join the two ends of a range.
pub(super) const DASHES: [char; 3] = ['-', '–', '—'];

/// A clock qualifier: its name, UTC offset if known, and whether it means p.m.
type Clock = (String, Option<i16>, Option<bool>);

impl Scanner<'_> {
    /// `pukul 10.30 WIB`, `10:30 a.m.`, `at 23.45`, `19.00-21.00`, `(0330 GMT)`.
    pub(in crate::align::numbers) fn time(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let core = self.tok(i)?.text.clone();
        let before = i
            .checked_sub(1)
            .is_some_and(|previous| self.profile.time_before.contains(&self.lower(previous)));
        let (zone, after_zone) = self.time_word(i + 1);
        let colon = core.contains(':');
        // `06.30-10 pagi`: the zone or day part after the second end applies to the first.
        let dash_next = self
            .tok(i + 1)
            .is_some_and(|token| DASHES.contains(&token.first_char()))
            && self.is_number(i + 2);
        let range_zone = dash_next && core.contains('.') && self.time_word(i + 3).0.is_some();
        // `2 malam` is two nights: a day part alone makes a time only after a clock-shaped core.
        let day_part = zone
            .as_ref()
            .is_some_and(|(name, _, _)| SHARED.day_parts.contains(name));
        let zone_context = zone.is_some() && (!day_part || core.contains(['.', ':']));
        // `at 20 ports`, `smiling at 20 reporters`: a count, not 8 p.m.
        let weak_before = i
            .checked_sub(1)
            .is_some_and(|previous| self.profile.time_before_weak.contains(&self.lower(previous)));
        let bare_hour = !zone_context && !colon && !range_zone && !core.contains('.');
        let before_a_noun = self.tok(i + 1).is_some_and(|token| {
            token.kind == TokenKind::Word && !self.profile.clock_followers.contains(&token.lower.as_ref())
        });
        // `at 2.35 S and 119.2 E`: a coordinate, whatever its digits.
        let before_a_bearing = self
            .tok(i + 1)
            .is_some_and(|token| matches!(token.text.as_ref(), "N" | "S" | "E" | "W"));
        if weak_before && ((bare_hour && before_a_noun) || (!zone_context && !colon && before_a_bearing)) {
            return None;
        }
        // `a 24-hour minimarket`, `at 24-hours shops`: a compound adjective is a duration or a count.
        let hyphen_compound = self
            .tok(i + 1)
            .is_some_and(|dash| dash.is_punct('-') && !dash.space_before)
            && self
                .tok(i + 2)
                .is_some_and(|word| word.kind == TokenKind::Word && !word.space_before);
        if hyphen_compound && zone.is_none() && !core.contains(['.', ':']) {
            return None;
        }
        let context = before || zone_context || colon || range_zone;
        let minutes = parse_clock(&core, context)?;
        if !context {
            return None;
        }
        // `pada 2.30 persen` is not a time.
        if self.percent_suffix(i + 1).is_some() {
            return None;
        }
        let (mut first, mut next) = (
            self.clock_mention(i, i + 1, minutes, zone.clone()),
            if zone.is_some() { after_zone } else { i + 1 },
        );
        // `antara pukul 10.00 dan 14.00 WIB`: the between-opener before `pukul` makes its joiner a range word.
        let between_joiner = self.profile.between.and_then(|(opener, joiner)| {
            let opened = (1..=2).any(|back| {
                i.checked_sub(back)
                    .is_some_and(|previous| self.lower(previous) == opener)
            });
            opened.then_some(joiner)
        });
        let dash = self.tok(next).is_some_and(|token| {
            DASHES.contains(&token.first_char())
                || self.profile.range_words.contains(&token.lower.as_ref())
                || between_joiner == Some(token.lower.as_ref())
        });
        if dash
            && self.is_number(next + 1)
            && let Some(m2) = parse_clock(&self.tok(next + 1)?.text, true)
        {
            let (zone2, after2) = self.time_word(next + 2);
            let end = if zone2.is_some() { after2 } else { next + 2 };
            if zone.is_none() && zone2.is_some() {
                first = self.clock_mention(i, i + 1, minutes, zone2.clone());
            }
            let second = self.clock_mention(next + 1, end, m2, zone2.or(zone));
            next = end;
            return Some((vec![first, second], next));
        }
        first.end = self.tok(next - 1).map_or(first.end, |token| token.end);
        first.text = crate::align::text::slice(self.chars, first.start, first.end);
        Some((vec![first], next))
    }

    pub(in crate::align::numbers) fn clock_mention(
        &self,
        from: usize,
        to: usize,
        minutes: u32,
        zone: Option<Clock>,
    ) -> Mention {
        let mut minutes = minutes;
        let mut offset = None;
        let mut unit = None;
        if let Some((name, off, pm)) = zone {
            offset = off;
            let small_hour_after_midday = SHARED.midday_words.contains(&name) && minutes < 7 * 60;
            match pm {
                _ if small_hour_after_midday => minutes += 12 * 60,
                Some(true) if minutes < 12 * 60 => minutes += 12 * 60,
                Some(false) if (12 * 60..13 * 60).contains(&minutes) => minutes -= 12 * 60,
                _ => {}
            }
            if off.is_some() {
                unit = Some(name.to_uppercase());
            }
        }
        let mut m = self.mention(
            from,
            to,
            Kind::Time,
            Value::Time {
                minutes,
                utc_offset: offset,
            },
        );
        m.unit = unit;
        m
    }

    /// A zone or am/pm word at `j` (`WIB`, `a.m.`, `pm`, `malam`): (name, UTC offset, is pm).
    pub(in crate::align::numbers) fn time_word(&self, j: usize) -> (Option<Clock>, usize) {
        let w = self.lower(j).to_string();
        let dotted = if (w == "a" || w == "p")
            && self.tok(j + 1).is_some_and(|token| token.is_punct('.'))
            && self.lower(j + 2) == "m"
        {
            let end = if self.tok(j + 3).is_some_and(|token| token.is_punct('.')) {
                j + 4
            } else {
                j + 3
            };
            Some((format!("{w}.m"), end))
        } else {
            None
        };
        let (name, end) = dotted.unwrap_or((w, j + 1));
        let Some(&(_, off)) = self.profile.time_after.iter().find(|(z, _)| *z == name) else {
            return (None, j);
        };
        let pm = if SHARED.after_noon_words.contains(&name) {
            Some(true)
        } else if SHARED.before_noon_words.contains(&name) {
            Some(false)
        } else {
            None
        };
        (Some((name, off, pm)), end)
    }

    /// `25/11/2024`, `(25/11)`, `11-11-2013`, `2012/2013`.
    pub(in crate::align::numbers) fn numeric_date(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let sep = self
            .tok(i + 1)
            .filter(|token| (token.is_punct('/') || token.is_punct('-')) && !token.space_before)?
            .first_char();
        let a: u32 = self.tok(i)?.text.parse().ok()?;
        let b_tok = self
            .tok(i + 2)
            .filter(|token| token.kind == TokenKind::Number && !token.space_before)?;
        let b: u32 = b_tok.text.parse().ok()?;
        let has_third = self
            .tok(i + 3)
            .is_some_and(|token| token.first_char() == sep && !token.space_before)
            && self.is_number(i + 4)
            && self.attached(i + 4);
        if !has_third {
            // `2012/2013` is a period of years, handled as a range of years.
            // `(25/11)` or a dateline `Jakarta, 5/12 -`.
            let bracketed = self.tok(i.wrapping_sub(1)).is_some_and(|token| token.is_punct('('));
            let dateline = self.tok(i.wrapping_sub(1)).is_some_and(|token| token.is_punct(','))
                && self
                    .tok(i + 3)
                    .is_some_and(|token| DASHES.contains(&token.first_char()) || token.is_punct('—'));
            if sep != '/' || a > 31 || b > 31 || !(bracketed || dateline) {
                return None;
            }
            let (day, month, ambiguous) = dmy(a, b, self.side, self.profile.code)?;
            let mut m = self.mention(
                i,
                i + 3,
                Kind::Date,
                Value::Date {
                    year: None,
                    month,
                    day: Some(day),
                },
            );
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
        let mut m = self.mention(
            i,
            i + 5,
            Kind::Date,
            Value::Date {
                year: Some(year),
                month,
                day: Some(day),
            },
        );
        m.ambiguous_date = ambiguous;
        Some((vec![m], i + 5))
    }

    /// `25 November 2026`, `25 Nov`, `1 Juni`.
    pub(in crate::align::numbers) fn day_month_date(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        if let Some(r) = self.day_range_month(i) {
            return Some(r);
        }
        let day: u8 = self.tok(i)?.text.parse().ok().filter(|day| (1..=31).contains(day))?;
        let month = self.month(i + 1)?;
        let mut next = i + 2;
        if self.tok(next).is_some_and(|token| token.is_punct('.')) {
            next += 1;
        }
        let year = self.year_at(next);
        if year.is_some() {
            next += 1;
        } else if self.tok(next).is_some_and(|token| token.is_punct('.')) || next == i + 3 {
            next = i + 2;
        }
        let m = self.mention(
            i,
            next,
            Kind::Date,
            Value::Date {
                year,
                month,
                day: Some(day),
            },
        );
        Some((vec![m], next))
    }

    pub(in crate::align::numbers) fn year_at(&self, j: usize) -> Option<i32> {
        let t = self.tok(j).filter(|token| token.kind == TokenKind::Number)?;
        (t.text.len() == 4).then(|| t.text.parse().ok()).flatten()
    }

    /// `November 25, 2026`, `Nov. 25`, `Juni 2024`.
    /// A day of the month at token `i` (1..=31, plain digits).
    fn day_at(&self, i: usize) -> Option<u8> {
        let t = self.tok(i).filter(|token| token.kind == TokenKind::Number)?;
        t.text.parse().ok().filter(|day| (1..=31).contains(day))
    }

    /// How many tokens from `j` join two ends of a range: a dash or a range
    /// word is one, `s.d.` (sampai dengan) four, `s/d` three.
    fn range_joint(&self, j: usize) -> Option<usize> {
        let t = self.tok(j)?;
        if (t.kind == TokenKind::Punct && DASHES.contains(&t.first_char()))
            || self.profile.range_words.contains(&t.lower.as_ref())
        {
            return Some(1);
        }
        let spelled = |k: usize, text: &str| self.tok(j + k).is_some_and(|token| token.lower == text);
        if t.lower != "s" || !self.profile.range_words.contains(&"s.d.") {
            return None;
        }
        if spelled(1, ".") && spelled(2, "d") && spelled(3, ".") {
            Some(4)
        } else if spelled(1, "/") && spelled(2, "d") {
            Some(3)
        } else {
            None
        }
    }

    /// `3-5 Desember 2024`: two dates sharing a month and year.
    fn day_range_month(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let d1 = self.day_at(i)?;
        let second_day = i + 1 + self.range_joint(i + 1)?;
        let d2 = self.day_at(second_day)?;
        let month = self.month(second_day + 1)?;
        let year = self.year_at(second_day + 2);
        let end = if year.is_some() { second_day + 3 } else { second_day + 2 };
        let first = self.mention(
            i,
            i + 1,
            Kind::Date,
            Value::Date {
                year,
                month,
                day: Some(d1),
            },
        );
        let second = self.mention(
            second_day,
            end,
            Kind::Date,
            Value::Date {
                year,
                month,
                day: Some(d2),
            },
        );
        (d1 < d2).then(|| (vec![first, second], end))
    }

    /// `tanggal 9`: a day of the month without its month, a date the
    /// translation may complete (`March 9`).
    pub(in crate::align::numbers) fn day_of_month(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        if !words::announces_a_day(self.lower(i)) || self.month(i + 2).is_some() {
            return None;
        }
        let day = self.day_at(i + 1)?;
        let next = i + 2;
        let date = self.mention(i + 1, next, Kind::Date, Value::Num(Decimal::from(day)));
        Some((vec![date], next))
    }

    /// `the first of July`, `21st of May 2024`: an ordinal day, `of`, a month.
    pub(in crate::align::numbers) fn ordinal_of_month(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let (day, after) = if self.is_number(i) {
            let suffixed = self.attached(i + 1) && SHARED.ordinal_suffixes.contains(self.lower(i + 1));
            (suffixed.then_some(self.day_at(i)?)?, i + 2)
        } else {
            // Reading number words is the costly part and this pattern is tried on
            // every word: first look for the `of` and the month, within the few
            // words a day's ordinal (`thirty - first`) can take.
            let joins_a_month_ahead = self.day_to_month_joins.iter().any(|&at| (i + 1..=i + 6).contains(&at));
            if !joins_a_month_ahead {
                return None;
            }
            let number = words::read(self.tokens, i, self.profile.words).filter(|number| number.ordinal)?;
            let day = u8::try_from(number.value.to_string().parse::<u32>().ok()?).ok()?;
            (day, i + number.len)
        };
        if !(1..=31).contains(&day) || !words::joins_day_to_month(self.lower(after)) {
            return None;
        }
        let month = self.month(after + 1)?;
        let year = self.year_at(after + 2);
        let next = after + 2 + usize::from(year.is_some());
        let date = Value::Date {
            year,
            month,
            day: Some(day),
        };
        Some((vec![self.mention(i, next, Kind::Date, date)], next))
    }

    /// `March the third`, `July the 4th`: a month, `the`, an ordinal day.
    pub(in crate::align::numbers) fn month_the_ordinal(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let month = self.month(i)?;
        if !words::between_month_and_day(self.lower(i + 1)) {
            return None;
        }
        let at = i + 2;
        let (day, next) = if self.is_number(at) {
            let suffixed = self.attached(at + 1) && SHARED.ordinal_suffixes.contains(self.lower(at + 1));
            (suffixed.then_some(self.day_at(at)?)?, at + 2)
        } else {
            let number = words::read(self.tokens, at, self.profile.words).filter(|number| number.ordinal)?;
            (
                u8::try_from(number.value.to_string().parse::<u32>().ok()?).ok()?,
                at + number.len,
            )
        };
        if !(1..=31).contains(&day) {
            return None;
        }
        let date = Value::Date {
            year: None,
            month,
            day: Some(day),
        };
        Some((vec![self.mention(i, next, Kind::Date, date)], next))
    }

    /// `noon`, `midnight`; on the source, `siang` read weakly.
    pub(in crate::align::numbers) fn clock_word(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let word = self.lower(i);
        if let Some(minutes) = words::weak_clock_word(word, self.profile.words).filter(|_| self.side == Side::Source) {
            let mut day_part = self.clock_mention(i, i + 1, minutes, None);
            day_part.confident = false;
            return Some((vec![day_part], i + 1));
        }
        let &(_, minutes) = SHARED.clock_words.iter().find(|(clock_word, _)| clock_word == word)?;
        // `12 noon`: the figure before already is the time.
        if minutes == 12 * 60 && i.checked_sub(1).is_some_and(|previous| self.is_number(previous)) {
            return None;
        }
        let (zone, after) = self.time_word(i + 1);
        let end = if zone.is_some() { after } else { i + 1 };
        Some((vec![self.clock_mention(i, end, minutes, zone)], end))
    }

    pub(in crate::align::numbers) fn month_first_date(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let month = self.month(i)?;
        let mut k = i + 1;
        if self
            .tok(k)
            .is_some_and(|token| token.is_punct('.') && !token.space_before)
        {
            k += 1;
        }
        if let Some(year) = self.year_at(k) {
            return Some((
                vec![self.mention(
                    i,
                    k + 1,
                    Kind::Date,
                    Value::Date {
                        year: Some(year),
                        month,
                        day: None,
                    },
                )],
                k + 1,
            ));
        }
        let day: u8 = self
            .tok(k)
            .filter(|token| token.kind == TokenKind::Number)?
            .text
            .parse()
            .ok()
            .filter(|day| (1..=31).contains(day))?;
        let mut next = k + 1;
        let mut year = None;
        let joint = self.range_joint(next);
        let second_day = joint
            .and_then(|len| self.day_at(next + len))
            .filter(|second| *second > day);
        if let (Some(len), Some(_)) = (joint, second_day) {
            next += len + 1;
        }
        if self.tok(next).is_some_and(|token| token.is_punct(',')) && self.year_at(next + 1).is_some() {
            year = self.year_at(next + 1);
            next += 2;
        } else if let Some(y) = self.year_at(next) {
            year = Some(y);
            next += 1;
        }
        if let Some(d2) = second_day {
            // `December 3 to 5, 2024`: two dates sharing the month and year.
            let first = self.mention(
                i,
                k + 1,
                Kind::Date,
                Value::Date {
                    year,
                    month,
                    day: Some(day),
                },
            );
            let second = self.mention(
                k + 1 + joint.unwrap_or(1),
                next,
                Kind::Date,
                Value::Date {
                    year,
                    month,
                    day: Some(d2),
                },
            );
            return Some((vec![first, second], next));
        }
        Some((
            vec![self.mention(
                i,
                next,
                Kind::Date,
                Value::Date {
                    year,
                    month,
                    day: Some(day),
                },
            )],
            next,
        ))
    }

    /// `1950-an`, `tahun 60-an`, `’90-an`, `1950s`, `'60s`.
    pub(in crate::align::numbers) fn decade(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let core = self.tok(i)?.text.clone();
        let n: i32 = core.parse().ok()?;
        let (suffix_end, ok) = if self
            .tok(i + 1)
            .is_some_and(|token| token.is_punct('-') && !token.space_before)
            && self.lower(i + 2) == SHARED.approximate_suffix
        {
            (i + 3, true)
        } else if self.attached(i + 1) && SHARED.decade_suffixes.contains(self.lower(i + 1)) {
            (i + 2, true)
        } else if self
            .tok(i + 1)
            .is_some_and(|token| crate::align::text::is_apostrophe(token.first_char()) && !token.space_before)
            && self.lower(i + 2) == "s"
            && self.attached(i + 2)
        {
            (i + 3, true)
        } else {
            (0, false)
        };
        if !ok || n % 10 != 0 {
            return None;
        }
        let elided = i.checked_sub(1).is_some_and(|previous| {
            self.tok(previous)
                .is_some_and(|token| crate::align::text::is_apostrophe(token.first_char()) || token.is_punct('‘'))
                && !self.tok(i).is_some_and(|token| token.space_before)
        });
        let year_word = i
            .checked_sub(1)
            .is_some_and(|before| SHARED.decade_words_before.contains(self.lower(before)));
        let value = match core.len() {
            4 if (1000..=2100).contains(&n) => n,
            2 if elided || year_word || self.lower(i + 1) == "s" => n,
            _ => return None,
        };
        let from = if elided { i - 1 } else { i };
        Some((
            vec![self.mention(from, suffix_end, Kind::Decade, Value::Decade(value))],
            suffix_end,
        ))
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
    if parts.len() > 3 || parts[0].len() > 2 || parts[1..].iter().any(|part| part.len() != 2) {
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
