//! Orchestration of one alignment: extract both sides, pair numbers, feed
//! the number links to quote pairing, collect the edits both call for,
//! repair, run the round again on the repaired target, and hand the last
//! round to [`report`](super::report).

use super::findings::SourceAnalysis;
use super::groups::Layout;
use super::lexicon::{ID, Profile, target_profile};
use super::numbers::pair::{Link, QuoteSlots, pair_numbers};
use super::numbers::{self, Mention, Side};
use super::quotes::pair::{QuoteInput, QuoteLink, pair_quotes};
use super::quotes::{self, Quote};
use super::repair::{self, Edit};
use super::report::{self, LastRound, quotes_by_sentence};
use super::sentences::Structure;
use super::text::{Token, tokenize_borrowed};
use super::{AlignInput, Alignment};

/// One side of the bitext, extracted.
pub(super) struct Extracted {
    /// The sentences as characters.
    pub chars: Vec<Vec<char>>,
    /// The numbers of every sentence, in order.
    pub mentions: Vec<Mention>,
    /// The quotations, with their speakers.
    pub quotes: Vec<Quote>,
}

/// A side extracted before, and the sentences it was extracted from: a sentence found unchanged
/// keeps its numbers (the scanner reads each sentence alone), so a second round after a few
/// repairs scans only the repaired sentences.
struct Earlier<'a> {
    /// The numbers found in `sentences`, in sentence order.
    mentions: &'a [Mention],
    sentences: &'a [&'a str],
}

fn extract_side(sentences: &[&str], paragraphs: &[usize], profile: &Profile, side: Side) -> Extracted {
    extract_side_after(sentences, paragraphs, profile, side, None)
}

fn extract_side_after(
    sentences: &[&str],
    paragraphs: &[usize],
    profile: &Profile,
    side: Side,
    earlier: Option<&Earlier>,
) -> Extracted {
    let chars: Vec<Vec<char>> = sentences.iter().map(|sentence| chars_of(sentence)).collect();
    // Tokenized once per side: numbers and speakers read the same tokens.
    let tokens: Vec<Vec<Token>> = sentences.iter().map(|sentence| tokenize_borrowed(sentence)).collect();
    let mut mentions = Vec::new();
    for (index, (sentence, (sentence_chars, sentence_tokens))) in
        sentences.iter().zip(chars.iter().zip(&tokens)).enumerate()
    {
        match earlier.filter(|earlier| earlier.sentences.get(index) == Some(sentence)) {
            Some(earlier) => mentions.extend_from_slice(mentions_of_sentence(earlier.mentions, index)),
            None => mentions.extend(numbers::extract_tokenized(
                index,
                sentence_chars,
                sentence_tokens,
                profile,
                side,
            )),
        }
    }
    let mut quotes = quotes::extract(&chars, paragraphs, profile);
    quotes::attribute(&mut quotes, sentences, &chars, &tokens, paragraphs, profile);
    Extracted {
        chars,
        mentions,
        quotes,
    }
}

/// A sentence's characters, allocated once: collecting `chars()` starts from a quarter of the
/// byte length and grows the vector two or three times per sentence. An ASCII sentence (most
/// of news text) is widened byte by byte, which needs no decoding.
fn chars_of(sentence: &str) -> Vec<char> {
    if sentence.is_ascii() {
        return sentence.bytes().map(char::from).collect();
    }
    let mut chars = Vec::with_capacity(sentence.len());
    chars.extend(sentence.chars());
    chars
}

/// The mentions of sentence `index` among mentions in sentence order.
fn mentions_of_sentence(mentions: &[Mention], index: usize) -> &[Mention] {
    let start = mentions.partition_point(|mention| mention.sentence < index);
    let end = mentions.partition_point(|mention| mention.sentence <= index);
    &mentions[start..end]
}

/// Paragraph index per sentence, for `n` sentences, tolerant of a short or missing list.
fn paragraphs_for(n: usize, given: &[usize]) -> Vec<usize> {
    let mut last = 0;
    (0..n)
        .map(|sentence| {
            last = given.get(sentence).copied().unwrap_or(last);
            last
        })
        .collect()
}

/// Each mention's top-level quotation among those of its sentence, in order
/// of position, and the number of top-level quotations per sentence.
fn quote_slots(mentions: &[Mention], quotes: &[Quote], n: usize) -> (Vec<Option<usize>>, Vec<usize>) {
    let top: Vec<Vec<usize>> = quotes_by_sentence(quotes, n)
        .into_iter()
        .map(|mut ks| {
            ks.retain(|&k| quotes[k].depth == 1);
            ks.sort_by_key(|&k| quotes[k].start);
            ks
        })
        .collect();
    let slots = mentions
        .iter()
        .map(|mention| {
            top.get(mention.sentence)?
                .iter()
                .position(|&k| quotes[k].contains(mention.sentence, mention.start, mention.end))
        })
        .collect();
    (slots, top.iter().map(Vec::len).collect())
}

/// One pass of pairing over a target: what was found and what it calls to repair.
pub(super) struct Round {
    /// The extracted target.
    pub target: Extracted,
    /// Number links (indices into the source and target mentions).
    pub links: Vec<Link>,
    /// Quote links (indices into the source and target quotes).
    pub quote_links: Vec<QuoteLink>,
    /// The safe edits asked for by quote and number pairing, in that order.
    pub edits: Vec<Edit>,
}

