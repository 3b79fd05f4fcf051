#include "common/text/csv_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/text/utf8.h"

namespace blindmap {
namespace {

constexpr size_t kChunkBytes = 1 << 20;

// Bytes that end a run of ordinary field content.
enum ByteClass : unsigned char {
  kPlain = 0,
  kStopUnquoted = 1,
  kStopQuoted = 2
};

struct ByteTable {
  unsigned char cls[256] = {};
  constexpr ByteTable() {
    cls[static_cast<unsigned char>(',')] = kStopUnquoted;
    cls[static_cast<unsigned char>('"')] = kStopUnquoted | kStopQuoted;
    cls[static_cast<unsigned char>('\n')] = kStopUnquoted | kStopQuoted;
    cls[static_cast<unsigned char>('\r')] = kStopUnquoted | kStopQuoted;
  }
};
constexpr ByteTable kBytes;

// Index of the first byte in [begin, end) whose class has `mask` set, or end.
size_t ScanTo(const char* data, size_t begin, size_t end, unsigned char mask) {
  while (begin < end &&
         (kBytes.cls[static_cast<unsigned char>(data[begin])] & mask) == 0) {
    ++begin;
  }
  return begin;
}

class ChunkedCsvReader final : public CsvReader {
 public:
  // Reads from `fd` (owned; closed on destruction) in kChunkBytes chunks.
  ChunkedCsvReader(int fd, std::string source_name)
      : source_name_(std::move(source_name)), fd_(fd) {}
  // Parses `data` in one piece.
  ChunkedCsvReader(std::string data, std::string source_name)
      : source_name_(std::move(source_name)), buffer_(std::move(data)) {
    end_ = buffer_.size();
    input_done_ = true;
  }
  ~ChunkedCsvReader() override {
    if (fd_ >= 0) close(fd_);
  }
  ChunkedCsvReader(const ChunkedCsvReader&) = delete;
  ChunkedCsvReader& operator=(const ChunkedCsvReader&) = delete;

  using CsvReader::Next;

  absl::StatusOr<bool> Next(CsvRow& row) override {
    if (!status_.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat(source_name_, ": reader used after an error"));
    }
    absl::StatusOr<bool> result;
    try {
      result = ParseRecord(row);
    } catch (const std::bad_alloc&) {
      result = absl::ResourceExhaustedError(
          absl::StrCat(source_name_, ": out of memory while reading"));
    }
    if (!result.ok()) status_ = result.status();
    return result;
  }

  const std::string& source_name() const override { return source_name_; }

 private:
  enum class State {
    kRecordStart,   // nothing of the record consumed yet
    kFieldStart,    // at the first byte of a field
    kUnquoted,      // inside an unquoted field
    kQuoted,        // inside a quoted field
    kQuoteInQuoted  // just after a '"' inside a quoted field
  };

  // Reads one record into `row` (see CsvReader::Next(CsvRow&)).
  absl::StatusOr<bool> ParseRecord(CsvRow& row);

  // Makes at least one unread byte available. False at end of input or on a
  // read error (then `status_` is set).
  bool Fill();

  // Makes row.fields[fields_] the current field, empty.
  void StartField(CsvRow& row);
  // Appends buffer_[from, to) to the field. False if the field would grow
  // beyond kMaxFieldBytes.
  bool Append(size_t from, size_t to);
  // Validates the current field and counts it.
  absl::Status FinishField();

  absl::Status Error(int64_t line, int64_t column,
                     absl::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: row %d, line %d, column %d: %s", source_name_,
                        rows_ + 1, line, column, what));
  }

  std::string source_name_;
  int fd_ = -1;
  std::string buffer_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool input_done_ = false;  // no more bytes beyond buffer_[.., end_)
  bool bom_checked_ = false;
  absl::Status status_;

  bool skip_lf_ = false;  // the previous record ended with a CR
  bool prev_cr_ = false;  // last byte consumed inside a quoted field was CR
  int64_t line_ = 1;      // physical line of buffer_[pos_]
  int64_t rows_ = 0;      // records returned so far

  // The record being read: fields finished so far, the current one (in the
  // caller's row) and where it started.
  size_t fields_ = 0;
  std::string* field_ = nullptr;
  int64_t field_line_ = 0;
  size_t last_width_ = 0;  // fields in the previous record
};

