// The network and places commands of the built `caravan` binary, run as a user would run them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "network/network.hpp"
#include "../support/run_caravan.hpp"

namespace caravan {
namespace {

using nlohmann::json;

using testing::Run;
using testing::shell_quote;
Run caravan(const std::string& args) { return testing::run_caravan(args); }

const std::string& data_dir() {
  static const std::string dir = std::filesystem::weakly_canonical(std::string(CARAVAN_TEST_DIR) + "/../data").string();
  return dir;
}

const Network& net() {
  static const std::shared_ptr<const Network> network = [] {
    auto loaded = load_network(data_dir() + "/corridors");
    if (!loaded.network) throw std::runtime_error("bundled data does not load:\n" + loaded.diagnostics.to_string());
    return loaded.network;
  }();
  return *network;
}

std::size_t estimate_rows(const Network& n) {
  auto is_estimate = [](const std::string& s) {
    std::string lower;
    for (const char c : s.substr(0, 8)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == "estimate";
  };
  std::size_t count = 0;
  for (const auto& x : n.nodes) count += is_estimate(x.source);
  for (const auto& x : n.links) count += is_estimate(x.source);
  for (const auto& x : n.crossings) count += is_estimate(x.source);
  return count;
}

std::size_t bundled_scenarios() {
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir() + "/scenarios"))
    count += entry.path().extension() == ".toml";
  return count;
}

TEST(CliNetwork, CheckSaysOkWithTheCounts) {
  const auto run = caravan("network check --data " + shell_quote(data_dir()));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(bundled_scenarios(), 8u);
  EXPECT_EQ(run.out, "ok: " + std::to_string(net().nodes.size()) + " nodes, " + std::to_string(net().links.size()) +
                         " links, " + std::to_string(net().crossings.size()) + " crossings, " +
                         std::to_string(net().services.size()) + " services, 8 scenarios in " + data_dir() +
                         "/corridors; every row names its source (" + std::to_string(estimate_rows(net())) +
                         " of them estimates that say how)\n");
}

TEST(CliNetwork, CheckWithTheDefaultDataSaysOk) {
  const auto run = caravan("network check");
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out.rfind("ok: " + std::to_string(net().nodes.size()) + " nodes, ", 0), 0u) << run.out;
  EXPECT_NE(run.out.find(" services, 8 scenarios in "), std::string::npos) << run.out;
}

TEST(CliNetwork, CheckReportsABrokenScenarioAndExits2) {
  const auto dir = std::filesystem::temp_directory_path() / ("caravan_cli_data_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "scenarios");
  std::filesystem::create_directory_symlink(data_dir() + "/corridors", dir / "corridors");
  std::ofstream(dir / "scenarios" / "broken.toml") << "description = \"x\"\nsource = \"estimate: x\"\n\n[[closure]]\n"
                                                      "targets = [\"node:CHK_PANAMA\"]\n";
  const auto run = caravan("network check --data " + shell_quote(dir.string()));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, (dir / "scenarios" / "broken.toml").string() +
                         ":5: column 'targets': unknown node 'CHK_PANAMA'\n1 problem in " + (dir / "corridors").string() +
                         "\n");
  std::filesystem::remove_all(dir);
}

