-- GET /api/v1/files?prefix=<leaf dir>&recursive=true&limit=100, then the keyset follow-up page
-- with the returned cursor. Each seeded leaf directory holds 200 files, so a first page is full
-- and has a nextCursor; roughly half the requests are first pages, half follow-ups.
package.path = (os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
local c = require("common")

local pending = {}   -- {prefix, cursor} pairs from first pages, consumed by follow-up requests

function init(args) c.init(args) end

function request()
  local p = table.remove(pending)
  if p ~= nil then
    return wrk.format("GET", "/api/v1/files?prefix=" .. p[1] .. "&recursive=true&limit=100&cursor=" .. p[2])
  end
  local leaf = math.random(0, c.leaves - 1)
  return wrk.format("GET", "/api/v1/files?prefix=" .. c.leaf_dir(leaf) .. "&recursive=true&limit=100")
end

function response(status, headers, body)
  if not c.check(status, body) then return end
  local cursor = string.match(body, '"nextCursor":"([^"]+)"')
  if cursor ~= nil then
    -- The listed leaf directory is the first 4 segments of any item's path (items may also lie
    -- in sub-directories that other scenarios created, e.g. batch-*/).
    local first = string.match(body, '"path":"([^"]+)"')
    local prefix = first and string.match(first, "^(/[^/]+/[^/]+/[^/]+/[^/]+)/")
    if prefix ~= nil and #pending < 1000 then table.insert(pending, { prefix, cursor }) end
  end
  local _, items = string.gsub(body, '"type":"file"', "")
  if cursor ~= nil and items ~= 100 then
    c.invalid(status, "a page with a nextCursor holds " .. items .. " items, not 100", body)
  end
end
