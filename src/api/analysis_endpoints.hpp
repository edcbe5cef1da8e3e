#pragma once
// POST /v1/analysis/compare, /v1/analysis/capacity and /v1/analysis/assign: the corridor analyses
// of docs/analysis.md over the networks `caravan serve` loaded. With "progress": true the answer
// is NDJSON: progress events while the analysis runs, then one result event; a client that
// disconnects cancels the run.
#include <memory>

#include "api/server.hpp"

namespace caravan::api {

EndpointGroup analysis_endpoint_group(std::shared_ptr<const ApiData> data);

}  // namespace caravan::api
