//! `alih segment --jsonl`: the segmenter behind the JSONL protocol of
//! `shared/tools/segeval.py`.
//!
//! stdin: one `{"doc": id, "text": "..."}` object per line; stdout: one
//! `{"doc": id, "sentences": ["...", ...]}` per input line, in input order,
//! and nothing else, so the output can be piped as documents. On request
//! (`--timing`) one `{"elapsed_s": x}` line with the time spent segmenting
//! (without start-up and JSON I/O) goes to a separate writer, stderr in the
//! CLI. Blank lines are skipped. A line that is not such an
//! object stops the run with an error naming the line; the lines before it
//! have been written.

use std::borrow::Cow;
use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::{Deserialize, Serialize};

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
        let document: Document = serde_json::from_str(&line).with_context(|| {
            format!("input line {line_number} is not a JSON object {{\"doc\": ..., \"text\": \"...\"}}")
        })?;
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
    Ok(())
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
    fn a_bad_line_is_an_error_naming_its_line_number() {
        let error = run("{\"doc\": \"a\", \"text\": \"Satu.\"}\n{\"doc\": \"b\"}\n").unwrap_err();
        assert!(format!("{error:#}").contains("input line 2"), "{error:#}");
        let error = run("not json\n").unwrap_err();
        assert!(format!("{error:#}").contains("input line 1"), "{error:#}");
    }
}
