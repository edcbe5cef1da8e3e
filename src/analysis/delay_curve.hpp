#pragma once
// How the wait at a border crossing grows with the load put on it, for capacity-restrained
// assignment. The default curve is the closed-form M/M/c queue of the crossing's published
// capacity; the interface lets the border simulator's fitted delay model replace it later.
#include <memory>

#include "network/model.hpp"

namespace caravan::analysis {

class CrossingDelayCurve {
 public:
  virtual ~CrossingDelayCurve() = default;
  // Mean extra wait in hours when `teu_per_day` arrive. Must be non-decreasing and finite for
  // every load ≥ 0 (equilibrium methods need it defined beyond capacity).
  [[nodiscard]] virtual double wait_hours(double teu_per_day) const = 0;
};

// M/M/c in vehicles (trains or trucks, each carrying teu_per_vehicle): c servers share the
// crossing's daily vehicle capacity (μ = capacity / c per server). Up to a utilisation of
// kLinearFrom it is the exact Erlang-C mean wait of border/closed_form.hpp; beyond, it continues
// along its tangent, so overloads cost a steep but finite wait.
class MmcClosedFormDelay final : public CrossingDelayCurve {
 public:
  static constexpr double kLinearFrom = 0.95;
  MmcClosedFormDelay(int servers, double vehicles_per_day, double teu_per_vehicle);
  [[nodiscard]] double wait_hours(double teu_per_day) const override;
  [[nodiscard]] int servers() const { return servers_; }
  [[nodiscard]] double capacity_teu_day() const { return vehicles_per_day_ * teu_per_vehicle_; }

 private:
  [[nodiscard]] double exact_hours(double teu_per_day) const;
  int servers_;
  double vehicles_per_day_, teu_per_vehicle_;
  double knee_load_, knee_wait_, knee_slope_;
};

// The default curve of one crossing: vehicles per day = capacity_per_day, TEU per vehicle =
// capacity_teu_day / capacity_per_day, and c = vehicles in process at once, by Little's law the
// daily capacity × the median processing time in days (at least 1). nullptr when the crossing
// publishes no capacity (its wait then stays fixed).
std::shared_ptr<const CrossingDelayCurve> crossing_delay_curve(const Crossing& crossing, bool a_to_b);

}  // namespace caravan::analysis
