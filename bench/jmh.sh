#!/usr/bin/env bash
# JMH benchmarks of the store adapters, SQLite and PostgreSQL, without HTTP (issue 5; docs/jmh.md).
#
#   bench/jmh.sh [--quick] [JMH arguments...]
#
#   (default)  JMH settings from the annotations: 1 fork, 2 x 5 s warm-up, 5 x 5 s measurement
#              per benchmark and database (~17 min)
#   --quick    1 fork, 1 x 3 s warm-up, 3 x 3 s measurement (~12 min)
#   JMH arguments are passed on after those, e.g. a benchmark regexp (StoreBenchmark.get),
#   -p database=postgresql, -p files=20000, -prof gc, -prof jfr, -lprof to list profilers.
#
# It is one Maven command, which this script only wraps:
#   ./mvnw -B -Pjmh -Djmh.args="<args> -rf json -rff bench/results/jmh-<timestamp>.json"
# Results: JMH's table on stdout and bench/results/jmh-<UTC timestamp>.json.
#
# Needs Java 17+ and a PostgreSQL server: BENCH_POSTGRES_URL in the environment
# (default postgresql://postgres@127.0.0.1:5432/bench_jmh). The database named there is dropped
# and re-created for every PostgreSQL trial, and dropped at the end. SQLite files go to
# target/jmh-data/ and are deleted after each trial.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
ARGS=()
if [ "${1:-}" = "--quick" ]; then
  ARGS+=(-f 1 -wi 1 -w 3s -i 3 -r 3s)
  shift
elif [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,19p' "$0"
  exit 0
fi
ARGS+=("$@")

mkdir -p "$BENCH/results"
OUT="$BENCH/results/jmh-$(date -u +%Y%m%dT%H%M%SZ).json"

# A trial that fails skips its tear-down; drop the PostgreSQL database anyway (best effort).
drop_db() {
  local url="${BENCH_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/bench_jmh}"
  local db="${url##*/}"; db="${db%%\?*}"
  if command -v psql >/dev/null && [ "$db" != postgres ]; then
    psql "${url%/*}/postgres" -qX -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
}
trap drop_db EXIT

cd "$ROOT"
# jmh.args is split on white space, so no argument may contain one.
for a in "${ARGS[@]}"; do
  case "$a" in *[[:space:]]*) echo "jmh.sh: arguments must not contain white space: '$a'" >&2; exit 2 ;; esac
done
./mvnw -B -q -Pjmh "-Djmh.args=${ARGS[*]} -rf json -rff $OUT"
echo "results: ${OUT#"$ROOT"/}"
