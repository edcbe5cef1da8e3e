#include "routing/itinerary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/text.hpp"
#include "routing/itinerary_writer.hpp"
#include "routing/leg_geometry.hpp"

namespace caravan {
namespace {

using json = nlohmann::json;

// Countries whose railways carry goods under SMGS (OSJD) and those under CIM (COTIF).
bool in_smgs_area(CountryCode c) {
  static const std::vector<std::string> kSmgs = {"CN", "KZ", "KG", "UZ", "TJ", "TM", "RU", "BY", "AZ",
                                                  "GE", "IR", "AF", "MN", "UA", "MD", "LV", "LT", "EE"};
  return std::find(kSmgs.begin(), kSmgs.end(), to_string(c)) != kSmgs.end();
}

std::string why_closed(const Network& net, CrossingIdx ci, TimePoint t) {
  const Crossing& c = net.crossings[ci];
  for (const auto& closure : c.closures)
    if (closure.covers(t)) return "closed by scenario: " + closure.reason;
  const auto& zone_a = net.time_zone(c.side_a);
  const std::int64_t local_a = t.minutes + zone_a.offset_minutes(t);
  const CivilDate date = civil_from_days(local_a / 1440);
  if (c.seasonal_closure) {
    const int md = date.month * 100 + date.day;
    const auto [from, to] = *c.seasonal_closure;
    if (from <= to ? (md >= from && md <= to) : (md >= from || md <= to))
      return fmt::format("seasonal closure {:02d}-{:02d}..{:02d}-{:02d}", from / 100, from % 100, to / 100, to % 100);
  }
  for (const auto& [node, hours] : {std::pair{c.side_a, &c.hours_a}, std::pair{c.side_b, &c.hours_b}}) {
    const auto& zone = net.time_zone(node);
    const std::int64_t local = t.minutes + zone.offset_minutes(t);
    const std::int64_t day = local / 1440;
    const std::string country = to_string(net.nodes[node].country);
    if (hours->closed_on_public_holidays() && net.holidays.is_holiday(country, day))
      return fmt::format("public holiday in {}", country);
    const int weekday = weekday_from_days(day);
    const int minute = static_cast<int>(local % 1440);
    bool open = false;
    for (const auto& span : hours->open_intervals(weekday)) open = open || (minute >= span.open && minute < span.close);
    if (!open) {
      static constexpr const char* kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
      return fmt::format("{} side closed ({} {:02d}:{:02d} local; hours {})", country, kDays[weekday], minute / 60,
                         minute % 60, hours->to_string());
    }
  }
  return "closed";
}

std::string days_text(std::uint8_t mask) {
  static constexpr const char* kDays[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
  if (mask == 0x7F) return "daily";
  std::vector<std::string> days;
  for (int d = 0; d < 7; ++d)
    if ((mask >> d) & 1u) days.emplace_back(kDays[d]);
  return join(days, ",");
}

// Rounds to a decimal step (0.01, 0.1…): dividing by the integer 1/step gives the double nearest
// the decimal, so JSON shows 3250.7 rather than 3250.7000000000003.
double round_to(double v, double step) {
  const double per_unit = std::round(1.0 / step);
  return std::round(v * per_unit) / per_unit;
}

}  // namespace


double rounded_cost_usd(const CostBreakdown& b) {
  // Whole cents add exactly; the sum is then the double nearest that many cents.
  long long cents = 0;
  for (const double v : b.usd) cents += std::llround(v * 100);
  return round_to(static_cast<double>(cents) / 100.0, 0.01);
}

namespace {
std::string breakdown_line(const Itinerary& it, std::string_view code, double units_per_usd) {
  if (it.cargo == CargoKind::parcel) {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < kChargeNames.size(); ++i)
      if (it.cost_breakdown.usd[i] > 0) {
        std::string name(kChargeNames[i]);
        std::replace(name.begin(), name.end(), '_', ' ');
        parts.push_back(fmt::format("{} {:.2f}", name, it.cost_breakdown.usd[i] * units_per_usd));
      }
    const double total = it.cost_breakdown.total() * units_per_usd;
    return fmt::format("{} for the parcel ({:g} kg): {} = {:.2f}; {:.2f} per kg", code, it.weight_kg, join(parts, " + "), total,
                       total / it.weight_kg);
  }
  if (it.cargo == CargoKind::lcl) {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < kChargeNames.size(); ++i)
      if (it.cost_breakdown.usd[i] > 0) {
        std::string name(kChargeNames[i]);
        std::replace(name.begin(), name.end(), '_', ' ');
        parts.push_back(fmt::format("{} {:.0f}", name, it.cost_breakdown.usd[i] * units_per_usd));
      }
    const double total = it.cost_breakdown.total() * units_per_usd;
    return fmt::format("{} for the consignment ({:g} W/M): {} = {:.0f}; {:.2f} per W/M", code, it.hub_revenue_tonnes,
                       join(parts, " + "), total, total / it.hub_revenue_tonnes);
  }
  const double n = std::max(it.containers, 1);
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < kChargeNames.size(); ++i)
    if (it.cost_breakdown.usd[i] > 0) {
      std::string name(kChargeNames[i]);
      std::replace(name.begin(), name.end(), '_', ' ');
      parts.push_back(fmt::format("{} {:.0f}", name, it.cost_breakdown.usd[i] * units_per_usd / n));
    }
  std::string text = fmt::format("{} per container: {} = {:.0f}", code, join(parts, " + "),
                                 it.cost_breakdown.total() * units_per_usd / n);
  if (it.containers > 1)
    text += fmt::format("; {} containers: {} {:.0f}", it.containers, code, it.cost_breakdown.total() * units_per_usd);
  return text;
}
}  // namespace

