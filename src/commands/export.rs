//! `alih export --format tmx|xliff|tsv [--output FILE] [RECORDS | -]`:
//! records (JSON lines) in, one exchange format out, written as they come.

use anyhow::Context as _;

use super::records::{self, Duplicates};
use crate::{
    cli::ExportArgs,
    output::{self, Destination},
};

/// Exports the records of `args.input` in `args.format`.
pub fn run(args: ExportArgs) -> anyhow::Result<()> {
    let destination = args.output.clone().map_or(Destination::Stdout, Destination::File);
    let mut sink = output::sink(args.format, &destination).with_context(|| match &destination {
        Destination::File(path) => format!("cannot create {}", path.display()),
        Destination::Stdout => "cannot open standard output".to_owned(),
    })?;
    let summary = records::for_each_record(&args.input, Duplicates::SkipRepeats, |record| sink.write_record(record))?;
    sink.finish()?;
    summary.finish("exported")
}
