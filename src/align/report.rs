//! Turns the links of the last round into what goes on the record: the
//! `numbers[]` and `quotes[]` findings with their ids, the repairs that were
//! applied, and the `qa` summary; and, for `analyze`, the source-only
//! numbers and quotes.
//!
//! Every lookup (a quote's link, a mention's quote, an edit's owner, the
//! numbers inside a quote) goes through an index built once, so the cost
//! grows with the number of findings, not with its square.

use super::build::{Extracted, Round};
use super::codes::{Judgement, Note, Reason, Status};
use super::findings::{NumberFinding, NumberSide, Qa, QuoteFinding, Repair, SourceAnalysis, SourceNumber, SourceQuote};
use super::numbers::Kind;
use super::numbers::Mention;
use super::quotes::{Quote, QuoteKind};
use super::repair::{Applied, Owner};
use super::{Alignment, numbers::pair::Link};

/// The last round of an alignment and the repairs applied before it.
pub(super) struct LastRound<'a> {
    /// The extracted source.
    pub source: &'a Extracted,
    /// The last round: the (repaired) target and its links.
    pub round: &'a Round,
    /// The edits applied to the target.
    pub applied: &'a [Applied],
    /// The target sentences as the engine wrote them.
    pub original: &'a [&'a str],
    /// The target sentences after the repairs.
    pub repaired: Vec<String>,
    /// Per target sentence, the source sentence its findings are reported against.
    pub source_of_target: &'a [usize],
}

impl LastRound<'_> {
    /// The source sentence a target sentence is reported against (itself when the target is 1:1).
    fn source_sentence_of(&self, target_sentence: usize) -> usize {
        self.source_of_target
            .get(target_sentence)
            .copied()
            .unwrap_or(target_sentence)
    }
}

/// Builds the record's findings and `qa` from the last round.
pub(super) fn alignment(last: LastRound) -> Alignment {
    let quote_ids = QuoteIds::new(&last);
    let (numbers, number_quote_links) = number_findings(&last, &quote_ids);
    let quotes = quote_findings(&last, &quote_ids, &numbers, &number_quote_links);
    let qa = Qa::from_findings(&numbers, &quotes);
    Alignment {
        numbers,
        quotes,
        repaired_target: last.repaired,
        qa,
    }
}

/// The innermost quote holding `mention`, found among the quotes of its sentence.
fn quote_of(quotes: &[Quote], quotes_by_sentence: &[Vec<usize>], mention: &Mention) -> Option<usize> {
    quotes_by_sentence
        .get(mention.sentence)?
        .iter()
        .copied()
        .filter(|&index| quotes[index].contains(mention.sentence, mention.start, mention.end))
        .max_by_key(|&index| quotes[index].depth)
}

/// The quote ids (`q1`, `q2`, …) in document order, and which link each source and target quote belongs to.
struct QuoteIds {
    /// Per quote link, its id.
    id_of_link: Vec<String>,
    /// Quote links in document order (the order of the record's `quotes[]`).
    document_order: Vec<usize>,
    /// Per source quote, the first link holding it.
    link_of_source: Vec<Option<usize>>,
    /// Per target quote, the first link holding it.
    link_of_target: Vec<Option<usize>>,
}

impl QuoteIds {
    fn new(last: &LastRound) -> QuoteIds {
        let links = &last.round.quote_links;
        // Document order over source quotes and extra target quotes.
        let mut keyed: Vec<((usize, usize, u8), usize)> = links
            .iter()
            .enumerate()
            .map(|(link_index, link)| {
                let key = match (link.source, link.target) {
                    (Some(index), _) => {
                        let quote = &last.source.quotes[index];
                        (quote.open.0, quote.open.1, quote.depth)
                    }
                    (None, Some(index)) => {
                        let quote = &last.round.target.quotes[index];
                        (last.source_sentence_of(quote.open.0), quote.open.1, quote.depth)
                    }
                    (None, None) => (0, 0, 0),
                };
                (key, link_index)
            })
            .collect();
        keyed.sort();
        let mut id_of_link = vec![String::new(); links.len()];
        for (position, &(_, link_index)) in keyed.iter().enumerate() {
            id_of_link[link_index] = format!("q{}", position + 1);
        }
        let mut link_of_source = vec![None; last.source.quotes.len()];
        let mut link_of_target = vec![None; last.round.target.quotes.len()];
        for (link_index, link) in links.iter().enumerate() {
            if let Some(slot) = link.source.and_then(|index| link_of_source.get_mut(index)) {
                slot.get_or_insert(link_index);
            }
            if let Some(slot) = link.target.and_then(|index| link_of_target.get_mut(index)) {
                slot.get_or_insert(link_index);
            }
        }
        QuoteIds {
            id_of_link,
            document_order: keyed.into_iter().map(|(_, link_index)| link_index).collect(),
            link_of_source,
            link_of_target,
        }
    }
}

