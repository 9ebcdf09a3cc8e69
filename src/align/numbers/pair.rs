//! Pairing numbers within aligned windows (section 8.5 of the notes).
//!
//! Greedy passes in document order: exact matches first, then leaks (the
//! Indonesian reading of a target mention equals the source), then
//! same-class differences; each pass widens from the same sentence to its
//! neighbours and then the paragraph, which absorbs sentences that the MT
//! merged or split. What is left is `missing` or `extra`, except weak
//! readings (`satu`, `kedua`, `second`), which only ever pair.

use super::{Kind, LeakKind, Mention, Value, Verdict, compare, compare_values};
use crate::align::codes::{Judgement, Note, Reason, Status};
use crate::align::repair::{Edit, Owner};

/// Where each mention sits among the top-level quotations of its sentence
/// (`Some(k)`: inside the sentence's k-th, `None`: outside), and how many
/// each sentence holds, for both sides.
#[derive(Debug, Clone, Default)]
pub struct QuoteSlots {
    /// Per source mention.
    pub src: Vec<Option<usize>>,
    /// Per target mention.
    pub tgt: Vec<Option<usize>>,
    /// Top-level quotations per source sentence.
    pub src_counts: Vec<usize>,
    /// Top-level quotations per target sentence.
    pub tgt_counts: Vec<usize>,
}

/// One source/target pairing decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Index into the source mentions.
    pub source: Option<usize>,
    /// Index into the target mentions.
    pub target: Option<usize>,
    /// The verdict on the pair.
    pub judgement: Judgement,
    /// The safe repair this pair calls for (owned by the source mention).
    pub repair: Option<Edit>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    Exact,
    Leak,
    RangeSplit,
    Differs,
}

/// How far, in sentences, the last window reaches within a paragraph. A text given without
/// paragraph breaks is one paragraph; a figure written hundreds of sentences away is not the
/// translation of this one, and looking at every sentence of a long document for every
/// unpaired number made pairing quadratic.
const PARAGRAPH_REACH: usize = 32;

struct Pairing<'a> {
    src: &'a [Mention],
    tgt: &'a [Mention],
    slots: &'a QuoteSlots,
    paragraphs: &'a [usize],
    by_sentence: Vec<Vec<usize>>,
    by_paragraph: std::collections::HashMap<usize, Vec<usize>>,
    tgt_used: Vec<bool>,
    links: Vec<Link>,
    /// Each source mention's place among its sentence's mentions, and their count.
    src_rank: Vec<(usize, usize)>,
    /// The same for target mentions.
    tgt_rank: Vec<(usize, usize)>,
}

/// Each mention's place among the mentions of its sentence, and their count.
fn ranks(mentions: &[Mention]) -> Vec<(usize, usize)> {
    let mut counts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let places: Vec<usize> = mentions
        .iter()
        .map(|mention| {
            let count = counts.entry(mention.sentence).or_default();
            *count += 1;
            *count - 1
        })
        .collect();
    mentions
        .iter()
        .zip(places)
        .map(|(mention, place)| (place, counts[&mention.sentence]))
        .collect()
}

/// Pairs source and target mentions; `paragraphs[i]` is the paragraph of
/// sentence `i`. Within a sentence whose translation kept its quotations, a
/// number pairs only inside the same quotation (or outside quotes on both
/// sides), so figures swapped between quotes, or between a quote and the
/// narration, come out `changed` — a misquote — instead of `ok`.
pub fn pair_numbers(src: &[Mention], tgt: &[Mention], paragraphs: &[usize], slots: &QuoteSlots) -> Vec<Link> {
    let n_sentences = tgt
        .iter()
        .chain(src)
        .map(|mention| mention.sentence + 1)
        .max()
        .unwrap_or(0)
        .max(paragraphs.len());
    let mut by_sentence = vec![Vec::new(); n_sentences];
    for (j, m) in tgt.iter().enumerate() {
        by_sentence[m.sentence].push(j);
    }
    let mut by_paragraph: std::collections::HashMap<usize, Vec<usize>> = std::collections::HashMap::new();
    for s in 0..n_sentences {
        if let Some(&p) = paragraphs.get(s) {
            by_paragraph.entry(p).or_default().push(s);
        }
    }
    let mut p = Pairing {
        src,
        tgt,
        slots,
        paragraphs,
        by_sentence,
        by_paragraph,
        tgt_used: vec![false; tgt.len()],
        links: Vec::new(),
        src_rank: ranks(src),
        tgt_rank: ranks(tgt),
    };
    let mut src_done = vec![false; src.len()];
    let mut order: Vec<usize> = (0..src.len()).collect();
    order.sort_by_key(|&i| !src[i].confident);
    // Sentence by sentence outward, every pass at each distance: a number
    // whose own sentence has a changed counterpart is `changed` there, and
    // never `ok` against an equal figure in the next sentence (which is how
    // numbers swapped between two quoted sentences used to pass).
    // Weak readings (`satu`, `kedua`) pair last at each distance, after every
    // confident mention has had its changed counterpart: `14 RT … satu RT`
    // against `1 RTs` is a changed `14`, not an `ok` for `satu`.
    for level in 0..3 {
        for (pass, levels, weak) in [
            (Pass::Exact, 3, false),
            (Pass::Leak, 3, false),
            (Pass::RangeSplit, 2, false),
            (Pass::Differs, 2, false),
            (Pass::Exact, 3, true),
        ] {
            if level >= levels {
                continue;
            }
            if pass == Pass::RangeSplit {
                p.range_split(level, &mut src_done);
                continue;
            }
            for i in order.iter().copied() {
                if !src_done[i] && src[i].confident != weak && p.try_pair(i, pass, level) {
                    src_done[i] = true;
                }
            }
        }
    }
    p.pair_across_quote_marks(&mut src_done);
    p.pair_leftover_ordinals(&mut src_done);
    p.unpaired(&src_done);
    p.links
}

