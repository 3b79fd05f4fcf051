// `blindmap shared`: the mutually shared accounts with one partner, their
// detail opened on this machine.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "blindmap/v1/detail.pb.h"
#include "client/cli/cli_support.h"
#include "client/console/terminal_text.h"
#include "client/report/overlap_types.h"
#include "client/sync/shared_index.h"
#include "common/base/status_macros.h"
#include "common/crypto/crypto.h"
#include "common/crypto/key_schedule.h"
#include "common/text/csv_writer.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

struct SharedOptions {
  std::string partner;
  std::string format = "text";
  std::string sort = "type";
  std::string secret_file;
};

// One mutually shared account, opened.
struct SharedRow {
  std::string my_account_id;
  std::string my_account_name;
  v1::AccountDetail partner;
  std::optional<OverlapType> type;
};

std::string TypeLabel(const std::optional<OverlapType>& type) {
  return type.has_value() ? InfoFor(*type).label : "-";
}
std::string TypeAction(const std::optional<OverlapType>& type) {
  return type.has_value() ? InfoFor(*type).action : "";
}
std::string TypeId(const std::optional<OverlapType>& type) {
  return type.has_value() ? InfoFor(*type).id : "";
}

std::string Owner(const v1::AccountDetail& detail) {
  if (detail.owner_email().empty()) return detail.owner_name();
  if (detail.owner_name().empty()) return detail.owner_email();
  return absl::StrCat(detail.owner_name(), " <", detail.owner_email(), ">");
}

void Sort(std::vector<SharedRow>& rows, const std::string& by) {
  std::stable_sort(
      rows.begin(), rows.end(), [&by](const SharedRow& x, const SharedRow& y) {
        if (by == "mine") return x.my_account_name < y.my_account_name;
        if (by == "partner") {
          return x.partner.account_name() < y.partner.account_name();
        }
        const int xt = x.type.has_value() ? int(*x.type) : 99;
        const int yt = y.type.has_value() ? int(*y.type) : 99;
        if (xt != yt) return xt < yt;
        return x.my_account_name < y.my_account_name;
      });
}

std::string RenderText(const std::vector<SharedRow>& rows,
                       const std::string& partner, const std::string& period,
                       const std::vector<std::string>& problems) {
  std::string out = absl::StrCat("Mutually shared accounts with ", partner,
                                 ", period ", period, ": ", rows.size(), "\n");
  if (rows.empty()) {
    absl::StrAppend(&out,
                    "Detail is released only for matching accounts both "
                    "sides offer (a population at `overlaps`, or opted in).\n");
  }
  // Every value below came from a CSV or, opened here, from the partner:
  // shown with control characters escaped, so that it cannot act on the
  // terminal (the CSV and JSON formats carry the exact text).
  for (const SharedRow& row : rows) {
    absl::StrAppend(
        &out, "\n",
        TerminalSafe(row.my_account_name.empty() ? row.my_account_id
                                                 : row.my_account_name),
        "  <->  ",
        row.partner.account_name().empty()
            ? "(name not shared)"
            : TerminalSafe(row.partner.account_name()),
        "\n  ", TypeLabel(row.type),
        row.type.has_value() ? absl::StrCat(": ", TypeAction(row.type)) : "",
        "\n");
    const auto line = [&out](const char* label, const std::string& value) {
      if (!value.empty()) {
        absl::StrAppend(&out, "  ", label, TerminalSafe(value), "\n");
      }
    };
    line("website:     ", row.partner.website());
    line("populations: ", absl::StrJoin(row.partner.populations(), ", "));
    line("owner:       ", Owner(row.partner));
    line("industry:    ", row.partner.industry());
    line("country:     ", row.partner.country());
    line("employees:   ", row.partner.employees());
    line("note:        ", row.partner.note());
  }
  for (const std::string& problem : problems) {
    absl::StrAppend(&out, "\nblindmap: ", TerminalSafe(problem), "\n");
  }
  return out;
}

std::string RenderCsv(const std::vector<SharedRow>& rows) {
  std::string out =
      "my_account_id,my_account_name,partner_account_name,partner_website,"
      "partner_populations,partner_owner,partner_owner_email,industry,"
      "country,employees,note,overlap_type,action\n";
  for (const SharedRow& row : rows) {
    const v1::AccountDetail& p = row.partner;
    out += absl::StrJoin(
        {CsvCell(row.my_account_id), CsvCell(row.my_account_name),
         CsvCell(p.account_name()), CsvCell(p.website()),
         CsvCell(absl::StrJoin(p.populations(), ";")), CsvCell(p.owner_name()),
         CsvCell(p.owner_email()), CsvCell(p.industry()), CsvCell(p.country()),
         CsvCell(p.employees()), CsvCell(p.note()), CsvCell(TypeId(row.type)),
         CsvCell(TypeAction(row.type))},
        ",");
    out += "\n";
  }
  return out;
}

