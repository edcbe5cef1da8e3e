#include "routing/parcel_customs.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"
#include "network/tariffs.hpp"
#include "routing/itinerary.hpp"

namespace caravan {
namespace {

std::int64_t day_of(TimePoint t) { return t.minutes >= 0 ? t.minutes / 1440 : -((-t.minutes + 1439) / 1440); }

const EcommerceRule* rule_for(const Network& net, CountryCode country, bool import, std::int64_t day) {
  for (const auto& r : net.ecommerce_customs)
    if (r.import == import && r.in_force(day) && std::find(r.countries.begin(), r.countries.end(), country) != r.countries.end())
      return &r;
  return nullptr;
}

std::string limit_text(const EcommerceRule& r) {
  std::vector<std::string> parts;
  if (r.value_limit) parts.push_back(fmt::format("{} {:g}", r.currency, *r.value_limit));
  if (r.weight_limit_kg) parts.push_back(fmt::format("{:g} kg", *r.weight_limit_kg));
  if (parts.empty()) return "no limit";
  return fmt::format("{} {}", join(parts, " and "), r.per_month ? "per calendar month per recipient" : "per shipment");
}

// Within or above the limit, or unknown: a value limit needs the declared value and the rate of
// the limit's currency on the day.
void judge(const Network& net, const EcommerceRule& r, const Cargo& cargo, std::int64_t day, ParcelCustoms& out) {
  if (!r.value_limit && !r.weight_limit_kg) {
    out.outcome = "within";
    out.treatment = r.within;
    return;
  }
  if (r.weight_limit_kg && cargo.weight_kg > *r.weight_limit_kg) {
    out.outcome = "above";
    out.treatment = fmt::format("{:g} kg is over {:g} kg: {}", cargo.weight_kg, *r.weight_limit_kg, r.above);
    return;
  }
  std::string unknown_why;
  if (r.value_limit) {
    const auto rate = r.currency == "USD" ? std::optional<double>(1.0) : units_per_usd(net, r.currency, day);
    if (!cargo.value_usd) unknown_why = "no value given";
    else if (!rate) unknown_why = fmt::format("no {} rate in currencies.csv on that day", r.currency);
    else {
      const double limit_usd = *r.value_limit / *rate;
      const bool within = *cargo.value_usd <= limit_usd + 1e-9;
      out.outcome = within ? "within" : "above";
      out.treatment = fmt::format("USD {:g} is {} the limit (USD {:.2f}){}: {}", *cargo.value_usd, within ? "within" : "over",
                                  limit_usd, r.per_month ? ", with the recipient's other parcels this month" : "",
                                  within ? r.within : r.above);
      return;
    }
  }
  if (unknown_why.empty()) {  // a weight limit only, and the parcel is within it
    out.outcome = "within";
    out.treatment = r.within;
    return;
  }
  out.outcome = "unknown";
  out.treatment = fmt::format("{}: within the limit: {}; above it: {}", unknown_why, r.within, r.above);
}

}  // namespace

std::vector<ParcelCustoms> parcel_customs(const Network& net, const Itinerary& it, const Cargo& cargo) {
  std::vector<ParcelCustoms> out;
  if (it.legs.empty()) return out;
  const CountryCode origin = net.nodes[it.legs.front().from].country;
  const CountryCode destination = net.nodes[it.legs.back().to].country;
  if (origin == destination) return out;
  // The last place in the origin country and the first in the destination country, with the time
  // of the leg that reaches them.
  NodeIdx exit_at, entry_at;
  TimePoint exit_time = it.depart, entry_time = it.arrive;
  for (const auto& leg : it.legs)
    for (const NodeIdx v : leg.path) {
      const CountryCode c = net.nodes[v].country;
      if (!entry_at.valid() && c == origin) {
        exit_at = v;
        exit_time = leg.depart;
      }
      if (!entry_at.valid() && c == destination) {
        entry_at = v;
        entry_time = leg.arrive;
      }
    }
  const auto add = [&](CountryCode country, bool import, NodeIdx at, TimePoint when) {
    const EcommerceRule* rule = rule_for(net, country, import, day_of(when));
    if (!rule || !at.valid()) return;
    ParcelCustoms c;
    c.rule = rule;
    c.country = country;
    c.at = at;
    c.limit = limit_text(*rule);
    judge(net, *rule, cargo, day_of(when), c);
    out.push_back(std::move(c));
  };
  add(origin, false, exit_at, exit_time);
  add(destination, true, entry_at, entry_time);
  return out;
}

std::string parcel_customs_text(const Network& net, const ParcelCustoms& c) {
  return fmt::format("{} {} at {}: {} ({}): {}: {}; {}", to_string(c.country), c.rule->import ? "import" : "export",
                     net.nodes[c.at].name, c.rule->regime, c.limit, c.outcome, c.treatment, c.rule->declaration);
}

}  // namespace caravan
