#include "network/scenario.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "core/text.hpp"

namespace caravan {
namespace {

class Applier {
 public:
  Applier(Network& net, std::string file, Diagnostics& d) : net_(net), file_(std::move(file)), d_(d) {}

  // A scenario that sets a per-TEU price column means that price: the dated rows of tariffs.csv
  // for the same element and charge, which would otherwise take precedence, are dropped.
  void drop_tariffs(TariffTarget target, std::size_t index, Charge charge) {
    std::erase_if(net_.tariffs, [&](const Tariff& t) { return t.applies_to == target && t.index == index && t.charge == charge; });
  }

  void error(const toml::node& at, std::string key, std::string message) {
    d_.add(file_, static_cast<int>(at.source().begin.line), std::move(key), std::move(message));
  }

  void apply_change(const toml::table& change) {
    const auto* target_node = change.get("target");
    const auto target = change["target"].value<std::string>();
    if (!target) {
      error(change, "target", "each [[change]] needs target = \"link:ID\" (or crossing:, node:, service:, profile:)");
      return;
    }
    const auto colon = target->find(':');
    const std::string kind = target->substr(0, colon);
    const std::string id = colon == std::string::npos ? "" : target->substr(colon + 1);
    // Check the target once, so an unknown one is reported once (and also when no field follows).
    if (!known_target(*target_node, kind, id)) return;
    if (change.size() == 1) {
      error(*target_node, "target", fmt::format("[[change]] of '{}' sets no field", *target));
      return;
    }
    for (const auto& [key_view, value] : change) {
      const std::string key(key_view.str());
      if (key == "target") continue;
      if (kind == "link") change_link(*target_node, id, key, value);
      else if (kind == "crossing") change_crossing(*target_node, id, key, value);
      else if (kind == "node") change_node(*target_node, id, key, value);
      else if (kind == "service") change_service(*target_node, id, key, value);
      else if (kind == "profile") change_profile(*target_node, id, key, value);
    }
  }

  bool known_target(const toml::node& at, const std::string& kind, const std::string& id) {
    if (kind == "link") return find(at, net_.link_by_id, id, "link").valid();
    if (kind == "crossing") return find(at, net_.crossing_by_id, id, "crossing").valid();
    if (kind == "node") return find(at, net_.node_by_id, id, "node").valid();
    if (kind == "service") return find(at, net_.service_by_id, id, "service").valid();
    if (kind == "profile") {
      if (enum_from_name<Profile>(kProfileNames, id)) return true;
      error(at, "target", fmt::format("unknown profile '{}'", id));
      return false;
    }
    error(at, "target", fmt::format("unknown target kind '{}' (link, crossing, node, service, profile)", kind));
    return false;
  }

  void apply_closure(const toml::table& closure) {
    Closure c;
    if (const auto from = closure["from"].value<std::string>()) {
      std::string why;
      const auto t = parse_iso8601(*from, &why);
      if (!t) error(*closure.get("from"), "from", fmt::format("'{}': {}", *from, why));
      else c.from = *t;
    }
    if (const auto to = closure["to"].value<std::string>()) {
      std::string why;
      const auto t = parse_iso8601(*to, &why);
      if (!t) error(*closure.get("to"), "to", fmt::format("'{}': {}", *to, why));
      else c.to = *t;
    }
    if (c.to <= c.from) error(closure.get("to") ? *closure.get("to") : closure, "to", "a closure must end after it starts");
    c.reason = closure["reason"].value_or(std::string("scenario closure"));
    const auto* targets = closure["targets"].as_array();
    if (!targets || targets->empty()) {
      error(closure, "targets", "each [[closure]] needs targets = [\"node:CHK_SUEZ\", …]");
      return;
    }
    for (const auto& t : *targets) {
      const auto text = t.value<std::string>();
      if (!text) { error(t, "targets", "targets are strings such as \"crossing:ID\""); continue; }
      close_target(t, *text, c);
    }
    for (const auto& [key, value] : closure) {
      const std::string k(key.str());
      if (k != "targets" && k != "from" && k != "to" && k != "reason") error(value, k, "unknown key in [[closure]]");
    }
  }

