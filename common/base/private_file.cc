#include "common/base/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace blindmap {

absl::Status EnsurePrivateDir(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create directory ", dir, ": ", error.message()));
  }
  if (chmod(dir.c_str(), 0700) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot restrict directory ", dir, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

namespace {

// NOT_FOUND if `path` is missing, FAILED_PRECONDITION if group or others can
// access it.
absl::Status CheckPrivateMode(const std::string& path, absl::string_view what) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      return absl::NotFoundError(
          absl::StrCat(what, " file ", path, " does not exist"));
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot stat ", what, " file ", path, ": ", std::strerror(errno)));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "%s file %s is accessible by group or others (mode %04o); run: chmod "
        "600 %s",
        what, path, st.st_mode & 07777, path));
  }
  return absl::OkStatus();
}

absl::Status EmptyOrUnreadable(const std::string& path,
                               absl::string_view what) {
  return absl::FailedPreconditionError(
      absl::StrCat(what, " file ", path, " is empty or unreadable"));
}

}  // namespace

absl::StatusOr<std::string> ReadPrivateFile(const std::string& path,
                                            absl::string_view what) {
  if (absl::Status mode = CheckPrivateMode(path, what); !mode.ok()) {
    return mode;
  }
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line) ||
      absl::StripAsciiWhitespace(line).empty()) {
    return EmptyOrUnreadable(path, what);
  }
  return std::string(absl::StripAsciiWhitespace(line));
}

absl::StatusOr<std::string> ReadPrivateText(const std::string& path,
                                            absl::string_view what) {
  if (absl::Status mode = CheckPrivateMode(path, what); !mode.ok()) {
    return mode;
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) return EmptyOrUnreadable(path, what);
  return text.str();
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path,
                                          absl::string_view what) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read ", what, " ", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Status WritePrivateFile(const std::string& path, absl::string_view line,
                              absl::string_view what) {
  const int fd =
      open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return absl::AlreadyExistsError(absl::StrCat(
          what, " file ", path,
          " already exists and is never overwritten (move it away first if "
          "you really mean to replace it)"));
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot create ", what, " file ", path, ": ", std::strerror(errno)));
  }
  const std::string text = absl::StrCat(line, "\n");
  const bool ok = write(fd, text.data(), text.size()) ==
                      static_cast<ssize_t>(text.size()) &&
                  fsync(fd) == 0;
  close(fd);
  if (!ok) {
    unlink(path.c_str());
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write ", what, " file ", path));
  }
  return absl::OkStatus();
}

}  // namespace blindmap
