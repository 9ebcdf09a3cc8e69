//! `alih review` in a real browser: headless Chromium (Debian `chromium`,
//! installed by deploy/local/test.sh) loads the page of the sample
//! article's record, runs its script without errors, and the DOM shows
//! Nico Lange's three quotations and the 12.000 → 12,000 repair; hostile
//! article text renders as text; hover and keyboard focus light up a mark
//! and its partner only, and the filter shows the articles that need
//! review. A screenshot is taken too.

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

const SAMPLE: &str = include_str!("fixtures/records/dw-korut-rusia.ms.json");

fn sample_line() -> String {
    serde_json::from_str::<serde_json::Value>(SAMPLE).unwrap().to_string()
}

/// The sample under another id, its texts replaced by markup that must not run.
fn hostile_line() -> String {
    let mut record: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    record["record_id"] = "hostile\"><script>window.pwned=1</script>".into();
    record["article_id"] = "\"><img src=x onerror=\"window.pwned=2\">".into();
    record["url"] = "javascript:window.pwned=3".into();
    record["sentences"][0]["source"] = "<script>window.pwned=4</script>".into();
    record["sentences"][0]["target"] = "\"><img src=x onerror=\"window.pwned=5\"></td>".into();
    record["quotes"][0]["speaker"] = "<svg onload=\"window.pwned=6\">".into();
    record.to_string()
}

