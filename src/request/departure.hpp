#pragma once
// The one departure parser: ISO 8601 ("2026-03-02T08:00Z", "2026-03-02T08:00+06:00"), and empty
// text means now. Used for every departure or reference time a request carries.
#include <string_view>

#include "request/request_error.hpp"

namespace caravan {

// The time `text` names (now when empty), or TimePoint{} after adding a RequestError at `at`
// whose detail quotes the text: "'2026-13-01': month out of range".
TimePoint resolve_departure(std::string_view text, const FieldRef& at, RequestErrors& errors);

}  // namespace caravan
