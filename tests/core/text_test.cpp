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
