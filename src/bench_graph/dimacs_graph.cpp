#include "bench_graph/dimacs_graph.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <iterator>
#include <new>
#include <random>
#include <stdexcept>

namespace caravan {
namespace {

// Ids and counts must leave UINT32_MAX free: the search uses it as "none".
constexpr std::uint64_t kMaxCount = std::numeric_limits<std::uint32_t>::max() - 1;
constexpr std::uint64_t kMaxWeight = std::numeric_limits<std::uint32_t>::max();

enum class NumberStatus { ok, not_a_number, too_large };

NumberStatus parse_number(std::string_view token, std::uint64_t max, std::uint64_t* value) {
  if (token.empty()) return NumberStatus::not_a_number;
  for (const char ch : token)
    if (ch < '0' || ch > '9') return NumberStatus::not_a_number;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), *value);
  if (ec == std::errc::result_out_of_range || (ec == std::errc{} && *value > max)) return NumberStatus::too_large;
  if (ec != std::errc{} || end != token.data() + token.size()) return NumberStatus::not_a_number;
  return NumberStatus::ok;
}

// Splits a line on spaces and tabs into at most `N` tokens; returns how many there were
// (N + 1 means "more than N").
template <std::size_t N>
std::size_t split(std::string_view line, std::array<std::string_view, N>& out) {
  std::size_t count = 0;
  std::size_t i = 0;
  while (true) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i == line.size()) return count;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
    if (count == N) return N + 1;
    out[count++] = line.substr(i, j - i);
    i = j;
  }
}

// One parsed file, ids already 0-based.
struct GrFile {
  std::uint64_t nodes = 0;
  std::uint64_t declared_arcs = 0;
  std::size_t problem_line = 0;  // 0 = none seen
  std::vector<BiArcSpec> arcs;   // cost1 holds the weight; cost2 unused
  std::vector<std::uint32_t> arc_line;
};

class GrParser {
 public:
  GrParser(std::string_view text, std::string_view name) : text_(text), name_(name) {}

  // Parses the whole file. When `reference` is given, its problem line and arcs must match.
  bool parse(GrFile& file, const GrFile* reference, std::string_view reference_name, std::string* error) {
    std::size_t pos = 0;
    std::size_t line_no = 0;
    file.arcs.reserve(reference ? reference->arcs.size() : std::min<std::size_t>(text_.size() / 8 + 1, 1u << 20));
    file.arc_line.reserve(file.arcs.capacity());
    while (pos < text_.size()) {
      std::size_t end = text_.find('\n', pos);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view line = text_.substr(pos, end - pos);
      pos = end + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      std::size_t first = 0;
      while (first < line.size() && (line[first] == ' ' || line[first] == '\t')) ++first;
      if (first == line.size()) continue;  // blank line
      const char kind = line[first];
      if (kind == 'c') continue;
      if (kind == 'p') {
        if (!problem_line(line, line_no, file, reference, reference_name, error)) return false;
      } else if (kind == 'a') {
        if (!arc_line(line, line_no, file, reference, reference_name, error)) return false;
      } else {
        return fail(error, line_no, "expected a comment ('c'), problem ('p') or arc ('a') line");
      }
    }
    if (file.problem_line == 0) {
      *error = fmt::format("{}: no problem line 'p sp <nodes> <arcs>'", name_);
      return false;
    }
    if (file.arcs.size() < file.declared_arcs)
      return fail(error, line_no,
                  fmt::format("file ends after {} of the {} arcs declared on line {}", file.arcs.size(),
                              file.declared_arcs, file.problem_line));
    return true;
  }

 private:
  bool fail(std::string* error, std::size_t line_no, std::string_view reason) const {
    *error = fmt::format("{}:{}: {}", name_, line_no, reason);
    return false;
  }

  bool problem_line(std::string_view line, std::size_t line_no, GrFile& file, const GrFile* reference,
                    std::string_view reference_name, std::string* error) {
    if (file.problem_line != 0)
      return fail(error, line_no, fmt::format("second problem line (the first is line {})", file.problem_line));
    std::array<std::string_view, 4> t;
    std::uint64_t nodes = 0, arcs = 0;
    const auto n_status = split(line, t) == 4 && t[0] == "p" && t[1] == "sp"
                              ? parse_number(t[2], kMaxCount, &nodes)
                              : NumberStatus::not_a_number;
    const auto m_status = n_status == NumberStatus::not_a_number ? NumberStatus::not_a_number
                                                                 : parse_number(t[3], kMaxCount, &arcs);
    if (n_status == NumberStatus::not_a_number || m_status == NumberStatus::not_a_number)
      return fail(error, line_no, "expected 'p sp <nodes> <arcs>'");
    if (n_status == NumberStatus::too_large)
      return fail(error, line_no, fmt::format("node count {} is larger than {}", t[2], kMaxCount));
    if (m_status == NumberStatus::too_large)
      return fail(error, line_no, fmt::format("arc count {} is larger than {}", t[3], kMaxCount));
    if (!file.arcs.empty()) return fail(error, line_no, "problem line after the first arc");
    file.nodes = nodes;
    file.declared_arcs = arcs;
    file.problem_line = line_no;
    if (reference && (reference->nodes != nodes || reference->declared_arcs != arcs))
      return fail(error, line_no,
                  fmt::format("'p sp {} {}' differs from {}:{}: 'p sp {} {}'", nodes, arcs, reference_name,
                              reference->problem_line, reference->nodes, reference->declared_arcs));
    return true;
  }

