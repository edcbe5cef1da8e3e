#include "request/route_request.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/geo.hpp"
#include "core/text.hpp"
#include "network/tariffs.hpp"
#include "request/departure.hpp"
#include "request/place_resolver.hpp"

namespace caravan {
namespace {

// A crossing named as a via point means "through this crossing": both of its sides, the one
// nearer the origin first (the crossing is passed in whichever direction the trip runs).
bool add_crossing_via(const Network& net, const PlaceIndex& index, std::string_view text, RouteQuery& q) {
  const auto result = index.lookup(text);
  if (!result.unique() || !result.exact.front().crossing.valid()) return false;
  const Crossing& x = net.crossings[result.exact.front().crossing];
  if (!q.from.valid() || !q.to.valid()) return true;  // an error is already reported
  const auto km = [&](NodeIdx a, NodeIdx b) {
    return great_circle_km(net.nodes[a].lat, net.nodes[a].lon, net.nodes[b].lat, net.nodes[b].lon);
  };
  const NodeIdx last = q.via.empty() ? q.from : q.via.back();
  const bool a_first = km(last, x.side_a) + km(x.side_b, q.to) <= km(last, x.side_b) + km(x.side_a, q.to);
  q.via.push_back(a_first ? x.side_a : x.side_b);
  q.via.push_back(a_first ? x.side_b : x.side_a);
  return true;
}

// From and to are places; a crossing there is answered with its two sides to choose from (where
// a trip starts or ends at a border is the user's to say, not ours to guess).
NodeIdx resolve_end(const Network& net, const PlaceIndex& index, std::string_view text, const FieldRef& at,
                    RequestErrors& errors) {
  const auto result = index.lookup(text);
  if (result.unique() && result.exact.front().crossing.valid()) {
    const Crossing& x = net.crossings[result.exact.front().crossing];
    const PlaceCandidate a{x.side_a, CrossingIdx{}, net.nodes[x.side_a].id}, b{x.side_b, CrossingIdx{}, net.nodes[x.side_b].id};
    errors.push_back({at.field, at.pointer,
                      fmt::format("'{}' is a border crossing; name one of its sides: {}; {}", text, index.describe(a),
                                  index.describe(b)),
                      {a, b}, true});
    return NodeIdx{};
  }
  const NodeIdx v = resolve_place(index, text, at, errors);
  if (!v.valid() && (result.outside || result.point))
    errors.back().detail += at.field == "from" ? "; or ask for a first mile: a road leg from it to the nearest of them"
                                               : "; or ask for a last mile: a road leg to it from the nearest of them";
  return v;
}

void resolve_places(const Network& net, const PlaceIndex& index, const RouteRequest& r, RouteQuery& q, RequestErrors& errors) {
  q.from = resolve_end(net, index, r.from, {"from", "/from"}, errors);
  q.to = resolve_end(net, index, r.to, {"to", "/to"}, errors);
  if (q.from.valid() && q.to.valid() && q.from == q.to) add_error(errors, {"to", "/to"}, "is the same place as the origin");
  for (std::size_t i = 0; i < r.via.size(); ++i) {
    if (add_crossing_via(net, index, r.via[i], q)) continue;
    const NodeIdx v = resolve_place(index, r.via[i], {"via", fmt::format("/via/{}", i)}, errors);
    if (v.valid()) q.via.push_back(v);
  }
}

void resolve_objectives(const RouteRequest& r, RouteQuery& q, RequestErrors& errors) {
  q.objectives.mask = 0;
  bool objectives_ok = true;
  for (std::size_t i = 0; i < r.objectives.size(); ++i)
    for (const auto& name : split_list(r.objectives[i], ',')) {
      const auto obj = enum_from_name<Objective>(kObjectiveNames, name);
      if (obj) {
        q.objectives.add(*obj);
        continue;
      }
      add_error(errors, {"objectives", fmt::format("/objectives/{}", i)}, fmt::format("'{}' is not one of time, cost, co2, risk", name));
      objectives_ok = false;
    }
  if (objectives_ok && q.objectives.mask == 0)
    add_error(errors, {"objectives", "/objectives"}, "name at least one of time, cost, co2, risk");
  if (!r.optimize.empty()) {
    const auto obj = enum_from_name<Objective>(kObjectiveNames, r.optimize);
    if (!obj) add_error(errors, {"optimize", "/optimize"}, fmt::format("'{}' is not one of time, cost, co2, risk", r.optimize));
    else q.optimize = *obj;
  }
  if (!(r.eps >= 0 && r.eps <= 1)) add_error(errors, {"eps", "/eps"}, fmt::format("{} is not within [0, 1]", r.eps));
  if (r.max_results < 0)
    add_error(errors, {"max_results", "/max_results"}, fmt::format("{} is negative (0 = all)", r.max_results));
  // One best on one objective: no ε-pruning and a single answer.
  q.eps = q.optimize ? 0.0 : r.eps;
  q.max_results = q.optimize ? 1 : r.max_results;
  if (!(r.max_wait_days >= 0 && r.max_wait_days <= 366))
    add_error(errors, {"max_wait_days", "/max_wait_days"}, fmt::format("{} is not within 0..366 (0 = no limit)", r.max_wait_days));
  else if (r.max_wait_days == 0) q.max_wait.reset();
  else q.max_wait = Duration::hours(r.max_wait_days * 24);
  if (r.reliability == "median") q.reliability = Reliability::median;
  else if (r.reliability == "p90") q.reliability = Reliability::p90;
  else add_error(errors, {"reliability", "/reliability"}, fmt::format("'{}' is not one of median, p90", r.reliability));
  q.green_lane = r.green_lane;
}

void resolve_cargo(const RouteRequest& r, Cargo& cargo, RequestErrors& errors) {
  if (r.containers < 1 || r.containers > 10000)
    add_error(errors, {"containers", "/containers"}, fmt::format("{} is not within 1..10000", r.containers));
  const auto size = enum_from_name<ContainerSize>(kContainerSizeNames, r.container);
  if (size) cargo = Cargo::of(*size, r.containers);
  else add_error(errors, {"container", "/container"}, fmt::format("'{}' is not one of 20ft, 40ft, 45ft", r.container));
  if (!(r.gross_tonnes >= 0 && r.gross_tonnes < 1e7)) add_error(errors, {"gross_tonnes", "/gross_tonnes"}, "must be positive");
  else if (r.gross_tonnes > 0) cargo.gross_tonnes = r.gross_tonnes;
  cargo.block_train = r.block_train;
}

// The cargo kind and, for groupage, what it weighs and measures. Fields that do not apply to the
// kind are errors rather than ignored: the answer would not be for the cargo the user described.
void resolve_cargo_kind(const Network& net, const RouteRequest& r, RouteQuery& q, RequestErrors& errors) {
  const FieldRef kind_at{"cargo", "/cargo/kind"}, weight_at{"weight_kg", "/cargo/weight_kg"},
      volume_at{"volume_m3", "/cargo/volume_m3"}, pieces_at{"pieces", "/cargo/pieces"}, value_at{"value_usd", "/cargo/value_usd"};
  if (r.weight_kg && !(*r.weight_kg > 0 && *r.weight_kg <= 1e6))
    add_error(errors, weight_at, fmt::format("{:g} is not a weight in kg within (0, 1000000]", *r.weight_kg));
  if (r.volume_m3 && !(*r.volume_m3 > 0 && *r.volume_m3 <= 1e4))
    add_error(errors, volume_at, fmt::format("{:g} is not a volume in m³ within (0, 10000]", *r.volume_m3));
  if (r.pieces && !(*r.pieces >= 1 && *r.pieces <= 1000000))
    add_error(errors, pieces_at, fmt::format("{} is not a number of pieces within 1..1000000", *r.pieces));
  if (r.value_usd && !(*r.value_usd >= 0 && *r.value_usd <= 1e9))
    add_error(errors, value_at, fmt::format("{:g} is not a value in USD within [0, 1000000000]", *r.value_usd));
  const auto kind = enum_from_name<CargoKind>(kCargoKindNames, r.cargo);
  if (!kind) return add_error(errors, kind_at, fmt::format("'{}' is not one of fcl, lcl, parcel", r.cargo));
  q.cargo.kind = *kind;
  if (*kind != CargoKind::parcel && r.value_usd)
    add_error(errors, value_at, fmt::format("applies to parcel cargo only (the cargo is {})", r.cargo));
  if (*kind == CargoKind::fcl) {
    const std::string_view why = "applies to lcl and parcel cargo only (the cargo is fcl: full containers)";
    if (r.weight_kg) add_error(errors, weight_at, std::string(why));
    if (r.volume_m3) add_error(errors, volume_at, std::string(why));
    if (r.pieces) add_error(errors, pieces_at, std::string(why));
    return;
  }
  const std::string kind_name(to_string(*kind));
  if (*kind == CargoKind::lcl) {
    // Groupage: W/M pricing compares weight with volume, so both are needed.
    if (!r.weight_kg) add_error(errors, weight_at, "is required for lcl cargo (priced on the larger of weight and volume)");
    if (!r.volume_m3) add_error(errors, volume_at, "is required for lcl cargo (priced on the larger of weight and volume)");
  } else if (!r.weight_kg) {
    // Parcels: priced per chargeable kg; without a volume the actual weight is charged.
    add_error(errors, weight_at, "is required for parcel cargo (priced per chargeable kg)");
  }
  if (r.block_train) add_error(errors, {"block_train", "/block_train"}, fmt::format("applies to fcl cargo only (the cargo is {})", kind_name));
  if (r.gross_tonnes > 0)
    add_error(errors, {"gross_tonnes", "/gross_tonnes"}, fmt::format("applies to fcl cargo only; give {} cargo's weight_kg", kind_name));
  q.cargo.weight_kg = r.weight_kg.value_or(0);
  q.cargo.volume_m3 = r.volume_m3.value_or(0);
  q.cargo.pieces = r.pieces.value_or(0);
  q.cargo.value_usd = r.value_usd;
  q.cargo.gross_tonnes = q.cargo.weight_kg / 1000;
  q.cargo.block_train = false;
  if (*kind == CargoKind::parcel) return;
  // Groupage is handed in and collected at a forwarder's consolidation hub.
  std::vector<std::string> hubs;
  for (const auto& h : net.consolidation_hubs) hubs.push_back(fmt::format("{} ({})", h.name, net.nodes[h.node].id));
  const auto check_end = [&](NodeIdx v, const FieldRef& at) {
    if (v.valid() && !net.hub_at(v))
      add_error(errors, at,
                fmt::format("{} has no consolidation hub for lcl cargo; hubs: {}", net.nodes[v].name,
                            hubs.empty() ? std::string("none in the data") : join(hubs, "; ")));
  };
  check_end(q.from, {"from", "/from"});
  check_end(q.to, {"to", "/to"});
}

// Reefer, dangerous goods and fresh produce: what the cargo is, whatever its kind.
void resolve_cargo_nature(const RouteRequest& r, Cargo& cargo, RequestErrors& errors) {
  cargo.reefer = r.reefer;
  cargo.fresh_produce = r.fresh_produce;
  if (!r.dangerous.empty()) {
    const std::string& d = r.dangerous;
    if (d.size() == 1 && d[0] >= '1' && d[0] <= '9') cargo.dangerous_class = d[0] - '0';
    else add_error(errors, {"dangerous", "/cargo/dangerous"}, fmt::format("'{}' is not a UN dangerous goods class 1..9", d));
  }
  // Groupage rides a forwarder's dry box: no groupage service in the data carries reefers.
  if (r.reefer && cargo.kind != CargoKind::fcl)
    add_error(errors, {"reefer", "/cargo/reefer"},
              fmt::format("applies to fcl cargo only (the cargo is {}; its services carry no reefers)", to_string(cargo.kind)));
}

// The currency costs are also shown in: one of currencies.csv, at its rate on the departure date.
void resolve_currency(const Network& net, const RouteRequest& r, TimePoint depart, DisplayCurrency& out, RequestErrors& errors) {
  const FieldRef at{"currency", "/currency"};
  std::vector<std::string> codes{"USD"};
  for (const auto& rate : net.currencies)
    if (std::find(codes.begin(), codes.end(), rate.currency) == codes.end()) codes.push_back(rate.currency);
  if (std::find(codes.begin(), codes.end(), r.currency) == codes.end())
    return add_error(errors, at, fmt::format("'{}' is not one of {}", r.currency, join(codes, ", ")));
  const std::int64_t day = depart.minutes >= 0 ? depart.minutes / 1440 : -((-depart.minutes + 1439) / 1440);
  const auto rate = units_per_usd(net, r.currency, day);
  if (!rate)
    return add_error(errors, at, fmt::format("currencies.csv has no {} rate on the departure date {}", r.currency,
                                             format_utc(depart).substr(0, 10)));
  out.code = r.currency;
  out.units_per_usd = *rate;
}

}  // namespace

RouteQueryResult build_route_query(const Network& net, const PlaceIndex& index, const RouteRequest& r) {
  RouteQueryResult out;
  RouteQuery q;
  resolve_places(net, index, r, q, out.errors);
  q.depart = resolve_departure(r.depart, {"depart", "/depart"}, out.errors);
  resolve_objectives(r, q, out.errors);
  resolve_cargo(r, q.cargo, out.errors);
  resolve_cargo_kind(net, r, q, out.errors);
  resolve_cargo_nature(r, q.cargo, out.errors);
  // The rate depends on the date: only a valid departure can pick one.
  if (std::none_of(out.errors.begin(), out.errors.end(), [](const RequestError& e) { return e.field == "depart"; }))
    resolve_currency(net, r, q.depart, q.currency, out.errors);
  q.constraints = resolve_constraints(net, index, r.constraints, out.errors);
  if (out.errors.empty()) out.query = std::move(q);
  return out;
}

}  // namespace caravan
