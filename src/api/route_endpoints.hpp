#pragma once
// POST /v1/route and POST /v1/matrix: the request layer's route and matrix models over HTTP,
// planned on the server's search slots within the budgets of ServerSettings.
#include <memory>

#include "api/server.hpp"

namespace caravan::api {

class SearchSlots;

EndpointGroup route_endpoint_group(std::shared_ptr<const ApiData> data, const ServerSettings& settings,
                                   std::shared_ptr<SearchSlots> slots);

}  // namespace caravan::api
