//! Language data: scale words, currencies, percent words, months, hedges,
//! bands, ordinals and reporting verbs, one [`Profile`] per language, read
//! from `data/profiles/<code>.toml` (a file a linguist edits without reading
//! code; a new language is a new file and a line in [`target_profile`]).
//!
//! Only data lives here; the scanners in `numbers` and `quotes` read it.
//! Indonesian and Malay words are data, never identifiers. A target language
//! without its own profile gets [`GENERIC`]: English-style separators and the
//! language-neutral symbols (`%`, `$`, `Rp`, digits), no words.

use std::sync::LazyLock;

/// How a language writes digit groups and decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Separators {
    /// `12.000`, `3,5` (Indonesian).
    DotGroupsCommaDecimal,
    /// `12,000`, `3.5` (English, Malay and the generic profile).
    CommaGroupsDotDecimal,
}

/// Everything the extractors need to know about one language.
#[derive(Debug)]
pub struct Profile {
    /// ISO 639-1 code.
    pub code: &'static str,
    /// Digit grouping and decimal marks.
    pub separators: Separators,
    /// Scale words and abbreviations with their power of ten; `-nya` forms are derived.
    pub scales: &'static [(&'static str, u32)],
    /// Scale letters valid only next to a currency (`Rp2 M` = miliar in Indonesian).
    pub currency_scales: &'static [(&'static str, u32)],
    /// How this language writes thousand, million, billion, trillion (repairs); empty = write the digits out.
    pub scale_render: [&'static str; 4],
    /// Currency words after the amount, with ISO code.
    pub currency_words: &'static [(&'static str, &'static str)],
    /// Words for percent.
    pub percent_words: &'static [&'static str],
    /// Two-word phrases for percentage points and basis points.
    pub points_words: &'static [(&'static str, &'static str, &'static str)],
    /// Range connectors written as words.
    pub range_words: &'static [&'static str],
    /// `between`-style range openers and the word joining the two ends.
    pub between: Option<(&'static str, &'static str)>,
    /// Hedges before a number (lower case, possibly two words) and which way they bound it.
    pub hedges: &'static [(&'static str, Bound)],
    /// Month names and abbreviations (lower case) with their number.
    pub months: &'static [(&'static str, u8)],
    /// Words that make the next number a time of day.
    pub time_before: &'static [&'static str],
    /// Those of `time_before` that also introduce counts and places (`at 20
    /// ports`): after one, a bare whole number is a clock hour only at the
    /// end of a clause or before one of `clock_followers`.
    pub time_before_weak: &'static [&'static str],
    /// Words that may follow a bare clock hour (`at 7 tonight`).
    pub clock_followers: &'static [&'static str],
    /// Words after a number that make it a time of day, with the offset from UTC in hours if known.
    pub time_after: &'static [(&'static str, Option<i16>)],
    /// Words before a number that make it an identifier.
    pub identifier_before: &'static [&'static str],
    /// Words before a number that make it a year.
    pub year_before: &'static [&'static str],
    /// Era markers after a year: (word, is before the common era).
    pub eras: &'static [(&'static str, bool)],
    /// Vague bands: words (space separated, lower case) and the power of ten.
    pub bands: &'static [(&'static str, u8)],
    /// Every word that can start a band (each band's text up to a space or a hyphen), each once, so a
    /// scanner asks "does this word start a band?" of a few words instead of every band's text.
    pub band_first_words: &'static [&'static str],
    /// Whether some band's first word starts with this byte: most words are turned away on their first
    /// byte before any comparison.
    pub band_first_bytes: [bool; 256],
    /// Ordinal prefix joined by a hyphen (`ke-2`).
    pub ordinal_prefix: Option<&'static str>,
    /// Words after which a Roman numeral is an ordinal (`abad XX`, `World War II`).
    pub roman_before: &'static [&'static str],
    /// Decade words (`sixties`) with the two-digit decade.
    pub decade_words: &'static [(&'static str, i32)],
    /// Reporting verbs after a closing quote (`kata`, `said`).
    pub say_after: &'static [&'static str],
    /// Reporting verbs in a frame before an opening quote (`mengatakan`, `said`).
    pub say_before: &'static [&'static str],
    /// Words that introduce the speaker before an opening quote (`menurut`).
    pub according_to: &'static [&'static str],
    /// Pronouns that refer back to an earlier speaker.
    pub pronouns: &'static [&'static str],
    /// First-person pronouns (a quote's content without marks keeps them).
    pub first_person: &'static [&'static str],
    /// Words before which a quoted span is a title (`lagu`, `film`).
    pub title_before: &'static [&'static str],
    /// Words joining indirect speech (`that`, `bahwa`).
    pub complementisers: &'static [&'static str],
    /// The number-word grammar to use.
    pub words: WordGrammar,
}

