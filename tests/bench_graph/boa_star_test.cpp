// BOA* against brute force, the DIMACS .gr reader/writer, and the seeded grid generator.
#include "bench_graph/boa_star.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_graph/dimacs_graph.hpp"

// Counts heap allocations so that a test can check that repeated queries allocate nothing.
// Replacing the global operator new only adds a counter; everything else behaves as before.
namespace {
std::size_t g_allocations = 0;
}  // namespace
void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
// GCC 12 warns when it inlines these next to a `new` it cannot see is ours (a false positive).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace caravan {
namespace {

// Our own mapping from mt19937_64 output to [lo, hi], so the test data are the same with
// every standard library.
std::uint32_t uniform(std::mt19937_64& rng, std::uint32_t lo, std::uint32_t hi) {
  return lo + static_cast<std::uint32_t>(((rng() >> 32) * (std::uint64_t{hi} - lo + 1)) >> 32);
}

// ---- Brute force: every simple path, then the non-dominated set of distinct cost pairs ----

void enumerate(const BiObjectiveGraph& g, std::uint32_t v, std::uint32_t target, std::uint64_t c1, std::uint64_t c2,
               std::vector<bool>& on_path, std::set<std::pair<std::uint64_t, std::uint64_t>>& costs) {
  if (v == target) {
    costs.insert({c1, c2});
    return;
  }
  on_path[v] = true;
  for (std::uint32_t k = g.first_out[v]; k < g.first_out[v + 1]; ++k) {
    const BiArc& a = g.arcs[k];
    if (!on_path[a.head]) enumerate(g, a.head, target, c1 + a.cost1, c2 + a.cost2, on_path, costs);
  }
  on_path[v] = false;
}

std::vector<BiCost> brute_force_frontier(const BiObjectiveGraph& g, std::uint32_t source, std::uint32_t target) {
  std::set<std::pair<std::uint64_t, std::uint64_t>> costs;
  std::vector<bool> on_path(g.node_count(), false);
  enumerate(g, source, target, 0, 0, on_path, costs);
  std::vector<BiCost> frontier;
  for (const auto& [c1, c2] : costs) {
    const bool dominated = std::any_of(costs.begin(), costs.end(), [&](const auto& o) {
      return o.first <= c1 && o.second <= c2 && o != std::pair{c1, c2};
    });
    if (!dominated) frontier.push_back({static_cast<std::uint32_t>(c1), static_cast<std::uint32_t>(c2)});
  }
  return frontier;  // std::set order: increasing cost1, as BoaStar returns it
}

// The cost pairs a node sequence can realise (parallel arcs give several).
std::set<std::pair<std::uint64_t, std::uint64_t>> path_costs(const BiObjectiveGraph& g,
                                                             const std::vector<std::uint32_t>& nodes) {
  std::set<std::pair<std::uint64_t, std::uint64_t>> costs = {{0, 0}};
  for (std::size_t i = 0; i + 1 < nodes.size(); ++i) {
    std::set<std::pair<std::uint64_t, std::uint64_t>> next;
    for (std::uint32_t k = g.first_out[nodes[i]]; k < g.first_out[nodes[i] + 1]; ++k)
      if (g.arcs[k].head == nodes[i + 1])
        for (const auto& [c1, c2] : costs) next.insert({c1 + g.arcs[k].cost1, c2 + g.arcs[k].cost2});
    costs = std::move(next);
  }
  return costs;
}

BiObjectiveGraph random_small_graph(std::mt19937_64& rng) {
  // Mostly 6..10 nodes (long frontiers), sometimes 1..5 (corner cases).
  const std::uint32_t n = uniform(rng, 0, 3) == 0 ? uniform(rng, 1, 5) : uniform(rng, 6, 10);
  const std::uint32_t density = uniform(rng, 15, 60);          // percent of ordered pairs with an arc
  const std::uint32_t max_cost = uniform(rng, 0, 1) ? 3 : 20;  // small costs: many ties and zeros
  // Anti-correlated costs (cheap = slow) make long frontiers; independent ones, short ones.
  const bool conflicting = uniform(rng, 0, 1) == 1;
  std::vector<BiArcSpec> arcs;
  for (std::uint32_t u = 0; u < n; ++u)
    for (std::uint32_t v = 0; v < n; ++v) {
      if (uniform(rng, 1, 100) > density) continue;
      // Self-loops and parallel arcs are legal in DIMACS files; BOA* must shrug them off.
      const std::uint32_t copies = uniform(rng, 1, 10) == 1 ? 2 : 1;
      for (std::uint32_t c = 0; c < copies; ++c) {
        const std::uint32_t c1 = uniform(rng, 0, max_cost);
        const std::uint32_t c2 = conflicting ? max_cost - c1 + uniform(rng, 0, 2) : uniform(rng, 0, max_cost);
        arcs.push_back({u, v, c1, c2});
      }
    }
  return make_bi_objective_graph(n, arcs);
}

TEST(BoaStar, MatchesBruteForceOnSeededSmallGraphs) {
  std::mt19937_64 rng(20260823);
  std::size_t queries = 0, unreachable = 0, points = 0, paths_checked = 0, long_frontiers = 0;
  for (int graph_no = 0; graph_no < 800; ++graph_no) {
    const BiObjectiveGraph g = random_small_graph(rng);
    BoaStar search(g);  // reused across the queries below: run() must reset everything
    for (int q = 0; q < 4; ++q) {
      const std::uint32_t s = uniform(rng, 0, g.node_count() - 1);
      const std::uint32_t t = uniform(rng, 0, g.node_count() - 1);
      const auto expected = brute_force_frontier(g, s, t);
      const auto& got = search.run(s, t);
      ASSERT_EQ(got, expected) << "graph " << graph_no << " query " << s << " -> " << t;
      ++queries;
      unreachable += expected.empty();
      points += expected.size();
      long_frontiers += expected.size() >= 4;
      std::vector<std::uint32_t> nodes;
      for (std::size_t i = 0; i < got.size(); ++i) {
        search.path(i, nodes);
        ASSERT_EQ(nodes.front(), s);
        ASSERT_EQ(nodes.back(), t);
        ASSERT_TRUE(path_costs(g, nodes).contains({got[i].cost1, got[i].cost2})) << "graph " << graph_no;
        ++paths_checked;
      }
    }
  }
  // The seeded data, pinned so that a change of the generator above shows up here.
  EXPECT_EQ(queries, 3200u);
  EXPECT_EQ(long_frontiers, 133u);
  EXPECT_EQ(unreachable, 606u);
  EXPECT_EQ(points, 4085u);
  EXPECT_EQ(paths_checked, points);
}

// s=0, t=4. Paths: 0-1-4 (2,10), 0-1-2-4 (4,8), 0-2-4 (5,4), 0-3-4 (7,2) are Pareto-optimal;
// 0-2-3-4 (5,5), 0-1-2-3-4 (4,9) and 0-4 (8,11) are dominated.
BiObjectiveGraph hand_made_graph() {
  return make_bi_objective_graph(5, {{0, 1, 1, 5},
                                     {0, 2, 3, 2},
                                     {0, 3, 6, 1},
                                     {0, 4, 8, 11},
                                     {1, 4, 1, 5},
                                     {1, 2, 1, 1},
                                     {2, 4, 2, 2},
                                     {2, 3, 1, 2},
                                     {3, 4, 1, 1}});
}

TEST(BoaStar, HandMadeGraphHasKnownFrontierAndPaths) {
  const auto g = hand_made_graph();
  BoaStar search(g);
  EXPECT_EQ(search.run(0, 4), (std::vector<BiCost>{{2, 10}, {4, 8}, {5, 4}, {7, 2}}));
  EXPECT_EQ(search.path(0), (std::vector<std::uint32_t>{0, 1, 4}));
  EXPECT_EQ(search.path(1), (std::vector<std::uint32_t>{0, 1, 2, 4}));
  EXPECT_EQ(search.path(2), (std::vector<std::uint32_t>{0, 2, 4}));
  EXPECT_EQ(search.path(3), (std::vector<std::uint32_t>{0, 3, 4}));
  // From 1: 1-4 (1,5) and 1-2-4 (3,3); 1-2-3-4 (4,4) is dominated.
  EXPECT_EQ(search.run(1, 4), (std::vector<BiCost>{{1, 5}, {3, 3}}));
  EXPECT_EQ(search.run(4, 0), std::vector<BiCost>{});  // no arc leaves 4
  EXPECT_EQ(search.run(3, 3), (std::vector<BiCost>{{0, 0}}));
  EXPECT_EQ(search.path(0), (std::vector<std::uint32_t>{3}));
  EXPECT_THROW(search.run(0, 5), std::out_of_range);
  EXPECT_THROW((void)search.path(1), std::out_of_range);
}

TEST(BoaStar, RejectsCostsThatCouldOverflow32Bits) {
  const auto g = make_bi_objective_graph(2, {{0, 1, 0x7fffffffu, 1}, {1, 0, 1, 1}});
  try {
    BoaStar search(g);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "path costs could exceed 32 bits (sum over nodes of the largest out-arc cost: 2147483648 and 2, "
                 "limit 2147483647)");
  }
}

