//! Pairing inside aligned groups of sentences.
//!
//! Number and quote pairing compare a source sentence with the target
//! sentence of the same index (and its neighbours). When the target has
//! another structure, [`Layout`] lays both sides out group by group (one
//! [`Bead`] of [`sentences`](super::sentences) = one group): each group's
//! sentences are joined by a space into one text per side, and the
//! extracted mentions and quotes are moved into those coordinates, so a
//! figure of two merged sentences, or a quotation split in two on one side
//! and whole on the other, pairs with the same code as a 1:1 translation.
//!
//! Extraction is never redone on the joined text: mentions and quotes keep
//! their order and indexes, so the links that pairing returns hold for the
//! sentence-by-sentence extraction too, and only the repair edits (which
//! carry positions) are moved back into target sentences.

use std::ops::Range;

use super::build::Extracted;
use super::numbers::Mention;
use super::quotes::{Pos, Quote};
use super::repair::Edit;
use super::sentences::{Bead, Structure, align_sentences};

/// Where each sentence of both sides sits in the groups.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    beads: Vec<Bead>,
    /// Per target sentence: its group.
    target_group: Vec<usize>,
    /// Per target sentence: the source sentence it is reported against.
    source_of_target: Vec<usize>,
}

/// Per sentence of one side, its group and the character where it starts in the
/// group's joined text; `lengths` are the sentences' lengths in characters
/// (those of the text being paired: a repaired target is laid out anew).
fn places(beads: &[Bead], sentences_of: impl Fn(&Bead) -> Range<usize>, lengths: &[usize]) -> Vec<(usize, usize)> {
    let mut places = vec![(0, 0); lengths.len()];
    for (group, bead) in beads.iter().enumerate() {
        let mut offset = 0;
        for sentence in sentences_of(bead) {
            if let Some(place) = places.get_mut(sentence) {
                *place = (group, offset);
            }
            offset += lengths.get(sentence).copied().unwrap_or(0) + 1;
        }
    }
    places
}

fn lengths(side: &Extracted) -> Vec<usize> {
    side.chars.iter().map(Vec::len).collect()
}

impl Layout {
    /// Aligns the sentences of both sides.
    pub(super) fn new(source: &[&str], target: &[&str], structure: Structure) -> Layout {
        let beads = align_sentences(source, target, structure);
        let mut target_group = vec![0; target.len()];
        let mut source_of_target = vec![0; target.len()];
        let mut last_source = 0;
        for (group, bead) in beads.iter().enumerate() {
            let reported_against = if bead.source.is_empty() {
                last_source
            } else {
                bead.source.start
            };
            last_source = bead.source.end.saturating_sub(1).max(last_source);
            for sentence in bead.target.clone() {
                if let (Some(slot), Some(group_slot)) =
                    (source_of_target.get_mut(sentence), target_group.get_mut(sentence))
                {
                    *slot = reported_against;
                    *group_slot = group;
                }
            }
        }
        Layout {
            beads,
            target_group,
            source_of_target,
        }
    }

    /// Whether every group is one source and one target sentence: then pairing runs on the sentences as they are.
    pub(super) fn is_one_to_one(&self) -> bool {
        self.beads
            .iter()
            .all(|bead| bead.source.len() == 1 && bead.target.len() == 1)
    }

    /// Per target sentence, the source sentence its findings are reported against
    /// (the first of its group; the one before, for a target sentence with no source).
    pub(super) fn source_of_target(&self) -> &[usize] {
        &self.source_of_target
    }

    /// Paragraph of each group: that of its first source sentence (of the one before, when it has none).
    pub(super) fn group_paragraphs(&self, source_paragraphs: &[usize]) -> Vec<usize> {
        let mut last = source_paragraphs.first().copied().unwrap_or(0);
        self.beads
            .iter()
            .map(|bead| {
                if let Some(&paragraph) = source_paragraphs
                    .get(bead.source.start)
                    .filter(|_| !bead.source.is_empty())
                {
                    last = paragraph;
                }
                last
            })
            .collect()
    }

