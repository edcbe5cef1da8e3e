#pragma once
// `caravan network crossings`: per crossing and direction, the published time to clear beside
// the engine's yearly mean and p90 over hourly arrivals (network/clearing_time.hpp).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "network/clearing_time.hpp"
#include "network/network.hpp"

namespace caravan {

struct ClearingRow {
  CrossingIdx crossing;
  bool a_to_b = true;
  const PublishedClearing* published = nullptr;  // into the network; none if not published
  ProcessingTime data;      // crossings.csv: the figures the engine is calibrated to
  ProcessingTime work;      // calibrated open time to clear (median and p90 planning)
  YearlyClearing engine;    // planning at the median: elapsed time over the year's arrivals
  YearlyClearing engine_p90;  // planning at the p90
  Duration calendar_floor;  // the yearly mean with no work at all: waiting for openings alone
  // |engine mean / published - 1| <= 5 % (and the same at the p90 where one is published)
  [[nodiscard]] bool within_band() const;
};

// Every crossing in both directions, in file order (only published ones if `published_only`).
std::vector<ClearingRow> clearing_rows(const Network& network, bool published_only);
nlohmann::json clearing_json(const Network& network, const std::vector<ClearingRow>& rows);
std::string clearing_table(const Network& network, const std::vector<ClearingRow>& rows);

}  // namespace caravan
