#include "network/rate_card.hpp"

#include <memory>
#include <set>
#include <tuple>

#include "core/csv.hpp"
#include "network/row_reader.hpp"
#include "network/tariffs.hpp"

namespace caravan {
namespace {

const TableSpec kRateCardSpec{"rate card", {kRateCardColumns.begin(), kRateCardColumns.end()}, {}};

std::optional<std::vector<Tariff>> checked(const CsvTable& table, const Network& net, Diagnostics& diagnostics,
                                           std::string_view row_pointer = {}) {
  const std::size_t before = diagnostics.size();
  std::vector<Tariff> rows;
  read_tariff_rows(table, net, true, rows, diagnostics);
  check_tariff_overlaps(rows, diagnostics, row_pointer);
  if (diagnostics.size() != before) return std::nullopt;
  return rows;
}

}  // namespace

std::optional<std::vector<Tariff>> read_rate_card_file(const std::string& path, const Network& net, Diagnostics& diagnostics) {
  const std::size_t before = diagnostics.size();
  auto table = read_csv_file(path, path, diagnostics, std::size_t{64} << 20);
  if (!table || diagnostics.size() != before) return std::nullopt;  // missing, empty or malformed
  // check_header names the table by its spec; a rate card is named by its path.
  Diagnostics header;
  if (!check_header(*table, kRateCardSpec, header) || !header.empty()) {
    for (const auto& d : header.items()) diagnostics.add(path, 1, d.column, d.message);
    return std::nullopt;
  }
  return checked(*table, net, diagnostics);
}

std::optional<std::vector<Tariff>> read_rate_card_rows(const std::vector<std::array<std::string, 6>>& rows,
                                                       const std::string& name, const Network& net,
                                                       Diagnostics& diagnostics) {
  CsvTable table;
  table.file = name;
  table.header.assign(kRateCardColumns.begin(), kRateCardColumns.end());
  table.cells.reserve(rows.size() * kRateCardColumns.size());
  for (const auto& row : rows)
    for (const auto& cell : row) table.cells.push_back(table.unescaped.emplace_back(cell));
  for (std::size_t i = 0; i < rows.size(); ++i)
    table.records.push_back({static_cast<int>(i), std::span<const std::string_view>(table.cells).subspan(i * 6, 6)});
  return checked(table, net, diagnostics, name);
}

std::vector<Tariff> overlay_rate_card(const std::vector<Tariff>& over, const std::vector<Tariff>& base) {
  std::set<std::tuple<int, std::uint32_t, int>> named;
  for (const auto& t : over) named.emplace(static_cast<int>(t.applies_to), t.index, static_cast<int>(t.charge));
  std::vector<Tariff> out = over;
  for (const auto& t : base)
    if (!named.contains({static_cast<int>(t.applies_to), t.index, static_cast<int>(t.charge)})) out.push_back(t);
  return out;
}

}  // namespace caravan
