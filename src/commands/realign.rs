//! `alih realign [RECORDS | -]`: stored records aligned again by this alih,
//! without MT; records (JSON lines) in, records out on stdout, in order.

use std::{io::Write, path::Path};

use super::records::{self, Duplicates};
use crate::{output::json, realign::realign};

/// Re-aligns every record of `input` and prints it.
pub fn run(input: &Path) -> anyhow::Result<()> {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let summary = records::for_each_record(input, Duplicates::KeepAll, |record| {
        json::write_line(&mut stdout, &realign(record))?;
        Ok(())
    })?;
    stdout.flush()?;
    summary.finish("realigned")
}
