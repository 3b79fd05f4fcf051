// Streaming RFC 4180 CSV reader.
#ifndef BLINDMAP_COMMON_TEXT_CSV_READER_H_
#define BLINDMAP_COMMON_TEXT_CSV_READER_H_

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace blindmap {

// One logical CSV record.
struct CsvRow {
  // Spreadsheet row number: the first record in the file (normally the
  // header) is row 1. Counts records, not lines.
  int64_t row = 0;
  // 1-based physical line on which the record starts (differs from `row`
  // after quoted fields with embedded newlines).
  int64_t line = 0;
  std::vector<std::string> fields;
};

// Reads CSV as Excel, Salesforce and HubSpot write it (RFC 4180):
//  - fields separated by ',', records by LF or CRLF (a lone CR also ends a
//    record); a final record without a line break is accepted;
//  - double-quoted fields may contain commas, line breaks and "" for a quote;
//  - a UTF-8 byte order mark at the start of the input is skipped;
//  - rows may have any number of fields ("ragged"): the reader returns what
//    is there and leaves padding or rejection to the caller;
//  - blank lines (no characters at all) are skipped but still counted in
//    `line`, not in `row`.
// Errors (absl::InvalidArgumentError) name the source, row, line and 1-based
// column: an unterminated quoted field at end of input, a character other
// than ',' or a line break after a closing quote, a bare '"' inside an
// unquoted field, a field longer than `kMaxFieldBytes`, or invalid UTF-8. The
// message never contains field contents. In messages, "row" is the record
// being read (as in `CsvRow::row`), "column" is the 1-based field index within
// it, and "line" is the physical line of the offending byte (for an
// unterminated quoted field: the line on which the quote was opened).
// A read error of the underlying file is an absl::InternalError.
//
// Owns its input. Not thread-safe; use one reader per thread.
class CsvReader {
 public:
  static constexpr size_t kMaxFieldBytes = 1 << 20;

  // Opens `path` for reading. NotFoundError if it does not exist,
  // PermissionDeniedError if it may not be read, InvalidArgumentError if it
  // is a directory, InternalError for other open failures.
  static absl::StatusOr<std::unique_ptr<CsvReader>> Open(
      const std::string& path);
  // Reads from an in-memory string; `source_name` is used in messages.
  static std::unique_ptr<CsvReader> FromString(std::string data,
                                               std::string source_name);

  virtual ~CsvReader() = default;

  // Reuses row's storage; prefer in hot loops. Reads the next record into
  // `row` and returns true; false at end of input (and on every later call);
  // or the error Next() would give (same codes, messages and row numbering,
  // and FailedPreconditionError on every call after an error). `row.fields`
  // is resized to the record's width, keeping the vector's capacity and that
  // of the strings that stay, so reading into one CsvRow usually allocates
  // nothing. After false or an error the contents of `row` are unspecified.
  virtual absl::StatusOr<bool> Next(CsvRow& row) = 0;

  // The next record in a new CsvRow, std::nullopt at end of input (and on
  // every later call), or an error. After an error every later call returns
  // FailedPreconditionError. A wrapper of Next(CsvRow&).
  absl::StatusOr<std::optional<CsvRow>> Next();

  // Name used in error messages (the path, or `source_name`).
  virtual const std::string& source_name() const = 0;
};

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_TEXT_CSV_READER_H_
