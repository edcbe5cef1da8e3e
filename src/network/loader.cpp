// Loads data/corridors/*.csv into a Network, reporting every problem with file:line and column.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <future>

#include "core/csv_chunks.hpp"
#include "core/geo.hpp"
#include "core/text.hpp"
#include "network/countries.hpp"
#include "network/network.hpp"
#include "network/cargo_rules.hpp"
#include "network/row_reader.hpp"
#include "network/tariffs.hpp"

namespace caravan {
namespace {

const TableSpec kNodesSpec{"nodes.csv",
                           {"id", "name", "country", "lat", "lon", "kind", "timezone", "source"},
                           {"aliases", "unlocode", "gauge_change_hours", "gauge_change_usd_per_teu", "discharge_dwell_hours",
                            "disruption_p"}};
const TableSpec kLinksSpec{
    "links.csv",
    {"id", "from", "to", "mode", "distance_km", "distance_is_estimate", "status", "source"},
    {"gauge_mm", "traction", "opening_year", "speed_kmh", "crossing", "capacity_teu_day", "capacity_bcm_year",
     "disruption_p", "notes"}};
const TableSpec kCrossingsSpec{
    "crossings.csv",
    {"id", "name", "mode", "side_a", "side_b", "hours_a", "hours_b", "median_h_ab", "p90_h_ab", "median_h_ba",
     "p90_h_ba", "source"},
    {"aliases", "seasonal_closure", "capacity_per_day", "capacity_teu_day", "gauge_change_hours",
     "gauge_change_usd_per_teu", "fee_usd_per_teu", "disruption_p"}};
const TableSpec kServicesSpec{
    "services.csv",
    {"id", "name", "mode", "route", "leg_hours", "days", "depart_local", "tariff_usd_per_teu", "source"},
    {"operator", "dwell_hours", "cutoff_hours", "capacity_teu"}};
// Groupage services: the columns of services.csv, priced by the cargo kind's own unit.
const TableSpec kGroupageServicesSpec{
    "groupage_services.csv",
    {"id", "name", "mode", "route", "leg_hours", "days", "depart_local", "cargo", "source"},
    {"operator", "dwell_hours", "cutoff_hours", "tariff_usd_per_wm", "kg_per_wm"}};
// Parcel services: the columns of services.csv, priced per chargeable kilogram.
const TableSpec kParcelServicesSpec{
    "parcel_services.csv",
    {"id", "name", "mode", "route", "leg_hours", "days", "depart_local", "tariff_usd_per_kg", "divisor_cm3_per_kg", "source"},
    {"operator", "dwell_hours", "cutoff_hours"}};
const TableSpec kEcommerceCustomsSpec{"ecommerce_customs.csv",
                                      {"countries", "direction", "regime", "basis", "within", "above", "declaration", "source"},
                                      {"valid_from", "replaced_on", "value_limit", "currency", "weight_limit_kg"}};
const TableSpec kConsolidationHubsSpec{"consolidation_hubs.csv",
                                       {"node", "name", "cutoff_hours", "consolidation_usd_per_wm", "deconsolidation_hours",
                                        "deconsolidation_usd_per_wm", "source"},
                                       {}};
// Reefers and dangerous goods: what carries the one and keeps out the other (optional table).
const TableSpec kCargoRulesSpec{"cargo_rules.csv", {"applies_to", "id", "rule", "restriction", "source"}, {"classes"}};
const TableSpec kModesSpec{"modes.csv",
                           {"profile", "speed_kmh", "cost_usd_per_teu_km", "cost_usd_per_teu_leg",
                            "terminal_usd_per_teu", "terminal_hours", "co2e_wtw_g_per_tkm", "co2e_ttw_g_per_tkm",
                            "disruption_p_per_1000km", "source"},
                           {}};
const TableSpec kParametersSpec{"parameters.csv", {"name", "value", "unit", "source"}, {}};
const TableSpec kHolidaysSpec{"holidays.csv", {"country", "date", "name", "source"}, {}};
const TableSpec kBorderTimesSpec{"border_times.csv", {"crossing", "direction", "tfi1_h", "year", "basis", "source"}, {"p90_h"}};
const TableSpec kTariffsSpec{"tariffs.csv",
                             {"applies_to", "id", "charge", "container", "per", "usd", "source"},
                             {"valid_from", "valid_to"}};
const TableSpec kContainerRatiosSpec{"container-ratios.csv", {"mode", "charge", "ratio_20ft", "ratio_45ft", "source"}, {}};
const TableSpec kCurrenciesSpec{"currencies.csv", {"currency", "units_per_usd", "source"}, {"valid_from", "valid_to"}};
const TableSpec kRailSpeedsSpec{"rail_speeds.csv", {"country", "speed_kmh", "year", "basis", "source"}, {}};
const TableSpec kCountriesSpec{"countries.csv", {"code", "name", "aliases", "source"}, {}};
const TableSpec kGazetteerSpec{"gazetteer.csv", {"name", "aliases", "country", "lat", "lon", "population", "source"}, {}};

// The id patterns of docs/data-format.md, matched by hand: std::regex costs microseconds per
// row, which dominates loading large tables.
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// [A-Z]{2,3}_[A-Z0-9_]+
bool is_node_id(std::string_view s) {
  std::size_t letters = 0;
  while (letters < s.size() && is_upper(s[letters])) ++letters;
  if (letters < 2 || letters > 3 || letters + 1 >= s.size() || s[letters] != '_') return false;
  for (std::size_t i = letters + 1; i < s.size(); ++i)
    if (!is_upper(s[i]) && !is_digit(s[i]) && s[i] != '_') return false;
  return true;
}

// [a-z0-9]+(-[a-z0-9]+)*
bool is_kebab(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '-') {
      if (s[i - 1] == '-') return false;
    } else if (!((c >= 'a' && c <= 'z') || is_digit(c))) {
      return false;
    }
  }
  return true;
}

// [A-Z]{2}[A-Z2-9]{3}
bool is_unlocode(std::string_view s) {
  if (s.size() != 5 || !is_upper(s[0]) || !is_upper(s[1])) return false;
  for (std::size_t i = 2; i < 5; ++i)
    if (!is_upper(s[i]) && !(s[i] >= '2' && s[i] <= '9')) return false;
  return true;
}

// Shared state while loading one dataset.
struct Loader {
  std::string dir;
  Diagnostics& diagnostics;
  Network& net;
  std::unordered_map<std::string, std::uint16_t> zone_index;
  std::unordered_map<std::string, int> first_line;  // "table/id" -> line of first definition
  std::vector<bool> has_position;  // by node: lat and lon were valid (else no distance check against it)

