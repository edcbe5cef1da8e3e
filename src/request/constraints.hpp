#pragma once
// The hard constraints of a request (avoid countries, crossings, chokepoints; allowed modes) as
// the user writes them, resolved once into RouteConstraints. Route planning and every analysis
// read them through here, so they accept the same values with the same messages.
#include <optional>
#include <string>
#include <vector>

#include "request/query.hpp"
#include "request/request_error.hpp"

namespace caravan {

// Every list also accepts comma-separated items ("RU,IR").
struct ConstraintRequest {
  std::vector<std::string> avoid_countries;    // ISO 3166-1 alpha-2 codes or country names
  std::vector<std::string> avoid_crossings;    // crossing or border-node names, or a country pair "CN-KZ"
  std::vector<std::string> avoid_chokepoints;  // suez, bab-el-mandeb, hormuz, malacca, bosporus, gibraltar, cape
  std::vector<std::string> modes = {"rail", "road", "ferry", "sea", "air"};
};

// A country by its ISO 3166-1 alpha-2 code (any case) or a name or alias of countries.csv
// ("Russia", "Russian Federation", "RUS"); otherwise nullopt with `why` set (with the closest
// names when the text is a near miss).
std::optional<CountryCode> resolve_country(const Network& net, const std::string& text, std::string& why);

// Resolves every item; each bad one adds a RequestError with the field name and a pointer
// "/<field>/<index of the list element>".
RouteConstraints resolve_constraints(const Network& net, const PlaceIndex& index, const ConstraintRequest& request,
                                     RequestErrors& errors);

}  // namespace caravan
