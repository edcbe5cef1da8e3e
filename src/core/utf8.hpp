#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace caravan {

// The offset of the first byte that does not belong to well-formed UTF-8 (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF), or nothing when all of `text` is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

}  // namespace caravan
