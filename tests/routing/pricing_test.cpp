// Prices by unit and date on the bundled tariffs: a 20, 40 or 45 ft container pays its own price
// (sourced ratios per mode), trucks and wagons carry two 20 ft boxes or one larger one, a price per
// shipment does not grow with the number of containers, and the departure date picks the price in
// force. Every figure is the tariff row times the units, exactly.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "network/network.hpp"
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

double service(const PriceList& p, const char* id, Carriage carriage) {
  return p.service_freight(bundled().service_by_id.at(id), carriage);
}

TEST(Pricing, CaspianFerryBySizeTruckAndWagon) {
  const auto at = day("2023-06-05");
  const PriceList one40(bundled(), cargo(ContainerSize::ft40, 1), at);
  EXPECT_DOUBLE_EQ(service(one40, "kuryk-alat-ferry", Carriage::container), 1200);  // ASCO per 40 ft
  EXPECT_DOUBLE_EQ(service(one40, "kuryk-alat-ferry", Carriage::truck), 899);       // 54.5 USD/m x 16.5 m
  EXPECT_DOUBLE_EQ(service(one40, "kuryk-alat-ferry", Carriage::wagon), 720);       // 48 USD/m x 15 m
  const PriceList one20(bundled(), cargo(ContainerSize::ft20, 1), at);
  EXPECT_DOUBLE_EQ(service(one20, "kuryk-alat-ferry", Carriage::container), 600);  // ASCO per 20 ft (ratio 0.5)
  const PriceList one45(bundled(), cargo(ContainerSize::ft45, 1), at);
  EXPECT_DOUBLE_EQ(service(one45, "kuryk-alat-ferry", Carriage::container), 1350);  // by length, 45/40
  // Three 20 ft boxes: three ferry slots, but two trucks.
  const PriceList three20(bundled(), cargo(ContainerSize::ft20, 3), at);
  EXPECT_DOUBLE_EQ(service(three20, "kuryk-alat-ferry", Carriage::container), 1800);
  EXPECT_DOUBLE_EQ(service(three20, "kuryk-alat-ferry", Carriage::truck), 2 * 899);
}

TEST(Pricing, TheDepartureDatePicksThePriceInForce) {
  const auto c = cargo(ContainerSize::ft40, 1);
  // ASCO cut the Baku-Turkmenbashi truck fare from 1,072 to 1,000 on 1 March 2023.
  EXPECT_DOUBLE_EQ(service(PriceList(bundled(), c, day("2023-02-28")), "alat-turkmenbashi-ferry", Carriage::truck), 1072);
  EXPECT_DOUBLE_EQ(service(PriceList(bundled(), c, day("2023-03-01")), "alat-turkmenbashi-ferry", Carriage::truck), 1000);
  // Drewry WCI Shanghai-Rotterdam: each assessment is in force until the next. From January 2024
  // the index is the price of the Cape sailings carriers run.
  EXPECT_DOUBLE_EQ(service(PriceList(bundled(), c, day("2024-07-04")), "shanghai-rotterdam-cape", Carriage::container), 8056);
  EXPECT_DOUBLE_EQ(service(PriceList(bundled(), c, day("2024-09-04")), "shanghai-rotterdam-cape", Carriage::container), 8056);
  EXPECT_DOUBLE_EQ(service(PriceList(bundled(), c, day("2024-09-05")), "shanghai-rotterdam-cape", Carriage::container), 7429);
  EXPECT_DOUBLE_EQ(service(PriceList(bundled(), c, day("2019-06-01")), "shanghai-rotterdam-suez", Carriage::container), 14028);
  // Sea freight for a 20 ft box: the CMA CGM FAK ratio 0.75.
  EXPECT_DOUBLE_EQ(service(PriceList(bundled(), cargo(ContainerSize::ft20, 1), day("2024-07-04")), "shanghai-rotterdam-cape",
                           Carriage::container),
                   8056 * 0.75);
}

