#include "analysis/delay_curve.hpp"

#include <algorithm>
#include <cmath>

#include "border/closed_form.hpp"

namespace caravan::analysis {

MmcClosedFormDelay::MmcClosedFormDelay(int servers, double vehicles_per_day, double teu_per_vehicle)
    : servers_(std::max(1, servers)), vehicles_per_day_(vehicles_per_day), teu_per_vehicle_(teu_per_vehicle) {
  knee_load_ = kLinearFrom * capacity_teu_day();
  knee_wait_ = exact_hours(knee_load_);
  const double h = 1e-6 * capacity_teu_day();
  knee_slope_ = (knee_wait_ - exact_hours(knee_load_ - h)) / h;
}

double MmcClosedFormDelay::exact_hours(double load) const {
  if (load <= 0) return 0;
  const double mu = vehicles_per_day_ / servers_;  // vehicles per day per server
  const auto wq_days = border::mmc_wq(servers_, load / teu_per_vehicle_, mu);
  return wq_days ? *wq_days * 24.0 : 0.0;
}

double MmcClosedFormDelay::wait_hours(double load) const {
  if (load <= knee_load_) return exact_hours(load);
  return knee_wait_ + knee_slope_ * (load - knee_load_);
}

std::shared_ptr<const CrossingDelayCurve> crossing_delay_curve(const Crossing& crossing, bool a_to_b) {
  if (!crossing.capacity_teu_day || !crossing.capacity_per_day || *crossing.capacity_teu_day <= 0 ||
      *crossing.capacity_per_day <= 0)
    return nullptr;
  const double processing_days = (a_to_b ? crossing.a_to_b : crossing.b_to_a).median.in_hours() / 24.0;
  const double vehicles = *crossing.capacity_per_day;
  const int servers = std::clamp(static_cast<int>(std::lround(vehicles * processing_days)), 1, 500);
  return std::make_shared<MmcClosedFormDelay>(servers, vehicles, *crossing.capacity_teu_day / vehicles);
}

}  // namespace caravan::analysis
