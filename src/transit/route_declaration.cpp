#include "transit/route_declaration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <stdexcept>

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
    case Mode::air: return "air";
    case Mode::pipeline: return "road";  // no transit declaration moves by pipeline; never on a freight route
  }
  return "road";
}

}  // namespace

DeclarationSkeleton declaration_skeleton(const Network& net, const Itinerary& it) {
  std::vector<RouteLegRef> legs;
  for (const Leg& leg : it.legs) {
    if (leg.passed.empty()) {
      legs.push_back({leg.from, leg.to, leg.mode, false, std::string(), false});
      continue;
    }
    // A through train passes several borders: each is a pair of customs offices, as if the
    // leg were cut at every border.
    NodeIdx at = leg.from;
    for (const auto& p : leg.passed) {
      if (at != p.entry) legs.push_back({at, p.entry, leg.mode, false, std::string(), false});
      legs.push_back({p.entry, p.exit, leg.mode, true, net.crossings[p.crossing].name, p.gauge_change});
      at = p.exit;
    }
    if (at != leg.to) legs.push_back({at, leg.to, leg.mode, false, std::string(), false});
  }
  return declaration_skeleton(net, legs, it.depart);
}

nlohmann::json consignment_items(const Cargo& cargo) {
  json item = {{"hs6", ""}, {"description", ""}, {"gross_mass_kg", 0}, {"packages", 1}};
  switch (cargo.kind) {
    case CargoKind::fcl: break;  // the holder fills in what the containers hold
    case CargoKind::lcl:
      // Groupage is declared as what the shipper handed in at the hub.
      item["gross_mass_kg"] = cargo.weight_kg;
      if (cargo.pieces > 0) item["packages"] = cargo.pieces;
      break;
    case CargoKind::parcel: break;  // parcels: their items come with the parcel request
  }
  return json::array({item});
}

DeclarationSkeleton declaration_skeleton(const Network& net, const Itinerary& it, const Cargo& cargo) {
  DeclarationSkeleton out = declaration_skeleton(net, it);
  out.declaration["consignments"][0]["items"] = consignment_items(cargo);
  return out;
}

