//! Orchestration of one alignment: extract, pair, repair, re-check, and
//! build the record's findings.

use super::codes::{Note, Reason, Status};
use super::findings::{NumberFinding, NumberSide, Qa, QuoteFinding, Repair, SourceAnalysis, SourceNumber, SourceQuote};
use super::lexicon::{ID, Profile, target_profile};
use super::numbers::{self, Mention, Side};
use super::pair::{Link, QuoteSlots, pair_numbers};
use super::quote_pair::{QuoteInput, QuoteLink, pair_quotes};
use super::quotes::{self, Quote, QuoteKind};
use super::repair::{self, Applied, Edit, Owner};
use super::{AlignInput, Alignment};

/// One side of the bitext, extracted.
struct Extracted {
    chars: Vec<Vec<char>>,
    mentions: Vec<Mention>,
    quotes: Vec<Quote>,
}

fn extract_side(sentences: &[&str], paragraphs: &[usize], profile: &Profile, side: Side) -> Extracted {
    let chars: Vec<Vec<char>> = sentences.iter().map(|s| s.chars().collect()).collect();
    let mentions = sentences
        .iter()
        .enumerate()
        .flat_map(|(i, s)| numbers::extract(i, s, profile, side))
        .collect();
    let mut quotes = quotes::extract(&chars, paragraphs, profile);
    quotes::attribute(&mut quotes, &chars, paragraphs, profile);
    Extracted {
        chars,
        mentions,
        quotes,
    }
}

/// Paragraph index per sentence, for `n` sentences, tolerant of a short or missing list.
fn paragraphs_for(n: usize, given: &[usize]) -> Vec<usize> {
    let mut last = 0;
    (0..n)
        .map(|i| {
            last = given.get(i).copied().unwrap_or(last);
            last
        })
        .collect()
}

/// Innermost quote containing a mention.
fn quote_of(quotes: &[Quote], m: &Mention) -> Option<usize> {
    (0..quotes.len())
        .filter(|&k| quotes[k].sentences.contains(&m.sentence) && quotes[k].contains(m.sentence, m.start, m.end))
        .max_by_key(|&k| quotes[k].depth)
}

/// For each sentence, the quotes that span it.
fn quotes_by_sentence(quotes: &[Quote], n: usize) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); n];
    for (k, q) in quotes.iter().enumerate() {
        for &s in &q.sentences {
            if let Some(v) = out.get_mut(s) {
                v.push(k);
            }
        }
    }
    out
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
        .map(|m| {
            top.get(m.sentence)?
                .iter()
                .position(|&k| quotes[k].contains(m.sentence, m.start, m.end))
        })
        .collect();
    (slots, top.iter().map(Vec::len).collect())
}

struct Round {
    tgt: Extracted,
    links: Vec<Link>,
    quote_links: Vec<QuoteLink>,
    edits: Vec<Edit>,
}

