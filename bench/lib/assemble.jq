# Builds the result document of bench/run.sh from $rows (one object per measurement) and $meta.
# Usage: jq -n --slurpfile rows rows.jsonl --slurpfile meta meta.json -f assemble.jq
($meta[0]) as $m
| [$rows[] | select(.kind == "raw")] as $raw
| def raw_for($db; $op; $c):
    ([$raw[] | select(.db == $db and .op == $op and .conns == $c)] | first)
    // ([$raw[] | select(.db == $db and .op == $op and .conns == 1)] | first)
    // null;
  def round3: if . == null then null else (. * 1000 | round) / 1000 end;
  def result($r):
    raw_for($r.db; $r.op; $r.conns) as $b
    | (if $r.op == "query" then raw_for($r.db; "query_custom"; $r.conns) else null end) as $bc
    # Throughput counts only good (2xx, valid) responses: fast-failing 503s must not look like speed.
    | (if $r.requests > 0 then $r.rps * ($r.requests - $r.non2xx - $r.invalid) / $r.requests else 0 end) as $ok
    | {db: $r.db, op: $r.op, conns: $r.conns, rps: ($ok | round3), rps_all_responses: ($r.rps | round3),
       requests: $r.requests,
       p50_ms: (if $r.requests > 0 then $r.latency_ms.p50 else null end),
       p90_ms: (if $r.requests > 0 then $r.latency_ms.p90 else null end),
       p99_ms: (if $r.requests > 0 then $r.latency_ms.p99 else null end),
       max_ms: (if $r.requests > 0 then $r.latency_ms.max else null end),
       records_per_s: (if $r.op == "batch_put" then ($ok * 1000 | round) else null end),
       non2xx: $r.non2xx, invalid: $r.invalid, drain_s: $r.drain_s,
       socket_errors: ($r.errors.connect + $r.errors.read + $r.errors.write + $r.errors.timeout),
       error_samples: $r.samples,
       raw: (if $b == null then null else
         {tool: $b.tool, conns: $b.conns, rate: ($b.rate | round3), p50_ms: $b.p50_ms, p99_ms: $b.p99_ms} end),
       raw_custom_plan: (if $bc == null then null else
         {tool: $bc.tool, conns: $bc.conns, rate: ($bc.rate | round3), p50_ms: $bc.p50_ms, p99_ms: $bc.p99_ms} end),
       ratio: (if $b == null or $b.rate == 0 then null else ($ok / $b.rate | round3) end)};
  def db($name):
    if $m[$name] == null then null else
      $m[$name] + {
        results: [$rows[] | select(.kind == "app" and .db == $name) | result(.)],
        raw: [$raw[] | select(.db == $name) | del(.db, .kind)]}
    end;
  {postgresql: db("postgresql"), sqlite: db("sqlite")} as $dbs
| ($m.run.connections | max) as $cmax
| def res($db; $op): [$dbs[$db].results[]? | select(.op == $op)];
  def goal($id; $text; $db; $c; $value; $target; $met):
    {id: $id, goal: $text, db: $db, conns: $c, measured: $value, target: $target, met: $met};
  [
    (res("postgresql"; "get")[] | select(.conns == $cmax)
      | goal("get"; "GET by path vs pgbench primary-key lookup, at \($cmax) connections"; "postgresql"; .conns;
             "\(.ratio)x, p99 \(.p99_ms) ms"; ">= 0.5x and p99 < 5 ms"; (.ratio != null and .ratio >= 0.5 and .p99_ms != null and .p99_ms < 5))),
    (res("postgresql"; "put_create")[]
      | goal("put"; "PUT (create) vs pgbench single-row insert transaction"; "postgresql"; .conns;
             (if .ratio == null then "no raw baseline" else "\(.ratio)x" end); ">= 0.5x"; (.ratio != null and .ratio >= 0.5))),
    (res("postgresql"; "list")[], res("sqlite"; "list")[]
      | goal("list"; "list page of 100 vs raw keyset page"; .db;
             .conns; (if .ratio == null then "no raw baseline" else "\(.ratio)x" end); ">= 0.5x"; (.ratio != null and .ratio >= 0.5))),
    (res("postgresql"; "query")[], res("sqlite"; "query")[]
      | goal("query"; "attribute query p50"; .db;
             .conns; "\(.p50_ms) ms"; "< 5 ms"; (.p50_ms != null and .p50_ms < 5))),
    (res("sqlite"; "batch_put")[]
      | goal("batch"; "SQLite batch put of 1000 vs raw 1000-row insert transaction"; "sqlite"; .conns;
             (if .ratio == null then "no raw baseline" else "\(.ratio)x" end); ">= 0.3x"; (.ratio != null and .ratio >= 0.3))),
    (("postgresql", "sqlite") as $d | select($dbs[$d] != null) | $dbs[$d]
      | goal("startup"; (if $m.run.mode == "smoke" then "start to ready (JVM), empty database" else "start to ready (JVM), seeded database" end); $d; null; "\(.startup_ms) ms"; "< 1500 ms"; (.startup_ms < 1500)),
        goal("rss"; "idle RSS after start"; $d; null; "\(.rss_idle_mib) MiB"; "< 200 MiB"; (.rss_idle_mib < 200)))
  ] as $goals
| {run: $m.run, machine: $m.machine, databases: ($dbs | with_entries(select(.value != null))), goals: $goals}
