#include "client/alerts/alert_message.h"

#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

using json = nlohmann::json;

constexpr char kTimes[] = "\xC3\x97";      // ×
constexpr char kArrow[] = "\xE2\x86\x92";  // →
constexpr char kMinus[] = "\xE2\x88\x92";  // −
constexpr char kTestMark[] = "[TEST] ";
constexpr size_t kSlackHeaderMax = 150;

std::string Signed(int64_t change) {
  if (change > 0) return absl::StrCat("+", change);
  if (change < 0) return absl::StrCat(kMinus, -change);
  return "\xC2\xB1"
         "0";  // ±0
}

std::string Approx(const OverlapChange& change, uint64_t n) {
  return change.noisy ? absl::StrCat("\xE2\x89\x88", n) : absl::StrCat(n);
}

std::string TypeLine(const OverlapChange& change, const TypeChange& type) {
  return absl::StrCat(Approx(change, type.previous), " ", kArrow, " ",
                      Approx(change, type.current), " (", Signed(type.change()),
                      ")");
}

std::string Note(const OverlapChange& change) {
  std::string note =
      "Counts are your records, net per overlap type: an account that left "
      "and another that arrived in the same type cancel out.";
  if (change.noisy) {
    absl::StrAppend(&note,
                    " They carry noise (the partnership's policy): small "
                    "changes mean nothing.");
  }
  return absl::StrCat(note, " History: blindmap report --partner ",
                      change.partner, " --history");
}

// "Shared by both sides, new: A, B and 3 more; 1 no longer shared", or ""
// when there is nothing to say.
std::string SharedLine(const OverlapChange& change) {
  const SharedAccountsChange& shared = change.shared;
  if (!shared.known || (shared.new_count == 0 && shared.gone_count == 0)) {
    return "";
  }
  std::vector<std::string> parts;
  if (shared.new_count > 0) {
    std::string names = absl::StrJoin(shared.new_names, ", ");
    const int64_t unnamed =
        shared.new_count - static_cast<int64_t>(shared.new_names.size());
    if (unnamed > 0) {
      absl::StrAppend(&names, names.empty() ? "" : " and ", unnamed,
                      names.empty() ? " accounts" : " more");
    }
    parts.push_back(absl::StrCat("new: ", names));
  }
  if (shared.gone_count > 0) {
    parts.push_back(absl::StrCat(shared.gone_count, " no longer shared"));
  }
  return absl::StrCat("Accounts both sides share by name, ",
                      absl::StrJoin(parts, "; "));
}

// Slack's mrkdwn treats &, < and > as markup.
std::string SlackEscape(const std::string& text) {
  return absl::StrReplaceAll(text,
                             {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}});
}

