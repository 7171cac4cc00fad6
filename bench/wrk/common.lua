-- Shared by every bench/wrk/*.lua scenario.
--
-- * The dataset layout, identical to bench/lib/seed-*.sql: file i (0 <= i < n) lives in leaf
--   directory floor(i / 200) at /tenant-TT/projects/pPP/dirDD/file-IIIIIII.EXT.
-- * Per-thread counters of non-2xx responses (wrk's own summary only counts status > 399),
--   with the first offending status and body kept as evidence.
-- * done() prints one line "BENCH_JSON {...}" with throughput, latency percentiles and errors.
--
-- Scenario scripts call common.init(args) from their init(); args (after "--" on the wrk
-- command line) are: n (seeded files), tag (unique per run, used to name new paths).
local M = {}

M.FILES_PER_DIR = 200
M.EXTS = { "pdf", "csv", "json", "png", "txt" }
M.MIMES = { "application/pdf", "text/csv", "application/json", "image/png", "text/plain" }

function M.leaf_dir(leaf)
  return string.format("/tenant-%02d/projects/p%02d/dir%02d",
    leaf % 8, math.floor(leaf / 8) % 50, math.floor(leaf / 400))
end

function M.file_path(i)
  local leaf = math.floor(i / M.FILES_PER_DIR)
  return string.format("%s/file-%07d.%s", M.leaf_dir(leaf), i, M.EXTS[i % 5 + 1])
end

-- A file record body (without path) in the same shape as the seed's.
function M.record_json(i, path, salt)
  local hex = string.format("%08x%08x%08x%08x", (i * 2654435761) % 4294967296,
    (salt * 40503 + i) % 4294967296, math.random(0, 2147483647), math.random(0, 2147483647))
  local leaf = math.floor(i / M.FILES_PER_DIR)
  local tag2 = (i % 3 == 0) and "final" or "draft"
  local body = string.format(
    '{%s"backend":"s3-main","physicalPath":"bucket/%s/%s/%s","size":%d,"etag":"%s","mimeType":"%s",'
      .. '"attrs":{"owner":"user%d","project":"p%02d","tags":["q%d","%s"],"score":%d}}',
    path and string.format('"path":"%s",', path) or "",
    hex:sub(1, 2), hex:sub(3, 4), hex, (i * 7919 + salt) % 10000000, hex, M.MIMES[i % 5 + 1],
    i % 1000, math.floor(leaf / 8) % 50, i % 4 + 1, tag2, (i + salt) % 100)
  return body
end

M.JSON_HEADERS = { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }

function M.init(args)
  M.n = tonumber(args[1]) or error("usage: wrk ... -- <n> <tag>")
  M.leaves = math.floor(M.n / M.FILES_PER_DIR)
  M.tag = args[2] or "x"
  -- `id` is set by setup() before init() runs in the thread's own Lua state.
  M.id = id or 0
  math.randomseed(os.time() * 1000 + M.id * 7919 + (tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000))
  for _ = 1, 10 do math.random() end
  counter = 0
  bad = 0
  first_bad = nil
  invalid = 0
end

-- Counts a 2xx response whose content is wrong (e.g. 200 instead of 201, a short page).
function M.invalid(status, why, body)
  invalid = invalid + 1
  if first_bad == nil then
    first_bad = tostring(status) .. " (" .. why .. ") " .. string.sub(body or "", 1, 300)
  end
end

-- Counts responses outside 2xx; keeps the first one's status and body.
function M.check(status, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    if first_bad == nil then
      first_bad = tostring(status) .. " " .. string.sub(body or "", 1, 400)
    end
    return false
  end
  return true
end

local function esc(s)
  s = string.gsub(s, '[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == "\\" then return "\\\\" end
    return string.format("\\u%04x", string.byte(c))
  end)
  -- Replace bytes >= 0x80 so the line stays valid JSON even if a body is cut mid-character.
  return (string.gsub(s, "[\128-\255]", "?"))
end

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local non2xx, inval, samples = 0, 0, {}
  for _, t in ipairs(threads) do
    non2xx = non2xx + (t:get("bad") or 0)
    inval = inval + (t:get("invalid") or 0)
    local fb = t:get("first_bad")
    if fb ~= nil and #samples < 3 then table.insert(samples, '"' .. esc(fb) .. '"') end
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_s":%.3f,"rps":%.2f,"bytes":%d,'
      .. '"latency_ms":{"p50":%.3f,"p90":%.3f,"p99":%.3f,"p999":%.3f,"max":%.3f,"mean":%.3f},'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"status_ge_400":%d,"timeout":%d},'
      .. '"non2xx":%d,"invalid":%d,"samples":[%s]}\n',
    summary.requests, secs, secs > 0 and summary.requests / secs or 0, summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000,
    e.connect, e.read, e.write, e.status, e.timeout, non2xx, inval, table.concat(samples, ",")))
end

return M
