// The streaming JSON writer writes what nlohmann::json::dump() writes for the same document.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

#include "core/json_writer.hpp"

namespace caravan {
namespace {

using nlohmann::json;

std::string dumped(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

TEST(JsonWriter, WritesWhatNlohmannDumps) {
  std::string text;
  JsonWriter out(text);
  out.begin_object()
      .key("a")
      .begin_array()
      .value(1)
      .value(-2)
      .value(std::size_t{3})
      .value(0.1)
      .value(2.0)
      .value(-0.0)
      .value(1e21)
      .value(1.5e-7)
      .value(3250.7)
      .value(std::numeric_limits<double>::quiet_NaN())
      .end_array()
      .field("b", true)
      .field("c", "quote \" backslash \\ tab \t newline \n bell \x07 del \x7f")
      .null_field("d")
      .key("e")
      .begin_object()
      .end_object()
      .key("f")
      .begin_array()
      .end_array()
      .field("g", "Xi’an, Khorgos — Қорғас")
      .field("h", std::string("bad \xC3 utf-8 \xFF"))
      .end_object();
  const json j = {{"a", {1, -2, std::size_t{3}, 0.1, 2.0, -0.0, 1e21, 1.5e-7, 3250.7, std::nan("")}},
                  {"b", true},
                  {"c", "quote \" backslash \\ tab \t newline \n bell \x07 del \x7f"},
                  {"d", nullptr},
                  {"e", json::object()},
                  {"f", json::array()},
                  {"g", "Xi’an, Khorgos — Қорғас"},
                  {"h", "bad \xC3 utf-8 \xFF"}};
  EXPECT_EQ(text, dumped(j));
}

TEST(JsonWriter, NumbersRoundTripAsNlohmannWritesThem) {
  // Rounded values of the kind answers carry, and awkward ones.
  for (const double v : {0.0, 1.0, 0.01, 12.35, 1234.5, 99999999.99, 1e15, 1e16, 123456789012345678.0, 5e-324,
                         1.7976931348623157e308, 0.30000000000000004, 76.9321, -45.5678}) {
    std::string text;
    JsonWriter(text).value(v);
    EXPECT_EQ(text, json(v).dump()) << v;
  }
}

}  // namespace
}  // namespace caravan