impl Round {
    /// The target's numbers, the rest of the round freed.
    fn into_target_mentions(self) -> Vec<Mention> {
        self.target.mentions
    }
}

fn round(
    src: &Extracted,
    target: &[&str],
    earlier: Option<&Earlier>,
    layout: &Layout,
    paragraphs: &Paragraphs,
    profile: &Profile,
) -> Round {
    let tgt = extract_side_after(target, &paragraphs.target, profile, Side::Target, earlier);
    if layout.is_one_to_one() {
        let (links, quote_links, edits) = pair(src, &tgt, &paragraphs.groups, profile);
        return Round {
            target: tgt,
            links,
            quote_links,
            edits,
        };
    }
    // Mentions and quotes keep their indexes in the group views, so the
    // links hold for `src` and `tgt`; only the edits carry positions.
    let (links, quote_links, edits) = pair(
        &layout.source_view(src),
        &layout.target_view(&tgt),
        &paragraphs.groups,
        profile,
    );
    let lengths: Vec<usize> = tgt.chars.iter().map(Vec::len).collect();
    let in_sentences = |edit: Edit| layout.edit_in_sentence(edit, &lengths);
    let links = links
        .into_iter()
        .map(|mut link| {
            link.repair = link.repair.and_then(in_sentences);
            link
        })
        .collect();
    Round {
        target: tgt,
        links,
        quote_links,
        edits: edits.into_iter().filter_map(in_sentences).collect(),
    }
}

/// Paragraph indexes for one alignment.
struct Paragraphs {
    /// Per sentence group (per source sentence, when the target is 1:1).
    groups: Vec<usize>,
    /// Per target sentence.
    target: Vec<usize>,
}

/// Pairs numbers, then quotes (fed with the number links), over two sides
/// whose sentence `i` translate each other; `paragraphs` per sentence.
fn pair(
    src: &Extracted,
    tgt: &Extracted,
    paragraphs: &[usize],
    profile: &Profile,
) -> (Vec<Link>, Vec<QuoteLink>, Vec<Edit>) {
    let (src_slots, src_counts) = quote_slots(&src.mentions, &src.quotes, src.chars.len());
    let (tgt_slots, tgt_counts) = quote_slots(&tgt.mentions, &tgt.quotes, tgt.chars.len());
    let slots = QuoteSlots {
        src: src_slots,
        tgt: tgt_slots,
        src_counts,
        tgt_counts,
    };
    let links = pair_numbers(&src.mentions, &tgt.mentions, paragraphs, &slots);
    let mut paired_numbers = vec![Vec::new(); src.quotes.len()];
    let by_sentence = quotes_by_sentence(&src.quotes, src.chars.len());
    for link in &links {
        if let (Some(i), Some(j)) = (link.source, link.target) {
            let (s, t) = (&src.mentions[i], &tgt.mentions[j]);
            for &k in by_sentence.get(s.sentence).map_or(&[][..], Vec::as_slice) {
                if src.quotes[k].contains(s.sentence, s.start, s.end) {
                    paired_numbers[k].push((t.sentence, t.start, t.end));
                }
            }
        }
    }
    let input = QuoteInput {
        src: &src.quotes,
        tgt: &tgt.quotes,
        src_chars: &src.chars,
        tgt_chars: &tgt.chars,
        src_profile: &ID,
        tgt_profile: profile,
        paired_numbers: &paired_numbers,
    };
    let (quote_links, mut edits) = pair_quotes(&input);
    edits.extend(links.iter().filter_map(|link| link.repair.clone()));
    (links, quote_links, edits)
}

pub(super) fn align(input: &AlignInput, structure: Structure) -> Alignment {
    let n_src = input.source.len();
    let layout = Layout::new(input.source, input.target, structure);
    let profile = target_profile(input.target_lang);
    let paragraphs = if layout.is_one_to_one() {
        let per_sentence = paragraphs_for(n_src.max(input.target.len()), input.paragraphs);
        Paragraphs {
            target: per_sentence.clone(),
            groups: per_sentence,
        }
    } else {
        let groups = layout.group_paragraphs(&paragraphs_for(n_src, input.paragraphs));
        Paragraphs {
            target: layout.target_paragraphs(&groups),
            groups,
        }
    };
    let source_paragraphs = paragraphs_for(n_src, input.paragraphs);
    let src = extract_side(input.source, &source_paragraphs, &ID, Side::Source);
    let first = round(&src, input.target, None, &layout, &paragraphs, profile);
    let (repaired, applied) = repair::apply(input.target, first.edits.clone());
    let last = if applied.is_empty() {
        first
    } else {
        let refs: Vec<&str> = repaired.iter().map(String::as_str).collect();
        // Only the first round's numbers are read again: the rest of it (a long article's
        // characters, quotes and links) is freed before the second round builds its own.
        let first_mentions = first.into_target_mentions();
        let earlier = Earlier {
            mentions: &first_mentions,
            sentences: input.target,
        };
        round(&src, &refs, Some(&earlier), &layout, &paragraphs, profile)
    };
    report::alignment(LastRound {
        source: &src,
        round: &last,
        applied: &applied,
        original: input.target,
        repaired,
        source_of_target: layout.source_of_target(),
    })
}

pub(super) fn analyze(source: &[&str], paragraphs: &[usize]) -> SourceAnalysis {
    let paragraphs = paragraphs_for(source.len(), paragraphs);
    report::source_analysis(&extract_side(source, &paragraphs, &ID, Side::Source))
}
