//! The decision at one candidate: does this terminator end the sentence?
//!
//! The scanner has already checked the shape (terminators, closers, then
//! whitespace); these rules look at the word before the terminator and the
//! word after the gap. Written by hand because no crate knows Indonesian
//! abbreviations; the word lists themselves live in `data/`.

use super::lexicon::{AbbreviationKind, LEXICON};
use super::punctuation::is_opener;

/// What the terminator run is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Terminator {
    /// A single full stop: may close an abbreviation, initial or list number.
    FullStop,
    /// `...` or `…`: ends a sentence only before a sentence start.
    Ellipsis,
    /// `!` or `?`, alone or in a run: ends a sentence before a sentence start.
    Mark,
}

/// How the text after the gap begins, opening quotes and brackets skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStart {
    /// A capital, or a lower-case brand with an inner capital (`iPhone`).
    Capital,
    /// An ordinary lower-case word: the sentence goes on.
    Lowercase,
    /// A digit.
    Digit,
    /// Anything else (a dash, a symbol).
    Other,
}

/// Everything the rules need to know about one candidate.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    /// The terminator run.
    pub terminator: Terminator,
    /// The run closes a quotation (`siap.”`).
    pub quote_closed: bool,
    /// The word before the terminator, opening quotes and brackets stripped;
    /// `None` when it is too long to be an abbreviation.
    pub head: Option<&'a str>,
    /// The word before `head`, if any.
    pub previous: Option<&'a str>,
    /// Whether `head` is the first word of the current sentence.
    pub head_starts_sentence: bool,
    /// How the next word starts.
    pub next: NextStart,
    /// The next word as written, from its first char (openers included).
    pub next_word: &'a str,
}

/// Whether the candidate ends the sentence.
pub fn ends_sentence(candidate: &Candidate) -> bool {
    if candidate.next == NextStart::Lowercase {
        return candidate.terminator == Terminator::FullStop && ends_before_lowercase(candidate);
    }
    match candidate.terminator {
        Terminator::Mark | Terminator::Ellipsis => true,
        Terminator::FullStop => full_stop_ends_sentence(candidate),
    }
}

fn full_stop_ends_sentence(candidate: &Candidate) -> bool {
    let Some(head) = candidate.head else { return true };
    if head.is_empty() {
        return true; // a stray stop after a space: `di Ukraina . Lalu`
    }
    // In slash-joined words the abbreviation is the last part: `05/RW. 02`.
    let head = match head.rsplit_once('/') {
        Some((_, last)) if !last.is_empty() => last,
        _ => head,
    };
    match LEXICON.abbreviation(head) {
        Some(AbbreviationKind::Prefix) => false,
        Some(AbbreviationKind::Suffix) => !continues_abbreviation(candidate),
        Some(AbbreviationKind::Degree) => degree_ends_sentence(head, candidate),
        None if is_initials(head) => {
            // Initials precede a name; a capital letter after a figure or a
            // label noun is a unit, an era or a numeral (`suhu 2 C.`, `abad
            // ke-6 M.`, `kuartal I.`) and may end the sentence.
            candidate.next != NextStart::Capital || previous_ends_with_digit(candidate) || follows_label_noun(candidate)
        }
        None if candidate.head_starts_sentence && is_list_marker(head) => candidate.next != NextStart::Capital,
        None if is_unlisted_title(head) => after_capitals_code(candidate) || previous_ends_with_digit(candidate),
        None => true,
    }
}

/// A sentence seldom starts in lower case (`dr. Siti ...`, `detikcom ...`),
/// but when one does, the full stop before it follows an ordinary word. After
/// an abbreviation (listed or not: short, or without a vowel), a figure or an
/// initial, or after a closing quote mark before an attribution (`?” tanya
/// dia`, `siap.” kata Budi`), lower case means the sentence goes on.
fn ends_before_lowercase(candidate: &Candidate) -> bool {
    // `“Kami siap.” kata Budi`: an attribution after the closing mark.
    if candidate.quote_closed {
        return false;
    }
    let Some(head) = candidate.head else { return false };
    let letters = head.chars().count();
    letters >= 3
        && head.chars().all(char::is_alphabetic)
        && head.chars().any(|character| "aeiouAEIOU".contains(character))
        && !is_listed_in_any_case(head)
}