bool ChunkedCsvReader::Fill() {
  if (pos_ < end_) return true;
  if (input_done_) return false;
  if (buffer_.size() != kChunkBytes) buffer_.resize(kChunkBytes);
  size_t filled = 0;
  // Fill the chunk completely (pipes return short reads) or up to EOF.
  while (filled < kChunkBytes) {
    const ssize_t n = read(fd_, buffer_.data() + filled, kChunkBytes - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      status_ = absl::InternalError(
          absl::StrCat(source_name_, ": read failed: ", std::strerror(errno)));
      input_done_ = true;
      pos_ = end_ = 0;
      return false;
    }
    if (n == 0) {
      input_done_ = true;
      break;
    }
    filled += static_cast<size_t>(n);
  }
  pos_ = 0;
  end_ = filled;
  return end_ > 0;
}

void ChunkedCsvReader::StartField(CsvRow& row) {
  if (fields_ == row.fields.size()) row.fields.emplace_back();
  field_ = &row.fields[fields_];
  field_->clear();
}

bool ChunkedCsvReader::Append(size_t from, size_t to) {
  if (field_->size() + (to - from) > kMaxFieldBytes) return false;
  field_->append(buffer_.data() + from, to - from);
  return true;
}

absl::Status ChunkedCsvReader::FinishField() {
  const std::string& field = *field_;
  const size_t bad = FindInvalidUtf8(field);
  if (bad != absl::string_view::npos) {
    // Line of the offending byte: the field's first line plus the line breaks
    // before it (CRLF counts once).
    int64_t line = field_line_;
    for (size_t i = 0; i < bad; ++i) {
      if (field[i] == '\r' ||
          (field[i] == '\n' && (i == 0 || field[i - 1] != '\r'))) {
        ++line;
      }
    }
    return Error(line, static_cast<int64_t>(fields_) + 1, "invalid UTF-8");
  }
  ++fields_;
  return absl::OkStatus();
}