std::string cost_breakdown_text(const Itinerary& it, const DisplayCurrency& currency) {
  std::string text = breakdown_line(it, "USD", 1.0);
  if (currency.converts())
    text += fmt::format("\n    {} (at {:g} {} per USD)", breakdown_line(it, currency.code, currency.units_per_usd),
                        currency.units_per_usd, currency.code);
  return text;
}

double Itinerary::risk() const { return 1.0 - std::exp(-risk_log); }

namespace {
// What dangerous goods add to a leg's papers, by the regime of its mode (cargo-classes.md §6.4-6.5):
// SMGS Annex 2 where the rail leg runs in the SMGS area, RID where it runs in the CIM area, ADR on
// the road, the IMDG Code at sea and on ferries.
void add_dangerous_documents(const Network& net, Leg& leg, int un_class) {
  const std::string cls = fmt::format("UN class {}", un_class);
  switch (leg.mode) {
    case Mode::rail: {
      bool smgs = false, cim = false;
      for (const NodeIdx v : leg.path) (in_smgs_area(net.nodes[v].country) ? smgs : cim) = true;
      if (smgs) leg.documents.push_back(fmt::format("SMGS Annex 2 dangerous goods entries and emergency card ({})", cls));
      if (cim) leg.documents.push_back(fmt::format("RID dangerous goods entries ({})", cls));
      break;
    }
    case Mode::road: leg.documents.push_back(fmt::format("ADR transport document ({})", cls)); break;
    case Mode::ferry:
    case Mode::sea: leg.documents.push_back(fmt::format("IMDG dangerous goods declaration ({})", cls)); break;
    case Mode::pipeline: break;
  }
}
}  // namespace

