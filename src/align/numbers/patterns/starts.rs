//! Where each pattern may start, gathered once per profile.
//!
//! Most words (`the`, `police`, `mengatakan`) start no pattern, and a word-led
//! pattern turning one away costs a few look-ups of its own. A pattern that
//! can only start on words of the profile ([`Start::Listed`]) lists them
//! here, from the same data it reads; the scanner then looks each token up
//! once in one table and tries only the patterns that may start on it.

use std::ptr;
use std::sync::LazyLock;

use super::{PATTERNS, Start};
use crate::align::lexicon::{CURRENCY_PREFIXES, EN, GENERIC, GENERIC_COMMA_DECIMAL, ID, MS, Profile, SHARED};
use crate::align::numbers::word_table::WordTable;
use crate::align::numbers::words;
use crate::align::text::{Token, TokenKind};

/// A set of patterns: bit `n` stands for `PATTERNS[n]`, so counting up the bits goes down in priority.
pub(in crate::align::numbers) type PatternSet = u32;

const _: () = assert!(
    PATTERNS.len() <= PatternSet::BITS as usize,
    "a pattern set holds every pattern"
);

/// The patterns that may start on a token, for one profile.
pub(in crate::align::numbers) struct PatternStarts {
    /// For each listed text, the patterns that list it.
    listed: WordTable<PatternSet>,
    /// Per token kind: the patterns starting on any token of that kind.
    on_any_token: [PatternSet; 3],
    /// Per token kind: the patterns starting only on listed texts of that kind.
    on_listed_text: [PatternSet; 3],
}

impl PatternStarts {
    /// The table of a profile: built once for each built-in profile; any
    /// other profile (tests build their own) tries every pattern everywhere.
    pub(in crate::align::numbers) fn of(profile: &Profile) -> &'static PatternStarts {
        static FOR_ID: LazyLock<PatternStarts> = LazyLock::new(|| PatternStarts::new(Some(&ID)));
        static FOR_EN: LazyLock<PatternStarts> = LazyLock::new(|| PatternStarts::new(Some(&EN)));
        static FOR_MS: LazyLock<PatternStarts> = LazyLock::new(|| PatternStarts::new(Some(&MS)));
        static FOR_GENERIC: LazyLock<PatternStarts> = LazyLock::new(|| PatternStarts::new(Some(&GENERIC)));
        static FOR_GENERIC_COMMA_DECIMAL: LazyLock<PatternStarts> =
            LazyLock::new(|| PatternStarts::new(Some(&GENERIC_COMMA_DECIMAL)));
        static ANYWHERE: LazyLock<PatternStarts> = LazyLock::new(|| PatternStarts::new(None));
        // The code picks the candidate first, so no profile is loaded only to be compared.
        let (built_in, starts): (&Profile, &'static PatternStarts) = match profile.code {
            "id" => (&*ID, &*FOR_ID),
            "en" => (&*EN, &*FOR_EN),
            "ms" => (&*MS, &*FOR_MS),
            _ if ptr::eq(profile, &GENERIC_COMMA_DECIMAL) => (&GENERIC_COMMA_DECIMAL, &*FOR_GENERIC_COMMA_DECIMAL),
            _ => (&GENERIC, &*FOR_GENERIC),
        };
        if ptr::eq(profile, built_in) { starts } else { &ANYWHERE }
    }

    /// Gathers the listed texts of every pattern under `profile`; without one, every pattern may start anywhere.
    fn new(profile: Option<&Profile>) -> PatternStarts {
        let mut on_any_token = [0; 3];
        let mut on_listed_text = [0; 3];
        let mut listed: Vec<(String, PatternSet)> = Vec::new();
        for (index, pattern) in PATTERNS.iter().enumerate() {
            let bit: PatternSet = 1 << index;
            let listing = match (&pattern.start, profile) {
                (Start::Listed(listing), Some(profile)) => Some(listing(profile)),
                (Start::AnyToken, _) | (_, None) => None,
            };
            let by_kind = if listing.is_some() {
                &mut on_listed_text
            } else {
                &mut on_any_token
            };
            for kind in pattern.starts_on {
                by_kind[kind_slot(*kind)] |= bit;
            }
            listed.extend(listing.into_iter().flatten().map(|text| (text, bit)));
        }
        // One entry per text, naming every pattern that lists it.
        listed.sort();
        listed.dedup_by(|(later_text, later_patterns), (text, patterns)| {
            let same = later_text == text;
            if same {
                *patterns |= *later_patterns;
            }
            same
        });
        PatternStarts {
            listed: WordTable::new(listed),
            on_any_token,
            on_listed_text,
        }
    }

    /// The patterns that may start on `token`.
    pub(in crate::align::numbers) fn candidates(&self, token: &Token) -> PatternSet {
        let slot = kind_slot(token.kind);
        let mut candidates = self.on_any_token[slot];
        if self.on_listed_text[slot] != 0 {
            candidates |= self.listed.get(&token.lower).unwrap_or(0) & self.on_listed_text[slot];
        }
        candidates
    }
}

