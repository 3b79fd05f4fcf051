// `blindmap partner policy PARTY [settings]`: shows the partnership's agreed
// policies and any pending proposal, or proposes a change (both sides must
// propose the same for it to take effect).
#include "client/cli/cmd_policy.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/base/status_macros.h"
#include "common/crypto/sync_period.h"
#include "common/match/match_rule.h"
#include "common/match/probe_policy.h"

namespace blindmap {
namespace {

const CLI::Validator& EpsilonArgument() {
  static const CLI::Validator* validator = new CLI::Validator(
      [](std::string& value) -> std::string {
        char* end = nullptr;
        const double epsilon = std::strtod(value.c_str(), &end);
        if (value.empty() || end == nullptr || *end != '\0' ||
            !std::isfinite(epsilon) || epsilon < 0 ||
            epsilon > kMaxNoiseEpsilon) {
          return "expected a number from 0 (no noise) to 10";
        }
        return "";
      },
      "EPSILON");
  return *validator;
}

std::string PeopleTime(int64_t unix_seconds) {
  if (unix_seconds == 0) return "an unknown time";
  return absl::FormatTime("%Y-%m-%d %H:%M UTC",
                          absl::FromUnixSeconds(unix_seconds),
                          absl::UTCTimeZone());
}

std::string IsoTime(int64_t unix_seconds) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                          absl::FromUnixSeconds(unix_seconds),
                          absl::UTCTimeZone());
}

std::string Limit(uint32_t value) {
  return value == 0 ? "off" : absl::StrCat(value);
}

std::string Noise(double epsilon) {
  return epsilon > 0 ? absl::StrCat("epsilon=", FormatEpsilon(epsilon)) : "off";
}

// One difference between the agreed policies and a proposal: what changes,
// and the flag that proposes it.
struct PolicyChange {
  std::string description;  // "min population 25 -> 50"
  std::string flag;         // "--min-population 50"
};

std::vector<PolicyChange> ChangesBetween(
    v1::MatchPolicy agreed_match, const v1::ProbePolicy& agreed_probe,
    v1::MatchPolicy proposed_match, const v1::ProbePolicy& proposed_probe) {
  std::vector<PolicyChange> changes;
  const std::string from_match = MatchPolicyName(agreed_match);
  const std::string to_match = MatchPolicyName(proposed_match);
  if (from_match != to_match) {
    changes.push_back(
        {absl::StrCat("match policy ", from_match, " -> ", to_match),
         absl::StrCat("--match-policy ", to_match)});
  }
  const EffectiveProbePolicy from = EffectiveProbePolicyOf(agreed_probe);
  const EffectiveProbePolicy to = EffectiveProbePolicyOf(proposed_probe);
  auto limit = [&changes](const char* name, const char* flag, uint32_t a,
                          uint32_t b) {
    if (a == b) return;
    changes.push_back({absl::StrCat(name, " ", Limit(a), " -> ", Limit(b)),
                       absl::StrCat(flag, " ", b)});
  };
  limit("min population", "--min-population", from.min_population_size,
        to.min_population_size);
  limit("max uploads/period", "--max-uploads", from.max_uploads_per_period,
        to.max_uploads_per_period);
  limit("difference check", "--min-changed", from.min_changed_records,
        to.min_changed_records);
  if (from.noise_epsilon != to.noise_epsilon) {
    changes.push_back(
        {absl::StrCat("noise ", Noise(from.noise_epsilon), " -> ",
                      Noise(to.noise_epsilon)),
         absl::StrCat("--noise-epsilon ", FormatEpsilon(to.noise_epsilon))});
  }
  return changes;
}

std::vector<PolicyChange> PendingChanges(const v1::Partnership& p) {
  return ChangesBetween(p.match_policy(), p.probe_policy(),
                        p.pending_policy().match_policy(),
                        p.pending_policy().probe_policy());
}

std::string Descriptions(const std::vector<PolicyChange>& changes) {
  if (changes.empty()) return "the same as the agreed policy";
  std::vector<std::string> parts;
  for (const PolicyChange& c : changes) parts.push_back(c.description);
  return absl::StrJoin(parts, "; ");
}

