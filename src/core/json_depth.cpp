#include "core/json_depth.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

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

std::string read_json_file_text(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read {}", path, what));
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (const auto deep = find_json_too_deep(text))
    throw std::runtime_error(fmt::format("{}:{}:{}: nested deeper than {} levels", path, deep->line, deep->column, kMaxJsonDepth));
  return text;
}

}  // namespace caravan
