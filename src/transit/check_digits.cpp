#include "transit/check_digits.hpp"

#include <fmt/format.h>

namespace caravan::transit {

namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// ISO 6346 letter values: A=10 and upwards, skipping 11, 22, 33.
int iso6346_letter_value(char c) {
  int value = 10;
  for (char l = 'A'; l < c; ++l) {
    ++value;
    if (value % 11 == 0) ++value;
  }
  return value;
}

}  // namespace

std::optional<int> iso6346_check_digit(std::string_view s) {
  if (s.size() != 10) return std::nullopt;
  long sum = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    int v = 0;
    if (i < 4) {
      if (!is_upper(s[i])) return std::nullopt;
      v = iso6346_letter_value(s[i]);
    } else {
      if (!is_digit(s[i])) return std::nullopt;
      v = s[i] - '0';
    }
    sum += static_cast<long>(v) << i;
  }
  return static_cast<int>(sum % 11 % 10);
}

bool is_iso6346_format(std::string_view c) {
  if (c.size() != 11) return false;
  for (std::size_t i = 0; i < 3; ++i)
    if (!is_upper(c[i])) return false;
  if (c[3] != 'U' && c[3] != 'J' && c[3] != 'Z') return false;
  for (std::size_t i = 4; i < 11; ++i)
    if (!is_digit(c[i])) return false;
  return true;
}

bool is_valid_iso6346(std::string_view c) {
  if (!is_iso6346_format(c)) return false;
  const auto check = iso6346_check_digit(c.substr(0, 10));
  return check && *check == c[10] - '0';
}

namespace {

// The string read as a base-10 number with letters expanded to two digits, mod 97; -1 if a
// character is neither a digit nor a capital letter.
int mod97(std::string_view s) {
  int r = 0;
  for (const char c : s) {
    if (is_digit(c)) {
      r = (r * 10 + (c - '0')) % 97;
    } else if (is_upper(c)) {
      const int v = c - 'A' + 10;
      r = (r * 100 + v) % 97;
    } else {
      return -1;
    }
  }
  return r;
}

}  // namespace

std::string iso7064_mod97_check(std::string_view body) {
  const int r = mod97(body);
  if (r < 0) return "";
  return fmt::format("{:02d}", 98 - (r * 100) % 97);
}

bool is_valid_iso7064_mod97(std::string_view s) { return s.size() > 2 && mod97(s) == 1; }

std::string make_transit_reference(int year, std::string_view country, std::int64_t serial) {
  const std::string body = fmt::format("{:02d}{}{:012d}", year % 100, country, serial);
  return body + iso7064_mod97_check(body);
}

std::string transit_reference_problem(std::string_view r) {
  bool format = r.size() == 18 && is_digit(r[0]) && is_digit(r[1]) && is_upper(r[2]) && is_upper(r[3]);
  for (std::size_t i = 4; format && i < 18; ++i) format = is_digit(r[i]);
  if (!format) return "a transit reference is 2 digits (year), 2 letters (country), 12 digits (serial) and 2 check digits";
  if (!is_valid_iso7064_mod97(r)) return "check digits (ISO 7064 MOD 97-10) do not match";
  return "";
}

}  // namespace caravan::transit
