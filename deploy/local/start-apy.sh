#!/usr/bin/env bash
# Bring up Apertium APy (Indonesian→Malay) on 127.0.0.1:${APY_PORT:-2737},
# installing the Debian packages when missing. Leaves a running APy alone.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
port=${APY_PORT:-2737}
state=${ALIH_LOCAL_STATE:-$here/../../target/local}
sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"

if curl -fsS "http://127.0.0.1:$port/listPairs" 2>/dev/null | grep -q '"ind"'; then
  echo "apertium-apy: already running on 127.0.0.1:$port" >&2
  if ss -ltn 2>/dev/null | awk '{print $4}' | grep -Eq "^(0\.0\.0\.0|\*|\[::\]):$port$"; then
    echo "apertium-apy: warning: the running APy listens on every interface, not just loopback" >&2
  fi
  exit 0
fi
if ! dpkg -s apertium-apy apertium-ind-zlm >/dev/null 2>&1; then
  echo "apertium-apy: installing apertium-apy apertium-ind-zlm (Debian packages)" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq apertium-apy apertium-ind-zlm >/dev/null
  # The package's own service listens on every interface; we run it on
  # loopback instead, so stop the packaged one where systemd started it.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet apertium-apy 2>/dev/null; then
    $sudo_cmd systemctl disable --now apertium-apy >/dev/null 2>&1 || true
  fi
fi
mkdir -p "$state"
# APy refuses to start without a UTF-8 locale and needs Debian's python3 (its tornado lives there).
LC_ALL=C.UTF-8 nohup /usr/bin/python3 "$here/apy_loopback.py" -p "$port" \
  -l /usr/share/apertium-apy/langNames.db /usr/share/apertium/modes >"$state/apy.log" 2>&1 &
echo $! >"$state/apy.pid"
for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$port/listPairs" 2>/dev/null | grep -q '"ind"'; then
    echo "apertium-apy: started on 127.0.0.1:$port (pid $(cat "$state/apy.pid"), log $state/apy.log)" >&2; exit 0
  fi
  sleep 0.5
done
echo "apertium-apy: did not come up on 127.0.0.1:$port within 30s; see $state/apy.log" >&2
tail -n 20 "$state/apy.log" >&2 || true
exit 1
