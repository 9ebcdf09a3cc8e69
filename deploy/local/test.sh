#!/usr/bin/env bash
# The whole test suite with the services it needs: formatting and lints are
# checked first (cheap, and a failure there says what to fix in seconds),
# then RabbitMQ and Apertium are installed and started when missing, then
# every test runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
# A fresh toolchain may lack the two components; rustup adds them in place.
if command -v rustup >/dev/null; then
    rustup component add rustfmt clippy >/dev/null 2>&1 || true
fi
cargo fmt --check
# The fuzz crate is its own workspace, so the top-level check does not see it.
(cd fuzz && cargo fmt --check)
cargo clippy --all-targets --locked -- -D warnings
deploy/local/start-rabbitmq.sh
deploy/local/start-apy.sh
# The real-engine tests must not skip silently here, nor the cluster test
# (tests/cluster.rs starts its own 3-node cluster with
# deploy/local/start-rabbitmq-cluster.sh; start-rabbitmq.sh installed it).
export ALIH_REQUIRE_APY=1
export ALIH_REQUIRE_CLUSTER=1
# Benchmarks must keep compiling; they run with `cargo bench`, not here.
cargo build --locked --benches
cargo test --locked "$@"
