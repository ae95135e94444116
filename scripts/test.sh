#!/usr/bin/env bash
# Runs every Lander test: formatting, lints, unit, storage (SQLite and PostgreSQL), HTTP and CLI
# tests. Installs and starts what the tests need when it is missing (PostgreSQL), so it works on
# a fresh Debian machine with only the Rust toolchain. Usage: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/lander-target}"
export LANDER_TEST_POSTGRES_URL="${LANDER_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

log() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

postgres_answers() {
  command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 &&
    psql "$LANDER_TEST_POSTGRES_URL" -Atqc 'select 1' >/dev/null 2>&1
}

ensure_postgres() {
  if postgres_answers; then
    echo "PostgreSQL answers at 127.0.0.1:5432"
    return
  fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    log "Installing PostgreSQL"
    apt_install postgresql
  fi
  local version
  version="$(ls /etc/postgresql | sort -V | tail -n1)"
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  # Tests connect as postgres without a password over loopback (a throw-away test server).
  if ! grep -Eq '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    log "Allowing passwordless loopback connections for the test PostgreSQL"
    as_root sed -i -E 's/^(local|host)(\s+.*\s+)(peer|md5|scram-sha-256)$/\1\2trust/' "$hba"
    grep -Eq '^host\s+all\s+all\s+127\.0\.0\.1/32' "$hba" ||
      echo 'host all all 127.0.0.1/32 trust' | as_root tee -a "$hba" >/dev/null
  fi
  log "Starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main restart
  for _ in $(seq 1 30); do
    postgres_answers && break
    sleep 1
  done
  if ! postgres_answers; then
    echo "PostgreSQL does not answer at $LANDER_TEST_POSTGRES_URL; the storage tests need it." >&2
    exit 1
  fi
}

log "Checking services"
ensure_postgres

log "Formatting (cargo fmt --check)"
cargo fmt --all -- --check

log "Lints (cargo clippy, warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings

log "Tests (SQLite and PostgreSQL)"
cargo test --workspace --locked
