#include "client/console/terminal_text.h"

#include <string>

#include "gtest/gtest.h"

namespace blindmap {
namespace {

TEST(TerminalSafeTest, PlainAndUnicodeTextIsUnchanged) {
  EXPECT_EQ(TerminalSafe("Globex Corporation"), "Globex Corporation");
  EXPECT_EQ(TerminalSafe("Müller GmbH · Société Générale · 株式会社"),
            "Müller GmbH · Société Générale · 株式会社");
  EXPECT_EQ(TerminalSafe(""), "");
  EXPECT_EQ(TerminalSafe("a\\b"), "a\\b");
}

TEST(TerminalSafeTest, TitleAndClearSequencesAreShownNotRun) {
  // OSC 0 (set window title) ended by BEL, then CSI 2J (clear screen).
  EXPECT_EQ(TerminalSafe("\x1b]0;pwned\x07"
                         "Acme\x1b[2J"),
            "\\e]0;pwned\\x07Acme\\e[2J");
  EXPECT_EQ(TerminalSafe("line\r\nnext\tcol\x7f"), "line\\r\\nnext\\tcol\\x7F");
  EXPECT_EQ(TerminalSafe(std::string("nul\0byte", 8)), "nul\\x00byte");
}

TEST(TerminalSafeTest, C1ControlsAndBidiOverridesAreEscaped) {
  // U+009B is the one-byte CSI on some terminals; U+202E reverses text.
  EXPECT_EQ(TerminalSafe("a\xc2\x9b"
                         "2Jb"),
            "a\\u{009B}2Jb");
  EXPECT_EQ(TerminalSafe("evil\xe2\x80\xaetxt.exe"), "evil\\u{202E}txt.exe");
  EXPECT_EQ(TerminalSafe("x\xe2\x81\xa6y\xe2\x80\xa8z"),
            "x\\u{2066}y\\u{2028}z");
}

TEST(TerminalSafeTest, InvalidUtf8BytesAreEscapedOneByOne) {
  EXPECT_EQ(TerminalSafe("ok\xff\xfe"), "ok\\xFF\\xFE");
  EXPECT_EQ(TerminalSafe("cut\xe2\x80"), "cut\\xE2\\x80");
  EXPECT_EQ(TerminalSafe("overlong\xc0\xaf"), "overlong\\xC0\\xAF");
  EXPECT_EQ(TerminalSafe("surrogate\xed\xa0\x80"), "surrogate\\xED\\xA0\\x80");
}

}  // namespace
}  // namespace blindmap
