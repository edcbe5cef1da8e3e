#include "analysis/od_pairs.hpp"

#include <array>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "core/csv.hpp"
#include "request/place_resolver.hpp"

namespace caravan::analysis {
namespace {

// Gateways and terminals where corridor freight starts, changes mode or ends: the China
// export hubs, the Central Asian capitals and dry ports, the Caspian and Black Sea ports, and
// the European destinations of the China–Europe trains and deep-sea services.
constexpr std::array<std::string_view, 24> kHubs = {
    "CN_SHANGHAI", "CN_LIANYUNGANG", "CN_ZHENGZHOU", "CN_XIAN",     "CN_CHONGQING", "CN_CHENGDU",
    "CN_URUMQI",   "CN_KASHGAR",     "KZ_ALMATY",    "KZ_AKTAU",    "KG_BISHKEK",   "UZ_TASHKENT",
    "UZ_ANDIJAN",  "TM_ASHGABAT",    "IR_TEHRAN",    "AZ_BAKU",     "GE_POTI",      "TR_ISTANBUL",
    "RU_MOSCOW",   "PL_MALASZEWICZE", "DE_DUISBURG", "DE_HAMBURG",  "NL_ROTTERDAM", "GR_PIRAEUS"};

}  // namespace

std::vector<NodeIdx> hub_nodes(const Network& net) {
  std::vector<NodeIdx> out;
  for (const auto id : kHubs)
    if (const auto it = net.node_by_id.find(std::string(id)); it != net.node_by_id.end()) out.push_back(it->second);
  return out;
}

std::vector<OdPair> hub_pairs(const Network& net) {
  const auto hubs = hub_nodes(net);
  std::vector<OdPair> out;
  for (const NodeIdx a : hubs)
    for (const NodeIdx b : hubs)
      if (a != b) out.push_back({a, b, 0});
  return out;
}

NodeIdx resolve_row_place(const PlaceIndex& index, const std::string& text, const std::string& where) {
  RequestErrors errors;
  const NodeIdx node = caravan::resolve_place(index, text, {"place", ""}, errors);
  if (!errors.empty()) throw std::invalid_argument(fmt::format("{}: {}", where, errors.front().detail));
  return node;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument(fmt::format("cannot read {}", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<OdPair> parse_od_csv(const Network& /*net*/, const PlaceIndex& index, const std::string& text,
                                 const std::string& file_name) {
  Diagnostics diagnostics;
  const CsvTable table = parse_csv(text, file_name, diagnostics);
  if (!diagnostics.empty()) throw std::invalid_argument(diagnostics.items().front().to_string());
  const auto from_col = table.column("origin"), to_col = table.column("destination");
  if (!from_col || !to_col)
    throw std::invalid_argument(fmt::format("{}:1: the header needs the columns origin and destination", file_name));
  std::vector<OdPair> out;
  for (const auto& record : table.records) {
    const std::string where = fmt::format("{}:{}", file_name, record.line);
    OdPair pair;
    pair.line = record.line;
    pair.from = resolve_row_place(index, std::string(record.fields[*from_col]), where + ": origin");
    pair.to = resolve_row_place(index, std::string(record.fields[*to_col]), where + ": destination");
    if (pair.from == pair.to) throw std::invalid_argument(where + ": origin and destination are the same place");
    out.push_back(pair);
  }
  if (out.empty()) throw std::invalid_argument(fmt::format("{}: no origin-destination pairs", file_name));
  return out;
}

std::vector<OdPair> read_od_file(const Network& net, const PlaceIndex& index, const std::string& path) {
  return parse_od_csv(net, index, read_text_file(path), path);
}

}  // namespace caravan::analysis
