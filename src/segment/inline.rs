//! Segments that end without punctuation inside a flattened news page:
//! inline related-article links (`Baca juga: <headline> <next sentence>`),
//! a headline running into the dateline (`<headline> BEKASI, KOMPAS.com -`)
//! and bracketed credits after a sentence (`(Foto: ANTARA/Rizky)`,
//! `(ant/rdn)`).

use super::lexicon::LEXICON;
use super::punctuation::{at_gap_or_end, char_at, is_closer, is_opener, is_terminator, skip_whitespace};

/// Longest headline, in words, that the related-link rule will walk.
const MAX_HEADLINE_WORDS: usize = 40;
/// Longest bracketed credit, in bytes, that is recognised as one.
const MAX_CREDIT_BYTES: usize = 120;
/// How far, in bytes, after a paragraph start a dateline is looked for.
const MAX_DATELINE_OFFSET: usize = 240;
/// The dashes that end a dateline, as separate words.
const DATELINE_DASHES: [&str; 4] = ["-", "–", "—", "--"];
/// The same dashes with the spaces around them, for a quick first test.
const DATELINE_DASH_GAPS: [&str; 4] = [" - ", " – ", " — ", " -- "];

/// Where the headline of a related-article link that starts at `start` ends,
/// when the running text after it follows without punctuation.
///
/// The headline is capitalised (`Harga Emas Dunia Sentuh Rekor Baru`), so it
/// ends before the first capitalised word followed by an ordinary lower-case
/// word (`Kenaikan ini ...`). The cut is only made when that running text ends
/// like a sentence, so a whole-line link is never split.
pub fn related_link_end(paragraph: &str, start: usize) -> Option<usize> {
    let headline_start = start + LEXICON.related_link_prefix(&paragraph[start..])?;
    let words = paragraph[headline_start..]
        .split_whitespace()
        .map(|word| (word.as_ptr() as usize - paragraph.as_ptr() as usize, word));
    let mut previous_capitalised: Option<usize> = None;
    for (index, (offset, word)) in words.take(MAX_HEADLINE_WORDS).enumerate() {
        if word.trim_end_matches(is_closer).ends_with(is_terminator) {
            return None; // punctuation ends the headline: the ordinary rules apply
        }
        let Some(first) = word.trim_start_matches(is_opener).chars().next() else {
            previous_capitalised = None;
            continue;
        };
        if let Some(candidate) = previous_capitalised
            && first.is_lowercase()
            && !LEXICON.is_headline_lowercase_word(word.trim_end_matches([',', ';', ':']))
        {
            return ends_like_a_sentence(&paragraph[candidate..]).then_some(candidate);
        }
        previous_capitalised = (index > 0 && first.is_uppercase()).then_some(offset);
    }
    None
}

fn ends_like_a_sentence(text: &str) -> bool {
    text.trim_end().trim_end_matches(is_closer).ends_with(is_terminator)
}

/// Where a dateline starts when a headline without final punctuation runs
/// into it at the start of a paragraph: `Banjir Rendam Rumah di Bekasi
/// BEKASI, KOMPAS.com - Banjir ...` is cut before `BEKASI`. A dateline is a
/// comma-separated place and source before a dash: `BANDA ACEH, KOMPAS.com`
/// (capitals, then a domain or agency in capitals) or `TEMPO.CO, Jakarta`
/// (a domain, then capitalised words).
pub fn dateline_after_headline(paragraph: &str, start: usize) -> Option<usize> {
    let mut end = (start + MAX_DATELINE_OFFSET).min(paragraph.len());
    while !paragraph.is_char_boundary(end) {
        end -= 1;
    }
    let window = &paragraph[start..end];
    if !DATELINE_DASH_GAPS.iter().any(|gap| window.contains(gap)) {
        return None;
    }
    let words: Vec<&str> = window.split_whitespace().collect();
    let dash = words.iter().position(|word| DATELINE_DASHES.contains(word))?;
    let headline_ends_cleanly = |count: usize| {
        !words[..count]
            .iter()
            .any(|word| word.trim_end_matches(is_closer).ends_with(is_terminator))
    };
    // Longest place first: in `BANDA ACEH, KOMPAS.com -` the dateline is
    // all three words, and when it opens the paragraph there is no headline.
    for length in (2..=4).rev() {
        let Some(first) = dash.checked_sub(length) else {
            continue;
        };
        let dateline = &words[first..dash];
        if !is_dateline(dateline) {
            continue;
        }
        if first == 0 || !headline_ends_cleanly(first) {
            return None;
        }
        return Some(dateline[0].as_ptr() as usize - paragraph.as_ptr() as usize);
    }
    None
}

fn is_dateline(words: &[&str]) -> bool {
    let Some(comma) = words.iter().position(|word| word.ends_with(',')) else {
        return false;
    };
    let (place, source) = (&words[..=comma], &words[comma + 1..]);
    let place_last = place[comma].trim_end_matches(',');
    let place_words = place[..comma].iter().copied().chain([place_last]);
    match source {
        [source] if place_words.clone().all(is_capitals) => is_domain(source) || is_capitals(source),
        [_, ..] if comma == 0 && is_domain(place_last) => {
            source.iter().all(|word| word.starts_with(char::is_uppercase))
        }
        _ => false,
    }
}

