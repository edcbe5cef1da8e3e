#include "network/countries.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

namespace caravan {

const CountryTable& CountryTable::system() {
  static const CountryTable table = [] {
    CountryTable t;
    const char* path = "/usr/share/iso-codes/json/iso_3166-1.json";
    std::ifstream in(path);
    if (!in) {
      t.load_error_ = std::string("cannot read ") + path + " (Debian package iso-codes)";
      return t;
    }
    const auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.contains("3166-1")) {
      t.load_error_ = std::string("unexpected content in ") + path;
      return t;
    }
    for (const auto& c : json["3166-1"]) {
      t.by_alpha2_[c.value("alpha_2", "")] =
          CountryInfo{c.value("alpha_3", ""), c.value("numeric", ""), c.value("name", "")};
    }
    return t;
  }();
  return table;
}

const CountryInfo* CountryTable::find(std::string_view alpha2) const {
  const auto it = by_alpha2_.find(std::string(alpha2));
  return it == by_alpha2_.end() ? nullptr : &it->second;
}

}  // namespace caravan