/// The first applied edit of each owner, by source mention and by source quote.
fn first_applied_by_owner<'a>(last: &LastRound<'a>) -> (Vec<Option<&'a Applied>>, Vec<Option<&'a Applied>>) {
    let mut by_number = vec![None; last.source.mentions.len()];
    let mut by_quote = vec![None; last.source.quotes.len()];
    for applied in last.applied {
        let slot = match applied.edit.owner {
            Owner::Number(index) => by_number.get_mut(index),
            Owner::Quote(index) => by_quote.get_mut(index),
        };
        if let Some(slot) = slot {
            slot.get_or_insert(applied);
        }
    }
    (by_number, by_quote)
}

/// The number findings in document order, with ids, and per finding the quote link it sits in.
fn number_findings(last: &LastRound, quote_ids: &QuoteIds) -> (Vec<NumberFinding>, Vec<Option<usize>>) {
    let (repair_of_number, _) = first_applied_by_owner(last);
    let source_by_sentence = quotes_by_sentence(&last.source.quotes, last.source.chars.len());
    let target = &last.round.target;
    let target_by_sentence = quotes_by_sentence(&target.quotes, target.chars.len());
    let mut numbers: Vec<(usize, usize, NumberFinding, Option<usize>)> = last
        .round
        .links
        .iter()
        .filter_map(|link| {
            let source = link.source.map(|index| &last.source.mentions[index]);
            let target_mention = link.target.map(|index| &target.mentions[index]);
            let main = source.or(target_mention)?;
            let quote_link = match (source, target_mention) {
                (Some(mention), _) => quote_of(&last.source.quotes, &source_by_sentence, mention)
                    .and_then(|index| quote_ids.link_of_source[index]),
                (None, Some(mention)) => quote_of(&target.quotes, &target_by_sentence, mention)
                    .and_then(|index| quote_ids.link_of_target[index]),
                _ => None,
            };
            let quote = quote_link.map(|link_index| quote_ids.id_of_link[link_index].clone());
            let applied = link
                .source
                .and_then(|index| repair_of_number.get(index).copied().flatten());
            let sentence = match source {
                Some(mention) => mention.sentence,
                None => last.source_sentence_of(main.sentence),
            };
            let finding = number_finding(link, sentence, main, source, target_mention, quote, applied);
            Some((sentence, main.start, finding, quote_link))
        })
        .collect();
    numbers.sort_by_key(|(sentence, start, _, _)| (*sentence, *start));
    numbers
        .into_iter()
        .enumerate()
        .map(|(position, (_, _, mut finding, quote_link))| {
            finding.id = format!("n{}", position + 1);
            (finding, quote_link)
        })
        .unzip()
}

/// One number finding, without its id.
fn number_finding(
    link: &Link,
    sentence: usize,
    main: &Mention,
    source: Option<&Mention>,
    target: Option<&Mention>,
    quote: Option<String>,
    applied: Option<&Applied>,
) -> NumberFinding {
    NumberFinding {
        id: String::new(),
        sentence,
        target_sentence: target.map(|mention| mention.sentence),
        quote,
        kind: main.kind,
        value: main.value.canonical(),
        unit: main.unit.clone(),
        approx: main.approx,
        source: source.map(|mention| NumberSide {
            text: mention.text.clone(),
            span: [mention.start, mention.end],
            sentence: None,
        }),
        target: target.map(|mention| NumberSide {
            text: mention.text.clone(),
            span: [mention.start, mention.end],
            sentence: (mention.sentence != sentence).then_some(mention.sentence),
        }),
        judgement: link.judgement,
        repair: applied.map(|applied| Repair {
            from: applied.from.clone(),
            to: applied.edit.replacement.clone(),
            reason: applied.edit.reason,
        }),
    }
}

