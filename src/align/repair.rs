//! Applying safe repairs to target sentences.
//!
//! Edits are collected from number and quote pairing, sorted by sentence and
//! position, and applied left to right: each sentence is rebuilt from the
//! text between the edits and their replacements, so an edit's offsets
//! always refer to the original sentence. An edit that overlaps the one
//! before it is dropped, never merged. The applied edits are returned with
//! the text they replaced, so the findings on the re-checked target can name
//! their repairs.

use super::codes::Reason;

/// One replacement in one target sentence (character offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Target sentence.
    pub sentence: usize,
    /// First character replaced.
    pub start: usize,
    /// One past the last replaced character (`start` for an insertion).
    pub end: usize,
    /// What goes there.
    pub replacement: String,
    /// Repair reason code.
    pub reason: Reason,
    /// Who asked for it: a number link or a quote link index.
    pub owner: Owner,
}

/// The finding an edit belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// A number pairing (index of the source mention).
    Number(usize),
    /// A quote pairing (index of the source quote).
    Quote(usize),
}

/// An edit that was applied, with the text it replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The edit.
    pub edit: Edit,
    /// The replaced text.
    pub from: String,
}

/// Applies `edits` to `sentences`; returns the repaired sentences and the edits applied.
pub fn apply(sentences: &[&str], mut edits: Vec<Edit>) -> (Vec<String>, Vec<Applied>) {
    edits.sort_by_key(|edit| (edit.sentence, edit.start, edit.end));
    let mut kept: Vec<Edit> = Vec::new();
    for e in edits {
        let valid = e.sentence < sentences.len() && e.start <= e.end && e.end <= sentences[e.sentence].chars().count();
        let overlaps = kept.last().is_some_and(|last| {
            last.sentence == e.sentence
                && (e.start < last.end || (e.start == last.start && last.start == last.end && e.start == e.end))
        });
        if valid && !overlaps {
            kept.push(e);
        }
    }
    let mut out: Vec<String> = sentences.iter().map(|sentence| sentence.to_string()).collect();
    let mut applied = Vec::new();
    let mut current = usize::MAX;
    let mut chars: Vec<char> = Vec::new();
    let mut rebuilt: Vec<char> = Vec::new();
    let mut cursor = 0;
    let flush = |out: &mut Vec<String>, current: usize, rebuilt: &mut Vec<char>, chars: &[char], cursor: usize| {
        if current != usize::MAX {
            rebuilt.extend_from_slice(&chars[cursor..]);
            out[current] = rebuilt.iter().collect();
        }
    };
    for e in kept {
        if e.sentence != current {
            flush(&mut out, current, &mut rebuilt, &chars, cursor);
            current = e.sentence;
            chars = sentences[current].chars().collect();
            rebuilt = Vec::with_capacity(chars.len() + 16);
            cursor = 0;
        }
        rebuilt.extend_from_slice(&chars[cursor..e.start]);
        let from: String = chars[e.start..e.end].iter().collect();
        rebuilt.extend(e.replacement.chars());
        cursor = e.end;
        applied.push(Applied { edit: e, from });
    }
    flush(&mut out, current, &mut rebuilt, &chars, cursor);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(sentence: usize, start: usize, end: usize, replacement: &str) -> Edit {
        Edit {
            sentence,
            start,
            end,
            replacement: replacement.into(),
            reason: Reason::LocaleLeak,
            owner: Owner::Number(0),
        }
    }

    #[test]
    fn edits_apply_in_order_and_report_the_text_they_replaced() {
        let (out, applied) = apply(
            &["a 12.000 b 3,5 c", "x"],
            vec![edit(0, 11, 14, "3.5"), edit(0, 2, 8, "12,000"), edit(1, 0, 0, "“")],
        );
        assert_eq!(out, vec!["a 12,000 b 3.5 c".to_string(), "“x".to_string()]);
        assert_eq!(applied[0].from, "12.000");
        assert_eq!(applied[1].from, "3,5");
    }

    #[test]
    fn overlapping_and_out_of_range_edits_are_dropped() {
        let (out, applied) = apply(
            &["abcdef"],
            vec![edit(0, 1, 4, "X"), edit(0, 2, 3, "Y"), edit(0, 5, 99, "Z")],
        );
        assert_eq!(out, vec!["aXef".to_string()]);
        assert_eq!(applied.len(), 1);
    }
}
