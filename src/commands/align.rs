//! `alih align --jsonl`: stdin JSONL sentence pairs → stdout JSONL findings.
//!
//! Input `{"id","source":[..],"target":[..],"source_paragraph_starts"?,
//! "target_paragraph_starts"?,"target_lang"?}`; output
//! `{"id","numbers":[..],"quotes":[..],"repaired_target":[..],"qa":{..}}`
//! with the record's objects. `source` and `target` are each a list of
//! sentences or the text itself (segmented as `alih segment` does,
//! paragraphs at `\n`). The target may have any number of sentences
//! (merged, split, dropped: `align::sentences` aligns them first); findings
//! carry `sentence` (source) and `target_sentence`, and `repaired_target`
//! has one entry per target sentence. `target_paragraph_starts` is accepted
//! for symmetry and ignored, like any other unknown field: target paragraphs
//! follow the source sentences they are aligned with.

use std::io::{BufRead, Write};

use anyhow::Context;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::jsonl::LineFailures;
use crate::align::{self, AlignInput, NumberFinding, Qa, QuoteFinding};
use crate::segment;

#[derive(Deserialize)]
struct PairLine {
    id: String,
    source: Side,
    target: Side,
    /// Indices of the source sentences that start a paragraph.
    #[serde(default)]
    source_paragraph_starts: Option<Vec<usize>>,
    #[serde(default)]
    target_lang: Option<String>,
}

/// One side of a pair: its sentences, or its text (segmented here, paragraphs split at `\n`).
#[derive(Deserialize)]
#[serde(untagged)]
enum Side {
    Sentences(Vec<String>),
    Text(String),
}

impl Side {
    /// The sentences, and the indices of those that start a paragraph when the side came as text.
    fn into_sentences(self) -> (Vec<String>, Option<Vec<usize>>) {
        match self {
            Side::Sentences(sentences) => (sentences, None),
            Side::Text(text) => {
                let segmented = segment::segment(&text);
                let starts = segmented
                    .iter()
                    .enumerate()
                    .filter(|(index, sentence)| *index == 0 || segmented[index - 1].paragraph != sentence.paragraph)
                    .map(|(index, _)| index)
                    .collect();
                let sentences = segmented
                    .iter()
                    .map(|sentence| sentence.text(&text).to_string())
                    .collect();
                (sentences, Some(starts))
            }
        }
    }
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
    // A set, not `starts.contains`: that was quadratic in a long document's paragraphs.
    let starts: std::collections::HashSet<usize> = starts.iter().copied().collect();
    let mut paragraph = 0;
    (0..n)
        .map(|sentence| {
            if sentence > 0 && starts.contains(&sentence) {
                paragraph += 1;
            }
            paragraph
        })
        .collect()
}

/// Input lines aligned at once: enough to keep every core busy with news-sized documents
/// (64 of them are about 300 KB); a batch holds its lines and their results, so 64 lines of
/// 1 MiB hold about 64 MiB of input and a few times that in results.
const LINES_PER_BATCH: usize = 64;