/// The quote findings in document order; a quote whose nested quote is not ok becomes `changed/nested_changed`.
fn quote_findings(
    last: &LastRound,
    quote_ids: &QuoteIds,
    numbers: &[NumberFinding],
    number_quote_links: &[Option<usize>],
) -> Vec<QuoteFinding> {
    let (_, repair_of_quote) = first_applied_by_owner(last);
    let mut numbers_of_link: Vec<Vec<&NumberFinding>> = vec![Vec::new(); quote_ids.id_of_link.len()];
    for (number, quote_link) in numbers.iter().zip(number_quote_links) {
        if let Some(inside) = quote_link.and_then(|link_index| numbers_of_link.get_mut(link_index)) {
            inside.push(number);
        }
    }
    let mut position_of_link = vec![0; quote_ids.id_of_link.len()];
    let mut findings = Vec::with_capacity(quote_ids.document_order.len());
    let mut parent_links = Vec::with_capacity(quote_ids.document_order.len());
    for (position, &link_index) in quote_ids.document_order.iter().enumerate() {
        position_of_link[link_index] = position;
        let context = QuoteContext {
            last,
            quote_ids,
            link_index,
            numbers: &numbers_of_link[link_index],
            applied: &repair_of_quote,
        };
        let (finding, parent_link) = quote_finding(&context);
        findings.push(finding);
        parent_links.push(parent_link);
    }
    let mut nested_changed = vec![false; findings.len()];
    for (finding, parent_link) in findings.iter().zip(&parent_links) {
        if let Some(parent_link) = parent_link.filter(|_| !finding.judgement.is_ok()) {
            nested_changed[position_of_link[parent_link]] = true;
        }
    }
    for (finding, nested_changed) in findings.iter_mut().zip(nested_changed) {
        if nested_changed && finding.judgement.is_ok() {
            finding.judgement = Judgement::of(Status::Changed)
                .because(Reason::NestedChanged)
                .noted(finding.judgement.note);
        }
    }
    findings
}

/// What one quote finding is built from.
struct QuoteContext<'a> {
    last: &'a LastRound<'a>,
    quote_ids: &'a QuoteIds,
    link_index: usize,
    /// The number findings inside this quote.
    numbers: &'a [&'a NumberFinding],
    /// The first applied edit per source quote.
    applied: &'a [Option<&'a Applied>],
}

