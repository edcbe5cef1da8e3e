#pragma once
// Opening hours of one side of a border crossing, in its local time: the subset of the
// OpenStreetMap opening_hours syntax described in docs/data-format.md ("24/7",
// "Mo-Fr 09:00-18:00; Sa 09:00-13:00; PH off").
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caravan {

class OpeningHours {
 public:
  // An open span [open, close) in minutes after local midnight, 0 <= open < close <= 1440.
  struct Span {
    int open = 0;
    int close = 0;
    constexpr bool operator==(const Span&) const = default;
  };

  // Default: open 24/7.
  OpeningHours();
  // Returns nullopt with a reason naming the offending token (and the 1-based rule) in *error.
  static std::optional<OpeningHours> parse(std::string_view text, std::string* error = nullptr);

  // Open round the clock on every day, holidays included.
  [[nodiscard]] bool always_open() const;
  // Not open on any weekday at all.
  [[nodiscard]] bool never_open() const;
  [[nodiscard]] bool closed_on_public_holidays() const { return ph_off_; }
  // Open spans of a local weekday (0 = Monday … 6 = Sunday), sorted and disjoint; empty = closed.
  [[nodiscard]] const std::vector<Span>& open_intervals(int weekday) const { return days_[weekday]; }
  // Canonical form, e.g. "Mo-Fr 09:00-18:00; Sa 09:00-13:00; PH off"; parse() reads it back.
  [[nodiscard]] std::string to_string() const;

  bool operator==(const OpeningHours&) const = default;

 private:
  std::array<std::vector<Span>, 7> days_;
  bool ph_off_ = false;
};

}  // namespace caravan
