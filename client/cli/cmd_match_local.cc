// `blindmap match-local`: the broker's matching, run locally on two CSVs.
#include <filesystem>
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/cli/cli_support.h"
#include "client/console/terminal_text.h"
#include "client/crm/crm_export.h"
#include "client/report/report_render.h"
#include "client/sync/local_match.h"
#include "common/base/status_macros.h"
#include "common/match/match_rule.h"
#include "common/text/csv_writer.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

struct MatchLocalOptions {
  std::string mine;
  std::string theirs;
  std::string partner_config;
  std::string contacts;
  std::string partner_contacts;
  std::string policy = "standard";
  std::string format = "text";
  std::string pairs_output;
  bool no_pairs = false;
  bool explain = false;
};

// Config for one side: the file if given and present, else the defaults.
absl::StatusOr<ClientConfig> SideConfig(const std::string& path,
                                        bool must_exist) {
  if (!path.empty() && (must_exist || std::filesystem::exists(path))) {
    return LoadExportConfig(path);
  }
  ClientConfig config;
  config.populations = DefaultPopulations();
  return config;
}

std::vector<std::string> SharedKinds(MatchEvidence shared) {
  std::vector<std::string> kinds;
  if ((shared & kSharesDuns) != 0) kinds.push_back("duns");
  if ((shared & kSharesLei) != 0) kinds.push_back("lei");
  if ((shared & kSharesRegistrationId) != 0) kinds.push_back("registration_id");
  if ((shared & kSharesDomain) != 0) kinds.push_back("domain");
  if ((shared & kSharesName) != 0) kinds.push_back("name");
  if ((shared & kSharesNameVariant) != 0) kinds.push_back("name_variant");
  if ((shared & kSharesBrand) != 0) kinds.push_back("brand_label");
  return kinds;
}

// The pairs as CSV; with `explain`, two more columns (verdict: "match" or
// the veto, "country", "website" or "id"; and why, in words) and a row for
// every vetoed look-alike after the matches.
std::string PairsCsv(const LocalMatch& match, const CrmExport& mine,
                     const CrmExport& theirs, bool explain) {
  std::string out =
      "my_row,my_account_id,partner_row,partner_account_id,matched_on,keys";
  out += explain ? ",verdict,why\n" : "\n";
  const auto row = [&](size_t x, size_t y, MatchEvidence shared,
                       MatchVerdict verdict) {
    const ExportedAccount& a = mine.accounts[x];
    const ExportedAccount& b = theirs.accounts[y];
    absl::StrAppend(&out, a.row, ",", CsvCell(a.account_id), ",", b.row, ",",
                    CsvCell(b.account_id), ",",
                    absl::StrJoin(SharedKinds(shared), "+"), ",",
                    CsvCell(DescribeSharedKeys(a, b, shared)));
    if (explain) {
      absl::StrAppend(&out, ",", MatchVerdictName(verdict), ",",
                      CsvCell(DescribeVeto(a, b, verdict)));
    }
    out += "\n";
  };
  for (const MatchedPair& pair : match.pairs) {
    row(pair.mine, pair.theirs, pair.shared, MatchVerdict::kMatch);
  }
  if (explain) {
    for (const VetoedPair& pair : match.vetoed) {
      row(pair.mine, pair.theirs, pair.shared, pair.why);
    }
  }
  return out;
}

