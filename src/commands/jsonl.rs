//! What the JSONL commands (`segment`, `analyze`, `align`) share: a line
//! that cannot be processed gets an error object in its place on stdout and
//! the run goes on; at the end the run fails (exit 1) if any line did.

use std::io::Write;

use anyhow::Context;
use serde_json::{Value, json};

/// Counts the lines that could not be processed.
#[derive(Debug, Default)]
pub struct LineFailures {
    failed: usize,
    lines: usize,
}

impl LineFailures {
    /// Notes one more input line read.
    pub fn count_line(&mut self) {
        self.lines += 1;
    }

    /// Writes `{"<key>": id, "line": n, "error": "..."}` for a line that failed.
    /// The id is taken from the line when it is JSON with one, else `null`.
    pub fn write_error(
        &mut self,
        output: &mut impl Write,
        key: &str,
        line: &str,
        line_number: usize,
        error: &anyhow::Error,
    ) -> anyhow::Result<()> {
        self.failed += 1;
        let id = serde_json::from_str::<Value>(line)
            .ok()
            .and_then(|value| value.get(key).cloned())
            .unwrap_or(Value::Null);
        let mut object = serde_json::Map::new();
        object.insert(key.to_owned(), id);
        object.insert("line".to_owned(), json!(line_number));
        object.insert("error".to_owned(), json!(format!("{error:#}")));
        serde_json::to_writer(&mut *output, &Value::Object(object)).context("cannot write output")?;
        output.write_all(b"\n").context("cannot write output")
    }

    /// `Ok` when every line was processed, else an error counting the failures (exit 1).
    pub fn finish(self) -> anyhow::Result<()> {
        if self.failed == 0 {
            return Ok(());
        }
        anyhow::bail!(
            "{} of {} input lines could not be processed; each has an {{\"error\": …}} object in its place on stdout",
            self.failed,
            self.lines
        )
    }
}
