#pragma once
// Units carried in types: a cost in USD cannot be added to a mass of CO2e by accident.
#include <compare>

namespace caravan {

template <class Tag>
struct Quantity {
  double value = 0.0;
  constexpr Quantity() = default;
  constexpr explicit Quantity(double v) : value(v) {}
  constexpr Quantity operator+(Quantity o) const { return Quantity{value + o.value}; }
  constexpr Quantity operator-(Quantity o) const { return Quantity{value - o.value}; }
  constexpr Quantity operator*(double k) const { return Quantity{value * k}; }
  constexpr Quantity& operator+=(Quantity o) { value += o.value; return *this; }
  constexpr auto operator<=>(const Quantity&) const = default;
};

using Usd = Quantity<struct UsdTag>;
using KgCo2e = Quantity<struct KgCo2eTag>;
using Km = Quantity<struct KmTag>;
using Tonnes = Quantity<struct TonnesTag>;

}  // namespace caravan
