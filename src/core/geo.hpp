#pragma once
#include <algorithm>
#include <cmath>

namespace caravan {

// Great-circle distance in km on a sphere of the mean Earth radius (IUGG, 6,371.0088 km).
inline double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRadiusKm = 6371.0088;
  constexpr double kDeg = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kDeg;
  const double dlon = (lon2 - lon1) * kDeg;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kDeg) * std::cos(lat2 * kDeg) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

}  // namespace caravan
