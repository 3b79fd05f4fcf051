// Reads the input as a CSV export twice, with the reusing Next(CsvRow&) and
// with Next(), and checks that both see the same records and the same end,
// that numbering only grows, and that a reader stays ended or failed.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "common/text/csv_reader.h"
#include "fuzz/fuzz_check.h"

namespace {

constexpr int kMaxRecords = 1 << 16;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using blindmap::CsvReader;
  using blindmap::CsvRow;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::unique_ptr<CsvReader> reusing = CsvReader::FromString(text, "fuzz.csv");
  std::unique_ptr<CsvReader> fresh = CsvReader::FromString(text, "fuzz.csv");
  CsvRow row;
  int64_t last_row = 0;
  int64_t last_line = 0;
  for (int i = 0; i < kMaxRecords; ++i) {
    absl::StatusOr<bool> next = reusing->Next(row);
    absl::StatusOr<std::optional<CsvRow>> other = fresh->Next();
    FUZZ_CHECK(next.ok() == other.ok());
    if (!next.ok()) {
      FUZZ_CHECK(next.status() == other.status());
      FUZZ_CHECK(absl::IsInvalidArgument(next.status()));
      FUZZ_CHECK(absl::IsFailedPrecondition(reusing->Next(row).status()));
      break;
    }
    FUZZ_CHECK(*next == other->has_value());
    if (!*next) {
      absl::StatusOr<bool> again = reusing->Next(row);
      FUZZ_CHECK(again.ok() && !*again);
      break;
    }
    FUZZ_CHECK(row.fields == (*other)->fields);
    FUZZ_CHECK(row.row == (*other)->row && row.line == (*other)->line);
    FUZZ_CHECK(row.row == last_row + 1);
    FUZZ_CHECK(row.line > last_line);
    FUZZ_CHECK(!row.fields.empty());
    for (const std::string& field : row.fields) {
      FUZZ_CHECK(field.size() <= size);
    }
    last_row = row.row;
    last_line = row.line;
  }
  return 0;
}
