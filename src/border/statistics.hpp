#pragma once
// Confidence intervals over independent replications.
#include <cstddef>
#include <span>
#include <vector>

namespace caravan::border {

// The 0.975 quantile of Student's t with `df` degrees of freedom (table to 30, then the
// Cornish–Fisher expansion; error < 1e-4 beyond 30). NaN for df < 1.
double t_quantile_975(std::size_t df);

// A mean over replications with the half-width of its 95 % confidence interval
// (NaN half-width with fewer than two replications).
struct Estimate {
  double mean = 0;
  double half_width = 0;
  std::size_t n = 0;
  [[nodiscard]] double lower() const { return mean - half_width; }
  [[nodiscard]] double upper() const { return mean + half_width; }
  [[nodiscard]] bool contains(double x) const { return x >= lower() && x <= upper(); }
};

Estimate estimate(std::span<const double> values);

// The q-quantile (0..1) of `values` by nearest rank on the sorted order; reorders `values`.
double quantile_in_place(std::vector<double>& values, double q);

}  // namespace caravan::border
