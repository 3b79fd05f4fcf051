// Plumbing shared by the blindmap CLI commands.
#ifndef BLINDMAP_CLIENT_CLI_CLI_SUPPORT_H_
#define BLINDMAP_CLIENT_CLI_CLI_SUPPORT_H_

#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "client/config/client_config.h"
#include "client/config/secret_file.h"
#include "client/sync/broker_client.h"

namespace blindmap {

// Options every command shares.
struct GlobalOptions {
  std::string config_path = "blindmap.yaml";
};

// Where each command's exit code lands (set by its CLI11 callback).
struct CommandResult {
  int exit_code = 0;
};

// Prints "blindmap: <message>" on standard error and returns the exit code
// for `status` (see exit_codes.h). Returns 0 for OK without printing.
int Finish(const absl::Status& status);

// Writes `text` to `path`, or to standard output when `path` is empty.
absl::Status WriteOutput(const std::string& text, const std::string& path);

// Loads the config and connects to the broker; when the config names its
// party, refuses (INVALID_ARGUMENT) credentials of another party.
struct Session {
  ClientConfig config;
  std::unique_ptr<BrokerClient> broker;
};
absl::StatusOr<Session> OpenSession(const GlobalOptions& options);

// CLI11 check for arguments that name a party (see common/base/party_name.h).
const CLI::Validator& PartyNameArgument();

// The subcommands, each adding itself to `app`.
void AddPartnerCommands(CLI::App& app, const GlobalOptions& global,
                        CommandResult& result);
void AddSyncCommand(CLI::App& app, const GlobalOptions& global,
                    CommandResult& result);
void AddReportCommand(CLI::App& app, const GlobalOptions& global,
                      CommandResult& result);
void AddKeysCommand(CLI::App& app, const GlobalOptions& global,
                    CommandResult& result);
void AddMatchLocalCommand(CLI::App& app, const GlobalOptions& global,
                          CommandResult& result);
void AddSharedCommand(CLI::App& app, const GlobalOptions& global,
                      CommandResult& result);
void AddSharingCommands(CLI::App& app, const GlobalOptions& global,
                        CommandResult& result);
void AddPlanCommand(CLI::App& app, const GlobalOptions& global,
                    CommandResult& result);
// The portfolio (cmd_portfolio.cc, cmd_icp.cc): `portfolio`, `icp`, and
// `partner score` under the `partner` command.
void AddPortfolioCommand(CLI::App& app, const GlobalOptions& global,
                         CommandResult& result);
void AddIcpCommand(CLI::App& app, const GlobalOptions& global,
                   CommandResult& result);
void AddPartnerScoreCommand(CLI::App& partner, const GlobalOptions& global,
                            CommandResult& result);
void AddAlertCommand(CLI::App& app, const GlobalOptions& global,
                     CommandResult& result);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CLI_CLI_SUPPORT_H_
