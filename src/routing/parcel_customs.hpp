#pragma once
// How customs treat one e-commerce parcel along its itinerary: the origin country's export
// treatment where it leaves, and the destination country's low-value (de minimis) limit and
// simplified declaration where it enters, each the rule in force on that day
// (ecommerce_customs.csv). Transit countries are crossed under transit and are not listed.
#include <string>
#include <vector>

#include "network/network.hpp"
#include "request/query.hpp"

namespace caravan {

struct Itinerary;

struct ParcelCustoms {
  const EcommerceRule* rule = nullptr;
  CountryCode country{};
  NodeIdx at;           // where the parcel leaves (export) or enters (import) the country
  std::string limit;    // the rule's limit in words ("EUR 200 and 31 kg per shipment")
  std::string outcome;  // within, above, or unknown (no value given, or no rate for the currency)
  std::string treatment;
};

[[nodiscard]] std::vector<ParcelCustoms> parcel_customs(const Network& net, const Itinerary& it, const Cargo& cargo);

// "KZ import at Nur Zholy: EAEU … (EUR 200 and 31 kg per shipment): within: duty-free; …"
[[nodiscard]] std::string parcel_customs_text(const Network& net, const ParcelCustoms& c);

}  // namespace caravan
