-- bench/serve_load.lua - wrk script for bench/serve_load.sh: one-country
-- one-month /api/events queries, rotating over COUNTRIES x 60 months (2019-2023)
-- so that nearly every request misses the server's per-worker answer cache
-- and runs the store query.
local countries = {}
for cc in string.gmatch(os.getenv("COUNTRIES") or "SY", "%a%a") do countries[#countries + 1] = cc end
local limit = os.getenv("LIMIT")
local n = 0
local days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
request = function()
  n = n + 1
  local cc = countries[(n % #countries) + 1]
  local m = math.floor(n / #countries) % 60
  local y, mo = 2019 + math.floor(m / 12), (m % 12) + 1
  local path = string.format("/api/events?country=%s&from=%d-%02d-01&to=%d-%02d-%02d", cc, y, mo, y, mo, days[mo])
  if limit then path = path .. "&limit=" .. limit end
  return wrk.format("GET", path)
end
