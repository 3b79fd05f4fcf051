// `blindmap keys`: show the normalized match keys of an export, locally.
#include <filesystem>
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/cli/cli_support.h"
#include "client/console/terminal_text.h"
#include "client/crm/crm_export.h"
#include "client/report/export_summary_render.h"
#include "common/base/status_macros.h"
#include "common/text/csv_writer.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

struct KeysOptions {
  std::string input;
  std::string contacts;
  std::string sheet;
  std::string format = "text";
};

std::vector<std::string> Strings(const std::vector<absl::string_view>& views) {
  return {views.begin(), views.end()};
}

const char* KeyLabel(v1::KeyKind kind) {
  switch (kind) {
    case v1::KEY_KIND_DUNS:
      return "DUNS:   ";
    case v1::KEY_KIND_LEI:
      return "LEI:    ";
    case v1::KEY_KIND_REGISTRATION_ID:
      return "registration id: ";
    case v1::KEY_KIND_NAME:
      return "name (other spelling): ";
    case v1::KEY_KIND_BRAND_LABEL:
      return "brand label: ";
    case v1::KEY_KIND_BRAND_LABEL_VARIANT:
      return "brand label form (website veto only): ";
    default:
      return "variant (broad policy only): ";
  }
}

std::vector<std::string> PopulationNames(const ClientConfig& config,
                                         uint64_t bits) {
  std::vector<std::string> names;
  for (size_t i = 0; i < config.populations.size(); ++i) {
    if ((bits >> i) & 1) names.push_back(config.populations[i].name);
  }
  return names;
}

