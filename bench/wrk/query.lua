-- POST /api/v1/query {"attrs":{"owner":"userK"},"limit":100}: a selective containment query
-- (each of the 1000 owners holds n/1000 of the seeded files).
package.path = (os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
local c = require("common")

function init(args) c.init(args) end

function request()
  local body = string.format('{"attrs":{"owner":"user%d"},"limit":100}', math.random(0, 999))
  return wrk.format("POST", "/api/v1/query", c.JSON_HEADERS, body)
end

function response(status, headers, body) c.check(status, body) end