/// Whether `word` is a listed abbreviation as written, capitalised or in
/// lower case (`kab. bogor` is `Kab.`).
fn is_listed_in_any_case(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else { return false };
    let rest = chars.as_str();
    let upper: String = first.to_uppercase().chain(rest.chars()).collect();
    let lower: String = first.to_lowercase().chain(rest.chars()).collect();
    [word, upper.as_str(), lower.as_str()]
        .iter()
        .any(|form| LEXICON.abbreviation(form).is_some())
}

/// After a suffix abbreviation the sentence goes on before a figure, a
/// bracket (`Tbk. (BMSA)`) or another closing abbreviation (`Co. Ltd.`).
fn continues_abbreviation(candidate: &Candidate) -> bool {
    if candidate.next == NextStart::Digit || candidate.next_word.starts_with('(') {
        return true;
    }
    let word = candidate.next_word.trim_start_matches(is_opener);
    let word = word.trim_end_matches([',', ';', ':']);
    let word = word.strip_suffix('.').unwrap_or(word);
    matches!(
        LEXICON.abbreviation(word),
        Some(AbbreviationKind::Suffix | AbbreviationKind::Degree)
    )
}

/// A degree closes a name after a comma or another degree (`Andi, S.H.`);
/// elsewhere one made of capitals only (`M.A.`) is read as initials.
fn degree_ends_sentence(head: &str, candidate: &Candidate) -> bool {
    if continues_abbreviation(candidate) {
        return false;
    }
    let after_name = candidate.previous.is_some_and(|previous| {
        previous.ends_with(',')
            || matches!(
                LEXICON.abbreviation(previous.strip_suffix('.').unwrap_or(previous)),
                Some(AbbreviationKind::Degree)
            )
    });
    after_name || !is_initials(head)
}

/// A capitalised word of 2–4 letters without a vowel (`Tgk`, `Dg`, `Sdr`):
/// Indonesian words have vowels, so it is an abbreviation, and mixed-case
/// ones are titles and address words before a name, whether listed or not.
/// Capitals-only acronyms (`KPK`, `DPR`) do end sentences and are left out.
fn is_unlisted_title(word: &str) -> bool {
    let mut chars = word.chars();
    let first_is_capital = chars.next().is_some_and(|character| character.is_ascii_uppercase());
    let rest = chars.as_str();
    first_is_capital
        && (1..=3).contains(&rest.len())
        && rest.bytes().all(|byte| byte.is_ascii_lowercase())
        && !word.bytes().any(|byte| b"aeiouAEIOU".contains(&byte))
}

/// After a capitals-only word the short form is part of a code that may end
/// the sentence: the court in `nomor 45/Pdt.G/2024/PN Sby. Penggugat ...`;
/// after a figure it is a unit (`seberat 5 Kg. Polisi ...`).
fn after_capitals_code(candidate: &Candidate) -> bool {
    candidate.previous.is_some_and(|previous| {
        let last = previous.rsplit('/').next().unwrap_or(previous);
        last.len() >= 2 && last.bytes().all(|byte| byte.is_ascii_uppercase())
    })
}

/// One capital letter, or several joined by full stops: `M`, `B.J`, `R.A`.
pub fn is_initials(word: &str) -> bool {
    word.split('.').all(|part| {
        let mut chars = part.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
    })
}

/// A list number or letter at the start of a sentence: `1.`, `12.`, `a.`.
fn is_list_marker(word: &str) -> bool {
    let digits = word.len() <= 3 && word.bytes().all(|byte| byte.is_ascii_digit());
    let letter = word.len() == 1 && word.bytes().all(|byte| byte.is_ascii_alphabetic());
    digits || letter
}

fn follows_label_noun(candidate: &Candidate) -> bool {
    candidate
        .previous
        .is_some_and(|previous| LEXICON.is_label_noun(previous))
}

fn previous_ends_with_digit(candidate: &Candidate) -> bool {
    candidate
        .previous
        .and_then(|previous| previous.chars().last())
        .is_some_and(|character| character.is_ascii_digit())
}
