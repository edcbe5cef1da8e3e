#include "network/link_geometry.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <unordered_set>

#include "core/csv.hpp"
#include "core/geo.hpp"
#include "core/text.hpp"
#include "network/row_reader.hpp"

namespace caravan {

namespace {
const TableSpec kGeometrySpec{"geometry.csv", {"link_id", "length_km", "source", "line"}, {}};
constexpr double kEndToleranceKm = 1.0;
}  // namespace

std::size_t LinkGeometry::recorded() const {
  std::size_t n = 0;
  for (const auto& l : lines) n += l.empty() ? 0 : 1;
  return n;
}

LinkGeometry load_link_geometry(const Network& net, const std::string& corridors_dir, Diagnostics& diagnostics) {
  LinkGeometry out;
  out.lines.resize(net.links.size());
  const std::string path = corridors_dir + "/" + std::string(kGeometrySpec.file);
  if (!std::filesystem::exists(path)) return out;
  auto table = read_csv_file(path, std::string(kGeometrySpec.file), diagnostics);
  if (!table || table->header.empty() || !check_header(*table, kGeometrySpec, diagnostics)) return out;
  std::unordered_set<std::string> seen;
  for (const auto& record : table->records) {
    RowReader row(*table, record, diagnostics);
    const std::string id = row.required("link_id");
    row.number("length_km", 0, 50000, true);
    row.source();
    const auto it = net.link_by_id.find(id);
    if (it == net.link_by_id.end()) {
      if (!id.empty()) row.error("link_id", fmt::format("unknown link '{}'", id));
      continue;
    }
    if (!seen.insert(id).second) {
      row.error("link_id", fmt::format("link '{}' has a line already", id));
      continue;
    }
    std::vector<LonLat> line;
    bool ok = true;
    for (const auto& point : split_list(row.text("line"), ';')) {
      const auto space = point.find(' ');
      const auto lon = space == std::string::npos ? std::nullopt : parse_double(point.substr(0, space));
      const auto lat = space == std::string::npos ? std::nullopt : parse_double(point.substr(space + 1));
      if (!lon || !lat || *lon < -180 || *lon > 180 || *lat < -90 || *lat > 90) {
        row.error("line", fmt::format("point {} ('{}') is not 'lon lat' in degrees", line.size() + 1, point));
        ok = false;
        break;
      }
      line.push_back({*lon, *lat});
    }
    if (!ok) continue;
    if (line.size() < 2) {
      row.error("line", "a line needs at least two points");
      continue;
    }
    // The line runs from `from` to `to`, so the legs drawn from consecutive links join up.
    const Link& link = net.links[it->second];
    const Node& a = net.nodes[link.from];
    const Node& b = net.nodes[link.to];
    const double off_a = great_circle_km(line.front().lat, line.front().lon, a.lat, a.lon);
    const double off_b = great_circle_km(line.back().lat, line.back().lon, b.lat, b.lon);
    if (off_a > kEndToleranceKm || off_b > kEndToleranceKm) {
      row.error("line", fmt::format("starts {:.1f} km from {} and ends {:.1f} km from {}; a line runs from the "
                                    "link's `from` node to its `to` node",
                                    off_a, a.id, off_b, b.id));
      continue;
    }
    if (row.ok()) out.lines[it->second.index()] = std::move(line);
  }
  return out;
}

std::shared_ptr<const LinkGeometry> link_geometry(const Network& net) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, std::size_t>, std::shared_ptr<const LinkGeometry>> cache;
  const std::lock_guard lock(mutex);
  auto& slot = cache[{net.data_dir, net.links.size()}];
  if (!slot) {
    Diagnostics problems;
    auto geometry = load_link_geometry(net, net.data_dir, problems);
    if (!problems.empty()) geometry = LinkGeometry{std::vector<std::vector<LonLat>>(net.links.size())};
    slot = std::make_shared<const LinkGeometry>(std::move(geometry));
  }
  return slot;
}

}  // namespace caravan