DeclarationSkeleton declaration_skeleton_from_json(const Network& net, const json& itinerary) {
  if (!itinerary.is_object() || !itinerary.contains("legs") || !itinerary["legs"].is_array() || itinerary["legs"].empty())
    throw ItineraryError("/itinerary/legs", "an itinerary of the route answer, with its legs, is required");
  std::vector<RouteLegRef> legs;
  for (std::size_t i = 0; i < itinerary["legs"].size(); ++i) {
    const json& leg = itinerary["legs"][i];
    const std::string p = "/itinerary/legs/" + std::to_string(i);
    auto node = [&](const char* end) {
      const json* id = nullptr;
      if (leg.is_object() && leg.contains(end) && leg[end].is_object() && leg[end].contains("id")) id = &leg[end]["id"];
      if (!id || !id->is_string()) throw ItineraryError(fmt::format("{}/{}/id", p, end), "a node id is required");
      const auto it = net.node_by_id.find(id->get<std::string>());
      if (it == net.node_by_id.end())
        throw ItineraryError(fmt::format("{}/{}/id", p, end), fmt::format("no node '{}' in the network", id->get<std::string>()));
      return it->second;
    };
    RouteLegRef ref;
    ref.from = node("from");
    ref.to = node("to");
    const std::string mode = leg.value("mode", json("")).is_string() ? leg.value("mode", "") : "";
    const auto m = std::find(kModeNames.begin(), kModeNames.end(), mode);
    if (m == kModeNames.end()) throw ItineraryError(p + "/mode", fmt::format("'{}' is not a mode", mode));
    ref.mode = static_cast<Mode>(m - kModeNames.begin());
    // Every crossing the leg passes (a through train passes several): cut the leg at each.
    if (leg.contains("crossings") && !leg["crossings"].is_null() && !leg["crossings"].is_array())
      throw ItineraryError(p + "/crossings", "must be an array");
    if (leg.contains("crossings") && leg["crossings"].is_array() && !leg["crossings"].empty()) {
      NodeIdx at = ref.from;
      for (std::size_t k = 0; k < leg["crossings"].size(); ++k) {
        const json& c = leg["crossings"][k];
        const std::string q = fmt::format("{}/crossings/{}", p, k);
        auto side = [&](const char* key) {
          const json* id = c.is_object() && c.contains(key) ? &c[key] : nullptr;
          if (!id || !id->is_string()) throw ItineraryError(fmt::format("{}/{}", q, key), "a node id is required");
          const auto found = net.node_by_id.find(id->get<std::string>());
          if (found == net.node_by_id.end())
            throw ItineraryError(fmt::format("{}/{}", q, key), fmt::format("no node '{}' in the network", id->get<std::string>()));
          return found->second;
        };
        const NodeIdx entry = side("entry"), exit = side("exit");
        if (at != entry) legs.push_back({at, entry, ref.mode, false, std::string(), false});
        legs.push_back({entry, exit, ref.mode, true, c.contains("name") && c["name"].is_string() ? c["name"].get<std::string>() : std::string(),
                        c.contains("gauge_change") && c["gauge_change"] == true});
        at = exit;
      }
      if (at != ref.to) legs.push_back({at, ref.to, ref.mode, false, std::string(), false});
      continue;
    }
    // Optional fields of the route answer: absent or null is "none", any other wrong type is an
    // error at its pointer (never a type exception out of the JSON library).
    if (leg.contains("crossing") && !leg["crossing"].is_null()) {
      const json& crossing = leg["crossing"];
      if (!crossing.is_object()) throw ItineraryError(p + "/crossing", "must be an object");
      ref.crosses_border = true;
      if (crossing.contains("name") && !crossing["name"].is_null()) {
        if (!crossing["name"].is_string()) throw ItineraryError(p + "/crossing/name", "must be a string");
        ref.crossing_name = crossing["name"].get<std::string>();
      }
    }
    if (leg.contains("gauge_change") && !leg["gauge_change"].is_null() && !leg["gauge_change"].is_boolean())
      throw ItineraryError(p + "/gauge_change", "must be true or false");
    ref.gauge_change = leg.value("gauge_change", json(false)) == true && ref.crosses_border;
    legs.push_back(std::move(ref));
  }
  // The planned departure, when the answer gives it (summary.depart.utc).
  std::optional<TimePoint> departure;
  const json* summary = itinerary.contains("summary") && itinerary["summary"].is_object() ? &itinerary["summary"] : nullptr;
  if (summary && summary->contains("depart") && (*summary)["depart"].is_object() && (*summary)["depart"].contains("utc")) {
    const json& utc = (*summary)["depart"]["utc"];
    departure = utc.is_string() ? parse_iso8601(utc.get<std::string>()) : std::nullopt;
    if (!departure) throw ItineraryError("/itinerary/summary/depart/utc", "must be an ISO 8601 time");
  }
  return declaration_skeleton(net, legs, departure);
}

DeclarationSkeleton declaration_skeleton(const Network& net, const std::vector<RouteLegRef>& legs,
                                         std::optional<TimePoint> departure) {
  const OfficeCodes codes(net);
  json itinerary = json::array();
  auto add = [&](NodeIdx node, Mode next_mode, const std::string& transshipment) {
    const std::string& code = codes.of(node);
    if (!itinerary.empty() && itinerary.back()["office"] == code) return;
    json office = {{"office", code}, {"mode", transit_mode(next_mode)}, {"place", net.nodes[node].name}};
    if (!transshipment.empty()) office["transshipment"] = transshipment;
    itinerary.push_back(std::move(office));
  };
  if (!legs.empty()) {
    add(legs.front().from, legs.front().mode, "");
    for (std::size_t i = 0; i < legs.size(); ++i) {
      const RouteLegRef& leg = legs[i];
      if (!leg.crosses_border) continue;
      const Mode after = i + 1 < legs.size() ? legs[i + 1].mode : leg.mode;
      add(leg.from, leg.mode, "");
      add(leg.to, after, leg.gauge_change ? fmt::format("gauge change at {}", leg.crossing_name) : "");
    }
    add(legs.back().to, legs.back().mode, "");
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
  if (departure) out.declaration["departure"] = format_utc(*departure);
  return out;
}

}  // namespace caravan::transit
