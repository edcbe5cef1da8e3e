#include "border/closed_form.hpp"

#include <cmath>

namespace caravan::border {

std::optional<double> erlang_c(int c, double lambda, double mu) {
  if (c < 1 || !(lambda > 0) || !(mu > 0)) return std::nullopt;
  const double a = lambda / mu, rho = a / c;
  if (rho >= 1) return std::nullopt;
  // Erlang B by the stable recursion, then C = B / (1 − ρ(1 − B)).
  double b = 1;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b / (1 - rho * (1 - b));
}

std::optional<double> mmc_wq(int c, double lambda, double mu) {
  const auto pc = erlang_c(c, lambda, mu);
  if (!pc) return std::nullopt;
  return *pc / (c * mu - lambda);
}

std::optional<double> mmc_wq_quantile(int c, double lambda, double mu, double q) {
  const auto pc = erlang_c(c, lambda, mu);
  if (!pc || !(q > 0 && q < 1)) return std::nullopt;
  if (1 - q >= *pc) return 0.0;
  return std::log(*pc / (1 - q)) / (c * mu - lambda);
}

std::optional<double> mg1_wq(double lambda, double mean_service, double second_moment) {
  const double rho = lambda * mean_service;
  if (!(lambda > 0) || rho >= 1) return std::nullopt;
  return lambda * second_moment / (2 * (1 - rho));
}

std::optional<std::vector<double>> mg1_priority_wq(const std::vector<PriorityClass>& classes) {
  double w0 = 0, rho = 0;
  for (const auto& k : classes) {
    w0 += k.lambda * k.second_moment / 2;
    rho += k.lambda * k.mean_service;
  }
  if (rho >= 1) return std::nullopt;
  std::vector<double> out;
  double sigma = 0;
  for (const auto& k : classes) {
    const double before = sigma;
    sigma += k.lambda * k.mean_service;
    out.push_back(w0 / ((1 - before) * (1 - sigma)));
  }
  return out;
}

}  // namespace caravan::border
