// `caravan simulate --crossing` on the bundled crossings: calibrated years reproduce the published
// times, the Nur Zholy capacity step of March 2023 is reproduced, the same seed gives the same
// output, bad input exits 2 naming the flag, and a delay file changes a route's crossing time
// exactly as it says.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../support/run_caravan.hpp"

namespace caravan {
namespace {

using ::testing::HasSubstr;
using caravan::testing::Run;
Run caravan(const std::string& args) { return caravan::testing::run_caravan(args); }

std::filesystem::path temp_file(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("caravan_border_" + std::to_string(::getpid()) + "_" + name);
}

TEST(SimulateCrossing, CalibratedYearReproducesPublishedTimes) {
  for (const auto& [crossing, mode] : {std::pair{"khorgos-nurzholy", "road"}, std::pair{"alashankou-dostyk", "rail"}}) {
    const auto r = caravan(fmt::format("simulate --crossing {} --mode {} --days 365 --replications 4 --format json", crossing, mode));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["directions"].size(), 2u);
    for (const auto& d : j["directions"]) {
      const double published = d["published_h"].get<double>();
      const double simulated = d["time_to_clear_h"]["mean"]["mean"].get<double>();
      EXPECT_NEAR(simulated, published, 0.03 * published) << crossing << " " << d["direction"];
      EXPECT_EQ(d["published_source"], "CAREC CPMM");
      EXPECT_TRUE(d["little"]["ok_on_every_run"].get<bool>());
      EXPECT_EQ(d["time_to_clear_by_hour_of_week_h"].size(), 168u);
    }
  }
}

TEST(SimulateCrossing, NurZholyCapacityStepOfMarch2023) {
  // ~100 trucks/day against 400 arriving builds a queue of about 300 in a day (the queue reported
  // on 13 March 2023); 680/day from day 1 brings it down to tens within two days.
  const auto r = caravan(
      "simulate --crossing khorgos-nurzholy --mode road --direction a_to_b --days 8 --start 2023-03-13T00:00+06:00 "
      "--arrivals-per-day 400 --capacity-per-day 100 --capacity-step 1:680 --replications 20 --sample-every-h 12 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& q = j["directions"][0]["queue_series"];
  const auto waiting = q["waiting_mean"].get<std::vector<double>>();
  const auto in_crossing = q["in_crossing_mean"].get<std::vector<double>>();
  ASSERT_EQ(waiting.size(), 17u);  // every 12 h over 8 days
  EXPECT_GE(waiting[2], 200.0);    // day 1: hundreds waiting
  EXPECT_LE(waiting[2], 400.0);
  EXPECT_LT(waiting[3], waiting[2]);  // falling once 680/day are cleared
  for (std::size_t i = 5; i < waiting.size(); ++i) {  // from day 2.5 on: tens at most
    EXPECT_LT(waiting[i], 100.0) << "sample " << i;
    EXPECT_LT(in_crossing[i], 100.0) << "sample " << i;
  }
  EXPECT_EQ(j["directions"][0]["stations"][0]["lanes"], 1);
}

TEST(SimulateCrossing, SameSeedSameOutputAnyThreads) {
  const std::string args = "simulate --crossing bakhty-baketu --mode road --days 20 --replications 4 --seed 5 --format json";
  const auto a = caravan(args + " --threads 1");
  const auto b = caravan(args + " --threads 2");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  auto ja = nlohmann::json::parse(a.out), jb = nlohmann::json::parse(b.out);
  for (auto* j : {&ja, &jb})
    for (auto& d : (*j)["directions"]) {
      d.erase("wall_seconds");
      d.erase("threads");
    }
  EXPECT_EQ(ja, jb);
  // Bakhty is open 10 hours a day: the control stations are open that share of the time.
  EXPECT_NEAR(ja["directions"][0]["stations"][0]["open_share"]["mean"].get<double>(), 10.0 / 24.0, 0.01);
}

TEST(SimulateCrossing, GreenLaneAndBlockingShowInTheResults) {
  const auto r = caravan("simulate --crossing khorgos-nurzholy --mode road --direction a_to_b --days 60 --replications 4 "
                         "--arrivals-per-day 650 --second-side-capacity 660 --buffer 5 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto d = nlohmann::json::parse(r.out)["directions"][0];
  EXPECT_LT(d["classes"][0]["wait_h"]["mean"].get<double>(), d["classes"][1]["wait_h"]["mean"].get<double>());
  EXPECT_GT(d["stations"][0]["blocked_share"]["mean"].get<double>(), 0.0);  // the slow side holds the fast one
}

TEST(SimulateCrossing, GreenLaneSkipsTheDwellSoItsShareMovesTheMean) {
  // Khorgos road CN->KZ: a green truck clears in its lane work alone (no dwell); each other truck
  // dwells (published - congestion) / 0.7, so the default mix (30 % green) keeps the published
  // 51.4 h and 50 % green brings the mean to congestion + 0.5 x dwell.
  const auto run = [](const std::string& extra) {
    const auto r = caravan("simulate --crossing khorgos-nurzholy --mode road --direction a_to_b --days 180 --replications 4 "
                           "--seed 1 --format json" + extra);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out)["directions"][0];
  };
  const auto base = run("");
  const auto half = run(" --green-share 0.5");
  const auto& cal = base["calibration"];
  const double congestion = cal["congestion_h"].get<double>(), dwell = cal["dwell_h"].get<double>();
  EXPECT_NEAR(dwell, (51.4 - congestion) / 0.7, 1e-9);
  EXPECT_NEAR(base["time_to_clear_h"]["mean"]["mean"].get<double>(), 51.4, 0.03 * 51.4);
  EXPECT_NEAR(half["time_to_clear_h"]["mean"]["mean"].get<double>(), congestion + 0.5 * dwell, 0.03 * (congestion + 0.5 * dwell));
  for (const auto* d : {&base, &half}) {
    EXPECT_LT((*d)["classes"][0]["time_to_clear_h"]["mean"].get<double>(), 1.0);  // green: no dwell
    EXPECT_GT((*d)["classes"][1]["time_to_clear_h"]["mean"].get<double>(), dwell);  // yellow: dwell + lanes
  }
  // A train keeps its dwell whatever its papers: at Khorgos-Altynkol green differs from yellow only
  // by its priority and shorter control, not by the 26 h dwell.
  const auto rail = nlohmann::json::parse(
      caravan("simulate --crossing khorgos-altynkol --mode rail --direction a_to_b --days 180 --replications 4 --seed 1 --format json").out);
  const auto& classes = rail["directions"][0]["classes"];
  EXPECT_GT(classes[0]["time_to_clear_h"]["mean"].get<double>(), rail["directions"][0]["calibration"]["dwell_h"].get<double>());
}

TEST(SimulateCrossing, BadInputExitsTwoNamingTheFlag) {
  struct Case {
    std::string args, needle;
  };
  for (const auto& c : {Case{"--crossing Khorgoz --mode road", "khorgos-nurzholy"},
                        // A part of a name is not taken for the crossing it fits: it is suggested.
                        Case{"--crossing Khorgos --mode road", "--crossing: unknown road crossing 'Khorgos'; did you mean: khorgos-nurzholy (road)"},
                        Case{"--crossing nowhere-at-all --mode road", "--crossing"},
                        Case{"--crossing khorgos-nurzholy --mode ship", "--mode"},
                        Case{"--crossing khorgos-nurzholy --days 0", "--days"},
                        Case{"--crossing khorgos-nurzholy --green-share 0.8 --red-share 0.5", "--red-share"},
                        Case{"--crossing khorgos-nurzholy --hours 'Mo-Zz 08:00-18:00'", "--hours"},
                        Case{"--crossing khorgos-nurzholy --capacity-step 2-680", "--capacity-step"},
                        Case{"--crossing khorgos-nurzholy --arrivals-per-day -5", "--arrivals-per-day"}}) {
    const auto r = caravan("simulate --days 5 --replications 1 " + c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.needle)) << c.args;
  }
}

TEST(SimulateCrossing, ReplayedArrivalsAndTheirErrors) {
  const auto csv = temp_file("arrivals.csv");
  {
    std::ofstream out(csv);
    out << "time,class\n2025-01-06T01:00Z,green\n2025-01-06T02:00Z,red\n2025-01-06T02:30Z,yellow\n";
  }
  const auto r = caravan("simulate --crossing khorgos-nurzholy --mode road --direction a_to_b --days 2 --replications 2 "
                         "--arrivals-csv " + csv.string() + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto d = nlohmann::json::parse(r.out)["directions"][0];
  EXPECT_NEAR(d["throughput_per_day"]["mean"].get<double>(), 1.5, 1e-9);  // 3 trucks in 2 days
  {
    std::ofstream out(csv);
    out << "time,class\n2025-01-06T01:00Z,green\n2025-01-06T02:00Z,blue\n";
  }
  const auto bad = caravan("simulate --crossing khorgos-nurzholy --days 2 --arrivals-csv " + csv.string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr(csv.string() + ":3: column 'class'"));
  std::filesystem::remove(csv);
}

double local_hour_of_week(const std::string& local_iso) {
  // "2025-03-04T08:23+08:00": the weekday from the date, then the hour.
  const int y = std::stoi(local_iso.substr(0, 4)), m = std::stoi(local_iso.substr(5, 2)), d = std::stoi(local_iso.substr(8, 2));
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  tm.tm_hour = 12;
  timegm(&tm);
  const int weekday = (tm.tm_wday + 6) % 7;  // 0 = Monday
  return weekday * 24 + std::stoi(local_iso.substr(11, 2));
}

TEST(SimulateCrossing, DelayFileChangesTheRouteCrossingTimeExactly) {
  const std::string route = "route Urumqi Almaty --modes road --optimize time --depart 2025-03-03T00:00Z --format json";
  const auto base = caravan(route);
  ASSERT_EQ(base.exit_code, 0) << base.err;
  const auto find_crossing_leg = [](const nlohmann::json& j) {
    for (const auto& leg : j["itineraries"][0]["legs"])
      if (!leg["crossing"].is_null()) return leg;
    return nlohmann::json();
  };
  const auto base_leg = find_crossing_leg(nlohmann::json::parse(base.out));
  ASSERT_EQ(base_leg["crossing"]["id"], "bakhty-baketu");
  // The open time to clear: calibrated so that the year's mean elapsed time is the bundled 12 h median.
  EXPECT_DOUBLE_EQ(base_leg["crossing"]["processing_hours"].get<double>(), 5.0);

  // A delay file that differs by hour of the week: 2 h + 0.25 h per hour.
  const auto file = temp_file("delays.csv");
  {
    std::ofstream out(file);
    out << "crossing,mode,direction,hour_of_week,time_to_clear_h\n";
    for (const char* dir : {"a_to_b", "b_to_a"})
      for (int h = 0; h < 168; ++h) out << "bakhty-baketu,road," << dir << "," << h << "," << 2 + 0.25 * h << "\n";
  }
  const auto with = caravan(route + " --border-delays " + file.string());
  ASSERT_EQ(with.exit_code, 0) << with.err;
  const auto leg = find_crossing_leg(nlohmann::json::parse(with.out));
  ASSERT_EQ(leg["crossing"]["id"], "bakhty-baketu");
  const double how = local_hour_of_week(leg["ready"]["local"].get<std::string>());
  EXPECT_DOUBLE_EQ(leg["crossing"]["processing_hours"].get<double>(), 2 + 0.25 * how);
  EXPECT_DOUBLE_EQ(leg["crossing"]["wait_hours"].get<double>(), 0.0);

  // A simulated file: the route's crossing time is the file's value at that hour.
  const auto simulated = temp_file("simulated.csv");
  const auto sim = caravan("simulate --crossing bakhty-baketu --mode road --days 60 --replications 2 --write-delays " + simulated.string() + " --format csv");
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const auto routed = caravan(route + " --border-delays " + simulated.string());
  ASSERT_EQ(routed.exit_code, 0) << routed.err;
  const auto sleg = find_crossing_leg(nlohmann::json::parse(routed.out));
  if (sleg["crossing"]["id"] == "bakhty-baketu") {
    std::ifstream in(simulated);
    std::string line;
    const int h = static_cast<int>(local_hour_of_week(sleg["ready"]["local"].get<std::string>()));
    const std::string prefix = "bakhty-baketu,road,a_to_b," + std::to_string(h) + ",";
    double expected = -1;
    while (std::getline(in, line))
      if (line.rfind(prefix, 0) == 0) expected = std::stod(line.substr(prefix.size()));
    EXPECT_NEAR(sleg["crossing"]["processing_hours"].get<double>(), expected, 1.0 / 60);  // minutes
  }

  // A broken file names its line.
  {
    std::ofstream out(file);
    out << "crossing,mode,direction,hour_of_week,time_to_clear_h\nbakhty-baketu,rail,a_to_b,0,3\n";
  }
  const auto bad = caravan(route + " --border-delays " + file.string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr(":2:"));
  std::filesystem::remove(file);
  std::filesystem::remove(simulated);
}

}  // namespace
}  // namespace caravan
