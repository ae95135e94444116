#!/usr/bin/env bash
# Runs every Lander test: formatting, lints, unit, storage (SQLite and PostgreSQL), HTTP, CLI,
# e-mail (a real SMTP server), OpenID Connect (a real provider) and browser (Debian's Chromium)
# tests, and the browser app's type check and unit tests. Installs and starts what the tests need
# when it is missing (PostgreSQL, aiosmtpd, Chromium, the npm packages of the browser app, of the
# test provider and of playwright-core), so it works on a fresh Debian machine with the Rust
# toolchain and Node.js. Usage: bash scripts/test.sh
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

# npm projects the tests run from: a real OpenID provider (npm oidc-provider) and
# playwright-core, which drives Debian's Chromium through Lander's screens.
OIDC_PROVIDER_DIR=crates/lander-server/tests/support/oidc
BROWSER_TEST_DIR=crates/lander-server/tests/support/browser

npm_ci() {
  local dir="$1" what="$2"
  if ! command -v npm >/dev/null; then
    echo "npm is missing: $what needs Node.js (>= 20.19) and npm (e.g. apt-get install nodejs npm)." >&2
    exit 1
  fi
  # npm writes node_modules/.package-lock.json on every install: older than the lockfile (or
  # missing) means the installed packages are stale.
  local stamp="$dir/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
    log "Installing $what (npm ci in $dir)"
    npm ci --prefix "$dir" --no-audit --no-fund
  else
    echo "$what installed in $dir/node_modules"
  fi
}

ensure_oidc_provider() {
  npm_ci "$OIDC_PROVIDER_DIR" "the test OpenID provider"
}

ensure_browser() {
  if [ ! -x /usr/bin/chromium ]; then
    log "Installing Chromium (Debian) for the browser tests"
    apt_install chromium
  fi
  echo "Chromium: $(/usr/bin/chromium --version 2>/dev/null || echo unknown)"
  npm_ci "$BROWSER_TEST_DIR" "playwright-core (browser tests)"
}

# The browser app (web/): cargo builds and embeds it (crates/lander-web/build.rs runs npm too);
# its type check and unit tests (Vitest) run here.
WEB_DIR=web

ensure_web() {
  npm_ci "$WEB_DIR" "the browser app's npm packages"
}

ensure_aiosmtpd() {
  # The mail tests start their own SMTP server: tests/support/smtp_sink.py, on Python's aiosmtpd.
  if python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
    echo "aiosmtpd is installed (SMTP sink for the mail tests)"
    return
  fi
  log "Installing aiosmtpd (SMTP sink for the mail tests)"
  if ! python3 -m pip install --quiet aiosmtpd; then
    # Debian's own Python refuses pip installs (PEP 668) and may lack pip: use its package.
    if [ "$(command -v python3)" = /usr/bin/python3 ] && command -v apt-get >/dev/null; then
      apt_install python3-aiosmtpd
    fi
  fi
  if ! python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
    echo "Cannot install aiosmtpd; the mail tests need it: python3 -m pip install aiosmtpd" >&2
    exit 1
  fi
}

log "Checking services"
ensure_postgres
ensure_aiosmtpd
ensure_oidc_provider
ensure_browser
ensure_web

log "Browser app: type check and unit tests (tsc, Vitest)"
npm run typecheck --prefix "$WEB_DIR"
npm test --prefix "$WEB_DIR" -- --passWithNoTests

log "Formatting (cargo fmt --check)"
cargo fmt --all -- --check

log "Lints (cargo clippy, warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings

log "Tests (SQLite and PostgreSQL)"
cargo test --workspace --locked