    /// Paragraph of each target sentence: that of its group.
    pub(super) fn target_paragraphs(&self, group_paragraphs: &[usize]) -> Vec<usize> {
        self.target_group
            .iter()
            .map(|&group| group_paragraphs.get(group).copied().unwrap_or(0))
            .collect()
    }

    /// The source side laid out by group.
    pub(super) fn source_view(&self, source: &Extracted) -> Extracted {
        let place = places(&self.beads, |bead| bead.source.clone(), &lengths(source));
        self.view(source, &place, |bead| bead.source.clone())
    }

    /// The target side laid out by group.
    pub(super) fn target_view(&self, target: &Extracted) -> Extracted {
        let place = places(&self.beads, |bead| bead.target.clone(), &lengths(target));
        self.view(target, &place, |bead| bead.target.clone())
    }

    fn view(
        &self,
        side: &Extracted,
        place: &[(usize, usize)],
        sentences_of: impl Fn(&Bead) -> Range<usize>,
    ) -> Extracted {
        let chars = self
            .beads
            .iter()
            .map(|bead| {
                let mut joined = Vec::new();
                for (position, sentence) in sentences_of(bead).enumerate() {
                    if position > 0 {
                        joined.push(' ');
                    }
                    joined.extend(side.chars.get(sentence).map_or(&[][..], Vec::as_slice));
                }
                joined
            })
            .collect();
        let move_pos = |(sentence, character): Pos| -> Pos {
            let (group, offset) = place.get(sentence).copied().unwrap_or((sentence, 0));
            (group, offset + character)
        };
        let mentions = side
            .mentions
            .iter()
            .map(|mention| moved_mention(mention, move_pos))
            .collect();
        let quotes = side.quotes.iter().map(|quote| moved_quote(quote, move_pos)).collect();
        Extracted {
            chars,
            mentions,
            quotes,
        }
    }

    /// An edit asked for in group coordinates, moved into the target sentence
    /// it falls in; `None` if it would cross a sentence boundary.
    pub(super) fn edit_in_sentence(&self, mut edit: Edit, target_lengths: &[usize]) -> Option<Edit> {
        let bead = self.beads.get(edit.sentence)?;
        let mut offset = 0;
        let mut found = None;
        for sentence in bead.target.clone() {
            if offset > edit.start {
                break;
            }
            found = Some((sentence, offset));
            offset += target_lengths.get(sentence).copied().unwrap_or(0) + 1;
        }
        let (sentence, offset) = found?;
        let (start, end) = (edit.start - offset, edit.end.checked_sub(offset)?);
        if end > target_lengths.get(sentence).copied().unwrap_or(0) {
            return None;
        }
        edit.sentence = sentence;
        edit.start = start;
        edit.end = end;
        Some(edit)
    }
}

fn moved_mention(mention: &Mention, move_pos: impl Fn(Pos) -> Pos) -> Mention {
    let (group, offset) = move_pos((mention.sentence, 0));
    let mut moved = mention.clone();
    moved.sentence = group;
    moved.start += offset;
    moved.end += offset;
    moved.core = mention.core.map(|(start, end)| (start + offset, end + offset));
    if let Some(leak) = &mut moved.leak {
        leak.start += offset;
        leak.end += offset;
    }
    moved
}

fn moved_quote(quote: &Quote, move_pos: impl Fn(Pos) -> Pos) -> Quote {
    let mut moved = quote.clone();
    moved.open = move_pos(quote.open);
    moved.close = quote.close.map(&move_pos);
    moved.start = move_pos(quote.start);
    moved.end = move_pos(quote.end);
    moved.sentences = Vec::with_capacity(quote.sentences.len());
    for &sentence in &quote.sentences {
        let (group, _) = move_pos((sentence, 0));
        if moved.sentences.last() != Some(&group) {
            moved.sentences.push(group);
        }
    }
    moved
}