TEST(CliNetwork, StatsJsonHasTheLoadedCounts) {
  const auto run = caravan("network stats --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json stats = json::parse(run.out);
  for (const char* key : {"nodes", "links", "crossings", "services"}) {
    ASSERT_TRUE(stats.contains(key)) << key;
    EXPECT_TRUE(stats[key].is_number_integer()) << key;
  }
  EXPECT_EQ(stats["nodes"].get<std::size_t>(), net().nodes.size());
  EXPECT_EQ(stats["links"].get<std::size_t>(), net().links.size());
  EXPECT_EQ(stats["crossings"].get<std::size_t>(), net().crossings.size());
  EXPECT_EQ(stats["services"].get<std::size_t>(), net().services.size());
  EXPECT_GE(stats["nodes"].get<std::size_t>(), 150u);
  EXPECT_GE(stats["links"].get<std::size_t>(), 220u);
  EXPECT_GE(stats["crossings"].get<std::size_t>(), 25u);
  EXPECT_GE(stats["services"].get<std::size_t>(), 15u);
  std::size_t by_status = 0;
  for (const auto& [status, count] : stats["links_by_status"].items()) by_status += count.get<std::size_t>();
  EXPECT_EQ(by_status, net().links.size());
}

TEST(CliNetwork, StatsUnderCkuOpenCountsTheNewOperationalLinks) {
  const auto base = json::parse(caravan("network stats --format json").out);
  const auto run = caravan("network stats --format json --scenario cku-open");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto cku = json::parse(run.out);
  EXPECT_EQ(cku["links_by_status"]["operational"].get<int>(), base["links_by_status"]["operational"].get<int>() + 6);
  EXPECT_EQ(cku["links_by_status"]["under_construction"].get<int>(), 4);  // gas Line D, four sections
}

TEST(CliPlaces, XianTable) {
  const auto run = caravan("places xian");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "CN_XIAN                CN dry_port         Xi'an (Xi'an International Port / Chanba dry port) [CNXIA]\n");
  EXPECT_EQ(caravan("places \"XI'AN\"").out, run.out);
  EXPECT_EQ(caravan("places CNXIA").out, run.out);
}

TEST(CliPlaces, XianJson) {
  const auto run = caravan("places xian --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json found = json::parse(run.out);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["type"], "node");
  EXPECT_EQ(found[0]["id"], "CN_XIAN");
  EXPECT_EQ(found[0]["country"], "CN");
  EXPECT_EQ(found[0]["unlocode"], "CNXIA");
  EXPECT_EQ(found[0]["timezone"], "Asia/Shanghai");
  EXPECT_EQ(found[0]["matched"], "Xi'an");
}

TEST(CliPlaces, PartialMatchesAreListed) {
  const auto run = caravan("places Khorgos");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "CN_KHORGOS             CN border_crossing  Khorgos / Horgos (China side, rail station + road port) [CNHRS]\n"
            "KZ_KHORGOS_GATEWAY     KZ dry_port         KTZE-Khorgos Gateway dry port\n"
            "KZ_NURZHOLY            KZ border_crossing  Nur Zholy road BCP (Khorgos, KZ side) [KZHOR]\n"
            "khorgos-altynkol       CN-KZ crossing/rail    Khorgos-Altynkol (rail)\n"
            "khorgos-nurzholy       CN-KZ crossing/road    Khorgos-Nur Zholy (road)\n");
}

TEST(CliPlaces, UnknownPlaceExits2WithAMessage) {
  const auto run = caravan("places nowhere-land");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "caravan: unknown place 'nowhere-land'\n");
}

TEST(CliPlaces, NoQueryListsEverything) {
  const auto run = caravan("places --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json::parse(run.out).size(), net().nodes.size() + net().crossings.size());
}

TEST(CliNetwork, ExportGeoJsonUnderSuezClosed) {
  const auto run = caravan("network export --format geojson --scenario suez-closed");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json geo = json::parse(run.out);  // throws (fails the test) if not valid JSON
  EXPECT_EQ(geo["type"], "FeatureCollection");
  EXPECT_EQ(geo["scenario"], "suez-closed");
  ASSERT_TRUE(geo["features"].is_array());
  std::size_t nodes = 0, links = 0, crossings = 0, other = 0, closed_links = 0;
  for (const auto& f : geo["features"]) {
    EXPECT_EQ(f["type"], "Feature");
    const std::string kind = f["properties"]["kind"];
    if (kind == "node") {
      ++nodes;
      EXPECT_EQ(f["geometry"]["type"], "Point");
    } else if (kind == "link") {
      ++links;
      EXPECT_EQ(f["geometry"]["type"], "LineString");
      if (f["properties"]["closed_in_scenario"].get<bool>()) ++closed_links;
    } else if (kind == "crossing") {
      ++crossings;
      EXPECT_EQ(f["geometry"]["type"], "Point");
      EXPECT_FALSE(f["properties"]["closed_in_scenario"].get<bool>());
    } else {
      ++other;
    }
  }
  EXPECT_EQ(nodes, net().nodes.size());
  EXPECT_EQ(links, net().links.size());
  EXPECT_EQ(crossings, net().crossings.size());
  EXPECT_EQ(other, 0u);
  EXPECT_EQ(closed_links, 4u);  // the four sea links touching CHK_SUEZ
}

TEST(CliNetwork, ExportWithoutScenarioHasNoScenarioMember) {
  const auto run = caravan("network export --format geojson");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json geo = json::parse(run.out);
  EXPECT_FALSE(geo.contains("scenario"));
  EXPECT_EQ(geo["features"].size(), net().nodes.size() + net().links.size() + net().crossings.size());
}

TEST(CliNetwork, UnknownScenarioExits2AndListsTheBundledOnes) {
  const auto run = caravan("network stats --scenario atlantis");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find("unknown scenario 'atlantis'"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("bundled scenarios: caspian-storm, cku-open, constanta-congested, dostyk-closed, kg-cn-weekdays-only, middle-corridor-2030, "
                         "red-sea-closed, suez-closed"),
            std::string::npos)
      << run.err;
}

TEST(CliNetwork, UnknownFlagExits2) {
  for (const char* args : {"network check --bogus", "network stats --bogus", "places xian --bogus",
                           "network export --format geojson --bogus"}) {
    const auto run = caravan(args);
    EXPECT_EQ(run.exit_code, 2) << args;
    EXPECT_EQ(run.out, "") << args;
    EXPECT_NE(run.err.find("--bogus"), std::string::npos) << args << ": " << run.err;
  }
  const auto bare = caravan("--bogus");
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_EQ(bare.out, "");
  EXPECT_EQ(bare.err.rfind("caravan: ", 0), 0u) << bare.err;
  const auto bad_format = caravan("network stats --format yaml");
  EXPECT_EQ(bad_format.exit_code, 2);
  EXPECT_EQ(caravan("network export").exit_code, 2);  // --format is required
}

}  // namespace
}  // namespace caravan

