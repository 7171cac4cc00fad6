-- POST /api/v1/batch/put with 1000 new files in a new sub-directory of a random leaf directory.
package.path = (os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
local c = require("common")

local BATCH = 1000

function init(args) c.init(args) end

function request()
  counter = counter + 1
  local i0 = math.random(0, c.n - 1)
  local dir = string.format("%s/batch-%s-%d-%d", c.leaf_dir(math.floor(i0 / c.FILES_PER_DIR)), c.tag, c.id, counter)
  local parts = {}
  for k = 1, BATCH do
    local i = (i0 + k) % c.n
    parts[k] = c.record_json(i, string.format("%s/f-%04d.%s", dir, k, c.EXTS[i % 5 + 1]), counter)
  end
  return wrk.format("POST", "/api/v1/batch/put", c.JSON_HEADERS, '{"files":[' .. table.concat(parts, ",") .. "]}")
end

function response(status, headers, body) c.check(status, body) end
