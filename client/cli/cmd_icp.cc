// `blindmap icp --partner NAME`: the two sides' ICPs side by side, scored
// 1-5 per attribute, next to the measured alignment; --share seals this
// party's ICP (from its config) for the partner and hands it to the broker,
// which releases each side's to the other only when both have shared.
#include <optional>
#include <string>

#include "client/cli/cli_support.h"
#include "client/config/secret_file.h"
#include "client/icp/icp_compare.h"
#include "client/icp/icp_render.h"
#include "client/icp/icp_seal.h"
#include "common/base/status_macros.h"
#include "common/crypto/sync_period.h"

namespace blindmap {
namespace {

struct IcpOptions {
  std::string partner;
  std::string format = "text";
  std::string output;
  bool share = false;
  bool withdraw = false;
};

absl::Status Icp(const GlobalOptions& global, const IcpOptions& options) {
  ASSIGN_OR_RETURN(OutputFormat format, ParseOutputFormat(options.format));
  ASSIGN_OR_RETURN(Session session, OpenSession(global));
  const ClientConfig& config = session.config;
  ASSIGN_OR_RETURN(v1::Partnership partnership,
                   session.broker->FindPartnership(options.partner));
  const std::string me = partnership.inviter() == options.partner
                             ? partnership.invitee()
                             : partnership.inviter();
  if (options.withdraw) {
    RETURN_IF_ERROR(session.broker->WithdrawIcp(partnership.id()).status());
    return WriteOutput(absl::StrCat("Withdrew your ICP from ", options.partner,
                                    "; the broker deleted its sealed copy. ",
                                    options.partner, " no longer sees it.\n"),
                       options.output);
  }
  if (options.share && !config.portfolio.icp.defined) {
    return absl::FailedPreconditionError(absl::StrCat(
        "nothing to share: ", global.config_path,
        " has no `icp:` section (industry, company_size, geography, "
        "technology_stack, business_challenges, buying_center, "
        "budget_range)"));
  }
  ASSIGN_OR_RETURN(PartnershipSecret secret,
                   LoadSecret(config, options.partner, ""));
  const v1::IcpDefinition mine = IcpFromConfig(config.portfolio.icp, me, Now());
  if (options.share) {
    ASSIGN_OR_RETURN(std::string sealed,
                     SealIcp(secret, partnership.id(), me, mine));
    RETURN_IF_ERROR(
        session.broker->ShareIcp(partnership.id(), sealed).status());
  }
  ASSIGN_OR_RETURN(v1::IcpExchange exchange,
                   session.broker->GetIcpExchange(partnership.id()));
  IcpView view;
  view.i_shared = exchange.i_shared();
  view.my_shared_at_unix = exchange.my_shared_at_unix();
  view.partner_shared = exchange.partner_shared();
  view.partner_shared_at_unix = exchange.partner_shared_at_unix();
  std::optional<v1::IcpDefinition> theirs;
  if (!exchange.partner_sealed_icp().empty()) {
    absl::StatusOr<v1::IcpDefinition> opened =
        OpenIcp(secret, partnership.id(), options.partner,
                exchange.partner_sealed_icp());
    if (opened.ok()) {
      view.partner_written_at_unix = opened->written_at_unix();
      theirs = *std::move(opened);
    } else {
      view.partner_icp_error = std::string(opened.status().message());
    }
  }
  std::optional<v1::OverlapReport> report;
  std::string no_report;
  absl::StatusOr<v1::OverlapReport> fetched =
      session.broker->Report(partnership.id());
  if (fetched.ok()) {
    report = *std::move(fetched);
  } else if (absl::IsFailedPrecondition(fetched.status())) {
    no_report = std::string(fetched.status().message());
  } else {
    return fetched.status();
  }
  view.comparison =
      CompareIcps(mine, theirs.has_value() ? &*theirs : nullptr,
                  config.portfolio.For(options.partner).icp_scores, me,
                  options.partner, report.has_value() ? &*report : nullptr);
  if (!report.has_value()) {
    view.comparison.measured.reason =
        absl::StrCat("no overlap report yet (", no_report, ")");
  }
  return WriteOutput(RenderIcp(view, format), options.output);
}

}  // namespace

void AddIcpCommand(CLI::App& app, const GlobalOptions& global,
                   CommandResult& result) {
  auto options = std::make_shared<IcpOptions>();
  CLI::App* icp = app.add_subcommand(
      "icp",
      "ICP alignment with one partner: both ICPs side by side, each "
      "attribute scored 1-5 and averaged, next to the measured share of "
      "shared accounts inside both ICPs. --share seals your ICP (the `icp:` "
      "section of your config) end to end for the partner; each side sees "
      "the other's only when both have shared");
  icp->add_option("--partner", options->partner, "The partner's party name")
      ->required()
      ->check(PartyNameArgument());
  icp->add_flag("--share", options->share,
                "Seal your ICP for this partner and share it (your consent; "
                "replaces an earlier one)");
  icp->add_flag("--withdraw", options->withdraw,
                "Withdraw your shared ICP (the broker deletes it)")
      ->excludes(icp->get_option("--share"));
  icp->add_option("--format", options->format, "text, markdown, json or csv")
      ->check(CLI::IsMember({"text", "markdown", "md", "json", "csv"}))
      ->capture_default_str();
  icp->add_option("-o,--output", options->output,
                  "Write to this file instead of standard output");
  icp->callback(
      [&, options] { result.exit_code = Finish(Icp(global, *options)); });
}

}  // namespace blindmap
