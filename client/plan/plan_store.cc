#include "client/plan/plan_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/base/party_name.h"
#include "common/base/private_file.h"
#include "common/base/status_macros.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

using nlohmann::json;

bool IsFileLabel(const std::string& label) {
  if (label.empty() || label.size() > 32) return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-';
  });
}

json Optional(const std::optional<double>& value) {
  return value.has_value() ? json(*value) : json(nullptr);
}

std::optional<double> OptionalNumber(const json& value) {
  if (!value.is_number()) return std::nullopt;
  return value.get<double>();
}

json TypeJson(const std::optional<OverlapType>& type) {
  return type.has_value() ? json(InfoFor(*type).id) : json(nullptr);
}

// Throws json::exception for a malformed state (caught by Load()).
std::optional<OverlapType> TypeFrom(const json& value) {
  if (value.is_null()) return std::nullopt;
  const std::string id = value.get<std::string>();
  for (OverlapType type :
       {OverlapType::kProspectCustomer, OverlapType::kCustomerProspect,
        OverlapType::kProspectProspect, OverlapType::kCustomerCustomer}) {
    if (id == InfoFor(type).id) return type;
  }
  throw std::invalid_argument("unknown overlap type");
}

absl::CivilDay DayFrom(const json& value) {
  std::optional<absl::CivilDay> day = ParseDay(value.get<std::string>());
  if (!day.has_value()) throw std::invalid_argument("not a date");
  return *day;
}

json ToJson(const PlanState& state) {
  json accounts = json::array();
  for (const PlannedAccount& a : state.accounts) {
    accounts.push_back(
        {{"account_id", a.account_id},
         {"name", a.name},
         {"partner_name", a.partner_name},
         {"type", TypeJson(a.type)},
         {"my_status", MyStatusName(a.my_status)},
         {"tier", a.tier},
         {"rank", a.rank},
         {"score", a.score},
         {"status", PlanStatusName(a.status)},
         {"mapped_on", FormatDay(a.mapped_on)},
         {"first_touched", a.first_touched.has_value()
                               ? json(FormatDay(*a.first_touched))
                               : json(nullptr)},
         {"amount", Optional(a.amount)},
         {"stage_at_mapping", a.stage_at_mapping}});
  }
  json departed = json::array();
  for (const DepartedAccount& d : state.departed) {
    departed.push_back({{"account_id", d.account_id},
                        {"name", d.name},
                        {"type", TypeJson(d.type)},
                        {"my_status_now", MyStatusName(d.my_status_now)},
                        {"reason", d.reason}});
  }
  json wins = json::array();
  for (const WonDeal& w : state.wins) {
    wins.push_back({{"account_id", w.account_id},
                    {"name", w.name},
                    {"amount", w.amount},
                    {"quarter", w.quarter},
                    {"period", w.period}});
  }
  return {{"schema", "blindmap.plan-state.v1"},
          {"partner", state.partner},
          {"partnership_id", state.partnership_id},
          {"period", state.period},
          {"generated_on", FormatDay(state.generated_on)},
          {"previous_period", state.previous_period},
          {"accounts", accounts},
          {"departed", departed},
          {"wins", wins},
          {"roi",
           {{"overlap_rate", Optional(state.roi.overlap_rate)},
            {"activation_rate", Optional(state.roi.activation_rate)},
            {"conversion_rate", Optional(state.roi.conversion_rate)},
            {"revenue", Optional(state.roi.revenue)},
            {"median_days_to_first_touch",
             Optional(state.roi.median_days_to_first_touch)}}},
          {"my_records", state.my_records},
          {"my_overlapping", state.my_overlapping},
          {"shared_accounts", state.shared_accounts}};
}