  bool arc_line(std::string_view line, std::size_t line_no, GrFile& file, const GrFile* reference,
                std::string_view reference_name, std::string* error) {
    if (file.problem_line == 0) return fail(error, line_no, "arc before the problem line");
    std::array<std::string_view, 4> t;
    std::uint64_t from = 0, to = 0, weight = 0;
    if (split(line, t) != 4 || t[0] != "a") return fail(error, line_no, "expected 'a <from> <to> <weight>'");
    const NumberStatus status[3] = {parse_number(t[1], file.nodes, &from), parse_number(t[2], file.nodes, &to),
                                    parse_number(t[3], kMaxWeight, &weight)};
    for (const auto s : status)
      if (s == NumberStatus::not_a_number) return fail(error, line_no, "expected 'a <from> <to> <weight>'");
    for (int i = 0; i < 2; ++i)
      if (status[i] == NumberStatus::too_large || (i == 0 ? from : to) == 0)
        return fail(error, line_no, fmt::format("node {} is not in 1..{}", t[1 + i], file.nodes));
    if (status[2] == NumberStatus::too_large)
      return fail(error, line_no, fmt::format("weight {} is larger than {}", t[3], kMaxWeight));
    if (file.arcs.size() == file.declared_arcs)
      return fail(error, line_no,
                  fmt::format("more arcs than the {} declared on line {}", file.declared_arcs, file.problem_line));
    const auto k = file.arcs.size();
    if (reference) {
      const BiArcSpec& r = reference->arcs[k];
      if (r.tail != from - 1 || r.head != to - 1)
        return fail(error, line_no,
                    fmt::format("arc {} {} differs from {}:{}: arc {} {}; both files must list the same arcs in "
                                "the same order",
                                from, to, reference_name, reference->arc_line[k], r.tail + 1, r.head + 1));
    }
    file.arcs.push_back({static_cast<std::uint32_t>(from - 1), static_cast<std::uint32_t>(to - 1),
                         static_cast<std::uint32_t>(weight), 0});
    file.arc_line.push_back(static_cast<std::uint32_t>(line_no));
    return true;
  }

  std::string_view text_;
  std::string_view name_;
};

bool read_whole_file(const std::string& path, std::string* text, std::string* error) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    *error = fmt::format("{}: cannot open file", path);
    return false;
  }
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, f)) > 0) text->append(buffer, got);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) *error = fmt::format("{}: cannot read file", path);
  return !failed;
}

}  // namespace

BiObjectiveGraph make_bi_objective_graph(std::uint32_t node_count, const std::vector<BiArcSpec>& arcs) {
  BiObjectiveGraph g;
  g.first_out.assign(static_cast<std::size_t>(node_count) + 1, 0);
  for (const auto& a : arcs) ++g.first_out[a.tail + 1];
  for (std::size_t v = 0; v < node_count; ++v) g.first_out[v + 1] += g.first_out[v];
  g.arcs.resize(arcs.size());
  std::vector<std::uint32_t> next(g.first_out.begin(), g.first_out.end() - 1);
  for (const auto& a : arcs) g.arcs[next[a.tail]++] = {a.head, a.cost1, a.cost2};
  return g;
}

std::optional<BiObjectiveGraph> parse_dimacs_pair(std::string_view text1, std::string_view name1,
                                                  std::string_view text2, std::string_view name2,
                                                  std::string* error) {
  std::string ignored;
  if (!error) error = &ignored;
  try {
    GrFile f1;
    if (!GrParser(text1, name1).parse(f1, nullptr, {}, error)) return std::nullopt;
    GrFile f2;
    if (!GrParser(text2, name2).parse(f2, &f1, name1, error)) return std::nullopt;
    for (std::size_t k = 0; k < f1.arcs.size(); ++k) f1.arcs[k].cost2 = f2.arcs[k].cost1;
    return make_bi_objective_graph(static_cast<std::uint32_t>(f1.nodes), f1.arcs);
  } catch (const std::bad_alloc&) {
    // A header such as "p sp 4000000000 1" is well-formed but may not fit in memory.
    *error = fmt::format("{}: not enough memory for the graph", name1);
    return std::nullopt;
  }
}

std::optional<BiObjectiveGraph> read_dimacs_pair(const std::string& cost1_path, const std::string& cost2_path,
                                                 std::string* error) {
  std::string ignored;
  if (!error) error = &ignored;
  std::string text1, text2;
  if (!read_whole_file(cost1_path, &text1, error) || !read_whole_file(cost2_path, &text2, error)) return std::nullopt;
  return parse_dimacs_pair(text1, cost1_path, text2, cost2_path, error);
}

