// `blindmap whoami` and `blindmap partner invite|accept|list|revoke` (and
// `partner policy`, in cmd_policy.cc; `partner score`, in cmd_portfolio.cc).
#include <termios.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <iostream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "client/cli/cli_support.h"
#include "client/cli/cmd_policy.h"
#include "client/console/exit_codes.h"
#include "client/console/terminal_text.h"
#include "client/report/probe_policy_text.h"
#include "common/base/private_file.h"
#include "common/base/status_macros.h"
#include "common/crypto/key_schedule.h"
#include "common/crypto/sync_period.h"
#include "common/match/match_rule.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

const char* StateName(v1::PartnershipState state) {
  switch (state) {
    case v1::PARTNERSHIP_STATE_PENDING:
      return "pending";
    case v1::PARTNERSHIP_STATE_ACTIVE:
      return "active";
    default:
      return "unknown";
  }
}

std::string Day(int64_t unix_seconds) {
  if (unix_seconds == 0) return "-";
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(unix_seconds),
                          absl::UTCTimeZone());
}

nlohmann::json PartnershipJson(const v1::Partnership& p,
                               const std::string& me) {
  const bool inviter = p.inviter() == me;
  return {{"id", p.id()},
          {"partner", inviter ? p.invitee() : p.inviter()},
          {"role", inviter ? "inviter" : "invitee"},
          {"state", StateName(p.state())},
          {"cadence", CadenceName(p.cadence())},
          {"match_policy", MatchPolicyName(p.match_policy())},
          {"probe_policy", ProbePolicyJson<nlohmann::json>(p.probe_policy())},
          {"pending_policy", PendingPolicyJson(p, me)},
          {"created_at_unix", p.created_at_unix()},
          {"accepted_at_unix", p.accepted_at_unix()},
          {"my_latest_period",
           inviter ? p.inviter_latest_period() : p.invitee_latest_period()},
          {"partner_latest_period",
           inviter ? p.invitee_latest_period() : p.inviter_latest_period()},
          {"key_check_problem", p.key_check_problem()}};
}

absl::StatusOr<std::string> KeyCheckOf(const PartnershipSecret& secret) {
  return KeySchedule(secret).KeyCheck();
}

// The secret kept at `path`, or, when there is none and `make` is given, a
// new one from `make` saved there (mode 0600, directory 0700).
struct SecretAtPath {
  PartnershipSecret secret;
  bool created;  // true if this call wrote the file
};
absl::StatusOr<SecretAtPath> LoadOrSaveSecret(
    const std::string& path,
    const std::function<absl::StatusOr<PartnershipSecret>()>& make) {
  absl::StatusOr<PartnershipSecret> secret = PartnershipSecret::ReadFile(path);
  if (secret.ok()) return SecretAtPath{*std::move(secret), false};
  if (!absl::IsNotFound(secret.status()) || !make) return secret.status();
  ASSIGN_OR_RETURN(PartnershipSecret made, make());
  RETURN_IF_ERROR(
      EnsurePrivateDir(std::filesystem::path(path).parent_path().string()));
  RETURN_IF_ERROR(made.WriteFile(path));
  return SecretAtPath{std::move(made), true};
}

absl::Status WhoAmI(const GlobalOptions& global) {
  ASSIGN_OR_RETURN(Session session, OpenSession(global));
  ASSIGN_OR_RETURN(std::string party, session.broker->WhoAmI());
  std::cout << party << "\n";
  return absl::OkStatus();
}

