// `blindmap sharing` (show or set sharing levels) and `blindmap opt-out`.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "client/cli/cli_support.h"
#include "client/config/sharing_config.h"
#include "client/console/terminal_text.h"
#include "client/sync/local_state.h"
#include "client/sync/snapshot_tokens.h"
#include "common/base/status_macros.h"
#include "common/crypto/key_schedule.h"
#include "common/crypto/sync_period.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

using SharingList = google::protobuf::RepeatedPtrField<v1::PopulationSharing>;

struct SharingOptions {
  std::string partner;
  std::vector<std::string> set;    // "Population=level"
  std::vector<std::string> unset;  // populations
  std::string format = "text";
  std::vector<std::string> accounts;
  std::string file;
  std::string secret_file;
};

nlohmann::json LevelsJson(const SharingList& levels) {
  nlohmann::json out = nlohmann::json::object();
  for (const v1::PopulationSharing& entry : levels) {
    out[entry.population()] = SharingLevelName(entry.level());
  }
  return out;
}

// The populations a level may name: those of this party's last upload for
// the partner, as the broker lists them, or before the first upload the
// config's.
std::vector<std::string> KnownPopulations(const v1::Partnership& partnership,
                                          const ClientConfig& config) {
  if (partnership.my_latest_populations_size() > 0) {
    return {partnership.my_latest_populations().begin(),
            partnership.my_latest_populations().end()};
  }
  std::vector<std::string> names;
  for (const PopulationConfig& population : config.populations) {
    names.push_back(population.name);
  }
  return names;
}

// INVALID_ARGUMENT unless `name` is one of `known`, exactly (a level for a
// case variant would never apply).
absl::Status CheckPopulation(const std::string& name,
                             const std::vector<std::string>& known,
                             bool from_upload, const std::string& flag) {
  if (std::find(known.begin(), known.end(), name) != known.end()) {
    return absl::OkStatus();
  }
  std::string near;
  for (const std::string& candidate : known) {
    if (absl::EqualsIgnoreCase(candidate, name)) near = candidate;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      flag, ": no population \"", name, "\" ",
      from_upload ? "in your last upload for this partner"
                  : "in the config (you have not synced with this partner "
                    "yet)",
      "; the populations are ", absl::StrJoin(known, ", "),
      near.empty() ? ""
                   : absl::StrCat(". Names are case-exact: did you mean \"",
                                  near, "\"?")));
}

