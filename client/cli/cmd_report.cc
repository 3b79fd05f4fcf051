// `blindmap report`: the overlap report for one partner, or with --history
// the counts of every kept sync period and how they changed.
#include <string>

#include "client/categories/categories_render.h"
#include "client/categories/exclusion_count.h"
#include "client/cli/cli_support.h"
#include "client/report/history_render.h"
#include "client/report/report_render.h"
#include "client/report/report_render_html.h"
#include "common/base/status_macros.h"

namespace blindmap {
namespace {

struct ReportOptions {
  std::string partner;
  std::string format = "text";
  std::string output;
  bool history = false;
  bool categories = true;
  std::string input;  // the export exclusions are counted in
};

// One self-contained page: the report with the trend across the history.
absl::Status ReportHtml(Session& session, const v1::Partnership& partnership,
                        const std::string& me, const ReportOptions& options) {
  ASSIGN_OR_RETURN(v1::OverlapReport report,
                   session.broker->Report(partnership.id()));
  ASSIGN_OR_RETURN(v1::ReportHistory history,
                   session.broker->GetHistory(partnership.id()));
  const std::vector<v1::OverlapReport> periods(history.reports().begin(),
                                               history.reports().end());
  return WriteOutput(RenderOverlapReportHtml(report, periods, me),
                     options.output);
}

absl::Status Report(const GlobalOptions& global, const ReportOptions& options) {
  const bool html = options.format == "html";
  OutputFormat format = OutputFormat::kText;
  if (!html) {
    ASSIGN_OR_RETURN(format, ParseOutputFormat(options.format));
  }
  ASSIGN_OR_RETURN(Session session, OpenSession(global));
  ASSIGN_OR_RETURN(v1::Partnership partnership,
                   session.broker->FindPartnership(options.partner));
  const std::string me = partnership.inviter() == options.partner
                             ? partnership.invitee()
                             : partnership.inviter();
  if (html) return ReportHtml(session, partnership, me, options);
  if (options.history) {
    ASSIGN_OR_RETURN(v1::ReportHistory history,
                     session.broker->GetHistory(partnership.id()));
    return WriteOutput(RenderReportHistory(history, me, format),
                       options.output);
  }
  ASSIGN_OR_RETURN(v1::OverlapReport report,
                   session.broker->Report(partnership.id()));
  std::string rendered = RenderOverlapReport(report, me, format);
  if (options.categories) {
    // The account categories (Greenfield ... Exclusions) follow the report;
    // a broker without them leaves the report as it was.
    absl::StatusOr<v1::AccountCategories> categories =
        session.broker->AccountCategories(partnership.id());
    if (categories.ok()) {
      const std::string input =
          options.input.empty() ? session.config.export_file : options.input;
      const CategoriesModel model = BuildCategoriesModel(
          *categories, CountExclusions(session.config, input), me);
      ASSIGN_OR_RETURN(rendered,
                       AddCategoriesToReport(rendered, model, format));
    } else if (!absl::IsUnimplemented(categories.status())) {
      return categories.status();
    }
  }
  return WriteOutput(rendered, options.output);
}

}  // namespace

void AddReportCommand(CLI::App& app, const GlobalOptions& global,
                      CommandResult& result) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* report = app.add_subcommand(
      "report",
      "The overlap report with one partner: matrix, rates, the four overlap "
      "types and what to do about each");
  report->add_option("--partner", options->partner, "The partner's party name")
      ->required()
      ->check(PartyNameArgument());
  report
      ->add_option("--format", options->format,
                   "text, markdown, json, csv or html (one self-contained "
                   "page with the heatmap and the trend across periods)")
      ->check(CLI::IsMember({"text", "markdown", "md", "json", "csv", "html"}))
      ->capture_default_str();
  report->add_option("-o,--output", options->output,
                     "Write to this file instead of standard output");
  report->add_flag("--history", options->history,
                   "Every kept sync period, oldest first: each matrix cell "
                   "and overlap rate with its change since the previous "
                   "period");
  report->add_option("--input", options->input,
                     "The CRM export whose exclusions (by documented reason) "
                     "the account categories count, on this machine "
                     "(default export.file)");
  report->add_flag("!--no-categories", options->categories,
                   "Leave out the account categories (Greenfield, Your "
                   "accounts, Partner accounts, Overlap, Exclusions)");
  report->callback(
      [&, options] { result.exit_code = Finish(Report(global, *options)); });
}

}  // namespace blindmap
