#!/usr/bin/env bash
# Bring up RabbitMQ on 127.0.0.1:5672, installing the Debian package when
# missing. Leaves a running broker alone.
set -euo pipefail
sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"

amqp_up() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }

# alih declares quorum queues with TTL and at-least-once dead-lettering: 3.10+.
check_version() {
  local version
  version=$($sudo_cmd rabbitmqctl version 2>/dev/null || true)
  case "$version" in
    ""|3.10.*|3.1[1-9].*|[4-9].*) ;;
    *) echo "rabbitmq: warning: version $version is older than 3.10, which alih needs (quorum queue TTL, at-least-once dead-lettering)" >&2 ;;
  esac
}

# A broker in a resource alarm accepts connections but blocks every
# publisher until the alarm clears: tests and workers would wait, not fail.
check_alarms() {
  local alarms
  alarms=$($sudo_cmd rabbitmq-diagnostics -q alarms 2>/dev/null | grep -i "alarm on node" || true)
  if [ -n "$alarms" ]; then
    echo "rabbitmq: the broker is in a resource alarm and blocks publishers:" >&2
    echo "$alarms" >&2
    echo "rabbitmq: free disk space (df -h /var/lib/rabbitmq) or memory (rabbitmqctl list_queues name messages memory; delete what earlier runs left), then run this again" >&2
    return 1
  fi
}

if amqp_up; then echo "rabbitmq: already running on 127.0.0.1:5672" >&2; check_version; check_alarms; exit; fi
if ! command -v rabbitmq-server >/dev/null 2>&1; then
  echo "rabbitmq: installing rabbitmq-server (Debian package)" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq rabbitmq-server >/dev/null
fi
# The Debian package may start it as a service; otherwise start it detached.
if ! amqp_up; then $sudo_cmd rabbitmq-server -detached || true; fi
for _ in $(seq 1 120); do
  if amqp_up; then echo "rabbitmq: running on 127.0.0.1:5672" >&2; check_version; check_alarms; exit; fi
  sleep 0.5
done
echo "rabbitmq: not reachable on 127.0.0.1:5672 after 60s; see /var/log/rabbitmq/" >&2
exit 1