absl::Status MatchLocal(const GlobalOptions& global,
                        const MatchLocalOptions& options) {
  ASSIGN_OR_RETURN(v1::MatchPolicy policy, ParseMatchPolicy(options.policy));
  ASSIGN_OR_RETURN(OutputFormat format, ParseOutputFormat(options.format));
  ASSIGN_OR_RETURN(ClientConfig my_config,
                   SideConfig(global.config_path, /*must_exist=*/false));
  ASSIGN_OR_RETURN(ClientConfig their_config,
                   SideConfig(options.partner_config, /*must_exist=*/true));
  ASSIGN_OR_RETURN(auto my_reader, CrmExportReader::Create(my_config));
  ASSIGN_OR_RETURN(auto their_reader, CrmExportReader::Create(their_config));
  ASSIGN_OR_RETURN(CrmExport mine,
                   my_reader->Read(options.mine, {}, options.contacts));
  ASSIGN_OR_RETURN(
      CrmExport theirs,
      their_reader->Read(options.theirs, {}, options.partner_contacts));
  ASSIGN_OR_RETURN(LocalMatch match,
                   MatchLocally({&mine, my_config.populations},
                                {&theirs, their_config.populations}, policy));
  match.report.set_partner(
      std::filesystem::path(options.theirs).stem().string());
  const std::string me = std::filesystem::path(options.mine).stem().string();
  if (!options.pairs_output.empty()) {
    RETURN_IF_ERROR(WriteOutput(PairsCsv(match, mine, theirs, options.explain),
                                options.pairs_output));
  }
  if (format == OutputFormat::kJson) {
    nlohmann::json pairs = nlohmann::json::array();
    for (const MatchedPair& pair : match.pairs) {
      const ExportedAccount& a = mine.accounts[pair.mine];
      const ExportedAccount& b = theirs.accounts[pair.theirs];
      pairs.push_back({{"my_row", a.row},
                       {"my_account_id", a.account_id},
                       {"partner_row", b.row},
                       {"partner_account_id", b.account_id},
                       {"matched_on", SharedKinds(pair.shared)},
                       {"keys", DescribeSharedKeys(a, b, pair.shared)}});
    }
    nlohmann::json out = {
        {"match_policy", MatchPolicyName(policy)},
        {"pairs", options.no_pairs ? nlohmann::json::array() : pairs},
        {"pair_count", match.pairs.size()},
        {"report",
         nlohmann::json::parse(RenderOverlapReport(match.report, me, format),
                               nullptr, false)}};
    if (options.explain) {
      nlohmann::json vetoed = nlohmann::json::array();
      for (const VetoedPair& pair : match.vetoed) {
        const ExportedAccount& a = mine.accounts[pair.mine];
        const ExportedAccount& b = theirs.accounts[pair.theirs];
        vetoed.push_back({{"my_row", a.row},
                          {"my_account_id", a.account_id},
                          {"partner_row", b.row},
                          {"partner_account_id", b.account_id},
                          {"shared", SharedKinds(pair.shared)},
                          {"keys", DescribeSharedKeys(a, b, pair.shared)},
                          {"veto", MatchVerdictName(pair.why)},
                          {"why", DescribeVeto(a, b, pair.why)}});
      }
      out["vetoed"] = std::move(vetoed);
      out["vetoed_count"] = match.vetoed.size();
    }
    std::cout << out.dump(2) << "\n";
    return absl::OkStatus();
  }
  if (format == OutputFormat::kCsv) {
    return WriteOutput(RenderOverlapReport(match.report, me, format), "");
  }
  if (!options.no_pairs) {
    std::cout << "Matched pairs under the " << MatchPolicyName(policy)
              << " policy: " << match.pairs.size() << "\n";
    absl::PrintF("  %-8s %-22s %-8s %-22s %s\n", "MY ROW", "MY ACCOUNT", "ROW",
                 "PARTNER ACCOUNT", "MATCHED ON");
    for (const MatchedPair& pair : match.pairs) {
      const ExportedAccount& a = mine.accounts[pair.mine];
      const ExportedAccount& b = theirs.accounts[pair.theirs];
      // Ids and keys come from the two CSVs: shown escaped.
      absl::PrintF("  %-8d %-22s %-8d %-22s %s\n", a.row,
                   TerminalSafe(a.account_id), b.row,
                   TerminalSafe(b.account_id),
                   TerminalSafe(DescribeSharedKeys(a, b, pair.shared)));
    }
    std::cout << "\n";
  }
  if (options.explain) {
    std::cout << "Look-alikes a veto kept apart: " << match.vetoed.size()
              << "\n";
    absl::PrintF("  %-8s %-22s %-8s %-22s %-8s %s\n", "MY ROW", "MY ACCOUNT",
                 "ROW", "PARTNER ACCOUNT", "VETO", "WHY (SHARED)");
    for (const VetoedPair& pair : match.vetoed) {
      const ExportedAccount& a = mine.accounts[pair.mine];
      const ExportedAccount& b = theirs.accounts[pair.theirs];
      absl::PrintF("  %-8d %-22s %-8d %-22s %-8s %s (%s)\n", a.row,
                   TerminalSafe(a.account_id), b.row,
                   TerminalSafe(b.account_id), MatchVerdictName(pair.why),
                   TerminalSafe(DescribeVeto(a, b, pair.why)),
                   TerminalSafe(DescribeSharedKeys(a, b, pair.shared)));
    }
    std::cout << "\n";
  }
  std::cout << RenderOverlapReport(match.report, me, format);
  return absl::OkStatus();
}

}  // namespace

