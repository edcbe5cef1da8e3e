#include <gtest/gtest.h>

#include "core/text.hpp"

namespace caravan {

TEST(Text, FoldNameIgnoresCaseAccentsAndPunctuation) {
  EXPECT_EQ(fold_name("Xi'an"), "xian");
  EXPECT_EQ(fold_name("xi an"), "xian");
  EXPECT_EQ(fold_name("Małaszewicze"), "malaszewicze");
  EXPECT_EQ(fold_name("Constanța"), "constanta");
  EXPECT_EQ(fold_name("Kapıköy"), "kapikoy");
}

TEST(Text, TruncateUtf8NeverSplitsACharacter) {
  EXPECT_EQ(truncate_utf8("Małaszewicze", 3), "Mał");
  EXPECT_EQ(truncate_utf8("Małaszewicze", 2), "Ma");
  EXPECT_EQ(truncate_utf8("Xi'an", 28), "Xi'an");
  EXPECT_EQ(truncate_utf8("", 5), "");
}

TEST(Text, EscapeHtml) {
  EXPECT_EQ(escape_html(R"(<a href="x">Xi'an & Co</a>)"), "&lt;a href=&quot;x&quot;&gt;Xi&#39;an &amp; Co&lt;/a&gt;");
  EXPECT_EQ(escape_html("Constanța"), "Constanța");
  EXPECT_EQ(escape_html(""), "");
}

}  // namespace caravan

namespace caravan {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_EQ(edit_distance("almati", "almaty", 3), 1u);     // substitution
  EXPECT_EQ(edit_distance("tashknt", "tashkent", 3), 1u);  // insertion
  EXPECT_EQ(edit_distance("tashkent", "tashknt", 3), 1u);  // deletion
  EXPECT_EQ(edit_distance("bihskek", "bishkek", 3), 1u);   // two neighbours swapped
  EXPECT_EQ(edit_distance("aktau", "aktau", 3), 0u);
  EXPECT_EQ(edit_distance("", "abc", 3), 3u);
  EXPECT_EQ(edit_distance("kashgar", "kashi", 3), 3u);
}

TEST(EditDistance, StopsAtTheLimit) {
  EXPECT_EQ(edit_distance("almaty", "tashkent", 2), 3u);  // limit + 1
  EXPECT_EQ(edit_distance("a", "abcdef", 2), 3u);         // lengths alone exceed it
  EXPECT_EQ(edit_distance("abcdef", "ghijkl", 0), 1u);
}

}  // namespace
}  // namespace caravan