absl::Status Invite(const GlobalOptions& global, const std::string& partner,
                    const std::string& secret_file_option,
                    const std::string& policy_name,
                    const std::string& cadence_name,
                    const v1::ProbePolicy& probe_policy) {
  ASSIGN_OR_RETURN(v1::MatchPolicy policy, ParseMatchPolicy(policy_name));
  v1::SyncCadence cadence = v1::SYNC_CADENCE_MONTHLY;
  if (!ParseCadence(cadence_name, cadence)) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown cadence \"", cadence_name,
                     "\"; use weekly, monthly or quarterly"));
  }
  ASSIGN_OR_RETURN(Session session, OpenSession(global));
  const std::string path = secret_file_option.empty()
                               ? session.config.SecretFileFor(partner)
                               : secret_file_option;
  ASSIGN_OR_RETURN(SecretAtPath loaded,
                   LoadOrSaveSecret(path, PartnershipSecret::Generate));
  const bool created = loaded.created;
  const PartnershipSecret* secret = &loaded.secret;
  ASSIGN_OR_RETURN(std::string key_check, KeyCheckOf(*secret));
  absl::StatusOr<v1::Partnership> partnership =
      session.broker->Invite(partner, key_check, policy, cadence, probe_policy);
  if (!partnership.ok()) {
    if (created) std::filesystem::remove(path);
    return partnership.status();
  }
  // The broker answers with every default filled in; an older broker that
  // sends no probe policy gets the one asked for, defaults as documented.
  const v1::ProbePolicy& agreed = partnership->has_probe_policy()
                                      ? partnership->probe_policy()
                                      : probe_policy;
  std::cout << "Invited " << partner << " (partnership " << partnership->id()
            << ", " << CadenceName(cadence) << " sync, "
            << MatchPolicyName(policy)
            << " match policy: " << MatchPolicyDescription(policy)
            << ").\nPrivacy safeguards (" << partner
            << " agrees by accepting): " << ProbePolicyLine(agreed) << ".\n";
  if (created) {
    std::cout << "\nPartnership secret, shown this once (saved to "
              << TerminalSafe(path) << ", mode 0600):\n\n    "
              << secret->ToText() << "\n\n"
              << "Give it to " << partner
              << " over a secure channel (a password manager share or a call;\n"
              << "never through the broker). " << partner << " then runs:\n"
              << "    blindmap partner accept " << session.config.party << "\n";
  } else {
    std::cout << "Using the existing partnership secret in "
              << TerminalSafe(path) << "; " << partner
              << " accepts with the same secret.\n";
  }
  return absl::OkStatus();
}

