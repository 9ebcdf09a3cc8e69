//! alih — Indonesian news in from RabbitMQ, bilingual records out.
//!
//! An article flows forward through the modules in reading order:
//!
//! - [`config`]: layered configuration; the only code that reads the environment.
//! - [`article`]: the input type; [`article::Article::parse`] returns a typed error.
//! - [`segment`]: pure; text → sentences with exact spans.
//! - [`language`]: pure; which language the body and each translation are in.
//! - [`mt`]: the `Translator` seam and one file per MT provider.
//! - [`align`]: pure; quotes and numbers found, paired, repaired.
//! - [`pipeline`]: the one place the stages meet; no AMQP types.
//! - [`record`]: the output type, schema `alih.bilingual.v1`.
//! - [`output`]: the one place a record becomes bytes: JSON lines, TMX, XLIFF, TSV, the review page.
//! - [`realign`]: stored records aligned again without MT.
//! - [`contract`]: the contract's words as types: error kinds, outcomes.
//! - [`queue`]: topology, the consumer (the only code that acks), publishing.
//! - [`http`]: health and metrics endpoint; [`telemetry`]: logs and metrics;
//!   [`systemd`]: readiness and watchdog notifications; [`trace_context`]:
//!   W3C trace context across the queue and into MT requests.
//!
//! Invariants: `segment` and `align` do no I/O and never panic; only
//! `queue::consumer` (and `queue::failed`, for replay) acks, and only after
//! the record (or the failed or replayed copy) is confirmed by the broker;
//! N source sentences in → N targets out.

pub mod align;
pub mod article;
pub mod cli;
pub mod commands;
pub mod config;
pub mod contract;
pub mod http;
pub mod language;
pub mod mt;
pub mod output;
pub mod pipeline;
pub mod queue;
pub mod realign;
pub mod record;
pub mod segment;
pub mod serde_util;
pub mod systemd;
pub mod telemetry;
pub mod trace_context;