nlohmann::json RenderJson(const std::vector<SharedRow>& rows,
                          const std::string& partner, const std::string& period,
                          const std::vector<std::string>& problems) {
  nlohmann::json accounts = nlohmann::json::array();
  for (const SharedRow& row : rows) {
    const v1::AccountDetail& p = row.partner;
    accounts.push_back(
        {{"my_account_id", row.my_account_id},
         {"my_account_name", row.my_account_name},
         {"partner",
          {{"account_name", p.account_name()},
           {"website", p.website()},
           {"populations", std::vector<std::string>(p.populations().begin(),
                                                    p.populations().end())},
           {"owner_name", p.owner_name()},
           {"owner_email", p.owner_email()},
           {"industry", p.industry()},
           {"country", p.country()},
           {"employees", p.employees()},
           {"note", p.note()}}},
         {"overlap_type", row.type.has_value()
                              ? nlohmann::json(TypeId(row.type))
                              : nlohmann::json(nullptr)},
         {"action", TypeAction(row.type)}});
  }
  return {{"partner", partner},
          {"period", period},
          {"accounts", accounts},
          {"problems", problems}};
}

absl::Status Shared(const GlobalOptions& global, const SharedOptions& options) {
  ASSIGN_OR_RETURN(Session session, OpenSession(global));
  ASSIGN_OR_RETURN(v1::Partnership partnership,
                   session.broker->FindPartnership(options.partner));
  ASSIGN_OR_RETURN(v1::SharedAccounts shared,
                   session.broker->SharedAccounts(partnership.id()));
  ASSIGN_OR_RETURN(
      PartnershipSecret secret,
      LoadSecret(session.config, options.partner, options.secret_file));
  ASSIGN_OR_RETURN(std::string key, KeySchedule(secret).DetailKey());
  absl::StatusOr<SharedIndex> index = ReadSharedIndex(SharedIndexPath(
      session.config.state_dir, partnership.id(), shared.period()));
  std::vector<std::string> problems;
  if (!index.ok() && !shared.accounts().empty()) {
    problems.push_back(
        "this machine has no record of what it offered in this period, so "
        "your side shows record ids; sync from here to see your accounts");
  }
  std::vector<SharedRow> rows;
  for (int i = 0; i < shared.accounts_size(); ++i) {
    const v1::SharedAccount& account = shared.accounts(i);
    SharedRow row;
    absl::StatusOr<std::string> opened =
        OpenAes256Gcm(key,
                      DetailAad(partnership.id(), shared.period(),
                                account.partner_record_id()),
                      account.partner_sealed_detail());
    if (!opened.ok() || !row.partner.ParseFromString(*opened)) {
      problems.push_back(absl::StrCat(
          "shared account ", i + 1, " of ", shared.accounts_size(),
          ": the partner's detail does not open (altered, sealed under "
          "another partnership secret, or taken from another record); "
          "skipped"));
      continue;
    }
    if (index.ok()) {
      auto mine = index->find(account.my_record_id());
      if (mine != index->end()) {
        row.my_account_id = mine->second.account_id;
        row.my_account_name = mine->second.detail.account_name();
      }
    }
    if (row.my_account_id.empty()) {
      row.my_account_id = absl::BytesToHexString(account.my_record_id());
    }
    row.type = SharedAccountOverlapType(shared, account);
    rows.push_back(std::move(row));
  }
  Sort(rows, options.sort);
  if (options.format == "json") {
    std::cout
        << RenderJson(rows, options.partner, shared.period(), problems).dump(2)
        << "\n";
  } else if (options.format == "csv") {
    std::cout << RenderCsv(rows);
    for (const std::string& problem : problems) {
      std::cerr << "blindmap: " << problem << "\n";
    }
  } else {
    std::cout << RenderText(rows, options.partner, shared.period(), problems);
  }
  return absl::OkStatus();
}

}  // namespace

void AddSharedCommand(CLI::App& app, const GlobalOptions& global,
                      CommandResult& result) {
  auto options = std::make_shared<SharedOptions>();
  CLI::App* shared = app.add_subcommand(
      "shared",
      "The accounts you and the partner both chose to share: the partner's "
      "detail (opened here; the broker cannot read it), the overlap type and "
      "what to do");
  shared->add_option("--partner", options->partner, "The partner's party name")
      ->required()
      ->check(PartyNameArgument());
  shared->add_option("--format", options->format, "text, json or csv")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  shared
      ->add_option("--sort", options->sort,
                   "type (warm introductions first), mine or partner")
      ->check(CLI::IsMember({"type", "mine", "partner"}))
      ->capture_default_str();
  shared->add_option("--secret-file", options->secret_file,
                     "Partnership secret file (default from the config)");
  shared->callback(
      [&, options] { result.exit_code = Finish(Shared(global, *options)); });
}

}  // namespace blindmap
