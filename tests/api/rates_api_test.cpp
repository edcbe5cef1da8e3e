// Rate cards and currencies over the API: `rates` given inline in POST /v1/route and /v1/matrix,
// the server's own card (`caravan serve --rates FILE`), and `currency`. Every bad row is a 400
// pointing at /rates/N/COLUMN and nothing is planned.
#include <httplib.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>

#include "../support/served_api.hpp"
#include "api/server.hpp"
#include "network/rate_card.hpp"

namespace caravan::api {
namespace {

using nlohmann::json;

// Kuryk → Alat on the Kuryk ferry as a loose container (ferries only): ASCO's USD 1,200 per 40 ft.
const json kFerryStory = {{"from", "KZ_KURYK"}, {"to", "AZ_ALAT"}, {"depart", "2026-12-08T08:00Z"},
                          {"optimize", "cost"}, {"modes", {"ferry"}}};

double freight_of(const json& answer) { return answer["itineraries"][0]["legs"][0]["cost_breakdown"]["freight"].get<double>(); }
double cost_of(const json& answer) { return answer["itineraries"][0]["summary"]["cost_usd"].get<double>(); }

class RatesApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = caravan::testing::bundled_api_data();
    plain_ = std::make_unique<caravan::testing::ServedApi>(data_, caravan::testing::loopback_settings(4));
    // A server with a card of its own: the Kuryk ferry at USD 1,000 per container of any size.
    auto settings = caravan::testing::loopback_settings(4);
    auto cards = std::make_shared<std::map<const Network*, std::vector<Tariff>>>();
    Diagnostics diagnostics;
    const auto add = [&](const Network& net) {
      (*cards)[&net] = *read_rate_card_rows({{"service", "kuryk-alat-ferry", "any", "1000", "", ""}}, "server", net, diagnostics);
    };
    add(*data_->baseline.network);
    for (const auto& [_, loaded] : data_->scenarios) add(*loaded.network);
    settings.rate_cards = cards;
    carded_ = std::make_unique<caravan::testing::ServedApi>(data_, settings);
  }
  static void TearDownTestSuite() {
    plain_.reset();
    carded_.reset();
  }
  static httplib::Result post(const caravan::testing::ServedApi& server, const std::string& path, const json& body) {
    httplib::Client c("127.0.0.1", server.port());
    c.set_read_timeout(30, 0);
    return c.Post(path, body.dump(), "application/json");
  }
  static json ok(const httplib::Result& r) {
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body, nullptr, false);
  }
  static json errors(const httplib::Result& r) {
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, 400) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json");
    return json::parse(r->body, nullptr, false)["errors"];
  }
  static json with(json body, const char* key, json value) {
    body[key] = std::move(value);
    return body;
  }
  static inline std::shared_ptr<const ApiData> data_;
  static inline std::unique_ptr<caravan::testing::ServedApi> plain_, carded_;
};

TEST_F(RatesApiTest, InlineRowsPriceTheElementTheyName) {
  const json without = ok(post(*plain_, "/v1/route", kFerryStory));
  const json card = json::array({{{"applies_to", "service"}, {"id", "kuryk-alat-ferry"}, {"container", "40ft"}, {"usd", 1100},
                                  {"valid_from", "2026-01-01"}, {"valid_to", nullptr}}});
  const json priced = ok(post(*plain_, "/v1/route", with(kFerryStory, "rates", card)));
  EXPECT_EQ(freight_of(without), 1200);
  EXPECT_EQ(cost_of(without), 1586);
  EXPECT_EQ(priced["itineraries"][0]["legs"][0]["service"], "kuryk-alat-ferry");
  EXPECT_EQ(freight_of(priced), 1100);
  EXPECT_EQ(cost_of(priced), 1486);
  // The same rows as the CLI's --rates file give the same answer.
  const json as_strings = json::array({{{"applies_to", "service"}, {"id", "kuryk-alat-ferry"}, {"container", "40ft"},
                                        {"usd", "1100"}, {"valid_from", "2026-01-01"}, {"valid_to", ""}}});
  EXPECT_EQ(ok(post(*plain_, "/v1/route", with(kFerryStory, "rates", as_strings))), priced);
  // An empty card changes nothing.
  EXPECT_EQ(ok(post(*plain_, "/v1/route", with(kFerryStory, "rates", json::array()))), without);
}

