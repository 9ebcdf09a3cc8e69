#!/usr/bin/env bash
# Stops the throw-away cluster of start-rabbitmq-cluster.sh (same
# ALIH_CLUSTER_* variables) and removes its data. Idempotent; never touches
# the machine's own broker. Keep the data with ALIH_CLUSTER_KEEP=1.
set -euo pipefail

name=${ALIH_CLUSTER_NAME:-alih}
base=${ALIH_CLUSTER_DIR:-${TMPDIR:-/tmp}/rabbitmq-cluster.$(id -u).$name}
sbin=/usr/lib/rabbitmq/bin

if [ ! -d "$base" ]; then
  echo "rabbitmq-cluster: nothing to stop ($base does not exist)" >&2
  exit 0
fi
for index in 1 2 3; do
  node="$name$index@localhost"
  # `stop` waits until the node's Erlang VM has exited.
  if HOME="$base" "$sbin/rabbitmqctl" -q -n "$node" stop >/dev/null 2>&1; then
    echo "rabbitmq-cluster: stopped $node" >&2
  fi
done
# A node killed from outside may leave its VM running: end it by its pid file.
for pid_file in "$base"/node*/rabbitmq.pid; do
  [ -f "$pid_file" ] || continue
  pid=$(cat "$pid_file")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
done
if [ "${ALIH_CLUSTER_KEEP:-0}" = 1 ]; then
  echo "rabbitmq-cluster: data kept in $base" >&2
else
  rm -rf "$base"
fi