  // A large table read and cut into chunks on another thread, with the diagnostics of reading it.
  struct ReadChunks {
    std::optional<CsvChunks> chunks;
    Diagnostics diagnostics;
  };
  std::future<ReadChunks> links_read;  // links.csv, read while the tables before it load

  // Optional tables: a dataset without them loads as before.
  [[nodiscard]] bool present(const TableSpec& spec) const { return std::filesystem::exists(dir + "/" + std::string(spec.file)); }
  std::optional<CsvTable> read(const TableSpec& spec) {
    return checked(spec, read_csv_file(dir + "/" + std::string(spec.file), std::string(spec.file), diagnostics));
  }
  // Reads a table and cuts it into chunks (see csv_chunks.hpp) on another thread.
  std::future<ReadChunks> read_chunks_async(const TableSpec& spec) {
    return std::async(std::launch::async, [path = dir + "/" + std::string(spec.file), name = std::string(spec.file)] {
      ReadChunks r;
      if (auto text = read_text_file(path, name, r.diagnostics)) r.chunks = cut_csv(std::move(text), name, kChunkBytes);
      return r;
    });
  }
  // 4 MiB: a few dozen chunks for a million links, few enough that each thread's share is large.
  static constexpr std::size_t kChunkBytes = std::size_t{4} << 20;
  std::optional<CsvTable> checked(const TableSpec& spec, std::optional<CsvTable> table) {
    if (!table || table->header.empty()) return std::nullopt;
    if (!check_header(*table, spec, diagnostics)) return std::nullopt;
    return table;
  }

  // Nodes and links: the id map itself finds duplicates (a row is added exactly when its id is
  // new). Reports a duplicate; returns true if the id is new and maps it to the next index.
  template <class Idx, class T>
  bool claim_indexed_id(RowReader& row, IdMap<Idx>& by_id, const IndexedVector<Idx, T>& items, const std::string& id) {
    const auto [it, inserted] = by_id.emplace(id, items.next_index());
    if (!inserted)
      row.error("id", fmt::format("duplicate id '{}' (first defined at line {})", id, items[it->second].line));
    return inserted;
  }

  // Reports a duplicate id; returns true if the id is new.
  bool claim_id(RowReader& row, std::string_view table, const std::string& id) {
    const auto [it, inserted] = first_line.emplace(std::string(table) + "/" + id, row.line());
    if (!inserted) row.error("id", fmt::format("duplicate id '{}' (first defined at line {})", id, it->second));
    return inserted;
  }

  std::optional<CountryCode> country(RowReader& row, std::string_view column) {
    return country(row, row.column(column));
  }
  std::optional<CountryCode> country(RowReader& row, const Column& column) {
    const auto code = row.text(column);
    const auto& table = CountryTable::system();
    if (!table.load_error().empty()) {
      row.error(column, table.load_error());
      return std::nullopt;
    }
    if (code.size() != 2 || !table.find(code)) {
      row.error(column, fmt::format("'{}' is not an ISO 3166-1 alpha-2 country code", code));
      return std::nullopt;
    }
    return CountryCode{code[0], code[1]};
  }

  // Safe on several threads once the nodes are loaded (it only reads the node map).
  NodeIdx node_ref(RowReader& row, std::string_view column, std::string_view id) const {
    const auto it = net.node_by_id.find(id);
    if (it == net.node_by_id.end()) {
      row.error(column, id.empty() ? std::string("is required") : fmt::format("unknown node '{}'", id));
      return NodeIdx{};
    }
    return it->second;
  }

  std::optional<GaugeChange> gauge_change(RowReader& row) {
    return gauge_change(row, row.column("gauge_change_hours"), row.column("gauge_change_usd_per_teu"));
  }
  std::optional<GaugeChange> gauge_change(RowReader& row, const Column& hours_column, const Column& usd_column) {
    const auto hours = row.number(hours_column, 0, 24 * 30, false);
    const auto usd = row.number(usd_column, 0, 10000, false);
    if (hours.has_value() != usd.has_value()) {
      if (!row.text(hours_column).empty() || !row.text(usd_column).empty())
        row.error(hours ? "gauge_change_usd_per_teu" : "gauge_change_hours",
                  "gauge_change_hours and gauge_change_usd_per_teu go together");
      return std::nullopt;
    }
    if (!hours) return std::nullopt;
    return GaugeChange{Duration::hours(*hours), *usd};
  }

  struct LinkColumns;
  void load_nodes();
  void load_crossings();
  Link check_link(RowReader& row, const LinkColumns& c) const;
  void load_links();
  void load_services(const TableSpec& spec);
  void load_consolidation_hubs();
  void load_ecommerce_customs();
  void load_modes();
  void load_parameters();
  void load_holidays();
  void load_border_times();
  void load_rail_speeds();
  void load_prices();
  void load_cargo_rules();
  void load_place_names();
};