// ---- DIMACS .gr ----

std::optional<BiObjectiveGraph> parse(std::string_view d, std::string_view t, std::string* error) {
  return parse_dimacs_pair(d, "g-d.gr", t, "g-t.gr", error);
}

const char* const kTinyD = "c tiny\np sp 3 3\na 1 2 4\na 2 3 5\na 3 1 6\n";
const char* const kTinyT = "c tiny\np sp 3 3\na 1 2 7\na 2 3 8\na 3 1 9\n";

TEST(Dimacs, FormatsTheHandMadeGraphExactly) {
  EXPECT_EQ(format_dimacs_gr(hand_made_graph(), 2, {"hand made", "objective 2"}),
            "c hand made\nc objective 2\np sp 5 9\n"
            "a 1 2 5\na 1 3 2\na 1 4 1\na 1 5 11\na 2 5 5\na 2 3 1\na 3 5 2\na 3 4 2\na 4 5 1\n");
}

TEST(Dimacs, RoundTripsThroughFiles) {
  const auto g = make_grid_graph(7, 42);
  const auto dir = std::filesystem::temp_directory_path() / "caravan-boa-star-test";
  std::filesystem::create_directories(dir);
  const std::string d = (dir / "g-d.gr").string(), t = (dir / "g-t.gr").string();
  std::string error;
  ASSERT_TRUE(write_dimacs_gr(g, 1, {"grid 7x7 seed 42"}, d, &error)) << error;
  ASSERT_TRUE(write_dimacs_gr(g, 2, {}, t, &error)) << error;
  const auto back = read_dimacs_pair(d, t, &error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(*back, g);
  EXPECT_EQ(back->node_count(), 49u);
  EXPECT_EQ(back->arc_count(), 4u * 7 * 6);
  std::filesystem::remove_all(dir);
}

TEST(Dimacs, AcceptsBlankLinesCrlfTabsAndKeepsOrderWithinATail) {
  std::string error;
  const auto g = parse("c x\r\n\r\np sp 3 3\r\na 2 3 5\r\na\t1  2 4\r\n\na 1 3 6\r\n",
                       "p sp 3 3\na 2 3 8\na 1 2 7\na 1 3 9", &error);
  ASSERT_TRUE(g) << error;
  EXPECT_EQ(g->first_out, (std::vector<std::uint32_t>{0, 2, 3, 3}));
  EXPECT_EQ(g->arcs, (std::vector<BiArc>{{1, 4, 7}, {2, 6, 9}, {2, 5, 8}}));
}

struct BadInput {
  std::string d, t, message;
};

TEST(Dimacs, ReportsBadInputWithFileAndLine) {
  const std::vector<BadInput> cases = {
      {"xyz\n", kTinyT, "g-d.gr:1: expected a comment ('c'), problem ('p') or arc ('a') line"},
      {"c only a comment\n", kTinyT, "g-d.gr: no problem line 'p sp <nodes> <arcs>'"},
      {"", kTinyT, "g-d.gr: no problem line 'p sp <nodes> <arcs>'"},
      {"p sp 3\n", kTinyT, "g-d.gr:1: expected 'p sp <nodes> <arcs>'"},
      {"p max 3 3\n", kTinyT, "g-d.gr:1: expected 'p sp <nodes> <arcs>'"},
      {"p sp 3 3 3\n", kTinyT, "g-d.gr:1: expected 'p sp <nodes> <arcs>'"},
      {"p sp -3 3\n", kTinyT, "g-d.gr:1: expected 'p sp <nodes> <arcs>'"},
      {"p sp 3 99999999999\n", kTinyT, "g-d.gr:1: arc count 99999999999 is larger than 4294967294"},
      {"p sp 99999999999999999999999 1\n", kTinyT,
       "g-d.gr:1: node count 99999999999999999999999 is larger than 4294967294"},
      {"c\np sp 3 3\np sp 3 3\n", kTinyT, "g-d.gr:3: second problem line (the first is line 2)"},
      {"a 1 2 3\np sp 3 1\n", kTinyT, "g-d.gr:1: arc before the problem line"},
      {"p sp 3 1\na 1 2\n", kTinyT, "g-d.gr:2: expected 'a <from> <to> <weight>'"},
      {"p sp 3 1\na 1 2 x\n", kTinyT, "g-d.gr:2: expected 'a <from> <to> <weight>'"},
      {"p sp 3 1\na 1 2 -1\n", kTinyT, "g-d.gr:2: expected 'a <from> <to> <weight>'"},
      {"p sp 3 1\na 1 2 3 4\n", kTinyT, "g-d.gr:2: expected 'a <from> <to> <weight>'"},
      {"p sp 3 1\nab 1 2 3\n", kTinyT, "g-d.gr:2: expected 'a <from> <to> <weight>'"},
      {"p sp 3 1\na 1 4 3\n", kTinyT, "g-d.gr:2: node 4 is not in 1..3"},
      {"p sp 3 1\na 0 1 3\n", kTinyT, "g-d.gr:2: node 0 is not in 1..3"},
      {"p sp 3 1\na 99999999999999999999 1 3\n", kTinyT, "g-d.gr:2: node 99999999999999999999 is not in 1..3"},
      {"p sp 3 1\na 1 2 4294967296\n", kTinyT, "g-d.gr:2: weight 4294967296 is larger than 4294967295"},
      {"p sp 3 1\na 1 2 3\na 2 3 4\n", kTinyT, "g-d.gr:3: more arcs than the 1 declared on line 1"},
      {"p sp 3 1\na 1 2 3\np sp 3 1\n", kTinyT, "g-d.gr:3: second problem line (the first is line 1)"},
      // Truncated at a line end, and in the middle of a line.
      {"c tiny\np sp 3 3\na 1 2 4\na 2 3 5\n", kTinyT, "g-d.gr:4: file ends after 2 of the 3 arcs declared on line 2"},
      {"c tiny\np sp 3 3\na 1 2 4\na 2 3 5\na 3", kTinyT, "g-d.gr:5: expected 'a <from> <to> <weight>'"},
      // The second file must describe the same graph.
      {kTinyD, "c tiny\np sp 3 2\n", "g-t.gr:2: 'p sp 3 2' differs from g-d.gr:2: 'p sp 3 3'"},
      {kTinyD, "p sp 3 3\na 1 2 7\na 3 2 8\na 3 1 9\n",
       "g-t.gr:3: arc 3 2 differs from g-d.gr:4: arc 2 3; both files must list the same arcs in the same order"},
      {kTinyD, "c tiny\np sp 3 3\na 1 2 7\n", "g-t.gr:3: file ends after 1 of the 3 arcs declared on line 2"},
      {kTinyD, "c tiny\np sp 3 3\na 1 2 7\na 2 3 8\na 3 1 99999999999\n",
       "g-t.gr:5: weight 99999999999 is larger than 4294967295"},
  };
  for (const auto& c : cases) {
    std::string error;
    EXPECT_FALSE(parse(c.d, c.t, &error)) << c.d;
    EXPECT_EQ(error, c.message) << c.d;
  }
  std::string error;
  EXPECT_FALSE(read_dimacs_pair("/nonexistent/caravan/x-d.gr", "/nonexistent/caravan/x-t.gr", &error));
  EXPECT_EQ(error, "/nonexistent/caravan/x-d.gr: cannot open file");
  EXPECT_TRUE(parse(kTinyD, kTinyT, nullptr));  // a null error pointer is allowed
}

TEST(Dimacs, NeverCrashesOnTruncatedOrGarbageInput) {
  const auto g = make_grid_graph(4, 3);
  const std::string d = format_dimacs_gr(g, 1, {"grid"});
  const std::string t = format_dimacs_gr(g, 2, {"grid"});
  const std::size_t last_line = d.rfind('\n', d.size() - 2) + 1;
  // Every cut that drops at least one whole arc line is an error; cuts inside the last line
  // may still parse (a weight "10" cut to "1" is a valid file).
  for (std::size_t cut = 0; cut < d.size(); ++cut) {
    std::string error;
    const auto parsed = parse(std::string_view(d).substr(0, cut), t, &error);
    if (cut < last_line + 2) {
      EXPECT_FALSE(parsed) << "cut at " << cut;
      EXPECT_EQ(error.rfind("g-d.gr", 0), 0u) << error;
    }
  }
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string garbage(uniform(rng, 0, 200), '\0');
    for (auto& ch : garbage) {
      // Mostly characters that a .gr file has, so that the parser gets past the first line.
      const char alphabet[] = "acp sp0123456789 \n\t-\r";
      ch = uniform(rng, 0, 3) == 0 ? static_cast<char>(uniform(rng, 0, 255))
                                   : alphabet[uniform(rng, 0, sizeof alphabet - 2)];
    }
    for (const auto& [d_text, t_text] : {std::pair<std::string, std::string>{garbage, kTinyT},
                                         {"c tiny\np sp 3 3\n" + garbage, kTinyT},
                                         {kTinyD, garbage}}) {
      std::string error;
      if (!parse(d_text, t_text, &error)) {
        EXPECT_EQ(error.rfind("g-", 0), 0u) << error;
      }
    }
  }
}