std::string format_dimacs_gr(const BiObjectiveGraph& graph, int objective, const std::vector<std::string>& comment) {
  std::string out;
  for (const auto& c : comment) out += fmt::format("c {}\n", c);
  out += fmt::format("p sp {} {}\n", graph.node_count(), graph.arc_count());
  out.reserve(out.size() + graph.arcs.size() * 24);
  auto sink = std::back_inserter(out);
  for (std::uint32_t v = 0; v < graph.node_count(); ++v)
    for (std::uint32_t k = graph.first_out[v]; k < graph.first_out[v + 1]; ++k) {
      const BiArc& a = graph.arcs[k];
      fmt::format_to(sink, "a {} {} {}\n", v + 1, a.head + 1, objective == 1 ? a.cost1 : a.cost2);
    }
  return out;
}

bool write_dimacs_gr(const BiObjectiveGraph& graph, int objective, const std::vector<std::string>& comment,
                     const std::string& path, std::string* error) {
  const std::string text = format_dimacs_gr(graph, objective, comment);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  bool ok = f != nullptr && std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (f && std::fclose(f) != 0) ok = false;
  if (!ok && error) *error = fmt::format("{}: cannot write file", path);
  return ok;
}

BiObjectiveGraph make_grid_graph(std::uint32_t side, std::uint64_t seed, std::uint32_t max_distance) {
  if (max_distance < 1 || max_distance > 1'000'000)
    throw std::invalid_argument(fmt::format("make_grid_graph: max_distance {} is not in 1..1000000", max_distance));
  const std::size_t n = static_cast<std::size_t>(side) * side;
  struct Costs {
    std::uint32_t d = 0, t = 0;
  };
  // right[id]: edge (r,c)-(r,c+1); down[id]: edge (r,c)-(r+1,c); see the header for the order.
  std::vector<Costs> right(n), down(n);
  std::mt19937_64 rng(seed);
  const auto draw = [&rng, max_distance]() {
    const std::uint64_t x = rng();
    const std::uint64_t d = 1 + (((x >> 32) * max_distance) >> 32);
    const std::uint64_t u = x & 0xffffffffu;
    const std::uint64_t t = (d * ((std::uint64_t{1} << 32) + 2 * u) + (std::uint64_t{1} << 31)) >> 32;
    return Costs{static_cast<std::uint32_t>(d), static_cast<std::uint32_t>(t)};
  };
  for (std::uint32_t r = 0; r < side; ++r) {
    for (std::uint32_t c = 0; c < side; ++c) {
      const std::size_t id = static_cast<std::size_t>(r) * side + c;
      if (c + 1 < side) right[id] = draw();
      if (r + 1 < side) down[id] = draw();
    }
  }
  BiObjectiveGraph g;
  g.first_out.assign(n + 1, 0);
  g.arcs.reserve(side > 0 ? 4 * static_cast<std::size_t>(side) * (side - 1) : 0);
  for (std::uint32_t r = 0; r < side; ++r) {
    for (std::uint32_t c = 0; c < side; ++c) {
      const auto id = static_cast<std::uint32_t>(r * side + c);
      if (r > 0) g.arcs.push_back({id - side, down[id - side].d, down[id - side].t});
      if (c > 0) g.arcs.push_back({id - 1, right[id - 1].d, right[id - 1].t});
      if (c + 1 < side) g.arcs.push_back({id + 1, right[id].d, right[id].t});
      if (r + 1 < side) g.arcs.push_back({id + side, down[id].d, down[id].t});
      g.first_out[id + 1] = static_cast<std::uint32_t>(g.arcs.size());
    }
  }
  return g;
}

std::vector<std::string> grid_gr_comment(std::uint32_t side, std::uint64_t seed, std::uint32_t max_distance,
                                         int objective) {
  return {fmt::format("Caravan grid: side {}, seed {}, max distance {}: objective {}", side, seed, max_distance,
                      objective == 1 ? "1: d (distance)" : "2: t (time)"),
          "4-connected grid, node (r,c) = r*side+c+1, arcs both ways with equal costs;",
          fmt::format("d uniform in [1,{}], t = round(d*U[1,3]), std::mt19937_64; see src/bench_graph/dimacs_graph.hpp",
                      max_distance)};
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> random_node_pairs(std::uint32_t node_count, std::size_t count,
                                                                       std::uint64_t seed) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  if (node_count < 2) return pairs;
  std::mt19937_64 rng(seed);
  const auto draw = [&]() { return static_cast<std::uint32_t>(((rng() >> 32) * node_count) >> 32); };
  pairs.reserve(count);
  while (pairs.size() < count) {
    const std::uint32_t s = draw();
    std::uint32_t t = draw();
    while (t == s) t = draw();
    pairs.emplace_back(s, t);
  }
  return pairs;
}

}  // namespace caravan
