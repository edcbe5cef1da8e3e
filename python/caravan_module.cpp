// The `caravan` Python module: places, routes, matrices, the queue simulator and the corridor
// analyses, each returning plain dicts and lists (what pandas.DataFrame and json take as they
// are). Every function releases the GIL while it computes, and raises ValueError with the same
// message the CLI prints for bad input.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "analysis/assignment.hpp"
#include "analysis/capacity.hpp"
#include "analysis/scenario_compare.hpp"
#include "border/closed_form.hpp"
#include "border/queue_station.hpp"
#include "border/statistics.hpp"
#include "network/scenario.hpp"
#include "request/access_legs.hpp"
#include "request/constraints.hpp"
#include "request/departure.hpp"
#include "request/place_resolver.hpp"
#include "request/route_request.hpp"
#include "routing/route_answer.hpp"

namespace py = pybind11;
using nlohmann::json;

namespace {

// JSON → Python objects, so that answers are plain dicts, lists, str, int, float, bool, None.
py::object to_python(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return py::none();
    case json::value_t::boolean: return py::bool_(j.get<bool>());
    case json::value_t::number_integer: return py::int_(j.get<std::int64_t>());
    case json::value_t::number_unsigned: return py::int_(j.get<std::uint64_t>());
    case json::value_t::number_float: return py::float_(j.get<double>());
    case json::value_t::string: return py::str(j.get<std::string>());
    case json::value_t::array: {
      py::list out;
      for (const auto& v : j) out.append(to_python(v));
      return out;
    }
    case json::value_t::object: {
      py::dict out;
      for (const auto& [k, v] : j.items()) out[py::str(k)] = to_python(v);
      return out;
    }
    default: return py::none();
  }
}

// The networks of one data directory, loaded once per process: the baseline and any scenario
// asked for.
class Data {
 public:
  static Data& get(const std::string& data_dir) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<Data>> loaded;
    std::lock_guard lock(mutex);
    auto& d = loaded[data_dir];
    if (!d) d = std::unique_ptr<Data>(new Data(data_dir));
    return *d;
  }
  std::shared_ptr<const caravan::Network> network(const std::string& scenario) {
    if (scenario.empty() || scenario == "baseline") return base_;
    std::lock_guard lock(mutex_);
    auto& n = scenarios_[scenario];
    if (!n) {
      auto r = caravan::apply_scenario(*base_, scenario, root_ + "/scenarios");
      if (!r.network) throw py::value_error("scenario: " + r.diagnostics.to_string());
      n = r.network;
    }
    return n;
  }
  const caravan::PlaceIndex& places() const { return *places_; }

 private:
  explicit Data(const std::string& dir) : root_(dir.empty() ? caravan::default_data_dir() : dir) {
    auto r = caravan::load_network(root_ + "/corridors");
    if (!r.network) throw py::value_error("the corridor data has problems:\n" + r.diagnostics.to_string());
    base_ = r.network;
    places_ = std::make_unique<caravan::PlaceIndex>(*base_);
  }
  std::string root_;
  std::shared_ptr<const caravan::Network> base_;
  std::unique_ptr<caravan::PlaceIndex> places_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const caravan::Network>> scenarios_;
};

// Python names the argument the request layer's field came from: "avoid_countries: 'XX' is …".
[[noreturn]] void raise_first(const caravan::RequestErrors& errors, const std::string& name = "") {
  const auto& e = errors.front();
  throw py::value_error((name.empty() ? e.field : name) + ": " + e.detail);
}

caravan::TimePoint parse_time(const std::string& text, const char* name) {
  caravan::RequestErrors errors;
  const auto t = caravan::resolve_departure(text, {name, ""}, errors);
  if (!errors.empty()) raise_first(errors);
  return t;
}

