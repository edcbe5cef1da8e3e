// Route answers streamed by write_route_answer are exactly what nlohmann writes for the same
// document (parsed and dumped again, they do not change a byte: keys in its order, its digits, its
// escapes), for every ordered pair of hubs, on the baseline and a scenario, in USD and with a
// converted currency, and for answers with left-out options, with no route and with a first mile.
// Until the document writer was removed, the same pairs were compared with it byte for byte.
#include <gtest/gtest.h>

#include "analysis/od_pairs.hpp"
#include "api/http_json.hpp"
#include "in_process_server.hpp"
#include "request/access_legs.hpp"
#include "request/route_request.hpp"
#include "routing/route_answer.hpp"

namespace caravan {
namespace {

using caravan::testing::InProcessServer;

struct Checked {
  std::size_t answers = 0, itineraries = 0, left_out = 0, no_route = 0;
};

void check(const api::LoadedNetwork& loaded, Planner& planner, RouteRequest request, Checked& checked) {
  const auto& net = *loaded.network;
  const auto built = build_route_query(net, *loaded.places, request);
  ASSERT_TRUE(built.errors.empty()) << request.from << " " << request.to;
  const auto result = planner.plan(*built.query);
  std::string streamed = "left as it was:";
  write_route_answer(streamed, net, *built.query, result);
  ASSERT_EQ(streamed.substr(0, 15), "left as it was:");
  const std::string answer = streamed.substr(15);
  const auto document = nlohmann::json::parse(answer, nullptr, false);
  ASSERT_FALSE(document.is_discarded()) << answer;
  ASSERT_EQ(document["itineraries"].size(), result.itineraries.size());
  ASSERT_EQ(answer, api::json_text(document))
      << request.from << " -> " << request.to << " (" << request.currency << ", scenario '" << net.scenario_name << "')";
  ++checked.answers;
  checked.itineraries += result.itineraries.size();
  checked.left_out += result.left_out.empty() ? 0 : 1;
  checked.no_route += result.no_route ? 1 : 0;
}

TEST(RouteAnswerStream, WritesWhatNlohmannWouldOverEveryHubPair) {
  const auto data = InProcessServer::bundled();
  Checked checked;
  for (const auto* loaded : {&data->baseline, data->find("red-sea-closed")}) {
    ASSERT_NE(loaded, nullptr);
    const auto& net = *loaded->network;
    Planner planner(loaded->network);
    const auto pairs = analysis::hub_pairs(net);
    ASSERT_GT(pairs.size(), 500u);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      RouteRequest r;
      r.from = net.nodes[pairs[i].from].id;
      r.to = net.nodes[pairs[i].to].id;
      r.depart = "2026-12-07T08:00Z";
      // Every seventh pair also in euros (the converted "cost" objects), on the baseline.
      if (i % 7 == 3 && net.scenario_name.empty()) r.currency = "EUR";
      check(*loaded, planner, r, checked);
      if (HasFatalFailure()) return;
    }
  }
  // Left-out options (a tight wait limit) and no route (every road and rail crossing of China avoided).
  const auto& base = data->baseline;
  Planner planner(base.network);
  RouteRequest tight;
  tight.from = "CN_URUMQI";
  tight.to = "KZ_ALMATY";
  tight.depart = "2026-12-31T20:00Z";
  tight.max_wait_days = 0.1;
  check(base, planner, tight, checked);
  RouteRequest none;
  none.from = "CN_XIAN";
  none.to = "UZ_TASHKENT";
  none.depart = "2026-12-07T08:00Z";
  none.constraints.avoid_countries = {"KZ", "KG", "RU", "MN", "TJ", "AF", "PK"};
  none.constraints.modes = {"rail", "road"};
  check(base, planner, none, checked);
  // A first mile from a city off the network: the answer's "access".
  RouteRequest door;
  door.from = "Karakol";
  door.to = "Tashkent";
  door.depart = "2026-12-07T08:00Z";
  door.first_mile = true;
  RequestErrors errors;
  const auto accessed = add_access_legs(base.network, *base.places, door, errors);
  ASSERT_TRUE(errors.empty());
  ASSERT_TRUE(accessed);
  api::LoadedNetwork door_network;
  door_network.network = accessed->network;
  door_network.places = std::make_unique<PlaceIndex>(*accessed->network);
  Planner door_planner(accessed->network);
  check(door_network, door_planner, accessed->request, checked);
  EXPECT_GT(checked.itineraries, checked.answers);
  EXPECT_GE(checked.no_route, 1u);
  std::cout << checked.answers << " answers, " << checked.itineraries << " itineraries, " << checked.left_out
            << " with left-out options, " << checked.no_route << " without a route: the same bytes\n";
}

}  // namespace
}  // namespace caravan
