//! Finding a phrase in a sentence the way a reader would: word by word, on
//! whole words, with the separators between words as the phrase has them,
//! and Indonesian clitics (`data/term-clitics.txt`) allowed on the last word.
//!
//! Hand-written: a phrase matcher over character offsets with a clitic list
//! is a few dozen lines, and the clitic rule is Indonesian knowledge no
//! general crate has.

use std::sync::LazyLock;

use super::glossary::GlossaryEntry;

static CLITICS: LazyLock<Vec<String>> = LazyLock::new(|| {
    include_str!("../data/term-clitics.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_lowercase)
        .collect()
});

/// A sentence cut into words (runs of letters and digits), by character offset.
pub(crate) struct Words {
    chars: Vec<char>,
    /// `[start, end)` of each word, in characters.
    spans: Vec<(usize, usize)>,
}

impl Words {
    pub(crate) fn new(text: &str) -> Words {
        let chars: Vec<char> = text.chars().collect();
        let mut spans = Vec::new();
        let mut start = None;
        for (position, character) in chars.iter().enumerate() {
            match (character.is_alphanumeric(), start) {
                (true, None) => start = Some(position),
                (false, Some(from)) => {
                    spans.push((from, position));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(from) = start {
            spans.push((from, chars.len()));
        }
        Words { chars, spans }
    }

    fn word(&self, index: usize) -> String {
        let (start, end) = self.spans[index];
        self.chars[start..end].iter().collect()
    }

    /// The characters between word `index - 1` and word `index`, spaces collapsed.
    fn gap_before(&self, index: usize) -> String {
        let (_, previous_end) = self.spans[index - 1];
        let (start, _) = self.spans[index];
        normalise_gap(&self.chars[previous_end..start])
    }

    /// Every word's text, in order.
    pub(crate) fn texts(&self) -> Vec<String> {
        (0..self.spans.len()).map(|index| self.word(index)).collect()
    }

    /// The text of `[start, end)`.
    pub(crate) fn text(&self, start: usize, end: usize) -> String {
        self.chars[start.min(end)..end.min(self.chars.len())].iter().collect()
    }
}

fn normalise_gap(gap: &[char]) -> String {
    let text: String = gap.iter().collect();
    let trimmed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if trimmed.is_empty() && !gap.is_empty() {
        " ".to_owned()
    } else if trimmed.is_empty() {
        String::new()
    } else {
        trimmed
    }
}

/// How a phrase may be written to count as found.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MatchRule {
    /// Exact capitalisation.
    pub case_sensitive: bool,
    /// A clitic may be glued to the last word (`Jokowilah`).
    pub glued_clitic: bool,
}

impl MatchRule {
    pub(crate) fn of(entry: &GlossaryEntry) -> MatchRule {
        MatchRule {
            case_sensitive: entry.case_sensitive,
            glued_clitic: !entry.whole_word,
        }
    }
}

/// Every `[start, end)` (characters, clitic excluded) where `phrase` occurs in `words`.
pub(crate) fn find_phrase(words: &Words, phrase: &str, rule: MatchRule) -> Vec<(usize, usize)> {
    let pattern = Words::new(phrase);
    let count = pattern.spans.len();
    if count == 0 || count > words.spans.len() {
        return Vec::new();
    }
    let same = |left: &str, right: &str| {
        if rule.case_sensitive {
            left == right
        } else {
            left.to_lowercase() == right.to_lowercase()
        }
    };
    let mut found = Vec::new();
    for first in 0..=words.spans.len() - count {
        let mut end = None;
        for offset in 0..count {
            let index = first + offset;
            if offset > 0 && words.gap_before(index) != pattern.gap_before(offset) {
                break;
            }
            let (word, wanted) = (words.word(index), pattern.word(offset));
            if same(&word, &wanted) {
                end = (offset + 1 == count).then_some(words.spans[index].1);
                continue;
            }
            let last = offset + 1 == count;
            let wanted_length = wanted.chars().count();
            let stem: String = word.chars().take(wanted_length).collect();
            let rest: String = word.chars().skip(wanted_length).collect::<String>().to_lowercase();
            if last && rule.glued_clitic && same(&stem, &wanted) && CLITICS.contains(&rest) {
                end = Some(words.spans[index].0 + wanted_length);
            }
            break;
        }
        if let Some(end) = end {
            found.push((words.spans[first].0, end));
        }
    }
    found
}

/// One glossary term found in a source sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Occurrence<'g> {
    /// The glossary row.
    pub entry: &'g GlossaryEntry,
    /// `[start, end)` in characters, without a clitic.
    pub span: (usize, usize),
    /// The term as the sentence writes it.
    pub text: String,
}

/// Every glossary term in `sentence`, in order; where terms overlap the
/// longest wins (`Menteri Luar Negeri` over `Menteri`).
pub(crate) fn find_terms<'g>(sentence: &str, entries: &[&'g GlossaryEntry]) -> Vec<Occurrence<'g>> {
    let words = Words::new(sentence);
    let lower: Vec<String> = words.texts().iter().map(|word| word.to_lowercase()).collect();
    // A term can only start where a word begins with its first word: a
    // cheap test that skips almost every row of a large glossary.
    let may_occur = |entry: &GlossaryEntry| lower.iter().any(|word| word.starts_with(&entry.first_word));
    let mut candidates: Vec<Occurrence<'g>> = entries
        .iter()
        .filter(|&&entry| may_occur(entry))
        .flat_map(|&entry| {
            find_phrase(&words, &entry.source, MatchRule::of(entry))
                .into_iter()
                .map(|span| Occurrence {
                    entry,
                    span,
                    text: words.text(span.0, span.1),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    // Where two rows match the same words the `case` row is the more
    // specific (`Tempo` the magazine over `tempo` the word).
    candidates.sort_by_key(|occurrence| {
        (
            occurrence.span.0,
            std::cmp::Reverse(occurrence.span.1),
            !occurrence.entry.case_sensitive,
        )
    });
    let mut kept: Vec<Occurrence<'g>> = Vec::new();
    for candidate in candidates {
        if kept.last().is_none_or(|last| candidate.span.0 >= last.span.1) {
            kept.push(candidate);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::super::glossary::Glossary;
    use super::*;

    const GLOSSARY: &str = "DPR\tHouse of Representatives\ten\n\
        DPRD\tRegional House of Representatives\ten\n\
        Menteri Luar Negeri\tForeign Minister\ten\n\
        Menteri\tMinister\ten\n\
        Bintang\t\t*\tkeep,case\n\
        Jokowi\t\t*\tkeep\n\
        KPK\tKPK\ten\twhole-word\n\
        Polda Metro Jaya\tJakarta Metropolitan Police\ten\n";

    fn check(sentence: &str, expected: &[&str]) {
        let glossary = Glossary::parse(GLOSSARY).unwrap();
        let entries = glossary.for_target("en");
        let found: Vec<String> = find_terms(sentence, &entries)
            .iter()
            .map(|occurrence| {
                let [start, end] = [occurrence.span.0, occurrence.span.1];
                let at: String = sentence.chars().skip(start).take(end - start).collect();
                assert_eq!(at, occurrence.text);
                format!("{}={}", occurrence.text, occurrence.entry.source)
            })
            .collect();
        assert_eq!(found, expected, "{sentence}");
    }

    #[test]
    fn terms_are_found_through_indonesian_morphology() {
        check("DPR menolak.", &["DPR=DPR"]);
        check("Keputusan DPR-nya belum jelas.", &["DPR=DPR"]);
        check("Seorang anggota DPR berkata.", &["DPR=DPR"]);
        check("DPRnya menolak.", &["DPR=DPR"]);
        check(
            "Jokowilah yang datang, Jokowi-pun setuju.",
            &["Jokowi=Jokowi", "Jokowi=Jokowi"],
        );
        check("dpr menolak.", &["dpr=DPR"]);
    }

    #[test]
    fn a_longer_word_or_term_is_not_a_shorter_one() {
        check("DPRD Jakarta bersidang.", &["DPRD=DPRD"]);
        check(
            "Menteri Luar Negeri dan Menteri lain.",
            &["Menteri Luar Negeri=Menteri Luar Negeri", "Menteri=Menteri"],
        );
        check(
            "Menteri Luar  Negeri hadir.",
            &["Menteri Luar  Negeri=Menteri Luar Negeri"],
        );
        check(
            "Polda Metro Jaya menangkap dua orang.",
            &["Polda Metro Jaya=Polda Metro Jaya"],
        );
        check("Polda Metro menangkap.", &[]);
        check("DPRK menolak.", &[]);
    }

    #[test]
    fn flags_decide_case_and_clitics() {
        check("Bintang datang melihat bintang.", &["Bintang=Bintang"]);
        check("KPKnya diam, KPK-nya bicara.", &["KPK=KPK"]);
    }

    #[test]
    fn a_case_row_wins_over_a_row_differing_only_in_case() {
        let glossary = Glossary::parse("tempo\tpace\ten\nTempo\t\ten\tkeep,case\n").unwrap();
        let entries = glossary.for_target("en");
        let found: Vec<&str> = find_terms("Tempo menulis tempo itu.", &entries)
            .iter()
            .map(|occurrence| occurrence.entry.target.as_str())
            .collect();
        assert_eq!(found, ["Tempo", "pace"]);
    }
}