 private:
  template <class Map>
  auto find(const toml::node& at, const Map& map, const std::string& id, std::string_view what,
            std::string key = "target") -> decltype(map.begin()->second) {
    const auto it = map.find(id);
    if (it == map.end()) {
      error(at, std::move(key), fmt::format("unknown {} '{}'", what, id));
      return {};
    }
    return it->second;
  }

  std::optional<double> number(const toml::node& value, const std::string& key, double min, double max) {
    const auto v = value.value<double>();
    if (!v) { error(value, key, "must be a number"); return std::nullopt; }
    if (*v < min || *v > max) { error(value, key, fmt::format("{} is out of range [{}, {}]", *v, min, max)); return std::nullopt; }
    return v;
  }

  void unknown_field(const toml::node& value, const std::string& key, std::string_view kind) {
    error(value, key, fmt::format("a scenario cannot change '{}' of a {}", key, kind));
  }

  void change_link(const toml::node& at, const std::string& id, const std::string& key, const toml::node& value) {
    const LinkIdx i = find(at, net_.link_by_id, id, "link");
    if (!i.valid()) return;
    auto& link = net_.links[i];
    if (key == "status") {
      const auto status = enum_from_name<LinkStatus>(kLinkStatusNames, value.value_or(std::string()));
      if (!status) error(value, key, "must be one of operational, under_construction, planned, disrupted, closed");
      else link.status = *status;
    } else if (key == "speed_kmh") { if (auto v = number(value, key, 1, 1000)) link.speed_kmh = *v; }
    else if (key == "capacity_teu_day") { if (auto v = number(value, key, 0, 1e7)) link.capacity_teu_day = *v; }
    else if (key == "disruption_p") { if (auto v = number(value, key, 0, 1)) link.disruption_p = *v; }
    else unknown_field(value, key, "link");
  }

  void change_crossing(const toml::node& at, const std::string& id, const std::string& key, const toml::node& value) {
    const CrossingIdx i = find(at, net_.crossing_by_id, id, "crossing");
    if (!i.valid()) return;
    auto& c = net_.crossings[i];
    auto hours = [&](Duration& target) { if (auto v = number(value, key, 0, 24 * 60)) target = Duration::hours(*v); };
    if (key == "median_h_ab") hours(c.a_to_b.median);
    else if (key == "p90_h_ab") hours(c.a_to_b.p90);
    else if (key == "median_h_ba") hours(c.b_to_a.median);
    else if (key == "p90_h_ba") hours(c.b_to_a.p90);
    else if (key == "capacity_per_day") { if (auto v = number(value, key, 0, 1e6)) c.capacity_per_day = *v; }
    else if (key == "capacity_teu_day") { if (auto v = number(value, key, 0, 1e7)) c.capacity_teu_day = *v; }
    else if (key == "fee_usd_per_teu") { if (auto v = number(value, key, 0, 1e5)) { c.fee_usd_per_teu = *v; drop_tariffs(TariffTarget::crossing, i.index(), Charge::border_fees); } }
    else if (key == "disruption_p") { if (auto v = number(value, key, 0, 1)) c.disruption_p = *v; }
    else if (key == "gauge_change_hours" && c.gauge_change) { if (auto v = number(value, key, 0, 720)) c.gauge_change->time = Duration::hours(*v); }
    else if (key == "gauge_change_usd_per_teu" && c.gauge_change) { if (auto v = number(value, key, 0, 1e4)) { c.gauge_change->usd_per_teu = *v; drop_tariffs(TariffTarget::crossing, i.index(), Charge::transshipment); } }
    else if (key == "hours_a" || key == "hours_b") {
      std::string why;
      auto parsed = OpeningHours::parse(value.value_or(std::string()), &why);
      if (!parsed) error(value, key, "malformed opening hours: " + why);
      else (key == "hours_a" ? c.hours_a : c.hours_b) = std::move(*parsed);
    } else unknown_field(value, key, "crossing");
  }

