//! Language data: scale words, currencies, percent words, months, hedges,
//! bands, ordinals and reporting verbs, one [`Profile`] per language.
//!
//! Only data lives here; the scanners in `numbers` and `quotes` read it.
//! Indonesian and Malay words are data, never identifiers. A target language
//! without its own profile gets [`GENERIC`]: English-style separators and the
//! language-neutral symbols (`%`, `$`, `Rp`, digits), no words.

use std::sync::LazyLock;

/// How a language writes digit groups and decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordGrammar {
    /// Indonesian and Malay: `dua belas`, `seratus`, `tiga puluh`.
    Malay,
    /// English: `twelve`, `a hundred`, `thirty-one`.
    English,
    /// No number words.
    None,
}

#[rustfmt::skip]
const ID_MONTHS: &[(&str, u8)] = &[
    ("januari", 1), ("jan", 1), ("februari", 2), ("pebruari", 2), ("feb", 2), ("maret", 3), ("mar", 3),
    ("april", 4), ("apr", 4), ("mei", 5), ("juni", 6), ("jun", 6), ("juli", 7), ("jul", 7),
    ("agustus", 8), ("agu", 8), ("ags", 8), ("agt", 8), ("september", 9), ("sep", 9), ("sept", 9),
    ("oktober", 10), ("okt", 10), ("november", 11), ("nov", 11), ("desember", 12), ("des", 12),
];

#[rustfmt::skip]
const EN_MONTHS: &[(&str, u8)] = &[
    ("january", 1), ("jan", 1), ("february", 2), ("feb", 2), ("march", 3), ("mar", 3), ("april", 4),
    ("apr", 4), ("may", 5), ("june", 6), ("jun", 6), ("july", 7), ("jul", 7), ("august", 8),
    ("aug", 8), ("september", 9), ("sep", 9), ("sept", 9), ("october", 10), ("oct", 10),
    ("november", 11), ("nov", 11), ("december", 12), ("dec", 12),
];

#[rustfmt::skip]
const MS_MONTHS: &[(&str, u8)] = &[
    ("januari", 1), ("jan", 1), ("februari", 2), ("feb", 2), ("mac", 3), ("april", 4), ("apr", 4),
    ("mei", 5), ("jun", 6), ("julai", 7), ("jul", 7), ("ogos", 8), ("september", 9), ("sep", 9),
    ("oktober", 10), ("okt", 10), ("november", 11), ("nov", 11), ("disember", 12), ("dis", 12),
    // Apertium leaves Indonesian month names untranslated.
    ("maret", 3), ("juni", 6), ("juli", 7), ("agustus", 8), ("desember", 12),
];

#[rustfmt::skip]
const INDONESIAN_ZONES: &[(&str, Option<i16>)] = &[("wib", Some(7)), ("wita", Some(8)), ("wit", Some(9))];

#[rustfmt::skip]
const INDONESIAN_CLOCK_WORDS: &[(&str, Option<i16>)] = &[("wib", Some(7)), ("wita", Some(8)), ("wit", Some(9)), ("pagi", None), ("siang", None), ("sore", None), ("petang", None), ("malam", None)];

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

