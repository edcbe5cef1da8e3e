#pragma once
// The `rates` field of POST /v1/route and /v1/matrix: a rate card's rows given inline, each an
// object with the columns of a rate card file (docs/data-format.md "Rate cards"). They are read by
// the file's reader, so a bad row is a 400 at /rates/N/column with the file's message, and a
// request with any bad row plans nothing.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "api/body_reader.hpp"
#include "api/server.hpp"

namespace caravan::api {

struct RateRows {
  bool given = false;                             // the request has a `rates` field
  std::vector<std::array<std::string, 6>> cells;  // each row's columns as text ("" when absent)
};

// Reads the rows as text (before the network is known): unknown keys and values that are neither
// a string nor a number are errors at their pointers.
RateRows read_rate_rows(FieldReader& in);

// The card a request plans with on `net`: its own rows over the server's card (settings.rate_cards),
// or the server's card alone, or null. Problems of the rows go to `in` at /rates/N/column;
// `storage` keeps a card built for this request.
const std::vector<Tariff>* request_rate_card(FieldReader& in, const RateRows& rows, const Network& net,
                                             const ServerSettings& settings, std::optional<std::vector<Tariff>>& storage);

}  // namespace caravan::api
