//! The real Apertium APy for the tests that need it, and a loud skip when
//! it is not there: the reason goes to stderr past the test harness's
//! capture (so a plain `cargo test` shows it) and into the file named by
//! `ALIH_SKIP_REPORT`, which `deploy/local/test.sh` prints at the end.
//! With `ALIH_REQUIRE_APY` set (CI sets it) the test fails instead.

use std::{io::Write as _, time::Duration};

/// The real APy's URL (`APY_URL`, default `http://127.0.0.1:2737`), or
/// `None` after reporting why the calling test does not run.
pub async fn real_apy_url() -> Option<String> {
    let url = std::env::var("APY_URL").unwrap_or_else(|_| "http://127.0.0.1:2737".into());
    let probe = reqwest::Client::new()
        .get(format!("{url}/listPairs"))
        .timeout(Duration::from_secs(5))
        .send()
        .await;
    let problem = match probe {
        Ok(response) if response.status().is_success() => return Some(url),
        Ok(response) => format!("it answered HTTP {}", response.status()),
        Err(error) => format!(
            "{error}: {}",
            std::error::Error::source(&error)
                .map(ToString::to_string)
                .unwrap_or_default()
        ),
    };
    let required = std::env::var("ALIH_REQUIRE_APY").is_ok_and(|value| !value.is_empty() && value != "0");
    assert!(
        !required,
        "ALIH_REQUIRE_APY is set but APy at {url} is not usable: {problem}"
    );
    report_not_run(&format!(
        "APy at {url} is not reachable ({problem}); run deploy/local/start-apy.sh, set APY_URL, or set ALIH_REQUIRE_APY=1 to fail instead"
    ));
    None
}

/// Reports that the calling test did not run, and why.
pub fn report_not_run(reason: &str) {
    // The test binary is named after its file, plus a hash: `mt_apertium-1a2b…`.
    let binary = std::env::current_exe()
        .ok()
        .and_then(|path| path.file_stem().map(|stem| stem.to_string_lossy().into_owned()))
        .and_then(|stem| stem.split('-').next().map(str::to_owned))
        .unwrap_or_default();
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    let line = format!("NOT RUN: tests/{binary}.rs {test}: {reason}");
    // Straight to the process's stderr: `eprintln!` would be captured and
    // shown only if the test failed, which a skipped test never does.
    let _ = writeln!(std::io::stderr(), "{line}");
    if let Some(report) = std::env::var_os("ALIH_SKIP_REPORT") {
        let appended = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&report)
            .and_then(|mut file| writeln!(file, "{line}"));
        if let Err(error) = appended {
            let _ = writeln!(
                std::io::stderr(),
                "cannot append to {report:?} (ALIH_SKIP_REPORT): {error}"
            );
        }
    }
}