/// A word in capitals only: `JAKARTA`, `BANDA`, `ANTARA`.
fn is_capitals(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && word.chars().all(|c| c.is_uppercase() || c == '-')
}

/// A domain name: `KOMPAS.com`, `sp-globalindo.co.id`, `TEMPO.CO`.
fn is_domain(word: &str) -> bool {
    word.rsplit_once('.').is_some_and(|(name, tld)| {
        !name.is_empty() && (2..=4).contains(&tld.len()) && tld.bytes().all(|byte| byte.is_ascii_alphabetic())
    })
}

/// The bracketed credit that opens at `open` (a `(`), as the position just
/// past its closing bracket.
pub fn credit_after(paragraph: &str, open: usize) -> Option<usize> {
    let window_end = (open + MAX_CREDIT_BYTES).min(paragraph.len());
    let close = open + paragraph.as_bytes()[open..window_end].iter().position(|&b| b == b')')?;
    is_credit(&paragraph[open + 1..close]).then_some(close + 1)
}

/// The bracketed credit that closes at `close` (a `)`), as the position of
/// its opening bracket.
pub fn credit_before(paragraph: &str, close: usize) -> Option<usize> {
    let window_start = close.saturating_sub(MAX_CREDIT_BYTES);
    let bytes = &paragraph.as_bytes()[window_start..close];
    let open = window_start + bytes.iter().rposition(|&b| b == b'(')?;
    let inside = &paragraph[open + 1..close];
    (!inside.contains(')') && is_credit(inside)).then_some(open)
}

/// `Foto: ANTARA/Rizky`, `Dok. Humas` (a credit word and a colon or stop),
/// `ant/rdn` (agency and editor initials joined by slashes) or the end-of-
/// article mark `*`.
fn is_credit(inside: &str) -> bool {
    if !inside.is_empty() && inside.bytes().all(|byte| byte == b'*') {
        return true;
    }
    if let Some((word, _)) = inside.split_once([':', '.']) {
        return LEXICON.is_credit_word(word.trim());
    }
    let mut parts = 0;
    for part in inside.split('/') {
        if !(2..=8).contains(&part.len()) || !part.bytes().all(|b| b.is_ascii_alphabetic()) {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

/// Whether a credit closing just before `after` is followed by the start of
/// a new sentence (whitespace, then no lower-case word).
pub fn credit_ends_sentence(paragraph: &str, after: usize) -> Option<usize> {
    if !char_at(paragraph, after).is_some_and(char::is_whitespace) {
        return None;
    }
    let next = skip_whitespace(paragraph, after);
    let first = char_at(paragraph, next)?;
    (!first.is_lowercase() && !at_gap_or_end(paragraph, next)).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flattened_related_link_ends_before_the_running_text() {
        let text = "Baca juga: Harga Emas Dunia Sentuh Rekor Baru Kenaikan ini merupakan yang ketiga.";
        assert_eq!(related_link_end(text, 0), text.find("Kenaikan"));
    }

    #[test]
    fn a_whole_line_related_link_is_not_split() {
        let text = "Baca juga: NATO dan AS Konfirmasi Pasukan Korea Utara Telah Dikerahkan di Wilayah Kursk";
        assert_eq!(related_link_end(text, 0), None);
        assert_eq!(
            related_link_end("Baca juga: Menkeu Sri Mulyani sebut ekonomi melambat", 0),
            None
        );
    }

    #[test]
    fn a_headline_is_cut_before_the_dateline_it_runs_into() {
        let text = "Banjir Rendam Rumah di Bekasi BEKASI, KOMPAS.com - Banjir merendam rumah.";
        assert_eq!(dateline_after_headline(text, 0), text.find("BEKASI"));
        let text = "Gempa Guncang Aceh BANDA ACEH, KOMPAS.com – Gempa terjadi.";
        assert_eq!(dateline_after_headline(text, 0), text.find("BANDA"));
        let text = "KPK Tahan Dua Tersangka TEMPO.CO, Jakarta - KPK menahan dua orang.";
        assert_eq!(dateline_after_headline(text, 0), text.find("TEMPO"));
    }

    #[test]
    fn a_dateline_at_the_paragraph_start_or_after_a_sentence_is_not_cut() {
        assert_eq!(
            dateline_after_headline("JAKARTA, KOMPAS.com - Pemerintah menaikkan harga.", 0),
            None
        );
        assert_eq!(
            dateline_after_headline("Ia pulang. JAKARTA, KOMPAS.com - Harga naik.", 0),
            None
        );
        assert_eq!(dateline_after_headline("Skor akhir 2 - 1 untuk tuan rumah.", 0), None);
    }

    #[test]
    fn credits_are_recognised_by_word_or_by_shape() {
        assert_eq!(credit_after("x (Foto: ANTARA/Rizky) y", 2), Some(22));
        assert_eq!(credit_after("x (ant/rdn) y", 2), Some(11));
        assert_eq!(credit_after("x (Dok. Humas Polri) y", 2), Some(20));
        assert_eq!(credit_after("x (*)", 2), Some(5));
        assert_eq!(credit_after("x (sekitar 40 persen) y", 2), None);
        assert_eq!(credit_before("x (ant/rdn) y", 10), Some(2));
    }
}