/// Which way a hedge bounds a number (`sekitar` about, `lebih dari` at least, `hampir` at most).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bound {
    /// Around the number.
    About,
    /// The number or more.
    AtLeast,
    /// The number or less.
    AtMost,
}

impl Bound {
    /// Whether two hedges contradict each other (`more than` for `kurang dari`).
    pub fn contradicts(self, other: Bound) -> bool {
        matches!(
            (self, other),
            (Bound::AtLeast, Bound::AtMost) | (Bound::AtMost, Bound::AtLeast)
        )
    }
}

/// Which number-word grammar a language uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WordGrammar {
    /// Indonesian and Malay: `dua belas`, `seratus`, `tiga puluh`.
    Malay,
    /// English: `twelve`, `a hundred`, `thirty-one`.
    English,
    /// No number words.
    None,
}

#[rustfmt::skip]
const INDONESIAN_ZONES: &[(&str, Option<i16>)] = &[("wib", Some(7)), ("wita", Some(8)), ("wit", Some(9))];

#[rustfmt::skip]
const COMMON_CURRENCY_WORDS: &[(&str, &str)] = &[("idr", "IDR"), ("usd", "USD"), ("eur", "EUR"), ("gbp", "GBP"), ("jpy", "JPY"), ("sgd", "SGD"), ("myr", "MYR")];

