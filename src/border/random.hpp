#pragma once
// Seeded random numbers for the simulator. The engine is std::mt19937_64, whose output the
// standard fixes exactly; the variates are computed here rather than with std::*_distribution,
// whose algorithms differ between standard libraries. (std::log/std::exp/std::sqrt/std::cos come
// from the C library; glibc's are correctly rounded or nearly so, so results are stable there.)
#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

namespace caravan::border {

// SplitMix64: turns (seed, replication) into well-separated engine seeds.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

constexpr std::uint64_t replication_seed(std::uint64_t seed, std::uint64_t replication) {
  return splitmix64(splitmix64(seed) + replication);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1) : engine_(seed) {}
  void seed(std::uint64_t s) { engine_.seed(s); has_spare_ = false; }

  // Uniform on (0, 1]: 53 random bits, never 0 so that log() is finite.
  double uniform_open0() { return static_cast<double>((engine_() >> 11) + 1) * 0x1.0p-53; }
  // Uniform on [0, 1).
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  // Exponential with the given mean (inversion).
  double exponential(double mean) { return -mean * std::log(uniform_open0()); }

  // Standard normal (Box–Muller, the second value kept for the next call).
  double normal() {
    if (has_spare_) { has_spare_ = false; return spare_; }
    const double r = std::sqrt(-2.0 * std::log(uniform_open0()));
    const double theta = 6.283185307179586476925 * uniform();
    spare_ = r * std::sin(theta);
    has_spare_ = true;
    return r * std::cos(theta);
  }

  // Lognormal with parameters of the underlying normal.
  double lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }

  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0;
  bool has_spare_ = false;
};

// The mean of measured values, summed in extended precision so that n equal values give exactly
// that value back (a plain double sum of 50 × 0.4 gives 0.39999999999999986).
inline double mean_of(const std::vector<double>& values) {
  long double sum = 0;
  for (const double v : values) sum += v;
  return values.empty() ? 0.0 : static_cast<double>(sum / static_cast<long double>(values.size()));
}

// How long one service takes. `mean` in hours; `cv` (std/mean) used by the lognormal only;
// `samples` (hours) by the empirical distribution, which draws one of them uniformly (a
// bootstrap of measured service times; `mean` is then their mean, see empirical()).
enum class ServiceKind { exponential, deterministic, lognormal, empirical };

struct ServiceSpec {
  ServiceKind kind = ServiceKind::exponential;
  double mean = 1.0;
  double cv = 1.0;
  std::shared_ptr<const std::vector<double>> samples = nullptr;  // empirical only
  static ServiceSpec empirical(std::vector<double> values) {
    ServiceSpec s;
    s.kind = ServiceKind::empirical;
    s.mean = mean_of(values);
    s.samples = std::make_shared<const std::vector<double>>(std::move(values));
    return s;
  }
  [[nodiscard]] double second_moment() const {
    switch (kind) {
      case ServiceKind::deterministic: return mean * mean;
      case ServiceKind::exponential: return 2 * mean * mean;
      case ServiceKind::lognormal: return mean * mean * (1 + cv * cv);
      case ServiceKind::empirical: {
        if (!samples || samples->empty()) return 0;
        double ss = 0;
        for (const double v : *samples) ss += v * v;
        return ss / static_cast<double>(samples->size());
      }
    }
    return 0;
  }
};

// A sampler with the lognormal parameters precomputed.
class ServiceSampler {
 public:
  ServiceSampler() = default;
  explicit ServiceSampler(const ServiceSpec& s) : kind_(s.kind), mean_(s.mean), samples_(s.samples) {
    if (kind_ == ServiceKind::empirical && (!samples_ || samples_->empty())) kind_ = ServiceKind::deterministic;
    if (kind_ == ServiceKind::lognormal) {
      sigma_ = std::sqrt(std::log1p(s.cv * s.cv));
      mu_ = std::log(s.mean) - sigma_ * sigma_ / 2;
    }
  }
  double operator()(Rng& rng) const {
    switch (kind_) {
      case ServiceKind::exponential: return rng.exponential(mean_);
      case ServiceKind::deterministic: return mean_;
      case ServiceKind::lognormal: return rng.lognormal(mu_, sigma_);
      case ServiceKind::empirical: {
        const auto n = samples_->size();
        const auto i = static_cast<std::size_t>(rng.uniform() * static_cast<double>(n));
        return (*samples_)[i < n ? i : n - 1];
      }
    }
    return mean_;
  }

 private:
  ServiceKind kind_ = ServiceKind::exponential;
  double mean_ = 1.0, mu_ = 0, sigma_ = 0;
  std::shared_ptr<const std::vector<double>> samples_;
};

}  // namespace caravan::border
