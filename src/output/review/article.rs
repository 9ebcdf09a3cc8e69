//! One record as one `<article>`: a header with the verdict and the list
//! of findings, then a table of sentence pairs with quotations and numbers
//! marked in both languages.

use std::{collections::HashSet, io::Write};

use super::escape;
use crate::{
    align::{NumberFinding, QuoteFinding, Status},
    output::pairs::{self, Finding, PairStatus},
    record::{Record, SentencePair},
};

/// Which language column a mark sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Source,
    Target,
}

impl Side {
    fn suffix(self) -> &'static str {
        match self {
            Side::Source => "src",
            Side::Target => "tgt",
        }
    }
}

/// A quotation or number to mark inside one sentence, `[start, end)` in characters.
struct Mark {
    start: usize,
    end: usize,
    is_quote: bool,
    item_id: String,
    title: String,
    /// Text labels after the item (escaped HTML).
    labels: String,
}

/// Writes one article.
pub fn write<W: Write>(writer: &mut W, record: &Record) -> std::io::Result<()> {
    let record_key = escape(&record.record_id);
    let findings = pairs::findings_by_sentence(record);
    let heading = record
        .title
        .as_ref()
        .map_or(record.article_id.as_str(), |title| title.source.as_str());
    let (verdict_class, verdict) = if record.qa.needs_review {
        ("review", "Needs review")
    } else {
        ("ok", "No findings to review")
    };
    writeln!(
        writer,
        r#"<article id="a-{record_key}" data-needs-review="{}" aria-labelledby="h-{record_key}">"#,
        record.qa.needs_review
    )?;
    writeln!(writer, r#"<h2 id="h-{record_key}">{}</h2>"#, escape(heading))?;
    writeln!(
        writer,
        r#"<p class="meta"><span class="verdict {verdict_class}">{verdict}</span> · article {} · {} → {} · MT {}{} · {}</p>"#,
        escape(&record.article_id),
        escape(&record.source_lang),
        escape(&record.target_lang),
        escape(&record.mt.provider),
        record
            .mt
            .model
            .as_deref()
            .map(|model| format!(" ({})", escape(model)))
            .unwrap_or_default(),
        source_link(record.url.as_deref()),
    )?;
    write_findings_list(writer, &record_key, &findings)?;
    write_pairs(writer, record, &record_key, &findings)?;
    writeln!(writer, "</article>")
}

/// A link to the article when its URL is http(s); anything else as text.
fn source_link(url: Option<&str>) -> String {
    match url {
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
            format!(r#"<a href="{0}" rel="noreferrer">{0}</a>"#, escape(url))
        }
        Some(url) => escape(url),
        None => "no URL".into(),
    }
}

fn write_findings_list<W: Write>(writer: &mut W, record_key: &str, findings: &[Vec<Finding>]) -> std::io::Result<()> {
    let mut listed = HashSet::new();
    let items: Vec<String> = findings
        .iter()
        .flatten()
        .filter(|finding| listed.insert(finding.id))
        .map(|finding| {
            let side = if finding.source.is_some() {
                Side::Source
            } else {
                Side::Target
            };
            let label = if finding.needs_review() {
                "needs review"
            } else {
                "repaired"
            };
            format!(
                r##"<li><a href="#f-{record_key}-{}-{}">{}</a> <span class="badge {}">{label}</span></li>"##,
                escape(finding.id),
                side.suffix(),
                escape(&finding.describe()),
                if finding.needs_review() { "review" } else { "repaired" },
            )
        })
        .collect();
    writeln!(writer, r#"<section class="findings" aria-label="Findings">"#)?;
    if items.is_empty() {
        writeln!(
            writer,
            "<h3>Findings</h3>\n<p>None: every quotation and number matched.</p>"
        )?;
    } else {
        writeln!(
            writer,
            "<h3>Findings ({})</h3>\n<ul>\n{}\n</ul>",
            items.len(),
            items.join("\n")
        )?;
    }
    writeln!(writer, "</section>")
}

fn write_pairs<W: Write>(
    writer: &mut W,
    record: &Record,
    record_key: &str,
    findings: &[Vec<Finding>],
) -> std::io::Result<()> {
    writeln!(
        writer,
        r#"<table class="pairs"><caption class="meta">Sentence pairs; marked: quotations and numbers</caption>
<thead><tr><th scope="col">Pair</th><th scope="col">Source ({0})</th><th scope="col">Translation ({1})</th></tr></thead>
<tbody>"#,
        escape(&record.source_lang),
        escape(&record.target_lang)
    )?;
    let mut used_ids = HashSet::new();
    for (pair, pair_findings) in record.sentences.iter().zip(findings) {
        let status = pairs::pair_status(pair_findings);
        let class = match status {
            PairStatus::Ok => "ok",
            PairStatus::Repaired => "repaired",
            PairStatus::Review => "review",
        };
        let label = match status {
            PairStatus::Ok => String::new(),
            _ => format!(r#" <span class="badge {class}">{}</span>"#, status.as_str()),
        };
        let mut cell = |side: Side, text: &str| {
            let marks = marks_for(record, pair, side);
            render(text, marks, record_key, side, &mut used_ids)
        };
        let source = cell(Side::Source, &pair.source);
        let target = cell(Side::Target, &pair.target);
        writeln!(
            writer,
            r#"<tr id="s-{record_key}-{index}" class="{class}"><th scope="row">{number}{label}</th><td lang="{}">{source}</td><td lang="{}">{target}</td></tr>"#,
            escape(&record.source_lang),
            escape(&record.target_lang),
            index = pair.index,
            number = pair.index + 1,
        )?;
    }
    writeln!(writer, "</tbody></table>")
}

/// The quotations and numbers of one side of one pair.
fn marks_for(record: &Record, pair: &SentencePair, side: Side) -> Vec<Mark> {
    let text = match side {
        Side::Source => &pair.source,
        Side::Target => &pair.target,
    };
    let mut marks: Vec<Mark> = record
        .quotes
        .iter()
        .filter(|quote| quote.depth <= 1 && quote.sentences.contains(&pair.index))
        .filter_map(|quote| quote_mark(quote, text, side))
        .collect();
    marks.extend(
        record
            .numbers
            .iter()
            .filter_map(|number| number_mark(number, pair.index, side)),
    );
    marks
}

fn quote_mark(quote: &QuoteFinding, text: &str, side: Side) -> Option<Mark> {
    let words = match side {
        Side::Source => quote.source.as_deref()?,
        Side::Target => quote.target.as_deref()?,
    };
    // A quotation over several sentences is not a substring of one: the
    // whole sentence is then marked as part of it.
    let (start, end) = match text.find(words).filter(|_| !words.is_empty()) {
        Some(byte) => {
            let start = text[..byte].chars().count();
            (start, start + words.chars().count())
        }
        None => (0, text.chars().count()),
    };
    let speaker = quote.speaker.as_deref().unwrap_or("speaker not found");
    let mut labels = format!(
        r#" <span class="speaker">{} · {}</span>"#,
        escape(&quote.id),
        escape(speaker)
    );
    labels.push_str(&status_badge(quote.judgement.status, side));
    if let (Some(repair), Side::Target) = (&quote.repair, side) {
        labels.push_str(&format!(
            r#" <span class="was">(marks repaired: {} → {})</span>"#,
            escape(&repair.from),
            escape(&repair.to)
        ));
    }
    Some(Mark {
        start,
        end,
        is_quote: true,
        item_id: quote.id.clone(),
        title: format!("quotation {}, {}: {speaker}", quote.id, quote.judgement.status.as_str()),
        labels,
    })
}

fn number_mark(number: &NumberFinding, index: usize, side: Side) -> Option<Mark> {
    let mention = match side {
        Side::Source => number.source.as_ref()?,
        Side::Target => number.target.as_ref()?,
    };
    if mention.sentence.unwrap_or(number.sentence) != index {
        return None;
    }
    let mut labels = status_badge(number.judgement.status, side);
    if let (Some(repair), Side::Target) = (&number.repair, side) {
        labels.push_str(&format!(
            r#" <span class="badge repaired">repaired</span><span class="was">(was {})</span>"#,
            escape(&repair.from)
        ));
    }
    Some(Mark {
        start: mention.span[0],
        end: mention.span[1],
        is_quote: false,
        item_id: number.id.clone(),
        title: format!(
            "number {}, value {}, {}",
            number.id,
            number.value,
            number.judgement.status.as_str()
        ),
        labels,
    })
}

fn status_badge(status: Status, side: Side) -> String {
    match (status, side) {
        (Status::Ok, _) => String::new(),
        (Status::Missing, Side::Source) => r#" <span class="badge review">missing in translation</span>"#.into(),
        (Status::Extra, Side::Target) => r#" <span class="badge review">extra in translation</span>"#.into(),
        (status, _) => format!(r#" <span class="badge review">{}</span>"#, status.as_str()),
    }
}

/// `text` escaped, with quotations (outer) and numbers (inner) wrapped in
/// focusable elements; overlapping or out-of-range marks are left unmarked.
fn render(text: &str, marks: Vec<Mark>, record_key: &str, side: Side, used_ids: &mut HashSet<String>) -> String {
    let characters: Vec<char> = text.chars().collect();
    let (quotes, numbers) = layout(marks, characters.len());
    let mut html = String::new();
    let mut position = 0;
    let mut open = |mark: &Mark, html: &mut String, tag: &str, class: &str| {
        let id = format!("f-{record_key}-{}-{}", escape(&mark.item_id), side.suffix());
        let id_attribute = if used_ids.insert(id.clone()) {
            format!(r#" id="{id}""#)
        } else {
            String::new()
        };
        html.push_str(&format!(
            r#"<{tag} class="{class}"{id_attribute} data-partner="{record_key}-{}" tabindex="0" title="{}">"#,
            escape(&mark.item_id),
            escape(&mark.title)
        ));
    };
    let mut numbers = numbers.into_iter().peekable();
    let mut plain_with_numbers =
        |html: &mut String, from: usize, to: usize, open: &mut dyn FnMut(&Mark, &mut String, &str, &str)| {
            let mut at = from;
            while let Some(number) = numbers.next_if(|number| number.end <= to) {
                html.push_str(&escape(&characters[at..number.start].iter().collect::<String>()));
                open(&number, html, "mark", "number");
                html.push_str(&escape(
                    &characters[number.start..number.end].iter().collect::<String>(),
                ));
                html.push_str("</mark>");
                html.push_str(&number.labels);
                at = number.end;
            }
            html.push_str(&escape(&characters[at..to].iter().collect::<String>()));
        };
    for quote in &quotes {
        plain_with_numbers(&mut html, position, quote.start, &mut open);
        open(quote, &mut html, "span", "quote");
        plain_with_numbers(&mut html, quote.start, quote.end, &mut open);
        html.push_str("</span>");
        html.push_str(&quote.labels);
        position = quote.end;
    }
    plain_with_numbers(&mut html, position, characters.len(), &mut open);
    html
}

/// Sorts marks, drops those out of range or overlapping their own kind, and
/// drops numbers that cross a quotation's edge, so the markup nests.
fn layout(marks: Vec<Mark>, length: usize) -> (Vec<Mark>, Vec<Mark>) {
    let (mut quotes, mut numbers): (Vec<Mark>, Vec<Mark>) = marks
        .into_iter()
        .filter(|mark| mark.start < mark.end && mark.end <= length)
        .partition(|mark| mark.is_quote);
    for marks in [&mut quotes, &mut numbers] {
        marks.sort_by_key(|mark| (mark.start, mark.end));
        let mut last_end = 0;
        marks.retain(|mark| {
            let keep = mark.start >= last_end;
            if keep {
                last_end = mark.end;
            }
            keep
        });
    }
    numbers.retain(|number| {
        quotes.iter().all(|quote| {
            number.end <= quote.start
                || number.start >= quote.end
                || (number.start >= quote.start && number.end <= quote.end)
        })
    });
    (quotes, numbers)
}
