// The co-sell plan's renderers: every format from the one view model, the
// tracker's Markdown layout, the CRM import files, and hostile partner
// detail shown as text (escaped for a terminal, HTML-escaped in a page,
// exact in JSON).
#include "client/plan_render/plan_render.h"

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace blindmap {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const absl::CivilDay kToday(2026, 11, 20);
constexpr char kHostileOwner[] = "<script>alert(1)</script>\x1b[2JMallory";

// Three shared accounts; the partner's owner of the first is hostile.
CoSellPlan Plan() {
  static OwnFacts facts;
  facts.source = "crm.csv";
  for (PlanColumn column : kAllPlanColumns) {
    facts.columns[column] = PlanColumnKey(column);
  }
  PlanConfig config;
  config.acv = 100000;
  config.tier1_size = 1;
  config.tier2_size = 1;
  PlanInputs in;
  in.me = "acme";
  in.partner = "globex";
  in.period = "2026-11";
  in.today = kToday;
  const auto add = [&](const std::string& id, const std::string& name,
                       OverlapType type, const std::string& strength,
                       const std::string& owner, double amount) {
    SharedPair pair;
    pair.my_account_id = id;
    pair.my_account_name = name;
    pair.type = type;
    pair.my_status = MyStatus::kProspect;
    pair.partner_status = MyStatus::kCustomer;
    pair.partner.set_account_name("partner " + name);
    pair.partner.set_owner_name(owner);
    pair.partner.set_relationship(strength);
    in.shared.pairs.push_back(pair);
    OwnAccountFacts a;
    a.account_id = id;
    a.name = name;
    a.prospect = true;
    a.amount = amount;
    a.owner = "Dana";
    a.industry = "Technology";
    a.employees = 5000;
    facts.accounts[id] = a;
  };
  add("001A", "Apex", OverlapType::kProspectCustomer, "champion", kHostileOwner,
      150000);
  add("001B", "=HYPERLINK(\"x\")", OverlapType::kProspectCustomer, "user",
      "Rosa", 150000);
  add("001C", "Cobalt", OverlapType::kProspectCustomer, "awareness", "Rosa",
      50000);
  in.facts = &facts;
  v1::OverlapReport report;
  report.set_period("2026-11");
  report.mutable_mine()->set_records(100);
  report.set_my_overlapping_records(10);
  in.report = report;
  return BuildPlan(in, config).plan;
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, absl::ByString("\r\n"), absl::SkipEmpty());
}