std::string AgreeCommand(const std::string& other_party,
                         const std::vector<PolicyChange>& changes) {
  std::string command = absl::StrCat("blindmap partner policy ", other_party);
  for (const PolicyChange& c : changes) absl::StrAppend(&command, " ", c.flag);
  return command;
}

std::string PartnerOf(const v1::Partnership& p, const std::string& me) {
  return p.inviter() == me ? p.invitee() : p.inviter();
}

// "Match policy" and the four probe-policy items, labels padded.
std::string AgreedLines(const v1::Partnership& p) {
  std::vector<PolicyItem> items = {
      {"Match policy", absl::StrCat(MatchPolicyName(p.match_policy()), ": ",
                                    MatchPolicyDescription(p.match_policy()))}};
  for (PolicyItem& item : ProbePolicyItems(p.probe_policy())) {
    items.push_back(std::move(item));
  }
  size_t width = 0;
  for (const PolicyItem& item : items) {
    width = std::max(width, item.label.size());
  }
  std::string out;
  for (const PolicyItem& item : items) {
    absl::StrAppend(&out, "  ", item.label,
                    std::string(width - item.label.size(), ' '), "  ",
                    item.value, "\n");
  }
  return out;
}

std::string PendingText(const v1::Partnership& p, const std::string& me) {
  if (!p.has_pending_policy()) return "No pending proposal.\n";
  const v1::PolicyProposal& proposal = p.pending_policy();
  const std::vector<PolicyChange> changes = PendingChanges(p);
  std::string out;
  if (proposal.proposed_by() == me) {
    const std::string partner = PartnerOf(p, me);
    absl::StrAppend(&out, "Pending: your proposal of ",
                    PeopleTime(proposal.proposed_at_unix()), " awaits ",
                    partner, ": ", Descriptions(changes), ".\n", partner,
                    " agrees by running: ", AgreeCommand(me, changes), "\n");
  } else {
    absl::StrAppend(&out, "Pending: ", proposal.proposed_by(), " proposed on ",
                    PeopleTime(proposal.proposed_at_unix()), ": ",
                    Descriptions(changes), ".\nTo agree, run: ",
                    AgreeCommand(proposal.proposed_by(), changes), "\n");
  }
  return out;
}

nlohmann::json AgreedJson(const v1::Partnership& p) {
  return {{"match_policy", MatchPolicyName(p.match_policy())},
          {"probe_policy", ProbePolicyJson<nlohmann::json>(p.probe_policy())}};
}

nlohmann::json PolicyJson(const v1::Partnership& p, const std::string& me,
                          const char* result) {
  return {{"partner", PartnerOf(p, me)},
          {"partnership_id", p.id()},
          {"cadence", CadenceName(p.cadence())},
          {"agreed", AgreedJson(p)},
          {"pending_policy", PendingPolicyJson(p, me)},
          {"result", result}};
}

struct PolicyOptions {
  std::string partner;
  std::string match_policy;
  std::string format = "text";
  ProbePolicyFlags flags;
  CLI::Option* match_policy_option = nullptr;
};

bool SameMatchPolicy(v1::MatchPolicy a, v1::MatchPolicy b) {
  return std::string(MatchPolicyName(a)) == MatchPolicyName(b);
}

bool SameProbePolicy(const v1::ProbePolicy& a, const v1::ProbePolicy& b) {
  const EffectiveProbePolicy x = EffectiveProbePolicyOf(a);
  const EffectiveProbePolicy y = EffectiveProbePolicyOf(b);
  return x.min_population_size == y.min_population_size &&
         x.max_uploads_per_period == y.max_uploads_per_period &&
         x.min_changed_records == y.min_changed_records &&
         x.noise_epsilon == y.noise_epsilon;
}

