#pragma once
// POST /v1/simulate: the border-crossing simulator over HTTP (the model of `caravan simulate
// --crossing`), with a size budget and a limit on simulations running at once so that a huge or
// a burst of requests is answered 413 / 503 instead of tying the server up.
#include <memory>

#include "api/server.hpp"

namespace caravan::api {

struct SimulateLimits {
  double max_vehicles = 4e6;  // arrivals × (days + warm-up) × directions × replications
  int concurrent = 2;         // simulations at once; more → 503 with Retry-After
  int threads = 2;            // worker threads of one simulation's replications
};

EndpointGroup simulate_endpoint_group(std::shared_ptr<const ApiData> data, SimulateLimits limits = {});

}  // namespace caravan::api
