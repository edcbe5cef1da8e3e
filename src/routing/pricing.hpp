#pragma once
// What each priced element costs this shipment (its container size and count) on its departure
// date: the dated rows of tariffs.csv and of a rate card, resolved once per query so the search
// only reads numbers. A rate card's rows come first, then the dataset's; an element neither names
// falls back to its per-TEU column (services.csv, crossings.csv, nodes.csv, modes.csv).
#include <array>
#include <optional>
#include <vector>

#include "network/network.hpp"
#include "request/query.hpp"

namespace caravan {

// A shipment's cost, by what it pays for (the JSON cost_breakdown).
struct CostBreakdown {
  std::array<double, kChargeNames.size()> usd{};
  double& operator[](Charge c) { return usd[static_cast<std::size_t>(c)]; }
  double operator[](Charge c) const { return usd[static_cast<std::size_t>(c)]; }
  [[nodiscard]] double total() const {
    double sum = 0;
    for (const double v : usd) sum += v;
    return sum;
  }
  CostBreakdown& operator+=(const CostBreakdown& o) {
    for (std::size_t i = 0; i < usd.size(); ++i) usd[i] += o.usd[i];
    return *this;
  }
};

// How a shipment rides a service: as loose containers, on its trucks or on its wagons.
enum class Carriage : std::uint8_t { container, truck, wagon };

// A price for the whole shipment: a fixed part and a part per kilometre.
struct ShipmentPrice {
  double usd = 0;
  double usd_per_km = 0;
  [[nodiscard]] double at(double km) const { return usd + usd_per_km * km; }
};

class PriceList {
 public:
  // `rate_card`: rows that override the dataset's for the elements they name (may be null).
  PriceList(const Network& net, const Cargo& cargo, TimePoint depart, const std::vector<Tariff>* rate_card = nullptr);

  [[nodiscard]] const ShipmentPrice& freight(Profile p) const { return profile_[index(p)][0]; }
  [[nodiscard]] double handling(Profile p) const { return profile_[index(p)][1].usd; }  // per lift
  [[nodiscard]] double documents(Profile p) const { return profile_[index(p)][2].usd; }  // per leg
  [[nodiscard]] double border_fees(CrossingIdx c) const { return crossing_fees_[c.index()]; }
  [[nodiscard]] double transshipment(CrossingIdx c) const { return crossing_transshipment_[c.index()]; }
  [[nodiscard]] double node_transshipment(NodeIdx v) const;
  // A surcharge for passing a place, such as the war-risk premium of a Red Sea transit at
  // Bab-el-Mandeb: paid whole by every ride or link that passes it (0 where none is in force).
  [[nodiscard]] double node_surcharge(NodeIdx v) const;
  // The whole route of a service; a partial ride pays its share by distance.
  [[nodiscard]] double service_freight(ServiceIdx s, Carriage carriage) const {
    return service_[s.index()][static_cast<std::size_t>(carriage)];
  }
  // A link's own price, where a tariff or rate card gives one (else its profile's rate per km).
  [[nodiscard]] std::optional<double> link_freight(LinkIdx l) const;
  [[nodiscard]] std::int64_t day() const { return day_; }

 private:
  static std::size_t index(Profile p) { return static_cast<std::size_t>(p); }
  const Network& net_;
  std::int64_t day_ = 0;
  std::array<std::array<ShipmentPrice, 3>, kProfileNames.size()> profile_{};  // freight, handling, documents
  std::vector<double> crossing_fees_, crossing_transshipment_;
  std::vector<std::array<double, 3>> service_;          // by Carriage
  std::vector<std::pair<NodeIdx, double>> nodes_;      // inland gauge changes, by node
  std::vector<std::pair<NodeIdx, double>> node_surcharges_;  // freight for passing a place, sorted by node
  std::vector<std::pair<LinkIdx, double>> links_;       // sorted by link
};

}  // namespace caravan