TEST(PlanRenderTest, FormatsAreParsedByName) {
  EXPECT_EQ(*ParsePlanFormat("md"), PlanFormat::kMarkdown);
  EXPECT_EQ(*ParsePlanFormat("salesforce-csv"), PlanFormat::kSalesforceCsv);
  EXPECT_EQ(*ParsePlanFormat("HTML"), PlanFormat::kHtml);
  EXPECT_EQ(ParsePlanFormat("pdf").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PlanRenderTest, TextShowsTiersActivationAndEscapesPartnerText) {
  const std::string text = RenderPlan(Plan(), PlanFormat::kText);
  EXPECT_THAT(text, HasSubstr("Co-Sell Plan: acme \xC3\x97 globex"));
  EXPECT_THAT(text, HasSubstr("Tier 1: High-Priority Joint Targets"));
  EXPECT_THAT(text, HasSubstr("Activation Plan (Tier 1)"));
  EXPECT_THAT(text, HasSubstr("7 more overlapping accounts are counted but "
                              "not shared by both sides."));
  EXPECT_THAT(text, HasSubstr("<script>alert(1)</script>\\e[2JMallory"));
  EXPECT_THAT(text, Not(HasSubstr("\x1b")));
  EXPECT_THAT(text, HasSubstr("What Changed Since Last Period"));
  EXPECT_THAT(text, HasSubstr("| Overlap rate                 |   10.0% | "
                              "30-60%          | below"));
}

TEST(PlanRenderTest, MarkdownIsLaidOutLikeTheTracker) {
  const std::string md = RenderPlan(Plan(), PlanFormat::kMarkdown);
  for (const char* heading :
       {"# Co-Sell Plan: acme \xC3\x97 globex\n",
        "\n## 3. Strategic Account Mapping\n",
        "\n### Tier 1: High-Priority Joint Targets\n",
        "\n### Tier 2: Secondary Targets\n",
        "\n### Tier 3: Long-Term Targets\n", "\n## 4. Opportunity Tracking\n",
        "\n### Pipeline Summary\n", "\n## 5. Account Engagement Tracking\n",
        "\n### Engagement Log\n", "\n## 6. Success Metrics\n",
        "\n## 7. Action Plan\n", "\n## What Changed Since Last Period\n"}) {
    EXPECT_THAT(md, HasSubstr(heading));
  }
  EXPECT_THAT(md, HasSubstr("| Account Name | Industry | Size | Your "
                            "Relationship | Partner Relationship | Joint "
                            "Opportunity | Owner | Partner's Owner | Status | "
                            "Score |\n"));
  EXPECT_THAT(md, HasSubstr("| Account Name | Industry | Size | Your "
                            "Relationship | Partner Relationship | Joint "
                            "Opportunity | Next Step |\n"));
  EXPECT_THAT(md, HasSubstr("| Account Name | Industry | Why Target | "
                            "Timeline | Notes |\n"));
  EXPECT_THAT(md, HasSubstr("| Date | Account | Activity Type | Participants "
                            "| Outcome | Next Steps |\n"));
  EXPECT_THAT(md, HasSubstr("| Action | Owner | Due Date | Status |\n"));
  EXPECT_THAT(md, Not(HasSubstr("<script>")));
}

TEST(PlanRenderTest, JsonCarriesTheExactStringsAndEveryNumber) {
  const nlohmann::json json =
      nlohmann::json::parse(RenderPlan(Plan(), PlanFormat::kJson));
  EXPECT_EQ(json["schema"], "blindmap.plan.v1");
  ASSERT_EQ(json["accounts"].size(), 3u);
  EXPECT_EQ(json["accounts"][0]["my_account_id"], "001A");
  EXPECT_EQ(json["accounts"][0]["partner"]["owner"], kHostileOwner);
  EXPECT_EQ(json["accounts"][0]["tier"], 1);
  EXPECT_EQ(json["accounts"][2]["tier"], 3);
  EXPECT_EQ(json["accounts"][0]["factors"]["partner_relationship"]["score"], 3);
  EXPECT_TRUE(json["accounts"][0]["factors"]["icp_fit"]["score"].is_null());
  EXPECT_EQ(json["accounts"][0]["activation"]["deadline"], "2026-12-04");
  EXPECT_EQ(json["coverage"]["not_shared"], 7);
  EXPECT_EQ(json["tiers"]["tier1"], 1);
  EXPECT_EQ(json["roi"]["metrics"][0]["number"], 0.1);
  EXPECT_TRUE(json["changes"].is_null());
}

TEST(PlanRenderTest, CsvAndCrmImportsAreKeyedByTheCrmId) {
  const CoSellPlan plan = Plan();
  const std::vector<std::string> csv =
      Lines(RenderPlan(plan, PlanFormat::kCsv));
  ASSERT_GE(csv.size(), 4u);
  EXPECT_EQ(csv[0].rfind("section,rank,tier,my_account_id,my_account_name,", 0),
            0u);
  EXPECT_EQ(csv[1].rfind("account,1,1,001A,Apex,", 0), 0u);
  // A name that would run as a formula in a spreadsheet is made inert.
  EXPECT_EQ(csv[2].rfind("account,2,2,001B,\"'=HYPERLINK(\"\"x\"\")\",", 0),
            0u);

  const std::vector<std::string> salesforce =
      Lines(RenderPlan(plan, PlanFormat::kSalesforceCsv));
  ASSERT_EQ(salesforce.size(), 4u);
  EXPECT_EQ(salesforce[0],
            "Id,Co_Sell_Partner__c,Co_Sell_Overlap_Type__c,Co_Sell_Tier__c,"
            "Co_Sell_Priority_Score__c,Co_Sell_Status__c,Co_Sell_Next_Step__c,"
            "Co_Sell_First_Touch_Due__c");
  EXPECT_EQ(salesforce[3],
            "001C,globex,Prospect / Customer,3,10,new,Ask the partner for a "
            "warm introduction,2026-12-04");
  const std::vector<std::string> hubspot =
      Lines(RenderPlan(plan, PlanFormat::kHubspotCsv));
  ASSERT_EQ(hubspot.size(), 4u);
  EXPECT_EQ(
      hubspot[0].rfind("Record ID,Co-sell partner,Co-sell overlap type,", 0),
      0u);
  EXPECT_EQ(hubspot[1].rfind("001A,globex,Prospect / Customer,1,", 0), 0u);
}

TEST(PlanRenderTest, HtmlEscapesPartnerDetailAndFetchesNothing) {
  const std::string html = RenderPlan(Plan(), PlanFormat::kHtml);
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("\x1b")));
  EXPECT_THAT(html,
              HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;\\e[2JMallory"));
  EXPECT_THAT(html, HasSubstr("<table id=\"tier1\" data-rows=\"1\">"));
  EXPECT_THAT(html, HasSubstr("<table id=\"tier2\" data-rows=\"1\">"));
  EXPECT_THAT(html, HasSubstr("<table id=\"roi\" data-rows=\"5\">"));
  EXPECT_THAT(html,
              HasSubstr("data-metric=\"overlap_rate\" data-value=\"0.1\""));
  EXPECT_THAT(html, HasSubstr("<svg class=\"chart\""));
  EXPECT_THAT(html, HasSubstr("data-not-shared=\"7\""));
  for (const char* fetching : {"http:", "https:", " src=", " href=", "url("}) {
    EXPECT_THAT(html, Not(HasSubstr(fetching))) << fetching;
  }
}

}  // namespace
}  // namespace blindmap
