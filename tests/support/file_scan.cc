#include "tests/support/file_scan.h"

#include <filesystem>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "tests/support/subprocess.h"

namespace blindmap {

void AddNeedle(std::vector<Needle>& needles, const std::string& text,
               const std::string& what) {
  if (text.size() >= kMinNeedle) needles.push_back({text, what});
}

std::vector<std::pair<std::string, std::string>> ReadTree(
    const std::string& dir, const std::vector<std::string>& extra_files) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      files.emplace_back(entry.path().string(),
                         ReadFileOrEmpty(entry.path().string()));
    }
  }
  for (const std::string& path : extra_files) {
    files.emplace_back(path, ReadFileOrEmpty(path));
  }
  return files;
}

std::set<std::string> FindNeedles(
    const std::vector<std::pair<std::string, std::string>>& files,
    const std::vector<Needle>& needles) {
  std::set<std::string> found;
  for (const auto& [path, contents] : files) {
    for (const Needle& needle : needles) {
      if (contents.find(needle.text) != std::string::npos) {
        found.insert(absl::StrCat(
            needle.what, " \"", absl::CHexEscape(needle.text), "\" in ", path));
      }
    }
  }
  return found;
}

size_t CountFound(const std::vector<std::pair<std::string, std::string>>& files,
                  const std::vector<Needle>& needles) {
  size_t found = 0;
  for (const Needle& needle : needles) {
    if (AnyFileContains(files, needle.text)) ++found;
  }
  return found;
}

bool AnyFileContains(
    const std::vector<std::pair<std::string, std::string>>& files,
    const std::string& text) {
  for (const auto& [path, contents] : files) {
    if (contents.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace blindmap