void Loader::load_nodes() {
  const auto table = read(kNodesSpec);
  if (!table) return;
  net.nodes.reserve(table->records.size());
  net.node_by_id.reserve(table->records.size());
  has_position.reserve(table->records.size());
  const auto col = [&](std::string_view name) { return column_of(*table, name); };
  const Column c_id = col("id"), c_name = col("name"), c_aliases = col("aliases"), c_country = col("country"),
               c_lat = col("lat"), c_lon = col("lon"), c_kind = col("kind"), c_unlocode = col("unlocode"),
               c_timezone = col("timezone"), c_gauge_hours = col("gauge_change_hours"),
               c_gauge_usd = col("gauge_change_usd_per_teu"), c_dwell = col("discharge_dwell_hours"),
               c_disruption = col("disruption_p"),
               c_source = col("source");
  for (const auto& record : table->records) {
    RowReader row(*table, record, diagnostics);
    Node node;
    node.line = row.line();
    node.id = row.required(c_id);
    if (!node.id.empty() && !is_node_id(node.id))
      row.error("id", fmt::format("'{}' does not look like CC_NAME (e.g. KZ_ALMATY)", node.id));
    node.name = row.required(c_name);
    node.aliases = split_list(row.text(c_aliases), '|');
    const auto country = this->country(row, c_country);
    if (country) node.country = *country;
    const auto lat = row.number(c_lat, -90, 90, true);
    const auto lon = row.number(c_lon, -180, 180, true);
    node.lat = lat.value_or(0);
    node.lon = lon.value_or(0);
    const auto kind = enum_from_name<NodeKind>(kNodeKindNames, row.text(c_kind));
    if (!kind) row.error("kind", fmt::format("'{}' is not one of {}", row.text(c_kind), join({kNodeKindNames.begin(), kNodeKindNames.end()}, ", ")));
    node.kind = kind.value_or(NodeKind::city);
    node.unlocode = std::string(row.text(c_unlocode));
    if (!node.unlocode.empty()) {
      if (!is_unlocode(node.unlocode))
        row.error("unlocode", fmt::format("'{}' is not a UN/LOCODE (two letters and three letters or digits 2-9)", node.unlocode));
      else if (country && node.unlocode.compare(0, 2, to_string(*country)) != 0)
        row.error("unlocode", fmt::format("'{}' does not start with the node's country {}", node.unlocode, to_string(*country)));
    }
    node.timezone = row.required(c_timezone);
    if (!node.timezone.empty()) {
      auto it = zone_index.find(node.timezone);
      if (it == zone_index.end()) {
        std::string error;
        auto zone = TimeZone::load(node.timezone, &error);
        if (zone) {
          it = zone_index.emplace(node.timezone, static_cast<std::uint16_t>(net.time_zones.size())).first;
          net.time_zones.push_back(std::move(*zone));
        } else {
          row.error("timezone", fmt::format("unknown IANA time zone '{}'", node.timezone));
        }
      }
      if (it != zone_index.end()) node.timezone_index = it->second;
    }
    node.gauge_change = gauge_change(row, c_gauge_hours, c_gauge_usd);
    if (const auto dwell = row.number(c_dwell, 0, 24 * 30, false)) {
      if (node.kind != NodeKind::seaport && node.kind != NodeKind::ferry_port)
        row.error("discharge_dwell_hours", "applies only to seaport and ferry_port nodes");
      else
        node.discharge_dwell = Duration::hours(*dwell);
    }
    node.disruption_p = row.number(c_disruption, 0, 1, false).value_or(0);
    node.source = row.source(c_source);
    if (!node.id.empty() && claim_indexed_id(row, net.node_by_id, net.nodes, node.id)) {
      net.nodes.push_back(std::move(node));
      has_position.push_back(lat && lon);
    }
  }
}

std::optional<std::pair<int, int>> parse_seasonal(std::string_view text) {
  // MM-DD..MM-DD
  if (text.size() != 12 || text.substr(5, 2) != "..") return std::nullopt;
  auto month_day = [](std::string_view s) -> std::optional<int> {
    if (s.size() != 5 || s[2] != '-') return std::nullopt;
    const auto m = parse_integer(s.substr(0, 2));
    const auto d = parse_integer(s.substr(3, 2));
    if (!m || !d || !is_valid_date(CivilDate{2024, static_cast<int>(*m), static_cast<int>(*d)})) return std::nullopt;
    return static_cast<int>(*m * 100 + *d);
  };
  const auto from = month_day(text.substr(0, 5));
  const auto to = month_day(text.substr(7, 5));
  if (!from || !to) return std::nullopt;
  return std::pair{*from, *to};
}

void Loader::load_crossings() {
  const auto table = read(kCrossingsSpec);
  if (!table) return;
  for (const auto& record : table->records) {
    RowReader row(*table, record, diagnostics);
    Crossing c;
    c.line = row.line();
    c.id = row.required("id");
    if (!c.id.empty() && !is_kebab(c.id))
      row.error("id", fmt::format("'{}' is not kebab-case (e.g. khorgos-altynkol)", c.id));
    c.name = row.required("name");
    c.aliases = split_list(row.text("aliases"), '|');
    const auto mode = row.text("mode");
    if (mode == "rail") c.mode = Mode::rail;
    else if (mode == "road") c.mode = Mode::road;
    else row.error("mode", fmt::format("'{}' is not rail or road", mode));
    c.side_a = node_ref(row, "side_a", row.text("side_a"));
    c.side_b = node_ref(row, "side_b", row.text("side_b"));
    for (const auto& [column, target] : {std::pair{"hours_a", &c.hours_a}, std::pair{"hours_b", &c.hours_b}}) {
      std::string error;
      auto hours = OpeningHours::parse(row.text(column), &error);
      if (hours) *target = std::move(*hours);
      else row.error(column, fmt::format("malformed opening hours '{}': {}", row.text(column), error));
    }
    if (const auto text = row.text("seasonal_closure"); !text.empty()) {
      c.seasonal_closure = parse_seasonal(text);
      if (!c.seasonal_closure) row.error("seasonal_closure", fmt::format("'{}' is not MM-DD..MM-DD", text));
    }
    const double max_hours = 24 * 60;
    auto processing = [&](const char* median_col, const char* p90_col) {
      const auto median = row.number(median_col, 0, max_hours, true);
      const auto p90 = row.number(p90_col, 0, max_hours, true);
      if (median && p90 && *p90 < *median) row.error(p90_col, fmt::format("p90 {} h is below the median {} h", *p90, *median));
      return ProcessingTime{Duration::hours(median.value_or(0)), Duration::hours(p90.value_or(0))};
    };
    c.a_to_b = processing("median_h_ab", "p90_h_ab");
    c.b_to_a = processing("median_h_ba", "p90_h_ba");
    c.capacity_per_day = row.number("capacity_per_day", 0, 1e6, false);
    c.capacity_teu_day = row.number("capacity_teu_day", 0, 1e7, false);
    c.gauge_change = gauge_change(row);
    c.fee_usd_per_teu = row.number("fee_usd_per_teu", 0, 1e5, false).value_or(0);
    c.disruption_p = row.number("disruption_p", 0, 1, false).value_or(0);
    c.source = row.source();
    if (!c.id.empty() && claim_id(row, "crossing", c.id)) {
      net.crossing_by_id.emplace(c.id, net.crossings.next_index());
      net.crossings.push_back(std::move(c));
    }
  }
}

// Parses gauge_mm: "1520" or "1435/1520". Returns (from, to) or nullopt after reporting.
std::optional<std::pair<std::uint16_t, std::uint16_t>> parse_gauge(RowReader& row, const Column& column) {
  const auto text = row.text(column);
  auto one = [&](std::string_view s) -> std::optional<std::uint16_t> {
    const auto v = parse_integer(s);
    if (!v || *v < 600 || *v > 1800) return std::nullopt;
    return static_cast<std::uint16_t>(*v);
  };
  const auto slash = text.find('/');
  const auto from = one(text.substr(0, slash));
  const auto to = slash == std::string_view::npos ? from : one(text.substr(slash + 1));
  if (!from || !to) {
    row.error("gauge_mm", fmt::format("'{}' is not a gauge in mm (600-1800) or a pair A/B", text));
    return std::nullopt;
  }
  return std::pair{*from, *to};
}

