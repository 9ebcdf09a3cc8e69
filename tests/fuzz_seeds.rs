//! The fuzz targets' seeds through the fuzz targets' own checks, in every
//! `cargo test`: the checks keep compiling and holding where no fuzzer runs
//! (`deploy/local/test.sh` adds a short `cargo fuzz` run when it can).

mod fuzz_checks;

use std::path::Path;

/// Runs `check` over every file in `fuzz/seeds/<target>` (and the fuzzer's
/// own corpus `fuzz/corpus/<target>`, when a local run left one) and
/// returns how many seeds it ran.
fn run_seeds(target: &str, check: fn(&[u8])) -> usize {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut ran = 0;
    for folder in [fuzz.join("seeds").join(target), fuzz.join("corpus").join(target)] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("readable folder").path();
            let data = std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(
                outcome.is_ok(),
                "fuzz seed {} fails the {target} checks",
                path.display()
            );
            ran += 1;
        }
    }
    ran
}

#[test]
fn every_align_seed_passes_the_align_fuzz_checks() {
    assert!(
        run_seeds("align", fuzz_checks::check_align) >= 5,
        "the align seeds are there"
    );
}

#[test]
fn every_segment_seed_passes_the_segment_fuzz_checks() {
    assert!(
        run_seeds("segment", fuzz_checks::check_segment) >= 3,
        "the segment seeds are there"
    );
}
