// The border queue simulator against queueing theory: every estimate within 3 % of the closed
// form, Little's law on every run, overload growth at λ − cμ, and bit-identical reruns.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include "border/closed_form.hpp"
#include "border/event_calendar.hpp"
#include "border/queue_station.hpp"

namespace caravan::border {
namespace {

constexpr double kTolerance = 0.03;
constexpr int kThreads = 2;

StationConfig single_class(double lambda, double mu, int servers, ServiceKind kind, double hours, double warmup) {
  StationConfig c;
  c.servers = servers;
  c.hours = hours;
  c.warmup = warmup;
  c.classes = {CustomerClass{"all", lambda, 0, ServiceSpec{kind, 1.0 / mu, 1.0}}};
  return c;
}

void expect_close(double estimate, double exact, const char* what) {
  EXPECT_NEAR(estimate, exact, kTolerance * std::abs(exact)) << what << ": " << estimate << " vs " << exact;
  std::cout << "  " << what << ": " << estimate << " (closed form " << exact << ", "
            << 100 * (estimate - exact) / exact << " %)\n";
}

void expect_little_everywhere(const ReplicationResult& r) {
  EXPECT_TRUE(r.little_ok) << "largest relative gap " << r.little_max_rel_error;
  for (const auto& run : r.runs) {
    EXPECT_TRUE(run.little_ok) << "seed " << run.seed << ": L " << run.L << " vs λW " << run.little_L << ", Lq " << run.Lq
                               << " vs λWq " << run.little_Lq;
    EXPECT_NEAR(run.L, run.little_L, 0.02 * run.L);
  }
  std::cout << "  Little's law: largest relative gap " << r.little_max_rel_error << "; " << r.events << " events, "
            << r.events_per_second() / 1e6 << " M events/s on " << kThreads << " threads\n";
}

TEST(ClosedForm, TextbookValues) {
  EXPECT_NEAR(*mmc_wq(1, 0.9, 1.0), 9.0, 1e-12);
  EXPECT_NEAR(*mmc_wq(3, 0.2, 0.1), 4.0 / 9.0 * 10.0, 1e-9);  // 4.444
  EXPECT_NEAR(*erlang_c(3, 0.2, 0.1), 4.0 / 9.0, 1e-9);
  EXPECT_NEAR(*mg1_wq(0.9, 1.0, 1.0), 4.5, 1e-12);
  const auto w = *mg1_priority_wq({{0.3, 1, 2}, {0.5, 1, 2}});
  EXPECT_NEAR(w[0], 0.8 / 0.7, 1e-12);
  EXPECT_NEAR(w[1], 0.8 / (0.7 * 0.2), 1e-12);
  EXPECT_FALSE(mmc_wq(1, 1.2, 1.0));
}

TEST(Statistics, StudentT) {
  EXPECT_NEAR(t_quantile_975(1), 12.706, 1e-3);
  EXPECT_NEAR(t_quantile_975(19), 2.093, 1e-3);
  EXPECT_NEAR(t_quantile_975(40), 2.0211, 1e-3);
  EXPECT_NEAR(t_quantile_975(120), 1.9799, 1e-3);
  const std::vector<double> v{1, 2, 3, 4};
  const auto e = estimate(v);
  EXPECT_DOUBLE_EQ(e.mean, 2.5);
  EXPECT_NEAR(e.half_width, 3.1824 * std::sqrt(5.0 / 3.0) / 2, 1e-3);
}

TEST(EventCalendar, OrdersByTimeThenInsertion) {
  EventCalendar cal;
  cal.schedule(3.0, 0, 1);
  cal.schedule(1.0, 0, 2);
  cal.schedule(2.0, 0, 3);
  cal.schedule(1.0, 0, 4);
  cal.schedule(0.5, 0, 5);
  std::vector<std::uint32_t> order;
  while (!cal.empty()) order.push_back(cal.pop().id);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{5, 2, 4, 3, 1}));
}

TEST(QueueValidation, MM1HeavyTraffic) {
  const auto r = replicate(single_class(0.9, 1.0, 1, ServiceKind::exponential, 1000000, 5000), 40, 11, kThreads);
  expect_close(r.wq.mean, 9.0, "M/M/1 ρ=0.9 Wq");
  expect_close(r.p_wait.mean, 0.9, "M/M/1 P(wait)");
  expect_close(r.Lq.mean, 8.1, "M/M/1 Lq");
  expect_close(r.utilisation.mean, 0.9, "M/M/1 utilisation");
  // Waiting time of M/M/1: P(Wq > t) = ρ e^{−(μ−λ)t}; p90 solves ρ e^{−0.1 t} = 0.1.
  expect_close(r.wq_p90.mean, 10.0 * std::log(9.0), "M/M/1 Wq p90");
  expect_little_everywhere(r);
}