struct Loader::LinkColumns {
  Column id, from, to, mode, gauge, traction, distance, estimate, status, opening, speed, crossing, teu, bcm,
      disruption, notes, source;
  explicit LinkColumns(std::span<const std::string> h)
      : id(column_of(h, "id")), from(column_of(h, "from")), to(column_of(h, "to")), mode(column_of(h, "mode")),
        gauge(column_of(h, "gauge_mm")), traction(column_of(h, "traction")), distance(column_of(h, "distance_km")),
        estimate(column_of(h, "distance_is_estimate")), status(column_of(h, "status")),
        opening(column_of(h, "opening_year")), speed(column_of(h, "speed_kmh")), crossing(column_of(h, "crossing")),
        teu(column_of(h, "capacity_teu_day")), bcm(column_of(h, "capacity_bcm_year")),
        disruption(column_of(h, "disruption_p")), notes(column_of(h, "notes")), source(column_of(h, "source")) {}
};

// Everything about one link that its row alone can tell. Runs on several threads at once: it
// reads the nodes and crossings, which are loaded by then, and changes nothing shared.
Link Loader::check_link(RowReader& row, const LinkColumns& c) const {
  Link link;
  link.line = row.line();
  link.id = row.required(c.id);
  link.from = node_ref(row, "from", row.text(c.from));
  link.to = node_ref(row, "to", row.text(c.to));
  const auto mode = enum_from_name<Mode>(kModeNames, row.text(c.mode));
  if (!mode) row.error("mode", fmt::format("'{}' is not one of rail, road, ferry, sea, pipeline, air", row.text(c.mode)));
  link.mode = mode.value_or(Mode::rail);
  if (mode && !link.id.empty()) {
    // id is mode:from:to, optionally followed by :suffix
    const std::string_view parts[] = {row.text(c.mode), row.text(c.from), row.text(c.to)};
    std::string_view rest = link.id;
    bool matches = true;
    for (std::size_t k = 0; k < 3 && matches; ++k) {
      if (k > 0) {
        matches = rest.starts_with(':');
        if (matches) rest.remove_prefix(1);
      }
      matches = matches && rest.starts_with(parts[k]);
      if (matches) rest.remove_prefix(parts[k].size());
    }
    matches = matches && (rest.empty() || rest.front() == ':');
    if (!matches) {
      const std::string prefix = fmt::format("{}:{}:{}", parts[0], parts[1], parts[2]);
      row.error("id", fmt::format("'{}' should be '{}' (optionally with a ':suffix')", link.id, prefix));
    }
  }
  if (link.from.valid() && link.from == link.to) row.error("to", "a link cannot start and end at the same node");

  const bool carries_wagons = link.mode == Mode::rail || link.mode == Mode::ferry;
  if (!row.text(c.gauge).empty()) {
    if (!carries_wagons) row.error("gauge_mm", fmt::format("a {} link has no gauge", to_string(link.mode)));
    else if (const auto g = parse_gauge(row, c.gauge)) std::tie(link.gauge_from_mm, link.gauge_to_mm) = *g;
  } else if (link.mode == Mode::rail) {
    row.error("gauge_mm", "is required for rail links");
  }
  const auto traction = row.text(c.traction);
  switch (link.mode) {
    case Mode::rail:
      if (traction == "electric") link.profile = Profile::rail_electric;
      else if (traction == "diesel") link.profile = Profile::rail_diesel;
      else row.error("traction", fmt::format("'{}' is not electric or diesel", traction));
      break;
    case Mode::road: link.profile = Profile::road; break;
    case Mode::ferry: link.profile = Profile::ferry; break;
    case Mode::sea: link.profile = Profile::sea; break;
    case Mode::pipeline: link.profile = Profile::pipeline; break;
    case Mode::air: link.profile = Profile::air; break;
  }
  if (link.mode != Mode::rail && !traction.empty()) row.error("traction", "only rail links have a traction");

  const auto distance = row.number(c.distance, -1e9, 1e9, true);
  if (distance) {
    if (*distance <= 0) row.error("distance_km", fmt::format("{} km: a distance must be positive", *distance));
    else if (*distance > 25000) row.error("distance_km", fmt::format("{} km is absurd for one link (over 25,000 km)", *distance));
    else if (link.from.valid() && link.to.valid() && has_position[link.from.index()] && has_position[link.to.index()]) {
      const auto& a = net.nodes[link.from];
      const auto& b = net.nodes[link.to];
      const double gc = great_circle_km(a.lat, a.lon, b.lat, b.lon);
      if (gc > 30 && *distance < 0.8 * gc)
        row.error("distance_km", fmt::format("{} km is shorter than the great-circle distance between its ends ({:.0f} km)", *distance, gc));
      else if (*distance > 5 * gc + 100)
        row.error("distance_km", fmt::format("{} km is absurd: over 5 times the great-circle distance between its ends ({:.0f} km)", *distance, gc));
    }
    link.distance_km = *distance;
  }
  link.distance_is_estimate = row.boolean(c.estimate).value_or(false);
  const auto status = enum_from_name<LinkStatus>(kLinkStatusNames, row.text(c.status));
  if (!status) row.error("status", fmt::format("'{}' is not one of operational, under_construction, planned, disrupted, closed", row.text(c.status)));
  link.status = status.value_or(LinkStatus::closed);
  link.opening_year = static_cast<int>(row.number(c.opening, 1800, 2100, false).value_or(0));
  link.speed_kmh = row.number(c.speed, 1, 1000, false);
  if (const auto crossing = row.text(c.crossing); !crossing.empty()) {
    const auto it = net.crossing_by_id.find(crossing);
    if (it == net.crossing_by_id.end()) row.error("crossing", fmt::format("unknown crossing '{}'", crossing));
    else link.crossing = it->second;
  }
  if (link.gauge_from_mm != link.gauge_to_mm && !link.crossing.valid())
    row.error("gauge_mm", "a gauge pair A/B is only allowed on a border crossing link");
  link.capacity_teu_day = row.number(c.teu, 0, 1e7, false);
  link.capacity_bcm_year = row.number(c.bcm, 0, 1e4, false);
  if (link.capacity_bcm_year && link.mode != Mode::pipeline) row.error("capacity_bcm_year", "only pipelines have a capacity in bcm/year");
  link.disruption_p = row.number(c.disruption, 0, 1, false);
  link.notes = std::string(row.text(c.notes));
  link.source = row.source(c.source);
  return link;
}

