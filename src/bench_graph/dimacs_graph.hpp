#pragma once
// A static bi-objective graph in CSR form, read from and written to the 9th DIMACS
// implementation challenge shortest-path format (one `.gr` file per objective, as the
// USA-road-d / USA-road-t pairs are), plus a seeded grid generator. Its purpose is to let
// anyone run Caravan's bi-objective search and published solvers (BOA*, NAMOA*dr, EMOA*) on
// byte-identical input.
//
// Ids: inside Caravan nodes are 0-based (0..n-1, as in RoutingKit); in `.gr` files they are
// 1-based, as the DIMACS format requires. The conversion happens only in the reader and the
// writer.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caravan {

// One directed arc with its two costs, stored next to each other so that the search touches
// a single 12-byte record per arc.
struct BiArc {
  std::uint32_t head = 0;   // 0-based node id the arc points to
  std::uint32_t cost1 = 0;  // first objective (the `-d` file: distance)
  std::uint32_t cost2 = 0;  // second objective (the `-t` file: time)
  friend bool operator==(const BiArc&, const BiArc&) = default;
};

// Compressed sparse row: the arcs leaving node v are arcs[first_out[v] .. first_out[v+1]).
// Within one tail node the arcs keep the order in which the files listed them.
struct BiObjectiveGraph {
  std::vector<std::uint32_t> first_out{0};  // node_count() + 1 entries
  std::vector<BiArc> arcs;

  [[nodiscard]] std::uint32_t node_count() const { return static_cast<std::uint32_t>(first_out.size() - 1); }
  [[nodiscard]] std::uint32_t arc_count() const { return static_cast<std::uint32_t>(arcs.size()); }
  friend bool operator==(const BiObjectiveGraph&, const BiObjectiveGraph&) = default;
};

// An arc as it appears in a file: 0-based ids, file order. Used to build a graph by hand.
struct BiArcSpec {
  std::uint32_t tail = 0, head = 0, cost1 = 0, cost2 = 0;
};
// Builds the CSR (stable: arcs of one tail keep their relative order). Ids must be < node_count.
BiObjectiveGraph make_bi_objective_graph(std::uint32_t node_count, const std::vector<BiArcSpec>& arcs);

// Reads a pair of DIMACS `.gr` files, `c` comment lines, one `p sp <nodes> <arcs>` line,
// then `a <from> <to> <weight>` lines with 1-based ids and weights in 0..4294967295. Both
// files must list the same arcs (same tail and head) in the same order; the first file gives
// cost1, the second cost2. Blank lines and CRLF line ends are accepted.
// On failure returns nullopt and sets *error to one line "<file>:<line>: <reason>" (or
// "<file>: <reason>" when the problem concerns the whole file). Never throws on bad input.
std::optional<BiObjectiveGraph> read_dimacs_pair(const std::string& cost1_path, const std::string& cost2_path,
                                                 std::string* error);

// The same, from text already in memory; `name1` / `name2` are used in the messages.
std::optional<BiObjectiveGraph> parse_dimacs_pair(std::string_view text1, std::string_view name1,
                                                  std::string_view text2, std::string_view name2,
                                                  std::string* error);

// Writes one objective (objective = 1 or 2) of the graph as a `.gr` text, arcs in CSR order,
// 1-based ids. `comment` lines (may be empty) are written first, each prefixed with "c ".
std::string format_dimacs_gr(const BiObjectiveGraph& graph, int objective, const std::vector<std::string>& comment);
// Writes the file; returns false and sets *error ("<path>: cannot write file") on failure.
bool write_dimacs_gr(const BiObjectiveGraph& graph, int objective, const std::vector<std::string>& comment,
                     const std::string& path, std::string* error);

// ---- Seeded grid generator ----
//
// The benchmark instance, described precisely enough to be re-implemented in any language:
//
//  * side × side nodes; node (row r, column c), 0 <= r, c < side, has 0-based id r*side + c
//    (1-based r*side + c + 1 in the files). Corner to corner means id 0 -> side*side - 1.
//  * 4-connected: one undirected edge between horizontal and vertical neighbours, used in
//    both directions with the same two costs, so there are 4*side*(side-1) arcs.
//  * PRNG: std::mt19937_64 seeded with `seed` (the standard fixes its output sequence
//    exactly, unlike std::uniform_*_distribution, which is why the mapping below is our own).
//  * Edges draw one 64-bit number x each, in this order: for r = 0..side-1, for c = 0..side-1:
//    first the edge to the right, (r,c)-(r,c+1), if c+1 < side; then the edge down,
//    (r,c)-(r+1,c), if r+1 < side.
//  * d = 1 + ((x >> 32) * D >> 32)          uniform integer in [1, D] (high 32 bits of x);
//                                            D = max_distance, 10 unless stated otherwise
//    u = (x & 0xffffffff)                    so that U = 1 + 2*u/2^32 is uniform in [1, 3)
//    t = (d * (2^32 + 2*u) + 2^31) >> 32     = round-half-up(d * U), integer arithmetic only
//    so t is in [d, 3d].
//  * Arcs are listed by tail id, and for each tail by increasing head id: up (id-side),
//    left (id-1), right (id+1), down (id+side).
//
// Why t = d·U[1,3]: BOA* papers use distance/time pairs (USA-road-d/-t), whose ratio is a
// speed; the factor U plays the part of a per-edge slowness. D = 10 is the project's standard
// instance; it has few distinct costs, hence short frontiers (59 points corner to corner on
// 200×200, seed 1). D = 1000 gives more distinct costs and longer frontiers (280 points), close
// to the 228-point grid instance of shared/facts/routing-anchors.md §3b.
// Requires 1 <= max_distance <= 1'000'000 (so that t fits easily in 32 bits).
BiObjectiveGraph make_grid_graph(std::uint32_t side, std::uint64_t seed, std::uint32_t max_distance = 10);

// The comment lines written at the top of a generated grid's `.gr` file for `objective` (1: d,
// 2: t), so that the CLI and the benchmark write byte-identical files.
std::vector<std::string> grid_gr_comment(std::uint32_t side, std::uint64_t seed, std::uint32_t max_distance,
                                         int objective);

// Seeded (source, target) pairs with source != target, both uniform over the nodes, for
// benchmarks: std::mt19937_64(seed); each id is ((x >> 32) * node_count) >> 32 of one draw.
// A target equal to its source is re-drawn. Requires node_count >= 2.
std::vector<std::pair<std::uint32_t, std::uint32_t>> random_node_pairs(std::uint32_t node_count, std::size_t count,
                                                                       std::uint64_t seed);

}  // namespace caravan
