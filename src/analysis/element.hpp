#pragma once
// What a capacity or a load belongs to: a link, a border crossing, or one leg of a scheduled
// service (between two of its calls), in one direction. Reports name it the same way everywhere.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "network/network.hpp"

namespace caravan::analysis {

enum class ElementKind : std::uint8_t { link, crossing, service };
inline constexpr std::string_view to_string(ElementKind k) {
  return k == ElementKind::link ? "link" : k == ElementKind::crossing ? "crossing" : "service";
}
using caravan::to_string;  // the network's overloads stay visible beside this one

struct ElementRef {
  ElementKind kind = ElementKind::link;
  std::uint32_t index = 0;  // into Network::links / crossings / services
  NodeIdx from, to;         // direction of travel (for a service leg: the two calls)
  auto operator<=>(const ElementRef&) const = default;
};

// Services run `capacity_teu` per departure on the days of `days_mask`: TEU per day on average.
std::optional<double> service_teu_per_day(const Service& s);
// The published freight capacity of an element in TEU/day (nullopt: none published).
std::optional<double> element_teu_per_day(const Network& net, const ElementRef& e);

std::string element_id(const Network& net, const ElementRef& e);
std::string element_name(const Network& net, const ElementRef& e);
std::string_view element_source(const Network& net, const ElementRef& e);
// {"kind", "id", "name", "from", "to"}: the common part of every element in JSON answers.
nlohmann::json element_json(const Network& net, const ElementRef& e);

}  // namespace caravan::analysis
