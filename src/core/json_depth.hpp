#pragma once
// A nesting limit for JSON text, checked on the bytes before any parser or recursive code sees
// them. nlohmann::json parses deep nesting iteratively, but copying, comparing, dumping and
// destroying such a value recurse once per level: 150,000 nested arrays overflow the stack. Every
// JSON body the server reads and every JSON file the CLI reads goes through this check first.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace caravan {

// No request body or file needs more than a few levels; 64 leaves room for any real message.
inline constexpr int kMaxJsonDepth = 64;

struct JsonTooDeep {
  std::size_t byte = 0;  // 0-based offset of the bracket that opened level max_depth + 1
  int line = 1;          // 1-based
  int column = 1;        // 1-based, in bytes
};

// Where `text` first nests arrays/objects deeper than `max_depth`, or nothing. Brackets inside
// strings (with their escapes) do not count. Linear, no recursion, no allocation.
std::optional<JsonTooDeep> find_json_too_deep(std::string_view text, int max_depth = kMaxJsonDepth);

// The whole text of the JSON file at `path`, checked for depth; throws std::runtime_error with
// "PATH: cannot read WHAT" or "PATH:LINE:COLUMN: nested deeper than 64 levels".
std::string read_json_file_text(const std::string& path, std::string_view what);

}  // namespace caravan
