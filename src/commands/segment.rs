//! `alih segment --jsonl`: the segmenter behind the JSONL protocol of
//! `shared/tools/segeval.py`.
//!
//! stdin: one `{"doc": id, "text": "..."}` object per line; stdout: one
//! `{"doc": id, "sentences": ["...", ...]}` per input line, in input order,
//! and nothing else, so the output can be piped as documents. On request
//! (`--timing`) one `{"elapsed_s": x}` line with the time spent segmenting
//! (without start-up and JSON I/O) goes to a separate writer, stderr in the
//! CLI. Blank lines are skipped. A line that is not such an object gets
//! `{"doc", "line", "error"}` in its place and the run goes on; the run
//! fails at the end (exit 1) if any line did.

use std::borrow::Cow;
use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use super::jsonl::LineFailures;
use crate::segment::{QuotePolicy, segment_with};

#[derive(Deserialize)]
struct Document<'a> {
    doc: serde_json::Value,
    #[serde(borrow)]
    text: Cow<'a, str>,
}

#[derive(Serialize)]
struct Segmented<'a> {
    doc: &'a serde_json::Value,
    sentences: Vec<&'a str>,
}

#[derive(Serialize)]
struct Timing {
    elapsed_s: f64,
}

/// Reads JSONL documents from `input`, writes their sentences to `output`,
/// splitting inside quotations (the project's convention).
pub fn run_jsonl(input: impl BufRead, output: impl Write) -> anyhow::Result<()> {
    run_jsonl_with(input, output, QuotePolicy::SplitInside, None::<std::io::Sink>)
}

/// Like [`run_jsonl`], with a choice of what to do inside quotations, and
/// the `{"elapsed_s": x}` line written to `timing` when there is one.
pub fn run_jsonl_with(
    mut input: impl BufRead,
    output: impl Write,
    quotes: QuotePolicy,
    timing: Option<impl Write>,
) -> anyhow::Result<()> {
    let mut output = std::io::BufWriter::with_capacity(1 << 16, output);
    let mut line = String::new();
    let mut line_number = 0usize;
    let mut segmenting = Duration::ZERO;
    let mut failures = LineFailures::default();
    loop {
        line.clear();
        let read = input
            .read_line(&mut line)
            .with_context(|| format!("cannot read input line {}", line_number + 1))?;
        if read == 0 {
            break;
        }
        line_number += 1;
        if line.trim().is_empty() {
            continue;
        }
        failures.count_line();
        let document: Document = match serde_json::from_str(&line) {
            Ok(document) => document,
            Err(error) => {
                let error = anyhow::Error::new(error).context("not a JSON object {\"doc\": ..., \"text\": \"...\"}");
                failures.write_error(&mut output, "doc", &line, line_number, &error)?;
                continue;
            }
        };
        let started = Instant::now();
        let sentences = segment_with(&document.text, quotes);
        segmenting += started.elapsed();
        let segmented = Segmented {
            doc: &document.doc,
            sentences: sentences.iter().map(|sentence| sentence.text(&document.text)).collect(),
        };
        serde_json::to_writer(&mut output, &segmented).context("cannot write output")?;
        output.write_all(b"\n").context("cannot write output")?;
    }
    output.flush().context("cannot write output")?;
    if let Some(mut timing) = timing {
        let elapsed_s = segmenting.as_secs_f64();
        serde_json::to_writer(&mut timing, &Timing { elapsed_s }).context("cannot write the timing")?;
        timing.write_all(b"\n").context("cannot write the timing")?;
    }
    failures.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str) -> anyhow::Result<Vec<serde_json::Value>> {
        let mut output = Vec::new();
        run_jsonl(input.as_bytes(), &mut output)?;
        let output = String::from_utf8(output)?;
        Ok(output.lines().map(|line| serde_json::from_str(line).unwrap()).collect())
    }

    #[test]
    fn each_document_gets_its_sentences_in_order_and_nothing_else() {
        let lines =
            run("{\"doc\": \"a\", \"text\": \"Satu. Dua.\"}\n\n{\"doc\": 7, \"text\": \"Tiga\\nEmpat\"}\n").unwrap();
        assert_eq!(
            lines[0],
            serde_json::json!({"doc": "a", "sentences": ["Satu.", "Dua."]})
        );
        assert_eq!(lines[1], serde_json::json!({"doc": 7, "sentences": ["Tiga", "Empat"]}));
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn the_timing_goes_to_its_own_writer_when_asked_for() {
        let (mut output, mut timing) = (Vec::new(), Vec::new());
        let input = "{\"doc\": \"a\", \"text\": \"Satu. Dua.\"}\n";
        run_jsonl_with(
            input.as_bytes(),
            &mut output,
            QuotePolicy::SplitInside,
            Some(&mut timing),
        )
        .unwrap();
        assert_eq!(String::from_utf8(output).unwrap().lines().count(), 1);
        let timing: serde_json::Value = serde_json::from_slice(&timing).unwrap();
        assert!(timing["elapsed_s"].is_number(), "{timing}");
    }

    #[test]
    fn a_bad_line_gets_an_error_in_its_place_and_the_run_goes_on() {
        let input =
            "{\"doc\": \"a\", \"text\": \"Satu.\"}\n{\"doc\": \"b\"}\nnot json\n{\"doc\": \"c\", \"text\": \"Dua.\"}\n";
        let mut output = Vec::new();
        let error = run_jsonl(input.as_bytes(), &mut output).unwrap_err();
        assert!(format!("{error:#}").starts_with("2 of 4 input lines"), "{error:#}");
        let lines: Vec<serde_json::Value> = String::from_utf8(output)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines[1]["doc"], "b");
        assert!(lines[1]["error"].as_str().unwrap().contains("text"), "{}", lines[1]);
        assert_eq!(
            (&lines[2]["doc"], &lines[2]["line"]),
            (&serde_json::Value::Null, &serde_json::json!(3))
        );
        assert_eq!(lines[3], serde_json::json!({"doc": "c", "sentences": ["Dua."]}));
    }
}
