#include "border/statistics.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace caravan::border {

double t_quantile_975(std::size_t df) {
  static constexpr std::array<double, 30> table{
      12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
      2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
      2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
  if (df == 0) return std::numeric_limits<double>::quiet_NaN();
  if (df <= table.size()) return table[df - 1];
  const double z = 1.959963984540054, z2 = z * z, v = static_cast<double>(df);
  return z + z * (z2 + 1) / (4 * v) + z * ((5 * z2 + 16) * z2 + 3) / (96 * v * v) +
         z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / (384 * v * v * v);
}

Estimate estimate(std::span<const double> values) {
  Estimate e;
  e.n = values.size();
  if (values.empty()) return Estimate{std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(), 0};
  double sum = 0;
  for (const double x : values) sum += x;
  e.mean = sum / static_cast<double>(e.n);
  if (e.n < 2) {
    e.half_width = std::numeric_limits<double>::quiet_NaN();
    return e;
  }
  double ss = 0;
  for (const double x : values) ss += (x - e.mean) * (x - e.mean);
  const double sd = std::sqrt(ss / static_cast<double>(e.n - 1));
  e.half_width = t_quantile_975(e.n - 1) * sd / std::sqrt(static_cast<double>(e.n));
  return e;
}

double quantile_in_place(std::vector<double>& values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  rank = std::clamp<std::size_t>(rank, 1, values.size());
  auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank - 1);
  std::nth_element(values.begin(), nth, values.end());
  return *nth;
}

}  // namespace caravan::border
