#include "common/text/csv_reader.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// The reader reads files in 1 MiB chunks; tests that target chunk boundaries
// place constructs around multiples of this.
constexpr size_t kChunk = 1 << 20;

absl::StatusOr<std::vector<CsvRow>> ReadAll(CsvReader& reader) {
  std::vector<CsvRow> rows;
  while (true) {
    absl::StatusOr<std::optional<CsvRow>> next = reader.Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) return rows;
    rows.push_back(std::move(**next));
  }
}

absl::StatusOr<std::vector<CsvRow>> Parse(std::string data) {
  std::unique_ptr<CsvReader> reader =
      CsvReader::FromString(std::move(data), "accounts.csv");
  return ReadAll(*reader);
}

std::vector<std::vector<std::string>> Fields(const std::vector<CsvRow>& rows) {
  std::vector<std::vector<std::string>> out;
  for (const CsvRow& row : rows) out.push_back(row.fields);
  return out;
}

using Table = std::vector<std::vector<std::string>>;

// Error from parsing `data`; fails the test if parsing succeeds.
absl::Status ParseError(std::string data) {
  absl::StatusOr<std::vector<CsvRow>> rows = Parse(std::move(data));
  EXPECT_FALSE(rows.ok());
  return rows.ok() ? absl::OkStatus() : rows.status();
}

std::string WriteFile(const TempDir& dir, const std::string& name,
                      const std::string& content) {
  const std::string path = dir.path() + "/" + name;
  std::ofstream out(path, std::ios::binary);
  out << content;
  return path;
}

TEST(CsvReaderTest, SimpleRecordsHaveRowAndLineNumbers) {
  auto rows = Parse("id,name\n1,Acme\n2,Globex\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows),
            (Table{{"id", "name"}, {"1", "Acme"}, {"2", "Globex"}}));
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].row, 1);
  EXPECT_EQ((*rows)[0].line, 1);
  EXPECT_EQ((*rows)[2].row, 3);
  EXPECT_EQ((*rows)[2].line, 3);
}

TEST(CsvReaderTest, QuotedFieldsMayContainCommas) {
  auto rows = Parse("name,city\n\"Acme, Inc.\",\"Paris, FR\"\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows),
            (Table{{"name", "city"}, {"Acme, Inc.", "Paris, FR"}}));
}

TEST(CsvReaderTest, DoubledQuotesAreOneQuote) {
  auto rows = Parse("\"say \"\"hi\"\"\",\"\"\"\",\"a\"\"\"\"b\"\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows), (Table{{"say \"hi\"", "\"", "a\"\"b"}}));
}

TEST(CsvReaderTest, EmbeddedNewlinesAdvanceLineButNotRow) {
  auto rows = Parse("h1,h2\n\"multi\nline\nnote\",x\nnext,y\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows),
            (Table{{"h1", "h2"}, {"multi\nline\nnote", "x"}, {"next", "y"}}));
  EXPECT_EQ((*rows)[1].row, 2);
  EXPECT_EQ((*rows)[1].line, 2);
  EXPECT_EQ((*rows)[2].row, 3);
  EXPECT_EQ((*rows)[2].line, 5);
}

TEST(CsvReaderTest, CrlfEndsRecords) {
  auto rows = Parse("a,b\r\nc,d\r\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows), (Table{{"a", "b"}, {"c", "d"}}));
  EXPECT_EQ((*rows)[1].line, 2);
}

TEST(CsvReaderTest, CrlfInsideQuotesIsKeptAndCountsAsOneLine) {
  auto rows = Parse("\"x\r\ny\",z\r\nw\r\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows), (Table{{"x\r\ny", "z"}, {"w"}}));
  EXPECT_EQ((*rows)[1].row, 2);
  EXPECT_EQ((*rows)[1].line, 3);
}

TEST(CsvReaderTest, LoneCrEndsRecord) {
  auto rows = Parse("a,1\rb,2\rc,3");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows), (Table{{"a", "1"}, {"b", "2"}, {"c", "3"}}));
  EXPECT_EQ((*rows)[2].line, 3);
}

