//! Patterns decided by words around the digits or by words alone:
//! identifiers (`No. 15`, phones, `COVID-19`), suffixed and Roman ordinals,
//! vague bands (`ratusan`), number words and parenthesised restatements.

use rust_decimal::Decimal;

use crate::align::lexicon::{SHARED, Separators};
use crate::align::numbers::patterns::Reading;
use crate::align::numbers::scan::Scanner;
use crate::align::numbers::value::{Kind, Value, read_core, roman};
use crate::align::numbers::words::WordNumber;
use crate::align::numbers::{Mention, Side, words};
use crate::align::text::TokenKind;

impl Scanner<'_> {
    /// `+62 21 5701234`: a plus sign attached to digits starts an identifier.
    pub(in crate::align::numbers) fn plus_identifier(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let plus = self.tok(i)?;
        if plus.is_punct('+') && self.is_number(i + 1) && self.attached(i + 1) {
            return self.identifier_run(i, i + 1);
        }
        None
    }

    /// `ke-2`: the Indonesian and Malay hyphenated ordinal. Once `ke-` is followed by digits the position is
    /// the ordinal's, even if the digits cannot be read.
    pub(in crate::align::numbers) fn hyphenated_ordinal(&self, i: usize) -> Reading {
        let prefixed = self
            .tok(i)
            .is_some_and(|word| self.profile.ordinal_prefix == Some(word.lower.as_ref()))
            && self
                .tok(i + 1)
                .is_some_and(|dash| dash.is_punct('-') && !dash.space_before)
            && self.is_number(i + 2);
        if !prefixed {
            return Reading::Pass;
        }
        match self
            .tok(i + 2)
            .and_then(|digits| read_core(&digits.text, Separators::DotGroupsCommaDecimal))
        {
            Some((value, _)) => Reading::Found(vec![self.mention(i, i + 3, Kind::Ordinal, Value::Num(value))], i + 3),
            None => Reading::Claimed,
        }
    }

    /// `COVID-19`, `F-16`, `G20`: a short capitalised name with digits attached is an identifier.
    pub(in crate::align::numbers) fn name_with_digits(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let name = self.tok(i)?;
        let dash = self
            .tok(i + 1)
            .is_some_and(|dash| dash.is_punct('-') && !dash.space_before);
        let digits_at = if dash { i + 2 } else { i + 1 };
        // Digits attached after it are the rare part: ask about them before the name.
        if !self.is_number(digits_at) || !self.attached(digits_at) {
            return None;
        }
        if !name.first_char().is_uppercase() || self.profile.months.iter().any(|(month, _)| *month == name.lower) {
            return None;
        }
        let shaped = (dash || name.text.chars().all(char::is_uppercase)) && name.text.chars().count() <= 5;
        if !shaped || self.currency_prefix(i).is_some() {
            return None;
        }
        let digits = self.tok(digits_at)?.text.chars().filter(char::is_ascii_digit).collect();
        Some((
            vec![self.mention(i, digits_at + 1, Kind::Identifier, Value::Digits(digits))],
            digits_at + 1,
        ))
    }

    /// `sixties`, `eighties`: a decade written as a word.
    pub(in crate::align::numbers) fn decade_word(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let word = self.tok(i)?;
        let &(_, decade) = self
            .profile
            .decade_words
            .iter()
            .find(|(decade, _)| *decade == word.lower)?;
        Some((vec![self.mention(i, i + 1, Kind::Decade, Value::Decade(decade))], i + 1))
    }

    /// `0812-3456-7890`, `No. 15`, `Pasal 23`, `+62 21 5701234`, long digit strings.
    pub(in crate::align::numbers) fn identifier(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let core = &self.tok(i)?.text;
        let plain = core.chars().all(|character| character.is_ascii_digit());
        let mut before = i.checked_sub(1);
        if before.is_some_and(|at| {
            self.tok(at)
                .is_some_and(|token| token.is_punct('.') || token.is_punct(':') || token.is_punct('('))
        }) {
            before = before.and_then(|at| at.checked_sub(1));
        }
        let keyword = before.is_some_and(|at| self.profile.identifier_before.contains(&self.lower(at)));
        let leading_zero = plain && core.len() > 1 && core.starts_with('0');
        let long = plain && core.len() >= 8;
        let phone = plain
            && core.starts_with('0')
            && self.tok(i + 1).is_some_and(|token| token.is_punct('-'))
            && self.is_number(i + 2);
        let area = self.tok(i.wrapping_sub(1)).is_some_and(|token| token.is_punct('('))
            && leading_zero
            && self.tok(i + 1).is_some_and(|token| token.is_punct(')'));
        if !(keyword && plain || leading_zero || long || phone || area) {
            return None;
        }
        self.identifier_run(if area { i - 1 } else { i }, i)
    }

    /// Joins digits separated by hyphens, spaces or brackets into one identifier.
    pub(in crate::align::numbers) fn identifier_run(&self, from: usize, i: usize) -> Option<(Vec<Mention>, usize)> {
        let mut digits = String::new();
        let mut k = i;
        let mut last = i;
        while let Some(t) = self.tok(k) {
            match t.kind {
                TokenKind::Number
                    if t.text
                        .chars()
                        .all(|character| character.is_ascii_digit() || character == '.') =>
                {
                    digits.extend(t.text.chars().filter(char::is_ascii_digit));
                    last = k;
                    k += 1;
                }
                TokenKind::Punct
                    if matches!(t.first_char(), '-' | ')' | '(') && self.is_number(k + 1) && digits.len() < 16 =>
                {
                    k += 1
                }
                _ => break,
            }
            if self.is_number(k)
                && self.tok(k).is_some_and(|token| token.space_before)
                && !(self.tok(k - 1).is_some_and(|token| token.is_punct(')')) || from < i)
            {
                break;
            }
        }
        if self.tok(from).is_some_and(|token| token.is_punct('+')) {
            digits.insert(0, '+');
        }
        Some((
            vec![self.mention(from, last + 1, Kind::Identifier, Value::Digits(digits))],
            last + 1,
        ))
    }

    /// `2nd`, `45th`, `21st`.
    pub(in crate::align::numbers) fn suffixed_ordinal(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        if !self.attached(i + 1) || !SHARED.ordinal_suffixes.contains(self.lower(i + 1)) {
            return None;
        }
        let n: u64 = self.tok(i)?.text.parse().ok()?;
        Some((
            vec![self.mention(i, i + 2, Kind::Ordinal, Value::Num(Decimal::from(n)))],
            i + 2,
        ))
    }

    /// `abad XX`, `Perang Dunia II`, `World War II`.
    pub(in crate::align::numbers) fn roman_ordinal(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let t = self.tok(i)?;
        let n = roman(&t.text)?;
        let p = i.checked_sub(1)?;
        if !self.profile.roman_before.contains(&self.lower(p)) {
            return None;
        }
        Some((
            vec![self.mention(i, i + 1, Kind::Ordinal, Value::Num(Decimal::from(n)))],
            i + 1,
        ))
    }

    /// `ratusan`, `puluhan ribu`, `tens of thousands`, `beribu-ribu`.
    pub(in crate::align::numbers) fn band(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        let first = self.lower(i);
        let starts_band = first
            .as_bytes()
            .first()
            .is_none_or(|first_byte| self.profile.band_first_bytes[usize::from(*first_byte)])
            && self
                .profile
                .band_first_words
                .iter()
                .any(|band_first_word| same_word(band_first_word, first));
        if !starts_band {
            return None;
        }
        let mut best: Option<(u8, usize)> = None;
        let mut phrase = String::new();
        let mut k = i;
        for _ in 0..4 {
            let Some(t) = self.tok(k) else { break };
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
        let mut band = self.mention(i, end, Kind::Vague, Value::Band(p));
        band.confident = !words::weak_band(&band.text.to_lowercase());
        Some((vec![band], end))
    }

    /// Numbers written in words, with percent and currency suffixes.
    pub(in crate::align::numbers) fn number_words(&self, i: usize) -> Option<(Vec<Mention>, usize)> {
        // Most words start no number: spare them the context checks below.
        if !words::may_start_number(self.tokens, i, self.profile.words) {
            return None;
        }
        let t = self.tok(i)?;
        let prev = i.checked_sub(1).map(|previous| self.lower(previous)).unwrap_or("");
        let capitalised_inside = i > 0
            && t.is_capitalised()
            && !self
                .tok(i - 1)
                .is_some_and(|token| matches!(token.first_char(), '"' | '“' | '(' | '‘'));
        if SHARED.number_word_not_after.contains(prev) || words::not_a_number_here(self.tokens, i, self.profile.words) {
            return None;
        }
        let w = words::read(self.tokens, i, self.profile.words)?;
        // A capitalised number word inside a sentence is a name (`Seven
        // Eleven`), except a translated ordinal in a name (`the Second World
        // War` for `Perang Dunia II`), which is read weakly: it may pair with
        // the source's ordinal, never stand as an extra number.
        let name_ordinal = capitalised_inside && w.ordinal && self.side == Side::Target;
        if capitalised_inside && !name_ordinal && !self.capitalised_number_word(i, w.len) {
            return None;
        }
        let mut next = i + w.len;
        // `satu-satunya`, `dua-dua` (a repeated word), `one of`, `satu per satu`;
        // but `five-year-old`, `two-minute` and `four-nil` are numbers.
        let repeated = self.tok(next).is_some_and(|token| token.is_punct('-'))
            && w.len == 1
            && self
                .tok(next + 1)
                .is_some_and(|after| after.lower.starts_with(t.lower.as_ref()));
        if repeated
            || (w.weak
                && w.ratio.is_none()
                && !w.ordinal
                && SHARED.weak_number_word_not_before.contains(self.lower(next))
                && self.percent_suffix(next).is_none())
        {
            return None;
        }
        let mut kind = if w.ordinal {
            Kind::Ordinal
        } else if w.ratio.is_some() {
            Kind::Fraction
        } else {
            Kind::Cardinal
        };
        let mut value = match w.ratio {
            Some((n, d)) => Value::Ratio(n, d),
            None => Value::Num(w.value),
        };
        let mut weak = w.weak || name_ordinal;
        let mut unit: Option<String> = None;
        if w.ordinal && (self.side == Side::Source || self.profile.code == "ms") {
            // `kedua negara` = both countries, `ketiga tersangka` = the three suspects.
            // An ordinal follows its noun (`putaran kedua`); before a noun at a phrase start it is collective.
            let following = self
                .tok(next)
                .filter(|token| token.kind == TokenKind::Word && !token.is_capitalised());
            let phrase_start = i == 0 || SHARED.collective_ordinal_after.contains(prev);
            if w.value > Decimal::ONE
                && phrase_start
                && following.is_some_and(|noun| !SHARED.collective_ordinal_not_before.contains(&noun.lower))
            {
                kind = Kind::Cardinal;
                weak = true;
            }
        }
        if let Some((suffix_kind, suffix_value, suffix_unit, after)) = self.number_word_suffix(&w, next) {
            kind = suffix_kind;
            value = suffix_value.unwrap_or(value);
            unit = Some(suffix_unit);
            next = after;
        }
        // A figure with its percent or currency word is a count whatever its word (`one per cent`).
        weak &= unit.is_none();
        if let (Kind::Fraction, Some((n, d))) = (kind, w.ratio) {
            value = Value::Ratio(n, d);
        }
        let mut m = self.mention(i, next, kind, value);
        m.unit = unit;
        m.confident = !weak && !self.multiplier(next);
        m.bound = self.hedged(i);
        m.approx = m.bound.is_some();
        if let Some((range, after)) = self.word_range(&m, prev, next) {
            return Some((vec![range], after));
        }
        Some((vec![m], next))
    }

    /// The percent or currency word that belongs to the number word `reading`
    /// ending at `next`: `a quarter of a percent` and `seperempat persen`
    /// (a share of one percent, which becomes the value), `lima persen`,
    /// `dua juta rupiah`. Returns the kind, the new value if it changes, the
    /// unit and where the number ends.
    fn number_word_suffix(&self, reading: &WordNumber, next: usize) -> Option<(Kind, Option<Value>, String, usize)> {
        if let Some((numerator, denominator)) = reading.ratio {
            let (share, after) = words::of_a_percent(self.tokens, next)
                .and_then(|after| self.percent_suffix(after))
                .or_else(|| self.percent_suffix(next))?;
            let of_one_percent = Value::Num(Decimal::from(numerator) / Decimal::from(denominator));
            return Some((share, Some(of_one_percent), "%".to_string(), after));
        }
        if reading.ordinal {
            return None;
        }
        if let Some((share, after)) = self.percent_suffix(next) {
            return Some((share, None, "%".to_string(), after));
        }
        let (code, after) = self.currency_word(next)?;
        Some((Kind::Currency, None, code.to_string(), after))
    }

    /// `tiga hingga empat kilometer`, `between two and four feet`: number words joined by a range word (or
    /// opened by `antara`/`between` and joined by its `dan`/`and`) are one range, as figures are; on a target
    /// `from two to three` is a change, not a range.
    fn word_range(&self, first: &Mention, before: &str, next: usize) -> Option<(Mention, usize)> {
        let joiner = self.tok(next)?;
        let between = self
            .profile
            .between
            .is_some_and(|(opener, and)| before == opener && joiner.lower == and);
        if first.kind != Kind::Cardinal
            || !(between || self.profile.range_words.contains(&joiner.lower.as_ref()))
            || (self.side == Side::Target && SHARED.change_from_words.contains(before))
        {
            return None;
        }
        let (seconds, after) = self.number_words(next + 1)?;
        let [second] = seconds.as_slice() else {
            return None;
        };
        let (lo, hi) = (first.value.as_num()?, second.value.as_num()?);
        if !matches!(second.kind, Kind::Cardinal | Kind::Percent | Kind::Currency) || lo >= hi {
            return None;
        }
        let mut range = self.mention_span(first.start, second.end, Kind::Range, Value::Range(lo, hi));
        range.unit = second.unit.clone();
        range.approx = first.approx;
        range.bound = first.bound;
        range.confident = first.confident || second.confident;
        Some((range, after))
    }

    /// A capitalised number word inside a sentence is a number, not a name
    /// (`Seven Eleven`), in a headline written in title case (`Aset Empat
    /// Pasar`) or when the word after it is not capitalised (`Three weeks`
    /// after a colon or a dash).
    fn capitalised_number_word(&self, i: usize, len: usize) -> bool {
        let words: Vec<_> = self
            .tokens
            .iter()
            .filter(|token| token.kind == TokenKind::Word)
            .collect();
        let capitalised = words.iter().filter(|token| token.is_capitalised()).count();
        let title_case = words.len() >= 3 && capitalised * 4 >= words.len() * 3;
        let next_lower = self
            .tok(i + len)
            .is_some_and(|next| next.kind == TokenKind::Word && !next.is_capitalised());
        let previous = i.checked_sub(1).and_then(|previous| self.tok(previous));
        let in_name =
            previous.is_some_and(|word| word.is_capitalised() && (!title_case || words::heads_a_name(&word.lower)));
        (title_case || next_lower) && !in_name
    }

    /// `dua kali (lipat)`, `3 times`: a multiplier, which English may render as `twice`/`doubled`.
    pub(in crate::align::numbers) fn multiplier(&self, next: usize) -> bool {
        SHARED.multiplier_words.contains(self.lower(next))
    }

    /// Skips a parenthesised restatement in words: `1 (satu) tahun`.
    pub(in crate::align::numbers) fn skip_restatement(&self, next: usize) -> usize {
        if !self.tok(next).is_some_and(|token| token.is_punct('(')) {
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
            if words::read(self.tokens, k, self.profile.words).is_some() {
                saw_number = true;
            }
            k += 1;
        }
        next
    }
}

/// Whether two words are the same; the lengths and first bytes settle most comparisons without a call to
/// compare the rest, as this runs for every word of every sentence.
fn same_word(left: &str, right: &str) -> bool {
    left.len() == right.len() && left.as_bytes().first() == right.as_bytes().first() && left == right
}