caravan::RouteConstraints constraints(const caravan::Network& net, const caravan::PlaceIndex& index,
                                      const std::vector<std::string>& avoid_countries, const std::vector<std::string>& modes) {
  caravan::ConstraintRequest o;
  o.avoid_countries = avoid_countries;
  o.modes = modes;
  caravan::RequestErrors errors;
  auto built = caravan::resolve_constraints(net, index, o, errors);
  if (!errors.empty()) raise_first(errors);
  return built;
}

caravan::NodeIdx place(const caravan::PlaceIndex& index, const std::string& text, const std::string& what) {
  caravan::RequestErrors errors;
  const auto node = caravan::resolve_place(index, text, {what, ""}, errors);
  if (!errors.empty()) raise_first(errors, what);
  return node;
}

py::list places(const std::string& query, const std::string& data) {
  auto& d = Data::get(data);
  const auto& net = *d.network("");
  py::list out;
  auto add = [&](const caravan::NodeIdx v) {
    const auto& n = net.nodes[v];
    py::dict row;
    row["id"] = n.id;
    row["name"] = n.name;
    row["country"] = caravan::to_string(n.country);
    row["kind"] = std::string(caravan::to_string(n.kind));
    row["lat"] = n.lat;
    row["lon"] = n.lon;
    out.append(row);
  };
  if (query.empty()) {
    for (const auto v : net.nodes.indices()) add(v);
    return out;
  }
  const auto found = d.places().lookup_node(query);
  for (const auto& c : found.exact.empty() ? found.partial : found.exact) add(c.node);
  return out;
}

py::object route(const std::string& from, const std::string& to, const std::string& depart, const std::string& optimize,
                 const std::vector<std::string>& avoid_countries, const std::string& scenario, int max_results,
                 bool first_mile, bool last_mile, const std::string& data, const std::string& cargo, std::optional<double> weight_kg,
                 std::optional<double> volume_m3, std::optional<int> pieces, bool green_lane, bool reefer, const py::object& dangerous,
                 bool fresh_produce, std::optional<double> value_usd) {
  auto& d = Data::get(data);
  auto net = d.network(scenario);
  std::shared_ptr<const caravan::PlaceIndex> index = std::make_shared<const caravan::PlaceIndex>(*net);
  caravan::RouteRequest r;
  r.cargo = cargo;
  r.weight_kg = weight_kg;
  r.volume_m3 = volume_m3;
  r.pieces = pieces;
  r.reefer = reefer;
  r.fresh_produce = fresh_produce;
  // A UN class as 3 or "3", as the API takes it; the request layer checks it.
  if (!dangerous.is_none()) r.dangerous = py::str(dangerous).cast<std::string>();
  r.value_usd = value_usd;
  r.from = from;
  r.to = to;
  r.depart = depart;
  r.optimize = optimize;
  r.constraints.avoid_countries = avoid_countries;
  r.max_results = max_results;
  r.first_mile = first_mile;
  r.last_mile = last_mile;
  r.green_lane = green_lane;
  caravan::RequestErrors errors;
  if (auto accessed = caravan::add_access_legs(net, *index, r, errors)) {
    net = accessed->network;
    index = accessed->places;
    r = accessed->request;
  }
  if (!errors.empty()) raise_first(errors);
  const auto built = caravan::build_route_query(*net, *index, r);
  if (!built.errors.empty()) raise_first(built.errors);
  json answer;
  {
    py::gil_scoped_release release;
    caravan::Planner planner(net);
    std::string text;
    caravan::write_route_answer(text, *net, *built.query, planner.plan(*built.query));
    answer = json::parse(text);
  }
  return to_python(answer);
}