TEST(CsvReaderTest, LoneCrInsideQuotesCountsAsLine) {
  auto rows = Parse("\"x\ry\"\rz\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows), (Table{{"x\ry"}, {"z"}}));
  EXPECT_EQ((*rows)[1].line, 3);
}

TEST(CsvReaderTest, MixedLineEndingsAndBlankLines) {
  // line 1: a CRLF; line 2: blank CRLF; line 3: b LF; line 4: blank CR;
  // line 5: c (no line break).
  auto rows = Parse("a\r\n\r\nb\n\rc");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows), (Table{{"a"}, {"b"}, {"c"}}));
  EXPECT_EQ((*rows)[1].row, 2);
  EXPECT_EQ((*rows)[1].line, 3);
  EXPECT_EQ((*rows)[2].row, 3);
  EXPECT_EQ((*rows)[2].line, 5);
}

TEST(CsvReaderTest, BlankLinesAreSkippedButCounted) {
  auto rows = Parse("\n\nname\n\n\nAcme\n\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows), (Table{{"name"}, {"Acme"}}));
  EXPECT_EQ((*rows)[0].row, 1);
  EXPECT_EQ((*rows)[0].line, 3);
  EXPECT_EQ((*rows)[1].row, 2);
  EXPECT_EQ((*rows)[1].line, 6);
}

TEST(CsvReaderTest, LineOfOnlySpacesIsARecord) {
  auto rows = Parse("a\n  \nb\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows), (Table{{"a"}, {"  "}, {"b"}}));
}

TEST(CsvReaderTest, ByteOrderMarkIsSkippedOnlyAtStart) {
  auto rows = Parse(
      "\xEF\xBB\xBFname,x\n\xEF\xBB\xBF"
      "a,b\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows), (Table{{"name", "x"},
                                  {"\xEF\xBB\xBF"
                                   "a",
                                   "b"}}));
}

TEST(CsvReaderTest, ByteOrderMarkAloneIsEmptyInput) {
  auto rows = Parse("\xEF\xBB\xBF");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_TRUE(rows->empty());
}

TEST(CsvReaderTest, RaggedRowsAreReturnedAsIs) {
  auto rows = Parse("a,b,c\n1\n1,2,3,4\n,\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows),
            (Table{{"a", "b", "c"}, {"1"}, {"1", "2", "3", "4"}, {"", ""}}));
}

TEST(CsvReaderTest, FinalRecordWithoutLineBreak) {
  auto rows = Parse("a,b\nc,d");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows), (Table{{"a", "b"}, {"c", "d"}}));
}

TEST(CsvReaderTest, FinalRecordEndingInCommaHasEmptyLastField) {
  auto rows = Parse("a,");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows), (Table{{"a", ""}}));
}

TEST(CsvReaderTest, FinalQuotedFieldWithoutLineBreak) {
  auto rows = Parse("a,\"b,c\"");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows), (Table{{"a", "b,c"}}));
}

