#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caravan {

// Folds a place name for matching: lower case, Latin accents removed, everything but letters and
// digits dropped. "Xi'an", "Xian" and "xi an" all become "xian"; "Małaszewicze" becomes
// "malaszewicze"; "Constanța" becomes "constanta".
std::string fold_name(std::string_view text);

std::string_view trim(std::string_view text);
// Splits on a separator; pieces are trimmed; an empty input gives an empty list.
std::vector<std::string> split_list(std::string_view text, char separator);
std::string join(const std::vector<std::string>& parts, std::string_view separator);

// Strict number parsing: the whole text must be a finite number.
std::optional<double> parse_double(std::string_view text);
std::optional<long long> parse_integer(std::string_view text);

std::string to_lower_ascii(std::string_view text);

// Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of two
// neighbouring bytes each cost 1) between two folded names, or `limit + 1` as soon as it is
// certain to exceed `limit`: "almati"/"almaty" is 1, "tashknt"/"tashkent" is 1.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

// Text for HTML element content and attribute values: & < > " ' escaped.
std::string escape_html(std::string_view text);

// At most `max_chars` UTF-8 characters of `text`, never cutting a character in half.
std::string truncate_utf8(std::string_view text, std::size_t max_chars);

}  // namespace caravan
