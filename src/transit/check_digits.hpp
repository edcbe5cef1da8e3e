#pragma once
// Check digits of the identifiers a transit declaration carries.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace caravan::transit {

// ISO 6346 container number: 3-letter owner code, category letter (U, J or Z), 6-digit serial and
// a check digit. Letters count A=10, B=12 … Z=38 (multiples of 11 skipped), each of the first 10
// characters is weighted 2^position, the sum mod 11 (10 counts as 0) is the check digit.
// `iso6346_check_digit` takes the 10 leading characters; nullopt when they are not well formed.
std::optional<int> iso6346_check_digit(std::string_view first_ten);
bool is_iso6346_format(std::string_view container);  // ^[A-Z]{3}[UJZ][0-9]{7}$
bool is_valid_iso6346(std::string_view container);    // format and check digit

// ISO 7064 MOD 97-10 (the IBAN scheme) over digits and capital letters (A=10 … Z=35): the two check
// characters make the whole string, read as a number, ≡ 1 (mod 97).
std::string iso7064_mod97_check(std::string_view body);  // two digits
bool is_valid_iso7064_mod97(std::string_view with_check);

// Transit reference number (18 characters, like an NCTS MRN):
//   YY  last two digits of the year of acceptance
//   CC  ISO 3166 alpha-2 country of the office of departure
//   NNNNNNNNNNNN  12-digit serial from the store (never reused)
//   KK  ISO 7064 MOD 97-10 check digits over the first 16 characters
// e.g. 26KZ000000000001 + check → "26KZ00000000000171"-style.
std::string make_transit_reference(int year, std::string_view country, std::int64_t serial);
// Empty when valid, otherwise what is wrong (format or check digits).
std::string transit_reference_problem(std::string_view reference);

}  // namespace caravan::transit
