//! Keeps alignment's locale repairs from acting on an assumption the text
//! contradicts.
//!
//! Alignment reads every source numeral as Indonesian (`12.000` = twelve
//! thousand) and "repairs" a target that copied it (`locale_leak`,
//! `scale_abbrev_leak`). When the body reads as English, or the source
//! numeral itself is grouped the English way (`12,000`), that reading is
//! contradicted: the repair is withheld, the target text put back as the
//! engine wrote it, and the number flagged `changed` with the repair's
//! reason, so an editor looks instead of alih guessing.

use crate::align::{Alignment, NumberFinding, Qa, Reason, Status};
use crate::language::notation::is_english_grouped;

/// Repairs that are right only if the source is Indonesian notation.
const LOCALE_REPAIRS: &[Reason] = &[Reason::LocaleLeak, Reason::ScaleAbbrevLeak];

/// Withholds each locale repair the text contradicts; returns how many.
pub fn withhold_contradicted_repairs(alignment: &mut Alignment, body_reads_as_english: bool) -> usize {
    let mut withheld = 0;
    for index in 0..alignment.numbers.len() {
        let finding = &alignment.numbers[index];
        let Some(repair) = &finding.repair else { continue };
        let source_text = finding.source.as_ref().map_or("", |side| side.text.as_str());
        let contradicted = body_reads_as_english || is_english_grouped(source_text);
        if !LOCALE_REPAIRS.contains(&repair.reason) || !contradicted {
            continue;
        }
        if revert(alignment, index) {
            withheld += 1;
        }
    }
    if withheld > 0 {
        alignment.qa = Qa {
            needs_review: true,
            ..Qa::from_findings(&alignment.numbers, &alignment.quotes)
        };
    }
    withheld
}

/// Puts the engine's text back in place of one repair and flags its finding.
fn revert(alignment: &mut Alignment, index: usize) -> bool {
    let finding = &alignment.numbers[index];
    let (Some(repair), Some(target)) = (&finding.repair, &finding.target) else {
        return false;
    };
    // The target sentence holding the repair: with another sentence structure it is not the source's index.
    let sentence = finding.target_sentence.or(target.sentence).unwrap_or(finding.sentence);
    let Some(text) = alignment.repaired_target.get(sentence) else {
        return false;
    };
    let chars: Vec<char> = text.chars().collect();
    let to: Vec<char> = repair.to.chars().collect();
    let Some(start) = find_near(&chars, &to, target.span[0]) else {
        return false;
    };
    let from: Vec<char> = repair.from.chars().collect();
    let mut reverted: Vec<char> = chars[..start].to_vec();
    reverted.extend(&from);
    reverted.extend(&chars[start + to.len()..]);
    alignment.repaired_target[sentence] = reverted.into_iter().collect();
    let shift = from.len() as i64 - to.len() as i64;
    shift_later_spans(&mut alignment.numbers, sentence, start, shift);
    let finding = &mut alignment.numbers[index];
    let reason = finding.repair.take().map(|repair| repair.reason);
    if let Some(target) = &mut finding.target {
        let mention: Vec<char> = target.text.chars().collect();
        if let Some(at) = find_near(&mention, &to, 0) {
            let mut text: Vec<char> = mention[..at].to_vec();
            text.extend(&from);
            text.extend(&mention[at + to.len()..]);
            target.text = text.into_iter().collect();
        }
        target.span[1] = (target.span[1] as i64 + shift).max(target.span[0] as i64) as usize;
    }
    finding.judgement.status = Status::Changed;
    finding.judgement.reason = reason;
    true
}

/// Where `needle` occurs in `haystack`, the occurrence nearest `near`.
fn find_near(haystack: &[char], needle: &[char], near: usize) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .filter(|&start| haystack[start..start + needle.len()] == *needle)
        .min_by_key(|&start| start.abs_diff(near))
}

/// Moves the target spans that start after `at` in `sentence` by `shift` characters.
fn shift_later_spans(numbers: &mut [NumberFinding], sentence: usize, at: usize, shift: i64) {
    if shift == 0 {
        return;
    }
    for finding in numbers {
        let (finding_sentence, target_sentence) = (finding.sentence, finding.target_sentence);
        let Some(target) = &mut finding.target else { continue };
        if target_sentence.or(target.sentence).unwrap_or(finding_sentence) == sentence && target.span[0] > at {
            target.span[0] = (target.span[0] as i64 + shift).max(0) as usize;
            target.span[1] = (target.span[1] as i64 + shift).max(0) as usize;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{self, AlignInput};

    fn aligned(source: &str, target: &str) -> Alignment {
        align::align(&AlignInput {
            source: &[source],
            target: &[target],
            paragraphs: &[0],
            target_lang: "en",
        })
    }

    #[test]
    fn an_english_grouped_source_numeral_is_never_repaired_into_indonesian_notation() {
        let mut alignment = aligned("Troops: 12,000 and 3 tanks.", "Troops: 12,000 and 3 tanks.");
        withhold_contradicted_repairs(&mut alignment, false);
        assert_eq!(alignment.repaired_target, ["Troops: 12,000 and 3 tanks."]);
        assert!(
            alignment.numbers.iter().all(|number| number.repair.is_none()),
            "{:?}",
            alignment.numbers
        );
    }

    #[test]
    fn a_copied_indonesian_numeral_is_repaired_unless_the_body_reads_as_english() {
        let source = "Ada 12.000 tentara dan 3 tank.";
        let copied = "There are 12.000 soldiers and 3 tanks.";
        let mut indonesian = aligned(source, copied);
        assert_eq!(withhold_contradicted_repairs(&mut indonesian, false), 0);
        assert_eq!(indonesian.repaired_target, ["There are 12,000 soldiers and 3 tanks."]);
        assert!(!indonesian.qa.needs_review);

        let mut english = aligned(source, copied);
        assert_eq!(withhold_contradicted_repairs(&mut english, true), 1);
        assert_eq!(english.repaired_target, [copied]);
        let flagged = &english.numbers[0];
        assert_eq!(
            (flagged.judgement.status, flagged.judgement.reason),
            (Status::Changed, Some(Reason::LocaleLeak))
        );
        let target = flagged.target.as_ref().unwrap();
        let at_span: String = copied
            .chars()
            .skip(target.span[0])
            .take(target.span[1] - target.span[0])
            .collect();
        assert_eq!((target.text.as_str(), at_span.as_str()), ("12.000", "12.000"));
        assert!(english.qa.needs_review);
        assert_eq!(english.qa.numbers.repaired, 0);
    }

    #[test]
    fn a_withheld_repair_is_put_back_in_the_target_sentence_that_holds_it() {
        let source = [
            "Polisi menangkap 12 orang di Jakarta.",
            "Mereka membawa 3 pucuk senjata api.",
            "Ada 12.000 warga yang mengungsi.",
        ];
        let target = [
            "Police arrested 12 people in Jakarta who were carrying 3 firearms.",
            "There are 12.000 residents who fled.",
        ];
        let mut alignment = align::align(&AlignInput {
            source: &source,
            target: &target,
            paragraphs: &[0, 0, 0],
            target_lang: "en",
        });
        assert_eq!(alignment.repaired_target[1], "There are 12,000 residents who fled.");
        assert_eq!(withhold_contradicted_repairs(&mut alignment, true), 1);
        assert_eq!(alignment.repaired_target, target);
        let flagged = alignment.numbers.iter().find(|number| number.value == "12000").unwrap();
        assert_eq!((flagged.sentence, flagged.target_sentence), (2, Some(1)));
        assert_eq!(flagged.judgement.status, Status::Changed);
    }
}
