#include "request/matrix_request.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "request/departure.hpp"
#include "request/place_resolver.hpp"

namespace caravan {

MatrixQueryResult build_matrix_query(const PlaceIndex& index, const MatrixRequest& r, std::size_t max_cells) {
  MatrixQueryResult out;
  MatrixQuery q;
  auto places = [&](const std::vector<std::string>& values, const std::string& field, std::vector<NodeIdx>& nodes) {
    std::size_t named = 0;
    for (std::size_t i = 0; i < values.size(); ++i)
      for (const auto& name : split_list(values[i], ',')) {
        ++named;
        const NodeIdx v = resolve_place(index, name, {field, fmt::format("/{}/{}", field, i)}, out.errors);
        if (v.valid()) nodes.push_back(v);
      }
    if (named == 0) add_error(out.errors, {field, "/" + field}, "name at least one place");
  };
  places(r.from, "from", q.from);
  places(r.to, "to", q.to);
  if (r.departures < 1 || r.departures > kMaxMatrixDepartures)
    add_error(out.errors, {"departures", "/departures"},
              fmt::format("{} is not within 1..{}", r.departures, kMaxMatrixDepartures));
  else
    q.departures = r.departures;
  if (!(r.every_hours > 0 && r.every_hours <= 24 * 7))
    add_error(out.errors, {"every_hours", "/every_hours"}, fmt::format("{} is not within (0, 168] hours", r.every_hours));
  else
    q.every = Duration::hours(r.every_hours);
  if (q.cells() > max_cells)
    add_error(out.errors, {"to", "/to"},
              fmt::format("{} origins × {} destinations × {} departures = {} cells; at most {} (setting matrix_max_cells)",
                          q.from.size(), q.to.size(), q.departures, q.cells(), max_cells));
  q.depart = resolve_departure(r.depart, {"depart", "/depart"}, out.errors);
  if (out.errors.empty()) out.query = std::move(q);
  return out;
}

}  // namespace caravan
