-- PUT /api/v1/files/<seeded path>: replaces a random existing file (new version). Expects 200.
package.path = (os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
local c = require("common")

function init(args) c.init(args) end

function request()
  counter = counter + 1
  local i = math.random(0, c.n - 1)
  return wrk.format("PUT", "/api/v1/files" .. c.file_path(i), c.JSON_HEADERS, c.record_json(i, nil, counter))
end

function response(status, headers, body)
  if c.check(status, body) and status ~= 200 then
    c.invalid(status, "expected 200 (replaced)", body)
  end
end
