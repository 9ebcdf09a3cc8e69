//! Reading records back: one JSON record per line, streamed, each bad line
//! reported with its number instead of stopping the run. A record printed
//! indented (`alih translate`: a line `{` up to a line `}`, both unindented) is read too, so
//! `alih translate a.json | alih review -o a.html` works; any other line
//! stands alone, so a torn line never swallows the record after it.

use std::io::{self, BufRead};

use crate::record::{Record, SCHEMA};

/// A line that is not a bilingual record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line_number}: {reason}")]
pub struct BadLine {
    /// 1-based line number in the input.
    pub line_number: usize,
    /// Why it is not a record.
    pub reason: String,
}

/// One item of [`RecordLines`].
#[derive(Debug)]
pub enum Line {
    /// A record and its line number.
    Record(usize, Box<Record>),
    /// A line that is not a record; the stream goes on.
    Bad(BadLine),
}

/// Iterates over the records of a JSON-lines stream, holding one line at a
/// time; blank lines are skipped, an I/O error ends the iteration.
pub struct RecordLines<R> {
    reader: R,
    line_number: usize,
    buffer: Vec<u8>,
}

/// Largest indented record read, so a `{` line without its `}` cannot
/// pull a whole file into memory.
const MAX_INDENTED_BYTES: usize = 64 << 20;

impl<R: BufRead> RecordLines<R> {
    /// Reads records from `reader`.
    pub fn new(reader: R) -> Self {
        Self {
            reader,
            line_number: 0,
            buffer: Vec::new(),
        }
    }

    /// Appends the next line to the buffer; false at the end of the input.
    fn read_line(&mut self) -> io::Result<bool> {
        let read = self.reader.read_until(b'\n', &mut self.buffer)?;
        self.line_number += usize::from(read > 0);
        Ok(read > 0)
    }

    /// After a `{` line: the lines up to and including a `}` line.
    fn read_indented_rest(&mut self) -> io::Result<()> {
        while self.buffer.len() < MAX_INDENTED_BYTES {
            let before = self.buffer.len();
            if !self.read_line()? || self.buffer[before..].trim_ascii_end() == b"}" {
                break;
            }
        }
        Ok(())
    }

    fn parse(&self, line_number: usize) -> Line {
        let bad = |reason: String| Line::Bad(BadLine { line_number, reason });
        let Ok(text) = std::str::from_utf8(&self.buffer) else {
            return bad("not UTF-8".into());
        };
        match serde_json::from_str::<Record>(text) {
            Ok(record) if record.schema == SCHEMA => Line::Record(line_number, Box::new(record)),
            Ok(record) => bad(format!("schema is {:?}, this alih reads {SCHEMA:?}", record.schema)),
            Err(error) => bad(format!("not an {SCHEMA} record: {error}")),
        }
    }
}

impl<R: BufRead> Iterator for RecordLines<R> {
    type Item = io::Result<Line>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buffer.clear();
            match self.read_line() {
                Ok(false) => return None,
                Ok(true) => {}
                Err(error) => return Some(Err(error)),
            }
            if self.buffer.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let first_line = self.line_number;
            if self.buffer.trim_ascii_end() == b"{"
                && let Err(error) = self.read_indented_rest()
            {
                return Some(Err(error));
            }
            return Some(Ok(self.parse(first_line)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_lines_are_reported_with_their_numbers_and_the_rest_is_read() {
        let record = include_str!("../../tests/fixtures/records/dw-korut-rusia.ms.json").replace('\n', "");
        let input = format!("{record}\n\nnot json\n{{\"schema\":\"alih.bilingual.v2\"}}\n\u{1}\n{record}");
        let mut input = input.into_bytes();
        input.extend_from_slice(b"\n\xff\xfe\n");
        let lines: Vec<String> = RecordLines::new(&input[..])
            .map(|line| match line.unwrap() {
                Line::Record(number, record) => format!("{number}: {}", record.article_id),
                Line::Bad(bad) => bad.to_string(),
            })
            .collect();
        assert_eq!(lines.len(), 6, "{lines:#?}");
        assert_eq!(lines[0], "1: dw-korut-rusia");
        assert!(
            lines[1].starts_with("line 3: not an alih.bilingual.v1 record"),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].starts_with("line 4: not an alih.bilingual.v1 record"),
            "{}",
            lines[2]
        );
        assert!(lines[3].starts_with("line 5: "), "{}", lines[3]);
        assert_eq!(lines[4], "6: dw-korut-rusia");
        assert_eq!(lines[5], "line 7: not UTF-8");
    }

    #[test]
    fn an_indented_record_between_brace_lines_is_read_and_a_torn_line_stays_alone() {
        let indented = include_str!("../../tests/fixtures/records/dw-korut-rusia.ms.json");
        let compact = indented.replace('\n', "");
        let torn = &compact[..compact.len() / 2];
        let input = format!("{indented}\n{torn}\n{compact}\n");
        let lines: Vec<String> = RecordLines::new(input.as_bytes())
            .map(|line| match line.unwrap() {
                Line::Record(number, _) => format!("record at {number}"),
                Line::Bad(bad) => format!("bad at {}", bad.line_number),
            })
            .collect();
        // The fixture ends in a newline, so one blank line follows it.
        let after = indented.lines().count();
        assert_eq!(
            lines,
            [
                "record at 1".to_owned(),
                format!("bad at {}", after + 2),
                format!("record at {}", after + 3)
            ]
        );
    }
}