/// Indonesian (the source language).
#[rustfmt::skip]
pub static ID: Profile = Profile {
    code: "id",
    separators: Separators::DotGroupsCommaDecimal,
    scales: &[("ribu", 3), ("rb", 3), ("juta", 6), ("jt", 6), ("miliar", 9), ("milyar", 9), ("triliun", 12), ("trilyun", 12)],
    currency_scales: &[("m", 9), ("t", 12), ("jt", 6), ("rb", 3)],
    scale_render: ["ribu", "juta", "miliar", "triliun"],
    currency_words: &[("rupiah", "IDR"), ("dolar", "USD"), ("dollar", "USD"), ("euro", "EUR"), ("yen", "JPY"), ("ringgit", "MYR"), ("poundsterling", "GBP"), ("pound", "GBP"), ("yuan", "CNY"), ("won", "KRW"), ("rubel", "RUB")],
    percent_words: &["persen", "persennya", "%"],
    points_words: &[("poin", "persentase", "pp"), ("persen", "poin", "pp"), ("basis", "poin", "bp")],
    range_words: &["hingga", "sampai", "s.d.", "s/d"],
    between: Some(("antara", "dan")),
    hedges: &[("sekitar", Bound::About), ("kira-kira", Bound::About), ("kurang lebih", Bound::About), ("hampir", Bound::AtMost), ("lebih dari", Bound::AtLeast), ("kurang dari", Bound::AtMost), ("tidak lebih dari", Bound::AtMost), ("tidak kurang dari", Bound::AtLeast), ("setidaknya", Bound::AtLeast), ("sedikitnya", Bound::AtLeast), ("sebanyak-banyaknya", Bound::AtMost), ("paling sedikit", Bound::AtLeast), ("paling banyak", Bound::AtMost), ("maksimal", Bound::AtMost), ("minimal", Bound::AtLeast), ("±", Bound::About), ("hingga", Bound::AtMost), ("sampai", Bound::AtMost)],
    months: ID_MONTHS,
    time_before: &["pukul", "pkl", "jam"],
    time_before_weak: &[],
    clock_followers: &[],
    time_after: INDONESIAN_CLOCK_WORDS,
    identifier_before: &["nomor", "no", "nomer", "halaman", "hal", "pasal", "ayat", "nik", "rekening", "telepon", "telp", "hp", "kode", "nip", "nrp", "npwp", "rt", "rw", "perpres", "perppu", "pp", "permen", "kepres", "keppres", "uu", "hotline", "call", "center"],
    year_before: &["tahun", "thn", "th", "sejak", "periode", "ta"],
    eras: &[("m", false), ("masehi", false), ("sm", true), ("h", false), ("hijriah", false)],
    bands: &[
        ("belasan", 1), ("puluhan", 1), ("ratusan", 2), ("ribuan", 3), ("puluhan ribu", 4),
        ("ratusan ribu", 5), ("jutaan", 6), ("puluhan juta", 7), ("ratusan juta", 8), ("miliaran", 9),
        ("milyaran", 9), ("sejutaan", 6), ("belasan ribu", 4), ("belasan juta", 7), ("puluhan miliar", 10), ("ratusan miliar", 11), ("triliunan", 12),
        ("puluhan triliun", 13), ("ratusan triliun", 14),
    ],
    ordinal_prefix: Some("ke"),
    roman_before: &["abad", "dunia", "jilid", "bab", "kodam", "pangdam", "seri", "tahap", "gelombang", "bagian", "kuartal", "triwulan", "semester", "eselon", "golongan", "kelas", "babak", "angkatan"],
    decade_words: &[],
    say_after: &["kata", "ujar", "ucap", "tutur", "jelas", "ungkap", "imbuh", "tambah", "terang", "tegas", "papar", "lanjut", "sebut", "tulis", "seru", "tanya", "jawab", "keluh", "sambung", "timpal", "kenang", "pungkas", "kilah", "akui", "ucapnya", "demikian"],
    say_before: &["mengatakan", "menyatakan", "menegaskan", "menjelaskan", "berkata", "menambahkan", "mengungkapkan", "menuturkan", "menulis", "bertanya", "menyebut", "menyebutkan", "memaparkan", "mengaku", "berujar", "mengingatkan", "menekankan", "mencuit", "berpesan"],
    according_to: &["menurut", "kata"],
    pronouns: &["dia", "ia", "beliau", "mereka", "nya"],
    first_person: &["saya", "aku", "kami", "kita", "ku"],
    title_before: &["lagu", "film", "buku", "sajak", "puisi", "artikel", "judul", "novel", "album", "acara", "program", "tajuk", "berjudul", "bertajuk"],
    complementisers: &["bahwa", "bahwasanya"],
    words: WordGrammar::Malay,
};