TEST(QueueValidation, MM3) {
  const auto r = replicate(single_class(0.2, 0.1, 3, ServiceKind::exponential, 500000, 2000), 40, 12, kThreads);
  expect_close(r.wq.mean, 40.0 / 9.0, "M/M/3 Wq");
  expect_close(r.p_wait.mean, 4.0 / 9.0, "M/M/3 P(wait)");
  expect_close(r.utilisation.mean, 2.0 / 3.0, "M/M/3 utilisation");
  expect_close(r.throughput.mean, 0.2, "M/M/3 throughput");
  expect_little_everywhere(r);
}

TEST(QueueValidation, MD1) {
  const auto r = replicate(single_class(0.9, 1.0, 1, ServiceKind::deterministic, 500000, 5000), 40, 13, kThreads);
  expect_close(r.wq.mean, 4.5, "M/D/1 ρ=0.9 Wq");
  expect_close(r.p_wait.mean, 0.9, "M/D/1 P(wait)");
  expect_little_everywhere(r);
}

TEST(QueueValidation, NonPreemptivePriority) {
  StationConfig c;
  c.servers = 1;
  c.hours = 400000;
  c.warmup = 5000;
  const ServiceSpec exp1{ServiceKind::exponential, 1.0, 1.0};
  c.classes = {CustomerClass{"green", 0.3, 0, exp1}, CustomerClass{"other", 0.5, 1, exp1}};
  const auto r = replicate(c, 40, 14, kThreads);
  expect_close(r.class_wq[0].mean, 0.8 / 0.7, "priority W_green");     // 1.143
  expect_close(r.class_wq[1].mean, 0.8 / 0.14, "priority W_other");    // 5.714
  expect_close(r.wq.mean, 4.0, "priority overall Wq (= FIFO M/M/1, conservation)");
  expect_little_everywhere(r);

  // The same traffic served FIFO (one priority level) waits 4.0 on average, for both classes.
  c.classes[1].priority = 0;
  const auto fifo = replicate(c, 40, 15, kThreads);
  expect_close(fifo.class_wq[0].mean, 4.0, "FIFO W_green");
  expect_close(fifo.class_wq[1].mean, 4.0, "FIFO W_other");
  expect_little_everywhere(fifo);
}

TEST(QueueValidation, OverloadGrowsAtLambdaMinusCMu) {
  const auto r = replicate(single_class(1.2, 1.0, 1, ServiceKind::exponential, 100000, 1000), 10, 16, kThreads);
  expect_close(r.growth_per_hour.mean, 0.2, "overload growth per hour");
  expect_close(r.throughput.mean, 1.0, "overload throughput");
  expect_little_everywhere(r);
}

TEST(QueueValidation, SameSeedSameResults) {
  StationConfig c = single_class(0.8, 1.0, 2, ServiceKind::lognormal, 20000, 500);
  c.classes.push_back(CustomerClass{"red", 0.4, 2, ServiceSpec{ServiceKind::deterministic, 0.5, 1}});
  const auto a = replicate(c, 6, 42, 1);
  const auto b = replicate(c, 6, 42, 2);
  ASSERT_EQ(a.runs.size(), b.runs.size());
  for (std::size_t i = 0; i < a.runs.size(); ++i) {
    EXPECT_EQ(a.runs[i].events, b.runs[i].events);
    EXPECT_EQ(a.runs[i].wq_mean, b.runs[i].wq_mean);  // bit for bit
    EXPECT_EQ(a.runs[i].wq_p99, b.runs[i].wq_p99);
    EXPECT_EQ(a.runs[i].L, b.runs[i].L);
    EXPECT_EQ(a.runs[i].classes[1].wq_mean, b.runs[i].classes[1].wq_mean);
  }
  EXPECT_EQ(a.wq.mean, b.wq.mean);
  EXPECT_EQ(a.wq.half_width, b.wq.half_width);
  const auto other = replicate(c, 6, 43, 1);
  EXPECT_NE(a.wq.mean, other.wq.mean);
  expect_little_everywhere(a);
}

TEST(QueueValidation, LognormalServiceMatchesPollaczekKhinchine) {
  const ServiceSpec s{ServiceKind::lognormal, 1.0, 0.5};
  StationConfig c = single_class(0.7, 1.0, 1, ServiceKind::lognormal, 100000, 2000);
  c.classes[0].service = s;
  const auto r = replicate(c, 20, 17, kThreads);
  expect_close(r.wq.mean, *mg1_wq(0.7, 1.0, s.second_moment()), "M/LN/1 cv=0.5 Wq");
  expect_little_everywhere(r);
}

TEST(QueueValidation, RejectsBadConfigs) {
  EXPECT_THROW(QueueStation(single_class(0.9, 1.0, 0, ServiceKind::exponential, 100, 10)), std::invalid_argument);
  EXPECT_THROW(QueueStation(single_class(0.0, 1.0, 1, ServiceKind::exponential, 100, 10)), std::invalid_argument);
  EXPECT_THROW(QueueStation(single_class(0.9, 1.0, 1, ServiceKind::exponential, 100, 100)), std::invalid_argument);
}

}  // namespace
}  // namespace caravan::border