// ---- Grid generator ----

TEST(Grid, StandardLibraryEngineIsTheOneTheStandardSpecifies) {
  // [rand.predef]: the 10000th invocation of a default-constructed mt19937_64.
  std::mt19937_64 rng;
  rng.discard(9999);
  EXPECT_EQ(rng(), 9981545732273789042ull);
}

TEST(Grid, ShapeOrderAndCostRangesFollowTheDocumentedRecipe) {
  const auto g = make_grid_graph(3, 1);
  ASSERT_EQ(g.node_count(), 9u);
  ASSERT_EQ(g.arc_count(), 24u);
  // Node 4 is the centre: up, left, right, down.
  std::vector<std::uint32_t> heads;
  for (std::uint32_t k = g.first_out[4]; k < g.first_out[5]; ++k) heads.push_back(g.arcs[k].head);
  EXPECT_EQ(heads, (std::vector<std::uint32_t>{1, 3, 5, 7}));
  // The first edge is (0,0)-(0,1) and takes the first draw of mt19937_64(1).
  std::mt19937_64 rng(1);
  const std::uint64_t x = rng();
  const std::uint64_t d = 1 + (((x >> 32) * 10) >> 32);
  const std::uint64_t t = (d * ((std::uint64_t{1} << 32) + 2 * (x & 0xffffffffu)) + (std::uint64_t{1} << 31)) >> 32;
  EXPECT_EQ(g.arcs[0], (BiArc{1, static_cast<std::uint32_t>(d), static_cast<std::uint32_t>(t)}));
  for (std::uint32_t v = 0; v < g.node_count(); ++v)
    for (std::uint32_t k = g.first_out[v]; k < g.first_out[v + 1]; ++k) {
      const BiArc& a = g.arcs[k];
      EXPECT_TRUE(a.cost1 >= 1 && a.cost1 <= 10);
      EXPECT_TRUE(a.cost2 >= a.cost1 && a.cost2 <= 3 * a.cost1);
      // The reverse arc has the same costs.
      bool found = false;
      for (std::uint32_t r = g.first_out[a.head]; r < g.first_out[a.head + 1]; ++r)
        found |= g.arcs[r] == BiArc{v, a.cost1, a.cost2};
      EXPECT_TRUE(found);
    }
}

