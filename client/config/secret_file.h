// Where a partnership's secret lives on this machine, and reading it.
#ifndef BLINDMAP_CLIENT_CONFIG_SECRET_FILE_H_
#define BLINDMAP_CLIENT_CONFIG_SECRET_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "client/config/client_config.h"
#include "common/crypto/partnership_secret.h"

namespace blindmap {

// The partnership secret shared with `partner`, from `secret_file` or, when
// that is empty, from the config's file for that partner. Errors:
// INVALID_ARGUMENT for a malformed partner name, NOT_FOUND naming the
// missing file and the commands that create it, and PartnershipSecret's
// for an unreadable or malformed file. Never puts the secret in a message.
absl::StatusOr<PartnershipSecret> LoadSecret(const ClientConfig& config,
                                             const std::string& partner,
                                             const std::string& secret_file);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CONFIG_SECRET_FILE_H_
