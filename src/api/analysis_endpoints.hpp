#pragma once
// POST /v1/analysis/compare, /v1/analysis/capacity and /v1/analysis/assign: the corridor analyses
// of docs/analysis.md over the networks `caravan serve` loaded. With "progress": true the answer
// is NDJSON: progress events while the analysis runs, then one result event. Each run takes one of
// settings.analysis_slots and has settings.analysis_budget_ms; a client that disconnects, the
// budget running out or the server stopping cancels it (api/work_guard.hpp).
#include <memory>

#include "api/server.hpp"

namespace caravan::api {

EndpointGroup analysis_endpoint_group(std::shared_ptr<const ApiData> data, const ServerSettings& settings = {});

}  // namespace caravan::api
