#pragma once
// Resolves what a user types ("Xi'an", "xian", "Horgos", "KZALA") to nodes and crossings.
// Matching folds case, accents and punctuation; ambiguity is reported, never guessed away.
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
  std::vector<NearbyPlace> nearby;
  [[nodiscard]] bool unique() const { return exact.size() == 1; }
};

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
  const Network& net_;
  std::vector<Key> keys_;
  std::vector<std::pair<std::string, const GazetteerPlace*>> gazetteer_keys_;  // folded name or alias
};

}  // namespace caravan
