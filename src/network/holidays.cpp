#include "network/holidays.hpp"

#include <algorithm>
#include <optional>

namespace caravan {

namespace {

constexpr std::int64_t kDayBias = std::int64_t{1} << 47;

std::optional<std::uint64_t> key(std::string_view country, std::int64_t day) {
  auto letter = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (country.size() != 2 || !letter(country[0]) || !letter(country[1])) return std::nullopt;
  if (day <= -kDayBias || day >= kDayBias) return std::nullopt;
  return (std::uint64_t{static_cast<unsigned char>(country[0])} << 56) |
         (std::uint64_t{static_cast<unsigned char>(country[1])} << 48) | static_cast<std::uint64_t>(day + kDayBias);
}

}  // namespace

bool HolidayCalendar::add(std::string_view country, CivilDate date) {
  if (!is_valid_date(date)) return false;
  const auto k = key(country, days_from_civil(date));
  if (!k) return false;
  const auto it = std::lower_bound(keys_.begin(), keys_.end(), *k);
  if (it == keys_.end() || *it != *k) keys_.insert(it, *k);
  return true;
}

bool HolidayCalendar::is_holiday(std::string_view country, std::int64_t local_day) const {
  const auto k = key(country, local_day);
  return k && std::binary_search(keys_.begin(), keys_.end(), *k);
}

}  // namespace caravan
