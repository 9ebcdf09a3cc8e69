//! Tests for `align`: one-line table cases per category of the notes
//! (`numbers.rs`, `quotes.rs`) through the `check()` harness (`table.rs`),
//! the forms of real news and its human translations (`real_news.rs`),
//! the sample article through real Apertium output (`sample.rs`), targets
//! with another sentence structure (`structure.rs`), and
//! properties (`props.rs`).

mod numbers;
mod props;
mod quotes;
mod real_news;
mod sample;
mod speakers;
mod structure;
mod table;
