#pragma once
// Plans routes: runs the search segment by segment (origin → via … → destination), turns the
// Pareto labels into itineraries, picks a handful when asked, and — when nothing is found — says
// which constraint cut every route off and what the best route would be without it.
#include <array>
#include <chrono>
#include <cstdint>
#include <string_view>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "routing/itinerary.hpp"
#include "routing/pareto_search.hpp"

namespace caravan {

// Why there is no route, as data; each front end words it (routing/route_answer.hpp).
enum class NoRouteCause : std::uint8_t {
  constraint,            // one constraint cut every route off (`constraint`, `values`)
  constraints_together,  // each alone leaves a route, all of them together do not
  unreachable,           // no route even without any constraint
};
inline constexpr std::array<std::string_view, 3> kNoRouteCauseNames = {"constraint", "constraints_together", "unreachable"};

struct NoRouteExplanation {
  NoRouteCause cause = NoRouteCause::unreachable;
  Constraint constraint = Constraint::avoid_countries;  // when cause is `constraint`
  std::vector<std::string> values;                      // its values: country codes, crossing or node ids
  std::optional<Itinerary> best_without;                // the fastest route without the constraint(s)
};

// A crossing, service or link the planner left out because every option through it waited longer
// than the query's limit there: not an option a forwarder would take, so it is named instead.
// A reefer's left-out is a stretch: the services and single-wagon runs where it would be unplugged
// too long (routing/cargo_checks.hpp).
enum class LeftOutKind : std::uint8_t { crossing, service, link, stretch };
inline constexpr std::array<std::string_view, 4> kLeftOutKindNames = {"crossing", "service", "link", "stretch"};

struct LeftOut {
  LeftOutKind kind = LeftOutKind::crossing;
  std::string id, name;
  Duration wait;              // the longest wait met there
  std::string why;            // "seasonal closure 12-01..03-31", "next departure of …"
  double fastest_days = 0;    // the fastest option through it, door to door
  // The limit that left it out: max_wait_days, or reefer (reefer_max_unplugged_hours).
  Constraint limit = Constraint::max_wait_days;
};

// A rule of cargo_rules.csv that kept dangerous goods off what the fastest route would take
// without it: the answer says which restriction decided the route.
struct DecidingRule {
  std::size_t rule = 0;              // index into Network::cargo_rules
  double fastest_without_days = 0;   // the fastest option it kept the cargo off
};

struct PlanResult {
  std::vector<Itinerary> itineraries;  // fastest first
  std::vector<LeftOut> left_out;       // what the wait limit removed (query.max_wait), or a reefer's
  std::vector<DecidingRule> restrictions;  // dangerous goods: the rules that decided the route
  std::optional<NoRouteExplanation> no_route;
  SearchStats stats;
  bool budget_exhausted = false;
};

class Planner {
 public:
  explicit Planner(std::shared_ptr<const Network> network);
  // `budget` bounds the search time; when it runs out, budget_exhausted is set.
  PlanResult plan(const RouteQuery& query, std::chrono::milliseconds budget = std::chrono::milliseconds(10000));
  [[nodiscard]] const Network& network() const { return *network_; }

 private:
  std::vector<Itinerary> search(const RouteQuery& query, std::chrono::steady_clock::time_point deadline,
                                SearchStats& stats);
  NoRouteExplanation explain(const RouteQuery& query, std::chrono::steady_clock::time_point deadline);
  // Leaves out of `query` every crossing, service or link where an itinerary waited longer than
  // query.max_wait, recording each in `left_out`; true if anything new was left out.
  bool leave_out_long_waits(RouteQuery& query, const std::vector<Itinerary>& found, std::vector<LeftOut>& left_out,
                            std::optional<Itinerary>& fastest_left_out) const;
  // The same for a reefer: leaves out the services and single-wagon links of every stretch where
  // it would be unplugged longer than reefer_max_unplugged_hours.
  // Records them in `left_out` when `record`.
  bool leave_out_unplugged(RouteQuery& query, const std::vector<Itinerary>& found, bool record, std::vector<LeftOut>& left_out,
                           std::optional<Itinerary>& fastest_left_out) const;
  // Dangerous goods: the forbidding rules that options of the answer without them would break.
  std::vector<DecidingRule> deciding_rules(const RouteQuery& query, std::chrono::steady_clock::time_point deadline);

  std::shared_ptr<const Network> network_;
  ParetoSearch search_;
};

// Keeps at most `max_results`: the best on each objective first, then the most balanced ones.
std::vector<Itinerary> select_results(std::vector<Itinerary> all, int max_results);

}  // namespace caravan
