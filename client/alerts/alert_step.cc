#include "client/alerts/alert_step.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "blindmap/v1/detail.pb.h"
#include "client/alerts/alert_message.h"
#include "client/alerts/alert_state.h"
#include "client/alerts/webhook_sender.h"
#include "client/alerts/webhook_url.h"
#include "client/config/secret_file.h"
#include "client/console/terminal_text.h"
#include "client/sync/shared_index.h"
#include "common/crypto/crypto.h"
#include "common/crypto/key_schedule.h"

namespace blindmap {
namespace {

using Status = AlertOutcome::Status;

// Accounts both sides share now: hash of my account id -> the name to show
// (mine, else the partner's).
using SharedNow = std::map<std::string, std::string>;

absl::StatusOr<SharedNow> SharedAccountsNow(const ClientConfig& config,
                                            BrokerClient& broker,
                                            const v1::Partnership& partnership,
                                            const std::string& partner,
                                            const std::string& secret_file) {
  absl::StatusOr<v1::SharedAccounts> shared =
      broker.SharedAccounts(partnership.id());
  if (!shared.ok()) return shared.status();
  absl::StatusOr<PartnershipSecret> secret =
      LoadSecret(config, partner, secret_file);
  if (!secret.ok()) return secret.status();
  absl::StatusOr<std::string> key = KeySchedule(*secret).DetailKey();
  if (!key.ok()) return key.status();
  absl::StatusOr<SharedIndex> index = ReadSharedIndex(
      SharedIndexPath(config.state_dir, partnership.id(), shared->period()));
  SharedNow now;
  for (const v1::SharedAccount& account : shared->accounts()) {
    std::string account_id;
    std::string name;
    if (index.ok()) {
      auto mine = index->find(account.my_record_id());
      if (mine != index->end()) {
        account_id = mine->second.account_id;
        name = mine->second.detail.account_name();
      }
    }
    if (name.empty()) {
      v1::AccountDetail detail;
      absl::StatusOr<std::string> opened =
          OpenAes256Gcm(*key,
                        DetailAad(partnership.id(), shared->period(),
                                  account.partner_record_id()),
                        account.partner_sealed_detail());
      if (opened.ok() && detail.ParseFromString(*opened)) {
        name = detail.account_name();
      }
    }
    // Without this machine's index, the record id stands for the account:
    // stable within the period only, which is all the comparison needs.
    if (account_id.empty()) {
      account_id = absl::StrCat("record:",
                                absl::BytesToHexString(account.my_record_id()));
    }
    now[SharedAccountHash(partnership.id(), account_id)] = name;
  }
  return now;
}

// Fills change.shared from the accounts shared now and the state's.
void CompareShared(const SharedNow& now, const AlertState& state,
                   OverlapChange& change) {
  SharedAccountsChange& shared = change.shared;
  shared.known = !state.shared_period.empty();
  if (!shared.known) return;
  for (const auto& [hash, name] : now) {
    if (state.shared.count(hash) > 0) continue;
    ++shared.new_count;
    if (!name.empty()) shared.new_names.push_back(name);
  }
  for (const std::string& hash : state.shared) {
    if (now.count(hash) == 0) ++shared.gone_count;
  }
  std::sort(shared.new_names.begin(), shared.new_names.end());
  if (shared.new_names.size() > kMaxNamesShown) {
    shared.new_names.resize(kMaxNamesShown);
  }
}

AlertOutcome Deliver(const AlertConfig& alert, const std::string& body) {
  AlertOutcome outcome;
  outcome.label = alert.label;
  absl::StatusOr<std::string> url = ReadWebhookUrl(alert);
  if (!url.ok()) {
    outcome.status = Status::kFailed;
    outcome.message = std::string(url.status().message());
    return outcome;
  }
  outcome.destination = RedactedUrl(*url);
  WebhookPost post;
  post.url = *url;
  post.body = body;
  post.timeout = alert.timeout;
  post.retries = alert.retries;
  post.ca_file = alert.ca_file;
  absl::StatusOr<WebhookDelivery> delivered = PostWebhook(post);
  if (delivered.ok()) {
    outcome.status = Status::kSent;
    outcome.attempts = delivered->attempts;
    outcome.message = absl::StrCat("HTTP ", delivered->http_status);
  } else {
    outcome.status = Status::kFailed;
    outcome.message = ScrubUrl(std::string(delivered.status().message()), *url);
  }
  return outcome;
}

}  // namespace

bool AlertStepResult::failed() const {
  return std::any_of(outcomes.begin(), outcomes.end(),
                     [](const AlertOutcome& outcome) {
                       return outcome.status == Status::kFailed;
                     });
}

const char* AlertStatusName(AlertOutcome::Status status) {
  switch (status) {
    case Status::kSent:
      return "sent";
    case Status::kNothingNew:
      return "nothing_new";
    case Status::kAlreadySent:
      return "already_sent";
    case Status::kFailed:
      return "failed";
  }
  return "failed";
}

AlertStepResult RunAlertStep(const ClientConfig& config, BrokerClient& broker,
                             const v1::Partnership& partnership,
                             const std::string& partner, const std::string& me,
                             const AlertStepOptions& options) {
  AlertStepResult result;
  result.partner = partner;
  std::vector<const AlertConfig*> alerts;
  for (const AlertConfig& alert : config.alerts) {
    if (alert.ForPartner(partner)) alerts.push_back(&alert);
  }
  if (alerts.empty()) return result;
  const auto fail_all = [&](const std::string& why) {
    for (const AlertConfig* alert : alerts) {
      result.outcomes.push_back({alert->label, "", Status::kFailed, why, 0});
    }
    return result;
  };
  if (options.test) {
    const OverlapChange test = TestOverlapChange(me, partner);
    for (const AlertConfig* alert : alerts) {
      result.outcomes.push_back(
          Deliver(*alert, RenderAlert(test, alert->kind, /*test=*/true)));
    }
    return result;
  }

  const std::string state_path =
      AlertStatePath(config.state_dir, partnership.id());
  absl::StatusOr<AlertState> state = ReadAlertState(state_path);
  if (!state.ok()) return fail_all(std::string(state.status().message()));
  absl::StatusOr<v1::ReportHistory> history =
      broker.GetHistory(partnership.id());
  if (!history.ok()) {
    return fail_all(absl::StrCat("cannot read the partnership's history: ",
                                 history.status().message()));
  }
  if (history->reports_size() == 0) {
    return fail_all("the broker has no report for this partnership yet");
  }
  result.period = history->reports(history->reports_size() - 1).period();
  std::optional<OverlapChange> change = BuildOverlapChange(*history, me);
  if (change.has_value()) result.previous_period = change->previous_period;

  // Which accounts both sides share, if any webhook may name them.
  const bool names = std::any_of(alerts.begin(), alerts.end(),
                                 [](const AlertConfig* a) { return a->names; });
  std::optional<SharedNow> shared_now;
  const bool shared_taken = state->shared_period == result.period;
  if (names && !shared_taken) {
    absl::StatusOr<SharedNow> now = SharedAccountsNow(
        config, broker, partnership, partner, options.secret_file);
    if (now.ok()) shared_now = *std::move(now);
  }
  if (change.has_value() && shared_now.has_value()) {
    CompareShared(*shared_now, *state, *change);
  }

  AlertState next = *state;
  for (const AlertConfig* alert : alerts) {
    AlertOutcome outcome;
    outcome.label = alert->label;
    auto done = state->done.find(alert->label);
    if (done != state->done.end() && done->second == result.period) {
      outcome.status = Status::kAlreadySent;
      outcome.message = absl::StrCat("period ", result.period,
                                     " was already announced there");
    } else if (!change.has_value() || !change->HasNews()) {
      outcome.status = Status::kNothingNew;
      outcome.message =
          change.has_value()
              ? absl::StrCat("no change since ", change->previous_period)
              : "no earlier period to compare with yet";
      next.done[alert->label] = result.period;
    } else {
      OverlapChange told = *change;
      if (!alert->names) told.shared.new_names.clear();
      outcome = Deliver(*alert, RenderAlert(told, alert->kind));
      if (outcome.status == Status::kSent) {
        next.done[alert->label] = result.period;
      }
    }
    result.outcomes.push_back(std::move(outcome));
  }
  // The shared accounts become the baseline once every webhook has this
  // period behind it (a failed one compares against the old list again).
  if (!result.failed() && shared_now.has_value()) {
    next.shared_period = result.period;
    next.shared.clear();
    for (const auto& [hash, name] : *shared_now) next.shared.insert(hash);
  }
  absl::Status written = WriteAlertState(state_path, next);
  if (!written.ok()) {
    result.outcomes.push_back({"alert state", "", Status::kFailed,
                               std::string(written.message()), 0});
  }
  return result;
}

std::string AlertStepText(const AlertStepResult& result) {
  std::string out;
  for (const AlertOutcome& outcome : result.outcomes) {
    std::string line = absl::StrCat(
        "Alert ", outcome.label,
        outcome.destination.empty() ? ""
                                    : absl::StrCat(" to ", outcome.destination),
        " for ", result.partner, ": ");
    switch (outcome.status) {
      case Status::kSent:
        absl::StrAppend(&line, "sent (", outcome.attempts,
                        outcome.attempts == 1 ? " attempt" : " attempts", ")");
        break;
      case Status::kNothingNew:
      case Status::kAlreadySent:
        absl::StrAppend(&line, "not sent, ", outcome.message);
        break;
      case Status::kFailed:
        absl::StrAppend(&line, "FAILED, ", outcome.message,
                        " (the sync itself is done; the next run tries again)");
        break;
    }
    absl::StrAppend(&out, TerminalSafe(line), "\n");
  }
  return out;
}

nlohmann::json AlertStepJson(const AlertStepResult& result) {
  nlohmann::json out = nlohmann::json::array();
  for (const AlertOutcome& outcome : result.outcomes) {
    out.push_back({{"webhook", outcome.label},
                   {"destination", outcome.destination},
                   {"status", AlertStatusName(outcome.status)},
                   {"message", outcome.message},
                   {"attempts", outcome.attempts},
                   {"period", result.period},
                   {"previous_period", result.previous_period}});
  }
  return out;
}

}  // namespace blindmap
