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

}  // namespace
}  // namespace caravan