py::list matrix(const std::vector<std::string>& origins, const std::vector<std::string>& destinations, const std::string& depart,
                const std::string& optimize, const std::string& scenario, const std::string& data) {
  auto& d = Data::get(data);
  const auto net = d.network(scenario);
  std::vector<caravan::analysis::OdPair> pairs;
  for (const auto& a : origins)
    for (const auto& b : destinations) {
      const auto from = place(d.places(), a, "origin"), to = place(d.places(), b, "destination");
      if (from != to) pairs.push_back({from, to, 0});
    }
  const auto objective = caravan::enum_from_name<caravan::Objective>(caravan::kObjectiveNames, optimize);
  if (!objective) throw py::value_error("optimize: '" + optimize + "' is not one of time, cost, co2, risk");
  caravan::analysis::CompareOptions o;
  o.depart = parse_time(depart, "depart");
  o.optimize = *objective;
  o.cargo.size = caravan::ContainerSize::ft40;
  caravan::analysis::CompareResult r;
  {
    py::gil_scoped_release release;
    // The same network on both sides: one comparison run is a matrix of best itineraries.
    const caravan::analysis::CompareSide side{net, scenario.empty() ? "baseline" : scenario, {}};
    r = caravan::analysis::compare_scenarios(side, side, pairs, o);
  }
  py::list out;
  for (const auto& p : r.pairs) {
    py::dict row;
    row["from"] = net->nodes[p.pair.from].id;
    row["to"] = net->nodes[p.pair.to].id;
    row["reachable"] = p.base.has_value();
    if (p.base) {
      row["hours"] = p.base->hours;
      row["cost_usd"] = p.base->cost_usd;
      row["co2e_kg"] = p.base->co2e_kg;
      row["risk"] = p.base->risk;
      row["distance_km"] = p.base->distance_km;
      row["corridor"] = p.base->corridor;
      row["crossings"] = p.base->crossings;
    }
    out.append(row);
  }
  return out;
}

py::dict simulate(double lambda, double mu, int servers, double hours, double warmup, int replications, std::uint64_t seed) {
  caravan::border::StationConfig config;
  config.servers = servers;
  config.classes[0].lambda = lambda;
  config.classes[0].service.mean = 1.0 / mu;
  config.hours = hours;
  config.warmup = warmup < 0 ? 0.05 * hours : warmup;
  try {
    caravan::border::validate(config);
  } catch (const std::invalid_argument& e) {
    throw py::value_error(e.what());
  }
  if (replications < 1 || replications > 10000) throw py::value_error("replications: not within 1..10000");
  std::vector<double> wq, util;
  {
    py::gil_scoped_release release;
    caravan::border::QueueStation station(config);
    for (int i = 0; i < replications; ++i) {
      const auto s = station.run(seed + static_cast<std::uint64_t>(i));
      wq.push_back(s.wq_mean);
      util.push_back(s.utilisation);
    }
  }
  const auto wq_est = caravan::border::estimate(wq);
  py::dict out;
  out["servers"] = servers;
  out["lambda"] = lambda;
  out["mu"] = mu;
  out["replications"] = replications;
  out["wq_hours"] = wq;
  out["wq_mean_hours"] = wq_est.mean;
  out["wq_ci95_half_width"] = wq_est.half_width;
  out["utilisation"] = util;
  const auto closed = caravan::border::mmc_wq(servers, lambda, mu);
  out["wq_closed_form_hours"] = closed ? py::object(py::float_(*closed)) : py::object(py::none());
  return out;
}

py::object compare(const std::string& scenario, const std::string& base, const py::object& pairs, const std::string& depart,
                   const std::string& optimize, const std::vector<std::string>& avoid_countries,
                   const std::vector<std::string>& modes, const std::string& data) {
  auto& d = Data::get(data);
  caravan::analysis::CompareSide b{d.network(base), base, {}}, s{d.network(scenario), scenario, {}};
  s.constraints = constraints(*s.network, d.places(), avoid_countries, modes);
  b.constraints.modes_mask = s.constraints.modes_mask;
  std::vector<caravan::analysis::OdPair> od;
  if (pairs.is_none()) {
    od = caravan::analysis::hub_pairs(*b.network);
  } else {
    for (const auto& item : pairs) {
      const auto pair = item.cast<std::pair<std::string, std::string>>();
      od.push_back({place(d.places(), pair.first, "origin"), place(d.places(), pair.second, "destination"), 0});
    }
  }
  const auto objective = caravan::enum_from_name<caravan::Objective>(caravan::kObjectiveNames, optimize);
  if (!objective) throw py::value_error("optimize: '" + optimize + "' is not one of time, cost, co2, risk");
  caravan::analysis::CompareOptions o;
  o.depart = parse_time(depart, "depart");
  o.optimize = *objective;
  o.cargo.size = caravan::ContainerSize::ft40;
  json answer;
  {
    py::gil_scoped_release release;
    answer = caravan::analysis::compare_json(*b.network, caravan::analysis::compare_scenarios(b, s, od, o));
  }
  return to_python(answer);
}

