// Temporary wiring until the lead's clap CLI lands: only `alih segment --jsonl`.
use alih::segment::QuotePolicy;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quotes = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["segment", "--jsonl"] => QuotePolicy::SplitInside,
        ["segment", "--jsonl", "--keep-quotes"] => QuotePolicy::KeepWhole,
        _ => {
            eprintln!("usage: alih segment --jsonl [--keep-quotes]");
            std::process::exit(2);
        }
    };
    alih::commands::segment::run_jsonl_with(std::io::stdin().lock(), std::io::stdout().lock(), quotes)
}
