#include "transit/store.hpp"

namespace caravan::transit {

const char* to_string(CommitStatus status) {
  switch (status) {
    case CommitStatus::committed: return "committed";
    case CommitStatus::duplicate_message: return "duplicate_message";
    case CommitStatus::stale_version: return "stale_version";
  }
  return "unknown";
}

}  // namespace caravan::transit
