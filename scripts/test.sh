#!/usr/bin/env bash
# npm test: installs what is missing, builds, type-checks, lints, then runs every workspace's tests against real
# engines (mongo-java-server, NATS, Redis) that the jest harness starts and stops. Exits non-zero if anything failed, and
# fails if an engine process started during the run is still alive at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n==> %s\n' "$*"; }
# The MongoDB engine is a java process: matched by its main class, not by its command name.
engine_pids() {
  ps -eo pid=,args= | awk '$2 ~ /(^|\/)(nats-server|redis-server)/ || /dev\.ticketing\.mongo\.MongoEngine/ {print $1}' | sort -u
}

step "npm packages"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || exit 1
else
  echo "    up to date"
fi

step "build (tsc -b)"
npx tsc -b || exit 1

step "engines (mongo-java-server 1.46.0, nats-server v2.11.16, redis-server)"
node scripts/ensure-engines.js || exit 1

# DESIGN §6: the store rests on the engine applying each single-document operation atomically. Checked first, on
# whatever engine the run uses (the local one, or TEST_MONGO_URI); a broken property stops the run here.
step "engine contract (DESIGN §6)"
if ! npx jest -c infra/local/jest.config.js --ci test/engine-contract.test.ts; then
  printf '\nFAILED: the database engine breaks the contract above; no further tests run on it.\n'
  exit 1
fi

step "test tools (stripe-mock v0.203.0, actionlint v1.7.12, chromium)"
# stripe-mock checks our Stripe requests against Stripe's OpenAPI (infra/stripe-fake parity test), actionlint the CI
# workflows: both from the Go module proxy. Debian's chromium drives the browser tests (never a downloaded browser).
bash scripts/install-test-tools.sh || exit 1
echo "    ok"

step "client build (next build)"
npm run build -w @ticketing/client || exit 1

before=$(engine_pids | sort -u)
failed=()

step "typecheck (tests and client)"
npx tsc -p tsconfig.test.json || failed+=("typecheck:tests")
npm run typecheck -w @ticketing/client || failed+=("typecheck:client")

step "lint (eslint, prettier)"
npx eslint . --max-warnings=0 || failed+=("eslint")
npx prettier --check . >/dev/null || { npx prettier --list-different .; failed+=("prettier"); }

# Every workflow and the local actions they use (DESIGN §15); GitHub itself is not reached.
step "CI workflows (actionlint)"
"$(bash scripts/install-test-tools.sh --actionlint-path)" || failed+=("actionlint")

workspaces=(common testing infra/local infra/stripe-fake infra/k8s auth tickets orders expiration payments client tools e2e)
for ws in "${workspaces[@]}"; do
  [ -f "$ws/jest.config.js" ] || continue
  step "tests: $ws"
  npx jest -c "$ws/jest.config.js" --ci || failed+=("tests:$ws")
done

step "no engine process left behind"
sleep 1
after=$(engine_pids | sort -u)
leftover=$(comm -13 <(echo "$before") <(echo "$after") | grep -v '^$' || true)
if [ -n "$leftover" ]; then
  echo "    still running after the tests:"; ps -o pid,cmd -p $(echo $leftover | tr '\n' ' ')
  failed+=("leftover-engines")
else
  echo "    none (engine processes before: $(echo $before | wc -w), after: $(echo $after | wc -w))"
fi

if [ ${#failed[@]} -gt 0 ]; then
  printf '\nFAILED: %s\n' "${failed[*]}"
  exit 1
fi
printf '\nAll checks passed.\n'
