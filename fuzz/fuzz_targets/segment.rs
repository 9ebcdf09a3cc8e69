//! Fuzz `alih::segment`: for any bytes (read as UTF-8, lossily), both quote
//! policies must return without panicking and keep the span contract:
//! non-empty trimmed spans on char boundaries, in order, within one
//! paragraph, with only whitespace between them.
#![no_main]

use alih::segment::{QuotePolicy, check_spans, segment_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for quotes in [QuotePolicy::SplitInside, QuotePolicy::KeepWhole] {
        let sentences = segment_with(&text, quotes);
        if let Err(violation) = check_spans(&text, &sentences) {
            panic!("{violation} in {text:?} ({quotes:?})");
        }
    }
});
