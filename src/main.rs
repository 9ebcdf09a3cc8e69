//! Thin entry point: parse the command line → configuration → logging and
//! tracing → dispatch → exit code (0 success, 1 runtime failure, 2 usage or
//! configuration error).

use std::{io::Write, process::ExitCode};

use clap::Parser;

use alih::{
    cli::{Cli, Command},
    commands,
    config::{self, Config},
    segment::QuotePolicy,
    telemetry,
};

/// jemalloc instead of glibc's malloc, returning freed pages to the system
/// at once. A worker aligns articles on several threads; glibc keeps an
/// arena per thread and a worker that had processed a few 1 MiB articles
/// kept 400 MB resident, most of it free. See the README's performance
/// section for what each setting measured.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read when it starts (before `main`) from the C
/// symbol `malloc_conf` (prefixed `_rjem_` by tikv-jemalloc-sys): no delay
/// before dirty and unused pages go back to the system, and one arena, so
/// memory one thread freed serves the next thread's article (peak 96.7–97.2
/// MB against 98.1–100.3 with an arena per core; per-thread caches keep the
/// arena's lock off the common path, and `align --jsonl`'s threads measured
/// no slower with it: 0.31–0.36 s against 0.32–0.37 for 8.8 MB).
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: MallocConf = MallocConf(c"narenas:1,dirty_decay_ms:0,muzzy_decay_ms:0".as_ptr());

/// A C `const char *`: one thin pointer, as jemalloc reads it.
#[repr(transparent)]
struct MallocConf(*const std::ffi::c_char);

// SAFETY: the pointer is to a string literal, immutable for the whole run.
unsafe impl Sync for MallocConf {}

/// How long a batch command's freed dirty pages wait for reuse before
/// going back to the system: jemalloc's own default for dirty pages (its
/// muzzy pages already go back at once by default, as [`MALLOC_CONF`] says).
const BATCH_DIRTY_DECAY_MS: isize = 10_000;

/// A command that reads its input, writes its output and exits has no use
/// for giving freed pages back at once, and paid for it: `align --jsonl`
/// faulted 8,893 pages in again for 8.8 MB of documents against 1,513, and
/// took 323 ms against 272 (median of nine, same run). The worker (`run`)
/// and the other long-lived commands keep [`MALLOC_CONF`]'s immediate
/// return, which a worker's memory bound needs.
fn keeps_freed_pages(command: &Command) -> bool {
    matches!(
        command,
        Command::Align { .. } | Command::Segment { .. } | Command::Analyze | Command::Realign { .. }
    )
}

/// Sets the one arena's dirty-page decay (`narenas:1`) to [`BATCH_DIRTY_DECAY_MS`].
fn keep_freed_pages_for_reuse() {
    let setting = b"arena.0.dirty_decay_ms\0";
    // SAFETY: jemalloc's decay settings are `ssize_t`, which is `isize`.
    if let Err(error) = unsafe { tikv_jemalloc_ctl::raw::write(setting, BATCH_DIRTY_DECAY_MS) } {
        // Only speed is at stake: say so and go on.
        tracing::debug!(%error, "jemalloc's arena.0.dirty_decay_ms not changed");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Config(args) = &cli.command
        && !args.checks()
    {
        // Printing the defaults must work while the configuration is broken;
        // a reader that stops early (`alih config | head`) is no error.
        let _ = std::io::stdout()
            .lock()
            .write_all(config::ANNOTATED_DEFAULTS.as_bytes());
        return ExitCode::SUCCESS;
    }
    let config = match Config::load(cli.config_file(), &cli.overrides()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("alih: {error}");
            return ExitCode::from(2);
        }
    };
    // Dropped last, after the runtime: it flushes the spans not yet exported.
    let _tracing = match telemetry::init(config::log_format_is_json(), &config.telemetry) {
        Ok(guard) => guard,
        Err(error) => {
            eprintln!("alih: {error:#}");
            return ExitCode::from(2);
        }
    };
    if keeps_freed_pages(&cli.command) {
        keep_freed_pages_for_reuse();
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("alih: cannot start the async runtime: {error}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(dispatch(cli.command, config));
    drop(runtime);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let code = if error.is::<commands::UsageError>() { 2 } else { 1 };
            eprintln!("alih: {error:#}");
            ExitCode::from(code)
        }
    }
}

async fn dispatch(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Run { .. } => commands::run::run(config).await,
        Command::Publish(args) => commands::publish::run(config, args).await,
        Command::Translate(args) => commands::translate::run(config, args).await,
        Command::Topology { .. } => commands::topology::run(config).await,
        Command::Failed { command, .. } => commands::failed::run(config, command).await,
        Command::Config(_) => commands::config::check(&config),
        Command::Segment {
            jsonl: _,
            keep_quotes,
            timing,
        } => {
            let quotes = if keep_quotes {
                QuotePolicy::KeepWhole
            } else {
                config.segment.quotes
            };
            let timing = timing.then(|| std::io::stderr().lock());
            commands::segment::run_jsonl_with(std::io::stdin().lock(), std::io::stdout().lock(), quotes, timing)
        }
        Command::Analyze => {
            commands::analyze::run_jsonl(std::io::stdin().lock(), std::io::stdout().lock(), config.segment.quotes)
        }
        Command::Align { .. } => commands::align::run_jsonl(
            std::io::stdin().lock(),
            std::io::stdout().lock(),
            &config.mt.target_lang,
        ),
        Command::Cache { command } => commands::cache::run(config, command).await,
        Command::Export(args) => commands::export::run(args),
        Command::Realign { input } => commands::realign::run(&input),
        Command::Review { input, output } => commands::review::run(&input, &output),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirty_decay_ms() -> isize {
        // SAFETY: jemalloc's decay settings are `ssize_t`, which is `isize`.
        unsafe { tikv_jemalloc_ctl::raw::read(b"arena.0.dirty_decay_ms\0") }.expect("a jemalloc setting reads")
    }

    #[test]
    fn batch_commands_keep_freed_pages_for_reuse_and_the_worker_returns_them_at_once() {
        let command = |args: &[&str]| Cli::parse_from([&["alih"], args].concat()).command;
        for (args, keeps) in [
            (&["align", "--jsonl"][..], true),
            (&["segment", "--jsonl"], true),
            (&["analyze"], true),
            (&["run"], false),
            (&["publish", "article.json"], false),
        ] {
            assert_eq!(keeps_freed_pages(&command(args)), keeps, "{args:?}");
        }
        if std::env::var_os("_RJEM_MALLOC_CONF").is_none() {
            assert_eq!(dirty_decay_ms(), 0, "MALLOC_CONF is read at start");
        }
        keep_freed_pages_for_reuse();
        assert_eq!(dirty_decay_ms(), BATCH_DIRTY_DECAY_MS);
    }
}
