//! One module per subcommand; `main` dispatches here. Each command turns
//! configuration and arguments into effects and returns an `anyhow` error
//! whose message names the cause and the fix.

pub mod align;
pub mod analyze;
pub mod cache;
pub mod config;
pub mod export;
pub mod failed;
pub mod jsonl;
pub mod publish;
pub mod realign;
pub mod records;
pub mod review;
pub mod run;
pub mod segment;
pub mod topology;
pub mod translate;

use std::{io::Read, path::Path};

use anyhow::Context as _;

/// An error that is the user's to fix in flags or configuration (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Reads a whole file, or stdin for `-`.
pub fn read_input(path: &Path) -> anyhow::Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).context("cannot read stdin")?;
        return Ok(bytes);
    }
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Loads `mt.glossary` (none when unset), reporting a bad file or line as a usage error.
pub fn glossary(config: &crate::config::Config) -> anyhow::Result<crate::mt::GlossaryHandle> {
    crate::mt::GlossaryHandle::load(config.mt.glossary.as_deref()).map_err(|error| UsageError(error.to_string()).into())
}

/// Builds the translator, reporting a bad `mt.*` setting as a usage error.
pub fn translator(config: &crate::config::Config) -> anyhow::Result<crate::mt::Translator> {
    crate::mt::Translator::from_config(&config.mt).map_err(|error| UsageError(error.to_string()).into())
}