TEST(Grid, BenchmarkInstanceIsPinned) {
  // The 200x200 seed-1 instance of docs/performance.md: anyone re-implementing the generator
  // can compare these sums, and BOA* must keep finding the same frontier on it.
  const auto g = make_grid_graph(200, 1);
  std::uint64_t sum_d = 0, sum_t = 0;
  for (const auto& a : g.arcs) {
    sum_d += a.cost1;
    sum_t += a.cost2;
  }
  EXPECT_EQ(g.node_count(), 40000u);
  EXPECT_EQ(g.arc_count(), 159200u);
  EXPECT_EQ(sum_d, 877120u);
  EXPECT_EQ(sum_t, 1752884u);
  BoaStar search(g);
  const auto& frontier = search.run(0, 200 * 200 - 1);
  EXPECT_EQ(frontier.size(), 59u);
  EXPECT_EQ(frontier.front(), (BiCost{1154, 2282}));
  EXPECT_EQ(frontier.back(), (BiCost{1239, 2109}));
}

TEST(Grid, HarderVariantWithDistancesUpTo1000IsPinned) {
  const auto g = make_grid_graph(200, 1, 1000);
  std::uint64_t sum_d = 0, sum_t = 0;
  for (const auto& a : g.arcs) {
    sum_d += a.cost1;
    sum_t += a.cost2;
  }
  EXPECT_EQ(sum_d, 79827992u);
  EXPECT_EQ(sum_t, 159554594u);
  BoaStar search(g);
  const auto& frontier = search.run(0, 200 * 200 - 1);
  EXPECT_EQ(frontier.size(), 280u);
  EXPECT_EQ(frontier.front(), (BiCost{94367, 192237}));
  EXPECT_EQ(frontier.back(), (BiCost{102696, 174207}));
  EXPECT_THROW(make_grid_graph(3, 1, 0), std::invalid_argument);
  EXPECT_THROW(make_grid_graph(3, 1, 1'000'001), std::invalid_argument);
}