absl::StatusOr<bool> ChunkedCsvReader::ParseRecord(CsvRow& row) {
  State state = State::kRecordStart;
  fields_ = 0;
  field_ = nullptr;
  // A new row (as Next() passes) gets room for as many fields as the last.
  if (row.fields.capacity() < last_width_) row.fields.reserve(last_width_);
  const auto column = [this] { return static_cast<int64_t>(fields_) + 1; };
  const auto too_long = [&] {
    return Error(line_, column(),
                 absl::StrCat("field longer than ", kMaxFieldBytes, " bytes"));
  };
  const auto finish_record = [&]() -> absl::StatusOr<bool> {
    row.fields.resize(fields_);
    last_width_ = fields_;
    ++rows_;
    row.row = rows_;
    return true;
  };

  while (true) {
    if (!Fill()) {
      if (!status_.ok()) return status_;
      switch (state) {
        case State::kRecordStart:
          return false;
        case State::kQuoted:
          return Error(field_line_, column(), "unterminated quoted field");
        case State::kFieldStart:
        case State::kUnquoted:
        case State::kQuoteInQuoted: {
          absl::Status status = FinishField();
          if (!status.ok()) return status;
          return finish_record();
        }
      }
    }
    if (!bom_checked_) {
      bom_checked_ = true;
      if (end_ - pos_ >= 3 && buffer_.compare(pos_, 3, "\xEF\xBB\xBF") == 0) {
        pos_ += 3;
        continue;
      }
    }
    const char* data = buffer_.data();
    switch (state) {
      case State::kRecordStart: {
        const char c = data[pos_];
        if (skip_lf_) {
          skip_lf_ = false;
          if (c == '\n') {
            ++pos_;
            continue;
          }
        }
        if (c == '\n' || c == '\r') {  // a blank line
          ++line_;
          ++pos_;
          skip_lf_ = c == '\r';
          continue;
        }
        row.line = line_;
        StartField(row);
        state = State::kFieldStart;
        continue;
      }
      case State::kFieldStart:
        field_line_ = line_;
        if (data[pos_] == '"') {
          ++pos_;
          prev_cr_ = false;
          state = State::kQuoted;
        } else {
          state = State::kUnquoted;
        }
        continue;
      case State::kUnquoted: {
        const size_t stop = ScanTo(data, pos_, end_, kStopUnquoted);
        if (stop > pos_) {
          if (!Append(pos_, stop)) return too_long();
          pos_ = stop;
        }
        if (pos_ == end_) continue;
        const char c = data[pos_++];
        if (c == '"') {
          return Error(line_, column(), "'\"' inside an unquoted field");
        }
        absl::Status status = FinishField();
        if (!status.ok()) return status;
        if (c == ',') {
          StartField(row);
          state = State::kFieldStart;
          continue;
        }
        ++line_;
        skip_lf_ = c == '\r';
        return finish_record();
      }
      case State::kQuoted: {
        const size_t stop = ScanTo(data, pos_, end_, kStopQuoted);
        if (stop > pos_) {
          if (!Append(pos_, stop)) return too_long();
          pos_ = stop;
          prev_cr_ = false;
        }
        if (pos_ == end_) continue;
        const char c = data[pos_];
        if (c == '"') {
          ++pos_;
          state = State::kQuoteInQuoted;
          continue;
        }
        // A line break inside the field is content; CRLF is one line.
        if (c == '\r' || !prev_cr_) ++line_;
        prev_cr_ = c == '\r';
        if (!Append(pos_, pos_ + 1)) return too_long();
        ++pos_;
        continue;
      }
      case State::kQuoteInQuoted: {
        const char c = data[pos_];
        if (c == '"') {  // "" is a literal quote
          if (!Append(pos_, pos_ + 1)) return too_long();
          ++pos_;
          prev_cr_ = false;
          state = State::kQuoted;
          continue;
        }
        if (c != ',' && c != '\n' && c != '\r') {
          return Error(line_, column(),
                       "unexpected character after a closing quote");
        }
        ++pos_;
        absl::Status status = FinishField();
        if (!status.ok()) return status;
        if (c == ',') {
          StartField(row);
          state = State::kFieldStart;
          continue;
        }
        ++line_;
        skip_lf_ = c == '\r';
        return finish_record();
      }
    }
  }
}

}  // namespace

absl::StatusOr<std::optional<CsvRow>> CsvReader::Next() {
  CsvRow row;
  absl::StatusOr<bool> read = Next(row);
  if (!read.ok()) return read.status();
  if (!*read) return std::optional<CsvRow>();
  return std::optional<CsvRow>(std::move(row));
}

absl::StatusOr<std::unique_ptr<CsvReader>> CsvReader::Open(
    const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    const std::string message =
        absl::StrCat(path, ": cannot open: ", std::strerror(error));
    switch (error) {
      case ENOENT:
      case ENOTDIR:
        return absl::NotFoundError(message);
      case EACCES:
      case EPERM:
        return absl::PermissionDeniedError(message);
      default:
        return absl::InternalError(message);
    }
  }
  struct stat info;
  if (fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    close(fd);
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": is a directory, not a CSV file"));
  }
  return std::unique_ptr<CsvReader>(new ChunkedCsvReader(fd, path));
}

std::unique_ptr<CsvReader> CsvReader::FromString(std::string data,
                                                 std::string source_name) {
  return std::unique_ptr<CsvReader>(
      new ChunkedCsvReader(std::move(data), std::move(source_name)));
}

}  // namespace blindmap
