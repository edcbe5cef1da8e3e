#include "transit/access.hpp"

#include <algorithm>

namespace caravan::transit {

using nlohmann::json;

bool can_see(const Actor& actor, const DeclarationRecord& record) {
  if (actor.role == Role::holder) return record.holder == actor.id;
  return std::find(record.countries.begin(), record.countries.end(), actor.country) != record.countries.end();
}

json view_for(const Actor& actor, const json& document) {
  if (actor.role == Role::holder) return document;
  json view = json::object();
  for (const char* key : {"id", "version", "state", "mode", "departure", "pre_lodged", "submitted_at", "updated_at",
                          "holder", "guarantee", "consignments"})
    if (document.contains(key)) view[key] = document[key];
  view["legs"] = json::array();
  for (const auto& leg : document.value("legs", json::array()))
    if (leg.value("country", "") == actor.country) view["legs"].push_back(leg);
  return view;
}

bool audit_entry_withheld(const Actor& actor, const AuditEntry& entry) {
  if (actor.role == Role::holder) return false;
  // Customs see the content of their own country's operations only.
  const json body = json::parse(entry.canonical, nullptr, false);
  if (body.is_discarded()) return true;
  const json& data = body.value("data", json::object());
  return !(data.is_object() && data.value("country", "") == actor.country);
}

}  // namespace caravan::transit
