#pragma once
// Code lists a declaration is checked against. Countries come from network/countries.hpp (Debian
// iso-codes, ISO 3166-1); currencies from the same package's ISO 4217 list.
#include <string>
#include <string_view>

namespace caravan::transit {

bool is_iso3166_country(std::string_view alpha2);
bool is_iso4217_currency(std::string_view alpha3);

// Customs office code: ^[A-Z]{2}[A-Z0-9]{6}$ (format only; the country is checked separately).
bool is_office_code_format(std::string_view code);

// HS-6 subheading: exactly six digits.
bool is_hs6(std::string_view code);

}  // namespace caravan::transit
