#include "client/config/secret_file.h"

#include "absl/strings/str_cat.h"
#include "common/base/party_name.h"
#include "common/base/status_macros.h"

namespace blindmap {

absl::StatusOr<PartnershipSecret> LoadSecret(const ClientConfig& config,
                                             const std::string& partner,
                                             const std::string& secret_file) {
  RETURN_IF_ERROR(CheckPartyName(partner, "the partner's name"));
  const std::string path =
      secret_file.empty() ? config.SecretFileFor(partner) : secret_file;
  absl::StatusOr<PartnershipSecret> secret = PartnershipSecret::ReadFile(path);
  if (absl::IsNotFound(secret.status())) {
    return absl::NotFoundError(absl::StrCat(
        "no partnership secret for ", partner, " at ", path,
        " (created by `blindmap partner invite` or `blindmap partner "
        "accept`)"));
  }
  return secret;
}

}  // namespace blindmap
