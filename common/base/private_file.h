// Files and directories only their owner may read: secrets, tokens, keys.
#ifndef BLINDMAP_COMMON_BASE_PRIVATE_FILE_H_
#define BLINDMAP_COMMON_BASE_PRIVATE_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace blindmap {

// Creates `dir` (and parents) if missing and makes it mode 0700.
// FAILED_PRECONDITION with the path and the system's reason on failure.
absl::Status EnsurePrivateDir(const std::string& dir);

// The first line of `path`, trimmed. `what` names the file in messages
// ("API token", ...). NOT_FOUND if missing, FAILED_PRECONDITION if group or
// others can access it (with the chmod to run) or it is empty. Messages
// never contain the contents.
absl::StatusOr<std::string> ReadPrivateFile(const std::string& path,
                                            absl::string_view what);

// The whole of `path` (a PEM key, say), with ReadPrivateFile's checks.
absl::StatusOr<std::string> ReadPrivateText(const std::string& path,
                                            absl::string_view what);

// The whole of a file anyone may read (a certificate). NOT_FOUND naming
// `what` and the path if it cannot be read.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path,
                                          absl::string_view what);

// Creates `path` with mode 0600 holding `line` and a newline, synced.
// ALREADY_EXISTS if it exists (never overwritten), FAILED_PRECONDITION on
// other failures (a partial file is removed).
absl::Status WritePrivateFile(const std::string& path, absl::string_view line,
                              absl::string_view what);

}  // namespace blindmap

#endif  // BLINDMAP_COMMON_BASE_PRIVATE_FILE_H_
