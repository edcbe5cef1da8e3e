#include "analysis/element.hpp"

#include <bit>

namespace caravan::analysis {

std::optional<double> service_teu_per_day(const Service& s) {
  if (!s.capacity_teu) return std::nullopt;
  return *s.capacity_teu * std::popcount(static_cast<unsigned>(s.days_mask)) / 7.0;
}

std::optional<double> element_teu_per_day(const Network& net, const ElementRef& e) {
  switch (e.kind) {
    case ElementKind::link: return net.links[LinkIdx{e.index}].capacity_teu_day;
    case ElementKind::crossing: return net.crossings[CrossingIdx{e.index}].capacity_teu_day;
    case ElementKind::service: return service_teu_per_day(net.services[ServiceIdx{e.index}]);
  }
  return std::nullopt;
}

std::string element_id(const Network& net, const ElementRef& e) {
  switch (e.kind) {
    case ElementKind::link: return net.links[LinkIdx{e.index}].id;
    case ElementKind::crossing: return net.crossings[CrossingIdx{e.index}].id;
    case ElementKind::service: return net.services[ServiceIdx{e.index}].id;
  }
  return {};
}

std::string element_name(const Network& net, const ElementRef& e) {
  const std::string direction = net.nodes[e.from].name + " → " + net.nodes[e.to].name;
  switch (e.kind) {
    case ElementKind::link: return std::string(to_string(net.links[LinkIdx{e.index}].mode)) + " " + direction;
    case ElementKind::crossing: return net.crossings[CrossingIdx{e.index}].name + ", " + direction;
    case ElementKind::service: return net.services[ServiceIdx{e.index}].name + ", " + direction;
  }
  return {};
}

std::string_view element_source(const Network& net, const ElementRef& e) {
  switch (e.kind) {
    case ElementKind::link: return net.links[LinkIdx{e.index}].source;
    case ElementKind::crossing: return net.crossings[CrossingIdx{e.index}].source;
    case ElementKind::service: return net.services[ServiceIdx{e.index}].source;
  }
  return {};
}

nlohmann::json element_json(const Network& net, const ElementRef& e) {
  return {{"kind", to_string(e.kind)},
          {"id", element_id(net, e)},
          {"name", element_name(net, e)},
          {"from", net.nodes[e.from].id},
          {"to", net.nodes[e.to].id}};
}

}  // namespace caravan::analysis