fn round(src: &Extracted, target: &[&str], paragraphs: &[usize], profile: &Profile) -> Round {
    let tgt = extract_side(target, paragraphs, profile, Side::Target);
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
    for l in &links {
        if let (Some(i), Some(j)) = (l.src, l.tgt) {
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
    for l in &links {
        if let (Some(i), Some(f)) = (l.src, &l.fix) {
            edits.push(Edit {
                sentence: f.sentence,
                start: f.start,
                end: f.end,
                replacement: f.replacement.clone(),
                reason: f.reason,
                owner: Owner::Number(i),
            });
        }
    }
    Round {
        tgt,
        links,
        quote_links,
        edits,
    }
}

pub(super) fn align(input: &AlignInput) -> Alignment {
    let n_src = input.source.len();
    let n = n_src.max(input.target.len());
    let paragraphs = paragraphs_for(n, input.paragraphs);
    let profile = target_profile(input.target_lang);
    let src = extract_side(input.source, &paragraphs[..n_src], &ID, Side::Source);
    let first = round(&src, input.target, &paragraphs, profile);
    let (repaired, applied) = repair::apply(input.target, first.edits.clone());
    let last = if applied.is_empty() {
        first
    } else {
        let refs: Vec<&str> = repaired.iter().map(String::as_str).collect();
        round(&src, &refs, &paragraphs, profile)
    };
    let (numbers, quotes) = findings(&src, &last, &applied, input.target, &repaired);
    let qa = Qa::from_findings(&numbers, &quotes);
    Alignment {
        numbers,
        quotes,
        repaired_target: repaired,
        qa,
    }
}

/// Builds the record's findings from the final round, naming the repairs applied.
fn findings(
    src: &Extracted,
    last: &Round,
    applied: &[Applied],
    original: &[&str],
    repaired: &[String],
) -> (Vec<NumberFinding>, Vec<QuoteFinding>) {
    // Quote ids in document order over source quotes and extra target quotes.
    let mut order: Vec<((usize, usize, u8), usize)> = last
        .quote_links
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let q = l.src.map(|i| &src.quotes[i]).or(l.tgt.map(|j| &last.tgt.quotes[j]));
            (q.map_or((0, 0, 0), |q| (q.open.0, q.open.1, q.depth)), k)
        })
        .collect();
    order.sort();
    let mut quote_id = vec![String::new(); last.quote_links.len()];
    for (n, (_, k)) in order.iter().enumerate() {
        quote_id[*k] = format!("q{}", n + 1);
    }
    let id_of_src_quote = |i: usize| {
        last.quote_links
            .iter()
            .position(|l| l.src == Some(i))
            .map(|k| quote_id[k].clone())
    };
    let id_of_tgt_quote = |j: usize| {
        last.quote_links
            .iter()
            .position(|l| l.tgt == Some(j))
            .map(|k| quote_id[k].clone())
    };

    let mut numbers: Vec<(usize, usize, NumberFinding)> = last
        .links
        .iter()
        .filter_map(|l| {
            let s = l.src.map(|i| &src.mentions[i]);
            let t = l.tgt.map(|j| &last.tgt.mentions[j]);
            let main = s.or(t)?;
            let quote = match (s, t) {
                (Some(m), _) => quote_of(&src.quotes, m).and_then(id_of_src_quote),
                (None, Some(m)) => quote_of(&last.tgt.quotes, m).and_then(id_of_tgt_quote),
                _ => None,
            };
            let repair = l
                .src
                .and_then(|i| applied.iter().find(|a| a.edit.owner == Owner::Number(i)))
                .map(|a| Repair {
                    from: a.from.clone(),
                    to: a.edit.replacement.clone(),
                    reason: a.edit.reason,
                });
            let finding = NumberFinding {
                id: String::new(),
                sentence: main.sentence,
                quote,
                kind: main.kind,
                value: main.value.canonical(),
                unit: main.unit.clone(),
                approx: main.approx,
                source: s.map(|m| NumberSide {
                    text: m.text.clone(),
                    span: [m.start, m.end],
                    sentence: None,
                }),
                target: t.map(|m| NumberSide {
                    text: m.text.clone(),
                    span: [m.start, m.end],
                    sentence: (m.sentence != main.sentence).then_some(m.sentence),
                }),
                status: l.status,
                reason: l.reason,
                note: l.note,
                repair,
            };
            Some((main.sentence, main.start, finding))
        })
        .collect();
    numbers.sort_by_key(|(s, p, _)| (*s, *p));
    let numbers: Vec<NumberFinding> = numbers
        .into_iter()
        .enumerate()
        .map(|(k, (_, _, mut f))| {
            f.id = format!("n{}", k + 1);
            f
        })
        .collect();

    let mut quotes: Vec<QuoteFinding> = order
        .iter()
        .map(|&(_, k)| quote_finding(src, last, k, &quote_id, &numbers, applied, original, repaired))
        .collect();
    // A quote whose nested quote is not ok is `changed/nested_changed`.
    let bad_children: Vec<String> = quotes
        .iter()
        .filter(|q| q.status != Status::Ok)
        .filter_map(|q| q.parent.clone())
        .collect();
    for q in quotes
        .iter_mut()
        .filter(|q| q.status == Status::Ok && bad_children.contains(&q.id))
    {
        q.status = Status::Changed;
        q.reason = Some(Reason::NestedChanged);
    }
    (numbers, quotes)
}

