-- wrk script: POST /v1/route over the fixed hub pairs of bench/http_hub_pairs.csv (round robin
-- per connection), departing 2026-12-07T08:00Z with the default objectives and eps.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local pairs = {}
for line in io.lines(dir .. "http_hub_pairs.csv") do
  local from, to = line:match("^([^,]+),([^,]+)$")
  if from then pairs[#pairs + 1] = {from, to} end
end
local i = 0
request = function()
  i = i + 1
  local p = pairs[(i % #pairs) + 1]
  local body = string.format('{"from":"%s","to":"%s","depart":"2026-12-07T08:00Z"}', p[1], p[2])
  return wrk.format("POST", "/v1/route", {["Content-Type"] = "application/json"}, body)
end
