#pragma once
// Public holidays by country: the days on which a side whose hours say `PH off` is closed.
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace caravan {

class HolidayCalendar {
 public:
  // `country` is an ISO 3166-1 alpha-2 code ("CN"). Returns false (and adds nothing) for a code
  // that is not two letters A-Z or a date that does not exist. Adding a day twice is harmless.
  bool add(std::string_view country, CivilDate date);
  // `local_day` counts days since 1970-01-01 in the country's local calendar.
  [[nodiscard]] bool is_holiday(std::string_view country, std::int64_t local_day) const;
  [[nodiscard]] std::size_t size() const { return keys_.size(); }

 private:
  // Sorted, unique keys: the two letters in the top 16 bits, the day (biased by 2^47) below, so a
  // lookup is one binary search over a few hundred integers.
  std::vector<std::uint64_t> keys_;
};

}  // namespace caravan
