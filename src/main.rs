// Temporary wiring on the `align` branch for manual testing; the lead owns
// main.rs/cli.rs and redoes this at merge.
fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let stdin = std::io::stdin().lock();
    let stdout = std::io::stdout().lock();
    match args.get(1).map(String::as_str) {
        Some("analyze") => alih::commands::analyze::run_jsonl(stdin, stdout),
        Some("align") => alih::commands::align::run_jsonl(stdin, stdout, args.get(3).map_or("en", String::as_str)),
        _ => {
            eprintln!("usage: alih analyze | alih align --jsonl [LANG]");
            std::process::exit(2);
        }
    }
}
