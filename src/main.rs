//! Thin entry point: parse the command line → logging → configuration →
//! dispatch → exit code (0 success, 1 runtime failure, 2 usage or
//! configuration error).

use std::process::ExitCode;

use clap::Parser;

use alih::{
    cli::{Cli, Command},
    commands,
    config::{self, Config},
    segment::QuotePolicy,
    telemetry,
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init_logging(config::log_format_is_json());
    let config = match Config::load(cli.global.config.clone(), &cli.global.overrides()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("alih: {error}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("alih: cannot start the async runtime: {error}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Run => commands::run::run(config).await,
            Command::Publish(args) => commands::publish::run(config, args).await,
            Command::Translate { file } => commands::translate::run(config, &file).await,
            Command::Topology => commands::topology::run(config).await,
            Command::Failed { command } => commands::failed::run(config, command).await,
            Command::Cache { command } => commands::cache::run(config, command).await,
            Command::Segment { jsonl: _, keep_quotes } => {
                let quotes = if keep_quotes {
                    QuotePolicy::KeepWhole
                } else {
                    config.segment.quotes
                };
                commands::segment::run_jsonl_with(std::io::stdin().lock(), std::io::stdout().lock(), quotes)
            }
            Command::Analyze => {
                commands::analyze::run_jsonl(std::io::stdin().lock(), std::io::stdout().lock(), config.segment.quotes)
            }
            Command::Align { jsonl: _ } => commands::align::run_jsonl(
                std::io::stdin().lock(),
                std::io::stdout().lock(),
                &config.mt.target_lang,
            ),
            Command::Export(args) => commands::export::run(args),
            Command::Realign { input } => commands::realign::run(&input),
            Command::Review { input, output } => commands::review::run(&input, &output),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let code = if error.is::<commands::UsageError>() { 2 } else { 1 };
            eprintln!("alih: {error:#}");
            ExitCode::from(code)
        }
    }
}
