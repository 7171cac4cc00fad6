#!/usr/bin/env bash
# Metastore benchmark: one entry point (issue 5).
#
#   bench/run.sh [--quick | --smoke] [--build] [--keep] [--only postgresql|sqlite]
#
#   (default)  full run: 1M files, 30 s per scenario, 1/16/64 connections
#   --quick    100k files, 5 s per scenario, 1/16/64 connections (~7 min)
#   --smoke    2k files, 1 s per scenario, 1 connection: proves the harness works (CI, < 1 min)
#   --build    build the service first (./mvnw package); otherwise target/quarkus-app is used
#              (built if missing). The app is copied to a private directory before it runs.
#   --keep     keep the work directory (databases, logs) under /tmp
#   --only DB  run one database only
#
# For each database (PostgreSQL, then SQLite) it seeds a dataset directly in SQL, measures the raw
# database doing the service's SQL (pgbench / a JDBC loop), starts the packaged service, drives it
# with wrk (bench/wrk/*.lua), and records start-up time and RSS. Results: a table on stdout,
# bench/results/<timestamp>-<mode>.json and bench/results/latest.md (latest-smoke.md for --smoke).
#
# Exit status: 0 when everything ran and every response was 2xx; 1 when a scenario saw non-2xx,
# invalid responses or socket errors/timeouts; 2 when set-up failed (the service did not start,
# seeding failed, a tool is missing). Missed performance goals do not change the exit status.
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PGPASSWORD (optional),
# BENCH_PORT_BASE (18090; ports 18090-18099 are used).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
MODE=full
BUILD=0
KEEP=0
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) MODE=quick ;;
    --smoke) MODE=smoke ;;
    --full) MODE=full ;;
    --build) BUILD=1 ;;
    --keep) KEEP=1 ;;
    --only) ONLY="$2"; shift ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

case "$MODE" in
  full)  N=1000000; DUR=30; BATCH_DUR=30; WARM=5; CONNS="1 16 64"; STARTS=5 ;;
  quick) N=100000;  DUR=5;  BATCH_DUR=10; WARM=2; CONNS="1 16 64"; STARTS=3 ;;
  smoke) N=2000;    DUR=1;  BATCH_DUR=3;  WARM=0; CONNS="1";       STARTS=1 ;;
esac
FILES_PER_DIR=200
LEAVES=$(( (N + FILES_PER_DIR - 1) / FILES_PER_DIR ))
SCENARIOS="get list query put_create put_replace batch_put"
RAW_PG_OPS="get list query query_custom put_create put_replace batch_put"
RAW_SQLITE_OPS="get,list,query,put_create,put_replace,batch_put"

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
PORT_BASE="${BENCH_PORT_BASE:-18090}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$BENCH/results"
PGDB="bench_metastore_$$"
WORK="$(mktemp -d /tmp/metastore-bench.XXXXXX)"
ROWS="$WORK/rows.jsonl"       # one JSON object per measurement
META="$WORK/meta.json"        # everything else (machine, start-up, RSS, plans, ...)
FAILURES="$WORK/failures.txt" # one line per failed scenario
APP_PID=""
PG_CREATED=0
PG_STARTED_BY_US=0
T_START=$(date +%s)
mkdir -p "$RESULTS"
: > "$ROWS"; : > "$FAILURES"; echo '{}' > "$META"