Itinerary build_itinerary(const ParetoSearch& search, const FreightCosting& costing, LabelIdx final_label) {
  const Network& net = search.network();
  std::vector<LabelIdx> chain;
  for (auto i = final_label; i.valid(); i = search.label(i).pred) chain.push_back(i);
  std::reverse(chain.begin(), chain.end());

  Itinerary it;
  it.containers = costing.query_containers();
  it.own_trains = costing.own_trains();
  it.cargo = costing.cargo().kind;
  it.hub_revenue_tonnes = costing.hub_revenue_tonnes();
  const Cargo& cargo = costing.cargo();
  it.weight_kg = costing.cargo().weight_kg;
  const Label& origin = search.label(chain.front());
  it.depart = origin.time;
  it.arrive = origin.time;
  for (std::size_t k = 1; k < chain.size(); ++k) {
    const Label& pred = search.label(chain[k - 1]);
    const Label& l = search.label(chain[k]);
    if (l.kind == MoveKind::start) continue;
    if (l.kind == MoveKind::finish) {
      const Step step = costing.finish(l.node, pred.state, pred.time);
      // Unloading at the destination belongs to the leg that brought the cargo there.
      if (!it.legs.empty()) {
        it.legs.back().cost_usd += step.cost_usd;
        it.legs.back().cost_breakdown += step.cost;
      }
      it.arrive = step.arrive;
      it.destination_dwell = step.port_dwell;
      continue;
    }
    Step step;
    Leg leg;
    leg.from = pred.node;
    leg.to = l.node;
    if (l.kind == MoveKind::link) {
      const Arc& arc = net.arcs[l.arc().index()];
      step = costing.traverse(pred.node, pred.state, pred.drive_minutes, pred.time, arc);
      const Link& link = net.links[arc.link];
      leg.mode = link.mode;
      leg.path = {pred.node, l.node};
      if (step.crossing.valid()) {
        CrossingPassage p{step.crossing, step.crossing_processing, step.crossing_wait, {}, step.crossing_fee_usd,
                          step.gauge_changed && !step.lifted, false, pred.node, l.node, step.crossing_green_lane};
        if (step.crossing_wait.minutes > 0) {
          // The first closed instant: at arrival, or when the crossing closed while clearing.
          TimePoint closed_at = step.ready;
          if (const auto state = net.crossing_calendars[step.crossing].state_at(closed_at); state.open) closed_at = state.until;
          p.why = why_closed(net, step.crossing, closed_at);
        }
        leg.crossing = p;
        leg.passed.push_back(p);
      }
      if (step.wait.minutes > 0) {
        for (const auto& c : link.closures)
          if (c.covers(step.ready + step.crossing_processing + step.crossing_wait)) {
            leg.wait_reason = "link closed: " + c.reason;
            leg.closed_link = arc.link;
          }
      }
    } else {
      const ServiceIdx si = l.service();
      const Service& s = net.services[si];
      step = costing.ride(pred.node, pred.state, pred.time, si, l.board, l.alight);
      leg.mode = s.mode;
      leg.service = si;
      leg.path.push_back(pred.node);
      NodeIdx here = pred.node;
      std::uint16_t gauge = 0;  // the gauge the train runs on, 0 before the first rail link
      for (auto c = l.board; c < l.alight; ++c)
        for (const LinkIdx li : s.calls[c].links_to_next) {
          const auto& link = net.links[li];
          const bool forward = link.from == here;
          const NodeIdx entry = here;
          here = forward ? link.to : link.from;
          leg.path.push_back(here);
          // The border is inside the timetable, but the shipper still passes it: customs on
          // both sides, and a break of gauge where the link or the node changes gauge.
          const std::uint16_t gauge_in = forward ? link.gauge_from_mm : link.gauge_to_mm;
          const std::uint16_t gauge_out = forward ? link.gauge_to_mm : link.gauge_from_mm;
          if (s.mode == Mode::rail && gauge && gauge_in && gauge_in != gauge) ++leg.gauge_changes_on_board;
          if (link.crossing.valid()) {
            CrossingPassage p;
            p.crossing = link.crossing;
            p.scheduled = true;
            p.gauge_change = s.mode == Mode::rail && gauge_in != gauge_out;
            p.entry = entry;
            p.exit = here;
            leg.passed.push_back(p);
            if (p.gauge_change) ++leg.gauge_changes_on_board;
          }
          if (gauge_out) gauge = gauge_out;
        }
      // Groupage is handed in at the hub by the hub's cut-off, not the service's.
      const ConsolidationHub* hub = s.cargo == CargoKind::lcl ? net.hub_at(pred.node) : nullptr;
      if (step.wait.minutes > 0)
        leg.wait_reason = fmt::format("next departure of {} ({} {:02d}:{:02d} local at {}, {}cut-off {:.0f} h)", s.name,
                                      days_text(s.days_mask), s.depart_local_minute / 60, s.depart_local_minute % 60,
                                      net.nodes[s.calls.front().node].name, hub ? "consolidation " : "",
                                      (hub ? hub->cutoff : s.cutoff).in_hours());
      if (s.cargo == CargoKind::lcl) {
        leg.revenue_tonnes = costing.service_revenue_tonnes(si);
        leg.usd_per_wm = s.tariff_usd_per_wm;
      }
      if (s.cargo == CargoKind::parcel) {
        leg.chargeable_kg = costing.service_chargeable_kg(si);
        leg.usd_per_kg = s.tariff_usd_per_kg;
      }
    }
    leg.ready = step.ready;
    leg.depart = step.depart;
    leg.arrive = step.arrive;
    leg.wait = step.wait + step.crossing_wait;
    leg.rest = step.rest;
    leg.port_dwell = step.port_dwell;
    leg.distance_km = step.distance_km;
    leg.cost_usd = step.cost_usd;
    leg.cost_breakdown = step.cost;
    leg.co2e_wtw_kg = step.co2e_wtw_kg;
    leg.co2e_ttw_kg = step.co2e_ttw_kg;
    leg.risk_log = step.risk_log;
    leg.lifted = step.lifted;
    leg.gauge_changed = step.gauge_changed;

    // A move on the same own vehicle with nothing in between extends the previous leg.
    Leg* last = it.legs.empty() ? nullptr : &it.legs.back();
    const bool extend = last && l.kind == MoveKind::link && !last->service.valid() && last->mode == leg.mode &&
                        !last->crossing && !leg.crossing && !leg.lifted && !leg.gauge_changed &&
                        leg.wait.minutes == 0 && last->arrive == leg.ready;
    if (extend) {
      last->to = leg.to;
      last->arrive = leg.arrive;
      last->rest += leg.rest;
      last->distance_km += leg.distance_km;
      last->cost_usd += leg.cost_usd;
      last->cost_breakdown += leg.cost_breakdown;
      last->co2e_wtw_kg += leg.co2e_wtw_kg;
      last->co2e_ttw_kg += leg.co2e_ttw_kg;
      last->risk_log += leg.risk_log;
      last->path.push_back(leg.to);
    } else {
      it.legs.push_back(std::move(leg));
    }
    it.arrive = step.arrive;
  }

  // Totals, countries and documents.
  bool rail_smgs = false, rail_cim = false, road_international = false;
  for (const auto& leg : it.legs) {
    it.distance_km += leg.distance_km;
    it.cost_usd += leg.cost_usd;
    it.cost_breakdown += leg.cost_breakdown;
    it.co2e_wtw_kg += leg.co2e_wtw_kg;
    it.co2e_ttw_kg += leg.co2e_ttw_kg;
    it.risk_log += leg.risk_log;
    it.border_crossings += static_cast<int>(leg.passed.size());
    if (leg.gauge_changed) ++it.gauge_changes;
    it.gauge_changes += leg.gauge_changes_on_board;
    if (leg.lifted) ++it.transshipments;
    for (const NodeIdx v : leg.path) {
      const auto c = net.nodes[v].country;
      if (net.nodes[v].kind == NodeKind::chokepoint) continue;  // straits belong to no one's customs
      if (it.countries.empty() || it.countries.back() != c) it.countries.push_back(c);
      if (leg.mode == Mode::rail) (in_smgs_area(c) ? rail_smgs : rail_cim) = true;
    }
    if (leg.mode == Mode::road && !leg.passed.empty()) road_international = true;
  }
  for (auto& leg : it.legs) {
    switch (leg.mode) {
      case Mode::rail:
        leg.documents.push_back(rail_smgs && rail_cim ? "CIM/SMGS consignment note"
                                : rail_smgs          ? "SMGS consignment note"
                                                     : "CIM consignment note");
        break;
      case Mode::road:
        leg.documents.push_back("CMR consignment note");
        if (road_international) leg.documents.push_back("TIR carnet (eTIR)");
        break;
      case Mode::ferry: leg.documents.push_back("Ferry waybill"); break;
      case Mode::sea: leg.documents.push_back("Bill of lading"); break;
      case Mode::air: leg.documents.push_back("Air waybill"); break;
      case Mode::pipeline: break;
    }
    if (cargo.dangerous_class > 0) add_dangerous_documents(net, leg, cargo.dangerous_class);
    if (cargo.reefer) leg.documents.push_back("Reefer temperature record (set point and log)");
    if (cargo.fresh_produce) leg.documents.push_back("Phytosanitary certificate (IPPC)");
    // A customs transit covers goods carried over land (or a ferry) through customs territories
    // before they are cleared; a ship's cargo travels under its bill of lading and is declared
    // where it is discharged, and a trip inside one country crosses no customs border.
    if (leg.mode != Mode::sea && it.countries.size() > 1) leg.documents.push_back("Transit declaration");
  }
  if (it.cargo == CargoKind::parcel) it.customs = parcel_customs(net, it, costing.cargo());
  if (cargo.reefer) {
    it.unplugged = longest_unplugged(net, it);
    it.unplugged_limit = Duration::hours(net.parameter("reefer_max_unplugged_hours", 72));
  }
  if (cargo.dangerous_class > 0)
    it.dangerous_unknown = dangerous_rules_met(net, it, cargo.dangerous_class, CargoRuleKind::dangerous_unknown);
  return it;
}


