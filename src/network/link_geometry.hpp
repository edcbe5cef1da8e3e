#pragma once
// The line each link follows (data/corridors/geometry.csv, docs/data-format.md): a side table,
// read once per data directory and kept, so the network tables and their indexes stay as they are.
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "network/network.hpp"

namespace caravan {

// A point of a line, WGS 84 degrees.
struct LonLat {
  double lon = 0;
  double lat = 0;
};

struct LinkGeometry {
  // By link index: the points from the link's `from` node to its `to` node; empty = no line.
  std::vector<std::vector<LonLat>> lines;

  [[nodiscard]] const std::vector<LonLat>& line(LinkIdx link) const {
    static const std::vector<LonLat> kNone;
    return link.index() < lines.size() ? lines[link.index()] : kNone;
  }
  [[nodiscard]] std::size_t recorded() const;
};

// Reads `<corridors_dir>/geometry.csv` against `net`. A missing file is no geometry; every bad
// row is reported with file:line and column (unknown link, repeated link, a point that is not
// "lon lat", fewer than two points, ends more than 1 km from the link's nodes).
LinkGeometry load_link_geometry(const Network& net, const std::string& corridors_dir, Diagnostics& diagnostics);

// The geometry of `net`'s data directory, read on first use and shared afterwards (scenarios share
// their baseline's). A file with problems gives no lines here; `caravan network check` reports them.
std::shared_ptr<const LinkGeometry> link_geometry(const Network& net);

}  // namespace caravan
