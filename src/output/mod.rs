//! The one place a record becomes bytes, and the formats people read it in.
//!
//! [`json`] is the wire form: the queue payload, `alih translate`, the
//! `output.file` sink and `alih realign` all write records through it, and
//! [`lines`] reads them back one per line. The export formats ([`tsv`],
//! [`tmx`], [`xliff`]) and the review page ([`review`]) are views of the
//! same record; [`pairs`] decides which findings belong to which sentence
//! pair, so every view flags the same pairs. A new format is one file here
//! implementing [`RecordSink`] and one arm in [`Format`]. Nothing here does
//! network I/O; writers are handed in.

pub mod file_sink;
pub mod json;
pub mod lines;
pub mod pairs;
pub mod review;
pub mod schema;
pub mod tmx;
pub mod tsv;
pub mod xliff;
mod xml_text;

use std::{io::Write, path::PathBuf};

use crate::record::Record;

/// Why a record could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    /// Writing the output failed (disk full, closed pipe): the run stops.
    #[error("cannot write the output: {0}")]
    Io(#[from] std::io::Error),
    /// This record cannot go into this output; it is reported like a bad
    /// input line and the run goes on.
    #[error("{0}")]
    Rejected(String),
}

/// A stream of records turned into one output format, written as they come.
pub trait RecordSink {
    /// Writes one record.
    fn write_record(&mut self, record: &Record) -> Result<(), SinkError>;
    /// Closes open elements and flushes; called once at the end.
    fn finish(self: Box<Self>) -> Result<(), SinkError>;
}

/// The formats of `alih export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// TMX 1.4b translation memory: one `<tu>` per sentence pair.
    Tmx,
    /// XLIFF 2.1: one document per target language, one `<file>` per article.
    Xliff,
    /// Tab-separated, bitextor style: url, source, target, status.
    Tsv,
}

/// Where an export goes.
#[derive(Debug, Clone)]
pub enum Destination {
    /// Standard output.
    Stdout,
    /// A file (XLIFF adds one file per further target language beside it).
    File(PathBuf),
}

impl Destination {
    /// Opens the destination for writing (a file is created or truncated).
    pub fn open(&self) -> std::io::Result<Box<dyn Write>> {
        Ok(match self {
            Destination::Stdout => Box::new(std::io::BufWriter::new(std::io::stdout())),
            Destination::File(path) => Box::new(std::io::BufWriter::new(std::fs::File::create(path)?)),
        })
    }
}

/// `text` with every character that `replacement` maps written as its
/// replacement (the escaping of TSV fields and HTML text).
pub fn replace_chars(text: &str, replacement: impl Fn(char) -> Option<&'static str>) -> String {
    let mut replaced = String::with_capacity(text.len());
    for character in text.chars() {
        match replacement(character) {
            Some(escaped) => replaced.push_str(escaped),
            None => replaced.push(character),
        }
    }
    replaced
}

/// The sink writing `format` to `destination`.
pub fn sink(format: Format, destination: &Destination) -> std::io::Result<Box<dyn RecordSink>> {
    Ok(match format {
        Format::Tmx => Box::new(tmx::TmxSink::new(destination.open()?)),
        Format::Tsv => Box::new(tsv::TsvSink::new(destination.open()?)),
        Format::Xliff => Box::new(xliff::XliffSink::new(destination.clone())),
    })
}
