// The byte-level checks every untrusted input passes before it is parsed: JSON nesting depth and
// UTF-8 well-formedness.
#include <gtest/gtest.h>

#include <string>

#include "core/json_depth.hpp"
#include "core/utf8.hpp"

namespace caravan {
namespace {

TEST(JsonDepth, CountsArraysAndObjectsOutsideStrings) {
  EXPECT_FALSE(find_json_too_deep("{\"a\":[1,{\"b\":[]}]}", 4));
  const auto deep = find_json_too_deep("{\"a\":[1,{\"b\":[]}]}", 3);
  ASSERT_TRUE(deep);
  EXPECT_EQ(deep->byte, 13u);
  EXPECT_EQ(deep->line, 1);
  EXPECT_EQ(deep->column, 14);
  // Brackets in strings, with escaped quotes and backslashes, do not count.
  EXPECT_FALSE(find_json_too_deep(R"({"a":"[[[[\"[[[[\\","b":"{{{{"})", 1));
  EXPECT_TRUE(find_json_too_deep(R"({"a":"\\",  "b":[]})", 1));
  // Lines and columns.
  const auto second = find_json_too_deep("[\n [\n  [[", 3);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->line, 3);
  EXPECT_EQ(second->column, 4);
}

TEST(JsonDepth, AMillionLevelsAreFoundAtLevel65WithoutRecursion) {
  const std::string text = std::string(1000000, '[') + std::string(1000000, ']');
  const auto deep = find_json_too_deep(text);
  ASSERT_TRUE(deep);
  EXPECT_EQ(deep->byte, 64u);
  EXPECT_EQ(deep->column, 65);
  EXPECT_FALSE(find_json_too_deep(std::string(64, '[') + std::string(64, ']')));
  EXPECT_TRUE(find_json_too_deep(std::string(65, '{')));
}

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_FALSE(find_invalid_utf8(""));
  EXPECT_FALSE(find_invalid_utf8("Almaty, Constanța, Małaszewicze, 霍尔果斯, \xF0\x9F\x9A\x82"));
  EXPECT_FALSE(find_invalid_utf8("\xEF\xBF\xBF\xF4\x8F\xBF\xBF"));  // U+FFFF, U+10FFFF
}

TEST(Utf8, FindsTheFirstBadByte) {
  EXPECT_EQ(find_invalid_utf8("Alma\xE9ty"), 4u);        // Latin-1 é
  EXPECT_EQ(find_invalid_utf8("ab\xC0\x80"), 2u);        // overlong NUL
  EXPECT_EQ(find_invalid_utf8("\xE0\x80\xAF"), 0u);      // overlong /
  EXPECT_EQ(find_invalid_utf8("x\xED\xA0\x80"), 1u);     // UTF-16 surrogate
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(find_invalid_utf8("ok\xE2\x82"), 2u);        // cut short
  EXPECT_EQ(find_invalid_utf8("\x80"), 0u);              // lone continuation
  EXPECT_EQ(find_invalid_utf8("\xFF"), 0u);
}

}  // namespace
}  // namespace caravan
