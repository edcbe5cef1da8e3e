#pragma once
// A shipment that starts or ends away from the network ("Berlin", "52.52,13.40"): when the request
// asks for a first or last mile, the shipper's point joins the network by road links to the
// nearest covered places of its country, in a copy of the network made for this one request.
// The links' lengths are estimates (great-circle × road_circuity_factor), and the answer says so.
#include <memory>
#include <optional>

#include "network/places.hpp"
#include "request/request_error.hpp"
#include "request/route_request.hpp"

namespace caravan {

struct AccessedNetwork {
  std::shared_ptr<const Network> network;  // the base network plus the access points and links
  std::shared_ptr<const PlaceIndex> places;  // over `network`
  RouteRequest request;                    // `from` / `to` renamed to the access points' ids
};

// Node ids of the access points in an accessed network.
inline constexpr std::string_view kFirstMileId = "FIRST_MILE";
inline constexpr std::string_view kLastMileId = "LAST_MILE";

// nullopt when the request asks for no first or last mile, or when the ends it asks them for are
// places the network covers (or not places at all: build_route_query then reports them). An end
// with no covered place of its country within access_road_max_km adds an error at /from or /to.
std::optional<AccessedNetwork> add_access_legs(const std::shared_ptr<const Network>& base, const PlaceIndex& index,
                                              const RouteRequest& request, RequestErrors& errors);

}  // namespace caravan