TEST(BoaStar, RepeatedQueriesDoNotAllocate) {
  const auto g = make_grid_graph(60, 5, 1000);
  BoaStar search(g);
  const auto pairs = random_node_pairs(g.node_count(), 20, 3);
  std::vector<std::uint32_t> nodes;
  std::size_t points = 0;
  for (int pass = 0; pass < 2; ++pass) {
    // The first pass grows the buffers; the second must find them large enough.
    const std::size_t before = g_allocations;
    for (const auto& [s, t] : pairs) {
      points += search.run(s, t).size();
      search.path(search.frontier().size() - 1, nodes);
    }
    if (pass == 0) {
      EXPECT_GT(g_allocations - before, 0u);  // the counter does see the buffers grow
    } else {
      EXPECT_EQ(g_allocations - before, 0u);
    }
  }
  EXPECT_EQ(points % 2, 0u);  // both passes found the same frontiers
}

TEST(Grid, RandomPairsAreSeededAndDistinct) {
  const auto pairs = random_node_pairs(40000, 50, 1);
  ASSERT_EQ(pairs.size(), 50u);
  for (const auto& [s, t] : pairs) {
    EXPECT_NE(s, t);
    EXPECT_LT(s, 40000u);
    EXPECT_LT(t, 40000u);
  }
  EXPECT_EQ(pairs, random_node_pairs(40000, 50, 1));
  EXPECT_TRUE(random_node_pairs(1, 5, 1).empty());
}

}  // namespace
}  // namespace caravan
