#pragma once
// ISO 3166-1 country codes from Debian's iso-codes package, read once.
#include <string>
#include <string_view>
#include <unordered_map>

namespace caravan {

struct CountryInfo {
  std::string alpha3;
  std::string numeric;  // zero-padded, e.g. "398" (joins world-atlas ids)
  std::string name;
};

class CountryTable {
 public:
  // The table of the system's iso-codes package; empty (with load_error set) if it is missing.
  static const CountryTable& system();
  [[nodiscard]] const CountryInfo* find(std::string_view alpha2) const;
  [[nodiscard]] const std::string& load_error() const { return load_error_; }
  [[nodiscard]] std::size_t size() const { return by_alpha2_.size(); }

 private:
  std::unordered_map<std::string, CountryInfo> by_alpha2_;
  std::string load_error_;
};

}  // namespace caravan