// links.csv is checked in chunks on all cores (csv_chunks.hpp); ids are claimed, and the links
// stored, in file order, so that indexes and diagnostics are those of one pass over the file.
void Loader::load_links() {
  ReadChunks read = links_read.valid() ? links_read.get() : read_chunks_async(kLinksSpec).get();
  diagnostics.append(read.diagnostics);
  if (!read.chunks) return;
  CsvChunks& chunks = *read.chunks;
  if (chunks.header.empty()) {  // no readable header: parse_csv says why
    checked(kLinksSpec, parse_csv(std::move(chunks.text), chunks.file, diagnostics));
    return;
  }
  Diagnostics header_problems, parse_problems, row_problems;
  bool parsed = false;
  if (check_header(chunks.header, kLinksSpec, header_problems)) {
    net.links.reserve(chunks.line_breaks + 1);
    net.link_by_id.reserve(chunks.line_breaks + 1);
    const LinkColumns columns(chunks.header);
    auto check = [&](std::span<const std::string_view> fields, int line, Diagnostics& d) {
      RowReader row(chunks.file, chunks.header, fields, line, d);
      return check_link(row, columns);
    };
    auto take = [&](Link&& link, int line, Diagnostics& d) {
      if (link.id.empty()) return;
      const auto [it, inserted] = net.link_by_id.emplace(link.id, net.links.next_index());
      if (!inserted) {
        d.add(chunks.file, line, "id",
              fmt::format("duplicate id '{}' (first defined at line {})", link.id, net.links[it->second].line));
        return;
      }
      net.links.push_back(std::move(link));
    };
    parsed = check_csv_rows<Link>(chunks, check, take, parse_problems, row_problems);
  } else {  // the rows cannot be read, but their parse problems are still reported
    parsed = check_csv_rows<char>(
        chunks, [](std::span<const std::string_view>, int, Diagnostics&) { return char{}; },
        [](char, int, Diagnostics&) {}, parse_problems, row_problems);
  }
  diagnostics.append(parse_problems);
  if (!parsed) {
    net.links = {};
    net.link_by_id.clear();
    return;
  }
  diagnostics.append(header_problems);
  diagnostics.append(row_problems);
}