// Reads the secret typed or piped on standard input, without echo on a
// terminal.
absl::StatusOr<PartnershipSecret> ReadSecretFromStdin(
    const std::string& partner) {
  const bool terminal = isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (terminal) {
    std::cerr << "Partnership secret from " << partner << " (bm1-...): ";
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  return PartnershipSecret::FromText(line);
}

absl::Status Accept(const GlobalOptions& global, const std::string& partner,
                    const std::string& secret_file_option) {
  ASSIGN_OR_RETURN(Session session, OpenSession(global));
  ASSIGN_OR_RETURN(std::string me, session.broker->WhoAmI());
  ASSIGN_OR_RETURN(v1::Partnership partnership,
                   session.broker->FindPartnership(partner));
  if (partnership.state() != v1::PARTNERSHIP_STATE_PENDING ||
      partnership.invitee() != me) {
    return absl::FailedPreconditionError(absl::StrCat(
        "there is no pending invitation from ", partner, " to ", me,
        " (the partnership is ", StateName(partnership.state()),
        ", invited by ", partnership.inviter(), ")"));
  }
  const std::string path = secret_file_option.empty()
                               ? session.config.SecretFileFor(partner)
                               : secret_file_option;
  // Without --secret-file, a secret not yet saved is read from stdin.
  std::function<absl::StatusOr<PartnershipSecret>()> from_stdin;
  if (secret_file_option.empty()) {
    from_stdin = [&partner] { return ReadSecretFromStdin(partner); };
  }
  ASSIGN_OR_RETURN(SecretAtPath loaded, LoadOrSaveSecret(path, from_stdin));
  const bool created = loaded.created;
  const PartnershipSecret* secret = &loaded.secret;
  ASSIGN_OR_RETURN(std::string key_check, KeyCheckOf(*secret));
  absl::StatusOr<v1::Partnership> accepted =
      session.broker->Accept(partnership.id(), key_check);
  if (!accepted.ok()) {
    // A mistyped secret must not stay behind to fail every later sync.
    if (created) std::filesystem::remove(path);
    return accepted.status();
  }
  std::cout << "Accepted the partnership with " << partner << " ("
            << accepted->id() << ", "
            << MatchPolicyName(accepted->match_policy()) << " match policy: "
            << MatchPolicyDescription(accepted->match_policy())
            << "). The secret is in " << TerminalSafe(path)
            << " (mode 0600).\nNext: blindmap sync --partner " << partner
            << "\n";
  return absl::OkStatus();
}

absl::Status List(const GlobalOptions& global, const std::string& format) {
  ASSIGN_OR_RETURN(Session session, OpenSession(global));
  ASSIGN_OR_RETURN(std::string me, session.broker->WhoAmI());
  ASSIGN_OR_RETURN(v1::ListPartnershipsResponse list,
                   session.broker->ListPartnerships());
  if (format == "json") {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& p : list.partnerships()) {
      items.push_back(PartnershipJson(p, me));
    }
    nlohmann::json revoked = nlohmann::json::array();
    for (const v1::RevokedPartnership& r : list.revoked()) {
      revoked.push_back(
          {{"partner", r.inviter() == me ? r.invitee() : r.inviter()},
           {"revoked_by", r.revoked_by()},
           {"revoked_at_unix", r.revoked_at_unix()}});
    }
    std::cout << nlohmann::json{{"party", me},
                                {"partnerships", items},
                                {"revoked", revoked}}
                     .dump(2)
              << "\n";
    return absl::OkStatus();
  }
  for (const v1::RevokedPartnership& r : list.revoked()) {
    const std::string& partner = r.inviter() == me ? r.invitee() : r.inviter();
    std::cout << "Revoked: " << partner << ": " << RevocationLine(r, partner)
              << ".\n";
  }
  if (list.partnerships().empty()) {
    std::cout << "No partnerships yet. Invite a partner with: blindmap "
                 "partner invite <party>\n";
    return absl::OkStatus();
  }
  absl::PrintF("%-20s %-8s %-8s %-9s %-8s %-10s %-8s %-8s %s\n", "PARTNER",
               "ROLE", "STATE", "CADENCE", "POLICY", "SINCE", "MINE", "THEIRS",
               "ID");
  for (const auto& p : list.partnerships()) {
    const nlohmann::json j = PartnershipJson(p, me);
    const std::string mine = j["my_latest_period"];
    const std::string theirs = j["partner_latest_period"];
    absl::PrintF("%-20s %-8s %-8s %-9s %-8s %-10s %-8s %-8s %s\n",
                 j["partner"].get<std::string>(), j["role"].get<std::string>(),
                 j["state"].get<std::string>(), j["cadence"].get<std::string>(),
                 j["match_policy"].get<std::string>(),
                 Day(p.accepted_at_unix() != 0 ? p.accepted_at_unix()
                                               : p.created_at_unix()),
                 mine.empty() ? "-" : mine, theirs.empty() ? "-" : theirs,
                 p.id());
    std::cout << "    safeguards: " << ProbePolicyLine(p.probe_policy())
              << "\n";
    const std::string pending = PendingPolicyLine(p, me);
    if (!pending.empty()) std::cout << "    pending: " << pending << "\n";
    if (!p.key_check_problem().empty()) {
      std::cout << "    problem: " << TerminalSafe(p.key_check_problem())
                << "\n";
    }
  }
  return absl::OkStatus();
}

// Asks on standard error and reads the answer from standard input: true
// only for "yes" or "y".
bool Confirmed(const std::string& question) {
  std::cerr << question << " [yes/no] ";
  std::string answer;
  if (!std::getline(std::cin, answer)) answer.clear();
  if (isatty(STDIN_FILENO) != 1) std::cerr << "\n";
  const std::string lower =
      absl::AsciiStrToLower(absl::StripAsciiWhitespace(answer));
  return lower == "yes" || lower == "y";
}

absl::Status Revoke(const GlobalOptions& global, const std::string& partner,
                    bool yes) {
  ASSIGN_OR_RETURN(Session session, OpenSession(global));
  ASSIGN_OR_RETURN(v1::Partnership partnership,
                   session.broker->FindPartnership(partner));
  if (!yes && !Confirmed(absl::StrCat(
                  "Revoke the ", StateName(partnership.state()),
                  " partnership with ", partner, " (", partnership.id(),
                  ")? The broker deletes all of its data at once: both sides' "
                  "uploads, reports, history and shared detail. ",
                  partner, " is told that you revoked it."))) {
    return WithExitCode(
        absl::CancelledError(absl::StrCat(
            "not revoked: the partnership with ", partner,
            " is unchanged (answer yes, or pass --yes in scripts)")),
        kExitUsage);
  }
  ASSIGN_OR_RETURN(v1::RevokePartnershipResponse response,
                   session.broker->Revoke(partnership.id()));
  std::cout << "Revoked the partnership with " << partner
            << "; the broker deleted it with " << response.snapshots_deleted()
            << " snapshot(s).\nThe local secret "
            << TerminalSafe(session.config.SecretFileFor(partner))
            << " is kept; delete it if you will not partner again.\n";
  return absl::OkStatus();
}

}  // namespace

