// Alerts without a broker: the what-changed model from a history, each
// destination's message (counts always, names only as given, escaped so a
// name can neither format nor mention), the webhook URL as a secret, the
// config section, and the libcurl transport against a loopback sink
// (retries on 5xx, none on 4xx, no redirects, a timeout).
#include <sys/stat.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "client/alerts/alert_message.h"
#include "client/alerts/alert_state.h"
#include "client/alerts/webhook_sender.h"
#include "client/alerts/webhook_url.h"
#include "client/config/client_config.h"
#include "client/report/overlap_change.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/http_sink.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// A report of one period: my Customers/Prospects × the partner's, cells
// row-major (CC, CP, PC, PP) counted in my records.
v1::OverlapReport Report(const std::string& period, uint64_t cc, uint64_t cp,
                         uint64_t pc, uint64_t pp) {
  v1::OverlapReport report;
  report.set_partner("globex");
  report.set_period(period);
  report.mutable_partnership()->set_id("p1");
  for (auto* side : {report.mutable_my_populations(),
                     report.mutable_partner_populations()}) {
    v1::PopulationOverlap* customers = side->Add();
    customers->set_name("Customers");
    customers->set_kind(v1::POPULATION_KIND_CUSTOMER);
    customers->set_records(100);
    v1::PopulationOverlap* prospects = side->Add();
    prospects->set_name("Prospects");
    prospects->set_kind(v1::POPULATION_KIND_PROSPECT);
    prospects->set_records(100);
  }
  const uint64_t counts[2][2] = {{cc, cp}, {pc, pp}};
  for (uint32_t r = 0; r < 2; ++r) {
    for (uint32_t c = 0; c < 2; ++c) {
      v1::OverlapCell* cell = report.add_cells();
      cell->set_row(r);
      cell->set_column(c);
      cell->set_my_records(counts[r][c]);
      cell->set_partner_records(counts[r][c]);
    }
  }
  return report;
}

OverlapChange Change() {
  v1::ReportHistory history;
  *history.add_reports() = Report("2026-09", 9, 9, 9, 9);
  *history.add_reports() = Report("2026-10", 16, 15, 21, 14);
  *history.add_reports() = Report("2026-11", 18, 14, 21, 16);
  std::optional<OverlapChange> change = BuildOverlapChange(history, "acme");
  EXPECT_TRUE(change.has_value());
  return change.value_or(OverlapChange());
}

TEST(OverlapChangeTest, TheTwoLatestPeriodsByType) {
  const OverlapChange change = Change();
  EXPECT_EQ(change.period, "2026-11");
  EXPECT_EQ(change.previous_period, "2026-10");
  ASSERT_EQ(change.types.size(), 4u);
  EXPECT_STREQ(change.types[0].info->id, "prospect_customer");
  EXPECT_EQ(change.types[0].change(), 0);   // 21 -> 21
  EXPECT_EQ(change.types[1].change(), -1);  // customer/prospect 15 -> 14
  EXPECT_EQ(change.types[2].change(), 2);   // prospect/prospect 14 -> 16
  EXPECT_EQ(change.types[3].change(), 2);   // customer/customer 16 -> 18
  EXPECT_EQ(change.new_overlaps(), 4u);
  EXPECT_EQ(change.lost_overlaps(), 1u);
  EXPECT_TRUE(change.HasNews());

  v1::ReportHistory one;
  *one.add_reports() = Report("2026-11", 1, 1, 1, 1);
  EXPECT_FALSE(BuildOverlapChange(one, "acme").has_value());
  v1::ReportHistory same;
  *same.add_reports() = Report("2026-10", 1, 2, 3, 4);
  *same.add_reports() = Report("2026-11", 1, 2, 3, 4);
  EXPECT_FALSE(BuildOverlapChange(same, "acme")->HasNews());
}