log() { printf '%s [bench] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FATAL: $*"; exit 2; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# ------------------------------------------------------------------ clean-up (trap)

stop_app() {
  [ -n "$APP_PID" ] || return 0
  if kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$APP_PID" 2>/dev/null; then
      log "service $APP_PID did not stop in 10 s; killing it"
      kill -KILL "$APP_PID" 2>/dev/null || true
    fi
  fi
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_app
  if [ "$PG_CREATED" = 1 ]; then
    psql -q -d postgres -c "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null 2>&1 \
      || log "could not drop database $PGDB"
  fi
  if [ "$PG_STARTED_BY_US" = 1 ]; then
    pg_ctlcluster --skip-systemctl-redirect "$PG_CLUSTER_VERSION" main stop >/dev/null 2>&1 || true
  fi
  if [ "$rc" -ne 0 ] && [ -d "$WORK" ]; then
    local keep="$RESULTS/failed-$STAMP"
    mkdir -p "$keep"
    cp "$WORK"/*.log "$WORK"/*.out "$ROWS" "$META" "$keep"/ 2>/dev/null || true
    log "logs kept in $keep"
  fi
  if [ "$KEEP" = 1 ]; then
    log "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------ tools

need_pkgs=()
command -v wrk >/dev/null || need_pkgs+=(wrk)
command -v jq >/dev/null || need_pkgs+=(jq)
command -v sqlite3 >/dev/null || need_pkgs+=(sqlite3)
command -v curl >/dev/null || need_pkgs+=(curl)
command -v pgbench >/dev/null || need_pkgs+=(postgresql-client)
command -v psql >/dev/null || need_pkgs+=(postgresql-client)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  log "installing ${need_pkgs[*]}"
  $SUDO apt-get update -qq >/dev/null && \
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}" >/dev/null \
    || die "could not install ${need_pkgs[*]}"
fi
command -v java >/dev/null || die "java (17+) is required"

meta_set() { # meta_set '<jq path>' <json value>
  jq --argjson v "$2" "$1 = \$v" "$META" > "$META.tmp" && mv "$META.tmp" "$META"
}
meta_str() { meta_set "$1" "$(jq -Rn --arg s "$2" '$s')"; }

# ------------------------------------------------------------------ the service

if [ "$BUILD" = 1 ] || [ ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]; then
  log "building the service (./mvnw -B -q package -Dmaven.test.skip=true)"
  (cd "$ROOT" && ./mvnw -B -q package -Dmaven.test.skip=true) > "$WORK/build.log" 2>&1 \
    || { tail -30 "$WORK/build.log" >&2; die "build failed"; }
fi
cp -r "$ROOT/target/quarkus-app" "$WORK/app"
APP_JAR="$WORK/app/quarkus-run.jar"
SQLITE_JAR="$(ls "$WORK"/app/lib/main/org.xerial.sqlite-jdbc-*.jar 2>/dev/null | head -1)"
[ -n "$SQLITE_JAR" ] || die "sqlite-jdbc jar not found in target/quarkus-app/lib/main"

free_port() {
  local p
  for p in $(seq "$PORT_BASE" $(( PORT_BASE + 9 ))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "no free port in $PORT_BASE-$(( PORT_BASE + 9 ))"
}

# start_app <database url> <log file>: sets APP_PID, PORT, STARTUP_MS; dies when not ready in 90 s.
start_app() {
  PORT="$(free_port)"
  local t0 deadline
  t0=$(now_ms)
  DATABASE_URL="$1" PORT="$PORT" java -jar "$APP_JAR" > "$2" 2>&1 &
  APP_PID=$!
  deadline=$(( t0 + 90000 ))
  while :; do
    if curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/q/health/ready"; then break; fi
    if ! kill -0 "$APP_PID" 2>/dev/null; then
      tail -40 "$2" >&2; APP_PID=""; die "the service exited during start-up (log: $2)"
    fi
    if [ "$(now_ms)" -gt "$deadline" ]; then
      tail -40 "$2" >&2; die "the service was not ready within 90 s (log: $2)"
    fi
    sleep 0.02
  done
  STARTUP_MS=$(( $(now_ms) - t0 ))
  log "service ready on :$PORT in ${STARTUP_MS} ms (pid $APP_PID)"
}

# start_samples <db> <url> <log>: STARTS start/stop cycles on the seeded database, then a last start
# that stays up for the load; records every start-up time and their median.
start_samples() {
  local db="$1" url="$2" log="$3" samples=() i
  for i in $(seq 2 "$STARTS"); do
    start_app "$url" "$log"
    samples+=("$STARTUP_MS")
    stop_app
  done
  start_app "$url" "$log"
  samples+=("$STARTUP_MS")
  meta_set ".\"$db\".startup_samples_ms" "$(printf '%s\n' "${samples[@]}" | jq -s -c .)"
  STARTUP_MS="$(printf '%s\n' "${samples[@]}" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')"
}

rss_mib() { awk -v k="$2:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# ------------------------------------------------------------------ measurements

fail() { echo "$*" >> "$FAILURES"; log "FAILED: $*"; }

# drain <label>: wrk drops the requests still in flight when its time is up, but the service keeps
# working on them (e.g. queued batch writes). Wait until a small PUT and a GET of a probe file
# answer within 100 ms twice in a row (at most 180 s), so the next scenario starts on an idle
# service. Sets DRAIN_S (seconds waited).
drain() {
  local t0 ok=0 t ms
  t0=$(now_ms)
  while [ $ok -lt 2 ]; do
    t=$(now_ms)
    curl -sf -o /dev/null --max-time 60 -X PUT -H 'Content-Type: application/json' \
      -d '{"backend":"probe","physicalPath":"probe","size":1}' "http://127.0.0.1:$PORT/api/v1/files/bench-probe/probe.json" \
      && curl -sf -o /dev/null --max-time 60 "http://127.0.0.1:$PORT/api/v1/files/bench-probe/probe.json" || true
    ms=$(( $(now_ms) - t ))
    if [ "$ms" -lt 100 ]; then ok=$(( ok + 1 )); else ok=0; sleep 0.2; fi
    if [ $(( $(now_ms) - t0 )) -gt 180000 ]; then fail "$1: the service was still busy 180 s after the load stopped"; break; fi
  done
  DRAIN_S="$(( ($(now_ms) - t0) / 100 ))e-1"
  [ "$(( $(now_ms) - t0 ))" -lt 2000 ] || log "$1: the service needed $(( ($(now_ms) - t0) / 1000 )) s to finish what wrk left in flight"
}

# wrk_run <db> <scenario> <conns> <seconds> <record:1|0>
wrk_run() {
  local db="$1" scen="$2" c="$3" secs="$4" record="$5" t out line
  t=$(( c < 2 ? c : 2 ))
  out="$WORK/wrk-$db-$scen-$c-$record.out"
  BENCH_WRK_DIR="$BENCH/wrk" wrk -t "$t" -c "$c" -d "${secs}s" --timeout 30s \
    -s "$BENCH/wrk/$scen.lua" "http://127.0.0.1:$PORT" -- "$N" "${db:0:2}$c$record$RANDOM" > "$out" 2>&1 || true
  drain "$db $scen c=$c"
  line="$(sed -n 's/^BENCH_JSON //p' "$out" | tail -1)"
  line="$(jq -c --argjson d "$DRAIN_S" '. + {drain_s: $d}' <<<"$line" 2>/dev/null || echo "$line")"
  if [ -z "$line" ] || ! jq -e . >/dev/null 2>&1 <<<"$line"; then
    cat "$out" >&2
    fail "$db $scen c=$c: wrk produced no result"
    return 0
  fi
  [ "$record" = 1 ] || return 0
  jq -c --arg db "$db" --arg op "$scen" --argjson c "$c" \
    '{db: $db, kind: "app", tool: "wrk", op: $op, conns: $c} + .' <<<"$line" >> "$ROWS"
  local bad
  bad="$(jq -r '[.non2xx, .invalid, .errors.connect, .errors.read, .errors.write, .errors.timeout] | add' <<<"$line")"
  if [ "$bad" != 0 ]; then
    fail "$db $scen c=$c: $(jq -c '{non2xx, invalid, errors, samples}' <<<"$line")"
  elif [ "$(jq -r .requests <<<"$line")" = 0 ]; then
    fail "$db $scen c=$c: no request completed within ${secs} s"
  fi
  log "$(jq -r --arg s "$db $scen c=$c" '"\($s): \(.rps|floor) req/s, p50 \(.latency_ms.p50) ms, p99 \(.latency_ms.p99) ms, non2xx \(.non2xx)"' <<<"$line")"
}

# pgbench_run <op> <conns> <seconds> [query mode]
pgbench_run() {
  local op="$1" c="$2" secs="$3" mode="${4:-prepared}" script="$1" j out logdir tps p50 p99 failed
  [ "$op" = query_custom ] && script=query
  j=$(( c < 2 ? c : 2 ))
  out="$WORK/pgbench-$op-$c.out"
  logdir="$WORK/pgblog-$op-$c"; mkdir -p "$logdir"
  if ! pgbench -n -f "$BENCH/pgbench/$script.sql" -D n="$N" -D leaves="$LEAVES" -c "$c" -j "$j" -T "$secs" \
      -M "$mode" -l --log-prefix="$logdir/log" "$PGDB" > "$out" 2>&1; then
    tail -20 "$out" >&2
    fail "postgresql raw $op c=$c: pgbench failed"
    return 0
  fi
  tps="$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$out")"
  failed="$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out")"
  # Per-transaction log: client, tx no, latency (us), script, epoch s, us.
  read -r p50 p99 < <(cat "$logdir"/log* | awk '{print $3}' | sort -n | awk '
    { v[NR] = $1 } END { if (NR == 0) { print 0, 0; exit }
      i50 = int(NR * 0.50 + 0.999999); i99 = int(NR * 0.99 + 0.999999);
      printf "%.3f %.3f\n", v[i50] / 1000, v[i99] / 1000 }')
  rm -rf "$logdir"
  jq -nc --arg op "$op" --argjson c "$c" --argjson rate "${tps:-0}" --argjson p50 "$p50" --argjson p99 "$p99" \
    --arg mode "$mode" --argjson failed "${failed:-0}" \
    '{db: "postgresql", kind: "raw", tool: "pgbench -M \($mode)", op: $op, conns: $c, rate: $rate,
      p50_ms: $p50, p99_ms: $p99, failed: $failed}' >> "$ROWS"
  log "postgresql raw $op c=$c: ${tps%.*} tps, p50 $p50 ms, p99 $p99 ms"
}

# app_phase <db>: the service must be running; sanity checks, idle RSS, warm-up, scenarios, RSS.
app_phase() {
  local db="$1" log="$2" stats files
  sleep "$([ "$MODE" = smoke ] && echo 1 || echo 2)"
  meta_set ".\"$db\".rss_idle_mib" "$(rss_mib "$APP_PID" VmRSS)"
  stats="$(curl -sf "http://127.0.0.1:$PORT/api/v1/stats")" || die "$db: GET /api/v1/stats failed"
  files="$(jq -r .files <<<"$stats")"
  meta_set ".\"$db\".stats_before" "$stats"
  [ "$files" = "$N" ] || die "$db: the service sees $files files, the seed wrote $N"
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/v1/files/tenant-00/projects/p00/dir00/file-0000000.pdf" \
    || die "$db: a seeded file is not readable through the service"
  if [ "$WARM" -gt 0 ]; then
    log "$db: warm-up, ${WARM} s per scenario at 16 connections"
    for s in $SCENARIOS; do wrk_run "$db" "$s" 16 "$WARM" 0; done
  fi
  for s in $SCENARIOS; do
    # A batch of 1000 takes long enough that a short window would see only a handful of them.
    local secs="$DUR"; [ "$s" = batch_put ] && secs="$BATCH_DUR"
    for c in $CONNS; do wrk_run "$db" "$s" "$c" "$secs" 1; done
  done
  meta_set ".\"$db\".rss_after_load_mib" "$(rss_mib "$APP_PID" VmRSS)"
  meta_set ".\"$db\".rss_peak_mib" "$(rss_mib "$APP_PID" VmHWM)"
  meta_set ".\"$db\".stats_after" "$(curl -sf "http://127.0.0.1:$PORT/api/v1/stats" || echo null)"
  stop_app
  # Problems the service logged (readiness DOWN lines during start-up are INFO, not counted).
  meta_set ".\"$db\".app_log" "$(jq -Rn --arg f "$(basename "$log")" '[inputs] as $l
    | {file: $f, errors: ([$l[] | select(test("^\\S+ ERROR"))] | length),
       warnings: ([$l[] | select(test("^\\S+ WARN"))] | length),
       exceptions: ([$l[] | select(test("Exception|Error:"))] | length),
       samples: ([$l[] | select(test("^\\S+ (ERROR|WARN)"))] | .[0:8])}' < "$log")"
}

# ------------------------------------------------------------------ machine

meta_set .machine "$(jq -n \
  --arg nproc "$(nproc)" \
  --arg mem "$(awk '/MemTotal/ {printf "%.1f", $2 / 1048576}' /proc/meminfo)" \
  --arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
  --arg os "$(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-$(uname -s)}")" \
  --arg kernel "$(uname -r)" \
  --arg java "$(java -version 2>&1 | head -1)" \
  --arg wrk "$(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')" \
  --arg sqlite "$(basename "$SQLITE_JAR" .jar | sed 's/^org.xerial.//')" \
  --arg sqlite3 "$(sqlite3 --version | awk '{print $1}')" \
  '{nproc: ($nproc|tonumber), mem_gib: ($mem|tonumber), cpu: $cpu, os: $os, kernel: $kernel,
    java: $java, wrk: $wrk, sqlite_jdbc: $sqlite, sqlite3_cli: $sqlite3}')"
meta_set .run "$(jq -n --arg mode "$MODE" --arg stamp "$STAMP" --argjson n "$N" --argjson dur "$DUR" --argjson bdur "$BATCH_DUR" \
  --argjson warm "$WARM" --arg conns "$CONNS" \
  --arg commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --arg dirty "$(git -C "$ROOT" status --porcelain -- src pom.xml 2>/dev/null | wc -l)" \
  --arg built "$(date -u -r "$ROOT/target/quarkus-app/quarkus-run.jar" +%FT%TZ)" \
  '{mode: $mode, timestamp: $stamp, files: $n, files_per_dir: 200, duration_s: $dur, batch_duration_s: $bdur, warmup_s: $warm,
    connections: ($conns | split(" ") | map(tonumber)), git_commit: $commit,
    git_dirty_files: ($dirty|tonumber), app_built: $built}')"
meta_str .run.loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg)"
log "mode $MODE: $N files, ${DUR} s per scenario, connections: $CONNS; work dir $WORK"

# ------------------------------------------------------------------ PostgreSQL

run_postgresql() {
  local db=postgresql url t0
  if ! psql -qAt -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
    if command -v pg_ctlcluster >/dev/null; then
      PG_CLUSTER_VERSION="$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1}')"
      [ -n "$PG_CLUSTER_VERSION" ] || die "PostgreSQL is not reachable at $PGHOST:$PGPORT and no cluster is installed"
      log "PostgreSQL is down; starting cluster $PG_CLUSTER_VERSION/main"
      pg_ctlcluster --skip-systemctl-redirect "$PG_CLUSTER_VERSION" main start && PG_STARTED_BY_US=1
      sleep 1
    fi
    psql -qAt -d postgres -c 'SELECT 1' >/dev/null 2>&1 || die "PostgreSQL is not reachable at $PGHOST:$PGPORT"
  fi
  meta_str .machine.postgresql "$(psql -qAt -d postgres -c 'SHOW server_version')"
  meta_set .machine.postgresql_settings "$(psql -qAt -d postgres -c "SELECT json_object_agg(name, setting) FROM pg_settings
    WHERE name IN ('shared_buffers','max_connections','synchronous_commit','fsync','work_mem','effective_cache_size')")"
  psql -q -d postgres -c "CREATE DATABASE $PGDB" >/dev/null || die "cannot create database $PGDB"
  PG_CREATED=1
  url="postgresql://$PGUSER${PGPASSWORD:+:$PGPASSWORD}@$PGHOST:$PGPORT/$PGDB"

  log "postgresql: first start (empty database: Flyway creates the schema)"
  start_app "$url" "$WORK/app-postgresql-fresh.log"
  meta_set ".\"$db\".startup_fresh_ms" "$STARTUP_MS"
  [ "$MODE" = smoke ] || stop_app

  log "postgresql: seeding $N files in SQL"
  t0=$(now_ms)
  psql -q -v ON_ERROR_STOP=1 -v n="$N" -d "$PGDB" -f "$BENCH/lib/seed-postgresql.sql" > "$WORK/seed-postgresql.log" 2>&1 \
    || { cat "$WORK/seed-postgresql.log" >&2; die "postgresql seeding failed"; }
  meta_set ".\"$db\".seed_s" "$(( ($(now_ms) - t0) / 100 ))e-1"
  meta_set ".\"$db\".size_mib" "$(psql -qAt -d "$PGDB" -c "SELECT round(pg_database_size('$PGDB') / 1048576.0, 1)")"
  log "postgresql: seeded in $(( ($(now_ms) - t0) / 1000 )) s"

  # The attribute query's plans: with literal values (custom plan) and as the service's prepared
  # statement's generic plan (what a cached prepared statement may switch to after 5 executions).
  local q="SELECT path, backend, physical_path, size, etag, mime_type, CAST(attrs AS text), version, created_at, modified_at
 FROM entries WHERE tenant_id = \$1 AND attrs @> CAST(CAST(\$2 AS text) AS jsonb) AND path > \$3 AND path < \$4
 ORDER BY path LIMIT \$5"
  meta_str ".\"$db\".explain_custom" "$(psql -qAt -d "$PGDB" <<SQL
PREPARE q(text, text, text, text, bigint) AS $q;
SET plan_cache_mode = force_custom_plan;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE q('default', '{"owner":"user7"}', '/', '0', 101);
SQL
)"
  meta_str ".\"$db\".explain_generic" "$(psql -qAt -d "$PGDB" <<SQL
PREPARE q(text, text, text, text, bigint) AS $q;
SET plan_cache_mode = force_generic_plan;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE q('default', '{"owner":"user7"}', '/', '0', 101);
SQL
)"
  meta_str ".\"$db\".explain_auto" "$(psql -qAt -d "$PGDB" <<SQL
PREPARE q(text, text, text, text, bigint) AS $q;
EXECUTE q('default', '{"owner":"user1"}', '/', '0', 101) \\g /dev/null
EXECUTE q('default', '{"owner":"user2"}', '/', '0', 101) \\g /dev/null
EXECUTE q('default', '{"owner":"user3"}', '/', '0', 101) \\g /dev/null
EXECUTE q('default', '{"owner":"user4"}', '/', '0', 101) \\g /dev/null
EXECUTE q('default', '{"owner":"user5"}', '/', '0', 101) \\g /dev/null
EXECUTE q('default', '{"owner":"user6"}', '/', '0', 101) \\g /dev/null
EXPLAIN (ANALYZE, COSTS OFF) EXECUTE q('default', '{"owner":"user7"}', '/', '0', 101);
SQL
)"

  log "postgresql: raw baseline (pgbench)"
  for op in $RAW_PG_OPS; do
    local mode=prepared
    [ "$op" = query_custom ] && mode=extended
    for c in $CONNS; do pgbench_run "$op" "$c" "$DUR" "$mode"; done
  done
  # Remove what pgbench wrote, so the service sees the seeded dataset.
  psql -q -v ON_ERROR_STOP=1 -d "$PGDB" > /dev/null <<'SQL' || die "postgresql: clean-up after pgbench failed"
BEGIN;
CREATE TEMP TABLE gone ON COMMIT DROP AS
  SELECT file_id FROM entries WHERE tenant_id = 'default' AND kind = 'F' AND path LIKE '%/pgb-%';
DELETE FROM entries WHERE tenant_id = 'default' AND path LIKE '%/pgb-%';
DELETE FROM file_versions WHERE file_id IN (SELECT file_id FROM gone);
DELETE FROM files WHERE id IN (SELECT file_id FROM gone);
COMMIT;
VACUUM ANALYZE entries;
VACUUM ANALYZE file_versions;
VACUUM ANALYZE files;
SQL

  if [ "$MODE" != smoke ]; then
    log "postgresql: start on the seeded database ($STARTS times; the last one stays up)"
    start_samples "$db" "$url" "$WORK/app-postgresql.log"
  fi
  meta_set ".\"$db\".startup_ms" "$STARTUP_MS"
  app_phase "$db" "$WORK/app-postgresql$([ "$MODE" = smoke ] && echo -fresh).log"
}

# ------------------------------------------------------------------ SQLite

run_sqlite() {
  local db=sqlite file="$WORK/sqlite/metastore.db" url t0 line
  mkdir -p "$WORK/sqlite"
  url="sqlite:///$file"
  log "sqlite: first start (empty file: Flyway creates the schema)"
  start_app "$url" "$WORK/app-sqlite-fresh.log"
  meta_set ".\"$db\".startup_fresh_ms" "$STARTUP_MS"
  [ "$MODE" = smoke ] || stop_app

  log "sqlite: seeding $N files in SQL (sqlite3 CLI, one transaction)"
  t0=$(now_ms)
  sed "s/@N@/$N/g" "$BENCH/lib/seed-sqlite.sql" | sqlite3 "$file" > "$WORK/seed-sqlite.log" 2>&1 \
    || { cat "$WORK/seed-sqlite.log" >&2; die "sqlite seeding failed"; }
  meta_set ".\"$db\".seed_s" "$(( ($(now_ms) - t0) / 100 ))e-1"
  meta_set ".\"$db\".size_mib" "$(du -m "$file" | awk '{print $1}')"
  log "sqlite: seeded in $(( ($(now_ms) - t0) / 1000 )) s"

  log "sqlite: raw baseline (JDBC loop, $(basename "$SQLITE_JAR"))"
  sqlite3 "$file" ".backup '$WORK/sqlite/raw.db'"
  java -cp "$SQLITE_JAR" "$BENCH/sqlite/SqliteRaw.java" "$WORK/sqlite/raw.db" "$N" "$DUR" \
      "$(tr ' ' ',' <<<"$CONNS")" "$RAW_SQLITE_OPS" > "$WORK/sqlite-raw.out" 2>&1 \
    || { tail -20 "$WORK/sqlite-raw.out" >&2; fail "sqlite raw baseline failed"; }
  while IFS= read -r line; do
    jq -c '{db: "sqlite", kind: "raw", tool: "JDBC loop", op: .op, conns: .threads, rate, p50_ms, p99_ms, error}' \
      <<<"$line" >> "$ROWS"
    log "sqlite raw $(jq -r '"\(.op) threads=\(.threads): \(.rate|floor)/s, p50 \(.p50_ms) ms, p99 \(.p99_ms) ms\(if .error then ", ERROR " + .error else "" end)"' <<<"$line")"
    if [ "$(jq -r .error <<<"$line")" != null ]; then fail "sqlite raw: $line"; fi
  done < <(sed -n 's/^BENCH_JSON //p' "$WORK/sqlite-raw.out")
  rm -f "$WORK/sqlite/raw.db"*

  if [ "$MODE" != smoke ]; then
    log "sqlite: start on the seeded database ($STARTS times; the last one stays up)"
    start_samples "$db" "$url" "$WORK/app-sqlite.log"
  fi
  meta_set ".\"$db\".startup_ms" "$STARTUP_MS"
  app_phase "$db" "$WORK/app-sqlite$([ "$MODE" = smoke ] && echo -fresh).log"
}

[ -z "$ONLY" ] || [ "$ONLY" = postgresql ] || [ "$ONLY" = sqlite ] || die "--only takes postgresql or sqlite"
[ -n "$ONLY" ] && [ "$ONLY" != postgresql ] || run_postgresql
[ -n "$ONLY" ] && [ "$ONLY" != sqlite ] || run_sqlite

# ------------------------------------------------------------------ report

meta_set .run.total_s "$(( $(date +%s) - T_START ))"
meta_str .run.loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"
meta_set .run.failures "$(jq -Rn '[inputs]' < "$FAILURES")"
OUT_JSON="$RESULTS/$STAMP-$MODE.json"
OUT_MD="$RESULTS/latest.md"
[ "$MODE" = smoke ] && OUT_MD="$RESULTS/latest-smoke.md"
jq -n --slurpfile rows "$ROWS" --slurpfile meta "$META" -f "$BENCH/lib/assemble.jq" > "$OUT_JSON"
jq -r -f "$BENCH/lib/report.jq" "$OUT_JSON" > "$OUT_MD"
cat "$OUT_MD"
log "results: $OUT_JSON and $OUT_MD (total $(( $(date +%s) - T_START )) s)"

if [ -s "$FAILURES" ]; then
  log "$(wc -l < "$FAILURES") scenario(s) failed:"
  cat "$FAILURES" >&2
  exit 1
fi
exit 0