impl Pairing<'_> {
    /// What no pass paired: confident source mentions are `missing`, confident target mentions `extra` (unless
    /// they repeat a paired time in another zone).
    fn unpaired(&mut self, source_done: &[bool]) {
        let (src, tgt) = (self.src, self.tgt);
        for (i, m) in src.iter().enumerate() {
            if !source_done[i] && m.confident {
                self.links.push(Link {
                    source: Some(i),
                    target: None,
                    judgement: Judgement::of(Status::Missing),
                    repair: None,
                });
            }
        }
        for (j, t) in tgt.iter().enumerate() {
            if !self.tgt_used[j] && t.confident && !self.absorbed_duplicate(j) {
                let extra = Judgement::of(Status::Extra);
                let judgement = if self.conversion_added(j) {
                    extra.because(Reason::ConversionAdded)
                } else {
                    extra
                };
                self.links.push(Link {
                    source: None,
                    target: Some(j),
                    judgement,
                    repair: None,
                });
            }
        }
    }

    fn paragraph(&self, s: usize) -> Option<usize> {
        self.paragraphs.get(s).copied()
    }

    /// The target sentences a mention of source sentence `s` looks in at `level`: its own (0),
    /// its neighbours (1), then the rest of its paragraph up to [`PARAGRAPH_REACH`] sentences away,
    /// nearest first (2).
    fn window(&self, s: usize, level: usize) -> Vec<usize> {
        let n = self.by_sentence.len();
        match level {
            0 => vec![s],
            1 => [s.checked_sub(1), Some(s + 1)]
                .into_iter()
                .flatten()
                .filter(|&neighbour| neighbour < n)
                .collect(),
            _ => {
                let Some(p) = self.paragraph(s) else {
                    return Vec::new();
                };
                // Only sentences with a target mention still free: in a long paragraph (a
                // document given without paragraphs is one) most hold none, and sorting them
                // all for every unpaired mention made pairing quadratic.
                let mut near: Vec<usize> = self.by_paragraph.get(&p).map_or(Vec::new(), |sentences| {
                    sentences
                        .iter()
                        .copied()
                        .filter(|&other| (2..=PARAGRAPH_REACH).contains(&other.abs_diff(s)) && other < n)
                        .filter(|&other| self.by_sentence[other].iter().any(|&mention| !self.tgt_used[mention]))
                        .collect()
                });
                near.sort_by_key(|&other| other.abs_diff(s));
                near
            }
        }
    }

    fn try_pair(&mut self, i: usize, pass: Pass, level: usize) -> bool {
        let s = &self.src[i];
        if pass != Pass::Exact && !s.confident {
            return false;
        }
        if s.sentence >= self.by_sentence.len() {
            return false;
        }
        for t_sentence in self.window(s.sentence, level) {
            // Among the candidates of one sentence, a confident one of the same
            // kind wins, then the one at the same place in the order of
            // mentions, so a value written twice is paired one to one (`312 …
            // 31` → `31 … 31` leaves the changed one at its own place).
            let mut best: Option<((bool, bool, usize), Link)> = None;
            for &j in &self.by_sentence[t_sentence] {
                if self.tgt_used[j] || !self.same_quote(i, j) {
                    continue;
                }
                if let Some(link) = self.judge(i, j, pass) {
                    let t = &self.tgt[j];
                    let distance = (t.kind != s.kind, !t.confident, self.rank_distance(i, j));
                    if best.as_ref().is_none_or(|(best_distance, _)| distance < *best_distance) {
                        best = Some((distance, link));
                    }
                }
            }
            if let Some((_, link)) = best {
                if let Some(j) = link.target {
                    self.tgt_used[j] = true;
                }
                self.links.push(link);
                return true;
            }
        }
        false
    }

    /// How far apart source mention `i` and target mention `j` sit in the
    /// order of their sentences' mentions (relative places, cross-multiplied).
    fn rank_distance(&self, i: usize, j: usize) -> usize {
        let (source_place, source_count) = self.src_rank[i];
        let (target_place, target_count) = self.tgt_rank[j];
        ((2 * source_place + 1) * target_count).abs_diff((2 * target_place + 1) * source_count)
    }

    /// Whether source mention `i` and target mention `j` sit in the same
    /// quotation of the same sentence. Only checked where the translation
    /// kept the sentence's quotations (same count): when the MT dropped or
    /// merged quote marks, the quote findings already say so.
    fn same_quote(&self, i: usize, j: usize) -> bool {
        let (s, t) = (&self.src[i], &self.tgt[j]);
        if s.sentence != t.sentence {
            return true;
        }
        let count = |counts: &[usize]| counts.get(s.sentence).copied().unwrap_or(0);
        let (in_source, in_target) = (count(&self.slots.src_counts), count(&self.slots.tgt_counts));
        in_source != in_target
            || in_source == 0
            || self.slots.src.get(i).copied().flatten() == self.slots.tgt.get(j).copied().flatten()
    }

    fn judge(&self, i: usize, j: usize, pass: Pass) -> Option<Link> {
        let (s, t) = (&self.src[i], &self.tgt[j]);
        let link = |judgement, repair| {
            Some(Link {
                source: Some(i),
                target: Some(j),
                judgement,
                repair,
            })
        };
        match pass {
            Pass::Exact => {
                if !t.native {
                    return None;
                }
                let Verdict::Equal(note) = compare(s, t) else {
                    return None;
                };
                let year_grouped = s.kind == Kind::Year && s.strong_year && t.grouped && t.kind != Kind::Year;
                let repair = year_grouped.then(|| year_fix(t, i)).flatten();
                link(Judgement::of(Status::Ok).noted(note), repair)
            }
            Pass::Leak => {
                let leak = t.leak.as_ref()?;
                if !matches!(compare_values(s.kind, &s.value, t.kind, &leak.value), Verdict::Equal(_)) {
                    return None;
                }
                let (reason, replacement) = if s.kind == Kind::Year {
                    (Reason::YearGrouped, digits_of(&t.text))
                } else {
                    (
                        if leak.kind == LeakKind::Locale {
                            Reason::LocaleLeak
                        } else {
                            Reason::ScaleAbbrevLeak
                        },
                        leak.replacement.clone(),
                    )
                };
                let (start, end) = if s.kind == Kind::Year {
                    t.core.unwrap_or((t.start, t.end))
                } else {
                    (leak.start, leak.end)
                };
                let repair = Edit {
                    sentence: t.sentence,
                    start,
                    end,
                    replacement,
                    reason,
                    owner: Owner::Number(i),
                };
                link(Judgement::of(Status::Changed).because(reason), Some(repair))
            }
            Pass::RangeSplit => None,
            Pass::Differs => {
                if !(t.confident || s.kind == Kind::Ordinal && t.kind == Kind::Ordinal) {
                    return None;
                }
                match compare(s, t) {
                    Verdict::Differs(reason) => link(Judgement::of(Status::Changed).because(reason), None),
                    _ => None,
                }
            }
        }
    }

    /// Equal figures left over in one sentence whose quote marks the two
    /// sides read differently (a quote closing that opened in an earlier
    /// sentence): the same figure, not a missing and an extra one. Figures
    /// swapped between quotes were already paired as changed.
    fn pair_across_quote_marks(&mut self, src_done: &mut [bool]) {
        for (i, done) in src_done.iter_mut().enumerate() {
            let s = &self.src[i];
            if *done || s.sentence >= self.by_sentence.len() {
                continue;
            }
            let candidate = self.by_sentence[s.sentence].iter().copied().find(|&j| {
                !self.tgt_used[j] && self.tgt[j].native && matches!(compare(s, &self.tgt[j]), Verdict::Equal(_))
            });
            let Some(j) = candidate else { continue };
            let Verdict::Equal(note) = compare(s, &self.tgt[j]) else {
                continue;
            };
            self.tgt_used[j] = true;
            *done = true;
            self.links.push(Link {
                source: Some(i),
                target: Some(j),
                judgement: Judgement::of(Status::Ok).noted(note),
                repair: None,
            });
        }
    }

    /// Word ordinals left over on both sides of one sentence (`untuk ketiga
    /// kalinya` → `for the second time`) are the same mention changed: weak
    /// readings never stand alone as missing or extra, but they do pair
    /// (notes 8.3.6), and an unequal pair is a changed number.
    fn pair_leftover_ordinals(&mut self, src_done: &mut [bool]) {
        for (i, done) in src_done.iter_mut().enumerate() {
            let s = &self.src[i];
            if *done || s.kind != Kind::Ordinal || s.sentence >= self.by_sentence.len() {
                continue;
            }
            let candidate = self.by_sentence[s.sentence]
                .iter()
                .copied()
                .find(|&j| !self.tgt_used[j] && self.tgt[j].kind == Kind::Ordinal && self.same_quote(i, j));
            let Some(j) = candidate else { continue };
            if let Verdict::Differs(reason) = compare(s, &self.tgt[j]) {
                self.tgt_used[j] = true;
                *done = true;
                self.links.push(Link {
                    source: Some(i),
                    target: Some(j),
                    judgement: Judgement::of(Status::Changed).because(reason),
                    repair: None,
                });
            }
        }
    }

    /// `dari 10 hingga 12` ↔ `from 10 to 12`: a range on one side, its two ends on the other.
    fn range_split(&mut self, level: usize, src_done: &mut [bool]) {
        let ok = |source: Option<usize>, target: Option<usize>| Link {
            source,
            target,
            judgement: Judgement::of(Status::Ok),
            repair: None,
        };
        for i in 0..self.src.len() {
            if src_done[i] || self.src[i].sentence >= self.by_sentence.len() {
                continue;
            }
            let window = self.window(self.src[i].sentence, level);
            let free: Vec<usize> = window
                .iter()
                .flat_map(|&sentence| self.by_sentence[sentence].iter().copied())
                .filter(|&j| !self.tgt_used[j] && self.same_quote(i, j))
                .collect();
            let value_at = |j: usize| self.tgt[j].value.as_num();
            if let Value::Range(lo, hi) = self.src[i].value {
                let a = free.iter().copied().find(|&j| value_at(j) == Some(lo));
                let b = free.iter().copied().find(|&j| value_at(j) == Some(hi));
                if let (Some(a), Some(b)) = (a, b) {
                    self.tgt_used[a] = true;
                    self.tgt_used[b] = true;
                    src_done[i] = true;
                    self.links.push(ok(Some(i), Some(a)));
                }
                continue;
            }
            let Some(next) =
                (i + 1 < self.src.len() && !src_done[i + 1] && self.src[i + 1].sentence == self.src[i].sentence)
                    .then_some(i + 1)
            else {
                continue;
            };
            let (Some(lo), Some(hi)) = (self.src[i].value.as_num(), self.src[next].value.as_num()) else {
                continue;
            };
            if let Some(j) = free
                .iter()
                .copied()
                .find(|&j| self.tgt[j].value == Value::Range(lo, hi))
            {
                self.tgt_used[j] = true;
                src_done[i] = true;
                src_done[next] = true;
                self.links.push(ok(Some(i), Some(j)));
                self.links.push(ok(Some(next), Some(j)));
            }
        }
    }

    /// A target time that repeats a paired time in another zone (`(0330 GMT)`).
    fn absorbed_duplicate(&self, j: usize) -> bool {
        let t = &self.tgt[j];
        let converted = |v: &Value| {
            compare_values(Kind::Time, v, Kind::Time, &t.value) == Verdict::Equal(Some(Note::TzConvertedDuplicate))
        };
        t.kind == Kind::Time
            && self.links.iter().any(|link| match (link.source, link.target) {
                (Some(i), Some(k)) => {
                    k != j
                        && self.tgt[k].sentence == t.sentence
                        && self.tgt[k].kind == Kind::Time
                        && (converted(&self.tgt[k].value) || converted(&self.src[i].value))
                }
                _ => false,
            })
    }

    /// A parenthesised amount in another currency next to a paired amount.
    fn conversion_added(&self, j: usize) -> bool {
        let t = &self.tgt[j];
        t.kind == Kind::Currency
            && self.links.iter().filter_map(|link| link.target).any(|other_at| {
                let other = &self.tgt[other_at];
                other.sentence == t.sentence
                    && other.kind == Kind::Currency
                    && other.unit != t.unit
                    && other.end <= t.start
                    && t.start - other.end <= 12
            })
    }
}

fn digits_of(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// `2,023` → `2023` for source mention `owner`.
fn year_fix(t: &Mention, owner: usize) -> Option<Edit> {
    let (start, end) = t.core?;
    let Value::Num(_) = t.value else { return None };
    let core: String = t.text.chars().skip(start - t.start).take(end - start).collect();
    Some(Edit {
        sentence: t.sentence,
        start,
        end,
        replacement: digits_of(&core),
        reason: Reason::YearGrouped,
        owner: Owner::Number(owner),
    })
}
