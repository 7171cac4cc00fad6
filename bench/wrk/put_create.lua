-- PUT /api/v1/files/<new path>: creates a new file in an existing leaf directory
-- (name unique per run tag, thread and request). Expects 201.
package.path = (os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
local c = require("common")

function init(args) c.init(args) end

function request()
  counter = counter + 1
  local i = math.random(0, c.n - 1)
  local leaf = math.floor(i / c.FILES_PER_DIR)
  local path = string.format("%s/new-%s-%d-%d.json", c.leaf_dir(leaf), c.tag, c.id, counter)
  return wrk.format("PUT", "/api/v1/files" .. path, c.JSON_HEADERS, c.record_json(i, nil, counter))
end

function response(status, headers, body)
  if c.check(status, body) and status ~= 201 then
    c.invalid(status, "expected 201 Created", body)
  end
end