TEST(AlertMessageTest, JsonCarriesCountsAndOnlyTheNamesGiven) {
  OverlapChange change = Change();
  const nlohmann::json plain =
      nlohmann::json::parse(RenderAlert(change, AlertKind::kJson));
  EXPECT_EQ(plain["new_overlaps"], 4);
  EXPECT_EQ(plain["lost_overlaps"], 1);
  EXPECT_EQ(plain["types"][2]["id"], "prospect_prospect");
  EXPECT_EQ(plain["types"][2]["previous"], 14);
  EXPECT_EQ(plain["types"][2]["current"], 16);
  EXPECT_EQ(plain["shared_accounts"]["known"], false);
  EXPECT_EQ(plain["shared_accounts"]["new"], nlohmann::json::array());

  change.shared = {true, {"<!channel> *Acme* & [Sons](http://x.test)"}, 3, 1};
  const std::string slack = RenderAlert(change, AlertKind::kSlack);
  const nlohmann::json s = nlohmann::json::parse(slack);
  // The fallback text and every mrkdwn block hold no account name; the names
  // are plain_text, which Slack never formats or turns into a mention.
  EXPECT_THAT(s["text"].get<std::string>(), Not(HasSubstr("Acme")));
  EXPECT_EQ(s["text"],
            "acme \xC3\x97 globex, period 2026-11 (since 2026-10): 4 new "
            "overlaps, 1 lost");
  bool named = false;
  for (const auto& block : s["blocks"]) {
    const std::string text = block.dump();
    if (text.find("Acme") == std::string::npos) continue;
    named = true;
    EXPECT_EQ(block["text"]["type"], "plain_text") << text;
    EXPECT_THAT(block["text"]["text"].get<std::string>(),
                HasSubstr("new: <!channel> *Acme* & [Sons](http://x.test) and "
                          "2 more; 1 no longer shared"));
  }
  EXPECT_TRUE(named);
  EXPECT_EQ(s["blocks"][0]["type"], "header");
  EXPECT_EQ(s["blocks"][2]["fields"].size(), 4u);
  EXPECT_THAT(s["blocks"][2]["fields"][3]["text"].get<std::string>(),
              HasSubstr("*Customer / Customer*\n16 \xE2\x86\x92 18 (+2)"));

  const nlohmann::json teams =
      nlohmann::json::parse(RenderAlert(change, AlertKind::kTeams));
  const nlohmann::json card = teams["attachments"][0]["content"];
  EXPECT_EQ(teams["type"], "message");
  EXPECT_EQ(card["type"], "AdaptiveCard");
  EXPECT_EQ(card["body"][1]["facts"].size(), 4u);
  EXPECT_THAT(card["body"][2]["text"].get<std::string>(),
              HasSubstr("\\<\\!channel\\> \\*Acme\\* & "
                        "\\[Sons\\]\\(http://x\\.test\\)"));

  // Names off for a webhook: counts stay, names go.
  change.shared.new_names.clear();
  EXPECT_THAT(RenderAlert(change, AlertKind::kJson), Not(HasSubstr("Acme")));
}

TEST(AlertMessageTest, ATestMessageSaysSo) {
  const nlohmann::json plain = nlohmann::json::parse(
      RenderAlert(TestOverlapChange("acme", "globex"), AlertKind::kJson, true));
  EXPECT_EQ(plain["event"], "test");
  EXPECT_EQ(plain["new_overlaps"], 0);
  const nlohmann::json slack = nlohmann::json::parse(RenderAlert(
      TestOverlapChange("acme", "globex"), AlertKind::kSlack, true));
  EXPECT_THAT(slack["text"].get<std::string>(), HasSubstr("[TEST] acme"));
}