TEST_F(RatesApiTest, BadInlineRowsAreEachNamedAndNothingIsPlanned) {
  const json card = json::array({
      {{"applies_to", "service"}, {"id", "no-such-train"}, {"container", "40ft"}, {"usd", 100}},
      {{"applies_to", "node"}, {"id", "CN_XIAN"}, {"container", "any"}, {"usd", "x"}},
      {{"applies_to", "crossing"}, {"id", "khorgos-altynkol"}, {"container", "any"}, {"usd", true}, {"colour", "red"}},
      {{"applies_to", "service"}, {"id", "kuryk-alat-ferry"}, {"container", "40ft"}, {"usd", 1100}, {"valid_from", "2026-01-01"}},
      {{"applies_to", "service"}, {"id", "kuryk-alat-ferry"}, {"container", "40ft"}, {"usd", 1000}, {"valid_to", "2026-12-31"}},
      "service,kuryk-alat-ferry,40ft,1000,,",
  });
  const json e = errors(post(*plain_, "/v1/route", with(kFerryStory, "rates", card)));
  EXPECT_EQ(e, json::parse(R"([
    {"pointer": "/rates/2/colour", "detail": "unknown field 'colour'"},
    {"pointer": "/rates/2/usd", "detail": "must be a string or a number"},
    {"pointer": "/rates/5", "detail": "must be an object"}
  ])")) << e.dump(1);
  // Once each row is an object of strings and numbers, the rows are checked as a file's.
  json rows = card;
  rows.erase(5);
  rows[2].erase("colour");
  rows[2]["usd"] = "x";
  const json f = errors(post(*plain_, "/v1/route", with(kFerryStory, "rates", rows)));
  EXPECT_EQ(f, json::parse(R"([
    {"pointer": "/rates/0/id", "detail": "unknown service 'no-such-train'"},
    {"pointer": "/rates/1/applies_to", "detail": "'node' is not one of service, link, crossing, mode"},
    {"pointer": "/rates/2/usd", "detail": "'x' is not a number"},
    {"pointer": "/rates/4/valid_from", "detail": "period ..2026-12-31 overlaps 2026-01-01.. of /rates/3 for the same element, charge and container"}
  ])")) << f.dump(1);
  EXPECT_EQ(errors(post(*plain_, "/v1/route", with(kFerryStory, "rates", "card.csv"))),
            json::parse(R"([{"pointer": "/rates", "detail": "must be an array of objects"}])"));
  // The matrix reads them alike.
  const json m = errors(post(*plain_, "/v1/matrix",
                             {{"from", {"KZ_KURYK"}}, {"to", {"AZ_ALAT"}}, {"depart", "2026-12-08T08:00Z"}, {"rates", rows}}));
  EXPECT_EQ(m, f);
}

TEST_F(RatesApiTest, TheServersCardAppliesAndARequestsRowsComeFirst) {
  const json served = ok(post(*carded_, "/v1/route", kFerryStory));
  const json card = json::array({{{"applies_to", "service"}, {"id", "kuryk-alat-ferry"}, {"container", "40ft"}, {"usd", 1100}}});
  const json own = ok(post(*carded_, "/v1/route", with(kFerryStory, "rates", card)));
  const json plain_own = ok(post(*plain_, "/v1/route", with(kFerryStory, "rates", card)));
  EXPECT_EQ(freight_of(served), 1000);
  EXPECT_EQ(cost_of(served), 1386);
  EXPECT_EQ(freight_of(own), 1100);
  EXPECT_EQ(cost_of(own), 1486);
  EXPECT_EQ(own["itineraries"], plain_own["itineraries"]);
}

TEST_F(RatesApiTest, CurrencyIsConvertedAtTheDepartureDate) {
  const json usd = ok(post(*plain_, "/v1/route", kFerryStory));
  const json cny = ok(post(*plain_, "/v1/route", with(kFerryStory, "currency", "CNY")));
  EXPECT_EQ(cny["query"]["currency"], "CNY");
  // The USD figures stay; the yuan ones are beside them at the ECB cross in force (6.8505 per USD).
  EXPECT_EQ(cny["itineraries"][0]["summary"]["cost_usd"], usd["itineraries"][0]["summary"]["cost_usd"]);
  EXPECT_EQ(cny["itineraries"][0]["summary"]["cost"], json::parse(R"({"amount": 10864.9, "currency": "CNY", "units_per_usd": 6.8505,
    "cost_breakdown": {"border_fees": 0.0, "documents": 342.53, "freight": 8220.6, "handling": 2301.77, "storage": 0.0, "transshipment": 0.0}})"));
  const json e = errors(post(*plain_, "/v1/route", with(kFerryStory, "currency", "GBP")));
  EXPECT_EQ(e, json::parse(R"([{"pointer": "/currency", "detail": "'GBP' is not one of USD, EUR, CNY, TRY, RUB, KZT, UZS"}])"));
}

}  // namespace
}  // namespace caravan::api