// Each part rounded to the cent: what the JSON shows of a leg.
CostBreakdown to_cents(const CostBreakdown& b) {
  CostBreakdown r;
  for (std::size_t i = 0; i < b.usd.size(); ++i) r.usd[i] = static_cast<double>(std::llround(b.usd[i] * 100)) / 100.0;
  return r;
}

std::vector<RiskFactor> risk_factors(const Network& net, const Itinerary& it) {
  std::vector<RiskFactor> factors;
  double named_log = 0;
  auto add = [&](std::string kind, const std::string& id, const std::string& name, double p) {
    factors.push_back({std::move(kind), id, name, p});
    named_log += -std::log1p(-std::min(p, 0.999999));
  };
  for (const auto& leg : it.legs) {
    // The search counts a place when it reaches it: every node of a leg but its first.
    for (std::size_t k = 1; k < leg.path.size(); ++k) {
      const auto& node = net.nodes[leg.path[k]];
      if (node.disruption_p > 0) add(std::string(to_string(node.kind)), node.id, node.name, node.disruption_p);
    }
    for (const auto& passage : leg.passed) {
      const auto& crossing = net.crossings[passage.crossing];
      if (crossing.disruption_p > 0) add("crossing", crossing.id, crossing.name, crossing.disruption_p);
    }
  }
  factors.push_back({"way", "", "", 1.0 - std::exp(-std::max(0.0, it.risk_log - named_log))});
  return factors;
}