  void change_node(const toml::node& at, const std::string& id, const std::string& key, const toml::node& value) {
    const NodeIdx i = find(at, net_.node_by_id, id, "node");
    if (!i.valid()) return;
    auto& n = net_.nodes[i];
    if (key == "disruption_p") { if (auto v = number(value, key, 0, 1)) n.disruption_p = *v; }
    else if (key == "gauge_change_hours" && n.gauge_change) { if (auto v = number(value, key, 0, 720)) n.gauge_change->time = Duration::hours(*v); }
    else if (key == "gauge_change_usd_per_teu" && n.gauge_change) { if (auto v = number(value, key, 0, 1e4)) { n.gauge_change->usd_per_teu = *v; drop_tariffs(TariffTarget::node, i.index(), Charge::transshipment); } }
    else if (key == "discharge_dwell_hours" && (n.kind == NodeKind::seaport || n.kind == NodeKind::ferry_port)) {
      if (auto v = number(value, key, 0, 720)) n.discharge_dwell = Duration::hours(*v);
    }
    else unknown_field(value, key, "node");
  }

  void change_service(const toml::node& at, const std::string& id, const std::string& key, const toml::node& value) {
    const ServiceIdx i = find(at, net_.service_by_id, id, "service");
    if (!i.valid()) return;
    auto& s = net_.services[i];
    if (key == "capacity_teu") { if (auto v = number(value, key, 0, 1e6)) s.capacity_teu = *v; }
    else if (key == "tariff_usd_per_teu") { if (auto v = number(value, key, 0, 1e6)) { s.tariff_usd_per_teu = *v; drop_tariffs(TariffTarget::service, i.index(), Charge::freight); } }
    else if (key == "cutoff_hours") { if (auto v = number(value, key, 0, 336)) s.cutoff = Duration::hours(*v); }
    else if (key == "days") {
      static constexpr std::string_view kDays[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
      const std::string text = value.value_or(std::string());
      std::uint8_t mask = 0;
      if (text == "daily") mask = 0x7F;
      for (const auto& day : split_list(text, ','))
        for (int d = 0; d < 7; ++d)
          if (kDays[d] == day) mask |= static_cast<std::uint8_t>(1u << d);
      if (mask == 0 || (text != "daily" && std::popcount(mask) != static_cast<int>(split_list(text, ',').size())))
        error(value, key, fmt::format("'{}' is not a list of days such as Mo,Th or daily", text));
      else s.days_mask = mask;
    } else unknown_field(value, key, "service");
  }

  void change_profile(const toml::node& at, const std::string& id, const std::string& key, const toml::node& value) {
    const auto p = enum_from_name<Profile>(kProfileNames, id);
    if (!p) { error(at, "target", fmt::format("unknown profile '{}'", id)); return; }
    auto& profile = net_.profiles[static_cast<std::size_t>(*p)];
    if (key == "speed_kmh") { if (auto v = number(value, key, 1, 1000)) profile.speed_kmh = *v; }
    else if (key == "cost_usd_per_teu_km") { if (auto v = number(value, key, 0, 100)) { profile.cost_usd_per_teu_km = *v; drop_tariffs(TariffTarget::mode, static_cast<std::size_t>(*p), Charge::freight); } }
    else if (key == "terminal_usd_per_teu") { if (auto v = number(value, key, 0, 1e5)) { profile.terminal_usd_per_teu = *v; drop_tariffs(TariffTarget::mode, static_cast<std::size_t>(*p), Charge::handling); } }
    else if (key == "disruption_p_per_1000km") { if (auto v = number(value, key, 0, 1)) profile.disruption_p_per_1000km = *v; }
    else unknown_field(value, key, "profile");
  }

  void close_target(const toml::node& at, const std::string& target, const Closure& c) {
    const auto colon = target.find(':');
    const std::string kind = target.substr(0, colon);
    const std::string id = colon == std::string::npos ? "" : target.substr(colon + 1);
    if (kind == "link") {
      if (const LinkIdx i = find(at, net_.link_by_id, id, "link", "targets"); i.valid()) net_.links[i].closures.push_back(c);
    } else if (kind == "crossing") {
      if (const CrossingIdx i = find(at, net_.crossing_by_id, id, "crossing", "targets"); i.valid()) net_.crossings[i].closures.push_back(c);
    } else if (kind == "service") {
      if (const ServiceIdx i = find(at, net_.service_by_id, id, "service", "targets"); i.valid()) net_.services[i].closures.push_back(c);
    } else if (kind == "node") {
      // Closing a place closes every link that touches it and every service that passes it.
      const NodeIdx v = find(at, net_.node_by_id, id, "node", "targets");
      if (!v.valid()) return;
      for (auto& link : net_.links)
        if (link.from == v || link.to == v) link.closures.push_back(c);
      for (auto& s : net_.services)
        if (std::find(s.route.begin(), s.route.end(), v) != s.route.end()) s.closures.push_back(c);
    } else {
      error(at, "targets", fmt::format("unknown target kind '{}' in '{}' (link, crossing, node, service)", kind, target));
    }
  }

  Network& net_;
  std::string file_;
  Diagnostics& d_;
};

}  // namespace

ScenarioResult apply_scenario_text(const Network& base, const std::string& text, const std::string& file_name) {
  ScenarioResult result;
  result.info.path = file_name;
  result.info.name = std::filesystem::path(file_name).stem().string();
  toml::table root;
  try {
    root = toml::parse(text, file_name);
  } catch (const toml::parse_error& err) {
    result.diagnostics.add(file_name, static_cast<int>(err.source().begin.line), "", std::string(err.description()));
    return result;
  }
  auto net = std::make_shared<Network>(base);
  net->scenario_name = result.info.name;
  Applier applier(*net, file_name, result.diagnostics);
  result.info.description = root["description"].value_or(std::string());
  result.info.source = root["source"].value_or(std::string());
  if (result.info.description.empty()) result.diagnostics.add(file_name, 1, "description", "a scenario needs a description");
  if (result.info.source.empty()) result.diagnostics.add(file_name, 1, "source", "a scenario needs a source (or 'estimate' and how)");
  for (const auto& [key, value] : root) {
    const std::string k(key.str());
    if (k == "description" || k == "source") continue;
    const auto* list = value.as_array();
    if ((k != "change" && k != "closure") || !list || !list->is_array_of_tables()) {
      applier.error(value, k, "unknown key; a scenario has description, source, [[change]] and [[closure]]");
      continue;
    }
    for (const auto& item : *list) {
      if (k == "change") applier.apply_change(*item.as_table());
      else applier.apply_closure(*item.as_table());
    }
  }
  if (!result.diagnostics.empty()) return result;
  net->build_indexes();
  result.network = std::move(net);
  return result;
}

ScenarioResult apply_scenario(const Network& base, const std::string& name_or_path, const std::string& scenarios_dir) {
  namespace fs = std::filesystem;
  const bool is_path = name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".toml");
  const std::string path = is_path ? name_or_path : scenarios_dir + "/" + name_or_path + ".toml";
  std::ifstream in(path);
  if (!in || fs::is_directory(path)) {
    ScenarioResult result;
    std::vector<std::string> names;
    for (const auto& s : list_scenarios(scenarios_dir)) names.push_back(s.name);
    // Located at the file it looked for; each front end says which of its inputs named it.
    result.diagnostics.add(path, 0, "",
                           fmt::format("unknown scenario '{}' (no such file); bundled scenarios: {}", name_or_path,
                                       join(names, ", ")));
    return result;
  }
  std::stringstream text;
  text << in.rdbuf();
  return apply_scenario_text(base, text.str(), path);
}

std::vector<ScenarioInfo> list_scenarios(const std::string& scenarios_dir) {
  std::vector<ScenarioInfo> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(scenarios_dir, ec)) {
    if (entry.path().extension() != ".toml") continue;
    ScenarioInfo info;
    info.name = entry.path().stem().string();
    info.path = entry.path().string();
    try {
      const toml::table parsed = toml::parse_file(info.path);
      info.description = parsed["description"].value_or(std::string());
      info.source = parsed["source"].value_or(std::string());
    } catch (const toml::parse_error&) {
      info.description = "(does not parse: run caravan network check)";
    }
    out.push_back(std::move(info));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

}  // namespace caravan