absl::Status Sharing(const GlobalOptions& global,
                     const SharingOptions& options) {
  ASSIGN_OR_RETURN(Session session, OpenSession(global));
  ASSIGN_OR_RETURN(std::string me, session.broker->WhoAmI());
  ASSIGN_OR_RETURN(v1::Partnership partnership,
                   session.broker->FindPartnership(options.partner));
  const bool changing = !options.set.empty() || !options.unset.empty();
  const std::vector<std::string> known =
      KnownPopulations(partnership, session.config);
  const bool from_upload = partnership.my_latest_populations_size() > 0;
  std::vector<std::string> config_sets;  // --unset of a level the config sets
  for (const std::string& name : options.unset) {
    const SharingList& current = partnership.inviter() == me
                                     ? partnership.inviter_sharing()
                                     : partnership.invitee_sharing();
    bool listed = false;
    std::vector<std::string> listed_names;
    for (const v1::PopulationSharing& entry : current) {
      listed |= entry.population() == name;
      listed_names.push_back(entry.population());
    }
    if (!listed) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--unset ", name, ": no level is set for \"", name, "\"",
          listed_names.empty()
              ? " (no level is set: every population is at counts)"
              : absl::StrCat(" (levels are set for ",
                             absl::StrJoin(listed_names, ", "), ")")));
    }
    if (session.config.SharingFor(options.partner).levels.count(name) != 0) {
      config_sets.push_back(name);
    }
  }
  if (changing) {
    std::vector<v1::PopulationSharing> levels;
    for (const std::string& assignment : options.set) {
      std::vector<std::string> parts =
          absl::StrSplit(assignment, absl::MaxSplits('=', 1));
      if (parts.size() != 2 || absl::StripAsciiWhitespace(parts[0]).empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "--set takes POPULATION=LEVEL, e.g. Customers=overlaps, not \"",
            assignment, "\""));
      }
      v1::PopulationSharing& level = levels.emplace_back();
      level.set_population(std::string(absl::StripAsciiWhitespace(parts[0])));
      RETURN_IF_ERROR(CheckPopulation(level.population(), known, from_upload,
                                      absl::StrCat("--set ", assignment)));
      if (std::find(options.unset.begin(), options.unset.end(),
                    level.population()) != options.unset.end()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "\"", level.population(), "\" is both in --set and in --unset"));
      }
      ASSIGN_OR_RETURN(v1::SharingLevel parsed, ParseSharingLevel(parts[1]));
      level.set_level(parsed);
    }
    ASSIGN_OR_RETURN(partnership, session.broker->SetSharing(
                                      partnership.id(), levels, options.unset));
  }
  const bool inviter = partnership.inviter() == me;
  const SharingList& mine =
      inviter ? partnership.inviter_sharing() : partnership.invitee_sharing();
  const SharingList& theirs =
      inviter ? partnership.invitee_sharing() : partnership.inviter_sharing();
  if (options.format == "json") {
    std::cout << nlohmann::json{{"partner", options.partner},
                                {"mine", LevelsJson(mine)},
                                {"partner_levels", LevelsJson(theirs)}}
                     .dump(2)
              << "\n";
    return absl::OkStatus();
  }
  std::cout << "Sharing with " << options.partner
            << " (populations not listed are at `counts`):\n  yours:\n";
  // Population names are the partner's (and the config's) words.
  for (const v1::PopulationSharing& entry : mine) {
    absl::PrintF("    %-28s %s\n", TerminalSafe(entry.population()),
                 SharingLevelName(entry.level()));
  }
  std::cout << "  " << options.partner << "'s:\n";
  for (const v1::PopulationSharing& entry : theirs) {
    absl::PrintF("    %-28s %s\n", TerminalSafe(entry.population()),
                 SharingLevelName(entry.level()));
  }
  if (changing) {
    std::cout << "Counts change at once; detail of a population raised to "
                 "`overlaps` is offered from your next sync.\n";
  }
  for (const std::string& name : config_sets) {
    std::cout << "Note: the config sets a level for " << TerminalSafe(name)
              << " (sharing.levels), so your next sync sets it again; "
                 "remove it there too.\n";
  }
  return absl::OkStatus();
}

