-- wrk script: POST /v1/route over a fixed list of hub pairs (round robin per connection).
local pairs = {
  {"CN_XIAN", "UZ_TASHKENT"}, {"CN_XIAN", "KZ_ALMATY"}, {"CN_URUMQI", "AZ_BAKU"}, {"CN_CHONGQING", "DE_DUISBURG"},
  {"KZ_ALMATY", "GE_POTI"}, {"UZ_TASHKENT", "TR_ISTANBUL"}, {"CN_SHANGHAI", "NL_ROTTERDAM"}, {"KG_BISHKEK", "IR_TEHRAN"},
  {"CN_XIAN", "PL_WARSAW"}, {"KZ_AKTAU", "RU_MOSCOW"}, {"TM_ASHGABAT", "CN_URUMQI"}, {"AZ_BAKU", "CN_XIAN"},
}
local i = 0
request = function()
  i = i + 1
  local p = pairs[(i % #pairs) + 1]
  local body = string.format('{"from":"%s","to":"%s","depart":"2026-12-07T08:00Z"}', p[1], p[2])
  return wrk.format("POST", "/v1/route", {["Content-Type"] = "application/json"}, body)
end