TEST(CsvReaderTest, QuotedEmptyAndUnquotedEmptyFields) {
  auto rows = Parse("\"\"\na,\"\",b\n,,\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows), (Table{{""}, {"a", "", "b"}, {"", "", ""}}));
}

TEST(CsvReaderTest, SpacesAreContent) {
  auto rows = Parse(" a , b ,\" c \"\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows), (Table{{" a ", " b ", " c "}}));
}

TEST(CsvReaderTest, ValidUtf8PassesThrough) {
  auto rows = Parse("Müller GmbH,東京,\"ООО «Ромашка»\",😀\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows),
            (Table{{"Müller GmbH", "東京", "ООО «Ромашка»", "😀"}}));
}

TEST(CsvReaderTest, EmptyInputHasNoRecordsAndStaysAtEnd) {
  std::unique_ptr<CsvReader> reader = CsvReader::FromString("", "empty.csv");
  for (int i = 0; i < 3; ++i) {
    auto next = reader->Next();
    ASSERT_TRUE(next.ok()) << next.status();
    EXPECT_FALSE(next->has_value());
  }
}

TEST(CsvReaderTest, HeaderOnly) {
  auto rows = Parse("Account Name,Website\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(Fields(*rows), (Table{{"Account Name", "Website"}}));
}

TEST(CsvReaderTest, SourceNameIsReported) {
  std::unique_ptr<CsvReader> reader = CsvReader::FromString("a", "crm.csv");
  EXPECT_EQ(reader->source_name(), "crm.csv");
}

// --- errors -------------------------------------------------------------

TEST(CsvReaderTest, UnterminatedQuoteNamesWhereItOpened) {
  absl::Status status =
      ParseError("id,name\n1,\"CanaryCorp\nsecond line\nthird");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("accounts.csv"));
  EXPECT_THAT(status.message(), HasSubstr("row 2, line 2, column 2"));
  EXPECT_THAT(status.message(), HasSubstr("unterminated quoted field"));
  EXPECT_THAT(status.message(), Not(HasSubstr("CanaryCorp")));
  EXPECT_THAT(status.message(), Not(HasSubstr("third")));
}

TEST(CsvReaderTest, CharacterAfterClosingQuoteIsAnError) {
  absl::Status status = ParseError("a,b\nx,\"CanaryCorp\"Inc,y\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("row 2, line 2, column 2"));
  EXPECT_THAT(status.message(), HasSubstr("after a closing quote"));
  EXPECT_THAT(status.message(), Not(HasSubstr("CanaryCorp")));
  EXPECT_THAT(status.message(), Not(HasSubstr("Inc")));
}

TEST(CsvReaderTest, SpaceAfterClosingQuoteIsAnError) {
  absl::Status status = ParseError("\"CanaryCorp\" ,b\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("row 1, line 1, column 1"));
}

TEST(CsvReaderTest, BareQuoteInUnquotedFieldIsAnError) {
  absl::Status status = ParseError("id\n\"multi\nline\"\nCanary\"Corp\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("row 3, line 4, column 1"));
  EXPECT_THAT(status.message(), HasSubstr("inside an unquoted field"));
  EXPECT_THAT(status.message(), Not(HasSubstr("Canary")));
}

TEST(CsvReaderTest, FieldAtSizeLimitIsAccepted) {
  auto rows = Parse("a," + std::string(CsvReader::kMaxFieldBytes, 'x') + "\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].fields[1].size(), CsvReader::kMaxFieldBytes);
}

TEST(CsvReaderTest, FieldOverSizeLimitIsAnError) {
  absl::Status status = ParseError(
      "h\na,\"" + std::string(CsvReader::kMaxFieldBytes + 1, 'x') + "\"\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("row 2, line 2, column 2"));
  EXPECT_THAT(status.message(), HasSubstr("field longer than 1048576 bytes"));
  EXPECT_THAT(status.message(), Not(HasSubstr("xxx")));
}

TEST(CsvReaderTest, UnquotedFieldOverSizeLimitIsAnError) {
  absl::Status status =
      ParseError(std::string(CsvReader::kMaxFieldBytes + 1, 'x'));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("row 1, line 1, column 1"));
}

TEST(CsvReaderTest, InvalidUtf8NamesRowAndColumn) {
  absl::Status status = ParseError("name,city\nCanary,Par\xFFis\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("row 2, line 2, column 2"));
  EXPECT_THAT(status.message(), HasSubstr("invalid UTF-8"));
  EXPECT_THAT(status.message(), Not(HasSubstr("Canary")));
  EXPECT_THAT(status.message(), Not(HasSubstr("Par")));
}

TEST(CsvReaderTest, InvalidUtf8InMultilineFieldNamesItsLine) {
  absl::Status status = ParseError("h1,h2\nok,\"first\r\nsecond \xC3\x28\"\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("row 2, line 3, column 2"));
}

TEST(CsvReaderTest, InvalidUtf8FormsAreRejected) {
  const std::vector<std::string> bad = {
      "\xC0\xAF",          // overlong '/'
      "\xE0\x80\xAF",      // overlong, 3 bytes
      "\xED\xA0\x80",      // UTF-16 surrogate
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\xF5\x80\x80\x80",  // invalid lead byte
      "\x80",              // lone continuation byte
      "\xE2\x82",          // truncated at end of input
  };
  for (const std::string& field : bad) {
    absl::Status status = ParseError("x," + field);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(status.message(), HasSubstr("row 1, line 1, column 2"));
  }
}

TEST(CsvReaderTest, ReaderRefusesUseAfterError) {
  std::unique_ptr<CsvReader> reader =
      CsvReader::FromString("a\"b\nc\n", "accounts.csv");
  EXPECT_EQ(reader->Next().status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(reader->Next().status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(CsvReaderTest, ErrorComesAfterGoodRows) {
  std::unique_ptr<CsvReader> reader =
      CsvReader::FromString("a\nb\n\"c", "accounts.csv");
  auto first = reader->Next();
  ASSERT_TRUE(first.ok());
  EXPECT_THAT((*first)->fields, ElementsAre("a"));
  auto second = reader->Next();
  ASSERT_TRUE(second.ok());
  EXPECT_THAT((*second)->fields, ElementsAre("b"));
  auto third = reader->Next();
  EXPECT_EQ(third.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(third.status().message(), HasSubstr("row 3, line 3, column 1"));
}

// --- files --------------------------------------------------------------

TEST(CsvReaderTest, OpenMissingFileIsNotFound) {
  TempDir dir;
  auto reader = CsvReader::Open(dir.path() + "/missing.csv");
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kNotFound);
}

TEST(CsvReaderTest, OpenDirectoryIsInvalidArgument) {
  TempDir dir;
  auto reader = CsvReader::Open(dir.path());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CsvReaderTest, OpenUnreadableFileIsPermissionDenied) {
  TempDir dir;
  const std::string path = WriteFile(dir, "secret.csv", "a\n");
  ASSERT_EQ(chmod(path.c_str(), 0), 0);
  // Root reads anything, so check as an unprivileged user in a child
  // process (as root) or directly (otherwise).
  auto check = [&path] {
    auto reader = CsvReader::Open(path);
    return reader.status().code() == absl::StatusCode::kPermissionDenied;
  };
  if (geteuid() != 0) {
    EXPECT_TRUE(check());
    return;
  }
  EXPECT_EXIT(
      {
        if (setgid(65534) != 0 || setuid(65534) != 0) std::_Exit(2);
        std::_Exit(check() ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(CsvReaderTest, FileErrorsNameThePath) {
  TempDir dir;
  const std::string path = WriteFile(dir, "crm.csv", "a\n\"b");
  auto reader = CsvReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->source_name(), path);
  auto rows = ReadAll(**reader);
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(rows.status().message(),
              HasSubstr(path + ": row 2, line 2, column 1"));
}

TEST(CsvReaderTest, EmptyFile) {
  TempDir dir;
  auto reader = CsvReader::Open(WriteFile(dir, "empty.csv", ""));
  ASSERT_TRUE(reader.ok()) << reader.status();
  auto rows = ReadAll(**reader);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_TRUE(rows->empty());
}

// A deterministic CSV of several chunks with every construct the parser has a
// state for, and the records it must produce.
struct GeneratedCsv {
  std::string text;
  Table records;
  std::vector<int64_t> lines;
};

GeneratedCsv Generate(size_t min_bytes) {
  GeneratedCsv out;
  out.text = "\xEF\xBB\xBFid,name,notes\r\n";
  out.records.push_back({"id", "name", "notes"});
  out.lines.push_back(1);
  int64_t line = 2;
  for (int i = 0; out.text.size() < min_bytes; ++i) {
    std::string id = std::to_string(i);
    std::string name = "Acme " + std::string(static_cast<size_t>(i % 13), 'x');
    std::string notes;
    std::string notes_csv;
    int note_lines = 0;
    switch (i % 5) {
      case 0:  // quoted with a doubled quote and an embedded CRLF
        notes = "said \"hi\"\r\nok";
        notes_csv = "\"said \"\"hi\"\"\r\nok\"";
        note_lines = 1;
        break;
      case 1:  // quoted with a comma
        notes = "a, b";
        notes_csv = "\"a, b\"";
        break;
      case 2:  // empty
        break;
      case 3:  // non-ASCII
        notes = "Müller ООО 株式会社";
        notes_csv = notes;
        break;
      case 4:  // quoted with LF
        notes = "x\ny";
        notes_csv = "\"x\ny\"";
        note_lines = 1;
        break;
    }
    out.text += id + "," + name + "," + notes_csv;
    out.records.push_back({id, name, notes});
    out.lines.push_back(line);
    line += 1 + note_lines;
    // Alternate line endings and throw in blank lines.
    out.text += (i % 3 == 0) ? "\r\n" : (i % 3 == 1 ? "\n" : "\r");
    if (i % 7 == 0) {
      out.text += "\r\n";
      ++line;
    }
  }
  return out;
}

TEST(CsvReaderTest, FileLargerThanChunkMatchesInMemoryParse) {
  GeneratedCsv csv = Generate(3 * kChunk + 12345);
  TempDir dir;
  auto reader = CsvReader::Open(WriteFile(dir, "big.csv", csv.text));
  ASSERT_TRUE(reader.ok()) << reader.status();
  auto rows = ReadAll(**reader);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), csv.records.size());
  for (size_t i = 0; i < rows->size(); ++i) {
    ASSERT_EQ((*rows)[i].fields, csv.records[i]) << "record " << i;
    ASSERT_EQ((*rows)[i].row, static_cast<int64_t>(i) + 1);
    ASSERT_EQ((*rows)[i].line, csv.lines[i]) << "record " << i;
  }
  auto in_memory = Parse(csv.text);
  ASSERT_TRUE(in_memory.ok()) << in_memory.status();
  EXPECT_EQ(Fields(*in_memory), csv.records);
}

// Places `construct` so that it straddles the first chunk boundary at every
// offset, and checks the records.
TEST(CsvReaderTest, ConstructsStraddlingChunkBoundary) {
  struct Case {
    std::string construct;  // a complete record tail after "p,"
    Table expected_tail;    // records produced by the construct
    int64_t lines;          // line breaks in the construct
  };
  const std::vector<Case> cases = {
      {"\"a\"\"b\"\r\nz\n", {{"p", "a\"b"}, {"z"}}, 2},
      {"\"x\r\ny\"\r\nz\r\n", {{"p", "x\r\ny"}, {"z"}}, 3},
      {"q\r\n\r\nz\n", {{"p", "q"}, {"z"}}, 3},
      {"\"\"\r\n", {{"p", ""}}, 1},
      {"\xE6\xA0\xAA\xE5\xBC\x8F\r\n", {{"p", "株式"}}, 1},
  };
  TempDir dir;
  for (const Case& c : cases) {
    for (size_t delta = 0; delta < 8; ++delta) {
      // Filler record "f...f\n" so the construct starts `delta` bytes before
      // the boundary.
      const size_t filler = kChunk - delta - 2 - 2;
      std::string text = std::string(filler, 'f') + "\np," + c.construct;
      auto reader = CsvReader::Open(WriteFile(dir, "edge.csv", text));
      ASSERT_TRUE(reader.ok()) << reader.status();
      auto rows = ReadAll(**reader);
      ASSERT_TRUE(rows.ok()) << rows.status() << " delta " << delta;
      Table expected = {{std::string(filler, 'f')}};
      expected.insert(expected.end(), c.expected_tail.begin(),
                      c.expected_tail.end());
      EXPECT_EQ(Fields(*rows), expected) << "delta " << delta;
      EXPECT_EQ((*rows)[1].line, 2) << "delta " << delta;
      EXPECT_EQ((*rows).back().line, 1 + c.lines) << "delta " << delta;
    }
  }
}

// --- Next(CsvRow&) ----------------------------------------------------

// Reads every record of `reader` into one reused CsvRow.
absl::StatusOr<std::vector<CsvRow>> ReadAllReusingOneRow(CsvReader& reader) {
  std::vector<CsvRow> rows;
  CsvRow row;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(row);
    if (!more.ok()) return more.status();
    if (!*more) return rows;
    rows.push_back(row);
  }
}

TEST(CsvReaderTest, NextIntoRowGivesTheRecordsOfNext) {
  const std::string data =
      "\xEF\xBB\xBFid,name,site,x,y\r\n1,\"Acme, Inc.\",acme.com,,\r\n\r\n"
      "2,\"multi\nline\"\n3\r4,\"a\"\"b\",\"\"\n,\n5,,,,\n6";
  auto expected = Parse(data);
  ASSERT_TRUE(expected.ok()) << expected.status();
  std::unique_ptr<CsvReader> reader =
      CsvReader::FromString(data, "accounts.csv");
  auto rows = ReadAllReusingOneRow(*reader);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), expected->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    EXPECT_EQ((*rows)[i].fields, (*expected)[i].fields) << "record " << i;
    EXPECT_EQ((*rows)[i].row, (*expected)[i].row) << "record " << i;
    EXPECT_EQ((*rows)[i].line, (*expected)[i].line) << "record " << i;
  }
  EXPECT_EQ(Fields(*rows), (Table{{"id", "name", "site", "x", "y"},
                                  {"1", "Acme, Inc.", "acme.com", "", ""},
                                  {"2", "multi\nline"},
                                  {"3"},
                                  {"4", "a\"b", ""},
                                  {"", ""},
                                  {"5", "", "", "", ""},
                                  {"6"}}));
}

TEST(CsvReaderTest, NextIntoRowReusesStorageAcrossWidths) {
  const std::string long_a(100, 'a');
  const std::string long_b(60, 'b');
  std::unique_ptr<CsvReader> reader = CsvReader::FromString(
      long_a + ",2,3,4,5\n" + long_b + ",x\n\n" + long_a + ",q,r,s,t,u\n",
      "accounts.csv");
  CsvRow row;
  row.fields = {"stale", "stale", "stale", "stale", "stale", "stale", "stale"};

  auto more = reader->Next(row);
  ASSERT_TRUE(more.ok()) << more.status();
  ASSERT_TRUE(*more);
  EXPECT_THAT(row.fields, ElementsAre(long_a, "2", "3", "4", "5"));
  EXPECT_EQ(row.row, 1);
  EXPECT_EQ(row.line, 1);
  const std::string* vector_storage = row.fields.data();
  const char* first_field_storage = row.fields[0].data();

  more = reader->Next(row);
  ASSERT_TRUE(more.ok()) << more.status();
  ASSERT_TRUE(*more);
  EXPECT_THAT(row.fields, ElementsAre(long_b, "x"));
  EXPECT_EQ(row.row, 2);
  EXPECT_EQ(row.line, 2);
  // Narrower record, shorter first field: nothing was reallocated.
  EXPECT_EQ(row.fields.data(), vector_storage);
  EXPECT_EQ(row.fields[0].data(), first_field_storage);

  more = reader->Next(row);
  ASSERT_TRUE(more.ok()) << more.status();
  ASSERT_TRUE(*more);
  EXPECT_THAT(row.fields, ElementsAre(long_a, "q", "r", "s", "t", "u"));
  EXPECT_EQ(row.row, 3);
  EXPECT_EQ(row.line, 4);
  EXPECT_EQ(row.fields[0].data(), first_field_storage);

  for (int i = 0; i < 3; ++i) {
    more = reader->Next(row);
    ASSERT_TRUE(more.ok()) << more.status();
    EXPECT_FALSE(*more);
  }
}

TEST(CsvReaderTest, NextIntoRowReportsErrorsLikeNext) {
  const std::string data = "a,b\nc,\"d\"e\nf\n";
  std::unique_ptr<CsvReader> plain = CsvReader::FromString(data, "crm.csv");
  std::unique_ptr<CsvReader> reusing = CsvReader::FromString(data, "crm.csv");
  ASSERT_TRUE(plain->Next().ok());
  CsvRow row;
  auto first = reusing->Next(row);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(*first);

  const absl::Status expected = plain->Next().status();
  const absl::Status status = reusing->Next(row).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status, expected);
  EXPECT_THAT(status.message(), HasSubstr("row 2, line 2, column 2"));
  EXPECT_EQ(reusing->Next(row).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(reusing->Next().status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(CsvReaderTest, NextIntoRowAcrossChunksMatchesNext) {
  GeneratedCsv csv = Generate(2 * kChunk + 777);
  TempDir dir;
  auto reader = CsvReader::Open(WriteFile(dir, "big.csv", csv.text));
  ASSERT_TRUE(reader.ok()) << reader.status();
  auto rows = ReadAllReusingOneRow(**reader);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), csv.records.size());
  for (size_t i = 0; i < rows->size(); ++i) {
    ASSERT_EQ((*rows)[i].fields, csv.records[i]) << "record " << i;
    ASSERT_EQ((*rows)[i].row, static_cast<int64_t>(i) + 1);
    ASSERT_EQ((*rows)[i].line, csv.lines[i]) << "record " << i;
  }
}

}  // namespace
}  // namespace blindmap
