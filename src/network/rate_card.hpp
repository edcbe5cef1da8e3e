#pragma once
// A forwarder's own contracted rates (`caravan route|matrix|serve --rates FILE`, API `rates`):
// CSV `applies_to,id,container,usd,valid_from,valid_to` (docs/data-format.md "Rate cards"). Each
// row is a price per container for the element it names (per container-km for a mode), overriding
// the dataset's for that element. A card with any bad row is rejected whole, so nothing is planned
// with half a card. The rows are read by the reader of tariffs.csv (network/tariffs.hpp).
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "network/network.hpp"

namespace caravan {

inline constexpr std::array<std::string_view, 6> kRateCardColumns = {"applies_to", "id",         "container",
                                                                     "usd",        "valid_from", "valid_to"};

// Reads and checks a rate card file; nullopt (with every problem in `diagnostics` as
// FILE:LINE: column: message) if the file cannot be read, any row is bad, or two rows for the same
// element and size overlap in time.
std::optional<std::vector<Tariff>> read_rate_card_file(const std::string& path, const Network& net, Diagnostics& diagnostics);

// The same for rows given as text cells in kRateCardColumns order (the API's inline rows). Each
// diagnostic has `file` = `name` and `line` = the row's index, so the caller can point at it
// (`name` is the rows' JSON pointer, "/rates": an overlap names the other row as "/rates/0").
std::optional<std::vector<Tariff>> read_rate_card_rows(const std::vector<std::array<std::string, 6>>& rows,
                                                       const std::string& name, const Network& net,
                                                       Diagnostics& diagnostics);

// `over`'s rows and those of `base` for elements `over` does not name (by element and charge): a
// request's own rows before the server's card.
std::vector<Tariff> overlay_rate_card(const std::vector<Tariff>& over, const std::vector<Tariff>& base);

}  // namespace caravan
