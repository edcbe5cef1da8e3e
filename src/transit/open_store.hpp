#pragma once
// Chooses the transit store from an address, so the server, the CLI and the tests name a store the
// same way:
//   sqlite:PATH             the embedded SQLite file (created if missing)
//   postgresql://…          a shared PostgreSQL database (libpq URI; postgres:// too)
#include <memory>
#include <string>

#include "transit/store.hpp"

namespace caravan::transit {

// Throws std::invalid_argument naming the address when it has neither form (the caller reports it
// as a usage error), std::runtime_error when the store cannot be opened.
std::unique_ptr<TransitStore> open_transit_store(const std::string& address);

}  // namespace caravan::transit