/// Reads sentence-pair lines and writes one findings line per input line, in input order.
///
/// `target_lang` defaults to `default_lang`. A line that cannot be aligned
/// gets `{"id", "line", "error"}` in its place and the run goes on; the
/// result is an error at the end if any line failed. Lines are aligned in
/// batches, each batch's lines in parallel on every core (`RAYON_NUM_THREADS`
/// sets how many): the lines are independent documents.
pub fn run_jsonl(input: impl BufRead, output: impl Write, default_lang: &str) -> anyhow::Result<()> {
    let mut output = std::io::BufWriter::new(output);
    let mut failures = LineFailures::default();
    let mut batch: Vec<(usize, String)> = Vec::with_capacity(LINES_PER_BATCH);
    for (index, line) in input.lines().enumerate() {
        let line_number = index + 1;
        let line = match line {
            Ok(line) => line,
            Err(error) => {
                // The lines read before it still get their results, as when lines ran one by one.
                align_and_write_batch(&mut batch, &mut output, &mut failures, default_lang)?;
                output.flush()?;
                return Err(error).with_context(|| format!("cannot read input line {line_number}"));
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        failures.count_line();
        batch.push((line_number, line));
        if batch.len() == LINES_PER_BATCH {
            align_and_write_batch(&mut batch, &mut output, &mut failures, default_lang)?;
        }
    }
    align_and_write_batch(&mut batch, &mut output, &mut failures, default_lang)?;
    output.flush()?;
    failures.finish()
}

/// Aligns the lines of `batch` in parallel, writes their results in input order and empties it.
fn align_and_write_batch(
    batch: &mut Vec<(usize, String)>,
    output: &mut impl Write,
    failures: &mut LineFailures,
    default_lang: &str,
) -> anyhow::Result<()> {
    let results: Vec<anyhow::Result<Vec<u8>>> = batch
        .par_iter()
        .map(|(_, line)| {
            let aligned = align_line(line, default_lang)?;
            let mut serialized = serde_json::to_vec(&aligned)?;
            serialized.push(b'\n');
            Ok(serialized)
        })
        .collect();
    for ((line_number, line), result) in batch.drain(..).zip(results) {
        match result {
            Ok(serialized) => output
                .write_all(&serialized)
                .with_context(|| format!("cannot write the result of line {line_number}"))?,
            Err(error) => failures.write_error(output, "id", &line, line_number, &error)?,
        }
    }
    Ok(())
}

/// Aligns one input line.
fn align_line(line: &str, default_lang: &str) -> anyhow::Result<AlignOut> {
    let pair: PairLine = serde_json::from_str(line)
        .context("expected {\"id\",\"source\":[..] or \"text\",\"target\":[..] or \"text\"}")?;
    let (source_sentences, segmented_starts) = pair.source.into_sentences();
    let (target_sentences, _) = pair.target.into_sentences();
    let source: Vec<&str> = source_sentences.iter().map(String::as_str).collect();
    let target: Vec<&str> = target_sentences.iter().map(String::as_str).collect();
    let starts = pair.source_paragraph_starts.or(segmented_starts);
    let paragraphs = paragraphs_from_starts(source.len(), starts.as_deref());
    let lang = pair.target_lang.as_deref().unwrap_or(default_lang);
    let result = align::align_any_structure(&AlignInput {
        source: &source,
        target: &target,
        paragraphs: &paragraphs,
        target_lang: lang,
    });
    Ok(AlignOut {
        id: pair.id,
        numbers: result.numbers,
        quotes: result.quotes,
        repaired_target: result.repaired_target,
        qa: result.qa,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each output line, parsed.
    fn output_lines(out: &[u8]) -> Vec<serde_json::Value> {
        std::str::from_utf8(out)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

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
    fn a_line_that_cannot_be_aligned_gets_an_error_in_its_place_and_the_run_goes_on() {
        let input = concat!(
            "{\"id\":\"no-target\",\"source\":[\"a\"]}\n",
            "{\n",
            "{\"id\":\"good\",\"source\":[\"Ada 3 orang.\"],\"target\":[\"There are 3 people.\"]}\n",
        );
        let mut out = Vec::new();
        let error = run_jsonl(input.as_bytes(), &mut out, "en").unwrap_err();
        assert!(error.to_string().starts_with("2 of 3 input lines"), "{error}");
        let lines = output_lines(&out);
        assert_eq!(lines.len(), 3, "one output line per input line");
        assert_eq!(
            (&lines[0]["id"], &lines[0]["line"]),
            (&serde_json::json!("no-target"), &serde_json::json!(1))
        );
        assert!(lines[0]["error"].as_str().unwrap().contains("expected {"));
        assert_eq!(lines[1]["id"], serde_json::Value::Null);
        assert!(lines[1]["error"].as_str().unwrap().contains("expected {"));
        assert_eq!(lines[2]["id"], "good");
        assert_eq!(lines[2]["qa"]["needs_review"], false);
    }

    #[test]
    fn lines_aligned_in_parallel_batches_come_out_in_input_order() {
        // More lines than one batch, every seventh unreadable: each output line is in its input line's place.
        let input: String = (0..150)
            .map(|index| {
                if index % 7 == 3 {
                    format!("{{\"id\":\"bad-{index}\"}}\n")
                } else {
                    let thousands = index + 1;
                    format!(
                        "{{\"id\":\"line-{index}\",\"source\":[\"Ada {thousands}.000 orang.\"],\"target\":[\"There are {thousands}.000 people.\"]}}\n"
                    )
                }
            })
            .collect();
        let mut out = Vec::new();
        let error = run_jsonl(input.as_bytes(), &mut out, "en").unwrap_err();
        assert!(error.to_string().starts_with("21 of 150 input lines"), "{error}");
        let lines = output_lines(&out);
        assert_eq!(lines.len(), 150);
        for (index, line) in lines.iter().enumerate() {
            if index % 7 == 3 {
                assert_eq!(
                    (&line["id"], &line["line"]),
                    (
                        &serde_json::json!(format!("bad-{index}")),
                        &serde_json::json!(index + 1)
                    )
                );
            } else {
                assert_eq!(line["id"], format!("line-{index}"));
                assert_eq!(
                    line["repaired_target"][0],
                    format!("There are {},000 people.", index + 1)
                );
            }
        }
    }

    #[test]
    fn lines_before_an_unreadable_line_keep_their_results() {
        let mut input =
            b"{\"id\":\"first\",\"source\":[\"Ada 3 orang.\"],\"target\":[\"There are 3 people.\"]}\n".to_vec();
        input.extend_from_slice(b"\xff\xfe not UTF-8\n");
        let mut out = Vec::new();
        let error = run_jsonl(input.as_slice(), &mut out, "en").unwrap_err();
        assert!(error.to_string().contains("cannot read input line 2"), "{error}");
        let written: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(written["id"], "first");
    }

    #[test]
    fn paragraph_starts_become_indices() {
        assert_eq!(paragraphs_from_starts(4, Some(&[0, 2])), vec![0, 0, 1, 1]);
        assert_eq!(paragraphs_from_starts(2, None), vec![0, 0]);
    }
}
