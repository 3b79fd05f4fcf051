#include "client/cli/cli_support.h"

#include <fstream>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "client/console/exit_codes.h"
#include "client/console/terminal_text.h"
#include "common/base/party_name.h"
#include "common/base/status_macros.h"

namespace blindmap {

const CLI::Validator& PartyNameArgument() {
  static const CLI::Validator* validator = new CLI::Validator(
      [](std::string& value) -> std::string {
        return IsValidPartyName(value)
                   ? ""
                   : "expected a party name: 2-64 characters, lowercase "
                     "letters, digits, '-' and '_', starting with a letter";
      },
      "PARTY");
  return *validator;
}

int Finish(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  // Messages may quote a CSV cell, a config value or the broker's words.
  std::cerr << "blindmap: " << TerminalSafe(status.message()) << "\n";
  return ExitCodeFor(status);
}

absl::Status WriteOutput(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    std::cout << text;
    std::cout.flush();
    return absl::OkStatus();
  }
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

absl::StatusOr<Session> OpenSession(const GlobalOptions& options) {
  Session session;
  ASSIGN_OR_RETURN(session.config, LoadClientConfig(options.config_path));
  ASSIGN_OR_RETURN(session.broker, BrokerClient::Connect(session.config));
  if (!session.config.party.empty()) {
    ASSIGN_OR_RETURN(const std::string me, session.broker->WhoAmI());
    RETURN_IF_ERROR(CheckConfiguredParty(session.config, me));
  }
  return session;
}

}  // namespace blindmap
