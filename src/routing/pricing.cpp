#include "routing/pricing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "network/tariffs.hpp"

namespace caravan {
namespace {

std::uint64_t key_of(TariffTarget target, std::uint32_t index, Charge charge, int family) {
  return (static_cast<std::uint64_t>(target) << 40) | (static_cast<std::uint64_t>(index) << 8) |
         (static_cast<std::uint64_t>(charge) << 2) | static_cast<std::uint64_t>(family);
}

Mode mode_of(const Network& net, const Tariff& t) {
  switch (t.applies_to) {
    case TariffTarget::mode: return profile_mode(static_cast<Profile>(t.index));
    case TariffTarget::service: return net.services[ServiceIdx{t.index}].mode;
    case TariffTarget::link: return net.links[LinkIdx{t.index}].mode;
    case TariffTarget::crossing: return net.crossings[CrossingIdx{t.index}].mode;
    // A chokepoint's price is a ship's (its war risk); any other place's an inland gauge change.
    case TariffTarget::node: return net.nodes[NodeIdx{t.index}].kind == NodeKind::chokepoint ? Mode::sea : Mode::rail;
  }
  return Mode::rail;
}

double size_ratio(const ContainerRatio& r, ContainerSize s) {
  switch (s) {
    case ContainerSize::ft20: return r.ratio_20ft;
    case ContainerSize::ft40: return 1.0;
    case ContainerSize::ft45: return r.ratio_45ft;
  }
  return 1.0;
}

// Ranks 0..3 are a rate card's rows, kDatasetRank.. the dataset's.
constexpr int kDatasetRank = 4;

struct Entry {
  std::uint64_t key;
  int rank;  // lower wins: a rate card before the dataset; the shipped size, then any, then scaled
  double scale;
  const Tariff* tariff;
};

}  // namespace

PriceList::PriceList(const Network& net, const Cargo& cargo, TimePoint depart, const std::vector<Tariff>* rate_card)
    : net_(net) {
  day_ = depart.minutes >= 0 ? depart.minutes / 1440 : -((-depart.minutes + 1439) / 1440);
  const ContainerSize size = cargo.size;
  const double containers = cargo.containers;
  const double vehicles = cargo.vehicles();
  const double teu = cargo.teu();

  std::vector<Entry> entries;
  auto consider = [&](const std::vector<Tariff>& rows, int base_rank) {
    for (const auto& t : rows) {
      if (!t.in_force(day_)) continue;
      int rank = base_rank;
      double scale = 1.0;
      if (!t.container) {
        rank += 1;
      } else if (*t.container != size) {
        const auto& ratio = net.container_ratios[static_cast<std::size_t>(mode_of(net, t))][static_cast<std::size_t>(t.charge)];
        if (!ratio.present) continue;  // priced for another size only
        scale = size_ratio(ratio, size) / size_ratio(ratio, *t.container);
        rank += *t.container == ContainerSize::ft40 ? 2 : 3;
      }
      entries.push_back({key_of(t.applies_to, t.index, t.charge, price_unit_family(t.per)), rank, scale, &t});
    }
  };
  if (rate_card) consider(*rate_card, 0);
  consider(net.tariffs, kDatasetRank);
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.key != b.key ? a.key < b.key : a.rank < b.rank; });

  auto best = [&](TariffTarget target, std::uint32_t index, Charge charge, int family) -> const Entry* {
    const std::uint64_t key = key_of(target, index, charge, family);
    const auto it = std::lower_bound(entries.begin(), entries.end(), key, [](const Entry& e, std::uint64_t k) { return e.key < k; });
    return it == entries.end() || it->key != key ? nullptr : &*it;
  };
  auto find = [&](TariffTarget target, std::uint32_t index, Charge charge, int family) -> std::optional<ShipmentPrice> {
    const Entry* it = best(target, index, charge, family);
    if (!it) return std::nullopt;
    const Tariff& t = *it->tariff;
    double units = containers;
    if (t.per == PriceUnit::shipment) units = 1;
    else if (price_unit_family(t.per) != 0) units = vehicles;
    const double usd = t.usd * it->scale * units;
    return per_km(t.per) ? ShipmentPrice{0, usd} : ShipmentPrice{usd, 0};
  };
  // The dataset's own price of one thing, in any unit it gives.
  auto any_family = [&](TariffTarget target, std::uint32_t index, Charge charge) {
    for (int family = 0; family < 3; ++family)
      if (auto p = find(target, index, charge, family)) return p;
    return std::optional<ShipmentPrice>{};
  };

  for (std::size_t k = 0; k < kProfileNames.size(); ++k) {
    const auto& p = net.profiles[k];
    const auto i = static_cast<std::uint32_t>(k);
    profile_[k][0] = any_family(TariffTarget::mode, i, Charge::freight).value_or(ShipmentPrice{0, p.cost_usd_per_teu_km * teu});
    profile_[k][1] = any_family(TariffTarget::mode, i, Charge::handling).value_or(ShipmentPrice{p.terminal_usd_per_teu * teu, 0});
    profile_[k][2] = any_family(TariffTarget::mode, i, Charge::documents).value_or(ShipmentPrice{p.cost_usd_per_teu_leg * teu, 0});
  }
  // A train of one's own is paid whole: the freight of as many boxes as its trains carry,
  // however few of them the shipment fills.
  const double train_teu = net.block_train_teu();
  double own_train_factor = 1;
  if (const int trains = cargo.block_trains(train_teu); trains > 0)
    own_train_factor = std::max(containers, trains * std::floor(train_teu / cargo.teu_per_box())) / containers;
  for (std::size_t k = 0; k < kProfileNames.size(); ++k) {
    if (profile_mode(static_cast<Profile>(k)) != Mode::rail) continue;
    profile_[k][0].usd *= own_train_factor;
    profile_[k][0].usd_per_km *= own_train_factor;
  }
  // CPMM's border cost (TFI2) is per consignment of 20 t, a truck or a wagon: the per-TEU column
  // counts the TEU such a vehicle carries.
  const double teu_per_vehicle = net.parameter("teu_per_truck", 2.0);
  crossing_fees_.resize(net.crossings.size());
  crossing_transshipment_.resize(net.crossings.size());
  for (const auto c : net.crossings.indices()) {
    const auto& crossing = net.crossings[c];
    const auto i = static_cast<std::uint32_t>(c.index());
    crossing_fees_[c.index()] = any_family(TariffTarget::crossing, i, Charge::border_fees)
                                    .value_or(ShipmentPrice{crossing.fee_usd_per_teu * teu_per_vehicle * vehicles, 0})
                                    .usd;
    const double legacy = crossing.gauge_change ? crossing.gauge_change->usd_per_teu * teu : 0.0;
    crossing_transshipment_[c.index()] =
        any_family(TariffTarget::crossing, i, Charge::transshipment).value_or(ShipmentPrice{legacy, 0}).usd;
  }
  for (const auto v : net.nodes.indices()) {
    const auto& node = net.nodes[v];
    if (!node.gauge_change) continue;
    const auto i = static_cast<std::uint32_t>(v.index());
    nodes_.emplace_back(v, any_family(TariffTarget::node, i, Charge::transshipment)
                               .value_or(ShipmentPrice{node.gauge_change->usd_per_teu * teu, 0})
                               .usd);
  }
  for (const auto& e : entries) {
    if (e.tariff->applies_to != TariffTarget::node || e.tariff->charge != Charge::freight) continue;
    const NodeIdx v{e.tariff->index};
    if (!node_surcharges_.empty() && node_surcharges_.back().first == v) continue;  // its best row came first
    node_surcharges_.emplace_back(v, find(TariffTarget::node, e.tariff->index, Charge::freight, price_unit_family(e.tariff->per))->usd);
  }
  service_.resize(net.services.size());
  for (const auto s : net.services.indices()) {
    const auto i = static_cast<std::uint32_t>(s.index());
    const Service& service = net.services[s];
    if (service.cargo == CargoKind::lcl) {
      // Groupage is priced per revenue tonne (W/M), however it is carried.
      const double wm = cargo.revenue_tonnes(service.kg_per_wm, net.parameter("lcl_minimum_wm", 1.0));
      service_[s.index()].fill(service.tariff_usd_per_wm * wm);
      continue;
    }
    if (service.cargo == CargoKind::parcel) {
      // Parcels are priced per chargeable kg, with the carrier's own volumetric divisor.
      service_[s.index()].fill(service.tariff_usd_per_kg * cargo.chargeable_kg(service.divisor_cm3_per_kg));
      continue;
    }
    const double legacy = service.tariff_usd_per_teu * teu;
    const auto loose = find(TariffTarget::service, i, Charge::freight, 0);
    const double container_price = loose ? loose->usd : legacy;
    service_[s.index()][0] = container_price;
    // A rate card's price per container is the contracted price of the service however the box
    // rides it (on a truck or a wagon of the ferry too): the dataset's fares per vehicle yield.
    const Entry* chosen = best(TariffTarget::service, i, Charge::freight, 0);
    const bool from_card = chosen && chosen->rank < kDatasetRank;
    for (const int family : {1, 2}) {
      if (from_card) {
        service_[s.index()][static_cast<std::size_t>(family)] = container_price;
        continue;
      }
      const auto own = find(TariffTarget::service, i, Charge::freight, family);
      service_[s.index()][static_cast<std::size_t>(family)] = own ? own->usd : container_price;
    }
  }
  for (const auto& e : entries) {
    if (e.tariff->applies_to != TariffTarget::link || e.tariff->charge != Charge::freight) continue;
    const LinkIdx l{e.tariff->index};
    if (!links_.empty() && links_.back().first == l) continue;  // the best row of this link came first
    const auto price = find(TariffTarget::link, e.tariff->index, Charge::freight, price_unit_family(e.tariff->per));
    const double factor = net.links[l].mode == Mode::rail ? own_train_factor : 1.0;
    links_.emplace_back(l, price->at(net.links[l].distance_km) * factor);
  }
}

double PriceList::node_transshipment(NodeIdx v) const {
  for (const auto& [node, usd] : nodes_)
    if (node == v) return usd;
  return 0;
}

double PriceList::node_surcharge(NodeIdx v) const {
  if (node_surcharges_.empty()) return 0;
  const auto it = std::lower_bound(node_surcharges_.begin(), node_surcharges_.end(), v,
                                   [](const auto& e, NodeIdx k) { return e.first < k; });
  return it == node_surcharges_.end() || it->first != v ? 0 : it->second;
}

std::optional<double> PriceList::link_freight(LinkIdx l) const {
  if (links_.empty()) return std::nullopt;
  const auto it = std::lower_bound(links_.begin(), links_.end(), l, [](const auto& e, LinkIdx k) { return e.first < k; });
  if (it == links_.end() || it->first != l) return std::nullopt;
  return it->second;
}

}  // namespace caravan
