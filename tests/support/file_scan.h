// Scanning a directory's files for strings that must not be there: the
// broker's data directory and log after account data went through it, or
// after a partnership or party was deleted and RocksDB compacted.
#ifndef BLINDMAP_TESTS_SUPPORT_FILE_SCAN_H_
#define BLINDMAP_TESTS_SUPPORT_FILE_SCAN_H_

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace blindmap {

// A string to look for, and what it is (for the failure message).
struct Needle {
  std::string text;
  std::string what;
};

// Needles shorter than this are not added: a random byte string in RocksDB's
// files contains a given 6-byte string by chance with p < 1e-7 per MB.
inline constexpr size_t kMinNeedle = 6;

// Appends {text, what} unless `text` is shorter than kMinNeedle.
void AddNeedle(std::vector<Needle>& needles, const std::string& text,
               const std::string& what);

// Every regular file under `dir` and each of `extra_files`, as (path,
// contents).
std::vector<std::pair<std::string, std::string>> ReadTree(
    const std::string& dir, const std::vector<std::string>& extra_files = {});

// "<what> "<text>" in <path>" for every needle found in `files`.
std::set<std::string> FindNeedles(
    const std::vector<std::pair<std::string, std::string>>& files,
    const std::vector<Needle>& needles);

// How many of `needles` occur in some file (a control: before a deletion,
// all of them).
size_t CountFound(const std::vector<std::pair<std::string, std::string>>& files,
                  const std::vector<Needle>& needles);

// True if some file's contents contain `text` (a control: the scan does see
// what is stored by design).
bool AnyFileContains(
    const std::vector<std::pair<std::string, std::string>>& files,
    const std::string& text);

}  // namespace blindmap

#endif  // BLINDMAP_TESTS_SUPPORT_FILE_SCAN_H_
