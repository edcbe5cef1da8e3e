// caravan scenario compare / capacity / assign as a user runs them: output, exit codes, errors
// that name file:line or the flag, the offline HTML report, and Ctrl-C.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "../support/run_caravan.hpp"

namespace caravan::testing {
namespace {

std::string temp_file(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << text;
  return path.string();
}

bool catches_sigint(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("SigCgt:", 0) == 0) return (std::stoull(line.substr(7), nullptr, 16) >> (SIGINT - 1)) & 1u;
  return false;
}

TEST(CliAnalysis, ScenarioCompareJsonShowsTheCkuRailShortcut) {
  const auto od = temp_file("cku_od.csv", "origin,destination\nKashgar,Andijan\n");
  const auto run = run_caravan("scenario compare --scenario cku-open --modes rail --depart 2026-12-07T08:00Z --format json --od " + od);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["base"], "baseline");
  EXPECT_EQ(j["scenario"], "cku-open");
  EXPECT_EQ(j["partial"], false);
  ASSERT_EQ(j["pairs"].size(), 1u);
  const auto& p = j["pairs"][0];
  EXPECT_EQ(p["from"], "CN_KASHGAR");
  EXPECT_EQ(p["route_changed"], true);
  EXPECT_LT(p["delta"]["hours"].get<double>(), -24.0);
  EXPECT_EQ(p["scenario"]["corridor"], "CN-KG-UZ");
}

TEST(CliAnalysis, OdFileErrorsNameFileAndLine) {
  const auto od = temp_file("bad_od.csv", "origin,destination\nKashgar,Andijan\nKashgar,Atlantis\n");
  const auto run = run_caravan("scenario compare --scenario cku-open --od " + od);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--od: " + od + ":3: destination: unknown place 'Atlantis'"), std::string::npos) << run.err;
  const auto header = temp_file("bad_header.csv", "from,to\nKashgar,Andijan\n");
  const auto run2 = run_caravan("scenario compare --scenario cku-open --od " + header);
  EXPECT_EQ(run2.exit_code, 2);
  EXPECT_NE(run2.err.find(header + ":1: the header needs the columns origin and destination"), std::string::npos) << run2.err;
  EXPECT_EQ(run_caravan("scenario compare --scenario no-such-scenario --od " + od).exit_code, 2);
}

TEST(CliAnalysis, HtmlReportIsOneOfflineFile) {
  const auto od = temp_file("html_od.csv", "origin,destination\nShanghai,Rotterdam\nXian,Tashkent\n");
  const auto out = std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "_report.html");
  const auto run = run_caravan("scenario compare --scenario red-sea-closed --optimize cost --depart 2026-12-07T08:00Z --format html -o " +
                               out.string() + " --od " + od);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::ifstream in(out);
  const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("<polyline class=\"base p0\""), std::string::npos) << "the changed Shanghai–Rotterdam route is drawn";
  EXPECT_NE(html.find("<polyline class=\"scen p0\""), std::string::npos);
  // Nothing is fetched: no external scripts, styles, images or fonts.
  for (const char* external : {"src=", "<link", "@import", "url("}) EXPECT_EQ(html.find(external), std::string::npos) << external;
  std::filesystem::remove(out);
}

TEST(CliAnalysis, CapacityNamesTheCutAndRejectsBadRegions) {
  const auto run = run_caravan("capacity --from TM,UZ,KZ --to CN --mode pipeline --format csv");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("link,pipeline:KZ_SHYMKENT:CN_KHORGOS:C,KZ_SHYMKENT,CN_KHORGOS,25,bcm/year"), std::string::npos) << run.out;
  const auto bad = run_caravan("capacity --from Atlantis --to CN");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--from: unknown place 'Atlantis'"), std::string::npos) << bad.err;
  const auto country = run_caravan("capacity --from CN --to EU --avoid-country XX");
  EXPECT_EQ(country.exit_code, 2);
  EXPECT_NE(country.err.find("--avoid-country: 'XX' is not a country (an ISO 3166-1 alpha-2 code or a country name)"), std::string::npos) << country.err;
}

TEST(CliAnalysis, AssignDemandErrorsNameFileLineAndColumn) {
  const auto demand = temp_file("bad_demand.csv", "origin,destination,teu_per_year,cargo_class\nXian,Tashkent,-5,general\n");
  const auto run = run_caravan("assign --demand " + demand);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(demand + ":2: column 'teu_per_year': '-5' is not a number of TEU ≥ 0"), std::string::npos) << run.err;
}

TEST(CliAnalysis, SigintStopsAnAssignmentWithPartialResultsAndExit130) {
  // Enough work that it cannot finish before the signal: every hub pair, MSA, no gap target.
  std::string demand = "origin,destination,teu_per_year,cargo_class\n";
  const char* hubs[] = {"Shanghai", "Xian", "Chongqing", "Almaty", "Tashkent", "Tehran", "Istanbul", "Duisburg", "Rotterdam", "Piraeus"};
  for (const char* a : hubs)
    for (const char* b : hubs)
      if (std::string(a) != b) demand += std::string(a) + "," + b + ",100000,general\n";
  const auto path = temp_file("long_demand.csv", demand);
  const auto out_path = std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "_sigint.json");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> args = {CARAVAN_BINARY, "assign", "--demand", path, "--method", "msa", "--iterations", "100000",
                                   "--gap", "0", "--format", "json"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, CARAVAN_BINARY, &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  // Signal only once the command catches SIGINT (its bit in /proc/PID/status SigCgt), then give
  // it a moment to finish a first iteration.
  for (int i = 0; i < 500 && !catches_sigint(pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(catches_sigint(pid));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "terminated by a signal instead of stopping cleanly";
  EXPECT_EQ(WEXITSTATUS(status), 130);
  std::ifstream in(out_path);
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["partial"], true);
  EXPECT_GT(j["iterations"].get<int>(), 0);
  EXPECT_EQ(j["pairs"].size(), 90u);
  std::filesystem::remove(out_path);
}

}  // namespace
}  // namespace caravan::testing
