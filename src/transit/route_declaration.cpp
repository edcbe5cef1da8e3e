#include "transit/route_declaration.hpp"

#include <fmt/format.h>

#include <set>

namespace caravan::transit {

using nlohmann::json;

OfficeCodes::OfficeCodes(const Network& net) {
  std::set<std::string> taken;
  codes_.reserve(net.nodes.size());
  for (const auto& node : net.nodes) {
    const std::string country = to_string(node.country);
    std::string rest;
    const std::string_view id = node.id;
    const std::size_t from = id.size() > 3 && id.substr(0, 2) == country && id[2] == '_' ? 3 : 0;
    for (std::size_t i = from; i < id.size() && rest.size() < 6; ++i) {
      const char c = id[i];
      if (c >= 'a' && c <= 'z') rest += static_cast<char>(c - 'a' + 'A');
      else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) rest += c;
    }
    rest.resize(6, '0');
    std::string code = country + rest;
    for (int n = 1; taken.contains(code) && n < 100; ++n) code = country + rest.substr(0, 4) + fmt::format("{:02d}", n);
    taken.insert(code);
    codes_.push_back(code);
  }
}

namespace {

std::string transit_mode(Mode m) {
  switch (m) {
    case Mode::rail: return "rail";
    case Mode::road: return "road";
    case Mode::ferry:
    case Mode::sea: return "sea";
    case Mode::pipeline: return "road";  // no transit declaration moves by pipeline; never on a freight route
  }
  return "road";
}

}  // namespace

DeclarationSkeleton declaration_skeleton(const Network& net, const Itinerary& it) {
  const OfficeCodes codes(net);
  json itinerary = json::array();
  auto add = [&](NodeIdx node, Mode next_mode, const std::string& transshipment) {
    const std::string& code = codes.of(node);
    if (!itinerary.empty() && itinerary.back()["office"] == code) return;
    json office = {{"office", code}, {"mode", transit_mode(next_mode)}, {"place", net.nodes[node].name}};
    if (!transshipment.empty()) office["transshipment"] = transshipment;
    itinerary.push_back(std::move(office));
  };
  if (!it.legs.empty()) {
    add(it.legs.front().from, it.legs.front().mode, "");
    for (std::size_t i = 0; i < it.legs.size(); ++i) {
      const Leg& leg = it.legs[i];
      if (!leg.crossing) continue;
      const Mode after = i + 1 < it.legs.size() ? it.legs[i + 1].mode : leg.mode;
      add(leg.from, leg.mode, "");
      add(leg.to, after,
          leg.crossing->gauge_change ? fmt::format("gauge change at {}", net.crossings[leg.crossing->crossing].name) : "");
    }
    add(it.legs.back().to, it.legs.back().mode, "");
  }
  DeclarationSkeleton out;
  for (auto& office : itinerary) {
    out.offices.emplace_back(office["office"].get<std::string>(), office["place"].get<std::string>());
    office.erase("place");  // for the reader only: not a declaration field
  }
  out.declaration = {
      {"message_id", ""},
      {"mode", itinerary.empty() ? json("road") : itinerary.front()["mode"]},
      {"holder", {{"id", ""}, {"name", ""}, {"country", ""}}},
      {"guarantee", {{"reference", ""}, {"amount", 0}, {"currency", "EUR"}}},
      {"consignments",
       {{{"items", {{{"hs6", ""}, {"description", ""}, {"gross_mass_kg", 0}, {"packages", 1}}}},
         {"transport_equipment", {{{"container", ""}, {"number_of_seals", 0}, {"seals", json::array()}}}}}}},
      {"itinerary", itinerary}};
  return out;
}

}  // namespace caravan::transit