/// The patterns of a set, highest priority first.
pub(in crate::align::numbers) fn patterns_in(set: PatternSet) -> impl Iterator<Item = &'static super::Pattern> {
    let mut remaining = set;
    std::iter::from_fn(move || {
        let index = remaining.trailing_zeros() as usize;
        remaining &= remaining.checked_sub(1)?;
        Some(&PATTERNS[index])
    })
}

fn kind_slot(kind: TokenKind) -> usize {
    match kind {
        TokenKind::Number => 0,
        TokenKind::Word => 1,
        TokenKind::Punct => 2,
    }
}

/// Every start of a currency sign or code (`u`, `us`, `us$`): [`Scanner::currency_prefix`] reads one from its
/// first token on.
///
/// [`Scanner::currency_prefix`]: crate::align::numbers::scan::Scanner::currency_prefix
pub(super) fn currency_prefix_starts(_: &Profile) -> Vec<String> {
    CURRENCY_PREFIXES
        .iter()
        .flat_map(|(prefix, _)| {
            prefix
                .char_indices()
                .map(|(at, character)| prefix[..at + character.len_utf8()].to_string())
        })
        .collect()
}

/// The hyphenated ordinal's prefix (`ke`).
pub(super) fn ordinal_prefixes(profile: &Profile) -> Vec<String> {
    profile.ordinal_prefix.into_iter().map(str::to_string).collect()
}

/// The word opening a `between` range (`antara`).
pub(super) fn between_openers(profile: &Profile) -> Vec<String> {
    profile
        .between
        .into_iter()
        .map(|(opener, _)| opener.to_string())
        .collect()
}

/// Clock words (`noon`) and the day parts read as times (`siang`).
pub(super) fn clock_words(profile: &Profile) -> Vec<String> {
    let shared = SHARED.clock_words.iter().map(|(word, _)| word.clone());
    shared.chain(words::weak_clock_words(profile.words)).collect()
}

/// Month names and abbreviations.
pub(super) fn month_names(profile: &Profile) -> Vec<String> {
    profile.months.iter().map(|(month, _)| month.to_string()).collect()
}

/// Words announcing a bare day of the month (`tanggal`).
pub(super) fn day_words(_: &Profile) -> Vec<String> {
    words::day_announcing_words()
}

/// First words of vague bands (`ratusan`, `tens`).
pub(super) fn band_first_words(profile: &Profile) -> Vec<String> {
    profile.band_first_words.iter().map(|word| word.to_string()).collect()
}

/// Decade words (`sixties`).
pub(super) fn decade_words(profile: &Profile) -> Vec<String> {
    profile
        .decade_words
        .iter()
        .map(|(decade, _)| decade.to_string())
        .collect()
}

/// Words a number written in words can start with.
pub(super) fn number_first_words(profile: &Profile) -> Vec<String> {
    words::number_first_words(profile.words)
}

#[cfg(test)]
mod tests {
    use super::{PatternStarts, patterns_in};
    use crate::align::lexicon::{GENERIC, ID, Profile};
    use crate::align::text::tokenize;

    /// How many patterns may start on the first token of `text`.
    fn candidates(profile: &Profile, text: &str) -> usize {
        let chars: Vec<char> = text.chars().collect();
        patterns_in(PatternStarts::of(profile).candidates(&tokenize(&chars)[0])).count()
    }

    #[test]
    fn a_listed_word_adds_its_patterns_to_those_of_every_word() {
        let plain = candidates(&ID, "mengatakan");
        assert!(candidates(&ID, "tanggal") > plain);
        assert!(candidates(&ID, "ketiga") > plain);
        assert!(candidates(&ID, "Rp") > plain);
    }

    #[test]
    fn a_profile_that_is_not_built_in_tries_every_pattern_everywhere() {
        let own = Profile { code: "id", ..GENERIC };
        assert!(candidates(&own, "mengatakan") > candidates(&ID, "mengatakan"));
        assert_eq!(candidates(&own, "mengatakan"), candidates(&own, "tanggal"));
    }
}
