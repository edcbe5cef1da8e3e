// `caravan simulate` as a user runs it: estimates beside the closed form, and exit 2 naming the
// flag on bad input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../support/run_caravan.hpp"
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace caravan {
namespace {

using ::testing::HasSubstr;

using caravan::testing::Run;
Run caravan(const std::string& args) { return caravan::testing::run_caravan(args); }

TEST(SimulateCli, TablePrintsErlangC) {
  const auto r = caravan("simulate --queue mmc --lambda 0.2 --mu 0.1 --servers 3 --hours 20000 --warmup 500 --replications 5");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Erlang C"));
  EXPECT_THAT(r.out, HasSubstr("4.4444"));  // Wq closed form
  EXPECT_THAT(r.out, HasSubstr("Little's law L = λW: holds"));
  EXPECT_THAT(r.out, HasSubstr("events/s"));
}

TEST(SimulateCli, JsonHasPollaczekKhinchineForMD1) {
  const auto r = caravan("simulate --lambda 0.9 --mu 1 --servers 1 --service det --hours 20000 --warmup 500 --replications 3 --seed 7 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_THAT(j["closed_form_model"].get<std::string>(), HasSubstr("Pollaczek"));
  EXPECT_NEAR(j["estimates"]["Wq_mean_h"]["closed_form"].get<double>(), 4.5, 1e-9);
  EXPECT_TRUE(j["estimates"]["Wq_mean_h"]["ci95_half_width"].is_number());
  EXPECT_TRUE(j["little"]["ok_on_every_run"].get<bool>());
  // The same seed gives the same output.
  const auto again = caravan("simulate --lambda 0.9 --mu 1 --servers 1 --service det --hours 20000 --warmup 500 --replications 3 --seed 7 --format json --threads 2");
  const auto j2 = nlohmann::json::parse(again.out);
  EXPECT_EQ(j["estimates"], j2["estimates"]);
}

TEST(SimulateCli, CsvHasHeader) {
  const auto r = caravan("simulate --lambda 0.5 --hours 2000 --warmup 100 --replications 2 --format csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("metric,mean,ci95_low,ci95_high,closed_form\nWq_mean_h,"));
}

TEST(SimulateCli, BadInputExitsTwoNamingTheFlag) {
  struct Case {
    std::string args, flag;
  };
  for (const auto& c : {Case{"--lambda 0", "--lambda"}, Case{"--lambda -1", "--lambda"}, Case{"--servers 0", "--servers"},
                        Case{"--queue gg1", "--queue"}, Case{"--mu 0", "--mu"}, Case{"--service weibull", "--service"},
                        Case{"--warmup 2000", "--warmup"}, Case{"--replications 0", "--replications"},
                        Case{"--format xml", "--format"}}) {
    const auto r = caravan("simulate --hours 1000 " + c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_THAT(r.err, HasSubstr(c.flag)) << c.args;
  }
}


// --- --arrival-profile and --service-times with --crossing -------------------------------------

// A file in the test's temporary directory with the given text.
std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("caravan_sim_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << text;
  return path.string();
}

// hour_of_week,weight for every hour, from a weight function.
template <class F>
std::string profile_csv(F weight) {
  std::string text = "hour_of_week,weight\n";
  for (int h = 0; h < 168; ++h) text += std::to_string(h) + "," + std::to_string(weight(h)) + "\n";
  return text;
}

// The result without the wall-clock times, which differ from run to run.
nlohmann::json without_wall_time(nlohmann::json j) {
  for (auto& d : j["directions"]) d.erase("wall_seconds");
  return j["directions"];
}

const std::string kKhorgos = "simulate --crossing khorgos-nurzholy --mode road --direction a_to_b --format json ";

TEST(SimulateCliProfile, AllWeightOnMondayMorningLeavesEveryOtherHourEmpty) {
  // Weight only on Monday 08:00–10:00 (China time, the first side): the time to clear by hour of
  // arrival then has values for hours 8 and 9 only; the report fills every empty hour with the
  // last hour before it that had arrivals, i.e. hour 9, so exactly hour 8 differs from the rest.
  const auto file = write_temp("monday.csv", profile_csv([](int h) { return h == 8 || h == 9 ? 1.0 : 0.0; }));
  const auto r = caravan(kKhorgos + "--days 14 --replications 2 --seed 3 --arrivals-per-day 100 --arrival-profile " + file);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto how = j["directions"][0]["time_to_clear_by_hour_of_week_h"].get<std::vector<double>>();
  ASSERT_EQ(how.size(), 168u);
  for (int h = 0; h < 168; ++h) {
    if (h != 8) {
      EXPECT_EQ(how[h], how[9]) << "hour " << h;
    }
  }
  EXPECT_NE(how[8], how[9]);
  // Without a profile (the built-in daytime-heavy one) every hour has arrivals of its own.
  const auto plain = nlohmann::json::parse(caravan(kKhorgos + "--days 14 --replications 2 --seed 3 --arrivals-per-day 100").out);
  const auto how_plain = plain["directions"][0]["time_to_clear_by_hour_of_week_h"].get<std::vector<double>>();
  EXPECT_NE(how_plain[20], how_plain[9]);
  EXPECT_NE(how_plain[100], how_plain[9]);
  // 700 trucks arrive in two hours a week: the queue series peaks on Monday morning.
  EXPECT_TRUE(j["directions"][0]["little"]["ok_on_every_run"].get<bool>());
}

TEST(SimulateCliProfile, TheBuiltInShapeGivenAsAFileGivesTheSameRun) {
  // The built-in road profile written out as a file, and a constant profile at two scales: only
  // the shape counts (weights are normalised to mean 1), so the runs are identical.
  const auto builtin = write_temp("builtin.csv", profile_csv([](int h) {
    const int day = h / 24, hour = h % 24;
    const bool daytime = hour >= 6 && hour < 22;
    return day < 5 ? (daytime ? 1.4 : 0.5) : day == 5 ? (daytime ? 1.0 : 0.4) : (daytime ? 0.6 : 0.3);
  }));
  const std::string run = kKhorgos + "--days 7 --replications 2 --seed 5 ";
  const auto none = caravan(run);
  const auto with = caravan(run + "--arrival-profile " + builtin);
  ASSERT_EQ(none.exit_code, 0) << none.err;
  ASSERT_EQ(with.exit_code, 0) << with.err;
  // The runs are the same (the directions); the parameters echo the profile.
  const auto directions = [](const std::string& out) { return without_wall_time(nlohmann::json::parse(out)).dump(); };
  EXPECT_EQ(directions(none.out), directions(with.out));
  EXPECT_TRUE(nlohmann::json::parse(none.out)["parameters"]["arrival_profile"].is_null());
  EXPECT_EQ(nlohmann::json::parse(with.out)["parameters"]["arrival_profile"].size(), 168u);

  const auto ones = write_temp("ones.csv", profile_csv([](int) { return 1.0; }));
  const auto fives = write_temp("fives.csv", profile_csv([](int) { return 5.0; }));
  const auto a = caravan(run + "--arrival-profile " + ones), b = caravan(run + "--arrival-profile " + fives);
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(directions(a.out), directions(b.out));
  // A flat week is another run than the daytime-heavy default.
  EXPECT_NE(directions(a.out), directions(none.out));
}

TEST(SimulateCliProfile, KeepsTheDailyMeanWhenTheSidesCloseAtNight) {
  // Both sides open Mo–Fr 08:00–18:00 local (China UTC+8, Kazakhstan UTC+5: together 11–18 China
  // time) and all weight on weekday office hours: 200 trucks a day still arrive on average (the
  // rate in open hours is raised to keep the mean), and all of them are cleared.
  const auto file = write_temp("office.csv", profile_csv([](int h) { return h / 24 < 5 && h % 24 >= 8 && h % 24 < 18 ? 1.0 : 0.0; }));
  const auto r = caravan(kKhorgos + "--days 28 --replications 4 --seed 2 --arrivals-per-day 200 --hours 'Mo-Fr 08:00-18:00' "
                                    "--arrival-profile " + file);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto d = nlohmann::json::parse(r.out)["directions"][0];
  EXPECT_NEAR(d["throughput_per_day"]["mean"].get<double>(), 200.0, 200.0 * 0.04);
  EXPECT_TRUE(d["little"]["ok_on_every_run"].get<bool>());
}

TEST(SimulateCli, CapacityIsAWhatIfThatLeavesTheDemandAlone) {
  // Khorgos road's data: 700 trucks a day; the calibrated demand is a share of that. Asking for
  // 2,000 a day adds lanes for the same trucks: arrivals stay, the time to clear falls.
  const auto run = [](const std::string& extra) {
    const auto r = caravan(kKhorgos + "--days 30 --replications 2 --seed 3 " + extra);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out)["directions"][0];
  };
  const auto published = run("");
  const auto doubled = run("--capacity-per-day 2000");
  EXPECT_DOUBLE_EQ(published["capacity_per_day"].get<double>(), 700.0);
  EXPECT_DOUBLE_EQ(doubled["capacity_per_day"].get<double>(), 2000.0);
  EXPECT_DOUBLE_EQ(doubled["arrivals_per_day"].get<double>(), published["arrivals_per_day"].get<double>());
  EXPECT_EQ(published["stations"][0]["lanes"].get<int>(), 7);
  EXPECT_EQ(doubled["stations"][0]["lanes"].get<int>(), 21);
  // The queue (about 1.2 h at the published capacity) is gone; the calibrated dwell stays.
  EXPECT_GT(published["wait_h"]["mean"]["mean"].get<double>(), 1.0);
  EXPECT_LT(doubled["wait_h"]["mean"]["mean"].get<double>(), 0.01);
  EXPECT_LT(doubled["time_to_clear_h"]["mean"]["mean"].get<double>(), published["time_to_clear_h"]["mean"]["mean"].get<double>());
}

TEST(SimulateCliServiceTimes, EqualSamplesAreADeterministicControlTime) {
  // Every measured time 0.4 h: the exit control's mean is exactly 0.4 h (no class factors, no
  // calibration scale) and, the control being deterministic, its busy lane-hours are 0.4 h per
  // truck served: utilisation × lanes × 24 = throughput × 0.4 (up to the run's edges).
  std::string text = "hours\n";
  for (int i = 0; i < 50; ++i) text += "0.4\n";
  const auto file = write_temp("det.csv", text);
  const auto r = caravan(kKhorgos + "--days 30 --replications 3 --seed 4 --arrivals-per-day 300 --service-times " + file);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto d = nlohmann::json::parse(r.out)["directions"][0];
  const auto& exit = d["stations"][0];
  EXPECT_EQ(exit["name"], "CN exit control");
  EXPECT_EQ(exit["service_mean_h"].get<double>(), 0.4);  // exactly: averaged in extended precision
  const int lanes = exit["lanes"].get<int>();
  EXPECT_DOUBLE_EQ(exit["capacity_per_day"].get<double>(), lanes * 24 / 0.4);
  const double busy_h_per_day = exit["utilisation"]["mean"].get<double>() * lanes * 24;
  EXPECT_NEAR(busy_h_per_day, d["throughput_per_day"]["mean"].get<double>() * 0.4, 0.01 * busy_h_per_day);
  // The entry side keeps the model's control time.
  EXPECT_NE(d["stations"][1]["service_mean_h"].get<double>(), 0.4);
  EXPECT_TRUE(d["little"]["ok_on_every_run"].get<bool>());
  // The parameters echo the measured times by count and mean.
  const auto echo = nlohmann::json::parse(r.out)["parameters"]["service_times"];
  EXPECT_EQ(echo["count"], 50);
  EXPECT_EQ(echo["mean_h"].get<double>(), 0.4);
}

TEST(SimulateCliProfile, BadFilesExitTwoWithFileLineAndWhatIsWrong) {
  struct Case {
    std::string name, text, message;
  };
  std::string dup = profile_csv([](int) { return 1.0; }) + "5,1\n";
  std::string missing = profile_csv([](int) { return 1.0; });
  missing.resize(missing.rfind("167,"));
  std::string negative = profile_csv([](int) { return 1.0; });
  negative.replace(negative.find("\n17,") + 1, negative.find('\n', negative.find("\n17,") + 1) - negative.find("\n17,") - 1, "17,-1");
  std::string nan = negative;
  nan.replace(nan.find("17,-1"), 5, "17,abc");
  std::string header = profile_csv([](int) { return 1.0; });
  header.replace(0, header.find('\n'), "hour,weight");
  for (const auto& c : {Case{"dup.csv", dup, "dup.csv:170: hour_of_week 5 is given twice (first on line 7)"},
                        Case{"missing.csv", missing, "missing.csv:169: 1 hour of the week missing: 167 (each of 0..167 exactly once)"},
                        Case{"negative.csv", negative, "negative.csv:19: column 'weight': negative weight -1"},
                        Case{"nan.csv", nan, "nan.csv:19: column 'weight': not a number 'abc'"},
                        Case{"header.csv", header, "header.csv:1: the header must be 'hour_of_week,weight' (got 'hour,weight')"},
                        Case{"zero.csv", profile_csv([](int) { return 0.0; }), "zero.csv:170: all weights are 0"},
                        Case{"hour.csv", "hour_of_week,weight\n168,1\n", "hour.csv:2: column 'hour_of_week': 168 is outside 0..167"}}) {
    const auto path = write_temp(c.name, c.text);
    const auto r = caravan(kKhorgos + "--days 2 --arrival-profile " + path);
    EXPECT_EQ(r.exit_code, 2) << c.name;
    EXPECT_EQ(r.err, "caravan: --arrival-profile: " + path.substr(0, path.size() - c.name.size()) + c.message + "\n") << c.name;
  }
  const auto ok = write_temp("ok.csv", profile_csv([](int) { return 1.0; }));
  const auto replay = caravan(kKhorgos + "--days 2 --arrival-profile " + ok + " --arrivals-csv " + ok);
  EXPECT_EQ(replay.exit_code, 2);
  EXPECT_EQ(replay.err, "caravan: --arrival-profile cannot be combined with --arrivals-csv: replayed arrivals keep their own times\n");
  const auto rail = caravan("simulate --crossing alashankou-dostyk --mode rail --days 2 --arrival-profile " + ok);
  EXPECT_EQ(rail.exit_code, 2);
  EXPECT_EQ(rail.err, "caravan: --arrival-profile: rail crossings run to a timetable; an arrival profile shapes road arrivals only\n");
}

TEST(SimulateCliServiceTimes, BadFilesExitTwoWithFileLineAndWhatIsWrong) {
  struct Case {
    std::string name, text, message;
  };
  for (const auto& c : {Case{"st_header.csv", "minutes\n12\n", "st_header.csv:1: the header must be 'hours' (got 'minutes')"},
                        Case{"st_zero.csv", "hours\n0.5\n0\n", "st_zero.csv:3: column 'hours': a service time must be more than 0 (got 0)"},
                        Case{"st_text.csv", "hours\n0.5\nfast\n", "st_text.csv:3: column 'hours': not a number 'fast'"},
                        Case{"st_empty.csv", "hours\n", "st_empty.csv:2: no service times (at least 1 is needed)"}}) {
    const auto path = write_temp(c.name, c.text);
    const auto r = caravan(kKhorgos + "--days 2 --service-times " + path);
    EXPECT_EQ(r.exit_code, 2) << c.name;
    EXPECT_EQ(r.err, "caravan: --service-times: " + path.substr(0, path.size() - c.name.size()) + c.message + "\n") << c.name;
  }
}

}  // namespace
}  // namespace caravan
