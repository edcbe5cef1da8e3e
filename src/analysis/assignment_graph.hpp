#pragma once
// The static graph freight is assigned on. Vertices are (place, vehicle) states — a truck, or a
// wagon of one track gauge — plus one vertex per call of each ferry or sea service; arcs carry a
// fixed time and cost per TEU, optionally a crossing delay curve, and the elements (link,
// crossing, service leg) whose load they count. Transfers cost a terminal lift (road ↔ rail,
// on and off a vessel) or a gauge change at a break of gauge; boarding a service waits half its
// headway on average. Timetables are averaged out: this is the steady state of daily flows, not
// one shipment's itinerary (that is `caravan route`).
#include <memory>
#include <optional>
#include <vector>

#include "analysis/availability.hpp"
#include "analysis/delay_curve.hpp"
#include "analysis/element.hpp"

namespace caravan::analysis {

struct AssignArc {
  std::uint32_t tail = 0, head = 0;
  double hours = 0;  // fixed time per TEU
  double usd = 0;    // fixed cost per TEU
  std::shared_ptr<const CrossingDelayCurve> delay;  // load-dependent wait, or none
  std::int32_t elements[2] = {-1, -1};              // into AssignmentGraph::elements
};

struct AssignmentGraph {
  std::size_t vertex_count = 0;
  std::vector<AssignArc> arcs;
  std::vector<ElementRef> elements;
  std::vector<std::optional<double>> element_capacity;  // TEU/day
  std::vector<std::vector<std::uint32_t>> place_vertices;  // per network node: its state vertices

  // CSR of outgoing arcs, built by finish().
  std::vector<std::uint32_t> first_out, out_arcs;
  void finish();

  std::uint32_t add_vertex() { return static_cast<std::uint32_t>(vertex_count++); }
  std::int32_t element_index(const ElementRef& e, std::optional<double> capacity);
};

// Builds the graph of `net` as usable under `availability` (freight modes only).
AssignmentGraph build_assignment_graph(const Network& net, const Availability& availability);

}  // namespace caravan::analysis