py::object capacity(const std::string& from, const std::string& to, const std::string& scenario, const std::string& mode,
                    const std::vector<std::string>& avoid_countries, const std::vector<std::string>& modes,
                    bool include_planned, const std::string& at, const std::string& data) {
  auto& d = Data::get(data);
  const auto net = d.network(scenario);
  caravan::analysis::CapacityQuery q;
  auto region = [&](const std::string& text, const char* what) {
    auto r = caravan::analysis::parse_region(*net, d.places(), text);
    if (!r.error.empty()) throw py::value_error(std::string(what) + ": " + r.error);
    return r.region;
  };
  q.from = region(from, "from");
  q.to = region(to, "to");
  if (mode != "freight" && mode != "pipeline") throw py::value_error("mode: '" + mode + "' is not one of freight, pipeline");
  q.network = mode == "pipeline" ? caravan::analysis::CapacityNetwork::pipeline : caravan::analysis::CapacityNetwork::freight;
  q.availability.at = parse_time(at, "at");
  q.availability.include_planned = include_planned;
  q.availability.constraints = constraints(*net, d.places(), avoid_countries, modes);
  try {
    return to_python(caravan::analysis::capacity_json(*net, q, caravan::analysis::max_sustainable_flow(*net, q)));
  } catch (const std::invalid_argument& e) {
    throw py::value_error(e.what());
  }
}

py::object assign(const py::list& demand, const std::string& method, int iterations, double gap, const std::string& scenario,
                  const std::vector<std::string>& avoid_countries, const std::string& at, const std::string& data) {
  auto& d = Data::get(data);
  const auto net = d.network(scenario);
  std::vector<caravan::analysis::DemandRow> rows;
  for (std::size_t i = 0; i < demand.size(); ++i) {
    const auto item = demand[i].cast<py::dict>();
    const std::string at_row = "demand[" + std::to_string(i) + "]";
    auto text = [&](const char* key) {
      if (!item.contains(key)) throw py::value_error(at_row + ": missing '" + key + "'");
      return py::str(item[key]).cast<std::string>();
    };
    caravan::analysis::DemandRow row;
    row.from = place(d.places(), text("origin"), at_row + ".origin");
    row.to = place(d.places(), text("destination"), at_row + ".destination");
    if (!item.contains("teu_per_year")) throw py::value_error(at_row + ": missing 'teu_per_year'");
    row.teu_per_year = item["teu_per_year"].cast<double>();
    if (!(row.teu_per_year >= 0)) throw py::value_error(at_row + ".teu_per_year: must be ≥ 0");
    row.cargo_class = text("cargo_class");
    std::optional<double> value;
    if (item.contains("value_usd_per_teu")) value = item["value_usd_per_teu"].cast<double>();
    for (const auto& c : caravan::analysis::kCargoClasses)
      if (!value && c.name == row.cargo_class) value = c.value_usd_per_teu;
    if (!value) throw py::value_error(at_row + ".cargo_class: '" + row.cargo_class + "' is not one of bulk, general, high-value");
    row.value_of_time = caravan::analysis::value_of_time_usd_per_teu_hour(*value);
    row.line = static_cast<int>(i);
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw py::value_error("demand: give at least one row");
  caravan::analysis::Availability availability;
  availability.at = parse_time(at, "at");
  availability.constraints = constraints(*net, d.places(), avoid_countries, {"rail", "road", "ferry", "sea"});
  caravan::analysis::AssignOptions o;
  if (method != "aon" && method != "msa" && method != "fw") throw py::value_error("method: '" + method + "' is not one of aon, msa, fw");
  o.method = method == "aon" ? caravan::analysis::AssignMethod::aon
             : method == "msa" ? caravan::analysis::AssignMethod::msa
                               : caravan::analysis::AssignMethod::fw;
  o.iterations = iterations;
  o.gap_tolerance = gap;
  json answer;
  {
    py::gil_scoped_release release;
    const auto graph = caravan::analysis::build_assignment_graph(*net, availability);
    answer = caravan::analysis::assignment_json(*net, graph, rows, caravan::analysis::assign(graph, rows, o));
  }
  return to_python(answer);
}

}  // namespace

