//! Which findings belong to which sentence pair, and what that makes the
//! pair: `ok`, `repaired` (a safe repair was applied and verified) or
//! `review` (a finding stays). Every output format flags pairs through this
//! one reading of the record.

use serde::Serialize;

use crate::{
    align::{NumberFinding, QuoteFinding, Repair, Status},
    record::Record,
};

/// What a sentence pair needs from a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PairStatus {
    /// Nothing found, or everything found is `ok` without repair.
    Ok,
    /// Safe repairs were applied and verified; nothing left to check.
    Repaired,
    /// At least one `changed`, `missing` or `extra` finding.
    Review,
}

impl PairStatus {
    /// The word written into exports (`ok`, `repaired`, `review`).
    pub fn as_str(self) -> &'static str {
        match self {
            PairStatus::Ok => "ok",
            PairStatus::Repaired => "repaired",
            PairStatus::Review => "review",
        }
    }
}

/// Whether a finding is about a number or a quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A `numbers[]` entry.
    Number,
    /// A `quotes[]` entry.
    Quote,
}

/// A finding worth showing: not `ok`, or `ok` after a repair.
#[derive(Debug, Clone)]
pub struct Finding<'a> {
    /// `n3`, `q1`, …
    pub id: &'a str,
    /// Number or quotation.
    pub item: Item,
    /// Its status.
    pub status: Status,
    /// The reason code, when the record gives one (repairs give theirs in `repair`).
    pub reason: Option<String>,
    /// The source text of the item, if any.
    pub source: Option<&'a str>,
    /// The target text of the item, if any.
    pub target: Option<&'a str>,
    /// The repair applied, if any.
    pub repair: Option<&'a Repair>,
}

impl Finding<'_> {
    /// Whether this finding leaves work for a reviewer.
    pub fn needs_review(&self) -> bool {
        self.status != Status::Ok
    }

    /// One line for notes and tooltips, e.g.
    /// `n3 number changed (value_changed): 12.000 → 1.200` or
    /// `n1 number repaired (locale_leak): 12.000 → 12,000`.
    pub fn describe(&self) -> String {
        let item = match self.item {
            Item::Number => "number",
            Item::Quote => "quotation",
        };
        if let (Status::Ok, Some(repair)) = (self.status, self.repair) {
            return format!(
                "{} {item} repaired ({}): {} → {}",
                self.id,
                code(&repair.reason),
                repair.from,
                repair.to
            );
        }
        let reason = self
            .reason
            .as_deref()
            .map(|reason| format!(" ({reason})"))
            .unwrap_or_default();
        let texts = match (self.source, self.target) {
            (Some(source), Some(target)) => format!(": {source} → {target}"),
            (Some(source), None) => format!(": {source} → (none)"),
            (None, Some(target)) => format!(": (none) → {target}"),
            (None, None) => String::new(),
        };
        format!("{} {item} {}{reason}{texts}", self.id, self.status.as_str())
    }
}

/// The findings of each sentence pair, indexed like `record.sentences`.
pub fn findings_by_sentence(record: &Record) -> Vec<Vec<Finding<'_>>> {
    let mut by_sentence: Vec<Vec<Finding>> = vec![Vec::new(); record.sentences.len()];
    for number in record
        .numbers
        .iter()
        .filter(|number| is_worth_showing(number.judgement.status, &number.repair))
    {
        if let Some(findings) = by_sentence.get_mut(number.sentence) {
            findings.push(number_finding(number));
        }
    }
    for quote in record
        .quotes
        .iter()
        .filter(|quote| is_worth_showing(quote.judgement.status, &quote.repair))
    {
        for &sentence in &quote.sentences {
            if let Some(findings) = by_sentence.get_mut(sentence) {
                findings.push(quote_finding(quote));
            }
        }
    }
    by_sentence
}

/// What the findings of one pair make it.
pub fn pair_status(findings: &[Finding]) -> PairStatus {
    findings
        .iter()
        .map(|finding| {
            if finding.needs_review() {
                PairStatus::Review
            } else {
                PairStatus::Repaired
            }
        })
        .max()
        .unwrap_or(PairStatus::Ok)
}

/// The wire code of a serialised enum (`locale_leak`).
pub fn code<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(code)) => code,
        Ok(other) => other.to_string(),
        Err(error) => format!("unprintable code: {error}"),
    }
}

fn is_worth_showing(status: Status, repair: &Option<Repair>) -> bool {
    status != Status::Ok || repair.is_some()
}

fn number_finding(number: &NumberFinding) -> Finding<'_> {
    Finding {
        id: &number.id,
        item: Item::Number,
        status: number.judgement.status,
        reason: number.judgement.reason.as_ref().map(code),
        source: number.source.as_ref().map(|side| side.text.as_str()),
        target: number.target.as_ref().map(|side| side.text.as_str()),
        repair: number.repair.as_ref(),
    }
}

fn quote_finding(quote: &QuoteFinding) -> Finding<'_> {
    Finding {
        id: &quote.id,
        item: Item::Quote,
        status: quote.judgement.status,
        reason: quote.judgement.reason.as_ref().map(code),
        source: quote.source.as_deref(),
        target: quote.target.as_deref(),
        repair: quote.repair.as_ref(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_records_repair_flags_its_sentence_as_repaired() {
        let record: Record = serde_json::from_str(include_str!("../../tests/fixtures/records/dw-korut-rusia.ms.json"))
            .expect("fixture record");
        let findings = findings_by_sentence(&record);
        let repaired: Vec<String> = findings.iter().flatten().map(Finding::describe).collect();
        assert!(
            repaired
                .iter()
                .any(|line| line.ends_with("repaired (locale_leak): 12.000 → 12,000")),
            "{repaired:#?}"
        );
        let statuses: Vec<PairStatus> = findings.iter().map(|pair| pair_status(pair)).collect();
        assert!(statuses.contains(&PairStatus::Repaired));
        assert_eq!(statuses.len(), record.sentences.len());
    }
}
