//! `alih review [RECORDS | -] --output FILE`: the records as one
//! self-contained HTML page for an editor.

use std::path::Path;

use anyhow::Context as _;

use super::records::{self, Duplicates};
use crate::output::{RecordSink, review::ReviewSink};

/// Writes the review page of the records in `input` to `output`.
pub fn run(input: &Path, output: &Path) -> anyhow::Result<()> {
    let file = std::fs::File::create(output).with_context(|| format!("cannot create {}", output.display()))?;
    let title = match input.to_str() {
        Some("-") => "alih review".to_owned(),
        _ => format!("alih review: {}", input.display()),
    };
    let mut sink: Box<dyn RecordSink> = Box::new(ReviewSink::new(std::io::BufWriter::new(file), &title)?);
    let summary = records::for_each_record(input, Duplicates::SkipRepeats, |record| sink.write_record(record))?;
    sink.finish()?;
    summary.finish(&format!("wrote {} with", output.display()))
}
