#pragma once
// The transit declaration endpoints (docs/api.md "Transit", docs/transit.md) mounted on the API
// server as an EndpointGroup: every request carries an actor's API key (Authorization: Bearer KEY
// or X-Api-Key: KEY), every message the sender's signature; the transit service decides what that
// actor may send and see. An administrator's key registers actors (POST /v1/transit/actors).
#include <memory>

#include "api/server.hpp"
#include "transit/keys.hpp"
#include "transit/store.hpp"

namespace caravan::api {

// What the transit endpoints run on. The server holds the actors' public keys and API key hashes
// (the roster) and its own key pair, never an actor's secret key.
struct TransitSetup {
  std::shared_ptr<transit::TransitStore> store;
  std::shared_ptr<transit::ActorRoster> roster;
  transit::SigningKey server_key;  // countersigns every accepted audit entry
  std::string roster_path;         // where POST /v1/transit/actors persists the roster ("" = memory only)
};

// With `network`, also POST /v1/transit/skeleton: a declaration skeleton from one itinerary of the
// POST /v1/route answer (no key needed: it uses the public network only).
EndpointGroup transit_endpoint_group(TransitSetup setup, std::shared_ptr<const Network> network = nullptr);

}  // namespace caravan::api
