#pragma once
// Who sees what (docs/transit.md "Access"). A holder actor sees the declarations it lodged, whole.
// A customs authority sees the declarations whose itinerary crosses its country, reduced to what
// its legs need:
//   id, version, state, mode, departure and pre_lodged (when given), submitted_at, updated_at,
//   holder {id, name, country},
//   guarantee {reference, amount, currency, status}, consignments (items and transport equipment
//   with seals: the goods it controls), and `legs` with only its own country's legs (offices,
//   mode, transshipments, previous/next country, state, operations).
// Withheld from an authority: local_reference, the itinerary offices and operations of other
// countries, and the audit entries of other countries' operations (their hashes and signatures
// stay, so the chain still verifies).
#include <nlohmann/json.hpp>

#include "transit/keys.hpp"
#include "transit/store.hpp"

namespace caravan::transit {

bool can_see(const Actor& actor, const DeclarationRecord& record);
nlohmann::json view_for(const Actor& actor, const nlohmann::json& document);
// Whether an audit entry's content is withheld from `actor` (it can see the declaration).
bool audit_entry_withheld(const Actor& actor, const AuditEntry& entry);

}  // namespace caravan::transit
