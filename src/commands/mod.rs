//! Subcommand bodies that are plain stream filters (JSONL in, JSONL out).
//!
//! No broker, no MT; each takes a reader and a writer so tests drive them
//! with byte buffers. The CLI wiring lives in `main.rs`/`cli.rs`.

pub mod align;
pub mod analyze;