/// Currency signs and codes written before the amount, longest first.
pub const CURRENCY_PREFIXES: &[(&str, &str)] = &[
    ("us$", "USD"),
    ("s$", "SGD"),
    ("a$", "AUD"),
    ("rp.", "IDR"),
    ("rp", "IDR"),
    ("idr", "IDR"),
    ("usd", "USD"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
    ("rm", "MYR"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
];

/// Indonesian (the source language): `data/profiles/id.toml`.
pub static ID: LazyLock<Profile> =
    LazyLock::new(|| Profile::from_data("id.toml", include_str!("data/profiles/id.toml")));

/// English (a target language): `data/profiles/en.toml`.
pub static EN: LazyLock<Profile> =
    LazyLock::new(|| Profile::from_data("en.toml", include_str!("data/profiles/en.toml")));

/// Malay (a target language; Apertium's `ind|zlm`), separators as English: `data/profiles/ms.toml`.
pub static MS: LazyLock<Profile> =
    LazyLock::new(|| Profile::from_data("ms.toml", include_str!("data/profiles/ms.toml")));

/// A language profile as its data file writes it (`data/profiles/*.toml`);
/// each field is documented on [`Profile`].
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileData {
    code: String,
    separators: Separators,
    scales: Vec<(String, u32)>,
    currency_scales: Vec<(String, u32)>,
    scale_render: [String; 4],
    currency_words: Vec<(String, String)>,
    percent_words: Vec<String>,
    points_words: Vec<(String, String, String)>,
    range_words: Vec<String>,
    #[serde(default)]
    between: Option<(String, String)>,
    hedges: Vec<(String, Bound)>,
    months: Vec<(String, u8)>,
    time_before: Vec<String>,
    time_before_weak: Vec<String>,
    clock_followers: Vec<String>,
    time_after: Vec<TimeWord>,
    identifier_before: Vec<String>,
    year_before: Vec<String>,
    eras: Vec<(String, bool)>,
    bands: Vec<(String, u8)>,
    #[serde(default)]
    ordinal_prefix: Option<String>,
    roman_before: Vec<String>,
    decade_words: Vec<(String, i32)>,
    say_after: Vec<String>,
    say_before: Vec<String>,
    according_to: Vec<String>,
    pronouns: Vec<String>,
    first_person: Vec<String>,
    title_before: Vec<String>,
    complementisers: Vec<String>,
    words: WordGrammar,
}

/// A word after a time of day: `["wib", 7]` with its offset from UTC in
/// hours, or a bare `"pagi"` without one.
#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
enum TimeWord {
    Zone(String, i16),
    Word(String),
}

impl Profile {
    /// Reads a profile's data file, compiled into the binary; a file that
    /// does not parse is a build defect, caught by the lexicon's own test.
    fn from_data(file: &str, text: &str) -> Profile {
        let data: ProfileData = toml::from_str(text)
            .unwrap_or_else(|error| panic!("src/align/data/profiles/{file} does not parse: {error}"));
        let [thousand, million, billion, trillion] = data.scale_render.map(leaked);
        let band_first_words = band_first_words(&data.bands);
        Profile {
            code: leaked(data.code),
            separators: data.separators,
            scales: leaked_pairs(data.scales),
            currency_scales: leaked_pairs(data.currency_scales),
            scale_render: [thousand, million, billion, trillion],
            currency_words: leaked_slice(
                data.currency_words
                    .into_iter()
                    .map(|(word, code)| (leaked(word), leaked(code)))
                    .collect(),
            ),
            percent_words: leaked_words(data.percent_words),
            points_words: leaked_slice(
                data.points_words
                    .into_iter()
                    .map(|(first, second, unit)| (leaked(first), leaked(second), leaked(unit)))
                    .collect(),
            ),
            range_words: leaked_words(data.range_words),
            between: data.between.map(|(opener, joiner)| (leaked(opener), leaked(joiner))),
            hedges: leaked_pairs(data.hedges),
            months: leaked_pairs(data.months),
            time_before: leaked_words(data.time_before),
            time_before_weak: leaked_words(data.time_before_weak),
            clock_followers: leaked_words(data.clock_followers),
            time_after: leaked_slice(
                data.time_after
                    .into_iter()
                    .map(|time_word| match time_word {
                        TimeWord::Zone(word, offset) => (leaked(word), Some(offset)),
                        TimeWord::Word(word) => (leaked(word), None),
                    })
                    .collect(),
            ),
            identifier_before: leaked_words(data.identifier_before),
            year_before: leaked_words(data.year_before),
            eras: leaked_pairs(data.eras),
            band_first_bytes: first_bytes(&band_first_words),
            band_first_words: leaked_words(band_first_words),
            bands: leaked_pairs(data.bands),
            ordinal_prefix: data.ordinal_prefix.map(leaked),
            roman_before: leaked_words(data.roman_before),
            decade_words: leaked_pairs(data.decade_words),
            say_after: leaked_words(data.say_after),
            say_before: leaked_words(data.say_before),
            according_to: leaked_words(data.according_to),
            pronouns: leaked_words(data.pronouns),
            first_person: leaked_words(data.first_person),
            title_before: leaked_words(data.title_before),
            complementisers: leaked_words(data.complementisers),
            words: data.words,
        }
    }
}

/// The words `w` that start a band: the whole band, or its text before any space or hyphen (the
/// empty text before a leading one too), exactly the words the band scanner's first-word test accepts.
fn band_first_words(bands: &[(String, u8)]) -> Vec<String> {
    let mut first_words: Vec<String> = bands
        .iter()
        .flat_map(|(band, _)| {
            let before_separators = band
                .char_indices()
                .filter(|&(_, character)| character == ' ' || character == '-')
                .map(|(at, _)| &band[..at]);
            before_separators.chain(std::iter::once(band.as_str()))
        })
        .map(str::to_owned)
        .collect();
    first_words.sort_unstable();
    first_words.dedup();
    first_words
}

/// Which bytes begin one of `words`.
fn first_bytes(words: &[String]) -> [bool; 256] {
    let mut first_bytes = [false; 256];
    for first_byte in words.iter().filter_map(|word| word.as_bytes().first()) {
        first_bytes[usize::from(*first_byte)] = true;
    }
    first_bytes
}

// A profile lives as long as the process (it is a static, loaded once), so
// its words are leaked once when it loads: the scanners go on reading
// `&'static str` slices, as they did when the words were tables in code.

fn leaked(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

fn leaked_slice<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

fn leaked_words(words: Vec<String>) -> &'static [&'static str] {
    leaked_slice(words.into_iter().map(leaked).collect())
}

fn leaked_pairs<V>(pairs: Vec<(String, V)>) -> &'static [(&'static str, V)] {
    leaked_slice(pairs.into_iter().map(|(word, value)| (leaked(word), value)).collect())
}

