#!/usr/bin/env bash
# Measures the main pages of the release build on a large synthetic rollout.
#
#   bench/run.sh [SCALE]        SCALE synthetic projects (default 2100: ~100k checklist items,
#                               ~84k users, ~84k memberships), on SQLite in a temporary folder.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/erp_bench bench/run.sh   (on PostgreSQL;
#                               the database must exist and be empty)
#
# Environment: DURATION (default 15s), CONNS (default 16), THREADS (default 2), BIN (default: build
# and use target/release/erp-rollout).
# Prints requests/s and p50/p99 latency per page, peak RSS, cold start and seeding time.
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE="${1:-2100}"
DURATION="${DURATION:-15s}"
CONNS="${CONNS:-16}"
THREADS="${THREADS:-2}"
PORT="${PORT:-18181}"
BASE="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl; }
# BIN=/path/to/erp-rollout measures that binary instead (e.g. an older build kept aside, to compare).
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN="$PWD/target/release/erp-rollout"
fi

WORK="$(mktemp -d)"
trap 'kill "${PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export ERP_DATA_DIR="$WORK"
export RUST_LOG=warn

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -sr)"
echo "database: ${DATABASE_URL:-SQLite in $WORK}"
echo "scale: $SCALE synthetic projects"

t0=$(date +%s.%N)
"$BIN" seed --demo --scale "$SCALE" >/dev/null
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN{printf "seeding: %.1f s\n", b - a}'

t0=$(date +%s.%N)
"$BIN" serve --demo --bind "127.0.0.1:$PORT" >/dev/null 2>&1 &
PID=$!
until curl -sf "$BASE/healthz" >/dev/null; do sleep 0.01; done
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN{printf "cold start (launch to first healthy answer, data already migrated): %.0f ms\n", (b - a) * 1000}'

login() { # email -> cookie header
  local jar="$WORK/$1.jar" token
  token=$(curl -s -c "$jar" "$BASE/login" | grep -o 'name="csrf_token" value="[^"]*"' | cut -d'"' -f4)
  curl -s -b "$jar" -c "$jar" -o /dev/null -d "csrf_token=$token&email=$1&password=demo-rollout-2026" "$BASE/login"
  awk '$6 ~ /erp_/ {printf "%s=%s; ", $6, $7}' "$jar"
}
PM=$(login pm@demo.example)
ADMIN=$(login admin@demo.example)

# The demo project is the first one; a synthetic project from the middle of the table too.
MID=$(( SCALE / 2 + 2 ))

run() { # label cookie path
  local out
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -H "Cookie: $2" "$BASE$3")
  local rps p50 p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  p50=$(echo "$out" | awk '$1=="50%"{print $2}')
  p99=$(echo "$out" | awk '$1=="99%"{print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/{print $5}')
  printf '| %-38s | %9s | %8s | %8s | %s\n' "$1" "$rps" "$p50" "$p99" "${non2xx:+non-2xx: $non2xx}"
}

echo
echo "| page                                   |  req/s    |   p50    |   p99    |"
echo "|----------------------------------------|-----------|----------|----------|"
run "GET /healthz"                          ""       "/healthz"
run "GET /login (anonymous)"                ""       "/login"
run "GET /projects (PM, page 1 of ~85)"     "$PM"    "/projects"
run "GET /projects?q=…&sort=go_live&page=3" "$PM"    "/projects?q=rollout%2001&sort=go_live&page=3"
run "GET /projects/{id} (phase ladder)"     "$PM"    "/projects/$MID"
run "GET /projects/{id}/phases/{key}"       "$PM"    "/projects/$MID/phases/implementation"
run "GET /admin/users?q=… (~84k users)"     "$ADMIN" "/admin/users?q=emp01000"
run "GET /admin/users?page=2000"            "$ADMIN" "/admin/users?page=2000"
# Project 3 (the first synthetic one) holds the large selection: 20 products × 15 criteria ×
# 10 evaluators (3,000 scores) and 1,000 requirements × 20 products of fit (20,000 cells).
run "GET …/requirements?sort=priority&page=20" "$PM"  "/projects/3/requirements?sort=priority&page=20"
run "GET …/requirements?q=…&area=… (50 rows)" "$PM"   "/projects/$MID/requirements?q=requirement%2000&area=finance"
run "GET …/selection (20×15×10 overview)"   "$PM"    "/projects/3/selection"
run "GET …/selection/results (20×15×10)"    "$PM"    "/projects/3/selection/results"
run "GET …/selection/fit?page=10 (50×20)"   "$PM"    "/projects/3/selection/fit?page=10"
# …and a plan of 2,000 milestones with ~2,600 dependencies.
run "GET …/milestones?sort=due&page=40"     "$PM"    "/projects/3/milestones?sort=due&page=40"
run "GET …/schedule (2,000 milestones, CPM)" "$PM"   "/projects/3/schedule"
run "GET …/gantt?zoom=quarter (2,000 bars)" "$PM"    "/projects/3/gantt?zoom=quarter"
# …and 2,500 training sessions with 100,000 bookings.
run "GET …/training (upcoming, page 1)"     "$PM"    "/projects/3/training"
run "GET …/training?when=past&page=40"      "$PM"    "/projects/3/training?when=past&page=40"
run "GET …/training/{sid} (40 on roster)"   "$PM"    "/projects/3/training/1300"
run "GET …/training/coverage (100k bookings)" "$PM"  "/projects/3/training/coverage"
# …and 100,000 feedback items with three survey waves.
run "GET …/feedback (triage, page 1 of 4,000)" "$PM" "/projects/3/feedback"
run "GET …/feedback?status=new&page=200"    "$PM"    "/projects/3/feedback?status=new&page=200"
run "GET …/adoption (12 months, 100k items)" "$PM"   "/projects/3/adoption"
run "GET …/surveys (3 waves, SUS and eNPS)"  "$PM"   "/projects/3/surveys"
# The home page and the warnings evaluate every rule over all of the above.
run "GET /projects/{id} (home, warnings card)" "$PM"   "/projects/3"
run "GET …/warnings (14 rules, live)"       "$PM"    "/projects/3/warnings"

echo
echo "peak RSS of the server: $(awk '/VmHWM/{print $2, $3}' /proc/$PID/status)"
# With SQLite's mmap each pooled connection maps the database file, and RSS counts those shared
# page-cache pages once per mapping; the private memory is RssAnon.
echo "private memory (RssAnon) at the end: $(awk '/RssAnon/{print $2, $3}' /proc/$PID/status); file-backed (RssFile): $(awk '/RssFile/{print $2, $3}' /proc/$PID/status)"