absl::Status Policy(const GlobalOptions& global, const PolicyOptions& options) {
  const bool proposing =
      options.flags.any() || options.match_policy_option->count() > 0;
  v1::MatchPolicy match = v1::MATCH_POLICY_UNSPECIFIED;
  if (options.match_policy_option->count() > 0) {
    ASSIGN_OR_RETURN(match, ParseMatchPolicy(options.match_policy));
  }
  ASSIGN_OR_RETURN(Session session, OpenSession(global));
  ASSIGN_OR_RETURN(const std::string me, session.broker->WhoAmI());
  if (options.partner == me) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", me, "\" is you; name the partner (see `blindmap partner list`)"));
  }
  ASSIGN_OR_RETURN(v1::Partnership partnership,
                   session.broker->FindPartnership(options.partner));
  const bool json = options.format == "json";
  const std::string header = absl::StrCat(
      "Policy of the partnership with ", options.partner, " (",
      partnership.id(), ", ", CadenceName(partnership.cadence()), " sync)\n");

  if (!proposing) {
    if (json) {
      std::cout << PolicyJson(partnership, me, "shown").dump(2) << "\n";
    } else {
      std::cout << header << "\nAgreed:\n"
                << AgreedLines(partnership) << "\n"
                << PendingText(partnership, me);
    }
    return absl::OkStatus();
  }

  if (options.match_policy_option->count() == 0) {
    match = partnership.match_policy();
  }
  const v1::ProbePolicy proposed = ExplicitProbePolicy(options.flags.ApplyTo(
      EffectiveProbePolicyOf(partnership.probe_policy())));
  if (!partnership.has_pending_policy() &&
      SameMatchPolicy(match, partnership.match_policy()) &&
      SameProbePolicy(proposed, partnership.probe_policy())) {
    if (json) {
      std::cout << PolicyJson(partnership, me, "unchanged").dump(2) << "\n";
    } else {
      std::cout << "That is already the agreed policy; nothing to propose.\n";
    }
    return absl::OkStatus();
  }
  const std::vector<PolicyChange> changes = ChangesBetween(
      partnership.match_policy(), partnership.probe_policy(), match, proposed);
  ASSIGN_OR_RETURN(
      v1::Partnership updated,
      session.broker->ProposePolicy(partnership.id(), match, proposed));
  const bool took_effect = !updated.has_pending_policy();
  if (json) {
    std::cout << PolicyJson(updated, me,
                            took_effect ? "took_effect" : "awaiting_partner")
                     .dump(2)
              << "\n";
    return absl::OkStatus();
  }
  if (took_effect) {
    std::cout << "The new policy took effect (" << options.partner
              << " had proposed the same): " << Descriptions(changes)
              << ".\n\nAgreed:\n"
              << AgreedLines(updated);
  } else {
    std::cout << "Proposed to " << options.partner << ": "
              << Descriptions(changes) << ".\nIt takes effect when "
              << options.partner << " proposes the same:\n    "
              << AgreeCommand(me, changes)
              << "\nUntil then the agreed policy stays in force.\n";
  }
  return absl::OkStatus();
}

}  // namespace

void ProbePolicyFlags::AddTo(CLI::App& command) {
  min_population_option_ =
      command
          .add_option("--min-population", min_population,
                      "Populations with fewer records are not counted, on "
                      "either side (default 25; 0 switches the limit off)")
          ->check(CLI::Range(0u, kMaxMinPopulationSize));
  max_uploads_option_ =
      command
          .add_option("--max-uploads", max_uploads,
                      "Uploads each side may make per sync period, refused "
                      "ones included (default 4; 0 switches the limit off)")
          ->check(CLI::Range(0u, kMaxUploadsLimit));
  min_changed_option_ =
      command
          .add_option("--min-changed", min_changed,
                      "A re-upload within a period must differ from the "
                      "previous one in at least this many records (default "
                      "10; 0 switches the check off)")
          ->check(CLI::Range(0u, kMaxMinChangedRecords));
  noise_epsilon_option_ =
      command
          .add_option("--noise-epsilon", noise_epsilon,
                      "Add noise to every count with this epsilon (smaller "
                      "is noisier; default 0 = no noise; at most 10)")
          ->check(EpsilonArgument());
}