fn write_page(dir: &Path, input: &str) -> PathBuf {
    let records = dir.join("records.jsonl");
    std::fs::write(&records, input).unwrap();
    let page = dir.join("review.html");
    let output = Command::new(env!("CARGO_BIN_EXE_alih"))
        .args(["review", records.to_str().unwrap(), "--output", page.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    page
}

/// Runs headless Chromium on `page` with `args`, bounded by `timeout`.
fn chromium(page: &Path, args: &[&str]) -> Output {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new("timeout")
        .args([
            "120",
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args([
            "--enable-logging=stderr",
            "--v=0",
            "--hide-scrollbars",
            "--window-size=1280,1400",
        ])
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium is installed (Debian package chromium; deploy/local/test.sh installs it)");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Console errors and uncaught exceptions Chromium logged for the page.
fn script_errors(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|line| line.contains("CONSOLE") || line.contains("Uncaught"))
        .collect()
}

#[test]
fn the_sample_records_page_runs_in_chromium_and_shows_the_quotes_and_the_repair() {
    let dir = tempfile::tempdir().unwrap();
    let page = write_page(dir.path(), &format!("{}\n", sample_line()));
    let output = chromium(&page, &["--dump-dom"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(script_errors(&stderr), Vec::<&str>::new(), "script errors");
    let dom = String::from_utf8(output.stdout).unwrap();
    assert!(
        dom.contains(r#"data-review-ready="yes""#),
        "the page script ran to its end"
    );
    assert!(dom.contains("1 of 1 articles shown"), "the filter counted the articles");

    let record: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    let quotes = record["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 3);
    for quote in quotes {
        let id = quote["id"].as_str().unwrap();
        let source_mark = format!(r#"id="f-{}-{id}-src""#, record["record_id"].as_str().unwrap());
        assert!(dom.contains(&source_mark), "quotation {id} marked in the source");
        assert!(
            dom.contains(&format!("{id} · Nico Lange</span>")),
            "speaker of {id} shown"
        );
    }
    assert!(
        dom.contains("number repaired (locale_leak): 12.000 → 12,000</a>"),
        "the repair is listed"
    );
    assert!(
        dom.contains(r#"<span class="was">(was 12.000)</span>"#),
        "the repair is marked in place"
    );
    assert!(
        dom.contains(">12,000</mark>"),
        "the repaired number is marked in the translation"
    );
}

#[test]
fn hostile_article_text_renders_as_text_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let page = write_page(dir.path(), &format!("{}\n{}\n", sample_line(), hostile_line()));
    let output = chromium(&page, &["--dump-dom"]);
    assert_eq!(
        script_errors(&String::from_utf8_lossy(&output.stderr)),
        Vec::<&str>::new()
    );
    let dom = String::from_utf8(output.stdout).unwrap();
    assert!(dom.contains(r#"data-review-ready="yes""#));
    assert!(dom.contains("2 of 2 articles shown"));
    for injected in [
        "<img src=\"x\"",
        "<svg",
        "window.pwned=4</script>",
        "href=\"javascript:",
    ] {
        assert!(!dom.contains(injected), "{injected} became markup");
    }
    assert_eq!(dom.matches("<script>").count(), 1, "only the page's own script");
    assert!(
        dom.contains("&lt;script&gt;window.pwned=4&lt;/script&gt;"),
        "shown as text"
    );
    assert!(
        dom.contains("&lt;svg onload=\"window.pwned=6\"&gt;"),
        "the speaker shown as text"
    );
}

/// Runs after the page's own script, as a reader would: hovers a quotation,
/// focuses a number in the translation, leaves it, then ticks the filter;
/// writes what was lit (count and partner keys) after each step into
/// `data-probe`, for `--dump-dom` to show.
const INTERACTION_PROBE: &str = r#"<script>
(function () {
  function lit() {
    var keys = {};
    var elements = document.querySelectorAll(".partner-active");
    elements.forEach(function (element) { keys[element.getAttribute("data-partner").split("-").pop()] = true; });
    return elements.length + ":" + Object.keys(keys).sort().join(",");
  }
  var steps = [];
  document.querySelector('[data-partner$="-q2"]').dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
  steps.push("hover " + lit());
  var number = document.querySelectorAll('[data-partner$="-n1"]')[1];
  // A headless window that is not the system's focused one moves
  // activeElement without firing focus events; the events a keyboard user's
  // Tab fires are sent as well, so the page's handlers run every time.
  number.focus();
  number.dispatchEvent(new FocusEvent("focusin", { bubbles: true }));
  steps.push("focus " + lit() + " " + (document.activeElement === number));
  number.blur();
  number.dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
  steps.push("blur " + lit());
  var filter = document.getElementById("only-review");
  filter.checked = true;
  filter.dispatchEvent(new Event("change"));
  steps.push("filter " + document.getElementById("shown-count").textContent);
  document.documentElement.setAttribute("data-probe", steps.join("|"));
})();
</script></body>"#;

#[test]
fn hovering_or_focusing_a_mark_lights_it_and_its_partner_and_the_filter_keeps_articles_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let mut flagged: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    flagged["record_id"] = "flagged-copy".into();
    flagged["qa"]["needs_review"] = true.into();
    let mut clean: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    clean["qa"]["needs_review"] = false.into();
    let page = write_page(dir.path(), &format!("{clean}\n{flagged}\n"));
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(html.matches("</body>").count(), 1);
    std::fs::write(&page, html.replace("</body>", INTERACTION_PROBE)).unwrap();

    let output = chromium(&page, &["--dump-dom"]);
    assert_eq!(
        script_errors(&String::from_utf8_lossy(&output.stderr)),
        Vec::<&str>::new()
    );
    let dom = String::from_utf8(output.stdout).unwrap();
    let probe = dom
        .split(r#"data-probe=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the probe ran");
    assert_eq!(
        probe, "hover 2:q2|focus 2:n1 true|blur 0:|filter 1 of 2 articles shown",
        "the first article's q2 (source and translation) on hover, n1 on focus, nothing after; \
         the filter keeps the one flagged article"
    );
}

#[test]
fn a_screenshot_of_the_sample_records_page_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let page = write_page(dir.path(), &format!("{}\n", sample_line()));
    let screenshot = dir.path().join("review.png");
    chromium(&page, &[&format!("--screenshot={}", screenshot.display())]);
    let png = std::fs::read(&screenshot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(
        png.len() > 20_000,
        "a page with content, not a blank image ({} bytes)",
        png.len()
    );
}
