#!/usr/bin/env bash
# npm test: installs what is missing, builds, type-checks, lints, then runs every workspace's tests against real
# engines (mongo-java-server, NATS, Redis) that the jest harness starts and stops. Exits non-zero if anything failed, and
# fails if an engine process started during the run is still alive at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

# Each step's wall time, kept for the summary at the end ("where the time went", issue 29).
timings=()
step_name=""
step_started=$SECONDS
end_step() {
  [ -n "$step_name" ] && timings+=("$((SECONDS - step_started))"$'\t'"$step_name")
  step_name=""
}
step() {
  end_step
  step_name="$*"
  step_started=$SECONDS
  printf '\n==> %s\n' "$*"
}
print_timings() {
  end_step
  printf '\n==> where the time went (seconds of wall time, %s in all)\n' "$SECONDS"
  printf '%s\n' "${timings[@]}" | sort -rn | awk -F'\t' '{ printf "    %5d  %s\n", $1, $2 }'
}
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

# The fault tests that mostly wait on purpose (a database engine frozen for 150 s, with its own whole system; NATS
# frozen for 60 s and a cluster node killed, on orders' own engines) run beside the other workspaces' tests, one after
# the other, rather than after them: each jest run has its own engines and ports (e2e/test/support/system.ts), and
# they are waited for before the e2e step, so nothing runs beside the browser tests. Entries are <workspace>:<path>.
long_lane=(e2e:test/faults/database-freeze.test.ts orders:test/faults)
lane_log=$(mktemp)
step "tests: started beside the others: ${long_lane[*]}"
(
  status=0
  for entry in "${long_lane[@]}"; do
    printf '\n==> tests beside the others: %s\n' "$entry"
    npx jest -c "${entry%%:*}/jest.config.js" --ci "${entry#*:}" || status=1
  done
  exit $status
) >"$lane_log" 2>&1 &
lane_pid=$!

# The lane's paths of workspace $1, as --testPathIgnorePatterns arguments for its own run.
lane_ignores() {
  local entry
  for entry in "${long_lane[@]}"; do
    [ "${entry%%:*}" = "$1" ] && printf '%s\n' --testPathIgnorePatterns "${entry#*:}"
  done
}

workspaces=(common testing infra/local infra/stripe-fake infra/k8s auth tickets orders expiration payments queue client tools e2e)
for ws in "${workspaces[@]}"; do
  [ -f "$ws/jest.config.js" ] || continue
  if [ "$ws" = e2e ]; then
    step "tests: waiting for ${long_lane[*]}"
    if wait "$lane_pid"; then lane_ok=1; else lane_ok=0; fi
    cat "$lane_log"
    [ "$lane_ok" = 1 ] || failed+=("tests:${long_lane[*]}")
    rm -f "$lane_log"
  fi
  step "tests: $ws"
  mapfile -t ignores < <(lane_ignores "$ws")
  npx jest -c "$ws/jest.config.js" --ci "${ignores[@]}" || failed+=("tests:$ws")
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

print_timings
if [ ${#failed[@]} -gt 0 ]; then
  printf '\nFAILED: %s\n' "${failed[*]}"
  exit 1
fi
printf '\nAll checks passed.\n'
