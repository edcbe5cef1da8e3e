#pragma once
// The bundled corridor network and its place index, loaded once per test binary.
#include <memory>
#include <stdexcept>
#include <string>

#include "network/network.hpp"
#include "network/places.hpp"

namespace caravan::testing_support {

inline std::shared_ptr<const Network> bundled_network() {
  static const std::shared_ptr<const Network> network = [] {
    auto loaded = load_network(std::string(CARAVAN_TEST_DIR) + "/../data/corridors");
    if (!loaded.network) throw std::runtime_error("bundled data does not load:\n" + loaded.diagnostics.to_string());
    return loaded.network;
  }();
  return network;
}

inline const PlaceIndex& bundled_places() {
  static const PlaceIndex index(*bundled_network());
  return index;
}

}  // namespace caravan::testing_support