// The Red Sea crisis: before 2024 the WCI prices Suez sailings, and the Cape pays its 9.25 extra
// days (USD 314 per 40 ft of hire and bunker); from the assessment of 4 Jan 2024 it prices the
// Cape sailings, so Suez is the index less those days and, westbound, less Maersk's USD 400
// Transit Disruption Surcharge; every ride through Bab-el-Mandeb pays the war-risk premium.
TEST(Pricing, RedSeaCrisisDiversionSurchargesAndWarRisk) {
  const auto c = cargo(ContainerSize::ft40, 1);
  const PriceList before(bundled(), c, day("2023-09-14"));
  EXPECT_DOUBLE_EQ(service(before, "shanghai-rotterdam-suez", Carriage::container), 1299);
  EXPECT_DOUBLE_EQ(service(before, "shanghai-rotterdam-cape", Carriage::container), 1299 + 314);
  const PriceList crisis(bundled(), c, day("2024-07-04"));
  EXPECT_DOUBLE_EQ(service(crisis, "shanghai-rotterdam-cape", Carriage::container), 8056);
  EXPECT_DOUBLE_EQ(service(crisis, "shanghai-rotterdam-suez", Carriage::container), 8056 - 314 - 400);
  EXPECT_DOUBLE_EQ(service(crisis, "rotterdam-shanghai-cape", Carriage::container), 643);
  EXPECT_DOUBLE_EQ(service(crisis, "rotterdam-shanghai-suez", Carriage::container), 643 - 314);

  const NodeIdx strait = bundled().node_by_id.at("CHK_BABELMANDEB");
  EXPECT_DOUBLE_EQ(before.node_surcharge(strait), 0);
  EXPECT_DOUBLE_EQ(PriceList(bundled(), c, day("2024-01-10")).node_surcharge(strait), 162.5);  // 0.325 % of USD 200 m / 4,000 FEU
  EXPECT_DOUBLE_EQ(crisis.node_surcharge(strait), 437.5);                                      // USD 1.75 m / 4,000 FEU
  EXPECT_DOUBLE_EQ(PriceList(bundled(), cargo(ContainerSize::ft20, 3), day("2024-07-04")).node_surcharge(strait), 3 * 218.75);
  EXPECT_DOUBLE_EQ(PriceList(bundled(), cargo(ContainerSize::ft45, 2), day("2024-07-04")).node_surcharge(strait), 2 * 437.5 * 1.1);
  EXPECT_DOUBLE_EQ(crisis.node_surcharge(bundled().node_by_id.at("CHK_SUEZ")), 0);
}

TEST(Pricing, TenContainersCostWhatTenCost) {
  const auto at = day("2026-12-07");
  const PriceList one(bundled(), cargo(ContainerSize::ft40, 1), at);
  const PriceList ten(bundled(), cargo(ContainerSize::ft40, 10), at);
  // Per container: ten times.
  EXPECT_DOUBLE_EQ(ten.handling(Profile::sea), 10 * one.handling(Profile::sea));
  EXPECT_DOUBLE_EQ(ten.freight(Profile::rail_electric).usd_per_km, 10 * one.freight(Profile::rail_electric).usd_per_km);
  // Per shipment: once (a bill of lading, a rail consignment's clearance).
  EXPECT_DOUBLE_EQ(one.documents(Profile::sea), 63);
  EXPECT_DOUBLE_EQ(ten.documents(Profile::sea), 63);
  EXPECT_DOUBLE_EQ(ten.documents(Profile::rail_diesel), 75);
  // Per truck: ten 20 ft boxes ride five trucks, so they pay what five 40 ft boxes pay.
  const PriceList ten20(bundled(), cargo(ContainerSize::ft20, 10), at);
  const PriceList five40(bundled(), cargo(ContainerSize::ft40, 5), at);
  EXPECT_DOUBLE_EQ(ten20.freight(Profile::road).usd_per_km, 5 * 1.47);
  EXPECT_DOUBLE_EQ(ten20.freight(Profile::road).usd_per_km, five40.freight(Profile::road).usd_per_km);
  EXPECT_DOUBLE_EQ(ten20.documents(Profile::road), 5 * 50.0);
  // Border fees are per consignment of a truck or a wagon (CPMM TFI2): Khorgos road, USD 930 per TEU column.
  const auto khorgos = bundled().crossing_by_id.at("khorgos-nurzholy");
  EXPECT_DOUBLE_EQ(one.border_fees(khorgos), 1860);
  EXPECT_DOUBLE_EQ(ten20.border_fees(khorgos), 5 * 1860);
  // Rail freight per 40 ft container-km in force on 7 Dec 2026, and a 20 ft at the 2023 KZ/TM/IR ratio 0.625.
  EXPECT_DOUBLE_EQ(one.freight(Profile::rail_diesel).usd_per_km, 0.364);
  EXPECT_DOUBLE_EQ(PriceList(bundled(), cargo(ContainerSize::ft20, 1), at).freight(Profile::rail_diesel).usd_per_km,
                   0.364 * 0.625);
}

}  // namespace
}  // namespace caravan
