// `blindmap partner policy`, the probe-policy flags it shares with `partner
// invite`, and how a pending policy proposal reads in `partner list`.
#ifndef BLINDMAP_CLIENT_CLI_CMD_POLICY_H_
#define BLINDMAP_CLIENT_CLI_CMD_POLICY_H_

#include <cstdint>
#include <string>

#include "CLI/CLI.hpp"
#include "blindmap/v1/broker.pb.h"
#include "client/cli/cli_support.h"
#include "client/report/probe_policy_text.h"
#include "nlohmann/json.hpp"

namespace blindmap {

// --min-population, --max-uploads, --min-changed, --noise-epsilon. CLI11
// writes into the members, so an instance must stay put (keep it in the
// command's shared options) until the command has run. Values are checked
// at parse time against the broker's limits (min population and min changed
// at most 1,000,000, uploads at most 1,000, epsilon 0..10 and finite).
struct ProbePolicyFlags {
  uint32_t min_population = 0;
  uint32_t max_uploads = 0;
  uint32_t min_changed = 0;
  double noise_epsilon = 0;

  // Adds the four options to `command`; the help text names each default
  // and that 0 switches a limit off.
  void AddTo(CLI::App& command);
  // True when any of the four was given.
  bool any() const;
  // Only the given fields set (the broker fills in the defaults).
  v1::ProbePolicy Given() const;
  // `base` with the given fields replaced.
  EffectiveProbePolicy ApplyTo(EffectiveProbePolicy base) const;

 private:
  CLI::Option* min_population_option_ = nullptr;
  CLI::Option* max_uploads_option_ = nullptr;
  CLI::Option* min_changed_option_ = nullptr;
  CLI::Option* noise_epsilon_option_ = nullptr;
};

// One line on the partnership's pending proposal as `me` sees it, e.g.
// "globex proposed on 2026-11-04: min population 25 -> 50; agree with:
// blindmap partner policy globex --min-population 50"; "" when none.
std::string PendingPolicyLine(const v1::Partnership& partnership,
                              const std::string& me);

// The pending proposal as JSON: {proposed_by, proposed_by_me, proposed_at
// (ISO 8601 UTC or null), proposed_at_unix, match_policy, probe_policy,
// changes[]}; null when none.
nlohmann::json PendingPolicyJson(const v1::Partnership& partnership,
                                 const std::string& me);

// Adds `policy` under `partner` (the `blindmap partner` command).
void AddPartnerPolicyCommand(CLI::App& partner, const GlobalOptions& global,
                             CommandResult& result);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CLI_CMD_POLICY_H_
