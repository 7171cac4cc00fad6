-- GET /api/v1/files/<path> of a random seeded file.
package.path = (os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
local c = require("common")

function init(args) c.init(args) end

function request()
  return wrk.format("GET", "/api/v1/files" .. c.file_path(math.random(0, c.n - 1)))
end

function response(status, headers, body) c.check(status, body) end