absl::Status OptOut(const GlobalOptions& global,
                    const SharingOptions& options) {
  std::vector<std::string> ids = options.accounts;
  if (!options.file.empty()) {
    std::ifstream in(options.file);
    if (!in) {
      return absl::NotFoundError(absl::StrCat("cannot read ", options.file));
    }
    std::string line;
    while (std::getline(in, line)) {
      const absl::string_view id = absl::StripAsciiWhitespace(line);
      if (!id.empty() && id[0] != '#') ids.emplace_back(id);
    }
  }
  if (ids.empty()) {
    return absl::InvalidArgumentError(
        "name the accounts to opt out with --account ID or --file FILE");
  }
  ASSIGN_OR_RETURN(Session session, OpenSession(global));
  ASSIGN_OR_RETURN(std::string me, session.broker->WhoAmI());
  ASSIGN_OR_RETURN(v1::Partnership partnership,
                   session.broker->FindPartnership(options.partner));
  // Remembered first: later syncs keep these accounts out even if the
  // broker cannot be reached now.
  RETURN_IF_ERROR(AddOptOuts(session.config.state_dir, options.partner, ids));
  ASSIGN_OR_RETURN(
      PartnershipSecret secret,
      LoadSecret(session.config, options.partner, options.secret_file));
  ASSIGN_OR_RETURN(std::string record_key,
                   LoadOrCreateRecordKey(session.config.state_dir));
  // Record ids depend on the period: cover the latest synced one and now.
  std::vector<std::string> periods = {MonthlyPeriod(absl::Now())};
  const std::string& latest = partnership.inviter() == me
                                  ? partnership.inviter_latest_period()
                                  : partnership.invitee_latest_period();
  if (!latest.empty() && latest != periods[0]) periods.push_back(latest);
  std::vector<std::string> record_ids;
  // Each account id's record ids, one per period.
  std::vector<std::vector<std::string>> ids_of(ids.size());
  for (const std::string& period : periods) {
    ASSIGN_OR_RETURN(std::string token_key,
                     KeySchedule(secret).TokenKey(period));
    ASSIGN_OR_RETURN(auto tokenizer,
                     SnapshotTokenizer::Create(token_key, record_key,
                                               partnership.id(), period));
    for (size_t i = 0; i < ids.size(); ++i) {
      record_ids.push_back(tokenizer->RecordId(ids[i]));
      ids_of[i].push_back(record_ids.back());
    }
  }
  ASSIGN_OR_RETURN(v1::OptOutResponse response,
                   session.broker->OptOut(partnership.id(), record_ids));
  // An account none of whose record ids the broker knows is not in any
  // upload: say which, rather than count it as done.
  const std::set<std::string> unknown_records(
      response.unknown_record_ids().begin(),
      response.unknown_record_ids().end());
  std::vector<std::string> unknown;
  for (size_t i = 0; i < ids.size(); ++i) {
    bool all_unknown = true;
    for (const std::string& record_id : ids_of[i]) {
      all_unknown &= unknown_records.count(record_id) != 0;
    }
    if (all_unknown) unknown.push_back(TerminalSafe(ids[i]));
  }
  std::cout << "Opted out " << ids.size() - unknown.size() << " account(s) for "
            << options.partner << ": the broker deleted "
            << response.details_removed()
            << " sealed detail(s) now, and later syncs keep them out.\n";
  if (!unknown.empty()) {
    std::cout << unknown.size() << " account id(s) are in none of your "
              << "uploads for " << options.partner
              << " (not counted; later syncs keep them out too): "
              << absl::StrJoin(unknown, ", ") << "\n";
  }
  return absl::OkStatus();
}

}  // namespace

void AddSharingCommands(CLI::App& app, const GlobalOptions& global,
                        CommandResult& result) {
  auto options = std::make_shared<SharingOptions>();
  CLI::App* sharing = app.add_subcommand(
      "sharing",
      "Show both sides' sharing levels with a partner, or set yours: hidden "
      "(not counted), counts (default), overlaps (detail offered). "
      "Population names are those of your last sync, case-exact");
  sharing->add_option("--partner", options->partner, "The partner's party name")
      ->required()
      ->check(PartyNameArgument());
  sharing->add_option("--set", options->set,
                      "POPULATION=LEVEL, e.g. --set Customers=overlaps "
                      "(repeatable)");
  sharing->add_option("--unset", options->unset,
                      "POPULATION: remove its level, back to counts "
                      "(repeatable)");
  sharing->add_option("--format", options->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sharing->callback(
      [&, options] { result.exit_code = Finish(Sharing(global, *options)); });

  CLI::App* opt_out = app.add_subcommand(
      "opt-out",
      "Withdraw accounts' detail from a partner at once (the broker deletes "
      "their sealed detail) and keep them out of later syncs");
  opt_out->add_option("--partner", options->partner, "The partner's party name")
      ->required()
      ->check(PartyNameArgument());
  opt_out->add_option("--account", options->accounts,
                      "CRM account id (repeatable)");
  opt_out->add_option("--file", options->file,
                      "A file of CRM account ids, one per line");
  opt_out->add_option("--secret-file", options->secret_file,
                      "Partnership secret file (default from the config)");
  opt_out->callback(
      [&, options] { result.exit_code = Finish(OptOut(global, *options)); });
}

}  // namespace blindmap