void AddMatchLocalCommand(CLI::App& app, const GlobalOptions& global,
                          CommandResult& result) {
  auto options = std::make_shared<MatchLocalOptions>();
  CLI::App* command = app.add_subcommand(
      "match-local",
      "Match your export against a partner's CSV on this machine, with "
      "exactly the broker's rule: the matched pairs with the keys they share, "
      "and the same report as `blindmap report` (nothing is sent).\n\n"
      "Policies: strict matches on a shared registration id (DUNS, LEI, "
      "national id) or website domain only. standard also on an equal "
      "company name (legal forms and spaces ignored: Bone Daddies = "
      "BoneDaddies, Pepsi Co = PepsiCo; a country in brackets or after a "
      "dash set aside: Acme (UK) = Acme) or an equal website brand label "
      "(gxo.ca = gxo.com). broad also on a name without generic trailing "
      "words (International, Group, Global, Restaurants, Solutions, ...; "
      "not Holdings, which names a parent company) "
      "or a bare country or region word (Acme Scandinavia) equal to the "
      "other's name. Vetoes: different registration ids of one kind never "
      "match; a match on a name or brand label alone does not count when "
      "both records carry a country (Billing Country, Country/Region, ...: "
      "US, U.S., USA, Deutschland, ...) and the countries differ, or both "
      "carry a website and the websites share no domain or brand label "
      "(tescoplc.com = tesco.com; a subdomain is the same site)");
  command->add_option("mine", options->mine, "Your CRM export (CSV)")
      ->required();
  command->add_option("partner", options->theirs, "The partner's export (CSV)")
      ->required();
  command->add_option("--partner-config", options->partner_config,
                      "Columns and populations of the partner's file (YAML, "
                      "like blindmap.yaml; default: detection and the "
                      "default populations)");
  command->add_option("--contacts", options->contacts,
                      "Your contacts export: e-mail domains join accounts");
  command->add_option("--partner-contacts", options->partner_contacts,
                      "The partner's contacts export");
  command->add_option("--policy", options->policy, "strict, standard or broad")
      ->check(CLI::IsMember({"strict", "standard", "broad"}))
      ->capture_default_str();
  command
      ->add_option("--format", options->format,
                   "text, markdown, json (pairs and report) or csv "
                   "(report)")
      ->check(CLI::IsMember({"text", "markdown", "md", "json", "csv"}))
      ->capture_default_str();
  command->add_option("--pairs", options->pairs_output,
                      "Also write the matched pairs as CSV to this file "
                      "('-' for standard output)");
  command->add_flag("--no-pairs", options->no_pairs, "Show only the report");
  command->add_flag(
      "--explain", options->explain,
      "Also list the look-alikes a veto kept apart: pairs sharing a name or "
      "brand label (or any key) that did not match because both carry a "
      "country and it differs (country), both carry a website and the "
      "websites differ (website), or both carry a registration id of one "
      "kind and it differs (id); in text and JSON, and in the --pairs CSV "
      "as rows with the columns verdict and why");
  command->callback([&, options] {
    result.exit_code = Finish(MatchLocal(global, *options));
  });
}

}  // namespace blindmap
