#!/usr/bin/env bash
# GuestAccess build entry point. Two verbs matter to a newcomer (see README.md):
#   ./build.sh run    build and run the whole system on the embedded default
#   ./build.sh test   install what the tests need, check formatting, build, run every test project
# Other verbs: build, format, deps.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
CONFIG="${CONFIGURATION:-Release}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

need_dotnet() {
  command -v dotnet >/dev/null 2>&1 || { echo "The .NET 10 SDK is required: https://dot.net" >&2; exit 1; }
}

# System packages the test suites talk to (real peers, real browser, real databases).
APT_PACKAGES=(mosquitto mosquitto-clients python3-paho-mqtt python3-yaml chromium postgresql)

deps() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # A package installed as a dependency may start its service; tests run their own instances.
  for svc in mosquitto postgresql; do
    if command -v systemctl >/dev/null 2>&1; then systemctl stop "$svc" >/dev/null 2>&1 || true; fi
    if command -v service >/dev/null 2>&1; then service "$svc" stop >/dev/null 2>&1 || true; fi
  done
  # npm packages used by interop tests and the web UI build (package.json files in the repo).
  while IFS= read -r pkgjson; do
    local dir; dir="$(dirname "$pkgjson")"
    if [ ! -d "$dir/node_modules" ] || [ "$pkgjson" -nt "$dir/node_modules" ]; then
      log "npm install in ${dir#"$ROOT"/}"
      (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null && touch node_modules)
    fi
  done < <(find "$ROOT/src" "$ROOT/tests" -name package.json -not -path '*/node_modules/*' 2>/dev/null)
}

build() {
  need_dotnet
  log "dotnet build ($CONFIG)"
  dotnet build GuestAccess.sln -c "$CONFIG" -nologo -clp:ErrorsOnly -warnaserror
}

format_check() {
  log "dotnet format --verify-no-changes"
  dotnet format GuestAccess.sln --verify-no-changes --no-restore -v quiet
}

run() {
  need_dotnet
  build
  # The embedded default: SQLite under ./data, demo accounts (Development), http://localhost:8080,
  # the MQTT broker on 127.0.0.1:1883 — and the simulator with every seeded lock, started once the
  # server has written its development provisioning bundle. --no-simulator runs the server alone.
  local simulate=1 args=() data="data"
  for arg in "$@"; do
    case "$arg" in
      --no-simulator) simulate=0 ;;
      --Storage:DataDirectory=*) data="${arg#*=}"; args+=("$arg") ;;
      *) args+=("$arg") ;;
    esac
  done
  local bundle="$data/simulator/provisioning.json" marker
  mkdir -p "$data"; marker="$(mktemp "$data/.run-XXXXXX")"
  log "starting GuestAccess on the embedded default (Ctrl+C stops everything)"
  dotnet "src/GuestAccess.Server/bin/$CONFIG/net10.0/GuestAccess.Server.dll" serve --environment Development ${args[@]+"${args[@]}"} &
  local server=$! sim=""
  stop_all() {
    trap - INT TERM
    # SIGTERM: background jobs of a script ignore SIGINT; both programs shut down gracefully on TERM.
    [ -n "$sim" ] && kill -TERM "$sim" 2>/dev/null
    kill -TERM "$server" 2>/dev/null
    wait 2>/dev/null
    rm -f "$marker"
  }
  trap 'stop_all; exit 130' INT TERM
  if [ "$simulate" = 1 ]; then
    # The bundle is written when the broker is up; a fresh one is newer than our marker.
    until [ "$bundle" -nt "$marker" ] || ! kill -0 "$server" 2>/dev/null; do sleep 0.2; done
    if kill -0 "$server" 2>/dev/null; then
      log "starting the lock simulator with every seeded lock ($bundle)"
      dotnet "firmware-sim/bin/$CONFIG/net10.0/guestaccess-sim.dll" run --provisioning "$bundle" --state-dir "$data/simulator/state" &
      sim=$!
    fi
  fi
  local rc=0
  wait "$server" || rc=$?
  stop_all
  return "$rc"
}

# Runs one test project (extra arguments go to dotnet test) and adds its counts to passed/failed.
run_test_project() {
  local name="$1" proj="$2"; shift 2
  log "test $name"
  local start=$SECONDS rc=0
  dotnet test "$proj" -c "$CONFIG" --no-build --nologo "$@" \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=minimal" -- RunConfiguration.TestSessionTimeout=1500000 || rc=$?
  local trx="$results/$name.trx" p=0 f=0
  if [ -f "$trx" ]; then
    p=$(grep -o '<Counters [^>]*' "$trx" | sed -E 's/.* passed="([0-9]+)".*/\1/')
    f=$(grep -o '<Counters [^>]*' "$trx" | sed -E 's/.* failed="([0-9]+)".*/\1/')
  fi
  # A crashed or aborted test host counts as a failure even if it reported none.
  if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then f=1; fi
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  echo "$name: ${p:-0} passed, ${f:-0} failed ($((SECONDS - start)) s)"
}

# The server's integration tests a second time with every test server on PostgreSQL: a throwaway
# cluster (initdb + pg_ctl in a temp directory, Unix socket only, as the postgres user when run as
# root) started by the tests themselves and removed when they end. The subset is what touches the
# database: persistence and migrations, bookings and keys (the race), audit (writer, ingestion,
# verification, retention, crashes), grants, the API and site administration; identity, seeding and CLI tests run on
# SQLite only. PostgreSQL-only tests (schema vs model, advisory locks) run in both passes.
PG_TEST_FILTER='FullyQualifiedName~.Persistence.|FullyQualifiedName~.Bookings.|FullyQualifiedName~.Grants.|FullyQualifiedName~.Audit.|FullyQualifiedName~.Api.|FullyQualifiedName~.Administration.'

test_all() {
  need_dotnet
  deps
  local passed=0 failed=0 results="$ROOT/artifacts/test-results"
  rm -rf "$results"; mkdir -p "$results"
  build
  if ! format_check; then
    echo "formatting: FAILED (run ./build.sh format)"; failed=$((failed + 1))
  fi
  local projects; mapfile -t projects < <(find tests -name '*.csproj' -not -path '*/node_modules/*' | sort)
  for proj in "${projects[@]}"; do
    grep -q '<IsTestProject>true</IsTestProject>' "$proj" || continue
    run_test_project "$(basename "$proj" .csproj)" "$proj"
  done
  GUESTACCESS_TEST_PROVIDER=PostgreSql run_test_project GuestAccess.Server.IntegrationTests.PostgreSql \
    tests/GuestAccess.Server.IntegrationTests/GuestAccess.Server.IntegrationTests.csproj --filter "$PG_TEST_FILTER"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

case "${1:-}" in
  run) shift; run "$@" ;;
  test) test_all ;;
  build) build ;;
  deps) deps ;;
  format) need_dotnet; dotnet format GuestAccess.sln ;;
  *) echo "usage: ./build.sh run|test|build|deps|format" >&2; exit 2 ;;
esac