#[allow(clippy::too_many_arguments)]
fn quote_finding(
    src: &Extracted,
    last: &Round,
    k: usize,
    quote_id: &[String],
    numbers: &[NumberFinding],
    applied: &[Applied],
    original: &[&str],
    repaired: &[String],
) -> QuoteFinding {
    let l = &last.quote_links[k];
    let s = l.src.map(|i| &src.quotes[i]);
    let t = l.tgt.map(|j| &last.tgt.quotes[j]);
    let id = quote_id[k].clone();
    let inner: Vec<&NumberFinding> = numbers
        .iter()
        .filter(|n| n.quote.as_deref() == Some(id.as_str()))
        .collect();
    let mut status = l.status;
    let mut reason = l.reason;
    if status == Status::Ok && s.is_some() && inner.iter().any(|n| n.status != Status::Ok) {
        status = Status::Changed;
        reason = Some(Reason::InnerNumber);
    }
    let owned: Vec<&Applied> = l
        .src
        .map(|i| applied.iter().filter(|a| a.edit.owner == Owner::Quote(i)).collect())
        .unwrap_or_default();
    let repair = owned.first().map(|a| {
        let sentence = a.edit.sentence;
        Repair {
            from: original.get(sentence).map_or(String::new(), |s| s.to_string()),
            to: repaired.get(sentence).cloned().unwrap_or_default(),
            reason: a.edit.reason,
        }
    });
    let parent = s
        .and_then(|q| q.parent)
        .and_then(|p| last.quote_links.iter().position(|l| l.src == Some(p)))
        .map(|pk| quote_id[pk].clone());
    let note = l.note.or_else(|| {
        s.filter(|q| matches!(q.kind, QuoteKind::Term | QuoteKind::Gloss))
            .map(|_| Note::TermQuote)
    });
    QuoteFinding {
        id,
        speaker: s.and_then(|q| q.speaker.clone()),
        speaker_role: s.and_then(|q| q.speaker_role.clone()),
        sentences: s.or(t).map(|q| q.sentences.clone()).unwrap_or_default(),
        source: s.map(|q| q.text.clone()),
        target: t.map(|q| q.text.clone()),
        status,
        reason,
        note,
        numbers: inner.iter().map(|n| n.id.clone()).collect(),
        depth: s.or(t).map_or(1, |q| q.depth),
        parent,
        repair,
    }
}

pub(super) fn analyze(source: &[&str], paragraphs: &[usize]) -> SourceAnalysis {
    let paragraphs = paragraphs_for(source.len(), paragraphs);
    let src = extract_side(source, &paragraphs, &ID, Side::Source);
    let quote_ids: Vec<String> = (1..=src.quotes.len()).map(|k| format!("q{k}")).collect();
    let numbers: Vec<SourceNumber> = src
        .mentions
        .iter()
        .filter(|m| m.confident)
        .enumerate()
        .map(|(k, m)| SourceNumber {
            id: format!("n{}", k + 1),
            sentence: m.sentence,
            quote: quote_of(&src.quotes, m).map(|q| quote_ids[q].clone()),
            kind: m.kind,
            value: m.value.canonical(),
            unit: m.unit.clone(),
            approx: m.approx,
            source: NumberSide {
                text: m.text.clone(),
                span: [m.start, m.end],
                sentence: None,
            },
        })
        .collect();
    let quotes = src
        .quotes
        .iter()
        .enumerate()
        .map(|(k, q)| SourceQuote {
            id: quote_ids[k].clone(),
            speaker: q.speaker.clone(),
            speaker_role: q.speaker_role.clone(),
            sentences: q.sentences.clone(),
            source: q.text.clone(),
            numbers: numbers
                .iter()
                .filter(|n| n.quote.as_deref() == Some(quote_ids[k].as_str()))
                .map(|n| n.id.clone())
                .collect(),
            depth: q.depth,
            note: if q.close.is_none() {
                Some(Note::SourceUnbalanced)
            } else if q.multi_paragraph {
                Some(Note::MultiParagraph)
            } else {
                (q.kind == QuoteKind::Term).then_some(Note::TermQuote)
            },
        })
        .collect();
    SourceAnalysis { numbers, quotes }
}
