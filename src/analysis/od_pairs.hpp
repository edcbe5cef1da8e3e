#pragma once
// Origin–destination pairs for an analysis: the hub list (every pair of the network's main
// freight hubs) or a CSV file with `origin,destination` columns.
#include <string>
#include <vector>

#include "network/places.hpp"

namespace caravan::analysis {

struct OdPair {
  NodeIdx from, to;
  int line = 0;  // line in the OD file; 0 for generated pairs
};

// The main freight hubs of the bundled network that are present in `net`, by node id.
std::vector<NodeIdx> hub_nodes(const Network& net);
// Every ordered pair of distinct hubs.
std::vector<OdPair> hub_pairs(const Network& net);

// Parses OD CSV text (header with `origin` and `destination`; places as `caravan route` takes
// them). Throws std::invalid_argument("FILE:LINE: …") on the first bad row.
std::vector<OdPair> parse_od_csv(const Network& net, const PlaceIndex& index, const std::string& text,
                                 const std::string& file_name);
std::vector<OdPair> read_od_file(const Network& net, const PlaceIndex& index, const std::string& path);

// Resolves one place of a CSV row through the request layer's resolver; throws
// std::invalid_argument("<where>: <reason>") when it names no place or several.
NodeIdx resolve_row_place(const PlaceIndex& index, const std::string& text, const std::string& where);

// Reads a whole file; throws std::invalid_argument("cannot read PATH") when it cannot.
std::string read_text_file(const std::string& path);

}  // namespace caravan::analysis
