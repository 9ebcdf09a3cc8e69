//! Fuzz `alih::segment` with the checks of `tests/fuzz_checks` (never
//! panic, the span contract under both quote policies).
#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_checks::check_segment(data));
