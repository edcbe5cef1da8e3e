#pragma once
// Dated prices: tariffs.csv of the dataset and rate cards given with a request read the same rows
// (docs/data-format.md), so both are checked by one reader. Also the tables that go with them:
// container-ratios.csv and currencies.csv.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.hpp"
#include "core/diagnostics.hpp"
#include "network/network.hpp"

namespace caravan {

// Reads tariff rows (tariffs.csv: applies_to,id,charge,container,per,usd,valid_from,valid_to,source;
// a rate card: applies_to,id,container,usd,valid_from,valid_to) against `net`, appending the good
// ones to `out` and reporting every problem with file:line and column. A `mode` row may name a
// profile (rail_electric) or a mode (rail: every rail profile).
void read_tariff_rows(const CsvTable& table, const Network& net, bool rate_card, std::vector<Tariff>& out,
                      Diagnostics& diagnostics);

// Reports rows of the same element, charge, container size and unit family whose periods overlap
// (the later row, naming the earlier one's line; or, for rows given inline in a request, whose
// "line" is their index, the earlier one's JSON pointer `row_pointer`/index, e.g. "/rates/0").
void check_tariff_overlaps(const std::vector<Tariff>& tariffs, Diagnostics& diagnostics, std::string_view row_pointer = {});

// Units that price the same thing, so that one row of a family must be in force at a time and a
// price looked up for one unit may come from another of its family: 1 for truck and truck_km,
// 2 for wagon and wagon_km, 0 for every other unit (each a family of its own).
int price_unit_family(PriceUnit u);

// The element a tariff names, as it appears in files ("service xian-duisburg-rail").
std::string tariff_target_text(const Network& net, const Tariff& t);

// A date YYYY-MM-DD as days since 1970-01-01; nullopt if malformed.
std::optional<std::int64_t> parse_day(std::string_view text);

// Units of `currency` per USD in force on `day`; nullopt if the table has no rate for it then.
std::optional<double> units_per_usd(const Network& net, std::string_view currency, std::int64_t day);

// Reads container-ratios.csv and currencies.csv rows into `net`.
void read_container_ratios(const CsvTable& table, Network& net, Diagnostics& diagnostics);
void read_currencies(const CsvTable& table, Network& net, Diagnostics& diagnostics);

}  // namespace caravan
