#include "common/text/utf8.h"

#include <string>

#include "gtest/gtest.h"

namespace blindmap {
namespace {

TEST(TruncateUtf8Test, TextThatFitsIsKeptWhole) {
  EXPECT_EQ(TruncateUtf8("Renewal in March", 16), "Renewal in March");
  EXPECT_EQ(TruncateUtf8("", 3), "");
}

TEST(TruncateUtf8Test, LongTextIsCutAndEndsInAnEllipsisWithinTheLimit) {
  const std::string cut = TruncateUtf8("Renewal in March", 10);
  EXPECT_EQ(cut, "Renewal\xE2\x80\xA6");
  EXPECT_EQ(cut.size(), 10u);
}

TEST(TruncateUtf8Test, NeverCutsACharacterInTwo) {
  // "é" is 2 bytes: 6 bytes leave 3 before the ellipsis, which would split
  // the second "é"; the cut backs off to one whole one.
  const std::string cut = TruncateUtf8("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 6);
  EXPECT_EQ(cut, "\xC3\xA9\xE2\x80\xA6");
  EXPECT_TRUE(IsValidUtf8(cut));
  // A 4-byte character (U+1F600) is dropped whole.
  EXPECT_EQ(TruncateUtf8("ab\xF0\x9F\x98\x80zz", 7), "ab\xE2\x80\xA6");
}

}  // namespace
}  // namespace blindmap
