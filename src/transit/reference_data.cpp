#include "transit/reference_data.hpp"

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "network/countries.hpp"

namespace caravan::transit {

bool is_iso3166_country(std::string_view alpha2) {
  return alpha2.size() == 2 && CountryTable::system().find(alpha2) != nullptr;
}

bool is_iso4217_currency(std::string_view alpha3) {
  static const std::set<std::string, std::less<>> codes = [] {
    std::set<std::string, std::less<>> out;
    std::ifstream in("/usr/share/iso-codes/json/iso_4217.json");
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_discarded() && j.contains("4217"))
      for (const auto& c : j["4217"]) out.insert(c.value("alpha_3", ""));
    return out;
  }();
  return codes.contains(alpha3);
}

bool is_office_code_format(std::string_view c) {
  if (c.size() != 8) return false;
  for (std::size_t i = 0; i < 8; ++i) {
    const bool upper = c[i] >= 'A' && c[i] <= 'Z';
    const bool digit = c[i] >= '0' && c[i] <= '9';
    if (i < 2 ? !upper : !(upper || digit)) return false;
  }
  return true;
}

bool is_hs6(std::string_view c) {
  if (c.size() != 6) return false;
  for (const char ch : c)
    if (ch < '0' || ch > '9') return false;
  return true;
}

}  // namespace caravan::transit