// Markdown in Adaptive Cards: every punctuation that could format or link
// is escaped.
std::string MarkdownEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("\\`*_{}[]()#+-.!|<>~").find(c) !=
        std::string_view::npos) {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

std::string Cut(const std::string& text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return text.substr(0, end) + "...";
}

json Slack(const OverlapChange& change, bool test) {
  const std::string prefix = test ? kTestMark : "";
  json blocks = json::array();
  blocks.push_back(
      {{"type", "header"},
       {"text",
        {{"type", "plain_text"},
         {"text", Cut(absl::StrCat(prefix, "blindmap: ", change.new_overlaps(),
                                   " new overlaps, ", change.lost_overlaps(),
                                   " lost with ", change.partner),
                      kSlackHeaderMax)}}}});
  blocks.push_back(
      {{"type", "section"},
       {"text",
        {{"type", "mrkdwn"},
         {"text",
          SlackEscape(absl::StrCat(
              "*", change.me, " ", kTimes, " ", change.partner, "*, period *",
              change.period, "* (since ", change.previous_period, ")"))}}}});
  json fields = json::array();
  for (const TypeChange& type : change.types) {
    fields.push_back(
        {{"type", "mrkdwn"},
         {"text", SlackEscape(absl::StrCat("*", type.info->label, "*\n",
                                           TypeLine(change, type), "\n_",
                                           type.info->action, "_"))}});
  }
  blocks.push_back({{"type", "section"}, {"fields", fields}});
  const std::string shared = SharedLine(change);
  if (!shared.empty()) {
    blocks.push_back({{"type", "section"},
                      {"text", {{"type", "plain_text"}, {"text", shared}}}});
  }
  blocks.push_back(
      {{"type", "context"},
       {"elements", json::array({{{"type", "mrkdwn"},
                                  {"text", SlackEscape(Note(change))}}})}});
  return {{"text", SlackEscape(prefix + AlertHeadline(change))},
          {"blocks", blocks}};
}

json Teams(const OverlapChange& change, bool test) {
  json body = json::array();
  body.push_back(
      {{"type", "TextBlock"},
       {"size", "Medium"},
       {"weight", "Bolder"},
       {"wrap", true},
       {"text", MarkdownEscape(absl::StrCat(test ? kTestMark : "",
                                            AlertHeadline(change)))}});
  json facts = json::array();
  for (const TypeChange& type : change.types) {
    facts.push_back(
        {{"title", MarkdownEscape(type.info->label)},
         {"value", MarkdownEscape(absl::StrCat(TypeLine(change, type), ": ",
                                               type.info->action))}});
  }
  body.push_back({{"type", "FactSet"}, {"facts", facts}});
  const std::string shared = SharedLine(change);
  if (!shared.empty()) {
    body.push_back({{"type", "TextBlock"},
                    {"wrap", true},
                    {"text", MarkdownEscape(shared)}});
  }
  body.push_back({{"type", "TextBlock"},
                  {"wrap", true},
                  {"isSubtle", true},
                  {"size", "Small"},
                  {"text", MarkdownEscape(Note(change))}});
  return {
      {"type", "message"},
      {"attachments",
       json::array({{{"contentType", "application/vnd.microsoft.card.adaptive"},
                     {"contentUrl", nullptr},
                     {"content",
                      {{"$schema",
                        "http://adaptivecards.io/schemas/adaptive-card.json"},
                       {"type", "AdaptiveCard"},
                       {"version", "1.4"},
                       {"body", body}}}}})}};
}

json Plain(const OverlapChange& change, bool test) {
  json types = json::array();
  for (const TypeChange& type : change.types) {
    types.push_back({{"id", type.info->id},
                     {"label", type.info->label},
                     {"action", type.info->action},
                     {"previous", type.previous},
                     {"current", type.current},
                     {"change", type.change()}});
  }
  return {{"schema", "blindmap.alert.v1"},
          {"event", test ? "test" : "overlaps_changed"},
          {"me", change.me},
          {"partner", change.partner},
          {"partnership_id", change.partnership_id},
          {"period", change.period},
          {"previous_period", change.previous_period},
          {"new_overlaps", change.new_overlaps()},
          {"lost_overlaps", change.lost_overlaps()},
          {"noisy", change.noisy},
          {"types", types},
          {"shared_accounts",
           {{"known", change.shared.known},
            {"new", change.shared.new_names},
            {"new_count", change.shared.new_count},
            {"no_longer_shared", change.shared.gone_count}}},
          {"note", Note(change)}};
}

}  // namespace

std::string AlertHeadline(const OverlapChange& change) {
  return absl::StrCat(change.me, " ", kTimes, " ", change.partner, ", period ",
                      change.period, " (since ", change.previous_period,
                      "): ", change.new_overlaps(), " new overlaps, ",
                      change.lost_overlaps(), " lost");
}

std::string RenderAlert(const OverlapChange& change, AlertKind kind,
                        bool test) {
  json out;
  switch (kind) {
    case AlertKind::kSlack:
      out = Slack(change, test);
      break;
    case AlertKind::kTeams:
      out = Teams(change, test);
      break;
    case AlertKind::kJson:
      out = Plain(change, test);
      break;
  }
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

OverlapChange TestOverlapChange(const std::string& me,
                                const std::string& partner) {
  OverlapChange change;
  change.me = me;
  change.partner = partner;
  change.period = "(test)";
  change.previous_period = "(test)";
  for (OverlapType type :
       {OverlapType::kProspectCustomer, OverlapType::kCustomerProspect,
        OverlapType::kProspectProspect, OverlapType::kCustomerCustomer}) {
    TypeChange entry;
    entry.info = &InfoFor(type);
    change.types.push_back(entry);
  }
  return change;
}

}  // namespace blindmap
