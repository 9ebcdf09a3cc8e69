//! `alih config --check`: load the configuration as `alih run` would and
//! show what it amounts to. (`alih config` without `--check` prints
//! [`crate::config::ANNOTATED_DEFAULTS`] before any configuration is loaded.)

use std::io::Write;

use crate::config::Config;

/// Prints the effective configuration, secrets redacted; reaching here means
/// it loaded and validated.
pub fn check(config: &Config) -> anyhow::Result<()> {
    let glossary = super::glossary(config)?.current();
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, &config.redacted_json())?;
    writeln!(stdout)?;
    if let Some(path) = &config.mt.glossary {
        let (rows, version) = (glossary.entries().len(), glossary.version());
        eprintln!("alih: glossary {} has {rows} rows (version {version})", path.display());
    }
    eprintln!("alih: configuration is valid");
    Ok(())
}
