#!/usr/bin/env bash
# The whole test suite with the services it needs: RabbitMQ and Apertium
# are installed and started when missing, then every test runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
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
