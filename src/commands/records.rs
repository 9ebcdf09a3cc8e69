//! Reading a stream of records for `export`, `review` and `realign`: a file
//! or stdin, one record per line, streamed; a bad line is reported on stderr
//! with its number and skipped, and the command fails (exit 1) at the end.
//! A progress bar shows on a terminal, never in a pipe or a log.

use std::{
    collections::HashSet,
    fs::File,
    io::{BufRead, BufReader, IsTerminal, Read},
    path::Path,
};

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};

use crate::{
    output::{
        SinkError,
        lines::{BadLine, Line, RecordLines},
    },
    record::Record,
};

/// Whether a record id seen before is handled again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duplicates {
    /// Keep the first record of each id (redeliveries repeat records).
    SkipRepeats,
    /// Hand every record on.
    KeepAll,
}

/// What a pass over the input saw.
#[derive(Debug, Default)]
pub struct Summary {
    /// Records handled.
    pub records: usize,
    /// Lines skipped as not records (or rejected by the output).
    pub bad_lines: usize,
    /// Records skipped because their id came before.
    pub duplicates: usize,
}

impl Summary {
    /// Reports the pass on stderr and fails when any line was skipped.
    pub fn finish(self, verb: &str) -> anyhow::Result<()> {
        let duplicates = match self.duplicates {
            0 => String::new(),
            count => format!(", {count} repeated record id(s) skipped"),
        };
        eprintln!("alih: {verb} {} record(s){duplicates}", self.records);
        if self.bad_lines > 0 {
            anyhow::bail!("{} line(s) skipped, see the messages above", self.bad_lines);
        }
        Ok(())
    }
}

/// Calls `handle` with every record of `input` (`-` = stdin), in order.
/// An I/O error stops the pass; a bad line or a rejected record does not.
pub fn for_each_record(
    input: &Path,
    duplicates: Duplicates,
    mut handle: impl FnMut(&Record) -> Result<(), SinkError>,
) -> anyhow::Result<Summary> {
    let (reader, progress) = open(input)?;
    let mut summary = Summary::default();
    let mut seen = HashSet::new();
    let name = input.display();
    let report = |bad: BadLine| progress.suspend(|| eprintln!("alih: {name}: {bad}; skipped"));
    for line in RecordLines::new(reader) {
        let (line_number, record) = match line.with_context(|| format!("cannot read {name}"))? {
            Line::Record(line_number, record) => (line_number, record),
            Line::Bad(bad) => {
                summary.bad_lines += 1;
                report(bad);
                continue;
            }
        };
        if duplicates == Duplicates::SkipRepeats && !seen.insert(record.record_id.clone()) {
            summary.duplicates += 1;
            continue;
        }
        match handle(&record) {
            Ok(()) => summary.records += 1,
            Err(SinkError::Rejected(reason)) => {
                summary.bad_lines += 1;
                report(BadLine { line_number, reason });
            }
            Err(error) => return Err(error.into()),
        }
    }
    progress.finish_and_clear();
    Ok(summary)
}

fn open(input: &Path) -> anyhow::Result<(Box<dyn BufRead>, ProgressBar)> {
    let on_terminal = std::io::stderr().is_terminal();
    let (source, length): (Box<dyn Read>, Option<u64>) = if input == Path::new("-") {
        (Box::new(std::io::stdin()), None)
    } else {
        let file = File::open(input).with_context(|| format!("cannot open {}", input.display()))?;
        let length = file.metadata().ok().map(|metadata| metadata.len());
        (Box::new(file), length)
    };
    let progress = match (on_terminal, length) {
        (false, _) => ProgressBar::hidden(),
        (true, Some(length)) => ProgressBar::new(length).with_style(
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        (true, None) => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {bytes} read {bytes_per_sec}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    let reader = BufReader::with_capacity(1 << 16, progress.wrap_read(source));
    Ok((Box::new(reader), progress))
}
