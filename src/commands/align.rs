//! `alih align --jsonl`: stdin JSONL sentence pairs → stdout JSONL findings.
//!
//! Input `{"id","source":[..],"target":[..],"source_paragraph_starts"?,
//! "target_paragraph_starts"?,"target_lang"?}`; output
//! `{"id","numbers":[..],"quotes":[..],"repaired_target":[..],"qa":{..}}`
//! with the record's objects. `target_paragraph_starts` is accepted for
//! symmetry and ignored, like any other unknown field: paragraphs follow the
//! source (one target per source sentence).

use std::io::{BufRead, Write};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use crate::align::{self, AlignInput, NumberFinding, Qa, QuoteFinding};

#[derive(Deserialize)]
struct PairLine {
    id: String,
    source: Vec<String>,
    target: Vec<String>,
    /// Indices of the source sentences that start a paragraph.
    #[serde(default)]
    source_paragraph_starts: Option<Vec<usize>>,
    #[serde(default)]
    target_lang: Option<String>,
}

#[derive(Serialize)]
struct AlignOut {
    id: String,
    numbers: Vec<NumberFinding>,
    quotes: Vec<QuoteFinding>,
    repaired_target: Vec<String>,
    qa: Qa,
}

/// Paragraph index per sentence from the indices of paragraph-initial sentences.
fn paragraphs_from_starts(n: usize, starts: Option<&[usize]>) -> Vec<usize> {
    let Some(starts) = starts else {
        return vec![0; n];
    };
    let mut paragraph = 0;
    (0..n)
        .map(|i| {
            if i > 0 && starts.contains(&i) {
                paragraph += 1;
            }
            paragraph
        })
        .collect()
}

/// Reads sentence-pair lines and writes one findings line per input line.
///
/// `target_lang` defaults to `default_lang`. A malformed line is an error naming its line number.
pub fn run_jsonl(input: impl BufRead, mut output: impl Write, default_lang: &str) -> anyhow::Result<()> {
    for (n, line) in input.lines().enumerate() {
        let line_no = n + 1;
        let line = line.with_context(|| format!("cannot read input line {line_no}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let pair: PairLine = serde_json::from_str(&line)
            .with_context(|| format!("line {line_no}: expected {{\"id\",\"source\":[..],\"target\":[..]}}"))?;
        if pair.source.len() != pair.target.len() {
            bail!(
                "line {line_no}: {} source sentences but {} target sentences; align needs one target per source sentence",
                pair.source.len(),
                pair.target.len()
            );
        }
        let source: Vec<&str> = pair.source.iter().map(String::as_str).collect();
        let target: Vec<&str> = pair.target.iter().map(String::as_str).collect();
        let paragraphs = paragraphs_from_starts(source.len(), pair.source_paragraph_starts.as_deref());
        let lang = pair.target_lang.as_deref().unwrap_or(default_lang);
        let result = align::align(&AlignInput {
            source: &source,
            target: &target,
            paragraphs: &paragraphs,
            target_lang: lang,
        });
        let out = AlignOut {
            id: pair.id,
            numbers: result.numbers,
            quotes: result.quotes,
            repaired_target: result.repaired_target,
            qa: result.qa,
        };
        serde_json::to_writer(&mut output, &out)
            .with_context(|| format!("cannot write the result of line {line_no}"))?;
        output.write_all(b"\n")?;
    }
    output.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_line_yields_findings_and_repaired_target() {
        let input =
            r#"{"id":"p","source":["Ada 12.000 orang."],"target":["There are 12.000 people."],"target_lang":"en"}"#;
        let mut out = Vec::new();
        run_jsonl(input.as_bytes(), &mut out, "en").unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["repaired_target"][0], "There are 12,000 people.");
        assert_eq!(v["numbers"][0]["repair"]["reason"], "locale_leak");
        assert_eq!(v["numbers"][0]["status"], "ok");
    }

    #[test]
    fn mismatched_counts_and_bad_json_name_the_line() {
        let err = run_jsonl(
            "{\"id\":\"p\",\"source\":[\"a\"],\"target\":[]}".as_bytes(),
            Vec::new(),
            "en",
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("line 1"));
        let err = run_jsonl("\n{".as_bytes(), Vec::new(), "en").unwrap_err();
        assert!(format!("{err:#}").contains("line 2"));
    }

    #[test]
    fn paragraph_starts_become_indices() {
        assert_eq!(paragraphs_from_starts(4, Some(&[0, 2])), vec![0, 0, 1, 1]);
        assert_eq!(paragraphs_from_starts(2, None), vec![0, 0]);
    }
}