TEST(WebhookUrlTest, TheUrlIsASecret) {
  EXPECT_EQ(RedactedUrl("https://hooks.slack.com/services/T0/B0/XYZ"),
            "https://hooks.slack.com/\xE2\x80\xA6");
  EXPECT_EQ(RedactedUrl("HTTPS://user:pw@example.com:8443/x?y"),
            "https://example.com:8443/\xE2\x80\xA6");
  EXPECT_EQ(ScrubUrl("POST https://h.test/s/e/c/r/e/t failed; /s/e/c/r/e/t",
                     "https://h.test/s/e/c/r/e/t"),
            "POST https://h.test/\xE2\x80\xA6 failed; /\xE2\x80\xA6");

  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  AlertConfig alert;
  alert.label = "alerts[0] (slack)";
  alert.url_file = dir.path() + "/url";
  for (const auto& [url, ok] : std::vector<std::pair<std::string, bool>>{
           {"https://hooks.slack.com/services/T0/B0/XYZ", true},
           {"http://127.0.0.1:8080/hook", true},
           {"http://[::1]:8080/hook", true},
           {"http://localhost/hook", true},
           {"http://hooks.slack.com/services/T0/B0/XYZ", false},
           {"ftp://example.com/x", false},
           {"https://", false}}) {
    WriteFile(alert.url_file, url + "\n");
    chmod(alert.url_file.c_str(), 0600);
    absl::StatusOr<std::string> read = ReadWebhookUrl(alert);
    EXPECT_EQ(read.ok(), ok) << url;
    if (read.ok()) {
      EXPECT_EQ(*read, url);
    } else {
      EXPECT_THAT(read.status().message(), Not(HasSubstr("XYZ")));
      EXPECT_THAT(read.status().message(),
                  HasSubstr("must be an https:// address"));
    }
  }
  chmod(alert.url_file.c_str(), 0644);
  EXPECT_EQ(ReadWebhookUrl(alert).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(AlertConfigTest, ParsesAndRefusesAnInlineUrl) {
  absl::StatusOr<ClientConfig> config = ParseClientConfig(
      "broker: {address: 'localhost:1', token_file: t}\n"
      "alerts:\n"
      "  - {kind: slack, url_file: slack.url}\n"
      "  - {kind: teams, url_env: TEAMS_URL, partners: [globex], names: "
      "false, timeout_seconds: 3, retries: 0}\n",
      "client.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->alerts.size(), 2u);
  EXPECT_EQ(config->alerts[0].kind, AlertKind::kSlack);
  EXPECT_EQ(config->alerts[0].retries, 2);
  EXPECT_TRUE(config->alerts[0].ForPartner("initech"));
  EXPECT_EQ(config->alerts[1].label, "alerts[1] (teams)");
  EXPECT_FALSE(config->alerts[1].names);
  EXPECT_FALSE(config->alerts[1].ForPartner("initech"));
  EXPECT_EQ(config->alerts[1].timeout, absl::Seconds(3));

  config = ParseClientConfig(
      "broker: {address: 'localhost:1', token_file: t}\n"
      "alerts: [{kind: slack, url: 'https://hooks.slack.com/x/SECRET'}]\n",
      "client.yaml");
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(config.status().message(),
              HasSubstr("a webhook URL is a secret"));
  EXPECT_THAT(config.status().message(), Not(HasSubstr("SECRET")));
  config = ParseClientConfig(
      "broker: {address: 'localhost:1', token_file: t}\n"
      "alerts: [{kind: discord, url_file: x}]\n",
      "client.yaml");
  EXPECT_THAT(config.status().message(),
              HasSubstr("expected slack (incoming webhook), teams"));
}

TEST(AlertStateTest, RoundTripsWithoutIds) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string path = AlertStatePath(dir.path(), "p1");
  EXPECT_TRUE(ReadAlertState(path)->done.empty());
  AlertState state;
  state.done["alerts[0] (json)"] = "2026-11";
  state.shared_period = "2026-11";
  state.shared.insert(SharedAccountHash("p1", "0015g00000s0001AAA"));
  ASSERT_TRUE(WriteAlertState(path, state).ok());
  struct stat info;
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_THAT(ReadFileOrEmpty(path), Not(HasSubstr("0015g00000s0001AAA")));
  absl::StatusOr<AlertState> read = ReadAlertState(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->done, state.done);
  EXPECT_EQ(read->shared, state.shared);
  WriteFile(path, "[1, 2]");
  EXPECT_EQ(ReadAlertState(path).status().code(),
            absl::StatusCode::kInvalidArgument);
}

WebhookPost Post(const std::string& url) {
  WebhookPost post;
  post.url = url;
  post.body = "{\"x\":1}";
  post.timeout = absl::Seconds(5);
  post.retries = 2;
  post.first_backoff = absl::Milliseconds(10);
  return post;
}

TEST(WebhookSenderTest, RetriesServerErrorsOnly) {
  {
    HttpSink ok(204);
    absl::StatusOr<WebhookDelivery> sent = PostWebhook(Post(ok.Url("/h/k")));
    ASSERT_TRUE(sent.ok()) << sent.status();
    EXPECT_EQ(sent->http_status, 204);
    EXPECT_EQ(sent->attempts, 1);
    ASSERT_EQ(ok.requests().size(), 1u);
    EXPECT_EQ(ok.requests()[0].body, "{\"x\":1}");
    EXPECT_EQ(ok.requests()[0].content_type, "application/json");
  }
  {
    HttpSink failing(503);
    absl::StatusOr<WebhookDelivery> sent =
        PostWebhook(Post(failing.Url("/h/secret-part")));
    EXPECT_EQ(sent.status().code(), absl::StatusCode::kUnavailable);
    EXPECT_THAT(sent.status().message(), HasSubstr("HTTP 503 (3 attempts)"));
    EXPECT_THAT(sent.status().message(), Not(HasSubstr("secret-part")));
    EXPECT_EQ(failing.requests().size(), 3u);
  }
  for (int status : {404, 301}) {  // a wrong URL; a redirect, not followed
    HttpSink refusing(status);
    absl::StatusOr<WebhookDelivery> sent =
        PostWebhook(Post(refusing.Url("/h")));
    EXPECT_EQ(sent.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(sent.status().message(),
                HasSubstr(absl::StrCat("HTTP ", status, " (1 attempt)")));
    EXPECT_EQ(refusing.requests().size(), 1u);
  }
}

TEST(WebhookSenderTest, AHangingWebhookTimesOut) {
  HttpSink hanging(200, HttpSink::Mode::kHang);
  WebhookPost post = Post(hanging.Url("/h"));
  post.timeout = absl::Milliseconds(300);
  post.retries = 1;
  absl::StatusOr<WebhookDelivery> sent = PostWebhook(post);
  EXPECT_EQ(sent.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(sent.status().message(),
              HasSubstr("no answer within 300ms (timed out) (2 attempts)"));
  EXPECT_EQ(hanging.requests().size(), 2u);
}

}  // namespace
}  // namespace blindmap