/// One quote finding and the link of its enclosing quote.
fn quote_finding(context: &QuoteContext) -> (QuoteFinding, Option<usize>) {
    let last = context.last;
    let link = &last.round.quote_links[context.link_index];
    let source = link.source.map(|index| &last.source.quotes[index]);
    let target = link.target.map(|index| &last.round.target.quotes[index]);
    let mut judgement = link.judgement;
    if judgement.is_ok() && source.is_some() && context.numbers.iter().any(|number| !number.judgement.is_ok()) {
        judgement = Judgement {
            status: Status::Changed,
            reason: Some(Reason::InnerNumber),
            note: judgement.note,
        };
    }
    let applied = link
        .source
        .and_then(|index| context.applied.get(index).copied().flatten());
    let repair = applied.map(|applied| {
        let sentence = applied.edit.sentence;
        Repair {
            from: last
                .original
                .get(sentence)
                .map_or(String::new(), |text| text.to_string()),
            to: last.repaired.get(sentence).cloned().unwrap_or_default(),
            reason: applied.edit.reason,
        }
    });
    let parent_link = source
        .and_then(|quote| quote.parent)
        .and_then(|parent| context.quote_ids.link_of_source.get(parent).copied().flatten());
    judgement.note = judgement.note.or_else(|| {
        source
            .filter(|quote| matches!(quote.kind, QuoteKind::Term | QuoteKind::Gloss))
            .map(|_| Note::TermQuote)
    });
    let finding = QuoteFinding {
        id: context.quote_ids.id_of_link[context.link_index].clone(),
        speaker: source.and_then(|quote| quote.speaker.clone()),
        speaker_role: source.and_then(|quote| quote.speaker_role.clone()),
        sentences: match (source, target) {
            (Some(quote), _) => quote.sentences.clone(),
            (None, Some(quote)) => {
                let mut sentences: Vec<usize> = Vec::with_capacity(quote.sentences.len());
                for &sentence in &quote.sentences {
                    let source_sentence = last.source_sentence_of(sentence);
                    if sentences.last() != Some(&source_sentence) {
                        sentences.push(source_sentence);
                    }
                }
                sentences
            }
            (None, None) => Vec::new(),
        },
        target_sentence: target.and_then(|quote| quote.sentences.first().copied()),
        source: source.map(|quote| quote.text.clone()),
        target: target.map(|quote| quote.text.clone()),
        judgement,
        numbers: context.numbers.iter().map(|number| number.id.clone()).collect(),
        depth: source.or(target).map_or(1, |quote| quote.depth),
        parent: parent_link.map(|link_index| context.quote_ids.id_of_link[link_index].clone()),
        repair,
    };
    (finding, parent_link)
}

/// For each sentence, the quotes that span it, in list order.
pub(super) fn quotes_by_sentence(quotes: &[Quote], sentences: usize) -> Vec<Vec<usize>> {
    let mut by_sentence = vec![Vec::new(); sentences];
    for (index, quote) in quotes.iter().enumerate() {
        for &sentence in &quote.sentences {
            if let Some(list) = by_sentence.get_mut(sentence) {
                list.push(index);
            }
        }
    }
    by_sentence
}

/// The source-only findings of `analyze`: every number and every quote, with ids. Numbers read weakly for
/// pairing (`satu`, `ketiga`, `tiga kali`) are still numbers of the text and are reported; a day-part word
/// read weakly is not (`siang` alone names the daytime more often than noon).
pub(super) fn source_analysis(source: &Extracted) -> SourceAnalysis {
    let quote_ids: Vec<String> = (1..=source.quotes.len()).map(|number| format!("q{number}")).collect();
    let by_sentence = quotes_by_sentence(&source.quotes, source.chars.len());
    let mut numbers_of_quote: Vec<Vec<String>> = vec![Vec::new(); source.quotes.len()];
    let numbers: Vec<SourceNumber> = source
        .mentions
        .iter()
        .filter(|mention| mention.confident || mention.kind != Kind::Time)
        .enumerate()
        .map(|(position, mention)| {
            let id = format!("n{}", position + 1);
            let quote = quote_of(&source.quotes, &by_sentence, mention);
            if let Some(index) = quote {
                numbers_of_quote[index].push(id.clone());
            }
            SourceNumber {
                id,
                sentence: mention.sentence,
                quote: quote.map(|index| quote_ids[index].clone()),
                kind: mention.kind,
                value: mention.value.canonical(),
                unit: mention.unit.clone(),
                approx: mention.approx,
                source: NumberSide {
                    text: mention.text.clone(),
                    span: [mention.start, mention.end],
                    sentence: None,
                },
            }
        })
        .collect();
    let quotes = source
        .quotes
        .iter()
        .zip(quote_ids)
        .zip(numbers_of_quote)
        .map(|((quote, id), numbers)| SourceQuote {
            id,
            speaker: quote.speaker.clone(),
            speaker_role: quote.speaker_role.clone(),
            sentences: quote.sentences.clone(),
            source: quote.text.clone(),
            numbers,
            depth: quote.depth,
            note: if quote.close.is_none() {
                Some(Note::SourceUnbalanced)
            } else if quote.multi_paragraph {
                Some(Note::MultiParagraph)
            } else {
                (quote.kind == QuoteKind::Term).then_some(Note::TermQuote)
            },
        })
        .collect();
    SourceAnalysis { numbers, quotes }
}
