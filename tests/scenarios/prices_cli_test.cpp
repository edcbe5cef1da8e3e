// What a forwarder asks of prices on the command line: a 45 ft box, a rate card of their own, and
// costs in their currency, each with the exact figures `caravan route` gives on a corridor story.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "../support/run_caravan.hpp"

namespace caravan {
namespace {

using nlohmann::json;

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

CliRun caravan(const std::string& args) {
  const auto run = testing::run_caravan(args);
  return {run.exit_code, run.out, run.err};
}

// Aktau → Alat on Friday's container feeder (CorridorStories.CaspianFerryWaitsForTheNextSailing).
const std::string kFeederStory = "route KZ_AKTAU AZ_ALAT --depart 2026-12-08T08:00Z --optimize time --avoid-country RU";
const std::string kExampleCard = std::string(CARAVAN_TEST_DIR) + "/../examples/rate-card.csv";

json route_json(const std::string& args) {
  const CliRun r = caravan(args + " --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out, nullptr, false);
}

// A file in the temporary directory holding `text`, removed with the object.
struct TempFile {
  std::filesystem::path path;
  explicit TempFile(const std::string& name, const std::string& text)
      : path(std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "_" + name)) {
    std::ofstream(path) << text;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

TEST(PricesCli, A45FootBoxPaysItsOwnPriceOnTheFeederStory) {
  const json j40 = route_json(kFeederStory);
  const json j45 = route_json(kFeederStory + " --container 45ft");
  const json j20 = route_json(kFeederStory + " --container 20ft");
  ASSERT_EQ(j45["itineraries"].size(), 1u);
  EXPECT_EQ(j45["query"]["container"], "45ft");
  const json& s40 = j40["itineraries"][0]["summary"];
  const json& s45 = j45["itineraries"][0]["summary"];
  const json& s20 = j20["itineraries"][0]["summary"];
  EXPECT_EQ(j45["itineraries"][0]["legs"][0]["service"], "aktau-alat-feeder");
  // The feeder's ASCO fare is USD 1,200 per 40 ft; a 45 ft box pays it by length (ferry freight
  // ratio 1.125: 1,350) and a 20 ft one half; lifts cost the same for 40 and 45 ft (ratio 1) and
  // 0.68 of it for 20 ft; the documents are per leg.
  EXPECT_EQ(s40["cost_usd"], 1530.0);
  EXPECT_EQ(s45["cost_usd"], 1680.0);
  EXPECT_EQ(s20["cost_usd"], 840.4);
  EXPECT_EQ(s45["cost_breakdown"],
            json::parse(R"({"border_fees": 0.0, "documents": 50.0, "freight": 1350.0, "handling": 280.0, "storage": 0.0, "transshipment": 0.0})"));
}

TEST(PricesCli, TheExampleRateCardChangesOnlyTheElementItNames) {
  // Kuryk → Alat on the Kuryk ferry as a loose container (ferries only): the card's USD 1,100 per
  // 40 ft replaces the bundled ASCO fare of 1,200, and nothing else moves.
  const std::string story = "route KZ_KURYK AZ_ALAT --depart 2026-12-08T08:00Z --optimize cost --modes ferry";
  const json without = route_json(story);
  json with = route_json(story + " --rates " + kExampleCard);
  ASSERT_EQ(with["itineraries"].size(), 1u);
  ASSERT_EQ(without["itineraries"].size(), 1u);
  json& leg = with["itineraries"][0]["legs"][0];
  EXPECT_EQ(leg["service"], "kuryk-alat-ferry");
  EXPECT_EQ(without["itineraries"][0]["legs"][0]["cost_breakdown"]["freight"], 1200.0);
  EXPECT_EQ(leg["cost_breakdown"]["freight"], 1100.0);
  EXPECT_EQ(leg["cost_usd"], 1486.0);
  EXPECT_EQ(with["itineraries"][0]["summary"]["cost_usd"], 1486.0);
  // Put the old fare back: the answers are then the same, field for field.
  leg["cost_breakdown"]["freight"] = 1200.0;
  leg["cost_usd"] = 1586.0;
  with["itineraries"][0]["summary"]["cost_breakdown"]["freight"] = 1200.0;
  with["itineraries"][0]["summary"]["cost_usd"] = 1586.0;
  EXPECT_EQ(with, without);
  // A 20 ft box: the card's 40 ft row scaled by the ferry ratio 0.5.
  EXPECT_EQ(route_json(story + " --container 20ft --rates " + kExampleCard)["itineraries"][0]["legs"][0]["cost_breakdown"]["freight"],
            550.0);
}

TEST(PricesCli, ABadRateCardIsRefusedWholeNamingFileLineAndColumn) {
  const TempFile card("card.csv",
                      "applies_to,id,container,usd,valid_from,valid_to\n"
                      "service,kuryk-alat-ferry,40ft,1100,,\n"
                      "service,no-such-train,40ft,4800,,\n"
                      "crossing,khorgos-altynkol,any,3.5k,,\n"
                      "service,kuryk-alat-ferry,40ft,1000,2026-01-01,2026-12-31\n");
  const std::string file = card.path.string();
  for (const std::string& command : {kFeederStory, std::string("matrix --from KZ_AKTAU --to AZ_ALAT --depart 2026-12-08T08:00Z")}) {
    const CliRun r = caravan(command + " --rates " + file);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");  // nothing planned
    EXPECT_EQ(r.err, "caravan: --rates: " + file + ":3: column 'id': unknown service 'no-such-train'\n" + file +
                         ":4: column 'usd': '3.5k' is not a number\n" + file +
                         ":5: column 'valid_from': period 2026-01-01..2026-12-31 overlaps .. of line 2 for the same "
                         "element, charge and container\n");
  }
  const CliRun missing = caravan(kFeederStory + " --rates /nonexistent/card.csv");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.out, "");
  EXPECT_EQ(missing.err, "caravan: --rates: /nonexistent/card.csv: cannot open /nonexistent/card.csv\n");
}

TEST(PricesCli, MatrixTakesTheRateCard) {
  const std::string matrix = "matrix --from KZ_KURYK --to AZ_ALAT --depart 2026-12-08T08:00Z --format json";
  const CliRun without = caravan(matrix);
  const CliRun with = caravan(matrix + " --rates " + kExampleCard);
  ASSERT_EQ(with.exit_code, 0) << with.err;
  const json a = json::parse(without.out), b = json::parse(with.out);
  // The fastest does not ride the Kuryk ferry: it trucks round the Caspian, so only the card's road
  // rate (USD 1.35 per km) changes its price. The cheapest and greenest did ride it, on a wagon at
  // USD 720. At the card's 1,100 the cheapest goes by rail to Aktau and its rail ferry instead, and
  // the greenest pays 380 more.
  EXPECT_EQ(b["cells"][0]["fastest"]["arrive"], a["cells"][0]["fastest"]["arrive"]);
  EXPECT_EQ(a["cells"][0]["fastest"]["cost_usd"], 3752.52);
  EXPECT_EQ(b["cells"][0]["fastest"]["cost_usd"], 3488.28);
  EXPECT_EQ(a["cells"][0]["cheapest"]["cost_usd"], 1050.0);
  EXPECT_EQ(b["cells"][0]["cheapest"]["cost_usd"], 1065.58);
  EXPECT_EQ(a["cells"][0]["greenest"]["cost_usd"], 1050.0);
  EXPECT_EQ(b["cells"][0]["greenest"]["cost_usd"], 1430.0);
}

TEST(PricesCli, CostsInAnotherCurrencyKeepUsdBeside) {
  const json usd = route_json(kFeederStory);
  const json eur = route_json(kFeederStory + " --currency EUR");
  EXPECT_EQ(eur["query"]["currency"], "EUR");
  const json& summary = eur["itineraries"][0]["summary"];
  // USD stays as it was; the EUR figure is beside it, at the ECB Q2 2026 mean 0.8592 EUR per USD.
  EXPECT_EQ(summary["cost_usd"], usd["itineraries"][0]["summary"]["cost_usd"]);
  EXPECT_FALSE(usd["itineraries"][0]["summary"].contains("cost"));
  const json eur_cost = json::parse(R"({"amount": 1314.58, "currency": "EUR", "units_per_usd": 0.8592,
    "cost_breakdown": {"border_fees": 0.0, "documents": 42.96, "freight": 1031.04, "handling": 240.58, "storage": 0.0, "transshipment": 0.0}})");
  EXPECT_EQ(summary["cost"], eur_cost);
  EXPECT_EQ(eur["itineraries"][0]["legs"][0]["cost"], eur_cost);  // the one leg
  // Tenge at the Bank of Russia cross of 13 Dec 2025 (520 per USD), in force since.
  const json kzt = route_json(kFeederStory + " --currency KZT");
  EXPECT_EQ(kzt["itineraries"][0]["summary"]["cost"],
            json::parse(R"({"amount": 795600.0, "currency": "KZT", "units_per_usd": 520.0,
    "cost_breakdown": {"border_fees": 0.0, "documents": 26000.0, "freight": 624000.0, "handling": 145600.0, "storage": 0.0, "transshipment": 0.0}})"));
  // The table: the figure in brackets and a second breakdown line.
  const CliRun table = caravan(kFeederStory + " --currency EUR");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("USD 1530 (EUR 1315)"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("    USD per container: freight 1200 + handling 280 + documents 50 = 1530\n"
                           "    EUR per container: freight 1031 + handling 241 + documents 43 = 1315 (at 0.8592 EUR per USD)\n"),
            std::string::npos)
      << table.out;
  const CliRun bad = caravan(kFeederStory + " --currency GBP");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "caravan: --currency: 'GBP' is not one of USD, EUR, CNY, TRY, RUB, KZT, UZS\n");
}

}  // namespace
}  // namespace caravan
