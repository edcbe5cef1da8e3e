#pragma once
// Resolves what a user types ("Xi'an", "xian", "Horgos", "KZALA") to nodes and crossings.
// Matching folds case, accents and punctuation; ambiguity is reported, never guessed away.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "network/network.hpp"

namespace caravan {

struct PlaceCandidate {
  NodeIdx node;          // valid for a place
  CrossingIdx crossing;  // valid for a border crossing point
  std::string matched;   // the name, alias, id or code that matched
  [[nodiscard]] bool operator==(const PlaceCandidate& o) const { return node == o.node && crossing == o.crossing; }
};

// A covered place near a city the network does not cover.
struct NearbyPlace {
  NodeIdx node;
  double km = 0;  // great-circle
};

struct PlaceLookup {
  std::vector<PlaceCandidate> exact;    // whole-name matches
  std::vector<PlaceCandidate> partial;  // when no exact match: names that start with, contain or nearly
                                        // spell the query, best first
  // A city of the gazetteer the network does not cover ("Berlin"), when nothing in the network
  // starts with or contains the text: `partial` then lists the nearest covered places, and
  // `nearby` the same places with their distances.
  const GazetteerPlace* outside = nullptr;
  // Coordinates ("43.25,76.91") farther than kCoordinateSnapKm from every covered place: `partial`
  // and `nearby` then hold the nearest covered places, as for a city outside the network.
  std::optional<std::pair<double, double>> point;
  std::string coordinate_error;  // "lat,lon" out of range
  std::vector<NearbyPlace> nearby;
  [[nodiscard]] bool unique() const { return exact.size() == 1; }
};

// A place a shipment can start or end at, or be suggested for one: a city, terminal or port (not
// a border crossing point, a chokepoint or a waypoint).
[[nodiscard]] bool covered_place(NodeKind kind);

// Coordinates within this distance of a covered place (a city, terminal or port) are that place,
// as a click on its marker or a GPS fix in its yard would be meant.
inline constexpr double kCoordinateSnapKm = 10.0;

// "lat,lon" in decimal degrees (WGS 84), as a map click or a GPS fix gives them; nullopt when the
// text is not two numbers separated by a comma. Ranges are checked by the lookup.
[[nodiscard]] std::optional<std::pair<double, double>> parse_coordinates(std::string_view text);

class PlaceIndex {
 public:
  explicit PlaceIndex(const Network& network);
  [[nodiscard]] PlaceLookup lookup(std::string_view query) const;
  // Nodes only (crossings are resolved to nothing); what routing endpoints use.
  [[nodiscard]] PlaceLookup lookup_node(std::string_view query) const;
  // Describes a candidate for a message: "Tashkent (UZ_TASHKENT, UZ)".
  [[nodiscard]] std::string describe(const PlaceCandidate& c) const;
  // "unknown place 'X'; did you mean: …" / "'X' is ambiguous: …" / empty when unique.
  [[nodiscard]] std::string explain(std::string_view query, const PlaceLookup& result) const;

 private:
  struct Key {
    std::string folded;
    PlaceCandidate candidate;
  };
  PlaceLookup find(std::string_view query, bool nodes_only) const;
  void answer_outside(const std::string& folded, PlaceLookup& result) const;
  [[nodiscard]] std::vector<NearbyPlace> nearest_covered(double lat, double lon) const;
  void answer_point(std::string_view text, double lat, double lon, bool nodes_only, PlaceLookup& result) const;
  const Network& net_;
  std::vector<Key> keys_;
  std::vector<std::pair<std::string, const GazetteerPlace*>> gazetteer_keys_;  // folded name or alias
};

}  // namespace caravan
