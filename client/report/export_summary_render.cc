#include "client/report/export_summary_render.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/console/progress_line.h"
#include "client/console/terminal_text.h"

namespace blindmap {
namespace {
constexpr size_t kProblemsShownAsText = 20;
}  // namespace

nlohmann::json ProfileJson(const ExportSummary& s) {
  if (s.profile.empty()) {
    return {{"name", nullptr}, {"title", nullptr}, {"how", s.profile_reason}};
  }
  return {{"name", s.profile},
          {"title", s.profile_title},
          {"how", s.profile_reason}};
}

std::string ProfileLine(const ExportSummary& s) {
  if (s.profile_reason.empty()) return "";
  return absl::StrCat(
      "  CRM profile: ",
      TerminalSafe(s.profile.empty()
                       ? s.profile_reason
                       : absl::StrCat(s.profile_title, " [", s.profile, "], ",
                                      s.profile_reason)),
      "\n");
}

nlohmann::json SummaryJson(const ExportSummary& s, const ClientConfig& config) {
  nlohmann::json populations = nlohmann::json::array();
  for (size_t i = 0; i < config.populations.size(); ++i) {
    populations.push_back({{"name", config.populations[i].name},
                           {"records", s.population_sizes[i]}});
  }
  nlohmann::json problems = nlohmann::json::array();
  for (const RowProblem& p : s.problems) {
    problems.push_back(
        {{"row", p.row}, {"column", p.column}, {"reason", p.reason}});
  }
  auto column_name = [&](int index) {
    return index >= 0 ? nlohmann::json(s.columns.header[index])
                      : nlohmann::json(nullptr);
  };
  nlohmann::json websites = nlohmann::json::array();
  for (int index : s.columns.websites) websites.push_back(column_name(index));
  return {
      {"source", s.source},
      {"profile", ProfileJson(s)},
      {"notes", s.notes},
      {"columns",
       {{"id", column_name(s.columns.id)},
        {"name", column_name(s.columns.name)},
        {"websites", websites}}},
      {"rows", s.rows},
      {"records", s.name_and_domain + s.name_only + s.domain_only + s.ids_only},
      {"populations", populations},
      {"keys_per_record",
       {{"name_and_domain", s.name_and_domain},
        {"name_only", s.name_only},
        {"domain_only", s.domain_only},
        {"ids_only", s.ids_only},
        {"with_registration_ids", s.with_ids}}},
      {"tokens",
       {{"name", s.name_keys},
        {"domain", s.domain_keys},
        {"duns", s.duns_keys},
        {"lei", s.lei_keys},
        {"registration_id", s.registration_keys},
        {"name_variant", s.name_variant_keys},
        {"name_form", s.name_form_keys},
        {"brand_label", s.brand_label_keys}}},
      {"records_with_country", s.with_country},
      {"invalid_ids", s.invalid_ids},
      {"contacts",
       {{"read", s.contacts},
        {"domains_added", s.contact_domains_added},
        {"unusable_emails", s.unusable_contact_emails}}},
      {"not_sent",
       {{"excluded", s.excluded},
        {"no_population", s.no_population},
        {"no_key", s.no_key},
        {"rejected", s.rejected}}},
      {"ragged_rows", s.ragged_rows},
      {"unusable_websites", s.unusable_websites},
      {"problems", problems},
      {"warnings", s.warnings},
      {"problems_truncated",
       static_cast<int64_t>(s.problems.size()) < s.no_key + s.rejected}};
}

std::string SummaryText(const ExportSummary& s, const ClientConfig& config,
                        bool dry_run) {
  std::string out;
  // Header names, the path and population names come from the CSV and
  // the config: shown escaped.
  auto column_name = [&](int index) {
    return index >= 0
               ? absl::StrCat("\"", TerminalSafe(s.columns.header[index]), "\"")
               : std::string("(none)");
  };
  std::vector<std::string> websites;
  for (int index : s.columns.websites) websites.push_back(column_name(index));
  absl::StrAppend(&out, "Export ", TerminalSafe(s.source), ": ", WithThousands(s.rows),
                  " rows\n  columns: id ", column_name(s.columns.id), ", name ",
                  column_name(s.columns.name), ", website ",
                  websites.empty() ? "(none)" : absl::StrJoin(websites, ", "),
                  "\n", ProfileLine(s));
  const int64_t records =
      s.name_and_domain + s.name_only + s.domain_only + s.ids_only;
  absl::StrAppend(&out, dry_run ? "Would send " : "Sent ",
                  WithThousands(records), " records:\n");
  for (size_t i = 0; i < config.populations.size(); ++i) {
    absl::StrAppend(&out,
                    absl::StrFormat("  %-24s %10s\n",
                                    TerminalSafe(config.populations[i].name),
                                    WithThousands(s.population_sizes[i])));
  }
  absl::StrAppend(&out, "Keys per record: name and website ",
                  WithThousands(s.name_and_domain), ", name only ",
                  WithThousands(s.name_only), ", website only ",
                  WithThousands(s.domain_only), ", registration ids only ",
                  WithThousands(s.ids_only), "; with a registration id ",
                  WithThousands(s.with_ids), "\n");
  absl::StrAppend(&out, "Keys: ", WithThousands(s.name_keys), " name, ",
                  WithThousands(s.domain_keys), " domain, ",
                  WithThousands(s.duns_keys), " DUNS, ",
                  WithThousands(s.lei_keys), " LEI, ",
                  WithThousands(s.registration_keys), " registration id, ",
                  WithThousands(s.name_form_keys), " other name spelling, ",
                  WithThousands(s.brand_label_keys), " brand label (",
                  WithThousands(s.name_variant_keys),
                  " name variants, sent only under the broad policy); ",
                  WithThousands(s.with_country),
                  " records with a country (for the country veto)\n");
  if (s.detail_offered > 0 || s.opted_out > 0) {
    absl::StrAppend(&out,
                    "Account detail offered (sealed, released only "
                    "where the partner offers the match too): ",
                    WithThousands(s.detail_offered), " (",
                    WithThousands(s.opted_in), " opted in explicitly); ",
                    WithThousands(s.opted_out), " opted out\n");
  }
  if (s.contacts > 0) {
    absl::StrAppend(&out, "Contacts: ", WithThousands(s.contacts), " read, ",
                    WithThousands(s.contact_domains_added),
                    " domains added to accounts\n");
  }
  if (!s.invalid_ids.empty()) {
    std::vector<std::string> parts;
    for (const auto& [kind, count] : s.invalid_ids) {
      parts.push_back(absl::StrCat(WithThousands(count), " ", kind));
    }
    absl::StrAppend(&out, "Registration ids not used (malformed): ",
                    absl::StrJoin(parts, ", "), "\n");
  }
  absl::StrAppend(&out, "Kept on this machine: ", WithThousands(s.excluded),
                  " excluded, ", WithThousands(s.no_population),
                  " in no population, ", WithThousands(s.no_key),
                  " without a usable key, ", WithThousands(s.rejected),
                  " rejected\n");
  if (s.ragged_rows > 0) {
    absl::StrAppend(&out, "Rows shorter than the header (read as empty): ",
                    WithThousands(s.ragged_rows), "\n");
  }
  if (!s.unusable_websites.empty()) {
    std::vector<std::string> parts;
    for (const auto& [verdict, count] : s.unusable_websites) {
      parts.push_back(absl::StrCat(WithThousands(count), " ", verdict));
    }
    absl::StrAppend(
        &out, "Websites not used as keys: ", absl::StrJoin(parts, ", "), "\n");
  }
  for (const std::string& note : s.notes) {
    absl::StrAppend(&out, "Note: ", TerminalSafe(note), "\n");
  }
  const int64_t dropped = s.no_key + s.rejected;
  if (dropped > 0) {
    absl::StrAppend(&out, "Dropped rows (", WithThousands(dropped), "):\n");
    for (size_t i = 0; i < s.problems.size() && i < kProblemsShownAsText; ++i) {
      const RowProblem& p = s.problems[i];
      absl::StrAppend(
          &out, "  row ", p.row,
          p.column.empty()
              ? ""
              : absl::StrCat(", column \"", TerminalSafe(p.column), "\""),
          ": ", p.reason, "\n");
    }
    if (dropped > static_cast<int64_t>(kProblemsShownAsText)) {
      absl::StrAppend(&out, "  ... (all of them with --format json)\n");
    }
  }
  for (const std::string& warning : s.warnings) {
    absl::StrAppend(&out, "Warning: ", TerminalSafe(warning), "\n");
  }
  return out;
}

}  // namespace blindmap
