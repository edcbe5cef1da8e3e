#include "network/opening_hours.hpp"

#include <algorithm>

#include "core/time.hpp"

namespace caravan {

namespace {

constexpr std::array<std::string_view, 7> kDayNames = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
constexpr OpeningHours::Span kWholeDay{0, 1440};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t begin = 0;;) {
    const std::size_t end = s.find(separator, begin);
    parts.push_back(s.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin));
    if (end == std::string_view::npos) return parts;
    begin = end + 1;
  }
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  for (auto part : split(s, ' '))
    if (!(part = trim(part)).empty()) out.push_back(part);
  return out;
}

std::optional<int> day_index(std::string_view name) {
  const auto it = std::find(kDayNames.begin(), kDayNames.end(), name);
  if (it == kDayNames.end()) return std::nullopt;
  return static_cast<int>(it - kDayNames.begin());
}

std::string hhmm(int minutes) {  // 0..1440
  return {static_cast<char>('0' + minutes / 600), static_cast<char>('0' + minutes / 60 % 10), ':',
          static_cast<char>('0' + minutes % 60 / 10), static_cast<char>('0' + minutes % 10)};
}

// Parses one rule of the text; `n` is its 1-based number, for error messages.
class RuleParser {
 public:
  RuleParser(int n, std::string* error) : suffix_(" in rule " + std::to_string(n)), error_(error) {}

  // "Mo-Fr", "Mo,We", "Sa-Mo" (a range may wrap the week) → set of weekdays.
  std::optional<std::array<bool, 7>> days(std::string_view text) {
    std::array<bool, 7> selected{};
    for (const auto item : split(text, ',')) {
      const std::size_t dash = item.find('-');
      const auto first_name = item.substr(0, dash);
      const auto last_name = dash == std::string_view::npos ? first_name : item.substr(dash + 1);
      const auto first = day_index(first_name);
      if (!first) return fail("unknown day '" + std::string(first_name) + "'");
      const auto last = day_index(last_name);
      if (!last) return fail("unknown day '" + std::string(last_name) + "'");
      for (int d = *first;; d = (d + 1) % 7) {
        selected[d] = true;
        if (d == *last) break;
      }
    }
    return selected;
  }

  // "09:00-13:00,14:00-18:00" → sorted, merged spans.
  std::optional<std::vector<OpeningHours::Span>> times(std::string_view text) {
    std::vector<OpeningHours::Span> spans;
    for (const auto item : split(text, ',')) {
      const std::size_t dash = item.find('-');
      if (dash == std::string_view::npos)
        return fail("bad time span '" + std::string(item) + "', expected HH:MM-HH:MM");
      const auto open = time(item.substr(0, dash));
      if (!open) return std::nullopt;
      const auto close = time(item.substr(dash + 1));
      if (!close) return std::nullopt;
      if (*close < *open) return fail("closing time before opening time in '" + std::string(item) + "'");
      if (*close == *open) return fail("empty time span '" + std::string(item) + "'");
      spans.push_back({*open, *close});
    }
    std::sort(spans.begin(), spans.end(), [](auto& a, auto& b) { return a.open < b.open; });
    std::vector<OpeningHours::Span> merged;
    for (const auto& s : spans) {
      if (!merged.empty() && s.open <= merged.back().close) merged.back().close = std::max(merged.back().close, s.close);
      else merged.push_back(s);
    }
    return merged;
  }

  std::nullopt_t fail(const std::string& reason) {
    if (error_) *error_ = reason + suffix_;
    return std::nullopt;
  }

 private:
  std::optional<int> time(std::string_view text) {
    if (const auto minutes = parse_hhmm(text)) return minutes;
    const bool shaped = text.size() == 5 && text[2] == ':' &&
                        std::all_of(text.begin(), text.end(), [](char c) { return c == ':' || (c >= '0' && c <= '9'); });
    if (shaped) return fail("time '" + std::string(text) + "' out of range");
    return fail("bad time '" + std::string(text) + "', expected HH:MM");
  }

  std::string suffix_;
  std::string* error_;
};

}  // namespace

OpeningHours::OpeningHours() { days_.fill({kWholeDay}); }

std::optional<OpeningHours> OpeningHours::parse(std::string_view text, std::string* error) {
  if (trim(text).empty()) {
    if (error) *error = "empty opening hours";
    return std::nullopt;
  }
  OpeningHours result;
  result.days_.fill({});  // days no rule names are closed
  int n = 0;
  for (const auto raw_rule : split(text, ';')) {
    RuleParser parser(++n, error);
    const auto rule = trim(raw_rule);
    if (rule.empty()) {
      if (error) *error = "empty rule " + std::to_string(n);
      return std::nullopt;
    }
    if (rule == "24/7") {
      result.days_.fill({kWholeDay});
      continue;
    }
    const auto tokens = words(rule);
    if (tokens[0] == "PH") {
      if (tokens.size() != 2 || tokens[1] != "off")
        return parser.fail("public holidays support only 'PH off', not '" + std::string(rule) + "'");
      result.ph_off_ = true;
      continue;
    }
    if (tokens.size() != 2) return parser.fail("expected '<days> <times>' or '<days> off', not '" + std::string(rule) + "'");
    const auto days = parser.days(tokens[0]);
    if (!days) return std::nullopt;
    std::vector<Span> spans;
    if (tokens[1] != "off") {
      auto parsed = parser.times(tokens[1]);
      if (!parsed) return std::nullopt;
      spans = std::move(*parsed);
    }
    // A later rule replaces earlier ones for the days it names.
    for (int d = 0; d < 7; ++d)
      if ((*days)[d]) result.days_[d] = spans;
  }
  return result;
}

bool OpeningHours::always_open() const {
  return !ph_off_ && std::all_of(days_.begin(), days_.end(), [](auto& d) { return d.size() == 1 && d[0] == kWholeDay; });
}

bool OpeningHours::never_open() const {
  return std::all_of(days_.begin(), days_.end(), [](auto& d) { return d.empty(); });
}

std::string OpeningHours::to_string() const {
  std::string out;
  if (std::all_of(days_.begin(), days_.end(), [](auto& d) { return d.size() == 1 && d[0] == kWholeDay; })) {
    out = "24/7";
  } else if (never_open()) {
    out = "Mo-Su off";
  } else {
    // One rule per distinct set of spans, in the order of its first day; its days as runs
    // ("Mo-Fr") joined by commas. Closed days need no rule.
    std::array<bool, 7> done{};
    for (int d = 0; d < 7; ++d) {
      if (done[d] || days_[d].empty()) continue;
      if (!out.empty()) out += "; ";
      bool first_run = true;
      for (int e = d; e < 7; ++e) {
        if (days_[e] != days_[d]) continue;
        int last = e;
        while (last + 1 < 7 && days_[last + 1] == days_[d]) ++last;
        if (!first_run) out += ',';
        out += kDayNames[e];
        if (last > e) (out += '-') += kDayNames[last];
        for (int k = e; k <= last; ++k) done[k] = true;
        first_run = false;
        e = last;
      }
      out += ' ';
      for (std::size_t i = 0; i < days_[d].size(); ++i) {
        if (i > 0) out += ',';
        ((out += hhmm(days_[d][i].open)) += '-') += hhmm(days_[d][i].close);
      }
    }
  }
  if (ph_off_) out += "; PH off";
  return out;
}

}  // namespace caravan
