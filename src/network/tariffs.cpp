#include "network/tariffs.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"
#include "core/time.hpp"
#include "network/row_reader.hpp"

namespace caravan {
namespace {

std::string date_text(std::int64_t day) {
  const CivilDate d = civil_from_days(day);
  return fmt::format("{:04d}-{:02d}-{:02d}", d.year, d.month, d.day);
}

std::string period_text(std::int64_t from, std::int64_t to) {
  return fmt::format("{}..{}", from == kOpenPastDay ? "" : date_text(from), to == kOpenFutureDay ? "" : date_text(to));
}

// The validity columns of a row: empty is open.
bool read_period(RowReader& row, std::int64_t& from, std::int64_t& to) {
  bool ok = true;
  for (const auto& [column, target] : {std::pair{"valid_from", &from}, std::pair{"valid_to", &to}}) {
    const auto text = row.text(column);
    if (text.empty()) continue;
    const auto day = parse_day(text);
    if (!day) {
      row.error(column, fmt::format("'{}' is not a date YYYY-MM-DD", text));
      ok = false;
    } else {
      *target = *day;
    }
  }
  if (ok && from > to) {
    row.error("valid_to", fmt::format("{} is before valid_from {}", date_text(to), date_text(from)));
    ok = false;
  }
  return ok;
}

}  // namespace

std::optional<std::int64_t> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = parse_integer(text.substr(0, 4));
  const auto m = parse_integer(text.substr(5, 2));
  const auto d = parse_integer(text.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  const CivilDate date{static_cast<int>(*y), static_cast<int>(*m), static_cast<int>(*d)};
  if (!is_valid_date(date)) return std::nullopt;
  return days_from_civil(date);
}

int price_unit_family(PriceUnit u) {
  switch (u) {
    case PriceUnit::truck:
    case PriceUnit::truck_km: return 1;
    case PriceUnit::wagon:
    case PriceUnit::wagon_km: return 2;
    default: return 0;
  }
}

std::string tariff_target_text(const Network& net, const Tariff& t) {
  switch (t.applies_to) {
    case TariffTarget::mode: return fmt::format("mode {}", kProfileNames[t.index]);
    case TariffTarget::service: return fmt::format("service {}", net.services[ServiceIdx{t.index}].id);
    case TariffTarget::link: return fmt::format("link {}", net.links[LinkIdx{t.index}].id);
    case TariffTarget::crossing: return fmt::format("crossing {}", net.crossings[CrossingIdx{t.index}].id);
    case TariffTarget::node: return fmt::format("node {}", net.nodes[NodeIdx{t.index}].id);
  }
  return "";
}

void read_tariff_rows(const CsvTable& table, const Network& net, bool rate_card, std::vector<Tariff>& out,
                      Diagnostics& diagnostics) {
  for (const auto& record : table.records) {
    RowReader row(table, record, diagnostics);
    Tariff t;
    t.file = table.file;
    t.line = row.line();
    const auto target = enum_from_name<TariffTarget>(kTariffTargetNames, row.text("applies_to"));
    // A rate card prices whole elements; nodes have no price of their own there.
    if (!target || (rate_card && *target == TariffTarget::node)) {
      row.error("applies_to", fmt::format("'{}' is not one of {}", row.text("applies_to"),
                                          rate_card ? "service, link, crossing, mode" : "mode, service, link, crossing, node"));
      continue;
    }
    t.applies_to = *target;
    const std::string id(row.text("id"));
    std::vector<std::uint32_t> indexes;
    auto look_up = [&](const auto& by_id, std::string_view what) {
      const auto it = by_id.find(id);
      if (it == by_id.end()) row.error("id", id.empty() ? std::string("is required") : fmt::format("unknown {} '{}'", what, id));
      else indexes.push_back(static_cast<std::uint32_t>(it->second.index()));
    };
    switch (t.applies_to) {
      case TariffTarget::mode:
        // Air is priced per chargeable kg by its flights (parcel_services.csv), never per container.
        if (const auto p = enum_from_name<Profile>(kProfileNames, id); p && *p != Profile::air) {
          indexes.push_back(static_cast<std::uint32_t>(*p));
        } else if (const auto m = enum_from_name<Mode>(kModeNames, id); m && *m != Mode::pipeline && *m != Mode::air) {
          for (std::size_t k = 0; k < kProfileNames.size(); ++k)
            if (profile_mode(static_cast<Profile>(k)) == *m) indexes.push_back(static_cast<std::uint32_t>(k));
        } else {
          row.error("id", fmt::format("'{}' is not a mode (rail, road, ferry, sea) or a profile of modes.csv", id));
        }
        break;
      case TariffTarget::service: look_up(net.service_by_id, "service"); break;
      case TariffTarget::link: look_up(net.link_by_id, "link"); break;
      case TariffTarget::crossing: look_up(net.crossing_by_id, "crossing"); break;
      case TariffTarget::node: look_up(net.node_by_id, "node"); break;
    }
    if (rate_card) {
      t.charge = Charge::freight;
      // A mode has no length of its own: its card price is per container and kilometre.
      t.per = t.applies_to == TariffTarget::mode ? PriceUnit::container_km : PriceUnit::container;
      // A crossing's own price is its fee; everything else a card names is carriage.
      if (t.applies_to == TariffTarget::crossing) t.charge = Charge::border_fees;
    } else {
      const auto charge = enum_from_name<Charge>(kChargeNames, row.text("charge"));
      if (!charge) row.error("charge", fmt::format("'{}' is not one of {}", row.text("charge"), join({kChargeNames.begin(), kChargeNames.end()}, ", ")));
      else t.charge = *charge;
      const auto per = enum_from_name<PriceUnit>(kPriceUnitNames, row.text("per"));
      if (!per) row.error("per", fmt::format("'{}' is not one of {}", row.text("per"), join({kPriceUnitNames.begin(), kPriceUnitNames.end()}, ", ")));
      else t.per = *per;
      if (per && per_km(*per) && !((t.applies_to == TariffTarget::mode || t.applies_to == TariffTarget::link) && t.charge == Charge::freight))
        row.error("per", fmt::format("'{}' prices by distance: only the freight of a mode or a link has one", row.text("per")));
    }
    const auto container = row.text("container");
    if (container != "any") {
      const auto size = enum_from_name<ContainerSize>(kContainerSizeNames, container);
      if (!size) row.error("container", fmt::format("'{}' is not one of 20ft, 40ft, 45ft, any", container));
      else t.container = *size;
    }
    if (const auto usd = row.number("usd", 0, 1e7, true)) t.usd = *usd;
    read_period(row, t.valid_from_day, t.valid_to_day);
    if (!rate_card) t.source = row.source();
    if (!row.ok()) continue;
    for (const auto index : indexes) {
      t.index = index;
      out.push_back(t);
    }
  }
}

void check_tariff_overlaps(const std::vector<Tariff>& tariffs, Diagnostics& diagnostics, std::string_view row_pointer) {
  std::vector<std::size_t> order(tariffs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto key = [&](const Tariff& t) {
    return std::tuple{static_cast<int>(t.applies_to), t.index, static_cast<int>(t.charge),
                      t.container ? static_cast<int>(*t.container) : -1, price_unit_family(t.per)};
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::tuple_cat(key(tariffs[a]), std::tuple{tariffs[a].valid_from_day}) <
           std::tuple_cat(key(tariffs[b]), std::tuple{tariffs[b].valid_from_day});
  });
  for (std::size_t k = 1; k < order.size(); ++k) {
    const Tariff& a = tariffs[order[k - 1]];
    const Tariff& b = tariffs[order[k]];
    if (key(a) != key(b) || b.valid_from_day > a.valid_to_day) continue;
    // Two rows from one `mode` row name (rail) are one row: report it once.
    if (a.line == b.line && a.file == b.file) continue;
    const Tariff& later = a.line > b.line && a.file == b.file ? a : b;
    const Tariff& earlier = &later == &a ? b : a;
    const std::string earlier_row = row_pointer.empty() ? fmt::format("line {}", earlier.line)
                                                        : fmt::format("{}/{}", row_pointer, earlier.line);
    diagnostics.add(later.file, later.line, "valid_from",
                    fmt::format("period {} overlaps {} of {} for the same element, charge and container",
                                period_text(later.valid_from_day, later.valid_to_day),
                                period_text(earlier.valid_from_day, earlier.valid_to_day), earlier_row));
  }
}

std::optional<double> units_per_usd(const Network& net, std::string_view currency, std::int64_t day) {
  if (currency == "USD") return 1.0;
  for (const auto& r : net.currencies)
    if (r.currency == currency && r.valid_from_day <= day && day <= r.valid_to_day) return r.units_per_usd;
  return std::nullopt;
}

void read_container_ratios(const CsvTable& table, Network& net, Diagnostics& diagnostics) {
  for (const auto& record : table.records) {
    RowReader row(table, record, diagnostics);
    const auto mode = enum_from_name<Mode>(kModeNames, row.text("mode"));
    if (!mode || *mode == Mode::pipeline || *mode == Mode::air)
      row.error("mode", fmt::format("'{}' is not one of rail, road, ferry, sea", row.text("mode")));
    const auto charge = enum_from_name<Charge>(kChargeNames, row.text("charge"));
    if (!charge) row.error("charge", fmt::format("'{}' is not one of {}", row.text("charge"), join({kChargeNames.begin(), kChargeNames.end()}, ", ")));
    ContainerRatio r;
    r.line = row.line();
    r.ratio_20ft = row.number("ratio_20ft", 0.1, 10, true).value_or(0);
    r.ratio_45ft = row.number("ratio_45ft", 0.1, 10, true).value_or(0);
    r.source = row.source();
    r.present = true;
    if (!row.ok()) continue;
    auto& slot = net.container_ratios[static_cast<std::size_t>(*mode)][static_cast<std::size_t>(*charge)];
    if (slot.present) row.error("charge", fmt::format("duplicate ratio for {} {} (first defined at line {})", row.text("mode"), row.text("charge"), slot.line));
    else slot = std::move(r);
  }
}

void read_currencies(const CsvTable& table, Network& net, Diagnostics& diagnostics) {
  for (const auto& record : table.records) {
    RowReader row(table, record, diagnostics);
    CurrencyRate r;
    r.line = row.line();
    r.currency = row.required("currency");
    if (r.currency.size() != 3 || !std::all_of(r.currency.begin(), r.currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
      row.error("currency", fmt::format("'{}' is not an ISO 4217 code (three capital letters)", r.currency));
    r.units_per_usd = row.number("units_per_usd", 1e-6, 1e7, true).value_or(1);
    read_period(row, r.valid_from_day, r.valid_to_day);
    r.source = row.source();
    if (!row.ok()) continue;
    for (const auto& other : net.currencies)
      if (other.currency == r.currency && r.valid_from_day <= other.valid_to_day && other.valid_from_day <= r.valid_to_day) {
        row.error("valid_from", fmt::format("period {} of {} overlaps {} of line {}", period_text(r.valid_from_day, r.valid_to_day),
                                            r.currency, period_text(other.valid_from_day, other.valid_to_day), other.line));
        break;
      }
    if (row.ok()) net.currencies.push_back(std::move(r));
  }
}

}  // namespace caravan
