#!/usr/bin/env bash
# The test tools `npm test` needs besides the engines (which the jest harness installs itself), each installed only when
# missing or of another version; the CI workflows call this too, so that one place pins each version:
#   stripe-mock v0.203.0  Stripe's mock, for infra/stripe-fake's parity test (go install from the Go module proxy)
#   actionlint v1.7.12    checks the GitHub Actions workflows (go install from the Go module proxy)
#   chromium              the browser tests and the flow map's SVG (Debian's /usr/bin/chromium, never a downloaded one)
# Usage: scripts/install-test-tools.sh [stripe-mock] [actionlint] [chromium]   (no argument: all three)
# `--actionlint-path` prints where actionlint is (after installing it when needed) and nothing else on stdout.
set -uo pipefail

STRIPE_MOCK_VERSION=v0.203.0
ACTIONLINT_VERSION=v1.7.12

gobin() { echo "${GOBIN:-$(go env GOPATH)/bin}"; }

# GOTOOLCHAIN=local: a version that asks for a newer Go fails here instead of downloading a toolchain.
go_install() { GOTOOLCHAIN=local GOFLAGS=-mod=mod go install "$1" >&2; }

install_stripe_mock() {
  if command -v stripe-mock >/dev/null || [ -x "$(gobin)/stripe-mock" ]; then return 0; fi
  echo "    installing stripe-mock $STRIPE_MOCK_VERSION with go install" >&2
  go_install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION"
}

# `actionlint -version` prints the version on its first line; an actionlint of another version on PATH is not used.
actionlint_at_version() { [ -x "$1" ] && [ "$("$1" -version 2>/dev/null | head -n 1)" = "$ACTIONLINT_VERSION" ]; }

install_actionlint() {
  local bin
  bin="$(gobin)/actionlint"
  if ! actionlint_at_version "$bin"; then
    echo "    installing actionlint $ACTIONLINT_VERSION with go install" >&2
    go_install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" || return 1
    actionlint_at_version "$bin" || { echo "    $bin does not report $ACTIONLINT_VERSION" >&2; return 1; }
  fi
  ACTIONLINT_BIN="$bin"
}

install_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  echo "    installing chromium with apt-get" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
}

if [ "${1:-}" = "--actionlint-path" ]; then
  install_actionlint || exit 1
  echo "$ACTIONLINT_BIN"
  exit 0
fi

tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=(stripe-mock actionlint chromium)
for tool in "${tools[@]}"; do
  case "$tool" in
    stripe-mock) install_stripe_mock || exit 1 ;;
    actionlint) install_actionlint || exit 1 ;;
    chromium) install_chromium || exit 1 ;;
    *) echo "unknown tool: $tool (stripe-mock, actionlint, chromium)" >&2; exit 2 ;;
  esac
done
