#pragma once
// Per-crossing delays from the border simulator (`caravan simulate --write-delays FILE`) that
// routing uses instead of the bundled medians (`caravan route --border-delays FILE`). The file is
// CSV: crossing,mode,direction,hour_of_week,time_to_clear_h with 168 rows per crossing and
// direction; hour_of_week is the local time of the direction's first side (0 = Monday 00–01).
// The value is the whole time at the crossing, waits for opening hours included (the simulator
// ran the crossing's calendar), so routing adds no calendar wait on top of it.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "network/network.hpp"

namespace caravan {

class BorderDelayModel {
 public:
  // Reads the file; every problem goes to `diagnostics` (FILE:LINE) and nullopt is returned.
  static std::optional<BorderDelayModel> load(const std::string& path, const Network& net, Diagnostics& diagnostics);
  static std::optional<BorderDelayModel> parse(std::string_view text, const std::string& file, const Network& net,
                                               Diagnostics& diagnostics);

  // The time to clear of a vehicle reaching the crossing at `t`; nullopt when the file has no
  // model of that crossing and direction (routing then uses the bundled median).
  [[nodiscard]] std::optional<Duration> time_to_clear(const Network& net, CrossingIdx c, bool a_to_b, TimePoint t) const;
  // The least value of the crossing over both directions (for admissible search bounds).
  [[nodiscard]] std::optional<Duration> minimum(CrossingIdx c) const;
  [[nodiscard]] std::size_t directions() const { return directions_; }

 private:
  // By crossing, then direction (0 = a_to_b): 168 minutes, or empty when not in the file.
  std::vector<std::array<std::vector<std::int32_t>, 2>> table_;
  // The crossing id at each index when the file was read: a network whose crossing at that index
  // is another one (a scenario that reorders crossings) gets no delays from it.
  std::vector<std::string> ids_;
  std::size_t directions_ = 0;
};

}  // namespace caravan