/// Any other target: English separators, symbols and digits only.
pub static GENERIC: Profile = GENERIC_BASE;

/// Targets that write `12.000` and `3,5` themselves (CLDR: German, Dutch,
/// Spanish, Italian, Portuguese, Turkish, Vietnamese, …): digits and symbols
/// only, read the Indonesian way, so a correct `12.000` is never "repaired".
pub static GENERIC_COMMA_DECIMAL: Profile = Profile {
    code: "und-comma",
    separators: Separators::DotGroupsCommaDecimal,
    ..GENERIC_BASE
};

/// Digits, symbols and Indonesian clock zones; no words of any language.
#[rustfmt::skip]
const GENERIC_BASE: Profile = Profile {
    code: "und",
    separators: Separators::CommaGroupsDotDecimal,
    scales: &[],
    currency_scales: &[],
    scale_render: ["", "", "", ""],
    currency_words: COMMON_CURRENCY_WORDS,
    percent_words: &["%"],
    points_words: &[],
    range_words: &[],
    between: None,
    hedges: &[("±", Bound::About)],
    months: &[],
    time_before: &[],
    time_before_weak: &[],
    clock_followers: &[],
    time_after: INDONESIAN_ZONES,
    identifier_before: &[],
    year_before: &[],
    eras: &[],
    bands: &[],
    band_first_words: &[],
    band_first_bytes: [false; 256],
    ordinal_prefix: None,
    roman_before: &[],
    decade_words: &[],
    say_after: &[],
    say_before: &[],
    according_to: &[],
    pronouns: &[],
    first_person: &[],
    title_before: &[],
    complementisers: &[],
    words: WordGrammar::None,
};

/// The profile for a target language code (`en`, `ms`, `en-GB`, `de`, …); decimal-comma languages get
/// [`GENERIC_COMMA_DECIMAL`], anything else unknown [`GENERIC`].
pub fn target_profile(lang: &str) -> &'static Profile {
    let base = lang.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    match base.as_str() {
        "en" | "eng" => &EN,
        "ms" | "zlm" | "msa" | "may" => &MS,
        "id" | "ind" => &ID,
        // CLDR decimal comma with dot (or space) grouping.
        "de" | "nl" | "es" | "it" | "pt" | "da" | "tr" | "vi" | "el" | "ro" | "hr" | "sl" | "sr" | "bs" | "fr"
        | "pl" | "ru" | "uk" | "cs" | "sk" | "fi" | "sv" | "nb" | "nn" | "no" | "hu" | "bg" | "lt" | "lv" | "et"
        | "ca" | "gl" | "eu" | "is" | "az" | "ka" | "mk" | "sq" | "be" | "kk" | "uz" => &GENERIC_COMMA_DECIMAL,
        _ => &GENERIC,
    }
}

/// Whether a target language writes numbers the English way (`12,000.5`)
/// and has its own profile: only there can alih render a number for the
/// engine without knowing the language's words.
pub fn writes_english_notation(lang: &str) -> bool {
    let profile = target_profile(lang);
    profile.separators == Separators::CommaGroupsDotDecimal && profile.code != GENERIC.code
}

/// `jutanya` → `juta`, `katanya` → `kata`: a word without the Indonesian
/// possessive suffix `-nya`, which also turns up in targets (Malay uses it,
/// engines leave it); the word itself when nothing is left without it.
pub fn without_possessive(word: &str) -> &str {
    word.strip_suffix(SHARED.possessive_suffix.as_str())
        .filter(|base| !base.is_empty())
        .unwrap_or(word)
}

/// A list of lower-case words from a data file.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct WordList(Vec<String>);

impl WordList {
    /// Whether `word` is on the list.
    pub fn contains(&self, word: &str) -> bool {
        self.0.iter().any(|entry| entry == word)
    }
}

