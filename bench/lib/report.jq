# Markdown report (bench/results/latest.md) from the JSON bench/run.sh writes.
def f($d): if . == null then "–" elif type == "number" then
    (if . >= 100 then (. | round | tostring)
     else ((. * pow(10; $d) | round) / pow(10; $d) | tostring) end)
  else tostring end;
def opname: {get: "GET by path", list: "list page (100)", query: "attr query", put_create: "PUT create",
             put_replace: "PUT replace", batch_put: "batch put 1000"}[.] // .;
def dbname: {postgresql: "PostgreSQL", sqlite: "SQLite"}[.] // .;
. as $doc
| "## Metastore benchmark: \($doc.run.mode) run, \($doc.run.timestamp)",
  "",
  "Machine: \($doc.machine.nproc) CPUs (\($doc.machine.cpu)), \($doc.machine.mem_gib) GiB RAM, \($doc.machine.os), kernel \($doc.machine.kernel); PostgreSQL \($doc.machine.postgresql // "–"); \($doc.machine.java); \($doc.machine.wrk); \($doc.machine.sqlite_jdbc).",
  "Service: commit \($doc.run.git_commit)\(if $doc.run.git_dirty_files > 0 then " + \($doc.run.git_dirty_files) uncommitted file(s)" else "" end), jar built \($doc.run.app_built), default JVM flags. Load generator (wrk, `-t min(c,2)`) and database run on the same machine.",
  "Dataset: \($doc.run.files) files (\($doc.run.files_per_dir) per leaf directory, 4 directory levels, 5 attrs keys), tenant `default`. \($doc.run.duration_s) s per measurement (batch put \($doc.run.batch_duration_s) s)\(if $doc.run.warmup_s > 0 then " after a \($doc.run.warmup_s) s warm-up per scenario" else "" end). Total run time \($doc.run.total_s) s. Load average (1/5/15 min) at start \($doc.run.loadavg_start), at end \($doc.run.loadavg_end): anything well above 0 means other work shared the CPUs.",
  "",
  ( $doc.databases | to_entries[] | .key as $db | .value as $d
    | "### \($db | dbname)",
      "",
      "| op | conns | req/s | p50 ms | p99 ms | raw/s | raw p50 ms | raw p99 ms | ratio | bad responses | drain s |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
      ( $d.results[]
        | "| \(.op | opname) | \(.conns) | \(.rps | f(1))\(if .records_per_s then " (\(.records_per_s) files/s)" else "" end) | \(.p50_ms | f(2)) | \(.p99_ms | f(2)) | \(.raw.rate | f(1))\(if .raw != null and .raw.conns != .conns then " (c=\(.raw.conns))" else "" end) | \(.raw.p50_ms | f(2)) | \(.raw.p99_ms | f(2)) | \(.ratio | f(2)) | \(.non2xx + .invalid + .socket_errors)\(if .requests == 0 then " (none completed)" else "" end) | \(.drain_s | f(1)) |" ),
      "",
      "Raw baseline: \(if $db == "postgresql" then "pgbench custom scripts (bench/pgbench, `-M prepared`, `-j min(c,2)`)\(if ([$d.results[] | select(.raw_custom_plan != null)] | length) > 0 then "; attr query with `-M extended` (custom plan every time): " + ([$d.results[] | select(.raw_custom_plan != null) | "c=\(.conns) \(.raw_custom_plan.rate | f(1))/s p50 \(.raw_custom_plan.p50_ms | f(2)) ms"] | join(", ")) else "" end)" else "JDBC loop over the same sqlite-jdbc and connection settings (bench/sqlite/SqliteRaw.java); writes with one writer" end). req/s counts 2xx responses only (latency percentiles are wrk's, over all responses). Ratio = service req/s ÷ raw/s. Drain = time the service still needed after wrk stopped (requests wrk left in flight; wrk does not count them).",
      "Start to ready: \(if $doc.run.mode == "smoke" then "\($d.startup_fresh_ms) ms on an empty database, migrations included (smoke runs seed while the service runs, so there is no second start)" else "\($d.startup_ms) ms on the seeded database (median of \($d.startup_samples_ms | map(tostring) | join(", ")) ms; \($d.startup_fresh_ms) ms on an empty one, migrations included)" end). RSS: \($d.rss_idle_mib) MiB idle, \($d.rss_after_load_mib) MiB after the load (peak \($d.rss_peak_mib) MiB). Seeding: \($d.seed_s) s, database \($d.size_mib) MiB. Service log: \($d.app_log.errors) ERROR, \($d.app_log.warnings) WARN lines.",
      "" ),
  "### Goals",
  "",
  "| goal | database | conns | measured | target | met |",
  "|---|---|---:|---|---|---|",
  ( $doc.goals[] | "| \(.goal) | \(.db | dbname) | \(.conns // "–") | \(.measured) | \(.target) | \(if .met then "yes" else "**no**" end) |" ),
  "",
  ( if ($doc.run.failures | length) > 0 then "### Failures", "", ($doc.run.failures[] | "- `\(.)`"), "" else empty end )
