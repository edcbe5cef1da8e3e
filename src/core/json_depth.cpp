#include "core/json_depth.hpp"

namespace caravan {

std::optional<JsonTooDeep> find_json_too_deep(std::string_view text, int max_depth) {
  int depth = 0, line = 1;
  std::size_t line_start = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      line_start = i + 1;
    }
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > max_depth) return JsonTooDeep{i, line, static_cast<int>(i - line_start) + 1};
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;  // unbalanced text is the parser's to report
        break;
      default: break;
    }
  }
  return std::nullopt;
}

}  // namespace caravan