absl::Status Keys(const GlobalOptions& global, const KeysOptions& options) {
  // The config is optional here: without one, the defaults apply.
  ClientConfig config;
  if (std::filesystem::exists(global.config_path)) {
    ASSIGN_OR_RETURN(config, LoadExportConfig(global.config_path));
  } else {
    config.populations = DefaultPopulations();
  }
  if (!options.sheet.empty()) config.export_sheet = options.sheet;
  ASSIGN_OR_RETURN(auto reader, CrmExportReader::Create(config));
  ASSIGN_OR_RETURN(CrmExport exported,
                   reader->Read(options.input, {}, options.contacts));
  if (options.format == "json") {
    nlohmann::json records = nlohmann::json::array();
    for (const ExportedAccount& a : exported.accounts) {
      records.push_back(
          {{"row", a.row},
           {"account_id", a.account_id},
           {"populations", PopulationNames(config, a.populations)},
           {"name", a.name_key},
           {"domains", a.domain_keys},
           {"duns", std::string(a.Key(v1::KEY_KIND_DUNS))},
           {"lei", std::string(a.Key(v1::KEY_KIND_LEI))},
           {"registration_id",
            std::string(a.Key(v1::KEY_KIND_REGISTRATION_ID))},
           {"name_variants", Strings(a.Keys(v1::KEY_KIND_NAME_VARIANT))},
           {"name_forms", Strings(a.Keys(v1::KEY_KIND_NAME))},
           {"brand_labels", Strings(a.Keys(v1::KEY_KIND_BRAND_LABEL))},
           {"brand_label_forms",
            Strings(a.Keys(v1::KEY_KIND_BRAND_LABEL_VARIANT))},
           {"country", a.country}});
    }
    nlohmann::json dropped = nlohmann::json::array();
    for (const RowProblem& p : exported.summary.problems) {
      dropped.push_back(
          {{"row", p.row}, {"column", p.column}, {"reason", p.reason}});
    }
    std::cout << nlohmann::json{{"source", exported.summary.source},
                                {"profile", ProfileJson(exported.summary)},
                                {"notes", exported.summary.notes},
                                {"records", records},
                                {"dropped", dropped}}
                     .dump(2)
              << "\n";
    return absl::OkStatus();
  }
  if (options.format == "csv") {
    std::cout << "row,account_id,populations,name_key,domain_keys,duns,lei,"
                 "registration_id,name_variants,name_forms,brand_labels,"
                 "brand_label_forms,country\n";
    for (const ExportedAccount& a : exported.accounts) {
      std::cout
          << a.row << "," << CsvCell(a.account_id) << ","
          << CsvCell(absl::StrJoin(PopulationNames(config, a.populations), ";"))
          << "," << CsvCell(a.name_key) << ","
          << CsvCell(absl::StrJoin(a.domain_keys, ";")) << ","
          << a.Key(v1::KEY_KIND_DUNS) << "," << a.Key(v1::KEY_KIND_LEI) << ","
          << CsvCell(std::string(a.Key(v1::KEY_KIND_REGISTRATION_ID))) << ","
          << CsvCell(absl::StrJoin(a.Keys(v1::KEY_KIND_NAME_VARIANT), ";"))
          << "," << CsvCell(absl::StrJoin(a.Keys(v1::KEY_KIND_NAME), ";"))
          << ","
          << CsvCell(absl::StrJoin(a.Keys(v1::KEY_KIND_BRAND_LABEL), ";"))
          << ","
          << CsvCell(
                 absl::StrJoin(a.Keys(v1::KEY_KIND_BRAND_LABEL_VARIANT), ";"))
          << "," << a.country << "\n";
    }
    return absl::OkStatus();
  }
  // Ids, keys, population and column names come from the CSV and the
  // config: shown escaped (the CSV and JSON formats carry them exactly).
  std::cout << "Match keys of " << TerminalSafe(exported.summary.source)
            << " (computed locally; only their keyed tokens are ever sent)\n"
            << ProfileLine(exported.summary);
  for (const ExportedAccount& a : exported.accounts) {
    std::cout << "row " << a.row << "  [" << TerminalSafe(a.account_id) << "]  "
              << TerminalSafe(absl::StrJoin(
                     PopulationNames(config, a.populations), ", "))
              << "\n    name:   "
              << (a.name_key.empty() ? "(none)" : TerminalSafe(a.name_key))
              << "\n    domain: "
              << (a.domain_keys.empty()
                      ? "(none)"
                      : TerminalSafe(absl::StrJoin(a.domain_keys, ", ")))
              << (a.country.empty()
                      ? ""
                      : "\n    country: " + TerminalSafe(a.country))
              << "\n";
    for (const AccountKey& key : a.more_keys) {
      std::cout << "    " << KeyLabel(key.kind) << TerminalSafe(key.value)
                << "\n";
    }
  }
  for (const RowProblem& p : exported.summary.problems) {
    std::cout << "row " << p.row << "  dropped"
              << (p.column.empty()
                      ? ""
                      : absl::StrCat(" (", TerminalSafe(p.column), ")"))
              << ": " << TerminalSafe(p.reason) << "\n";
  }
  for (const std::string& warning : exported.summary.warnings) {
    std::cout << "Warning: " << TerminalSafe(warning) << "\n";
  }
  const ExportSummary& s = exported.summary;
  for (const std::string& note : s.notes) {
    std::cout << "Note: " << TerminalSafe(note) << "\n";
  }
  std::cout << exported.accounts.size() << " records; not sent: " << s.excluded
            << " excluded, " << s.no_population << " in no population, "
            << s.no_key << " without a key, " << s.rejected << " rejected\n";
  return absl::OkStatus();
}

}  // namespace

void AddKeysCommand(CLI::App& app, const GlobalOptions& global,
                    CommandResult& result) {
  auto options = std::make_shared<KeysOptions>();
  CLI::App* keys = app.add_subcommand(
      "keys",
      "Print each record's normalized match keys, to see why two accounts "
      "match or not (local only; nothing is sent)");
  keys->add_option("file", options->input, "CRM export (CSV or XLSX)")
      ->required();
  keys->add_option("--sheet", options->sheet,
                   "XLSX: the worksheet to read (default: the first)");
  keys->add_option("--contacts", options->contacts,
                   "Contacts export: e-mail domains join their accounts");
  keys->add_option("--format", options->format, "text, json or csv")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  keys->callback(
      [&, options] { result.exit_code = Finish(Keys(global, *options)); });
}

}  // namespace blindmap
