#include "core/diagnostics.hpp"

namespace caravan {

std::string Diagnostic::to_string() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  if (!column.empty()) out += "column '" + column + "': ";
  out += message;
  return out;
}

std::string Diagnostics::to_string() const {
  std::string out;
  for (const auto& d : items_) out += d.to_string() + "\n";
  return out;
}

}  // namespace caravan
