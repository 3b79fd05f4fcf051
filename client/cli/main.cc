// blindmap: the client a company runs to map accounts with its partners
// through a broker that never sees an account name.
#include "CLI/CLI.hpp"
#include "client/cli/cli_support.h"
#include "client/console/exit_codes.h"

int main(int argc, char** argv) {
  using namespace blindmap;
  CLI::App app{
      "blindmap: find the accounts you share with a partner without sending "
      "them your account list. Names and websites are normalized and turned "
      "into keyed tokens on this machine; the broker only counts."};
  app.footer(std::string("\n") + ExitCodeHelp());
  app.require_subcommand(1);
  GlobalOptions global;
  app.add_option("-c,--config", global.config_path, "Client config file (YAML)")
      ->capture_default_str();
  CommandResult result;
  AddPartnerCommands(app, global, result);
  AddSyncCommand(app, global, result);
  AddReportCommand(app, global, result);
  AddKeysCommand(app, global, result);
  AddMatchLocalCommand(app, global, result);
  AddSharedCommand(app, global, result);
  AddSharingCommands(app, global, result);
  AddPlanCommand(app, global, result);
  AddPortfolioCommand(app, global, result);
  AddIcpCommand(app, global, result);
  AddAlertCommand(app, global, result);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return result.exit_code;
}
