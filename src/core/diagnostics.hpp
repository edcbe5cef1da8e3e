#pragma once
// Problems found in input, each with its place, so a user can go straight to the fix.
#include <string>
#include <vector>

namespace caravan {

struct Diagnostic {
  std::string file;    // file name as the user knows it ("nodes.csv"), or a flag / JSON pointer
  int line = 0;        // 1-based; 0 when the problem is about the whole file
  std::string column;  // column, key or field; may be empty
  std::string message;

  // "nodes.csv:12: column 'country': unknown ISO 3166-1 alpha-2 code 'XX'"
  [[nodiscard]] std::string to_string() const;
};

class Diagnostics {
 public:
  void add(std::string file, int line, std::string column, std::string message) {
    items_.push_back({std::move(file), line, std::move(column), std::move(message)});
  }
  void append(const Diagnostics& other) { items_.insert(items_.end(), other.items_.begin(), other.items_.end()); }
  [[nodiscard]] bool empty() const { return items_.empty(); }
  [[nodiscard]] std::size_t size() const { return items_.size(); }
  [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }
  [[nodiscard]] std::string to_string() const;  // one diagnostic per line

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace caravan