namespace caravan {
namespace {

// A Latin-1 byte in a node name is refused by the loader with file:line:column, before it can
// reach a JSON answer (where it made GET /v1/network a 500 and `caravan places` an internal error).
TEST(CliNetwork, CheckRefusesTextThatIsNotUtf8WithItsPlace) {
  const auto dir = std::filesystem::temp_directory_path() / ("caravan_cli_latin1_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "corridors");
  std::filesystem::create_directory_symlink(data_dir() + "/scenarios", dir / "scenarios");
  for (const auto& entry : std::filesystem::directory_iterator(data_dir() + "/corridors"))
    if (entry.is_regular_file()) std::filesystem::copy_file(entry.path(), dir / "corridors" / entry.path().filename());
  std::ifstream in(dir / "corridors" / "nodes.csv", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string nodes = text.str();
  const auto at = nodes.find("\nKZ_ALMATY,Almaty,");
  ASSERT_NE(at, std::string::npos);
  const auto line = std::count(nodes.begin(), nodes.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 2;
  nodes.replace(at + 1, 17, "KZ_ALMATY,Alma\xe9ty,");
  std::ofstream(dir / "corridors" / "nodes.csv", std::ios::binary | std::ios::trunc) << nodes;
  for (const std::string command : {"network check", "places Almaty --format json"}) {
    const auto run = caravan(command + " --data " + shell_quote(dir.string()));
    EXPECT_EQ(run.exit_code, 2) << command;
    EXPECT_NE((run.out + run.err).find("nodes.csv:" + std::to_string(line) + ":15: not valid UTF-8 (byte 0xE9); save the file as UTF-8"),
              std::string::npos)
        << command << "\n" << run.out << run.err;
  }
  std::filesystem::remove_all(dir);
}

// A scenario file nested a million levels deep is a located parse error, not a crash.
TEST(CliNetwork, DeeplyNestedScenarioIsALocatedError) {
  const auto dir = std::filesystem::temp_directory_path() / ("caravan_cli_deep_toml_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "scenarios");
  std::filesystem::create_directory_symlink(data_dir() + "/corridors", dir / "corridors");
  std::ofstream(dir / "scenarios" / "deep.toml") << "description = \"x\"\nsource = \"estimate: x\"\nx = "
                                                    << std::string(1000000, '[') << std::string(1000000, ']') << "\n";
  const auto run = caravan("network check --data " + shell_quote(dir.string()));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find((dir / "scenarios" / "deep.toml").string() + ":3"), std::string::npos) << run.out << run.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace caravan