/// English (a target language).
#[rustfmt::skip]
pub static EN: Profile = Profile {
    code: "en",
    separators: Separators::CommaGroupsDotDecimal,
    scales: &[("thousand", 3), ("thousands", 3), ("million", 6), ("millions", 6), ("mn", 6), ("billion", 9), ("billions", 9), ("bn", 9), ("trillion", 12), ("tn", 12)],
    currency_scales: &[("k", 3), ("m", 6), ("b", 9), ("t", 12)],
    scale_render: ["thousand", "million", "billion", "trillion"],
    currency_words: &[("rupiah", "IDR"), ("rupiahs", "IDR"), ("dollars", "USD"), ("dollar", "USD"), ("euros", "EUR"), ("euro", "EUR"), ("yen", "JPY"), ("ringgit", "MYR"), ("pounds", "GBP"), ("pound", "GBP"), ("yuan", "CNY"), ("won", "KRW"), ("rubles", "RUB"), ("roubles", "RUB")],
    percent_words: &["percent", "%"],
    points_words: &[("percentage", "points", "pp"), ("percentage", "point", "pp"), ("basis", "points", "bp"), ("basis", "point", "bp")],
    range_words: &["to"],
    between: Some(("between", "and")),
    hedges: &[("about", Bound::About), ("around", Bound::About), ("some", Bound::About), ("roughly", Bound::About), ("approximately", Bound::About), ("nearly", Bound::AtMost), ("almost", Bound::AtMost), ("more than", Bound::AtLeast), ("less than", Bound::AtMost), ("over", Bound::AtLeast), ("under", Bound::AtMost), ("at least", Bound::AtLeast), ("up to", Bound::AtMost), ("as many as", Bound::AtMost), ("at most", Bound::AtMost), ("fewer than", Bound::AtMost), ("no more than", Bound::AtMost), ("no fewer than", Bound::AtLeast), ("no less than", Bound::AtLeast), ("upwards of", Bound::AtLeast), ("close to", Bound::AtMost), ("just over", Bound::AtLeast), ("just under", Bound::AtMost), ("±", Bound::About), ("an estimated", Bound::About)],
    months: EN_MONTHS,
    time_before: &["at"],
    time_before_weak: &["at"],
    clock_followers: &["in", "on", "tonight", "today", "tomorrow", "yesterday", "sharp", "and", "or", "until", "till", "this", "that", "every", "local", "noon", "midnight", "last", "next", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    time_after: &[("wib", Some(7)), ("wita", Some(8)), ("wit", Some(9)), ("gmt", Some(0)), ("utc", Some(0)), ("am", None), ("pm", None), ("a.m", None), ("p.m", None), ("o'clock", None)],
    identifier_before: &["number", "no", "article", "page", "pages", "pp", "paragraph", "law", "regulation", "account", "phone", "hotline", "code", "decree"],
    year_before: &["year", "since", "in", "fiscal"],
    eras: &[("ad", false), ("ce", false), ("bc", true), ("bce", true), ("ah", false)],
    bands: &[
        ("a dozen or so", 1), ("more than a dozen", 1), ("over a dozen", 1), ("dozens", 1), ("tens", 1), ("scores", 1), ("hundreds", 2), ("thousands", 3),
        ("tens of thousands", 4), ("hundreds of thousands", 5), ("millions", 6), ("tens of millions", 7),
        ("hundreds of millions", 8), ("tens thousands", 4), ("hundreds thousands", 5), ("tens millions", 7),
        ("hundreds millions", 8), ("billions", 9), ("tens of billions", 10), ("hundreds of billions", 11),
        ("trillions", 12), ("tens of trillions", 13), ("hundreds of trillions", 14),
    ],
    ordinal_prefix: None,
    roman_before: &["war", "century", "volume", "chapter", "phase", "part", "series", "elizabeth", "john", "paul", "george", "henry", "charles", "quarter", "semester", "class", "grade", "echelon", "round", "batch", "level", "stage"],
    decade_words: &[("twenties", 20), ("thirties", 30), ("forties", 40), ("fifties", 50), ("sixties", 60), ("seventies", 70), ("eighties", 80), ("nineties", 90)],
    say_after: &["said", "says", "told", "added", "explained", "stressed", "wrote", "asked", "continued", "insisted", "noted", "stated", "declared", "remarked", "warned", "according"],
    say_before: &["said", "says", "told", "added", "explained", "stressed", "wrote", "asked", "stated", "declared", "warned", "noted"],
    according_to: &["according"],
    pronouns: &["he", "she", "they", "it"],
    first_person: &["i", "we", "us", "our", "my", "me", "ours", "mine"],
    title_before: &["song", "film", "movie", "book", "poem", "article", "titled", "entitled", "novel", "album", "programme", "program", "show"],
    complementisers: &["that"],
    words: WordGrammar::English,
};

/// Malay (a target language; Apertium's `ind|zlm`). Separators as English.
#[rustfmt::skip]
pub static MS: Profile = Profile {
    code: "ms",
    separators: Separators::CommaGroupsDotDecimal,
    // Apertium leaves some Indonesian scale words untranslated; they mean the same in Malay.
    scales: &[("ribu", 3), ("juta", 6), ("bilion", 9), ("billion", 9), ("trilion", 12), ("trillion", 12), ("miliar", 9), ("milyar", 9), ("triliun", 12)],
    currency_scales: &[("k", 3), ("m", 6), ("b", 9), ("j", 6)],
    scale_render: ["ribu", "juta", "bilion", "trilion"],
    currency_words: &[("rupiah", "IDR"), ("dolar", "USD"), ("ringgit", "MYR"), ("euro", "EUR"), ("yen", "JPY"), ("paun", "GBP"), ("pound", "GBP"), ("yuan", "CNY"), ("won", "KRW")],
    percent_words: &["peratus", "persen", "%"],
    points_words: &[("mata", "peratusan", "pp"), ("mata", "asas", "bp"), ("poin", "persentase", "pp"), ("basis", "poin", "bp")],
    range_words: &["hingga", "sehingga", "sampai", "ke"],
    between: Some(("antara", "dan")),
    hedges: &[("sekitar", Bound::About), ("kira-kira", Bound::About), ("lebih kurang", Bound::About), ("kurang lebih", Bound::About), ("hampir", Bound::AtMost), ("lebih daripada", Bound::AtLeast), ("lebih dari", Bound::AtLeast), ("kurang daripada", Bound::AtMost), ("tidak lebih daripada", Bound::AtMost), ("tidak kurang daripada", Bound::AtLeast), ("sekurang-kurangnya", Bound::AtLeast), ("setidaknya", Bound::AtLeast), ("sedikitnya", Bound::AtLeast), ("hingga", Bound::AtMost), ("sehingga", Bound::AtMost), ("±", Bound::About)],
    months: MS_MONTHS,
    time_before: &["pukul", "jam"],
    time_before_weak: &[],
    clock_followers: &[],
    time_after: &[("wib", Some(7)), ("wita", Some(8)), ("wit", Some(9)), ("gmt", Some(0)), ("utc", Some(0)), ("pagi", None), ("petang", None), ("malam", None), ("tengah", None)],
    identifier_before: &["nombor", "nomor", "no", "halaman", "muka", "perkara", "pasal", "ayat", "akaun", "rekening", "telefon", "kod", "uu", "akta"],
    year_before: &["tahun", "sejak"],
    eras: &[("m", false), ("masihi", false), ("masehi", false), ("sm", true), ("sebelum", true)],
    bands: &[
        ("belasan", 1), ("puluhan", 1), ("berpuluh-puluh", 1), ("ratusan", 2), ("beratus-ratus", 2), ("ribuan", 3), ("beribu-ribu", 3),
        ("puluhan ribu", 4), ("ratusan ribu", 5), ("jutaan", 6), ("berjuta-juta", 6), ("puluhan juta", 7),
        ("ratusan juta", 8), ("bilion", 9), ("berbilion", 9), ("miliaran", 9),
    ],
    ordinal_prefix: Some("ke"),
    roman_before: &["abad", "dunia", "jilid", "bab", "siri", "seri", "fasa", "bahagian", "bagian", "tahap", "gelombang", "kuartal", "suku", "semester", "kelas", "babak"],
    decade_words: &[],
    say_after: &["kata", "katanya", "ujar", "ujarnya", "ucap", "tutur", "jelas", "ungkap", "tambah", "tambahnya", "terang", "tegas", "lanjut", "sebut", "tulis", "tanya", "demikian"],
    say_before: &["mengatakan", "berkata", "menyatakan", "menegaskan", "menjelaskan", "menambah", "menambahkan", "menulis", "bertanya", "mengakui"],
    according_to: &["menurut", "kata"],
    pronouns: &["dia", "ia", "beliau", "mereka", "nya"],
    first_person: &["saya", "aku", "kami", "kita", "ku"],
    title_before: &["lagu", "filem", "film", "buku", "sajak", "puisi", "artikel", "judul", "novel", "album", "berjudul", "bertajuk"],
    complementisers: &["bahawa", "bahwa"],
    words: WordGrammar::Malay,
};

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
    /// `lebih` in `1.000 lebih peserta`.
    pub postposed_more: String,
    /// Words after which `lebih` compares instead.
    pub not_after_postposed_more: WordList,
    /// Words before a figure that let a one-letter era follow it.
    pub year_words_before_era: WordList,
    /// Era markers written before a year.
    pub eras_before_year: WordList,
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
    fn the_shared_words_file_parses() {
        assert_eq!(without_possessive("jutanya"), "juta");
        assert!(SHARED.not_after_postposed_more.contains("dari"));
    }
}
