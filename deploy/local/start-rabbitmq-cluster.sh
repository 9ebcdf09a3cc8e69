#!/usr/bin/env bash
# A throw-away 3-node RabbitMQ cluster on loopback, for trying alih against
# a cluster and for tests/cluster.rs. Leaves the machine's own broker
# (rabbit@<host> on 5672, dist port 25672) alone: the nodes have their own
# names, ports, data, logs, config and Erlang cookie under one directory.
# Installs the Debian package when rabbitmq-server is missing. Idempotent:
# nodes already running are kept, missing ones started and joined.
#
#   deploy/local/start-rabbitmq-cluster.sh     # alih1..3@localhost on 5681..5683
#   ALIH_CLUSTER_NAME=mine ALIH_CLUSTER_PORT=5691 deploy/local/start-rabbitmq-cluster.sh
#
# Prints the node URIs for amqp.url on stdout, e.g.
#   amqp://guest:guest@127.0.0.1:5681/%2f,amqp://guest:guest@127.0.0.1:5682/%2f,...
# Stop and remove it with deploy/local/stop-rabbitmq-cluster.sh (same variables).
set -euo pipefail

name=${ALIH_CLUSTER_NAME:-alih}
first_port=${ALIH_CLUSTER_PORT:-5681}
base=${ALIH_CLUSTER_DIR:-${TMPDIR:-/tmp}/rabbitmq-cluster.$(id -u).$name}
sbin=/usr/lib/rabbitmq/bin
nodes=3

node_name() { echo "$name$1@localhost"; }
amqp_port() { echo $((first_port + $1 - 1)); }
# Erlang distribution: 20000 above the AMQP port, like 5672 → 25672.
dist_port() { echo $((first_port + 20000 + $1 - 1)); }

if [ ! -x "$sbin/rabbitmq-server" ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "rabbitmq-cluster: installing rabbitmq-server (Debian package)" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq rabbitmq-server >/dev/null
fi

mkdir -p "$base"
# One cookie for the three nodes and for rabbitmqctl; Erlang reads it from
# $HOME, so every command here runs with HOME=$base.
if [ ! -f "$base/.erlang.cookie" ]; then
  (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$base/.erlang.cookie")
  chmod 400 "$base/.erlang.cookie"
fi

# Runs a RabbitMQ tool with node $1's environment.
with_node() {
  local index=$1; shift
  local dir="$base/node$index"
  HOME="$base" \
  RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
  RABBITMQ_NODENAME="$(node_name "$index")" \
  RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
  RABBITMQ_NODE_PORT="$(amqp_port "$index")" \
  RABBITMQ_DIST_PORT="$(dist_port "$index")" \
  RABBITMQ_MNESIA_BASE="$dir/mnesia" \
  RABBITMQ_LOG_BASE="$dir/log" \
  RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
  RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
  RABBITMQ_PID_FILE="$dir/rabbitmq.pid" \
  ERL_EPMD_ADDRESS=127.0.0.1 \
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
  "$@"
}

ctl() { local index=$1; shift; with_node "$index" "$sbin/rabbitmqctl" -q -n "$(node_name "$index")" "$@"; }
running() { ctl "$1" status >/dev/null 2>&1; }

write_files() {
  local index=$1 dir="$base/node$1"
  mkdir -p "$dir/mnesia" "$dir/log"
  # The system's /etc/rabbitmq/rabbitmq-env.conf names the shared node: not read.
  : > "$dir/rabbitmq-env.conf"
  # No plugins (no management UI): nothing listens beyond AMQP and distribution.
  echo '[].' > "$dir/enabled_plugins"
  cat > "$dir/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$(amqp_port "$index")
loopback_users = none
disk_free_limit.absolute = 50MB
log.console = false
log.file.level = info
EOF
}

started=()
for index in $(seq 1 $nodes); do
  if running "$index"; then continue; fi
  write_files "$index"
  with_node "$index" "$sbin/rabbitmq-server" -detached >>"$base/node$index/log/start.out" 2>&1 || true
  started+=("$index")
done
# await_startup fails at once while the Erlang node is not yet reachable
# (a slow boot on a loaded machine), so it is retried: 60 tries, 2 s apart.
await_node() {
  local index=$1 try
  for try in $(seq 1 60); do
    if ctl "$index" await_startup --timeout 120 >/dev/null 2>&1; then return 0; fi
    sleep 2
  done
  return 1
}
for index in $(seq 1 $nodes); do
  if ! await_node "$index"; then
    echo "rabbitmq-cluster: node $(node_name "$index") did not start; see $base/node$index/log/" >&2
    exit 1
  fi
done

# Nodes 2 and 3 join node 1 unless they are in its cluster already.
for index in $(seq 2 $nodes); do
  if ctl 1 cluster_status --formatter json 2>/dev/null | grep -q "\"running_nodes\":\[[^]]*\"$(node_name "$index")\""; then
    continue
  fi
  join_log="$base/node$index/log/join.out"
  ctl "$index" stop_app >>"$join_log" 2>&1
  ctl "$index" reset >>"$join_log" 2>&1
  ctl "$index" join_cluster "$(node_name 1)" >>"$join_log" 2>&1
  ctl "$index" start_app >>"$join_log" 2>&1
done
if ! ctl 1 cluster_status --formatter json | grep -q "\"running_nodes\":\[[^]]*\"$(node_name $nodes)\""; then
  echo "rabbitmq-cluster: nodes did not form a cluster; see $base/node*/log/" >&2
  exit 1
fi

urls=()
for index in $(seq 1 $nodes); do urls+=("amqp://guest:guest@127.0.0.1:$(amqp_port "$index")/%2f"); done
echo "rabbitmq-cluster: ${#started[@]} node(s) started; $nodes running as $(node_name 1) … $(node_name $nodes) under $base" >&2
(IFS=,; echo "${urls[*]}")