/// The words read on either side whatever its language (`data/shared-words.toml`, which documents each role).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedWords {
    /// `-nya`.
    pub possessive_suffix: String,
    /// `-an` in `3.000-an`.
    pub approximate_suffix: String,
    /// `an` in `1960an`, `s` in `1960s`.
    pub decade_suffixes: WordList,
    /// `lebih` in `1.000 lebih peserta`.
    pub postposed_more: String,
    /// Words after which `lebih` compares instead.
    pub not_after_postposed_more: WordList,
    /// Words before a figure that let a one-letter era follow it.
    pub year_words_before_era: WordList,
    /// Era markers written before a year.
    pub eras_before_year: WordList,
    /// `from` in `from two to three`: on a target, a change, not a range.
    pub change_from_words: WordList,
    /// `minus 5`.
    pub minus_words: WordList,
    /// `25 bps`.
    pub basis_point_abbreviations: WordList,
    /// `0,25 % poin`.
    pub points_after_percent: WordList,
    /// `per cent`, as the two words in order.
    pub percent_two_words: [String; 2],
    /// `US` in `US dollars`.
    pub currency_country_before: WordList,
    /// `AS`, `Singapura` in `dolar AS`.
    pub currency_country_after: WordList,
    /// `Serikat` in `dolar Amerika Serikat`.
    pub currency_country_second_word: WordList,
    /// `st`, `nd`, `rd`, `th`.
    pub ordinal_suffixes: WordList,
    /// `salah` in `salah satu`.
    pub number_word_not_after: WordList,
    /// `of` in `one of`.
    pub weak_number_word_not_before: WordList,
    /// Words after which an ordinal word before a noun is collective.
    pub collective_ordinal_after: WordList,
    /// Nouns after which such an ordinal stays an ordinal (`kalinya`).
    pub collective_ordinal_not_before: WordList,
    /// `kali`, `times`, `fold`.
    pub multiplier_words: WordList,
    /// `pagi`, `malam`: day parts.
    pub day_parts: WordList,
    /// `pm`, `malam`.
    pub after_noon_words: WordList,
    /// `am`, `pagi`.
    pub before_noon_words: WordList,
    /// `siang`: after noon for the small hours it follows (`pukul 2 siang`), as written for the rest.
    pub midday_words: WordList,
    /// `noon`, `midnight` with their minutes after midnight.
    pub clock_words: Vec<(String, u32)>,
    /// `tahun` in `tahun 60-an`.
    pub decade_words_before: WordList,
    /// `juga` in `kata juga Budi`.
    pub words_between_verb_and_speaker: WordList,
    /// `bin`, `van`.
    pub name_particles: WordList,
    /// `dikatakan`.
    pub passive_reporting_verbs: WordList,
    /// `oleh`.
    pub agent_markers: WordList,
    /// `demikian`.
    pub attribution_openers: WordList,
    /// `according to`, as its two words.
    pub according_to: [String; 2],
    /// `irjen`, `prof`.
    pub ranks_before_name: WordList,
}

/// The shared words, parsed on first use from the file compiled into the binary.
pub static SHARED: LazyLock<SharedWords> = LazyLock::new(|| {
    toml::from_str(include_str!("data/shared-words.toml"))
        .unwrap_or_else(|error| panic!("src/align/data/shared-words.toml does not parse: {error}"))
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_file_parses_with_its_words() {
        assert_eq!(ID.code, "id");
        assert_eq!(ID.separators, Separators::DotGroupsCommaDecimal);
        assert_eq!(ID.ordinal_prefix, Some("ke"));
        assert!(ID.time_after.contains(&("wita", Some(8))) && ID.time_after.contains(&("pagi", None)));
        assert!(ID.hedges.contains(&("lebih dari", Bound::AtLeast)));
        assert_eq!(EN.code, "en");
        assert_eq!(EN.between, Some(("between", "and")));
        assert_eq!(EN.ordinal_prefix, None);
        assert_eq!(EN.words, WordGrammar::English);
        assert!(EN.eras.contains(&("bce", true)));
        assert_eq!(MS.code, "ms");
        assert_eq!(MS.scale_render, ["ribu", "juta", "bilion", "trilion"]);
        assert!(MS.months.contains(&("ogos", 8)));
    }

    #[test]
    fn the_shared_words_file_parses() {
        assert_eq!(without_possessive("jutanya"), "juta");
        assert!(SHARED.not_after_postposed_more.contains("dari"));
    }
}
