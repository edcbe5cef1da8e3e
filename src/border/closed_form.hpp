#pragma once
// Textbook results the simulator is validated against (and that the CLI prints beside it).
#include <optional>
#include <vector>

namespace caravan::border {

// M/M/c: Erlang C, the probability an arrival waits; nullopt when λ ≥ cμ.
std::optional<double> erlang_c(int servers, double lambda, double mu);
// M/M/c mean wait in queue, C(c, λ/μ) / (cμ − λ).
std::optional<double> mmc_wq(int servers, double lambda, double mu);
// M/M/c (FIFO) waiting-time quantile: P(Wq > t) = C e^{−(cμ−λ)t}, so 0 when 1 − q ≥ C.
std::optional<double> mmc_wq_quantile(int servers, double lambda, double mu, double q);
// M/G/1 Pollaczek–Khinchine: Wq = λ E[S²] / (2 (1 − ρ)).
std::optional<double> mg1_wq(double lambda, double mean_service, double second_moment);
// M/G/1 non-preemptive priority (Cobham): Wq of each class, classes given highest priority
// first as (λ_k, E[S_k], E[S_k²]). nullopt when the station is overloaded.
struct PriorityClass {
  double lambda, mean_service, second_moment;
};
std::optional<std::vector<double>> mg1_priority_wq(const std::vector<PriorityClass>& classes);

}  // namespace caravan::border
