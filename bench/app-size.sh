#!/usr/bin/env bash
# Sizes of the browser app's JavaScript and CSS as Lander serves them (identity, brotli, gzip),
# against the budget of 250 KB compressed (issue 4). Builds the release binary (which builds and
# embeds web/) unless LANDER_BIN names one. Usage: bash bench/app-size.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/lander-target}"
bin="${LANDER_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release -q -p lander
  bin="$CARGO_TARGET_DIR/release/lander"
fi
data="$(mktemp -d)"
port=18097
"$bin" serve --listen "127.0.0.1:$port" --data-dir "$data" >"$data/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
total_id=0 total_br=0 total_gz=0
printf '%-40s %10s %10s %10s\n' file identity brotli gzip
for path in $(curl -s "$base/app" | grep -o '/app/assets/[^"]*'); do
  id=$(curl -s -o /dev/null -w '%{size_download}' "$base$path")
  br=$(curl -s -H 'Accept-Encoding: br' -o /dev/null -w '%{size_download}' "$base$path")
  gz=$(curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$base$path")
  printf '%-40s %10s %10s %10s\n' "${path#/app/assets/}" "$id" "$br" "$gz"
  total_id=$((total_id + id)) total_br=$((total_br + br)) total_gz=$((total_gz + gz))
done
printf '%-40s %10s %10s %10s\n' "total (budget: 256000 compressed)" "$total_id" "$total_br" "$total_gz"
