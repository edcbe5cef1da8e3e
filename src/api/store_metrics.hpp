#pragma once
// A transit store that reports to Metrics: every commit call with its outcomes and latency, and
// every call that failed (the stores throw on I/O and connection failures). It forwards all else.
#include <memory>

#include "api/metrics.hpp"
#include "transit/store.hpp"

namespace caravan::api {

std::shared_ptr<transit::TransitStore> with_metrics(std::shared_ptr<transit::TransitStore> store,
                                                    std::shared_ptr<Metrics> metrics);

}  // namespace caravan::api
