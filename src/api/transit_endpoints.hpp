#pragma once
// The transit declaration endpoints (docs/api.md "Transit", docs/transit.md) mounted on the API
// server as an EndpointGroup: every request carries an actor's API key (Authorization: Bearer KEY
// or X-Api-Key: KEY); the transit service decides what that actor may send and see.
#include <memory>

#include "api/server.hpp"
#include "transit/keys.hpp"
#include "transit/store.hpp"

namespace caravan::api {

// With `network`, also POST /v1/transit/skeleton: a declaration skeleton from one itinerary of the
// POST /v1/route answer (no key needed: it uses the public network only).
EndpointGroup transit_endpoint_group(std::shared_ptr<transit::TransitStore> store,
                                     std::shared_ptr<const transit::KeyRing> keys,
                                     std::shared_ptr<const Network> network = nullptr);

}  // namespace caravan::api
