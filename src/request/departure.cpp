#include "request/departure.hpp"

#include <fmt/format.h>

namespace caravan {

TimePoint resolve_departure(std::string_view text, const FieldRef& at, RequestErrors& errors) {
  if (text.empty()) return now_utc();
  std::string why;
  if (const auto t = parse_iso8601(text, &why)) return *t;
  add_error(errors, at, fmt::format("'{}': {}", text, why));
  return TimePoint{};
}

}  // namespace caravan
