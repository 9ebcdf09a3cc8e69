#!/usr/bin/env bash
# The whole test suite with the services it needs: formatting and lints are
# checked first (cheap, and a failure there says what to fix in seconds),
# then RabbitMQ, Redis and Apertium are installed and started when missing,
# then every test runs. At the end it names every test group that could not
# run, and why.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Tests that cannot run append a line here (tests/real_apy); so does this
# script. Printed on every exit, success or not.
export ALIH_SKIP_REPORT="$PWD/target/not-run.txt"
mkdir -p target
: > "$ALIH_SKIP_REPORT"
report_not_run() {
    local status=$?
    if [ -s "$ALIH_SKIP_REPORT" ]; then
        echo "== test groups that did not run =="
        sort -u "$ALIH_SKIP_REPORT"
    elif [ "$status" = 0 ]; then
        echo "== every test group ran =="
    fi
}
trap report_not_run EXIT

# A fresh toolchain may lack the two components; rustup adds them in place.
if command -v rustup >/dev/null; then
    rustup component add rustfmt clippy >/dev/null 2>&1 || true
fi
cargo fmt --check
# The fuzz crate is its own workspace, so the top-level check does not see it.
(cd fuzz && cargo fmt --check)
cargo clippy --all-targets --locked -- -D warnings
deploy/local/start-rabbitmq.sh
deploy/local/start-redis.sh
deploy/local/start-apy.sh
# xmllint validates the TMX/XLIFF exports; headless Chromium loads the review page.
missing=()
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "test.sh: installing ${missing[*]} (Debian packages)" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
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
# The whole suite takes minutes; a test that waits for ever (a broker that
# stopped answering) must fail the run, not hold it. `timeout` signals the
# whole process group, so the test binaries stop too.
TEST_MINUTES="${ALIH_TEST_MINUTES:-40}"
status=0
timeout --kill-after=30s "${TEST_MINUTES}m" cargo test --locked "$@" || status=$?
if [ "$status" != 0 ]; then
    if [ "$status" = 124 ] || [ "$status" = 137 ]; then
        echo "test.sh: the tests did not finish within ${TEST_MINUTES} minutes; the test named 'has been running for over 60 seconds' above is waiting on something (ALIH_TEST_MINUTES raises the bound)" >&2
    fi
    exit "$status"
fi

# A short fuzz run of each target (tests/fuzz_seeds.rs already ran their
# seeds). cargo-fuzz needs a nightly toolchain; without one this says so.
FUZZ_SECONDS="${ALIH_FUZZ_SECONDS:-60}"
if [ "$FUZZ_SECONDS" = 0 ]; then
    echo "NOT RUN: fuzzing: ALIH_FUZZ_SECONDS=0" >> "$ALIH_SKIP_REPORT"
elif ! cargo +nightly fuzz --version > /dev/null 2>&1; then
    echo "NOT RUN: fuzzing (fuzz/): cargo-fuzz on a nightly toolchain is missing (rustup toolchain install nightly; cargo install cargo-fuzz); the seeds ran through tests/fuzz_seeds.rs" >> "$ALIH_SKIP_REPORT"
else
    # New inputs go to target/fuzz-corpus; the checked-in seeds stay as they are.
    for target in segment align; do
        mkdir -p "target/fuzz-corpus/$target"
        cargo +nightly fuzz run "$target" "target/fuzz-corpus/$target" "fuzz/seeds/$target" -- \
            -max_total_time="$FUZZ_SECONDS"
    done
fi
