#!/usr/bin/env bash
# Bring up Redis on 127.0.0.1:6379 for the translation-memory tests,
# installing the Debian package when missing (the tests also start private
# redis-server processes of their own). Leaves a running Redis alone.
set -euo pipefail
sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"

redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis: installing redis-server (Debian package)" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq redis-server >/dev/null
fi
if redis_up; then echo "redis: already running on 127.0.0.1:6379" >&2; exit 0; fi
# The Debian package may start it as a service; otherwise start it detached,
# without persistence (test data only).
if ! redis_up; then
  redis-server --port 6379 --bind 127.0.0.1 --save '' --appendonly no --daemonize yes >/dev/null || true
fi
for _ in $(seq 1 60); do
  if redis_up; then echo "redis: running on 127.0.0.1:6379" >&2; exit 0; fi
  sleep 0.5
done
echo "redis: not reachable on 127.0.0.1:6379 after 30s; try redis-server --port 6379 in a terminal to see why" >&2
exit 1
