#include "transit/open_store.hpp"

#include <stdexcept>

#include "transit/pg_store.hpp"
#include "transit/sqlite_store.hpp"

namespace caravan::transit {

std::unique_ptr<TransitStore> open_transit_store(const std::string& address) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (address.rfind(kSqlite, 0) == 0) {
    const std::string path = address.substr(kSqlite.size());
    if (path.empty()) throw std::invalid_argument("transit store address 'sqlite:' names no file");
    return std::make_unique<SqliteStore>(path);
  }
  if (is_postgres_url(address)) return std::make_unique<PgStore>(address);
  throw std::invalid_argument("transit store address '" + redact_postgres_url(address) +
                              "' is neither sqlite:PATH nor postgresql://…");
}

}  // namespace caravan::transit
