#include "api/rate_card_field.hpp"

#include <fmt/format.h>

#include "network/rate_card.hpp"

namespace caravan::api {

RateRows read_rate_rows(FieldReader& in) {
  RateRows rows;
  rows.given = in.has("rates");
  in.objects("rates", [&](FieldReader& row, std::size_t) {
    row.only(std::span<const std::string_view>(kRateCardColumns));
    auto& cells = rows.cells.emplace_back();
    for (std::size_t c = 0; c < kRateCardColumns.size(); ++c) {
      const std::string key(kRateCardColumns[c]);
      if (!row.has(key)) continue;
      const auto& v = row.object().at(key);
      if (v.is_string()) cells[c] = v.get<std::string>();
      else if (v.is_number()) cells[c] = v.dump();
      else row.error(row.pointer(key), "must be a string or a number");
    }
  });
  return rows;
}

const std::vector<Tariff>* request_rate_card(FieldReader& in, const RateRows& rows, const Network& net,
                                             const ServerSettings& settings, std::optional<std::vector<Tariff>>& storage) {
  const std::vector<Tariff>* server_card = nullptr;
  if (settings.rate_cards) {
    const auto it = settings.rate_cards->find(&net);
    if (it != settings.rate_cards->end()) server_card = &it->second;
  }
  if (!rows.given) return server_card;
  Diagnostics diagnostics;
  // Each row's "line" is its index in the array, and its "file" the field's pointer.
  auto own = read_rate_card_rows(rows.cells, "/rates", net, diagnostics);
  for (const auto& d : diagnostics.items())
    in.error(d.column.empty() ? fmt::format("/rates/{}", d.line) : fmt::format("/rates/{}/{}", d.line, d.column), d.message);
  if (!own) return nullptr;
  storage = server_card ? overlay_rate_card(*own, *server_card) : std::move(*own);
  return &*storage;
}

}  // namespace caravan::api
