//! Fuzz `align::align` and `align::analyze` with the checks of
//! `tests/fuzz_checks` (never panic, spans on character boundaries).
#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_checks::check_align(data));
