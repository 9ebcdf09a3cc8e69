#!/usr/bin/env bash
# The whole test suite with the services it needs: RabbitMQ, Redis and Apertium
# are installed and started when missing, then every test runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
deploy/local/start-rabbitmq.sh
deploy/local/start-redis.sh
deploy/local/start-apy.sh
# The real-engine tests must not skip silently here.
export ALIH_REQUIRE_APY=1
# Benchmarks must keep compiling; they run with `cargo bench`, not here.
cargo build --locked --benches
cargo test --locked "$@"