PlanState FromJson(const json& in) {
  PlanState state;
  state.partner = in.at("partner").get<std::string>();
  state.partnership_id = in.at("partnership_id").get<std::string>();
  state.period = in.at("period").get<std::string>();
  state.generated_on = DayFrom(in.at("generated_on"));
  state.previous_period = in.at("previous_period").get<std::string>();
  for (const json& a : in.at("accounts")) {
    PlannedAccount account;
    account.account_id = a.at("account_id").get<std::string>();
    account.name = a.at("name").get<std::string>();
    account.partner_name = a.at("partner_name").get<std::string>();
    account.type = TypeFrom(a.at("type"));
    account.my_status = ParseMyStatus(a.at("my_status").get<std::string>())
                            .value_or(MyStatus::kOther);
    account.tier = a.at("tier").get<int>();
    account.rank = a.at("rank").get<int>();
    account.score = a.at("score").get<int>();
    account.status = ParsePlanStatus(a.at("status").get<std::string>())
                         .value_or(PlanStatus::kNew);
    account.mapped_on = DayFrom(a.at("mapped_on"));
    if (!a.at("first_touched").is_null()) {
      account.first_touched = DayFrom(a.at("first_touched"));
    }
    account.amount = OptionalNumber(a.at("amount"));
    account.stage_at_mapping = a.at("stage_at_mapping").get<std::string>();
    state.accounts.push_back(std::move(account));
  }
  for (const json& d : in.at("departed")) {
    DepartedAccount departed;
    departed.account_id = d.at("account_id").get<std::string>();
    departed.name = d.at("name").get<std::string>();
    departed.type = TypeFrom(d.at("type"));
    departed.my_status_now =
        ParseMyStatus(d.at("my_status_now").get<std::string>())
            .value_or(MyStatus::kOther);
    departed.reason = d.at("reason").get<std::string>();
    state.departed.push_back(std::move(departed));
  }
  for (const json& w : in.at("wins")) {
    state.wins.push_back(
        {w.at("account_id").get<std::string>(), w.at("name").get<std::string>(),
         w.at("amount").get<double>(), w.at("quarter").get<std::string>(),
         w.at("period").get<std::string>()});
  }
  const json& roi = in.at("roi");
  state.roi.overlap_rate = OptionalNumber(roi.at("overlap_rate"));
  state.roi.activation_rate = OptionalNumber(roi.at("activation_rate"));
  state.roi.conversion_rate = OptionalNumber(roi.at("conversion_rate"));
  state.roi.revenue = OptionalNumber(roi.at("revenue"));
  state.roi.median_days_to_first_touch =
      OptionalNumber(roi.at("median_days_to_first_touch"));
  state.my_records = in.at("my_records").get<uint64_t>();
  state.my_overlapping = in.at("my_overlapping").get<uint64_t>();
  state.shared_accounts = in.at("shared_accounts").get<uint64_t>();
  return state;
}

json EntryJson(const EngagementEntry& e) {
  return {{"date", FormatDay(e.date)},
          {"account_id", e.account_id},
          {"account_name", e.account_name},
          {"status", PlanStatusName(e.status)},
          {"activity", e.activity.has_value() ? json(ActivityName(*e.activity))
                                              : json(nullptr)},
          {"participants", e.participants},
          {"outcome", e.outcome},
          {"next_step", e.next_step},
          {"note", e.note},
          {"recorded_at_unix", e.recorded_at_unix}};
}

EngagementEntry EntryFrom(const json& in) {
  EngagementEntry e;
  e.date = DayFrom(in.at("date"));
  e.account_id = in.at("account_id").get<std::string>();
  e.account_name = in.at("account_name").get<std::string>();
  std::optional<PlanStatus> status =
      ParsePlanStatus(in.at("status").get<std::string>());
  if (!status.has_value()) throw std::invalid_argument("unknown status");
  e.status = *status;
  if (!in.at("activity").is_null()) {
    e.activity = ParseActivity(in.at("activity").get<std::string>());
    if (!e.activity.has_value()) throw std::invalid_argument("bad activity");
  }
  e.participants = in.at("participants").get<std::string>();
  e.outcome = in.at("outcome").get<std::string>();
  e.next_step = in.at("next_step").get<std::string>();
  e.note = in.at("note").get<std::string>();
  e.recorded_at_unix = in.at("recorded_at_unix").get<int64_t>();
  return e;
}