bool ProbePolicyFlags::any() const {
  for (const CLI::Option* option :
       {min_population_option_, max_uploads_option_, min_changed_option_,
        noise_epsilon_option_}) {
    if (option != nullptr && option->count() > 0) return true;
  }
  return false;
}

v1::ProbePolicy ProbePolicyFlags::Given() const {
  v1::ProbePolicy policy;
  if (min_population_option_->count() > 0) {
    policy.set_min_population_size(min_population);
  }
  if (max_uploads_option_->count() > 0) {
    policy.set_max_uploads_per_period(max_uploads);
  }
  if (min_changed_option_->count() > 0) {
    policy.set_min_changed_records(min_changed);
  }
  if (noise_epsilon_option_->count() > 0) {
    policy.set_noise_epsilon(noise_epsilon);
  }
  return policy;
}

EffectiveProbePolicy ProbePolicyFlags::ApplyTo(
    EffectiveProbePolicy base) const {
  if (min_population_option_->count() > 0) {
    base.min_population_size = min_population;
  }
  if (max_uploads_option_->count() > 0) {
    base.max_uploads_per_period = max_uploads;
  }
  if (min_changed_option_->count() > 0) base.min_changed_records = min_changed;
  if (noise_epsilon_option_->count() > 0) base.noise_epsilon = noise_epsilon;
  return base;
}

std::string PendingPolicyLine(const v1::Partnership& partnership,
                              const std::string& me) {
  if (!partnership.has_pending_policy()) return "";
  const v1::PolicyProposal& proposal = partnership.pending_policy();
  const std::vector<PolicyChange> changes = PendingChanges(partnership);
  if (proposal.proposed_by() == me) {
    return absl::StrCat(
        "you proposed on ", PeopleTime(proposal.proposed_at_unix()), ": ",
        Descriptions(changes), " (awaiting ", PartnerOf(partnership, me), ")");
  }
  return absl::StrCat(
      proposal.proposed_by(), " proposed on ",
      PeopleTime(proposal.proposed_at_unix()), ": ", Descriptions(changes),
      "; agree with: ", AgreeCommand(proposal.proposed_by(), changes));
}

nlohmann::json PendingPolicyJson(const v1::Partnership& partnership,
                                 const std::string& me) {
  if (!partnership.has_pending_policy()) return nullptr;
  const v1::PolicyProposal& proposal = partnership.pending_policy();
  nlohmann::json changes = nlohmann::json::array();
  for (const PolicyChange& c : PendingChanges(partnership)) {
    changes.push_back(c.description);
  }
  return {{"proposed_by", proposal.proposed_by()},
          {"proposed_by_me", proposal.proposed_by() == me},
          {"proposed_at",
           proposal.proposed_at_unix() == 0
               ? nlohmann::json(nullptr)
               : nlohmann::json(IsoTime(proposal.proposed_at_unix()))},
          {"proposed_at_unix", proposal.proposed_at_unix()},
          {"match_policy", MatchPolicyName(proposal.match_policy())},
          {"probe_policy",
           ProbePolicyJson<nlohmann::json>(proposal.probe_policy())},
          {"changes", changes}};
}

void AddPartnerPolicyCommand(CLI::App& partner, const GlobalOptions& global,
                             CommandResult& result) {
  auto options = std::make_shared<PolicyOptions>();
  CLI::App* policy = partner.add_subcommand(
      "policy",
      "Show the partnership's agreed policies and any pending proposal, or "
      "propose a change (it takes effect when the partner proposes the "
      "same)");
  policy->add_option("party", options->partner, "The partner's party name")
      ->required()
      ->check(PartyNameArgument());
  options->match_policy_option =
      policy
          ->add_option("--match-policy", options->match_policy,
                       "Propose a match policy: strict, standard or broad")
          ->check(CLI::IsMember({"strict", "standard", "broad"}));
  options->flags.AddTo(*policy);
  policy->add_option("--format", options->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  policy->callback(
      [&, options] { result.exit_code = Finish(Policy(global, *options)); });
}

}  // namespace blindmap
