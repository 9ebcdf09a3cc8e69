//! The glossary in force: read from `mt.glossary` at start-up, swapped
//! whole on SIGHUP.
//!
//! Each article takes a snapshot ([`GlossaryHandle::current`], an `Arc`)
//! when it starts and keeps it to the end, so an article in flight during a
//! reload is translated and checked with one version throughout, and its
//! record names that version. A file that no longer parses on reload is
//! logged and the glossary in force stays: a typo in the newsroom's file
//! never stops the workers.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use crate::align::terms::{Glossary, GlossaryError};

/// Why a glossary file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum GlossaryLoadError {
    /// The file cannot be read.
    #[error("mt.glossary = {path:?} cannot be read: {source}; check the path and its permissions")]
    Read {
        /// The configured path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line cannot be parsed.
    #[error("mt.glossary = {path:?}: {source}", path = path.display())]
    Parse {
        /// The configured path.
        path: PathBuf,
        /// The line and what is wrong with it.
        source: GlossaryError,
    },
}

/// Reads and parses a glossary file.
pub fn load_glossary(path: &Path) -> Result<Glossary, GlossaryLoadError> {
    let text = std::fs::read_to_string(path).map_err(|source| GlossaryLoadError::Read {
        path: path.to_owned(),
        source,
    })?;
    let glossary = Glossary::parse(&text).map_err(|source| GlossaryLoadError::Parse {
        path: path.to_owned(),
        source,
    })?;
    for warning in glossary.warnings() {
        tracing::warn!(path = %path.display(), %warning, "Glossary line ignored.");
    }
    Ok(glossary)
}

/// The glossary in force, shared by every article of a worker. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct GlossaryHandle {
    path: Option<PathBuf>,
    current: Arc<RwLock<Arc<Glossary>>>,
}

impl GlossaryHandle {
    /// Loads `mt.glossary`; no path gives an empty glossary (nothing to enforce).
    pub fn load(path: Option<&Path>) -> Result<GlossaryHandle, GlossaryLoadError> {
        let glossary = match path {
            Some(path) => load_glossary(path)?,
            None => Glossary::default(),
        };
        Ok(GlossaryHandle {
            path: path.map(Path::to_owned),
            current: Arc::new(RwLock::new(Arc::new(glossary))),
        })
    }

    /// A handle holding `glossary`, with no file behind it (tests, embedding).
    pub fn fixed(glossary: Glossary) -> GlossaryHandle {
        GlossaryHandle {
            path: None,
            current: Arc::new(RwLock::new(Arc::new(glossary))),
        }
    }

    /// The glossary in force now; an article keeps this snapshot to its end.
    pub fn current(&self) -> Arc<Glossary> {
        Arc::clone(&self.current.read().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// Reads the file again and swaps it in; on error the glossary in force
    /// stays and the error is returned. Returns the new version.
    pub fn reload(&self) -> Result<String, GlossaryLoadError> {
        let Some(path) = &self.path else {
            return Ok(self.current().version().to_owned());
        };
        let glossary = load_glossary(path)?;
        let version = glossary.version().to_owned();
        *self.current.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(glossary);
        Ok(version)
    }

    /// Reloads on every SIGHUP until the process ends (needs a Tokio runtime);
    /// without `mt.glossary` a SIGHUP is only logged.
    pub fn reload_on_sighup(&self) -> std::io::Result<()> {
        use tokio::signal::unix::{SignalKind, signal};
        let mut hangup = signal(SignalKind::hangup())?;
        let handle = self.clone();
        tokio::spawn(async move {
            while hangup.recv().await.is_some() {
                if handle.path.is_none() {
                    tracing::info!("SIGHUP: no mt.glossary is set, so there is nothing to reload.");
                    continue;
                }
                let previous = handle.current().version().to_owned();
                match handle.reload() {
                    Ok(version) => {
                        tracing::info!(previous = %previous, version = %version, entries = handle.current().entries().len(), "Glossary reloaded.");
                    }
                    Err(error) => {
                        tracing::error!(%error, version = %previous, "Glossary reload failed; keeping the glossary in force.");
                    }
                }
            }
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reload_swaps_the_glossary_but_a_snapshot_keeps_its_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("glossary.tsv");
        std::fs::write(&path, "DPR\tHouse of Representatives\ten\n").unwrap();
        let handle = GlossaryHandle::load(Some(&path)).unwrap();
        let in_flight = handle.current();
        std::fs::write(&path, "DPR\tParliament\ten\n").unwrap();
        let version = handle.reload().unwrap();
        assert_ne!(version, in_flight.version());
        assert_eq!(handle.current().version(), version);
        assert_eq!(in_flight.entries()[0].target, "House of Representatives");
    }

    #[test]
    fn a_bad_file_on_reload_keeps_the_glossary_in_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("glossary.tsv");
        std::fs::write(&path, "DPR\tHouse of Representatives\ten\n").unwrap();
        let handle = GlossaryHandle::load(Some(&path)).unwrap();
        let before = handle.current().version().to_owned();
        std::fs::write(&path, "DPR\tHouse of Representatives\ten\nKPK\tKPK\ten\tkep\n").unwrap();
        let error = handle.reload().unwrap_err().to_string();
        assert!(error.contains("line 2: unknown flag \"kep\""), "{error}");
        assert!(error.starts_with("mt.glossary = "), "{error}");
        assert_eq!(handle.current().version(), before);
    }

    #[test]
    fn a_missing_file_at_start_up_names_the_key() {
        let error = GlossaryHandle::load(Some(Path::new("/nonexistent/glossary.tsv"))).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("mt.glossary = \"/nonexistent/glossary.tsv\" cannot be read"),
            "{error}"
        );
    }
}
