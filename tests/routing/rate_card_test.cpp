// Rate cards (network/rate_card.hpp): a card's row replaces the bundled price of exactly the
// element it names, on the dates it names; every other price stays what the dataset gives. A card
// with a bad row is refused whole, each problem named by file, line and column.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "network/network.hpp"
#include "network/places.hpp"
#include "network/rate_card.hpp"
#include "request/route_request.hpp"
#include "routing/pricing.hpp"

namespace caravan {
namespace {

const Network& bundled() {
  static const auto loaded = load_network(std::string(CARAVAN_TEST_DIR) + "/../data/corridors");
  EXPECT_TRUE(loaded.network) << loaded.diagnostics.to_string();
  return *loaded.network;
}

Cargo cargo(ContainerSize size, int containers) { return Cargo::of(size, containers); }

TimePoint day(const char* date) { return *parse_iso8601(std::string(date) + "T08:00Z"); }

std::vector<Tariff> example_card() {
  Diagnostics diagnostics;
  const auto card = read_rate_card_file(std::string(CARAVAN_TEST_DIR) + "/../examples/rate-card.csv", bundled(), diagnostics);
  EXPECT_TRUE(card) << diagnostics.to_string();
  return card.value_or(std::vector<Tariff>{});
}

// Reads `text` as a rate card file named card.csv; the diagnostics' text, or "" when it is good.
std::string problems_of(const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / "card.csv";
  std::ofstream(path) << text;
  Diagnostics diagnostics;
  const auto card = read_rate_card_file(path.string(), bundled(), diagnostics);
  std::filesystem::remove(path);
  std::string out = diagnostics.to_string();
  const std::string prefix = path.string();
  for (std::size_t at; (at = out.find(prefix)) != std::string::npos;) out.replace(at, prefix.size(), "card.csv");
  EXPECT_EQ(card.has_value(), out.empty());
  return out;
}

TEST(RateCard, TheExampleCardPricesExactlyWhatItNames) {
  const auto card = example_card();
  const auto& net = bundled();
  const auto at = day("2026-12-07");
  const PriceList with(net, cargo(ContainerSize::ft40, 1), at, &card);
  const PriceList without(net, cargo(ContainerSize::ft40, 1), at);
  const auto service = [&](const PriceList& p, const char* id, Carriage c) { return p.service_freight(net.service_by_id.at(id), c); };
  // The card's second-half 2026 rate for the Xi'an-Duisburg train, and its flat Kuryk-Alat rate,
  // whether the box sails loose, on a truck or on a wagon.
  EXPECT_DOUBLE_EQ(service(with, "xian-duisburg-rail", Carriage::container), 5100);
  EXPECT_DOUBLE_EQ(service(with, "kuryk-alat-ferry", Carriage::container), 1100);
  EXPECT_DOUBLE_EQ(service(with, "kuryk-alat-ferry", Carriage::truck), 1100);
  EXPECT_DOUBLE_EQ(service(with, "kuryk-alat-ferry", Carriage::wagon), 1100);
  // A crossing's price is its fee (per container, any size); a mode's is per container-km; a link's per container.
  EXPECT_DOUBLE_EQ(with.border_fees(net.crossing_by_id.at("khorgos-altynkol")), 350);
  EXPECT_DOUBLE_EQ(with.freight(Profile::road).usd_per_km, 1.35);
  EXPECT_DOUBLE_EQ(with.freight(Profile::road).usd, 0);
  EXPECT_EQ(with.link_freight(net.link_by_id.at("rail:KZ_ALMATY:KZ_SHU")), std::optional<double>(95));
  // Everything else is the dataset's.
  for (const auto s : net.services.indices()) {
    const auto& id = net.services[s].id;
    if (id == "xian-duisburg-rail" || id == "kuryk-alat-ferry") continue;
    for (const auto c : {Carriage::container, Carriage::truck, Carriage::wagon})
      EXPECT_EQ(with.service_freight(s, c), without.service_freight(s, c)) << id;
  }
  for (const auto c : net.crossings.indices()) {
    if (net.crossings[c].id == "khorgos-altynkol") continue;
    EXPECT_EQ(with.border_fees(c), without.border_fees(c)) << net.crossings[c].id;
    EXPECT_EQ(with.transshipment(c), without.transshipment(c)) << net.crossings[c].id;
  }
  for (const auto p : {Profile::rail_electric, Profile::rail_diesel, Profile::ferry, Profile::sea}) {
    EXPECT_EQ(with.freight(p).usd_per_km, without.freight(p).usd_per_km);
    EXPECT_EQ(with.handling(p), without.handling(p));
  }
  EXPECT_EQ(with.handling(Profile::road), without.handling(Profile::road));
  EXPECT_EQ(with.documents(Profile::road), without.documents(Profile::road));
}

TEST(RateCard, ItsDatesAndSizesPickTheRow) {
  const auto card = example_card();
  const auto& net = bundled();
  const auto train = net.service_by_id.at("xian-duisburg-rail");
  EXPECT_DOUBLE_EQ(PriceList(net, cargo(ContainerSize::ft40, 1), day("2026-03-02"), &card).service_freight(train, Carriage::container), 4800);
  EXPECT_DOUBLE_EQ(PriceList(net, cargo(ContainerSize::ft40, 1), day("2026-07-01"), &card).service_freight(train, Carriage::container), 5100);
  // The card's own 20 ft row, for each of two boxes.
  EXPECT_DOUBLE_EQ(PriceList(net, cargo(ContainerSize::ft20, 2), day("2026-12-07"), &card).service_freight(train, Carriage::container), 2 * 3300);
  // After the card's last date the bundled tariff is back.
  EXPECT_EQ(PriceList(net, cargo(ContainerSize::ft40, 1), day("2027-01-04"), &card).service_freight(train, Carriage::container),
            PriceList(net, cargo(ContainerSize::ft40, 1), day("2027-01-04")).service_freight(train, Carriage::container));
  // `any`: three 20 ft boxes pay the crossing's card price each.
  EXPECT_DOUBLE_EQ(PriceList(net, cargo(ContainerSize::ft20, 3), day("2026-12-07"), &card).border_fees(net.crossing_by_id.at("khorgos-altynkol")),
                   3 * 350);
}

TEST(RateCard, EachKindOfBadRowIsNamedByLineAndColumn) {
  const std::string header = "applies_to,id,container,usd,valid_from,valid_to\n";
  EXPECT_EQ(problems_of(header + "service,xian-duisburg-rail,40ft,4800,,\n"), "");
  EXPECT_EQ(problems_of(header + "service,no-such-train,40ft,4800,,\n"), "card.csv:2: column 'id': unknown service 'no-such-train'\n");
  EXPECT_EQ(problems_of(header + "crossing,xian-duisburg-rail,any,100,,\n"),
            "card.csv:2: column 'id': unknown crossing 'xian-duisburg-rail'\n");
  EXPECT_EQ(problems_of(header + "node,CN_XIAN,any,100,,\n"),
            "card.csv:2: column 'applies_to': 'node' is not one of service, link, crossing, mode\n");
  EXPECT_EQ(problems_of(header + "mode,hovercraft,any,1,,\n"),
            "card.csv:2: column 'id': 'hovercraft' is not a mode (rail, road, ferry, sea) or a profile of modes.csv\n");
  EXPECT_EQ(problems_of(header + "service,xian-duisburg-rail,40ft,4.8k,,\n"), "card.csv:2: column 'usd': '4.8k' is not a number\n");
  EXPECT_EQ(problems_of(header + "service,xian-duisburg-rail,40ft,-5,,\n"), "card.csv:2: column 'usd': -5 is out of range [0, 10000000]\n");
  EXPECT_EQ(problems_of(header + "service,xian-duisburg-rail,53ft,4800,,\n"),
            "card.csv:2: column 'container': '53ft' is not one of 20ft, 40ft, 45ft, any\n");
  EXPECT_EQ(problems_of(header + "service,xian-duisburg-rail,40ft,4800,2026-13-01,\n"),
            "card.csv:2: column 'valid_from': '2026-13-01' is not a date YYYY-MM-DD\n");
  EXPECT_EQ(problems_of(header + "service,xian-duisburg-rail,40ft,4800,2026-12-31,2026-01-01\n"),
            "card.csv:2: column 'valid_to': 2026-01-01 is before valid_from 2026-12-31\n");
  EXPECT_EQ(problems_of(header + "service,xian-duisburg-rail,40ft,4800,2026-01-01,2026-12-31\n"
                                 "service,xian-duisburg-rail,40ft,5100,2026-06-01,\n"),
            "card.csv:3: column 'valid_from': period 2026-06-01.. overlaps 2026-01-01..2026-12-31 of line 2 for the same "
            "element, charge and container\n");
  EXPECT_EQ(problems_of("applies_to,id,usd,valid_from,valid_to\nservice,xian-duisburg-rail,4800,,\n"),
            "card.csv:1: column 'container': required column is missing\n");
  EXPECT_EQ(problems_of(header.substr(0, header.size() - 1) + ",note\nservice,xian-duisburg-rail,40ft,4800,,,x\n"),
            "card.csv:1: column 'note': unknown column (see docs/data-format.md)\n");
  EXPECT_EQ(problems_of(""), "card.csv: empty file: a header line is required\n");
  // Several bad rows: every one is reported, and no card comes back.
  EXPECT_EQ(problems_of(header + "service,no-such-train,40ft,4800,,\nlink,no-such-link,40ft,x,,\n"),
            "card.csv:2: column 'id': unknown service 'no-such-train'\n"
            "card.csv:3: column 'id': unknown link 'no-such-link'\n"
            "card.csv:3: column 'usd': 'x' is not a number\n");
}

TEST(RateCard, InlineRowsAreNamedByTheirIndex) {
  Diagnostics diagnostics;
  const auto card = read_rate_card_rows({{"service", "xian-duisburg-rail", "40ft", "4800", "2026-01-01", ""},
                                         {"service", "xian-duisburg-rail", "40ft", "5100", "2026-06-01", ""}},
                                        "/rates", bundled(), diagnostics);
  EXPECT_FALSE(card);
  EXPECT_EQ(diagnostics.to_string(),
            "/rates:1: column 'valid_from': period 2026-06-01.. overlaps 2026-01-01.. of /rates/0 for the same element, "
            "charge and container\n");
}

TEST(RateCard, ARequestsRowsComeBeforeTheServersCard) {
  Diagnostics diagnostics;
  const auto server = read_rate_card_rows({{"service", "xian-duisburg-rail", "any", "4000", "", ""},
                                           {"crossing", "khorgos-altynkol", "any", "300", "", ""}},
                                          "server", bundled(), diagnostics);
  const auto request = read_rate_card_rows({{"service", "xian-duisburg-rail", "40ft", "4500", "", ""}}, "/rates", bundled(), diagnostics);
  ASSERT_TRUE(server && request) << diagnostics.to_string();
  const auto both = overlay_rate_card(*request, *server);
  const PriceList p(bundled(), cargo(ContainerSize::ft40, 1), day("2026-12-07"), &both);
  EXPECT_DOUBLE_EQ(p.service_freight(bundled().service_by_id.at("xian-duisburg-rail"), Carriage::container), 4500);
  EXPECT_DOUBLE_EQ(p.border_fees(bundled().crossing_by_id.at("khorgos-altynkol")), 300);
  // The request's 40 ft row replaces the server's row for that train altogether (a 20 ft box is
  // priced from it by the rail ratio, not from the server's `any`).
  EXPECT_EQ(both.size(), 2u);
}

}  // namespace
}  // namespace caravan

