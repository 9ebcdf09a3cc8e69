//! Pairing each source occurrence of a glossary term with its rendering in
//! the target sentence, the repairs that are safe, and the second round
//! that verifies them.

use super::super::codes::{Judgement, Reason, Status};
use super::super::findings::Repair;
use super::super::lexicon::ID;
use super::super::quotes::{self, Quote};
use super::find::{MatchRule, Occurrence, Words, find_phrase, find_terms};
use super::glossary::GlossaryEntry;
use super::{TermFinding, TermSide, TermsCheck, TermsInput};

/// A replacement in one target sentence.
struct TermEdit {
    sentence: usize,
    start: usize,
    end: usize,
    replacement: String,
    finding: usize,
}

pub(super) fn check(input: &TermsInput) -> TermsCheck {
    let entries = input.glossary.for_target(input.target_lang);
    let occurrences: Vec<Vec<Occurrence>> = input
        .source
        .iter()
        .map(|sentence| find_terms(sentence, &entries))
        .collect();
    let quote_of = QuoteLocator::new(input);
    let (first, edits) = pair_all(&occurrences, input.target, &quote_of);
    let mut repaired: Vec<String> = input.target.iter().map(|target| (*target).to_owned()).collect();
    if edits.is_empty() || !input.repair {
        return TermsCheck {
            findings: first,
            repaired_target: repaired,
        };
    }
    let mut repairs: Vec<Option<Repair>> = vec![None; first.len()];
    let mut sorted = edits;
    sorted.sort_by_key(|edit| (edit.sentence, std::cmp::Reverse(edit.start)));
    for edit in sorted {
        let Some(text) = repaired.get_mut(edit.sentence) else {
            continue;
        };
        let chars: Vec<char> = text.chars().collect();
        if edit.start > edit.end || edit.end > chars.len() {
            continue;
        }
        let from: String = chars[edit.start..edit.end].iter().collect();
        let mut changed: String = chars[..edit.start].iter().collect();
        changed.push_str(&edit.replacement);
        changed.extend(&chars[edit.end..]);
        *text = changed;
        repairs[edit.finding] = first[edit.finding].judgement.reason.map(|reason| Repair {
            from,
            to: edit.replacement.clone(),
            reason,
        });
    }
    let targets: Vec<&str> = repaired.iter().map(String::as_str).collect();
    let (mut second, _) = pair_all(&occurrences, &targets, &quote_of);
    for (finding, repair) in second.iter_mut().zip(repairs) {
        if repair.is_some() && finding.judgement.is_ok() {
            finding.repair = repair;
        }
    }
    TermsCheck {
        findings: second,
        repaired_target: repaired,
    }
}

/// Findings for every occurrence, and the edits that would repair some.
fn pair_all(
    occurrences: &[Vec<Occurrence>],
    targets: &[&str],
    quote_of: &QuoteLocator,
) -> (Vec<TermFinding>, Vec<TermEdit>) {
    let mut findings = Vec::new();
    let mut edits = Vec::new();
    for (sentence, found) in occurrences.iter().enumerate() {
        let target = targets.get(sentence);
        let words = Words::new(target.copied().unwrap_or(""));
        let mut claimed: Vec<(usize, usize)> = Vec::new();
        for occurrence in found {
            let (judgement, target_span, replacement) = pair_one(occurrence, &words, &mut claimed);
            if let (Some(replacement), Some((start, end))) = (replacement, target_span) {
                edits.push(TermEdit {
                    sentence,
                    start,
                    end,
                    replacement,
                    finding: findings.len(),
                });
            }
            findings.push(TermFinding {
                id: format!("t{}", findings.len() + 1),
                sentence,
                target_sentence: target.map(|_| sentence),
                quote: quote_of.quote(sentence, occurrence.span),
                source: TermSide {
                    text: occurrence.text.clone(),
                    span: [occurrence.span.0, occurrence.span.1],
                },
                expected: occurrence.entry.target.clone(),
                target: target_span.map(|(start, end)| TermSide {
                    text: words.text(start, end),
                    span: [start, end],
                }),
                judgement,
                repair: None,
                keep: occurrence.entry.keep,
            });
        }
    }
    (findings, edits)
}

