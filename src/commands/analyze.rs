//! `alih analyze`: stdin JSONL articles → stdout JSONL with the sentences,
//! quotes and numbers found in the source. No MT, no broker.

use std::io::{BufRead, Write};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

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
/// Blank lines are skipped; a malformed line is an error naming its line number.
pub fn run_jsonl(input: impl BufRead, mut output: impl Write, quotes: QuotePolicy) -> anyhow::Result<()> {
    for (n, line) in input.lines().enumerate() {
        let line_no = n + 1;
        let line = line.with_context(|| format!("cannot read input line {line_no}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let article: ArticleLine = serde_json::from_str(&line)
            .with_context(|| format!("line {line_no}: not an article object with string \"id\" and \"body\""))?;
        if article.id.is_empty() {
            bail!("line {line_no}: empty \"id\"");
        }
        let out = analyze_article(article, quotes);
        serde_json::to_writer(&mut output, &out)
            .with_context(|| format!("cannot write the result of line {line_no}"))?;
        output.write_all(b"\n")?;
    }
    output.flush()?;
    Ok(())
}

fn analyze_article(article: ArticleLine, quotes: QuotePolicy) -> AnalysisOut {
    let body = &article.body;
    let sentences = segment::segment_with(body, quotes);
    let texts: Vec<&str> = sentences.iter().map(|s| s.text(body)).collect();
    let paragraphs: Vec<usize> = sentences.iter().map(|s| s.paragraph).collect();
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
    fn a_bad_line_is_an_error_naming_the_line() {
        let input = "{\"id\":\"a\",\"body\":\"x\"}\nnot json\n";
        let err = run_jsonl(input.as_bytes(), Vec::new(), QuotePolicy::default()).unwrap_err();
        assert!(format!("{err:#}").contains("line 2"), "{err:#}");
    }
}