std::string risk_text(const Network& net, const Itinerary& it) {
  std::vector<std::string> parts;
  for (const auto& f : risk_factors(net, it)) {
    if (f.p <= 0) continue;
    parts.push_back(f.kind == "way" ? fmt::format("the way itself {:.1f} % ({:.0f} km)", f.p * 100, it.distance_km)
                                    : fmt::format("{} {:.1f} %", f.name, f.p * 100));
  }
  return fmt::format("risk {:.1f} %: the chance of at least one closure, stoppage or forced diversion ({})", it.risk() * 100,
                     join(parts, ", "));
}

std::string_view rail_dispatch(const Itinerary& it, const Leg& leg) {
  if (leg.mode != Mode::rail || leg.service.valid()) return {};
  return it.own_trains ? "block train" : "single wagons";
}

namespace {

void write_time(JsonWriter& out, const Network& net, NodeIdx at, TimePoint t) {
  out.begin_object()
      .field("local", format_with_offset(t, net.time_zone(at).offset_minutes(t)))
      .field("utc", format_utc(t))
      .end_object();
}

void write_place(JsonWriter& out, const Node& node) {
  out.begin_object().field("id", node.id).field("name", node.name).end_object();
}

// The charge names in byte order (the order of an object's members).
const std::array<std::size_t, kChargeNames.size()>& charges_by_name() {
  static const auto order = [] {
    std::array<std::size_t, kChargeNames.size()> o{};
    for (std::size_t i = 0; i < o.size(); ++i) o[i] = i;
    std::sort(o.begin(), o.end(), [](std::size_t a, std::size_t b) { return kChargeNames[a] < kChargeNames[b]; });
    return o;
  }();
  return order;
}

void write_cost_breakdown(JsonWriter& out, const CostBreakdown& b) {
  out.begin_object();
  for (const std::size_t i : charges_by_name()) out.field(kChargeNames[i], round_to(b.usd[i], 0.01));
  out.end_object();
}

void write_converted_cost(JsonWriter& out, const CostBreakdown& usd, const DisplayCurrency& currency) {
  CostBreakdown in;
  for (std::size_t i = 0; i < usd.usd.size(); ++i) in.usd[i] = usd.usd[i] * currency.units_per_usd;
  out.begin_object().field("amount", rounded_cost_usd(in)).key("cost_breakdown");
  write_cost_breakdown(out, in);
  out.field("currency", currency.code).field("units_per_usd", currency.units_per_usd).end_object();
}

// risk_factors() as the answer shows them: p rounded, the way with the itinerary's distance.
void write_risk_factors(JsonWriter& out, const Network& net, const Itinerary& it) {
  out.begin_array();
  for (const auto& f : risk_factors(net, it)) {
    out.begin_object();
    if (f.kind == "way") out.field("distance_km", round_to(it.distance_km, 0.1));
    if (!f.id.empty()) out.field("id", f.id);
    out.field("kind", f.kind);
    if (!f.name.empty()) out.field("name", f.name);
    out.field("p", round_to(f.p, 0.0001)).end_object();
  }
  out.end_array();
}

void write_summary(JsonWriter& out, const Network& net, const Itinerary& it, const DisplayCurrency& currency) {
  // The summary adds up the legs as shown, so its parts are exactly the sums of theirs.
  CostBreakdown total;
  for (const auto& leg : it.legs) total += to_cents(leg.cost_breakdown);
  total = to_cents(total);
  const NodeIdx origin = it.legs.empty() ? NodeIdx{} : it.legs.front().from;
  const NodeIdx destination = it.legs.empty() ? NodeIdx{} : it.legs.back().to;
  out.begin_object().key("arrive");
  if (destination.valid()) write_time(out, net, destination, it.arrive);
  else out.null();
  out.field("border_crossings", it.border_crossings)
      .field("co2e_kg", round_to(it.co2e_wtw_kg, 0.1))
      .field("co2e_ttw_kg", round_to(it.co2e_ttw_kg, 0.1));
  if (currency.converts()) {
    out.key("cost");
    write_converted_cost(out, total, currency);
  }
  out.key("cost_breakdown");
  write_cost_breakdown(out, total);
  out.field("cost_usd", rounded_cost_usd(total)).key("countries").begin_array();
  for (const auto c : it.countries) out.value(to_string(c));
  out.end_array();
  if (it.cargo == CargoKind::parcel) {
    out.key("customs").begin_array();
    for (const auto& c : it.customs) {
      out.begin_object().key("at");
      write_place(out, net.nodes[c.at]);
      out.field("country", to_string(c.country))
          .field("declaration", c.rule->declaration)
          .field("direction", c.rule->import ? "import" : "export")
          .field("limit", c.limit)
          .field("outcome", c.outcome)
          .field("regime", c.rule->regime)
          .field("treatment", c.treatment)
          .end_object();
    }
    out.end_array();
  }
  if (!it.dangerous_unknown.empty()) {
    // Rules of unknown acceptance passed: the route is offered, the shipper checks with the operator.
    out.key("dangerous_goods").begin_array();
    for (const auto r : it.dangerous_unknown) {
      const CargoRule& rule = net.cargo_rules[r];
      out.begin_object()
          .field("applies_to", kTariffTargetNames[static_cast<std::size_t>(rule.applies_to)])
          .field("id", cargo_rule_target_id(net, rule))
          .field("restriction", rule.restriction)
          .field("rule", kCargoRuleKindNames[static_cast<std::size_t>(rule.kind)])
          .end_object();
    }
    out.end_array();
  }
  out.key("depart");
  if (origin.valid()) write_time(out, net, origin, it.depart);
  else out.null();
  if (it.destination_dwell.minutes > 0) out.field("destination_dwell_hours", round_to(it.destination_dwell.in_hours(), 0.01));
  out.field("distance_km", round_to(it.distance_km, 0.1))
      .field("duration_hours", round_to(it.duration_hours(), 0.01))
      .field("gauge_changes", it.gauge_changes);
  if (it.unplugged) {
    // Where the longest unpowered stretch starts and ends (none on a route powered throughout).
    out.key("reefer").begin_object();
    if (it.unplugged->from.valid()) out.field("unplugged_from", net.nodes[it.unplugged->from].id);
    out.field("unplugged_hours", round_to(it.unplugged->time.in_hours(), 0.01))
        .field("unplugged_limit_hours", round_to(it.unplugged_limit->in_hours(), 0.01));
    if (it.unplugged->to.valid()) out.field("unplugged_to", net.nodes[it.unplugged->to].id);
    out.end_object();
  }
  out.field("risk", round_to(it.risk(), 0.0001))
      .key("risk_factors");
  write_risk_factors(out, net, it);
  out.field("transshipments", it.transshipments);
  // Parcels: what the shipper pays per kilogram of the parcel's actual weight.
  if (it.cargo == CargoKind::parcel && it.weight_kg > 0) out.field("usd_per_kg", round_to(rounded_cost_usd(total) / it.weight_kg, 0.01));
  out.end_object();
}

void write_leg(JsonWriter& out, const Network& net, const LinkGeometry& geometry, const Itinerary& it, const Leg& leg,
               const DisplayCurrency& currency) {
  out.begin_object().key("arrive");
  write_time(out, net, leg.to, leg.arrive);
  if (leg.chargeable_kg > 0) out.field("chargeable_kg", round_to(leg.chargeable_kg, 0.001));
  out.field("co2e_kg", round_to(leg.co2e_wtw_kg, 0.1)).field("co2e_ttw_kg", round_to(leg.co2e_ttw_kg, 0.1));
  if (currency.converts()) {
    out.key("cost");
    write_converted_cost(out, leg.cost_breakdown, currency);
  }
  out.key("cost_breakdown");
  write_cost_breakdown(out, leg.cost_breakdown);
  out.field("cost_usd", rounded_cost_usd(leg.cost_breakdown)).key("crossing");
  if (leg.crossing) {
    const auto& c = net.crossings[leg.crossing->crossing];
    out.begin_object()
        .field("fee_usd", round_to(leg.crossing->fee_usd, 0.01))
        .field("gauge_change", leg.crossing->gauge_change)
        .field("green_lane", leg.crossing->green_lane)
        .field("id", c.id)
        .field("name", c.name)
        .field("processing_hours", round_to(leg.crossing->processing.in_hours(), 0.01))
        .field("wait_hours", round_to(leg.crossing->wait.in_hours(), 0.01))
        .key("why");
    if (leg.crossing->why.empty()) out.null();
    else out.value(leg.crossing->why);
    out.end_object();
  } else {
    out.null();
  }
  out.key("crossings").begin_array();
  for (const auto& p : leg.passed) {
    const auto& c = net.crossings[p.crossing];
    out.begin_object()
        .field("entry", net.nodes[p.entry].id)
        .field("exit", net.nodes[p.exit].id)
        .field("fee_usd", round_to(p.fee_usd, 0.01))
        .field("from_country", to_string(net.nodes[p.entry].country))
        .field("gauge_change", p.gauge_change)
        .field("green_lane", p.green_lane)
        .field("id", c.id)
        .field("name", c.name)
        .field("processing_hours", round_to(p.processing.in_hours(), 0.01))
        .field("scheduled", p.scheduled)
        .field("to_country", to_string(net.nodes[p.exit].country))
        .field("wait_hours", round_to(p.wait.in_hours(), 0.01))
        .end_object();
  }
  out.end_array().key("depart");
  write_time(out, net, leg.from, leg.depart);
  out.field("distance_km", round_to(leg.distance_km, 0.1)).key("documents").begin_array();
  for (const auto& d : leg.documents) out.value(d);
  out.end_array().key("from");
  write_place(out, net.nodes[leg.from]);
  out.field("gauge_change", leg.gauge_changed).key("geometry");
  write_line_string(out, simplify_line(leg_line(net, geometry, leg), kAnswerLineToleranceKm));
  // The node ids the leg passes, as the search found them: the drawn line is the planned one.
  out.field("mode", to_string(leg.mode)).key("path").begin_array();
  for (const NodeIdx v : leg.path) out.value(net.nodes[v].id);
  out.end_array();
  if (leg.port_dwell.minutes > 0) out.field("port_dwell_hours", round_to(leg.port_dwell.in_hours(), 0.01));
  if (const auto dispatch = rail_dispatch(it, leg); !dispatch.empty()) out.field("rail_dispatch", dispatch);
  out.key("ready");
  write_time(out, net, leg.from, leg.ready);
  if (leg.rest.minutes > 0) out.field("rest_hours", round_to(leg.rest.in_hours(), 0.01));
  if (leg.revenue_tonnes > 0) out.field("revenue_tonnes", round_to(leg.revenue_tonnes, 0.001));
  out.key("service");
  if (leg.service.valid()) out.value(net.services[leg.service].id).field("service_name", net.services[leg.service].name);
  else out.null();
  out.key("to");
  write_place(out, net.nodes[leg.to]);
  out.field("transshipment", leg.lifted);
  if (leg.chargeable_kg > 0) out.field("usd_per_kg", leg.usd_per_kg);
  if (leg.revenue_tonnes > 0) out.field("usd_per_wm", leg.usd_per_wm);
  out.field("wait_hours", round_to(leg.wait.in_hours(), 0.01));
  if (!leg.wait_reason.empty()) out.field("wait_reason", leg.wait_reason);
  out.end_object();
}

}  // namespace

