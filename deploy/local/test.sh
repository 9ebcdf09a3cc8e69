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
# promtool checks deploy/prometheus/alih-rules.yml. Debian ships it in the
# `prometheus` package (19 MB), whose install would also start a Prometheus
# server; so the package is only downloaded and promtool (one static
# binary) unpacked into target/, once.
if ! command -v promtool >/dev/null 2>&1; then
  tools=target/deploy-tools
  if [ ! -x "$tools/usr/bin/promtool" ]; then
    echo "promtool: fetching it from the Debian prometheus package into $tools" >&2
    mkdir -p "$tools/deb"
    (cd "$tools/deb" && apt-get download -q prometheus)
    dpkg-deb -x "$tools"/deb/prometheus_*.deb "$tools"
  fi
  export PROMTOOL="$PWD/$tools/usr/bin/promtool"
fi
export ALIH_REQUIRE_DEPLOY_TOOLS=1
# Benchmarks must keep compiling; they run with `cargo bench`, not here.
cargo build --locked --benches
cargo test --locked "$@"
