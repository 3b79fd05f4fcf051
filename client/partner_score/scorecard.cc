#include "client/partner_score/scorecard.h"

#include <memory>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/base/party_name.h"
#include "common/base/status_macros.h"
#include "common/text/csv_reader.h"

namespace blindmap {
namespace {

enum Field { kPartner, kSegmentFit, kMotion, kMotionFit, kCapacity, kNotes };

constexpr const char* kColumns[] = {"partner",    "segment_fit",      "motion",
                                    "motion_fit", "selling_capacity", "notes"};

std::string ColumnKey(absl::string_view header) {
  std::string key = absl::AsciiStrToLower(absl::StripAsciiWhitespace(header));
  absl::StrReplaceAll({{" ", "_"}, {"-", "_"}}, &key);
  return key;
}

absl::StatusOr<std::optional<int>> Score(const std::string& path, int64_t row,
                                         size_t column, absl::string_view name,
                                         absl::string_view cell) {
  const absl::string_view text = absl::StripAsciiWhitespace(cell);
  if (text.empty()) return std::optional<int>();
  int value = 0;
  if (!absl::SimpleAtoi(text, &value) || value < 1 || value > 5) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": row ", row, ", column ", column + 1, " (", name,
                     "): a score is a whole number from 1 to 5, or blank"));
  }
  return std::optional<int>(value);
}

}  // namespace

absl::StatusOr<std::map<std::string, ScorecardEntry>> ReadScorecard(
    const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::Open(path));
  ASSIGN_OR_RETURN(std::optional<CsvRow> header, reader->Next());
  std::map<std::string, ScorecardEntry> entries;
  if (!header.has_value()) return entries;
  std::vector<int> field_of(header->fields.size(), -1);
  bool has_partner = false;
  for (size_t i = 0; i < header->fields.size(); ++i) {
    const std::string key = ColumnKey(header->fields[i]);
    bool known = false;
    for (int f = kPartner; f <= kNotes; ++f) {
      if (key == kColumns[f]) {
        field_of[i] = f;
        known = true;
        has_partner |= f == kPartner;
      }
    }
    if (!known && !key.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": row 1, column ", i + 1,
          ": unknown column (use partner, segment_fit, motion, motion_fit, "
          "selling_capacity, notes)"));
    }
  }
  if (!has_partner) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": row 1: no partner column"));
  }
  CsvRow row;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader->Next(row));
    if (!more) break;
    ScorecardEntry entry;
    entry.row = row.row;
    bool blank = true;
    for (size_t i = 0; i < row.fields.size() && i < field_of.size(); ++i) {
      const std::string& cell = row.fields[i];
      if (!absl::StripAsciiWhitespace(cell).empty()) blank = false;
      switch (field_of[i]) {
        case kPartner:
          entry.partner = std::string(absl::StripAsciiWhitespace(cell));
          break;
        case kSegmentFit: {
          ASSIGN_OR_RETURN(entry.segment_fit,
                           Score(path, row.row, i, "segment_fit", cell));
          break;
        }
        case kMotionFit: {
          ASSIGN_OR_RETURN(entry.motion_fit,
                           Score(path, row.row, i, "motion_fit", cell));
          break;
        }
        case kCapacity: {
          ASSIGN_OR_RETURN(entry.selling_capacity,
                           Score(path, row.row, i, "selling_capacity", cell));
          break;
        }
        case kMotion: {
          std::vector<std::string> motions;
          for (absl::string_view part : absl::StrSplit(
                   cell, absl::ByAnyChar(";/,"), absl::SkipEmpty())) {
            const std::string motion = ColumnKey(part);
            if (motion.empty()) continue;
            if (motion != "resell" && motion != "refer" &&
                motion != "co_sell" && motion != "cosell" &&
                motion != "build") {
              return absl::InvalidArgumentError(absl::StrCat(
                  path, ": row ", row.row, ", column ", i + 1,
                  " (motion): expected resell, refer, co-sell or build"));
            }
            motions.push_back(
                motion == "co_sell" || motion == "cosell" ? "co-sell" : motion);
          }
          entry.motion = absl::StrJoin(motions, ", ");
          break;
        }
        case kNotes:
          entry.notes = cell;
          break;
        default:
          break;
      }
    }
    if (blank) continue;
    if (!IsValidPartyName(entry.partner)) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": row ", row.row,
          " (partner): expected the partner's party name (lowercase letters, "
          "digits, '-' and '_', starting with a letter)"));
    }
    if (entries.count(entry.partner) != 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": row ", row.row, " (partner): ", entry.partner,
          " is listed twice (first on row ", entries[entry.partner].row, ")"));
    }
    entries[entry.partner] = std::move(entry);
  }
  return entries;
}

}  // namespace blindmap
