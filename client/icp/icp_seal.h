// A party's ICP definition: from its config, and sealed end to end for one
// partner (AES-256-GCM under the partnership's ICP key, bound to the
// partnership and the author), like shared account detail.
#ifndef BLINDMAP_CLIENT_ICP_ICP_SEAL_H_
#define BLINDMAP_CLIENT_ICP_ICP_SEAL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "blindmap/v1/icp.pb.h"
#include "client/config/portfolio_config.h"
#include "common/crypto/partnership_secret.h"

namespace blindmap {

// The definition `icp` describes, written by `party` at `now`. Pure.
v1::IcpDefinition IcpFromConfig(const IcpDefinitionConfig& icp,
                                const std::string& party, absl::Time now);

// Seals `icp` for the partnership `partnership_id` as written by `author`.
// INTERNAL only if the cryptography fails.
absl::StatusOr<std::string> SealIcp(const PartnershipSecret& secret,
                                    absl::string_view partnership_id,
                                    absl::string_view author,
                                    const v1::IcpDefinition& icp);

// Opens what SealIcp() sealed with the same secret, partnership and author.
// DATA_LOSS when it does not open (altered, sealed under another secret, or
// handed over as another side's or partnership's) or does not parse.
absl::StatusOr<v1::IcpDefinition> OpenIcp(const PartnershipSecret& secret,
                                          absl::string_view partnership_id,
                                          absl::string_view author,
                                          absl::string_view sealed);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_ICP_ICP_SEAL_H_
