#!/usr/bin/env bash
# The main job, end to end on this machine: bring up RabbitMQ and Apertium
# (installing them when missing), start a worker translating Indonesian →
# Malay, publish the sample article and print its bilingual record.
set -euo pipefail
cd "$(dirname "$0")/../.."
state=target/local
mkdir -p "$state"

deploy/local/start-rabbitmq.sh
deploy/local/start-apy.sh
cargo build --release --locked --quiet
alih=target/release/alih

# A demo topology of its own, so the demo never touches a real deployment's queues.
export ALIH_TOPOLOGY__INPUT_EXCHANGE=alih.demo.articles ALIH_TOPOLOGY__INPUT_QUEUE=alih.demo.articles
export ALIH_TOPOLOGY__OUTPUT_EXCHANGE=alih.demo.bilingual ALIH_TOPOLOGY__OUTPUT_QUEUE=alih.demo.bilingual
export ALIH_TOPOLOGY__DEAD_LETTER_QUEUE=alih.demo.articles.failed
# …which the broker deletes an hour after the last demo, records included.
export ALIH_TOPOLOGY__EXPIRES=1h
export ALIH_MT__PROVIDER=apertium ALIH_MT__URL=http://127.0.0.1:${APY_PORT:-2737} ALIH_MT__TARGET_LANG=ms
# The sample glossary: its ms and keep rows show in the record's terms[].
export ALIH_MT__GLOSSARY=deploy/config/glossary.tsv
export ALIH_HTTP__LISTEN=127.0.0.1:${ALIH_DEMO_HTTP_PORT:-9465}

"$alih" run >"$state/demo-worker.log" 2>&1 &
worker=$!
trap 'kill -TERM $worker 2>/dev/null; wait $worker 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://$ALIH_HTTP__LISTEN/readyz" >/dev/null 2>&1 && break
  kill -0 $worker 2>/dev/null || { echo "the worker exited; see $state/demo-worker.log" >&2; cat "$state/demo-worker.log" >&2; exit 1; }
  sleep 0.2
done
echo "worker ready (log: $state/demo-worker.log); publishing the sample article…" >&2
# The sample asks for English; Apertium offers Indonesian → Malay, so ask for Malay.
"$alih" publish --article-target-lang ms --wait --wait-timeout 60s tests/fixtures/dw-korut-rusia.json
