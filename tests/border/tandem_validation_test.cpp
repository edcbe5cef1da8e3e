// The crossing engine (stations in tandem, finite buffers, calendars, capacity steps) against
// queueing theory: a one-station tandem is the M/M/c and priority station, two stations with an
// unlimited buffer are two M/M/1 in series (Jackson), and with no buffer at all the throughput of
// a saturated line falls to what blocking theory gives. Little's law is checked on every run.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include "border/closed_form.hpp"
#include "border/tandem.hpp"

namespace caravan::border {
namespace {

constexpr double kTolerance = 0.03;
constexpr int kThreads = 2;

void expect_close(double estimate, double exact, const char* what) {
  EXPECT_NEAR(estimate, exact, kTolerance * std::abs(exact)) << what << ": " << estimate << " vs " << exact;
  std::cout << "  " << what << ": " << estimate << " (closed form " << exact << ", " << 100 * (estimate - exact) / exact << " %)\n";
}

void expect_little(const TandemResult& r) {
  EXPECT_TRUE(r.little_ok) << "largest relative gap " << r.little_max_rel_error;
  for (const auto& run : r.runs) EXPECT_TRUE(run.little_ok) << "seed " << run.seed << ": L " << run.L << " vs λW " << run.little_L;
}

StationSpec station(const std::string& name, int lanes, std::vector<ServiceSpec> service, std::size_t buffer = kUnlimited) {
  StationSpec s;
  s.name = name;
  s.servers = lanes;
  s.service = std::move(service);
  s.buffer = buffer;
  return s;
}

ServiceSpec exp_mean(double mean) { return ServiceSpec{ServiceKind::exponential, mean, 1.0, nullptr}; }

TandemConfig poisson(double lambda, double hours, double warmup) {
  TandemConfig c;
  c.arrivals.per_hour = lambda;
  c.hours = hours;
  c.warmup = warmup;
  c.sample_every_h = 100;
  return c;
}

TEST(TandemValidation, OneStationIsMM3) {
  auto c = poisson(0.2, 400000, 2000);
  c.stations = {station("booths", 3, {exp_mean(10)})};
  const auto r = replicate(c, 20, 21, kThreads);
  expect_close(r.wait.mean, 40.0 / 9.0, "M/M/3 Wq");
  expect_close(r.p_wait.mean, 4.0 / 9.0, "M/M/3 P(wait)");
  expect_close(r.station_busy[0].mean, 2.0 / 3.0, "M/M/3 utilisation");
  expect_close(r.L.mean, 0.2 * (40.0 / 9.0 + 10.0), "M/M/3 L");
  expect_little(r);
}

TEST(TandemValidation, OneStationPriorityMatchesCobham) {
  auto c = poisson(0.8, 300000, 5000);
  c.classes = {VehicleClass{"green", 0, 0.3}, VehicleClass{"other", 1, 0.5}};
  c.stations = {station("booth", 1, {exp_mean(1), exp_mean(1)})};
  const auto r = replicate(c, 20, 22, kThreads);
  expect_close(r.class_wait[0].mean, 0.8 / 0.7, "W_green");
  expect_close(r.class_wait[1].mean, 0.8 / 0.14, "W_other");
  expect_little(r);
}

TEST(TandemValidation, TwoStationsWithUnlimitedBufferAreTwoMM1InSeries) {
  // λ = 0.5, μ1 = 1, μ2 = 0.8: W = 1/(1 − 0.5) + 1/(0.8 − 0.5) = 2 + 3.333 (Jackson network).
  auto c = poisson(0.5, 300000, 3000);
  c.stations = {station("side A", 1, {exp_mean(1.0)}), station("side B", 1, {exp_mean(1.25)})};
  const auto r = replicate(c, 20, 23, kThreads);
  expect_close(r.ttc.mean, 2.0 + 1.0 / 0.3, "tandem time to clear");
  expect_close(r.wait.mean, (2.0 - 1.0) + (1.0 / 0.3 - 1.25), "tandem wait");
  expect_close(r.station_busy[1].mean, 0.625, "side B utilisation");
  EXPECT_LT(r.station_blocked[0].mean, 1e-12);
  expect_little(r);
}

TEST(TandemValidation, NoBufferBlocksAtTwoThirdsOfCapacity) {
  // A saturated two-station line of exponential single servers with equal rate μ and B places
  // between them (blocking after service) delivers μ (B + 2) / (B + 3): 2/3 μ without a buffer.
  for (const std::size_t buffer : {std::size_t{0}, std::size_t{1}, std::size_t{3}}) {
    auto c = poisson(3.0, 40000, 1000);  // far more than the line can take
    c.stations = {station("side A", 1, {exp_mean(1.0)}), station("side B", 1, {exp_mean(1.0)}, buffer)};
    const auto r = replicate(c, 10, 24, kThreads);
    const double b = static_cast<double>(buffer);
    expect_close(r.throughput_per_day.mean / 24, (b + 2) / (b + 3), "saturated line throughput per hour");
    if (buffer == 0) expect_close(r.station_blocked[0].mean, 1.0 / 3.0, "side A blocked share");
  }
}

TEST(TandemValidation, OverloadGrowsAtLambdaMinusCMu) {
  auto c = poisson(1.2, 100000, 1000);
  c.stations = {station("booth", 1, {exp_mean(1.0)})};
  const auto r = replicate(c, 10, 25, kThreads);
  expect_close(r.growth_per_hour.mean, 0.2, "overload growth per hour");
  expect_close(r.throughput_per_day.mean / 24, 1.0, "overload throughput per hour");
  expect_little(r);
}

TEST(TandemValidation, ClosedHoursHalveCapacity) {
  // Open 12 h of every 24 with deterministic 1 h services on one lane: at most 12 a day; offered
  // 20 a day the line serves 12 (an overload that grows at 8 a day).
  auto c = poisson(20.0 / 24, 24 * 400, 24 * 20);
  auto s = station("booth", 1, {ServiceSpec{ServiceKind::deterministic, 1.0, 0, nullptr}});
  for (int d = 0; d < 400; ++d) s.open.push_back(OpenWindow{24.0 * d + 6, 24.0 * d + 18});
  c.stations = {s};
  const auto r = replicate(c, 4, 26, kThreads);
  EXPECT_NEAR(r.throughput_per_day.mean, 12.0, 0.05);
  EXPECT_NEAR(r.station_open[0].mean, 0.5, 1e-9);
  expect_close(r.growth_per_hour.mean * 24, 8.0, "growth per day with half-day opening");
}

TEST(TandemValidation, CapacityStepDrainsQueue) {
  // 30 waiting at the start, 2 lanes of deterministic 1 h until hour 10, then 6 lanes; arrivals
  // none (replay of an empty list): 20 are served in the first 10 h, the remaining 10 on 6 lanes
  // take 2 more hours.
  TandemConfig c;
  c.arrivals.kind = ArrivalKind::replay;
  c.hours = 48;
  c.initial_queue = 30;
  auto s = station("booth", 2, {ServiceSpec{ServiceKind::deterministic, 1.0, 0, nullptr}});
  s.steps = {ServerStep{10.0, 6}};
  c.stations = {s};
  TandemSimulator sim(c);
  const auto r = sim.run(1);
  EXPECT_EQ(r.cleared, 30u);
  EXPECT_DOUBLE_EQ(r.ttc_p99, 12.0);  // the last finishes at hour 12
  ASSERT_GE(r.queue_series.size(), 13u);
  // Samples see the state just before the events of their instant.
  EXPECT_EQ(r.queue_series[0], 28.0f);   // 2 in service at hour 0
  EXPECT_EQ(r.queue_series[9], 12.0f);   // 16 done, 2 in service
  EXPECT_EQ(r.queue_series[10], 10.0f);  // 18 done, 2 in service
  EXPECT_EQ(r.queue_series[11], 4.0f);   // 6 lanes from hour 10
  EXPECT_EQ(r.queue_series[12], 0.0f);
}

TEST(TandemValidation, SameSeedSameOutputOnAnyThreadCount) {
  auto c = poisson(0.7, 20000, 500);
  c.classes = {VehicleClass{"green", 0, 0.3}, VehicleClass{"yellow", 1, 0.6}, VehicleClass{"red", 1, 0.1}};
  const std::vector<ServiceSpec> svc{ServiceSpec{ServiceKind::lognormal, 0.5, 0.5, nullptr}, exp_mean(1.0),
                                     ServiceSpec::empirical({2.0, 3.0, 4.0})};
  c.stations = {station("A", 2, svc), station("B", 2, svc, 5)};
  c.dwell = ServiceSpec{ServiceKind::lognormal, 2.0, 0.5, nullptr};
  const auto a = replicate(c, 5, 99, 1);
  const auto b = replicate(c, 5, 99, 2);
  for (std::size_t i = 0; i < a.runs.size(); ++i) {
    EXPECT_EQ(a.runs[i].events, b.runs[i].events);
    EXPECT_EQ(a.runs[i].ttc_mean, b.runs[i].ttc_mean);
    EXPECT_EQ(a.runs[i].queue_series, b.runs[i].queue_series);
  }
  EXPECT_EQ(a.ttc.half_width, b.ttc.half_width);
  EXPECT_NE(a.ttc.mean, replicate(c, 5, 100, 2).ttc.mean);
}

TEST(TandemValidation, RejectsBadConfigs) {
  auto c = poisson(1, 100, 10);
  EXPECT_THROW(TandemSimulator{c}, std::invalid_argument);  // no station
  c.stations = {station("A", 0, {exp_mean(1)})};
  EXPECT_THROW(TandemSimulator{c}, std::invalid_argument);
  c.stations = {station("A", 1, {exp_mean(1), exp_mean(1)})};
  EXPECT_THROW(TandemSimulator{c}, std::invalid_argument);  // two services, one class
  c.stations = {station("A", 1, {ServiceSpec::empirical({})})};
  EXPECT_THROW(TandemSimulator{c}, std::invalid_argument);
}

}  // namespace
}  // namespace caravan::border