/// The verdict on one occurrence, where the target holds it, and the text
/// that would repair it when that is safe.
fn pair_one(
    occurrence: &Occurrence,
    words: &Words,
    claimed: &mut Vec<(usize, usize)>,
) -> (Judgement, Option<(usize, usize)>, Option<String>) {
    let entry: &GlossaryEntry = occurrence.entry;
    let exact = MatchRule {
        case_sensitive: entry.case_sensitive,
        glued_clitic: true,
    };
    let loose = MatchRule {
        case_sensitive: false,
        glued_clitic: true,
    };
    if let Some(span) = first_free(find_phrase(words, &entry.target, exact), claimed) {
        return (Judgement::of(Status::Ok), Some(span), None);
    }
    if entry.case_sensitive
        && let Some(span) = first_free(find_phrase(words, &entry.target, loose), claimed)
    {
        let judgement = Judgement::of(Status::Changed).because(Reason::TermCase);
        let repair = is_miscapitalised_term(words, span, &entry.target).then(|| entry.target.clone());
        return (judgement, Some(span), repair);
    }
    if !entry.keep {
        // On a `case` row the term the engine left keeps the row's own
        // capitals: `AS` left as `AS`, never the English word `as`.
        let leaked_rule = if entry.case_sensitive { exact } else { loose };
        let leaked = first_free(find_phrase(words, &occurrence.text, leaked_rule), claimed)
            .or_else(|| first_free(find_phrase(words, &entry.source, leaked_rule), claimed));
        if let Some(span) = leaked {
            let judgement = Judgement::of(Status::Changed).because(Reason::TermUntranslated);
            return (judgement, Some(span), Some(entry.target.clone()));
        }
        return (Judgement::of(Status::Missing), None, None);
    }
    // A keep name the engine translated: a distinctive word of it that
    // survived shows where (`Partai Gerindra` → `Gerindra Party`).
    let survivor = Words::new(&entry.source)
        .texts()
        .into_iter()
        .filter(|word| word.chars().count() >= 3)
        .find_map(|word| first_free(find_phrase(words, &word, loose), claimed));
    match survivor {
        Some(span) => (
            Judgement::of(Status::Changed).because(Reason::TermTranslated),
            Some(span),
            None,
        ),
        None => (
            Judgement::of(Status::Missing).because(Reason::TermTranslated),
            None,
            None,
        ),
    }
}

/// Whether the target's `[start, end)`, which equals `expected` but for
/// capitalisation, is the term written with other capitals (`TEMPO`,
/// `Us Secretary`) rather than an ordinary word that happens to spell it
/// (`us`, `president`, or `Us` opening a sentence): it must have a capital
/// other than a sentence's first letter, either where `expected` has one or
/// past the first letter (`TEMPO` opening a sentence; no ordinary word is
/// written in capitals).
fn is_miscapitalised_term(words: &Words, (start, end): (usize, usize), expected: &str) -> bool {
    let found: Vec<char> = words.text(start, end).chars().collect();
    let expected: Vec<char> = expected.chars().collect();
    let opens_sentence = !words.text(0, start).chars().any(char::is_alphanumeric);
    found
        .iter()
        .zip(&expected)
        .enumerate()
        .any(|(position, (found_char, expected_char))| {
            found_char.is_uppercase()
                && !(position == 0 && opens_sentence)
                && (expected_char.is_uppercase() || position > 0)
        })
}

/// The first span that overlaps none already claimed, which it then claims.
fn first_free(spans: Vec<(usize, usize)>, claimed: &mut Vec<(usize, usize)>) -> Option<(usize, usize)> {
    let free = spans
        .into_iter()
        .find(|&(start, end)| claimed.iter().all(|&(from, to)| end <= from || start >= to))?;
    claimed.push(free);
    Some(free)
}

/// Which record quote a source position sits in.
struct QuoteLocator {
    /// Source quotes and the record id of each, when the record has it.
    quotes: Vec<(Quote, Option<String>)>,
}

impl QuoteLocator {
    fn new(input: &TermsInput) -> QuoteLocator {
        if input.quotes.is_empty() {
            return QuoteLocator { quotes: Vec::new() };
        }
        let chars: Vec<Vec<char>> = input.source.iter().map(|sentence| sentence.chars().collect()).collect();
        let mut paragraphs = input.paragraphs.to_vec();
        paragraphs.resize(chars.len(), paragraphs.last().copied().unwrap_or(0));
        let found = quotes::extract(&chars, &paragraphs, &ID);
        let quotes = found
            .into_iter()
            .map(|quote| {
                let id = input
                    .quotes
                    .iter()
                    .find(|finding| {
                        finding.source.as_deref() == Some(quote.text.as_str()) && finding.sentences == quote.sentences
                    })
                    .map(|finding| finding.id.clone());
                (quote, id)
            })
            .collect();
        QuoteLocator { quotes }
    }

    /// The innermost quote holding `[start, end)` of `sentence`.
    fn quote(&self, sentence: usize, (start, end): (usize, usize)) -> Option<String> {
        self.quotes
            .iter()
            .filter(|(quote, id)| id.is_some() && quote.contains(sentence, start, end))
            .max_by_key(|(quote, _)| quote.depth)
            .and_then(|(_, id)| id.clone())
    }
}
