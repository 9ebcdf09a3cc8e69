//! Tests for `align`: one-line table cases per category of the notes
//! (`numbers.rs`, `quotes.rs`), the sample article through the real Apertium
//! output (`sample.rs`), and properties (`props.rs`).

mod sample;