void write_itinerary_json(JsonWriter& out, const Network& net, const Itinerary& it, const DisplayCurrency& currency) {
  const auto geometry = link_geometry(net);
  out.begin_object().key("legs").begin_array();
  for (const auto& leg : it.legs) write_leg(out, net, *geometry, it, leg, currency);
  out.end_array().key("summary");
  write_summary(out, net, it, currency);
  out.end_object();
}

// One implementation of each shape: the documents are the streamed text, parsed.
json itinerary_json(const Network& net, const Itinerary& it, const DisplayCurrency& currency) {
  std::string text;
  JsonWriter out(text);
  write_itinerary_json(out, net, it, currency);
  return json::parse(text);
}

json itinerary_summary_json(const Network& net, const Itinerary& it, const DisplayCurrency& currency) {
  std::string text;
  JsonWriter out(text);
  write_summary(out, net, it, currency);
  return json::parse(text);
}

json cost_breakdown_json(const CostBreakdown& b) {
  std::string text;
  JsonWriter out(text);
  write_cost_breakdown(out, b);
  return json::parse(text);
}

json itinerary_geojson(const Network& net, const Itinerary& it, int index) {
  const auto geometry = link_geometry(net);
  json features = json::array();
  for (std::size_t i = 0; i < it.legs.size(); ++i) {
    const auto& leg = it.legs[i];
    features.push_back({{"type", "Feature"},
                        {"geometry", line_string_json(leg_line(net, *geometry, leg))},
                        {"properties",
                         {{"itinerary", index},
                          {"leg", i},
                          {"mode", to_string(leg.mode)},
                          {"from", net.nodes[leg.from].id},
                          {"to", net.nodes[leg.to].id},
                          {"depart", format_utc(leg.depart)},
                          {"arrive", format_utc(leg.arrive)},
                          {"service", leg.service.valid() ? json(net.services[leg.service].id) : json()}}}});
  }
  return features;
}

json itineraries_geojson(const Network& net, const std::vector<Itinerary>& itineraries) {
  json features = json::array();
  int i = 0;
  for (const auto& it : itineraries)
    for (auto& f : itinerary_geojson(net, it, i++)) features.push_back(std::move(f));
  return {{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

}  // namespace caravan
