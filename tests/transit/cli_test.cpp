// `caravan transit …` as a user runs it, on a temporary SQLite store and key ring.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>

#include "../support/run_caravan.hpp"
#include "fixtures.hpp"
#include "temp_dir.hpp"

namespace caravan::transit {
namespace {

using caravan::testing::run_caravan;
using caravan::testing::shell_quote;
using nlohmann::json;

class TransitCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_temp_dir("cli");
    flags_ = " --store " + shell_quote("sqlite:" + (dir_ / "t.db").string()) + " --keys " +
             shell_quote((dir_ / "keys.json").string());
    // The key ring is created on first use (with a notice on stderr); create it here.
    const auto keys = run_caravan("transit keys" + flags_);
    ASSERT_EQ(keys.exit_code, 0) << keys.err;
    ASSERT_NE(keys.out.find("customs-UZ"), std::string::npos);
  }
  std::string write(const std::string& name, const std::string& text) {
    const auto path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  std::filesystem::path dir_;
  std::string flags_;
};

TEST_F(TransitCli, DeclareEventsExportVerifyAndTamper) {
  const auto decl = write("decl.json", testing::road_kz_uz().dump());
  auto r = run_caravan("transit declare " + shell_quote(decl) + flags_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string id = json::parse(r.out)["declaration"]["id"];
  EXPECT_EQ(id.size(), 18u);

  r = run_caravan("transit event " + id + " --type terminate --office KZZHIBEK --operation-id KZ-2 --sequence 2 --message-id t1" + flags_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/type: 213 leg not yet started"), std::string::npos) << r.err;
  r = run_caravan("transit event " + id + " --type start --office KZALMATY --operation-id KZ-1 --sequence 1 --message-id s1" + flags_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["actor"], "customs-KZ");  // the office's customs by default
  r = run_caravan("transit event " + id + " --type terminate --office KZZHIBEK --operation-id KZ-2 --sequence 2 --message-id t1" + flags_);
  ASSERT_EQ(r.exit_code, 0) << r.err;

  r = run_caravan("transit list --as customs-UZ" + flags_);
  EXPECT_EQ(r.out, id + "  in_transit  v3   UZ:pending\n");
  r = run_caravan("transit list --as customs-TM" + flags_);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
  r = run_caravan("transit show " + id + " --as customs-TM" + flags_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");

  const auto chain = (dir_ / "chain.jsonl").string();
  ASSERT_EQ(run_caravan("transit export " + id + " -o " + shell_quote(chain) + flags_).exit_code, 0);
  r = run_caravan("transit verify " + shell_quote(chain));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, chain + ": chain of 3 entries of declaration " + id + " verifies (0 withheld)\n" + chain +
                       ": note: without --roster, any key inside the file is trusted\n");

  std::ifstream in(chain);
  std::stringstream text;
  text << in.rdbuf();
  std::string tampered = text.str();
  const auto at = tampered.find("KZ-1");  // the operation id inside entry 2's signed content
  ASSERT_NE(at, std::string::npos);
  tampered[at + 3] = '7';
  const auto bad = write("bad.jsonl", tampered);
  r = run_caravan("transit verify " + shell_quote(bad));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, bad + ":3: entry 2, field canonical: content does not match its signed hash\n" + bad +
                       ": does NOT verify (1 problem)\n");
}

TEST_F(TransitCli, BadInputNamesTheProblemAndExits2) {
  json d = testing::road_kz_uz();
  d["consignments"][0]["transport_equipment"][0]["container"] = "MSCU6639871";
  const auto decl = write("bad.json", d.dump());
  auto r = run_caravan("transit declare " + shell_quote(decl) + flags_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, decl + ": /consignments/0/transport_equipment/0/container: 106 wrong check digit: 'MSCU6639871': ISO 6346 check digit should be 0\n");
  const auto broken = write("broken.json", "{\"message_id\": ");
  r = run_caravan("transit declare " + shell_quote(broken) + flags_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(broken + ": not valid JSON"), std::string::npos) << r.err;
  r = run_caravan("transit declare " + shell_quote(decl) + " --as nobody" + flags_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--as: no actor 'nobody'"), std::string::npos) << r.err;
  r = run_caravan("transit verify " + shell_quote((dir_ / "missing.jsonl").string()));
  EXPECT_EQ(r.exit_code, 2);
  r = run_caravan("transit list --store nosuch:thing" + flags_.substr(flags_.find(" --keys")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--store"), std::string::npos) << r.err;
}

// A through train passes five borders in one ride: the declaration drafted from it names the
// customs offices on both sides of each (departure, exit and entry at every border, destination).
// The cheapest rail route across Eurasia (the cheapest of all now goes by sea to Rotterdam).
TEST_F(TransitCli, ADeclarationFromARailRouteAcrossEurasiaNamesEveryBordersOffices) {
  const auto skeleton_path = (dir_ / "through.json").string();
  auto r = run_caravan("route Xian Duisburg --depart 2026-12-07T08:00Z --optimize cost --modes rail --declare " + shell_quote(skeleton_path));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(skeleton_path);
  const json d = json::parse(in);
  std::vector<std::string> offices;
  for (const auto& o : d["itinerary"]) offices.push_back(o["office"].get<std::string>());
  std::string countries;
  for (const auto& o : offices) countries += (countries.empty() ? "" : " ") + o.substr(0, 2);
  EXPECT_EQ(countries, "CN CN KZ KZ RU RU BY BY PL PL DE DE") << d["itinerary"].dump();
}

TEST_F(TransitCli, PlannedRouteToDeclarationToDischarge) {
  const auto skeleton_path = (dir_ / "skeleton.json").string();
  auto r = run_caravan("route Almaty Tashkent --depart 2026-12-07T08:00Z --modes road --declare " + shell_quote(skeleton_path));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(skeleton_path);
  json d = json::parse(in);
  EXPECT_EQ(d["itinerary"], json::parse(R"([{"mode":"road","office":"KZALMATY"},{"mode":"road","office":"KZZHIBEK"},
                                            {"mode":"road","office":"UZGISHTK"},{"mode":"road","office":"UZTASHKE"}])"));
  // As written, it names what is missing.
  r = run_caravan("transit declare " + shell_quote(skeleton_path) + flags_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/holder/id: 105"), std::string::npos) << r.err;
  // Filled in, it is accepted and runs through its border events to discharge.
  const json filled = testing::road_kz_uz("route-1");
  for (const char* key : {"message_id", "holder", "guarantee", "consignments"}) d[key] = filled[key];
  const auto declaration = write("declaration.json", d.dump());
  r = run_caravan("transit declare " + shell_quote(declaration) + flags_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string id = json::parse(r.out)["declaration"]["id"];
  int seq = 0;
  for (const auto& [type, office] : std::vector<std::pair<std::string, std::string>>{
           {"start", "KZALMATY"}, {"terminate", "KZZHIBEK"}, {"start", "UZGISHTK"}, {"discharge", "KZZHIBEK"},
           {"terminate", "UZTASHKE"}, {"discharge", "UZTASHKE"}}) {
    ++seq;
    r = run_caravan(fmt::format("transit event {} --type {} --office {} --operation-id OP-{} --sequence {} --message-id r-{}{}",
                                id, type, office, seq, seq, seq, flags_));
    ASSERT_EQ(r.exit_code, 0) << type << " " << office << ": " << r.err;
  }
  r = run_caravan("transit show " + id + flags_);
  const json shown = json::parse(r.out);
  EXPECT_EQ(shown["state"], "discharged");
  EXPECT_EQ(shown["guarantee"]["status"], "released");
}

}  // namespace
}  // namespace caravan::transit
