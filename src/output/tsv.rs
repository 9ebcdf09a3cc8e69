//! Tab-separated sentence pairs in the bitextor style: `url`, `source`,
//! `target`, `status` (`ok`, `repaired`, `review`), one pair per line, no
//! header. Backslash, tab, newline and carriage return in text are written
//! as `\\`, `\t`, `\n`, `\r`, so every line has exactly four fields.

use std::io::Write;

use super::{RecordSink, SinkError, pairs};
use crate::record::Record;

/// Writes TSV lines as records arrive.
pub struct TsvSink<W> {
    writer: W,
}

impl<W: Write> TsvSink<W> {
    /// TSV into `writer`.
    pub fn new(writer: W) -> Self {
        Self { writer }
    }
}

impl<W: Write> RecordSink for TsvSink<W> {
    fn write_record(&mut self, record: &Record) -> Result<(), SinkError> {
        // Without a URL the article id is the document's name.
        let url = escape(record.url.as_deref().unwrap_or(&record.article_id));
        let findings = pairs::findings_by_sentence(record);
        for (pair, findings) in record.sentences.iter().zip(&findings) {
            writeln!(
                self.writer,
                "{url}\t{}\t{}\t{}",
                escape(&pair.source),
                escape(&pair.target),
                pairs::pair_status(findings).as_str()
            )?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), SinkError> {
        self.writer.flush()?;
        Ok(())
    }
}

/// One TSV field: the four characters that would break a line escaped.
pub fn escape(text: &str) -> String {
    super::replace_chars(text, |character| match character {
        '\\' => Some("\\\\"),
        '\t' => Some("\\t"),
        '\n' => Some("\\n"),
        '\r' => Some("\\r"),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_inside_text_are_escaped() {
        let cases = [
            ("plain", "plain"),
            ("a\tb", "a\\tb"),
            ("line\nnext\r", "line\\nnext\\r"),
            ("C:\\path\\n", "C:\\\\path\\\\n"),
        ];
        for (input, expected) in cases {
            assert_eq!(escape(input), expected, "{input:?}");
        }
    }
}