void AddPartnerCommands(CLI::App& app, const GlobalOptions& global,
                        CommandResult& result) {
  CLI::App* whoami =
      app.add_subcommand("whoami", "Print the party your API token identifies");
  whoami->callback([&] { result.exit_code = Finish(WhoAmI(global)); });

  CLI::App* partner = app.add_subcommand(
      "partner",
      "Invite, accept, list and revoke partnerships; agree on policies");
  partner->require_subcommand(1);

  struct Options {
    std::string partner;
    std::string secret_file;
    std::string policy = "standard";
    std::string cadence = "monthly";
    std::string format = "text";
    bool yes = false;
    ProbePolicyFlags probe;
  };
  auto options = std::make_shared<Options>();

  CLI::App* invite = partner->add_subcommand(
      "invite",
      "Invite a party; creates the partnership secret (shown once) unless "
      "its file exists");
  invite->add_option("party", options->partner, "The partner's party name")
      ->required()
      ->check(PartyNameArgument());
  invite->add_option("--secret-file", options->secret_file,
                     "Where the secret is kept (default "
                     "<state_dir>/partners/<party>.secret)");
  invite
      ->add_option("--match-policy", options->policy,
                   "When records match: strict (registration ids and "
                   "domains), standard (also equal names, spaces and a "
                   "country word ignored, and equal website brand labels "
                   "such as gxo.ca / gxo.com) or broad (also names without "
                   "generic words such as Group or International, or a "
                   "region); under standard and broad a match on a name or "
                   "brand label is vetoed when both records carry different "
                   "countries or different websites; the invitee agrees by "
                   "accepting")
      ->check(CLI::IsMember({"strict", "standard", "broad"}))
      ->capture_default_str();
  invite
      ->add_option("--cadence", options->cadence,
                   "How often both sides re-sync: weekly (ISO weeks), "
                   "monthly or quarterly; each period has its own token key")
      ->check(CLI::IsMember({"weekly", "monthly", "quarterly"}))
      ->capture_default_str();
  options->probe.AddTo(*invite);
  invite->callback([&, options] {
    result.exit_code = Finish(Invite(global, options->partner,
                                     options->secret_file, options->policy,
                                     options->cadence, options->probe.Given()));
  });

  CLI::App* accept = partner->add_subcommand(
      "accept",
      "Accept an invitation; reads the secret from --secret-file or standard "
      "input");
  accept->add_option("party", options->partner, "The inviting party's name")
      ->required()
      ->check(PartyNameArgument());
  accept->add_option("--secret-file", options->secret_file,
                     "A file (mode 0600) holding the secret you received");
  accept->callback([&, options] {
    result.exit_code =
        Finish(Accept(global, options->partner, options->secret_file));
  });

  CLI::App* list =
      partner->add_subcommand("list", "List partnerships and invitations");
  list->add_option("--format", options->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  list->callback([&, options] {
    result.exit_code = Finish(List(global, options->format));
  });

  CLI::App* revoke = partner->add_subcommand(
      "revoke",
      "End a partnership (or decline an invitation); the broker deletes all "
      "of its data and tells the partner who revoked it and when. Asks "
      "for confirmation unless --yes");
  revoke->add_option("party", options->partner, "The partner's party name")
      ->required()
      ->check(PartyNameArgument());
  revoke->add_flag("-y,--yes", options->yes,
                   "Do not ask for confirmation (for scripts)");
  revoke->callback([&, options] {
    result.exit_code = Finish(Revoke(global, options->partner, options->yes));
  });

  AddPartnerPolicyCommand(*partner, global, result);
  AddPartnerScoreCommand(*partner, global, result);
}

}  // namespace blindmap
