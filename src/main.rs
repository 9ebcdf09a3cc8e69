// Temporary wiring until the lead's clap CLI lands: only `alih segment --jsonl`.
fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args != ["segment", "--jsonl"] {
        eprintln!("usage: alih segment --jsonl");
        std::process::exit(2);
    }
    alih::commands::segment::run_jsonl(std::io::stdin().lock(), std::io::stdout().lock())
}
