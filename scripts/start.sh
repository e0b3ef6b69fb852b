#!/usr/bin/env bash
# npm start: installs what is missing, builds what is stale, then runs Ticketing on this machine until Ctrl-C
# (DESIGN §9). No prompts: it runs the same without a terminal. Arguments go to the launcher (`npm start -- --fresh`).
# Settings (GATEWAY_PORT, DATA_DIR, EXPIRATION_WINDOW_SECONDS…): `npm start -- --help`.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '==> %s\n' "$*" >&2; }

for arg in "$@"; do
  if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then
    [ -f infra/local/dist/start/cli.js ] || npx tsc -b infra/local
    exec node infra/local/dist/start/cli.js --help
  fi
done

# Already running from this data dir: build nothing under the running system (next build would replace the client's
# files while it serves them); the launcher says it is running, with its PID and URL, and exits 1.
lock_file="${DATA_DIR:-.data}/ticketing.pid"
if [ -f "$lock_file" ] && [ -f infra/local/dist/start/cli.js ]; then
  running_pid=$(sed -n 's/.*"pid":\([0-9]*\).*/\1/p' "$lock_file")
  if [ -n "$running_pid" ] && kill -0 "$running_pid" 2>/dev/null; then
    exec node infra/local/dist/start/cli.js "$@"
  fi
fi

# npm packages: installed when missing, or when package-lock.json changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund >&2
fi

step "building (tsc -b)"
npx tsc -b >&2

# mongo-java-server 1.46.0 (Maven), nats-server v2.11.16 (go install), redis-server and nginx (apt-get): only when
# missing.
step "checking the engines (MongoDB engine, NATS, Redis)"
node scripts/ensure-engines.js >&2

# The client: rebuilt when there is no build, or when a source is newer than the last one.
client_stale() {
  [ -f client/.next/BUILD_ID ] || return 0
  [ -n "$(find client/app client/src client/public client/next.config.ts client/package.json client/tsconfig.json \
    -newer client/.next/BUILD_ID -print -quit 2>/dev/null)" ]
}
if client_stale; then
  step "building the client (next build, 1-2 minutes)"
  npm run build -w @ticketing/client >&2
fi

step "starting"
# exec: node replaces this shell, so a signal sent to this PID (or a terminal's Ctrl-C) reaches it directly.
exec node infra/local/dist/start/cli.js "$@"