PYBIND11_MODULE(caravan, m) {
  m.doc() =
      "Caravan: multimodal freight planning and corridor analysis for China, Central Asia and Europe.\n"
      "Every function takes data='' (the bundled data) or a data directory holding corridors/ and scenarios/.";
  m.def("places", &places, "Places matching a name (all places when empty), as a list of dicts", py::arg("query") = "",
        py::arg("data") = "");
  m.def("route", &route, "Plan itineraries: the same dict as the JSON of the `caravan route` command", py::arg("origin"),
        py::arg("destination"), py::arg("depart") = "", py::arg("optimize") = "", py::arg("avoid_countries") = std::vector<std::string>{},
        py::arg("scenario") = "", py::arg("max_results") = 7, py::arg("first_mile") = false, py::arg("last_mile") = false,
        py::arg("data") = "", py::arg("cargo") = "fcl", py::arg("weight_kg") = py::none(), py::arg("volume_m3") = py::none(),
        py::arg("pieces") = py::none(), py::arg("green_lane") = false, py::arg("reefer") = false, py::arg("dangerous") = py::none(),
        py::arg("fresh_produce") = false, py::arg("value_usd") = py::none());
  m.def("matrix", &matrix, "Best itinerary for every origin-destination pair, as a list of dicts (one per pair)",
        py::arg("origins"), py::arg("destinations"), py::arg("depart") = "", py::arg("optimize") = "time",
        py::arg("scenario") = "", py::arg("data") = "");
  m.def("simulate", &simulate, "Simulate an M/M/c queue (replications) beside its closed form; times in hours",
        py::arg("lambda_"), py::arg("mu"), py::arg("servers") = 1, py::arg("hours") = 100000.0, py::arg("warmup") = -1.0,
        py::arg("replications") = 10, py::arg("seed") = 1);
  m.def("compare", &compare, "Scenario comparison: the dict of the JSON of the `caravan scenario compare` command", py::arg("scenario"),
        py::arg("base") = "baseline", py::arg("pairs") = py::none(), py::arg("depart") = "", py::arg("optimize") = "time",
        py::arg("avoid_countries") = std::vector<std::string>{},
        py::arg("modes") = std::vector<std::string>{"rail", "road", "ferry", "sea"}, py::arg("data") = "");
  m.def("capacity", &capacity, "Maximum sustainable flow and minimum cut: the dict of the JSON of the `caravan capacity` command",
        py::arg("origin"), py::arg("destination"), py::arg("scenario") = "", py::arg("mode") = "freight",
        py::arg("avoid_countries") = std::vector<std::string>{},
        py::arg("modes") = std::vector<std::string>{"rail", "road", "ferry", "sea"}, py::arg("include_planned") = false,
        py::arg("at") = "", py::arg("data") = "");
  m.def("assign", &assign, "Assign a demand table (list of dicts): the dict of the JSON of the `caravan assign` command",
        py::arg("demand"), py::arg("method") = "fw", py::arg("iterations") = 50, py::arg("gap") = 1e-4,
        py::arg("scenario") = "", py::arg("avoid_countries") = std::vector<std::string>{}, py::arg("at") = "",
        py::arg("data") = "");
}
