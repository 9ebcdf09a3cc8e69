//! `alih analyze`: stdin JSONL articles → stdout JSONL with the sentences,
//! quotes and numbers found in the source. No MT, no broker.

use std::io::{BufRead, Write};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use super::jsonl::LineFailures;
use crate::align::{self, SourceNumber, SourceQuote};
use crate::segment::{self, QuotePolicy};

#[derive(Deserialize)]
struct ArticleLine {
    id: String,
    body: String,
}

/// One sentence of the analysed article.
#[derive(Serialize)]
struct SentenceOut {
    index: usize,
    paragraph: usize,
    text: String,
    /// `[start, end)` in characters into `body`.
    span: [usize; 2],
}

#[derive(Serialize)]
struct AnalysisOut {
    id: String,
    sentences: Vec<SentenceOut>,
    quotes: Vec<SourceQuote>,
    numbers: Vec<SourceNumber>,
}

/// Reads article lines (`{"id","body",...}`) and writes one analysis line per article.
///
/// Blank lines are skipped; a line that is not an article gets `{"id",
/// "line", "error"}` in its place and the run goes on; the result is an
/// error at the end if any line failed.
pub fn run_jsonl(input: impl BufRead, mut output: impl Write, quotes: QuotePolicy) -> anyhow::Result<()> {
    let mut failures = LineFailures::default();
    for (n, line) in input.lines().enumerate() {
        let line_no = n + 1;
        let line = line.with_context(|| format!("cannot read input line {line_no}"))?;
        if line.trim().is_empty() {
            continue;
        }
        failures.count_line();
        match parse_article(&line) {
            Ok(article) => {
                let out = analyze_article(article, quotes);
                serde_json::to_writer(&mut output, &out)
                    .with_context(|| format!("cannot write the result of line {line_no}"))?;
                output.write_all(b"\n")?;
            }
            Err(error) => failures.write_error(&mut output, "id", &line, line_no, &error)?,
        }
    }
    output.flush()?;
    failures.finish()
}

fn parse_article(line: &str) -> anyhow::Result<ArticleLine> {
    let article: ArticleLine =
        serde_json::from_str(line).context("not an article object with string \"id\" and \"body\"")?;
    if article.id.is_empty() {
        bail!("empty \"id\"");
    }
    Ok(article)
}

fn analyze_article(article: ArticleLine, quotes: QuotePolicy) -> AnalysisOut {
    let body = &article.body;
    let sentences = segment::segment_with(body, quotes);
    let texts: Vec<&str> = sentences.iter().map(|sentence| sentence.text(body)).collect();
    let paragraphs: Vec<usize> = sentences.iter().map(|sentence| sentence.paragraph).collect();
    let analysis = align::analyze(&texts, &paragraphs);
    let sentences = sentences
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let start = body[..s.start].chars().count();
            let len = texts[index].chars().count();
            SentenceOut {
                index,
                paragraph: s.paragraph,
                text: texts[index].to_string(),
                span: [start, start + len],
            }
        })
        .collect();
    AnalysisOut {
        id: article.id,
        sentences,
        quotes: analysis.quotes,
        numbers: analysis.numbers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_line_yields_sentences_quotes_and_numbers() {
        let input = "{\"id\":\"a\",\"body\":\"“Ada 12.000 orang,” kata Budi.\\nLalu pulang.\"}\n\n";
        let mut out = Vec::new();
        run_jsonl(input.as_bytes(), &mut out, QuotePolicy::default()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["id"], "a");
        assert_eq!(v["sentences"].as_array().unwrap().len(), 2);
        assert_eq!(v["quotes"][0]["speaker"], "Budi");
        assert_eq!(v["numbers"][0]["value"], "12000");
        assert_eq!(v["numbers"][0]["quote"], "q1");
    }

    #[test]
    fn a_bad_line_gets_an_error_in_its_place_and_the_run_goes_on() {
        let input =
            "{\"id\":\"a\",\"body\":\"x\"}\nnot json\n{\"id\":\"\",\"body\":\"y\"}\n{\"id\":\"b\",\"body\":\"z\"}\n";
        let mut out = Vec::new();
        let err = run_jsonl(input.as_bytes(), &mut out, QuotePolicy::default()).unwrap_err();
        assert!(format!("{err:#}").starts_with("2 of 4 input lines"), "{err:#}");
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        let ids: Vec<&serde_json::Value> = lines.iter().map(|line| &line["id"]).collect();
        assert_eq!(
            ids,
            [
                &serde_json::json!("a"),
                &serde_json::Value::Null,
                &serde_json::json!(""),
                &serde_json::json!("b")
            ]
        );
        assert_eq!(lines[1]["line"], 2);
        assert!(lines[2]["error"].as_str().unwrap().contains("empty"));
    }
}
