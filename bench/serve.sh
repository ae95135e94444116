#!/usr/bin/env bash
# Serving benchmark: a published template page served by Lander versus nginx serving the same
# bytes from disk, both on loopback, measured in the same run with wrk at 64 and 256
# connections. Prints requests/s and p99 latency (medians over ROUNDS alternating runs) and
# Lander's throughput as a share of nginx's.
#
# Usage: bash bench/serve.sh            (ROUNDS=3 DURATION=10s TEMPLATE=saas by default)
# Needs: the Rust toolchain; installs Debian's nginx and wrk when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10s}"
TEMPLATE="${TEMPLATE:-saas}"
THREADS="${THREADS:-2}"
LANDER_PORT="${LANDER_PORT:-18080}"
NGINX_PORT="${NGINX_PORT:-18081}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/lander-target}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v curl >/dev/null || need+=(curl)
if [ "${#need[@]}" -gt 0 ]; then
  echo "==> installing ${need[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

echo "==> building lander (release)"
cargo build --release -q -p lander
LANDER="$CARGO_TARGET_DIR/release/lander"

WORK="$(mktemp -d /tmp/lander-bench.XXXXXX)"
chmod 755 "$WORK"
LANDER_PID=""
cleanup() {
  [ -n "$LANDER_PID" ] && kill "$LANDER_PID" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT

export LANDER_DATA_DIR="$WORK/data" LANDER_LOG__LEVEL=warn LANDER_LOG__FORMAT=json
unset LANDER_DATABASE_URL
echo 'benchmark password 123' | "$LANDER" user create --email bench@example.com --password-stdin 2>/dev/null
TOKEN="$("$LANDER" token create --email bench@example.com --name bench 2>/dev/null)"
"$LANDER" serve --listen "127.0.0.1:$LANDER_PORT" 2>"$WORK/lander.log" &
LANDER_PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$LANDER_PORT/healthz" >/dev/null && break; sleep 0.1; done

API="http://127.0.0.1:$LANDER_PORT/api/v1"
PAGE_ID="$(curl -fs -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"title\":\"Benchmark\",\"slug\":\"bench\",\"template\":\"$TEMPLATE\"}" "$API/pages" |
  sed -E 's/.*"id":"([^"]+)".*/\1/')"
curl -fs -X POST -H "Authorization: Bearer $TOKEN" "$API/pages/$PAGE_ID/publish" >/dev/null

# nginx serves the very bytes Lander serves (identity encoding), from a world-readable folder.
mkdir -p "$WORK/www"
chmod 755 "$WORK/www"
curl -fs "http://127.0.0.1:$LANDER_PORT/bench" -o "$WORK/www/bench"
chmod 644 "$WORK/www/bench"
cat >"$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
    location / { default_type "text/html; charset=utf-8"; }
  }
}
CONF
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK"
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$NGINX_PORT/bench" >/dev/null && break; sleep 0.1; done

echo "==> checking both answer 200 with identical bytes"
L_STATUS="$(curl -s -o "$WORK/l.html" -w '%{http_code}' "http://127.0.0.1:$LANDER_PORT/bench")"
N_STATUS="$(curl -s -o "$WORK/n.html" -w '%{http_code}' "http://127.0.0.1:$NGINX_PORT/bench")"
if [ "$L_STATUS" != 200 ] || [ "$N_STATUS" != 200 ]; then
  echo "expected 200 from both, got lander=$L_STATUS nginx=$N_STATUS" >&2
  exit 1
fi
if ! cmp -s "$WORK/l.html" "$WORK/n.html"; then
  echo "lander and nginx serve different bytes" >&2
  exit 1
fi
BYTES="$(wc -c <"$WORK/l.html")"
GZ="$(curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$LANDER_PORT/bench" | wc -c)"
BR="$(curl -s -H 'Accept-Encoding: br' "http://127.0.0.1:$LANDER_PORT/bench" | wc -c)"
echo "page '$TEMPLATE': $BYTES bytes identity, $GZ gzip, $BR brotli"

# run_wrk URL CONNECTIONS -> "rps p99_ms"
run_wrk() {
  local out rps p99 value unit
  out="$(wrk -t"$THREADS" -c"$2" -d"$DURATION" --latency "$1")"
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  read -r value unit < <(awk '$1 == "99%" {v=$2; u=$2; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u); print v, u}' <<<"$out")
  case "$unit" in
    us) p99="$(awk -v v="$value" 'BEGIN {printf "%.3f", v / 1000}')" ;;
    ms) p99="$value" ;;
    s) p99="$(awk -v v="$value" 'BEGIN {printf "%.3f", v * 1000}')" ;;
    *) p99="?" ;;
  esac
  echo "$rps $p99"
}

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "==> wrk -t$THREADS -d$DURATION, $ROUNDS alternating rounds per setting"
printf '%-12s %6s %14s %12s\n' server conns "requests/s" "p99 ms"
for c in 64 256; do
  : >"$WORK/l-rps"; : >"$WORK/n-rps"; : >"$WORK/l-p99"; : >"$WORK/n-p99"
  for _ in $(seq 1 "$ROUNDS"); do
    read -r rps p99 < <(run_wrk "http://127.0.0.1:$LANDER_PORT/bench" "$c")
    echo "$rps" >>"$WORK/l-rps"; echo "$p99" >>"$WORK/l-p99"
    read -r rps p99 < <(run_wrk "http://127.0.0.1:$NGINX_PORT/bench" "$c")
    echo "$rps" >>"$WORK/n-rps"; echo "$p99" >>"$WORK/n-p99"
  done
  L_RPS="$(median <"$WORK/l-rps")"; N_RPS="$(median <"$WORK/n-rps")"
  L_P99="$(median <"$WORK/l-p99")"; N_P99="$(median <"$WORK/n-p99")"
  printf '%-12s %6s %14s %12s\n' lander "$c" "$L_RPS" "$L_P99" nginx "$c" "$N_RPS" "$N_P99"
  RATIO="$(awk -v l="$L_RPS" -v n="$N_RPS" 'BEGIN {printf "%.1f", 100 * l / n}')"
  VERDICT="$(awk -v r="$RATIO" 'BEGIN {print (r >= 90) ? "meets" : "BELOW"}')"
  echo "  -> at $c connections Lander serves $RATIO% of nginx's requests/s ($VERDICT the 90% target)"
done