namespace caravan {
namespace {

// --currency: a code currencies.csv lacks, and a departure no row of a known code covers, are
// errors at the field; a good one carries the rate in force that day.
TEST(Currency, TheDepartureDatePicksTheRateOrSaysThereIsNone) {
  Network net = bundled();  // a copy: only EUR rates from 2026 on
  std::erase_if(net.currencies, [](const CurrencyRate& r) { return r.currency == "EUR" && r.valid_from_day < 20454; });
  const PlaceIndex index(net);
  RouteRequest r;
  r.from = "KZ_AKTAU";
  r.to = "AZ_ALAT";
  r.currency = "EUR";
  r.depart = "2026-12-08T08:00Z";
  const auto good = build_route_query(net, index, r);
  ASSERT_TRUE(good.query);
  EXPECT_EQ(good.query->currency.code, "EUR");
  EXPECT_DOUBLE_EQ(good.query->currency.units_per_usd, 0.8592);
  r.depart = "2025-12-08T08:00Z";
  const auto early = build_route_query(net, index, r);
  ASSERT_EQ(early.errors.size(), 1u);
  EXPECT_EQ(early.errors[0].pointer, "/currency");
  EXPECT_EQ(early.errors[0].detail, "currencies.csv has no EUR rate on the departure date 2025-12-08");
  r.currency = "eur";
  const auto lower = build_route_query(net, index, r);
  ASSERT_EQ(lower.errors.size(), 1u);
  EXPECT_EQ(lower.errors[0].detail, "'eur' is not one of USD, EUR, CNY, TRY, RUB, KZT, UZS");
}

}  // namespace
}  // namespace caravan