absl::Status WriteAll(int fd, const std::string& data,
                      const std::string& path) {
  size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot sync ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace

PlanStore::PlanStore(std::string state_dir, std::string partner)
    : dir_(absl::StrCat(state_dir, "/plan/", partner)) {}

std::string PlanStore::PeriodPath(const std::string& period) const {
  return absl::StrCat(dir_, "/periods/", period, ".json");
}

absl::Status PlanStore::Save(const PlanState& state) const {
  if (!IsFileLabel(state.period)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the period label \"", state.period, "\" cannot name a plan file"));
  }
  RETURN_IF_ERROR(EnsurePrivateDir(dir_));
  RETURN_IF_ERROR(EnsurePrivateDir(dir_ + "/periods"));
  const std::string path = PeriodPath(state.period);
  const std::string temporary = path + ".new";
  const int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", temporary, ": ", std::strerror(errno)));
  }
  ::fchmod(fd, 0600);
  absl::Status written = WriteAll(fd, ToJson(state).dump(1) + "\n", temporary);
  ::close(fd);
  if (!written.ok()) {
    std::filesystem::remove(temporary);
    return written;
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot replace ", path, ": ", error.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<PlanState> PlanStore::Load(const std::string& period) const {
  if (!IsFileLabel(period)) {
    return absl::NotFoundError(absl::StrCat("no plan for period ", period));
  }
  const std::string path = PeriodPath(period);
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("no saved plan at ", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    return FromJson(json::parse(text.str()));
  } catch (const std::exception&) {
    return absl::DataLossError(absl::StrCat(
        path,
        " is not a plan state this version can read; move it away to "
        "start the plan afresh"));
  }
}

std::vector<std::string> PlanStore::Periods() const {
  std::vector<std::string> periods;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator(dir_ + "/periods", error)) {
    const std::filesystem::path& path = entry.path();
    if (path.extension() != ".json") continue;
    const std::string label = path.stem().string();
    if (IsFileLabel(label)) periods.push_back(label);
  }
  std::sort(periods.begin(), periods.end());
  return periods;
}

absl::StatusOr<PlanState> PlanStore::Latest() const {
  const std::vector<std::string> periods = Periods();
  if (periods.empty()) {
    return absl::NotFoundError(absl::StrCat("no saved plan in ", dir_));
  }
  return Load(periods.back());
}

absl::StatusOr<PlanState> PlanStore::LatestBefore(
    const std::string& period) const {
  std::vector<std::string> periods = Periods();
  for (auto it = periods.rbegin(); it != periods.rend(); ++it) {
    if (*it < period) return Load(*it);
  }
  return absl::NotFoundError(
      absl::StrCat("no saved plan before period ", period));
}

absl::StatusOr<std::vector<EngagementEntry>> PlanStore::ReadEngagement() const {
  std::vector<EngagementEntry> entries;
  const std::string path = dir_ + "/engagement.jsonl";
  std::ifstream in(path);
  if (!in) return entries;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    try {
      entries.push_back(EntryFrom(json::parse(line)));
    } catch (const std::exception&) {
      return absl::DataLossError(
          absl::StrCat(path, ": line ", number, " is not an engagement entry"));
    }
  }
  return entries;
}

absl::Status PlanStore::AppendEngagement(const EngagementEntry& entry) const {
  RETURN_IF_ERROR(EnsurePrivateDir(dir_));
  const std::string path = dir_ + "/engagement.jsonl";
  const int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  ::fchmod(fd, 0600);
  // One line, one write: a concurrent appender cannot interleave with it.
  absl::Status written = WriteAll(fd, EntryJson(entry).dump() + "\n", path);
  ::close(fd);
  return written;
}

std::vector<std::string> PlanStore::PartnersWithPlans(
    const std::string& state_dir) {
  std::vector<std::string> partners;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator(state_dir + "/plan", error)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory(error) && IsValidPartyName(name)) {
      partners.push_back(name);
    }
  }
  std::sort(partners.begin(), partners.end());
  return partners;
}

}  // namespace blindmap