std::optional<std::uint8_t> parse_days(std::string_view text) {
  static constexpr std::string_view kDays[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
  if (text == "daily") return 0x7F;
  auto day = [](std::string_view s) -> int {
    for (int i = 0; i < 7; ++i)
      if (kDays[i] == s) return i;
    return -1;
  };
  std::uint8_t mask = 0;
  for (const auto& part : split_list(text, ',')) {
    const auto dash = part.find('-');
    const int from = day(std::string_view(part).substr(0, dash));
    const int to = dash == std::string::npos ? from : day(std::string_view(part).substr(dash + 1));
    if (from < 0 || to < 0) return std::nullopt;
    for (int d = from;; d = (d + 1) % 7) {
      mask |= static_cast<std::uint8_t>(1u << d);
      if (d == to) break;
    }
  }
  if (mask == 0) return std::nullopt;
  return mask;
}

// Links by end node, each node's list in link order, so that a service hop looks only at the
// links of one node instead of all of them.
struct LinksByNode {
  std::vector<std::uint32_t> first;  // links of node v: index[first[v] .. first[v+1])
  std::vector<LinkIdx> index;

  explicit LinksByNode(const Network& net) : first(net.nodes.size() + 1, 0) {
    const std::size_t n = net.nodes.size();
    auto ends = [&](const Link& l, auto&& f) {
      if (l.from.valid()) f(l.from.index());
      if (l.to.valid() && l.to != l.from) f(l.to.index());
    };
    for (const auto& l : net.links) ends(l, [&](std::size_t v) { ++first[v + 1]; });
    for (std::size_t v = 0; v < n; ++v) first[v + 1] += first[v];
    index.resize(first[n]);
    std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
    for (const auto i : net.links.indices()) ends(net.links[i], [&](std::size_t v) { index[fill[v]++] = i; });
  }
};

// Finds the first link (in file order) of `mode` between a and b, in either direction.
LinkIdx find_link(const Network& net, const LinksByNode& by_node, NodeIdx a, NodeIdx b, Mode mode) {
  for (auto k = by_node.first[a.index()]; k < by_node.first[a.index() + 1]; ++k) {
    const LinkIdx i = by_node.index[k];
    const auto& l = net.links[i];
    if (l.mode == mode && ((l.from == a && l.to == b) || (l.from == b && l.to == a))) return i;
  }
  return LinkIdx{};
}

void Loader::load_consolidation_hubs() {
  if (!present(kConsolidationHubsSpec)) return;
  const auto table = read(kConsolidationHubsSpec);
  if (!table) return;
  for (const auto& record : table->records) {
    RowReader row(*table, record, diagnostics);
    ConsolidationHub h;
    h.line = row.line();
    h.node = node_ref(row, "node", row.text("node"));
    h.name = row.required("name");
    h.cutoff = Duration::hours(row.number("cutoff_hours", 0, 24 * 14, true).value_or(0));
    h.consolidation_usd_per_wm = row.number("consolidation_usd_per_wm", 0, 1e4, true).value_or(0);
    h.deconsolidation = Duration::hours(row.number("deconsolidation_hours", 0, 24 * 14, true).value_or(0));
    h.deconsolidation_usd_per_wm = row.number("deconsolidation_usd_per_wm", 0, 1e4, true).value_or(0);
    h.source = row.source();
    if (h.node.valid())
      if (const auto* first = net.hub_at(h.node))
        row.error("node", fmt::format("duplicate hub at '{}' (first defined at line {})", row.text("node"), first->line));
    if (row.ok()) net.consolidation_hubs.push_back(std::move(h));
  }
}

void Loader::load_ecommerce_customs() {
  if (!present(kEcommerceCustomsSpec)) return;
  const auto table = read(kEcommerceCustomsSpec);
  if (!table) return;
  for (const auto& record : table->records) {
    RowReader row(*table, record, diagnostics);
    EcommerceRule r;
    r.line = row.line();
    for (const auto& code : split_list(row.text("countries"), '|')) {
      if (code.size() == 2 && std::isupper(static_cast<unsigned char>(code[0])) && std::isupper(static_cast<unsigned char>(code[1])))
        r.countries.push_back({code[0], code[1]});
      else
        row.error("countries", fmt::format("'{}' is not an ISO 3166-1 alpha-2 country code", code));
    }
    if (r.countries.empty()) row.error("countries", "names no country (codes separated by '|')");
    const auto direction = row.text("direction");
    if (direction == "export") r.import = false;
    else if (direction != "import") row.error("direction", fmt::format("'{}' is not import or export", direction));
    for (const auto& [column, target] : {std::pair{"valid_from", &r.valid_from_day}, std::pair{"replaced_on", &r.valid_to_day}}) {
      const auto text = row.text(column);
      if (text.empty()) continue;
      if (const auto day = parse_day(text)) *target = *day;
      else row.error(column, fmt::format("'{}' is not a date YYYY-MM-DD", text));
    }
    if (r.valid_from_day >= r.valid_to_day) row.error("replaced_on", "must be after valid_from");
    r.regime = row.required("regime");
    r.value_limit = row.number("value_limit", 0, 1e9, false);
    r.currency = std::string(row.text("currency"));
    if (r.value_limit && r.currency.size() != 3) row.error("currency", "a value limit needs its ISO 4217 currency");
    r.weight_limit_kg = row.number("weight_limit_kg", 0, 1e5, false);
    const auto basis = row.text("basis");
    if (basis == "month") r.per_month = true;
    else if (basis != "shipment") row.error("basis", fmt::format("'{}' is not shipment or month", basis));
    r.within = row.required("within");
    r.above = row.required("above");
    r.declaration = row.required("declaration");
    r.source = row.source();
    // Two rules of one country and direction in force on the same day would make the answer a guess.
    for (const auto& other : net.ecommerce_customs)
      if (other.import == r.import && r.valid_from_day < other.valid_to_day && other.valid_from_day < r.valid_to_day)
        for (const auto c : r.countries)
          if (std::find(other.countries.begin(), other.countries.end(), c) != other.countries.end())
            row.error("valid_from", fmt::format("{} {} is also ruled by line {} over part of this period", to_string(c),
                                                direction, other.line));
    if (row.ok()) net.ecommerce_customs.push_back(std::move(r));
  }
}

void Loader::load_services(const TableSpec& spec) {
  const bool groupage = &spec == &kGroupageServicesSpec;
  const bool parcel = &spec == &kParcelServicesSpec;
  if ((groupage || parcel) && !present(spec)) return;
  const auto table = read(spec);
  if (!table) return;
  const LinksByNode links_by_node(net);
  for (const auto& record : table->records) {
    RowReader row(*table, record, diagnostics);
    Service s;
    s.line = row.line();
    s.id = row.required("id");
    if (!s.id.empty() && !is_kebab(s.id))
      row.error("id", fmt::format("'{}' is not kebab-case", s.id));
    s.name = row.required("name");
    s.operator_name = std::string(row.text("operator"));
    const auto mode = row.text("mode");
    if (mode == "rail") s.mode = Mode::rail;
    else if (mode == "ferry") s.mode = Mode::ferry;
    else if (mode == "sea") s.mode = Mode::sea;
    else if ((groupage || parcel) && mode == "road") s.mode = Mode::road;  // groupage and express trucks on a timetable
    else if (parcel && mode == "air") s.mode = Mode::air;
    else if (parcel) row.error("mode", fmt::format("'{}' is not road or air", mode));
    else row.error("mode", fmt::format("'{}' is not rail, {}ferry or sea", mode, groupage ? "road, " : ""));

    // Route: NODE>NODE>(PASSED)>NODE
    std::vector<bool> is_call;
    bool route_ok = true;
    for (const auto& token : split_list(row.text("route"), '>')) {
      const bool passed = token.size() > 2 && token.front() == '(' && token.back() == ')';
      const std::string id = passed ? token.substr(1, token.size() - 2) : token;
      const NodeIdx v = node_ref(row, "route", id);
      route_ok = route_ok && v.valid();
      s.route.push_back(v);
      is_call.push_back(!passed);
    }
    if (s.route.size() < 2) {
      row.error("route", "needs at least two nodes separated by '>'");
      route_ok = false;
    } else if (!is_call.front() || !is_call.back()) {
      row.error("route", "must start and end with a call, not a passed node");
      route_ok = false;
    }
    const auto leg_hours = split_list(row.text("leg_hours"), ';');
    const auto call_count = static_cast<std::size_t>(std::count(is_call.begin(), is_call.end(), true));
    if (route_ok && leg_hours.size() + 1 != call_count) {
      row.error("leg_hours", fmt::format("has {} values for {} calls; give one per pair of consecutive calls", leg_hours.size(), call_count));
      route_ok = false;
    }
    const auto days = parse_days(row.text("days"));
    if (!days) row.error("days", fmt::format("'{}' is not a list of days such as Mo,Th or Mo-Fr or daily", row.text("days")));
    s.days_mask = days.value_or(0);
    const auto depart = parse_hhmm(row.text("depart_local"));
    if (!depart || *depart >= 1440) row.error("depart_local", fmt::format("'{}' is not a local time HH:MM", row.text("depart_local")));
    s.depart_local_minute = depart.value_or(0);
    s.dwell = Duration::hours(row.number("dwell_hours", 0, 24 * 14, false).value_or(0));
    s.cutoff = Duration::hours(row.number("cutoff_hours", 0, 24 * 14, false).value_or(0));
    s.capacity_teu = row.number("capacity_teu", 0, 1e6, false);
    if (parcel) {
      s.cargo = CargoKind::parcel;
      s.tariff_usd_per_kg = row.number("tariff_usd_per_kg", 0, 1e4, true).value_or(0);
      s.divisor_cm3_per_kg = row.number("divisor_cm3_per_kg", 1000, 1e5, true).value_or(6000);
    } else if (groupage) {
      const auto cargo = row.text("cargo");
      if (cargo == "lcl") s.cargo = CargoKind::lcl;
      else row.error("cargo", fmt::format("'{}' is not lcl", cargo));
      s.tariff_usd_per_wm = row.number("tariff_usd_per_wm", 0, 1e5, true).value_or(0);
      s.kg_per_wm = row.number("kg_per_wm", 1, 1e4, true).value_or(1000);
    } else {
      s.tariff_usd_per_teu = row.number("tariff_usd_per_teu", 0, 1e6, true).value_or(0);
    }
    s.source = row.source();

    if (route_ok) {
      Duration clock;
      double km = 0;
      std::size_t leg = 0;
      ServiceCall call{s.route[0], Duration{}, Duration{}, 0, {}};
      for (std::size_t i = 0; i + 1 < s.route.size(); ++i) {
        const LinkIdx l = find_link(net, links_by_node, s.route[i], s.route[i + 1], s.mode);
        if (!l.valid()) {
          row.error("route", fmt::format("no {} link joins {} and {}", to_string(s.mode), net.nodes[s.route[i]].id,
                                         net.nodes[s.route[i + 1]].id));
          route_ok = false;
          break;
        }
        call.links_to_next.push_back(l);
        km += net.links[l].distance_km;
        if (is_call[i + 1]) {
          const auto hours = parse_double(leg_hours[leg]);
          if (!hours || *hours <= 0) {
            row.error("leg_hours", fmt::format("'{}' is not a positive number of hours", leg_hours[leg]));
            route_ok = false;
            break;
          }
          ++leg;
          clock += Duration::hours(*hours);
          s.calls.push_back(std::move(call));
          call = ServiceCall{s.route[i + 1], clock, clock, km, {}};
          if (i + 2 < s.route.size()) {
            clock += s.dwell;
            call.depart = clock;
          }
        }
      }
      if (route_ok) s.calls.push_back(std::move(call));
      // Groupage is stuffed and stripped only where a forwarder has a station for it.
      if (route_ok && groupage)
        for (const auto& c : s.calls)
          if (!net.hub_at(c.node))
            row.error("route", fmt::format("calls at {}, which is not a consolidation hub (consolidation_hubs.csv)",
                                           net.nodes[c.node].id));
    }
    if (!s.id.empty() && claim_id(row, "service", s.id) && row.ok()) {
      net.service_by_id.emplace(s.id, net.services.next_index());
      net.services.push_back(std::move(s));
    }
  }
}

void Loader::load_modes() {
  const auto table = read(kModesSpec);
  if (!table) return;
  for (const auto& record : table->records) {
    RowReader row(*table, record, diagnostics);
    const auto profile = enum_from_name<Profile>(kProfileNames, row.text("profile"));
    if (!profile) {
      row.error("profile", fmt::format("'{}' is not one of rail_electric, rail_diesel, road, ferry, sea, pipeline, air", row.text("profile")));
      continue;
    }
    CostProfile p;
    p.line = row.line();
    p.speed_kmh = row.number("speed_kmh", 1, 1000, true).value_or(1);
    p.cost_usd_per_teu_km = row.number("cost_usd_per_teu_km", 0, 100, true).value_or(0);
    p.cost_usd_per_teu_leg = row.number("cost_usd_per_teu_leg", 0, 1e5, true).value_or(0);
    p.terminal_usd_per_teu = row.number("terminal_usd_per_teu", 0, 1e5, true).value_or(0);
    p.terminal_time = Duration::hours(row.number("terminal_hours", 0, 24 * 14, true).value_or(0));
    p.co2e_wtw_g_per_tkm = row.number("co2e_wtw_g_per_tkm", 0, 5000, true).value_or(0);
    p.co2e_ttw_g_per_tkm = row.number("co2e_ttw_g_per_tkm", 0, 5000, true).value_or(0);
    if (p.co2e_ttw_g_per_tkm > p.co2e_wtw_g_per_tkm)
      row.error("co2e_ttw_g_per_tkm", "tank-to-wheel cannot exceed well-to-wheel");
    p.disruption_p_per_1000km = row.number("disruption_p_per_1000km", 0, 1, true).value_or(0);
    p.source = row.source();
    p.present = true;
    auto& slot = net.profiles[static_cast<std::size_t>(*profile)];
    if (slot.present) row.error("profile", fmt::format("duplicate profile '{}' (first defined at line {})", row.text("profile"), slot.line));
    else slot = std::move(p);
  }
  // Air is optional: only a network with flights needs its row.
  const bool flies = std::any_of(net.links.begin(), net.links.end(), [](const Link& l) { return l.mode == Mode::air; });
  for (std::size_t i = 0; i < kProfileNames.size(); ++i)
    if (!net.profiles[i].present && (static_cast<Profile>(i) != Profile::air || flies))
      diagnostics.add("modes.csv", 0, "profile",
                      fmt::format("profile '{}' is missing{}", kProfileNames[i], i == static_cast<std::size_t>(Profile::air) ? " (links.csv has air links)" : ""));
}

void Loader::load_parameters() {
  const auto table = read(kParametersSpec);
  if (!table) return;
  for (const auto& record : table->records) {
    RowReader row(*table, record, diagnostics);
    const std::string name = row.required("name");
    Parameter p{row.number("value", -1e12, 1e12, true).value_or(0), std::string(row.text("unit")), row.source(), row.line()};
    if (!name.empty() && !net.parameters.emplace(name, p).second)
      row.error("name", fmt::format("duplicate parameter '{}'", name));
  }
}

void Loader::load_holidays() {
  const auto table = read(kHolidaysSpec);
  if (!table) return;
  for (const auto& record : table->records) {
    RowReader row(*table, record, diagnostics);
    const auto country = this->country(row, "country");
    const auto text = row.text("date");
    std::string error;
    const auto t = parse_iso8601(text, &error);
    if (!t || text.size() != 10) row.error("date", fmt::format("'{}' is not a date YYYY-MM-DD", text));
    row.required("name");
    row.source();
    if (country && t && text.size() == 10) net.holidays.add(to_string(*country), civil_from_days(t->minutes / 1440));
  }
}

// Published times to clear (optional table). Each row must agree with the crossing's own time in
// that direction, so the figure the engine is calibrated to and the one it is checked against
// are one number.
void Loader::load_border_times() {
  if (!present(kBorderTimesSpec)) return;
  const auto table = read(kBorderTimesSpec);
  if (!table) return;
  for (const auto& record : table->records) {
    RowReader row(*table, record, diagnostics);
    PublishedClearing p;
    p.line = row.line();
    const std::string id = row.required("crossing");
    const auto it = net.crossing_by_id.find(id);
    if (!id.empty() && it == net.crossing_by_id.end()) row.error("crossing", fmt::format("unknown crossing '{}'", id));
    const auto direction = row.text("direction");
    if (direction != "a_to_b" && direction != "b_to_a")
      row.error("direction", fmt::format("expected a_to_b or b_to_a, got '{}'", direction));
    p.a_to_b = direction == "a_to_b";
    const auto tfi1 = row.number("tfi1_h", 0, 24 * 60, true);
    const auto p90 = row.number("p90_h", 0, 24 * 60, false);
    const auto year = row.number("year", 1990, 2100, true);
    p.basis = std::string(row.text("basis"));
    if (p.basis != "bcp" && p.basis != "sides" && p.basis != "national" && p.basis != "report")
      row.error("basis", fmt::format("expected bcp, sides, national or report, got '{}'", p.basis));
    p.source = row.source();
    if (tfi1) p.tfi1 = Duration::hours(*tfi1);
    if (p90) {
      p.p90 = Duration::hours(*p90);
      if (tfi1 && *p90 < *tfi1) row.error("p90_h", "is less than tfi1_h");
    }
    if (year) p.year = static_cast<int>(*year);
    if (it == net.crossing_by_id.end() || !tfi1 || (direction != "a_to_b" && direction != "b_to_a")) continue;
    p.crossing = it->second;
    const Crossing& c = net.crossings[p.crossing];
    const ProcessingTime& own = p.a_to_b ? c.a_to_b : c.b_to_a;
    const char* suffix = p.a_to_b ? "ab" : "ba";
    if (own.median != p.tfi1)
      row.error("tfi1_h", fmt::format("crossings.csv:{} gives median_h_{} {:.1f} h for '{}'", c.line, suffix, own.median.in_hours(), id));
    if (p.p90 && own.p90 != *p.p90)
      row.error("p90_h", fmt::format("crossings.csv:{} gives p90_h_{} {:.1f} h for '{}'", c.line, suffix, own.p90.in_hours(), id));
    for (const auto& other : net.published_clearing)
      if (other.crossing == p.crossing && other.a_to_b == p.a_to_b)
        row.error("direction", fmt::format("'{}' {} is given twice (first at line {})", id, direction, other.line));
    net.published_clearing.push_back(std::move(p));
  }
}

// Commercial rail speeds by country (optional table): without it every network runs at the
// parameter rail_wagonload_speed_kmh.
void Loader::load_rail_speeds() {
  if (!present(kRailSpeedsSpec)) return;
  const auto table = read(kRailSpeedsSpec);
  if (!table) return;
  for (const auto& record : table->records) {
    RowReader row(*table, record, diagnostics);
    RailSpeed r;
    r.line = row.line();
    const auto code = country(row, "country");
    const auto speed = row.number("speed_kmh", 1, 200, true);
    const auto year = row.number("year", 1990, 2100, true);
    row.required("basis");
    r.source = row.source();
    if (!code || !speed || !year) continue;
    r.country = *code;
    r.speed_kmh = *speed;
    r.year = static_cast<int>(*year);
    for (const auto& other : net.rail_speeds)
      if (other.country == r.country)
        row.error("country", fmt::format("'{}' is given twice (first at line {})", to_string(r.country), other.line));
    net.rail_speeds.push_back(std::move(r));
  }
}

// The price tables are optional: a dataset without them prices by the per-TEU columns.
void Loader::load_prices() {
  if (present(kContainerRatiosSpec))
    if (const auto table = read(kContainerRatiosSpec)) read_container_ratios(*table, net, diagnostics);
  if (present(kCurrenciesSpec))
    if (const auto table = read(kCurrenciesSpec)) read_currencies(*table, net, diagnostics);
  if (present(kTariffsSpec))
    if (const auto table = read(kTariffsSpec)) {
      read_tariff_rows(*table, net, false, net.tariffs, diagnostics);
      check_tariff_overlaps(net.tariffs, diagnostics);
    }
}

void Loader::load_cargo_rules() {
  if (!present(kCargoRulesSpec)) return;
  if (const auto table = read(kCargoRulesSpec)) read_cargo_rules(*table, net, net.cargo_rules, diagnostics);
}

// Names of countries and of places outside the network (optional tables): they only help find
// what a user typed, so a dataset without them loads as before.
void Loader::load_place_names() {
  if (present(kCountriesSpec))
    if (const auto table = read(kCountriesSpec))
      for (const auto& record : table->records) {
        RowReader row(*table, record, diagnostics);
        const auto code = country(row, "code");
        CountryNames c;
        c.name = row.required("name");
        c.aliases = split_list(row.text("aliases"), '|');
        row.source();
        if (code) {
          c.code = *code;
          net.country_names.push_back(std::move(c));
        }
      }
  if (present(kGazetteerSpec))
    if (const auto table = read(kGazetteerSpec))
      for (const auto& record : table->records) {
        RowReader row(*table, record, diagnostics);
        GazetteerPlace g;
        g.name = row.required("name");
        g.aliases = split_list(row.text("aliases"), '|');
        const auto code = country(row, "country");
        const auto lat = row.number("lat", -90, 90, true), lon = row.number("lon", -180, 180, true);
        const auto population = row.number("population", 0, 1e9, true);
        row.source();
        if (!code || !lat || !lon || !population) continue;
        g.country = *code;
        g.lat = *lat;
        g.lon = *lon;
        g.population = static_cast<long>(*population);
        net.gazetteer.push_back(std::move(g));
      }
}

}  // namespace

