// `blindmap portfolio`: every partnership of this party at once (Partner
// Coverage, coverage of my populations, white space, account categories),
// and `blindmap partner score`: partners and candidates ranked into recruit
// now / nurture / pass.
#include <map>
#include <string>

#include "client/cli/cli_support.h"
#include "client/partner_score/partner_score.h"
#include "client/partner_score/producing.h"
#include "client/partner_score/score_render.h"
#include "client/partner_score/scorecard.h"
#include "client/portfolio/portfolio_fetch.h"
#include "client/portfolio/portfolio_model.h"
#include "client/portfolio/portfolio_render.h"
#include "common/base/status_macros.h"

namespace blindmap {
namespace {

struct PortfolioOptions {
  std::string format = "text";
  std::string output;
  std::string sort = "rate";
};

// The first failure of a mapped call (not a pending or unsynced
// partnership), after the portfolio was written.
absl::Status FirstFailure(const PortfolioFetch& fetch) {
  for (const PartnerFetch& partner : fetch.partners) {
    if (!partner.status.ok() && !absl::IsFailedPrecondition(partner.status)) {
      return absl::Status(partner.status.code(),
                          absl::StrCat("partnership with ", partner.partner,
                                       ": ", partner.status.message()));
    }
  }
  return absl::OkStatus();
}

absl::Status Portfolio(const GlobalOptions& global,
                       const PortfolioOptions& options) {
  ASSIGN_OR_RETURN(OutputFormat format, ParseOutputFormat(options.format));
  ASSIGN_OR_RETURN(PortfolioSort sort, ParsePortfolioSort(options.sort));
  ASSIGN_OR_RETURN(Session session, OpenSession(global));
  ASSIGN_OR_RETURN(PortfolioFetch fetch, FetchPortfolio(*session.broker));
  if (fetch.partners.empty()) {
    return absl::NotFoundError(
        "no partnerships yet: invite a partner with `blindmap partner invite "
        "<party>`");
  }
  const PortfolioModel model = BuildPortfolioModel(fetch, session.config, sort);
  RETURN_IF_ERROR(WriteOutput(RenderPortfolio(model, format), options.output));
  return FirstFailure(fetch);
}

struct ScoreOptions {
  std::string format = "text";
  std::string output;
  std::string scorecard;
};

absl::Status Score(const GlobalOptions& global, const ScoreOptions& options) {
  ASSIGN_OR_RETURN(OutputFormat format, ParseOutputFormat(options.format));
  ASSIGN_OR_RETURN(Session session, OpenSession(global));
  const std::string scorecard_file =
      options.scorecard.empty()
          ? session.config.portfolio.scoring.scorecard_file
          : options.scorecard;
  std::map<std::string, ScorecardEntry> scorecard;
  if (!scorecard_file.empty()) {
    ASSIGN_OR_RETURN(scorecard, ReadScorecard(scorecard_file));
  }
  ASSIGN_OR_RETURN(PortfolioFetch fetch, FetchPortfolio(*session.broker));
  std::vector<std::string> partners;
  for (const PartnerFetch& partner : fetch.partners) {
    partners.push_back(partner.partner);
  }
  for (const auto& [partner, entry] : scorecard) partners.push_back(partner);
  const absl::StatusOr<ProducingCounts> producing =
      CountProducing(session.config, partners);
  if (!producing.ok() && !absl::IsFailedPrecondition(producing.status())) {
    return producing.status();
  }
  PartnerScoreModel model =
      BuildPartnerScores(fetch, session.config, scorecard, producing);
  if (scorecard_file.empty()) {
    model.notes.push_back(
        "No scorecard: segment fit, motion fit and selling capacity are "
        "unknown (partner_scoring.scorecard, or --scorecard FILE)");
  }
  if (model.rows.empty()) {
    return absl::NotFoundError(
        "no partners or candidates to score: invite one, or list candidates "
        "in the scorecard");
  }
  RETURN_IF_ERROR(
      WriteOutput(RenderPartnerScores(model, format), options.output));
  return FirstFailure(fetch);
}

}  // namespace

void AddPortfolioCommand(CLI::App& app, const GlobalOptions& global,
                         CommandResult& result) {
  auto options = std::make_shared<PortfolioOptions>();
  CLI::App* portfolio = app.add_subcommand(
      "portfolio",
      "Every partnership at once, for the latest period each has: Partner "
      "Coverage (accounts shared, overlap rates both sides, score, the four "
      "types, last sync, trend), coverage of your populations and ICP "
      "segments, white space per partner, account categories. One broker "
      "call per partnership; after `sync --all`, the monthly routine");
  portfolio
      ->add_option("--format", options->format, "text, markdown, json or csv")
      ->check(CLI::IsMember({"text", "markdown", "md", "json", "csv"}))
      ->capture_default_str();
  portfolio->add_option("-o,--output", options->output,
                        "Write to this file instead of standard output");
  portfolio
      ->add_option("--sort", options->sort,
                   "Order of Partner Coverage: rate (yours), shared, "
                   "partner-rate, partner, trend or synced")
      ->check(CLI::IsMember(
          {"rate", "shared", "partner-rate", "partner", "trend", "synced"}))
      ->capture_default_str();
  portfolio->callback(
      [&, options] { result.exit_code = Finish(Portfolio(global, *options)); });
}

void AddPartnerScoreCommand(CLI::App& partner, const GlobalOptions& global,
                            CommandResult& result) {
  auto options = std::make_shared<ScoreOptions>();
  CLI::App* score = partner.add_subcommand(
      "score",
      "Rank partners and candidate partners on the partner-ICP guide's "
      "dimensions (measured overlap with your target market and open "
      "pipeline; segment fit, motion fit and selling capacity from the "
      "scorecard) into recruit now / nurture / pass, with the producing "
      "share beside the score");
  score->add_option("--format", options->format, "text, markdown, json or csv")
      ->check(CLI::IsMember({"text", "markdown", "md", "json", "csv"}))
      ->capture_default_str();
  score->add_option("-o,--output", options->output,
                    "Write to this file instead of standard output");
  score->add_option("--scorecard", options->scorecard,
                    "The scorecard CSV (partner, segment_fit, motion, "
                    "motion_fit, selling_capacity, notes); default "
                    "partner_scoring.scorecard");
  score->callback(
      [&, options] { result.exit_code = Finish(Score(global, *options)); });
}

}  // namespace blindmap
