#include "common/text/csv_writer.h"

#include "common/text/csv_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace blindmap {
namespace {

TEST(CsvWriterTest, QuotesOnlyWhatNeedsQuoting) {
  EXPECT_EQ(CsvQuote("plain"), "plain");
  EXPECT_EQ(CsvQuote("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvQuote("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvQuote("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvQuote(""), "");
}

TEST(CsvWriterTest, FormulasAreMadeInert) {
  EXPECT_EQ(CsvInert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
  EXPECT_EQ(CsvInert("+1"), "'+1");
  EXPECT_EQ(CsvInert("-Legacy"), "'-Legacy");
  EXPECT_EQ(CsvInert("@sum"), "'@sum");
  EXPECT_EQ(CsvInert("Acme"), "Acme");
  EXPECT_EQ(CsvCell("=1,2"), "\"'=1,2\"");
}

TEST(CsvWriterTest, CellsReadBackWithTheReader) {
  const std::string line = CsvCell("a \"b\", c") + "," + CsvCell("x\ny") + "\n";
  auto reader = CsvReader::FromString(line, "test");
  auto row = reader->Next();
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_THAT((*row)->fields, ::testing::ElementsAre("a \"b\", c", "x\ny"));
}

}  // namespace
}  // namespace blindmap