double Network::parameter(const std::string& name, double fallback) const {
  const auto it = parameters.find(name);
  return it == parameters.end() ? fallback : it->second.value;
}

double Network::wagonload_speed_kmh(CountryCode country) const {
  for (const auto& r : rail_speeds)
    if (r.country == country) return r.speed_kmh;
  return parameter("rail_wagonload_speed_kmh", 14.4);
}

std::string default_data_dir() {
  if (const char* env = std::getenv("CARAVAN_DATA"); env && *env) return env;
  return CARAVAN_DATA_DIR;
}

LoadResult load_network(const std::string& corridors_dir) {
  LoadResult result;
  auto net = std::make_shared<Network>();
  net->data_dir = corridors_dir;
  if (!std::filesystem::is_directory(corridors_dir)) {
    result.diagnostics.add(corridors_dir, 0, "", "is not a directory");
    return result;
  }
  Loader loader{corridors_dir, result.diagnostics, *net, {}, {}, {}, {}};
  // links.csv is by far the largest table: parse it on a second core while the others load.
  loader.links_read = loader.read_chunks_async(kLinksSpec);
  loader.load_holidays();
  loader.load_place_names();
  loader.load_nodes();
  loader.load_crossings();
  loader.load_links();
  loader.load_services(kServicesSpec);
  loader.load_consolidation_hubs();
  loader.load_services(kGroupageServicesSpec);
  loader.load_services(kParcelServicesSpec);
  loader.load_ecommerce_customs();
  loader.load_modes();
  loader.load_parameters();
  loader.load_border_times();
  loader.load_rail_speeds();
  loader.load_prices();
  loader.load_cargo_rules();
  if (!result.diagnostics.empty()) return result;
  net->build_indexes();
  validate_network(*net, result.diagnostics);
  if (result.diagnostics.empty()) result.network = std::move(net);
  return result;
}

}  // namespace caravan
